// Complaint handling and claims (客户投诉·索赔, domain.md §1.8, §3.11, §4.3, §4.3.1, tools 33–41): the complaint
// record (tool 35) with its events and corrective / preventive actions, the deadline rules by severity × tier, the
// escalation levels (升级投诉 1 → 2 → 3), the reply and apology templates (最佳道歉方式表, tool 37), claims (tool 41)
// with their approval bands, the daily report (tool 36) and its subscribers, and the platform's Idempotency-Key
// store. Seeds the category and cause dictionaries, the default rules of §3.11 and the default bands.
import { sql, type Kysely, type CreateTableBuilder, type SqlBool } from 'kysely';
import { BUILT_IN_ROLES } from '@kehu/shared';
import { isPostgres } from '../dialect';

const CATEGORIES: [string, string, string][] = [
  ['quality', '产品质量', 'Product quality'],
  ['performance', '产品性能/功能', 'Performance / function'],
  ['installation', '安装质量', 'Installation'],
  ['repair', '维修质量', 'Repair'],
  ['attitude', '服务态度', 'Service attitude'],
  ['timeliness', '服务时效', 'Service timeliness'],
  ['delivery', '交货期/物流', 'Delivery / logistics'],
  ['price', '价格/收费', 'Price / charges'],
  ['billing', '账务/发票', 'Billing / invoice'],
  ['promise', '合同/承诺未兑现', 'Broken contract / promise'],
  ['advertising', '广告/宣传不符', 'Misleading advertising'],
  ['other', '其他', 'Other'],
];
const CAUSES: [string, string, string][] = [
  ['product_defect', '产品缺陷', 'Product defect'],
  ['service_failure', '服务失误', 'Service failure'],
  ['expectation', '期望过高/过度承诺', 'Expectations / over-promising'],
  ['communication', '沟通不畅', 'Communication failure'],
  ['process', '流程/制度问题', 'Process or policy'],
  ['supplier', '供应商/承运人', 'Supplier or carrier'],
  ['misuse', '客户使用不当', 'Customer misuse'],
  ['other', '其他', 'Other'],
];

