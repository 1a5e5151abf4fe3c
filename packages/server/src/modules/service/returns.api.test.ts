import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { TEST_ADMIN_PASSWORD, testDatabases } from '../../test/db';
import { createCategory, createCustomer, createProduct, createUnit, serviceWorld, SIGNATURE_PNG, type ServiceWorld } from '../../test/service-factories';
import { addDays, addMonths, localDate } from './local-date';

const BASE = '/api/v1/service/returns';
const EN = { 'accept-language': 'en-US' };
const ZH = { 'accept-language': 'zh-CN' };
const DAY = 86_400_000;

function multipart(filename: string, content: Buffer) {
  const boundary = '----kehu' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDatabases())('returns and exchanges (%s)', (kind) => {
  let h: Harness;
  let agent: Client; // 客服专员: service:create + service:dispatch, every customer
  let agent2: Client;
  let clerk: Client; // service:read + service:create only
  let tech: Client; // 维修工程师: service:read, the customers of the own team
  let outsider: Client; // 客户经理: no service permission
  let w: ServiceWorld;
  let teamId: number;
  let teamCustomerId: number;
  let serial = 0;

  beforeAll(async () => {
    // Monday 2026-11-23 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    teamId = await h.unit('杭州服务站', 'team');
    agent = await h.user('agent1', ['service_agent']);
    agent2 = await h.user('agent2', ['service_agent']);
    tech = await h.user('tech1', ['technician'], teamId);
    outsider = await h.user('am1', ['account_manager']);
    // a role that may take requests but not decide them
    const now = h.clock.now().toISOString();
    const role = await h.kehu.ctx.db
      .insertInto('roles')
      .values({ code: 'returns_clerk', name_zh: '退换货登记', name_en: 'Returns clerk', permissions: JSON.stringify(['customers:read', 'service:read', 'service:create']), scopes: JSON.stringify({ customers: 'all', service: 'all' }), built_in: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const c = await h.user('clerk1', []);
    await h.kehu.ctx.db.insertInto('user_roles').values({ user_id: c.userId, role_id: role.id }).execute();
    clerk = await h.login('clerk1', 'Passw0rd!');
    w = await serviceWorld(h, '2026-11-20');
    teamCustomerId = await createCustomer(h);
    await h.kehu.ctx.db.updateTable('customers').set({ team_id: teamId }).where('id', '=', teamCustomerId).execute();
  });
  afterAll(async () => h?.close());

  const db = () => h.kehu.ctx.db;
  const today = () => localDate(h.clock.now(), 'Asia/Shanghai');
  const unit = (purchaseDate: string | null, customerId = w.customerId, productId = w.productId) => createUnit(h, productId, customerId, `RT${kind}${++serial}`, purchaseDate);
  const countReturns = async () => Number((await db().selectFrom('service_returns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const countEvents = async (id: number) => Number((await db().selectFrom('service_return_events').select((eb) => eb.fn.countAll().as('n')).where('return_id', '=', id).executeTakeFirstOrThrow()).n);
  /** moving the clock past the idle timeout ends the sessions: sign everybody in again */
  const moveClock = async (to: Date) => {
    h.clock.set(to);
    agent = await h.login('agent1', 'Passw0rd!');
    agent2 = await h.login('agent2', 'Passw0rd!');
    clerk = await h.login('clerk1', 'Passw0rd!');
    tech = await h.login('tech1', 'Passw0rd!');
    outsider = await h.login('am1', 'Passw0rd!');
    h.admin = await h.login('admin', TEST_ADMIN_PASSWORD);
  };
  const body = (over: Record<string, unknown>) => ({ customerId: w.customerId, type: 'return', reason: 'quality', description: '开机无反应', contactName: '张三', contactPhone: '13912345678', ...over });
  const create = async (over: Record<string, unknown>, c: Client = agent) => {
    const res = await c.post(BASE, body(over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const act = (c: Client, id: number, b: Record<string, unknown>, headers?: Record<string, string>) => c.post(`${BASE}/${id}/transitions`, b, headers);
  const ok = async (c: Client, id: number, b: Record<string, unknown>) => {
    const res = await act(c, id, b);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** approve → receive → inspect */
  const toInspected = async (r: { id: number; version: number }) => {
    let x = await ok(agent, r.id, { action: 'approve', version: r.version });
    x = await ok(agent, x.id, { action: 'receive', version: x.version, packagingIntact: true, accessoriesComplete: true, invoicePresent: true, note: '外包装完好' });
    return ok(agent, x.id, { action: 'inspect', version: x.version, inspectionResult: '压缩机不启动，属性能故障', responsibleParty: 'company' });
  };

  it('takes a return on day 7 after purchase and rejects it on day 8, with the window’s last day and the complaint route', async () => {
    const bought = today();
    const u1 = await unit(bought);
    const u2 = await unit(bought);
    await moveClock(new Date(h.clock.now().getTime() + 7 * DAY));
    const pre7 = await agent.get(`${BASE}/eligibility?unitId=${u1}&type=return`);
    expect(pre7.statusCode, pre7.body).toBe(200);
    expect(pre7.json()).toMatchObject({ eligible: true, code: null, daysSincePurchase: 7, lastDay: addDays(bought, 7), complaintHint: false });
    const day7 = await create({ unitId: u1 });
    expect(day7).toMatchObject({ state: 'requested', eligible: true, complaintHint: false, rejection: null, purchaseDate: bought, requestDate: today() });
    expect(day7.code).toMatch(/^TH\d{8}-\d{4}$/);
    expect(day7.actions).toEqual(['approve', 'reject']);

    await moveClock(new Date(h.clock.now().getTime() + DAY));
    const pre8 = (await agent.get(`${BASE}/eligibility?unitId=${u2}&type=return`)).json();
    expect(pre8).toMatchObject({ eligible: false, code: 'RETURN_OUTSIDE_WINDOW', daysSincePurchase: 8, lastDay: addDays(bought, 7), complaintHint: true });
    // the same day asked for explicitly is still day 7
    expect((await agent.get(`${BASE}/eligibility?unitId=${u2}&type=return&date=${addDays(bought, 7)}`)).json().eligible).toBe(true);
    const day8 = await create({ unitId: u2 });
    expect(day8).toMatchObject({
      state: 'rejected',
      eligible: false,
      complaintHint: true,
      rejection: { code: 'RETURN_OUTSIDE_WINDOW', lastDay: addDays(bought, 7) },
      eligibility: { purchaseDate: bought, requestDate: today(), lastDay: addDays(bought, 7), complaintHint: true },
    });
    expect(day8.events.map((e: { action: string }) => e.action)).toEqual(['create', 'reject']);
    expect(day8.events[1].data).toMatchObject({ auto: true, code: 'RETURN_OUTSIDE_WINDOW', lastDay: addDays(bought, 7) });
    const timeline = (await h.admin.get(`/api/v1/customers/${w.customerId}/timeline?type=service_return`)).json();
    expect(timeline.items.find((e: { refId: string }) => e.refId === String(day8.id))?.data).toMatchObject({ action: 'auto_reject', rejectionCode: 'RETURN_OUTSIDE_WINDOW' });
  });

  it('takes an exchange on day 15 and rejects it on day 16; a return on day 15 is already out', async () => {
    const bought = today();
    const u1 = await unit(bought);
    const u2 = await unit(bought);
    await moveClock(new Date(h.clock.now().getTime() + 15 * DAY));
    expect((await agent.get(`${BASE}/eligibility?unitId=${u1}&type=exchange`)).json()).toMatchObject({ eligible: true, lastDay: addDays(bought, 15) });
    expect((await agent.get(`${BASE}/eligibility?unitId=${u1}&type=return`)).json()).toMatchObject({ eligible: false, code: 'RETURN_OUTSIDE_WINDOW' });
    expect(await create({ unitId: u1, type: 'exchange' })).toMatchObject({ state: 'requested', eligible: true });
    await moveClock(new Date(h.clock.now().getTime() + DAY));
    const day16 = await create({ unitId: u2, type: 'exchange' });
    expect(day16).toMatchObject({ state: 'rejected', rejection: { code: 'EXCHANGE_OUTSIDE_WINDOW', lastDay: addDays(bought, 15) }, complaintHint: true });
    // a repair is always taken
    expect((await agent.get(`${BASE}/eligibility?unitId=${u2}&type=repair`)).json()).toMatchObject({ eligible: true, decision: { repairFree: true } });
  });

  it('uses the no-reason window for a no-reason return, and never for an exchange', async () => {
    const cat = await createCategory(h, `nr${kind}`, { return_days: 0, exchange_days: 0, no_reason_return_days: 7 });
    const prod = await createProduct(h, cat, `NR-${kind}`);
    const u = await unit(addDays(today(), -5), w.customerId, prod);
    expect((await agent.get(`${BASE}/eligibility?unitId=${u}&type=return&reason=no_reason`)).json()).toMatchObject({ eligible: true, lastDay: addDays(today(), 2) });
    expect((await agent.get(`${BASE}/eligibility?unitId=${u}&type=exchange&reason=no_reason`)).json()).toMatchObject({ eligible: false, code: 'EXCHANGE_OUTSIDE_WINDOW' });
    // a product without serial numbers: product, quantity and the purchase date from the invoice
    const pre = await agent.get(`${BASE}/eligibility?productId=${prod}&purchaseDate=${addDays(today(), -8)}&type=return&reason=no_reason`);
    expect(pre.json()).toMatchObject({ eligible: false, code: 'RETURN_OUTSIDE_WINDOW', lastDay: addDays(today(), -1) });
  });

  it('approves a rejected request only with a dispatcher’s written override, audited; without it the problem names the last day and nothing is written', async () => {
    const bought = addDays(today(), -10);
    const r = await create({ unitId: await unit(bought) });
    expect(r.state).toBe('rejected');
    const events = await countEvents(r.id);
    const zh = await act(agent, r.id, { action: 'approve', version: r.version }, ZH);
    expect(zh.statusCode).toBe(400);
    expect(zh.json()).toMatchObject({ code: 'RETURN_OUTSIDE_WINDOW', title: '已超过包退期限，不能退货', lastDay: addDays(bought, 7), purchaseDate: bought, complaintHint: true });
    expect(zh.json().detail).toContain(addDays(bought, 7));
    expect(zh.json().detail).toContain('包退期');
    const en = await act(agent, r.id, { action: 'approve', version: r.version }, EN);
    expect(en.json().title).toBe('The return period has passed; the goods cannot be returned');
    expect(en.json().detail).toContain(`the last day to return (no-reason period included) was ${addDays(bought, 7)}`);
    let after = (await agent.get(`${BASE}/${r.id}`)).json();
    expect(after).toMatchObject({ state: 'rejected', version: r.version });
    expect(await countEvents(r.id)).toBe(events);

    // a clerk may take requests but not override
    expect((await act(clerk, r.id, { action: 'approve', version: r.version, overrideReason: '老客户' })).statusCode).toBe(403);
    after = await ok(agent, r.id, { action: 'approve', version: r.version, overrideReason: '大客户特批：质量问题属实' });
    expect(after).toMatchObject({ state: 'approved', override: { reason: '大客户特批：质量问题属实', byName: 'agent1' }, complaintHint: false });
    expect(after.times.approved).toBeTruthy();
    const audited = await db().selectFrom('audit_log').select(['action', 'username']).where('entity', '=', 'service_return').where('entity_id', '=', String(r.id)).execute();
    expect(audited).toEqual(expect.arrayContaining([{ action: 'override', username: 'agent1' }, { action: 'approve', username: 'agent1' }]));

    // the override may come with the request itself, from a dispatcher only
    const n = await countReturns();
    const byClerk = await clerk.post(BASE, body({ unitId: await unit(bought), overrideReason: '特批' }));
    expect(byClerk.statusCode).toBe(403);
    expect(await countReturns()).toBe(n);
    const overridden = await create({ unitId: await unit(bought), overrideReason: '运输途中受潮，公司承担' });
    expect(overridden).toMatchObject({ state: 'requested', eligible: false, override: { reason: '运输途中受潮，公司承担' } });
    expect((await ok(agent, overridden.id, { action: 'approve', version: overridden.version })).state).toBe('approved');
  });

  it('runs a return to the refund and the customer’s sign-off, timing every step and keeping the returned unit marked', async () => {
    const u = await unit(addDays(today(), -3));
    let r = await create({ unitId: u, orderNo: 'FP-2026-0001' });
    r = await toInspected(r);
    expect(r).toMatchObject({ state: 'inspected', responsibleParty: 'company', goodsCondition: { packagingIntact: true, accessoriesComplete: true, invoicePresent: true, note: '外包装完好' } });
    // a refund needs the amount, the method and who pays the freight; a bad one writes nothing
    const bad = await act(agent, r.id, { action: 'refund', version: r.version, refundFen: 329900 }, EN);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'refundMethod', message: 'Required' });
    r = await ok(agent, r.id, { action: 'refund', version: r.version, refundFen: 329900, refundMethod: 'original', freightPayer: 'company' });
    expect(r).toMatchObject({ state: 'refunded', decision: 'refund', refundFen: 329900, freightPayer: 'company', unit: { id: u, returned: true } });
    const noSign = await act(agent, r.id, { action: 'close', version: r.version });
    expect(noSign.statusCode).toBe(400);
    expect(noSign.json().errors[0].path).toBe('signedBy');
    const future = await act(agent, r.id, { action: 'close', version: r.version, signedBy: '张三', completedDate: addDays(today(), 1) });
    expect(future.json().errors[0]).toMatchObject({ path: 'completedDate', code: 'date_in_future' });
    r = await ok(agent, r.id, { action: 'close', version: r.version, signedBy: '张三' });
    expect(r).toMatchObject({ state: 'closed', signedBy: '张三', completedDate: today(), actions: [] });
    for (const k of ['requested', 'approved', 'received', 'inspected', 'decided', 'closed']) expect(r.times[k], k).toBeTruthy();
    expect(r.events.map((e: { action: string }) => e.action)).toEqual(['create', 'approve', 'receive', 'inspect', 'refund', 'close']);

    const unitRow = await db().selectFrom('product_units').selectAll().where('id', '=', u).executeTakeFirstOrThrow();
    expect(unitRow.archived_at).toBeNull();
    expect(unitRow.note).toContain(`已退货（退换货单 ${r.code}）`);
    const again = await agent.post(BASE, body({ unitId: u }), EN);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'RETURN_UNIT_RETURNED', title: 'This unit was already returned or exchanged' });
    const audited = await db().selectFrom('audit_log').select('action').where('entity', '=', 'service_return').where('entity_id', '=', String(r.id)).orderBy('id').execute();
    expect(audited.map((a) => a.action)).toEqual(['create', 'approve', 'receive', 'inspect', 'refund', 'close']);
    const timeline = (await h.admin.get(`/api/v1/customers/${w.customerId}/timeline?type=service_return`)).json();
    const mine = timeline.items.filter((e: { refId: string }) => e.refId === String(r.id)).map((e: { data: { action: string } }) => e.data.action);
    expect(mine.sort()).toEqual(['approve', 'close', 'create', 'refund']);
  });

  it('exchanges a unit: a new unit for the customer with 三包 from the exchange day, the old one kept and marked', async () => {
    const u = await unit(addDays(today(), -12));
    let r = await create({ unitId: u, type: 'exchange' });
    r = await toInspected(r);
    const noSerial = await act(agent, r.id, { action: 'exchange', version: r.version, freightPayer: 'company' });
    expect(noSerial.statusCode).toBe(400);
    expect(noSerial.json().errors[0]).toMatchObject({ path: 'replacementSerialNo', code: 'required' });
    const oldSerial = (await db().selectFrom('product_units').select('serial_no').where('id', '=', u).executeTakeFirstOrThrow()).serial_no;
    const units = Number((await db().selectFrom('product_units').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const taken = await act(agent, r.id, { action: 'exchange', version: r.version, freightPayer: 'company', replacementSerialNo: oldSerial });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('PRODUCT_UNIT_SERIAL_TAKEN');
    expect(Number((await db().selectFrom('product_units').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(units);

    r = await ok(agent, r.id, { action: 'exchange', version: r.version, freightPayer: 'supplier', replacementSerialNo: `NEW-${kind}-1` });
    expect(r).toMatchObject({ state: 'exchanged', decision: 'exchange', freightPayer: 'supplier', replacementUnit: { serialNo: `NEW-${kind}-1`, purchaseDate: today(), warrantyEnd: addMonths(today(), 12) } });
    const fresh = await db().selectFrom('product_units').selectAll().where('id', '=', r.replacementUnit.id).executeTakeFirstOrThrow();
    expect(fresh).toMatchObject({ customer_id: w.customerId, product_id: w.productId, archived_at: null });
    const old = await db().selectFrom('product_units').selectAll().where('id', '=', u).executeTakeFirstOrThrow();
    expect(old.archived_at).toBeNull();
    expect(old.note).toContain(`换为 NEW-${kind}-1`);
    r = await ok(agent, r.id, { action: 'close', version: r.version, signedBy: '张三' });
    expect(r.state).toBe('closed');
    // the new unit is on the customer's timeline as a registered machine
    const timeline = (await h.admin.get(`/api/v1/customers/${w.customerId}/timeline?type=unit_registered`)).json();
    expect(timeline.items.some((e: { refId: string }) => e.refId === String(fresh.id))).toBe(true);
  });

  it('records an exchange of a product without serial numbers without a new unit', async () => {
    let r = await create({ productId: w.productId, qty: 3, purchaseDate: addDays(today(), -2), type: 'exchange', reason: 'wrong_item', orderNo: 'SO-778' });
    expect(r).toMatchObject({ state: 'requested', unit: null, qty: 3, product: { id: w.productId }, orderNo: 'SO-778' });
    r = await toInspected(r);
    r = await ok(agent, r.id, { action: 'exchange', version: r.version, freightPayer: 'company' });
    expect(r).toMatchObject({ state: 'exchanged', replacementUnit: null });
  });

  it('turns a request into a repair service order, and closes it only once the repair is done', async () => {
    const u = await unit(addDays(today(), -40));
    let r = await create({ unitId: u, type: 'repair' });
    expect(r).toMatchObject({ state: 'requested', eligible: true });
    r = await toInspected(r);
    r = await ok(agent, r.id, { action: 'repair', version: r.version, freightPayer: 'company' });
    expect(r).toMatchObject({ state: 'repair', decision: 'repair', serviceOrder: { state: 'received' } });
    expect(r.serviceOrder.code).toMatch(/^FW\d{8}-\d{4}$/);
    const order = await db().selectFrom('service_orders').selectAll().where('id', '=', r.serviceOrder.id).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ type: 'repair', mode: 'carry_in', unit_id: u, customer_id: w.customerId, warranty: 'in' });
    expect(order.description).toContain(r.code);
    const open = await act(agent, r.id, { action: 'close', version: r.version, signedBy: '张三' }, EN);
    expect(open.statusCode).toBe(409);
    expect(open.json()).toMatchObject({ code: 'RETURN_REPAIR_OPEN', title: 'The repair order is not completed yet; the request cannot be closed' });
    await db().updateTable('service_orders').set({ state: 'completed', completed_at: h.clock.now().toISOString() }).where('id', '=', order.id).execute();
    expect((await ok(agent, r.id, { action: 'close', version: r.version, signedBy: '张三' })).state).toBe('closed');
  });

  it('refuses an action the state does not allow and a stale version with 409, in the reader’s language', async () => {
    const r = await create({ unitId: await unit(addDays(today(), -1)) });
    const en = await act(agent, r.id, { action: 'refund', version: r.version, refundFen: 1, refundMethod: 'cash', freightPayer: 'company' }, EN);
    expect(en.statusCode).toBe(409);
    expect(en.json()).toMatchObject({ code: 'RETURN_STATE_INVALID', title: 'The return request’s state does not allow this', state: 'requested' });
    expect((await act(agent, r.id, { action: 'close', version: r.version, signedBy: 'x' }, ZH)).json().title).toBe('退换货申请当前状态不允许此操作');
    const approved = await ok(agent, r.id, { action: 'approve', version: r.version });
    const stale = await act(agent, r.id, { action: 'receive', version: r.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    // two dispatchers at once: one wins
    const [a, b] = await Promise.all([act(agent, r.id, { action: 'receive', version: approved.version }), act(agent2, r.id, { action: 'receive', version: approved.version })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await agent.get(`${BASE}/${r.id}`)).json().events.filter((e: { action: string }) => e.action === 'receive')).toHaveLength(1);
    // a manual rejection needs a reason
    const r2 = await create({ unitId: await unit(addDays(today(), -1)) });
    expect((await act(agent, r2.id, { action: 'reject', version: r2.version })).json().errors[0]).toMatchObject({ path: 'note', code: 'reason_required' });
    const rej = await ok(agent, r2.id, { action: 'reject', version: r2.version, note: '无购买凭证' });
    expect(rej).toMatchObject({ state: 'rejected', rejection: { code: 'MANUAL', note: '无购买凭证', lastDay: null }, complaintHint: true });
  });

  it('checks permissions and the customer’s data scope', async () => {
    const teamUnit = await unit(addDays(today(), -1), teamCustomerId);
    const inTeam = await create({ customerId: teamCustomerId, unitId: teamUnit });
    const other = await create({ unitId: await unit(addDays(today(), -1)) });
    // the technician reads the own team's customers' requests only, and may not act
    expect((await tech.get(`${BASE}/${inTeam.id}`)).json()).toMatchObject({ id: inTeam.id, actions: [], contactPhone: '139****5678' });
    expect((await tech.get(`${BASE}/${other.id}`)).statusCode).toBe(404);
    const list = (await tech.get(BASE)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(inTeam.id);
    expect(list.items.map((x: { customerId: number }) => x.customerId).every((c: number) => c === teamCustomerId)).toBe(true);
    expect((await tech.get(`${BASE}/eligibility?unitId=${w.unitId}&type=return`)).statusCode).toBe(404);
    expect((await act(tech, inTeam.id, { action: 'approve', version: inTeam.version })).statusCode).toBe(403);
    expect((await tech.post(BASE, body({ customerId: teamCustomerId, unitId: teamUnit }))).statusCode).toBe(403);
    // no service permission at all
    expect((await outsider.get(BASE)).statusCode).toBe(403);
    expect((await outsider.get(`${BASE}/${inTeam.id}`)).statusCode).toBe(403);
    // a clerk takes requests, a dispatcher decides
    const byClerk = await create({ unitId: await unit(addDays(today(), -1)) }, clerk);
    expect(byClerk.actions).toEqual([]);
    expect((await act(clerk, byClerk.id, { action: 'approve', version: byClerk.version })).statusCode).toBe(403);
    // filters and search
    const rejectedOnly = (await agent.get(`${BASE}?state=rejected&type=return`)).json();
    expect(rejectedOnly.items.every((x: { state: string; type: string }) => x.state === 'rejected' && x.type === 'return')).toBe(true);
    const byCode = (await agent.get(`${BASE}?q=${other.code}`)).json();
    expect(byCode.items.map((x: { id: number }) => x.id)).toEqual([other.id]);
    // the customer's name goes through the customer search index
    const byName = (await agent.get(`${BASE}?q=${encodeURIComponent('西湖电器')}`)).json();
    expect(byName.items.map((x: { id: number }) => x.id)).toContain(other.id);
    expect((await agent.get(`${BASE}?q=${encodeURIComponent('没有这个客户')}`)).json().items).toEqual([]);
  });

  it('refuses bad input in the reader’s language and writes nothing', async () => {
    const n = await countReturns();
    const otherCustomer = await createCustomer(h);
    const foreign = await unit(addDays(today(), -1), otherCustomer);
    const res = await agent.post(BASE, body({ unitId: foreign, requestDate: addDays(today(), 2) }), EN);
    expect(res.statusCode).toBe(400);
    const errs = Object.fromEntries(res.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(errs).toMatchObject({ unitId: 'The unit does not belong to this customer', requestDate: 'The date cannot be later than today' });
    const noDate = await agent.post(BASE, body({ productId: w.productId, qty: 2 }), ZH);
    expect(noDate.json().errors).toEqual([{ path: 'purchaseDate', code: 'purchase_date_required', message: '退货或换货需提供购买日期（发票日期）' }]);
    const noProduct = await agent.post(BASE, body({ purchaseDate: today() }), EN);
    expect(noProduct.json().errors[0]).toMatchObject({ path: 'productId', message: 'Choose the product when there is no unit' });
    const beforePurchase = await agent.post(BASE, body({ unitId: await unit(today()), requestDate: addDays(today(), -1) }), EN);
    expect(beforePurchase.json().errors[0]).toMatchObject({ path: 'requestDate', code: 'request_before_purchase' });
    const badEnum = await agent.post(BASE, body({ unitId: w.unitId, type: 'swap' }));
    expect(badEnum.statusCode).toBe(400);
    expect(await countReturns()).toBe(n);
    // a second open request for the same unit
    const u = await unit(addDays(today(), -1));
    const first = await create({ unitId: u });
    const dup = await agent.post(BASE, body({ unitId: u }), EN);
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'RETURN_OPEN_FOR_UNIT', openReturnCode: first.code });
    expect(await countReturns()).toBe(n + 1);
  });

  it('keeps photos with the request', async () => {
    const r = await create({ unitId: await unit(addDays(today(), -1)) });
    const png = Buffer.from(SIGNATURE_PNG.split(',')[1]!, 'base64');
    const m = multipart('外观.png', png);
    const up = await agent.raw({ method: 'POST', url: `${BASE}/${r.id}/photos`, payload: m.payload, headers: m.headers });
    expect(up.statusCode, up.body).toBe(201);
    const bad = multipart('x.exe', Buffer.from('MZ'));
    expect((await agent.raw({ method: 'POST', url: `${BASE}/${r.id}/photos`, payload: bad.payload, headers: bad.headers })).statusCode).toBe(415);
    const list = (await agent.get(`${BASE}/${r.id}/photos`)).json();
    expect(list.items).toHaveLength(1);
    const file = await agent.get(`${BASE}/${r.id}/photos/${list.items[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await agent.get(`${BASE}/${r.id}`)).json().photoCount).toBe(1);
    expect((await outsider.get(`${BASE}/${r.id}/photos`)).statusCode).toBe(403);
  });
});
