import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createCustomer, createOutlet, createTechnician } from '../../test/service-factories';

describe.each(testDatabases())('spare parts (%s)', (kind) => {
  let h: Harness;
  let mgr: Client; // service_manager: every service permission, scope all
  let agent: Client; // service_agent: dispatch, no parts or catalogue permission
  let boss: Client; // management: read + kpi only
  let sales: Client; // account_manager: no service permission
  let tech: Client;
  let tech2: Client;
  let customerId: number;
  let outletA: number;
  let outletB: number;
  let teamA: number;
  let seq = 0;

  beforeAll(async () => {
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    mgr = await h.user('parts_mgr', ['service_manager']);
    agent = await h.user('parts_agent', ['service_agent']);
    boss = await h.user('parts_boss', ['management']);
    sales = await h.user('parts_sales', ['account_manager']);
    customerId = await createCustomer(h);
    const a = await createOutlet(h, 'PA', [['330106', 'urban']]);
    const b = await createOutlet(h, 'PB', [['330105', 'urban']]);
    outletA = a.outletId;
    teamA = a.teamId;
    outletB = b.outletId;
    tech = await createTechnician(h, 'parts_tech1', outletA, teamA);
    tech2 = await createTechnician(h, 'parts_tech2', outletA, teamA);
  });
  afterAll(async () => h?.close());

  const db = () => h.kehu.ctx.db;
  const en = { 'accept-language': 'en-US' };

  /** A service order written straight to the database. */
  const makeOrder = async (over: Record<string, unknown> = {}): Promise<number> => {
    const now = h.clock.now().toISOString();
    const r = await db()
      .insertInto('service_orders')
      .values({
        code: `FWT-${kind}-${++seq}`,
        type: 'repair',
        mode: 'onsite',
        channel: 'phone',
        priority: 'normal',
        state: 'in_service',
        customer_id: customerId,
        description: '空调不制冷',
        tier: 'standard',
        warranty: 'out',
        sla: '{}',
        outlet_id: outletA,
        owner_id: tech.userId,
        team_id: teamA,
        labour_fee_fen: 5000,
        callout_fee_fen: 3000,
        created_at: now,
        updated_at: now,
        ...over,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  };

  const makePart = async (code: string, priceFen: number, minStock = 0) => {
    const res = await mgr.post('/api/v1/service/parts', { code, name: `压缩机 ${code}`, unit: '个', listPriceFen: priceFen, minStock });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const receive = async (outletId: number, partId: number, qty: number) => {
    const res = await mgr.post('/api/v1/service/stock/receive', { outletId, partId, qty });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const stock = async (outletId: number, partId: number) => {
    const r = await db().selectFrom('part_stock').selectAll().where('outlet_id', '=', outletId).where('part_id', '=', partId).executeTakeFirst();
    return { onHand: Number(r?.on_hand ?? 0), reserved: Number(r?.reserved ?? 0) };
  };
  const movements = async (partId: number, kindOf?: string) =>
    (await db().selectFrom('part_movements').selectAll().where('part_id', '=', partId).orderBy('id').execute()).filter((m) => !kindOf || m.kind === kindOf);
  const order = (id: number) => db().selectFrom('service_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const count = async (table: 'service_order_items' | 'part_movements' | 'part_requests' | 'service_order_events' | 'notifications') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  describe('catalogue', () => {
    it('creates, lists, updates with a version, archives and restores a part, audited', async () => {
      const res = await mgr.post('/api/v1/service/parts', { code: 'CAT-1', name: '四通阀', unit: '个', listPriceFen: 12550, minStock: 2 });
      expect(res.statusCode, res.body).toBe(201);
      const p = res.json();
      expect(p).toMatchObject({ code: 'CAT-1', name: '四通阀', listPriceFen: 12550, minStock: 2, version: 1, archivedAt: null });

      const dup = await mgr.post('/api/v1/service/parts', { code: 'cat-1', name: 'x', listPriceFen: 1 }, en);
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'PART_CODE_TAKEN', errors: [{ path: 'code', message: 'This part code already exists' }] });

      const bad = await mgr.post('/api/v1/service/parts', { code: 'CAT-2', name: '', listPriceFen: 1.5 });
      expect(bad.statusCode).toBe(400);
      const paths = bad.json().errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['listPriceFen', 'name']);
      expect(bad.json().errors.find((e: { path: string }) => e.path === 'listPriceFen').message).toBe('价格应为不小于 0 的金额（精确到分）');

      const list = await tech.get('/api/v1/service/parts?q=' + encodeURIComponent('四通'));
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ total: 1, items: [{ code: 'CAT-1' }] });

      const upd = await mgr.patch(`/api/v1/service/parts/${p.id}`, { listPriceFen: 13000, version: 1 });
      expect(upd.statusCode, upd.body).toBe(200);
      expect(upd.json()).toMatchObject({ listPriceFen: 13000, version: 2 });
      const stale = await mgr.patch(`/api/v1/service/parts/${p.id}`, { name: '旧', version: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');

      expect((await tech.post('/api/v1/service/parts', { code: 'CAT-3', name: 'x', listPriceFen: 1 })).statusCode).toBe(403);
      expect((await tech.patch(`/api/v1/service/parts/${p.id}`, { name: 'x', version: 2 })).statusCode).toBe(403);
      expect((await sales.get('/api/v1/service/parts')).statusCode).toBe(403);

      const arch = await mgr.post(`/api/v1/service/parts/${p.id}/archive`, { version: 2 });
      expect(arch.statusCode).toBe(200);
      expect(arch.json().archivedAt).not.toBeNull();
      expect((await tech.get('/api/v1/service/parts?q=CAT-1')).json().total).toBe(0);
      expect((await tech.get('/api/v1/service/parts?q=CAT-1&archived=true')).json().total).toBe(1);
      const editArchived = await mgr.patch(`/api/v1/service/parts/${p.id}`, { name: 'x', version: 3 });
      expect(editArchived.json().code).toBe('PART_ARCHIVED');
      // an archived part cannot be received
      const rec = await mgr.post('/api/v1/service/stock/receive', { outletId: outletA, partId: p.id, qty: 1 });
      expect(rec.statusCode).toBe(400);
      expect(rec.json().errors[0]).toMatchObject({ path: 'partId', code: 'archived_part' });
      const rest = await mgr.post(`/api/v1/service/parts/${p.id}/restore`, { version: 3 });
      expect(rest.json()).toMatchObject({ archivedAt: null, version: 4 });

      const audits = await db().selectFrom('audit_log').select('action').where('entity', '=', 'part').where('entity_id', '=', String(p.id)).orderBy('id').execute();
      expect(audits.map((a) => a.action)).toEqual(['create', 'update', 'archive', 'restore']);
    });
  });

  describe('stock moves', () => {
    it('refuses bad receipts with localised messages and writes nothing', async () => {
      const p = await makePart('RCV-1', 1000);
      const before = await count('part_movements');
      for (const qty of [0, -1, 1.5, '2']) {
        const res = await mgr.post('/api/v1/service/stock/receive', { outletId: outletA, partId: p.id, qty }, en);
        expect(res.statusCode, String(qty)).toBe(400);
        expect(res.json().errors[0]).toMatchObject({ path: 'qty', message: 'The quantity is a whole number of at least 1' });
      }
      const unknown = await mgr.post('/api/v1/service/stock/receive', { outletId: outletA, partId: 999999, qty: 1 });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0]).toMatchObject({ path: 'partId', message: '配件不存在' });
      const noOutlet = await mgr.post('/api/v1/service/stock/receive', { outletId: 999999, partId: p.id, qty: 1 });
      expect(noOutlet.statusCode).toBe(400);
      expect((await tech.post('/api/v1/service/stock/receive', { outletId: outletA, partId: p.id, qty: 1 })).statusCode).toBe(403);
      expect(await count('part_movements')).toBe(before);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 0, reserved: 0 });
    });

    it('receives, transfers between outlets and lists stock with the low flag', async () => {
      const p = await makePart('TRF-1', 2000, 4);
      const r = await receive(outletA, p.id, 10);
      expect(r).toMatchObject({ outletId: outletA, partId: p.id, onHand: 10, reserved: 0, available: 10, minStock: 4, low: false });
      await receive(outletA, p.id, 2);

      const t = await mgr.post('/api/v1/service/stock/transfer', { fromOutletId: outletA, toOutletId: outletB, partId: p.id, qty: 9, note: '调拨' });
      expect(t.statusCode, t.body).toBe(200);
      expect(t.json()).toMatchObject({ from: { onHand: 3, available: 3, low: true }, to: { onHand: 9, low: false } });
      expect(await stock(outletA, p.id)).toEqual({ onHand: 3, reserved: 0 });
      expect(await stock(outletB, p.id)).toEqual({ onHand: 9, reserved: 0 });
      const kinds = (await movements(p.id)).map((m) => [m.kind, m.outlet_id, m.qty]);
      expect(kinds).toEqual([
        ['receive', outletA, 10],
        ['receive', outletA, 2],
        ['transfer_out', outletA, 9],
        ['transfer_in', outletB, 9],
      ]);

      // back the other way (the higher outlet id first), then too many, then the same outlet
      const back = await mgr.post('/api/v1/service/stock/transfer', { fromOutletId: outletB, toOutletId: outletA, partId: p.id, qty: 1 });
      expect(back.statusCode, back.body).toBe(200);
      const tooMany = await mgr.post('/api/v1/service/stock/transfer', { fromOutletId: outletB, toOutletId: outletA, partId: p.id, qty: 9 }, en);
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json()).toMatchObject({ code: 'PART_OUT_OF_STOCK', title: 'Not enough parts in stock', available: 8 });
      expect(await stock(outletA, p.id)).toEqual({ onHand: 4, reserved: 0 });
      expect(await stock(outletB, p.id)).toEqual({ onHand: 8, reserved: 0 });
      const same = await mgr.post('/api/v1/service/stock/transfer', { fromOutletId: outletA, toOutletId: outletA, partId: p.id, qty: 1 });
      expect(same.statusCode).toBe(400);
      expect(same.json().errors[0]).toMatchObject({ path: 'toOutletId', code: 'same_outlet' });
      expect((await agent.post('/api/v1/service/stock/transfer', { fromOutletId: outletA, toOutletId: outletB, partId: p.id, qty: 1 })).statusCode).toBe(403);
      expect((await db().selectFrom('audit_log').select('action').where('entity', '=', 'part_stock').where('entity_id', 'like', `%:${p.id}`).execute()).length).toBe(4);

      const list = await tech.get(`/api/v1/service/stock?partId=${p.id}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().total).toBe(2);
      expect(list.json().items.map((i: { outletId: number; low: boolean }) => [i.outletId, i.low])).toEqual([
        [outletA, false],
        [outletB, false],
      ]);
      await mgr.post('/api/v1/service/stock/transfer', { fromOutletId: outletA, toOutletId: outletB, partId: p.id, qty: 1 });
      const low = await tech.get(`/api/v1/service/stock?partId=${p.id}&low=true`);
      expect(low.json()).toMatchObject({ total: 1, items: [{ outletId: outletA, partCode: 'TRF-1', onHand: 3, available: 3, minStock: 4, low: true }] });
      const byOutlet = await tech.get(`/api/v1/service/stock?outletId=${outletB}&q=trf`);
      expect(byOutlet.json()).toMatchObject({ total: 1, items: [{ outletId: outletB, onHand: 9 }] });
    });
  });

  describe('parts on orders', () => {
    it('THE STOCK RACE: 5 units, 20 parallel requests on 20 orders → exactly 5 issued, never negative', async () => {
      const p = await makePart('RACE-1', 8800);
      await receive(outletA, p.id, 5);
      const orders = await Promise.all(Array.from({ length: 20 }, () => makeOrder()));
      const results = await Promise.all(orders.map((id) => tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 1 })));
      const ok = results.filter((r) => r.statusCode === 201);
      const refused = results.filter((r) => r.statusCode === 409);
      expect(ok.length, results.map((r) => r.statusCode).join(',')).toBe(5);
      expect(refused.length).toBe(15);
      for (const r of refused) expect(r.json()).toMatchObject({ code: 'PART_OUT_OF_STOCK', available: 0 });
      expect(await stock(outletA, p.id)).toEqual({ onHand: 0, reserved: 0 });
      expect((await movements(p.id, 'issue')).length).toBe(5);
      const items = await db().selectFrom('service_order_items').select('order_id').where('part_id', '=', p.id).execute();
      expect(items.length).toBe(5);
      // the orders that got the part are exactly those answered 201, each charged once
      const okOrders = ok.map((r) => r.json().orderId as number).sort((a, b) => a - b);
      expect(items.map((i) => i.order_id).sort((a, b) => a - b)).toEqual(okOrders);
      for (const id of okOrders) expect(Number((await order(id)).parts_fee_fen)).toBe(8800);
      const reqs = await db().selectFrom('part_requests').select('outcome').where('part_id', '=', p.id).execute();
      expect(reqs.filter((r) => r.outcome === 'issued').length).toBe(5);
      expect(reqs.filter((r) => r.outcome === 'short').length).toBe(15);
    });

    it('THE STOCK RACE on one order: 3 units, 12 parallel requests → 3 lines, fees of 3', async () => {
      const p = await makePart('RACE-2', 1000);
      await receive(outletA, p.id, 3);
      const id = await makeOrder();
      const results = await Promise.all(Array.from({ length: 12 }, () => mgr.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 1 })));
      expect(results.filter((r) => r.statusCode === 201).length, results.map((r) => r.statusCode).join(',')).toBe(3);
      expect(results.filter((r) => r.statusCode === 409 && r.json().code === 'PART_OUT_OF_STOCK').length).toBe(9);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 0, reserved: 0 });
      expect((await movements(p.id, 'issue')).length).toBe(3);
      const o = await order(id);
      expect(Number(o.parts_fee_fen)).toBe(3000);
      expect(Number(o.total_fee_fen)).toBe(5000 + 3000 + 3000);
      expect(o.version).toBe(1 + 3);
    });

    it('issues a part: the line at list price, fees, version, event and audit in one go; free in warranty', async () => {
      const p = await makePart('ISS-1', 4500);
      await receive(outletA, p.id, 10);
      const id = await makeOrder({ state: 'on_site' });
      const res = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 2 });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.fees).toEqual({ labourFen: 5000, calloutFen: 3000, partsFen: 9000, totalFen: 17000 });
      const line = body.items.find((i: { id: number }) => i.id === body.itemId);
      expect(line).toMatchObject({ kind: 'part', partId: p.id, partCode: 'ISS-1', qty: 2, unitPriceFen: 4500, amountFen: 9000, free: false, partState: 'issued', outletId: outletA });
      const o = await order(id);
      expect(o.version).toBe(2);
      expect(o.updated_at).toBe(h.clock.now().toISOString());
      const ev = await db().selectFrom('service_order_events').selectAll().where('order_id', '=', id).executeTakeFirstOrThrow();
      expect(ev).toMatchObject({ action: 'part_issued', actor_id: tech.userId, from_state: 'on_site', to_state: 'on_site' });
      expect(JSON.parse(ev.data!)).toMatchObject({ partId: p.id, code: 'ISS-1', qty: 2 });
      expect(await db().selectFrom('audit_log').select('action').where('entity', '=', 'service_order').where('entity_id', '=', String(id)).execute()).toEqual([{ action: 'part_issue' }]);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 8, reserved: 0 });
      // the part picker of an order shows the free stock at the order's outlet (0 where the outlet never held it)
      const picker = await tech.get(`/api/v1/service/parts?q=ISS-1&outletId=${outletA}`);
      expect(picker.json().items).toEqual([expect.objectContaining({ code: 'ISS-1', available: 8 })]);
      expect((await tech.get(`/api/v1/service/parts?q=ISS-1&outletId=${outletB}`)).json().items[0].available).toBe(0);
      expect((await tech.get('/api/v1/service/parts?q=ISS-1')).json().items[0].available).toBeUndefined();

      for (const warranty of ['in', 'agreement']) {
        const free = await makeOrder({ warranty, state: 'checked_in', mode: 'carry_in', labour_fee_fen: 0, callout_fee_fen: 0 });
        const r = await tech.post(`/api/v1/service/orders/${free}/parts`, { partId: p.id, qty: 3 });
        expect(r.statusCode).toBe(201);
        expect(r.json().items[0]).toMatchObject({ qty: 3, unitPriceFen: 4500, amountFen: 0, free: true });
        expect(r.json().fees).toMatchObject({ partsFen: 0, totalFen: 0 });
      }

      const items = await tech.get(`/api/v1/service/orders/${id}/items`);
      expect(items.statusCode).toBe(200);
      expect(items.json()).toMatchObject({ orderId: id, outletId: outletA, items: [{ partCode: 'ISS-1', qty: 2 }] });
    });

    it('reserves, then issues the reservation; releases another; reservations hold stock for their order', async () => {
      const p = await makePart('RES-1', 1000);
      await receive(outletA, p.id, 5);
      const id = await makeOrder();
      const r1 = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 3, reserve: true });
      expect(r1.statusCode, r1.body).toBe(201);
      const line1 = r1.json().items.find((i: { id: number }) => i.id === r1.json().itemId);
      expect(line1).toMatchObject({ partState: 'reserved', qty: 3, amountFen: 3000 });
      // reserved parts are not charged yet
      expect(r1.json().fees.partsFen).toBe(0);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 5, reserved: 3 });
      const ev = await db().selectFrom('service_order_events').select(['action', 'data']).where('order_id', '=', id).executeTakeFirstOrThrow();
      expect(ev.action).toBe('part_reserved');

      // another order sees only the free 2
      const other = await makeOrder();
      const tooMany = await tech.post(`/api/v1/service/orders/${other}/parts`, { partId: p.id, qty: 3 });
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json()).toMatchObject({ code: 'PART_OUT_OF_STOCK', available: 2 });

      const issued = await tech.post(`/api/v1/service/orders/${id}/parts/${line1.id}/issue`);
      expect(issued.statusCode, issued.body).toBe(200);
      expect(issued.json().items[0]).toMatchObject({ partState: 'issued', qty: 3 });
      expect(issued.json().fees.partsFen).toBe(3000);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 2, reserved: 0 });
      const issue = (await movements(p.id, 'issue'))[0]!;
      expect(issue).toMatchObject({ qty: 3, from_reserved: 3, order_id: id });
      // issuing twice is refused
      expect((await tech.post(`/api/v1/service/orders/${id}/parts/${line1.id}/issue`)).json().code).toBe('PART_LINE_STATE_INVALID');

      const r2 = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 2, reserve: true });
      expect(r2.statusCode).toBe(201);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 2, reserved: 2 });
      const rel = await tech.post(`/api/v1/service/orders/${id}/parts/${r2.json().itemId}/release`);
      expect(rel.statusCode, rel.body).toBe(200);
      expect(rel.json().items.find((i: { id: number }) => i.id === r2.json().itemId)).toMatchObject({ partState: 'released', amountFen: 0 });
      expect(rel.json().fees.partsFen).toBe(3000);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 2, reserved: 0 });
      expect((await movements(p.id)).map((m) => m.kind)).toEqual(['receive', 'reserve', 'issue', 'reserve', 'release']);
      expect((await tech.post(`/api/v1/service/orders/${id}/parts/${r2.json().itemId}/release`)).json().code).toBe('PART_LINE_STATE_INVALID');
    });

    it('returns unused parts to the outlet they came from, adjusting the line and the fees', async () => {
      const p = await makePart('RET-1', 2500);
      await receive(outletA, p.id, 4);
      const id = await makeOrder();
      const add = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 3 });
      const itemId = add.json().itemId;
      // the order moved to another outlet meanwhile: the parts still go back where they came from
      await db().updateTable('service_orders').set({ outlet_id: outletB }).where('id', '=', id).execute();

      const tooMany = await tech.post(`/api/v1/service/orders/${id}/parts/${itemId}/return`, { qty: 4 }, en);
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().errors[0]).toMatchObject({ path: 'qty', message: 'Cannot return more than was issued' });
      const bad = await tech.post(`/api/v1/service/orders/${id}/parts/${itemId}/return`, { qty: 0 });
      expect(bad.statusCode).toBe(400);

      const ret = await tech.post(`/api/v1/service/orders/${id}/parts/${itemId}/return`, { qty: 2 });
      expect(ret.statusCode, ret.body).toBe(200);
      expect(ret.json().items[0]).toMatchObject({ qty: 1, returnedQty: 2, amountFen: 2500, partState: 'issued' });
      expect(ret.json().fees).toMatchObject({ partsFen: 2500, totalFen: 5000 + 3000 + 2500 });
      expect(await stock(outletA, p.id)).toEqual({ onHand: 3, reserved: 0 });
      expect(await stock(outletB, p.id)).toEqual({ onHand: 0, reserved: 0 });
      expect((await movements(p.id, 'return'))[0]).toMatchObject({ qty: 2, outlet_id: outletA, order_id: id });
      const ev = await db().selectFrom('service_order_events').select('action').where('order_id', '=', id).orderBy('id').execute();
      expect(ev.map((e) => e.action)).toEqual(['part_issued', 'part_returned']);
      expect((await tech.post(`/api/v1/service/orders/${id}/parts/99999/return`, { qty: 1 })).statusCode).toBe(404);
    });

    it('refuses bad input with localised messages and writes nothing', async () => {
      const p = await makePart('BAD-1', 1000);
      await receive(outletA, p.id, 5);
      const id = await makeOrder();
      const before = await Promise.all([count('service_order_items'), count('part_movements'), count('part_requests'), count('service_order_events')]);
      const versionBefore = (await order(id)).version;
      for (const qty of [0, -1, 1.5]) {
        const zh = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty });
        expect(zh.statusCode, String(qty)).toBe(400);
        expect(zh.json().errors[0]).toMatchObject({ path: 'qty', message: '数量应为大于 0 的整数' });
        const e = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty }, en);
        expect(e.json().errors[0].message).toBe('The quantity is a whole number of at least 1');
      }
      const unknown = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: 999999, qty: 1 }, en);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0]).toMatchObject({ path: 'partId', message: 'No such part' });
      const missing = await tech.post(`/api/v1/service/orders/${id}/parts`, { qty: 1 });
      expect(missing.statusCode).toBe(400);
      const extra = await tech.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 1, price: 1 });
      expect(extra.statusCode).toBe(400);
      const after = await Promise.all([count('service_order_items'), count('part_movements'), count('part_requests'), count('service_order_events')]);
      expect(after).toEqual(before);
      expect((await order(id)).version).toBe(versionBefore);
      expect(await stock(outletA, p.id)).toEqual({ onHand: 5, reserved: 0 });
    });

    it('checks permission, scope and the order state', async () => {
      const p = await makePart('PERM-1', 1000);
      await receive(outletA, p.id, 10);
      const id = await makeOrder();
      // another technician does not see the order (own scope)
      const other = await tech2.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 1 });
      expect(other.statusCode).toBe(404);
      expect(other.json().code).toBe('ORDER_NOT_FOUND');
      expect((await tech2.get(`/api/v1/service/orders/${id}/items`)).statusCode).toBe(404);
      // management sees every order but does no field work
      expect((await boss.get(`/api/v1/service/orders/${id}/items`)).statusCode).toBe(200);
      expect((await boss.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 1 })).statusCode).toBe(403);
      expect((await sales.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 1 })).statusCode).toBe(403);
      // a dispatcher may record parts for the technician
      expect((await agent.post(`/api/v1/service/orders/${id}/parts`, { partId: p.id, qty: 1 })).statusCode).toBe(201);
      // the technician of an order in another team's scope: a technician owning it may
      const own2 = await makeOrder({ owner_id: tech2.userId });
      expect((await tech2.post(`/api/v1/service/orders/${own2}/parts`, { partId: p.id, qty: 1 })).statusCode).toBe(201);

      for (const state of ['received', 'dispatched', 'completed', 'closed', 'cancelled', 'ready']) {
        const o = await makeOrder({ state });
        const res = await tech.post(`/api/v1/service/orders/${o}/parts`, { partId: p.id, qty: 1 }, en);
        expect(res.statusCode, state).toBe(409);
        expect(res.json()).toMatchObject({ code: 'ORDER_STATE_INVALID', title: 'The order’s state does not allow this' });
      }
      const waiting = await makeOrder({ state: 'waiting_parts' });
      expect((await tech.post(`/api/v1/service/orders/${waiting}/parts`, { partId: p.id, qty: 1 })).statusCode).toBe(201);
      const noOutlet = await makeOrder({ outlet_id: null });
      expect((await tech.post(`/api/v1/service/orders/${noOutlet}/parts`, { partId: p.id, qty: 1 })).json().code).toBe('ORDER_NO_OUTLET');
      expect(await stock(outletA, p.id)).toEqual({ onHand: 7, reserved: 0 });
    });

    it('notifies the holders of service:parts once when the free stock falls below the minimum', async () => {
      const p = await makePart('LOW-1', 1000, 3);
      const notices = async (c: Client) =>
        (await db().selectFrom('notifications').select('title').where('user_id', '=', c.userId).execute()).filter((n) => n.title.includes('LOW-1')).length;
      await receive(outletA, p.id, 5);
      expect(await notices(mgr)).toBe(0);
      const o1 = await makeOrder();
      await tech.post(`/api/v1/service/orders/${o1}/parts`, { partId: p.id, qty: 2 }); // 3 left: not below
      expect(await notices(mgr)).toBe(0);
      await tech.post(`/api/v1/service/orders/${o1}/parts`, { partId: p.id, qty: 1 }); // 2 < 3: notice
      expect(await notices(mgr)).toBe(1);
      await tech.post(`/api/v1/service/orders/${o1}/parts`, { partId: p.id, qty: 1, reserve: true }); // still low: no second notice
      await tech.post(`/api/v1/service/orders/${o1}/parts`, { partId: p.id, qty: 1 });
      expect(await notices(mgr)).toBe(1);
      expect(await notices(tech)).toBe(0); // technicians do not hold service:parts
      expect(await notices(agent)).toBe(0);
      const title = (await db().selectFrom('notifications').select(['title', 'link']).where('user_id', '=', mgr.userId).orderBy('id', 'desc').executeTakeFirstOrThrow());
      expect(title.title).toContain('配件库存不足');
      expect(title.link).toBe(`/service/stock?outletId=${outletA}&partId=${p.id}`);
      // stock back at the minimum re-arms the notice; the next fall below notifies again
      await receive(outletA, p.id, 5); // on hand 6, reserved 1 → 5 free
      expect(await notices(mgr)).toBe(1);
      await tech.post(`/api/v1/service/orders/${o1}/parts`, { partId: p.id, qty: 3 }); // 2 free
      expect(await notices(mgr)).toBe(2);
    });
  });

  describe('report', () => {
    it('reports consumption and fill rate per part in a period and outlet', async () => {
      // outlets of their own, so the other tests' movements do not count
      const { outletId: c, teamId: teamC } = await createOutlet(h, 'PC', [['330108', 'urban']]);
      const { outletId: d } = await createOutlet(h, 'PD', [['330109', 'urban']]);
      const p = await makePart('REP-1', 1500);
      const q = await makePart('REP-2', 300);
      await receive(c, p.id, 3);
      await receive(c, q.id, 10);
      await receive(d, q.id, 10);
      const c1 = await makeOrder({ outlet_id: c, team_id: teamC });
      const c2 = await makeOrder({ outlet_id: c, team_id: teamC });
      const c3 = await makeOrder({ outlet_id: c, team_id: teamC });
      const d1 = await makeOrder({ outlet_id: d });
      const add1 = await tech.post(`/api/v1/service/orders/${c1}/parts`, { partId: p.id, qty: 2 });
      expect(add1.statusCode).toBe(201);
      expect((await tech.post(`/api/v1/service/orders/${c2}/parts`, { partId: p.id, qty: 2 })).statusCode).toBe(409); // short
      expect((await tech.post(`/api/v1/service/orders/${c2}/parts`, { partId: p.id, qty: 1 })).statusCode).toBe(201);
      expect((await tech.post(`/api/v1/service/orders/${c1}/parts/${add1.json().itemId}/return`, { qty: 1 })).statusCode).toBe(200);
      expect((await tech.post(`/api/v1/service/orders/${c3}/parts`, { partId: q.id, qty: 4, reserve: true })).statusCode).toBe(201);
      expect((await tech.post(`/api/v1/service/orders/${d1}/parts`, { partId: q.id, qty: 4 })).statusCode).toBe(201);
      await db()
        .insertInto('service_order_events')
        .values({ order_id: c2, at: h.clock.now().toISOString(), action: 'wait_parts', from_state: 'in_service', to_state: 'waiting_parts', actor_id: tech.userId, note: null, data: null })
        .execute();

      // 2026-11-23 in Beijing
      const res = await mgr.get(`/api/v1/service/parts/report?from=2026-11-23&to=2026-11-23&outletId=${c}`);
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(r.rows).toEqual([
        { partId: p.id, code: 'REP-1', name: '压缩机 REP-1', unit: '个', issuedQty: 3, returnedQty: 1, netQty: 2, valueFen: 3000, requests: 3, satisfied: 2, short: 1, fillRate: 2 / 3 },
        // reserved, not yet issued: a satisfied request, no consumption
        { partId: q.id, code: 'REP-2', name: '压缩机 REP-2', unit: '个', issuedQty: 0, returnedQty: 0, netQty: 0, valueFen: 0, requests: 1, satisfied: 1, short: 0, fillRate: 1 },
      ]);
      expect(r.totals).toEqual({ issuedQty: 3, returnedQty: 1, netQty: 2, valueFen: 3000, requests: 4, satisfied: 3, short: 1, fillRate: 0.75, waitingPartsOrders: 1 });

      const onlyD = (await boss.get(`/api/v1/service/parts/report?from=2026-11-23&to=2026-11-23&outletId=${d}`)).json();
      expect(onlyD.rows).toEqual([expect.objectContaining({ code: 'REP-2', issuedQty: 4, netQty: 4, valueFen: 1200, requests: 1, fillRate: 1 })]);
      expect(onlyD.totals).toMatchObject({ requests: 1, fillRate: 1, waitingPartsOrders: 0 });

      // every outlet: both outlets' REP-2 lines add up
      const all = (await mgr.get('/api/v1/service/parts/report?from=2026-11-23&to=2026-11-23')).json();
      expect(all.rows.find((x: { code: string }) => x.code === 'REP-2')).toMatchObject({ issuedQty: 4, requests: 2, satisfied: 2 });

      expect((await mgr.get('/api/v1/service/parts/report?from=2026-11-24&to=2026-12-31')).json()).toMatchObject({ rows: [], totals: { requests: 0, fillRate: null } });
      // Beijing days: 2026-11-23 starts at 2026-11-22T16:00Z, so the day before is empty
      expect((await mgr.get('/api/v1/service/parts/report?from=2026-11-01&to=2026-11-22')).json().rows).toEqual([]);

      expect((await tech.get('/api/v1/service/parts/report?from=2026-11-23&to=2026-11-23')).statusCode).toBe(403);
      const backwards = await mgr.get('/api/v1/service/parts/report?from=2026-11-23&to=2026-11-01', en);
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().errors[0]).toMatchObject({ path: 'to', message: 'The end date cannot be before the start date' });
      expect((await mgr.get('/api/v1/service/parts/report?from=2026-13-01&to=2026-12-01')).statusCode).toBe(400);
    });
  });
});
