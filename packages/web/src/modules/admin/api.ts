// Administration data: the query-key factory, data hooks and calls. Answer types come from @kehu/shared.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type {
  TApiToken,
  TApiTokenCreated,
  TAuditEntry,
  TOrgUnitNode,
  TPage,
  TPermissionCatalogue,
  TRole,
  TUser,
} from '@kehu/shared';
import { api, get, patch, post, qs } from '../../lib/api';
import { refKeys } from '../../lib/reference';

export interface UserQuery {
  page: number;
  pageSize: number;
  q?: string;
  orgUnitId?: number;
  roleId?: number;
  disabled?: 'true' | 'false';
  sort?: string;
}

export interface TokenQuery {
  page: number;
  pageSize: number;
  userId?: number;
  revoked?: 'true' | 'false';
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  userId?: number;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

export const adminKeys = {
  users: ['admin', 'users'] as const,
  userList: (q: UserQuery) => ['admin', 'users', q] as const,
  orgUnits: ['admin', 'org-units'] as const,
  orgUnitTree: (includeArchived: boolean) => ['admin', 'org-units', includeArchived] as const,
  roles: ['admin', 'roles'] as const,
  permissions: ['admin', 'permissions'] as const,
  tokens: ['admin', 'tokens'] as const,
  tokenList: (q: TokenQuery) => ['admin', 'tokens', q] as const,
  audit: ['admin', 'audit'] as const,
  auditList: (q: AuditQuery) => ['admin', 'audit', q] as const,
};

export function useUsers(q: UserQuery) {
  return useQuery({ queryKey: adminKeys.userList(q), queryFn: () => get<TPage<TUser>>('/api/v1/users' + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useOrgUnits(includeArchived = false) {
  return useQuery({
    queryKey: adminKeys.orgUnitTree(includeArchived),
    queryFn: async () => (await get<{ items: TOrgUnitNode[] }>('/api/v1/org-units' + qs({ includeArchived: includeArchived || undefined }))).items,
  });
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: adminKeys.roles, queryFn: async () => (await get<{ items: TRole[] }>('/api/v1/roles')).items, enabled });
}

export function usePermissionCatalogue() {
  return useQuery({ queryKey: adminKeys.permissions, queryFn: () => get<TPermissionCatalogue>('/api/v1/permissions'), staleTime: Infinity });
}

export function useApiTokens(q: TokenQuery) {
  return useQuery({ queryKey: adminKeys.tokenList(q), queryFn: () => get<TPage<TApiToken>>('/api/v1/api-tokens' + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useAuditLog(q: AuditQuery) {
  return useQuery({ queryKey: adminKeys.auditList(q), queryFn: () => get<TPage<TAuditEntry>>('/api/v1/audit-log' + qs({ ...q })), placeholderData: keepPreviousData });
}

/**
 * A mutation that refreshes the lists it touches. Accounts, roles and units decide what the
 * signed-in user may do, so those also refresh `me`; every write shows up in the audit log.
 */
export function useAdminMutation<TVars, TOut>(fn: (v: TVars) => Promise<TOut>, touches: QueryKey[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      for (const key of [...touches, adminKeys.audit, refKeys.me]) void qc.invalidateQueries({ queryKey: key });
    },
  });
}

export const adminApi = {
  createUser: (body: unknown) => post<TUser>('/api/v1/users', body),
  updateUser: (id: number, body: unknown) => patch<TUser>(`/api/v1/users/${id}`, body),
  disableUser: (id: number, version: number) => post<TUser>(`/api/v1/users/${id}/disable`, { version }),
  enableUser: (id: number, version: number) => post<TUser>(`/api/v1/users/${id}/enable`, { version }),
  resetPassword: (id: number, password?: string) =>
    post<{ user: TUser; temporaryPassword: string | null }>(`/api/v1/users/${id}/reset-password`, password ? { password } : {}),

  createOrgUnit: (body: unknown) => post<TOrgUnitNode>('/api/v1/org-units', body),
  updateOrgUnit: (id: number, body: unknown) => patch<TOrgUnitNode>(`/api/v1/org-units/${id}`, body),
  archiveOrgUnit: (id: number, version: number) => post<TOrgUnitNode>(`/api/v1/org-units/${id}/archive`, { version }),
  restoreOrgUnit: (id: number, version: number) => post<TOrgUnitNode>(`/api/v1/org-units/${id}/restore`, { version }),

  createRole: (body: unknown) => post<TRole>('/api/v1/roles', body),
  updateRole: (id: number, body: unknown) => patch<TRole>(`/api/v1/roles/${id}`, body),
  deleteRole: (id: number, version: number) => api<void>(`/api/v1/roles/${id}?version=${version}`, { method: 'DELETE' }),

  createToken: (body: unknown) => post<TApiTokenCreated>('/api/v1/api-tokens', body),
  revokeToken: (id: number) => post<TApiToken>(`/api/v1/api-tokens/${id}/revoke`),

  createDictionaryItem: (body: unknown) => post<{ id: number }>('/api/v1/dictionaries', body),
  updateDictionaryItem: (id: number, body: unknown) => patch<{ ok: true }>(`/api/v1/dictionaries/${id}`, body),
};

/** The tree as `value/title/children` nodes for a TreeSelect; `disabledIds` (and archived units) cannot be picked. */
export function unitTreeOptions(nodes: TOrgUnitNode[], disabledIds: ReadonlySet<number> = new Set()): UnitOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    disabled: disabledIds.has(n.id) || !!n.archivedAt,
    children: unitTreeOptions(n.children, disabledIds),
  }));
}
export interface UnitOption {
  value: number;
  title: string;
  disabled: boolean;
  children: UnitOption[];
}

/** The ids of a node and everything below it. */
export function subtreeIds(node: TOrgUnitNode): number[] {
  return [node.id, ...node.children.flatMap(subtreeIds)];
}

export function flattenUnits(nodes: TOrgUnitNode[]): TOrgUnitNode[] {
  return nodes.flatMap((n) => [n, ...flattenUnits(n.children)]);
}
