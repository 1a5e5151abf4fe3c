// The administration contract (系统管理): users, organisation units, roles, API tokens, audit log.
import { z } from 'zod';
import { DATA_SCOPES, PERMISSIONS, SCOPED_MODULES, type DataScope, type Permission, type ScopedModule } from './permissions';
import { ZEmail, ZPhone } from './customers';

const ZId = z.number().int().positive();
const ZVersion = z.number().int().min(1);
const ZPageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const ZBoolQuery = z.enum(['true', 'false']);

// ---------- users ----------

/** Letters, digits and `_ . @ -`: usernames are typed at sign-in and appear in the audit log. */
export const ZUsername = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .regex(/^[A-Za-z0-9_.@-]+$/, 'invalid_username');
/** The policy itself (length, letters and digits) is checked by the server, which answers `password_too_weak`. */
export const ZNewPassword = z.string().min(1).max(128);

export const ZUserCreate = z.strictObject({
  username: ZUsername,
  displayName: z.string().trim().min(1).max(60),
  email: ZEmail.optional().nullable(),
  phone: ZPhone.optional().nullable(),
  orgUnitId: ZId.optional().nullable(),
  roleIds: z.array(ZId).max(20).default([]),
  /** the initial password; the user must change it at first sign-in */
  password: ZNewPassword,
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = z.strictObject({
  displayName: z.string().trim().min(1).max(60).optional(),
  email: ZEmail.optional().nullable(),
  phone: ZPhone.optional().nullable(),
  orgUnitId: ZId.optional().nullable(),
  roleIds: z.array(ZId).max(20).optional(),
  version: ZVersion,
});
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

export const ZUserListQuery = z.object({
  ...ZPageQuery,
  q: z.string().trim().max(60).optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
  roleId: z.coerce.number().int().positive().optional(),
  disabled: ZBoolQuery.optional(),
  sort: z.string().max(100).optional(),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;

export const ZVersionBody = z.strictObject({ version: ZVersion });

/** Without `password` the server generates a temporary one and answers it once. */
export const ZPasswordReset = z.strictObject({ password: ZNewPassword.optional() });

export interface TUserRoleRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface TUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  orgUnitId: number | null;
  orgUnitName: string | null;
  roles: TUserRoleRef[];
  disabled: boolean;
  mustChangePassword: boolean;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TUserOption {
  id: number;
  username: string;
  displayName: string;
  orgUnitId: number | null;
}

// ---------- organisation units ----------

export const ORG_UNIT_KINDS = ['department', 'team'] as const;
export type TOrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export const ZOrgUnitCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(ORG_UNIT_KINDS),
  parentId: ZId,
  sort: z.number().int().min(0).max(10000).optional(),
});
export type TOrgUnitCreate = z.infer<typeof ZOrgUnitCreate>;

/** Rename, re-kind, re-sort or move (`parentId`) a unit. */
export const ZOrgUnitUpdate = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(ORG_UNIT_KINDS).optional(),
  parentId: ZId.optional(),
  sort: z.number().int().min(0).max(10000).optional(),
  version: ZVersion,
});
export type TOrgUnitUpdate = z.infer<typeof ZOrgUnitUpdate>;

export const ZOrgUnitListQuery = z.object({ includeArchived: ZBoolQuery.optional() });

export interface TOrgUnitNode {
  id: number;
  parentId: number | null;
  name: string;
  kind: TOrgUnitKind;
  sort: number;
  /** active (not disabled) users placed directly in this unit */
  userCount: number;
  archivedAt: string | null;
  version: number;
  children: TOrgUnitNode[];
}

// ---------- roles ----------

export const ZPermission = z.enum(PERMISSIONS);
export const ZScopes = z.partialRecord(z.enum(SCOPED_MODULES), z.enum(DATA_SCOPES));

export const ZRoleCreate = z.strictObject({
  code: z
    .string()
    .trim()
    .min(2)
    .max(40)
    .regex(/^[a-z][a-z0-9_]*$/, 'invalid_role_code'),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(60),
  permissions: z.array(ZPermission).max(PERMISSIONS.length * 2),
  scopes: ZScopes.default({}),
});
export type TRoleCreate = z.infer<typeof ZRoleCreate>;

export const ZRoleUpdate = z.strictObject({
  nameZh: z.string().trim().min(1).max(60).optional(),
  nameEn: z.string().trim().min(1).max(60).optional(),
  permissions: z.array(ZPermission).max(PERMISSIONS.length * 2).optional(),
  scopes: ZScopes.optional(),
  version: ZVersion,
});
export type TRoleUpdate = z.infer<typeof ZRoleUpdate>;

export const ZRoleDeleteQuery = z.object({ version: z.coerce.number().int().min(1) });

export interface TRole {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: Permission[];
  scopes: Partial<Record<ScopedModule, DataScope>>;
  builtIn: boolean;
  userCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TPermissionGroup {
  /** the part before the colon: `customers`, `admin` … */
  module: string;
  permissions: Permission[];
}

export interface TPermissionCatalogue {
  groups: TPermissionGroup[];
  scopedModules: ScopedModule[];
  dataScopes: DataScope[];
}

/** The permission catalogue grouped by module, in declaration order. */
export function permissionCatalogue(): TPermissionCatalogue {
  const groups: TPermissionGroup[] = [];
  for (const p of PERMISSIONS) {
    const module = p.split(':')[0]!;
    let g = groups.find((x) => x.module === module);
    if (!g) groups.push((g = { module, permissions: [] }));
    g.permissions.push(p);
  }
  return { groups, scopedModules: [...SCOPED_MODULES], dataScopes: [...DATA_SCOPES] };
}

// ---------- API tokens ----------

export const ZApiTokenCreate = z.strictObject({
  userId: ZId,
  name: z.string().trim().min(1).max(100),
});
export type TApiTokenCreate = z.infer<typeof ZApiTokenCreate>;

export const ZApiTokenListQuery = z.object({
  ...ZPageQuery,
  userId: z.coerce.number().int().positive().optional(),
  revoked: ZBoolQuery.optional(),
});
export type TApiTokenListQuery = z.infer<typeof ZApiTokenListQuery>;

export interface TApiToken {
  id: number;
  name: string;
  /** the first characters of the token, to recognise it; the token itself is never stored */
  prefix: string;
  userId: number;
  username: string;
  userDisplayName: string;
  createdAt: string;
  createdBy: number;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to a create: the only time the token is shown. */
export interface TApiTokenCreated extends TApiToken {
  token: string;
}

// ---------- audit log ----------

const ZDateOrInstant = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$/, 'invalid_date')
  .refine((v) => !Number.isNaN(new Date(v.length === 10 ? v + 'T00:00:00Z' : v).getTime()), 'invalid_date');

export const ZAuditListQuery = z.object({
  ...ZPageQuery,
  userId: z.coerce.number().int().positive().optional(),
  action: z.string().trim().max(60).optional(),
  entity: z.string().trim().max(60).optional(),
  entityId: z.string().trim().max(60).optional(),
  /** a local date (YYYY-MM-DD, from its start in the server's time zone) or an ISO instant */
  from: ZDateOrInstant.optional(),
  /** a local date (YYYY-MM-DD, inclusive: up to its end) or an ISO instant (exclusive) */
  to: ZDateOrInstant.optional(),
});
export type TAuditListQuery = z.infer<typeof ZAuditListQuery>;

export interface TAuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

export interface TPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
