import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness';
import { testDatabases } from '../test/db';
import { DEMO_PASSWORD, seedDemo } from './demo';

describe.each(testDatabases())('demo data on %s', (kind) => {
  let h: Harness;
  const log: string[] = [];
  beforeAll(async () => {
    h = await createHarness(kind);
    await seedDemo(h.kehu.ctx, { customers: 120, log: (m) => log.push(m) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates valid customers of both kinds over several provinces, with contacts, addresses and grades', async () => {
    const all = (await h.admin.get('/api/v1/customers?pageSize=200')).json();
    expect(all.total).toBe(120);
    const types = new Set(all.items.map((c: { type: string }) => c.type));
    expect(types).toEqual(new Set(['enterprise', 'individual']));
    const report = (await h.admin.get('/api/v1/reports/customer-addresses')).json();
    expect(JSON.stringify(report).length).toBeGreaterThan(100);
    const one = (await h.admin.get(`/api/v1/customers/${all.items.find((c: { type: string }) => c.type === 'enterprise').id}`)).json();
    expect(one.contacts.length).toBeGreaterThan(0);
    expect(one.addresses[0].region).toMatch(/省|市|区/);
  });

  it('spreads owners so that each account manager sees only their own customers', async () => {
    const wang = await h.login('wangfang', DEMO_PASSWORD);
    const mine = (await wang.get('/api/v1/customers?pageSize=200')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(120);
    expect(mine.items.every((c: { ownerName: string }) => c.ownerName === '王芳')).toBe(true);
    const sup = await h.login('zhouming', DEMO_PASSWORD);
    const dept = (await sup.get('/api/v1/customers?pageSize=200')).json();
    expect(dept.total).toBeGreaterThanOrEqual(mine.total);
  });

  it('sets up the service network and orders a technician can work on', async () => {
    const mgr = await h.login('qianzhuguan', DEMO_PASSWORD);
    const outlets = (await mgr.get('/api/v1/service/outlets')).json();
    expect(outlets.total).toBe(4);
    const orders = (await mgr.get('/api/v1/service/orders?pageSize=100')).json();
    expect(orders.total).toBeGreaterThan(0);
    const states = new Set(orders.items.map((o: { state: string }) => o.state));
    expect(states.has('received')).toBe(true);
    const assigned = orders.items.filter((o: { technicianId: number | null }) => o.technicianId);
    expect(assigned.length).toBeGreaterThan(0);
    // the technician sees exactly the orders assigned to them
    const wu = await h.login('wuqiang', DEMO_PASSWORD);
    const mine = (await wu.get('/api/v1/service/orders?pageSize=100')).json();
    expect(mine.items.every((o: { technicianName: string }) => o.technicianName === '吴强')).toBe(true);
    expect(mine.total).toBe(assigned.filter((o: { technicianName: string }) => o.technicianName === '吴强').length);
  });

  it('takes complaints in at every stage, handled by the call-centre agents', async () => {
    const agent = await h.login('sunli', DEMO_PASSWORD);
    const all = (await agent.get('/api/v1/complaints?pageSize=100')).json();
    expect(all.total).toBe(12);
    const states = new Set(all.items.map((c: { state: string }) => c.state));
    for (const s of ['received', 'classified', 'investigating', 'resolved', 'closed']) expect(states.has(s), s).toBe(true);
    const open = (await agent.get('/api/v1/complaints?state=open&pageSize=100')).json();
    expect(open.total).toBeGreaterThan(0);
    expect(open.total).toBeLessThan(all.total);
  });

  it('runs only once', async () => {
    await seedDemo(h.kehu.ctx, { customers: 50, log: (m) => log.push(m) });
    expect((await h.admin.get('/api/v1/customers')).json().total).toBe(120);
    expect(log.at(-1)).toMatch(/already/);
  });
});
