// The business calendar as stored: exceptions in calendar_days, working periods in service_settings
// ('work_periods'). Loaded into a WorkCalendar and cached in memory for a few seconds; the routes that edit
// either call invalidateWorkCalendar(). Other instances pick a change up when their cache expires.
import type { Tx } from '../db';
import type { WorkCalendar } from './business-calendar';

export const WORK_PERIODS_KEY = 'work_periods';
/** 08:30–12:00 and 13:00–17:30 while nobody has set the working hours. */
export const DEFAULT_WORK_PERIODS: readonly { start: string; end: string }[] = Object.freeze([
  { start: '08:30', end: '12:00' },
  { start: '13:00', end: '17:30' },
]);
const TTL_MS = 5_000;

/** 'HH:MM' → minutes from midnight ('24:00' = 1440); NaN when malformed. */
export function hhmmToMinutes(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return Number.NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return Number.NaN;
  return h * 60 + min;
}

export function minutesToHhmm(n: number): string {
  return `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
}

/** Field problems of a list of periods: each HH:MM, start before end, in order and not overlapping. */
export function periodProblems(periods: readonly { start: string; end: string }[]): { path: string; key: string }[] {
  const errors: { path: string; key: string }[] = [];
  if (!periods.length) errors.push({ path: 'periods', key: 'periods_required' });
  let prevEnd = -1;
  periods.forEach((p, i) => {
    const s = hhmmToMinutes(p.start);
    const e = hhmmToMinutes(p.end);
    if (Number.isNaN(s)) errors.push({ path: `periods.${i}.start`, key: 'invalid_time' });
    if (Number.isNaN(e)) errors.push({ path: `periods.${i}.end`, key: 'invalid_time' });
    if (Number.isNaN(s) || Number.isNaN(e)) return;
    if (e <= s) errors.push({ path: `periods.${i}.end`, key: 'period_end_before_start' });
    else if (s < prevEnd) errors.push({ path: `periods.${i}.start`, key: 'periods_overlap' });
    prevEnd = Math.max(prevEnd, e);
  });
  return errors;
}

/** The stored JSON as minute periods; the default when unset or unreadable (never a broken calendar). */
export function parseWorkPeriods(json: string | null | undefined): { start: number; end: number }[] {
  let list: { start: string; end: string }[] = [...DEFAULT_WORK_PERIODS];
  if (json) {
    try {
      const v = JSON.parse(json) as unknown;
      if (Array.isArray(v) && v.every((x) => x && typeof x.start === 'string' && typeof x.end === 'string')) {
        if (!periodProblems(v).length) list = v;
      }
    } catch {
      /* keep the default */
    }
  }
  return list.map((p) => ({ start: hhmmToMinutes(p.start), end: hhmmToMinutes(p.end) }));
}

// Keyed by the database (its adapter object is shared by the Kysely instance and all its transactions), so two
// databases in one process (tests) never see each other's calendar.
let cache = new WeakMap<object, Map<string, { at: number; cal: Promise<WorkCalendar> }>>();

export function invalidateWorkCalendar(): void {
  cache = new WeakMap();
}

export async function loadWorkCalendar(db: Tx, timeZone: string): Promise<WorkCalendar> {
  const key = db.getExecutor().adapter as object;
  let perDb = cache.get(key);
  if (!perDb) {
    perDb = new Map();
    cache.set(key, perDb);
  }
  const hit = perDb.get(timeZone);
  // wall-clock time on purpose: a cache lifetime, not a business rule
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return hit.cal;
  const cal = readCalendar(db, timeZone);
  perDb.set(timeZone, { at: now, cal });
  cal.catch(() => perDb.delete(timeZone));
  return cal;
}

async function readCalendar(db: Tx, timeZone: string): Promise<WorkCalendar> {
  const [days, setting] = await Promise.all([
    db.selectFrom('calendar_days').select(['day', 'kind']).execute(),
    db.selectFrom('service_settings').select('value').where('key', '=', WORK_PERIODS_KEY).executeTakeFirst(),
  ]);
  const exceptions = new Map<string, 'holiday' | 'workday'>();
  for (const d of days) if (d.kind === 'holiday' || d.kind === 'workday') exceptions.set(d.day, d.kind);
  return { timeZone, periods: parseWorkPeriods(setting?.value), exceptions };
}
