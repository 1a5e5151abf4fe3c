import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { makeEnterprise } from '../../test/factories';
import { findSlaTargets, pickRule } from './sla';
import { refreshSlaCounts, scanSla } from './sla-scan';
import { SLA_SCAN_JOB } from './sla-routes';
import { invalidateWorkCalendar, loadWorkCalendar } from '../../platform/calendar-store';

describe('pickRule', () => {
  const r = (service_type: string, tier: string, region_type: string, priority: string) => ({ service_type, tier, region_type, priority });
  it('the rule with more non-wildcard fields wins', () => {
    expect(pickRule([r('*', '*', '*', '*'), r('*', 'vip', 'remote', '*'), r('*', 'vip', '*', '*')])).toEqual(r('*', 'vip', 'remote', '*'));
  });
  it('ties go to the rule specific in the earlier field: service type, tier, region type, priority', () => {
    expect(pickRule([r('*', 'vip', '*', '*'), r('repair', '*', '*', '*')])).toEqual(r('repair', '*', '*', '*'));
    expect(pickRule([r('*', '*', 'remote', '*'), r('*', 'vip', '*', '*')])).toEqual(r('*', 'vip', '*', '*'));
    expect(pickRule([r('*', '*', '*', 'urgent'), r('*', '*', 'remote', '*')])).toEqual(r('*', '*', 'remote', '*'));
    expect(pickRule([r('*', 'gold', '*', 'urgent'), r('*', 'gold', 'remote', '*')])).toEqual(r('*', 'gold', 'remote', '*'));
  });
  it('nothing to pick: undefined', () => {
    expect(pickRule([])).toBeUndefined();
  });
});

