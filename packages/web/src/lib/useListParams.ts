// The state of a list page kept in the URL (?page=&pageSize=&sort=&filters…), so that a list can be linked, reloaded
// and gone back to. One place for reading it, changing it (a filter change goes back to page 1) and following the
// table's paging and sorting.
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useSearchParams } from 'react-router';

export interface ListQuery {
  page: number;
  pageSize: number;
}

/**
 * `read` takes the page's own filters from the URL; page and page size (default 20) are read here.
 * `update(patch)` writes the query back, leaving out empty values, on page 1 unless the patch says otherwise.
 * `onTable` is the table's onChange: page, page size and, on sortable columns, `sort` as `field` / `-field`.
 */
export function useListParams<Q extends ListQuery>(read: (params: URLSearchParams) => Omit<Q, keyof ListQuery>) {
  const [params, setParams] = useSearchParams();
  const query = { page: Number(params.get('page') ?? 1), pageSize: Number(params.get('pageSize') ?? 20), ...read(params) } as Q;

  const update = (patch: Partial<Q>) => {
    const next = { ...query, page: 1, ...patch };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
    setParams(p);
  };

  function onTable<T>(pg: TablePaginationConfig, _filters?: unknown, sorter?: SorterResult<T> | SorterResult<T>[]) {
    const paging = { page: pg.current ?? 1, pageSize: pg.pageSize ?? 20 } as Partial<Q>;
    if (!('sort' in query)) return update(paging);
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? (s.order === 'descend' ? '-' : '') + String(s.field) : undefined;
    update({ ...paging, sort } as Partial<Q>);
  }

  return { query, update, onTable };
}
