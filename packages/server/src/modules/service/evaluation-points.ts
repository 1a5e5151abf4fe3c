// Reward and penalty rules (客户服务奖罚规则, tool 31) and the monthly points ledger (奖罚积分) per technician and
// per outlet. Automatic entries are computed in SQL from the events the service module records; manual entries
// (锦旗, 乱收费 found on inspection …) are added by hand and only ever voided, never deleted.
//
// Which month an event belongs to: the local month (company time zone) of
// - sla_breach: the 'sla_breach' row of service_order_events (each breached deadline counts once);
// - dissatisfied_visit / praise (rating 5) / misconduct: the return visit's done_at;
// - repeat_repair: the rework order's created_at — charged to the technician and outlet of the order it reworks;
// - first_time_fix: the order's completed_at.
// Orders that are archived, and rework orders that were cancelled, do not count. A person rule charges the order's
// technician (owner) and records the order's outlet beside; an outlet rule charges the order's outlet. A rule counts
// the events that happen on the days it is active and in effect (effective_from … effective_to, local dates).
import { sql, type RawBuilder, type Selectable } from 'kysely';
import {
  AUTO_REWARD_EVENTS,
  rewardRuleProblems,
  type TPage,
  type TPointsEntry,
  type TPointsEntryCreate,
  type TPointsEntryListQuery,
  type TPointsLedger,
  type TPointsOutletRow,
  type TPointsPersonRow,
  type TRewardEvent,
  type TRewardRule,
  type TRewardRuleCreate,
  type TRewardRuleListQuery,
  type TRewardRuleUpdate,
} from '@kehu/shared';
import type { Tx } from '../../db';
import { lockInTransaction } from '../../db/dialect';
import type { ServiceRewardRuleTable } from '../../db/schema-service';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, assertFound, conflict, invalid } from '../../platform/errors';
import { offsetOf } from '../../platform/paging';
import { requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { isUniqueViolation } from '../../platform/versioned';
import { localDayStart } from '../admin/calc';
import { addDays } from './local-date';
import { localDay } from './orders-service';

type RuleRow = Selectable<ServiceRewardRuleTable>;

// ======================= rules =======================

function ruleOut(r: RuleRow): TRewardRule {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    matter: r.matter,
    criterion: r.criterion,
    event: r.event as TRewardEvent,
    points: r.points,
    amountFen: Number(r.amount_fen),
    appliesTo: r.applies_to,
    department: r.department,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    active: !!r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const auditView = (r: TRewardRule) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};

async function loadRule(db: Tx, id: number): Promise<RuleRow> {
  return assertFound(await db.selectFrom('service_reward_rules').selectAll().where('id', '=', id).executeTakeFirst(), 'REWARD_RULE_NOT_FOUND');
}

const codeTaken = () => new AppError(409, 'REWARD_RULE_CODE_TAKEN', [{ path: 'code', key: 'REWARD_RULE_CODE_TAKEN' }]);

export async function listRewardRules(ctx: AppContext, p: Principal, q: TRewardRuleListQuery): Promise<TPage<TRewardRule>> {
  requirePermission(p, 'service:read');
  let base = ctx.db.selectFrom('service_reward_rules');
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.event) base = base.where('event', '=', q.event);
  if (q.appliesTo) base = base.where('applies_to', '=', q.appliesTo);
  if (q.active !== 'all') base = base.where('active', '=', q.active === 'true' ? 1 : 0);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    base = base.where((eb) => eb.or([eb('code', 'like', like), eb('matter', 'like', like), eb('criterion', 'like', like)]));
  }
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('kind', 'desc').orderBy('code').orderBy('id').limit(q.pageSize).offset(offsetOf(q.page, q.pageSize)).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(ruleOut), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function getRewardRule(ctx: AppContext, p: Principal, id: number): Promise<TRewardRule> {
  requirePermission(p, 'service:read');
  return ruleOut(await loadRule(ctx.db, id));
}

