// 客户投诉处理日报表 (tool 36, domain.md §4.3): one local day's complaints — received that day, closed that day, or
// still open at its end — with the day's handling per complaint, and the summary counted in SQL.
//
// Which rows: the day's sheet is the union of five index-backed sets (complaints_received, complaints_closed, the
// partial index complaints_open, complaints_state), so a day of a 2,000,000-row table reads only its own rows.
// "Open" is OPEN_COMPLAINT_STATES (return_visited and closed are not; draft and dismissed are not complaints).
// For a past day, "open at the end of the day" is what the complaint was then: open now, or closed / return-visited
// only after the day ended.
//
// Overdue: the resolution deadline (resolve_due) passed before the complaint was resolved (or closed) — the same
// rule the core's deadline scan applies when it sets the `overdue` flag — judged at the end of the day (or now,
// for today), from the due columns, so the report is right whenever it is made.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { OPEN_COMPLAINT_STATES, type ComplaintState, type Severity, type TDailyBreakdown, type TDailyEvent, type TDailyFigures, type TDailyLine, type TDailyReport } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { invalid } from '../../platform/errors';
import { scopeFilter, type Principal, type ScopeFilter } from '../../platform/permissions';
import { localDayStart } from '../admin/calc';
import { addDays, isCalendarDate, localDate } from '../service/local-date';

// ---------------------------------------------------------------- pure: figures, timing, events

export interface DayGroupRow {
  category: string | null;
  productId: number | null;
  departmentId: number | null;
  lines: number;
  new: number;
  closed: number;
  open: number;
  overdue: number;
}

const zero = (): TDailyFigures => ({ lines: 0, new: 0, closed: 0, open: 0, overdue: 0 });

function add(into: TDailyFigures, r: TDailyFigures) {
  into.lines += r.lines;
  into.new += r.new;
  into.closed += r.closed;
  into.open += r.open;
  into.overdue += r.overdue;
}

/** Most lines first, then most open; "not set" last; equal ones by key so the order is stable. */
function byWeight<K extends string | number>(a: TDailyBreakdown<K>, b: TDailyBreakdown<K>): number {
  if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
  return b.lines - a.lines || b.open - a.open || String(a.key).localeCompare(String(b.key), 'en', { numeric: true });
}

function rollUp<K extends string | number>(rows: DayGroupRow[], keyOf: (r: DayGroupRow) => K | null, nameOf: (k: K) => string | null): TDailyBreakdown<K>[] {
  const map = new Map<K | null, TDailyBreakdown<K>>();
  for (const r of rows) {
    const key = keyOf(r);
    let b = map.get(key);
    if (!b) {
      b = { key, name: key === null ? null : nameOf(key), ...zero() };
      map.set(key, b);
    }
    add(b, r);
  }
  return [...map.values()].sort(byWeight);
}

/**
 * The summary of the day from the rows counted in SQL per (category, product, department): the totals and the
 * three breakdowns of the paper form (按类别 / 按产品 / 按责任部门).
 */
export function dailySummary(rows: DayGroupRow[], names: { products: Map<number, string>; departments: Map<number, string> }): TDailyReport['summary'] {
  const total = zero();
  for (const r of rows) add(total, r);
  return {
    ...total,
    byCategory: rollUp(rows, (r) => r.category, () => null),
    byProduct: rollUp(rows, (r) => r.productId, (k) => names.products.get(k) ?? null),
    byDepartment: rollUp(rows, (r) => r.departmentId, (k) => names.departments.get(k) ?? null),
  };
}

/**
 * 剩余时限 / 是否超时 of one complaint at `ref`: the clock stops when the complaint is resolved (or closed); until
 * then the remaining hours count down and go negative when the deadline has passed.
 */
export function lineTiming(resolveDue: string | null, stoppedAt: string | null, ref: Date): { remainingHours: number | null; overdue: boolean } {
  if (!resolveDue) return { remainingHours: null, overdue: false };
  const due = new Date(resolveDue).getTime();
  const stop = stoppedAt ? new Date(stoppedAt).getTime() : null;
  if (stop !== null && stop <= ref.getTime()) return { remainingHours: null, overdue: stop > due };
  const hours = (due - ref.getTime()) / 3_600_000;
  return { remainingHours: Math.round(hours * 10) / 10, overdue: hours < 0 };
}

export const EVENTS_PER_LINE = 6;
const NOTE_MAX = 120;