describe.each(testDatabases())('SLA API on %s', (kind) => {
  let h: Harness;
  let tech: Client;
  let tech2: Client;
  let manager: Client;
  let customerId: number;
  beforeAll(async () => {
    h = await createHarness(kind, { now: new Date('2026-11-23T01:00:00Z') }); // Monday 09:00 in Shanghai
    tech = await h.user('tech_wang', ['technician']);
    tech2 = await h.user('tech_zhao', ['technician']);
    manager = await h.user('svc_boss', ['service_manager']);
    const c = await h.admin.post('/api/v1/customers', makeEnterprise());
    expect(c.statusCode).toBe(201);
    customerId = c.json().id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.kehu.ctx.db;
  const put = (c: Client, url: string, body: unknown) =>
    c.raw({ method: 'PUT', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const auditCount = async (entity: string) =>
    Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('entity', '=', entity).executeTakeFirstOrThrow()).n);

  describe('rules', () => {
    const body = {
      serviceType: 'repair',
      tier: '*',
      regionType: 'urban',
      priority: '*',
      ackMinutes: 60,
      appointmentMinutes: 90,
      arrivalMinutes: 240,
      fixMinutes: 960,
      visitMinutes: 1440,
      businessHours: true,
      pauseOnCustomer: true,
      pauseOnParts: false,
      warnPercent: 75,
    };
    let ruleId: number;
    let version: number;

    it('starts with the default rules of domain.md §3.8', async () => {
      const res = await h.admin.get('/api/v1/service/sla-rules?pageSize=200');
      expect(res.statusCode).toBe(200);
      const list = res.json();
      expect(list.total).toBe(24);
      const general = list.items.find((x: { tier: string; regionType: string; priority: string }) => x.tier === '*' && x.regionType === '*' && x.priority === '*');
      expect(general).toMatchObject({ ackMinutes: 120, appointmentMinutes: 120, arrivalMinutes: 480, fixMinutes: 1440, visitMinutes: 1440, businessHours: true, warnPercent: 80, specificity: 0 });
    });

    it('looks up the most specific rule: tiers halve or shorten the response, urgent is tighter, remote is longer', async () => {
      const std = await findSlaTargets(db(), { serviceType: 'repair', tier: 'standard', regionType: 'urban', priority: 'normal' });
      expect(std).toMatchObject({ ackMinutes: 120, arrivalMinutes: 480, fixMinutes: 1440 });
      expect(std.ruleId).toEqual(expect.any(Number));
      const remote = await findSlaTargets(db(), { serviceType: 'repair', tier: 'standard', regionType: 'remote', priority: 'normal' });
      expect(remote).toMatchObject({ arrivalMinutes: 1440, fixMinutes: 3360 });
      const vip = await findSlaTargets(db(), { serviceType: 'install', tier: 'vip', regionType: 'urban', priority: 'normal' });
      expect(vip).toMatchObject({ ackMinutes: 60, appointmentMinutes: 60, arrivalMinutes: 240, fixMinutes: 1440 });
      const gold = await findSlaTargets(db(), { serviceType: 'install', tier: 'gold', regionType: 'suburban', priority: 'normal' });
      expect(gold).toMatchObject({ ackMinutes: 90, arrivalMinutes: 720, fixMinutes: 2400 });
      const urgentVip = await findSlaTargets(db(), { serviceType: 'repair', tier: 'vip', regionType: 'remote', priority: 'urgent' });
      expect(urgentVip).toMatchObject({ ackMinutes: 15, appointmentMinutes: 30, arrivalMinutes: 360, fixMinutes: 1680 });
      // an unknown region type falls to the '*' rule
      const other = await findSlaTargets(db(), { serviceType: 'repair', tier: 'silver', regionType: 'island', priority: 'normal' });
      expect(other).toMatchObject({ ackMinutes: 120, arrivalMinutes: 480 });
    });

    it('a technician reads the rules but may not write them', async () => {
      expect((await tech.get('/api/v1/service/sla-rules')).statusCode).toBe(200);
      expect((await tech.post('/api/v1/service/sla-rules', body)).statusCode).toBe(403);
    });

    it('validates: positive whole minutes, warning share 1–99, known tier', async () => {
      const bad = await h.admin.post('/api/v1/service/sla-rules', { ...body, ackMinutes: 0, fixMinutes: 1.5, warnPercent: 100 });
      expect(bad.statusCode).toBe(400);
      const paths = bad.json().errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['ackMinutes', 'fixMinutes', 'warnPercent']);
      const tier = await h.admin.post('/api/v1/service/sla-rules', { ...body, tier: 'platinum' });
      expect(tier.statusCode).toBe(400);
      expect(tier.json().errors[0]).toMatchObject({ path: 'tier', code: 'unknown_dictionary_value' });
      const type = await h.admin.post('/api/v1/service/sla-rules', { ...body, serviceType: 'juggling' });
      expect(type.statusCode).toBe(400);
      expect(await auditCount('sla_rule')).toBe(0);
    });

    it('creates a rule; the more specific one now wins the lookup', async () => {
      const res = await h.admin.post('/api/v1/service/sla-rules', body);
      expect(res.statusCode).toBe(201);
      ruleId = res.json().id;
      version = res.json().version;
      expect(res.json()).toMatchObject({ ...body, specificity: 2, archivedAt: null, version: 1 });
      const t = await findSlaTargets(db(), { serviceType: 'repair', tier: 'standard', regionType: 'urban', priority: 'normal' });
      expect(t).toMatchObject({ ruleId, ackMinutes: 60, pauseOnParts: false, warnPercent: 75 });
      // a VIP urban repair: (repair,*,urban,*) and (*,vip,urban,*) both have two fields; service type comes first
      const v = await findSlaTargets(db(), { serviceType: 'repair', tier: 'vip', regionType: 'urban', priority: 'normal' });
      expect(v.ruleId).toBe(ruleId);
      expect(await auditCount('sla_rule')).toBe(1);
    });

    it('refuses a second rule with the same key: 409 SLA_RULE_DUPLICATE', async () => {
      const res = await h.admin.post('/api/v1/service/sla-rules', { ...body, ackMinutes: 30 });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('SLA_RULE_DUPLICATE');
      const moved = await h.admin.patch('/api/v1/service/sla-rules/' + ruleId, { regionType: '*', tier: '*', serviceType: '*', priority: '*', version });
      expect(moved.statusCode).toBe(409);
      expect(moved.json().code).toBe('SLA_RULE_DUPLICATE');
    });

    it('updates with the version; a stale version is a 409 and writes nothing', async () => {
      const ok = await h.admin.patch('/api/v1/service/sla-rules/' + ruleId, { ackMinutes: 45, version });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ ackMinutes: 45, version: 2 });
      const stale = await h.admin.patch('/api/v1/service/sla-rules/' + ruleId, { ackMinutes: 50, version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');
      version = 2;
      const row = await db().selectFrom('sla_rules').select('ack_minutes').where('id', '=', ruleId).executeTakeFirstOrThrow();
      expect(row.ack_minutes).toBe(45);
      const entry = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'sla_rule').where('action', '=', 'update').executeTakeFirstOrThrow();
      expect(JSON.parse(entry.before!).ackMinutes).toBe(60);
      expect(JSON.parse(entry.after!).ackMinutes).toBe(45);
    });

    it('archive stops the rule matching; an archived rule is not edited; restore brings it back', async () => {
      const a = await h.admin.post(`/api/v1/service/sla-rules/${ruleId}/archive`, { version });
      expect(a.statusCode).toBe(200);
      version = a.json().version;
      expect(a.json().archivedAt).not.toBeNull();
      const t = await findSlaTargets(db(), { serviceType: 'repair', tier: 'standard', regionType: 'urban', priority: 'normal' });
      expect(t.ruleId).not.toBe(ruleId);
      expect((await h.admin.patch('/api/v1/service/sla-rules/' + ruleId, { ackMinutes: 10, version })).json().code).toBe('SLA_RULE_ARCHIVED');
      const archived = (await h.admin.get('/api/v1/service/sla-rules?archived=true')).json();
      expect(archived.items.map((x: { id: number }) => x.id)).toEqual([ruleId]);
      // the archived key still blocks a new rule with the same key: restore it instead
      expect((await h.admin.post('/api/v1/service/sla-rules', body)).statusCode).toBe(409);
      const r = await h.admin.post(`/api/v1/service/sla-rules/${ruleId}/restore`, { version });
      expect(r.statusCode).toBe(200);
      expect(r.json().archivedAt).toBeNull();
      expect((await findSlaTargets(db(), { serviceType: 'repair', tier: 'standard', regionType: 'urban', priority: 'normal' })).ruleId).toBe(ruleId);
      expect(await auditCount('sla_rule')).toBe(4);
    });

    it('answers the built-in fallback when no live rule matches', async () => {
      await db().transaction().execute(async (trx) => {
        await trx.updateTable('sla_rules').set({ archived_at: '2026-01-01T00:00:00.000Z' }).execute();
        const t = await findSlaTargets(trx, { serviceType: 'repair', tier: 'standard', regionType: 'urban', priority: 'normal' });
        expect(t).toMatchObject({ ruleId: null, ackMinutes: 120, arrivalMinutes: 480, businessHours: true });
        await trx.updateTable('sla_rules').set({ archived_at: null }).execute();
      });
    });
  });

  describe('business calendar', () => {
    it('holds the 2026 holidays and 调休 days', async () => {
      const res = await tech.get('/api/v1/service/calendar/years/2026');
      expect(res.statusCode).toBe(200);
      const y = res.json();
      const kindOf = (d: string) => y.days.find((x: { day: string }) => x.day === d)?.kind;
      expect(kindOf('2026-01-01')).toBe('holiday');
      expect(kindOf('2026-01-04')).toBe('workday');
      expect(kindOf('2026-02-14')).toBe('workday');
      expect(kindOf('2026-02-23')).toBe('holiday');
      expect(kindOf('2026-02-28')).toBe('workday');
      expect(kindOf('2026-04-06')).toBe('holiday');
      expect(kindOf('2026-05-09')).toBe('workday');
      expect(kindOf('2026-06-19')).toBe('holiday');
      expect(kindOf('2026-09-20')).toBe('workday');
      expect(kindOf('2026-09-25')).toBe('holiday');
      expect(kindOf('2026-10-07')).toBe('holiday');
      expect(kindOf('2026-10-10')).toBe('workday');
      expect(y.days.filter((d: { kind: string }) => d.kind === 'workday')).toHaveLength(6);
      expect(y.days).toHaveLength(39);
      expect((await tech.get('/api/v1/service/calendar/years/2027')).json()).toMatchObject({ year: 2027, days: [] });
    });

    it('previews a deadline over the 国庆 holiday (UTC in, UTC out)', async () => {
      // Wednesday 30 Sep 17:00 Shanghai + 60 working minutes → Thursday 8 Oct 09:00
      const res = await tech.get('/api/v1/service/calendar/preview?start=2026-09-30T09:00:00Z&minutes=60');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ due: '2026-10-08T01:00:00.000Z', businessHours: true, timeZone: 'Asia/Shanghai', workingMinutes: 60 });
      const wall = await tech.get('/api/v1/service/calendar/preview?start=2026-09-30T09:00:00Z&minutes=1440&businessHours=false');
      expect(wall.json().due).toBe('2026-10-01T09:00:00.000Z');
      expect((await tech.get('/api/v1/service/calendar/preview?start=yesterday&minutes=60')).statusCode).toBe(400);
    });

    it('edits a year: add, change and remove exceptions; audited; the cache follows', async () => {
      const before = (await h.admin.get('/api/v1/service/calendar/years/2026')).json();
      const days = before.days
        .filter((d: { day: string }) => d.day !== '2026-10-07') // remove a holiday
        .map((d: { day: string; kind: string; name: string }) => (d.day === '2026-10-06' ? { ...d, name: '国庆节（调整）' } : d));
      days.push({ day: '2026-12-24', kind: 'holiday', name: '公司年会' });
      expect((await put(tech, '/api/v1/service/calendar/years/2026', { etag: before.etag, days })).statusCode).toBe(403);
      const res = await put(h.admin, '/api/v1/service/calendar/years/2026', { etag: before.etag, days });
      expect(res.statusCode).toBe(200);
      const after = res.json();
      expect(after.days).toHaveLength(39);
      expect(after.etag).not.toBe(before.etag);
      expect(after.days.find((d: { day: string }) => d.day === '2026-10-06').name).toBe('国庆节（调整）');
      const entry = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'calendar_year').executeTakeFirstOrThrow();
      expect(entry.summary).toBe('+1 ~1 -1');
      expect(JSON.parse(entry.before!).removed).toEqual([{ day: '2026-10-07', kind: 'holiday', name: '国庆节' }]);
      // 7 Oct is a working day now: 30 Sep 17:00 + 60 → 7 Oct 09:00
      const p = await tech.get('/api/v1/service/calendar/preview?start=2026-09-30T09:00:00Z&minutes=60');
      expect(p.json().due).toBe('2026-10-07T01:00:00.000Z');
      // the stale etag is refused and nothing changes
      const stale = await put(h.admin, '/api/v1/service/calendar/years/2026', { etag: before.etag, days: [] });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('CALENDAR_CHANGED');
      expect((await h.admin.get('/api/v1/service/calendar/years/2026')).json().days).toHaveLength(39);
    });

    it('validates the days of a year', async () => {
      const y = (await h.admin.get('/api/v1/service/calendar/years/2027')).json();
      const res = await put(h.admin, '/api/v1/service/calendar/years/2027', {
        etag: y.etag,
        days: [
          { day: '2026-12-31', kind: 'holiday', name: '跨年' },
          { day: '2027-02-30', kind: 'holiday', name: '不存在' },
          { day: '2027-01-06', kind: 'workday', name: '周三调休' },
          { day: '2027-01-01', kind: 'holiday', name: '元旦' },
          { day: '2027-01-01', kind: 'holiday', name: '元旦' },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual([
        'days.0.day:day_outside_year',
        'days.1.day:invalid_date',
        'days.2.day:workday_not_weekend',
        'days.4.day:day_duplicate',
      ]);
    });

    it('working periods: default until saved, validated, versioned, used by the preview', async () => {
      const g = (await tech.get('/api/v1/service/calendar/periods')).json();
      expect(g).toEqual({ periods: [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:30' }], minutesPerDay: 480, timeZone: 'Asia/Shanghai', version: 0 });
      const overlap = await put(h.admin, '/api/v1/service/calendar/periods', { version: 0, periods: [{ start: '09:00', end: '12:30' }, { start: '12:00', end: '18:00' }] });
      expect(overlap.statusCode).toBe(400);
      expect(overlap.json().errors[0]).toMatchObject({ path: 'periods.1.start', code: 'periods_overlap' });
      const reversed = await put(h.admin, '/api/v1/service/calendar/periods', { version: 0, periods: [{ start: '12:00', end: '09:00' }] });
      expect(reversed.json().errors[0]).toMatchObject({ path: 'periods.0.end', code: 'period_end_before_start' });
      const badTime = await put(h.admin, '/api/v1/service/calendar/periods', { version: 0, periods: [{ start: '9:00', end: '25:00' }] });
      expect(badTime.statusCode).toBe(400);
      expect((await put(h.admin, '/api/v1/service/calendar/periods', { version: 0, periods: [] })).statusCode).toBe(400);
      expect((await put(tech, '/api/v1/service/calendar/periods', { version: 0, periods: [{ start: '09:00', end: '17:00' }] })).statusCode).toBe(403);

      const ok = await put(h.admin, '/api/v1/service/calendar/periods', { version: 0, periods: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }] });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ minutesPerDay: 480, version: 1 });
      expect((await put(h.admin, '/api/v1/service/calendar/periods', { version: 0, periods: [{ start: '09:00', end: '17:00' }] })).statusCode).toBe(409);
      // Monday 23 Nov 08:00 Shanghai + 60 → 10:00 now that the day starts at 09:00
      const p = await tech.get('/api/v1/service/calendar/preview?start=2026-11-23T00:00:00Z&minutes=60');
      expect(p.json().due).toBe('2026-11-23T02:00:00.000Z');
      const cal = await loadWorkCalendar(db(), 'Asia/Shanghai');
      expect(cal.periods).toEqual([{ start: 540, end: 720 }, { start: 780, end: 1080 }]);
      expect(await auditCount('work_periods')).toBe(1);
      // back to the default hours for the scan tests below
      const back = await put(h.admin, '/api/v1/service/calendar/periods', { version: 1, periods: [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:30' }] });
      expect(back.json().version).toBe(2);
      invalidateWorkCalendar();
    });
  });

  describe('scan and board', () => {
    let seq = 0;
    const insertOrder = async (o: { ownerId: number | null; nextDue: Date | null; warnAt?: Date | null; state?: string; kind?: string; teamId?: number | null }) => {
      const now = h.clock.now().toISOString();
      const r = await db()
        .insertInto('service_orders')
        .values({
          code: `SV-TEST-${kind}-${++seq}`,
          type: 'repair',
          mode: 'onsite',
          channel: 'phone',
          priority: 'normal',
          state: o.state ?? 'dispatched',
          customer_id: customerId,
          description: '空调不制冷',
          tier: 'standard',
          warranty: 'in',
          owner_id: o.ownerId,
          team_id: o.teamId ?? null,
          sla: '{}',
          next_due: o.nextDue?.toISOString() ?? null,
          next_due_kind: o.nextDue ? (o.kind ?? 'arrival') : null,
          next_warn_at: o.warnAt === undefined ? null : (o.warnAt?.toISOString() ?? null),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    };
    const min = (n: number) => new Date(h.clock.now().getTime() + n * 60_000);
    const events = async (orderId: number) =>
      db().selectFrom('service_order_events').selectAll().where('order_id', '=', orderId).where('action', '=', 'sla_breach').orderBy('id').execute();
    const notices = async (userId: number) => db().selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();
    const order = (id: number) => db().selectFrom('service_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    let late: number;
    let soon: number;
    let other: number;

    it('warns the technician once, breaches once, escalates and tells the managers once', async () => {
      h.clock.set(new Date('2026-11-23T02:00:00Z'));
      late = await insertOrder({ ownerId: tech.userId, nextDue: min(20), warnAt: min(10) });
      soon = await insertOrder({ ownerId: tech.userId, nextDue: min(90), warnAt: min(70), kind: 'fix' });
      other = await insertOrder({ ownerId: tech2.userId, nextDue: min(24 * 60), warnAt: min(20 * 60) });
      const done = await insertOrder({ ownerId: tech.userId, nextDue: min(5), warnAt: min(1), state: 'closed' });

      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 0, breached: 0 });

      h.clock.advance(11 * 60_000);
      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 1, breached: 0 });
      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 0, breached: 0 });
      expect((await order(late)).warned_at).toBe(h.clock.now().toISOString());
      const techNotices = await notices(tech.userId);
      expect(techNotices).toHaveLength(1);
      expect(techNotices[0]).toMatchObject({ title: expect.stringContaining('即将超时'), link: `/service/orders/${late}` });

      h.clock.advance(10 * 60_000); // 21 minutes after the start: the arrival deadline has passed
      const breachAt = h.clock.now().toISOString();
      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 0, breached: 1 });
      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 0, breached: 0 });
      h.clock.advance(60_000);
      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 0, breached: 0 });

      const o = await order(late);
      expect(o.breached_at).toBe(breachAt);
      expect(o.escalated).toBe(1);
      const ev = await events(late);
      expect(ev).toHaveLength(1);
      expect(JSON.parse(ev[0].data!)).toEqual({ kind: 'arrival', due: new Date('2026-11-23T02:20:00Z').toISOString() });
      const mgr = await notices(manager.userId);
      expect(mgr).toHaveLength(1);
      expect(mgr[0]).toMatchObject({ title: expect.stringContaining('工单超时'), link: `/service/orders/${late}`, message_key: 'notice.sla_breach' });
      // the same notices in English for an English reader
      const code = (await order(late)).code;
      const enMgr = (await manager.get('/api/v1/notifications', { 'accept-language': 'en-US' })).json().items;
      expect(enMgr[0]).toMatchObject({ title: `Deadline missed: ${code}`, body: expect.stringMatching(/^The arrival deadline \d\d-\d\d \d\d:\d\d has passed/) });
      const enTech = (await tech.get('/api/v1/notifications', { 'accept-language': 'en-US' })).json().items;
      expect(enTech[0]).toMatchObject({ title: `Deadline near: ${code}`, body: expect.stringMatching(/^The arrival deadline is /) });
      expect(await notices(tech2.userId)).toHaveLength(0);
      // the closed order is never touched
      expect((await order(done)).breached_at).toBeNull();
      expect((await order(done)).warned_at).toBeNull();
    });

    it('a later deadline of the same order breaches again, once', async () => {
      // the orders module moves on to the next deadline (and clears warned_at)
      const next = min(30);
      await db().updateTable('service_orders').set({ next_due: next.toISOString(), next_due_kind: 'fix', next_warn_at: min(20).toISOString(), warned_at: null }).where('id', '=', late).execute();
      h.clock.advance(31 * 60_000);
      const r = await scanSla(h.kehu.ctx, h.clock.now());
      expect(r.breached).toBe(1);
      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 0, breached: 0 });
      const ev = await events(late);
      expect(ev).toHaveLength(2);
      expect(JSON.parse(ev[1].data!).kind).toBe('fix');
      expect(await notices(manager.userId)).toHaveLength(2);
    });

    it('runs as the recurring job through the scheduler', async () => {
      const job = await insertOrder({ ownerId: tech2.userId, nextDue: min(-1), warnAt: min(-2) });
      await h.kehu.ctx.scheduler.enqueue(SLA_SCAN_JOB, null);
      expect(await h.kehu.ctx.scheduler.runDue()).toBeGreaterThanOrEqual(1);
      expect(await events(job)).toHaveLength(1);
      // already due when first seen: breached, no belated warning to the technician
      expect(await notices(tech2.userId)).toHaveLength(0);
      const status = await db().selectFrom('jobs').select(['status', 'last_error']).where('name', '=', SLA_SCAN_JOB).where('status', '!=', 'pending').executeTakeFirstOrThrow();
      expect(status).toMatchObject({ status: 'done', last_error: null });
      // it scheduled its next occurrence on the minute
      const next = await db().selectFrom('jobs').select('run_at').where('name', '=', SLA_SCAN_JOB).where('status', '=', 'pending').executeTakeFirstOrThrow();
      expect(new Date(next.run_at).getTime() % 60_000).toBe(0);
      await db().updateTable('service_orders').set({ state: 'closed' }).where('id', '=', job).execute();
      // the write above bypasses the orders module: take the board's counts again, as the next scan would
      await refreshSlaCounts(h.kehu.ctx, h.clock.now());
    });

    it('the board lists what breaches within the hour and what is breached, grouped by technician, in scope', async () => {
      const res = await manager.get('/api/v1/service/sla/board');
      expect(res.statusCode).toBe(200);
      const b = res.json();
      // now: 02:53Z; `soon` falls due at 03:30Z, inside the hour
      expect(b.soon.items.map((x: { id: number }) => x.id)).toEqual([soon]);
      expect(b.soon.items[0]).toMatchObject({ code: expect.stringContaining('SV-TEST'), nextDueKind: 'fix', ownerName: 'tech_wang', customerId });
      expect(b.breached.items.map((x: { id: number }) => x.id)).toEqual([late]);
      expect(b.breached.items[0]).toMatchObject({ escalated: true, breachedAt: expect.any(String) });
      expect(b.counts).toMatchObject({ open: 3, soon: 1, breached: 1, escalated: 1 });
      const byTech = Object.fromEntries(b.byTechnician.map((g: { id: number; open: number; breached: number; soon: number }) => [g.id, g]));
      expect(byTech[tech.userId]).toMatchObject({ open: 2, soon: 1, breached: 1, name: 'tech_wang' });
      expect(byTech[tech2.userId]).toMatchObject({ open: 1, soon: 0, breached: 0 });
      expect(b.byOutlet).toEqual([{ id: null, name: null, open: 3, soon: 1, breached: 1 }]);

      // a technician (scope own) sees only their own orders
      const mine = (await tech2.get('/api/v1/service/sla/board')).json();
      expect(mine.counts).toMatchObject({ open: 1, soon: 0, breached: 0 });
      expect(mine.byTechnician.map((g: { id: number }) => g.id)).toEqual([tech2.userId]);
      expect(mine.breached.items).toEqual([]);
      expect(other).toBeGreaterThan(0);
      const paged = (await manager.get('/api/v1/service/sla/board?pageSize=1&breachedPage=2')).json();
      expect(paged.breached).toMatchObject({ items: [], total: 1, page: 2, pageSize: 1 });
    });

    it('scans many open orders once, touching only the due ones (timing is measured by npm run bench)', async () => {
      const now = h.clock.now();
      const nowIso = now.toISOString();
      const rows = [];
      for (let i = 0; i < 30_000; i++) {
        // 30 are overdue (their warning is skipped: the breach says it), 30 reach the warning share
        const dueIn = i % 1000 === 0 ? -5 : i % 1000 === 500 ? 10 : 120 + (i % 5000);
        rows.push({
          code: `SV-BULK-${kind}-${i}`,
          type: 'repair',
          mode: 'onsite',
          channel: 'phone',
          priority: 'normal',
          state: 'dispatched',
          customer_id: customerId,
          description: '批量',
          tier: 'standard',
          warranty: 'in',
          owner_id: i % 2 ? tech.userId : tech2.userId,
          sla: '{}',
          next_due: new Date(now.getTime() + dueIn * 60_000).toISOString(),
          next_due_kind: 'arrival',
          next_warn_at: new Date(now.getTime() + (dueIn - 30) * 60_000).toISOString(),
          created_at: nowIso,
          updated_at: nowIso,
        });
      }
      for (let i = 0; i < rows.length; i += 1000) await db().insertInto('service_orders').values(rows.slice(i, i + 1000)).execute();
      const r = await scanSla(h.kehu.ctx, now);
      expect(r).toEqual({ warned: 30, breached: 30 });
      expect(await scanSla(h.kehu.ctx, now)).toEqual({ warned: 0, breached: 0 });
      // 20 breaches with their own e-mail, the other 10 in-app plus one summary
      const mgr = await notices(manager.userId);
      expect(mgr.filter((n) => n.title.startsWith('工单超时'))).toHaveLength(3 + 30);
      expect(mgr.filter((n) => n.title.includes('另有 10 张'))).toHaveLength(1);
      const board = (await manager.get('/api/v1/service/sla/board')).json();
      expect(board.counts.breached).toBe(31);
    }, 120_000);

    it('the counts are a snapshot: kept up to 2 minutes, then taken again, and by every scan; the data scope applies', async () => {
      const dept = await h.unit('华东服务部', 'department');
      const team = await h.unit('上海服务组', 'team', dept);
      const sup = await h.user('svc_sup', ['supervisor'], dept); // service scope: department
      const tech3 = await h.user('tech_sun', ['technician']); // service scope: own
      const board = async (c: Client, query = '') => {
        const res = await c.get(`/api/v1/service/sla/board${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json();
      };
      const zero = { open: 0, warned: 0, soon: 0, breached: 0, escalated: 0 };
      const before = await board(manager);
      // the scan of the previous test took the counts at this very time
      expect(before.countsAt).toBe(h.clock.now().toISOString());
      expect((await board(sup)).counts).toEqual(zero);

      // new orders, one of the supervisor's team and one of tech3 (no team): not counted while the snapshot is fresh
      const x = await insertOrder({ ownerId: null, teamId: team, nextDue: min(70), warnAt: null });
      await insertOrder({ ownerId: tech3.userId, teamId: null, nextDue: min(300), warnAt: null });
      expect((await board(sup)).counts).toEqual(zero);
      h.clock.advance(2 * 60_000);
      const still = await board(sup);
      expect(still.counts).toEqual(zero);
      expect(still.countsAt).toBe(before.countsAt);
      h.clock.advance(1000); // over 2 minutes: the board takes the counts again
      const taken = await board(sup);
      expect(taken.countsAt).toBe(h.clock.now().toISOString());
      expect(taken.counts).toEqual({ ...zero, open: 1 });
      expect(taken.byOutlet).toEqual([{ id: null, name: null, open: 1, soon: 0, breached: 0 }]);
      expect(taken.byTechnician).toEqual([{ id: null, name: null, open: 1, soon: 0, breached: 0 }]);
      expect(taken.soon).toMatchObject({ items: [], total: 0 });
      // scope own: only tech3's order, in the same snapshot
      const own = await board(tech3);
      expect(own.countsAt).toBe(taken.countsAt);
      expect(own.counts).toEqual({ ...zero, open: 1 });
      expect(own.byTechnician).toEqual([{ id: tech3.userId, name: 'tech_sun', open: 1, soon: 0, breached: 0 }]);
      // scope all: both
      const all = await board(manager);
      expect(all.counts.open).toBe(before.counts.open + 2);
      // the outlet filter applies to the counts too
      expect((await board(manager, '?outletId=999999')).counts).toEqual(zero);

      // a breach recorded elsewhere (another instance, say): the list shows it at once, the counts within 2 minutes
      await db().updateTable('service_orders').set({ breached_at: h.clock.now().toISOString(), escalated: 1 }).where('id', '=', x).execute();
      const listed = await board(sup);
      expect(listed.breached.items.map((o: { id: number }) => o.id)).toEqual([x]);
      expect(listed.counts.breached).toBe(0);
      h.clock.advance(2 * 60_000 + 1000);
      const breached = await board(sup);
      expect(breached.counts).toEqual({ ...zero, open: 1, breached: 1, escalated: 1 });
      expect(breached.byTechnician).toEqual([{ id: null, name: null, open: 1, soon: 0, breached: 1 }]);
      expect(breached.breached).toMatchObject({ total: 1, items: [{ id: x, escalated: true }] });

      // a breach the scan finds is counted at once: the scan takes the counts after its updates
      const z = await insertOrder({ ownerId: null, teamId: team, nextDue: min(1), warnAt: null });
      h.clock.advance(90_000);
      expect(await scanSla(h.kehu.ctx, h.clock.now())).toEqual({ warned: 0, breached: 1 });
      const scanned = await board(sup);
      expect(scanned.countsAt).toBe(h.clock.now().toISOString());
      expect(scanned.counts).toEqual({ ...zero, open: 2, breached: 2, escalated: 2 });
      expect(scanned.breached.items.map((o: { id: number }) => o.id).sort((a: number, b: number) => a - b)).toEqual([x, z]);
      // and the technician's scope still excludes the team's orders
      expect((await board(tech3)).counts).toEqual({ ...zero, open: 1 });
    });
  });
});
