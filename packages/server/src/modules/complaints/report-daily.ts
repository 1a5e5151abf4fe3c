// 客户投诉处理日报表 (tool 36, domain.md §4.3): one local day's complaints — received that day, closed that day, or
// still open at its end — with the day's handling per complaint, and the summary.
//
// Which rows: the day's sheet is the union of five index ranges (complaints_received_cover, complaints_closed_cover
// twice, complaints_open_list, complaints_visited_cover — indexes that carry the columns read, migration 026), so a
// day of a 2,000,000-row table reads only index entries, never the table. Those rows' narrow columns are read once
// (a busy day has ~80,000 candidates); the figures, the breakdowns and the order of the lists are worked out from
// them in JS, and only the ≤ 700 listed complaints are read in full with names.
// "Open" is OPEN_COMPLAINT_STATES (return_visited and closed are not; draft and dismissed are not complaints).
// For a past day, "open at the end of the day" is what the complaint was then: open now, or closed / return-visited
// only after the day ended.
//
// Overdue: the resolution deadline (resolve_due) passed before the complaint was resolved (or closed) — the same
// rule the core's deadline scan applies when it sets the `overdue` flag — judged at the end of the day (or now,
// for today), from the due columns, so the report is right whenever it is made.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { OPEN_COMPLAINT_STATES, type ComplaintState, type Severity, type TDailyBreakdown, type TDailyEvent, type TDailyFigures, type TDailyLine, type TDailyReport } from '@kehu/shared';
import type { Tx } from '../../db';
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
 * The summary of the day from the rows counted per (category, product, department): the totals and the
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

/** The columns of a complaint on the day's sheet that the figures and the order of the lists are made from. */
export interface SheetInput {
  id: number;
  category: string | null;
  productId: number | null;
  departmentId: number | null;
  severity: string;
  level: number;
  state: string;
  receivedAt: string;
  closedAt: string | null;
  visitedAt: string | null;
  resolvedAt: string | null;
  resolveDue: string | null;
}

export interface SheetRow extends SheetInput {
  isNew: boolean;
  closedOnDay: boolean;
  openAtEnd: boolean;
  overdue: boolean;
  /** critical, or escalated */
  major: boolean;
  /** open, not resolved by the end of the day and past its deadline: the cases to coordinate */
  stuck: boolean;
}

const OPEN_SET: ReadonlySet<string> = new Set(OPEN_COMPLAINT_STATES);
// Instants are compared as ISO strings: what SQLite compares, and what PostgreSQL's instants come back as.
const atOrAfter = (v: string | null, t: string) => v !== null && v >= t;

/**
 * How a candidate complaint stands on the day `w`, or null when it is not on the day's sheet (neither received nor
 * closed on the day, nor open at its end). For a past day, "open at the end" is what the complaint was then: open
 * now, or closed / return-visited only after the day ended. Overdue: the resolution deadline passed before the
 * complaint was resolved or closed (or before `w.ref`).
 */
export function sheetFlags(r: SheetInput, w: Pick<DayWindow, 'start' | 'end' | 'ref'>): SheetRow | null {
  const received = r.receivedAt;
  const closed = r.closedAt;
  const isNew = received >= w.start && received < w.end;
  const closedOnDay = closed !== null && closed >= w.start && closed < w.end;
  const openAtEnd =
    received < w.end &&
    (OPEN_SET.has(r.state) || (r.state === 'closed' && atOrAfter(r.visitedAt ?? closed, w.end)) || (r.state === 'return_visited' && atOrAfter(r.visitedAt, w.end)));
  if (!isNew && !closedOnDay && !openAtEnd) return null;
  const due = r.resolveDue;
  const late = due !== null && due < w.ref;
  // one flat literal (not a spread): this runs for every candidate of a busy day
  return {
    id: r.id,
    category: r.category,
    productId: r.productId,
    departmentId: r.departmentId,
    severity: r.severity,
    level: r.level,
    state: r.state,
    receivedAt: received,
    closedAt: closed,
    visitedAt: r.visitedAt,
    resolvedAt: r.resolvedAt,
    resolveDue: due,
    isNew,
    closedOnDay,
    openAtEnd,
    overdue: late && (r.resolvedAt ?? closed ?? w.ref) > due,
    major: r.severity === 'critical' || r.level > 1,
    stuck: openAtEnd && late && (r.resolvedAt === null || r.resolvedAt >= w.ref),
  };
}

/**
 * The day's sheet worked out: the figures per (category, product, department), and the three lists in order —
 * the lines (new ones first, then the day's closures, then the cases carried over; the newest first within each),
 * the major cases (highest level first) and the stuck ones (earliest deadline first) — cut to their caps, with
 * how many major and stuck cases there are in all.
 */