/** 当日处理措施: the first events of the day in order, notes shortened; how many more there were. */
export function summariseEvents(events: TDailyEvent[], max = EVENTS_PER_LINE): { events: TDailyEvent[]; more: number } {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return {
    events: sorted.slice(0, max).map((e) => ({ ...e, note: e.note && e.note.length > NOTE_MAX ? e.note.slice(0, NOTE_MAX - 1) + '…' : e.note })),
    more: Math.max(0, sorted.length - max),
  };
}

// ---------------------------------------------------------------- SQL pieces shared by the reports

const OPEN_LIST = OPEN_COMPLAINT_STATES.map((s) => `'${s}'`).join(', ');
/** Written with literal states like migration 021's partial indexes, so that SQLite can use complaints_open. */
export const openSql = (alias = 'c'): RawBuilder<SqlBool> => sql.raw<SqlBool>(`${alias}.state in (${OPEN_LIST})`);
/** draft: not a complaint yet; dismissed: never became one */
export const isComplaintSql = (alias = 'c'): RawBuilder<SqlBool> => sql.raw<SqlBool>(`${alias}.state not in ('draft', 'dismissed')`);

/** The caller's data scope on complaints (owner = the handler, team = the responsible department), in SQL. */
export function scopeSql(f: ScopeFilter, alias = 'c'): RawBuilder<SqlBool> {
  const owner = sql.ref(`${alias}.owner_id`);
  if (f.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (f.kind === 'own' || f.unitIds.length === 0) return sql<SqlBool>`${owner} = ${f.userId}`;
  return sql<SqlBool>`(${owner} = ${f.userId} or ${sql.ref(`${alias}.team_id`)} in (${sql.join(f.unitIds)}))`;
}

/** Overdue at `ref`: the deadline passed before the complaint was resolved or closed (or before `ref`). */
export function overdueSql(ref: string, alias = 'c'): RawBuilder<SqlBool> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<SqlBool>`(${c('resolve_due')} < ${ref} and coalesce(${c('resolved_at')}, ${c('closed_at')}, ${ref}) > ${c('resolve_due')})`;
}

// ---------------------------------------------------------------- the day

export interface DayWindow {
  day: string;
  start: string;
  end: string;
  /** the end of the day, or now while the day is under way */
  ref: string;
  past: boolean;
}

/** The instants of a local day; 400 for a day that is not a calendar date or is still to come. */
export function dayWindow(day: string, timeZone: string, now: Date): DayWindow {
  if (!isCalendarDate(day)) throw invalid([{ path: 'day', key: 'invalid_date' }]);
  const start = localDayStart(day, timeZone);
  const end = localDayStart(addDays(day, 1), timeZone);
  if (start.getTime() > now.getTime()) throw invalid([{ path: 'day', key: 'report_day_future' }]);
  const past = end.getTime() <= now.getTime();
  return { day, start: start.toISOString(), end: end.toISOString(), ref: (past ? end : now).toISOString(), past };
}

export const today = (ctx: AppContext) => localDate(ctx.clock.now(), ctx.config.timezone);

function flags(w: DayWindow) {
  const isNew = sql<SqlBool>`(c.received_at >= ${w.start} and c.received_at < ${w.end})`;
  const closedOnDay = sql<SqlBool>`(c.closed_at >= ${w.start} and c.closed_at < ${w.end})`;
  const openAtEnd = sql<SqlBool>`(c.received_at < ${w.end} and (${openSql()} or (c.state = 'closed' and coalesce(c.visited_at, c.closed_at) >= ${w.end}) or (c.state = 'return_visited' and c.visited_at >= ${w.end})))`;
  // open, not resolved by the end of the day and past its deadline: the cases to coordinate
  const stuck = sql<SqlBool>`(${openAtEnd} and c.resolve_due < ${w.ref} and (c.resolved_at is null or c.resolved_at >= ${w.ref}))`;
  return { isNew, closedOnDay, openAtEnd, overdue: overdueSql(w.ref), stuck };
}

/**
 * The day's sheet: received on the day, closed on the day, or open at its end. The candidates come from ranges of
 * single indexes, each read without touching the table (the instants are literals — our own ISO strings — because
 * with bound parameters SQLite cannot judge a range and scans the table instead); the exact test is made once per
 * candidate row.
 */
