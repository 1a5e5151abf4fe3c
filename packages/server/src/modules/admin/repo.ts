// SQL for users, organisation units, roles, API tokens and the audit log.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool } from 'kysely';
import type { Tx } from '../../db';
import type { ApiTokenTable, DB, OrgUnitTable, RoleTable, UserTable } from '../../db/schema';
import type { SortSpec } from '../../platform/paging';
import type { UnitRow } from './calc';

const count = (v: unknown) => Number(v ?? 0);

/** `%term%` for LIKE with the wildcards of the term escaped (used with `escape '\'`). */
function likePattern(term: string) {
  return '%' + term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

// ---------- users ----------

/** Every column but the password hash: nothing outside sign-in ever reads it. */
export const USER_COLUMNS = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.email',
  'users.phone',
  'users.org_unit_id',
  'users.disabled',
  'users.must_change_password',
  'users.failed_logins',
  'users.locked_until',
  'users.last_login_at',
  'users.created_at',
  'users.updated_at',
  'users.version',
] as const;

export const USER_SORTABLE = {
  username: 'users.username',
  displayName: 'users.display_name',
  createdAt: 'users.id',
  lastLoginAt: 'users.last_login_at',
} as const;
export type UserSortColumn = (typeof USER_SORTABLE)[keyof typeof USER_SORTABLE];

export interface UserFilter {
  q?: string;
  orgUnitId?: number;
  roleId?: number;
  disabled?: boolean;
}

function userConditions(eb: ExpressionBuilder<DB, 'users'>, f: UserFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.q) {
    const pat = likePattern(f.q);
    c.push(
      eb.or([
        sql<SqlBool>`lower(users.username) like ${pat} escape '\\'`,
        sql<SqlBool>`lower(users.display_name) like ${pat} escape '\\'`,
      ]),
    );
  }
  if (f.orgUnitId) c.push(eb('users.org_unit_id', '=', f.orgUnitId));
  if (f.disabled !== undefined) c.push(eb('users.disabled', '=', f.disabled ? 1 : 0));
  if (f.roleId) {
    const roleId = f.roleId;
    c.push(eb.exists(eb.selectFrom('user_roles').select('user_roles.user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role_id', '=', roleId)));
  }
  return c;
}

export async function listUsers(db: Tx, f: UserFilter, sort: SortSpec<UserSortColumn>, limit: number, offset: number) {
  let q = db
    .selectFrom('users')
    .leftJoin('org_units', 'org_units.id', 'users.org_unit_id')
    .select([...USER_COLUMNS, 'org_units.name as org_unit_name'])
    .where((eb) => eb.and(userConditions(eb, f)));
  for (const s of sort) q = q.orderBy(s.column, s.dir);
  q = q.orderBy('users.id', 'asc');
  const rows = await q.limit(limit).offset(offset).execute();
  const total = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(userConditions(eb, f)))
    .executeTakeFirstOrThrow();
  return { rows, total: count(total.n) };
}
export type UserRow = Awaited<ReturnType<typeof listUsers>>['rows'][number];

export async function getUser(db: Tx, id: number): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .leftJoin('org_units', 'org_units.id', 'users.org_unit_id')
    .select([...USER_COLUMNS, 'org_units.name as org_unit_name'])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

export async function usernameTaken(db: Tx, username: string): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  return !!r;
}

export async function insertUser(db: Tx, row: Insertable<UserTable>): Promise<number> {
  const r = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Optimistic update: answers false when the version did not match (or the row is gone). */
export async function updateUserVersioned(db: Tx, id: number, version: number, set: Partial<Record<keyof UserTable, unknown>>): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function updateUser(db: Tx, id: number, set: Partial<Record<keyof UserTable, unknown>>): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ ...(set as object), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function rolesOfUsers(db: Tx, userIds: number[]) {
  const out = new Map<number, { id: number; code: string; nameZh: string; nameEn: string; permissions: string }[]>();
  if (!userIds.length) return out;
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['user_roles.user_id', 'roles.id', 'roles.code', 'roles.name_zh', 'roles.name_en', 'roles.permissions'])
    .where('user_roles.user_id', 'in', userIds)
    .orderBy('roles.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, permissions: r.permissions });
    out.set(r.user_id, list);
  }
  return out;
}

export async function replaceUserRoles(db: Tx, userId: number, roleIds: number[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  const unique = [...new Set(roleIds)];
  if (unique.length) await db.insertInto('user_roles').values(unique.map((role_id) => ({ user_id: userId, role_id }))).execute();
}

export async function deleteSessionsOf(db: Tx, userId: number): Promise<number> {
  const res = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function userOptions(db: Tx) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'org_unit_id'])
    .where('disabled', '=', 0)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

