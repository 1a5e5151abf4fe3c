// Administration rules: accounts, organisation, roles, API tokens and the audit trail.
// Every write is audited; anything that changes who may do what empties the AuthCache.
import {
  PERMISSIONS,
  permissionCatalogue,
  type DataScope,
  type Permission,
  type ScopedModule,
  type TApiToken,
  type TApiTokenCreate,
  type TApiTokenCreated,
  type TApiTokenListQuery,
  type TAuditEntry,
  type TAuditListQuery,
  type TOrgUnitCreate,
  type TOrgUnitNode,
  type TOrgUnitUpdate,
  type TPage,
  type TRole,
  type TRoleCreate,
  type TRoleUpdate,
  type TUser,
  type TUserCreate,
  type TUserListQuery,
  type TUserOption,
  type TUserUpdate,
} from '@kehu/shared';
import type { Tx } from '../../db';
import { lockInTransaction } from '../../db/dialect';
import type { AppContext } from '../../platform/context';
import type { AuthCache } from '../../platform/auth';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, assertFound, conflict, forbidden, invalid } from '../../platform/errors';
import { parseSort } from '../../platform/paging';
import { hashPassword, isStrongPassword, randomPassword, randomToken, sha256 } from '../../platform/passwords';
import { can, requirePermission, type Principal } from '../../platform/permissions';
import { buildTree, instantRange, kindFits, missingPermissions, widenedScopes, wouldCycle } from './calc';
import * as repo from './repo';

type FieldErr = { path: string; key: string };
type Scopes = Partial<Record<ScopedModule, DataScope>>;

// ---------- shared helpers ----------

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

function parseScopes(json: string): Scopes {
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Scopes) : {};
  } catch {
    return {};
  }
}

/** Deduplicated, in catalogue order, so stored lists compare and diff cleanly. */
function normalisePermissions(list: readonly string[]): Permission[] {
  const set = new Set(list);
  return PERMISSIONS.filter((p) => set.has(p));
}

function sameList(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** An admin may only hand out, or act on holders of, permissions they hold themselves. */
function assertWithinOwn(p: Principal, wanted: Iterable<string>) {
  const missing = missingPermissions(p.permissions, wanted);
  if (missing.length) throw new AppError(403, 'PRIVILEGE_ESCALATION', [], { missing });
}

/** Refuses (and so rolls back) any change that leaves no active user able to manage roles. */
async function assertAdminRemains(db: Tx) {
  // two admins demoting each other at once: the second waits here and then counts what the first committed
  await lockInTransaction(db, 'kehu:last-admin');
  const roles = await repo.listRoles(db);
  const ids = roles.filter((r) => parseList(r.permissions).includes('admin:roles')).map((r) => r.id);
  if ((await repo.activeUsersWithRoles(db, ids)) === 0) throw new AppError(409, 'LAST_ADMIN');
}

function dbErrorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}
const isUniqueViolation = (err: unknown) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(dbErrorCode(err) ?? '');
const isForeignKeyViolation = (err: unknown) => ['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY'].includes(dbErrorCode(err) ?? '');

// ---------- users ----------

type RoleRef = { id: number; code: string; nameZh: string; nameEn: string; permissions: string };

function userOut(r: repo.UserRow & { org_unit_name: string | null }, roles: RoleRef[], now: Date): TUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    roles: roles.map(({ id, code, nameZh, nameEn }) => ({ id, code, nameZh, nameEn })),
    disabled: !!r.disabled,
    mustChangePassword: !!r.must_change_password,
    locked: !!r.locked_until && new Date(r.locked_until) > now,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** What the audit log keeps of an account (never the password hash). */
function userAudit(u: TUser) {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    phone: u.phone,
    orgUnitId: u.orgUnitId,
    roles: u.roles.map((r) => r.code),
    disabled: u.disabled,
  };
}