export async function createRewardRule(ctx: AppContext, p: Principal, input: TRewardRuleCreate, actx: AuditContext): Promise<TRewardRule> {
  requirePermission(p, 'service:rules');
  const now = ctx.clock.now().toISOString();
  if (await ctx.db.selectFrom('service_reward_rules').select('id').where('code', '=', input.code).executeTakeFirst()) throw codeTaken();
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('service_reward_rules')
        .values({
          code: input.code,
          kind: input.kind,
          matter: input.matter,
          criterion: input.criterion,
          event: input.event,
          points: input.points,
          amount_fen: input.amountFen,
          applies_to: input.appliesTo,
          department: input.department ?? null,
          effective_from: input.effectiveFrom,
          effective_to: input.effectiveTo ?? null,
          active: input.active ? 1 : 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = ruleOut(await loadRule(trx, r.id));
      await audit(trx, actx, { action: 'create', entity: 'service_reward_rule', entityId: r.id, summary: `${after.code} ${after.matter}`, after: auditView(after) });
      return r.id;
    });
    return ruleOut(await loadRule(ctx.db, id));
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}

/** A versioned update; the sign and date rules are checked on the rule as it will be. */
export async function updateRewardRule(ctx: AppContext, p: Principal, id: number, input: TRewardRuleUpdate, actx: AuditContext): Promise<TRewardRule> {
  requirePermission(p, 'service:rules');
  const before = ruleOut(await loadRule(ctx.db, id));
  const merged = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as TRewardRule;
  const problems = rewardRuleProblems(merged);
  if (problems.length) throw invalid(problems);
  if (input.code !== undefined && input.code !== before.code) {
    const taken = await ctx.db.selectFrom('service_reward_rules').select('id').where('code', '=', input.code).where('id', '<>', id).executeTakeFirst();
    if (taken) throw codeTaken();
  }
  const set: Partial<Record<keyof RuleRow, unknown>> = { updated_at: ctx.clock.now().toISOString() };
  if (input.code !== undefined) set.code = input.code;
  if (input.kind !== undefined) set.kind = input.kind;
  if (input.matter !== undefined) set.matter = input.matter;
  if (input.criterion !== undefined) set.criterion = input.criterion;
  if (input.event !== undefined) set.event = input.event;
  if (input.points !== undefined) set.points = input.points;
  if (input.amountFen !== undefined) set.amount_fen = input.amountFen;
  if (input.appliesTo !== undefined) set.applies_to = input.appliesTo;
  if (input.department !== undefined) set.department = input.department;
  if (input.effectiveFrom !== undefined) set.effective_from = input.effectiveFrom;
  if (input.effectiveTo !== undefined) set.effective_to = input.effectiveTo;
  if (input.active !== undefined) set.active = input.active ? 1 : 0;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('service_reward_rules')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }) as never)
        .where('id', '=', id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw conflict();
      const after = ruleOut(await loadRule(trx, id));
      await audit(trx, actx, { action: 'update', entity: 'service_reward_rule', entityId: id, summary: `${after.code} ${after.matter}`, before: auditView(before), after: auditView(after) });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
  return ruleOut(await loadRule(ctx.db, id));
}

// ======================= the monthly computation =======================

