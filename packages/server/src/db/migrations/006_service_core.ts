// After-sales service, core: product catalogue and 三包 rules, the installed base, the service network and its
// technicians, the SLA rule table and business calendar, service orders with their transitions and line items,
// spare parts and stock, return visits. Later migrations add returns, agreements, rewards and assessments.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import { BUILT_IN_ROLES } from '@kehu/shared';
import { isPostgres } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? 'timestamptz' : 'text';
  const date = pg ? 'date' : 'text';
  // money in fen (分), as integers, like the customer module
  const money = pg ? 'bigint' : 'integer';
  const fk = pg ? 'bigint' : 'integer';
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg
      ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const stamps = <T extends string>(t: CreateTableBuilder<T, any>) =>
    t
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));

  // ---------- catalogue ----------
  // A product category carries its 三包 rules (all periods are data, per category).
  await stamps(
    id(db.schema.createTable('product_categories'))
      .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('warranty_months', 'integer', (c) => c.notNull())
      .addColumn('return_days', 'integer', (c) => c.notNull())
      .addColumn('exchange_days', 'integer', (c) => c.notNull())
      .addColumn('no_reason_return_days', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('free_repairs_before_exchange', 'integer', (c) => c.notNull())
      .addColumn('maintenance_interval_days', 'integer')
      .addColumn('design_life_years', 'integer')
      .addColumn('note', 'text')
      .addColumn('archived_at', ts),
  ).execute();

  await stamps(
    id(db.schema.createTable('products'))
      .addColumn('model', 'varchar(60)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('category_id', fk, (c) => c.notNull().references('product_categories.id'))
      // null: the category's value applies
      .addColumn('warranty_months', 'integer')
      .addColumn('maintenance_interval_days', 'integer')
      .addColumn('design_life_years', 'integer')
      .addColumn('list_price_fen', money)
      .addColumn('skill', 'varchar(40)')
      .addColumn('note', 'text')
      .addColumn('archived_at', ts),
  ).execute();
  await db.schema.createIndex('products_category').on('products').columns(['category_id', 'id']).execute();

  // The installed base: one row per physical unit (机器档案).
  await stamps(
    id(db.schema.createTable('product_units'))
      .addColumn('serial_no', 'varchar(60)', (c) => c.notNull().unique())
      .addColumn('product_id', fk, (c) => c.notNull().references('products.id'))
      .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
      .addColumn('purchase_date', date)
      .addColumn('dealer', 'varchar(100)')
      .addColumn('invoice_no', 'varchar(60)')
      .addColumn('install_date', date)
      .addColumn('quality_card_no', 'varchar(60)')
      .addColumn('warranty_end', date)
      .addColumn('region_code', 'varchar(6)')
      .addColumn('address', 'varchar(200)')
      .addColumn('note', 'text')
      .addColumn('archived_at', ts)
      .addColumn('created_by', fk),
  ).execute();
  await db.schema.createIndex('product_units_customer').on('product_units').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('product_units_product').on('product_units').columns(['product_id', 'id']).execute();
  await db.schema.createIndex('product_units_warranty_end').on('product_units').columns(['warranty_end']).execute();

  // ---------- service network ----------
  await stamps(
    id(db.schema.createTable('outlets'))
      .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // own | special | authorised
      .addColumn('level', 'varchar(20)')
      // the team whose members (technicians, outlet manager) see the outlet's orders in a team scope
      .addColumn('org_unit_id', fk, (c) => c.references('org_units.id'))
      .addColumn('region_code', 'varchar(6)')
      .addColumn('address', 'varchar(200)')
      .addColumn('manager', 'varchar(50)')
      .addColumn('phone', 'varchar(40)')
      .addColumn('fax', 'varchar(40)')
      .addColumn('email', 'varchar(200)')
      .addColumn('service_types', 'text', (c) => c.notNull()) // JSON array
      .addColumn('skills', 'text', (c) => c.notNull()) // JSON array
      .addColumn('daily_capacity', 'integer', (c) => c.notNull().defaultTo(20))
      .addColumn('opening_hours', 'varchar(100)')
      .addColumn('authorised_from', date)
      .addColumn('authorised_to', date)
      .addColumn('annual_grade', 'varchar(20)')
      .addColumn('note', 'text')
      .addColumn('archived_at', ts),
  ).execute();

  // Coverage: a division code at any level (province, city or county); the longest match wins.
  await db.schema
    .createTable('outlet_regions')
    .addColumn('outlet_id', fk, (c) => c.notNull().references('outlets.id'))
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('region_type', 'varchar(20)', (c) => c.notNull().defaultTo('urban')) // urban | suburban | remote
    .addPrimaryKeyConstraint('outlet_regions_pk', ['outlet_id', 'region_code'])
    .execute();
  await db.schema.createIndex('outlet_regions_region').on('outlet_regions').columns(['region_code', 'outlet_id']).execute();

  // A technician is a user with the technician role; this is their service profile.
  await stamps(
    db.schema
      .createTable('technicians')
      .addColumn('user_id', fk, (c) => c.primaryKey().references('users.id'))
      .addColumn('outlet_id', fk, (c) => c.notNull().references('outlets.id'))
      .addColumn('skills', 'text', (c) => c.notNull()) // JSON array
      .addColumn('certificates', 'text', (c) => c.notNull()) // JSON array of {name, number, validUntil}
      .addColumn('daily_capacity', 'integer', (c) => c.notNull().defaultTo(6))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();
  await db.schema.createIndex('technicians_outlet').on('technicians').columns(['outlet_id', 'user_id']).execute();

  // ---------- SLA rules and business calendar ----------
  // '*' matches anything; the most specific matching rule wins. Minutes are working minutes when
  // business_hours = 1, else calendar minutes.
  await stamps(
    id(db.schema.createTable('sla_rules'))
      .addColumn('service_type', 'varchar(20)', (c) => c.notNull())
      .addColumn('tier', 'varchar(40)', (c) => c.notNull())
      .addColumn('region_type', 'varchar(20)', (c) => c.notNull())
      .addColumn('priority', 'varchar(20)', (c) => c.notNull())
      .addColumn('ack_minutes', 'integer', (c) => c.notNull())
      .addColumn('appointment_minutes', 'integer', (c) => c.notNull())
      .addColumn('arrival_minutes', 'integer', (c) => c.notNull())
      .addColumn('fix_minutes', 'integer', (c) => c.notNull())
      .addColumn('visit_minutes', 'integer', (c) => c.notNull())
      .addColumn('business_hours', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('pause_on_customer', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('pause_on_parts', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('warn_percent', 'integer', (c) => c.notNull().defaultTo(80))
      .addColumn('archived_at', ts)
      .addUniqueConstraint('sla_rules_key', ['service_type', 'tier', 'region_type', 'priority']),
  ).execute();

  // Exceptions to the Monday–Friday week: public holidays (off) and 调休 make-up working days (on).
  await db.schema
    .createTable('calendar_days')
    .addColumn('day', 'varchar(10)', (c) => c.primaryKey()) // YYYY-MM-DD
    .addColumn('kind', 'varchar(10)', (c) => c.notNull()) // holiday | workday
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .execute();

  // Small settings of the service module (working hours, time zone of the calendar, fee defaults).
  await db.schema
    .createTable('service_settings')
    .addColumn('key', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // Fee schedule: labour by service type, call-out by region type (parts are at their list price).
  await stamps(
    id(db.schema.createTable('service_fees'))
      .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // labour | callout
      .addColumn('key', 'varchar(40)', (c) => c.notNull())
      .addColumn('amount_fen', money, (c) => c.notNull())
      .addUniqueConstraint('service_fees_key', ['kind', 'key']),
  ).execute();

  // ---------- service orders ----------
  await stamps(
    id(db.schema.createTable('service_orders'))
      .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('type', 'varchar(20)', (c) => c.notNull()) // install | repair | maintenance | inspection | consult | return
      .addColumn('mode', 'varchar(20)', (c) => c.notNull()) // onsite | carry_in | remote | pickup
      .addColumn('channel', 'varchar(20)', (c) => c.notNull())
      .addColumn('priority', 'varchar(20)', (c) => c.notNull()) // normal | urgent
      .addColumn('state', 'varchar(20)', (c) => c.notNull())
      .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
      .addColumn('unit_id', fk, (c) => c.references('product_units.id'))
      .addColumn('contact_name', 'varchar(50)')
      .addColumn('contact_phone', 'varchar(40)')
      .addColumn('region_code', 'varchar(6)')
      .addColumn('region_type', 'varchar(20)', (c) => c.notNull().defaultTo('urban'))
      .addColumn('address', 'varchar(200)')
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('tier', 'varchar(40)', (c) => c.notNull())
      .addColumn('warranty', 'varchar(20)', (c) => c.notNull()) // in | out | agreement | none
      .addColumn('outlet_id', fk, (c) => c.references('outlets.id'))
      // owner = the technician, team = the outlet's team: the data scope of the service module
      .addColumn('owner_id', fk, (c) => c.references('users.id'))
      .addColumn('team_id', fk, (c) => c.references('org_units.id'))
      .addColumn('sla_rule_id', fk)
      .addColumn('sla', 'text', (c) => c.notNull()) // JSON: the rule's targets when the order was taken
      .addColumn('ack_due', ts)
      .addColumn('appointment_due', ts)
      .addColumn('arrival_due', ts)
      .addColumn('fix_due', ts)
      .addColumn('visit_due', ts)
      // the earliest deadline not yet met, for the SLA board and the scan
      .addColumn('next_due', ts)
      .addColumn('next_due_kind', 'varchar(20)')
      // when the warning share of the running target is reached
      .addColumn('next_warn_at', ts)
      .addColumn('warned_at', ts)
      .addColumn('breached_at', ts)
      .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('paused_since', ts)
      .addColumn('paused_minutes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('appointment_from', ts)
      .addColumn('appointment_to', ts)
      .addColumn('acknowledged_at', ts)
      .addColumn('dispatched_at', ts)
      .addColumn('departed_at', ts)
      .addColumn('arrived_at', ts)
      .addColumn('started_at', ts)
      .addColumn('completed_at', ts)
      .addColumn('visited_at', ts)
      .addColumn('evaluated_at', ts)
      .addColumn('closed_at', ts)
      .addColumn('cancelled_at', ts)
      .addColumn('fault_code', 'varchar(40)')
      .addColumn('diagnosis', 'text')
      .addColumn('resolution', 'text')
      .addColumn('signature_file_id', fk)
      .addColumn('signed_by', 'varchar(50)')
      .addColumn('labour_fee_fen', money, (c) => c.notNull().defaultTo(0))
      .addColumn('callout_fee_fen', money, (c) => c.notNull().defaultTo(0))
      .addColumn('parts_fee_fen', money, (c) => c.notNull().defaultTo(0))
      .addColumn('total_fee_fen', money, (c) => c.notNull().defaultTo(0))
      .addColumn('first_time_fix', 'integer')
      .addColumn('rework_of_id', fk)
      .addColumn('repeat_repair', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rating', 'integer')
      .addColumn('created_by', fk)
      .addColumn('archived_at', ts),
  ).execute();
  for (const [name, cols] of [
    ['service_orders_state', ['state', 'id']],
    ['service_orders_customer', ['customer_id', 'id']],
    ['service_orders_unit', ['unit_id', 'id']],
    ['service_orders_outlet', ['outlet_id', 'state', 'id']],
    ['service_orders_owner', ['owner_id', 'state', 'id']],
    ['service_orders_team', ['team_id', 'state', 'id']],
    ['service_orders_next_due', ['next_due']],
    ['service_orders_next_warn', ['next_warn_at']],
    ['service_orders_completed', ['completed_at']],
  ] as const) {
    await db.schema.createIndex(name).on('service_orders').columns([...cols]).execute();
  }

  // Every transition, timed and attributed.
  await (id(db.schema.createTable('service_order_events')) as CreateTableBuilder<string, never>)
    .addColumn('order_id', fk, (c) => c.notNull().references('service_orders.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('action', 'varchar(30)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(20)')
    .addColumn('to_state', 'varchar(20)')
    .addColumn('actor_id', fk)
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('service_order_events_order').on('service_order_events').columns(['order_id', 'id']).execute();

  // Parts and labour used on an order.
  await (id(db.schema.createTable('service_order_items')) as CreateTableBuilder<string, never>)
    .addColumn('order_id', fk, (c) => c.notNull().references('service_orders.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // part | labour | callout | other
    .addColumn('part_id', fk)
    .addColumn('description', 'varchar(200)', (c) => c.notNull())
    .addColumn('qty', 'integer', (c) => c.notNull())
    .addColumn('unit_price_fen', money, (c) => c.notNull())
    .addColumn('amount_fen', money, (c) => c.notNull())
    .addColumn('free', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', fk)
    .execute();
  await db.schema.createIndex('service_order_items_order').on('service_order_items').columns(['order_id']).execute();

  // ---------- spare parts ----------
  await stamps(
    id(db.schema.createTable('parts'))
      .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('category_id', fk, (c) => c.references('product_categories.id'))
      .addColumn('unit', 'varchar(10)', (c) => c.notNull().defaultTo('个'))
      .addColumn('list_price_fen', money, (c) => c.notNull())
      .addColumn('min_stock', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('archived_at', ts),
  ).execute();

  // Stock per outlet warehouse. The checks make negative stock impossible whatever the application does.
  await db.schema
    .createTable('part_stock')
    .addColumn('outlet_id', fk, (c) => c.notNull().references('outlets.id'))
    .addColumn('part_id', fk, (c) => c.notNull().references('parts.id'))
    .addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('part_stock_pk', ['outlet_id', 'part_id'])
    .addCheckConstraint('part_stock_on_hand', sql`on_hand >= 0`)
    .addCheckConstraint('part_stock_reserved', sql`reserved >= 0 and reserved <= on_hand`)
    .execute();
  await db.schema.createIndex('part_stock_part').on('part_stock').columns(['part_id', 'outlet_id']).execute();

  await (id(db.schema.createTable('part_movements')) as CreateTableBuilder<string, never>)
    .addColumn('part_id', fk, (c) => c.notNull().references('parts.id'))
    .addColumn('outlet_id', fk, (c) => c.notNull().references('outlets.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // receive | transfer_out | transfer_in | reserve | release | issue | return
    .addColumn('qty', 'integer', (c) => c.notNull())
    .addColumn('order_id', fk)
    .addColumn('note', 'varchar(200)')
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', fk)
    .execute();
  await db.schema.createIndex('part_movements_part').on('part_movements').columns(['part_id', 'at']).execute();
  await db.schema.createIndex('part_movements_order').on('part_movements').columns(['order_id']).execute();

  // ---------- return visits ----------
  await stamps(
    id(db.schema.createTable('return_visits'))
      .addColumn('order_id', fk, (c) => c.notNull().references('service_orders.id'))
      .addColumn('due_at', ts, (c) => c.notNull())
      .addColumn('assignee_id', fk, (c) => c.references('users.id'))
      .addColumn('state', 'varchar(20)', (c) => c.notNull()) // open | done | cancelled
      .addColumn('channel', 'varchar(20)') // phone | link
      .addColumn('token_hash', 'varchar(64)')
      .addColumn('on_time', 'integer')
      .addColumn('solved', 'integer')
      .addColumn('attitude', 'integer') // 1-5
      .addColumn('fees_ok', 'integer')
      .addColumn('misconduct', 'integer') // 吃拿卡要
      .addColumn('rating', 'integer') // 1-5
      .addColumn('comment', 'text')
      .addColumn('dissatisfied', 'integer')
      .addColumn('follow_up', 'varchar(20)') // rework | complaint
      .addColumn('follow_up_order_id', fk)
      .addColumn('done_at', ts)
      .addColumn('done_by', fk),
  ).execute();
  await db.schema.createIndex('return_visits_order').on('return_visits').columns(['order_id']).execute();
  await db.schema.createIndex('return_visits_open').on('return_visits').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('return_visits_token').on('return_visits').columns(['token_hash']).execute();

  // Built-in roles of an existing database gain the service permissions and scope of their definition
  // (a new database gets them from the first-start seed); whatever an admin changed stays.
  for (const def of BUILT_IN_ROLES) {
    const row = await db.selectFrom('roles').select(['id', 'permissions', 'scopes']).where('code', '=', def.code).executeTakeFirst();
    if (!row) continue;
    const perms = new Set<string>(JSON.parse(row.permissions));
    for (const p of def.permissions) if (p.startsWith('service:')) perms.add(p);
    const scopes = JSON.parse(row.scopes) as Record<string, string>;
    if (def.scopes.service && !scopes.service) scopes.service = def.scopes.service;
    await db
      .updateTable('roles')
      .set({ permissions: JSON.stringify([...perms]), scopes: JSON.stringify(scopes) })
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
