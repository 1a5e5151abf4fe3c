// Service-network data: the query-key factory, data hooks and calls for outlets, technicians and the dispatch proposal.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TDispatchProposal,
  TOutlet,
  TOutletCreate,
  TOutletDetail,
  TOutletUpdate,
  TPage,
  TTechnician,
  TTechnicianPut,
} from '@kehu/shared';
import { api, get, patch, post, qs } from '../../../lib/api';

const BASE = '/api/v1/service';

export interface OutletQuery {
  page: number;
  pageSize: number;
  q?: string;
  regionCode?: string;
  kind?: string;
  serviceType?: string;
  archived?: 'false' | 'true' | 'all';
  sort?: string;
}

export interface TechnicianQuery {
  page: number;
  pageSize: number;
  q?: string;
  outletId?: number;
  skill?: string;
  active?: 'true' | 'false';
  includeUnprofiled?: 'true' | 'false';
}

export interface OutletOption {
  id: number;
  code: string;
  name: string;
  kind: string;
  region: string | null;
}

export const networkKeys = {
  all: ['service-network'] as const,
  outletList: (q: OutletQuery) => ['service-network', 'outlets', 'list', q] as const,
  outlet: (id: number) => ['service-network', 'outlets', 'one', id] as const,
  outletOptions: ['service-network', 'outlets', 'options'] as const,
  technicianList: (q: TechnicianQuery) => ['service-network', 'technicians', q] as const,
  proposal: (p: Record<string, unknown>) => ['service-network', 'proposal', p] as const,
};

export function useOutlets(q: OutletQuery) {
  return useQuery({ queryKey: networkKeys.outletList(q), queryFn: () => get<TPage<TOutlet>>(`${BASE}/outlets` + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useOutlet(id: number | undefined) {
  return useQuery({ queryKey: networkKeys.outlet(id ?? 0), queryFn: () => get<TOutletDetail>(`${BASE}/outlets/${id}`), enabled: !!id });
}

/** Every live outlet, for pickers. */
export function useOutletOptions(enabled = true) {
  return useQuery({ queryKey: networkKeys.outletOptions, queryFn: () => get<OutletOption[]>(`${BASE}/outlets/options`), staleTime: 60_000, enabled });
}

export function useTechnicians(q: TechnicianQuery) {
  return useQuery({ queryKey: networkKeys.technicianList(q), queryFn: () => get<TPage<TTechnician>>(`${BASE}/technicians` + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useDispatchProposal(p: { regionCode: string | null; serviceType: string; skill: string | null; outletId?: number }, enabled = true) {
  const params = { regionCode: p.regionCode ?? undefined, serviceType: p.serviceType, skill: p.skill ?? undefined, outletId: p.outletId };
  return useQuery({
    queryKey: networkKeys.proposal(params),
    queryFn: () => get<TDispatchProposal>(`${BASE}/dispatch-proposal` + qs(params)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A mutation that refreshes every network list and detail afterwards. */
export function useNetworkMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: networkKeys.all }) });
}

export const networkApi = {
  createOutlet: (body: TOutletCreate) => post<TOutlet>(`${BASE}/outlets`, body),
  updateOutlet: (id: number, body: TOutletUpdate) => patch<TOutlet>(`${BASE}/outlets/${id}`, body),
  setArchived: (id: number, version: number, archived: boolean) => post<TOutlet>(`${BASE}/outlets/${id}/${archived ? 'archive' : 'restore'}`, { version }),
  putTechnician: (userId: number, body: TTechnicianPut) => api<TTechnician>(`${BASE}/technicians/${userId}`, { method: 'PUT', body }),
};

export const outletExportHref = (q: Omit<OutletQuery, 'page' | 'pageSize'>, lang: string) => `${BASE}/outlets/export.xlsx` + qs({ ...q, sort: undefined, lang });

/** The cascader path of a division code at any level: [province, city?, county?]. */
export function regionPath(code: string | null | undefined): string[] | undefined {
  if (!code) return undefined;
  const province = code.slice(0, 2) + '0000';
  const city = code.slice(0, 4) + '00';
  return [province, city, code].filter((c, i, a) => a.indexOf(c) === i);
}
