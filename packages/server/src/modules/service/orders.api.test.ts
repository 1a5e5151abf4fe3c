import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { TEST_ADMIN_PASSWORD, testDatabases } from '../../test/db';
import { createCustomer, createTechnician, setStock, serviceWorld, SIGNATURE_PNG, type ServiceWorld } from '../../test/service-factories';

describe.each(testDatabases())('service orders (%s)', (kind) => {
  let h: Harness;
  let agent: Client;
  let agent2: Client;
  let tech: Client;
  let otherTech: Client;
  let w: ServiceWorld;

  beforeAll(async () => {
    // Monday 2026-11-23 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    agent = await h.user('agent1', ['service_agent']);
    agent2 = await h.user('agent2', ['service_agent']);
    w = await serviceWorld(h, '2026-06-01');
    tech = await createTechnician(h, 'tech1', w.outletId, w.outletTeamId, ['aircon']);
    otherTech = await createTechnician(h, 'tech2', w.outletId, w.outletTeamId, ['boiler']);
  });
  afterAll(async () => h.close());

  const create = async (over: Record<string, unknown> = {}) => {
    const res = await agent.post('/api/v1/service/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      type: 'repair',
      mode: 'onsite',
      channel: 'phone',
      description: '空调不制冷',
      contactName: '张三',
      contactPhone: '13912345678',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  /** moving the clock past the idle timeout ends the sessions: sign everybody in again */
  const moveClock = async (to: Date) => {
    h.clock.set(to);
    agent = await h.login('agent1', 'Passw0rd!');
    agent2 = await h.login('agent2', 'Passw0rd!');
    tech = await h.login('tech1', 'Passw0rd!');
    otherTech = await h.login('tech2', 'Passw0rd!');
    h.admin = await h.login('admin', TEST_ADMIN_PASSWORD);
  };
  const act = (c: Client, id: number, body: Record<string, unknown>, headers?: Record<string, string>) => c.post(`/api/v1/service/orders/${id}/transitions`, body, headers);
  const ok = async (c: Client, id: number, body: Record<string, unknown>) => {
    const res = await act(c, id, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('runs an on-site repair from the call to the closed order, timing and auditing every step', async () => {
    let o = await create();
    expect(o).toMatchObject({ state: 'received', warranty: 'in', regionType: 'urban', tier: 'standard' });
    expect(o.code).toMatch(/^FW20261123-\d{4}$/);
    expect(o.times.acknowledged).toBeTruthy(); // taken live on the phone
    expect(o.due.fix).toBeTruthy();
    expect(o.due.nextKind).toBe('arrival');
    expect(o.actions).toEqual(expect.arrayContaining(['dispatch', 'cancel', 'escalate']));

    o = await ok(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId });
    expect(o).toMatchObject({ state: 'dispatched', technician: { id: tech.userId }, outlet: { id: w.outletId } });
    expect(o.due.nextKind).toBe('appointment');

    // the technician's own actions
    const mine = await tech.get('/api/v1/service/orders?mine=true&state=open');
    expect(mine.json().items.map((x: { id: number }) => x.id)).toContain(o.id);
    let t = (await tech.get(`/api/v1/service/orders/${o.id}`)).json();
    expect(t.actions).toEqual(['schedule']);
    h.clock.advance(30 * 60_000);
    t = await ok(tech, o.id, { action: 'schedule', version: t.version, appointmentFrom: '2026-11-23T06:00:00Z', appointmentTo: '2026-11-23T08:00:00Z' });
    expect(t.state).toBe('scheduled');
    expect(t.due.nextKind).toBe('arrival');
    expect(t.due.arrival).toBe('2026-11-23T08:30:00.000Z'); // booked window + 30 min
    await moveClock(new Date('2026-11-23T05:30:00Z'));
    t = await ok(tech, o.id, { action: 'depart', version: t.version });
    // arriving before the departure is refused and changes nothing
    const early = await act(tech, o.id, { action: 'arrive', version: t.version, at: '2026-11-23T05:00:00Z' }, { 'accept-language': 'en-US' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ path: 'at', code: 'arrival_before_departure', message: 'Arrival cannot be before departure' });
    await moveClock(new Date('2026-11-23T06:10:00Z'));
    t = await ok(tech, o.id, { action: 'arrive', version: t.version });
    t = await ok(tech, o.id, { action: 'start', version: t.version, faultCode: 'E1', diagnosis: '压缩机电容损坏' });
    t = await ok(tech, o.id, { action: 'wait_parts', version: t.version });
    expect(t.state).toBe('waiting_parts');
    expect(t.due.fix).toBeNull(); // the fix clock is stopped while waiting for parts
    await moveClock(new Date('2026-11-24T02:00:00Z'));
    t = await ok(tech, o.id, { action: 'parts_arrived', version: t.version });
    expect(t.due.fix).toBeTruthy();

    // completion needs the customer's signature
    const unsigned = await act(tech, o.id, { action: 'complete', version: t.version, resolution: '更换电容' });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().errors[0].code).toBe('signature_required');
    t = await ok(tech, o.id, { action: 'complete', version: t.version, resolution: '更换电容，试机正常', signature: SIGNATURE_PNG, signedBy: '张三' });
    expect(t).toMatchObject({ state: 'completed', signedBy: '张三', firstTimeFix: false, fees: { totalFen: 0 } });
    expect(t.visit).toMatchObject({ state: 'open' });
    expect(t.visit.assigneeId).not.toBe(tech.userId);
    const sig = await tech.get(`/api/v1/service/orders/${o.id}/signature`);
    expect(sig.statusCode).toBe(200);
    expect(sig.headers['content-type']).toBe('image/png');

    // the return visit: never by the technician
    const visitId = t.visit.id;
    const byTech = await tech.post(`/api/v1/service/visits/${visitId}`, { version: 1, onTime: true, solved: true, attitude: 5, feesOk: true, misconduct: false, rating: 5 });
    expect(byTech.statusCode).toBe(403);
    const visited = await agent.post(`/api/v1/service/visits/${visitId}`, { version: 1, onTime: true, solved: true, attitude: 5, feesOk: true, misconduct: false, rating: 5, comment: '很满意' });
    expect(visited.statusCode, visited.body).toBe(200);
    let a = (await agent.get(`/api/v1/service/orders/${o.id}`)).json();
    expect(a).toMatchObject({ state: 'return_visited', rating: 5 });
    a = await ok(agent, o.id, { action: 'evaluate', version: a.version });
    a = await ok(agent, o.id, { action: 'close', version: a.version });
    expect(a.state).toBe('closed');
    expect(a.due.next).toBeNull();

    const actions = a.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['create', 'dispatch', 'schedule', 'depart', 'arrive', 'start', 'wait_parts', 'parts_arrived', 'complete', 'visit', 'evaluate', 'close']);
    const audited = await h.kehu.ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'service_order').where('entity_id', '=', String(o.id)).execute();
    expect(audited.length).toBe(12);
    const timeline = await h.admin.get(`/api/v1/customers/${w.customerId}/timeline?type=service_order`);
    expect(timeline.json().items.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a transition the state does not allow, in the reader’s language, and writes nothing', async () => {
    const o = await create();
    const res = await act(agent, o.id, { action: 'complete', version: o.version, resolution: 'x', signature: SIGNATURE_PNG, signedBy: 'x' }, { 'accept-language': 'en-US' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ORDER_STATE_INVALID', title: 'The order’s state does not allow this' });
    const zh = await act(agent, o.id, { action: 'depart', version: o.version });
    expect(zh.json().title).toBe('工单当前状态不允许此操作');
    const after = (await agent.get(`/api/v1/service/orders/${o.id}`)).json();
    expect(after.version).toBe(o.version);
    expect(after.events).toHaveLength(1);
    // a technician may not dispatch
    const d = await ok(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId });
    const cancel = await act(tech, o.id, { action: 'cancel', version: d.version, note: 'x' });
    expect(cancel.statusCode).toBe(403);
    // cancelling needs a reason
    const noReason = await act(agent, o.id, { action: 'cancel', version: d.version });
    expect(noReason.statusCode).toBe(400);
    expect((await ok(agent, o.id, { action: 'cancel', version: d.version, note: '客户已自行解决' })).state).toBe('cancelled');
  });

  it('lets one of two dispatchers win a simultaneous dispatch and tells the other', async () => {
    const o = await create();
    const [r1, r2] = await Promise.all([
      act(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId }),
      act(agent2, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const loser = r1.statusCode === 409 ? r1 : r2;
    expect(loser.json().code).toBe('VERSION_CONFLICT');
    const after = (await agent.get(`/api/v1/service/orders/${o.id}`)).json();
    expect(after.events.filter((e: { action: string }) => e.action === 'dispatch')).toHaveLength(1);
  });

  it('refuses a technician without the skill the product needs', async () => {
    const o = await create();
    const res = await act(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: otherTech.userId });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('TECHNICIAN_SKILL_MISSING');
    expect((await agent.get(`/api/v1/service/orders/${o.id}`)).json().state).toBe('received');
  });

  it('shows a technician only their own orders', async () => {
    const o = await create();
    await ok(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId });
    expect((await otherTech.get(`/api/v1/service/orders/${o.id}`)).statusCode).toBe(404);
    const list = (await otherTech.get('/api/v1/service/orders')).json();
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(o.id);
    expect((await otherTech.post('/api/v1/service/orders', { customerId: w.customerId, type: 'repair', mode: 'onsite', channel: 'phone', description: 'x' })).statusCode).toBe(403);
  });

  async function completed(over: Record<string, unknown> = {}) {
    let o = await create(over);
    o = await ok(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId });
    const from = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    const to = new Date(h.clock.now().getTime() + 7_200_000).toISOString();
    o = await ok(tech, o.id, { action: 'schedule', version: o.version, appointmentFrom: from, appointmentTo: to });
    o = await ok(tech, o.id, { action: 'depart', version: o.version });
    o = await ok(tech, o.id, { action: 'arrive', version: o.version });
    o = await ok(tech, o.id, { action: 'start', version: o.version });
    return ok(tech, o.id, { action: 'complete', version: o.version, resolution: '已修复', signature: SIGNATURE_PNG, signedBy: '张三' });
  }

  it('gives back parts only reserved when the order completes, and charges issued ones out of warranty', async () => {
    await setStock(h, w.outletId, w.partId, 3);
    let o = await create();
    o = await ok(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId });
    const from = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    o = await ok(tech, o.id, { action: 'schedule', version: o.version, appointmentFrom: from, appointmentTo: new Date(h.clock.now().getTime() + 7_200_000).toISOString() });
    o = await ok(tech, o.id, { action: 'depart', version: o.version });
    o = await ok(tech, o.id, { action: 'arrive', version: o.version });
    o = await ok(tech, o.id, { action: 'start', version: o.version });
    const reserved = await tech.post(`/api/v1/service/orders/${o.id}/parts`, { partId: w.partId, qty: 2, reserve: true });
    expect(reserved.statusCode, reserved.body).toBe(201);
    const stockOf = () => h.kehu.ctx.db.selectFrom('part_stock').select(['on_hand', 'reserved']).where('outlet_id', '=', w.outletId).where('part_id', '=', w.partId).executeTakeFirstOrThrow();
    expect(await stockOf()).toEqual({ on_hand: 3, reserved: 2 });
    o = (await tech.get(`/api/v1/service/orders/${o.id}`)).json();
    o = await ok(tech, o.id, { action: 'complete', version: o.version, resolution: '清洗滤网', signature: SIGNATURE_PNG, signedBy: '张三' });
    expect(await stockOf()).toEqual({ on_hand: 3, reserved: 0 });
    expect(o.items).toEqual([expect.objectContaining({ kind: 'part', qty: 2, partState: 'released', amountFen: 0 })]);
  });

  it('opens a rework order from a dissatisfied return visit, and takes answers through the customer’s link', async () => {
    const o = await completed();
    expect(o.firstTimeFix).toBe(true);
    const notNeeded = await agent.post(`/api/v1/service/visits/${o.visit.id}`, { version: 1, onTime: true, solved: true, attitude: 5, feesOk: true, misconduct: false, rating: 5, followUp: 'rework' });
    expect(notNeeded.statusCode).toBe(400);
    // a dissatisfied answer needs the agent's decision on what follows, 'none' included
    const undecided = await agent.post(`/api/v1/service/visits/${o.visit.id}`, { version: 1, onTime: false, solved: false, attitude: 3, feesOk: true, misconduct: false, rating: 2 }, { 'accept-language': 'en-US' });
    expect(undecided.statusCode).toBe(400);
    expect(undecided.json().errors[0]).toMatchObject({ path: 'followUp', code: 'follow_up_required' });
    const res = await agent.post(`/api/v1/service/visits/${o.visit.id}`, { version: 1, onTime: false, solved: false, attitude: 3, feesOk: true, misconduct: false, rating: 2, comment: '第二天又坏了', followUp: 'rework' });
    expect(res.statusCode, res.body).toBe(200);
    const { followUpOrderId, dissatisfied } = res.json();
    expect(dissatisfied).toBe(true);
    const rework = (await agent.get(`/api/v1/service/orders/${followUpOrderId}`)).json();
    expect(rework).toMatchObject({ state: 'received', reworkOfId: o.id, repeatRepair: true, type: 'repair', priority: 'urgent' });

    // the customer answers through a link, without signing in
    const o2 = await completed();
    const link = await agent.post(`/api/v1/service/visits/${o2.visit.id}/link`);
    expect(link.statusCode).toBe(200);
    const token = link.json().token as string;
    const view = await h.kehu.app.inject({ method: 'GET', url: `/api/v1/public/visits/${token}` });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ state: 'open', orderCode: o2.code, technicianName: 'tech1' });
    expect(view.body).not.toContain('13912345678');
    const answer = await h.kehu.app.inject({ method: 'POST', url: `/api/v1/public/visits/${token}`, payload: { onTime: true, solved: true, attitude: 4, feesOk: true, misconduct: false, rating: 4 } });
    expect(answer.statusCode, answer.body).toBe(200);
    const again = await h.kehu.app.inject({ method: 'POST', url: `/api/v1/public/visits/${token}`, payload: { onTime: true, solved: true, attitude: 4, feesOk: true, misconduct: false, rating: 4 } });
    expect(again.statusCode).toBe(404);
    expect((await agent.get(`/api/v1/service/orders/${o2.id}`)).json()).toMatchObject({ state: 'return_visited', rating: 4, visit: { channel: 'link' } });
  });

  it('charges out-of-warranty work by the fee schedule and flags a repeat repair within 30 days', async () => {
    const now = h.clock.now().toISOString();
    await h.kehu.ctx.db.insertInto('service_fees').values([
      { kind: 'labour', key: 'repair', amount_fen: 12000, created_at: now, updated_at: now },
      { kind: 'callout', key: 'urban', amount_fen: 5000, created_at: now, updated_at: now },
    ]).onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet((eb) => ({ amount_fen: eb.ref('excluded.amount_fen') }))).execute(); // over the seeded defaults
    const oldUnit = await h.kehu.ctx.db
      .insertInto('product_units')
      .values({ serial_no: `OLD${w.customerId}`, product_id: w.productId, customer_id: w.customerId, purchase_date: '2023-01-10', region_code: '330106', address: '文三路 100 号', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const o = await completed({ unitId: Number(oldUnit.id) });
    expect(o.warranty).toBe('out');
    expect(o.fees.labourFen).toBe(12000);
    expect(o.fees).toEqual({ labourFen: 12000, calloutFen: 5000, partsFen: 0, totalFen: 17000 });
    const again = await create({ unitId: Number(oldUnit.id) });
    expect(again).toMatchObject({ repeatRepair: true, reworkOfId: o.id });
  });

  it('rejects bad intake input with field messages and writes nothing', async () => {
    const before = await h.kehu.ctx.db.selectFrom('service_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = await agent.post('/api/v1/service/orders', { customerId: w.customerId, type: 'fly', mode: 'onsite', channel: 'phone', description: '' });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['type', 'description']));
    const otherCustomer = await createCustomer(h);
    const wrongUnit = await agent.post('/api/v1/service/orders', { customerId: otherCustomer, unitId: w.unitId, type: 'repair', mode: 'onsite', channel: 'phone', description: 'x' });
    expect(wrongUnit.statusCode).toBe(400);
    expect(wrongUnit.json().errors[0].code).toBe('unit_not_of_customer');
    const tooDear = await act(agent, (await create()).id, { action: 'cancel', version: 1, note: 'x', labourFeeFen: 100_000_001 });
    expect(tooDear.statusCode).toBe(400);
    expect(tooDear.json().errors[0]).toMatchObject({ path: 'labourFeeFen', code: 'fee_fen_too_large' });
    const after = await h.kehu.ctx.db.selectFrom('service_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1); // the one created to try the fee cap
  });

  it('measures first-time fix, on-time arrival, satisfaction and repeat repairs per technician and per month', async () => {
    const manager = await h.user('svcmgr', ['service_manager']);
    expect((await tech.get('/api/v1/service/kpis?from=2026-11-01&to=2026-12-31')).statusCode).toBe(403);
    const res = await manager.get('/api/v1/service/kpis?from=2026-11-01&to=2026-12-31&groupBy=technician');
    expect(res.statusCode, res.body).toBe(200);
    const { rows, total } = res.json();
    const row = rows.find((r: { label: string }) => r.label === 'tech1');
    // from the tests above: completed orders of tech1, one waited for parts, one visit rated 2 with a rework
    const done = await h.kehu.ctx.db.selectFrom('service_orders').select(['first_time_fix', 'id']).where('owner_id', '=', tech.userId).where('completed_at', 'is not', null).execute();
    expect(row.completed).toBe(done.length);
    expect(row.firstTimeFixRate).toBeCloseTo(done.filter((d) => d.first_time_fix === 1).length / done.length, 3);
    expect(row.firstTimeFixRate).toBeLessThan(1);
    expect(row.dissatisfiedVisits).toBe(1);
    expect(row.repeatRate).toBeGreaterThan(0);
    expect(row.meanRating).toBeGreaterThan(2);
    expect(row.onTimeArrivalRate).toBe(1);
    expect(total.completed).toBe(row.completed);
    const months = (await manager.get('/api/v1/service/kpis?from=2026-11-01&to=2026-12-31&groupBy=month')).json();
    expect(months.rows.map((r: { key: string }) => r.key)).toContain('2026-11');
    const bad = await manager.get('/api/v1/service/kpis?from=2026-13-01&to=x', { 'accept-language': 'en-US' });
    expect(bad.statusCode).toBe(400);
  });
});
