// Pure helpers of the complaint report pages: how the time left reads, the label of a history event, and the
// ECharts options of the Pareto chart (bars descending, cumulative % on the right axis, the 80 % line).
import type { TParetoRow } from '@kehu/shared';

type T = (key: string, opts?: Record<string, unknown>) => string;

/** 剩余时限 / 是否超时: "剩余 12小时", "已超时 3天", "按时解决" … */
export function timingLabel(l: { remainingHours: number | null; overdue: boolean; resolveDue: string | null }, t: T): string {
  if (!l.resolveDue) return '';
  if (l.remainingHours === null) return t(l.overdue ? 'complaints.reports.daily.resolvedLate' : 'complaints.reports.daily.resolvedOnTime');
  const h = Math.abs(l.remainingHours);
  const span = h >= 48 ? t('complaints.reports.daily.days', { n: Math.round(h / 24) }) : t('complaints.reports.daily.hours', { n: h });
  return t(l.overdue ? 'complaints.reports.daily.overdueBy' : 'complaints.reports.daily.remaining', { t: span });
}

/** A history event's name: a transition (complaints.main.actions) or another entry (complaints.main.event); else its code. */
export function eventLabel(action: string, t: T, exists: (key: string) => boolean): string {
  for (const key of [`complaints.main.actions.${action}`, `complaints.main.event.${action}`]) if (exists(key)) return t(key);
  return action;
}

const pct = (v: number) => Math.round(v * 1000) / 10;

export function paretoOption(rows: TParetoRow[], label: (key: string | null) => string, names: { count: string; cumulative: string }) {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 50, right: 50, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: rows.map((r) => label(r.key)), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: names.count, minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: names.count, type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1668dc' } },
      {
        name: names.cumulative,
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => pct(r.cumulative)),
        itemStyle: { color: '#fa541c' },
        label: { show: true, formatter: '{c}%', fontSize: 10 },
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#999' }, data: [{ yAxis: 80 }] },
      },
    ],
  };
}
