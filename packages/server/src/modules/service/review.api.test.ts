// Review checks across the service API: data scope on child records, odd inputs answered with 4xx, index-friendly search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createCustomer, createTechnician, createUnit, serviceWorld, type ServiceWorld } from '../../test/service-factories';

describe.each(testDatabases())('service review (%s)', (kind) => {
  let h: Harness;
  let agent: Client;
  let tech: Client;
  let otherTech: Client;
  let w: ServiceWorld;

  beforeAll(async () => {
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    agent = await h.user('agent1', ['service_agent']);
    w = await serviceWorld(h, '2026-06-01');
    tech = await createTechnician(h, 'tech1', w.outletId, w.outletTeamId, ['aircon']);
    otherTech = await createTechnician(h, 'tech2', w.outletId, w.outletTeamId, ['aircon']);
    // the customer belongs to the outlet's team: both technicians may see it and its units (customers scope: team)
    await h.kehu.ctx.db.updateTable('customers').set({ team_id: w.outletTeamId }).where('id', '=', w.customerId).execute();
  });
  afterAll(async () => h.close());

  const order = async () => {
    const res = await agent.post('/api/v1/service/orders', { customerId: w.customerId, unitId: w.unitId, type: 'repair', mode: 'onsite', channel: 'phone', description: '不制冷', contactName: '张三', contactPhone: '13912345678' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('a unit card lists only the service orders in the caller’s service scope', async () => {
    const o = await order();
    const d = await agent.post(`/api/v1/service/orders/${o.id}/transitions`, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: otherTech.userId });
    expect(d.statusCode, d.body).toBe(200);
    const mine = await tech.get(`/api/v1/service/units/${w.unitId}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().serviceOrders.map((x: { id: number }) => x.id)).not.toContain(o.id);
    expect((await otherTech.get(`/api/v1/service/units/${w.unitId}`)).json().serviceOrders.map((x: { id: number }) => x.id)).toContain(o.id);
    expect((await agent.get(`/api/v1/service/units/${w.unitId}`)).json().serviceOrders.map((x: { id: number }) => x.id)).toContain(o.id);
    // and the order's children stay out of reach for the other technician
    expect((await tech.get(`/api/v1/service/orders/${o.id}`)).statusCode).toBe(404);
    expect((await tech.get(`/api/v1/service/orders/${o.id}/items`)).statusCode).toBe(404);
    expect((await tech.get(`/api/v1/service/orders/${o.id}/photos`)).statusCode).toBe(404);
    expect((await tech.get(`/api/v1/service/orders/${o.id}/signature`)).statusCode).toBe(404);
    expect((await tech.get(`/api/v1/service/orders?unitId=${w.unitId}`)).json().items).toEqual([]);
  });

  it('searches orders by code, contact phone and the customer’s name (through the customer search index)', async () => {
    const o = await order();
    const name = (await agent.get(`/api/v1/customers/${w.customerId}`)).json().name as string;
    const ids = async (q: string) => (await agent.get(`/api/v1/service/orders?q=${encodeURIComponent(q)}`)).json().items.map((x: { id: number }) => x.id);
    expect(await ids(o.code.toLowerCase())).toEqual([o.id]);
    expect(await ids('13912345678')).toContain(o.id);
    expect(await ids(name)).toContain(o.id);
    expect(await ids('无此客户名称')).toEqual([]);
    expect(await ids('%')).toEqual([]);
  });

  it('answers odd inputs with a 4xx problem, never a 500', async () => {
    const status = async (url: string) => (await agent.get(url)).statusCode;
    expect(await status('/api/v1/service/orders?page=99999999999')).toBe(400);
    expect(await status('/api/v1/service/orders?page=100000')).toBe(200);
    expect(await status('/api/v1/service/orders?state=bogus')).toBe(400);
    expect(await status('/api/v1/service/orders?outletId=abc')).toBe(400);
    expect(await status('/api/v1/service/orders?q=' + 'x'.repeat(500))).toBe(400);
    expect(await status('/api/v1/service/orders/abc')).toBe(400);
    expect(await status('/api/v1/service/orders/999999999')).toBe(404);
    expect(await status('/api/v1/service/orders/1/photos/abc')).toBe(400);
    expect(await status('/api/v1/service/visits?state=nope')).toBe(400);
    expect(await status('/api/v1/service/visits?page=0')).toBe(400);
    expect(await status('/api/v1/service/units?warranty=maybe')).toBe(400);
    expect(await status('/api/v1/service/units?page=100000&pageSize=200')).toBe(200);
    expect(await status('/api/v1/service/units/999999999')).toBe(404);
    expect(await status('/api/v1/service/units/1/warranty?date=2026-13-45')).toBe(400);
    expect(await status('/api/v1/service/returns?state=weird')).toBe(400);
    expect(await status('/api/v1/service/returns/999999999')).toBe(404);
    expect(await status('/api/v1/service/agreements/999999999')).toBe(404);
    expect(await status('/api/v1/service/stock?outletId=-1')).toBe(400);
    expect(await status('/api/v1/service/parts/999999999')).toBe(404);
    const manager = await h.user('mgr1', ['service_manager']);
    expect((await manager.get('/api/v1/service/kpis?from=2026-12-01&to=2026-11-01')).statusCode).toBe(400);
    expect((await manager.get('/api/v1/service/kpis?from=2026-11-01&to=2026-12-01&by=nonsense')).statusCode).toBe(400);
    expect((await agent.post('/api/v1/service/visits/999999999', { version: 1 })).statusCode).toBe(400);
    expect((await agent.post('/api/v1/service/orders/999999999/transitions', { action: 'cancel', version: 1, note: 'x' })).statusCode).toBe(404);
    expect((await agent.post('/api/v1/service/orders/1/transitions', { action: 'fly', version: 1 })).statusCode).toBe(400);
  });
});
