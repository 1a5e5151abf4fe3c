// Service-order data: types of the API answers, the query-key factory and the data hooks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrderAction, OrderState, TOrderCreate, TOrderTransition, TVisitAnswers, TVisitRecord, TUnit } from '@kehu/shared';
import { api, get, post, qs } from '../../../lib/api';

export type DueKind = 'ack' | 'appointment' | 'arrival' | 'fix' | 'visit';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  totalCapped?: boolean;
}

export interface OrderListItem {
  id: number;
  code: string;
  type: string;
  mode: string;
  priority: string;
  state: OrderState;
  customerId: number;
  customerName: string;
  region: string;
  address: string | null;
  description: string;
  warranty: string;
  outletId: number | null;
  outletName: string | null;
  technicianId: number | null;
  technicianName: string | null;
  appointmentFrom: string | null;
  appointmentTo: string | null;
  nextDue: string | null;
  nextDueKind: DueKind | null;
  nextWarnAt: string | null;
  breached: boolean;
  escalated: boolean;
  createdAt: string;
  version: number;
}

export interface OrderEvent {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

export interface OrderItem {
  id: number;
  kind: string;
  partId: number | null;
  description: string;
  qty: number;
  unitPriceFen: number;
  amountFen: number;
  free: boolean;
}

export interface OrderVisit {
  id: number;
  state: 'open' | 'done' | 'cancelled';
  dueAt: string;
  assigneeId: number | null;
  assigneeName: string | null;
  channel: 'phone' | 'link' | null;
  onTime: boolean | null;
  solved: boolean | null;
  attitude: number | null;
  feesOk: boolean | null;
  misconduct: boolean | null;
  rating: number | null;
  comment: string | null;
  dissatisfied: boolean | null;
  followUp: 'rework' | 'complaint' | null;
  followUpOrderId: number | null;
  doneAt: string | null;
  version: number;
}

export interface OrderDetail {
  id: number;
  code: string;
  type: string;
  mode: string;
  channel: string;
  priority: string;
  state: OrderState;
  customer: { id: number; code: string; name: string; phone: string | null } | null;
  unit: { id: number; serialNo: string; model: string; productName: string; purchaseDate: string | null; warrantyEnd: string | null; qualityCardNo: string | null; skill: string | null } | null;
  contactName: string | null;
  contactPhone: string | null;
  regionCode: string | null;
  region: string;
  regionType: string;
  address: string | null;
  description: string;
  tier: string;
  warranty: string;
  outlet: { id: number; code: string; name: string; phone: string | null; address: string | null } | null;
  technician: { id: number; name: string; phone: string | null } | null;
  sla: { warnPercent: number } & Record<string, unknown>;
  due: Record<DueKind, string | null> & { next: string | null; nextKind: DueKind | null; warnAt: string | null };
  warnedAt: string | null;
  breachedAt: string | null;
  escalated: boolean;
  appointmentFrom: string | null;
  appointmentTo: string | null;
  times: {
    received: string;
    acknowledged: string | null;
    dispatched: string | null;
    departed: string | null;
    arrived: string | null;
    started: string | null;
    completed: string | null;
    visited: string | null;
    evaluated: string | null;
    closed: string | null;
    cancelled: string | null;
  };
  faultCode: string | null;
  diagnosis: string | null;
  resolution: string | null;
  signatureFileId: number | null;
  signedBy: string | null;
  fees: { labourFen: number; calloutFen: number; partsFen: number; totalFen: number };
  firstTimeFix: boolean | null;
  reworkOfId: number | null;
  repeatRepair: boolean;
  rating: number | null;
  events: OrderEvent[];
  items: OrderItem[];
  visit: OrderVisit | null;
  actions: OrderAction[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OrderPhoto {
  id: number;
  filename: string;
  mime: string;
  size: number;
  createdAt: string;
  createdByName: string | null;
}

export interface VisitListItem {
  id: number;
  orderId: number;
  orderCode: string;
  orderType: string;
  customerName: string;
  technicianName: string | null;
  assigneeName: string | null;
  dueAt: string;
  overdue: boolean;
  state: 'open' | 'done' | 'cancelled';
  rating: number | null;
  dissatisfied: boolean | null;
  completedAt: string | null;
  doneAt: string | null;
  version: number;
}

export interface PublicVisit {
  state: 'open' | 'done' | 'cancelled';
  orderCode: string;
  orderType: string;
  completedAt: string | null;
  totalFeeFen: number;
  technicianName: string | null;
  product: string | null;
}

export interface OrderQuery {
  page: number;
  pageSize: number;
  q?: string;
  state?: string;
  type?: string;
  escalated?: string;
  mine?: string;
  today?: string;
  customerId?: number;
}

export interface VisitQuery {
  page: number;
  pageSize: number;
  state?: string;
  mine?: string;
  overdue?: string;
}

export interface CustomerOption {
  id: number;
  code: string;
  name: string;
  phone: string | null;
  region: string;
}

export const orderKeys = {
  all: ['service-orders'] as const,
  list: (q: OrderQuery) => ['service-orders', 'list', q] as const,
  detail: (id: number) => ['service-orders', 'detail', id] as const,
  photos: (id: number) => ['service-orders', 'photos', id] as const,
  visits: (q: VisitQuery) => ['service-orders', 'visits', q] as const,
  customers: (q: string) => ['service-orders', 'customer-options', q] as const,
  units: (customerId: number) => ['service-orders', 'units', customerId] as const,
  publicVisit: (token: string) => ['public-visit', token] as const,
};

export function useOrders(q: OrderQuery, opts: { refetchInterval?: number } = {}) {
  return useQuery({ queryKey: orderKeys.list(q), queryFn: () => get<Page<OrderListItem>>('/api/v1/service/orders' + qs({ ...q })), placeholderData: keepPreviousData, refetchInterval: opts.refetchInterval });
}

export function useOrder(id: number) {
  return useQuery({ queryKey: orderKeys.detail(id), queryFn: () => get<OrderDetail>(`/api/v1/service/orders/${id}`), enabled: Number.isInteger(id) && id > 0 });
}

export function useOrderPhotos(id: number) {
  return useQuery({ queryKey: orderKeys.photos(id), queryFn: async () => (await get<{ items: OrderPhoto[] }>(`/api/v1/service/orders/${id}/photos`)).items });
}

export function useVisits(q: VisitQuery) {
  return useQuery({ queryKey: orderKeys.visits(q), queryFn: () => get<Page<VisitListItem>>('/api/v1/service/visits' + qs({ ...q })), placeholderData: keepPreviousData });
}

/** Customers matching a search, for the intake picker. */
export function useCustomerOptions(q: string) {
  return useQuery({
    queryKey: orderKeys.customers(q),
    queryFn: async () => (await get<Page<CustomerOption>>('/api/v1/customers' + qs({ q: q || undefined, pageSize: 20 }))).items,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** A customer's registered units (机器档案). */
export function useCustomerUnits(customerId: number | undefined) {
  return useQuery({
    queryKey: orderKeys.units(customerId ?? 0),
    queryFn: async () => (await get<Page<TUnit>>('/api/v1/service/units' + qs({ customerId, pageSize: 200 }))).items,
    enabled: !!customerId,
  });
}

export function usePublicVisit(token: string) {
  return useQuery({ queryKey: orderKeys.publicVisit(token), queryFn: () => get<PublicVisit>(`/api/v1/public/visits/${encodeURIComponent(token)}`), retry: false });
}

/** Every write on an order refreshes its card and the lists. */
export function useOrderMutation<TVars, TOut>(fn: (v: TVars) => Promise<TOut>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: orderKeys.all }) });
}

export type TransitionBody = Omit<TOrderTransition, 'version'>;

export const orderApi = {
  create: (body: TOrderCreate) => post<OrderDetail>('/api/v1/service/orders', body),
  transition: (id: number, version: number, body: TransitionBody) => post<OrderDetail>(`/api/v1/service/orders/${id}/transitions`, { ...body, version }),
  uploadPhoto: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<{ id: number; filename: string }>(`/api/v1/service/orders/${id}/photos`, { method: 'POST', form });
  },
  recordVisit: (visitId: number, body: TVisitRecord) => post<{ orderId: number; dissatisfied: boolean; followUpOrderId: number | null }>(`/api/v1/service/visits/${visitId}`, body),
  visitLink: (visitId: number) => post<{ token: string; path: string }>(`/api/v1/service/visits/${visitId}/link`, {}),
  answerPublic: (token: string, body: TVisitAnswers) => post<{ ok: boolean }>(`/api/v1/public/visits/${encodeURIComponent(token)}`, body),
};

export const photoUrl = (orderId: number, fileId: number) => `/api/v1/service/orders/${orderId}/photos/${fileId}`;
export const signatureUrl = (orderId: number, fileId: number | null) => `/api/v1/service/orders/${orderId}/signature?f=${fileId ?? 0}`;