async function loadUser(db: Tx, id: number, now: Date): Promise<{ user: TUser; permissions: Set<string> }> {
  const row = assertFound(await repo.getUser(db, id), 'USER_NOT_FOUND');
  const roles = (await repo.rolesOfUsers(db, [id])).get(id) ?? [];
  const permissions = new Set(roles.flatMap((r) => parseList(r.permissions)));
  return { user: userOut(row, roles, now), permissions };
}

async function checkOrgUnit(db: Tx, id: number | null | undefined, path: string, errors: FieldErr[]) {
  if (id === null || id === undefined) return;
  const unit = await repo.getUnit(db, id);
  if (!unit) errors.push({ path, key: 'unknown_org_unit' });
  else if (unit.archived_at) errors.push({ path, key: 'archived_org_unit' });
}

async function checkRoles(db: Tx, ids: number[], errors: FieldErr[]) {
  const unique = [...new Set(ids)];
  const rows = await repo.rolesByIds(db, unique);
  const found = new Set(rows.map((r) => r.id));
  unique.forEach((id) => {
    if (!found.has(id)) errors.push({ path: `roleIds.${ids.indexOf(id)}`, key: 'unknown_role' });
  });
  return rows.flatMap((r) => parseList(r.permissions));
}

export async function listUsers(ctx: AppContext, p: Principal, q: TUserListQuery): Promise<TPage<TUser>> {
  requirePermission(p, 'admin:users');
  const sort = parseSort(q.sort, repo.USER_SORTABLE, [{ column: 'users.username', dir: 'asc' }]);
  const filter: repo.UserFilter = {
    q: q.q || undefined,
    orgUnitId: q.orgUnitId,
    roleId: q.roleId,
    disabled: q.disabled === undefined ? undefined : q.disabled === 'true',
  };
  const { rows, total } = await repo.listUsers(ctx.db, filter, sort, q.pageSize, (q.page - 1) * q.pageSize);
  const roles = await repo.rolesOfUsers(ctx.db, rows.map((r) => r.id));
  const now = ctx.clock.now();
  return { items: rows.map((r) => userOut(r, roles.get(r.id) ?? [], now)), total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: AppContext, p: Principal, id: number): Promise<TUser> {
  requirePermission(p, 'admin:users');
  return (await loadUser(ctx.db, id, ctx.clock.now())).user;
}

/** Active users for pickers (owner, token holder, audit filter): any signed-in user may read them. */
export async function userOptions(ctx: AppContext): Promise<{ items: TUserOption[] }> {
  const rows = await repo.userOptions(ctx.db);
  return { items: rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, orgUnitId: r.org_unit_id })) };
}

