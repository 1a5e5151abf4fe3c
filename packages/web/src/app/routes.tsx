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
import { OrderListPage } from '../modules/service/orders/OrderListPage';
import { CategoriesPage } from '../modules/service/catalogue/CategoriesPage';
import { ProductsPage } from '../modules/service/catalogue/ProductsPage';
import { UnitListPage } from '../modules/service/catalogue/UnitListPage';
import { UnitFormPage } from '../modules/service/catalogue/UnitFormPage';
import { UnitDetailPage } from '../modules/service/catalogue/UnitDetailPage';
import { UnitImportPage } from '../modules/service/catalogue/UnitImportPage';
import { OrderNewPage } from '../modules/service/orders/OrderNewPage';
import { OrderDetailPage } from '../modules/service/orders/OrderDetailPage';
import { OrderPrintPage } from '../modules/service/orders/OrderPrintPage';
import { MyOrdersPage } from '../modules/service/orders/MyOrdersPage';
import { MyOrderPage } from '../modules/service/orders/MyOrderPage';
import { VisitListPage } from '../modules/service/orders/VisitListPage';
import { PublicVisitPage } from '../modules/service/orders/PublicVisitPage';
import { ServiceKpiPage } from '../modules/service/kpi/ServiceKpiPage';
import { SlaRulesPage } from '../modules/service/sla/SlaRulesPage';
import { WorkCalendarPage } from '../modules/service/sla/WorkCalendarPage';
import { FeesPage } from '../modules/service/fees/FeesPage';
import { SlaBoardPage } from '../modules/service/sla/SlaBoardPage';
import { PartsPage } from '../modules/service/parts/PartsPage';
import { StockPage } from '../modules/service/parts/StockPage';
import { PartsReportPage } from '../modules/service/parts/PartsReportPage';

