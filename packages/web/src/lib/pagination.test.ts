import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { listPagination, statePagination } from './pagination';

const t = ((key: string, o?: { total: number }) => `${key}:${o?.total}`) as unknown as TFunction;

describe('list paging', () => {
  it('takes page, size and total from the query and the answer', () => {
    const p = listPagination(t, { page: 3, pageSize: 50 }, 420);
    expect(p).toMatchObject({ current: 3, pageSize: 50, total: 420, showSizeChanger: true });
    expect(p.showTotal?.(420, [101, 150])).toBe('common.total:420');
    expect(listPagination(t, { page: 1, pageSize: 20 }, undefined).total).toBe(0);
  });

  it('says "more than" when the server stopped counting', () => {
    expect(listPagination(t, { page: 1, pageSize: 20 }, 10000, true).showTotal?.(10000, [1, 20])).toBe('common.totalCapped:10000');
  });

  it('writes a page change of a local-state list straight into the query', () => {
    let seen: { page: number; pageSize: number; q?: string } | undefined;
    const p = statePagination(t, { page: 1, pageSize: 20, q: 'x' }, (q) => (seen = q), 99);
    p.onChange?.(4, 50);
    expect(seen).toEqual({ page: 4, pageSize: 50, q: 'x' });
    expect(p.showTotal?.(99, [61, 80])).toBe('common.total:99');
  });
});