function onSheet(w: DayWindow): RawBuilder<SqlBool> {
  const start = sql.lit(w.start);
  const end = sql.lit(w.end);
  const f = flags(w);
  // closed after the day: bounded on both sides, else SQLite guesses a quarter of the table and scans it
  return sql<SqlBool>`(c.id in (select c.id from complaints c where c.received_at >= ${start} and c.received_at < ${end}
    union select c.id from complaints c where c.closed_at >= ${start} and c.closed_at < ${end}
    union select c.id from complaints c where ${openSql()}
    union select c.id from complaints c where c.closed_at >= ${end} and c.closed_at <= ${FAR}
    union select c.id from complaints c where c.state = 'return_visited')
    and (${f.isNew} or ${f.closedOnDay} or ${f.openAtEnd}))`;
}
const FAR = sql.lit('9999-12-31T23:59:59.999Z');

export const LINE_CAP = 500;
export const LIST_CAP = 100;
const RESULT_MAX = 200;
const n = (v: unknown) => Number(v ?? 0);
const bool = (v: unknown) => v === true || Number(v) === 1;

const MAJOR = sql<SqlBool>`(c.severity = 'critical' or c.level > 1)`;

/** One pass over the sheet: the figures per (category, product, department), and how many are major or stuck. */
async function countGroups(ctx: AppContext, w: DayWindow, scope: ScopeFilter): Promise<{ groups: DayGroupRow[]; major: number; stuck: number }> {
  const f = flags(w);
  const rows = await ctx.db
    .selectFrom('complaints as c')
    .select([
      'c.category',
      'c.product_id',
      'c.department_id',
      sql<number>`count(*)`.as('lines'),
      sql<number>`sum(case when ${f.isNew} then 1 else 0 end)`.as('new'),
      sql<number>`sum(case when ${f.closedOnDay} then 1 else 0 end)`.as('closed'),
      sql<number>`sum(case when ${f.openAtEnd} then 1 else 0 end)`.as('open'),
      sql<number>`sum(case when ${f.overdue} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when ${MAJOR} then 1 else 0 end)`.as('major'),
      sql<number>`sum(case when ${f.stuck} then 1 else 0 end)`.as('stuck'),
    ])
    .where(onSheet(w))
    .where(isComplaintSql())
    .where(scopeSql(scope))
    .groupBy(['c.category', 'c.product_id', 'c.department_id'])
    .execute();
  return {
    groups: rows.map((r) => ({
      category: r.category,
      productId: r.product_id === null ? null : Number(r.product_id),
      departmentId: r.department_id === null ? null : Number(r.department_id),
      lines: n(r.lines),
      new: n(r.new),
      closed: n(r.closed),
      open: n(r.open),
      overdue: n(r.overdue),
    })),
    major: rows.reduce((a, r) => a + n(r.major), 0),
    stuck: rows.reduce((a, r) => a + n(r.stuck), 0),
  };
}

/**
 * One pass over the sheet for the three lists: each row numbered in the order of the lines (new ones first, then
 * the day's closures, then the cases carried over; the newest first within each), of the major cases (highest
 * level first) and of the stuck ones (earliest deadline first); only the rows within a cap are read in full.
 */
async function listRows(ctx: AppContext, w: DayWindow, scope: ScopeFilter) {
  const f = flags(w);
  return ctx.db
    .with('ranked', (db) =>
      db
        .selectFrom('complaints as c')
        .select([
          'c.id',
          sql<number>`row_number() over (order by case when ${f.isNew} then 0 when ${f.closedOnDay} then 1 else 2 end, c.received_at desc, c.id desc)`.as('line_no'),
          sql<number>`case when ${MAJOR} then 1 else 0 end`.as('is_major'),
          sql<number>`row_number() over (partition by case when ${MAJOR} then 1 else 0 end order by c.level desc, c.received_at, c.id)`.as('major_no'),
          sql<number>`case when ${f.stuck} then 1 else 0 end`.as('is_stuck'),
          sql<number>`row_number() over (partition by case when ${f.stuck} then 1 else 0 end order by c.resolve_due, c.id)`.as('stuck_no'),
          sql<number>`case when ${f.isNew} then 1 else 0 end`.as('is_new'),
          sql<number>`case when ${f.closedOnDay} then 1 else 0 end`.as('closed_on_day'),
          sql<number>`case when ${f.openAtEnd} then 1 else 0 end`.as('open_at_end'),
        ])
        .where(onSheet(w))
        .where(isComplaintSql())
        .where(scopeSql(scope)),
    )
    .selectFrom('ranked as r')
    .innerJoin('complaints as c', 'c.id', 'r.id')
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .leftJoin('org_units as d', 'd.id', 'c.department_id')
    .select([
      'c.id',
      'c.code',
      'c.complainant_name',
      'cu.name as customer_name',
      'c.summary',
      'c.category',
      'c.severity',
      'c.level',
      'c.state',
      'c.received_at',
      'c.updated_at',
      'u.display_name as owner_name',
      'd.name as department_name',
      'c.resolution',
      'c.solution',
      'c.invalid_reason',
      'c.resolve_due',
      'c.resolved_at',
      'c.closed_at',
      'r.line_no',
      'r.is_major',
      'r.major_no',
      'r.is_stuck',
      'r.stuck_no',
      'r.is_new',
      'r.closed_on_day',
      'r.open_at_end',
    ])
    .where((eb) => eb.or([eb('r.line_no', '<=', LINE_CAP), eb.and([eb('r.is_major', '=', 1), eb('r.major_no', '<=', LIST_CAP)]), eb.and([eb('r.is_stuck', '=', 1), eb('r.stuck_no', '<=', LIST_CAP)])]))
    .execute();
}
type LineRow = Awaited<ReturnType<typeof listRows>>[number];

