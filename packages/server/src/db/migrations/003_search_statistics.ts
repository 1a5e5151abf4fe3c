// PostgreSQL planned customer search from a constant guess: with the default statistics target the
// tsvector statistics keep ~650 most common lexemes (least frequent 0.5 %), so every rarer term (a phone
// fragment, a person's name) was estimated at ~2,700 of 1.1M rows. For ORDER BY id DESC LIMIT 20 the
// planner then walked customer_search backwards by primary key, testing each row's vector, expecting a
// page after ~8,000 rows; a term that matches 0–400 customers read the whole table (0.8 s warm, 9 s cold).
// A target of 1000 keeps ~8,000 lexemes (floor ~270 rows): rare terms now use the GIN bitmap (< 10 ms),
// common ones (西湖, zs) still walk the key and stop after one page. ANALYZE takes ~8 s at 1.1M customers.
// Parallel workers are off for the table: the capped count reads ≤ 2,001 matches, and starting workers
// doubled its time (46 ms vs 20 ms for 西湖). SQLite (FTS5) needs nothing.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table customer_search alter column vector set statistics 1000`.execute(db);
  await sql`alter table customer_search set (parallel_workers = 0)`.execute(db);
  await sql`analyze customer_search`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
