// SLA data: query keys, hooks and calls for the rule table, the work calendar and the SLA board.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type {
  TCalendarDay,
  TCalendarYear,
  TDeadlinePreview,
  TPage,
  TSlaBoard,
  TSlaRule,
  TSlaRuleCreate,
  TSlaRuleUpdate,
  TWorkPeriod,
  TWorkPeriods,
} from '@kehu/shared';
import { api, get, patch, post, qs } from '../../../lib/api';

export interface RuleQuery {
  page: number;
  pageSize: number;
  archived: 'true' | 'false' | 'all';
  serviceType?: string;
  tier?: string;
  regionType?: string;
  priority?: string;
}

export const slaKeys = {
  rules: ['service', 'sla-rules'] as const,
  ruleList: (q: RuleQuery) => ['service', 'sla-rules', q] as const,
  calendar: ['service', 'calendar'] as const,
  year: (y: number) => ['service', 'calendar', 'year', y] as const,
  periods: ['service', 'calendar', 'periods'] as const,
  board: ['service', 'sla-board'] as const,
  boardPage: (q: BoardQuery) => ['service', 'sla-board', q] as const,
};

export interface BoardQuery {
  soonPage: number;
  breachedPage: number;
  pageSize: number;
  outletId?: number;
}

export function useSlaRules(q: RuleQuery) {
  return useQuery({ queryKey: slaKeys.ruleList(q), queryFn: () => get<TPage<TSlaRule>>('/api/v1/service/sla-rules' + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: slaKeys.year(year), queryFn: () => get<TCalendarYear>(`/api/v1/service/calendar/years/${year}`) });
}

export function useWorkPeriods() {
  return useQuery({ queryKey: slaKeys.periods, queryFn: () => get<TWorkPeriods>('/api/v1/service/calendar/periods') });
}

export function useSlaBoard(q: BoardQuery) {
  return useQuery({
    queryKey: slaKeys.boardPage(q),
    queryFn: () => get<TSlaBoard>('/api/v1/service/sla/board' + qs({ ...q })),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export const slaApi = {
  createRule: (body: TSlaRuleCreate) => post<TSlaRule>('/api/v1/service/sla-rules', body),
  updateRule: (id: number, body: TSlaRuleUpdate) => patch<TSlaRule>(`/api/v1/service/sla-rules/${id}`, body),
  archiveRule: (id: number, version: number) => post<TSlaRule>(`/api/v1/service/sla-rules/${id}/archive`, { version }),
  restoreRule: (id: number, version: number) => post<TSlaRule>(`/api/v1/service/sla-rules/${id}/restore`, { version }),
  putYear: (year: number, etag: string, days: TCalendarDay[]) =>
    api<TCalendarYear>(`/api/v1/service/calendar/years/${year}`, { method: 'PUT', body: { etag, days } }),
  putPeriods: (periods: TWorkPeriod[], version: number) => api<TWorkPeriods>('/api/v1/service/calendar/periods', { method: 'PUT', body: { periods, version } }),
  preview: (start: string, minutes: number, businessHours: boolean) =>
    get<TDeadlinePreview>('/api/v1/service/calendar/preview' + qs({ start, minutes, businessHours })),
};

/** A mutation that refreshes the given queries afterwards (also after a failure: a 409 means stale data). */
export function useSlaMutation<V, R>(fn: (v: V) => Promise<R>, invalidate: QueryKey[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await Promise.all(invalidate.map((k) => qc.invalidateQueries({ queryKey: k })));
    },
  });
}
