// Paging and sorting helpers shared by every list: an allow-list of sortable fields per resource.
import { invalid } from './errors';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type SortSpec<C extends string> = { column: C; dir: 'asc' | 'desc' }[];

/** Parses `sort=name,-createdAt` against `allowed` (API field → column). Unknown fields are a 400. */
export function parseSort<C extends string>(
  sort: string | undefined,
  allowed: Record<string, C>,
  fallback: SortSpec<C>,
): SortSpec<C> {
  if (!sort) return fallback;
  const out: SortSpec<C> = [];
  for (const part of sort.split(',').map((s) => s.trim()).filter(Boolean)) {
    const desc = part.startsWith('-');
    const field = desc ? part.slice(1) : part;
    const column = allowed[field];
    if (!column) throw invalid([{ path: 'sort', key: 'unknown_sort_field' }]);
    out.push({ column, dir: desc ? 'desc' : 'asc' });
  }
  return out.length ? out : fallback;
}

export function offsetOf(page: number, pageSize: number) {
  return (page - 1) * pageSize;
}