import { OutletListPage } from '../modules/service/network/OutletListPage';
import { OutletFormPage } from '../modules/service/network/OutletFormPage';
import { OutletDetailPage } from '../modules/service/network/OutletDetailPage';
import { TechnicianListPage } from '../modules/service/network/TechnicianListPage';
import { AgreementListPage } from '../modules/service/agreements/AgreementListPage';
import { AgreementFormPage } from '../modules/service/agreements/AgreementFormPage';
import { AgreementDetailPage } from '../modules/service/agreements/AgreementDetailPage';
import { AgreementPrintPage } from '../modules/service/agreements/AgreementPrintPage';
import { ReturnListPage } from '../modules/service/returns/ReturnListPage';
import { ReturnNewPage } from '../modules/service/returns/ReturnNewPage';
import { ReturnDetailPage } from '../modules/service/returns/ReturnDetailPage';
import { ReturnPrintPage } from '../modules/service/returns/ReturnPrintPage';
import { RewardRulesPage } from '../modules/service/evaluation/RewardRulesPage';
import { PointsPage } from '../modules/service/evaluation/PointsPage';
import { SchemesPage } from '../modules/service/evaluation/SchemesPage';
import { RunsPage } from '../modules/service/evaluation/RunsPage';
import { RunPage } from '../modules/service/evaluation/RunPage';
import { ComplaintListPage } from '../modules/complaints/list/ComplaintListPage';
import { ComplaintNewPage } from '../modules/complaints/intake/ComplaintNewPage';
import { ComplaintDetailPage } from '../modules/complaints/detail/ComplaintDetailPage';
import { ComplaintPrintPage } from '../modules/complaints/detail/ComplaintPrintPage';
import { ClaimListPage } from '../modules/complaints/claims/ClaimListPage';
import { ClaimDetailPage } from '../modules/complaints/claims/ClaimDetailPage';
import { ClaimPrintPage } from '../modules/complaints/claims/ClaimPrintPage';
import { ComplaintSettingsPage } from '../modules/complaints/settings/ComplaintSettingsPage';
import { TemplatesPage } from '../modules/complaints/settings/TemplatesPage';
import { TemplatesPrintPage } from '../modules/complaints/settings/TemplatesPrintPage';
import { PublicComplaintPage } from '../modules/complaints/portal/PublicComplaintPage';
import { PublicTrackingPage } from '../modules/complaints/portal/PublicTrackingPage';
import { DailyReportPage } from '../modules/complaints/reports/DailyReportPage';
import { AnalysisPage } from '../modules/complaints/reports/AnalysisPage';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/visit/:token', element: <PublicVisitPage /> },
  { path: '/complain', element: <PublicComplaintPage /> },
  { path: '/complaint/:token', element: <PublicTrackingPage /> },
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
      { path: 'service/categories', element: <CategoriesPage /> },
      { path: 'service/products', element: <ProductsPage /> },
      { path: 'service/units', element: <UnitListPage /> },
      { path: 'service/units/new', element: <UnitFormPage /> },
      { path: 'service/units/import', element: <UnitImportPage /> },
      { path: 'service/units/:id', element: <UnitDetailPage /> },
      { path: 'service/units/:id/edit', element: <UnitFormPage key="edit" /> },
      { path: 'service/orders', element: <OrderListPage /> },
      { path: 'service/outlets', element: <OutletListPage /> },
      { path: 'service/outlets/new', element: <OutletFormPage /> },
      { path: 'service/outlets/:id', element: <OutletDetailPage /> },
      { path: 'service/outlets/:id/edit', element: <OutletFormPage key="edit" /> },
      { path: 'service/technicians', element: <TechnicianListPage /> },
      { path: 'service/agreements', element: <AgreementListPage /> },
      { path: 'service/agreements/new', element: <AgreementFormPage /> },
      { path: 'service/agreements/:id', element: <AgreementDetailPage /> },
      { path: 'service/agreements/:id/edit', element: <AgreementFormPage key="edit" /> },
      { path: 'service/agreements/:id/print', element: <AgreementPrintPage /> },
      { path: 'service/orders/new', element: <OrderNewPage /> },
      { path: 'service/orders/:id', element: <OrderDetailPage /> },
      { path: 'service/orders/:id/print', element: <OrderPrintPage /> },
      { path: 'service/my', element: <MyOrdersPage /> },
      { path: 'service/my/:id', element: <MyOrderPage /> },
      { path: 'service/visits', element: <VisitListPage /> },
      { path: 'service/kpis', element: <ServiceKpiPage /> },
      { path: 'service/evaluation/rules', element: <RewardRulesPage /> },
      { path: 'service/evaluation/points', element: <PointsPage /> },
      { path: 'service/evaluation/schemes', element: <SchemesPage /> },
      { path: 'service/evaluation/runs', element: <RunsPage /> },
      { path: 'service/evaluation/runs/:id', element: <RunPage /> },
      { path: 'service/sla-rules', element: <SlaRulesPage /> },
      { path: 'service/calendar', element: <WorkCalendarPage /> },
      { path: 'service/fees', element: <FeesPage /> },
      { path: 'service/sla-board', element: <SlaBoardPage /> },
      { path: 'service/parts', element: <PartsPage /> },
      { path: 'service/stock', element: <StockPage /> },
      { path: 'service/parts-report', element: <PartsReportPage /> },
      { path: 'service/returns', element: <ReturnListPage /> },
      { path: 'service/returns/new', element: <ReturnNewPage /> },
      { path: 'service/returns/:id', element: <ReturnDetailPage /> },
      { path: 'service/returns/:id/print', element: <ReturnPrintPage /> },
      { path: 'complaints', element: <ComplaintListPage /> },
      { path: 'complaints/new', element: <ComplaintNewPage /> },
      { path: 'complaints/:id', element: <ComplaintDetailPage /> },
      { path: 'complaints/:id/print', element: <ComplaintPrintPage /> },
      { path: 'complaints/claims', element: <ClaimListPage /> },
      { path: 'complaints/claims/:id', element: <ClaimDetailPage /> },
      { path: 'complaints/claims/:id/print', element: <ClaimPrintPage /> },
      { path: 'complaints/reports/daily', element: <DailyReportPage /> },
      { path: 'complaints/reports/analysis', element: <AnalysisPage /> },
      { path: 'complaints/settings', element: <ComplaintSettingsPage /> },
      { path: 'complaints/templates', element: <TemplatesPage /> },
      { path: 'complaints/templates/print', element: <TemplatesPrintPage /> },
    ],
  },
]);
