import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createCustomer, createCategory, createProduct, createTechnician, createUnit, serviceWorld, setStock, type ServiceWorld } from '../../test/service-factories';
import { Scheduler } from '../../platform/jobs';
import { agreementYear, expireAgreements, renewalPeriod } from './agreements-service';
import { createMaintenanceOrders, MAINTENANCE_JOB, proactiveServiceJobs, sendLifecycleReminders } from './proactive-jobs';

describe('agreement calendar rules', () => {
  it('counts agreement years from the start date and stops the last at the end date', () => {
    expect(agreementYear('2026-03-15', '2029-03-14', '2026-03-15')).toEqual({ from: '2026-03-15', to: '2027-03-14' });
    expect(agreementYear('2026-03-15', '2029-03-14', '2027-03-15')).toEqual({ from: '2027-03-15', to: '2028-03-14' });
    expect(agreementYear('2026-03-15', '2026-09-30', '2026-08-01')).toEqual({ from: '2026-03-15', to: '2026-09-30' });
    // 29 February starts: the anniversary falls on the 28th in common years
    expect(agreementYear('2024-02-29', '2027-02-27', '2025-03-01')).toEqual({ from: '2025-02-28', to: '2026-02-27' });
  });
  it('renews for the same whole months, else the same number of days', () => {
    expect(renewalPeriod('2026-01-01', '2026-12-31')).toEqual({ startDate: '2027-01-01', endDate: '2027-12-31' });
    expect(renewalPeriod('2026-03-15', '2027-03-14')).toEqual({ startDate: '2027-03-15', endDate: '2028-03-14' });
    expect(renewalPeriod('2026-01-01', '2026-01-10')).toEqual({ startDate: '2026-01-11', endDate: '2026-01-20' });
    expect(renewalPeriod('2026-01-01', '2026-12-31', '2027-02-01')).toEqual({ startDate: '2027-02-01', endDate: '2028-01-31' });
  });
});

