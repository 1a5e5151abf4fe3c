// Supervision and evaluation (监督与考核): reward and penalty rules, the monthly points ledger computed from the
// service module's events, manual entries, evaluation schemes with revisions, assessment runs, action items, trend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createOutlet, createTechnician, serviceWorld, type ServiceWorld } from '../../test/service-factories';
import { monthlyPoints } from './evaluation-points';

const BASE = '/api/v1/service';

describe.each(testDatabases())('service supervision and evaluation (%s)', (kind) => {
  let h: Harness;
  let manager: Client;
  let agent: Client;
  let tech: Client;
  let tech2: Client;
  let w: ServiceWorld;
  let outlet2: { outletId: number; teamId: number };
  const db = () => h.kehu.ctx.db;

  beforeAll(async () => {
    // Sunday 2026-11-22 10:00 in Beijing
    h = await createHarness(kind);
    manager = await h.user('svc_manager', ['service_manager']);
    agent = await h.user('agent1', ['service_agent']);
    w = await serviceWorld(h, '2026-06-01');
    outlet2 = await createOutlet(h, 'NB01', [['330200', 'urban']]);
    tech = await createTechnician(h, 'tech1', w.outletId, w.outletTeamId);
    tech2 = await createTechnician(h, 'tech2', outlet2.outletId, outlet2.teamId);
  });
  afterAll(async () => h.close());

  let orderSeq = 0;
  /** A service order written straight to the table. */
  const insertOrder = async (over: Record<string, unknown> = {}) => {
    const now = h.clock.now().toISOString();
    const r = await db()
      .insertInto('service_orders')
      .values({
        code: `FWT-${++orderSeq}`,
        type: 'repair',
        mode: 'onsite',
        channel: 'phone',
        priority: 'normal',
        state: 'closed',
        customer_id: w.customerId,
        unit_id: w.unitId,
        description: '空调不制冷',
        tier: 'standard',
        warranty: 'in',
        sla: '{}',
        outlet_id: w.outletId,
        owner_id: tech.userId,
        team_id: w.outletTeamId,
        created_at: now,
        updated_at: now,
        ...over,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  };
  const breach = (orderId: number, at: string) =>
    db().insertInto('service_order_events').values({ order_id: orderId, at, action: 'sla_breach', from_state: 'dispatched', to_state: 'dispatched', actor_id: null, note: null, data: null }).execute();
  const visit = (orderId: number, doneAt: string, a: { rating: number; dissatisfied?: boolean; misconduct?: boolean }) =>
    db()
      .insertInto('return_visits')
      .values({
        order_id: orderId,
        due_at: doneAt,
        assignee_id: null,
        state: 'done',
        channel: 'phone',
        token_hash: null,
        on_time: 1,
        solved: a.dissatisfied ? 0 : 1,
        attitude: a.rating,
        fees_ok: 1,
        misconduct: a.misconduct ? 1 : 0,
        rating: a.rating,
        comment: null,
        dissatisfied: a.dissatisfied ? 1 : 0,
        follow_up: null,
        follow_up_order_id: null,
        done_at: doneAt,
        done_by: null,
        created_at: doneAt,
        updated_at: doneAt,
        version: 1,
      })
      .execute();

  const put = (c: Client, url: string, body: unknown) => c.raw({ method: 'PUT', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const ledger = async (c: Client, month: string) => {
    const res = await c.get(`${BASE}/points?month=${month}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const personPoints = (l: { persons: { userId: number; points: number; amountFen: number }[] }, userId: number) => l.persons.find((p) => p.userId === userId);
  const ruleByCode = async (code: string) => (await manager.get(`${BASE}/reward-rules?q=${code}`)).json().items.find((r: { code: string }) => r.code === code);

  describe('reward and penalty rules', () => {
    it('seeds the defaults of tool 31', async () => {
      const res = await agent.get(`${BASE}/reward-rules`);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { code: string; kind: string; event: string; points: number; appliesTo: string }[];
      expect(items.length).toBe(16);
      expect(items.find((r) => r.code === 'R01')).toMatchObject({ kind: 'reward', event: 'manual', points: 5, appliesTo: 'person' });
      expect(items.find((r) => r.code === 'P08')).toMatchObject({ kind: 'penalty', event: 'misconduct', points: -20, amountFen: -50000 });
      expect(new Set(items.map((r) => r.event))).toEqual(new Set(['manual', 'praise', 'first_time_fix', 'dissatisfied_visit', 'sla_breach', 'repeat_repair', 'misconduct']));
    });

    it('creates, validates and updates rules (service:rules), with version checks and audit', async () => {
      const body = { code: 'R90', kind: 'reward', matter: '季度服务之星', criterion: '季度评选第一名', event: 'manual', points: 10, amountFen: 50000, appliesTo: 'person', effectiveFrom: '2026-01-01', active: true };
      expect((await agent.post(`${BASE}/reward-rules`, body)).statusCode).toBe(403);
      const created = await manager.post(`${BASE}/reward-rules`, body);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ code: 'R90', points: 10, effectiveTo: null, version: 1 });
      const dup = await manager.post(`${BASE}/reward-rules`, body);
      expect([dup.statusCode, dup.json().code]).toEqual([409, 'REWARD_RULE_CODE_TAKEN']);
      const bad = await manager.post(`${BASE}/reward-rules`, { ...body, code: 'P90', kind: 'penalty', effectiveTo: '2025-01-01' }, { 'accept-language': 'en-US' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { code: string }) => e.code).sort()).toEqual(['points_sign_kind', 'points_sign_kind', 'range_end_before_start']);
      const zero = await manager.post(`${BASE}/reward-rules`, { ...body, code: 'R91', points: 0, amountFen: 0 });
      expect(zero.json().errors[0].code).toBe('points_or_amount_required');

      const id = created.json().id;
      // the sign is checked on the rule as it will be: turning it into a penalty needs negative points
      const flip = await manager.patch(`${BASE}/reward-rules/${id}`, { version: 1, kind: 'penalty' });
      expect([flip.statusCode, flip.json().errors[0].code]).toEqual([400, 'points_sign_kind']);
      const ok = await manager.patch(`${BASE}/reward-rules/${id}`, { version: 1, points: 8, active: false });
      expect(ok.json()).toMatchObject({ points: 8, active: false, version: 2 });
      expect((await manager.patch(`${BASE}/reward-rules/${id}`, { version: 1, points: 9 })).statusCode).toBe(409);
      const audit = await db().selectFrom('audit_log').select(['action']).where('entity', '=', 'service_reward_rule').where('entity_id', '=', String(id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    });
  });

  describe('points ledger', () => {
    let o1: number;
    let o2: number;
    let o3: number;
    let reworkOf: number;

    beforeAll(async () => {
      // October 2026 in Beijing runs from 2026-09-30T16:00Z to 2026-10-31T16:00Z
      o1 = await insertOrder({ completed_at: '2026-10-10T03:00:00.000Z', first_time_fix: 1 });
      o2 = await insertOrder({ completed_at: '2026-10-12T03:00:00.000Z', first_time_fix: 0 });
      o3 = await insertOrder({ completed_at: '2026-09-30T16:30:00.000Z', first_time_fix: 1 }); // 10-01 00:30 local
      await insertOrder({ completed_at: '2026-10-31T16:30:00.000Z', first_time_fix: 1 }); // 11-01 local: November
      await insertOrder({ completed_at: '2026-10-15T03:00:00.000Z', first_time_fix: 1, archived_at: '2026-10-20T00:00:00.000Z' }); // archived: never counts
      await insertOrder({ completed_at: '2026-10-15T03:00:00.000Z', first_time_fix: 1, owner_id: tech2.userId, outlet_id: outlet2.outletId, team_id: outlet2.teamId });
      await breach(o1, '2026-10-05T02:00:00.000Z');
      await breach(o1, '2026-10-06T02:00:00.000Z');
      await breach(o2, '2026-09-30T15:59:00.000Z'); // 09-30 23:59 local: September
      await visit(o1, '2026-10-11T02:00:00.000Z', { rating: 5 });
      await visit(o2, '2026-10-13T02:00:00.000Z', { rating: 2, dissatisfied: true, misconduct: true });
      // a rework of o3 (done by tech2) is charged to o3's technician and outlet
      reworkOf = o3;
      await insertOrder({ created_at: '2026-10-20T02:00:00.000Z', state: 'dispatched', rework_of_id: o3, repeat_repair: 1, owner_id: tech2.userId, outlet_id: outlet2.outletId, team_id: outlet2.teamId });
      await insertOrder({ created_at: '2026-10-21T02:00:00.000Z', state: 'cancelled', rework_of_id: o1, repeat_repair: 1 }); // cancelled: never counts
    });

    it('computes a month from the events, idempotently', async () => {
      const first = await monthlyPoints(h.kehu.ctx, '2026-10');
      const rows = async () =>
        (await db().selectFrom('service_points_entries').select(['subject', 'user_id', 'outlet_id', 'rule_id', 'event', 'order_id', 'ref_id', 'points', 'amount_fen', 'occurred_at']).where('month', '=', '2026-10').where('source', '=', 'auto').orderBy('auto_key').execute()).map(
          (r) => ({ ...r, occurred_at: new Date(r.occurred_at).toISOString() }),
        );
      const before = await rows();
      const again = await monthlyPoints(h.kehu.ctx, '2026-10');
      expect(again).toEqual(first);
      expect(await rows()).toEqual(before);
      // two runs at once: serialised per month, no event counted twice
      const both = await Promise.all([monthlyPoints(h.kehu.ctx, '2026-10'), monthlyPoints(h.kehu.ctx, '2026-10')]);
      expect(both.map((b) => b.entries)).toEqual([first.entries, first.entries]);
      expect(await rows()).toEqual(before);

      const l = await ledger(manager, '2026-10');
      // tech1: FTF o1 +1, FTF o3 +1, breaches 2 × −2, praise +1, dissatisfied −2, misconduct −20, rework of o3 −3
      expect(personPoints(l, tech.userId)).toMatchObject({ points: 1 + 1 - 4 + 1 - 2 - 20 - 3, amountFen: -50000, rewardPoints: 3, penaltyPoints: -29, entries: 8 });
      // tech2: one first-time fix; the rework order it took is not charged to it
      expect(personPoints(l, tech2.userId)).toMatchObject({ points: 1, entries: 1 });
      // the outlet: P04 −1 per breach; its staff's points beside
      const out1 = l.outlets.find((o: { outletId: number }) => o.outletId === w.outletId);
      expect(out1).toMatchObject({ points: -2, entries: 2, staffPoints: -26 });
      expect(l.computedAt).toBeTruthy();
      expect(first.entries).toBe(8 + 1 + 2);
      const rework = before.find((r) => r.event === 'repeat_repair');
      expect(rework).toMatchObject({ user_id: tech.userId, outlet_id: w.outletId, order_id: reworkOf });

      // November holds the order completed at 00:30 on 1 November; September the breach at 23:59 on 30 September
      await monthlyPoints(h.kehu.ctx, '2026-11');
      expect(personPoints(await ledger(manager, '2026-11'), tech.userId)).toMatchObject({ points: 1, entries: 1 });
      await monthlyPoints(h.kehu.ctx, '2026-09');
      expect(personPoints(await ledger(manager, '2026-09'), tech.userId)).toMatchObject({ points: -2 });
    });

    it('follows rule changes on the next computation: retired rules and effective dates', async () => {
      const p03 = await ruleByCode('P03');
      // in effect only from 6 October: the breach of 5 October no longer counts
      const r1 = await manager.patch(`${BASE}/reward-rules/${p03.id}`, { version: p03.version, effectiveFrom: '2026-10-06' });
      expect(r1.statusCode, r1.body).toBe(200);
      await monthlyPoints(h.kehu.ctx, '2026-10');
      expect(personPoints(await ledger(manager, '2026-10'), tech.userId)?.points).toBe(-24);
      const p08 = await ruleByCode('P08');
      await manager.patch(`${BASE}/reward-rules/${p08.id}`, { version: p08.version, active: false });
      const res = await manager.post(`${BASE}/points/recompute`, { month: '2026-10' });
      expect(res.statusCode, res.body).toBe(200);
      expect(personPoints(await ledger(manager, '2026-10'), tech.userId)).toMatchObject({ points: -4, amountFen: 0 });
      // restore both for the next tests
      const p03b = await ruleByCode('P03');
      await manager.patch(`${BASE}/reward-rules/${p03b.id}`, { version: p03b.version, effectiveFrom: '2020-01-01' });
      const p08b = await ruleByCode('P08');
      await manager.patch(`${BASE}/reward-rules/${p08b.id}`, { version: p08b.version, active: true });
      expect((await manager.post(`${BASE}/points/recompute`, { month: '2026-10' })).json()).toEqual({ month: '2026-10', entries: 11 });
      expect((await agent.post(`${BASE}/points/recompute`, { month: '2026-10' })).statusCode).toBe(403);
      expect((await manager.post(`${BASE}/points/recompute`, { month: '2026-13' })).statusCode).toBe(400);
    });

    it('keeps manual entries through recomputation; voids them with a reason', async () => {
      const r01 = await ruleByCode('R01');
      expect((await tech.post(`${BASE}/points/entries`, { subject: 'person', userId: tech.userId, ruleId: r01.id, date: '2026-10-18', reason: '客户赠送锦旗' })).statusCode).toBe(403);
      const added = await agent.post(`${BASE}/points/entries`, { subject: 'person', userId: tech.userId, ruleId: r01.id, date: '2026-10-18', reason: '客户赠送锦旗' });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json()).toMatchObject({ source: 'manual', points: 5, month: '2026-10', user: { id: tech.userId }, outlet: { id: w.outletId }, rule: { code: 'R01' }, reason: '客户赠送锦旗' });
      await monthlyPoints(h.kehu.ctx, '2026-10');
      expect(personPoints(await ledger(manager, '2026-10'), tech.userId)?.points).toBe(-26 + 5);

      // an automatic rule cannot be recorded by hand; a subject is needed; no future dates
      const p03 = await ruleByCode('P03');
      const auto = await agent.post(`${BASE}/points/entries`, { subject: 'person', userId: tech.userId, ruleId: p03.id, date: '2026-10-18', reason: 'x' });
      expect(auto.json().errors[0]).toMatchObject({ path: 'ruleId', code: 'rule_not_manual' });
      const noSubject = await agent.post(`${BASE}/points/entries`, { subject: 'outlet', points: -1, date: '2026-10-18', reason: 'x' });
      expect(noSubject.json().errors[0]).toMatchObject({ path: 'outletId', code: 'subject_required' });
      const future = await agent.post(`${BASE}/points/entries`, { subject: 'outlet', outletId: w.outletId, points: -1, date: '2026-12-01', reason: 'x' });
      expect(future.json().errors[0]).toMatchObject({ path: 'date', code: 'date_in_future' });
      const notTech = await agent.post(`${BASE}/points/entries`, { subject: 'person', userId: agent.userId, points: 1, date: '2026-10-18', reason: 'x' });
      expect(notTech.json().errors[0]).toMatchObject({ path: 'userId', code: 'unknown_technician' });
      const r04 = await ruleByCode('R04');
      const outletEntry = await agent.post(`${BASE}/points/entries`, { subject: 'outlet', outletId: w.outletId, ruleId: r04.id, date: '2026-10-31', reason: '10 月满意率 96%' });
      expect(outletEntry.json()).toMatchObject({ subject: 'outlet', points: 3, user: null });

      const entries = (await manager.get(`${BASE}/points/entries?month=2026-10&source=manual`)).json();
      expect(entries.total).toBe(2);
      const autoEntry = (await manager.get(`${BASE}/points/entries?month=2026-10&source=auto&pageSize=1`)).json().items[0];
      expect((await agent.post(`${BASE}/points/entries/${autoEntry.id}/void`, { reason: 'x' })).json().code).toBe('POINTS_ENTRY_AUTOMATIC');
      const voided = await agent.post(`${BASE}/points/entries/${added.json().id}/void`, { reason: '重复登记' });
      expect(voided.json()).toMatchObject({ voidReason: '重复登记' });
      expect((await agent.post(`${BASE}/points/entries/${added.json().id}/void`, { reason: 'again' })).statusCode).toBe(409);
      expect(personPoints(await ledger(manager, '2026-10'), tech.userId)?.points).toBe(-26);
      const audit = await db().selectFrom('audit_log').select('action').where('entity', '=', 'service_points_entry').where('entity_id', '=', String(added.json().id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'void']);
    });

    it('shows a technician only their own points in an own scope', async () => {
      const now = h.clock.now().toISOString();
      const role = await db()
        .insertInto('roles')
        .values({ code: 'tech_kpi', name_zh: '维修工程师（看积分）', name_en: 'Technician with points', permissions: JSON.stringify(['service:read', 'service:kpi']), scopes: JSON.stringify({ service: 'own' }), built_in: 0, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db().insertInto('user_roles').values({ user_id: tech2.userId, role_id: role.id }).execute();
      const own = await h.login('tech2', 'Passw0rd!');
      const l = await ledger(own, '2026-10');
      expect(l.persons.map((p: { userId: number }) => p.userId)).toEqual([tech2.userId]);
      expect(l.outlets).toEqual([]);
      const entries = (await own.get(`${BASE}/points/entries?month=2026-10`)).json();
      expect(entries.items.every((e: { user: { id: number } }) => e.user?.id === tech2.userId)).toBe(true);
      expect((await tech.get(`${BASE}/points?month=2026-10`)).statusCode).toBe(403);
    });
  });

  describe('evaluation schemes and runs', () => {
    let schemeId: number;
    let scheme: { version: number; indicators: { id: number; name: string; points: number; children: { id: number; clause: string | null; name: string; points: number; evidence: string | null }[] }[] };
    const leaves = () => scheme.indicators.flatMap((g) => g.children);

    it('seeds version 1: 3 first-level and 15 second-level indicators, 100 placeholder points', async () => {
      const list = (await manager.get(`${BASE}/evaluation/schemes`)).json();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ revision: 1, totalPoints: 100, provisional: true, current: true, runs: 0 });
      schemeId = list[0].id;
      scheme = (await manager.get(`${BASE}/evaluation/schemes/${schemeId}`)).json();
      expect(scheme.indicators.map((g) => g.name)).toEqual(['售后服务体系', '商品服务', '顾客服务']);
      expect(scheme.indicators.map((g) => g.children.length)).toEqual([7, 6, 2]);
      expect(scheme.indicators.map((g) => g.points)).toEqual([40, 40, 20]);
      expect(leaves().find((l) => l.name === '维修')?.evidence).toBe('repair');
      expect((await agent.get(`${BASE}/evaluation/schemes`)).statusCode).toBe(403);
    });

    it('edits an unused scheme in place, and a used one into a new revision', async () => {
      const body = (extra: number) => ({
        version: scheme.version,
        name: '商品售后服务评价（GB/T 27922）',
        provisional: true,
        indicators: scheme.indicators.map((g) => ({
          clause: null,
          name: g.name,
          children: g.children.map((c) =>
            c.name === '维修' ? { name: c.name, evidence: 'repair', children: [{ name: '到场及时', points: 4 + extra }, { name: '一次修复', points: 5 }] } : { clause: c.clause, name: c.name, points: c.points },
          ),
        })),
      });
      const inPlace = await put(manager, `${BASE}/evaluation/schemes/${schemeId}`, body(0));
      expect(inPlace.statusCode, inPlace.body).toBe(200);
      expect(inPlace.json()).toMatchObject({ created: false, scheme: { id: schemeId, revision: 1, totalPoints: 100, version: 2 } });
      scheme = inPlace.json().scheme;
      const repair = leaves().find((l) => l.name === '维修')!;
      expect(repair).toMatchObject({ points: 9, leaf: false });

      // a second-level indicator without check items needs points
      const bad = await put(manager, `${BASE}/evaluation/schemes/${schemeId}`, { ...body(0), indicators: [{ name: 'x', children: [{ name: 'y' }] }] });
      expect(bad.statusCode).toBe(400);
      expect((await put(agent, `${BASE}/evaluation/schemes/${schemeId}`, body(0))).statusCode).toBe(403);

      // a run uses it now: saving makes revision 2 and leaves revision 1 alone
      const run = await manager.post(`${BASE}/evaluation/runs`, { title: '2026 年度自评', assessedOn: '2026-11-20', periodFrom: '2025-12-01', periodTo: '2026-11-30', assessors: ['王五'] });
      expect(run.statusCode, run.body).toBe(201);
      const saved = await put(manager, `${BASE}/evaluation/schemes/${schemeId}`, body(1));
      expect(saved.statusCode, saved.body).toBe(201);
      expect(saved.json()).toMatchObject({ created: true, scheme: { revision: 2, totalPoints: 101, current: true } });
      const old = (await manager.get(`${BASE}/evaluation/schemes/${schemeId}`)).json();
      expect(old).toMatchObject({ revision: 1, totalPoints: 100, current: false, runs: 1, version: 2 });
      // an explicit new version copies the newest
      const copy = await manager.post(`${BASE}/evaluation/schemes/${saved.json().scheme.id}/revisions`);
      expect(copy.json()).toMatchObject({ revision: 3, totalPoints: 101 });
      // the draft run is discarded; the next runs use revision 1 explicitly
      expect((await manager.post(`${BASE}/evaluation/runs/${run.json().id}/archive`, { version: run.json().version })).json().archivedAt).toBeTruthy();
    });

    it('scores a run live, enforces one bonus, finalises it read-only with action items', async () => {
      const create = await manager.post(`${BASE}/evaluation/runs`, { schemeId, title: '2026 年度自评', assessedOn: '2026-11-20', periodFrom: '2026-01-01', periodTo: '2026-11-30', assessors: ['王五', '赵六'], scope: '总部及杭州网点' });
      expect(create.statusCode, create.body).toBe(201);
      let run = create.json();
      expect(run).toMatchObject({ state: 'draft', scheme: { revision: 1 }, score: null, scoreDetail: { unassessed: 16 } });
      expect(run.code).toMatch(/^PJ20261122-\d{4}$/);
      const items = run.schemeDetail.indicators.flatMap((g: { children: { id: number; name: string; leaf: boolean; children: { id: number; name: string }[] }[] }) =>
        g.children.flatMap((c) => (c.leaf ? [c] : c.children)),
      ) as { id: number; name: string }[];
      const id = (name: string) => items.find((i) => i.name === name)!.id;

      // field problems: partial without a share, two bonuses, an indicator of another scheme
      const noRatio = await manager.patch(`${BASE}/evaluation/runs/${run.id}`, { version: run.version, results: [{ indicatorId: id('组织架构'), result: 'partial' }] });
      expect([noRatio.statusCode, noRatio.json().errors[0].code]).toEqual([400, 'ratio_required']);
      const twoBonuses = await manager.patch(`${BASE}/evaluation/runs/${run.id}`, { version: run.version, specials: [{ kind: 'bonus', reason: 'a' }, { kind: 'bonus', reason: 'b' }] });
      expect([twoBonuses.statusCode, twoBonuses.json().errors[0]]).toEqual([400, expect.objectContaining({ path: 'specials', code: 'bonus_at_most_one' })]);
      const foreign = await manager.patch(`${BASE}/evaluation/runs/${run.id}`, { version: run.version, results: [{ indicatorId: 999999, result: 'conform' }] });
      expect(foreign.json().errors[0]).toMatchObject({ path: 'results.0.indicatorId', code: 'unknown_indicator' });

      // everything conforms except: 到场及时 (4 of the check items of 维修) not, 投诉处理 (10) half, 废弃商品回收 (5) not applicable
      const results = items.map((i) => ({
        indicatorId: i.id,
        result: i.name === '到场及时' ? 'nonconform' : i.name === '投诉处理' ? 'partial' : i.name === '废弃商品回收' ? 'na' : 'conform',
        ...(i.name === '投诉处理' ? { ratio: 0.5 } : {}),
        evidence: i.name === '到场及时' ? '抽查 20 单，准时 12 单' : undefined,
      }));
      const partial = await manager.patch(`${BASE}/evaluation/runs/${run.id}`, { version: run.version, results: results.slice(0, 3) });
      expect(partial.json().scoreDetail).toMatchObject({ unassessed: 13, score: 100 });
      run = partial.json();
      const notYet = await manager.post(`${BASE}/evaluation/runs/${run.id}/finalise`, { version: run.version });
      expect([notYet.statusCode, notYet.json().code, notYet.json().unassessed]).toEqual([409, 'EVALUATION_RUN_INCOMPLETE', 13]);

      const full = await manager.patch(`${BASE}/evaluation/runs/${run.id}`, {
        version: run.version,
        results,
        specials: [
          { kind: 'deduction', reason: '未按规定公示收费标准', indicatorId: id('规范要求') },
          { kind: 'bonus', reason: '服务热线 7×24 小时，行业领先' },
        ],
      });
      expect(full.statusCode, full.body).toBe(200);
      run = full.json();
      // applicable 95, actual 95 − 4 − 5 = 86 → 90.5; −1 + 1 = 90.5 → four stars
      expect(run.scoreDetail).toMatchObject({ applicablePoints: 95, actualPoints: 86, indicatorScore: 90.5, deductions: 1, bonus: 1, score: 90.5, star: 'four', unassessed: 0 });
      expect(run.groups.map((g: { score: { indicatorScore: number } }) => g.score.indicatorScore)).toEqual([100, 88.6, 75]);
      expect(run.results.find((r: { indicatorId: number }) => r.indicatorId === id('投诉处理'))).toMatchObject({ result: 'partial', ratio: 0.5 });
      // the list shows the stored live score
      expect((await manager.get(`${BASE}/evaluation/runs?state=draft`)).json().items[0]).toMatchObject({ id: run.id, score: 90.5, star: 'four' });

      const fin = await manager.post(`${BASE}/evaluation/runs/${run.id}/finalise`, { version: run.version, actionOwnerId: agent.userId });
      expect(fin.statusCode, fin.body).toBe(200);
      run = fin.json();
      expect(run).toMatchObject({ state: 'final', score: 90.5, star: 'four', openActions: 3 });
      expect(run.actions.map((a: { title: string; dueDate: string; owner: { id: number } }) => [a.title, a.dueDate, a.owner.id])).toEqual([
        ['到场及时', '2026-12-20', agent.userId],
        ['5.3.2 投诉处理', '2026-12-20', agent.userId],
        ['未按规定公示收费标准', '2026-12-20', agent.userId],
      ]);
      const locked = await manager.patch(`${BASE}/evaluation/runs/${run.id}`, { version: run.version, title: 'x' });
      expect([locked.statusCode, locked.json().code]).toEqual([409, 'EVALUATION_RUN_FINAL']);
      expect((await manager.post(`${BASE}/evaluation/runs/${run.id}/finalise`, { version: run.version })).statusCode).toBe(409);

      // action items stay editable
      const action = run.actions[0];
      const done = await manager.patch(`${BASE}/evaluation/actions/${action.id}`, { version: action.version, state: 'done', note: '已调整派工规则' });
      expect(done.json()).toMatchObject({ state: 'done', note: '已调整派工规则' });
      expect(done.json().doneAt).toBeTruthy();
      expect((await manager.patch(`${BASE}/evaluation/actions/${action.id}`, { version: action.version, state: 'open' })).statusCode).toBe(409);
      expect((await manager.get(`${BASE}/evaluation/actions?state=open`)).json().total).toBe(2);

      // the evidence of the period and the trend
      const ev = (await manager.get(`${BASE}/evaluation/runs/${run.id}/evidence`)).json();
      expect(ev.supervision.penalties).toBeGreaterThan(0);
      const second = (await manager.post(`${BASE}/evaluation/runs`, { schemeId, title: '2027 自评', assessedOn: '2026-11-21', periodFrom: '2026-01-01', periodTo: '2026-11-30', assessors: ['王五'] })).json();
      const allConform = items.map((i) => ({ indicatorId: i.id, result: 'conform' }));
      const s2 = (await manager.patch(`${BASE}/evaluation/runs/${second.id}`, { version: second.version, results: allConform })).json();
      await manager.post(`${BASE}/evaluation/runs/${second.id}/finalise`, { version: s2.version });
      const trend = (await manager.get(`${BASE}/evaluation/trend`)).json();
      expect(trend.map((t: { score: number; star: string }) => [t.score, t.star])).toEqual([
        [90.5, 'four'],
        [100, 'five'],
      ]);
      expect(trend[0].groups.map((g: { score: number }) => g.score)).toEqual([100, 88.6, 75]);
      expect((await agent.get(`${BASE}/evaluation/runs`)).statusCode).toBe(403);
      const audit = await db().selectFrom('audit_log').select('action').where('entity', '=', 'evaluation_run').where('entity_id', '=', String(run.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'finalise']);
    });
  });
});
