// SQL for customers, their contacts, addresses, tags, classifications and grade history.
import { CompiledQuery, sql, type ExpressionBuilder, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { CustomerTable, DB } from '../../db/schema';
import { PREPARED, type Tx } from '../../db';
import type { ReadWorker } from '../../db/read-worker';
import { searchCondition, writeSearchTokens } from '../../db/search';
import { isPostgres } from '../../db/dialect';
import type { ScopeFilter } from '../../platform/permissions';
import type { SortSpec } from '../../platform/paging';
import { codeTokens, nameTokens, type SearchQueryTerm } from '../../platform/search-text';
import { localDateKey } from '../../platform/clock';
import { formatCode } from '../../platform/numbering';

export type CustomerRow = Selectable<CustomerTable>;

export const SORTABLE = {
  createdAt: 'customers.id',
  id: 'customers.id',
  updatedAt: 'customers.updated_at',
  name: 'customers.name_norm',
  code: 'customers.code',
  grade: 'customers.grade',
} as const;
export type SortColumn = (typeof SORTABLE)[keyof typeof SORTABLE];

export interface CustomerFilter {
  q?: SearchQueryTerm[];
  type?: string;
  lifecycleState?: string;
  grade?: string;
  source?: string;
  ownerId?: number;
  teamId?: number;
  provinceCode?: string;
  cityCode?: string;
  districtCode?: string;
  tag?: string;
  classification?: { dimension: string; value: string };
  archived: 'false' | 'true' | 'all';
}

type EB = ExpressionBuilder<DB, 'customers'>;

export function scopeCondition(eb: EB, scope: ScopeFilter): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'own') return eb('customers.owner_id', '=', scope.userId);
  if (scope.unitIds.length === 0) return eb('customers.owner_id', '=', scope.userId);
  return eb.or([eb('customers.owner_id', '=', scope.userId), eb('customers.team_id', 'in', scope.unitIds)]);
}

/**
 * `archived_at is null` for a list. The `*_live` indexes are `(column, archived_at, id, …)`: with their leading column
 * constrained, the archive test is part of the index range. Without one, SQLite (once ANALYZE has run: its statistics
 * average ~50 rows per archived_at value, though 98 % are null) skip-scans such an index over every live customer and
 * sorts them — 0.5–3 s per page at 1M customers. There the test is written `+archived_at is null`, which no index can
 * serve, so the page comes from the id/name/updated order and stops after 20 rows. PostgreSQL's statistics know the
 * null fraction: no such plan there.
 */
function liveCondition(db: Tx, eb: EB, f: CustomerFilter, scope: ScopeFilter, liveIndex: boolean): Expression<SqlBool> {
  const led = liveIndex || scope.kind !== 'all' || !!(f.ownerId || f.teamId || f.lifecycleState || f.grade || f.provinceCode);
  if (led || isPostgres(db)) return eb('customers.archived_at', 'is', null);
  return sql<SqlBool>`+customers.archived_at is null`;
}

function filterConditions(db: Tx, eb: EB, f: CustomerFilter, scope: ScopeFilter, liveIndex = false): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [scopeCondition(eb, scope)];
  if (f.archived === 'false') c.push(liveCondition(db, eb, f, scope, liveIndex));
  if (f.archived === 'true') c.push(eb('customers.archived_at', 'is not', null));
  if (f.q && f.q.length) c.push(searchCondition(db, f.q));
  if (f.type) c.push(eb('customers.type', '=', f.type as 'enterprise'));
  if (f.lifecycleState) c.push(eb('customers.lifecycle_state', '=', f.lifecycleState));
  if (f.grade) c.push(eb('customers.grade', '=', f.grade));
  if (f.source) c.push(eb('customers.source', '=', f.source));
  if (f.ownerId) c.push(eb('customers.owner_id', '=', f.ownerId));
  if (f.teamId) c.push(eb('customers.team_id', '=', f.teamId));
  if (f.provinceCode) c.push(eb('customers.province_code', '=', f.provinceCode));
  if (f.cityCode) c.push(eb('customers.city_code', '=', f.cityCode));
  if (f.districtCode) c.push(eb('customers.district_code', '=', f.districtCode));
  // `id in (…)` rather than a correlated EXISTS: the database reads the tag's index once instead of probing it
  // for every customer (the capped count probed 200 000 customers for 10 000 matches at 1M customers)
  if (f.tag) {
    c.push(eb('customers.id', 'in', eb.selectFrom('customer_tags').select('customer_tags.customer_id').where('customer_tags.tag', '=', f.tag)));
  }
  if (f.classification) {
    const { dimension, value } = f.classification;
    c.push(
      eb(
        'customers.id',
        'in',
        eb
          .selectFrom('customer_classifications')
          .select('customer_classifications.customer_id')
          .where('customer_classifications.dimension', '=', dimension)
          .where('customer_classifications.value', '=', value),
      ),
    );
  }
  return c;
}

