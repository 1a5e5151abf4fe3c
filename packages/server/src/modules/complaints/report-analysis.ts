// Complaint analysis (统计分析/纠正预防, domain.md §4.3 "ANALYSED"): Pareto of categories and of root causes, the
// trend by week or month, a breakdown by product / province / outlet / department, and the handling KPIs — mean
// hours to the first reply and to resolution, escalation, reopen and overdue rates, the customer's confirmation
// and return-visit rating, valid vs invalid — over the complaints received in a period, in the caller's scope.
//
// One pass over the period's rows (range on complaints_received) grouped by (category, root cause, period)
// carries every additive sum, so both Paretos, the trend and the KPIs come from it; a second grouped pass is made
// only for a breakdown by another dimension. Names are looked up for the grouped keys afterwards, never joined.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TAnalysisBreakdownRow, TAnalysisKpis, TAnalysisQuery, TAnalysisTrendRow, TComplaintAnalysis, TParetoRow } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { invalid } from '../../platform/errors';
import { requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { regionName } from '../../platform/regions';
import { localDayStart } from '../admin/calc';
import { addDays, daysBetween, isCalendarDate } from '../service/local-date';
import { isComplaintSql, overdueSql, scopeSql } from './report-daily';

export const MAX_ANALYSIS_DAYS = 3 * 366;

// ---------------------------------------------------------------- pure

/** Counts sorted descending (ties by key, "not set" last among equals) with each row's share and cumulative share. */
export function pareto(counts: Iterable<[string | null, number]>): TParetoRow[] {
  const rows = [...counts].filter(([, c]) => c > 0);
  rows.sort(([ka, a], [kb, b]) => b - a || (ka === null ? 1 : kb === null ? -1 : ka.localeCompare(kb)));
  const total = rows.reduce((s, [, c]) => s + c, 0);
  let running = 0;
  return rows.map(([key, count]) => {
    running += count;
    return { key, count, share: ratio(count, total) ?? 0, cumulative: ratio(running, total) ?? 0 };
  });
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 10000) / 10000 : null;
}

export interface AnalysisGroupRow {
  category: string | null;
  cause: string | null;
  period: string;
  count: number;
  closed: number;
  overdue: number;
  escalated: number;
  reopened: number;
  replyHours: number;
  replied: number;
  resolveHours: number;
  resolved: number;
  satisfied: number;
  basic: number;
  dissatisfied: number;
  ratingSum: number;
  rated: number;
  valid: number;
  invalid: number;
}

