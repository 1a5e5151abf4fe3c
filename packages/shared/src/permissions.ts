// Permissions (`module:action`), data scopes and the built-in roles.

export const PERMISSIONS = [
  'customers:read',
  'customers:create',
  'customers:update',
  'customers:archive',
  'customers:grade',
  'customers:merge',
  'customers:import',
  'customers:export',
  'pii:view',
  'reports:read',
  'admin:users',
  'admin:roles',
  'admin:org',
  'admin:dictionaries',
  'admin:audit',
  'admin:tokens',
  'admin:purge',
  // after-sales service
  'service:read',
  'service:create',
  'service:dispatch',
  'service:work',
  'service:visit',
  'service:catalogue',
  'service:network',
  'service:rules',
  'service:parts',
  'service:kpi',
  // complaints and claims
  'complaints:read',
  'complaints:create',
  'complaints:handle',
  'complaints:assign',
  'complaints:claim',
  'complaints:approve',
  'complaints:report',
  'complaints:rules',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Modules whose records carry an owner and a team, so a data scope applies to them. */
export const SCOPED_MODULES = ['customers', 'service', 'complaints'] as const;
export type ScopedModule = (typeof SCOPED_MODULES)[number];

export const DATA_SCOPES = ['own', 'team', 'department', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export interface RoleDefinition {
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: Permission[];
  scopes: Partial<Record<ScopedModule, DataScope>>;
}

const customerWork: Permission[] = [
  'customers:read',
  'customers:create',
  'customers:update',
  'customers:archive',
];

export const BUILT_IN_ROLES: RoleDefinition[] = [
  {
    code: 'admin',
    nameZh: '系统管理员',
    nameEn: 'System administrator',
    permissions: [...PERMISSIONS],
    scopes: { customers: 'all', service: 'all', complaints: 'all' },
  },
  {
    code: 'supervisor',
    nameZh: '客户主管',
    nameEn: 'Customer supervisor',
    permissions: [
      ...customerWork,
      'customers:grade',
      'customers:merge',
      'customers:import',
      'customers:export',
      'pii:view',
      'reports:read',
      'service:read',
      'service:kpi',
      'complaints:read',
      'complaints:create',
      'complaints:handle',
      'complaints:assign',
      'complaints:claim',
      'complaints:approve',
      'complaints:report',
      'complaints:rules',
    ],
    scopes: { customers: 'department', service: 'department', complaints: 'department' },
  },
  {
    code: 'account_manager',
    nameZh: '客户经理',
    nameEn: 'Account manager',
    permissions: [...customerWork, 'customers:import', 'pii:view', 'reports:read', 'complaints:read', 'complaints:create'],
    scopes: { customers: 'own', complaints: 'own' },
  },
  {
    code: 'service_agent',
    nameZh: '客服专员',
    nameEn: 'Service agent',
    permissions: [
      'customers:read',
      'customers:create',
      'customers:update',
      'service:read',
      'service:create',
      'service:dispatch',
      'service:visit',
      'complaints:read',
      'complaints:create',
      'complaints:handle',
      'complaints:assign',
      'complaints:claim',
    ],
    scopes: { customers: 'all', service: 'all', complaints: 'all' },
  },
  {
    code: 'technician',
    nameZh: '维修工程师',
    nameEn: 'Field technician',
    permissions: ['customers:read', 'service:read', 'service:work'],
    scopes: { customers: 'team', service: 'own' },
  },
  {
    code: 'credit_manager',
    nameZh: '信用管理员',
    nameEn: 'Credit manager',
    permissions: ['customers:read', 'customers:grade', 'reports:read'],
    scopes: { customers: 'all' },
  },
  {
    code: 'management',
    nameZh: '管理层（只读）',
    nameEn: 'Management (read-only)',
    permissions: ['customers:read', 'customers:export', 'reports:read', 'service:read', 'service:kpi', 'complaints:read', 'complaints:approve', 'complaints:report'],
    scopes: { customers: 'all', service: 'all', complaints: 'all' },
  },
  {
    code: 'service_manager',
    nameZh: '售后服务主管',
    nameEn: 'After-sales service manager',
    permissions: [
      'customers:read',
      'customers:create',
      'customers:update',
      'pii:view',
      'reports:read',
      'service:read',
      'service:create',
      'service:dispatch',
      'service:work',
      'service:visit',
      'service:catalogue',
      'service:network',
      'service:rules',
      'service:parts',
      'service:kpi',
      'complaints:read',
      'complaints:create',
      'complaints:handle',
      'complaints:assign',
      'complaints:claim',
      'complaints:approve',
      'complaints:report',
    ],
    scopes: { customers: 'all', service: 'all', complaints: 'all' },
  },
];