export const LIST_COLUMNS = [
  'customers.id',
  'customers.code',
  'customers.type',
  'customers.name',
  'customers.short_name',
  'customers.phone',
  'customers.lifecycle_state',
  'customers.grade',
  'customers.source',
  'customers.service_tier',
  'customers.owner_id',
  'customers.team_id',
  'customers.province_code',
  'customers.city_code',
  'customers.district_code',
  'customers.created_at',
  'customers.updated_at',
  'customers.archived_at',
  'customers.version',
] as const;

/**
 * Counting stops at this many rows: pagers show "超过 2000 条" rather than read up to a million rows per
 * page view (at 1M customers a 10,000 cap cost 30–95 ms per combined filter; see README, Performance).
 * Exact counts of large groups belong to reports, which aggregate in SQL.
 */
export const COUNT_CAP = 2_000;

export async function listCustomers(db: Tx, f: CustomerFilter, scope: ScopeFilter, sort: SortSpec<SortColumn>, limit: number, offset: number) {
  let q = db
    .selectFrom('customers')
    .leftJoin('users as owner', 'owner.id', 'customers.owner_id')
    .leftJoin('org_units as team', 'team.id', 'customers.team_id')
    .select([...LIST_COLUMNS, 'owner.display_name as owner_name', 'team.name as team_name']);
  let rows;
  if (isPostgres(db) && sort.every((s) => s.column === 'customers.id') && (f.q?.length || f.tag || f.classification)) {
    // PostgreSQL, a search (or tag, classification) in id order: the page's ids first, from the matches and the
    // live-customer index alone (index-only), then those 20 rows. Joined whole, every match was read from the table
    // before the top 20 were kept: 30–80 ms instead of 3–30 for an initials search matching a few thousand customers.
    const dir = sort[0]?.dir ?? 'desc';
    const page = db
      .selectFrom('customers')
      .select('customers.id')
      .where((eb) => eb.and(filterConditions(db, eb, f, scope)))
      .orderBy('customers.id', dir)
      .limit(limit)
      .offset(offset);
    rows = await q.where('customers.id', 'in', page).orderBy('customers.id', dir).execute();
  } else {
    q = q.where((eb) => eb.and(filterConditions(db, eb, f, scope)));
    for (const s of sort) q = q.orderBy(s.column, s.dir);
    if (!sort.some((s) => s.column === 'customers.id')) q = q.orderBy('customers.id', 'desc');
    rows = await q.limit(limit).offset(offset).execute();
  }
  // a page that is not full ends the list: no count needed
  if (rows.length < limit && (rows.length > 0 || offset === 0)) return { rows, total: offset + rows.length };
  const fromIndex = countsFromLiveIndex(db, f) ? await countFromLiveIndex(db, f, scope) : null;
  if (fromIndex !== null) return { rows, total: fromIndex };
  const countRow = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('customers')
        .select('customers.id')
        .where((eb) => eb.and(filterConditions(db, eb, f, scope)))
        .limit(COUNT_CAP + 1)
        .as('c'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(countRow.n) };
}