export async function createUser(ctx: AppContext, cache: AuthCache, p: Principal, input: TUserCreate, actx: AuditContext): Promise<TUser> {
  requirePermission(p, 'admin:users');
  const errors: FieldErr[] = [];
  if (!isStrongPassword(input.password)) errors.push({ path: 'password', key: 'password_too_weak' });
  await checkOrgUnit(ctx.db, input.orgUnitId, 'orgUnitId', errors);
  const granted = await checkRoles(ctx.db, input.roleIds, errors);
  if (errors.length) throw invalid(errors);
  assertWithinOwn(p, granted);
  const taken = () => new AppError(409, 'USERNAME_TAKEN', [{ path: 'username', key: 'USERNAME_TAKEN' }]);
  if (await repo.usernameTaken(ctx.db, input.username)) throw taken();
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const iso = now.toISOString();
  let id: number;
  try {
    id = await ctx.db.transaction().execute(async (trx) => {
      const newId = await repo.insertUser(trx, {
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        email: input.email ?? null,
        phone: input.phone ?? null,
        org_unit_id: input.orgUnitId ?? null,
        disabled: 0,
        must_change_password: 1,
        failed_logins: 0,
        created_at: iso,
        updated_at: iso,
      });
      await repo.replaceUserRoles(trx, newId, input.roleIds);
      const { user } = await loadUser(trx, newId, now);
      await audit(trx, actx, { action: 'create', entity: 'user', entityId: newId, summary: user.username, after: userAudit(user) });
      return newId;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  cache.clear();
  return (await loadUser(ctx.db, id, now)).user;
}

export async function updateUser(ctx: AppContext, cache: AuthCache, p: Principal, id: number, input: TUserUpdate, actx: AuditContext): Promise<TUser> {
  requirePermission(p, 'admin:users');
  const now = ctx.clock.now();
  const before = await loadUser(ctx.db, id, now);
  assertWithinOwn(p, before.permissions);
  const errors: FieldErr[] = [];
  if (input.orgUnitId !== undefined && input.orgUnitId !== before.user.orgUnitId) await checkOrgUnit(ctx.db, input.orgUnitId, 'orgUnitId', errors);
  const granted = input.roleIds ? await checkRoles(ctx.db, input.roleIds, errors) : [];
  if (errors.length) throw invalid(errors);
  assertWithinOwn(p, granted);
  const set: Record<string, unknown> = { updated_at: now.toISOString() };
  if (input.displayName !== undefined) set.display_name = input.displayName;
  if (input.email !== undefined) set.email = input.email;
  if (input.phone !== undefined) set.phone = input.phone;
  if (input.orgUnitId !== undefined) set.org_unit_id = input.orgUnitId;
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateUserVersioned(trx, id, input.version, set))) throw conflict();
    if (input.roleIds) {
      await repo.replaceUserRoles(trx, id, input.roleIds);
      await assertAdminRemains(trx);
    }
    const after = await loadUser(trx, id, now);
    await audit(trx, actx, { action: 'update', entity: 'user', entityId: id, summary: before.user.username, before: userAudit(before.user), after: userAudit(after.user) });
  });
  cache.clear();
  return (await loadUser(ctx.db, id, now)).user;
}

/** Disabling also ends every session of the account; its API tokens stop working while it is disabled. */
export async function setUserDisabled(ctx: AppContext, cache: AuthCache, p: Principal, id: number, disabled: boolean, version: number, actx: AuditContext): Promise<TUser> {
  requirePermission(p, 'admin:users');
  const now = ctx.clock.now();
  const before = await loadUser(ctx.db, id, now);
  assertWithinOwn(p, before.permissions);
  if (disabled && id === p.userId) throw new AppError(409, 'CANNOT_DISABLE_SELF');
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateUserVersioned(trx, id, version, { disabled: disabled ? 1 : 0, updated_at: now.toISOString() }))) throw conflict();
    const sessionsEnded = disabled ? await repo.deleteSessionsOf(trx, id) : 0;
    if (disabled) await assertAdminRemains(trx);
    await audit(trx, actx, {
      action: disabled ? 'disable' : 'enable',
      entity: 'user',
      entityId: id,
      summary: before.user.username,
      before: { disabled: before.user.disabled },
      after: { disabled, ...(disabled && { sessionsEnded }) },
    });
  });
  cache.clear();
  return (await loadUser(ctx.db, id, now)).user;
}

/**
 * An admin sets a temporary password (or has one generated): the user must change it at the next
 * sign-in, the lock and failed-login count are cleared, and existing sessions end.
 */
export async function resetPassword(
  ctx: AppContext,
  cache: AuthCache,
  p: Principal,
  id: number,
  input: { password?: string },
  actx: AuditContext,
): Promise<{ user: TUser; temporaryPassword: string | null }> {
  requirePermission(p, 'admin:users');
  const now = ctx.clock.now();
  const before = await loadUser(ctx.db, id, now);
  assertWithinOwn(p, before.permissions);
  if (input.password !== undefined && !isStrongPassword(input.password)) throw invalid([{ path: 'password', key: 'password_too_weak' }]);
  const password = input.password ?? randomPassword();
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, id, { password_hash: passwordHash, must_change_password: 1, failed_logins: 0, locked_until: null, updated_at: now.toISOString() });
    const sessionsEnded = await repo.deleteSessionsOf(trx, id);
    await audit(trx, actx, {
      action: 'password_reset',
      entity: 'user',
      entityId: id,
      summary: before.user.username,
      before: { locked: before.user.locked },
      after: { mustChangePassword: true, generated: input.password === undefined, sessionsEnded },
    });
  });
  cache.clear();
  return { user: (await loadUser(ctx.db, id, now)).user, temporaryPassword: input.password === undefined ? password : null };
}

