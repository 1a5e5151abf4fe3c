// Supervision and evaluation of after-sales service (监督与考核): the reward and penalty rules of tool 31 with the
// monthly points ledger, and the versioned after-sales evaluation scheme (tool 32 / GB/T 27922) with assessment
// runs, per-item results, special items and action items. Seeds the default rules (only into an empty rule table)
// and version 1 of the evaluation scheme (only when no scheme exists), so it also runs on existing databases.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import { isPostgres } from '../dialect';

type Rule = [code: string, kind: 'reward' | 'penalty', matter: string, criterion: string, event: string, points: number, amountFen: number, appliesTo: 'person' | 'outlet'];

/** Tool 31 defaults (domain.md §2.2): every value is editable data. */
const RULES: Rule[] = [
  ['R01', 'reward', '客户表扬信/锦旗', '客户以表扬信、锦旗、感谢信或书面评价表扬服务人员，经客服部核实', 'manual', 5, 0, 'person'],
  ['R02', 'reward', '回访好评', '完工回访中客户总体评分为 5 分（非常满意）', 'praise', 1, 0, 'person'],
  ['R03', 'reward', '一次修复', '工单一次上门修复，无待配件、无二次上门', 'first_time_fix', 1, 0, 'person'],
  ['R04', 'reward', '月度满意度达到目标', '网点当月回访满意率（4–5 分）不低于 90%', 'manual', 3, 0, 'outlet'],
  ['R05', 'reward', '零投诉', '网点当月无有效投诉', 'manual', 3, 0, 'outlet'],
  ['R06', 'reward', '合理化建议被采纳', '提出的服务改进建议经部门评审采纳', 'manual', 2, 0, 'person'],
  ['P01', 'penalty', '有效投诉', '客户投诉经调查属实、责任在服务人员', 'manual', -3, 0, 'person'],
  ['P02', 'penalty', '回访不满意', '完工回访中客户表示不满意', 'dissatisfied_visit', -2, 0, 'person'],
  ['P03', 'penalty', '超时响应/超时到场', '工单任一服务时限（受理、预约、到场、修复、回访）超时', 'sla_breach', -2, 0, 'person'],
  ['P04', 'penalty', '网点超时', '网点工单任一服务时限超时', 'sla_breach', -1, 0, 'outlet'],
  ['P05', 'penalty', '返修', '完工后同一机器因同一问题再次报修并生成返修单，计入原工单的维修人员', 'repeat_repair', -3, 0, 'person'],
  ['P06', 'penalty', '未回访', '完工工单超过回访时限仍未回访', 'manual', -1, 0, 'outlet'],
  ['P07', 'penalty', '乱收费', '未按价目表收费、多收费或收费不开具单据，经核实', 'manual', -10, -20000, 'person'],
  ['P08', 'penalty', '吃拿卡要', '回访或调查核实服务人员有吃、拿、卡、要行为（情节严重者解除合同）', 'misconduct', -20, -50000, 'person'],
  ['P09', 'penalty', '服务态度恶劣', '与客户争吵、言语粗鲁或拒绝合理要求，经核实', 'manual', -5, 0, 'person'],
  ['P10', 'penalty', '虚假工单', '虚报工单、伪造客户签字或虚报配件，经核实', 'manual', -20, -50000, 'person'],
];

type Item = [clause: string, name: string, points: number, method: string, evidence: string | null, requirement: string];
type Group = [clause: string, name: string, items: Item[]];

/**
 * GB/T 27922 structure: 3 first-level and 15 second-level indicators (domain.md §5.2). The official point allocation
 * was not found: these points are placeholders that sum to 100 (provisional = 1), to be replaced with the official
 * table. Requirement texts of 5.1.4 and 5.1.5 follow the published clauses; the others are proposals.
 */
