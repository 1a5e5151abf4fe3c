// Complaint data (客户投诉, the core API): types of the answers, the query-key factory, the data hooks and the calls.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ComplaintAction,
  ComplaintChannel,
  ComplaintDueKind,
  ComplaintState,
  Severity,
  TComplaintCreate,
  TComplaintReply,
  TComplaintTemplate,
  TComplaintTransition,
  TComplaintUpdate,
  TCorrectiveCreate,
  TCorrectiveUpdate,
} from '@kehu/shared';
import { get, patch, post, qs } from '../../lib/api';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  totalCapped?: boolean;
}

export type Confirmation = 'satisfied' | 'basic' | 'dissatisfied';

export interface ComplaintListItem {
  id: number;
  code: string;
  state: ComplaintState;
  channel: ComplaintChannel;
  receivedAt: string;
  customerId: number | null;
  customerName: string | null;
  tier: string | null;
  vip: boolean;
  summary: string;
  category: string | null;
  severity: Severity;
  level: number;
  departmentId: number | null;
  departmentName: string | null;
  ownerId: number | null;
  ownerName: string | null;
  replyDue: string | null;
  resolveDue: string | null;
  nextDue: string | null;
  nextDueKind: ComplaintDueKind | null;
  overdue: boolean;
  firstReplyAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  confirmation: Confirmation | null;
  visitRating: number | null;
  version: number;
}

