// The route table: one line per page.
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './AppLayout';
import { LoginPage } from '../modules/auth/LoginPage';
import { ChangePasswordPage } from '../modules/auth/ChangePasswordPage';
import { CustomerListPage } from '../modules/customers/CustomerListPage';
import { CustomerFormPage } from '../modules/customers/CustomerFormPage';
import { CustomerDetailPage } from '../modules/customers/CustomerDetailPage';
import { CustomerPrintPage } from '../modules/customers/CustomerPrintPage';
import { CustomerImportPage } from '../modules/customers/CustomerImportPage';
import { AddressReportPage } from '../modules/reports/AddressReportPage';
import { UsersPage } from '../modules/admin/UsersPage';
import { OrgUnitsPage } from '../modules/admin/OrgUnitsPage';
import { RolesPage } from '../modules/admin/RolesPage';
import { DictionariesPage } from '../modules/admin/DictionariesPage';
import { ApiTokensPage } from '../modules/admin/ApiTokensPage';
import { AuditLogPage } from '../modules/admin/AuditLogPage';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/customers" replace /> },
      { path: 'password', element: <ChangePasswordPage /> },
      { path: 'customers', element: <CustomerListPage /> },
      { path: 'customers/new', element: <CustomerFormPage /> },
      { path: 'customers/import', element: <CustomerImportPage /> },
      { path: 'customers/:id', element: <CustomerDetailPage /> },
      { path: 'customers/:id/edit', element: <CustomerFormPage /> },
      { path: 'customers/:id/print', element: <CustomerPrintPage /> },
      { path: 'reports/customer-addresses', element: <AddressReportPage /> },
      { path: 'admin/users', element: <UsersPage /> },
      { path: 'admin/org-units', element: <OrgUnitsPage /> },
      { path: 'admin/roles', element: <RolesPage /> },
      { path: 'admin/dictionaries', element: <DictionariesPage /> },
      { path: 'admin/api-tokens', element: <ApiTokensPage /> },
      { path: 'admin/audit', element: <AuditLogPage /> },
    ],
  },
]);