// ---------- organisation units ----------

async function unitNode(db: Tx, id: number): Promise<TOrgUnitNode> {
  const row = assertFound(await repo.getUnit(db, id), 'ORG_UNIT_NOT_FOUND');
  const counts = await repo.activeUserCounts(db);
  return buildTree([row], counts)[0]!;
}

function unitAudit(u: { name: string; kind: string; parent_id: number | null; sort: number; archived_at: string | null }) {
  return { name: u.name, kind: u.kind, parentId: u.parent_id, sort: u.sort, archivedAt: u.archived_at };
}

/**
 * The unit tree. Any signed-in user may read the active units (forms pick a team); archived
 * units are shown only to those who administer the organisation.
 */
export async function listUnits(ctx: AppContext, p: Principal, includeArchived: boolean): Promise<{ items: TOrgUnitNode[] }> {
  if (includeArchived) requirePermission(p, 'admin:org');
  const [rows, counts] = await Promise.all([repo.allUnits(ctx.db, includeArchived), repo.activeUserCounts(ctx.db)]);
  return { items: buildTree(rows, counts) };
}

async function assertNameFree(db: Tx, parentId: number, name: string, exceptId?: number) {
  const units = await repo.allUnits(db, false);
  if (units.some((u) => u.parent_id === parentId && u.name === name && u.id !== exceptId)) throw invalid([{ path: 'name', key: 'duplicate_name' }]);
}

export async function createUnit(ctx: AppContext, cache: AuthCache, p: Principal, input: TOrgUnitCreate, actx: AuditContext): Promise<TOrgUnitNode> {
  requirePermission(p, 'admin:org');
  const parent = await repo.getUnit(ctx.db, input.parentId);
  if (!parent) throw invalid([{ path: 'parentId', key: 'unknown_org_unit' }]);
  if (parent.archived_at) throw invalid([{ path: 'parentId', key: 'archived_org_unit' }]);
  if (!kindFits(parent.kind, input.kind)) throw new AppError(400, 'ORG_UNIT_BAD_PARENT', [{ path: 'kind', key: 'ORG_UNIT_BAD_PARENT' }]);
  await assertNameFree(ctx.db, input.parentId, input.name);
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = { parent_id: input.parentId, name: input.name, kind: input.kind, sort: input.sort ?? 0, archived_at: null, created_at: now, updated_at: now };
    const newId = await repo.insertUnit(trx, row);
    await audit(trx, actx, { action: 'create', entity: 'org_unit', entityId: newId, summary: input.name, after: unitAudit(row) });
    return newId;
  });
  cache.clear(); // a new unit under someone's team widens what their team scope covers
  return unitNode(ctx.db, id);
}

