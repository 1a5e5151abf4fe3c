// Deadline arithmetic on a business calendar (工作日历): working periods of a working day, the Monday–Friday
// week, public holidays and 调休 make-up working days, in the calendar's own time zone. Pure functions, no I/O.
//
// Work is done on local wall-clock time: an instant becomes (local day number, milliseconds since local
// midnight), the arithmetic walks days — a whole working day or a whole week without exceptions at a time,
// never minute by minute — and the result is turned back into an instant.

import { zoneOffsetMs } from '@kehu/shared';

export interface WorkCalendar {
  timeZone: string; // e.g. 'Asia/Shanghai'
  /** working periods of a working day, minutes from local midnight, sorted, e.g. [{start:510,end:720},{start:780,end:1050}] */
  periods: { start: number; end: number }[];
  /** local dates 'YYYY-MM-DD': public holidays (off) and 调休 make-up working days (on); other days: Mon–Fri work, Sat/Sun off */
  exceptions: ReadonlyMap<string, 'holiday' | 'workday'>;
}
export interface Pause {
  from: Date;
  to: Date | null;
} // to null: still paused

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

// ---------- time zone ----------

/** Offset of the zone from UTC at an instant, in ms (Shanghai: +8 h). */
function exactOffset(utcMs: number, timeZone: string): number {
  return zoneOffsetMs(new Date(utcMs), timeZone);
}

// Most zones (Asia/Shanghai among them) keep one offset all year: then one lookup per zone and year suffices.
const yearOffsets = new Map<string, number | null>();
function offsetAt(utcMs: number, timeZone: string): number {
  const year = new Date(utcMs).getUTCFullYear();
  const key = `${timeZone}|${year}`;
  let fixed = yearOffsets.get(key);
  if (fixed === undefined) {
    const probes = [0, 3, 6, 9, 11].map((m) => exactOffset(Date.UTC(year, m, 1), timeZone));
    probes.push(exactOffset(Date.UTC(year, 11, 31, 23), timeZone));
    fixed = probes.every((o) => o === probes[0]) ? probes[0] : null;
    yearOffsets.set(key, fixed);
  }
  return fixed ?? exactOffset(utcMs, timeZone);
}

interface Local {
  day: number; // days since 1970-01-01 of the local date
  ms: number; // ms since local midnight
}

function toLocal(utcMs: number, timeZone: string): Local {
  const local = utcMs + offsetAt(utcMs, timeZone);
  const day = Math.floor(local / DAY_MS);
  return { day, ms: local - day * DAY_MS };
}

function fromLocal(day: number, ms: number, timeZone: string): number {
  const local = day * DAY_MS + ms;
  const guess = local - offsetAt(local, timeZone);
  return local - offsetAt(guess, timeZone);
}

