import { describe, expect, it } from 'vitest';
import { eventLabel, paretoOption, timingLabel } from './report-format';
import { zh } from '../i18n/reports';

// a tiny t() over the reports texts, enough to read the results
const t = (key: string, opts: Record<string, unknown> = {}) => {
  const path = key.replace('complaints.reports.', '').split('.');
  let v: unknown = zh;
  for (const p of path) v = (v as Record<string, unknown>)?.[p];
  return String(v ?? key).replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(opts[k]));
};

describe('timingLabel', () => {
  const due = '2026-11-23T02:00:00Z';
  it('reads the time left and the time overdue, in days from 48 hours', () => {
    expect(timingLabel({ remainingHours: 12.5, overdue: false, resolveDue: due }, t)).toBe('剩余 12.5小时');
    expect(timingLabel({ remainingHours: -72, overdue: true, resolveDue: due }, t)).toBe('已超时 3天');
  });
  it('says how a resolved complaint ended, and nothing without a deadline', () => {
    expect(timingLabel({ remainingHours: null, overdue: true, resolveDue: due }, t)).toBe('超时解决');
    expect(timingLabel({ remainingHours: null, overdue: false, resolveDue: due }, t)).toBe('按时解决');
    expect(timingLabel({ remainingHours: null, overdue: false, resolveDue: null }, t)).toBe('');
  });
});

describe('eventLabel', () => {
  it('takes the transition name, then the other history names, else the code', () => {
    const known = new Set(['complaints.main.actions.close', 'complaints.main.event.reply']);
    const tt = (k: string) => `[${k}]`;
    expect(eventLabel('close', tt, (k) => known.has(k))).toBe('[complaints.main.actions.close]');
    expect(eventLabel('reply', tt, (k) => known.has(k))).toBe('[complaints.main.event.reply]');
    expect(eventLabel('sla_breach', tt, (k) => known.has(k))).toBe('sla_breach');
  });
});

describe('paretoOption', () => {
  it('draws the counts as bars and the cumulative share in percent on the right axis', () => {
    const o = paretoOption(
      [
        { key: 'quality', count: 5, share: 0.5556, cumulative: 0.5556 },
        { key: null, count: 4, share: 0.4444, cumulative: 1 },
      ],
      (k) => k ?? '（未分类）',
      { count: '件数', cumulative: '累计占比' },
    );
    expect(o.xAxis.data).toEqual(['quality', '（未分类）']);
    expect(o.series[0]!.data).toEqual([5, 4]);
    expect(o.series[1]!.data).toEqual([55.6, 100]);
    expect(o.series[1]!.yAxisIndex).toBe(1);
  });
});