export async function updateUnit(ctx: AppContext, cache: AuthCache, p: Principal, id: number, input: TOrgUnitUpdate, actx: AuditContext): Promise<TOrgUnitNode> {
  requirePermission(p, 'admin:org');
  const before = assertFound(await repo.getUnit(ctx.db, id), 'ORG_UNIT_NOT_FOUND');
  if (before.archived_at) throw new AppError(409, 'ORG_UNIT_ARCHIVED');
  const units = await repo.allUnits(ctx.db, true);
  const moving = input.parentId !== undefined && input.parentId !== before.parent_id;
  if (moving && before.parent_id === null) throw new AppError(400, 'ORG_UNIT_ROOT', [{ path: 'parentId', key: 'ORG_UNIT_ROOT' }]);
  const parentId = moving ? input.parentId! : before.parent_id;
  const parent = parentId === null ? undefined : units.find((u) => u.id === parentId);
  if (moving) {
    if (!parent) throw invalid([{ path: 'parentId', key: 'unknown_org_unit' }]);
    if (parent.archived_at) throw invalid([{ path: 'parentId', key: 'archived_org_unit' }]);
    if (wouldCycle(units, id, parent.id)) throw new AppError(400, 'ORG_UNIT_CYCLE', [{ path: 'parentId', key: 'ORG_UNIT_CYCLE' }]);
  }
  const kind = input.kind ?? before.kind;
  if (parent && !kindFits(parent.kind, kind)) throw new AppError(400, 'ORG_UNIT_BAD_PARENT', [{ path: moving ? 'parentId' : 'kind', key: 'ORG_UNIT_BAD_PARENT' }]);
  if (kind === 'team' && units.some((u) => u.parent_id === id && !u.archived_at && u.kind === 'department')) {
    throw new AppError(400, 'ORG_UNIT_BAD_PARENT', [{ path: 'kind', key: 'ORG_UNIT_BAD_PARENT' }]);
  }
  const name = input.name ?? before.name;
  if (parentId !== null && (input.name !== undefined || moving)) await assertNameFree(ctx.db, parentId, name, id);
  const set: Record<string, unknown> = { updated_at: ctx.clock.now().toISOString() };
  if (input.name !== undefined) set.name = input.name;
  if (input.kind !== undefined) set.kind = input.kind;
  if (input.sort !== undefined) set.sort = input.sort;
  if (moving) set.parent_id = parentId;
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateUnitVersioned(trx, id, input.version, set))) throw conflict();
    const after = assertFound(await repo.getUnit(trx, id), 'ORG_UNIT_NOT_FOUND');
    await audit(trx, actx, { action: moving ? 'move' : 'update', entity: 'org_unit', entityId: id, summary: after.name, before: unitAudit(before), after: unitAudit(after) });
  });
  cache.clear(); // moves and kind changes reshape team and department scopes
  return unitNode(ctx.db, id);
}

/** Archive refuses while active users or active sub-units remain; restore needs an active parent. */
export async function setUnitArchived(ctx: AppContext, cache: AuthCache, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext): Promise<TOrgUnitNode> {
  requirePermission(p, 'admin:org');
  const before = assertFound(await repo.getUnit(ctx.db, id), 'ORG_UNIT_NOT_FOUND');
  if (before.version !== version) throw conflict();
  if (!!before.archived_at === archived) return unitNode(ctx.db, id);
  if (archived) {
    if (before.parent_id === null) throw new AppError(409, 'ORG_UNIT_ROOT');
    const occ = await repo.unitOccupancy(ctx.db, id);
    if (occ.activeUsers || occ.activeChildren) throw new AppError(409, 'ORG_UNIT_NOT_EMPTY', [], occ);
  } else if (before.parent_id !== null) {
    const parent = await repo.getUnit(ctx.db, before.parent_id);
    if (!parent || parent.archived_at) throw new AppError(409, 'ORG_UNIT_ARCHIVED');
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateUnitVersioned(trx, id, version, { archived_at: archived ? now : null, updated_at: now }))) throw conflict();
    await audit(trx, actx, {
      action: archived ? 'archive' : 'restore',
      entity: 'org_unit',
      entityId: id,
      summary: before.name,
      before: { archivedAt: before.archived_at },
      after: { archivedAt: archived ? now : null },
    });
  });
  cache.clear();
  return unitNode(ctx.db, id);
}

// ---------- roles ----------