/** The day's events of the listed complaints, and for a past day the state each was in when the day ended. */
async function historyOf(ctx: AppContext, w: DayWindow, rows: LineRow[]) {
  const ids = [...new Set(rows.map((r) => Number(r.id)))];
  const events = new Map<number, TDailyEvent[]>();
  const stateAtEnd = new Map<number, string>();
  if (!ids.length) return { events, stateAtEnd };
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const evs = await ctx.db
      .selectFrom('complaint_events')
      .select(['complaint_id', 'at', 'action', 'to_state', 'note'])
      .where('complaint_id', 'in', slice)
      .where('at', '>=', w.start)
      .where('at', '<', w.end)
      .orderBy('complaint_id')
      .orderBy('id')
      .execute();
    for (const e of evs) {
      const id = Number(e.complaint_id);
      events.set(id, [...(events.get(id) ?? []), { at: e.at, action: e.action, toState: e.to_state, note: e.note }]);
    }
  }
  // only complaints changed after the day ended can have been in another state then
  const changed = rows.filter((r) => w.past && r.updated_at >= w.end).map((r) => Number(r.id));
  for (let i = 0; i < changed.length; i += 500) {
    const slice = changed.slice(i, i + 500);
    const last = await ctx.db
      .selectFrom('complaint_events as e')
      .select(['e.complaint_id', 'e.to_state'])
      .where('e.complaint_id', 'in', slice)
      .where((eb) =>
        eb(
          'e.id',
          '=',
          eb
            .selectFrom('complaint_events as e2')
            .select((x) => x.fn.max('e2.id').as('m'))
            .whereRef('e2.complaint_id', '=', 'e.complaint_id')
            .where('e2.at', '<', w.end)
            .where('e2.to_state', 'is not', null),
        ),
      )
      .execute();
    for (const r of last) if (r.to_state) stateAtEnd.set(Number(r.complaint_id), r.to_state);
  }
  return { events, stateAtEnd };
}

function toLine(r: LineRow, w: DayWindow, h: Awaited<ReturnType<typeof historyOf>>): TDailyLine {
  const id = Number(r.id);
  const ref = new Date(w.ref);
  // a resolution or closure after the day ended does not count for that day
  const before = (v: string | null) => (v && v < w.end ? v : null);
  const stopped = before(r.resolved_at) ?? before(r.closed_at);
  const timing = lineTiming(r.resolve_due, stopped, ref);
  const ev = summariseEvents(h.events.get(id) ?? []);
  const result = r.resolution ?? r.solution ?? r.invalid_reason;
  return {
    id,
    code: r.code,
    customer: r.customer_name ?? r.complainant_name,
    summary: r.summary,
    category: r.category,
    severity: r.severity as Severity,
    level: Number(r.level),
    receivedAt: r.received_at,
    owner: r.owner_name,
    department: r.department_name,
    state: (h.stateAtEnd.get(id) ?? r.state) as ComplaintState,
    isNew: bool(r.is_new),
    closedOnDay: bool(r.closed_on_day),
    openAtEnd: bool(r.open_at_end),
    events: ev.events,
    moreEvents: ev.more,
    result: result && result.length > RESULT_MAX ? result.slice(0, RESULT_MAX - 1) + '…' : result,
    resolveDue: r.resolve_due,
    remainingHours: timing.remainingHours,
    overdue: timing.overdue,
  };
}

