// SQLite side of bulkInsert: the statement is written directly (not through Kysely's builder), so its columns,
// values, chunks and returned ids are checked here; PostgreSQL's unnest form is covered by every API test.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from './schema';
import { bulkInsert } from './bulk';

describe('bulkInsert on SQLite', () => {
  let db: Kysely<DB>;
  beforeEach(async () => {
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await sql`create table t (id integer primary key, "a b" text not null, n integer, note text)`.execute(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ 'a b': `行 ${from + i} "x"`, n: from + i, note: i % 2 ? undefined : null }));
  const all = async () => (await sql<{ id: number; 'a b': string; n: number; note: string | null }>`select * from t order by id`.execute(db)).rows;

  it('inserts every row over several statements and returns the new ids in row order', async () => {
    await bulkInsert(db as never, 't' as never, rows(3) as never);
    const ids = await bulkInsert(db as never, 't' as never, rows(1234, 3) as never, true);
    expect(ids).toEqual(Array.from({ length: 1234 }, (_, i) => i + 4));
    const got = await all();
    expect(got).toHaveLength(1237);
    expect(got[1236]).toEqual({ id: 1237, 'a b': '行 1236 "x"', n: 1236, note: null });
    expect(got.every((r, i) => r.n === i && r.note === null)).toBe(true);
  });

  it('refuses a row with a column the first row lacks, writing nothing', async () => {
    const bad = [...rows(2), { 'a b': 'late', n: 9, note: 'x', extra: 1 }];
    await expect(bulkInsert(db as never, 't' as never, bad as never)).rejects.toThrow(/t\.extra/);
    expect(await all()).toHaveLength(0);
  });
});
