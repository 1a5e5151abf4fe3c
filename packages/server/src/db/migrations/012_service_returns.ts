// Returns and exchanges (退换货, tool 25, domain.md §4.6): the request with its 三包 eligibility snapshot, every
// step's time, the inspection, the decision (refund, exchange with the replacement unit, repair with its service
// order) and the customer's sign-off; and the request's history of transitions.
import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? 'timestamptz' : 'text';
  const date = pg ? 'date' : 'text';
  const money = pg ? 'bigint' : 'integer';
  const fk = pg ? 'bigint' : 'integer';
  const idOf = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await idOf('service_returns')
    .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
    .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
    // null for a product without serial numbers: then product and quantity
    .addColumn('unit_id', fk, (c) => c.references('product_units.id'))
    .addColumn('product_id', fk, (c) => c.notNull().references('products.id'))
    .addColumn('qty', 'integer', (c) => c.notNull().defaultTo(1))
    // 原订单/发票号
    .addColumn('order_no', 'varchar(60)')
    .addColumn('purchase_date', date)
    .addColumn('request_date', date, (c) => c.notNull())
    // return | exchange | repair
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    // quality | wrong_item | transport_damage | not_as_described | no_reason | other
    .addColumn('reason', 'varchar(20)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'varchar(50)')
    .addColumn('contact_phone', 'varchar(30)')
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    // the 三包 check as made at intake (rules, decision, windows' last days), JSON
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('eligible', 'integer', (c) => c.notNull())
    // a dispatcher's written reason for accepting a request outside the windows
    .addColumn('override_reason', 'text')
    .addColumn('override_by', fk)
    .addColumn('override_at', ts)
    // RETURN_OUTSIDE_WINDOW | EXCHANGE_OUTSIDE_WINDOW | MANUAL
    .addColumn('rejection_code', 'varchar(40)')
    .addColumn('rejection_note', 'text')
    // packaging, accessories, invoice on receipt (JSON)
    .addColumn('goods_condition', 'text')
    .addColumn('inspection_result', 'text')
    // company | supplier | carrier | customer
    .addColumn('responsible_party', 'varchar(20)')
    // refund | exchange | repair
    .addColumn('decision', 'varchar(20)')
    .addColumn('refund_fen', money)
    .addColumn('refund_method', 'varchar(20)')
    .addColumn('freight_payer', 'varchar(20)')
    .addColumn('replacement_unit_id', fk, (c) => c.references('product_units.id'))
    .addColumn('service_order_id', fk, (c) => c.references('service_orders.id'))
    .addColumn('signed_by', 'varchar(50)')
    .addColumn('completed_date', date)
    .addColumn('approved_at', ts)
    .addColumn('rejected_at', ts)
    .addColumn('received_at', ts)
    .addColumn('inspected_at', ts)
    .addColumn('decided_at', ts)
    .addColumn('closed_at', ts)
    .addColumn('archived_at', ts)
    .addColumn('created_by', fk)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('service_returns_state').on('service_returns').columns(['state', 'id']).execute();
  await db.schema.createIndex('service_returns_customer').on('service_returns').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('service_returns_unit').on('service_returns').columns(['unit_id']).execute();

  await idOf('service_return_events')
    .addColumn('return_id', fk, (c) => c.notNull().references('service_returns.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('action', 'varchar(30)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(20)')
    .addColumn('to_state', 'varchar(20)', (c) => c.notNull())
    .addColumn('actor_id', fk)
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('service_return_events_return').on('service_return_events').columns(['return_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
