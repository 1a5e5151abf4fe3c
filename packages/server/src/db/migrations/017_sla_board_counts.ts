// The SLA board without aggregate passes per request. Measured at 1M orders (110,000 open; npm run bench): the
// board summed ~120,000 rows three times per request (totals, by outlet, by technician) — p95 2,048 ms SQLite,
// 1,137 ms PostgreSQL.
// - sla_board_counts: a snapshot of the board's counts, one row per (outlet, technician, team), replaced in one
//   transaction by the per-minute SLA scan (and by the board itself when the snapshot is over 2 minutes old). The
//   board sums the rows of the caller's data scope: a few thousand rows instead of every watched order.
// - service_orders_breached: the 'breached' list (open orders with a breach, oldest breach first) read a partial
//   index of every breached order: 60,000 rows, of which 50,000 closed long ago — with the oldest breaches first
//   it passed all of those before the first open one (60 ms a page). The index now holds only orders in the
//   states the SLA scan watches (SLA_STATES in modules/service/sla-scan.ts: the open states, then completed),
//   ~10,000 rows. SQLite uses a partial index only when the query repeats its predicate literally, so the board
//   writes these states as literals in this order; a change of those states needs a migration that rebuilds it.
import { sql, type Kysely } from 'kysely';
import { OPEN_STATES } from '@kehu/shared';
import { isPostgres } from '../dialect';

const WATCHED = sql.raw(`state in (${[...OPEN_STATES, 'completed'].map((s) => `'${s}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? 'timestamptz' : 'text';
  const fk = pg ? 'bigint' : 'integer';
  let t = db.schema
    .createTable('sla_board_counts')
    // null: no outlet / no technician / no team yet
    .addColumn('outlet_id', fk)
    .addColumn('owner_id', fk)
    .addColumn('team_id', fk);
  for (const c of ['open', 'warned', 'soon', 'breached', 'escalated']) t = t.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
  await t.addColumn('computed_at', ts, (c) => c.notNull()).execute();
  await db.schema.createIndex('sla_board_counts_computed').on('sla_board_counts').column('computed_at').execute();

  await sql`create index service_orders_breached on service_orders (breached_at, id) where breached_at is not null and ${WATCHED}`.execute(db);
  if (pg) await sql`analyze service_orders`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
