import { describe, expect, it } from 'vitest';
import { daySheet, sheetFlags, type SheetInput, type SheetRow } from './report-daily';

// the day 2026-11-19 in Asia/Shanghai, already over
const w = { start: '2026-11-18T16:00:00.000Z', end: '2026-11-19T16:00:00.000Z', ref: '2026-11-19T16:00:00.000Z' };
const base: SheetInput = {
  id: 1,
  category: 'quality',
  productId: 7,
  departmentId: 3,
  severity: 'normal',
  level: 1,
  state: 'investigating',
  receivedAt: '2026-11-19T02:00:00.000Z',
  closedAt: null,
  visitedAt: null,
  resolvedAt: null,
  resolveDue: null,
};
const row = (over: Partial<SheetInput>) => sheetFlags({ ...base, ...over }, w) as SheetRow;

describe('sheetFlags', () => {
  it('keeps what was received, closed or open on the day, and nothing else', () => {
    expect(row({})).toMatchObject({ isNew: true, closedOnDay: false, openAtEnd: true });
    expect(row({ receivedAt: '2026-11-01T00:00:00.000Z', state: 'closed', closedAt: '2026-11-19T03:00:00.000Z', visitedAt: '2026-11-19T02:00:00.000Z' })).toMatchObject({ isNew: false, closedOnDay: true, openAtEnd: false });
    // closed only after the day ended: it was still open then
    expect(row({ receivedAt: '2026-11-01T00:00:00.000Z', state: 'closed', closedAt: '2026-11-20T03:00:00.000Z' })).toMatchObject({ isNew: false, openAtEnd: true });
    expect(sheetFlags({ ...base, receivedAt: '2026-11-01T00:00:00.000Z', state: 'closed', closedAt: '2026-11-10T00:00:00.000Z' }, w)).toBeNull();
    // received after the day
    expect(sheetFlags({ ...base, receivedAt: '2026-11-20T00:00:00.000Z' }, w)).toBeNull();
  });

  it('judges overdue, stuck and major at the end of the day', () => {
    const late = row({ resolveDue: '2026-11-19T10:00:00.000Z' });
    expect(late).toMatchObject({ overdue: true, stuck: true, major: false });
    // resolved in time: neither
    expect(row({ resolveDue: '2026-11-19T10:00:00.000Z', state: 'resolved', resolvedAt: '2026-11-19T09:00:00.000Z' })).toMatchObject({ overdue: false, stuck: false });
    // resolved late but on the day: overdue, not stuck any more
    expect(row({ resolveDue: '2026-11-19T10:00:00.000Z', state: 'resolved', resolvedAt: '2026-11-19T12:00:00.000Z' })).toMatchObject({ overdue: true, stuck: false });
    expect(row({ severity: 'critical' }).major).toBe(true);
    expect(row({ level: 2 }).major).toBe(true);
  });
});

describe('daySheet', () => {
  it('groups the figures and orders and cuts the lists', () => {
    const rows = [
      row({ id: 1, receivedAt: '2026-11-19T01:00:00.000Z' }),
      row({ id: 2, receivedAt: '2026-11-19T05:00:00.000Z', productId: null, level: 3 }),
      row({ id: 3, receivedAt: '2026-11-01T00:00:00.000Z', resolveDue: '2026-11-10T00:00:00.000Z', severity: 'critical' }),
      row({ id: 4, receivedAt: '2026-11-02T00:00:00.000Z', state: 'closed', closedAt: '2026-11-19T08:00:00.000Z', resolveDue: '2026-11-05T00:00:00.000Z' }),
      row({ id: 5, receivedAt: '2026-11-19T05:00:00.000Z', resolveDue: '2026-11-19T06:00:00.000Z' }),
    ];
    const s = daySheet(rows, { lines: 4, list: 1 });
    // new ones first (newest first, then the higher id), then the day's closures, then the carried-over ones
    expect(s.lines.map((r) => r.id)).toEqual([5, 2, 1, 4]);
    expect(s.major.map((r) => r.id)).toEqual([2]);
    expect(s.majorCount).toBe(2);
    expect(s.stuck.map((r) => r.id)).toEqual([3]);
    expect(s.stuckCount).toBe(2);
    const g = s.groups.find((x) => x.productId === 7)!;
    expect(g).toEqual({ category: 'quality', productId: 7, departmentId: 3, lines: 4, new: 2, closed: 1, open: 3, overdue: 3 });
    expect(s.groups.find((x) => x.productId === null)).toMatchObject({ lines: 1, new: 1, open: 1, overdue: 0 });
  });
});
