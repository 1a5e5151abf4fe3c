// The daily report's pure parts: the summary from the grouped counts, the time left per line, the day's events.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { dailySummary, dayWindow, lineTiming, summariseEvents, type DayGroupRow } from './report-daily';
import { dailyRunUtc } from './reports-routes';

const g = (category: string | null, productId: number | null, departmentId: number | null, f: Partial<DayGroupRow>): DayGroupRow => ({
  category,
  productId,
  departmentId,
  lines: 0,
  new: 0,
  closed: 0,
  open: 0,
  overdue: 0,
  ...f,
});

describe('dailySummary', () => {
  const rows = [
    g('quality', 1, 10, { lines: 3, new: 2, closed: 1, open: 2, overdue: 1 }),
    g('quality', 2, 10, { lines: 1, new: 1, closed: 0, open: 1, overdue: 0 }),
    g('delivery', 1, 11, { lines: 4, new: 0, closed: 2, open: 2, overdue: 2 }),
    g(null, null, null, { lines: 5, new: 5, closed: 0, open: 5, overdue: 0 }),
  ];
  const names = { products: new Map([[1, '空调 KFR-35'], [2, '洗衣机']]), departments: new Map([[10, '客服部']]) };
  const s = dailySummary(rows, names);

  it('adds up the day', () => {
    expect({ lines: s.lines, new: s.new, closed: s.closed, open: s.open, overdue: s.overdue }).toEqual({ lines: 13, new: 8, closed: 3, open: 10, overdue: 3 });
  });

  it('breaks the day down by category, most lines first and "not set" last', () => {
    expect(s.byCategory.map((b) => [b.key, b.lines, b.new, b.closed, b.open, b.overdue])).toEqual([
      ['quality', 4, 3, 1, 3, 1],
      ['delivery', 4, 0, 2, 2, 2],
      [null, 5, 5, 0, 5, 0],
    ]);
  });

  it('names products and departments, and leaves unknown ones unnamed', () => {
    expect(s.byProduct.map((b) => [b.key, b.name, b.lines])).toEqual([
      [1, '空调 KFR-35', 7],
      [2, '洗衣机', 1],
      [null, null, 5],
    ]);
    expect(s.byDepartment.map((b) => [b.key, b.name, b.lines])).toEqual([
      [10, '客服部', 4], // as many lines as 11, more of them open
      [11, null, 4],
      [null, null, 5],
    ]);
  });

  it('is all zeros for an empty day', () => {
    const e = dailySummary([], { products: new Map(), departments: new Map() });
    expect(e).toEqual({ lines: 0, new: 0, closed: 0, open: 0, overdue: 0, byCategory: [], byProduct: [], byDepartment: [] });
  });
});

describe('lineTiming', () => {
  const ref = new Date('2026-11-22T16:00:00Z');
  it('has nothing to say without a deadline', () => {
    expect(lineTiming(null, null, ref)).toEqual({ remainingHours: null, overdue: false });
  });
  it('counts down while the complaint is unresolved', () => {
    expect(lineTiming('2026-11-23T04:30:00Z', null, ref)).toEqual({ remainingHours: 12.5, overdue: false });
    expect(lineTiming('2026-11-22T10:00:00Z', null, ref)).toEqual({ remainingHours: -6, overdue: true });
  });
  it('stops when resolved: on time or late', () => {
    expect(lineTiming('2026-11-22T10:00:00Z', '2026-11-22T09:00:00Z', ref)).toEqual({ remainingHours: null, overdue: false });
    expect(lineTiming('2026-11-22T10:00:00Z', '2026-11-22T11:00:00Z', ref)).toEqual({ remainingHours: null, overdue: true });
  });
  it('ignores a resolution after the reference time', () => {
    expect(lineTiming('2026-11-22T10:00:00Z', '2026-11-23T01:00:00Z', ref)).toEqual({ remainingHours: -6, overdue: true });
  });
});

describe('summariseEvents', () => {
  const ev = (at: string, action: string, note: string | null = null) => ({ at, action, toState: null, note });
  it('keeps the first events of the day in time order and counts the rest', () => {
    const events = [ev('2026-11-22T05:00:00Z', 'reply'), ev('2026-11-22T01:00:00Z', 'create'), ...Array.from({ length: 7 }, (_, i) => ev(`2026-11-22T0${6 + (i % 3)}:0${i}:00Z`, 'update'))];
    const s = summariseEvents(events);
    expect(s.events).toHaveLength(6);
    expect(s.events[0]!.action).toBe('create');
    expect(s.events[1]!.action).toBe('reply');
    expect(s.more).toBe(3);
  });
  it('shortens long notes', () => {
    const s = summariseEvents([ev('2026-11-22T01:00:00Z', 'note', '很'.repeat(300))]);
    expect(s.events[0]!.note).toHaveLength(120);
    expect(s.events[0]!.note!.endsWith('…')).toBe(true);
    expect(s.more).toBe(0);
  });
});

describe('dayWindow', () => {
  const tz = 'Asia/Shanghai';
  const now = new Date('2026-11-23T02:00:00Z'); // 10:00 on 23 November in Beijing
  it('runs from local midnight to local midnight; a past day is judged at its end', () => {
    expect(dayWindow('2026-11-22', tz, now)).toEqual({
      day: '2026-11-22',
      start: '2026-11-21T16:00:00.000Z',
      end: '2026-11-22T16:00:00.000Z',
      ref: '2026-11-22T16:00:00.000Z',
      past: true,
    });
  });
  it('judges today as of now', () => {
    const w = dayWindow('2026-11-23', tz, now);
    expect(w.past).toBe(false);
    expect(w.ref).toBe(now.toISOString());
  });
  it('refuses a day to come and a date that does not exist', () => {
    const key = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof AppError ? [e.status, e.fieldErrors.map((x) => x.key)] : e;
      }
      return 'no error';
    };
    expect(key(() => dayWindow('2026-11-24', tz, now))).toEqual([400, ['report_day_future']]);
    expect(key(() => dayWindow('2026-02-30', tz, now))).toEqual([400, ['invalid_date']]);
  });
});

describe('the morning run', () => {
  it('is at 07:00 Beijing time, 23:00 UTC', () => {
    expect(dailyRunUtc('Asia/Shanghai', new Date('2026-11-23T02:00:00Z'))).toEqual({ hour: 23, minute: 0 });
    expect(dailyRunUtc('UTC', new Date('2026-11-23T02:00:00Z'))).toEqual({ hour: 7, minute: 0 });
  });
});