function roleOut(r: Awaited<ReturnType<typeof repo.listRoles>>[number], userCount: number): TRole {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    permissions: normalisePermissions(parseList(r.permissions)),
    scopes: parseScopes(r.scopes),
    builtIn: !!r.built_in,
    userCount,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function roleAudit(r: TRole) {
  return { code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, permissions: r.permissions, scopes: r.scopes };
}

async function loadRole(db: Tx, id: number): Promise<TRole> {
  const row = assertFound(await repo.getRole(db, id), 'ROLE_NOT_FOUND');
  return roleOut(row, await repo.roleUserCount(db, id));
}

/** Those who assign roles to users need the list too. */
function requireRoleReader(p: Principal) {
  if (!can(p, 'admin:roles') && !can(p, 'admin:users')) throw forbidden();
}

export async function listRoles(ctx: AppContext, p: Principal): Promise<{ items: TRole[] }> {
  requireRoleReader(p);
  const [rows, counts] = await Promise.all([repo.listRoles(ctx.db), repo.roleUserCounts(ctx.db)]);
  return { items: rows.map((r) => roleOut(r, counts.get(r.id) ?? 0)) };
}

export async function getRole(ctx: AppContext, p: Principal, id: number): Promise<TRole> {
  requireRoleReader(p);
  return loadRole(ctx.db, id);
}

export function permissions() {
  return permissionCatalogue();
}

function assertScopesWithinOwn(p: Principal, prev: Scopes, next: Scopes) {
  const widened = widenedScopes(p.scopes, prev, next);
  if (widened.length) throw new AppError(403, 'PRIVILEGE_ESCALATION', [], { scopes: widened });
}

export async function createRole(ctx: AppContext, p: Principal, input: TRoleCreate, actx: AuditContext): Promise<TRole> {
  requirePermission(p, 'admin:roles');
  const perms = normalisePermissions(input.permissions);
  assertWithinOwn(p, perms);
  assertScopesWithinOwn(p, {}, input.scopes);
  const taken = () => new AppError(409, 'ROLE_CODE_TAKEN', [{ path: 'code', key: 'ROLE_CODE_TAKEN' }]);
  if (await repo.roleCodeTaken(ctx.db, input.code)) throw taken();
  const now = ctx.clock.now().toISOString();
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const newId = await repo.insertRole(trx, {
        code: input.code,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        permissions: JSON.stringify(perms),
        scopes: JSON.stringify(input.scopes),
        built_in: 0,
        created_at: now,
        updated_at: now,
      });
      const role = await loadRole(trx, newId);
      await audit(trx, actx, { action: 'create', entity: 'role', entityId: newId, summary: input.code, after: roleAudit(role) });
      return newId;
    });
    return loadRole(ctx.db, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

/** Built-in roles are editable too; a change that leaves nobody able to manage roles is refused. */
export async function updateRole(ctx: AppContext, cache: AuthCache, p: Principal, id: number, input: TRoleUpdate, actx: AuditContext): Promise<TRole> {
  requirePermission(p, 'admin:roles');
  const before = await loadRole(ctx.db, id);
  const perms = input.permissions ? normalisePermissions(input.permissions) : before.permissions;
  assertWithinOwn(p, perms.filter((x) => !before.permissions.includes(x)));
  if (input.scopes) assertScopesWithinOwn(p, before.scopes, input.scopes);
  const set: Record<string, unknown> = { updated_at: ctx.clock.now().toISOString() };
  if (input.nameZh !== undefined) set.name_zh = input.nameZh;
  if (input.nameEn !== undefined) set.name_en = input.nameEn;
  if (input.permissions) set.permissions = JSON.stringify(perms);
  if (input.scopes) set.scopes = JSON.stringify(input.scopes);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateRoleVersioned(trx, id, input.version, set))) throw conflict();
    if (!sameList(perms, before.permissions)) await assertAdminRemains(trx);
    const after = await loadRole(trx, id);
    await audit(trx, actx, { action: 'update', entity: 'role', entityId: id, summary: before.code, before: roleAudit(before), after: roleAudit(after) });
  });
  cache.clear(); // the role's holders get the new permissions on their next request
  return loadRole(ctx.db, id);
}

/** Only custom roles that nobody holds can be deleted (roles have no archive state). */
export async function deleteRole(ctx: AppContext, p: Principal, id: number, version: number, actx: AuditContext): Promise<void> {
  requirePermission(p, 'admin:roles');
  const before = await loadRole(ctx.db, id);
  if (before.builtIn) throw new AppError(409, 'ROLE_BUILT_IN');
  if (before.userCount > 0) throw new AppError(409, 'ROLE_IN_USE', [], { userCount: before.userCount });
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if ((await repo.roleUserCount(trx, id)) > 0) throw new AppError(409, 'ROLE_IN_USE');
      if (!(await repo.deleteRoleVersioned(trx, id, version))) throw conflict();
      await audit(trx, actx, { action: 'delete', entity: 'role', entityId: id, summary: before.code, before: roleAudit(before) });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError(409, 'ROLE_IN_USE');
    throw err;
  }
}