/**
 * SQLite: a search, tag or classification yields customer ids from elsewhere, and the count tested each of them
 * against the customers table: a random row read per match, 2,001 per count (30–100 ms when not cached at 1M
 * customers, the tail of the initials search). The partial index customers_live_scope (id, owner_id, team_id,
 * archived_at) of live customers answers the same test from ~20 MB that stay cached (3–7 ms). SQLite prefers looking customers up by
 * rowid and never picks it on its own, so the count names it — only when every other condition is on its columns.
 * PostgreSQL chooses the same index itself (index-only scan).
 */
function countsFromLiveIndex(db: Tx, f: CustomerFilter): boolean {
  if (isPostgres(db) || f.archived !== 'false' || !(f.q?.length || f.tag || f.classification)) return false;
  return !(f.type || f.lifecycleState || f.grade || f.source || f.ownerId || f.teamId || f.provinceCode || f.cityCode || f.districtCode);
}

/** null when the statement is not the expected shape (a Kysely change): the caller counts the usual way then */
async function countFromLiveIndex(db: Tx, f: CustomerFilter, scope: ScopeFilter): Promise<number | null> {
  const inner = db
    .selectFrom('customers')
    .select('customers.id')
    .where((eb) => eb.and(filterConditions(db, eb, f, scope, true)))
    .limit(COUNT_CAP + 1)
    .compile();
  const head = 'select "customers"."id" from "customers"';
  if (!inner.sql.startsWith(head)) return null;
  const text = `select count(*) as "n" from (${head} indexed by "customers_live_scope"${inner.sql.slice(head.length)}) as "c"`;
  const res = await db.executeQuery<{ n: number }>(CompiledQuery.raw(text, [...inner.parameters]));
  return Number(res.rows[0].n);
}

/**
 * The filtered customers in batches, by id. The next batch is read while the caller handles the current one: on
 * PostgreSQL by the server, on SQLite by `reader` (a read worker) when given.
 */
export async function* iterateCustomers(db: Tx, f: CustomerFilter, scope: ScopeFilter, opts: { batch?: number; reader?: ReadWorker } = {}) {
  const batch = opts.batch ?? 2000;
  const query = (lastId: number) =>
    db
      .selectFrom('customers')
      .leftJoin('users as owner', 'owner.id', 'customers.owner_id')
      .leftJoin('org_units as team', 'team.id', 'customers.team_id')
      .select([
        ...LIST_COLUMNS,
        'customers.email',
        'customers.credit_code',
        'customers.id_number',
        'customers.note',
        'owner.display_name as owner_name',
        'team.name as team_name',
      ])
      .where((eb) => eb.and([...filterConditions(db, eb, f, scope), eb('customers.id', '>', lastId)]))
      .orderBy('customers.id')
      .limit(batch);
  const read = (lastId: number) => {
    const q = query(lastId);
    const rows = opts.reader ? opts.reader.all(q.compile()) : q.execute();
    rows.catch(() => undefined); // awaited below; unawaited only when the caller stops early
    return rows;
  };
  let pending = read(0);
  for (;;) {
    const rows = await pending;
    if (rows.length === 0) return;
    const more = rows.length === batch;
    if (more) pending = read(rows[rows.length - 1].id);
    yield rows;
    if (!more) return;
  }
}

export async function getCustomer(db: Tx, id: number) {
  return db
    .selectFrom('customers')
    .leftJoin('users as owner', 'owner.id', 'customers.owner_id')
    .leftJoin('org_units as team', 'team.id', 'customers.team_id')
    .selectAll('customers')
    .select(['owner.display_name as owner_name', 'team.name as team_name'])
    .where('customers.id', '=', id)
    .executeTakeFirst();
}

export async function tagsOf(db: Tx, ids: number[]) {
  if (!ids.length) return new Map<number, string[]>();
  const rows = await db.selectFrom('customer_tags').select(['customer_id', 'tag']).where('customer_id', 'in', ids).orderBy('tag').execute();
  const m = new Map<number, string[]>();
  for (const r of rows) m.set(r.customer_id, [...(m.get(r.customer_id) ?? []), r.tag]);
  return m;
}

export async function classificationsOf(db: Tx, id: number) {
  const rows = await db.selectFrom('customer_classifications').select(['dimension', 'value']).where('customer_id', '=', id).execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) out[r.dimension] = [...(out[r.dimension] ?? []), r.value];
  return out;
}

