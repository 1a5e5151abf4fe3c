// Filters of the service lists that had no index behind them at scale (2,000,000 units, 1,000,000 orders):
// - the unit search (机器档案 q) matches the quality-card number exactly: without an index that read every unit;
// - the order search (q) matches the contact phone exactly: the same over every order;
// - the return-visit list without a state filter sorts all visits by due time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('product_units_quality_card').on('product_units').column('quality_card_no').execute();
  await db.schema.createIndex('service_orders_contact_phone').on('service_orders').column('contact_phone').execute();
  await db.schema.createIndex('return_visits_due').on('return_visits').columns(['due_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
