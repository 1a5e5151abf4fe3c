// Complaints reached from service records: the list filtered by service order (the order card's tab), and a
// rejected return turned into a complaint through the ordinary intake (转为投诉), whose links are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createCustomer, createUnit, serviceWorld, type ServiceWorld } from '../../test/service-factories';

const BASE = '/api/v1/complaints';
const EN = { 'accept-language': 'en-US' };

describe.each(testDatabases())('complaints linked to service orders and returns (%s)', (kind) => {
  let h: Harness;
  let agent: Client; // 客服专员: service and complaints, every record
  let am: Client; // 客户经理: complaints:read/create, own complaints only
  let w: ServiceWorld;
  let orderA: { id: number };
  let orderB: { id: number };

  const order = async () => {
    const res = await agent.post('/api/v1/service/orders', { customerId: w.customerId, unitId: w.unitId, type: 'repair', mode: 'onsite', channel: 'phone', description: '空调不制冷', contactName: '张三', contactPhone: '13912345678' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const intake = (c: Client, over: Record<string, unknown>) => c.post(BASE, { customerId: w.customerId, channel: 'phone', complainantName: '张三', content: '维修两次仍不制冷', ...over });
  const count = async () => Number((await h.kehu.ctx.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    // Monday 2026-11-23 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    agent = await h.user('agent1', ['service_agent']);
    am = await h.user('am1', ['account_manager']);
    w = await serviceWorld(h, '2026-06-01');
    // the account manager looks after the customer (their complaints scope is their own complaints)
    await h.kehu.ctx.db.updateTable('customers').set({ owner_id: am.userId }).where('id', '=', w.customerId).execute();
    orderA = await order();
    orderB = await order();
  });
  afterAll(async () => h.close());

  it('lists the complaints about one service order, in the caller’s scope', async () => {
    const a1 = await intake(agent, { serviceOrderId: orderA.id });
    expect(a1.statusCode, a1.body).toBe(201);
    expect(a1.json()).toMatchObject({ serviceOrder: { id: orderA.id }, unit: { id: w.unitId } });
    const a2 = await intake(am, { serviceOrderId: orderA.id, content: '上门又迟到了' });
    expect(a2.statusCode, a2.body).toBe(201);
    const b1 = await intake(agent, { serviceOrderId: orderB.id });
    expect(b1.statusCode, b1.body).toBe(201);
    expect((await intake(agent, {})).statusCode).toBe(201); // about no order

    const ids = async (c: Client, q: string) => {
      const res = await c.get(`${BASE}?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return { ids: res.json().items.map((x: { id: number }) => x.id).sort((x: number, y: number) => x - y), total: res.json().total };
    };
    expect(await ids(agent, `serviceOrderId=${orderA.id}`)).toEqual({ ids: [a1.json().id, a2.json().id], total: 2 });
    expect(await ids(agent, `serviceOrderId=${orderB.id}`)).toEqual({ ids: [b1.json().id], total: 1 });
    // with the other filters, and in the account manager's scope (own complaints only)
    expect(await ids(agent, `serviceOrderId=${orderA.id}&state=open`)).toEqual({ ids: [a1.json().id, a2.json().id], total: 2 });
    expect(await ids(am, `serviceOrderId=${orderA.id}`)).toEqual({ ids: [a2.json().id], total: 1 });
    expect((await ids(agent, 'serviceOrderId=999999')).total).toBe(0);
    const bad = await agent.get(`${BASE}?serviceOrderId=abc`, EN);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'query.serviceOrderId', message: expect.any(String) });
  });

  it('turns a return rejected outside the 三包 window into a complaint through the intake, checking its links', async () => {
    // bought 2026-06-01: far outside the 7-day return window
    const ret = await agent.post('/api/v1/service/returns', { customerId: w.customerId, unitId: w.unitId, type: 'return', reason: 'quality', description: '开机无反应', orderNo: 'SO-2026-0601', contactName: '张三', contactPhone: '13912345678' });
    expect(ret.statusCode, ret.body).toBe(201);
    const r = ret.json();
    expect(r).toMatchObject({ state: 'rejected', complaintHint: true, rejection: { code: 'RETURN_OUTSIDE_WINDOW' } });

    // what the return page's 转为投诉 prefills: the customer, the unit, the sales order number and a first text
    const before = await count();
    const otherCustomer = await createCustomer(h);
    const foreignUnit = await createUnit(h, w.productId, otherCustomer, `FX${kind}`, '2026-06-01');
    const wrong = await intake(agent, { customerId: r.customer.id, unitId: foreignUnit, orderNo: r.orderNo });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ path: 'unitId', code: 'link_not_of_customer' })]);
    const unknown = await intake(agent, { customerId: r.customer.id, unitId: 999999 });
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'unitId', code: 'unknown_unit' })]);
    expect(await count()).toBe(before);

    const content = `退换货申请 ${r.code} 被拒绝（已超过包退期限），客户对处理结果有异议。客户原述：${r.description}`;
    const res = await intake(agent, { customerId: r.customer.id, unitId: r.unit.id, orderNo: r.orderNo, content, demands: ['return'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'received', customer: { id: w.customerId }, unit: { id: w.unitId }, product: { id: w.productId }, orderNo: 'SO-2026-0601', content, demands: ['return'] });
  });
});
