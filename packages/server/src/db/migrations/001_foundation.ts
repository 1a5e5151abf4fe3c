// Foundation: organisation, accounts, audit, numbering, dictionaries, customers, jobs, files.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import { isPostgres } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? 'timestamptz' : 'text';
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg
      ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const fk = pg ? 'bigint' : 'integer';
  const stamps = <T extends string>(t: CreateTableBuilder<T, any>) =>
    t
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));

  await stamps(
    id(db.schema.createTable('org_units'))
      .addColumn('parent_id', fk, (c) => c.references('org_units.id'))
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('archived_at', ts),
  ).execute();

  await stamps(
    id(db.schema.createTable('users'))
      .addColumn('username', 'varchar(60)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(60)', (c) => c.notNull())
      .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
      .addColumn('email', 'varchar(200)')
      .addColumn('phone', 'varchar(40)')
      .addColumn('org_unit_id', fk, (c) => c.references('org_units.id'))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', ts)
      .addColumn('last_login_at', ts),
  ).execute();

  await stamps(
    id(db.schema.createTable('roles'))
      .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
      .addColumn('name_zh', 'varchar(60)', (c) => c.notNull())
      .addColumn('name_en', 'varchar(60)', (c) => c.notNull())
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', fk, (c) => c.notNull().references('users.id'))
    .addColumn('role_id', fk, (c) => c.notNull().references('roles.id'))
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', fk, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await id(db.schema.createTable('api_tokens'))
    .addColumn('user_id', fk, (c) => c.notNull().references('users.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('prefix', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', fk, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();

  await id(db.schema.createTable('audit_log'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('user_id', fk)
    .addColumn('username', 'varchar(60)')
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('entity', 'varchar(60)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(60)')
    .addColumn('summary', 'varchar(500)')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('ip', 'varchar(64)')
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
  await db.schema.createIndex('audit_user').on('audit_log').columns(['user_id', 'at']).execute();
  // the audit log is append-only: the database itself refuses deletes
  if (pg) {
    await sql`create function audit_no_delete() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      for each row execute function audit_no_delete()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }

  await db.schema
    .createTable('sequences')
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('period', 'varchar(20)', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sequences_pk', ['name', 'period'])
    .execute();

  await stamps(
    id(db.schema.createTable('dictionaries'))
      .addColumn('type', 'varchar(60)', (c) => c.notNull())
      .addColumn('code', 'varchar(40)', (c) => c.notNull())
      .addColumn('label_zh', 'varchar(100)', (c) => c.notNull())
      .addColumn('label_en', 'varchar(100)', (c) => c.notNull())
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('dictionaries_type_code', ['type', 'code']),
  ).execute();

  await stamps(
    id(db.schema.createTable('customers'))
      .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('type', 'varchar(20)', (c) => c.notNull())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('short_name', 'varchar(50)')
      .addColumn('name_norm', 'varchar(100)', (c) => c.notNull())
      .addColumn('phone', 'varchar(40)')
      .addColumn('email', 'varchar(200)')
      .addColumn('credit_code', 'varchar(18)')
      .addColumn('id_number', 'varchar(18)')
      .addColumn('birthday', pg ? 'date' : 'text')
      .addColumn('lifecycle_state', 'varchar(30)', (c) => c.notNull())
      .addColumn('grade', 'varchar(40)')
      .addColumn('source', 'varchar(40)')
      .addColumn('service_tier', 'varchar(40)')
      .addColumn('owner_id', fk, (c) => c.references('users.id'))
      .addColumn('team_id', fk, (c) => c.references('org_units.id'))
      .addColumn('province_code', 'varchar(6)')
      .addColumn('city_code', 'varchar(6)')
      .addColumn('district_code', 'varchar(6)')
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('merged_into_id', fk)
      .addColumn('archived_at', ts)
      .addColumn('created_by', fk)
      .addColumn('updated_by', fk),
  ).execute();
  for (const [name, cols] of [
    ['customers_owner', ['owner_id', 'id']],
    ['customers_team', ['team_id', 'id']],
    ['customers_credit_code', ['credit_code']],
    ['customers_phone', ['phone']],
    ['customers_name_norm', ['name_norm']],
    ['customers_region', ['province_code', 'city_code', 'district_code']],
    ['customers_state', ['lifecycle_state', 'id']],
    ['customers_grade', ['grade', 'id']],
    ['customers_birthday', ['birthday']],
  ] as const) {
    await db.schema.createIndex(name).on('customers').columns([...cols]).execute();
  }

  await db.schema
    .createTable('customer_tags')
    .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
    .addColumn('tag', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_tags_pk', ['customer_id', 'tag'])
    .execute();
  await db.schema.createIndex('customer_tags_tag').on('customer_tags').columns(['tag', 'customer_id']).execute();

  await db.schema
    .createTable('customer_classifications')
    .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
    .addColumn('dimension', 'varchar(40)', (c) => c.notNull())
    .addColumn('value', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_cls_pk', ['customer_id', 'dimension', 'value'])
    .execute();
  await db.schema
    .createIndex('customer_cls_value')
    .on('customer_classifications')
    .columns(['dimension', 'value', 'customer_id'])
    .execute();

  await stamps(
    id(db.schema.createTable('contacts'))
      .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
      .addColumn('name', 'varchar(50)', (c) => c.notNull())
      .addColumn('gender', 'varchar(10)')
      .addColumn('department', 'varchar(100)')
      .addColumn('title', 'varchar(100)')
      .addColumn('buying_role', 'varchar(20)')
      .addColumn('mobile', 'varchar(40)')
      .addColumn('phone', 'varchar(40)')
      .addColumn('email', 'varchar(200)')
      .addColumn('wechat', 'varchar(60)')
      .addColumn('birthday', pg ? 'date' : 'text')
      .addColumn('hobbies', 'varchar(200)')
      .addColumn('personality', 'varchar(200)')
      .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'varchar(500)')
      .addColumn('archived_at', ts)
      .addColumn('created_by', fk)
      .addColumn('updated_by', fk),
  ).execute();
  await db.schema.createIndex('contacts_customer').on('contacts').column('customer_id').execute();
  await db.schema.createIndex('contacts_mobile').on('contacts').column('mobile').execute();

  await stamps(
    id(db.schema.createTable('addresses'))
      .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
      .addColumn('type', 'varchar(40)', (c) => c.notNull())
      .addColumn('province_code', 'varchar(6)', (c) => c.notNull())
      .addColumn('city_code', 'varchar(6)')
      .addColumn('district_code', 'varchar(6)')
      .addColumn('street', 'varchar(200)')
      .addColumn('postcode', 'varchar(6)')
      .addColumn('route_no', 'varchar(40)')
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'varchar(200)')
      .addColumn('archived_at', ts)
      .addColumn('created_by', fk)
      .addColumn('updated_by', fk),
  ).execute();
  await db.schema.createIndex('addresses_customer').on('addresses').column('customer_id').execute();

  await id(db.schema.createTable('customer_grade_history'))
    .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
    .addColumn('old_grade', 'varchar(40)')
    .addColumn('new_grade', 'varchar(40)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('approved_by', 'varchar(50)')
    .addColumn('created_by', fk)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grade_history_customer').on('customer_grade_history').column('customer_id').execute();

  await id(db.schema.createTable('customer_events'))
    .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('module', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('ref_type', 'varchar(40)')
    .addColumn('ref_id', 'varchar(60)')
    .addColumn('actor_id', fk)
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('customer_events_customer').on('customer_events').columns(['customer_id', 'at']).execute();

  await id(db.schema.createTable('attachments'))
    .addColumn('owner_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('owner_id', fk, (c) => c.notNull())
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', fk)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('archived_at', ts)
    .execute();
  await db.schema.createIndex('attachments_owner').on('attachments').columns(['owner_type', 'owner_id']).execute();

  await id(db.schema.createTable('jobs'))
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('locked_by', 'varchar(60)')
    .addColumn('locked_at', ts)
    .addColumn('last_error', 'text')
    .addColumn('unique_key', 'varchar(200)', (c) => c.unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await id(db.schema.createTable('notifications'))
    .addColumn('user_id', fk, (c) => c.notNull().references('users.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'varchar(300)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();

  await id(db.schema.createTable('imports'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text')
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ok_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text')
    .addColumn('options', 'text')
    .addColumn('created_by', fk, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // full-text search over bigram / pinyin / digit tokens (see platform/search-text.ts)
  if (pg) {
    await sql`create table customer_search (customer_id bigint primary key references customers(id), vector tsvector not null)`.execute(db);
    await sql`create index customer_search_vector on customer_search using gin (vector)`.execute(db);
  } else {
    await sql`create virtual table customer_search using fts5(tokens, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
