// Loads a user's roles, permissions, scopes and organisation units into a Principal.
import { SCOPED_MODULES, type DataScope, type Permission, type ScopedModule } from '@kehu/shared';
import type { Db } from '../db';
import { departmentOf, mergeScopes, subtree, type Principal, type UnitNode } from './permissions';

export async function loadPrincipal(db: Db, userId: number, via: Principal['via'], sessionId?: string): Promise<Principal | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'org_unit_id', 'disabled', 'must_change_password'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const roles = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['roles.code', 'roles.permissions', 'roles.scopes'])
    .where('user_roles.user_id', '=', userId)
    .execute();
  const permissions = new Set<string>();
  for (const r of roles) for (const p of JSON.parse(r.permissions) as string[]) permissions.add(p);
  const scopes = mergeScopes(roles.map((r) => JSON.parse(r.scopes) as Partial<Record<ScopedModule, DataScope>>));
  let departmentUnitIds: number[] = [];
  let teamUnitIds: number[] = [];
  if (user.org_unit_id !== null) {
    const units = (await db.selectFrom('org_units').select(['id', 'parent_id', 'kind']).execute()) as UnitNode[];
    teamUnitIds = subtree(units, user.org_unit_id);
    departmentUnitIds = subtree(units, departmentOf(units, user.org_unit_id));
  }
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    orgUnitId: user.org_unit_id,
    departmentUnitIds,
    teamUnitIds,
    permissions,
    scopes,
    roles: roles.map((r) => r.code),
    mustChangePassword: !!user.must_change_password,
    via,
    sessionId,
  };
}

/**
 * The principal of work the system does by itself (scheduled jobs): no user behind it — userId 0 matches no user, so
 * records it writes carry no actor —, only the given permissions, and every record of every module in scope.
 */
export function systemPrincipal(permissions: Permission[]): Principal {
  return {
    userId: 0,
    username: 'system',
    displayName: '系统',
    orgUnitId: null,
    departmentUnitIds: [],
    teamUnitIds: [],
    permissions: new Set(permissions),
    scopes: Object.fromEntries(SCOPED_MODULES.map((m) => [m, 'all'])) as Record<ScopedModule, DataScope>,
    roles: [],
    mustChangePassword: false,
    via: 'token',
  };
}
