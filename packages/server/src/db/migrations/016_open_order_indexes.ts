// The open-order list at 1,000,000 orders (110,000 open; npm run bench): `state in (open states)` newest first,
// alone or with a type or the escalated flag, took p95 0.6 s on SQLite (it read service_orders_state and sorted
// every open order) and 156 ms on PostgreSQL (the capped count of escalated orders was a parallel seq scan).
// Partial indexes over the open orders give the page in id order straight from the index and count from it.
// SQLite uses a partial index only when the query repeats its predicate literally, so listOrders writes the
// open states as literals in this order (OPEN_STATES).
import { sql, type Kysely } from 'kysely';
import { OPEN_STATES } from '@kehu/shared';

const OPEN = sql.raw(`state in (${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index service_orders_open on service_orders (archived_at, id) where ${OPEN}`.execute(db);
  await sql`create index service_orders_open_type on service_orders (type, archived_at, id) where ${OPEN}`.execute(db);
  await sql`create index service_orders_open_escalated on service_orders (escalated, archived_at, id) where ${OPEN}`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
