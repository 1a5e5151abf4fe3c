// The side menu: one entry per page, shown when the user holds the permission.
import { AuditOutlined, BookOutlined, ClusterOutlined, EnvironmentOutlined, ImportOutlined, KeyOutlined, PlusOutlined, SafetyOutlined, SettingOutlined, TeamOutlined, UnorderedListOutlined, UserOutlined, ToolOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface MenuEntry {
  key: string;
  path?: string;
  labelKey: string;
  icon?: ReactNode;
  permission?: string;
  children?: MenuEntry[];
}

export const menu: MenuEntry[] = [
  {
    key: 'customers',
    labelKey: 'menu.customers',
    icon: <TeamOutlined />,
    children: [
      { key: '/customers', path: '/customers', labelKey: 'menu.customerList', icon: <UnorderedListOutlined />, permission: 'customers:read' },
      { key: '/customers/new', path: '/customers/new', labelKey: 'menu.customerNew', icon: <PlusOutlined />, permission: 'customers:create' },
      { key: '/customers/import', path: '/customers/import', labelKey: 'menu.customerImport', icon: <ImportOutlined />, permission: 'customers:import' },
      { key: '/reports/customer-addresses', path: '/reports/customer-addresses', labelKey: 'menu.addressReport', icon: <EnvironmentOutlined />, permission: 'customers:read' },
    ],
  },
  {
    key: 'service',
    labelKey: 'menu.service',
    icon: <ToolOutlined />,
    children: [
    ],
  },
  {
    key: 'admin',
    labelKey: 'menu.admin',
    icon: <SettingOutlined />,
    children: [
      { key: '/admin/users', path: '/admin/users', labelKey: 'menu.users', icon: <UserOutlined />, permission: 'admin:users' },
      { key: '/admin/org-units', path: '/admin/org-units', labelKey: 'menu.orgUnits', icon: <ClusterOutlined />, permission: 'admin:org' },
      { key: '/admin/roles', path: '/admin/roles', labelKey: 'menu.roles', icon: <SafetyOutlined />, permission: 'admin:roles' },
      { key: '/admin/dictionaries', path: '/admin/dictionaries', labelKey: 'menu.dictionaries', icon: <BookOutlined />, permission: 'admin:dictionaries' },
      { key: '/admin/api-tokens', path: '/admin/api-tokens', labelKey: 'menu.tokens', icon: <KeyOutlined />, permission: 'admin:tokens' },
      { key: '/admin/audit', path: '/admin/audit', labelKey: 'menu.audit', icon: <AuditOutlined />, permission: 'admin:audit' },
    ],
  },
];