export async function replaceTags(db: Tx, id: number, tags: string[]) {
  await db.deleteFrom('customer_tags').where('customer_id', '=', id).execute();
  const uniq = [...new Set(tags)];
  if (uniq.length) await db.insertInto('customer_tags').values(uniq.map((tag) => ({ customer_id: id, tag }))).execute();
}

export async function replaceClassifications(db: Tx, id: number, cls: Record<string, string[]>) {
  await db.deleteFrom('customer_classifications').where('customer_id', '=', id).execute();
  const rows = Object.entries(cls).flatMap(([dimension, values]) => [...new Set(values)].map((value) => ({ customer_id: id, dimension, value })));
  if (rows.length) await db.insertInto('customer_classifications').values(rows).execute();
}

export async function contactsOf(db: Tx, customerId: number, includeArchived = false) {
  let q = db.selectFrom('contacts').selectAll().where('customer_id', '=', customerId);
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('is_primary', 'desc').orderBy('id').execute();
}

export async function addressesOf(db: Tx, customerId: number, includeArchived = false) {
  let q = db.selectFrom('addresses').selectAll().where('customer_id', '=', customerId);
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('is_default', 'desc').orderBy('id').execute();
}

export async function gradeHistoryOf(db: Tx, customerId: number) {
  return db
    .selectFrom('customer_grade_history')
    .leftJoin('users', 'users.id', 'customer_grade_history.created_by')
    .selectAll('customer_grade_history')
    .select('users.display_name as created_by_name')
    .where('customer_id', '=', customerId)
    .orderBy('customer_grade_history.id', 'desc')
    .execute();
}

/** Rebuilds the search tokens of customers from their current names, numbers and contacts. */
export async function refreshSearch(db: Tx, ids: number[]) {
  if (!ids.length) return;
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'name', 'short_name', 'code', 'phone', 'credit_code', 'archived_at'])
    .where('id', 'in', ids)
    .execute();
  const contacts = await db
    .selectFrom('contacts')
    .select(['customer_id', 'name', 'mobile', 'phone'])
    .where('customer_id', 'in', ids)
    .where('archived_at', 'is', null)
    .execute();
  const byCustomer = new Map<number, typeof contacts>();
  for (const c of contacts) byCustomer.set(c.customer_id, [...(byCustomer.get(c.customer_id) ?? []), c]);
  await writeSearchTokens(
    db,
    customers.map((c) => ({ customerId: c.id, tokens: customerTokens(c, byCustomer.get(c.id) ?? []) })),
  );
}

export function customerTokens(
  c: { name: string; short_name: string | null; code: string; phone: string | null; credit_code: string | null },
  contacts: { name: string; mobile: string | null; phone: string | null }[],
): string[] {
  const t = new Set<string>([
    ...nameTokens(c.name),
    ...nameTokens(c.short_name),
    ...codeTokens(c.code, 3),
    ...codeTokens(c.phone, 3),
    ...codeTokens(c.credit_code, 3),
  ]);
  for (const k of contacts) {
    for (const x of nameTokens(k.name)) t.add(x);
    for (const x of codeTokens(k.mobile, 3)) t.add(x);
    for (const x of codeTokens(k.phone, 3)) t.add(x);
  }
  return [...t];
}

type DuplicateProbe = { creditCode?: string | null; phones: string[]; nameNorm: string };

function duplicatesQuery(db: Tx, probe: DuplicateProbe, excludeId?: number) {
  // One indexed lookup per kind of match, united: an OR across columns (and a subquery on contacts) made
  // PostgreSQL scan every customer (0.6 s at 1M customers) because it cannot combine a subquery into a bitmap OR.
  let ids = db.selectFrom('customers as d').select('d.id as id').where('d.name_norm', '=', probe.nameNorm);
  if (probe.creditCode) ids = ids.union(db.selectFrom('customers as d').select('d.id as id').where('d.credit_code', '=', probe.creditCode));
  if (probe.phones.length) {
    ids = ids
      .union(db.selectFrom('customers as d').select('d.id as id').where('d.phone', 'in', probe.phones))
      .union(db.selectFrom('contacts').select('contacts.customer_id as id').where('contacts.mobile', 'in', probe.phones));
  }
  let q = db
    .selectFrom('customers')
    .select(['customers.id', 'customers.code', 'customers.name', 'customers.credit_code', 'customers.phone', 'customers.name_norm'])
    .where('customers.id', 'in', db.selectFrom(ids.as('m')).select('m.id'))
    .where('customers.archived_at', 'is', null);
  if (excludeId) q = q.where('customers.id', '!=', excludeId);
  return q.orderBy('customers.id').limit(10);
}