export interface ComplaintEvent {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

export interface CorrectiveAction {
  id: number;
  kind: 'corrective' | 'preventive';
  description: string;
  ownerId: number | null;
  ownerName: string | null;
  dueDate: string | null;
  doneAt: string | null;
  verification: string | null;
  version: number;
}

export interface ComplaintClaimSummary {
  id: number;
  code: string;
  state: string;
  amountFen: number;
}

type Ref = { id: number; name: string } | null;

export interface ComplaintDetail {
  id: number;
  code: string;
  state: ComplaintState;
  channel: ComplaintChannel;
  customer: { id: number; code: string; name: string; tier: string | null } | null;
  complainantName: string;
  complainantPhone: string | null;
  complainantEmail: string | null;
  tier: string | null;
  vip: boolean;
  regionCode: string | null;
  unit: { id: number; serialNo: string; model: string; productName: string } | null;
  product: { id: number; model: string; name: string } | null;
  serviceOrder: { id: number; code: string } | null;
  outlet: Ref;
  orderNo: string | null;
  category: string | null;
  severity: Severity;
  summary: string;
  content: string;
  demands: string[];
  demandNote: string | null;
  temperament: string | null;
  valueOrientation: string | null;
  soothing: string | null;
  validity: 'valid' | 'invalid' | null;
  invalidReason: string | null;
  department: Ref;
  owner: Ref;
  handler: Ref;
  level: number;
  escalatedAt: string | null;
  escalations: number;
  investigation: string | null;
  rootCause: string | null;
  causeAnalysis: string | null;
  solutionKind: string | null;
  solution: string | null;
  resolution: string | null;
  compensationFen: number;
  confirmation: Confirmation | null;
  confirmedBy: 'customer' | 'agent' | null;
  confirmReason: string | null;
  visitResult: string | null;
  visitRating: number | null;
  wonBack: boolean | null;
  onTime: boolean | null;
  reopenCount: number;
  due: { reply: string | null; resolve: string | null; level: string | null; next: string | null; nextKind: ComplaintDueKind | null; warnAt: string | null };
  breachedAt: string | null;
  overdue: boolean;
  times: {
    received: string;
    classified: string | null;
    assigned: string | null;
    firstReply: string | null;
    resolved: string | null;
    confirmed: string | null;
    visited: string | null;
    closed: string | null;
  };
  source: { type: 'return_visit' | 'survey' | 'portal' | 'api'; id: number | null } | null;
  events: ComplaintEvent[];
  correctiveActions: CorrectiveAction[];
  claims: ComplaintClaimSummary[];
  actions: ComplaintAction[];
  canReply: boolean;
  canEdit: boolean;
  /** may add and change corrective / preventive actions (the handler or the desk) */
  canCorrect: boolean;
  trackingLinkActive: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The list's filters as the URL and the server take them ('all' in `state` = no state filter). */
export interface ComplaintQuery {
  page: number;
  pageSize: number;
  q?: string;
  state?: string;
  severity?: string;
  category?: string;
  channel?: string;
  overdue?: string;
  mine?: string;
  vip?: string;
  level?: string;
  from?: string;
  to?: string;
  customerId?: number;
  serviceOrderId?: number;
}

/** Hits of the pickers of the intake form. */
export interface CustomerHit {
  id: number;
  code: string;
  type: 'enterprise' | 'individual';
  name: string;
  phone: string | null;
  serviceTier: string | null;
  region: string;
}
export interface UnitHit {
  id: number;
  serialNo: string;
  productModel: string;
  productName: string;
  customerId: number;
  customerCode: string;
  customerName: string;
}
export interface ServiceOrderHit {
  id: number;
  code: string;
  type: string;
  state: string;
  customerId: number;
  customerName: string;
  description: string;
  createdAt: string;
}

export const complaintKeys = {
  all: ['complaints'] as const,
  list: (q: ComplaintQuery) => ['complaints', 'list', q] as const,
  detail: (id: number) => ['complaints', 'detail', id] as const,
  templates: (category: string | null) => ['complaints', 'templates', category] as const,
  customers: (q: string) => ['complaints', 'customer-search', q] as const,
  units: (q: string, customerId?: number) => ['complaints', 'unit-search', q, customerId ?? null] as const,
  orders: (q: string, customerId?: number) => ['complaints', 'order-search', q, customerId ?? null] as const,
};

/** The list query as the server takes it: `state=all` means no state filter. */
export function serverQuery(q: Omit<ComplaintQuery, 'page' | 'pageSize'> & Partial<Pick<ComplaintQuery, 'page' | 'pageSize'>>): Record<string, unknown> {
  return { ...q, state: q.state === 'all' ? undefined : q.state };
}

/** The XLSX export of the tracking table (tool 34) with the list's filters, without paging, in the app's language. */
export function exportUrl(q: ComplaintQuery, lang?: string): string {
  const { page: _page, pageSize: _size, ...filters } = q;
  return '/api/v1/complaints/export.xlsx' + qs({ ...serverQuery(filters), lang });
}

export function useComplaints(q: ComplaintQuery, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: complaintKeys.list(q),
    queryFn: () => get<Page<ComplaintListItem>>('/api/v1/complaints' + qs(serverQuery(q))),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

export function useComplaint(id: number) {
  return useQuery({ queryKey: complaintKeys.detail(id), queryFn: () => get<ComplaintDetail>(`/api/v1/complaints/${id}`), enabled: Number.isInteger(id) && id > 0 });
}

/** Reply templates (最佳道歉方式表) of a category, and those for any category. */
export function useComplaintTemplates(category: string | null, enabled: boolean) {
  return useQuery({
    queryKey: complaintKeys.templates(category),
    queryFn: async () => (await get<Page<TComplaintTemplate>>('/api/v1/complaint-templates' + qs({ category: category ?? undefined, pageSize: 200 }))).items,
    enabled,
    staleTime: 60_000,
  });
}

export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: complaintKeys.customers(q),
    queryFn: async () => (await get<Page<CustomerHit>>('/api/v1/customers' + qs({ q: q || undefined, pageSize: 20 }))).items,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useUnitSearch(q: string, customerId: number | undefined) {
  return useQuery({
    queryKey: complaintKeys.units(q, customerId),
    queryFn: async () => (await get<Page<UnitHit>>('/api/v1/service/units' + qs({ q: q || undefined, customerId, pageSize: 20 }))).items,
    placeholderData: keepPreviousData,
    enabled: !!q || !!customerId,
    staleTime: 30_000,
  });
}

export function useServiceOrderSearch(q: string, customerId: number | undefined) {
  return useQuery({
    queryKey: complaintKeys.orders(q, customerId),
    queryFn: async () => (await get<Page<ServiceOrderHit>>('/api/v1/service/orders' + qs({ q: q || undefined, customerId, pageSize: 20 }))).items,
    placeholderData: keepPreviousData,
    enabled: !!q || !!customerId,
    staleTime: 30_000,
  });
}

/** Every write on a complaint refreshes its record and the lists. */
export function useComplaintMutation<TVars, TOut>(fn: (v: TVars) => Promise<TOut>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: complaintKeys.all }) });
}

export type TransitionBody = Omit<TComplaintTransition, 'version'>;

export const complaintApi = {
  create: (body: TComplaintCreate) => post<ComplaintDetail>('/api/v1/complaints', body),
  update: (id: number, body: TComplaintUpdate) => patch<ComplaintDetail>(`/api/v1/complaints/${id}`, body),
  transition: (id: number, version: number, body: TransitionBody) => post<ComplaintDetail>(`/api/v1/complaints/${id}/transitions`, { ...body, version }),
  reply: (id: number, body: TComplaintReply) => post<ComplaintDetail>(`/api/v1/complaints/${id}/replies`, body),
  link: (id: number) => post<{ token: string; path: string }>(`/api/v1/complaints/${id}/link`, {}),
  addCorrective: (id: number, body: TCorrectiveCreate) => post<ComplaintDetail>(`/api/v1/complaints/${id}/corrective-actions`, body),
  updateCorrective: (id: number, actionId: number, body: TCorrectiveUpdate) => patch<ComplaintDetail>(`/api/v1/complaints/${id}/corrective-actions/${actionId}`, body),
};
