// Service agreement data: the query-key factory, hooks and calls of /api/v1/service/agreements.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgreementState, TAgreement, TAgreementCreate, TAgreementDetail, TAgreementUpdate, TPage } from '@kehu/shared';
import { get, patch, post, qs } from '../../../lib/api';

const BASE = '/api/v1/service/agreements';

export interface AgreementQuery {
  page: number;
  pageSize: number;
  q?: string;
  state?: AgreementState;
  customerId?: number;
  endingWithinDays?: number;
  archived?: 'false' | 'true' | 'all';
  sort?: string;
}

export const agreementKeys = {
  all: ['service-agreements'] as const,
  list: (q: AgreementQuery) => ['service-agreements', 'list', q] as const,
  detail: (id: number) => ['service-agreements', 'one', id] as const,
};

export function useAgreements(q: AgreementQuery) {
  return useQuery({ queryKey: agreementKeys.list(q), queryFn: () => get<TPage<TAgreement>>(BASE + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useAgreement(id: number | undefined) {
  return useQuery({ queryKey: agreementKeys.detail(id ?? 0), queryFn: () => get<TAgreementDetail>(`${BASE}/${id}`), enabled: !!id && id > 0 });
}

/** A write that refreshes every agreement view afterwards (and the orders, whose terms may change). */
export function useAgreementMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: agreementKeys.all });
    },
  });
}

export const agreementApi = {
  create: (body: TAgreementCreate) => post<TAgreementDetail>(BASE, body),
  update: (id: number, body: TAgreementUpdate) => patch<TAgreementDetail>(`${BASE}/${id}`, body),
  activate: (id: number, version: number) => post<TAgreementDetail>(`${BASE}/${id}/activate`, { version }),
  terminate: (id: number, version: number, reason: string) => post<TAgreementDetail>(`${BASE}/${id}/terminate`, { version, reason }),
  renew: (id: number) => post<TAgreementDetail>(`${BASE}/${id}/renew`, {}),
  archive: (id: number, version: number, archived: boolean) => post<TAgreementDetail>(`${BASE}/${id}/${archived ? 'archive' : 'restore'}`, { version }),
};
