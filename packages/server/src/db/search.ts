// The customer search index: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.
// Tokens are built in platform/search-text.ts; this file only stores and queries them.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Tx } from './index';
import type { DB } from './schema';
import { isPostgres } from './dialect';
import type { SearchQueryTerm } from '../platform/search-text';

export async function writeSearchTokens(db: Tx, rows: { customerId: number; tokens: string[] }[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.customerId);
  if (isPostgres(db)) {
    // one statement: unnest arrays of ids and token arrays (as text) into the table
    await sql`insert into customer_search (customer_id, vector)
      select u.id, array_to_tsvector(string_to_array(u.t, ' '))
      from unnest(${ids}::bigint[], ${rows.map((r) => r.tokens.join(' '))}::text[]) as u(id, t)
      on conflict (customer_id) do update set vector = excluded.vector`.execute(db);
  } else {
    for (const r of rows) {
      await sql`delete from customer_search where rowid = ${r.customerId}`.execute(db);
      await sql`insert into customer_search (rowid, tokens) values (${r.customerId}, ${r.tokens.join(' ')})`.execute(db);
    }
  }
}

/** PostgreSQL: the statement that stores the tokens of customers that have none yet. */
export function searchTokensInsert(rows: { customerId: number; tokens: string[] }[]) {
  return sql`insert into customer_search (customer_id, vector)
      select u.id, array_to_tsvector(string_to_array(u.t, ' '))
      from unnest(${rows.map((r) => r.customerId)}::bigint[], ${rows.map((r) => r.tokens.join(' '))}::text[]) as u(id, t)`;
}

/** Tokens of customers that have none yet (just created): no delete, one statement per few hundred rows. */
export async function insertSearchTokens(db: Tx, rows: { customerId: number; tokens: string[] }[]): Promise<void> {
  if (rows.length === 0) return;
  if (isPostgres(db)) {
    await searchTokensInsert(rows).execute(db);
    return;
  }
  for (let i = 0; i < rows.length; i += 400) {
    const values = rows.slice(i, i + 400).map((r) => sql`(${r.customerId}, ${r.tokens.join(' ')})`);
    await sql`insert into customer_search (rowid, tokens) values ${sql.join(values)}`.execute(db);
  }
}

export async function deleteSearchTokens(db: Tx, customerId: number): Promise<void> {
  if (isPostgres(db)) await sql`delete from customer_search where customer_id = ${customerId}`.execute(db);
  else await sql`delete from customer_search where rowid = ${customerId}`.execute(db);
}

