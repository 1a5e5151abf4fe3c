// Lists show live customers (archived_at is null) by default, and every full page also counts its matches (up
// to COUNT_CAP + 1). Measured at 1M customers on PostgreSQL (npm run bench, EXPLAIN ANALYZE):
// - a filter by owner, team, state, grade or province found its rows in (column, id) and then read every
//   matching row from the table to test archived_at and any second filter: the count of one owner's
//   customers read 2,001 table rows at random (p95 167 ms when not cached); type + state and province +
//   grade counted by scanning the table until 2,001 matched (127 and 91 ms warm).
//   Each filter index is now (column, archived_at, id, then the small list filters type, state, grade): the
//   page still comes newest first from the index, and the count never leaves it — an index-only scan on
//   PostgreSQL, a covering index on SQLite (type + state: 127 → 0.8 ms; province + grade: 91 → 1.2 ms).
// - a search, tag or classification filter yields customer ids from elsewhere; testing each against the
//   customers table cost a random table read per match (2,001 per count, 0.34 ms each when cold). A small
//   partial index of live customers with the columns that data scope tests answers that from the index
//   (tag count: 8 ms). PostgreSQL only: SQLite looks customers up by rowid and would not use it.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect';

const FILTERS = ['type', 'lifecycle_state', 'grade'];

// [old index, new index, leading column]
const REPLACED = [
  ['customers_owner', 'customers_owner_live', 'owner_id'],
  ['customers_team', 'customers_team_live', 'team_id'],
  ['customers_state', 'customers_state_live', 'lifecycle_state'],
  ['customers_grade', 'customers_grade_live', 'grade'],
  ['customers_province_id', 'customers_province_live', 'province_code'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [old, name, col] of REPLACED) {
    const columns = [col, 'archived_at', 'id', ...FILTERS.filter((f) => f !== col)];
    await db.schema.createIndex(name).ifNotExists().on('customers').columns(columns).execute();
    await db.schema.dropIndex(old).ifExists().execute();
  }
  if (isPostgres(db)) {
    await sql`create index if not exists customers_live_scope on customers (id, owner_id, team_id) where archived_at is null`.execute(db);
    await sql`analyze customers`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