function dayNumber(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a date: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7;
const isWeekend = (day: number) => {
  const w = weekday(day);
  return w === 0 || w === 6;
};

// ---------- prepared calendar ----------

interface Prepared {
  periods: { start: number; end: number }[]; // ms from midnight
  dayMs: number; // working ms of a working day
  exceptions: Map<number, 'holiday' | 'workday'>;
  sortedExceptions: number[];
}

// The exceptions map and the periods array are treated as immutable: a changed calendar is a new object.
const preparedExceptions = new WeakMap<ReadonlyMap<string, 'holiday' | 'workday'>, Pick<Prepared, 'exceptions' | 'sortedExceptions'>>();
const preparedPeriods = new WeakMap<object, Pick<Prepared, 'periods' | 'dayMs'>>();

function prepare(cal: WorkCalendar): Prepared {
  let ex = preparedExceptions.get(cal.exceptions);
  if (!ex) {
    const exceptions = new Map<number, 'holiday' | 'workday'>();
    for (const [d, kind] of cal.exceptions) exceptions.set(dayNumber(d), kind);
    ex = { exceptions, sortedExceptions: [...exceptions.keys()].sort((a, b) => a - b) };
    preparedExceptions.set(cal.exceptions, ex);
  }
  let pe = preparedPeriods.get(cal.periods);
  if (!pe) {
    let prevEnd = 0;
    const periods = cal.periods.map((p) => {
      if (!Number.isInteger(p.start) || !Number.isInteger(p.end) || p.start < prevEnd || p.end <= p.start || p.end > 1440) {
        throw new RangeError('working periods must be sorted, non-overlapping whole minutes within a day');
      }
      prevEnd = p.end;
      return { start: p.start * MIN_MS, end: p.end * MIN_MS };
    });
    const dayMs = periods.reduce((s, p) => s + p.end - p.start, 0);
    if (dayMs <= 0) throw new RangeError('a working day needs at least one working period');
    pe = { periods, dayMs };
    preparedPeriods.set(cal.periods, pe);
  }
  return { ...ex, ...pe };
}

function working(day: number, p: Prepared): boolean {
  const e = p.exceptions.get(day);
  if (e) return e === 'workday';
  return !isWeekend(day);
}

/** Index of the first exception day >= day. */
function firstExceptionFrom(day: number, p: Prepared): number {
  const a = p.sortedExceptions;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working days in [from, to) (day numbers). */
function workingDaysIn(from: number, to: number, p: Prepared): number {
  if (to <= from) return 0;
  const n = to - from;
  let count = Math.floor(n / 7) * 5;
  for (let d = from + Math.floor(n / 7) * 7; d < to; d++) if (!isWeekend(d)) count++;
  for (let i = firstExceptionFrom(from, p); i < p.sortedExceptions.length && p.sortedExceptions[i] < to; i++) {
    const d = p.sortedExceptions[i];
    const kind = p.exceptions.get(d);
    if (kind === 'holiday' && !isWeekend(d)) count--;
    else if (kind === 'workday' && isWeekend(d)) count++;
  }
  return count;
}

/** Working ms of a working day between two times of that day. */
function workingWithin(a: number, b: number, p: Prepared): number {
  let sum = 0;
  for (const q of p.periods) {
    const s = Math.max(a, q.start);
    const e = Math.min(b, q.end);
    if (e > s) sum += e - s;
  }
  return sum;
}

function addWorkingMs(startMs: number, amount: number, cal: WorkCalendar): number {
  if (amount <= 0) return startMs;
  const p = prepare(cal);
  let remaining = amount;
  let { day, ms } = toLocal(startMs, cal.timeZone);
  for (;;) {
    if (ms === 0) {
      // whole weeks with no exception in them: five working days each
      if (remaining > 5 * p.dayMs) {
        const next = p.sortedExceptions[firstExceptionFrom(day, p)];
        const weeks = Math.min(
          Math.floor((remaining - 1) / (5 * p.dayMs)),
          next === undefined ? Infinity : Math.floor((next - day) / 7),
        );
        if (weeks > 0) {
          remaining -= weeks * 5 * p.dayMs;
          day += weeks * 7;
          continue;
        }
      }
      if (!working(day, p)) {
        day++;
        continue;
      }
      if (remaining > p.dayMs) {
        remaining -= p.dayMs;
        day++;
        continue;
      }
    }
    if (working(day, p)) {
      for (const q of p.periods) {
        if (ms >= q.end) continue;
        const s = Math.max(ms, q.start);
        const avail = q.end - s;
        if (remaining <= avail) return fromLocal(day, s + remaining, cal.timeZone);
        remaining -= avail;
        ms = q.end;
      }
    }
    day++;
    ms = 0;
  }
}

function workingMsBetween(fromMs: number, toMs: number, cal: WorkCalendar): number {
  if (toMs < fromMs) return -workingMsBetween(toMs, fromMs, cal);
  const p = prepare(cal);
  const a = toLocal(fromMs, cal.timeZone);
  const b = toLocal(toMs, cal.timeZone);
  if (a.day === b.day) return working(a.day, p) ? workingWithin(a.ms, b.ms, p) : 0;
  let sum = working(a.day, p) ? workingWithin(a.ms, DAY_MS, p) : 0;
  sum += workingDaysIn(a.day + 1, b.day, p) * p.dayMs;
  if (working(b.day, p)) sum += workingWithin(0, b.ms, p);
  return sum;
}

function toMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a non-negative number: ${minutes}`);
  return Math.round(minutes * MIN_MS);
}

// ---------- public API ----------

/** Whether a local date ('YYYY-MM-DD') is a working day of the calendar. */
export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  return working(dayNumber(day), prepare(cal));
}

/** The instant at which `minutes` working minutes counted from `start` are used up (at a period's end, not the next start). */
export function addWorkingMinutes(start: Date, minutes: number, cal: WorkCalendar): Date {
  return new Date(addWorkingMs(start.getTime(), toMs(minutes), cal));
}

/** Working minutes between two instants (fractional when the instants are not on whole minutes; negative when to < from). */
export function workingMinutesBetween(from: Date, to: Date, cal: WorkCalendar): number {
  return workingMsBetween(from.getTime(), to.getTime(), cal) / MIN_MS;
}

/** When a target of `minutes` started at `start` falls due: working time if businessHours, else calendar time; paused intervals do not count; null while a pause that begins before the due time is still open (the clock is stopped). */
export function deadline(
  start: Date,
  minutes: number,
  opts: { businessHours: boolean; cal: WorkCalendar; pauses?: readonly Pause[] },
): Date | null {
  const { businessHours, cal } = opts;
  const startMs = start.getTime();
  const advance = (from: number, amount: number) => (businessHours ? addWorkingMs(from, amount, cal) : from + amount);
  const measure = (from: number, to: number) => (businessHours ? workingMsBetween(from, to, cal) : to - from);

  // pauses from the start on, sorted and merged; an open pause runs to infinity
  const spans = (opts.pauses ?? [])
    .map((x) => ({ from: Math.max(x.from.getTime(), startMs), to: x.to ? x.to.getTime() : Infinity }))
    .filter((x) => x.to > x.from)
    .sort((x, y) => x.from - y.from);
  const merged: { from: number; to: number }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }

  let cursor = startMs;
  let remaining = toMs(minutes);
  for (const s of merged) {
    const due = advance(cursor, remaining);
    if (due <= s.from) return new Date(due);
    remaining -= measure(cursor, s.from);
    if (s.to === Infinity) return null;
    cursor = s.to;
  }
  return new Date(advance(cursor, remaining));
}