const SCHEME_V1: Group[] = [
  [
    '5.1',
    '售后服务体系',
    [
      ['5.1.1', '组织架构', 6, 'document', null, '设立售后服务管理部门，明确职责、岗位设置与汇报关系，覆盖售后服务的全部活动。'],
      ['5.1.2', '人员配置', 6, 'sampling', null, '服务人员数量与业务量相适应，持证上岗，经过产品、技能与礼仪培训，有培训记录。'],
      ['5.1.3', '资源配置', 6, 'site', null, '服务网点、设施设备、备件、车辆与信息系统满足服务需要，并有维护记录。'],
      [
        '5.1.4',
        '规范要求',
        6,
        'document',
        null,
        '5.1.4.1 对售后服务的全部活动和过程（商品/服务范围、功能设计、分工、运作机制）制定规则和规范，形成企业文件，构成完整的售后服务手册；5.1.4.2 识别适用的法律法规并使员工知晓。',
      ],
      [
        '5.1.5',
        '监督',
        6,
        'document',
        'supervision',
        '5.1.5.1 设立服务监督机构并配备专职人员，监督售后服务体系的运行；5.1.5.2 监督与奖惩挂钩，持续修订服务目标，通过内部和外部评价提高服务质量。',
      ],
      ['5.1.6', '改进', 5, 'document', null, '定期分析服务数据、顾客意见与投诉，制定并跟踪纠正和预防措施，持续改进。'],
      ['5.1.7', '服务文化', 5, 'interview', null, '有明确的服务理念与服务承诺，员工知晓并在服务中体现。'],
    ],
  ],
  [
    '5.2',
    '商品服务',
    [
      ['5.2.1', '商品信息', 6, 'document', null, '向顾客提供真实、完整的商品信息：说明书、保修卡（质量信誉卡）、安装使用与保养说明。'],
      ['5.2.2', '技术支持', 7, 'interview', null, '提供技术咨询热线、安装调试、使用指导与培训，响应及时。'],
      ['5.2.3', '配送', 6, 'sampling', null, '按约定时间、地点完好送达，送货记录完整，顾客签收。'],
      ['5.2.4', '维修', 9, 'sampling', 'repair', '维修网点覆盖销售区域，按时限响应、到场与修复；一次修复率、返修率与备件供应满足目标；收费符合价目表。'],
      ['5.2.5', '质量保证', 7, 'document', null, '执行三包规定及企业的保修承诺，质量问题的退换货按规定处理。'],
      ['5.2.6', '废弃商品回收', 5, 'document', null, '提供以旧换新或废弃商品回收渠道，依法处理废弃商品。'],
    ],
  ],
  [
    '5.3',
    '顾客服务',
    [
      ['5.3.1', '顾客关系', 10, 'interview', null, '建立顾客档案，开展回访与满意度测评，提供顾客关怀，保护顾客信息。'],
      ['5.3.2', '投诉处理', 10, 'sampling', 'complaint', '投诉渠道畅通，按时限受理、处理并回复，投诉记录完整，结案后回访与分析改进。'],
    ],
  ],
];

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

  // ---------- reward and penalty rules (客户服务奖罚规则) ----------
  await stamps(
    id(db.schema.createTable('service_reward_rules'))
      .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull()) // reward | penalty
      .addColumn('matter', 'varchar(200)', (c) => c.notNull())
      .addColumn('criterion', 'text', (c) => c.notNull())
      .addColumn('event', 'varchar(30)', (c) => c.notNull())
      .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('amount_fen', money, (c) => c.notNull().defaultTo(0))
      .addColumn('applies_to', 'varchar(10)', (c) => c.notNull()) // person | outlet
      .addColumn('department', 'varchar(60)')
      .addColumn('effective_from', date, (c) => c.notNull())
      .addColumn('effective_to', date)
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();

  // The points ledger: automatic entries are recomputed per month from the events; manual ones are kept.
  await (id(db.schema.createTable('service_points_entries')) as CreateTableBuilder<string, never>)
    .addColumn('month', 'varchar(7)', (c) => c.notNull()) // YYYY-MM, company time zone
    .addColumn('subject', 'varchar(10)', (c) => c.notNull()) // person | outlet
    .addColumn('user_id', fk, (c) => c.references('users.id'))
    .addColumn('outlet_id', fk, (c) => c.references('outlets.id'))
    .addColumn('rule_id', fk, (c) => c.references('service_reward_rules.id'))
    .addColumn('source', 'varchar(10)', (c) => c.notNull()) // auto | manual
    .addColumn('event', 'varchar(30)', (c) => c.notNull())
    .addColumn('order_id', fk, (c) => c.references('service_orders.id'))
    .addColumn('ref_id', fk)
    // auto entries: rule:event:ref, so one event never counts twice under a rule whatever runs concurrently
    .addColumn('auto_key', 'varchar(80)', (c) => c.unique())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', money, (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', fk)
    .addColumn('voided_at', ts)
    .addColumn('voided_by', fk)
    .addColumn('void_reason', 'text')
    .execute();
  await db.schema.createIndex('service_points_month_user').on('service_points_entries').columns(['month', 'user_id']).execute();
  await db.schema.createIndex('service_points_month_outlet').on('service_points_entries').columns(['month', 'outlet_id']).execute();
  await db.schema.createIndex('service_points_month_source').on('service_points_entries').columns(['month', 'source']).execute();

  await db.schema
    .createTable('service_points_months')
    .addColumn('month', 'varchar(7)', (c) => c.primaryKey())
    .addColumn('computed_at', ts, (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .execute();

  // ---------- evaluation schemes (评价方案) ----------
  await stamps(
    id(db.schema.createTable('evaluation_schemes'))
      .addColumn('code', 'varchar(40)', (c) => c.notNull())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('previous_id', fk)
      .addColumn('provisional', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text')
      .addColumn('archived_at', ts)
      .addColumn('created_by', fk)
      .addUniqueConstraint('evaluation_schemes_revision', ['code', 'revision']),
  ).execute();

  await (id(db.schema.createTable('evaluation_indicators')) as CreateTableBuilder<string, never>)
    .addColumn('scheme_id', fk, (c) => c.notNull().references('evaluation_schemes.id'))
    .addColumn('parent_id', fk, (c) => c.references('evaluation_indicators.id'))
    .addColumn('level', 'integer', (c) => c.notNull()) // 1 first-level, 2 second-level, 3 check item
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('clause', 'varchar(20)')
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('requirement', 'text')
    .addColumn('method', 'varchar(20)') // document | site | sampling | interview
    .addColumn('evidence', 'varchar(20)') // repair | complaint | supervision
    .addColumn('points', 'integer') // leaves only
    .execute();
  await db.schema.createIndex('evaluation_indicators_scheme').on('evaluation_indicators').columns(['scheme_id', 'sort']).execute();

  // ---------- assessment runs ----------
  await stamps(
    id(db.schema.createTable('evaluation_runs'))
      .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('scheme_id', fk, (c) => c.notNull().references('evaluation_schemes.id'))
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('state', 'varchar(10)', (c) => c.notNull()) // draft | final
      .addColumn('assessed_on', date, (c) => c.notNull())
      .addColumn('period_from', date, (c) => c.notNull())
      .addColumn('period_to', date, (c) => c.notNull())
      .addColumn('assessors', 'text', (c) => c.notNull()) // JSON array of names
      .addColumn('scope', 'text')
      .addColumn('score_tenths', 'integer')
      .addColumn('star', 'varchar(10)')
      .addColumn('finalised_at', ts)
      .addColumn('finalised_by', fk)
      .addColumn('archived_at', ts)
      .addColumn('created_by', fk),
  ).execute();
  await db.schema.createIndex('evaluation_runs_scheme').on('evaluation_runs').columns(['scheme_id']).execute();
  await db.schema.createIndex('evaluation_runs_assessed').on('evaluation_runs').columns(['state', 'assessed_on']).execute();

  await db.schema
    .createTable('evaluation_results')
    .addColumn('run_id', fk, (c) => c.notNull().references('evaluation_runs.id'))
    .addColumn('indicator_id', fk, (c) => c.notNull().references('evaluation_indicators.id'))
    .addColumn('result', 'varchar(12)') // conform | partial | nonconform | na; null = not assessed
    .addColumn('ratio_pm', 'integer') // partial: conforming share in per mille
    .addColumn('evidence', 'text')
    .addPrimaryKeyConstraint('evaluation_results_pk', ['run_id', 'indicator_id'])
    .execute();

  await (id(db.schema.createTable('evaluation_specials')) as CreateTableBuilder<string, never>)
    .addColumn('run_id', fk, (c) => c.notNull().references('evaluation_runs.id'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull()) // deduction | bonus
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('indicator_id', fk, (c) => c.references('evaluation_indicators.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluation_specials_run').on('evaluation_specials').columns(['run_id']).execute();
  // at most one special bonus (特别加分项) per run, whatever the application does
  await sql`create unique index evaluation_specials_one_bonus on evaluation_specials (run_id) where kind = 'bonus'`.execute(db);

  await stamps(
    id(db.schema.createTable('evaluation_actions'))
      .addColumn('run_id', fk, (c) => c.notNull().references('evaluation_runs.id'))
      .addColumn('indicator_id', fk, (c) => c.references('evaluation_indicators.id'))
      .addColumn('special_id', fk, (c) => c.references('evaluation_specials.id'))
      .addColumn('title', 'varchar(300)', (c) => c.notNull())
      .addColumn('owner_id', fk, (c) => c.references('users.id'))
      .addColumn('due_date', date, (c) => c.notNull())
      .addColumn('state', 'varchar(10)', (c) => c.notNull()) // open | done
      .addColumn('note', 'text')
      .addColumn('done_at', ts),
  ).execute();
  await db.schema.createIndex('evaluation_actions_run').on('evaluation_actions').columns(['run_id']).execute();
  await db.schema.createIndex('evaluation_actions_state').on('evaluation_actions').columns(['state', 'due_date']).execute();

  // ---------- seeds ----------
  const now = new Date().toISOString();
  const anyRule = await db.selectFrom('service_reward_rules').select('id').limit(1).executeTakeFirst();
  if (!anyRule) {
    await db
      .insertInto('service_reward_rules')
      .values(
        RULES.map(([code, kind, matter, criterion, event, points, amountFen, appliesTo]) => ({
          code,
          kind,
          matter,
          criterion,
          event,
          points,
          amount_fen: amountFen,
          applies_to: appliesTo,
          department: '客户服务部',
          effective_from: '2020-01-01',
          effective_to: null,
          active: 1,
          created_at: now,
          updated_at: now,
          version: 1,
        })),
      )
      .execute();
  }

  const anyScheme = await db.selectFrom('evaluation_schemes').select('id').limit(1).executeTakeFirst();
  if (!anyScheme) {
    const scheme = await db
      .insertInto('evaluation_schemes')
      .values({
        code: 'GBT27922',
        name: '商品售后服务评价（GB/T 27922）',
        revision: 1,
        previous_id: null,
        provisional: 1,
        note: '结构依 GB/T 27922《商品售后服务评价体系》：3 个一级指标、15 个二级指标。各指标分值为占位值（合计 100 分），请以官方评分表替换；除 5.1.4、5.1.5 外的要求文字为建议内容。',
        archived_at: null,
        created_by: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let sort = 0;
    for (const [clause, name, items] of SCHEME_V1) {
      const g = await db
        .insertInto('evaluation_indicators')
        .values({ scheme_id: scheme.id, parent_id: null, level: 1, sort: sort++, clause, name, requirement: null, method: null, evidence: null, points: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [c, n, points, method, evidence, requirement] of items) {
        await db
          .insertInto('evaluation_indicators')
          .values({ scheme_id: scheme.id, parent_id: g.id, level: 2, sort: sort++, clause: c, name: n, requirement, method, evidence, points })
          .execute();
      }
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
