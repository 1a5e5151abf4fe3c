// Return/exchange data: the query-key factory, the data hooks and the writes (types from @kehu/shared).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TPage, TReturn, TReturnCreate, TReturnEligibility, TReturnEligibilityQuery, TReturnListItem, TReturnTransition } from '@kehu/shared';
import { api, get, post, qs } from '../../../lib/api';

export interface ReturnQuery {
  page: number;
  pageSize: number;
  q?: string;
  state?: string;
  type?: string;
  customerId?: number;
}

export interface ReturnPhoto {
  id: number;
  filename: string;
  mime: string;
  size: number;
  createdAt: string;
  createdByName: string | null;
}

const BASE = '/api/v1/service/returns';

export const returnKeys = {
  all: ['service-returns'] as const,
  list: (q: ReturnQuery) => ['service-returns', 'list', q] as const,
  detail: (id: number) => ['service-returns', 'detail', id] as const,
  photos: (id: number) => ['service-returns', 'photos', id] as const,
  eligibility: (q: Partial<TReturnEligibilityQuery>) => ['service-returns', 'eligibility', q] as const,
};

export function useReturns(q: ReturnQuery) {
  return useQuery({ queryKey: returnKeys.list(q), queryFn: () => get<TPage<TReturnListItem>>(BASE + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useReturn(id: number) {
  return useQuery({ queryKey: returnKeys.detail(id), queryFn: () => get<TReturn>(`${BASE}/${id}`), enabled: Number.isInteger(id) && id > 0 });
}

export function useReturnPhotos(id: number) {
  return useQuery({ queryKey: returnKeys.photos(id), queryFn: async () => (await get<{ items: ReturnPhoto[] }>(`${BASE}/${id}/photos`)).items });
}

/** The 三包 window check before submitting; runs once a unit, or a product with a purchase date, is chosen. */
export function useEligibility(q: Partial<TReturnEligibilityQuery>) {
  const ready = !!q.type && (!!q.unitId || !!q.productId);
  return useQuery({
    queryKey: returnKeys.eligibility(q),
    queryFn: () => get<TReturnEligibility>(`${BASE}/eligibility` + qs({ ...q })),
    enabled: ready,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Every write refreshes the request and the lists. */
export function useReturnMutation<TVars, TOut>(fn: (v: TVars) => Promise<TOut>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: returnKeys.all }) });
}

export type ReturnTransitionBody = Omit<TReturnTransition, 'version'>;

export const returnApi = {
  create: (body: TReturnCreate) => post<TReturn>(BASE, body),
  transition: (id: number, version: number, body: ReturnTransitionBody) => post<TReturn>(`${BASE}/${id}/transitions`, { ...body, version }),
  uploadPhoto: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<{ id: number; filename: string }>(`${BASE}/${id}/photos`, { method: 'POST', form });
  },
};

export const returnPhotoUrl = (id: number, fileId: number) => `${BASE}/${id}/photos/${fileId}`;
