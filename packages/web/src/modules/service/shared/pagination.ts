// The paging bar of the service lists, one shape for all: current page and size from the query, total, "共 N 条".
import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';
import type { ListQuery } from '../../../lib/useListParams';

/** Paging of a list whose table `onChange` writes page and size back (URL lists via `useListParams().onTable`). */
export function listPagination(t: TFunction, query: ListQuery, total: number | undefined): TablePaginationConfig {
  return { current: query.page, pageSize: query.pageSize, total: total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.total', { total: n }) };
}

/** Paging of a list whose query sits in local state: a page or size change goes straight into the query. */
export function statePagination<Q extends ListQuery>(t: TFunction, query: Q, setQuery: (q: Q) => void, total: number | undefined): TablePaginationConfig {
  return { current: query.page, pageSize: query.pageSize, total: total ?? 0, showTotal: (n) => t('common.total', { total: n }), onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }) };
}
