// The paging bar of the lists, one shape for all: current page and size from the query, total, "共 N 条" (or
// "N 条以上" when the server stopped counting).
import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';
import type { ListQuery } from './useListParams';

const totalText = (t: TFunction, capped?: boolean) => (n: number) => (capped ? t('common.totalCapped', { total: n }) : t('common.total', { total: n }));

/** Paging of a list whose table `onChange` writes page and size back (URL lists via `useListParams().onTable`). */
export function listPagination(t: TFunction, query: ListQuery, total: number | undefined, capped?: boolean): TablePaginationConfig {
  return { current: query.page, pageSize: query.pageSize, total: total ?? 0, showSizeChanger: true, showTotal: totalText(t, capped) };
}

/** Paging of a list whose query sits in local state: a page or size change goes straight into the query. */
export function statePagination<Q extends ListQuery>(t: TFunction, query: Q, setQuery: (q: Q) => void, total: number | undefined): TablePaginationConfig {
  return { current: query.page, pageSize: query.pageSize, total: total ?? 0, showTotal: totalText(t), onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }) };
}