/** Active users holding any of `roleIds`. */
export async function activeUsersWithRoles(db: Tx, roleIds: number[]): Promise<number> {
  if (!roleIds.length) return 0;
  const r = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select((eb) => eb.fn.count<number>('users.id').distinct().as('n'))
    .where('user_roles.role_id', 'in', roleIds)
    .where('users.disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return count(r.n);
}

// ---------- organisation units ----------

export async function allUnits(db: Tx, includeArchived = true): Promise<UnitRow[]> {
  let q = db.selectFrom('org_units').select(['id', 'parent_id', 'name', 'kind', 'sort', 'archived_at', 'version']);
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('sort').orderBy('id').execute();
}

export async function getUnit(db: Tx, id: number) {
  return db.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeUserCounts(db: Tx): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('users')
    .select(['org_unit_id', (eb) => eb.fn.countAll().as('n')])
    .where('disabled', '=', 0)
    .where('org_unit_id', 'is not', null)
    .groupBy('org_unit_id')
    .execute();
  return new Map(rows.map((r) => [r.org_unit_id as number, count(r.n)]));
}

export async function insertUnit(db: Tx, row: Insertable<OrgUnitTable>): Promise<number> {
  const r = await db.insertInto('org_units').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUnitVersioned(db: Tx, id: number, version: number, set: Partial<Record<keyof OrgUnitTable, unknown>>): Promise<boolean> {
  const res = await db
    .updateTable('org_units')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function unitOccupancy(db: Tx, id: number): Promise<{ activeUsers: number; activeChildren: number }> {
  const users = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_unit_id', '=', id)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  const children = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('parent_id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { activeUsers: count(users.n), activeChildren: count(children.n) };
}

// ---------- roles ----------

export async function listRoles(db: Tx) {
  return db.selectFrom('roles').selectAll().orderBy('built_in', 'desc').orderBy('id').execute();
}

export async function getRole(db: Tx, id: number) {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rolesByIds(db: Tx, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('roles').selectAll().where('id', 'in', ids).execute();
}

export async function roleCodeTaken(db: Tx, code: string): Promise<boolean> {
  return !!(await db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirst());
}

export async function roleUserCounts(db: Tx): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['role_id', (eb) => eb.fn.countAll().as('n')])
    .groupBy('role_id')
    .execute();
  return new Map(rows.map((r) => [r.role_id, count(r.n)]));
}

export async function roleUserCount(db: Tx, roleId: number): Promise<number> {
  const r = await db
    .selectFrom('user_roles')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role_id', '=', roleId)
    .executeTakeFirstOrThrow();
  return count(r.n);
}

export async function insertRole(db: Tx, row: Insertable<RoleTable>): Promise<number> {
  const r = await db.insertInto('roles').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRoleVersioned(db: Tx, id: number, version: number, set: Partial<Record<keyof RoleTable, unknown>>): Promise<boolean> {
  const res = await db
    .updateTable('roles')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteRoleVersioned(db: Tx, id: number, version: number): Promise<boolean> {
  const res = await db.deleteFrom('roles').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

// ---------- API tokens ----------

export interface TokenFilter {
  userId?: number;
  revoked?: boolean;
}

function tokenConditions(eb: ExpressionBuilder<DB, 'api_tokens'>, f: TokenFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.userId) c.push(eb('api_tokens.user_id', '=', f.userId));
  if (f.revoked === true) c.push(eb('api_tokens.revoked_at', 'is not', null));
  if (f.revoked === false) c.push(eb('api_tokens.revoked_at', 'is', null));
  return c;
}

const TOKEN_COLUMNS = [
  'api_tokens.id',
  'api_tokens.name',
  'api_tokens.prefix',
  'api_tokens.user_id',
  'api_tokens.created_at',
  'api_tokens.created_by',
  'api_tokens.last_used_at',
  'api_tokens.revoked_at',
  'owner.username as username',
  'owner.display_name as user_display_name',
  'creator.display_name as created_by_name',
] as const;

function tokenQuery(db: Tx) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users as owner', 'owner.id', 'api_tokens.user_id')
    .leftJoin('users as creator', 'creator.id', 'api_tokens.created_by')
    .select(TOKEN_COLUMNS);
}

export async function listTokens(db: Tx, f: TokenFilter, limit: number, offset: number) {
  const rows = await tokenQuery(db)
    .where((eb) => eb.and(tokenConditions(eb, f)))
    .orderBy('api_tokens.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(tokenConditions(eb, f)))
    .executeTakeFirstOrThrow();
  return { rows, total: count(total.n) };
}
export type TokenRow = Awaited<ReturnType<typeof listTokens>>['rows'][number];

export async function getToken(db: Tx, id: number): Promise<(TokenRow & { token_hash: string }) | undefined> {
  return tokenQuery(db).select('api_tokens.token_hash').where('api_tokens.id', '=', id).executeTakeFirst();
}

export async function insertToken(db: Tx, row: Insertable<ApiTokenTable>): Promise<number> {
  const r = await db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function revokeToken(db: Tx, id: number, at: string): Promise<boolean> {
  const res = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---------- audit log (read-only here: audit() in platform/audit.ts is the only writer) ----------

export interface AuditFilter {
  userId?: number;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

function auditConditions(eb: ExpressionBuilder<DB, 'audit_log'>, f: AuditFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.userId) c.push(eb('audit_log.user_id', '=', f.userId));
  if (f.action) c.push(eb('audit_log.action', '=', f.action));
  if (f.entity) c.push(eb('audit_log.entity', '=', f.entity));
  if (f.entityId) c.push(eb('audit_log.entity_id', '=', f.entityId));
  if (f.from) c.push(eb('audit_log.at', '>=', f.from));
  if (f.to) c.push(eb('audit_log.at', '<', f.to));
  return c;
}

export async function listAudit(db: Tx, f: AuditFilter, limit: number, offset: number) {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.and(auditConditions(eb, f)))
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(auditConditions(eb, f)))
    .executeTakeFirstOrThrow();
  return { rows, total: count(total.n) };
}