/** The KPIs, both Paretos and the trend from the rows grouped by (category, cause, period). */
export function foldAnalysis(rows: AnalysisGroupRow[]): { kpis: TAnalysisKpis; paretoCategory: TParetoRow[]; paretoCause: TParetoRow[]; trend: TAnalysisTrendRow[] } {
  const sum = (f: (r: AnalysisGroupRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const total = sum((r) => r.count);
  const byKey = (f: (r: AnalysisGroupRow) => string | null) => {
    const m = new Map<string | null, number>();
    for (const r of rows) m.set(f(r), (m.get(f(r)) ?? 0) + r.count);
    return m;
  };
  const periods = new Map<string, TAnalysisTrendRow>();
  for (const r of rows) {
    const t = periods.get(r.period) ?? { period: r.period, count: 0, closed: 0, overdue: 0, escalated: 0 };
    t.count += r.count;
    t.closed += r.closed;
    t.overdue += r.overdue;
    t.escalated += r.escalated;
    periods.set(r.period, t);
  }
  const replied = sum((r) => r.replied);
  const resolved = sum((r) => r.resolved);
  const rated = sum((r) => r.rated);
  const satisfied = sum((r) => r.satisfied);
  const basic = sum((r) => r.basic);
  const dissatisfied = sum((r) => r.dissatisfied);
  const valid = sum((r) => r.valid);
  const invalidCount = sum((r) => r.invalid);
  const overdue = sum((r) => r.overdue);
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return {
    kpis: {
      total,
      closed: sum((r) => r.closed),
      overdue,
      meanReplyHours: replied ? round1(sum((r) => r.replyHours) / replied) : null,
      meanResolveHours: resolved ? round1(sum((r) => r.resolveHours) / resolved) : null,
      escalationRate: ratio(sum((r) => r.escalated), total),
      reopenRate: ratio(sum((r) => r.reopened), total),
      overdueRate: ratio(overdue, total),
      satisfaction: {
        satisfied,
        basic,
        dissatisfied,
        unconfirmed: total - satisfied - basic - dissatisfied,
        meanRating: rated ? Math.round((sum((r) => r.ratingSum) / rated) * 100) / 100 : null,
        rated,
      },
      validity: { valid, invalid: invalidCount, unjudged: total - valid - invalidCount },
    },
    paretoCategory: pareto(byKey((r) => r.category)),
    paretoCause: pareto(byKey((r) => r.cause)),
    trend: [...periods.values()].sort((a, b) => a.period.localeCompare(b.period)),
  };
}

// ---------------------------------------------------------------- SQL

function tzOffsetMinutes(timeZone: string, at: Date): number {
  const local = new Date(at.toLocaleString('en-US', { timeZone }));
  const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / 60_000);
}

/** Local month (YYYY-MM) or the Monday of the local week (YYYY-MM-DD) of the receipt; literals, for the group by. */
function periodSql(ctx: AppContext, period: 'week' | 'month', at: Date): RawBuilder<string> {
  if (ctx.dialect === 'postgres') {
    const local = sql`(c.received_at at time zone ${sql.lit(ctx.config.timezone)})`;
    return period === 'month' ? sql<string>`to_char(${local}, 'YYYY-MM')` : sql<string>`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`;
  }
  // SQLite knows no zones: the zone's offset at the start of the period (China keeps one offset all year)
  const off = tzOffsetMinutes(ctx.config.timezone, at);
  const shift = sql.lit(`${off >= 0 ? '+' : ''}${off} minutes`);
  return period === 'month' ? sql<string>`strftime('%Y-%m', c.received_at, ${shift})` : sql<string>`date(c.received_at, ${shift}, 'weekday 0', '-6 days')`;
}

function hoursSql(ctx: AppContext, from: string, to: string): RawBuilder<number> {
  const a = sql.ref(`c.${from}`);
  const b = sql.ref(`c.${to}`);
  return ctx.dialect === 'postgres' ? sql<number>`extract(epoch from (${b} - ${a})) / 3600.0` : sql<number>`(julianday(${b}) - julianday(${a})) * 24.0`;
}

const DIMENSION: Record<'product' | 'region' | 'outlet' | 'department', RawBuilder<string | number | null>> = {
  product: sql`c.product_id`,
  // the province: the first two digits of the division code
  region: sql`substr(c.region_code, 1, 2)`,
  outlet: sql`c.outlet_id`,
  department: sql`c.department_id`,
};

const n = (v: unknown) => Number(v ?? 0);

export async function complaintAnalysis(ctx: AppContext, p: Principal, q: TAnalysisQuery): Promise<TComplaintAnalysis> {
  requirePermission(p, 'complaints:report');
  if (!isCalendarDate(q.from)) throw invalid([{ path: 'from', key: 'invalid_date' }]);
  if (!isCalendarDate(q.to)) throw invalid([{ path: 'to', key: 'invalid_date' }]);
  if (q.from > q.to) throw invalid([{ path: 'from', key: 'period_reversed' }]);
  if (daysBetween(q.from, q.to) > MAX_ANALYSIS_DAYS) throw invalid([{ path: 'to', key: 'analysis_range_too_long' }]);
  const tz = ctx.config.timezone;
  const from = localDayStart(q.from, tz).toISOString();
  const to = localDayStart(addDays(q.to, 1), tz).toISOString();
  const now = ctx.clock.now().toISOString();
  const scope = scopeFilter(p, 'complaints');
  const inPeriod = () =>
    ctx.db.selectFrom('complaints as c').where('c.received_at', '>=', from).where('c.received_at', '<', to).where(isComplaintSql()).where(scopeSql(scope));
  const overdue = overdueSql(now);
  const escalated = sql<SqlBool>`(c.escalations > 0 or c.level > 1)`;
  const period = periodSql(ctx, q.period, new Date(from));

  const grouped = await inPeriod()
    .select([
      'c.category',
      'c.root_cause',
      period.as('period'),
      sql<number>`count(*)`.as('count'),
      sql<number>`sum(case when c.state = 'closed' then 1 else 0 end)`.as('closed'),
      sql<number>`sum(case when ${overdue} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when ${escalated} then 1 else 0 end)`.as('escalated'),
      sql<number>`sum(case when c.reopen_count > 0 then 1 else 0 end)`.as('reopened'),
      sql<number>`sum(${hoursSql(ctx, 'received_at', 'first_reply_at')})`.as('reply_hours'),
      sql<number>`count(c.first_reply_at)`.as('replied'),
      sql<number>`sum(${hoursSql(ctx, 'received_at', 'resolved_at')})`.as('resolve_hours'),
      sql<number>`count(c.resolved_at)`.as('resolved'),
      sql<number>`sum(case when c.confirmation = 'satisfied' then 1 else 0 end)`.as('satisfied'),
      sql<number>`sum(case when c.confirmation = 'basic' then 1 else 0 end)`.as('basic'),
      sql<number>`sum(case when c.confirmation = 'dissatisfied' then 1 else 0 end)`.as('dissatisfied'),
      sql<number>`sum(c.visit_rating)`.as('rating_sum'),
      sql<number>`count(c.visit_rating)`.as('rated'),
      sql<number>`sum(case when c.validity = 'valid' then 1 else 0 end)`.as('valid'),
      sql<number>`sum(case when c.validity = 'invalid' then 1 else 0 end)`.as('invalid'),
    ])
    .groupBy(['c.category', 'c.root_cause', period])
    .execute();
  const rows: AnalysisGroupRow[] = grouped.map((r) => ({
    category: r.category,
    cause: r.root_cause,
    period: String(r.period),
    count: n(r.count),
    closed: n(r.closed),
    overdue: n(r.overdue),
    escalated: n(r.escalated),
    reopened: n(r.reopened),
    replyHours: n(r.reply_hours),
    replied: n(r.replied),
    resolveHours: n(r.resolve_hours),
    resolved: n(r.resolved),
    satisfied: n(r.satisfied),
    basic: n(r.basic),
    dissatisfied: n(r.dissatisfied),
    ratingSum: n(r.rating_sum),
    rated: n(r.rated),
    valid: n(r.valid),
    invalid: n(r.invalid),
  }));
  const folded = foldAnalysis(rows);

  let breakdown: TAnalysisBreakdownRow[];
  if (q.by === 'category' || q.by === 'cause') {
    const m = new Map<string | null, TAnalysisBreakdownRow>();
    for (const r of rows) {
      const key = q.by === 'category' ? r.category : r.cause;
      const b = m.get(key) ?? { key, name: null, count: 0, closed: 0, overdue: 0, escalated: 0, share: 0 };
      b.count += r.count;
      b.closed += r.closed;
      b.overdue += r.overdue;
      b.escalated += r.escalated;
      m.set(key, b);
    }
    breakdown = [...m.values()];
  } else {
    const dim = DIMENSION[q.by];
    const byDim = await inPeriod()
      .select([
        dim.as('key'),
        sql<number>`count(*)`.as('count'),
        sql<number>`sum(case when c.state = 'closed' then 1 else 0 end)`.as('closed'),
        sql<number>`sum(case when ${overdue} then 1 else 0 end)`.as('overdue'),
        sql<number>`sum(case when ${escalated} then 1 else 0 end)`.as('escalated'),
      ])
      .groupBy(dim)
      .execute();
    const keyOf = (v: unknown) => (v === null || v === undefined ? null : q.by === 'region' ? `${String(v)}0000` : String(v));
    breakdown = byDim.map((r) => ({ key: keyOf(r.key), name: null, count: n(r.count), closed: n(r.closed), overdue: n(r.overdue), escalated: n(r.escalated), share: 0 }));
    await nameBreakdown(ctx, q.by, breakdown);
  }
  const total = folded.kpis.total;
  for (const b of breakdown) b.share = total ? Math.round((b.count / total) * 10000) / 10000 : 0;
  breakdown.sort((a, b) => b.count - a.count || (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key, 'en', { numeric: true })));

  return { from: q.from, to: q.to, by: q.by, period: q.period, ...folded, breakdown };
}

async function nameBreakdown(ctx: AppContext, by: 'product' | 'region' | 'outlet' | 'department', rows: TAnalysisBreakdownRow[]) {
  const ids = rows.map((r) => r.key).filter((k): k is string => k !== null);
  if (!ids.length) return;
  let names = new Map<string, string>();
  if (by === 'region') names = new Map(ids.map((k) => [k, regionName(k) ?? k]));
  else {
    const numeric = ids.map(Number).filter(Number.isFinite);
    const found =
      by === 'product'
        ? (await ctx.db.selectFrom('products').select(['id', 'name', 'model']).where('id', 'in', numeric).execute()).map((p) => [String(p.id), p.model ? `${p.name} ${p.model}` : p.name] as const)
        : by === 'outlet'
          ? (await ctx.db.selectFrom('outlets').select(['id', 'name']).where('id', 'in', numeric).execute()).map((o) => [String(o.id), o.name] as const)
          : (await ctx.db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', numeric).execute()).map((u) => [String(u.id), u.name] as const);
    names = new Map(found);
  }
  for (const r of rows) if (r.key !== null) r.name = names.get(r.key) ?? null;
}
