// Answers of the complaint reports: 客户投诉处理日报表 (tool 36) and the complaint analysis (Pareto, trend, KPIs).
// The queries are ZDailyReportQuery and ZAnalysisQuery in ./complaints.
import type { ComplaintState, Severity } from './complaints';

/** Counts of one day: 当日新增, 当日结案, 累计未结 (open at the end of the day), 超时数 (of the day's lines). */
export interface TDailyFigures {
  /** complaints on the day's sheet: received, closed, or open at the end of the day */
  lines: number;
  new: number;
  closed: number;
  open: number;
  overdue: number;
}

export interface TDailyBreakdown<K> extends TDailyFigures {
  /** null: not set (no category, no product, no department) */
  key: K | null;
  /** product or department name; categories are labelled from the complaint_category dictionary */
  name: string | null;
}

export interface TDailyEvent {
  at: string;
  action: string;
  toState: string | null;
  note: string | null;
}

export interface TDailyLine {
  id: number;
  code: string;
  customer: string;
  summary: string;
  category: string | null;
  severity: Severity;
  level: number;
  receivedAt: string;
  owner: string | null;
  department: string | null;
  /** the state at the end of the day (for a past day, from the complaint's history) */
  state: ComplaintState;
  /** received on the day / closed on the day / still open at the end of the day */
  isNew: boolean;
  closedOnDay: boolean;
  openAtEnd: boolean;
  /** 当日处理措施: the complaint's events of that day (at most a few, notes shortened) */
  events: TDailyEvent[];
  moreEvents: number;
  /** 结果: resolution, or the proposed solution, or why it is invalid */
  result: string | null;
  resolveDue: string | null;
  /** 剩余时限 in hours at the end of the day (negative: overdue by); null once resolved or without a deadline */
  remainingHours: number | null;
  overdue: boolean;
}

export interface TDailyReport {
  day: string;
  generatedAt: string;
  /** 报告人: the daily job, or the user who generated or viewed it */
  generatedBy: { kind: 'system' } | { kind: 'user'; userId: number; name: string };
  /** 部门: all complaints, or the caller's data scope */
  scope: { kind: 'all' | 'department' | 'team' | 'own'; name: string | null };
  /** true: the report stored by the daily job (or a regeneration); false: computed now */
  stored: boolean;
  /** the instant the figures are taken at: the end of the day, or now for today */
  asOf: string;
  summary: TDailyFigures & {
    byCategory: TDailyBreakdown<string>[];
    byProduct: TDailyBreakdown<number>[];
    byDepartment: TDailyBreakdown<number>[];
  };
  lines: TDailyLine[];
  /** lines beyond the cap */
  moreLines: number;
  /** 重大/升级投诉: critical severity or escalated above level 1 */
  major: TDailyLine[];
  moreMajor: number;
  /** 需协调事项: open, not resolved and past the resolution deadline */
  coordination: TDailyLine[];
  moreCoordination: number;
}

export interface TReportSubscriber {
  userId: number;
  name: string;
  username: string;
  email: boolean;
  createdAt: string;
}

export interface TParetoRow {
  key: string | null;
  count: number;
  /** share of the total, 0–1 */
  share: number;
  /** cumulative share up to and including this row, 0–1 */
  cumulative: number;
}

export interface TAnalysisKpis {
  total: number;
  closed: number;
  overdue: number;
  /** mean hours from receipt to the first reply / to resolution; null without data */
  meanReplyHours: number | null;
  meanResolveHours: number | null;
  /** shares 0–1 of the period's complaints */
  escalationRate: number | null;
  reopenRate: number | null;
  overdueRate: number | null;
  satisfaction: { satisfied: number; basic: number; dissatisfied: number; unconfirmed: number; meanRating: number | null; rated: number };
  validity: { valid: number; invalid: number; unjudged: number };
}

export interface TAnalysisBreakdownRow {
  key: string | null;
  name: string | null;
  count: number;
  closed: number;
  overdue: number;
  escalated: number;
  share: number;
}

export interface TAnalysisTrendRow {
  /** YYYY-MM for months, the Monday (YYYY-MM-DD) for weeks */
  period: string;
  count: number;
  closed: number;
  overdue: number;
  escalated: number;
}

export interface TComplaintAnalysis {
  from: string;
  to: string;
  by: 'category' | 'cause' | 'product' | 'region' | 'outlet' | 'department';
  period: 'week' | 'month';
  kpis: TAnalysisKpis;
  paretoCategory: TParetoRow[];
  paretoCause: TParetoRow[];
  trend: TAnalysisTrendRow[];
  breakdown: TAnalysisBreakdownRow[];
}