async function namesOf(ctx: AppContext, groups: DayGroupRow[]) {
  const productIds = [...new Set(groups.map((g) => g.productId).filter((v): v is number => v !== null))];
  const unitIds = [...new Set(groups.map((g) => g.departmentId).filter((v): v is number => v !== null))];
  const [products, units] = await Promise.all([
    productIds.length ? ctx.db.selectFrom('products').select(['id', 'name', 'model']).where('id', 'in', productIds).execute() : [],
    unitIds.length ? ctx.db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [],
  ]);
  return {
    products: new Map(products.map((p) => [Number(p.id), p.model ? `${p.name} ${p.model}` : p.name])),
    departments: new Map(units.map((u) => [Number(u.id), u.name])),
  };
}

async function scopeHeader(ctx: AppContext, p: Principal): Promise<TDailyReport['scope']> {
  const f = scopeFilter(p, 'complaints');
  if (f.kind === 'all') return { kind: 'all', name: null };
  if (f.kind === 'own') return { kind: 'own', name: p.displayName };
  const kind = p.scopes.complaints === 'team' ? 'team' : 'department';
  const unitId = f.unitIds[0];
  const unit = unitId ? await ctx.db.selectFrom('org_units').select('name').where('id', '=', unitId).executeTakeFirst() : undefined;
  return { kind, name: unit?.name ?? null };
}

/** Only the day's figures (for a subscriber's notice): one grouped query. */
export async function dailyFigures(ctx: AppContext, p: Principal, w: DayWindow): Promise<TDailyFigures> {
  const total = zero();
  for (const g of (await countGroups(ctx, w, scopeFilter(p, 'complaints'))).groups) add(total, g);
  return total;
}

/** Computes the report of a day within the principal's scope. */
export async function computeDailyReport(ctx: AppContext, p: Principal, w: DayWindow, generatedBy: TDailyReport['generatedBy']): Promise<TDailyReport> {
  const scope = scopeFilter(p, 'complaints');
  const [counts, rows, header] = await Promise.all([countGroups(ctx, w, scope), listRows(ctx, w, scope), scopeHeader(ctx, p)]);
  const pick = (keep: (r: LineRow) => boolean, order: (r: LineRow) => number) => rows.filter(keep).sort((a, b) => order(a) - order(b));
  const lines = pick((r) => n(r.line_no) <= LINE_CAP, (r) => n(r.line_no));
  const major = pick((r) => bool(r.is_major) && n(r.major_no) <= LIST_CAP, (r) => n(r.major_no));
  const stuck = pick((r) => bool(r.is_stuck) && n(r.stuck_no) <= LIST_CAP, (r) => n(r.stuck_no));
  const [names, history] = await Promise.all([namesOf(ctx, counts.groups), historyOf(ctx, w, rows)]);
  const summary = dailySummary(counts.groups, names);
  const line = (r: LineRow) => toLine(r, w, history);
  return {
    day: w.day,
    generatedAt: ctx.clock.now().toISOString(),
    generatedBy,
    scope: header,
    stored: false,
    asOf: w.ref,
    summary,
    lines: lines.map(line),
    moreLines: Math.max(0, summary.lines - lines.length),
    major: major.map(line),
    moreMajor: Math.max(0, counts.major - major.length),
    coordination: stuck.map(line),
    moreCoordination: Math.max(0, counts.stuck - stuck.length),
  };
}

/** Stores the company-wide report of a day: one row per day, replaced when generated again. */
export async function storeDailyReport(ctx: AppContext, report: TDailyReport): Promise<void> {
  const data = JSON.stringify({ ...report, stored: true });
  await ctx.db
    .insertInto('complaint_daily_reports')
    .values({ day: report.day, data, generated_at: report.generatedAt })
    .onConflict((oc) => oc.column('day').doUpdateSet({ data, generated_at: report.generatedAt }))
    .execute();
}

export async function storedDailyReport(ctx: AppContext, day: string): Promise<TDailyReport | null> {
  const row = await ctx.db.selectFrom('complaint_daily_reports').select(['data']).where('day', '=', day).executeTakeFirst();
  return row ? ({ ...(JSON.parse(row.data) as TDailyReport), stored: true } as TDailyReport) : null;
}
