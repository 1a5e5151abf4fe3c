// Complaint settings (投诉处理设置): the deadline rules by severity × customer tier (§3.11), the escalation ladder
// (升级投诉 levels 1–3) and the claim approval bands (索赔审批权限). Read the rules with complaints:read; everything
// else, and every write, needs complaints:rules. Every write is versioned and audited.
import type { Selectable } from 'kysely';
import {
  COMPLAINT_TIER_ANY,
  type Severity,
  type TClaimBand,
  type TClaimBandCreate,
  type TClaimBandUpdate,
  type TComplaintLevel,
  type TComplaintLevelUpdate,
  type TComplaintRule,
  type TComplaintRuleCreate,
  type TComplaintRuleListQuery,
  type TComplaintRuleUpdate,
  type TComplaintSettingsOptions,
  type TPage,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { ClaimBandTable, ComplaintLevelTable, ComplaintSlaRuleTable } from '../../db/schema-complaints';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, assertFound, conflict, invalid } from '../../platform/errors';
import { requirePermission, type Principal } from '../../platform/permissions';
import { offsetOf } from '../../platform/paging';
import { isUniqueViolation, setArchivedVersioned } from '../../platform/versioned';

// ---------- deadline rules ----------

type RuleRow = Selectable<ComplaintSlaRuleTable>;

