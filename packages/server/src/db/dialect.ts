// Dialect detection for code that must differ between SQLite and PostgreSQL (kept inside db/).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Serialises transactions that check an invariant across rows (e.g. "someone can still manage roles"): on
 * PostgreSQL a transaction-scoped advisory lock, held until commit, so the check of the second transaction sees
 * what the first committed. SQLite runs one write transaction at a time already.
 */
export async function lockInTransaction(trx: Kysely<any>, name: string): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