function ftsQuote(s: string) {
  return '"' + s.replace(/"/g, '""') + '"';
}

function tsQuote(s: string) {
  return "'" + s.replace(/'/g, "''").replace(/\\/g, '\\\\') + "'";
}

/** A condition on `customers.id` that keeps the rows whose tokens match every term. */
export function searchCondition(db: Tx, terms: SearchQueryTerm[]): Expression<SqlBool> {
  if (isPostgres(db)) {
    const q = terms.map((t) => tsQuote(t.text) + (t.prefix ? ':*' : '')).join(' & ');
    return sql<SqlBool>`customers.id in (select customer_id from customer_search where vector @@ ${q}::tsquery)`;
  }
  const q = terms.map((t) => ftsQuote(t.text) + (t.prefix ? ' *' : '')).join(' AND ');
  return sql<SqlBool>`customers.id in (select rowid from customer_search where customer_search match ${q})`;
}

/** SQLite FTS5's default `automerge` (segments per level before an insert merges them) */
const FTS_AUTOMERGE = 4;
/** FTS5's default `crisismerge`: segments on one level that make the next write merge them, automerge or not */
const FTS_CRISISMERGE = 16;
/**
 * `crisismerge` during an import: each of its slices ends in a segment of its own (FTS5 writes its pending tokens out
 * whenever another statement opens a savepoint), and at 16 a 100,000-row import at 1M customers stopped for
 * ~0.5 s merges again and again (~1.5 s of its commit); the job merges what is left right after it
 */
const IMPORT_CRISISMERGE = 64;
/** pages one FTS5 'merge' step writes (~2 MB); the job turns the event loop between steps */
const FTS_MERGE_PAGES = 500;
/** steps of one job run (~100 MB); the rest is queued as another run, so that other jobs and a shutdown do not wait */
const FTS_MERGE_STEPS = 50;

/**
 * Merges what imports left unmerged, off the request path (the `search-index` job, queued after every import and
 * run every five minutes by platform/housekeeping.ts).
 * - PostgreSQL: the GIN fast-update pending list. New tokens wait there (so a create stays cheap) until it reaches
 *   4 MB (~450 customers); meanwhile every search scans all of it, and the create that fills it pays ~2 s for the
 *   merge.
 * - SQLite: FTS5 segments. A create merges as it goes (automerge); an import does not (deferSearchMerges), and this
 *   merges its segments in steps of ~2 MB, each its own short write, until a step finds nothing to merge or
 *   `maxSteps` ran. Returns whether there is more to merge.
 */
export async function maintainSearchIndex(db: Kysely<DB>, maxSteps = FTS_MERGE_STEPS): Promise<boolean> {
  if (isPostgres(db)) {
    await sql`select gin_clean_pending_list('customer_search_vector'::regclass)`.execute(db);
    return false;
  }
  for (let step = 0; step < maxSteps; step++) {
    // FTS5 reports work done as two or more changes (https://sqlite.org/fts5.html, the 'merge' command); one
    // transaction, so that no other statement's changes count. (FTS5 commands take literals, not bound values.)
    const merged = await db.transaction().execute(async (trx) => {
      const before = await totalChanges(trx);
      await sql`insert into customer_search (customer_search, rank) values ('merge', ${sql.lit(FTS_MERGE_PAGES)})`.execute(trx);
      return (await totalChanges(trx)) - before >= 2;
    });
    if (!merged) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

async function totalChanges(trx: Tx): Promise<number> {
  const r = await sql<{ n: number }>`select total_changes() as n`.execute(trx);
  return Number(r.rows[0].n);
}

/**
 * Inside an import's transaction: its tokens are not merged into the index while it writes; the caller queues the
 * merge right after the commit (SEARCH_INDEX_JOB). The new customers are searchable as soon as the import commits —
 * a search reads every FTS5 segment and PostgreSQL's pending list too — only somewhat slower until the merge is done.
 * - PostgreSQL: the merges of the GIN pending list into the index, every ~450 customers, were ~0.3–1 s per 1,000
 *   rows, two thirds of a commit. `gin_pending_list_limit` ends with the transaction.
 * - SQLite: FTS5's automerge made an insert into the 1M-customer index cost ~110–135 µs instead of ~46 µs (a third
 *   of the commit). Turned off for the transaction and on again before it commits (resumeSearchMerges); a failed
 *   import rolls the setting back with everything else (and sets it again: FTS5 may have kept it in memory). FTS5's
 *   crisis merge still bounds the segments per level, raised for the import (IMPORT_CRISISMERGE) and reset with it.
 */
export async function deferSearchMerges(trx: Tx): Promise<void> {
  if (isPostgres(trx)) await sql`set local gin_pending_list_limit = '2GB'`.execute(trx);
  else {
    await sql`insert into customer_search (customer_search, rank) values ('automerge', 0)`.execute(trx);
    await sql`insert into customer_search (customer_search, rank) values ('crisismerge', ${sql.lit(IMPORT_CRISISMERGE)})`.execute(trx);
  }
}

/** The end of deferSearchMerges, in the same transaction (SQLite keeps the setting in the database). */
export async function resumeSearchMerges(trx: Tx): Promise<void> {
  if (isPostgres(trx)) return;
  await sql`insert into customer_search (customer_search, rank) values ('automerge', ${sql.lit(FTS_AUTOMERGE)})`.execute(trx);
  await sql`insert into customer_search (customer_search, rank) values ('crisismerge', ${sql.lit(FTS_CRISISMERGE)})`.execute(trx);
}

/** the job that merges what imports left unmerged (platform/housekeeping.ts runs it every five minutes) */
export const SEARCH_INDEX_JOB = 'search-index';
