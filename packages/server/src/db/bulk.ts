// Many-row inserts. PostgreSQL: one array parameter per column, spread by `unnest` — fewer parameters to
// bind and parse than a multi-row VALUES list (measured 1.5–2.5× faster for imports). SQLite: multi-row VALUES.
import { CompiledQuery, sql, type Insertable, type RawBuilder } from 'kysely';
import type { DB } from './schema';
import { PREPARED, type Tx } from './index';
import { isPostgres } from './dialect';

/** column → array type (`int8[]`, `text[]` …) per table, read once from the catalogue */
const columnTypes = new WeakMap<object, Map<string, Promise<Map<string, string>>>>();

function typesOf(db: Tx, table: string): Promise<Map<string, string>> {
  const key = db.getExecutor().adapter as object;
  let perDb = columnTypes.get(key);
  if (!perDb) columnTypes.set(key, (perDb = new Map()));
  let t = perDb.get(table);
  if (!t) {
    t = sql<{ column_name: string; udt_name: string }>`select column_name, udt_name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table}`
      .execute(db)
      .then((r) => new Map(r.rows.map((c) => [c.column_name, c.udt_name])));
    t.catch(() => perDb!.delete(table));
    perDb.set(table, t);
  }
  return t;
}

const SQLITE_CHUNK = 500;

/** statement text by table, columns, row count and returning: the same few statements come back with every slice */
const valuesText = new Map<string, string>();

/**
 * SQLite: a multi-row `insert … values (?, …), …` with the columns of the first row (every row has those; an absent
 * value is null, as in unnestInsert), written directly: Kysely's builder parsed each of 500 rows × 40 values into nodes and compiled
 * them back to text, ~15 % of an import's time with its garbage.
 */
function valuesInsert(table: string, rows: object[], returningId: boolean): CompiledQuery<{ id: number }> {
  const cols = Object.keys(rows[0]);
  const known = new Set(cols);
  for (const row of rows) for (const c in row) if (!known.has(c)) throw new Error(`bulkInsert: ${table}.${c} is not in the first row`);
  const key = `${table}|${returningId ? 'r' : ''}|${rows.length}|${cols.join(',')}`;
  let text = valuesText.get(key);
  if (!text) {
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${cols.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ')}) values ${rows.map(() => tuple).join(', ')}${returningId ? ' returning "id"' : ''}`;
    if (valuesText.size >= 200) valuesText.clear();
    valuesText.set(key, text);
  }
  const params = new Array<unknown>(rows.length * cols.length);
  let k = 0;
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    for (const c of cols) {
      const v = r[c];
      params[k++] = v === undefined ? null : v;
    }
  }
  return CompiledQuery.raw(text, params) as CompiledQuery<{ id: number }>;
}

/** PostgreSQL: `insert into table (cols) select * from unnest($1::type[], …)` for rows with the same columns. */
async function unnestInsert(db: Tx, table: string, rows: object[]) {
  const types = await typesOf(db, table);
  const cols = Object.keys(rows[0]);
  const params = cols.map((c) => {
    const type = types.get(c);
    if (!type) throw new Error(`bulkInsert: no column ${table}.${c}`);
    const a = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = (rows[i] as Record<string, unknown>)[c];
      a[i] = v === undefined ? null : v;
    }
    return sql`${a}::${sql.raw(type.replace(/^_/, ''))}[]`;
  });
  return sql`insert into ${sql.id(table)} (${sql.join(cols.map((c) => sql.id(c)))}) select * from unnest(${sql.join(params)})`;
}

export type InsertSet = { [T in keyof DB & string]: { table: T; rows: Insertable<DB[T]>[] } }[keyof DB & string];

/** An insert that is not a plain row list: its PostgreSQL statement, and what to run on SQLite instead. */
export interface OtherInsert {
  postgres: RawBuilder<unknown>;
  sqlite: () => Promise<void>;
}

/**
 * Inserts into several tables at once. PostgreSQL: one statement, each insert a data-modifying CTE (one round
 * trip instead of one per table: a new customer's contacts, addresses, tags, events and search tokens took
 * six). SQLite, where a statement costs no round trip: one after the other.
 */
export async function bulkInsertAll(db: Tx, sets: InsertSet[], others: OtherInsert[] = []): Promise<void> {
  const todo = sets.filter((s) => s.rows.length > 0);
  if (!isPostgres(db)) {
    for (const s of todo) await bulkInsert(db, s.table, s.rows as never);
    for (const o of others) await o.sqlite();
    return;
  }
  const parts = [...(await Promise.all(todo.map((s) => unnestInsert(db, s.table, s.rows as object[])))), ...others.map((o) => o.postgres)];
  if (parts.length === 0) return;
  const last = parts.pop()!;
  const ctes = parts.map((q, i) => sql`${sql.raw(`i${i}`)} as (${q})`);
  await (ctes.length ? sql`${sql.raw(PREPARED)}with ${sql.join(ctes)} ${last}` : last).execute(db);
}

/**
 * Inserts `rows` (all with the columns of the first row) into `table`; with `returningId`, returns the new ids in row
 * order. A column the first row names gets NULL where a row leaves it undefined, never the column's DEFAULT (leave a
 * column out of every row for its default).
 */
export async function bulkInsert<T extends keyof DB & string>(db: Tx, table: T, rows: Insertable<DB[T]>[], returningId: true): Promise<number[]>;
export async function bulkInsert<T extends keyof DB & string>(db: Tx, table: T, rows: Insertable<DB[T]>[], returningId?: false): Promise<void>;
export async function bulkInsert<T extends keyof DB & string>(db: Tx, table: T, rows: Insertable<DB[T]>[], returningId = false): Promise<number[] | void> {
  const ids: number[] = [];
  if (rows.length === 0) return returningId ? ids : undefined;
  if (!isPostgres(db)) {
    for (let i = 0; i < rows.length; i += SQLITE_CHUNK) {
      const res = await db.executeQuery<{ id: number }>(valuesInsert(table, rows.slice(i, i + SQLITE_CHUNK) as object[], returningId));
      if (returningId) for (const r of res.rows) ids.push(r.id);
    }
    return returningId ? ids : undefined;
  }
  const q = sql<{ id: number }>`${await unnestInsert(db, table, rows as object[])}${returningId ? sql` returning id` : sql``}`;
  const res = await q.execute(db);
  if (!returningId) return;
  for (const r of res.rows) ids.push(Number(r.id));
  return ids;
}
