// SLA rules (服务响应时间细则): the rule table keyed by service type × tier × region type × priority with '*'
// wildcards, the lookup that picks the most specific live rule, and the administration of the table.
//
// Which rule wins: among the live (not archived) rules whose four key fields each equal the order's value or
// '*', the one with the most non-wildcard fields; on a tie, the one that is specific in the earlier field of
// the fixed order service type → tier → region type → priority (a rule for "repair, any tier" beats one for
// "any type, VIP"). No match at all: the built-in fallback below (ruleId null).
import {
  SLA_WILDCARD,
  type TPage,
  type TSlaRule,
  type TSlaRuleCreate,
  type TSlaRuleListQuery,
  type TSlaRuleUpdate,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { SlaRuleTable } from '../../db/schema-service';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, assertFound, conflict } from '../../platform/errors';
import { requirePermission, type Principal } from '../../platform/permissions';
import { offsetOf } from '../../platform/paging';
import { isUniqueViolation, setArchivedVersioned } from '../../platform/versioned';

export interface SlaTargets {
  ruleId: number | null;
  ackMinutes: number;
  appointmentMinutes: number;
  arrivalMinutes: number;
  fixMinutes: number;
  visitMinutes: number;
  businessHours: boolean;
  pauseOnCustomer: boolean;
  pauseOnParts: boolean;
  warnPercent: number;
}

/** When no rule matches (all archived, say): the standard urban targets of domain.md §3.8 in working minutes. */
export const FALLBACK_TARGETS: SlaTargets = Object.freeze({
  ruleId: null,
  ackMinutes: 120,
  appointmentMinutes: 120,
  arrivalMinutes: 480,
  fixMinutes: 1440,
  visitMinutes: 1440,
  businessHours: true,
  pauseOnCustomer: true,
  pauseOnParts: true,
  warnPercent: 80,
});

type RuleRow = Selectable<SlaRuleTable>;
const KEY_COLUMNS = ['service_type', 'tier', 'region_type', 'priority'] as const;

/** [specificity, tie-break rank]: compared in that order, larger wins. */
function ruleRank(r: Pick<RuleRow, (typeof KEY_COLUMNS)[number]>): [number, number] {
  let count = 0;
  let bits = 0;
  for (const c of KEY_COLUMNS) {
    bits <<= 1;
    if (r[c] !== SLA_WILDCARD) {
      count++;
      bits |= 1;
    }
  }
  return [count, bits];
}

/** The most specific of the candidate rules (pure; exported for tests). */
export function pickRule<T extends Pick<RuleRow, (typeof KEY_COLUMNS)[number]>>(rules: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestRank: [number, number] = [-1, -1];
  for (const r of rules) {
    const rank = ruleRank(r);
    if (rank[0] > bestRank[0] || (rank[0] === bestRank[0] && rank[1] > bestRank[1])) {
      best = r;
      bestRank = rank;
    }
  }
  return best;
}

export function targetsOf(r: RuleRow): SlaTargets {
  return {
    ruleId: r.id,
    ackMinutes: r.ack_minutes,
    appointmentMinutes: r.appointment_minutes,
    arrivalMinutes: r.arrival_minutes,
    fixMinutes: r.fix_minutes,
    visitMinutes: r.visit_minutes,
    businessHours: !!r.business_hours,
    pauseOnCustomer: !!r.pause_on_customer,
    pauseOnParts: !!r.pause_on_parts,
    warnPercent: r.warn_percent,
  };
}

/** The targets for an order: the most specific live rule matching its key, else the built-in fallback. */
export async function findSlaTargets(
  db: Tx,
  key: { serviceType: string; tier: string; regionType: string; priority: string },
): Promise<SlaTargets> {
  // at most 16 rows can match (each field: the value or '*'); the unique key index serves the lookup
  const rows = await db
    .selectFrom('sla_rules')
    .selectAll()
    .where('archived_at', 'is', null)
    .where('service_type', 'in', [key.serviceType, SLA_WILDCARD])
    .where('tier', 'in', [key.tier, SLA_WILDCARD])
    .where('region_type', 'in', [key.regionType, SLA_WILDCARD])
    .where('priority', 'in', [key.priority, SLA_WILDCARD])
    .execute();
  const best = pickRule(rows);
  return best ? targetsOf(best) : { ...FALLBACK_TARGETS };
}

