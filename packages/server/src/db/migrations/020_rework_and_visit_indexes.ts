// Lookups that ran without an index at 1,000,000 orders:
// - the KPIs' repeat-repair rate and the monthly points ask, per completed order, whether a rework order
//   points at it (service_orders.rework_of_id);
// - choosing who does a return visit counts each candidate's open visits (return_visits.assignee_id), and
//   the visit list filters by assignee;
// - the returns search matches the original order / invoice number exactly.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('service_orders_rework_of').on('service_orders').column('rework_of_id').execute();
  await db.schema.createIndex('service_returns_order_no').on('service_returns').column('order_no').execute();
  await db.schema.createIndex('return_visits_assignee').on('return_visits').columns(['assignee_id', 'state', 'due_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
