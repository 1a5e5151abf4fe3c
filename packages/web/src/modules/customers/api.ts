// Customer data: types of the API answers, the query-key factory and the data hooks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post, qs } from '../../lib/api';

export interface CustomerListItem {
  id: number;
  code: string;
  type: 'enterprise' | 'individual';
  name: string;
  shortName: string | null;
  phone: string | null;
  lifecycleState: string;
  grade: string | null;
  source: string | null;
  serviceTier: string | null;
  ownerId: number | null;
  ownerName: string | null;
  teamId: number | null;
  teamName: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
  region: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  version: number;
}

export interface Contact {
  id: number;
  name: string;
  gender: string | null;
  department: string | null;
  title: string | null;
  buyingRole: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  birthday: string | null;
  hobbies: string | null;
  personality: string | null;
  isPrimary: boolean;
  note: string | null;
  version: number;
}

export interface Address {
  id: number;
  type: string;
  provinceCode: string;
  cityCode: string | null;
  districtCode: string | null;
  region: string;
  street: string | null;
  postcode: string | null;
  routeNo: string | null;
  isDefault: boolean;
  note: string | null;
  version: number;
}

export interface CustomerDetail extends CustomerListItem {
  email: string | null;
  creditCode: string | null;
  idNumber: string | null;
  birthday: string | null;
  classifications: Record<string, string[]>;
  profile: Record<string, unknown>;
  note: string | null;
  mergedIntoId: number | null;
  contacts: Contact[];
  addresses: Address[];
  revealed: boolean;
  canReveal: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  totalCapped?: boolean;
}

export interface CustomerQuery {
  page: number;
  pageSize: number;
  sort?: string;
  q?: string;
  type?: string;
  lifecycleState?: string;
  grade?: string;
  source?: string;
  provinceCode?: string;
  archived?: string;
}

export const customerKeys = {
  all: ['customers'] as const,
  list: (q: CustomerQuery) => ['customers', 'list', q] as const,
  detail: (id: number, reveal = false) => ['customers', 'detail', id, reveal] as const,
  timeline: (id: number, page: number) => ['customers', 'timeline', id, page] as const,
  grades: (id: number) => ['customers', 'grades', id] as const,
  attachments: (id: number) => ['customers', 'attachments', id] as const,
};

export function useCustomers(q: CustomerQuery) {
  return useQuery({ queryKey: customerKeys.list(q), queryFn: () => get<Page<CustomerListItem>>('/api/v1/customers' + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useCustomer(id: number, reveal = false) {
  return useQuery({ queryKey: customerKeys.detail(id, reveal), queryFn: () => get<CustomerDetail>(`/api/v1/customers/${id}${reveal ? '?reveal=true' : ''}`) });
}

/** Every mutation on a customer refreshes its card and the lists. */
export function useCustomerMutation<TVars, TOut = CustomerDetail>(fn: (v: TVars) => Promise<TOut>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }) });
}

export const customerApi = {
  create: (body: unknown) => post<CustomerDetail>('/api/v1/customers', body),
  update: (id: number, body: unknown) => patch<CustomerDetail>(`/api/v1/customers/${id}`, body),
  grade: (id: number, body: unknown) => post<CustomerDetail>(`/api/v1/customers/${id}/grade`, body),
  archive: (id: number, version: number) => post<CustomerDetail>(`/api/v1/customers/${id}/archive`, { version }),
  restore: (id: number, version: number) => post<CustomerDetail>(`/api/v1/customers/${id}/restore`, { version }),
  merge: (id: number, sourceId: number, version: number) => post<CustomerDetail>(`/api/v1/customers/${id}/merge`, { sourceId, version }),
  note: (id: number, body: string) => post(`/api/v1/customers/${id}/notes`, { body }),
  addContact: (id: number, body: unknown) => post<Contact>(`/api/v1/customers/${id}/contacts`, body),
  updateContact: (id: number, cid: number, body: unknown) => patch<Contact>(`/api/v1/customers/${id}/contacts/${cid}`, body),
  archiveContact: (id: number, cid: number, version: number) => post(`/api/v1/customers/${id}/contacts/${cid}/archive`, { version }),
  addAddress: (id: number, body: unknown) => post<Address>(`/api/v1/customers/${id}/addresses`, body),
  updateAddress: (id: number, aid: number, body: unknown) => patch<Address>(`/api/v1/customers/${id}/addresses/${aid}`, body),
  archiveAddress: (id: number, aid: number, version: number) => post(`/api/v1/customers/${id}/addresses/${aid}/archive`, { version }),
};
