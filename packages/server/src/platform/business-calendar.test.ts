import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, deadline, isWorkingDay, workingMinutesBetween, type WorkCalendar } from './business-calendar';

// 08:30–12:00 and 13:00–17:30: 8 working hours a day
const periods = [
  { start: 510, end: 720 },
  { start: 780, end: 1050 },
];
const DAY = 480;

// part of the 2026 arrangement of the State Council (enough for the cases below)
const exceptions = new Map<string, 'holiday' | 'workday'>([
  ['2026-01-01', 'holiday'],
  ['2026-01-02', 'holiday'],
  ['2026-01-03', 'holiday'],
  ['2026-01-04', 'workday'],
  ['2026-02-14', 'workday'],
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => [`2026-02-${d}`, 'holiday'] as [string, 'holiday']),
  ['2026-02-28', 'workday'],
  ['2026-09-20', 'workday'],
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'holiday'] as [string, 'holiday']),
  ['2026-10-10', 'workday'],
]);
const cal: WorkCalendar = { timeZone: 'Asia/Shanghai', periods, exceptions };
const plain: WorkCalendar = { timeZone: 'Asia/Shanghai', periods, exceptions: new Map() };

/** a Shanghai wall-clock time 'YYYY-MM-DD HH:MM' as an instant */
const sh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const add = (start: string, minutes: number, c = cal) => addWorkingMinutes(sh(start), minutes, c);

describe('isWorkingDay', () => {
  it('Monday to Friday work, weekends are off', () => {
    expect(isWorkingDay('2026-11-23', cal)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-27', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', cal)).toBe(false); // Sunday
  });
  it('public holidays are off, 调休 weekend days are on', () => {
    expect(isWorkingDay('2026-10-01', cal)).toBe(false); // Thursday, 国庆
    expect(isWorkingDay('2026-02-23', cal)).toBe(false); // Monday, 春节
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2026-01-04', cal)).toBe(true); // Sunday, 调休
  });
  it('rejects what is not a date', () => {
    expect(() => isWorkingDay('23.11.2026', cal)).toThrow(RangeError);
  });
});

