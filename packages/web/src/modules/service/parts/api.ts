// Spare-parts data: the query-key factory, data hooks and calls. Answer types come from @kehu/shared.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TOrderItems,
  TPage,
  TPart,
  TPartCreate,
  TPartUpdate,
  TPartsReport,
  TStockReceive,
  TStockRow,
  TStockTransfer,
} from '@kehu/shared';
import { get, patch, post, qs } from '../../../lib/api';

const BASE = '/api/v1/service';

export interface PartQuery {
  page: number;
  pageSize: number;
  q?: string;
  categoryId?: number;
  archived?: 'false' | 'true' | 'all';
  sort?: string;
  outletId?: number;
}

export interface StockQuery {
  page: number;
  pageSize: number;
  outletId?: number;
  partId?: number;
  q?: string;
  low?: 'true';
}

export interface ReportQuery {
  from: string;
  to: string;
  outletId?: number;
}

export interface OutletOption {
  id: number;
  code?: string;
  name: string;
}

export const partsKeys = {
  all: ['service-parts'] as const,
  partList: (q: PartQuery) => ['service-parts', 'parts', q] as const,
  stockList: (q: StockQuery) => ['service-parts', 'stock', q] as const,
  report: (q: ReportQuery) => ['service-parts', 'report', q] as const,
  orderItems: (orderId: number) => ['service-parts', 'order-items', orderId] as const,
  outlets: ['service-parts', 'outlet-options'] as const,
};

export function useParts(q: PartQuery, enabled = true) {
  return useQuery({ queryKey: partsKeys.partList(q), queryFn: () => get<TPage<TPart>>(`${BASE}/parts` + qs({ ...q })), placeholderData: keepPreviousData, enabled });
}

export function useStock(q: StockQuery) {
  return useQuery({ queryKey: partsKeys.stockList(q), queryFn: () => get<TPage<TStockRow>>(`${BASE}/stock` + qs({ ...q })), placeholderData: keepPreviousData });
}

export function usePartsReport(q: ReportQuery) {
  return useQuery({ queryKey: partsKeys.report(q), queryFn: () => get<TPartsReport>(`${BASE}/parts/report` + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useOrderItems(orderId: number) {
  return useQuery({ queryKey: partsKeys.orderItems(orderId), queryFn: () => get<TOrderItems>(`${BASE}/orders/${orderId}/items`) });
}

/** Every active outlet, for filters and pickers. */
export function useOutletOptions() {
  return useQuery({
    queryKey: partsKeys.outlets,
    queryFn: async () => (await get<{ items: OutletOption[] }>(`${BASE}/outlets` + qs({ pageSize: 200 }))).items,
    staleTime: 300_000,
  });
}

export const outletLabel = (o: OutletOption) => (o.code ? `${o.name}（${o.code}）` : o.name);

/** A mutation that refreshes every parts query afterwards (stock, lines and the report move together). */
export function usePartsMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: partsKeys.all }) });
}

export type OrderItemsAnswer = TOrderItems & { itemId?: number };

export const partsApi = {
  createPart: (body: TPartCreate) => post<TPart>(`${BASE}/parts`, body),
  updatePart: (id: number, body: TPartUpdate) => patch<TPart>(`${BASE}/parts/${id}`, body),
  archivePart: (id: number, version: number, archived: boolean) => post<TPart>(`${BASE}/parts/${id}/${archived ? 'archive' : 'restore'}`, { version }),
  receive: (body: TStockReceive) => post<TStockRow>(`${BASE}/stock/receive`, body),
  transfer: (body: TStockTransfer) => post<{ from: TStockRow; to: TStockRow }>(`${BASE}/stock/transfer`, body),
  addOrderPart: (orderId: number, body: { partId: number; qty: number; reserve?: boolean }) => post<OrderItemsAnswer>(`${BASE}/orders/${orderId}/parts`, body),
  returnOrderPart: (orderId: number, itemId: number, qty: number) => post<OrderItemsAnswer>(`${BASE}/orders/${orderId}/parts/${itemId}/return`, { qty }),
  issueReserved: (orderId: number, itemId: number) => post<OrderItemsAnswer>(`${BASE}/orders/${orderId}/parts/${itemId}/issue`),
  releaseReserved: (orderId: number, itemId: number) => post<OrderItemsAnswer>(`${BASE}/orders/${orderId}/parts/${itemId}/release`),
};
