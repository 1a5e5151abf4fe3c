// Complaint settings data: query keys, hooks and calls for the deadline rules, escalation levels, claim approval
// bands and the reply / apology templates.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type {
  TClaimBand,
  TClaimBandCreate,
  TClaimBandUpdate,
  TComplaintLevel,
  TComplaintLevelUpdate,
  TComplaintRule,
  TComplaintRuleCreate,
  TComplaintRuleUpdate,
  TComplaintSettingsOptions,
  TComplaintTemplate,
  TPage,
  TTemplateInput,
  TTemplateUpdate,
} from '@kehu/shared';
import { api, get, patch, post, qs } from '../../../lib/api';

export interface RuleQuery {
  page: number;
  pageSize: number;
  archived: 'true' | 'false' | 'all';
}

export interface TemplateQuery {
  page: number;
  pageSize: number;
  archived: 'true' | 'false' | 'all';
  category?: string;
  temperament?: string;
  q?: string;
}

export const settingsKeys = {
  rules: ['complaints', 'settings', 'rules'] as const,
  ruleList: (q: RuleQuery) => ['complaints', 'settings', 'rules', q] as const,
  levels: ['complaints', 'settings', 'levels'] as const,
  bands: ['complaints', 'settings', 'bands'] as const,
  options: ['complaints', 'settings', 'options'] as const,
  // the reply dialog's template lists live under ['complaints', 'templates'] too, so a change refreshes them
  templates: ['complaints', 'templates'] as const,
  templateList: (q: TemplateQuery) => ['complaints', 'templates', 'list', q] as const,
};

export function useComplaintRules(q: RuleQuery) {
  return useQuery({ queryKey: settingsKeys.ruleList(q), queryFn: () => get<TPage<TComplaintRule>>('/api/v1/complaint-rules' + qs({ ...q })), placeholderData: keepPreviousData });
}

export function useComplaintLevels() {
  return useQuery({ queryKey: settingsKeys.levels, queryFn: async () => (await get<{ items: TComplaintLevel[] }>('/api/v1/complaint-levels')).items });
}

export function useClaimBands() {
  return useQuery({ queryKey: settingsKeys.bands, queryFn: async () => (await get<{ items: TClaimBand[] }>('/api/v1/claim-bands')).items });
}

export function useSettingsOptions() {
  return useQuery({ queryKey: settingsKeys.options, queryFn: () => get<TComplaintSettingsOptions>('/api/v1/complaint-settings/options'), staleTime: 60_000 });
}

export function useTemplateList(q: TemplateQuery) {
  return useQuery({
    queryKey: settingsKeys.templateList(q),
    queryFn: () => get<TPage<TComplaintTemplate>>('/api/v1/complaint-templates' + qs({ ...q })),
    placeholderData: keepPreviousData,
  });
}

export const settingsApi = {
  createRule: (body: TComplaintRuleCreate) => post<TComplaintRule>('/api/v1/complaint-rules', body),
  updateRule: (id: number, body: TComplaintRuleUpdate) => patch<TComplaintRule>(`/api/v1/complaint-rules/${id}`, body),
  archiveRule: (id: number, version: number) => post<TComplaintRule>(`/api/v1/complaint-rules/${id}/archive`, { version }),
  restoreRule: (id: number, version: number) => post<TComplaintRule>(`/api/v1/complaint-rules/${id}/restore`, { version }),
  updateLevel: (level: number, body: TComplaintLevelUpdate) => patch<TComplaintLevel>(`/api/v1/complaint-levels/${level}`, body),
  createBand: (body: TClaimBandCreate) => post<TClaimBand>('/api/v1/claim-bands', body),
  updateBand: (id: number, body: TClaimBandUpdate) => patch<TClaimBand>(`/api/v1/claim-bands/${id}`, body),
  deleteBand: (id: number, version: number) => api<void>(`/api/v1/claim-bands/${id}` + qs({ version }), { method: 'DELETE' }),
  createTemplate: (body: TTemplateInput) => post<TComplaintTemplate>('/api/v1/complaint-templates', body),
  updateTemplate: (id: number, body: TTemplateUpdate) => patch<TComplaintTemplate>(`/api/v1/complaint-templates/${id}`, body),
  archiveTemplate: (id: number, version: number) => post<TComplaintTemplate>(`/api/v1/complaint-templates/${id}/archive`, { version }),
  restoreTemplate: (id: number, version: number) => post<TComplaintTemplate>(`/api/v1/complaint-templates/${id}/restore`, { version }),
};

/** A mutation that refreshes the given queries afterwards (also after a failure: a 409 means stale data). */
export function useSettingsMutation<V, R>(fn: (v: V) => Promise<R>, invalidate: QueryKey[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await Promise.all(invalidate.map((k) => qc.invalidateQueries({ queryKey: k })));
    },
  });
}
