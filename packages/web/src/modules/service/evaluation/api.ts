// Supervision and evaluation data: query keys, hooks and calls for rules, points, schemes, runs and action items.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type {
  TActionUpdate,
  TComplaintEvidence,
  TEvaluationAction,
  TKpiRow,
  TPage,
  TPointsEntry,
  TPointsEntryCreate,
  TPointsLedger,
  TRewardRule,
  TRewardRuleCreate,
  TRewardRuleUpdate,
  TRun,
  TRunCreate,
  TRunFinalise,
  TRunSummary,
  TRunUpdate,
  TScheme,
  TSchemeSave,
  TSchemeSummary,
  TTrendPoint,
} from '@kehu/shared';
import { api, get, patch, post, qs } from '../../../lib/api';

const BASE = '/api/v1/service';

export interface RuleQuery {
  page: number;
  pageSize: number;
  kind?: string;
  event?: string;
  active: 'true' | 'false' | 'all';
  q?: string;
}

export interface EntryQuery {
  month: string;
  page: number;
  pageSize: number;
  userId?: number;
  outletId?: number;
  source?: 'auto' | 'manual';
  voided?: 'true' | 'false' | 'all';
}

export const evaluationKeys = {
  rules: ['service-evaluation', 'rules'] as const,
  ruleList: (q: RuleQuery) => ['service-evaluation', 'rules', q] as const,
  points: ['service-evaluation', 'points'] as const,
  ledger: (month: string) => ['service-evaluation', 'points', 'ledger', month] as const,
  entries: (q: EntryQuery) => ['service-evaluation', 'points', 'entries', q] as const,
  schemes: ['service-evaluation', 'schemes'] as const,
  scheme: (id: number) => ['service-evaluation', 'schemes', id] as const,
  runs: ['service-evaluation', 'runs'] as const,
  runList: (q: Record<string, unknown>) => ['service-evaluation', 'runs', 'list', q] as const,
  run: (id: number) => ['service-evaluation', 'runs', 'one', id] as const,
  evidence: (id: number) => ['service-evaluation', 'runs', 'evidence', id] as const,
  trend: ['service-evaluation', 'runs', 'trend'] as const,
};

export function useRewardRules(q: RuleQuery) {
  return useQuery({ queryKey: evaluationKeys.ruleList(q), queryFn: () => get<TPage<TRewardRule>>(`${BASE}/reward-rules` + qs({ ...q })), placeholderData: keepPreviousData });
}

export function usePointsLedger(month: string) {
  return useQuery({ queryKey: evaluationKeys.ledger(month), queryFn: () => get<TPointsLedger>(`${BASE}/points` + qs({ month })) });
}

export function usePointsEntries(q: EntryQuery) {
  return useQuery({ queryKey: evaluationKeys.entries(q), queryFn: () => get<TPage<TPointsEntry>>(`${BASE}/points/entries` + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useSchemes() {
  return useQuery({ queryKey: evaluationKeys.schemes, queryFn: () => get<TSchemeSummary[]>(`${BASE}/evaluation/schemes`) });
}

export function useScheme(id: number | undefined) {
  return useQuery({ queryKey: evaluationKeys.scheme(id ?? 0), queryFn: () => get<TScheme>(`${BASE}/evaluation/schemes/${id}`), enabled: !!id });
}

export function useRuns(q: { page: number; pageSize: number; state?: string }) {
  return useQuery({ queryKey: evaluationKeys.runList(q), queryFn: () => get<TPage<TRunSummary>>(`${BASE}/evaluation/runs` + qs(q)), placeholderData: keepPreviousData });
}

export function useRun(id: number) {
  return useQuery({ queryKey: evaluationKeys.run(id), queryFn: () => get<TRun>(`${BASE}/evaluation/runs/${id}`) });
}

export interface RunEvidence {
  periodFrom: string;
  periodTo: string;
  supervision: { rewards: number; penalties: number; rewardPoints: number; penaltyPoints: number; manual: number };
  /** the complaints received in the period (投诉处理) */
  complaints: TComplaintEvidence;
}

export function useRunEvidence(id: number) {
  return useQuery({ queryKey: evaluationKeys.evidence(id), queryFn: () => get<RunEvidence>(`${BASE}/evaluation/runs/${id}/evidence`) });
}

/** The service KPIs (服务考核指标) over a period, for the 维修 / 投诉处理 evidence hints. */
export function usePeriodKpis(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: ['service', 'kpis', from, to, 'outlet'],
    queryFn: () => get<{ total: TKpiRow }>(`${BASE}/kpis` + qs({ from, to, groupBy: 'outlet' })),
    enabled: !!from && !!to,
  });
}

export function useTrend() {
  return useQuery({ queryKey: evaluationKeys.trend, queryFn: () => get<TTrendPoint[]>(`${BASE}/evaluation/trend`) });
}

export const evaluationApi = {
  createRule: (body: TRewardRuleCreate) => post<TRewardRule>(`${BASE}/reward-rules`, body),
  updateRule: (id: number, body: TRewardRuleUpdate) => patch<TRewardRule>(`${BASE}/reward-rules/${id}`, body),
  recompute: (month: string) => post<{ month: string; entries: number }>(`${BASE}/points/recompute`, { month }),
  addEntry: (body: TPointsEntryCreate) => post<TPointsEntry>(`${BASE}/points/entries`, body),
  voidEntry: (id: number, reason: string) => post<TPointsEntry>(`${BASE}/points/entries/${id}/void`, { reason }),
  saveScheme: (id: number, body: TSchemeSave & { version: number }) => api<{ scheme: TScheme; created: boolean }>(`${BASE}/evaluation/schemes/${id}`, { method: 'PUT', body }),
  newRevision: (id: number) => post<TScheme>(`${BASE}/evaluation/schemes/${id}/revisions`),
  createRun: (body: TRunCreate) => post<TRun>(`${BASE}/evaluation/runs`, body),
  updateRun: (id: number, body: TRunUpdate) => patch<TRun>(`${BASE}/evaluation/runs/${id}`, body),
  finaliseRun: (id: number, body: TRunFinalise) => post<TRun>(`${BASE}/evaluation/runs/${id}/finalise`, body),
  archiveRun: (id: number, version: number) => post<TRun>(`${BASE}/evaluation/runs/${id}/archive`, { version }),
  updateAction: (id: number, body: TActionUpdate) => patch<TEvaluationAction>(`${BASE}/evaluation/actions/${id}`, body),
};

/** A mutation that refreshes the given queries afterwards (also after a failure: a 409 means stale data). */
export function useEvaluationMutation<V, R>(fn: (v: V) => Promise<R>, invalidate: QueryKey[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await Promise.all(invalidate.map((k) => qc.invalidateQueries({ queryKey: k })));
    },
  });
}
