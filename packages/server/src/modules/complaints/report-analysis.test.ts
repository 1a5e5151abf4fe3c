// The analysis' pure parts: the Pareto order with cumulative shares, and the KPIs folded from grouped rows.
import { describe, expect, it } from 'vitest';
import { foldAnalysis, pareto, periodsOf, type PeriodRow } from './report-analysis';

describe('pareto', () => {
  it('sorts descending with share and cumulative share', () => {
    const rows = pareto([
      ['price', 10],
      ['quality', 50],
      ['delivery', 30],
      ['other', 10],
    ]);
    expect(rows.map((r) => [r.key, r.count, r.share, r.cumulative])).toEqual([
      ['quality', 50, 0.5, 0.5],
      ['delivery', 30, 0.3, 0.8],
      ['other', 10, 0.1, 0.9],
      ['price', 10, 0.1, 1],
    ]);
  });
  it('puts "not set" after equal counts, drops zeros, and is empty without data', () => {
    expect(pareto([[null, 2], ['a', 2], ['b', 0]]).map((r) => r.key)).toEqual(['a', null]);
    expect(pareto([])).toEqual([]);
  });
});

const row = (period: string, f: Partial<PeriodRow>): PeriodRow => ({
  period,
  count: 0,
  closed: 0,
  overdue: 0,
  escalated: 0,
  reopened: 0,
  replyHours: 0,
  replied: 0,
  resolveHours: 0,
  resolved: 0,
  satisfied: 0,
  basic: 0,
  dissatisfied: 0,
  ratingSum: 0,
  rated: 0,
  valid: 0,
  invalid: 0,
  categories: [],
  causes: [],
  ...f,
});

describe('foldAnalysis', () => {
  const a = foldAnalysis([
    row('2026-10', {
      count: 6, closed: 4, overdue: 1, escalated: 2, reopened: 1, replyHours: 12, replied: 6, resolveHours: 100, resolved: 4, satisfied: 3, basic: 1, ratingSum: 17, rated: 4, valid: 5, invalid: 1,
      categories: [['quality', 6], ['delivery', 0]],
      causes: [['product_defect', 6]],
    }),
    row('2026-11', {
      count: 4, closed: 2, overdue: 1, replyHours: 4, replied: 1, dissatisfied: 1, resolveHours: 20, resolved: 2, valid: 2, ratingSum: 2, rated: 1,
      categories: [['quality', 2], ['delivery', 2]],
      causes: [['service_failure', 4]],
    }),
  ]);
  it('gives the period KPIs as means and shares', () => {
    expect(a.kpis).toEqual({
      total: 10,
      closed: 6,
      overdue: 2,
      meanReplyHours: 2.3, // 16 h over 7 replies
      meanResolveHours: 20, // 120 h over 6 resolutions
      escalationRate: 0.2,
      reopenRate: 0.1,
      overdueRate: 0.2,
      satisfaction: { satisfied: 3, basic: 1, dissatisfied: 1, unconfirmed: 5, meanRating: 3.8, rated: 5 },
      validity: { valid: 7, invalid: 1, unjudged: 2 },
    });
  });
  it('gives both Paretos and the trend in period order', () => {
    expect(a.paretoCategory.map((r) => [r.key, r.count, r.cumulative])).toEqual([
      ['quality', 8, 0.8],
      ['delivery', 2, 1],
    ]);
    expect(a.paretoCause.map((r) => [r.key, r.count])).toEqual([
      ['product_defect', 6],
      ['service_failure', 4],
    ]);
    expect(a.trend).toEqual([
      { period: '2026-10', count: 6, closed: 4, overdue: 1, escalated: 2 },
      { period: '2026-11', count: 4, closed: 2, overdue: 1, escalated: 0 },
    ]);
  });
  it('has no means without data', () => {
    const e = foldAnalysis([]);
    expect(e.kpis.meanReplyHours).toBeNull();
    expect(e.kpis.escalationRate).toBeNull();
    expect(e.kpis.satisfaction.meanRating).toBeNull();
  });
});

describe('periodsOf', () => {
  it('cuts the request into calendar months, the first and last partial', () => {
    expect(periodsOf('2025-11-23', '2026-01-10', 'month')).toEqual([
      { label: '2025-11', start: '2025-11-23', end: '2025-12-01' },
      { label: '2025-12', start: '2025-12-01', end: '2026-01-01' },
      { label: '2026-01', start: '2026-01-01', end: '2026-01-11' },
    ]);
  });
  it('cuts it into weeks labelled by their Monday', () => {
    // 2026-11-18 is a Wednesday, 2026-11-30 a Monday
    expect(periodsOf('2026-11-18', '2026-11-30', 'week')).toEqual([
      { label: '2026-11-16', start: '2026-11-18', end: '2026-11-23' },
      { label: '2026-11-23', start: '2026-11-23', end: '2026-11-30' },
      { label: '2026-11-30', start: '2026-11-30', end: '2026-12-01' },
    ]);
    expect(periodsOf('2026-11-22', '2026-11-22', 'week')).toEqual([{ label: '2026-11-16', start: '2026-11-22', end: '2026-11-23' }]);
  });
  it('covers three years of weeks without a gap', () => {
    const p = periodsOf('2024-01-01', '2026-12-31', 'week');
    expect(p[0]!.start).toBe('2024-01-01');
    expect(p[p.length - 1]!.end).toBe('2027-01-01');
    for (let i = 1; i < p.length; i++) expect(p[i]!.start).toBe(p[i - 1]!.end);
  });
});
