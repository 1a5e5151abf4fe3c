// The side menu: one entry per page, shown when the user holds the permission.
import { AuditOutlined, BookOutlined, ClusterOutlined, EnvironmentOutlined, ImportOutlined, KeyOutlined, PlusOutlined, SafetyOutlined, SettingOutlined, TeamOutlined, UnorderedListOutlined, UserOutlined, ToolOutlined, LineChartOutlined } from '@ant-design/icons';
import { CustomerServiceOutlined, MobileOutlined, PhoneOutlined, ProfileOutlined } from '@ant-design/icons';
import { AppstoreOutlined, HddOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { CalendarOutlined, DashboardOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { BarChartOutlined, DatabaseOutlined, SettingFilled } from '@ant-design/icons';
import { IdcardOutlined, ShopOutlined } from '@ant-design/icons';
import { AccountBookOutlined } from '@ant-design/icons';
import { RollbackOutlined } from '@ant-design/icons';
import { ApartmentOutlined, ScheduleOutlined, StarOutlined, TrophyOutlined } from '@ant-design/icons';
import { FileProtectOutlined } from '@ant-design/icons';
import { AlertOutlined } from '@ant-design/icons';
import { MoneyCollectOutlined } from '@ant-design/icons';
import { ExceptionOutlined, FormOutlined } from '@ant-design/icons';
import { CommentOutlined, ControlOutlined } from '@ant-design/icons';
import { FileTextOutlined, PieChartOutlined } from '@ant-design/icons';
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
      { key: '/service/orders', path: '/service/orders', labelKey: 'service.orders.menuList', icon: <ProfileOutlined />, permission: 'service:read' },
      { key: '/service/orders/new', path: '/service/orders/new', labelKey: 'service.orders.menuNew', icon: <PhoneOutlined />, permission: 'service:create' },
      { key: '/service/my', path: '/service/my', labelKey: 'service.orders.menuMy', icon: <MobileOutlined />, permission: 'service:work' },
      { key: '/service/visits', path: '/service/visits', labelKey: 'service.orders.menuVisits', icon: <CustomerServiceOutlined />, permission: 'service:visit' },
      { key: '/service/agreements', path: '/service/agreements', labelKey: 'service.agreements.menu', icon: <FileProtectOutlined />, permission: 'service:read' },
      { key: '/service/returns', path: '/service/returns', labelKey: 'service.returns.menuList', icon: <RollbackOutlined />, permission: 'service:read' },
      { key: '/service/kpis', path: '/service/kpis', labelKey: 'service.kpi.menu', icon: <LineChartOutlined />, permission: 'service:kpi' },
      { key: '/service/evaluation/points', path: '/service/evaluation/points', labelKey: 'service.evaluation.menuPoints', icon: <TrophyOutlined />, permission: 'service:kpi' },
      { key: '/service/evaluation/runs', path: '/service/evaluation/runs', labelKey: 'service.evaluation.menuRuns', icon: <StarOutlined />, permission: 'service:kpi' },
      { key: '/service/evaluation/rules', path: '/service/evaluation/rules', labelKey: 'service.evaluation.menuRules', icon: <ScheduleOutlined />, permission: 'service:rules' },
      { key: '/service/evaluation/schemes', path: '/service/evaluation/schemes', labelKey: 'service.evaluation.menuSchemes', icon: <ApartmentOutlined />, permission: 'service:rules' },
      { key: '/service/sla-board', path: '/service/sla-board', labelKey: 'service.sla.menuBoard', icon: <DashboardOutlined />, permission: 'service:read' },
      { key: '/service/sla-rules', path: '/service/sla-rules', labelKey: 'service.sla.menuRules', icon: <FieldTimeOutlined />, permission: 'service:rules' },
      { key: '/service/calendar', path: '/service/calendar', labelKey: 'service.sla.menuCalendar', icon: <CalendarOutlined />, permission: 'service:rules' },
      { key: '/service/fees', path: '/service/fees', labelKey: 'service.fees.menu', icon: <AccountBookOutlined />, permission: 'service:rules' },
      { key: '/service/units', path: '/service/units', labelKey: 'service.catalogue.menuUnits', icon: <HddOutlined />, permission: 'service:read' },
      { key: '/service/units/import', path: '/service/units/import', labelKey: 'service.catalogue.menuUnitImport', icon: <ImportOutlined />, permission: 'service:create' },
      { key: '/service/products', path: '/service/products', labelKey: 'service.catalogue.menuProducts', icon: <AppstoreOutlined />, permission: 'service:read' },
      { key: '/service/categories', path: '/service/categories', labelKey: 'service.catalogue.menuCategories', icon: <SafetyCertificateOutlined />, permission: 'service:read' },
      { key: '/service/outlets', path: '/service/outlets', labelKey: 'service.network.menuOutlets', icon: <ShopOutlined />, permission: 'service:read' },
      { key: '/service/technicians', path: '/service/technicians', labelKey: 'service.network.menuTechnicians', icon: <IdcardOutlined />, permission: 'service:read' },
      { key: '/service/parts', path: '/service/parts', labelKey: 'service.parts.menuParts', icon: <SettingFilled />, permission: 'service:read' },
      { key: '/service/stock', path: '/service/stock', labelKey: 'service.parts.menuStock', icon: <DatabaseOutlined />, permission: 'service:read' },
      { key: '/service/parts-report', path: '/service/parts-report', labelKey: 'service.parts.menuReport', icon: <BarChartOutlined />, permission: 'service:parts' },
    ],
  },
  {
    key: 'complaints',
    labelKey: 'menu.complaints',
    icon: <AlertOutlined />,
    children: [
      { key: '/complaints', path: '/complaints', labelKey: 'complaints.main.menuList', icon: <ExceptionOutlined />, permission: 'complaints:read' },
      { key: '/complaints/new', path: '/complaints/new', labelKey: 'complaints.main.menuNew', icon: <FormOutlined />, permission: 'complaints:create' },
      { key: '/complaints/claims', path: '/complaints/claims', labelKey: 'complaints.claims.menu', icon: <MoneyCollectOutlined />, permission: 'complaints:read' },
      { key: '/complaints/reports/daily', path: '/complaints/reports/daily', labelKey: 'complaints.reports.menuDaily', icon: <FileTextOutlined />, permission: 'complaints:report' },
      { key: '/complaints/reports/analysis', path: '/complaints/reports/analysis', labelKey: 'complaints.reports.menuAnalysis', icon: <PieChartOutlined />, permission: 'complaints:report' },
      { key: '/complaints/templates', path: '/complaints/templates', labelKey: 'complaints.settings.menuTemplates', icon: <CommentOutlined />, permission: 'complaints:read' },
      { key: '/complaints/settings', path: '/complaints/settings', labelKey: 'complaints.settings.menu', icon: <ControlOutlined />, permission: 'complaints:rules' },
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
