// SQLite's FTS5 side of the customer search index: an import's tokens wait unmerged, the search-index job merges
// them, and searches find the same customers before and after.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from './schema';
import { deferSearchMerges, insertSearchTokens, maintainSearchIndex, resumeSearchMerges } from './search';

describe('FTS5 merges deferred by an import (SQLite)', () => {
  let db: Kysely<DB>;
  beforeEach(async () => {
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await sql`create virtual table customer_search using fts5(tokens, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  const config = async (on: Kysely<DB> = db) =>
    Object.fromEntries((await sql<{ k: string; v: number }>`select k, v from customer_search_config`.execute(on)).rows.map((r) => [r.k, Number(r.v)]));
  /** one row of %_data per leaf page, plus the structure record: merging segments leaves fewer */
  const dataRows = async () => Number((await sql<{ n: number }>`select count(*) as n from customer_search_data`.execute(db)).rows[0].n);
  const matches = async (q: string) =>
    (await sql<{ rowid: number }>`select rowid from customer_search where customer_search match ${q} order by rowid`.execute(db)).rows.map((r) => r.rowid);

  it('keeps automerge off inside the import and on again at its end; the job merges the segments left', async () => {
    // twelve imports' worth of segments, each written with automerge off
    for (let batch = 0; batch < 12; batch++) {
      await db.transaction().execute(async (trx) => {
        await deferSearchMerges(trx);
        if (batch === 0) expect((await config(trx)).crisismerge).toBe(64);
        await insertSearchTokens(
          trx,
          Array.from({ length: 50 }, (_, i) => ({ customerId: batch * 50 + i + 1, tokens: [`xhdq${batch}`, 'xihu', `kh${batch * 50 + i}`] })),
        );
        await resumeSearchMerges(trx);
      });
    }
    expect(await config()).toMatchObject({ automerge: 4, crisismerge: 16 });
    const before = await dataRows();
    const found = await matches('"xhdq" *');
    expect(found).toHaveLength(600);

    // one step at a time: each run says whether there is more
    expect(await maintainSearchIndex(db, 1)).toBe(true);
    expect(await dataRows()).toBeLessThan(before);
    for (let run = 0; run < 100 && (await maintainSearchIndex(db, 1)); run++);
    expect(await matches('"xhdq" *')).toEqual(found);
    expect(await matches('"kh17" *')).toEqual([18, ...Array.from({ length: 10 }, (_, i) => 171 + i)]);
    // nothing left to merge: the job returns at once and changes nothing
    const after = await dataRows();
    expect(await maintainSearchIndex(db)).toBe(false);
    expect(await dataRows()).toBe(after);
  });
});