describe('addWorkingMinutes', () => {
  it('inside a working period', () => {
    expect(add('2026-11-23 09:00', 60)).toEqual(sh('2026-11-23 10:00'));
  });
  it('0 minutes is the start itself, even outside working hours', () => {
    expect(add('2026-11-23 09:17', 0)).toEqual(sh('2026-11-23 09:17'));
    expect(add('2026-11-28 03:00', 0)).toEqual(sh('2026-11-28 03:00'));
  });
  it('a start before hours counts from the opening', () => {
    expect(add('2026-11-23 07:00', 30)).toEqual(sh('2026-11-23 09:00'));
    expect(add('2026-11-23 00:00', 30)).toEqual(sh('2026-11-23 09:00'));
  });
  it('a start after hours counts from the next morning', () => {
    expect(add('2026-11-23 20:00', 60)).toEqual(sh('2026-11-24 09:30'));
    expect(add('2026-11-23 17:30', 60)).toEqual(sh('2026-11-24 09:30'));
    expect(add('2026-11-23 23:59', 1)).toEqual(sh('2026-11-24 08:31'));
  });
  it('lunch does not count', () => {
    expect(add('2026-11-23 12:30', 30)).toEqual(sh('2026-11-23 13:30'));
    expect(add('2026-11-23 11:30', 60)).toEqual(sh('2026-11-23 13:30'));
    expect(add('2026-11-23 12:00', 1)).toEqual(sh('2026-11-23 13:01'));
  });
  it('a target used up at the end of a period falls due then, not at the next opening', () => {
    expect(add('2026-11-23 08:30', 210)).toEqual(sh('2026-11-23 12:00'));
    expect(add('2026-11-23 08:30', DAY)).toEqual(sh('2026-11-23 17:30'));
    expect(add('2026-11-23 17:30', DAY)).toEqual(sh('2026-11-24 17:30'));
  });
  it('skips the weekend', () => {
    expect(add('2026-11-27 17:00', 60)).toEqual(sh('2026-11-30 09:00'));
    expect(add('2026-11-28 10:00', 60)).toEqual(sh('2026-11-30 09:30'));
    expect(add('2026-11-29 23:00', 120)).toEqual(sh('2026-11-30 10:30'));
  });
  it('multi-day targets', () => {
    expect(add('2026-11-23 09:00', 3 * DAY)).toEqual(sh('2026-11-26 09:00'));
    // 3 working days from Thursday afternoon: Fri, Mon, Tue
    expect(add('2026-11-26 14:00', 3 * DAY)).toEqual(sh('2026-12-01 14:00'));
    // 7 working days from a Wednesday
    expect(add('2026-11-25 10:00', 7 * DAY)).toEqual(sh('2026-12-04 10:00'));
    // 25 working days = five whole weeks
    expect(add('2026-11-23 08:30', 25 * DAY)).toEqual(sh('2026-12-25 17:30'));
  });
  it('public holidays are skipped (国庆 1–7 Oct)', () => {
    expect(add('2026-09-30 17:00', 60)).toEqual(sh('2026-10-08 09:00'));
    // Sep 28, 29, 30, Oct 8, 9, 10 (调休 Saturday), 12, 13, 14, 15
    expect(add('2026-09-28 08:30', 10 * DAY)).toEqual(sh('2026-10-15 17:30'));
  });
  it('调休 make-up days count: Saturday 10 Oct, Sunday 20 Sep', () => {
    expect(add('2026-10-09 17:00', 60)).toEqual(sh('2026-10-10 09:00'));
    expect(add('2026-09-19 10:00', 60)).toEqual(sh('2026-09-20 09:30'));
  });
  it('春节: Saturday 14 Feb works, 15–23 Feb off', () => {
    expect(add('2026-02-13 17:00', 60)).toEqual(sh('2026-02-14 09:00'));
    expect(add('2026-02-14 17:00', 60)).toEqual(sh('2026-02-24 09:00'));
    // 元旦: Dec 31 evening → 1–3 Jan off → Sunday 4 Jan is a working day
    expect(add('2025-12-31 18:00', 30)).toEqual(sh('2026-01-04 09:00'));
  });
  it('takes and returns UTC instants (Asia/Shanghai is UTC+8)', () => {
    // 00:30Z is 08:30 in Shanghai
    expect(addWorkingMinutes(new Date('2026-11-23T00:30:00Z'), 120, cal).toISOString()).toBe('2026-11-23T02:30:00.000Z');
    // 22:00Z on Sunday 22 Nov is 06:00 Monday in Shanghai: Monday counts, not Sunday
    expect(addWorkingMinutes(new Date('2026-11-22T22:00:00Z'), 60, cal).toISOString()).toBe('2026-11-23T01:30:00.000Z');
    // 10:00Z on Friday is 18:00 local, after hours
    expect(addWorkingMinutes(new Date('2026-11-27T10:00:00Z'), 30, cal).toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });
  it('keeps seconds', () => {
    expect(addWorkingMinutes(new Date('2026-11-23T01:00:30Z'), 1, cal).toISOString()).toBe('2026-11-23T01:01:30.000Z');
  });
  it('follows daylight saving time in a zone that has it', () => {
    const berlin: WorkCalendar = { timeZone: 'Europe/Berlin', periods, exceptions: new Map() };
    // Friday 23 Oct 2026 17:00 CEST (15:00Z) + 60 → Monday 26 Oct 09:00 CET (08:00Z), after the change
    expect(addWorkingMinutes(new Date('2026-10-23T15:00:00Z'), 60, berlin).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(workingMinutesBetween(new Date('2026-10-23T15:00:00Z'), new Date('2026-10-26T08:00:00Z'), berlin)).toBe(60);
  });
  it('rejects negative and non-finite targets and impossible periods', () => {
    expect(() => add('2026-11-23 09:00', -1)).toThrow(RangeError);
    expect(() => add('2026-11-23 09:00', Number.NaN)).toThrow(RangeError);
    const bad = (p: { start: number; end: number }[]) => () => addWorkingMinutes(sh('2026-11-23 09:00'), 10, { ...cal, periods: p });
    expect(bad([])).toThrow(RangeError);
    expect(bad([{ start: 600, end: 500 }])).toThrow(RangeError);
    expect(bad([{ start: 500, end: 700 }, { start: 650, end: 800 }])).toThrow(RangeError);
    expect(bad([{ start: 500, end: 1500 }])).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  const between = (a: string, b: string, c = cal) => workingMinutesBetween(sh(a), sh(b), c);
  it('same day, across lunch and outside hours', () => {
    expect(between('2026-11-23 09:00', '2026-11-23 10:00')).toBe(60);
    expect(between('2026-11-23 11:00', '2026-11-23 14:00')).toBe(120);
    expect(between('2026-11-23 06:00', '2026-11-23 22:00')).toBe(DAY);
    expect(between('2026-11-23 12:10', '2026-11-23 12:50')).toBe(0);
  });
  it('across nights, weekends and holidays', () => {
    expect(between('2026-11-23 17:00', '2026-11-24 09:00')).toBe(60);
    expect(between('2026-11-27 17:00', '2026-11-30 09:00')).toBe(60);
    expect(between('2026-11-28 00:00', '2026-11-29 23:59')).toBe(0);
    expect(between('2026-09-30 17:00', '2026-10-08 09:00')).toBe(60);
    expect(between('2026-09-28 08:30', '2026-10-15 17:30')).toBe(10 * DAY);
    // 13 Feb, 14 Feb (调休 Saturday), then 24–27 Feb after 春节
    expect(between('2026-02-13 08:30', '2026-02-27 17:30')).toBe(6 * DAY);
  });
  it('counts a long span arithmetically', () => {
    // all of 2026 without exceptions: 261 weekdays
    expect(between('2026-01-01 00:00', '2027-01-01 00:00', plain)).toBe(261 * DAY);
    // with the exceptions: minus holidays on weekdays, plus make-up days on weekends
    const holidaysOnWeekdays = [...exceptions].filter(([d, k]) => k === 'holiday' && ![0, 6].includes(new Date(d).getUTCDay())).length;
    const workdaysOnWeekends = [...exceptions].filter(([d, k]) => k === 'workday' && [0, 6].includes(new Date(d).getUTCDay())).length;
    expect(between('2026-01-01 00:00', '2027-01-01 00:00')).toBe((261 - holidaysOnWeekdays + workdaysOnWeekends) * DAY);
  });
  it('is negative when the end is before the start', () => {
    expect(between('2026-11-24 09:00', '2026-11-23 17:00')).toBe(-60);
  });
  it('is fractional for instants between whole minutes', () => {
    expect(workingMinutesBetween(new Date('2026-11-23T01:00:00Z'), new Date('2026-11-23T01:00:30Z'), cal)).toBe(0.5);
  });
});

describe('workingMinutesBetween and addWorkingMinutes agree', () => {
  // a deterministic pseudo-random sequence, so a failure can be reproduced
  let seed = 20261122;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const from = sh('2025-12-20 00:00').getTime();
  const span = sh('2026-12-31 00:00').getTime() - from;

  it('workingMinutesBetween(start, addWorkingMinutes(start, m)) === m for many random starts', () => {
    for (let i = 0; i < 3000; i++) {
      const start = new Date(from + Math.floor(rand() * span));
      const m = i % 10 === 0 ? Math.floor(rand() * 20000) : Math.floor(rand() * 1500);
      const end = addWorkingMinutes(start, m, cal);
      expect(workingMinutesBetween(start, end, cal)).toBe(m);
      expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
      // the earliest such instant: a minute less is not enough
      if (m > 0) expect(workingMinutesBetween(start, new Date(end.getTime() - 60_000), cal)).toBeLessThan(m);
    }
  });

  it('matches a minute-by-minute count on Shanghai wall-clock time', () => {
    const offset = 8 * 3600_000;
    const workingMinute = (t: number) => {
      const local = new Date(t + offset);
      const day = local.toISOString().slice(0, 10);
      const kind = exceptions.get(day);
      const wd = local.getUTCDay();
      const isWorking = kind ? kind === 'workday' : wd !== 0 && wd !== 6;
      const m = local.getUTCHours() * 60 + local.getUTCMinutes();
      return isWorking && periods.some((p) => m >= p.start && m < p.end);
    };
    for (let i = 0; i < 200; i++) {
      const start = from + Math.floor((rand() * span) / 60_000) * 60_000;
      const m = Math.floor(rand() * (i % 10 === 0 ? 20000 : 3000));
      let t = start;
      let left = m;
      while (left > 0) {
        if (workingMinute(t)) left--;
        t += 60_000;
      }
      expect(addWorkingMinutes(new Date(start), m, cal).getTime()).toBe(t);
    }
  });
});

describe('deadline', () => {
  const biz = { businessHours: true, cal };
  const wall = { businessHours: false, cal };

  it('business-hours mode is addWorkingMinutes', () => {
    // 90 minutes on Friday, 30 on Monday
    expect(deadline(sh('2026-11-27 16:00'), 120, biz)).toEqual(sh('2026-11-30 09:00'));
  });
  it('calendar-time mode ignores hours, weekends and holidays', () => {
    expect(deadline(sh('2026-11-27 16:00'), 24 * 60, wall)).toEqual(sh('2026-11-28 16:00'));
    expect(deadline(sh('2026-09-30 20:00'), 72 * 60, wall)).toEqual(sh('2026-10-03 20:00'));
  });
  it('0 minutes is due at the start', () => {
    expect(deadline(sh('2026-11-28 03:00'), 0, biz)).toEqual(sh('2026-11-28 03:00'));
    expect(deadline(sh('2026-11-28 03:00'), 0, wall)).toEqual(sh('2026-11-28 03:00'));
  });
  it('a closed pause in working hours moves the deadline by its working time', () => {
    const pauses = [{ from: sh('2026-11-23 10:00'), to: sh('2026-11-23 11:00') }];
    expect(deadline(sh('2026-11-23 09:00'), 120, { ...biz, pauses })).toEqual(sh('2026-11-23 12:00'));
    // a pause over lunch only costs its working part (11:30–12:00 and 13:00–13:30)
    const lunch = [{ from: sh('2026-11-23 11:30'), to: sh('2026-11-23 13:30') }];
    expect(deadline(sh('2026-11-23 09:00'), 240, { ...biz, pauses: lunch })).toEqual(sh('2026-11-23 15:00'));
  });
  it('a pause outside working hours changes nothing in business-hours mode', () => {
    const pauses = [{ from: sh('2026-11-23 18:00'), to: sh('2026-11-24 08:00') }];
    expect(deadline(sh('2026-11-23 17:00'), 120, { ...biz, pauses })).toEqual(deadline(sh('2026-11-23 17:00'), 120, biz));
    expect(deadline(sh('2026-11-23 17:00'), 120, { ...biz, pauses })).toEqual(sh('2026-11-24 10:00'));
  });
  it('a pause in calendar-time mode moves the deadline by its full length', () => {
    const pauses = [{ from: sh('2026-11-23 18:00'), to: sh('2026-11-24 08:00') }];
    expect(deadline(sh('2026-11-23 17:00'), 24 * 60, { ...wall, pauses })).toEqual(sh('2026-11-25 07:00'));
  });
  it('a pause after the due time does not matter, even while open', () => {
    const pauses = [{ from: sh('2026-11-23 15:00'), to: null }];
    expect(deadline(sh('2026-11-23 09:00'), 60, { ...biz, pauses })).toEqual(sh('2026-11-23 10:00'));
    // starting exactly at the due time: already due
    expect(deadline(sh('2026-11-23 09:00'), 60, { ...biz, pauses: [{ from: sh('2026-11-23 10:00'), to: null }] })).toEqual(
      sh('2026-11-23 10:00'),
    );
  });
  it('an open pause that began before the due time stops the clock: null', () => {
    const pauses = [{ from: sh('2026-11-23 09:30'), to: null }];
    expect(deadline(sh('2026-11-23 09:00'), 60, { ...biz, pauses })).toBeNull();
    expect(deadline(sh('2026-11-23 09:00'), 60, { ...wall, pauses })).toBeNull();
  });
  it('an open pause whose working part starts after the due time: the clock stopped in the night still counts as stopped', () => {
    // paused at 20:00 (after hours) with 30 working minutes left: due is not reached before the pause → null
    const pauses = [{ from: sh('2026-11-23 20:00'), to: null }];
    expect(deadline(sh('2026-11-23 17:00'), 60, { ...biz, pauses })).toBeNull();
  });
  it('overlapping and unsorted pauses are merged', () => {
    const pauses = [
      { from: sh('2026-11-23 10:30'), to: sh('2026-11-23 11:00') },
      { from: sh('2026-11-23 10:00'), to: sh('2026-11-23 10:45') },
      { from: sh('2026-11-23 14:00'), to: sh('2026-11-23 14:30') },
    ];
    // 09:00 + 180 working min; paused 10:00–11:00 (60) and 14:00–14:30 (30): 09:00–10:00 (60), 11:00–12:00 (60),
    // 13:00–14:00 (60) → due at 14:00 before the second pause begins
    expect(deadline(sh('2026-11-23 09:00'), 180, { ...biz, pauses })).toEqual(sh('2026-11-23 14:00'));
    expect(deadline(sh('2026-11-23 09:00'), 200, { ...biz, pauses })).toEqual(sh('2026-11-23 14:50'));
  });
  it('a pause that began before the start counts only from the start', () => {
    const pauses = [{ from: sh('2026-11-23 08:00'), to: sh('2026-11-23 10:00') }];
    expect(deadline(sh('2026-11-23 09:00'), 60, { ...biz, pauses })).toEqual(sh('2026-11-23 11:00'));
    const before = [{ from: sh('2026-11-22 08:00'), to: sh('2026-11-23 08:00') }];
    expect(deadline(sh('2026-11-23 09:00'), 60, { ...biz, pauses: before })).toEqual(sh('2026-11-23 10:00'));
  });
  it('a pause across a holiday week costs only working time', () => {
    const pauses = [{ from: sh('2026-09-30 16:30'), to: sh('2026-10-08 09:30') }];
    // 2 working hours from 30 Sep 15:30: one hour before the pause, one after it
    expect(deadline(sh('2026-09-30 15:30'), 120, { ...biz, pauses })).toEqual(sh('2026-10-08 10:30'));
  });
  it('is fast: 100,000 multi-day deadlines in well under a second', () => {
    const t0 = performance.now();
    const start = sh('2026-09-25 10:17').getTime();
    let last = 0;
    for (let i = 0; i < 100_000; i++) {
      last = deadline(new Date(start + i * 37_000), 3 * DAY + (i % 500), biz)!.getTime();
    }
    expect(last).toBeGreaterThan(start);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