function ruleOut(r: RuleRow): TComplaintRule {
  return {
    id: r.id,
    severity: r.severity as Severity,
    tier: r.tier,
    replyMinutes: r.reply_minutes,
    replyBusinessHours: !!r.reply_business_hours,
    resolveMinutes: r.resolve_minutes,
    resolveBusinessHours: !!r.resolve_business_hours,
    warnPercent: r.warn_percent,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const ruleAudit = ({ createdAt: _c, updatedAt: _u, ...rest }: TComplaintRule) => rest;
const ruleKey = (r: { severity: string; tier: string }) => `${r.severity}/${r.tier}`;
const ruleDuplicate = () => new AppError(409, 'COMPLAINT_RULE_DUPLICATE', [{ path: 'tier', key: 'COMPLAINT_RULE_DUPLICATE' }]);

async function loadRule(db: Tx, id: number): Promise<RuleRow> {
  return assertFound(await db.selectFrom('complaint_sla_rules').selectAll().where('id', '=', id).executeTakeFirst(), 'COMPLAINT_RULE_NOT_FOUND');
}

export async function listComplaintRules(ctx: AppContext, p: Principal, q: TComplaintRuleListQuery): Promise<TPage<TComplaintRule>> {
  requirePermission(p, 'complaints:read');
  let base = ctx.db.selectFrom('complaint_sla_rules');
  if (q.archived === 'false') base = base.where('archived_at', 'is', null);
  else if (q.archived === 'true') base = base.where('archived_at', 'is not', null);
  if (q.severity) base = base.where('severity', '=', q.severity);
  if (q.tier) base = base.where('tier', '=', q.tier);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('severity').orderBy('tier').orderBy('id').limit(q.pageSize).offset(offsetOf(q.page, q.pageSize)).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(ruleOut), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function getComplaintRule(ctx: AppContext, p: Principal, id: number): Promise<TComplaintRule> {
  requirePermission(p, 'complaints:read');
  return ruleOut(await loadRule(ctx.db, id));
}

export async function createComplaintRule(ctx: AppContext, p: Principal, input: TComplaintRuleCreate, actx: AuditContext): Promise<TComplaintRule> {
  requirePermission(p, 'complaints:rules');
  if (input.tier !== COMPLAINT_TIER_ANY) await ctx.dictionaries.assert([{ path: 'tier', type: 'service_tier', code: input.tier }]);
  // the unique index covers archived rules too: one row per key, restored rather than created twice
  const taken = await ctx.db.selectFrom('complaint_sla_rules').select('id').where('severity', '=', input.severity).where('tier', '=', input.tier).executeTakeFirst();
  if (taken) throw ruleDuplicate();
  const now = ctx.clock.now().toISOString();
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('complaint_sla_rules')
        .values({
          severity: input.severity,
          tier: input.tier,
          reply_minutes: input.replyMinutes,
          reply_business_hours: input.replyBusinessHours ? 1 : 0,
          resolve_minutes: input.resolveMinutes,
          resolve_business_hours: input.resolveBusinessHours ? 1 : 0,
          warn_percent: input.warnPercent,
          archived_at: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = ruleOut(await loadRule(trx, r.id));
      await audit(trx, actx, { action: 'create', entity: 'complaint_sla_rule', entityId: r.id, summary: ruleKey(after), after: ruleAudit(after) });
      return r.id;
    });
    return ruleOut(await loadRule(ctx.db, id));
  } catch (err) {
    if (isUniqueViolation(err)) throw ruleDuplicate();
    throw err;
  }
}

/** Changes the targets of a rule (its key stays: a different key is a different rule). */
export async function updateComplaintRule(ctx: AppContext, p: Principal, id: number, input: TComplaintRuleUpdate, actx: AuditContext): Promise<TComplaintRule> {
  requirePermission(p, 'complaints:rules');
  const beforeRow = await loadRule(ctx.db, id);
  if (beforeRow.archived_at) throw new AppError(409, 'COMPLAINT_RULE_ARCHIVED');
  const before = ruleOut(beforeRow);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('complaint_sla_rules')
      .set((eb) => ({
        reply_minutes: input.replyMinutes,
        reply_business_hours: input.replyBusinessHours ? 1 : 0,
        resolve_minutes: input.resolveMinutes,
        resolve_business_hours: input.resolveBusinessHours ? 1 : 0,
        warn_percent: input.warnPercent,
        updated_at: ctx.clock.now().toISOString(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', input.version)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict();
    const after = ruleOut(await loadRule(trx, id));
    await audit(trx, actx, { action: 'update', entity: 'complaint_sla_rule', entityId: id, summary: ruleKey(after), before: ruleAudit(before), after: ruleAudit(after) });
  });
  return ruleOut(await loadRule(ctx.db, id));
}

/**
 * Archive (new complaints stop using the rule; open ones keep the deadlines they were given) or restore. The rule
 * for any tier ('*') of a severity stays: it is what a complaint of an unlisted tier falls back to.
 */
export async function setComplaintRuleArchived(
  ctx: AppContext,
  p: Principal,
  id: number,
  archived: boolean,
  version: number,
  actx: AuditContext,
): Promise<TComplaintRule> {
  requirePermission(p, 'complaints:rules');
  const before = await loadRule(ctx.db, id);
  if (archived && before.tier === COMPLAINT_TIER_ANY) throw new AppError(409, 'COMPLAINT_RULE_DEFAULT_REQUIRED');
  await setArchivedVersioned(ctx, 'complaint_sla_rules', { id, version, archived }, { entity: 'complaint_sla_rule', summary: ruleKey(before) }, actx);
  return ruleOut(await loadRule(ctx.db, id));
}

// ---------- roles and users the settings refer to ----------

async function roleRows(db: Tx) {
  const rows = await db.selectFrom('roles').select(['code', 'name_zh', 'name_en', 'permissions']).orderBy('built_in', 'desc').orderBy('id').execute();
  return rows.map((r) => ({ ...r, perms: new Set<string>(JSON.parse(r.permissions) as string[]) }));
}

/** The union of the permissions of a user's roles; null when the user does not exist or is disabled. */
async function activeUserPermissions(db: Tx, userId: number): Promise<Set<string> | null> {
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).where('disabled', '=', 0).executeTakeFirst();
  if (!user) return null;
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select('roles.permissions')
    .where('user_roles.user_id', '=', userId)
    .execute();
  return new Set(rows.flatMap((r) => JSON.parse(r.permissions) as string[]));
}

export async function settingsOptions(ctx: AppContext, p: Principal): Promise<TComplaintSettingsOptions> {
  requirePermission(p, 'complaints:rules');
  const roles = await roleRows(ctx.db);
  const readers = roles.filter((r) => r.perms.has('complaints:read')).map((r) => r.code);
  const users = readers.length
    ? await ctx.db
        .selectFrom('users')
        .select(['users.id', 'users.display_name'])
        .where('users.disabled', '=', 0)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('user_roles')
              .innerJoin('roles', 'roles.id', 'user_roles.role_id')
              .select('user_roles.user_id')
              .whereRef('user_roles.user_id', '=', 'users.id')
              .where('roles.code', 'in', readers),
          ),
        )
        .orderBy('users.display_name')
        .orderBy('users.id')
        .execute()
    : [];
  return {
    roles: roles.map((r) => ({
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      canReadComplaints: r.perms.has('complaints:read'),
      canApproveClaims: r.perms.has('complaints:approve'),
    })),
    users: users.map((u) => ({ id: u.id, displayName: u.display_name })),
  };
}

// ---------- escalation levels ----------

type LevelRow = Selectable<ComplaintLevelTable>;

async function levelOut(db: Tx, r: LevelRow): Promise<TComplaintLevel> {
  const owner = r.owner_id ? await db.selectFrom('users').select('display_name').where('id', '=', r.owner_id).executeTakeFirst() : undefined;
  return {
    id: r.id,
    level: r.level,
    ownerId: r.owner_id,
    ownerName: owner?.display_name ?? null,
    roleCode: r.role_code,
    windowMinutes: r.window_minutes,
    businessHours: !!r.business_hours,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const levelAudit = ({ updatedAt: _u, ownerName: _n, ...rest }: TComplaintLevel) => rest;

async function loadLevel(db: Tx, level: number): Promise<LevelRow> {
  return assertFound(await db.selectFrom('complaint_levels').selectAll().where('level', '=', level).executeTakeFirst(), 'COMPLAINT_LEVEL_NOT_FOUND');
}

export async function listComplaintLevels(ctx: AppContext, p: Principal): Promise<{ items: TComplaintLevel[] }> {
  requirePermission(p, 'complaints:rules');
  const rows = await ctx.db.selectFrom('complaint_levels').selectAll().orderBy('level').execute();
  return { items: await Promise.all(rows.map((r) => levelOut(ctx.db, r))) };
}

/**
 * Level 1 is whoever the complaint is assigned to, so it has only its window. Levels 2 and 3 need an owner (a user)
 * or a role (its first active holder takes the case), and whoever it is must be able to see complaints.
 */
export async function updateComplaintLevel(ctx: AppContext, p: Principal, level: number, input: TComplaintLevelUpdate, actx: AuditContext): Promise<TComplaintLevel> {
  requirePermission(p, 'complaints:rules');
  const beforeRow = await loadLevel(ctx.db, level);
  const ownerId = input.ownerId ?? null;
  const roleCode = input.roleCode ? input.roleCode : null;
  const errors: { path: string; key: string }[] = [];
  if (level === 1) {
    if (ownerId !== null) errors.push({ path: 'ownerId', key: 'level_one_handler' });
    if (roleCode !== null) errors.push({ path: 'roleCode', key: 'level_one_handler' });
  } else if (ownerId === null && roleCode === null) {
    errors.push({ path: 'ownerId', key: 'level_owner_or_role_required' });
  }
  if (level !== 1 && ownerId !== null) {
    const perms = await activeUserPermissions(ctx.db, ownerId);
    if (!perms) errors.push({ path: 'ownerId', key: 'owner_not_active' });
    else if (!perms.has('complaints:read')) errors.push({ path: 'ownerId', key: 'owner_cannot_read_complaints' });
  }
  if (level !== 1 && roleCode !== null) {
    const role = (await roleRows(ctx.db)).find((r) => r.code === roleCode);
    if (!role) errors.push({ path: 'roleCode', key: 'unknown_role' });
    else if (!role.perms.has('complaints:read')) errors.push({ path: 'roleCode', key: 'role_cannot_read_complaints' });
  }
  if (errors.length) throw invalid(errors);

  const before = await levelOut(ctx.db, beforeRow);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('complaint_levels')
      .set((eb) => ({
        owner_id: ownerId,
        role_code: roleCode,
        window_minutes: input.windowMinutes,
        business_hours: input.businessHours ? 1 : 0,
        updated_at: ctx.clock.now().toISOString(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', beforeRow.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict();
    const after = await levelOut(trx, await loadLevel(trx, level));
    await audit(trx, actx, { action: 'update', entity: 'complaint_level', entityId: beforeRow.id, summary: `level ${level}`, before: levelAudit(before), after: levelAudit(after) });
  });
  return levelOut(ctx.db, await loadLevel(ctx.db, level));
}

// ---------- claim approval bands ----------

type BandRow = Selectable<ClaimBandTable>;

function bandOut(r: BandRow): TClaimBand {
  return {
    id: r.id,
    roleCode: r.role_code,
    // PostgreSQL returns bigint money as a string
    maxFen: r.max_fen === null ? null : Number(r.max_fen),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const bandAudit = ({ createdAt: _c, updatedAt: _u, ...rest }: TClaimBand) => rest;
const bandDuplicate = () => new AppError(409, 'CLAIM_BAND_DUPLICATE', [{ path: 'roleCode', key: 'CLAIM_BAND_DUPLICATE' }]);

async function loadBand(db: Tx, id: number): Promise<BandRow> {
  return assertFound(await db.selectFrom('claim_bands').selectAll().where('id', '=', id).executeTakeFirst(), 'CLAIM_BAND_NOT_FOUND');
}

export async function listClaimBands(ctx: AppContext, p: Principal): Promise<{ items: TClaimBand[] }> {
  requirePermission(p, 'complaints:rules');
  const rows = await ctx.db.selectFrom('claim_bands').selectAll().orderBy('id').execute();
  return { items: rows.map(bandOut) };
}

export async function createClaimBand(ctx: AppContext, p: Principal, input: TClaimBandCreate, actx: AuditContext): Promise<TClaimBand> {
  requirePermission(p, 'complaints:rules');
  const role = await ctx.db.selectFrom('roles').select('id').where('code', '=', input.roleCode).executeTakeFirst();
  if (!role) throw invalid([{ path: 'roleCode', key: 'unknown_role' }]);
  if (await ctx.db.selectFrom('claim_bands').select('id').where('role_code', '=', input.roleCode).executeTakeFirst()) throw bandDuplicate();
  const now = ctx.clock.now().toISOString();
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('claim_bands')
        .values({ role_code: input.roleCode, max_fen: input.maxFen, created_at: now, updated_at: now, version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = bandOut(await loadBand(trx, r.id));
      await audit(trx, actx, { action: 'create', entity: 'claim_band', entityId: r.id, summary: input.roleCode, after: bandAudit(after) });
      return r.id;
    });
    return bandOut(await loadBand(ctx.db, id));
  } catch (err) {
    if (isUniqueViolation(err)) throw bandDuplicate();
    throw err;
  }
}

export async function updateClaimBand(ctx: AppContext, p: Principal, id: number, input: TClaimBandUpdate, actx: AuditContext): Promise<TClaimBand> {
  requirePermission(p, 'complaints:rules');
  const before = bandOut(await loadBand(ctx.db, id));
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('claim_bands')
      .set((eb) => ({ max_fen: input.maxFen, updated_at: ctx.clock.now().toISOString(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict();
    const after = bandOut(await loadBand(trx, id));
    await audit(trx, actx, { action: 'update', entity: 'claim_band', entityId: id, summary: before.roleCode, before: bandAudit(before), after: bandAudit(after) });
  });
  return bandOut(await loadBand(ctx.db, id));
}

/** Takes a role's approval right away (claims already approved keep their approval). */
export async function deleteClaimBand(ctx: AppContext, p: Principal, id: number, version: number, actx: AuditContext): Promise<void> {
  requirePermission(p, 'complaints:rules');
  const before = bandOut(await loadBand(ctx.db, id));
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('claim_bands').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw conflict();
    await audit(trx, actx, { action: 'delete', entity: 'claim_band', entityId: id, summary: before.roleCode, before: bandAudit(before) });
  });
}
