// Claim data: the query-key factory, the data hooks and the writes (types from @kehu/shared).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TClaim, TClaimCreate, TClaimListItem, TClaimTransition, TPage } from '@kehu/shared';
import { api, get, post, qs } from '../../../lib/api';

export interface ClaimQuery {
  page: number;
  pageSize: number;
  q?: string;
  state?: string;
  complaintId?: number;
  customerId?: number;
}

const BASE = '/api/v1/claims';

export const claimKeys = {
  all: ['claims'] as const,
  list: (q: ClaimQuery) => ['claims', 'list', q] as const,
  detail: (id: number) => ['claims', 'detail', id] as const,
};

export function useClaims(q: ClaimQuery, enabled = true) {
  return useQuery({ queryKey: claimKeys.list(q), queryFn: () => get<TPage<TClaimListItem>>(BASE + qs({ ...q })), placeholderData: keepPreviousData, enabled });
}

export function useClaim(id: number) {
  return useQuery({ queryKey: claimKeys.detail(id), queryFn: () => get<TClaim>(`${BASE}/${id}`), enabled: Number.isInteger(id) && id > 0 });
}

/** Every write refreshes the claim and the lists. */
export function useClaimMutation<TVars, TOut>(fn: (v: TVars) => Promise<TOut>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: claimKeys.all }) });
}

export type ClaimTransitionBody = Omit<TClaimTransition, 'version'>;

export const claimApi = {
  create: (body: TClaimCreate) => post<TClaim>(BASE, body),
  transition: (id: number, version: number, body: ClaimTransitionBody) => post<TClaim>(`${BASE}/${id}/transitions`, { ...body, version }),
  uploadFile: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<{ id: number; name: string }>(`${BASE}/${id}/files`, { method: 'POST', form });
  },
};

export const claimFileUrl = (id: number, fileId: number) => `${BASE}/${id}/files/${fileId}`;

/** Yuan typed in a form → integer fen (undefined stays undefined). */
export const toFen = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100));