/** The [from, to) instants of a local month. */
export function monthRange(month: string, timeZone: string): { from: string; to: string; firstDay: string; lastDay: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const firstDay = `${month}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return {
    from: localDayStart(firstDay, timeZone).toISOString(),
    to: localDayStart(next, timeZone).toISOString(),
    firstDay,
    lastDay: addDays(next, -1),
  };
}

interface Source {
  /** the alias of the order that carries technician and outlet */
  order: 'o';
  from: RawBuilder<unknown>;
  ref: RawBuilder<unknown>;
  at: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
}

/** The rows that count for each automatic event; `o` is the order charged. */
function sourceOf(event: Exclude<TRewardEvent, 'manual'>, from: string, to: string): Source {
  const live = sql`o.archived_at is null`;
  switch (event) {
    case 'sla_breach':
      return {
        order: 'o',
        from: sql`service_order_events e join service_orders o on o.id = e.order_id`,
        ref: sql`e.id`,
        at: sql`e.at`,
        where: sql`e.action = 'sla_breach' and e.at >= ${from} and e.at < ${to} and ${live}`,
      };
    case 'dissatisfied_visit':
    case 'praise':
    case 'misconduct': {
      const cond = event === 'dissatisfied_visit' ? sql`v.dissatisfied = 1` : event === 'praise' ? sql`v.rating = 5` : sql`v.misconduct = 1`;
      return {
        order: 'o',
        from: sql`return_visits v join service_orders o on o.id = v.order_id`,
        ref: sql`v.id`,
        at: sql`v.done_at`,
        where: sql`v.state = 'done' and ${cond} and v.done_at >= ${from} and v.done_at < ${to} and ${live}`,
      };
    }
    case 'repeat_repair':
      return {
        order: 'o',
        from: sql`service_orders r join service_orders o on o.id = r.rework_of_id`,
        ref: sql`r.id`,
        at: sql`r.created_at`,
        where: sql`r.repeat_repair = 1 and r.state <> 'cancelled' and r.archived_at is null and r.created_at >= ${from} and r.created_at < ${to} and ${live}`,
      };
    case 'first_time_fix':
      return {
        order: 'o',
        from: sql`service_orders o`,
        ref: sql`o.id`,
        at: sql`o.completed_at`,
        where: sql`o.first_time_fix = 1 and o.completed_at >= ${from} and o.completed_at < ${to} and ${live}`,
      };
  }
}

/**
 * Recomputes the automatic entries of a local month ('YYYY-MM') from the events: the month's automatic entries are
 * replaced in one transaction (manual entries are kept), so running it again gives the same ledger. Serialised per
 * month (advisory lock on PostgreSQL; SQLite writes one transaction at a time), and an entry's key (rule, event,
 * record) is unique, so concurrent runs cannot count an event twice. Returns the number of automatic entries.
 */
export async function monthlyPoints(ctx: AppContext, month: string): Promise<{ month: string; entries: number }> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid([{ path: 'month', key: 'invalid_month' }]);
  const tz = ctx.config.timezone;
  const range = monthRange(month, tz);
  const now = ctx.clock.now().toISOString();
  const entries = await ctx.db.transaction().execute(async (trx) => {
    await lockInTransaction(trx, `service-points:${month}`);
    await trx.deleteFrom('service_points_entries').where('month', '=', month).where('source', '=', 'auto').execute();
    const rules = await trx
      .selectFrom('service_reward_rules')
      .selectAll()
      .where('active', '=', 1)
      .where('event', 'in', AUTO_REWARD_EVENTS)
      .where('effective_from', '<=', range.lastDay)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', range.firstDay)]))
      .orderBy('id')
      .execute();
    for (const rule of rules) {
      // the rule's days within the month, as instants
      const ruleFrom = localDayStart(rule.effective_from, tz).toISOString();
      const ruleTo = rule.effective_to ? localDayStart(addDays(rule.effective_to, 1), tz).toISOString() : range.to;
      const from = ruleFrom > range.from ? ruleFrom : range.from;
      const to = ruleTo < range.to ? ruleTo : range.to;
      if (from >= to) continue;
      const src = sourceOf(rule.event as Exclude<TRewardEvent, 'manual'>, from, to);
      const person = rule.applies_to === 'person';
      const subjectCond = person ? sql`o.owner_id is not null` : sql`o.outlet_id is not null`;
      // literals, not parameters: PostgreSQL cannot type a bare parameter in the select list of insert … select
      await sql`
        insert into service_points_entries
          (month, subject, user_id, outlet_id, rule_id, source, event, order_id, ref_id, auto_key, points, amount_fen, reason, occurred_at, created_at, created_by)
        select ${sql.lit(month)}, ${sql.lit(rule.applies_to)}, ${person ? sql`o.owner_id` : sql`null`}, o.outlet_id, ${sql.lit(rule.id)}, 'auto',
          ${sql.lit(rule.event)}, o.id, ${src.ref}, ${sql.lit(`${rule.id}:${rule.event}:`)} || cast(${src.ref} as varchar(20)),
          ${sql.lit(rule.points)}, ${sql.lit(Number(rule.amount_fen))}, null, ${src.at}, ${sql.lit(now)}, null
        from ${src.from}
        where ${src.where} and ${subjectCond}
        on conflict (auto_key) do nothing`.execute(trx);
    }
    const n = await trx
      .selectFrom('service_points_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('month', '=', month)
      .where('source', '=', 'auto')
      .executeTakeFirstOrThrow();
    const count = Number(n.n);
    await trx
      .insertInto('service_points_months')
      .values({ month, computed_at: now, entries: count })
      .onConflict((oc) => oc.column('month').doUpdateSet({ computed_at: now, entries: count }))
      .execute();
    return count;
  });
  return { month, entries };
}

/** The months the daily job recomputes: yesterday's and today's (local), so a month is complete after it ends. */
export function monthsToRecompute(now: Date, timeZone: string): string[] {
  const today = localDay(now, timeZone);
  const yesterday = addDays(today, -1);
  return [...new Set([yesterday.slice(0, 7), today.slice(0, 7)])];
}

/** The on-demand recomputation (service:kpi), audited. */
export async function recomputeMonth(ctx: AppContext, p: Principal, month: string, actx: AuditContext) {
  requirePermission(p, 'service:kpi');
  const r = await monthlyPoints(ctx, month);
  await audit(ctx.db, actx, { action: 'recompute', entity: 'service_points', entityId: month, summary: `${month}: ${r.entries} automatic entries` });
  return r;
}

// ======================= ledger =======================

const entryBase = (db: Tx) => db.selectFrom('service_points_entries as e').leftJoin('outlets as ol', 'ol.id', 'e.outlet_id');
type EntryBase = ReturnType<typeof entryBase>;

/** The service data scope on ledger rows: one's own entries; a team or department scope adds its outlets' entries. */
function scoped(p: Principal, qb: EntryBase): EntryBase {
  const s = scopeFilter(p, 'service');
  if (s.kind === 'all') return qb;
  if (s.kind === 'own') return qb.where('e.user_id', '=', p.userId);
  return qb.where((eb) => (s.unitIds.length ? eb.or([eb('e.user_id', '=', p.userId), eb('ol.org_unit_id', 'in', s.unitIds)]) : eb('e.user_id', '=', p.userId)));
}

function entryRows(qb: EntryBase) {
  return qb
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .leftJoin('service_reward_rules as r', 'r.id', 'e.rule_id')
    .leftJoin('service_orders as o', 'o.id', 'e.order_id')
    .leftJoin('users as c', 'c.id', 'e.created_by')
    .select([
      'e.id',
      'e.month',
      'e.subject',
      'e.user_id',
      'u.display_name as user_name',
      'e.outlet_id',
      'ol.name as outlet_name',
      'e.rule_id',
      'r.code as rule_code',
      'r.matter as rule_matter',
      'e.source',
      'e.event',
      'e.order_id',
      'o.code as order_code',
      'e.points',
      'e.amount_fen',
      'e.reason',
      'e.occurred_at',
      'e.created_at',
      'c.display_name as created_by_name',
      'e.voided_at',
      'e.void_reason',
    ]);
}

function entryOut(r: Awaited<ReturnType<ReturnType<typeof entryRows>['executeTakeFirstOrThrow']>>): TPointsEntry {
  return {
    id: r.id,
    month: r.month,
    subject: r.subject,
    user: r.user_id ? { id: r.user_id, name: r.user_name ?? String(r.user_id) } : null,
    outlet: r.outlet_id ? { id: r.outlet_id, name: r.outlet_name ?? String(r.outlet_id) } : null,
    rule: r.rule_id ? { id: r.rule_id, code: r.rule_code ?? '', matter: r.rule_matter ?? '' } : null,
    source: r.source,
    event: r.event as TRewardEvent,
    order: r.order_id ? { id: r.order_id, code: r.order_code ?? '' } : null,
    points: r.points,
    amountFen: Number(r.amount_fen),
    reason: r.reason,
    occurredAt: r.occurred_at,
    createdAt: r.created_at,
    createdBy: r.created_by_name ?? null,
    voidedAt: r.voided_at,
    voidReason: r.void_reason,
  };
}

async function loadEntry(db: Tx, id: number): Promise<TPointsEntry> {
  return entryOut(assertFound(await entryRows(entryBase(db).where('e.id', '=', id)).executeTakeFirst(), 'POINTS_ENTRY_NOT_FOUND'));
}

export async function pointsLedger(ctx: AppContext, p: Principal, month: string): Promise<TPointsLedger> {
  requirePermission(p, 'service:kpi');
  const s = scopeFilter(p, 'service');
  const persons = await scoped(p, entryBase(ctx.db))
    .where('e.month', '=', month)
    .where('e.subject', '=', 'person')
    .where('e.voided_at', 'is', null)
    .where('e.user_id', 'is not', null)
    .select([
      'e.user_id',
      sql<number>`sum(e.points)`.as('points'),
      sql<number>`sum(e.amount_fen)`.as('amount'),
      sql<number>`sum(case when e.points > 0 then e.points else 0 end)`.as('reward'),
      sql<number>`sum(case when e.points < 0 then e.points else 0 end)`.as('penalty'),
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy('e.user_id')
    .execute();
  const userIds = persons.map((r) => r.user_id!).filter(Boolean);
  const people = userIds.length
    ? await ctx.db
        .selectFrom('users as u')
        .leftJoin('technicians as t', 't.user_id', 'u.id')
        .leftJoin('outlets as ol', 'ol.id', 't.outlet_id')
        .select(['u.id', 'u.display_name', 't.outlet_id', 'ol.name as outlet_name'])
        .where('u.id', 'in', userIds)
        .execute()
    : [];
  const byUser = new Map(people.map((u) => [u.id, u]));
  const personRows: TPointsPersonRow[] = persons
    .map((r) => {
      const u = byUser.get(r.user_id!);
      return {
        userId: r.user_id!,
        name: u?.display_name ?? String(r.user_id),
        outletId: u?.outlet_id ?? null,
        outletName: u?.outlet_name ?? null,
        points: Number(r.points),
        amountFen: Number(r.amount),
        rewardPoints: Number(r.reward),
        penaltyPoints: Number(r.penalty),
        entries: Number(r.n),
      };
    })
    .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name, 'zh-CN'));

  let outletRows: TPointsOutletRow[] = [];
  if (s.kind !== 'own') {
    let oq = ctx.db
      .selectFrom('service_points_entries as e')
      .innerJoin('outlets as ol', 'ol.id', 'e.outlet_id')
      .where('e.month', '=', month)
      .where('e.voided_at', 'is', null);
    if (s.kind === 'units') oq = oq.where('ol.org_unit_id', 'in', s.unitIds.length ? s.unitIds : [-1]);
    const rows = await oq
      .select([
        'e.outlet_id',
        sql<string>`max(ol.name)`.as('name'),
        sql<number>`sum(case when e.subject = 'outlet' then e.points else 0 end)`.as('points'),
        sql<number>`sum(case when e.subject = 'outlet' then e.amount_fen else 0 end)`.as('amount'),
        sql<number>`sum(case when e.subject = 'outlet' then 1 else 0 end)`.as('n'),
        sql<number>`sum(case when e.subject = 'person' then e.points else 0 end)`.as('staff'),
      ])
      .groupBy('e.outlet_id')
      .execute();
    outletRows = rows
      .map((r) => ({ outletId: r.outlet_id!, name: r.name, points: Number(r.points), amountFen: Number(r.amount), entries: Number(r.n), staffPoints: Number(r.staff) }))
      .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name, 'zh-CN'));
  }
  const computed = await ctx.db.selectFrom('service_points_months').select('computed_at').where('month', '=', month).executeTakeFirst();
  return { month, persons: personRows, outlets: outletRows, computedAt: computed?.computed_at ?? null };
}

export async function listPointsEntries(ctx: AppContext, p: Principal, q: TPointsEntryListQuery): Promise<TPage<TPointsEntry>> {
  requirePermission(p, 'service:kpi');
  let base = scoped(p, entryBase(ctx.db)).where('e.month', '=', q.month);
  if (q.userId) base = base.where('e.user_id', '=', q.userId);
  if (q.outletId) base = base.where('e.outlet_id', '=', q.outletId);
  if (q.source) base = base.where('e.source', '=', q.source);
  if (q.subject) base = base.where('e.subject', '=', q.subject);
  if (q.voided === 'false') base = base.where('e.voided_at', 'is', null);
  else if (q.voided === 'true') base = base.where('e.voided_at', 'is not', null);
  const [rows, total] = await Promise.all([
    entryRows(base).orderBy('e.occurred_at', 'desc').orderBy('e.id', 'desc').limit(q.pageSize).offset(offsetOf(q.page, q.pageSize)).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(entryOut), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

/** A manual entry (e.g. 锦旗 +5 for a technician), with its reason; service:dispatch, audited. */
export async function addPointsEntry(ctx: AppContext, p: Principal, input: TPointsEntryCreate, actx: AuditContext): Promise<TPointsEntry> {
  requirePermission(p, 'service:dispatch');
  const tz = ctx.config.timezone;
  if (input.date > localDay(ctx.clock.now(), tz)) throw invalid([{ path: 'date', key: 'date_in_future' }]);
  let userId: number | null = null;
  let outletId: number | null = null;
  if (input.subject === 'person') {
    const tech = await ctx.db.selectFrom('technicians').select(['user_id', 'outlet_id']).where('user_id', '=', input.userId!).executeTakeFirst();
    if (!tech) throw invalid([{ path: 'userId', key: 'unknown_technician' }]);
    userId = tech.user_id;
    outletId = tech.outlet_id;
  } else {
    const o = await ctx.db.selectFrom('outlets').select(['id']).where('id', '=', input.outletId!).where('archived_at', 'is', null).executeTakeFirst();
    if (!o) throw invalid([{ path: 'outletId', key: 'unknown_outlet' }]);
    outletId = o.id;
  }
  let rule: RuleRow | undefined;
  if (input.ruleId) {
    rule = await ctx.db.selectFrom('service_reward_rules').selectAll().where('id', '=', input.ruleId).where('active', '=', 1).executeTakeFirst();
    if (!rule) throw invalid([{ path: 'ruleId', key: 'unknown_rule' }]);
    if (rule.event !== 'manual') throw invalid([{ path: 'ruleId', key: 'rule_not_manual' }]);
    if (rule.applies_to !== input.subject) throw invalid([{ path: 'ruleId', key: 'rule_subject_mismatch' }]);
  }
  const points = input.points ?? rule?.points ?? 0;
  const amountFen = input.amountFen ?? (rule ? Number(rule.amount_fen) : 0);
  if (rule) {
    const problems = rewardRuleProblems({ kind: rule.kind, points, amountFen });
    if (problems.length) throw invalid(problems);
  } else if (points === 0 && amountFen === 0) throw invalid([{ path: 'points', key: 'points_or_amount_required' }]);
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('service_points_entries')
      .values({
        month: input.date.slice(0, 7),
        subject: input.subject,
        user_id: userId,
        outlet_id: outletId,
        rule_id: rule?.id ?? null,
        source: 'manual',
        event: 'manual',
        order_id: null,
        ref_id: null,
        auto_key: null,
        points,
        amount_fen: amountFen,
        reason: input.reason,
        occurred_at: localDayStart(input.date, tz).toISOString(),
        created_at: now,
        created_by: p.userId,
        voided_at: null,
        voided_by: null,
        void_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actx, {
      action: 'create',
      entity: 'service_points_entry',
      entityId: r.id,
      summary: `${input.subject === 'person' ? `user ${userId}` : `outlet ${outletId}`} ${points > 0 ? '+' : ''}${points} ${input.reason}`,
      after: { ...input, points, amountFen },
    });
    return r.id;
  });
  return loadEntry(ctx.db, id);
}

/** Voids a manual entry with a reason (automatic entries follow their events and rules); service:dispatch, audited. */
export async function voidPointsEntry(ctx: AppContext, p: Principal, id: number, reason: string, actx: AuditContext): Promise<TPointsEntry> {
  requirePermission(p, 'service:dispatch');
  const e = assertFound(await ctx.db.selectFrom('service_points_entries').selectAll().where('id', '=', id).executeTakeFirst(), 'POINTS_ENTRY_NOT_FOUND');
  if (e.source !== 'manual') throw new AppError(409, 'POINTS_ENTRY_AUTOMATIC');
  if (e.voided_at) throw new AppError(409, 'POINTS_ENTRY_VOIDED');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('service_points_entries')
      .set({ voided_at: now, voided_by: p.userId, void_reason: reason })
      .where('id', '=', id)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'POINTS_ENTRY_VOIDED');
    await audit(trx, actx, { action: 'void', entity: 'service_points_entry', entityId: id, summary: reason, before: { points: e.points, amountFen: Number(e.amount_fen), reason: e.reason } });
  });
  return loadEntry(ctx.db, id);
}

/** Totals of the ledger over local months from … to, for the evidence of the 监督 indicator. */
export async function pointsSummary(ctx: AppContext, fromMonth: string, toMonth: string) {
  const r = await ctx.db
    .selectFrom('service_points_entries')
    .select([
      sql<number>`sum(case when points > 0 then 1 else 0 end)`.as('rewards'),
      sql<number>`sum(case when points < 0 then 1 else 0 end)`.as('penalties'),
      sql<number>`sum(case when points > 0 then points else 0 end)`.as('reward_points'),
      sql<number>`sum(case when points < 0 then points else 0 end)`.as('penalty_points'),
      sql<number>`sum(case when source = 'manual' then 1 else 0 end)`.as('manual'),
    ])
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .where('voided_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    rewards: Number(r.rewards ?? 0),
    penalties: Number(r.penalties ?? 0),
    rewardPoints: Number(r.reward_points ?? 0),
    penaltyPoints: Number(r.penalty_points ?? 0),
    manual: Number(r.manual ?? 0),
  };
}

