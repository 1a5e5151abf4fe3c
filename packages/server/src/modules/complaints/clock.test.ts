import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../platform/business-calendar';
import { complaintDeadlines, complaintPriority, nextLevel, type ComplaintTargets, type ComplaintTimes } from './clock';

// 08:30–12:00 and 13:00–17:30 in Beijing; 2026-12-31 and 2027-01-01 holidays, Sunday 2027-01-03 a make-up workday
const cal: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  periods: [
    { start: 510, end: 720 },
    { start: 780, end: 1050 },
  ],
  exceptions: new Map([
    ['2026-12-31', 'holiday'],
    ['2027-01-01', 'holiday'],
    ['2027-01-03', 'workday'],
  ]),
};
const minor: ComplaintTargets = { ruleId: 1, replyMinutes: 1440, replyBusinessHours: false, resolveMinutes: 1440, resolveBusinessHours: true, warnPercent: 80 };
const t = (s: string) => new Date(s);
const base = (over: Partial<ComplaintTimes> = {}): ComplaintTimes => ({
  receivedAt: t('2026-11-23T02:00:00Z'), // Monday 10:00
  firstReplyAt: null,
  resolvedAt: null,
  escalatedAt: null,
  levelWindow: null,
  running: true,
  ...over,
});

describe('complaint deadlines', () => {
  it('counts the reply in calendar hours and the resolution in working days', () => {
    const d = complaintDeadlines(base(), minor, cal);
    expect(d.reply.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    // 3 working days of 8 h from Monday 10:00 → Thursday 10:00
    expect(d.resolve.toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(d.next).toMatchObject({ kind: 'reply' });
    // the warning at 80 % of 24 h
    expect(d.next!.warnAt.toISOString()).toBe('2026-11-23T21:12:00.000Z');
  });

  it('skips holidays and counts make-up working days', () => {
    // received Wednesday 2026-12-30 16:00; 1,440 working minutes: 90 Wed, none Thu–Sat, 480 Sun 3 Jan (make-up),
    // 480 Mon, and the last 390 on Tuesday: 08:30–12:00 and 13:00–16:00
    const d = complaintDeadlines(base({ receivedAt: t('2026-12-30T08:00:00Z') }), minor, cal);
    expect(d.resolve.toISOString()).toBe('2027-01-05T08:00:00.000Z');
  });

  it('after the first reply the resolution deadline runs; resolved or not running, nothing does', () => {
    expect(complaintDeadlines(base({ firstReplyAt: t('2026-11-23T03:00:00Z') }), minor, cal).next).toMatchObject({ kind: 'resolve' });
    expect(complaintDeadlines(base({ firstReplyAt: t('2026-11-23T03:00:00Z'), resolvedAt: t('2026-11-24T03:00:00Z') }), minor, cal).next).toBeNull();
    expect(complaintDeadlines(base({ running: false }), minor, cal).next).toBeNull();
  });

  it('an escalation answers the deadlines that had passed; the level window takes over', () => {
    const esc = t('2026-11-24T02:01:00Z'); // Tuesday 10:01, the reply deadline has passed
    const d = complaintDeadlines(base({ escalatedAt: esc, levelWindow: { minutes: 60, businessHours: true } }), minor, cal);
    expect(d.level!.toISOString()).toBe('2026-11-24T03:01:00.000Z');
    expect(d.next).toMatchObject({ kind: 'level' });
    // the reply deadline is not due again: nothing before the escalation counts
    expect(d.next!.due > esc).toBe(true);
  });

  it('never warns after the due time', () => {
    const d = complaintDeadlines(base(), { ...minor, replyMinutes: 1, warnPercent: 99 }, cal);
    expect(d.next!.warnAt.getTime()).toBeLessThanOrEqual(d.next!.due.getTime());
  });
});

describe('priority and levels', () => {
  it('orders critical before major before minor, VIP first within a severity', () => {
    expect(complaintPriority('critical', 'standard')).toBe(6);
    expect(complaintPriority('major', 'vip')).toBe(5);
    expect(complaintPriority('major', 'gold')).toBe(4);
    expect(complaintPriority('minor', 'vip')).toBe(3);
    expect(complaintPriority('minor', 'standard')).toBe(2);
  });
  it('climbs one level at a time up to 3', () => {
    expect(nextLevel(1)).toBe(2);
    expect(nextLevel(2)).toBe(3);
    expect(nextLevel(3)).toBeNull();
  });
});
