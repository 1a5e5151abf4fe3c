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

  it('runs only once', async () => {
    await seedDemo(h.kehu.ctx, { customers: 50, log: (m) => log.push(m) });
    expect((await h.admin.get('/api/v1/customers')).json().total).toBe(120);
    expect(log.at(-1)).toMatch(/already/);
  });
});
