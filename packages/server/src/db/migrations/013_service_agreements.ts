// Service agreements (售后服务协议书, domain.md tool 29) and proactive service (domain.md §4.4, the 外白渡桥 story):
// agreements with their covered units and entitlements; the agreement an order was taken under; and the claims of
// the proactive jobs (one row per unit, kind and period), which make each reminder or automatic order happen once
// however many instances run the job.
import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? 'timestamptz' : 'text';
  const date = pg ? 'date' : 'text';
  const money = pg ? 'bigint' : 'integer';
  const fk = pg ? 'bigint' : 'integer';
  const table = pg
    ? db.schema.createTable('service_agreements').addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : db.schema.createTable('service_agreements').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
    .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
    .addColumn('state', 'varchar(20)', (c) => c.notNull()) // draft | active | expired | terminated
    .addColumn('start_date', date, (c) => c.notNull())
    .addColumn('end_date', date, (c) => c.notNull())
    // included maintenance and inspection visits per agreement year
    .addColumn('visits_per_year', 'integer', (c) => c.notNull().defaultTo(0))
    // a service-tier code: replaces the customer's tier in the SLA lookup of orders under the agreement
    .addColumn('response_level', 'varchar(40)', (c) => c.notNull())
    .addColumn('parts_included', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fee_fen', money, (c) => c.notNull().defaultTo(0))
    .addColumn('payment_terms', 'varchar(200)')
    .addColumn('scope', 'text', (c) => c.notNull()) // JSON array: repair | maintenance | inspection | training | hotline
    .addColumn('signed_date', date)
    .addColumn('note', 'text')
    .addColumn('renewed_from_id', fk, (c) => c.references('service_agreements.id'))
    .addColumn('activated_at', ts)
    .addColumn('terminated_at', ts)
    .addColumn('termination_reason', 'text')
    .addColumn('created_by', fk)
    .addColumn('updated_by', fk)
    .addColumn('archived_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('service_agreements_customer').on('service_agreements').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('service_agreements_state').on('service_agreements').columns(['state', 'end_date']).execute();
  await db.schema.createIndex('service_agreements_renewed_from').on('service_agreements').columns(['renewed_from_id']).execute();

  await db.schema
    .createTable('service_agreement_units')
    .addColumn('agreement_id', fk, (c) => c.notNull().references('service_agreements.id'))
    .addColumn('unit_id', fk, (c) => c.notNull().references('product_units.id'))
    .addPrimaryKeyConstraint('service_agreement_units_pk', ['agreement_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('service_agreement_units_unit').on('service_agreement_units').columns(['unit_id', 'agreement_id']).execute();

  // the agreement an order was taken under, and whether its parts are free (null: not under an agreement's cover)
  await db.schema.alterTable('service_orders').addColumn('agreement_id', fk, (c) => c.references('service_agreements.id')).execute();
  await db.schema.alterTable('service_orders').addColumn('parts_included', 'integer').execute();
  await db.schema.createIndex('service_orders_agreement').on('service_orders').columns(['agreement_id', 'created_at']).execute();

  // Claims of the proactive jobs. kind: warranty_expiring (period = the warranty end), design_life_end (period = the
  // end of the design life), maintenance (period = the local day of the run that created the order).
  await db.schema
    .createTable('service_unit_reminders')
    .addColumn('unit_id', fk, (c) => c.notNull().references('product_units.id'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('period', date, (c) => c.notNull())
    .addColumn('customer_id', fk, (c) => c.notNull())
    .addColumn('order_id', fk)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('service_unit_reminders_pk', ['unit_id', 'kind', 'period'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