export function daySheet(rows: SheetRow[], caps: { lines: number; list: number }) {
  const groups = new Map<string, DayGroupRow>();
  const buckets: SheetRow[][] = [[], [], []];
  const majorAll: SheetRow[] = [];
  const stuckAll: SheetRow[] = [];
  for (const r of rows) {
    const k = `${r.category === null ? '' : '=' + r.category}\u0001${r.productId ?? ''}\u0001${r.departmentId ?? ''}`;
    let g = groups.get(k);
    if (!g) {
      g = { category: r.category, productId: r.productId, departmentId: r.departmentId, ...zero() };
      groups.set(k, g);
    }
    g.lines++;
    if (r.isNew) g.new++;
    if (r.closedOnDay) g.closed++;
    if (r.openAtEnd) g.open++;
    if (r.overdue) g.overdue++;
    buckets[r.isNew ? 0 : r.closedOnDay ? 1 : 2]!.push(r);
    if (r.major) majorAll.push(r);
    if (r.stuck) stuckAll.push(r);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // the lines bucket by bucket, sorting only the buckets the cap reaches (the day's new ones usually fill it)
  const lines: SheetRow[] = [];
  for (const b of buckets) {
    if (lines.length >= caps.lines) break;
    lines.push(...b.sort((x, y) => cmp(y.receivedAt, x.receivedAt) || y.id - x.id).slice(0, caps.lines - lines.length));
  }
  const major = majorAll.sort((a, b) => b.level - a.level || cmp(a.receivedAt, b.receivedAt) || a.id - b.id).slice(0, caps.list);
  const stuck = stuckAll.sort((a, b) => cmp(a.resolveDue ?? '', b.resolveDue ?? '') || a.id - b.id).slice(0, caps.list);
  return { groups: [...groups.values()], lines, major, majorCount: majorAll.length, stuck, stuckCount: stuckAll.length };
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

/**
 * The day's sheet: received on the day, closed on the day, or open at its end. The candidates come from ranges of
 * single indexes (the instants are literals — our own ISO strings — because with bound parameters SQLite cannot
 * judge a range and scans the table instead); the narrow columns of the candidates are read ONCE, straight from
 * each range (no join back to the table, which PostgreSQL would do by scanning all of it), and everything else —
 * the exact test, the figures, the order of the lists — is worked out from them in sheetFlags / daySheet.
 */
export function sheetQuery(db: Tx, w: Pick<DayWindow, 'start' | 'end'>, scope: ScopeFilter) {
  const start = sql.lit(w.start);
  const end = sql.lit(w.end);
  // every branch is a range of an index that carries these columns (migration 026): no table reads
  const branch = (range: RawBuilder<SqlBool>) =>
    db
      .selectFrom('complaints as c')
      .select(['c.id', 'c.category', 'c.product_id', 'c.department_id', 'c.severity', 'c.level', 'c.state', 'c.received_at', 'c.closed_at', 'c.visited_at', 'c.resolved_at', 'c.resolve_due'])
      .where(range)
      .where(isComplaintSql())
      .where(scopeSql(scope));
  return (
    branch(sql<SqlBool>`c.received_at >= ${start} and c.received_at < ${end}`)
      .unionAll(branch(sql<SqlBool>`c.closed_at >= ${start} and c.closed_at < ${end}`))
      .unionAll(branch(openSql()))
      // closed after the day, received before its end (open at its end): the closed_at range bounded on both sides,
      // else SQLite guesses a quarter of the table and scans it; received_at is read from the same index entries
      .unionAll(branch(sql<SqlBool>`c.closed_at >= ${end} and c.closed_at <= ${FAR} and c.received_at < ${end}`))
      // (a few thousand: those received after the day are dropped in sheetFlags — with the condition here SQLite
      // would read every earlier complaint from complaints_received_cover instead)
      .unionAll(branch(sql<SqlBool>`c.state = 'return_visited'`))
  );
}

async function sheetRows(ctx: AppContext, w: DayWindow, scope: ScopeFilter): Promise<SheetRow[]> {
  const query = sheetQuery(ctx.db, w, scope);
  type Candidate = Awaited<ReturnType<typeof query.executeTakeFirstOrThrow>>;
  // the ranges overlap: each complaint once
  const byId = new Map<number, SheetRow>();
  const take = (r: Candidate) => {
    const id = Number(r.id);
    if (byId.has(id)) return;
    const row = sheetFlags(
      {
        id,
        category: r.category,
        productId: r.product_id === null ? null : Number(r.product_id),
        departmentId: r.department_id === null ? null : Number(r.department_id),
        severity: r.severity,
        level: Number(r.level),
        state: r.state,
        receivedAt: r.received_at,
        closedAt: r.closed_at,
        visitedAt: r.visited_at,
        resolvedAt: r.resolved_at,
        resolveDue: r.resolve_due,
      },
      w,
    );
    if (row) byId.set(id, row);
  };
  // SQLite hands the rows over one at a time: ~80,000 candidate objects at once made the heap jump by ~100 MB
  if (ctx.dialect === 'sqlite') for await (const r of query.stream()) take(r);
  else for (const r of await query.execute()) take(r);
  return [...byId.values()];
}
const FAR = sql.lit('9999-12-31T23:59:59.999Z');

export const LINE_CAP = 500;
export const LIST_CAP = 100;
const RESULT_MAX = 200;

/** The rest of the listed complaints (texts, names of customer / handler / department), by id. */
async function listRows(ctx: AppContext, sheet: ReturnType<typeof daySheet>) {
  const ids = [...new Set([...sheet.lines, ...sheet.major, ...sheet.stuck].map((r) => r.id))];
  const full = new Map<number, FullRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('complaints as c')
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .leftJoin('users as u', 'u.id', 'c.owner_id')
      .leftJoin('org_units as d', 'd.id', 'c.department_id')
      .select([
        'c.id',
        'c.code',
        'c.complainant_name',
        'cu.name as customer_name',
        'c.summary',
        'c.updated_at',
        'u.display_name as owner_name',
        'd.name as department_name',
        'c.resolution',
        'c.solution',
        'c.invalid_reason',
      ])
      .where('c.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) full.set(Number(r.id), r);
  }
  return full;
}
type FullRow = {
  id: number | string;
  code: string;
  complainant_name: string;
  customer_name: string | null;
  summary: string;
  updated_at: string;
  owner_name: string | null;
  department_name: string | null;
  resolution: string | null;
  solution: string | null;
  invalid_reason: string | null;
};

/** The day's events of the listed complaints, and for a past day the state each was in when the day ended. */
async function historyOf(ctx: AppContext, w: DayWindow, rows: FullRow[]) {
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

function toLine(r: SheetRow, full: Map<number, FullRow>, w: DayWindow, h: Awaited<ReturnType<typeof historyOf>>): TDailyLine {
  const id = r.id;
  const f = full.get(id);
  if (!f) throw new Error(`complaint ${id} vanished while the daily report was made`);
  const ref = new Date(w.ref);
  // a resolution or closure after the day ended does not count for that day
  const beforeEnd = (v: string | null) => (v && v < w.end ? v : null);
  const stopped = beforeEnd(r.resolvedAt) ?? beforeEnd(r.closedAt);
  const timing = lineTiming(r.resolveDue, stopped, ref);
  const ev = summariseEvents(h.events.get(id) ?? []);
  const result = f.resolution ?? f.solution ?? f.invalid_reason;
  return {
    id,
    code: f.code,
    customer: f.customer_name ?? f.complainant_name,
    summary: f.summary,
    category: r.category,
    severity: r.severity as Severity,
    level: r.level,
    receivedAt: r.receivedAt,
    owner: f.owner_name,
    department: f.department_name,
    state: (h.stateAtEnd.get(id) ?? r.state) as ComplaintState,
    isNew: r.isNew,
    closedOnDay: r.closedOnDay,
    openAtEnd: r.openAtEnd,
    events: ev.events,
    moreEvents: ev.more,
    result: result && result.length > RESULT_MAX ? result.slice(0, RESULT_MAX - 1) + '…' : result,
    resolveDue: r.resolveDue,
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

/** Only the day's figures (for a subscriber's notice). */
export async function dailyFigures(ctx: AppContext, p: Principal, w: DayWindow): Promise<TDailyFigures> {
  const total = zero();
  for (const g of daySheet(await sheetRows(ctx, w, scopeFilter(p, 'complaints')), { lines: 0, list: 0 }).groups) add(total, g);
  return total;
}

/** Computes the report of a day within the principal's scope. */
export async function computeDailyReport(ctx: AppContext, p: Principal, w: DayWindow, generatedBy: TDailyReport['generatedBy']): Promise<TDailyReport> {
  const scope = scopeFilter(p, 'complaints');
  const [rows, header] = await Promise.all([sheetRows(ctx, w, scope), scopeHeader(ctx, p)]);
  const sheet = daySheet(rows, { lines: LINE_CAP, list: LIST_CAP });
  const full = await listRows(ctx, sheet);
  const [names, history] = await Promise.all([namesOf(ctx, sheet.groups), historyOf(ctx, w, [...full.values()])]);
  const summary = dailySummary(sheet.groups, names);
  const line = (r: SheetRow) => toLine(r, full, w, history);
  return {
    day: w.day,
    generatedAt: ctx.clock.now().toISOString(),
    generatedBy,
    scope: header,
    stored: false,
    asOf: w.ref,
    summary,
    lines: sheet.lines.map(line),
    moreLines: Math.max(0, summary.lines - sheet.lines.length),
    major: sheet.major.map(line),
    moreMajor: Math.max(0, sheet.majorCount - sheet.major.length),
    coordination: sheet.stuck.map(line),
    moreCoordination: Math.max(0, sheet.stuckCount - sheet.stuck.length),
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
