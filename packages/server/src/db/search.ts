// The customer search index: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.
// Tokens are built in platform/search-text.ts; this file only stores and queries them.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from './index';
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

/**
 * PostgreSQL: merges the GIN fast-update pending list into the index. New tokens wait in that list (so a create
 * stays cheap) until it reaches 4 MB (~450 customers); meanwhile every search scans all of it, and the create
 * that fills it pays ~2 s for the merge. Run from a job every few minutes, the merge happens off the request
 * path and the list stays short. SQLite's FTS5 merges its segments as it goes (automerge): nothing to do.
 */
export async function maintainSearchIndex(db: Tx): Promise<void> {
  if (isPostgres(db)) await sql`select gin_clean_pending_list('customer_search_vector'::regclass)`.execute(db);
}

/**
 * PostgreSQL, inside an import's transaction: its tokens all go to the pending list instead of being merged into
 * the index every ~450 customers by the import itself (the merges were ~0.3–1 s per 1,000 rows, two thirds of a
 * commit). The new customers are searchable as soon as the import commits — a search reads the pending list too —
 * and the caller asks for the merge right after (SEARCH_INDEX_JOB), off the import's path.
 */
export async function deferSearchMerges(trx: Tx): Promise<void> {
  if (isPostgres(trx)) await sql`set local gin_pending_list_limit = '2GB'`.execute(trx);
}

/** the job that merges the pending list (platform/housekeeping.ts runs it every five minutes) */
export const SEARCH_INDEX_JOB = 'search-index';
