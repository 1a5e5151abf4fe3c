// Spare-parts supply (保证配件供应): the state of a part line on an order (reserved, issued, released), the outlet
// it came from and how much came back; how much of an issue consumed the order's reservation; the low-stock
// notice flag; and every part request made on an order with its outcome, for the fill rate (配件满足率).
import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? 'timestamptz' : 'text';
  const fk = pg ? 'bigint' : 'integer';

  // part lines only: reserved | issued | released (null for labour, call-out and other lines)
  await db.schema.alterTable('service_order_items').addColumn('part_state', 'varchar(20)').execute();
  await db.schema.alterTable('service_order_items').addColumn('outlet_id', fk).execute();
  await db.schema.alterTable('service_order_items').addColumn('returned_qty', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // of an issue's qty, the part taken from the order's own reservation (the rest came from free stock)
  await db.schema.alterTable('part_movements').addColumn('from_reserved', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('part_movements_at').on('part_movements').columns(['at', 'outlet_id']).execute();

  // set when the low-stock notice went out; cleared when the available stock is back at the minimum
  await db.schema.alterTable('part_stock').addColumn('low_notified_at', ts).execute();

  const id = pg
    ? db.schema.createTable('part_requests').addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : db.schema.createTable('part_requests').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await id
    .addColumn('order_id', fk, (c) => c.notNull().references('service_orders.id'))
    .addColumn('outlet_id', fk, (c) => c.notNull().references('outlets.id'))
    .addColumn('part_id', fk, (c) => c.notNull().references('parts.id'))
    .addColumn('qty', 'integer', (c) => c.notNull())
    // issued | reserved (served from stock at once) | short (refused: not enough stock)
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', fk)
    .execute();
  await db.schema.createIndex('part_requests_at').on('part_requests').columns(['at', 'outlet_id']).execute();
  await db.schema.createIndex('part_requests_order').on('part_requests').columns(['order_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
