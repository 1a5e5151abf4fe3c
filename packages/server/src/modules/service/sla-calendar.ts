// Administration of the business calendar: the holidays and 调休 make-up days of a year, the working periods of a
// working day, and a deadline preview. Every write is audited and empties the calendar cache.
import crypto from 'node:crypto';
import type {
  TCalendarDay,
  TCalendarYear,
  TCalendarYearPut,
  TDeadlinePreview,
  TDeadlinePreviewQuery,
  TWorkPeriods,
  TWorkPeriodsPut,
} from '@kehu/shared';
import type { Tx } from '../../db';
import { lockInTransaction } from '../../db/dialect';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, conflict, invalid } from '../../platform/errors';
import { requirePermission, type Principal } from '../../platform/permissions';
import { deadline, workingMinutesBetween } from '../../platform/business-calendar';
import {
  WORK_PERIODS_KEY,
  invalidateWorkCalendar,
  loadWorkCalendar,
  minutesToHhmm,
  parseWorkPeriods,
  periodProblems,
} from '../../platform/calendar-store';

// ---------- calendar days ----------

async function yearRows(db: Tx, year: number): Promise<TCalendarDay[]> {
  const rows = await db
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'name'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
}

function etagOf(days: TCalendarDay[]): string {
  const h = crypto.createHash('sha256');
  for (const d of days) h.update(`${d.day}|${d.kind}|${d.name}\n`);
  return h.digest('hex').slice(0, 32);
}

export async function getCalendarYear(ctx: AppContext, p: Principal, year: number): Promise<TCalendarYear> {
  requirePermission(p, 'service:read');
  const days = await yearRows(ctx.db, year);
  return { year, days, etag: etagOf(days) };
}

function isRealDate(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/**
 * Replaces the exceptions of one year with the list given: rows are added, changed and removed (removing is
 * fine here: this is configuration, and the audit entry keeps what was removed).
 */
export async function putCalendarYear(
  ctx: AppContext,
  p: Principal,
  year: number,
  input: TCalendarYearPut,
  actx: AuditContext,
): Promise<TCalendarYear> {
  requirePermission(p, 'service:rules');
  const errors: { path: string; key: string }[] = [];
  const seen = new Set<string>();
  input.days.forEach((d, i) => {
    if (!isRealDate(d.day)) errors.push({ path: `days.${i}.day`, key: 'invalid_date' });
    else if (!d.day.startsWith(`${year}-`)) errors.push({ path: `days.${i}.day`, key: 'day_outside_year' });
    else if (seen.has(d.day)) errors.push({ path: `days.${i}.day`, key: 'day_duplicate' });
    else if (d.kind === 'workday' && ![0, 6].includes(new Date(`${d.day}T00:00:00Z`).getUTCDay())) {
      errors.push({ path: `days.${i}.day`, key: 'workday_not_weekend' });
    }
    seen.add(d.day);
  });
  if (errors.length) throw invalid(errors);

  const wanted = [...input.days].sort((a, b) => a.day.localeCompare(b.day));
  await ctx.db.transaction().execute(async (trx) => {
    await lockInTransaction(trx, `kehu:calendar:${year}`);
    const before = await yearRows(trx, year);
    if (etagOf(before) !== input.etag) throw new AppError(409, 'CALENDAR_CHANGED');
    const old = new Map(before.map((d) => [d.day, d]));
    const next = new Map(wanted.map((d) => [d.day, d]));
    const added = wanted.filter((d) => !old.has(d.day));
    const changed = wanted.filter((d) => old.has(d.day) && (old.get(d.day)!.kind !== d.kind || old.get(d.day)!.name !== d.name));
    const removed = before.filter((d) => !next.has(d.day));
    if (!added.length && !changed.length && !removed.length) return;
    if (removed.length) await trx.deleteFrom('calendar_days').where('day', 'in', removed.map((d) => d.day)).execute();
    for (const d of changed) await trx.updateTable('calendar_days').set({ kind: d.kind, name: d.name }).where('day', '=', d.day).execute();
    if (added.length) await trx.insertInto('calendar_days').values(added.map((d) => ({ day: d.day, kind: d.kind, name: d.name }))).execute();
    await audit(trx, actx, {
      action: 'update',
      entity: 'calendar_year',
      entityId: year,
      summary: `+${added.length} ~${changed.length} -${removed.length}`,
      before: { added: [], changed: changed.map((d) => old.get(d.day)), removed },
      after: { added, changed, removed: [] },
    });
  });
  invalidateWorkCalendar();
  const days = await yearRows(ctx.db, year);
  return { year, days, etag: etagOf(days) };
}

// ---------- working periods ----------

export async function getWorkPeriods(ctx: AppContext, p: Principal): Promise<TWorkPeriods> {
  requirePermission(p, 'service:read');
  return readWorkPeriods(ctx.db, ctx.config.timezone);
}

async function readWorkPeriods(db: Tx, timeZone: string): Promise<TWorkPeriods> {
  const row = await db.selectFrom('service_settings').select(['value', 'version']).where('key', '=', WORK_PERIODS_KEY).executeTakeFirst();
  const periods = parseWorkPeriods(row?.value);
  return {
    periods: periods.map((x) => ({ start: minutesToHhmm(x.start), end: minutesToHhmm(x.end) })),
    minutesPerDay: periods.reduce((s, x) => s + x.end - x.start, 0),
    timeZone,
    version: row?.version ?? 0,
  };
}

export async function putWorkPeriods(ctx: AppContext, p: Principal, input: TWorkPeriodsPut, actx: AuditContext): Promise<TWorkPeriods> {
  requirePermission(p, 'service:rules');
  const errors = periodProblems(input.periods);
  if (errors.length) throw invalid(errors);
  const now = ctx.clock.now().toISOString();
  const value = JSON.stringify(input.periods.map((x) => ({ start: x.start, end: x.end })));
  await ctx.db.transaction().execute(async (trx) => {
    const before = await readWorkPeriods(trx, ctx.config.timezone);
    if (input.version === 0) {
      // first save over the built-in default: the row must not exist yet
      const r = await trx
        .insertInto('service_settings')
        .values({ key: WORK_PERIODS_KEY, value, updated_at: now, version: 1 })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!r) throw conflict();
    } else {
      const r = await trx
        .updateTable('service_settings')
        .set((eb) => ({ value, updated_at: now, version: eb('version', '+', 1) }))
        .where('key', '=', WORK_PERIODS_KEY)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw conflict();
    }
    await audit(trx, actx, {
      action: 'update',
      entity: 'work_periods',
      entityId: WORK_PERIODS_KEY,
      summary: input.periods.map((x) => `${x.start}-${x.end}`).join(', '),
      before: before.periods,
      after: input.periods,
    });
  });
  invalidateWorkCalendar();
  return readWorkPeriods(ctx.db, ctx.config.timezone);
}


// ---------- preview ----------

export async function previewDeadline(ctx: AppContext, p: Principal, q: TDeadlinePreviewQuery): Promise<TDeadlinePreview> {
  requirePermission(p, 'service:read');
  const cal = await loadWorkCalendar(ctx.db, ctx.config.timezone);
  const start = new Date(q.start);
  const businessHours = q.businessHours === 'true';
  const due = deadline(start, q.minutes, { businessHours, cal })!;
  return {
    start: start.toISOString(),
    minutes: q.minutes,
    businessHours,
    due: due.toISOString(),
    timeZone: cal.timeZone,
    workingMinutes: Math.round(workingMinutesBetween(start, due, cal) * 100) / 100,
  };
}