describe.each(testDatabases())('service agreements (%s)', (kind) => {
  let h: Harness;
  let agent: Client;
  let tech: Client;
  let w: ServiceWorld;
  let otherCustomer: number;
  let otherUnit: number;

  beforeAll(async () => {
    // Monday 2026-11-23 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    agent = await h.user('agent1', ['service_agent']);
    // bought 2024: out of its 12-month 三包 warranty
    w = await serviceWorld(h, '2024-06-01');
    tech = await createTechnician(h, 'tech1', w.outletId, w.outletTeamId, ['aircon']);
    otherCustomer = await createCustomer(h);
    otherUnit = await createUnit(h, w.productId, otherCustomer, `SN-OTHER-${otherCustomer}`, '2024-06-01');
  });
  afterAll(async () => h.close());

  const db = () => h.kehu.ctx.db;
  const body = (over: Record<string, unknown> = {}) => ({
    customerId: w.customerId,
    unitIds: [w.unitId],
    startDate: '2026-11-01',
    endDate: '2027-10-31',
    visitsPerYear: 2,
    responseLevel: 'gold',
    partsIncluded: false,
    feeFen: 1_200_000,
    paymentTerms: '签订后 15 日内一次付清',
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await agent.post('/api/v1/service/agreements', body(over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const activate = async (a: { id: number; version: number }, extra: Record<string, unknown> = {}) => {
    const res = await agent.post(`/api/v1/service/agreements/${a.id}/activate`, { version: a.version, ...extra });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const order = async (over: Record<string, unknown> = {}) => {
    const res = await agent.post('/api/v1/service/orders', { customerId: w.customerId, unitId: w.unitId, type: 'repair', mode: 'onsite', channel: 'phone', description: '空调不制冷', ...over });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const countOf = async (table: 'service_agreements' | 'audit_log') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses bad agreements with field messages and writes nothing', async () => {
    const before = await countOf('service_agreements');
    let res = await agent.post('/api/v1/service/agreements', body({ startDate: '2027-01-01', endDate: '2026-12-31' }), { 'accept-language': 'en-US' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'endDate', code: 'agreement_end_before_start', message: 'The agreement cannot end before it starts' })]);
    // a unit of another customer, an unknown unit, a unit twice
    res = await agent.post('/api/v1/service/agreements', body({ unitIds: [w.unitId, otherUnit, 999999, w.unitId] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['unitIds.3', 'duplicate_value'],
      ['unitIds.1', 'unit_not_of_customer'],
      ['unitIds.2', 'unknown_unit'],
    ]);
    res = await agent.post('/api/v1/service/agreements', body({ responseLevel: 'platinum', signedDate: '2026-12-01', endDate: '2037-01-01' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['endDate', 'agreement_too_long'],
      ['signedDate', 'date_in_future'],
      ['responseLevel', 'unknown_dictionary_value'],
    ]);
    res = await agent.post('/api/v1/service/agreements', body({ startDate: '2026-02-30', feeFen: -1 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['feeFen', 'startDate']);
    // a technician may read but not write
    res = await tech.post('/api/v1/service/agreements', body());
    expect(res.statusCode).toBe(403);
    expect(await countOf('service_agreements')).toBe(before);
  });

  it('creates a draft, edits it with a version, activates, locks the terms in force, terminates and archives, audited', async () => {
    let a = await create();
    expect(a).toMatchObject({ state: 'draft', customerId: w.customerId, unitCount: 1, visitsPerYear: 2, responseLevel: 'gold', partsIncluded: false, feeFen: 1_200_000, scope: ['repair', 'maintenance', 'inspection', 'hotline'] });
    expect(a.code).toMatch(/^XY20261123-\d{4}$/);
    expect(a.units).toEqual([expect.objectContaining({ id: w.unitId, serialNo: `SN${w.customerId}` })]);
    expect(a.usage).toMatchObject({ yearStart: '2026-11-01', yearEnd: '2027-10-31', visitsIncluded: 2, visitsUsed: 0 });

    const stale = await agent.patch(`/api/v1/service/agreements/${a.id}`, { version: a.version + 5, visitsPerYear: 4 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    let res = await agent.patch(`/api/v1/service/agreements/${a.id}`, { version: a.version, visitsPerYear: 4, unitIds: [] });
    expect(res.statusCode, res.body).toBe(200);
    a = res.json();
    expect(a).toMatchObject({ visitsPerYear: 4, unitCount: 0, version: 2 });

    // no units: cannot come into force
    res = await agent.post(`/api/v1/service/agreements/${a.id}/activate`, { version: a.version });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'unitIds', code: 'units_required' });
    a = (await agent.patch(`/api/v1/service/agreements/${a.id}`, { version: a.version, unitIds: [w.unitId] })).json();
    a = await activate(a);
    expect(a).toMatchObject({ state: 'active', signedDate: '2026-11-23' });
    expect(a.activatedAt).toBeTruthy();

    // in force: terms are locked, the note and payment terms are not
    res = await agent.patch(`/api/v1/service/agreements/${a.id}`, { version: a.version, feeFen: 1, note: '改价' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'AGREEMENT_TERMS_LOCKED', errors: [expect.objectContaining({ path: 'feeFen' })] });
    res = await agent.patch(`/api/v1/service/agreements/${a.id}`, { version: a.version, note: '每季度巡检一次', paymentTerms: '分两期支付' });
    expect(res.statusCode, res.body).toBe(200);
    a = res.json();
    expect(a).toMatchObject({ note: '每季度巡检一次', paymentTerms: '分两期支付' });

    // a second agreement in force for the same unit and an overlapping period is refused
    const second = await create({ startDate: '2027-06-01', endDate: '2028-05-31' });
    res = await agent.post(`/api/v1/service/agreements/${second.id}/activate`, { version: second.version });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'AGREEMENT_UNIT_COVERED', errors: [expect.objectContaining({ path: 'unitIds.0', code: 'unit_in_other_agreement' })] });
    expect((await agent.get(`/api/v1/service/agreements/${second.id}`)).json().state).toBe('draft');

    // lists: by code, by unit, by state
    let list = (await agent.get(`/api/v1/service/agreements?q=${a.code}`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    list = (await agent.get(`/api/v1/service/agreements?q=${encodeURIComponent('西湖电器')}`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(a.id);
    list = (await agent.get(`/api/v1/service/agreements?unitId=${w.unitId}&state=active`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    expect((await agent.get('/api/v1/service/agreements?sort=bogus')).statusCode).toBe(400);

    // the technician's customer scope (their team) does not reach this customer: not found, not listed
    expect((await tech.get(`/api/v1/service/agreements/${a.id}`)).statusCode).toBe(404);
    expect((await tech.get('/api/v1/service/agreements')).json().total).toBe(0);

    // archive only after termination
    res = await agent.post(`/api/v1/service/agreements/${a.id}/archive`, { version: a.version });
    expect(res.statusCode).toBe(409);
    res = await agent.post(`/api/v1/service/agreements/${a.id}/terminate`, { version: a.version, reason: '' });
    expect(res.statusCode).toBe(400);
    res = await agent.post(`/api/v1/service/agreements/${a.id}/terminate`, { version: a.version, reason: '客户停用设备' });
    expect(res.statusCode, res.body).toBe(200);
    a = res.json();
    expect(a).toMatchObject({ state: 'terminated', terminationReason: '客户停用设备' });
    res = await agent.patch(`/api/v1/service/agreements/${a.id}`, { version: a.version, visitsPerYear: 9 });
    expect(res.statusCode).toBe(409);
    res = await agent.post(`/api/v1/service/agreements/${a.id}/archive`, { version: a.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().archivedAt).toBeTruthy();
    expect((await agent.get('/api/v1/service/agreements')).json().items.map((x: { id: number }) => x.id)).not.toContain(a.id);
    await agent.post(`/api/v1/service/agreements/${second.id}/archive`, { version: second.version });

    const audits = await db().selectFrom('audit_log').select('action').where('entity', '=', 'service_agreement').where('entity_id', '=', String(a.id)).orderBy('id').execute();
    expect(audits.map((r) => r.action)).toEqual(['create', 'update', 'update', 'activate', 'update', 'terminate', 'archive']);
    const timeline = (await h.admin.get(`/api/v1/customers/${w.customerId}/timeline?type=service_agreement`)).json();
    expect(timeline.items.map((e: { data: { action: string } }) => e.data.action)).toEqual(['terminate', 'activate']);
  });

  it('gives an order under an agreement its terms: free labour, its response level, included visits, parts as agreed', async () => {
    // before any agreement: out of warranty at the customer's tier
    const plain = await order();
    expect(plain).toMatchObject({ warranty: 'out', tier: 'standard', agreementId: null });

    const a = await activate(await create({ visitsPerYear: 1, responseLevel: 'vip' }));
    const repair = await order();
    expect(repair).toMatchObject({ warranty: 'agreement', tier: 'vip', agreementId: a.id });
    const m1 = await order({ type: 'maintenance', description: '年度保养' });
    expect(m1).toMatchObject({ warranty: 'agreement', tier: 'vip', agreementId: a.id });
    // beyond the included visit: taken all the same, charged as without the agreement
    const m2 = await order({ type: 'inspection', description: '加一次巡检' });
    expect(m2).toMatchObject({ warranty: 'out', tier: 'vip', agreementId: a.id });
    // another customer's unit is not covered
    const other = (await agent.post('/api/v1/service/orders', { customerId: otherCustomer, unitId: otherUnit, type: 'repair', mode: 'onsite', channel: 'phone', description: '不制冷' })).json();
    expect(other).toMatchObject({ warranty: 'out', agreementId: null });

    let detail = (await agent.get(`/api/v1/service/agreements/${a.id}`)).json();
    expect(detail.usage).toMatchObject({ visitsIncluded: 1, visitsUsed: 1, visitsCharged: 1 });
    expect(detail.orders.map((o: { id: number }) => o.id).sort()).toEqual([repair.id, m1.id, m2.id].sort());

    // a cancelled visit gives the entitlement back
    const cancelled = await agent.post(`/api/v1/service/orders/${m1.id}/transitions`, { action: 'cancel', version: m1.version, note: '客户改期' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    detail = (await agent.get(`/api/v1/service/agreements/${a.id}`)).json();
    expect(detail.usage).toMatchObject({ visitsUsed: 0, visitsCharged: 1 });
    const m3 = await order({ type: 'maintenance', description: '改期后的保养' });
    expect(m3.warranty).toBe('agreement');

    // parts are charged when the agreement does not include them
    await setStock(h, w.outletId, w.partId, 10);
    const toWork = (id: number) => db().updateTable('service_orders').set({ state: 'in_service', outlet_id: w.outletId, owner_id: tech.userId, team_id: w.outletTeamId }).where('id', '=', id).execute();
    await toWork(repair.id);
    let res = await agent.post(`/api/v1/service/orders/${repair.id}/parts`, { partId: w.partId, qty: 1 });
    expect(res.statusCode, res.body).toBe(201);
    let items = (await agent.get(`/api/v1/service/orders/${repair.id}/items`)).json();
    expect(items.items.find((i: { kind: string }) => i.kind === 'part')).toMatchObject({ free: false, amountFen: 8800 });

    // an agreement that includes parts (for the other customer): the part is free
    const b = await activate(await create({ customerId: otherCustomer, unitIds: [otherUnit], partsIncluded: true, responseLevel: 'silver' }));
    const covered = (await agent.post('/api/v1/service/orders', { customerId: otherCustomer, unitId: otherUnit, type: 'repair', mode: 'onsite', channel: 'phone', description: '漏水' })).json();
    expect(covered).toMatchObject({ warranty: 'agreement', tier: 'silver', agreementId: b.id });
    await toWork(covered.id);
    res = await agent.post(`/api/v1/service/orders/${covered.id}/parts`, { partId: w.partId, qty: 2 });
    expect(res.statusCode, res.body).toBe(201);
    items = (await agent.get(`/api/v1/service/orders/${covered.id}/items`)).json();
    expect(items.items.find((i: { kind: string }) => i.kind === 'part')).toMatchObject({ free: true, amountFen: 0 });

    // renewal: a linked draft for the next year; once only
    res = await agent.post(`/api/v1/service/agreements/${a.id}/renew`, {});
    expect(res.statusCode, res.body).toBe(201);
    const renewal = res.json();
    expect(renewal).toMatchObject({ state: 'draft', startDate: '2027-11-01', endDate: '2028-10-31', renewedFrom: { id: a.id }, visitsPerYear: 1, responseLevel: 'vip', unitCount: 1 });
    expect((await agent.post(`/api/v1/service/agreements/${a.id}/renew`, {})).json().code).toBe('AGREEMENT_ALREADY_RENEWED');
    expect((await agent.get(`/api/v1/service/agreements/${a.id}`)).json().renewedBy).toMatchObject({ id: renewal.id, state: 'draft' });
    // the renewal can come into force beside the old one: the periods do not overlap
    expect((await activate(renewal)).state).toBe('active');

    // after its end the agreement no longer covers orders, and the daily job marks it expired
    const later = new Date('2027-11-02T02:00:00Z');
    expect(await expireAgreements(h.kehu.ctx, later)).toBeGreaterThanOrEqual(1);
    expect(await expireAgreements(h.kehu.ctx, later)).toBe(0);
    const after = (await db().selectFrom('service_agreements').select(['state']).where('id', '=', a.id).executeTakeFirstOrThrow()).state;
    expect(after).toBe('expired');
  });

  describe('proactive jobs', () => {
    let customerId: number;
    let productId: number;
    let units: Record<string, number>;

    beforeAll(async () => {
      customerId = await createCustomer(h);
      // maintenance every 90 days, design life 10 years
      const categoryId = await createCategory(h, `pro${customerId}`, { maintenance_interval_days: 90, design_life_years: 10 });
      productId = await createProduct(h, categoryId, `PRO-${customerId}`);
      const unit = (serial: string, over: Record<string, unknown>) => createUnit(h, productId, customerId, `${serial}-${customerId}`, null, over);
      units = {
        // installed 2026-07-01: 90 days passed on 2026-09-29 → due
        due: await unit('DUE', { install_date: '2026-07-01', purchase_date: '2026-06-20' }),
        // bought 2026-10-01: not yet
        fresh: await unit('FRESH', { purchase_date: '2026-10-01' }),
        // serviced recently: not due
        serviced: await unit('SERVICED', { install_date: '2025-01-01' }),
        // no date at all: no schedule
        undated: await unit('UNDATED', {}),
        // archived: ignored
        archived: await unit('ARCHIVED', { install_date: '2025-01-01', archived_at: '2026-01-01T00:00:00Z' }),
        // warranty ends in 10 days; in 40 days
        warrantySoon: await unit('WSOON', { purchase_date: '2025-12-03', warranty_end: '2026-12-03' }),
        warrantyLater: await unit('WLATER', { purchase_date: '2026-01-02', warranty_end: '2027-01-02' }),
        // design life ends 2026-12-01 (within 90 days); one long past; one far off
        lifeSoon: await unit('LSOON', { install_date: '2016-12-01' }),
        lifeOver: await unit('LOVER', { purchase_date: '2010-05-05' }),
      };
      const now = h.clock.now().toISOString();
      await db()
        .insertInto('service_orders')
        .values({ code: `FWJ-${kind}-1`, type: 'maintenance', mode: 'onsite', channel: 'phone', priority: 'normal', state: 'closed', customer_id: customerId, unit_id: units.serviced!, description: '保养', tier: 'standard', warranty: 'out', sla: '{}', completed_at: '2026-10-15T03:00:00Z', created_at: now, updated_at: now })
        .execute();
    });

    const maintenanceOrders = (unitId: number) =>
      db().selectFrom('service_orders').select(['id', 'state', 'channel', 'created_by', 'version']).where('unit_id', '=', unitId).where('type', '=', 'maintenance').where('channel', '=', 'auto').execute();

    it('creates each due maintenance order once, through the intake, even with two runs at the same time', async () => {
      const now = h.clock.now();
      const run = async (at: Date) => {
        h.clock.set(at);
        return createMaintenanceOrders(h.kehu.ctx, at);
      };
      const [r1, r2] = await Promise.all([createMaintenanceOrders(h.kehu.ctx, now), createMaintenanceOrders(h.kehu.ctx, now)]);
      expect(r1.failed + r2.failed).toBe(0);
      const due = await maintenanceOrders(units.due!);
      expect(due).toHaveLength(1);
      expect(due[0]).toMatchObject({ state: 'received', channel: 'auto', created_by: 0 });
      // another customer's unit (bought 2024, its category's interval 180 days) is due as well
      expect(await maintenanceOrders(otherUnit)).toHaveLength(1);
      for (const k of ['fresh', 'serviced', 'undated', 'archived']) expect(await maintenanceOrders(units[k]!), k).toHaveLength(0);
      expect(r1.created + r2.created).toBeGreaterThanOrEqual(2);

      // the order is an ordinary one: SLA deadlines, event, timeline, audit
      const card = (await agent.get(`/api/v1/service/orders/${due[0]!.id}`)).json();
      expect(card).toMatchObject({ type: 'maintenance', mode: 'onsite', state: 'received' });
      expect(card.due.next).toBeTruthy();
      expect(card.events[0]).toMatchObject({ action: 'create', actorName: null });

      // again the same day, or any day while it is open: nothing new
      expect((await createMaintenanceOrders(h.kehu.ctx, now)).created).toBe(0);

      // the customer declines: the next round counts from the cancellation
      const res = await agent.post(`/api/v1/service/orders/${due[0]!.id}/transitions`, { action: 'cancel', version: card.version, note: '客户暂不需要' });
      expect(res.statusCode, res.body).toBe(200);
      await run(new Date('2026-12-20T02:00:00Z'));
      expect(await maintenanceOrders(units.due!)).toHaveLength(1);
      await run(new Date('2027-02-22T02:00:00Z'));
      expect(await maintenanceOrders(units.due!)).toHaveLength(2);
      h.clock.set(now);
    });

    it('runs once with two schedulers', async () => {
      // close the open automatic orders so that the units are due again 90 days later
      await db().updateTable('service_orders').set({ state: 'closed', completed_at: '2027-02-22T05:00:00Z' }).where('channel', '=', 'auto').execute();
      // after the day's agreement expiry (16:05 UTC), before the maintenance run (22:00 UTC)
      const start = new Date('2027-05-24T17:00:00Z');
      h.clock.set(start);
      const ctx = h.kehu.ctx;
      const schedulers = [new Scheduler(ctx.db, h.clock), new Scheduler(ctx.db, h.clock)];
      for (const s of schedulers) {
        proactiveServiceJobs({ ...ctx, scheduler: s });
        await s.start(3_600_000);
      }
      const before = (await maintenanceOrders(units.due!)).length;
      h.clock.set(new Date('2027-05-24T22:00:30Z'));
      const ran = await Promise.all(schedulers.map((s) => s.runDue()));
      expect(ran[0]! + ran[1]!).toBe(1); // the maintenance job; the others are due later
      expect(await maintenanceOrders(units.due!)).toHaveLength(before + 1);
      const jobs = await ctx.db.selectFrom('jobs').select(['name', 'status']).where('name', '=', MAINTENANCE_JOB).orderBy('id').execute();
      expect(jobs.map((j) => j.status)).toEqual(['done', 'pending']); // and the next day's occurrence, once
      for (const s of schedulers) await s.stop();
      h.clock.set(new Date('2026-11-23T02:00:00Z'));
    });

    it('reminds of warranty ends and design-life ends once per unit, on the timeline and to the owner', async () => {
      const now = new Date('2026-11-23T01:00:00Z');
      h.clock.set(now);
      const [a, b] = await Promise.all([sendLifecycleReminders(h.kehu.ctx, now), sendLifecycleReminders(h.kehu.ctx, now)]);
      expect(a.warranty + b.warranty).toBe(1);
      expect(a.designLife + b.designLife).toBe(2);
      const events = (await h.admin.get(`/api/v1/customers/${customerId}/timeline?pageSize=50`)).json().items as { type: string; refId: string; data: Record<string, string>; title: string }[];
      const warranty = events.filter((e) => e.type === 'warranty_expiring');
      expect(warranty).toEqual([expect.objectContaining({ refId: String(units.warrantySoon), data: { serial: `WSOON-${customerId}`, model: `PRO-${customerId}`, date: '2026-12-03' } })]);
      const life = events.filter((e) => e.type === 'design_life_end').sort((x, y) => x.data.date!.localeCompare(y.data.date!));
      expect(life.map((e) => [e.refId, e.data.date])).toEqual([
        [String(units.lifeOver), '2020-05-05'],
        [String(units.lifeSoon), '2026-12-01'],
      ]);
      expect(life[0]!.title).toContain('设计寿命已到');
      expect(life[1]!.title).toContain('设计寿命将到');
      // the owner (the admin created the customer) hears of each once
      const notices = await db().selectFrom('notifications').select(['title', 'link']).where('user_id', '=', h.admin.userId).where('title', 'like', `%-${customerId}`).execute();
      expect(notices).toHaveLength(3);
      expect(notices.map((n) => n.link).sort()).toEqual([`/service/units/${units.lifeOver}`, `/service/units/${units.lifeSoon}`, `/service/units/${units.warrantySoon}`].sort());

      // later runs: the same reminders are not sent again; the other warranty comes into the window
      const again = await sendLifecycleReminders(h.kehu.ctx, new Date('2026-12-05T01:00:00Z'));
      expect(again).toEqual({ warranty: 1, designLife: 0 });
      const w2 = await db().selectFrom('customer_events').select('ref_id').where('customer_id', '=', customerId).where('type', '=', 'warranty_expiring').execute();
      expect(w2.map((e) => e.ref_id).sort()).toEqual([String(units.warrantySoon), String(units.warrantyLater)].sort());
      expect(await sendLifecycleReminders(h.kehu.ctx, new Date('2026-12-06T01:00:00Z'))).toEqual({ warranty: 0, designLife: 0 });
    });
  });
});
