// SQLite gets the partial index of live customers that PostgreSQL has had since 004: (id, owner_id, team_id) where
// archived_at is null, plus archived_at itself: SQLite tests `archived_at is null` on the column even when the index
// holds live customers only, and without it would read the table row after all. The count of a search, tag or classification list names it (customers/repo.ts,
// countFromLiveIndex) instead of reading a table row per match: the initials search's cold tail at 1M customers
// came from those reads. ANALYZE writes its statistics where the database has statistics already (sqlite_stat1).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create index if not exists customers_live_scope on customers (id, owner_id, team_id, archived_at) where archived_at is null`.execute(db);
  const stats = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  if (Number(stats.rows[0]?.n) > 0) await sql`analyze customers_live_scope`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