export type DuplicateRow = Awaited<ReturnType<ReturnType<typeof duplicatesQuery>['execute']>>[number];

export async function findDuplicates(db: Tx, probe: DuplicateProbe, excludeId?: number): Promise<DuplicateRow[]> {
  // prepared once per connection (PostgreSQL): planning it anew was a third of its time, and every create runs it
  const c = duplicatesQuery(db, probe, excludeId).compile();
  return (await db.executeQuery(CompiledQuery.raw(PREPARED + c.sql, [...c.parameters]) as typeof c)).rows;
}

/**
 * PostgreSQL, for a new customer: its look-alikes, or, when there are none, its number and id, in one round trip (a
 * create used to wait for the look-alikes, then for the number). Nothing is reserved when there are look-alikes.
 */
export async function reserveUnlessDuplicate(
  db: Tx,
  probe: DuplicateProbe,
  prefix: string,
  now: Date,
  timeZone: string,
): Promise<{ duplicates: DuplicateRow[] } | { duplicates: []; code: string; id: number }> {
  const period = localDateKey(now, timeZone);
  type Row = DuplicateRow & { seq: number | null; new_id: number | null };
  const { rows } = await sql<Row>`${sql.raw(PREPARED)}with d as (${duplicatesQuery(db, probe)}),
    s as (insert into sequences (name, period, value) select ${prefix}, ${period}, 1 where not exists (select 1 from d)
      on conflict (name, period) do update set value = sequences.value + 1 returning value)
    select d.id, d.code, d.name, d.credit_code, d.phone, d.name_norm, null::int8 as seq, null::int8 as new_id from d
    union all
    select null, null, null, null, null, null, s.value, nextval(pg_get_serial_sequence('customers', 'id')) from s`.execute(db);
  const reserved = rows.find((r) => r.seq !== null);
  if (!reserved) return { duplicates: rows.map(({ seq: _s, new_id: _n, ...d }) => d).sort((a, b) => a.id - b.id) };
  return { duplicates: [], code: formatCode(prefix, period, Number(reserved.seq)), id: Number(reserved.new_id) };
}

/**
 * PostgreSQL: the day's next `count` customer numbers and as many new customer ids in one round trip, outside any
 * transaction (the counter row is not held while the customers are written; see numbering.ts for the counter
 * itself). With the ids known beforehand, a customer and everything that belongs to it go in one statement.
 */
export async function reserveCustomers(db: Tx, prefix: string, now: Date, timeZone: string, count: number): Promise<{ codes: string[]; ids: number[] }> {
  const period = localDateKey(now, timeZone);
  const { rows } = await sql<{ value: number | string; ids: (number | string)[] }>`${sql.raw(PREPARED)}with s as (
      insert into sequences (name, period, value) values (${prefix}, ${period}, ${count}::int)
      on conflict (name, period) do update set value = sequences.value + excluded.value returning value)
    select s.value, array(select nextval(pg_get_serial_sequence('customers', 'id')) from generate_series(1, ${count}::int)) as ids from s`.execute(db);
  const first = Number(rows[0].value) - count + 1;
  return { codes: Array.from({ length: count }, (_, i) => formatCode(prefix, period, first + i)), ids: rows[0].ids.map(Number) };
}

export async function reserveCustomer(db: Tx, prefix: string, now: Date, timeZone: string): Promise<{ code: string; id: number }> {
  const { codes, ids } = await reserveCustomers(db, prefix, now, timeZone, 1);
  return { code: codes[0], id: ids[0] };
}
