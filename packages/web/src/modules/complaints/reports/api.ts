// Complaint reports: the daily report (tool 36), its subscription, the analysis, and the export links.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAnalysisQuery, TComplaintAnalysis, TDailyReport, TReportSubscriber } from '@kehu/shared';
import { api, get, post, qs } from '../../../lib/api';

const BASE = '/api/v1/complaint-reports';

export const reportKeys = {
  all: ['complaint-reports'] as const,
  daily: (day: string) => ['complaint-reports', 'daily', day] as const,
  subscription: ['complaint-reports', 'subscribers'] as const,
  analysis: (q: TAnalysisQuery) => ['complaint-reports', 'analysis', q] as const,
};

export interface Subscription {
  items: TReportSubscriber[];
  subscribed: boolean;
  email: boolean;
}

export function useDailyReport(day: string) {
  return useQuery({ queryKey: reportKeys.daily(day), queryFn: () => get<TDailyReport>(`${BASE}/daily${qs({ day })}`), placeholderData: keepPreviousData });
}

export function useRegenerateDaily(day: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<TDailyReport>(`${BASE}/daily/generate${qs({ day })}`),
    onSuccess: (report) => qc.setQueryData(reportKeys.daily(day), report),
  });
}

export function useSubscription() {
  return useQuery({ queryKey: reportKeys.subscription, queryFn: () => get<Subscription>(`${BASE}/subscribers`) });
}

/** Subscribes or unsubscribes oneself. */
export function useSetSubscription() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (on: { subscribe: boolean; email?: boolean }): Promise<void> => {
      if (on.subscribe) await post<Subscription>(`${BASE}/subscribers`, { email: on.email ?? true });
      else await api<void>(`${BASE}/subscribers`, { method: 'DELETE' });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: reportKeys.subscription }),
  });
}

export function useAnalysis(q: TAnalysisQuery) {
  return useQuery({ queryKey: reportKeys.analysis(q), queryFn: () => get<TComplaintAnalysis>(`${BASE}/analysis${qs(q)}`), placeholderData: keepPreviousData });
}

export const dailyXlsxHref = (day: string, lang: string) => `${BASE}/daily.xlsx${qs({ day, lang })}`;
/** 客户投诉管理表 (tool 34) of the complaints received in a period */
export const trackingXlsxHref = (from: string, to: string, lang: string) => `/api/v1/complaints/export.xlsx${qs({ from, to, lang })}`;
