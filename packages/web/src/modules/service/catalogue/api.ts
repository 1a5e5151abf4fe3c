// Catalogue data: the query-key factory, data hooks and calls for categories, products and units (机器档案).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TCategory,
  TCategoryCreate,
  TCategoryUpdate,
  TPage,
  TProduct,
  TProductCreate,
  TProductUpdate,
  TUnit,
  TUnitCreate,
  TUnitDetail,
  TUnitImportResult,
  TUnitUpdate,
} from '@kehu/shared';
import { api, get, patch, post, qs } from '../../../lib/api';

const BASE = '/api/v1/service';

export interface CatalogueListQuery {
  page: number;
  pageSize: number;
  q?: string;
  archived?: 'false' | 'true' | 'all';
  sort?: string;
}
export interface ProductQuery extends CatalogueListQuery {
  categoryId?: number;
}
export interface UnitQuery extends CatalogueListQuery {
  customerId?: number;
  productId?: number;
  categoryId?: number;
  warranty?: 'in' | 'out' | 'unknown';
}

export const catalogueKeys = {
  all: ['service-catalogue'] as const,
  categories: ['service-catalogue', 'categories'] as const,
  categoryList: (q: CatalogueListQuery) => ['service-catalogue', 'categories', q] as const,
  products: ['service-catalogue', 'products'] as const,
  productList: (q: ProductQuery) => ['service-catalogue', 'products', q] as const,
  units: ['service-catalogue', 'units'] as const,
  unitList: (q: UnitQuery) => ['service-catalogue', 'units', 'list', q] as const,
  unit: (id: number) => ['service-catalogue', 'units', 'one', id] as const,
};

export function useCategories(q: CatalogueListQuery) {
  return useQuery({ queryKey: catalogueKeys.categoryList(q), queryFn: () => get<TPage<TCategory>>(`${BASE}/categories` + qs({ ...q })), placeholderData: keepPreviousData });
}

/** Every live category, for pickers and filters. */
export function useCategoryOptions() {
  return useCategories({ page: 1, pageSize: 200 });
}

export function useProducts(q: ProductQuery, enabled = true) {
  return useQuery({ queryKey: catalogueKeys.productList(q), queryFn: () => get<TPage<TProduct>>(`${BASE}/products` + qs({ ...q })), placeholderData: keepPreviousData, enabled });
}

export function useUnits(q: UnitQuery) {
  return useQuery({ queryKey: catalogueKeys.unitList(q), queryFn: () => get<TPage<TUnit>>(`${BASE}/units` + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useUnit(id: number | undefined) {
  return useQuery({ queryKey: catalogueKeys.unit(id ?? 0), queryFn: () => get<TUnitDetail>(`${BASE}/units/${id}`), enabled: !!id });
}

/** A mutation that refreshes the whole catalogue afterwards (a rule change moves units' warranty end). */
export function useCatalogueMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: catalogueKeys.all }) });
}

export const catalogueApi = {
  createCategory: (body: TCategoryCreate) => post<TCategory>(`${BASE}/categories`, body),
  updateCategory: (id: number, body: TCategoryUpdate) => patch<TCategory & { unitsRecomputed: number }>(`${BASE}/categories/${id}`, body),
  archiveCategory: (id: number, version: number, archived: boolean) => post<TCategory>(`${BASE}/categories/${id}/${archived ? 'archive' : 'restore'}`, { version }),
  createProduct: (body: TProductCreate) => post<TProduct>(`${BASE}/products`, body),
  updateProduct: (id: number, body: TProductUpdate) => patch<TProduct & { unitsRecomputed: number }>(`${BASE}/products/${id}`, body),
  archiveProduct: (id: number, version: number, archived: boolean) => post<TProduct>(`${BASE}/products/${id}/${archived ? 'archive' : 'restore'}`, { version }),
  createUnit: (body: TUnitCreate) => post<TUnitDetail>(`${BASE}/units`, body),
  updateUnit: (id: number, body: TUnitUpdate) => patch<TUnitDetail>(`${BASE}/units/${id}`, body),
  archiveUnit: (id: number, version: number, archived: boolean) => post<TUnitDetail>(`${BASE}/units/${id}/${archived ? 'archive' : 'restore'}`, { version }),
  importUnits: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<TUnitImportResult>(`${BASE}/units/import`, { method: 'POST', form });
  },
  templateUrl: (lang: string) => `${BASE}/units/import/template.xlsx?lang=${lang}`,
};

/** Yuan as typed in a form → integer fen (分) for the API. */
export function yuanToFen(yuan: number | null | undefined): number | null {
  return yuan === null || yuan === undefined ? null : Math.round(yuan * 100);
}
export function fenToYuan(fen: number | null | undefined): number | null {
  return fen === null || fen === undefined ? null : fen / 100;
}

/** The cascader's path of a six-digit division code at any level. */
export function regionPath(code: string | null | undefined): string[] | undefined {
  if (!code) return undefined;
  const province = code.slice(0, 2) + '0000';
  const city = code.slice(0, 4) + '00';
  return [province, city, code].filter((c, i, a) => a.indexOf(c) === i);
}