// ---------- API tokens ----------

const TOKEN_PREFIX = 'kh_';

function tokenOut(r: repo.TokenRow): TApiToken {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    userId: r.user_id,
    username: r.username,
    userDisplayName: r.user_display_name,
    createdAt: r.created_at,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export async function listTokens(ctx: AppContext, p: Principal, q: TApiTokenListQuery): Promise<TPage<TApiToken>> {
  requirePermission(p, 'admin:tokens');
  const filter = { userId: q.userId, revoked: q.revoked === undefined ? undefined : q.revoked === 'true' };
  const { rows, total } = await repo.listTokens(ctx.db, filter, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(tokenOut), total, page: q.page, pageSize: q.pageSize };
}

/**
 * A token acts as its user, so it can only be made for an active user whose permissions the
 * creator holds. It is stored as its SHA-256 (as platform/auth.ts looks it up) and shown once.
 */
export async function createToken(ctx: AppContext, p: Principal, input: TApiTokenCreate, actx: AuditContext): Promise<TApiTokenCreated> {
  requirePermission(p, 'admin:tokens');
  const now = ctx.clock.now();
  const owner = await repo.getUser(ctx.db, input.userId);
  if (!owner || owner.disabled) throw invalid([{ path: 'userId', key: 'unknown_user' }]);
  const { permissions: ownerPerms } = await loadUser(ctx.db, owner.id, now);
  assertWithinOwn(p, ownerPerms);
  const token = TOKEN_PREFIX + randomToken(32);
  const prefix = token.slice(0, TOKEN_PREFIX.length + 8);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const newId = await repo.insertToken(trx, {
      user_id: owner.id,
      name: input.name,
      token_hash: sha256(token),
      prefix,
      created_at: now.toISOString(),
      created_by: p.userId,
      last_used_at: null,
      revoked_at: null,
    });
    await audit(trx, actx, { action: 'create', entity: 'api_token', entityId: newId, summary: `${input.name} (${owner.username})`, after: { name: input.name, userId: owner.id, prefix } });
    return newId;
  });
  const row = assertFound(await repo.getToken(ctx.db, id), 'API_TOKEN_NOT_FOUND');
  return { ...tokenOut(row), token };
}

export async function revokeToken(ctx: AppContext, cache: AuthCache, p: Principal, id: number, actx: AuditContext): Promise<TApiToken> {
  requirePermission(p, 'admin:tokens');
  const row = assertFound(await repo.getToken(ctx.db, id), 'API_TOKEN_NOT_FOUND');
  if (!row.revoked_at) {
    const now = ctx.clock.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.revokeToken(trx, id, now))) return; // revoked meanwhile: nothing more to do
      await audit(trx, actx, { action: 'revoke', entity: 'api_token', entityId: id, summary: `${row.name} (${row.username})`, before: { revokedAt: null }, after: { revokedAt: now } });
    });
  }
  cache.drop('t:' + row.token_hash);
  return tokenOut(assertFound(await repo.getToken(ctx.db, id), 'API_TOKEN_NOT_FOUND'));
}

// ---------- audit log ----------

function parseJson(v: string | null): unknown {
  if (v === null) return null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export async function listAudit(ctx: AppContext, p: Principal, q: TAuditListQuery): Promise<TPage<TAuditEntry>> {
  requirePermission(p, 'admin:audit');
  const range = instantRange(q.from, q.to, ctx.config.timezone);
  const filter: repo.AuditFilter = { userId: q.userId, action: q.action || undefined, entity: q.entity || undefined, entityId: q.entityId || undefined, ...range };
  const { rows, total } = await repo.listAudit(ctx.db, filter, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      username: r.username,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      summary: r.summary,
      before: parseJson(r.before),
      after: parseJson(r.after),
      ip: r.ip,
      requestId: r.request_id,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