// ---------- administration ----------

function ruleOut(r: RuleRow): TSlaRule {
  return {
    id: r.id,
    serviceType: r.service_type,
    tier: r.tier,
    regionType: r.region_type,
    priority: r.priority,
    ackMinutes: r.ack_minutes,
    appointmentMinutes: r.appointment_minutes,
    arrivalMinutes: r.arrival_minutes,
    fixMinutes: r.fix_minutes,
    visitMinutes: r.visit_minutes,
    businessHours: !!r.business_hours,
    pauseOnCustomer: !!r.pause_on_customer,
    pauseOnParts: !!r.pause_on_parts,
    warnPercent: r.warn_percent,
    specificity: ruleRank(r)[0],
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function auditView(r: TSlaRule) {
  const { createdAt: _c, updatedAt: _u, specificity: _s, ...rest } = r;
  return rest;
}

const keyLabel = (r: { serviceType: string; tier: string; regionType: string; priority: string }) =>
  `${r.serviceType}/${r.tier}/${r.regionType}/${r.priority}`;

const duplicate = () =>
  new AppError(409, 'SLA_RULE_DUPLICATE', [
    { path: 'serviceType', key: 'SLA_RULE_DUPLICATE' },
  ]);

async function loadRule(db: Tx, id: number): Promise<RuleRow> {
  return assertFound(await db.selectFrom('sla_rules').selectAll().where('id', '=', id).executeTakeFirst(), 'SLA_RULE_NOT_FOUND');
}

async function keyTaken(db: Tx, k: { serviceType: string; tier: string; regionType: string; priority: string }, exceptId?: number) {
  let q = db
    .selectFrom('sla_rules')
    .select('id')
    .where('service_type', '=', k.serviceType)
    .where('tier', '=', k.tier)
    .where('region_type', '=', k.regionType)
    .where('priority', '=', k.priority);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

async function checkTier(ctx: AppContext, tier: string) {
  if (tier !== SLA_WILDCARD) await ctx.dictionaries.assert([{ path: 'tier', type: 'service_tier', code: tier }]);
}

export async function listSlaRules(ctx: AppContext, p: Principal, q: TSlaRuleListQuery): Promise<TPage<TSlaRule>> {
  requirePermission(p, 'service:read');
  let base = ctx.db.selectFrom('sla_rules');
  if (q.archived === 'false') base = base.where('archived_at', 'is', null);
  else if (q.archived === 'true') base = base.where('archived_at', 'is not', null);
  if (q.serviceType) base = base.where('service_type', '=', q.serviceType);
  if (q.tier) base = base.where('tier', '=', q.tier);
  if (q.regionType) base = base.where('region_type', '=', q.regionType);
  if (q.priority) base = base.where('priority', '=', q.priority);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('service_type')
      .orderBy('tier')
      .orderBy('region_type')
      .orderBy('priority')
      .orderBy('id')
      .limit(q.pageSize)
      .offset(offsetOf(q.page, q.pageSize))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(ruleOut), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function getSlaRule(ctx: AppContext, p: Principal, id: number): Promise<TSlaRule> {
  requirePermission(p, 'service:read');
  return ruleOut(await loadRule(ctx.db, id));
}

export async function createSlaRule(ctx: AppContext, p: Principal, input: TSlaRuleCreate, actx: AuditContext): Promise<TSlaRule> {
  requirePermission(p, 'service:rules');
  await checkTier(ctx, input.tier);
  if (await keyTaken(ctx.db, input)) throw duplicate();
  const now = ctx.clock.now().toISOString();
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('sla_rules')
        .values({
          service_type: input.serviceType,
          tier: input.tier,
          region_type: input.regionType,
          priority: input.priority,
          ack_minutes: input.ackMinutes,
          appointment_minutes: input.appointmentMinutes,
          arrival_minutes: input.arrivalMinutes,
          fix_minutes: input.fixMinutes,
          visit_minutes: input.visitMinutes,
          business_hours: input.businessHours ? 1 : 0,
          pause_on_customer: input.pauseOnCustomer ? 1 : 0,
          pause_on_parts: input.pauseOnParts ? 1 : 0,
          warn_percent: input.warnPercent,
          archived_at: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = ruleOut(await loadRule(trx, r.id));
      await audit(trx, actx, { action: 'create', entity: 'sla_rule', entityId: r.id, summary: keyLabel(after), after: auditView(after) });
      return r.id;
    });
    return ruleOut(await loadRule(ctx.db, id));
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

/** A versioned update; the key may change too (a taken key is a 409). Archived rules are restored first. */
export async function updateSlaRule(ctx: AppContext, p: Principal, id: number, input: TSlaRuleUpdate, actx: AuditContext): Promise<TSlaRule> {
  requirePermission(p, 'service:rules');
  const beforeRow = await loadRule(ctx.db, id);
  if (beforeRow.archived_at) throw new AppError(409, 'SLA_RULE_ARCHIVED');
  const before = ruleOut(beforeRow);
  const key = {
    serviceType: input.serviceType ?? before.serviceType,
    tier: input.tier ?? before.tier,
    regionType: input.regionType ?? before.regionType,
    priority: input.priority ?? before.priority,
  };
  if (input.tier !== undefined && input.tier !== before.tier) await checkTier(ctx, input.tier);
  if (keyLabel(key) !== keyLabel(before) && (await keyTaken(ctx.db, key, id))) throw duplicate();
  const set: Partial<Record<keyof RuleRow, unknown>> = { updated_at: ctx.clock.now().toISOString() };
  if (input.serviceType !== undefined) set.service_type = input.serviceType;
  if (input.tier !== undefined) set.tier = input.tier;
  if (input.regionType !== undefined) set.region_type = input.regionType;
  if (input.priority !== undefined) set.priority = input.priority;
  if (input.ackMinutes !== undefined) set.ack_minutes = input.ackMinutes;
  if (input.appointmentMinutes !== undefined) set.appointment_minutes = input.appointmentMinutes;
  if (input.arrivalMinutes !== undefined) set.arrival_minutes = input.arrivalMinutes;
  if (input.fixMinutes !== undefined) set.fix_minutes = input.fixMinutes;
  if (input.visitMinutes !== undefined) set.visit_minutes = input.visitMinutes;
  if (input.businessHours !== undefined) set.business_hours = input.businessHours ? 1 : 0;
  if (input.pauseOnCustomer !== undefined) set.pause_on_customer = input.pauseOnCustomer ? 1 : 0;
  if (input.pauseOnParts !== undefined) set.pause_on_parts = input.pauseOnParts ? 1 : 0;
  if (input.warnPercent !== undefined) set.warn_percent = input.warnPercent;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('sla_rules')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }) as never)
        .where('id', '=', id)
        .where('version', '=', input.version)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw conflict();
      const after = ruleOut(await loadRule(trx, id));
      await audit(trx, actx, { action: 'update', entity: 'sla_rule', entityId: id, summary: keyLabel(after), before: auditView(before), after: auditView(after) });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  return ruleOut(await loadRule(ctx.db, id));
}

/** Archive (the rule stops matching new orders; orders keep the targets they were taken with) or restore. */
export async function setSlaRuleArchived(
  ctx: AppContext,
  p: Principal,
  id: number,
  archived: boolean,
  version: number,
  actx: AuditContext,
): Promise<TSlaRule> {
  requirePermission(p, 'service:rules');
  const before = ruleOut(await loadRule(ctx.db, id));
  await setArchivedVersioned(ctx, 'sla_rules', { id, version, archived }, { entity: 'sla_rule', summary: keyLabel(before) }, actx);
  return ruleOut(await loadRule(ctx.db, id));
}