/** §3.11 and §3.8: reply and close targets by severity; VIP ×0.5 and gold ×0.75 on both. */
const SEVERITY_TARGETS: Record<string, { reply: number; replyBh: boolean; resolve: number }> = {
  minor: { reply: 24 * 60, replyBh: false, resolve: 3 * 480 },
  major: { reply: 4 * 60, replyBh: false, resolve: 2 * 480 },
  critical: { reply: 2 * 60, replyBh: false, resolve: 480 },
};
const TIER_FACTOR: Record<string, number> = { '*': 1, vip: 0.5, gold: 0.75 };

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? 'timestamptz' : 'text';
  const date = pg ? 'date' : 'text';
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
  const now = new Date().toISOString();

  // ---------- rules ----------
  // Reply and resolution targets by severity × customer tier ('*' = any); minutes, working or calendar.
  await stamps(
    id(db.schema.createTable('complaint_sla_rules'))
      .addColumn('severity', 'varchar(20)', (c) => c.notNull())
      .addColumn('tier', 'varchar(40)', (c) => c.notNull())
      .addColumn('reply_minutes', 'integer', (c) => c.notNull())
      .addColumn('reply_business_hours', 'integer', (c) => c.notNull())
      .addColumn('resolve_minutes', 'integer', (c) => c.notNull())
      .addColumn('resolve_business_hours', 'integer', (c) => c.notNull())
      .addColumn('warn_percent', 'integer', (c) => c.notNull().defaultTo(80))
      .addColumn('archived_at', ts),
  ).execute();
  await db.schema.createIndex('complaint_sla_rules_key').on('complaint_sla_rules').columns(['severity', 'tier']).unique().execute();

  // The escalation ladder: level 2 and 3 each have an owner (a user; else the first active holder of the role) and
  // the time that level has before the next step up.
  await stamps(
    id(db.schema.createTable('complaint_levels'))
      .addColumn('level', 'integer', (c) => c.notNull().unique())
      .addColumn('owner_id', fk, (c) => c.references('users.id'))
      .addColumn('role_code', 'varchar(40)')
      .addColumn('window_minutes', 'integer', (c) => c.notNull())
      .addColumn('business_hours', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();

  // 最佳道歉方式表 (tool 37): situation, the apology and reply texts, the action that goes with them, taboo phrases.
  await stamps(
    id(db.schema.createTable('complaint_templates'))
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('category', 'varchar(40)') // null: any category
      .addColumn('temperament', 'varchar(20)') // null: any customer type
      .addColumn('situation', 'text')
      .addColumn('apology', 'text', (c) => c.notNull())
      .addColumn('reply', 'text', (c) => c.notNull())
      .addColumn('paired_action', 'varchar(200)')
      .addColumn('taboo', 'text')
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('archived_at', ts),
  ).execute();

  // ---------- the complaint record (tool 35) ----------
  await stamps(
    id(db.schema.createTable('complaints'))
      .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('state', 'varchar(30)', (c) => c.notNull())
      .addColumn('channel', 'varchar(20)', (c) => c.notNull())
      .addColumn('customer_id', fk, (c) => c.references('customers.id'))
      .addColumn('complainant_name', 'varchar(50)', (c) => c.notNull())
      .addColumn('complainant_phone', 'varchar(40)')
      .addColumn('complainant_email', 'varchar(120)')
      .addColumn('tier', 'varchar(40)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(6)')
      // what it concerns
      .addColumn('product_id', fk, (c) => c.references('products.id'))
      .addColumn('unit_id', fk, (c) => c.references('product_units.id'))
      .addColumn('service_order_id', fk, (c) => c.references('service_orders.id'))
      .addColumn('outlet_id', fk, (c) => c.references('outlets.id'))
      .addColumn('order_no', 'varchar(60)')
      // content
      .addColumn('category', 'varchar(40)')
      .addColumn('severity', 'varchar(20)', (c) => c.notNull())
      // VIP complaints first (§1.8): 2 × severity rank (minor 1, major 2, critical 3) + 1 for a VIP customer
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(2))
      .addColumn('summary', 'varchar(200)', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('demands', 'varchar(200)', (c) => c.notNull()) // comma-separated demand codes
      .addColumn('demand_note', 'text')
      .addColumn('temperament', 'varchar(20)')
      .addColumn('value_orientation', 'varchar(200)')
      .addColumn('soothing', 'text')
      // handling
      .addColumn('validity', 'varchar(10)') // valid | invalid, null until judged
      .addColumn('invalid_reason', 'text')
      .addColumn('department_id', fk, (c) => c.references('org_units.id'))
      // owner = the handler at the current level, team = the responsible department: the data scope
      .addColumn('owner_id', fk, (c) => c.references('users.id'))
      .addColumn('team_id', fk, (c) => c.references('org_units.id'))
      .addColumn('handler_id', fk, (c) => c.references('users.id')) // the level-1 handler, kept when escalated
      .addColumn('level', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('escalated_at', ts)
      .addColumn('escalations', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('investigation', 'text')
      .addColumn('root_cause', 'varchar(40)')
      .addColumn('cause_analysis', 'text')
      .addColumn('solution_kind', 'varchar(20)')
      .addColumn('solution', 'text')
      .addColumn('resolution', 'text')
      .addColumn('compensation_fen', money, (c) => c.notNull().defaultTo(0))
      // confirmation, return visit, closure
      .addColumn('confirmation', 'varchar(20)')
      .addColumn('confirmed_by', 'varchar(20)') // customer | agent
      .addColumn('confirm_reason', 'text')
      .addColumn('visit_result', 'text')
      .addColumn('visit_rating', 'integer')
      .addColumn('won_back', 'integer')
      .addColumn('on_time', 'integer')
      .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('approved_by', fk, (c) => c.references('users.id')) // 主管审核 at closure
      // deadlines (the shared business calendar): the committed reply and resolution times, the current level's
      // window, and the earliest one still running for the scan
      .addColumn('sla', 'text', (c) => c.notNull())
      .addColumn('reply_due', ts)
      .addColumn('resolve_due', ts)
      .addColumn('level_due', ts)
      .addColumn('next_due', ts)
      .addColumn('next_due_kind', 'varchar(20)')
      .addColumn('next_warn_at', ts)
      .addColumn('warned_at', ts)
      .addColumn('breached_at', ts)
      .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('received_at', ts, (c) => c.notNull())
      .addColumn('classified_at', ts)
      .addColumn('assigned_at', ts)
      .addColumn('first_reply_at', ts)
      .addColumn('resolved_at', ts)
      .addColumn('confirmed_at', ts)
      .addColumn('visited_at', ts)
      .addColumn('closed_at', ts)
      // where it came from (a dissatisfied return visit, the public page, an integration) and the customer's link
      .addColumn('source_type', 'varchar(20)')
      .addColumn('source_id', fk)
      .addColumn('token_hash', 'varchar(64)')
      .addColumn('token_expires_at', ts)
      .addColumn('created_by', fk)
      .addColumn('updated_by', fk)
      .addColumn('archived_at', ts),
  ).execute();
  const OPEN = ['received', 'classified', 'assigned', 'investigating', 'solution_proposed', 'resolving', 'resolved', 'confirmed', 'invalid'];
  const openSql = sql.raw<SqlBool>(`state in (${OPEN.map((s) => `'${s}'`).join(', ')})`);
  for (const [name, cols] of [
    ['complaints_state', ['state', 'id']],
    ['complaints_customer', ['customer_id', 'id']],
    ['complaints_owner', ['owner_id', 'state', 'id']],
    ['complaints_team', ['team_id', 'state', 'id']],
    ['complaints_received', ['received_at', 'category']],
    ['complaints_closed', ['closed_at']],
    ['complaints_unit', ['unit_id']],
    ['complaints_service_order', ['service_order_id']],
    ['complaints_source', ['source_type', 'source_id']],
    ['complaints_token', ['token_hash']],
    ['complaints_phone', ['complainant_phone']],
  ] as const) {
    await db.schema.createIndex(name).on('complaints').columns([...cols]).execute();
  }
  // the open ones: the list, the scan and the daily report read only these
  await db.schema.createIndex('complaints_open').on('complaints').columns(['priority', 'id']).where(openSql).execute();
  await db.schema.createIndex('complaints_open_due').on('complaints').columns(['next_due']).where(openSql).execute();
  await db.schema.createIndex('complaints_open_warn').on('complaints').columns(['next_warn_at']).where(openSql).execute();

  await id(db.schema.createTable('complaint_events'))
    .addColumn('complaint_id', fk, (c) => c.notNull().references('complaints.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('action', 'varchar(30)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(30)')
    .addColumn('to_state', 'varchar(30)')
    .addColumn('actor_id', fk)
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('complaint_events_complaint').on('complaint_events').columns(['complaint_id', 'id']).execute();
  await db.schema.createIndex('complaint_events_at').on('complaint_events').columns(['at', 'action']).execute();

  // 纠正措施 / 预防措施 with owners and due dates
  await stamps(
    id(db.schema.createTable('complaint_actions'))
      .addColumn('complaint_id', fk, (c) => c.notNull().references('complaints.id'))
      .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // corrective | preventive
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('owner_id', fk, (c) => c.references('users.id'))
      .addColumn('due_date', date)
      .addColumn('done_at', ts)
      .addColumn('verification', 'text'),
  ).execute();
  await db.schema.createIndex('complaint_actions_complaint').on('complaint_actions').columns(['complaint_id', 'id']).execute();

  // ---------- claims (tool 41) ----------
  await stamps(
    id(db.schema.createTable('claims'))
      .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('state', 'varchar(30)', (c) => c.notNull())
      .addColumn('complaint_id', fk, (c) => c.references('complaints.id'))
      .addColumn('customer_id', fk, (c) => c.notNull().references('customers.id'))
      .addColumn('product_id', fk, (c) => c.references('products.id'))
      .addColumn('unit_id', fk, (c) => c.references('product_units.id'))
      .addColumn('service_order_id', fk, (c) => c.references('service_orders.id'))
      .addColumn('order_no', 'varchar(60)')
      .addColumn('batch_no', 'varchar(60)')
      .addColumn('quantity', 'integer')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('basis', 'text')
      .addColumn('amount_fen', money, (c) => c.notNull())
      .addColumn('finding', 'text')
      .addColumn('liability', 'varchar(20)')
      .addColumn('approved_fen', money)
      .addColumn('approved_by', fk, (c) => c.references('users.id'))
      .addColumn('approved_at', ts)
      .addColumn('settlement', 'varchar(20)')
      .addColumn('settled_fen', money)
      .addColumn('settled_at', ts)
      .addColumn('settlement_note', 'text')
      .addColumn('recovery_party', 'varchar(100)')
      .addColumn('recovery_fen', money)
      .addColumn('recovery_state', 'varchar(20)')
      .addColumn('reject_reason', 'text')
      .addColumn('note', 'text')
      .addColumn('owner_id', fk, (c) => c.references('users.id'))
      .addColumn('team_id', fk, (c) => c.references('org_units.id'))
      .addColumn('created_by', fk)
      .addColumn('updated_by', fk)
      .addColumn('closed_at', ts)
      .addColumn('archived_at', ts),
  ).execute();
  for (const [name, cols] of [
    ['claims_state', ['state', 'id']],
    ['claims_complaint', ['complaint_id']],
    ['claims_customer', ['customer_id', 'id']],
    ['claims_created', ['created_at']],
  ] as const) {
    await db.schema.createIndex(name).on('claims').columns([...cols]).execute();
  }
  await id(db.schema.createTable('claim_events'))
    .addColumn('claim_id', fk, (c) => c.notNull().references('claims.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('action', 'varchar(30)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(30)')
    .addColumn('to_state', 'varchar(30)')
    .addColumn('actor_id', fk)
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('claim_events_claim').on('claim_events').columns(['claim_id', 'id']).execute();
  await db.schema
    .createTable('claim_files')
    .addColumn('claim_id', fk, (c) => c.notNull().references('claims.id'))
    .addColumn('file_id', fk, (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('claim_files_pk', ['claim_id', 'file_id'])
    .execute();

  // Approval by amount: a role may approve up to its band's ceiling (null = no ceiling).
  await stamps(
    id(db.schema.createTable('claim_bands'))
      .addColumn('role_code', 'varchar(40)', (c) => c.notNull().unique())
      .addColumn('max_fen', money),
  ).execute();

  // ---------- the daily report (tool 36) ----------
  await id(db.schema.createTable('complaint_daily_reports'))
    .addColumn('day', date, (c) => c.notNull().unique())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('generated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('complaint_report_subscribers')
    .addColumn('user_id', fk, (c) => c.primaryKey().references('users.id'))
    .addColumn('email', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  // ---------- platform: Idempotency-Key ----------
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'varchar(120)', (c) => c.notNull()) // user id + method + route
    .addColumn('key', 'varchar(120)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'integer') // null while the first request is still running
    .addColumn('response', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();

  // ---------- seeds ----------
  let sort = 0;
  for (const [type, rows] of [
    ['complaint_category', CATEGORIES],
    ['complaint_cause', CAUSES],
  ] as const) {
    sort = 0;
    for (const [code, zh, en] of rows) {
      await db
        .insertInto('dictionaries')
        .values({ type, code, label_zh: zh, label_en: en, sort: sort++, active: 1, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['type', 'code']).doNothing())
        .execute();
    }
  }
  for (const [severity, t] of Object.entries(SEVERITY_TARGETS)) {
    for (const [tier, f] of Object.entries(TIER_FACTOR)) {
      await db
        .insertInto('complaint_sla_rules')
        .values({
          severity,
          tier,
          reply_minutes: Math.round(t.reply * f),
          reply_business_hours: t.replyBh ? 1 : 0,
          resolve_minutes: Math.round(t.resolve * f),
          resolve_business_hours: 1,
          warn_percent: 80,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
  // level 1 is the assigned handler; 2: the customer supervisor, one working day; 3: management, one working day
  for (const [level, role, window] of [
    [1, null, 480],
    [2, 'supervisor', 480],
    [3, 'management', 480],
  ] as const) {
    await db.insertInto('complaint_levels').values({ level, owner_id: null, role_code: role, window_minutes: window, business_hours: 1, created_at: now, updated_at: now }).execute();
  }
  for (const [role, max] of [
    ['service_agent', 100_000], // ¥1,000
    ['service_manager', 1_000_000], // ¥10,000
    ['supervisor', 5_000_000], // ¥50,000
    ['management', null],
    ['admin', null],
  ] as const) {
    await db.insertInto('claim_bands').values({ role_code: role, max_fen: max, created_at: now, updated_at: now }).execute();
  }

  // built-in roles that exist already get the complaint permissions and scope of their definition
  for (const def of BUILT_IN_ROLES) {
    const row = await db.selectFrom('roles').select(['id', 'permissions', 'scopes']).where('code', '=', def.code).executeTakeFirst();
    if (!row) continue;
    const perms = new Set<string>(JSON.parse(row.permissions));
    for (const p of def.permissions) if (p.startsWith('complaints:')) perms.add(p);
    const scopes = JSON.parse(row.scopes) as Record<string, string>;
    if (def.scopes.complaints && !scopes.complaints) scopes.complaints = def.scopes.complaints;
    await db
      .updateTable('roles')
      .set({ permissions: JSON.stringify([...perms]), scopes: JSON.stringify(scopes) })
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
