// Bench data of complaint handling (客户投诉), added to a generated dataset that already holds its service data:
// the complaint handling departments and their people, and 2 complaints per customer (2,000,000 at 1,000,000
// customers) received over the last three years, with their events.
//
// Shape: volume grows slowly over the three years (the last 12 months hold ~35 %), weekdays are busier than
// weekends, office hours busier than the night, and a few days in a hundred are spikes (a batch problem); the
// categories follow a Pareto-like skew (quality, repair and timeliness make ~60 %), severities 80/17/3 %, ~5 % of
// the complaints come from VIP customers. About 3 % are still open, most of the old ones waiting for the
// customer's confirmation or the return visit (their clock is stopped), the rest still being worked on — some of
// those past their deadline and escalated. Deadlines come from the seeded rules and the real business calendar
// (platform/business-calendar.ts via modules/complaints/clock.ts), so reply_due / resolve_due, on_time and the
// overdue flag mean what they mean in the application; breaches escalate one level as the per-minute scan would.
//
// Events: every complaint gets its `create` event; a closed one its `close` (or `visit` while it awaits closure),
// an open one the step into its current state; escalated and reopened ones one more — about 2.1 per complaint.
// The customer timeline (customer_events) is not filled for generated complaints.
//
// The open complaints' time columns are also kept, as whole seconds from the generation time ("the anchor"), in
// bench_complaints_live, so every run moves them to its own "now" (rebaseComplaints) and starts from the same
// state whatever earlier runs did (intakes, the deadline scan's escalations).
//
// Rows are written with direct database access: multi-row prepared inserts in large transactions on SQLite,
// unnest() bulk inserts on PostgreSQL (overlapped with the generation of the next chunk), then ANALYZE.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { WORKING_COMPLAINT_STATES } from '@kehu/shared';
import { openDatabase } from '../packages/server/src/db';
import { migrateToLatest } from '../packages/server/src/db/migrate';
import { bootstrap } from '../packages/server/src/seed/bootstrap';
import { hashPassword } from '../packages/server/src/platform/passwords';
import { localDateKey } from '../packages/server/src/platform/clock';
import { formatCode } from '../packages/server/src/platform/numbering';
import { loadWorkCalendar } from '../packages/server/src/platform/calendar-store';
import { deadline, type WorkCalendar } from '../packages/server/src/platform/business-calendar';
import { localDayStart } from '../packages/server/src/modules/admin/calc';
import { addDays, localDate } from '../packages/server/src/modules/service/local-date';
import { complaintDeadlines, complaintPriority, type ComplaintTargets, type LevelWindow } from '../packages/server/src/modules/complaints/clock';
import { findComplaintTargets, levelOf } from '../packages/server/src/modules/complaints/complaints-service';
import { rng, pick, int, weighted, personName, mobile, type Rng } from '../packages/server/src/seed/fake';
import { BENCH_PASSWORD, type DatasetMeta, type DbKind, type Location } from './generate';

/** Bump when the generated complaints change shape, so older ones are regenerated. */
export const COMPLAINT_GENERATOR_VERSION = 1;
/** the server's default TIMEZONE: local days of the codes, the report and the analysis */
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const HISTORY_DAYS = 3 * 365;
const CHUNK = 10_000;
const META_KEY = 'complaints';

export interface ComplaintMeta {
  version: number;
  /** the service data the complaints link to: regenerated service data makes them stale */
  serviceGeneratedAt: string;
  complaints: number;
  open: number;
  /** open and past the resolution deadline */
  openOverdue: number;
  escalated: number;
  reopened: number;
  events: number;
  maxId: number;
  maxEventId: number;
  /** the "now" of the generated open complaints (ISO) */
  anchor: string;
  /** local day → complaints received that day, the 60 days before the anchor's day */
  recentDays: Record<string, number>;
  /** received in the 12 months before the anchor */
  lastYear: number;
  users: { agents: string[]; supervisors: string[]; management: string[] };
  departments: { id: number; name: string }[];
  generatedAt: string;
  seconds: number;
}

/** Two complaints per customer: 2,000,000 at the default 1,000,000 customers. */
export function complaintSize(customers: number): number {
  return customers * 2;
}

// ---------------------------------------------------------------------------------------------
// reference data

const CATEGORY_W: Record<string, number> = {
  quality: 32, repair: 17, timeliness: 13, attitude: 10, installation: 8, performance: 6, delivery: 4, price: 3, billing: 2.5, promise: 2, advertising: 1, other: 1.5,
};
const GROUP: Record<string, 'product' | 'service' | 'commercial' | 'other'> = {
  quality: 'product', performance: 'product', installation: 'service', repair: 'service', attitude: 'service', timeliness: 'service',
  delivery: 'commercial', price: 'commercial', billing: 'commercial', promise: 'commercial', advertising: 'commercial', other: 'other',
};
const CAUSE_W: Record<string, [string, number][]> = {
  product: [['product_defect', 60], ['supplier', 12], ['misuse', 12], ['expectation', 8], ['communication', 3], ['process', 3], ['other', 2]],
  service: [['service_failure', 50], ['process', 15], ['communication', 15], ['expectation', 8], ['misuse', 5], ['supplier', 2], ['other', 5]],
  commercial: [['process', 30], ['communication', 25], ['expectation', 20], ['supplier', 12], ['service_failure', 5], ['other', 8]],
  other: [['other', 50], ['communication', 20], ['expectation', 20], ['process', 10]],
};
/** the complaint handling departments; `desk` takes the complaints in */
const DEPARTMENTS = [
  { key: 'desk', name: '客户服务部' },
  { key: 'quality', name: '质量管理部' },
  { key: 'aftersales', name: '售后技术部' },
  { key: 'production', name: '生产制造部' },
  { key: 'logistics', name: '物流储运部' },
] as const;
type DeptKey = (typeof DEPARTMENTS)[number]['key'];
const DEPT_BY_CATEGORY: Record<string, [DeptKey, number][]> = {
  quality: [['quality', 55], ['production', 25], ['desk', 20]],
  performance: [['quality', 55], ['production', 25], ['desk', 20]],
  installation: [['aftersales', 65], ['desk', 35]],
  repair: [['aftersales', 65], ['desk', 35]],
  timeliness: [['aftersales', 65], ['desk', 35]],
  attitude: [['desk', 60], ['aftersales', 40]],
  delivery: [['logistics', 80], ['desk', 20]],
};
const AGENTS_PER_DEPT = 4;

const CHANNEL_W: [string, number][] = [
  ['phone', 30], ['call_center', 22], ['web', 10], ['im', 9], ['email', 5], ['dealer', 6], ['visit', 3], ['letter', 2], ['forum', 1], ['third_party', 3],
  ['return_visit', 5], ['survey', 2], ['portal', 2],
];
/** doors without a person: nobody owns the complaint until it is assigned */
const UNATTENDED = new Set(['return_visit', 'survey', 'portal']);
const SEVERITY_W: [string, number][] = [['minor', 80], ['major', 17], ['critical', 3]];
const DEMAND_W: [string, number][] = [['repair', 25], ['exchange', 15], ['return', 8], ['compensation', 15], ['apology', 15], ['explanation', 17], ['other', 5]];
const TEMPERAMENTS = ['irritable', 'eccentric', 'domineering', 'intellectual', 'poorly_educated', 'talkative'];
const SOLUTION_W: [string, number][] = [['repair', 30], ['exchange', 12], ['return', 6], ['refund', 5], ['compensation', 10], ['apology', 22], ['explanation', 15]];
const RATING_W: [number, number][] = [[5, 50], [4, 30], [3, 12], [2, 5], [1, 3]];

const TEXTS: Record<string, [string, string][]> = {
  quality: [['空调使用三个月压缩机损坏', '新买的空调用了不到三个月就不制冷了，维修说压缩机坏了，要求换新机。'], ['热水器漏水', '热水器安装后底部一直漏水，已经泡坏了地板，要求赔偿。'], ['冰箱异响严重', '冰箱夜间噪音很大，影响休息，多次报修未解决。'], ['洗衣机脱水时剧烈震动', '洗衣机脱水时整机晃动移位，怀疑质量问题，要求退货。']],
  performance: [['制热效果达不到宣传', '冬天开最高温度房间也只有十几度，与宣传的制热能力不符。'], ['净水器出水量小', '净水器出水非常慢，和说明书标注的流量差很多。']],
  installation: [['安装打孔位置错误', '安装师傅打错孔，墙面破损，没有修补就走了。'], ['安装后外机固定不牢', '外机支架没有固定好，有掉落风险，要求重新安装。']],
  repair: [['维修后同一故障再次出现', '上周刚修好，今天又出现同样故障代码，第三次报修了。'], ['维修更换配件收费不合理', '保修期内维修却收了配件费，要求退还。'], ['维修人员未修好就离开', '师傅说要等配件，之后一直没人联系。']],
  attitude: [['客服态度恶劣', '打客服电话被多次转接，客服语气很不耐烦，要求道歉。'], ['上门人员态度差', '上门师傅态度生硬，还抽烟，要求投诉处理。']],
  timeliness: [['报修三天无人上门', '报修已经三天了，一直没人联系上门，家里没法使用。'], ['预约时间未按时到达', '约好上午上门，等了一天也没人来，也没有电话通知。']],
  delivery: [['送货延迟一周', '订单承诺三天送达，一周后才送到，耽误了使用。'], ['送货时外包装破损', '收到货时包装破损，机身有划痕，要求换货。']],
  price: [['购买后即降价', '刚买一周就降价五百元，要求补差价。'], ['上门费收取不合理', '师傅上门收了上门费，事先没有告知。']],
  billing: [['发票迟迟未开', '购买一个月了，增值税发票一直没有开出。'], ['重复扣款', '网上支付被扣了两次款，要求退回多扣的款项。']],
  promise: [['承诺赠品未兑现', '购买时承诺赠送安装辅材和延保，实际没有兑现。'], ['合同约定的保养未执行', '合同约定每年两次保养，今年一次都没有来。']],
  advertising: [['宣传能效等级不符', '宣传是一级能效，铭牌上却是三级能效。']],
  other: [['会员积分无法使用', '会员积分兑换时系统一直报错，无法使用。']],
};
const INVESTIGATIONS = ['已联系客户了解情况，安排检测', '调取维修记录与通话录音核实', '已要求网点提交书面说明', '已取样送质量部检验'];
const SOLUTIONS: Record<string, string> = {
  repair: '安排技术主管上门免费维修', exchange: '为客户更换同型号新机', return: '办理退货并全额退款', refund: '退还多收费用',
  compensation: '给予客户经济补偿并致歉', apology: '向客户书面道歉并回访', explanation: '向客户解释政策与原因并取得理解',
};
const RESOLUTIONS = ['已上门处理完毕，客户确认恢复正常', '已为客户更换新机，旧机收回', '退款已原路退回', '已当面致歉，客户表示接受', '已说明情况并补发发票', '补偿款已支付到账'];
const INVALID_REASONS = ['经核实为客户使用不当，已解释说明', '重复投诉，已合并处理', '不属于我司产品或服务范围', '客户诉求与事实不符，录音可证'];
const VISIT_RESULTS = ['客户对处理结果满意', '客户表示基本满意，希望提升时效', '客户满意，愿意继续使用我司产品', '客户接受处理结果'];
const CONFIRM_REASONS = ['电话回访时客户口头确认满意', '客户在微信中确认问题已解决'];

// ---------------------------------------------------------------------------------------------
// bulk writing, the same rows on both databases

type Cell = string | number | null;

interface Bulk {
  kind: DbKind;
  /** inserts rows (arrays in `cols` order); PostgreSQL loads overlap with the caller's next chunk */
  insert(table: string, cols: readonly string[], rows: Cell[][]): Promise<void>;
  flush(): Promise<void>;
  exec(sql: string, params?: Cell[]): Promise<void>;
  all<T>(sql: string, params?: Cell[]): Promise<T[]>;
  close(): Promise<void>;
}

function sqliteBulk(file: string): Bulk {
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = OFF');
  conn.pragma('cache_size = -1000000');
  conn.pragma('temp_store = MEMORY');
  conn.pragma('busy_timeout = 10000');
  const stmts = new Map<string, SQLite.Statement>();
  const stmt = (table: string, cols: readonly string[], n: number) => {
    const key = `${table}:${n}`;
    let s = stmts.get(key);
    if (!s) {
      const one = `(${cols.map(() => '?').join(', ')})`;
      s = conn.prepare(`insert into ${table} (${cols.join(', ')}) values ${Array.from({ length: n }, () => one).join(', ')}`);
      stmts.set(key, s);
    }
    return s;
  };
  return {
    kind: 'sqlite',
    async insert(table, cols, rows) {
      // statements of up to 100 rows (SQLite allows 32,766 parameters), one transaction per call
      const per = Math.max(1, Math.min(100, Math.floor(32_000 / cols.length)));
      conn.transaction(() => {
        let i = 0;
        for (; i + per <= rows.length; i += per) stmt(table, cols, per).run(rows.slice(i, i + per).flat());
        if (i < rows.length) stmt(table, cols, rows.length - i).run(rows.slice(i).flat());
      })();
    },
    async flush() {},
    async exec(sql, params = []) {
      if (params.length) conn.prepare(sql).run(params);
      else conn.exec(sql);
    },
    async all<T>(sql: string, params: Cell[] = []) {
      return conn.prepare(sql).all(params) as T[];
    },
    async close() {
      conn.pragma('wal_checkpoint(TRUNCATE)');
      conn.close();
    },
  };
}

async function pgBulk(url: string): Promise<Bulk> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const types = new Map<string, Map<string, string>>();
  const typeOf = async (table: string) => {
    let t = types.get(table);
    if (!t) {
      const res = await client.query(`select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = $1`, [table]);
      const map: Record<string, string> = { bigint: 'int8', integer: 'int4', smallint: 'int2', 'timestamp with time zone': 'timestamptz', date: 'date', boolean: 'bool' };
      t = new Map(res.rows.map((r: { column_name: string; data_type: string }) => [r.column_name, map[r.data_type] ?? 'text']));
      types.set(table, t);
    }
    return t;
  };
  let pending: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pg',
    async insert(table, cols, rows) {
      const t = await typeOf(table);
      const sql = `insert into ${table} (${cols.join(', ')}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${t.get(c) ?? 'text'}[]`).join(', ')})`;
      const columns = cols.map((_, i) => rows.map((r) => r[i]));
      await pending;
      pending = client.query(sql, columns);
    },
    async flush() {
      await pending;
    },
    async exec(sql, params = []) {
      await pending;
      await client.query(sql, params);
    },
    async all<T>(sql: string, params: Cell[] = []) {
      await pending;
      return (await client.query(sql, params)).rows as T[];
    },
    async close() {
      await pending;
      await client.end();
    },
  };
}

const openBulk = async (kind: DbKind, loc: Location) => (kind === 'sqlite' ? sqliteBulk(loc.sqliteFile) : await pgBulk(loc.pgUrl));
const ph = (kind: DbKind, i: number) => (kind === 'pg' ? `$${i}` : '?');

/** Reads a table in id order, a page at a time (both databases), without holding it all as objects. */
async function scanTable(bulk: Bulk, table: string, cols: string, each: (r: Record<string, unknown>) => void) {
  let after = 0;
  for (;;) {
    const rows = await bulk.all<Record<string, unknown>>(`select id, ${cols} from ${table} where id > ${ph(bulk.kind, 1)} order by id limit 100000`, [after]);
    for (const r of rows) each(r);
    if (rows.length < 100_000) return;
    after = Number(rows[rows.length - 1].id);
  }
}

// ---------------------------------------------------------------------------------------------
// the stored description of the generated complaints

export async function readComplaintMeta(kind: DbKind, loc: Location): Promise<ComplaintMeta | null> {
  try {
    if (kind === 'sqlite') {
      const conn = new SQLite(loc.sqliteFile, { readonly: true, fileMustExist: true });
      try {
        const row = conn.prepare(`select value from bench_meta where key = ?`).get(META_KEY) as { value: string } | undefined;
        return row ? (JSON.parse(row.value) as ComplaintMeta) : null;
      } finally {
        conn.close();
      }
    }
    const client = new pg.Client({ connectionString: loc.pgUrl });
    await client.connect();
    try {
      const res = await client.query(`select value from bench_meta where key = $1`, [META_KEY]);
      return res.rows[0] ? (JSON.parse(res.rows[0].value) as ComplaintMeta) : null;
    } finally {
      await client.end();
    }
  } catch {
    return null;
  }
}

/** Complaints of the current generator, of the dataset's size, linked to the service data the dataset holds now. */
export function hasComplaints(cm: ComplaintMeta | null, meta: DatasetMeta): cm is ComplaintMeta {
  return !!cm && cm.version === COMPLAINT_GENERATOR_VERSION && cm.complaints === complaintSize(meta.customers) && !!meta.service && cm.serviceGeneratedAt === meta.service.generatedAt;
}

async function writeMeta(bulk: Bulk, cm: ComplaintMeta | null) {
  await bulk.exec('create table if not exists bench_meta (key text primary key, value text not null)');
  await bulk.exec(`delete from bench_meta where key = '${META_KEY}'`);
  if (cm) await bulk.exec(`insert into bench_meta (key, value) values ('${META_KEY}', ${ph(bulk.kind, 1)})`, [JSON.stringify(cm)]);
}

// ---------------------------------------------------------------------------------------------
// departments and people (small; through Kysely, reused when they exist)

interface People {
  departments: { key: DeptKey; id: number; name: string; agents: number[] }[];
  agentNames: string[];
  supervisors: { id: number; username: string }[];
  management: { id: number; username: string }[];
}

async function ensurePeople(db: ReturnType<typeof openDatabase>['db']): Promise<People> {
  const now = new Date().toISOString();
  const r = rng(60_606);
  const root = await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  const roles = new Map((await db.selectFrom('roles').select(['id', 'code']).execute()).map((x) => [x.code, Number(x.id)]));
  for (const code of ['service_agent', 'supervisor', 'management']) if (!roles.has(code)) throw new Error(`role ${code} missing`);
  const hash = await hashPassword(BENCH_PASSWORD);
  const unit = async (name: string, sort: number) => {
    const found = await db.selectFrom('org_units').select('id').where('parent_id', '=', root.id).where('name', '=', name).executeTakeFirst();
    if (found) return Number(found.id);
    const u = await db.insertInto('org_units').values({ parent_id: root.id, name, kind: 'department', sort, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    return Number(u.id);
  };
  const user = async (username: string, name: string, unitId: number, role: string) => {
    let id = (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id;
    if (id === undefined) {
      const u = await db
        .insertInto('users')
        .values({
          username, display_name: name, password_hash: hash, email: `${username}@bench.kehu.local`, phone: mobile(r), org_unit_id: unitId,
          disabled: 0, must_change_password: 0, failed_logins: 0, created_at: now, updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = u.id;
    }
    const roleId = roles.get(role)!;
    const has = await db.selectFrom('user_roles').select('user_id').where('user_id', '=', id).where('role_id', '=', roleId).executeTakeFirst();
    if (!has) await db.insertInto('user_roles').values({ user_id: id, role_id: roleId }).execute();
    return Number(id);
  };
  const departments: People['departments'] = [];
  const agentNames: string[] = [];
  for (const [d, dept] of DEPARTMENTS.entries()) {
    const id = await unit(dept.name, 80 + d);
    const agents: number[] = [];
    for (let k = 0; k < AGENTS_PER_DEPT; k++) {
      const username = `tsagent${d}_${k}`;
      agents.push(await user(username, `${personName(r)}（${dept.name.slice(0, 2)}）`, id, 'service_agent'));
      agentNames.push(username);
    }
    departments.push({ key: dept.key, id, name: dept.name, agents });
  }
  const supervisors = [
    { id: await user('tssup0', `${personName(r)}（客服主管）`, departments[0].id, 'supervisor'), username: 'tssup0' },
    { id: await user('tssup1', `${personName(r)}（质量主管）`, departments[1].id, 'supervisor'), username: 'tssup1' },
  ];
  const management = [{ id: await user('tsmgmt0', `${personName(r)}（总经理）`, Number(root.id), 'management'), username: 'tsmgmt0' }];
  return { departments, agentNames, supervisors, management };
}

// ---------------------------------------------------------------------------------------------
// generation

const COMPLAINT_COLS = [
  'id', 'code', 'state', 'channel', 'customer_id', 'complainant_name', 'complainant_phone', 'complainant_email', 'tier', 'region_code',
  'product_id', 'unit_id', 'service_order_id', 'outlet_id', 'order_no', 'category', 'severity', 'priority', 'summary', 'content', 'demands',
  'demand_note', 'temperament', 'value_orientation', 'soothing', 'validity', 'invalid_reason', 'department_id', 'owner_id', 'team_id',
  'handler_id', 'level', 'escalated_at', 'escalations', 'investigation', 'root_cause', 'cause_analysis', 'solution_kind', 'solution',
  'resolution', 'compensation_fen', 'confirmation', 'confirmed_by', 'confirm_reason', 'visit_result', 'visit_rating', 'won_back', 'on_time',
  'reopen_count', 'approved_by', 'sla', 'reply_due', 'resolve_due', 'level_due', 'next_due', 'next_due_kind', 'next_warn_at', 'warned_at',
  'breached_at', 'overdue', 'received_at', 'classified_at', 'assigned_at', 'first_reply_at', 'resolved_at', 'confirmed_at', 'visited_at',
  'closed_at', 'source_type', 'source_id', 'token_hash', 'token_expires_at', 'created_by', 'updated_by', 'archived_at', 'created_at',
  'updated_at', 'version',
] as const;
const EVENT_COLS = ['id', 'complaint_id', 'at', 'action', 'from_state', 'to_state', 'actor_id', 'note', 'data'] as const;

/** Time columns of an open complaint that rebaseComplaints moves (kept as whole seconds from the anchor). */
export const LIVE_TIME_COLS = [
  'received_at', 'classified_at', 'assigned_at', 'first_reply_at', 'resolved_at', 'confirmed_at', 'escalated_at', 'reply_due', 'resolve_due',
  'level_due', 'next_due', 'next_warn_at', 'warned_at', 'breached_at', 'created_at', 'updated_at',
] as const;
/** What the deadline scan or a run may change besides the times, restored as generated. */
const LIVE_OTHER_COLS = ['state', 'version', 'level', 'owner_id', 'escalations', 'overdue', 'next_due_kind', 'updated_by'] as const;
const LIVE_COLS = ['id', ...LIVE_OTHER_COLS, ...LIVE_TIME_COLS] as const;

const TIERS = ['standard', 'gold', 'vip'] as const;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** whole seconds: the open complaints' times are stored as second offsets and must come back identical */
const sec = (ms: number) => Math.floor(ms / 1000) * 1000;
/** log-normal factor with the given median and spread */
const lognormal = (r: Rng, median: number, sigma: number) => {
  const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return median * Math.exp(sigma * z);
};

/** Share of the complaints received `days` ago that are still open: ~3 % over the whole history. */
function openShare(days: number): number {
  if (days < 1) return 0.95;
  if (days < 5) return 0.6;
  if (days < 30) return 0.4;
  if (days < 90) return 0.15;
  if (days < 365) return 0.025;
  return 0.003;
}
const OPEN_YOUNG: [string, number][] = [['received', 20], ['classified', 15], ['assigned', 25], ['investigating', 25], ['solution_proposed', 8], ['resolving', 5], ['resolved', 2]];
const OPEN_MID: [string, number][] = [['received', 3], ['classified', 4], ['assigned', 10], ['investigating', 25], ['solution_proposed', 12], ['resolving', 16], ['resolved', 20], ['confirmed', 6], ['invalid', 4]];
/** old open complaints mostly wait for the customer's confirmation or the return visit; some are stuck */
const OPEN_OLD: [string, number][] = [['investigating', 8], ['solution_proposed', 4], ['resolving', 6], ['resolved', 40], ['confirmed', 32], ['invalid', 10]];
/** the action that led into an open state (its last event) and the state before */
const ACTION_INTO: Record<string, [string, string]> = {
  classified: ['classify', 'received'], assigned: ['assign', 'classified'], investigating: ['accept', 'assigned'], solution_proposed: ['propose', 'investigating'],
  resolving: ['accept_solution', 'solution_proposed'], resolved: ['resolve', 'resolving'], confirmed: ['confirm', 'resolved'], invalid: ['invalidate', 'investigating'],
};
const ORDER = ['received', 'classified', 'assigned', 'investigating', 'solution_proposed', 'resolving', 'resolved', 'confirmed'];
const reached = (state: string, step: string) => (state === 'invalid' ? ORDER.indexOf(step) <= ORDER.indexOf('investigating') : ORDER.indexOf(step) <= ORDER.indexOf(state));

interface Refs {
  /** live customers by tier: VIP and the rest */
  vip: Int32Array;
  other: Int32Array;
  tier: Uint8Array;
  region: Array<string | null>;
  /** one unit and one service order of a customer (0: none) */
  unitOf: Int32Array;
  orderOf: Int32Array;
  unitProduct: Int32Array;
  orderUnit: Int32Array;
  orderOutlet: Int32Array;
  products: number[];
}

async function loadRefs(bulk: Bulk, maxCustomerId: number, log: (m: string) => void): Promise<Refs> {
  const t0 = performance.now();
  const tier = new Uint8Array(maxCustomerId + 1);
  const region: Array<string | null> = new Array(maxCustomerId + 1).fill(null);
  const vip: number[] = [];
  const other: number[] = [];
  await scanTable(bulk, 'customers', `service_tier as t, coalesce(district_code, city_code, province_code) as rc, case when archived_at is null then 1 else 0 end as live`, (r) => {
    const id = Number(r.id);
    if (id > maxCustomerId) return;
    tier[id] = r.t === 'vip' ? 2 : r.t === 'gold' ? 1 : 0;
    region[id] = (r.rc as string | null) ?? null;
    if (Number(r.live)) (tier[id] === 2 ? vip : other).push(id);
  });
  const unitOf = new Int32Array(maxCustomerId + 1);
  const orderOf = new Int32Array(maxCustomerId + 1);
  const maxUnit = Number((await bulk.all<{ m: number }>('select max(id) as m from product_units'))[0]?.m ?? 0);
  const maxOrder = Number((await bulk.all<{ m: number }>('select max(id) as m from service_orders'))[0]?.m ?? 0);
  const unitProduct = new Int32Array(maxUnit + 1);
  const orderUnit = new Int32Array(maxOrder + 1);
  const orderOutlet = new Int32Array(maxOrder + 1);
  await scanTable(bulk, 'product_units', 'customer_id, product_id', (r) => {
    const id = Number(r.id);
    unitProduct[id] = Number(r.product_id);
    const c = Number(r.customer_id);
    if (c <= maxCustomerId) unitOf[c] = id;
  });
  await scanTable(bulk, 'service_orders', 'customer_id, unit_id, outlet_id', (r) => {
    const id = Number(r.id);
    orderUnit[id] = Number(r.unit_id ?? 0);
    orderOutlet[id] = Number(r.outlet_id ?? 0);
    const c = Number(r.customer_id);
    if (c <= maxCustomerId) orderOf[c] = id;
  });
  const products = (await bulk.all<{ id: number }>('select id from products where archived_at is null order by id')).map((x) => Number(x.id));
  if (!vip.length || !other.length) throw new Error('the dataset has no live VIP or no other customers');
  log(`    references: ${(vip.length + other.length).toLocaleString('en')} customers (${vip.length.toLocaleString('en')} VIP), ${maxUnit.toLocaleString('en')} units, ${maxOrder.toLocaleString('en')} orders (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return { vip: Int32Array.from(vip), other: Int32Array.from(other), tier, region, unitOf, orderOf, unitProduct, orderUnit, orderOutlet, products };
}

/** Removes the complaint data of a dataset (an interrupted generation, or --regenerate-complaints). */
async function clearComplaints(bulk: Bulk) {
  const live = `create table if not exists bench_complaints_live (id ${bulk.kind === 'pg' ? 'bigint' : 'integer'} primary key, ${[
    'state text', 'version integer', 'level integer', 'owner_id bigint', 'escalations integer', 'overdue integer', 'next_due_kind text', 'updated_by bigint',
    ...LIVE_TIME_COLS.map((c) => `${c} integer`),
  ].join(', ')})`;
  await bulk.exec(live);
  const tables = ['claim_files', 'claim_events', 'claims', 'complaint_actions', 'complaint_events', 'complaints', 'complaint_daily_reports', 'idempotency_keys', 'bench_complaints_live'];
  if (bulk.kind === 'pg') await bulk.exec(`truncate ${tables.join(', ')} cascade`);
  else for (const t of tables) await bulk.exec(`delete from ${t}`);
  await bulk.exec(`delete from notifications where link like '/complaints/%'`);
  await bulk.exec(`delete from customer_events where ref_type = 'complaint'`);
  await bulk.exec(`delete from sequences where name = 'TS'`);
  await writeMeta(bulk, null);
}

export async function generateComplaints(kind: DbKind, loc: Location, meta: DatasetMeta, log: (m: string) => void): Promise<ComplaintMeta> {
  const t0 = performance.now();
  if (!meta.service) throw new Error('the complaints link to the service data: generate it first');
  const N = complaintSize(meta.customers);

  // schema, people and the rules, through the application's own code
  const database = kind === 'sqlite' ? openDatabase({ dataDir: loc.sqliteDir }) : openDatabase({ databaseUrl: loc.pgUrl, dataDir: loc.sqliteDir, poolSize: 2 });
  await migrateToLatest(database.db);
  await bootstrap(database.db, { adminPassword: BENCH_PASSWORD, log: () => undefined });
  let bulk = await openBulk(kind, loc);
  await clearComplaints(bulk);
  await bulk.close();
  const people = await ensurePeople(database.db);
  const cal: WorkCalendar = await loadWorkCalendar(database.db, TZ);
  const targets = new Map<string, { t: ComplaintTargets; json: string }>();
  for (const s of ['minor', 'major', 'critical']) {
    for (const tier of TIERS) {
      const t = await findComplaintTargets(database.db, s, tier);
      targets.set(`${s}|${tier}`, { t, json: JSON.stringify(t) });
    }
  }
  const levels = new Map<number, { window: LevelWindow; ownerId: number | null }>();
  for (const l of [1, 2, 3]) levels.set(l, await levelOf(database.db, l));
  const dict = async (type: string) =>
    (await database.db.selectFrom('dictionaries').select('code').where('type', '=', type).where('active', '=', 1).orderBy('sort').execute()).map((x) => x.code);
  const categories = await dict('complaint_category');
  const causes = new Set(await dict('complaint_cause'));
  await database.close();
  const categoryW: [string, number][] = categories.map((c) => [c, CATEGORY_W[c] ?? 1]);
  const causeW = (category: string) => {
    const list = CAUSE_W[GROUP[category] ?? 'other'].filter(([c]) => causes.has(c));
    return list.length ? list : [...causes].map((c) => [c, 1] as [string, number]);
  };
  const dept = new Map(people.departments.map((d) => [d.key, d]));
  const desk = dept.get('desk')!;
  const supervisorIds = people.supervisors.map((s) => s.id);

  bulk = await openBulk(kind, loc);
  const refs = await loadRefs(bulk, meta.maxCustomerId, log);
  const anchor = sec(Date.now());
  const today = localDate(new Date(anchor), TZ);

  // ---- how many complaints each local day receives (the last day is today, up to now)
  const r = rng(70_707);
  const days: { date: string; start: number; end: number; n: number }[] = [];
  const weights: number[] = [];
  const dow = [0.6, 1.15, 1.05, 1.0, 1.0, 0.95, 0.7]; // Sunday … Saturday
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const date = addDays(today, d - (HISTORY_DAYS - 1));
    const start = localDayStart(date, TZ).getTime();
    const end = Math.min(localDayStart(addDays(date, 1), TZ).getTime(), anchor - 5 * MIN);
    const x = d / HISTORY_DAYS;
    let w = (1 + 0.15 * (x - 0.5)) * dow[new Date(start + 12 * HOUR).getUTCDay()] * (0.85 + 0.3 * r());
    if (r() < 0.02) w *= 2 + r(); // a batch problem: a spike of complaints
    if (d === HISTORY_DAYS - 1) w *= Math.max(0, (end - start) / DAY);
    days.push({ date, start, end, n: 0 });
    weights.push(w);
  }
  const wsum = weights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  for (const [d, day] of days.entries()) assigned += day.n = Math.floor((N * weights[d]) / wsum);
  for (let k = 0; assigned < N; k++, assigned++) days[days.length - 2 - (k % 300)].n++;
  // hours of the local day: office hours busy, nights quiet
  const HOUR_W = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 4, 7, 8, 7.5, 5, 6, 7.5, 7.5, 7, 6, 4.5, 3.5, 3, 2.5, 1.5, 0.8];
  const hourW: [number, number][] = HOUR_W.map((w, h) => [h, w]);

  // ---- rows in id order (= receipt order)
  let id = 0;
  let eventId = 0;
  const stats = { open: 0, openOverdue: 0, escalated: 0, reopened: 0, lastYear: 0 };
  const recentDays: Record<string, number> = {};
  const yearAgo = anchor - 365 * DAY;
  const seqs: [string, number][] = [];
  let rows: Cell[][] = [];
  let events: Cell[][] = [];
  let live: Cell[][] = [];
  const flush = async () => {
    await bulk.insert('complaints', COMPLAINT_COLS, rows);
    if (events.length) await bulk.insert('complaint_events', EVENT_COLS, events);
    if (live.length) await bulk.insert('bench_complaints_live', LIVE_COLS, live);
    rows = [];
    events = [];
    live = [];
  };
  const levelDue = (escAt: number | null, level: number) => (escAt === null ? null : deadline(new Date(escAt), levels.get(level)!.window.minutes, { businessHours: levels.get(level)!.window.businessHours, cal })!.getTime());

  for (const [d, day] of days.entries()) {
    if (d >= HISTORY_DAYS - 60) recentDays[day.date] = day.n;
    const period = day.date.replace(/-/g, '');
    const times: number[] = [];
    const span = day.end - day.start;
    for (let k = 0; k < day.n; k++) {
      let t = day.start + weighted(r, hourW) * HOUR + Math.floor(r() * HOUR);
      if (t >= day.end) t = day.start + Math.floor(r() * span);
      times.push(sec(t));
    }
    times.sort((a, b) => a - b);
    if (day.n) seqs.push([period, day.n]);
    for (let seq = 1; seq <= day.n; seq++) {
      const received = times[seq - 1];
      id++;
      if (received >= yearAgo) stats.lastYear++;
      const ageDays = (anchor - received) / DAY;

      // who and what
      const customer = r() < 0.05 ? refs.vip[Math.floor(r() * refs.vip.length)] : refs.other[Math.floor(r() * refs.other.length)];
      const tier = TIERS[refs.tier[customer]];
      const category = weighted(r, categoryW);
      const severity = weighted(r, SEVERITY_W);
      const channel = weighted(r, CHANNEL_W);
      const group = GROUP[category] ?? 'other';
      let unitId: number | null = null;
      let orderId: number | null = null;
      let outletId: number | null = null;
      let productId: number | null = null;
      if ((group === 'service' || category === 'quality') && refs.orderOf[customer] && r() < (group === 'service' ? 0.6 : 0.25)) {
        orderId = refs.orderOf[customer];
        outletId = refs.orderOutlet[orderId] || null;
        unitId = refs.orderUnit[orderId] || null;
      }
      if (!unitId && (group === 'product' || category === 'installation' || category === 'repair' || category === 'delivery') && refs.unitOf[customer] && r() < 0.75) unitId = refs.unitOf[customer];
      if (unitId) productId = refs.unitProduct[unitId] || null;
      else if (refs.products.length && r() < 0.15) productId = pick(r, refs.products);
      const [summary, content] = pick(r, TEXTS[category] ?? TEXTS.other);
      const demands = new Set([weighted(r, DEMAND_W)]);
      if (r() < 0.3) demands.add(weighted(r, DEMAND_W));
      const tgt = targets.get(`${severity}|${tier}`)!;
      const replyDue = deadline(new Date(received), tgt.t.replyMinutes, { businessHours: tgt.t.replyBusinessHours, cal })!.getTime();
      const resolveDue = deadline(new Date(received), tgt.t.resolveMinutes, { businessHours: tgt.t.resolveBusinessHours, cal })!.getTime();
      const deptKey = weighted(r, DEPT_BY_CATEGORY[category] ?? [['desk', 1]]);
      const department = dept.get(deptKey)!;
      const handler = pick(r, department.agents);
      const intake = UNATTENDED.has(channel) ? null : pick(r, desk.agents);

      const row: Record<string, Cell> = {
        id, code: formatCode('TS', period, seq), channel, customer_id: customer, complainant_name: personName(r), complainant_phone: mobile(r),
        complainant_email: r() < 0.2 ? `${int(r, 10000, 99999999)}@${pick(r, ['163.com', 'qq.com', '126.com'])}` : null, tier,
        region_code: refs.region[customer], product_id: productId, unit_id: unitId, service_order_id: orderId, outlet_id: outletId,
        order_no: group === 'commercial' && r() < 0.5 ? `SO${int(r, 10_000_000, 99_999_999)}` : null, category, severity,
        priority: complaintPriority(severity, tier), summary, content, demands: [...demands].join(','), demand_note: null,
        temperament: r() < 0.3 ? pick(r, TEMPERAMENTS) : null, value_orientation: null, soothing: null, compensation_fen: 0,
        sla: tgt.json, reply_due: iso(replyDue), resolve_due: iso(resolveDue), received_at: iso(received), source_type: channel === 'portal' ? 'portal' : null,
        source_id: null, token_hash: null, token_expires_at: null, created_by: intake, archived_at: null, created_at: iso(received), reopen_count: 0,
        level: 1, escalations: 0, escalated_at: null, level_due: null, next_due: null, next_due_kind: null, next_warn_at: null, warned_at: null,
        breached_at: null, overdue: 0,
      };
      events.push([++eventId, id, iso(received), 'create', null, 'received', intake, null, JSON.stringify({ channel, source: row.source_type, sourceId: null })]);

      // the work up to the first reply and the resolution (factors of the target spans; few go over)
      const replyAt = sec(received + lognormal(r, 0.2, 0.64) * (replyDue - received));
      const resolveFactor = lognormal(r, 0.34, 0.5);
      let resolvedAt = sec(received + resolveFactor * (resolveDue - received));

      const isOpen = r() < openShare(ageDays);
      let state: string;
      let firstReply: number | null;
      let until: number; // the clocks stop here (resolution) or run on (now)
      let manualEsc: number | null = null;
      let reopenAt: number | null = null;
      let stepAt: Record<string, number> = {};
      if (isOpen) {
        state = weighted(r, ageDays < 1 ? OPEN_YOUNG : ageDays < 5 ? OPEN_MID : OPEN_OLD);
        const stopped = state === 'resolved' || state === 'confirmed' || state === 'invalid';
        const end = stopped ? Math.min(resolvedAt, received + (anchor - 2 * MIN - received) * 0.8) : anchor - MIN;
        resolvedAt = sec(Math.max(received + 2 * MIN, end));
        const len = (stopped ? resolvedAt : anchor - MIN) - received;
        stepAt = {
          classified: sec(received + Math.min(int(r, 5, 60) * MIN, len * 0.1)),
          assigned: sec(received + Math.min(int(r, 15, 300) * MIN, len * 0.25)),
          investigating: sec(received + Math.min(int(r, 30, 480) * MIN, len * 0.4)),
          solution_proposed: sec(received + len * (0.5 + 0.1 * r())),
          resolving: sec(received + len * (0.7 + 0.1 * r())),
          resolved: resolvedAt,
          invalid: resolvedAt,
        };
        stepAt.confirmed = sec(resolvedAt + (anchor - MIN - resolvedAt) * (0.1 + 0.5 * r()));
        const replied = stopped || (reached(state, 'investigating') ? r() < 0.9 : r() < 0.3);
        firstReply = replied ? Math.min(replyAt, replyDue - MIN, stopped ? resolvedAt : anchor - MIN) : null;
        if (firstReply !== null && firstReply > anchor - MIN) firstReply = null;
        if (firstReply !== null) firstReply = sec(Math.max(received, firstReply));
        until = stopped ? resolvedAt : anchor;
        if (!stopped) resolvedAt = 0;
        if (reached(state, 'assigned') && r() < 0.005) manualEsc = sec(stepAt.assigned + Math.min(2 * HOUR, (until - stepAt.assigned) / 2));
      } else {
        // done: most closed; a recent few return-visited and waiting to be closed
        const room = anchor - 2 * MIN - received;
        const invalid = r() < 0.07;
        if (invalid) resolvedAt = sec(received + (resolvedAt - received) * 0.5);
        const confirmLag = invalid ? 0 : int(r, 60, 48 * 60) * MIN;
        const visitLag = int(r, 120, 72 * 60) * MIN;
        const closeLag = int(r, 10, 24 * 60) * MIN;
        // what does not fit into the time since receipt is squeezed proportionally
        const total = resolvedAt - received + confirmLag + visitLag + closeLag;
        const f = total > room ? room / total : 1;
        resolvedAt = sec(received + (resolvedAt - received) * f);
        const confirmedAt = sec(resolvedAt + confirmLag * f);
        const visitedAt = sec(confirmedAt + visitLag * f);
        const closedAt = sec(visitedAt + closeLag * f);
        state = ageDays < 10 && r() < 0.25 ? 'return_visited' : 'closed';
        firstReply = sec(Math.max(received, Math.min(replyAt, resolvedAt)));
        until = resolvedAt;
        stepAt = {
          classified: sec(received + Math.min(int(r, 5, 60) * MIN, (resolvedAt - received) * 0.1)),
          assigned: sec(received + Math.min(int(r, 15, 300) * MIN, (resolvedAt - received) * 0.25)),
          resolved: resolvedAt, confirmed: confirmedAt, visited: visitedAt, closed: closedAt,
        };
        row.validity = invalid ? 'invalid' : 'valid';
        if (invalid) {
          row.invalid_reason = pick(r, INVALID_REASONS);
          row.root_cause = causes.has('misuse') && r() < 0.6 ? 'misuse' : weighted(r, causeW(category));
        } else {
          row.root_cause = weighted(r, causeW(category));
          const kindOf = weighted(r, SOLUTION_W);
          row.solution_kind = kindOf;
          row.solution = SOLUTIONS[kindOf];
          row.resolution = pick(r, RESOLUTIONS);
          if (kindOf === 'compensation' || kindOf === 'refund') row.compensation_fen = int(r, 50, 2000) * 100;
          const byCustomer = r() < 0.6;
          row.confirmation = r() < 0.74 ? 'satisfied' : 'basic';
          row.confirmed_by = byCustomer ? 'customer' : 'agent';
          row.confirm_reason = byCustomer ? null : pick(r, CONFIRM_REASONS);
          row.confirmed_at = iso(confirmedAt);
          if (r() < 0.02 && resolvedAt - received > 30 * MIN) {
            // the customer was not satisfied the first time: reopened (one level up), resolved again later
            reopenAt = sec(received + (resolvedAt - received) * 0.6);
            row.reopen_count = 1;
            stats.reopened++;
          }
        }
        if (r() < 0.3) row.investigation = pick(r, INVESTIGATIONS);
        row.visit_result = pick(r, VISIT_RESULTS);
        row.visit_rating = invalid && r() < 0.5 ? null : weighted(r, RATING_W);
        row.won_back = invalid ? null : r() < 0.85 ? 1 : 0;
        row.visited_at = iso(visitedAt);
        if (state === 'closed') {
          row.closed_at = iso(closedAt);
          row.approved_by = pick(r, supervisorIds);
          row.on_time = resolvedAt <= resolveDue ? 1 : 0;
        }
        row.resolved_at = iso(resolvedAt);
        if (!invalid && r() < 0.01 && resolvedAt - received > HOUR) manualEsc = sec(received + (resolvedAt - received) * 0.3);
      }

      // breaches and escalations, as the per-minute scan makes them: a passed deadline escalates one level (the
      // new level's window then runs), at the top it is reported and the window starts again
      let level = 1;
      let escalations = 0;
      let escAt: number | null = null;
      let breached: number | null = null;
      let overdue = 0;
      let escKind = 'manual';
      const escalateAt = (at: number) => {
        if (level < 3) {
          level++;
          escalations++;
        }
        escAt = at;
      };
      if (manualEsc !== null && manualEsc < until) escalateAt(manualEsc);
      if (reopenAt !== null) escalateAt(reopenAt);
      for (let guard = 0; guard < 12; guard++) {
        const cands: [string, number][] = [];
        if (firstReply === null || firstReply > replyDue) cands.push(['reply', replyDue]);
        if (!resolvedAt || resolvedAt > resolveDue) cands.push(['resolve', resolveDue]);
        if (escAt !== null) cands.push(['level', levelDue(escAt, level)!]);
        const due = cands.filter(([, t]) => (escAt === null || t > escAt) && t < until).sort((a, b) => a[1] - b[1])[0];
        if (!due) break;
        breached = due[1];
        if (due[0] !== 'reply') overdue = 1;
        escKind = due[0];
        escalateAt(due[1]);
      }
      if (isOpen && escAt !== null && until === anchor && levelDue(escAt, level)! <= anchor) {
        // long at the top level: its window started again at the last report, a few hours ago
        escAt = sec(anchor - int(r, 10, 300) * MIN);
        breached = escAt;
      }
      if (escalations) stats.escalated++;
      row.level = level;
      row.escalations = escalations;
      row.escalated_at = iso(escAt);
      row.level_due = iso(levelDue(escAt, level));
      row.breached_at = iso(breached);
      row.overdue = overdue;
      const levelOwner = level > 1 ? levels.get(level)!.ownerId : null;
      const hasOwner = isOpen ? reached(state, 'assigned') : true;
      row.department_id = hasOwner ? department.id : null;
      row.team_id = hasOwner ? department.id : intake ? desk.id : null;
      row.handler_id = hasOwner ? handler : null;
      row.owner_id = levelOwner ?? (hasOwner ? handler : intake);
      row.first_reply_at = iso(firstReply);
      row.classified_at = iso(stepAt.classified);
      row.assigned_at = iso(stepAt.assigned);
      if (escAt !== null) events.push([++eventId, id, iso(escAt), 'escalate', null, null, null, null, JSON.stringify({ auto: escKind !== 'manual', kind: escKind, level })]);
      if (reopenAt !== null) events.push([++eventId, id, iso(reopenAt), 'reopen', 'resolved', 'investigating', row.approved_by ?? supervisorIds[0], '客户不满意处理结果', JSON.stringify({ by: 'customer', confirmation: 'dissatisfied' })]);

      if (isOpen) {
        stats.open++;
        row.state = state;
        if (!reached(state, 'classified')) {
          row.classified_at = null;
          row.assigned_at = null;
        } else if (!reached(state, 'assigned')) row.assigned_at = null;
        if (reached(state, 'investigating') && r() < 0.5) row.investigation = pick(r, INVESTIGATIONS);
        if (reached(state, 'solution_proposed') && state !== 'invalid') {
          row.root_cause = weighted(r, causeW(category));
          const kindOf = weighted(r, SOLUTION_W);
          row.solution_kind = kindOf;
          row.solution = SOLUTIONS[kindOf];
        }
        if (state === 'resolved' || state === 'confirmed') {
          row.validity = 'valid';
          row.resolution = pick(r, RESOLUTIONS);
          row.resolved_at = iso(resolvedAt);
        }
        if (state === 'confirmed') {
          const byCustomer = r() < 0.6;
          row.confirmation = r() < 0.74 ? 'satisfied' : 'basic';
          row.confirmed_by = byCustomer ? 'customer' : 'agent';
          row.confirm_reason = byCustomer ? null : pick(r, CONFIRM_REASONS);
          row.confirmed_at = iso(stepAt.confirmed);
        }
        if (state === 'invalid') {
          row.validity = 'invalid';
          row.invalid_reason = pick(r, INVALID_REASONS);
          row.resolved_at = iso(resolvedAt);
        }
        // the running clocks of the work still to do, as deadlineColumns would set them
        if ((WORKING_COMPLAINT_STATES as readonly string[]).includes(state)) {
          const dl = complaintDeadlines(
            {
              receivedAt: new Date(received), firstReplyAt: firstReply === null ? null : new Date(firstReply), resolvedAt: null,
              escalatedAt: escAt === null ? null : new Date(escAt), levelWindow: escAt === null ? null : levels.get(level)!.window, running: true,
            },
            tgt.t,
            cal,
          );
          if (dl.next) {
            row.next_due = iso(dl.next.due.getTime());
            row.next_due_kind = dl.next.kind;
            row.next_warn_at = iso(dl.next.warnAt.getTime());
            if (dl.next.warnAt.getTime() <= anchor) row.warned_at = row.next_warn_at;
          }
          if (resolveDue < anchor) stats.openOverdue++;
        } else if (overdue) stats.openOverdue++;
        const last = ACTION_INTO[state];
        const lastAt = last ? stepAt[state] : received;
        if (last) events.push([++eventId, id, iso(lastAt), last[0], last[1], state, row.owner_id, null, null]);
        const changed = Math.max(lastAt, escAt ?? 0, firstReply ?? 0);
        row.updated_at = iso(changed);
        row.updated_by = row.owner_id;
        row.version = 1 + ORDER.indexOf(state === 'invalid' ? 'resolving' : state) + (escAt !== null ? 1 : 0) + (firstReply !== null ? 1 : 0);
        const rel = (col: string) => (row[col] === null || row[col] === undefined ? null : Math.round((Date.parse(row[col] as string) - anchor) / 1000));
        live.push([id, ...LIVE_OTHER_COLS.map((c) => row[c] ?? null), ...LIVE_TIME_COLS.map(rel)]);
      } else {
        row.state = state;
        const lastAt = state === 'closed' ? stepAt.closed : stepAt.visited;
        events.push(
          state === 'closed'
            ? [++eventId, id, iso(stepAt.closed), 'close', 'return_visited', 'closed', row.approved_by, null, null]
            : [++eventId, id, iso(stepAt.visited), 'visit', row.validity === 'invalid' ? 'invalid' : 'confirmed', 'return_visited', handler, null, JSON.stringify({ visitRating: row.visit_rating })],
        );
        row.updated_at = iso(lastAt);
        row.updated_by = state === 'closed' ? row.approved_by : handler;
        row.version = (row.validity === 'invalid' ? 8 : 10) + escalations + (reopenAt !== null ? 3 : 0);
      }
      rows.push(COMPLAINT_COLS.map((c) => row[c] ?? null));
      if (rows.length >= CHUNK) await flush();
      if (id % 200_000 === 0) log(`    complaints: ${id.toLocaleString('en')} / ${N.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  if (rows.length) await flush();
  await bulk.flush();
  log(`    complaints: ${id.toLocaleString('en')}, ${stats.open.toLocaleString('en')} open (${stats.openOverdue.toLocaleString('en')} overdue), ${eventId.toLocaleString('en')} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  // numbers of later complaints continue after the generated ones
  if (kind === 'sqlite') {
    for (let i = 0; i < seqs.length; i += 500) {
      const part = seqs.slice(i, i + 500);
      await bulk.exec(
        `insert into sequences (name, period, value) values ${part.map(() => `('TS', ?, ?)`).join(', ')} on conflict (name, period) do update set value = max(value, excluded.value)`,
        part.flat(),
      );
    }
    await bulk.exec('analyze complaints; analyze complaint_events; analyze bench_complaints_live');
  } else {
    await bulk.exec(
      `insert into sequences (name, period, value) select 'TS', * from unnest($1::text[], $2::int4[])
       on conflict (name, period) do update set value = greatest(sequences.value, excluded.value)`,
      [seqs.map((x) => x[0]), seqs.map((x) => x[1])] as unknown as Cell[],
    );
    for (const t of ['complaints', 'complaint_events']) await bulk.exec(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    await bulk.exec('vacuum analyze complaints, complaint_events, bench_complaints_live, users, user_roles, org_units');
  }
  const cm: ComplaintMeta = {
    version: COMPLAINT_GENERATOR_VERSION,
    serviceGeneratedAt: meta.service.generatedAt,
    complaints: id,
    open: stats.open,
    openOverdue: stats.openOverdue,
    escalated: stats.escalated,
    reopened: stats.reopened,
    events: eventId,
    maxId: id,
    maxEventId: eventId,
    anchor: iso(anchor)!,
    recentDays,
    lastYear: stats.lastYear,
    users: { agents: people.agentNames, supervisors: people.supervisors.map((s) => s.username), management: people.management.map((m) => m.username) },
    departments: people.departments.map((d) => ({ id: d.id, name: d.name })),
    generatedAt: new Date().toISOString(),
    seconds: Math.round((performance.now() - t0) / 1000),
  };
  await writeMeta(bulk, cm);
  await bulk.close();
  return cm;
}

// ---------------------------------------------------------------------------------------------
// every run: the open complaints back to their generated state, moved to "now"

/**
 * Restores the open complaints to their generated state with their times moved to `now`, and removes what
 * earlier runs added: complaints taken in (ids above the generated ones) with their events and timeline
 * entries, the scan's events and notices, stored daily reports and idempotency keys. Returns the seconds taken.
 */
export async function rebaseComplaints(kind: DbKind, loc: Location, cm: ComplaintMeta, now: Date): Promise<number> {
  const t0 = performance.now();
  const bulk = await openBulk(kind, loc);
  try {
    const nowSec = Math.floor(now.getTime() / 1000);
    const time = (c: string) => (kind === 'sqlite' ? `strftime('%Y-%m-%dT%H:%M:%fZ', ${nowSec} + b.${c}, 'unixepoch')` : `to_timestamp(${nowSec} + b.${c})`);
    const set = [...LIVE_OTHER_COLS.map((c) => `${c} = b.${c}`), ...LIVE_TIME_COLS.map((c) => `${c} = ${time(c)}`)].join(', ');
    const maxId = Number(cm.maxId);
    await bulk.exec('begin');
    await bulk.exec(`update complaints set ${set} from bench_complaints_live b where complaints.id = b.id`);
    // events written after the generation (the runs' intakes, the scan's escalations) all have higher ids
    await bulk.exec(`delete from complaint_events where id > ${Number(cm.maxEventId)}`);
    await bulk.exec(`delete from complaint_actions where complaint_id > ${maxId}`);
    await bulk.exec(`delete from complaints where id > ${maxId}`);
    await bulk.exec(`delete from customer_events where ref_type = 'complaint'`);
    await bulk.exec(`delete from notifications where link like '/complaints/%'`);
    await bulk.exec('delete from complaint_daily_reports');
    await bulk.exec('delete from idempotency_keys');
    await bulk.exec('commit');
    if (kind === 'pg') await bulk.exec('vacuum analyze complaints, complaint_events');
  } finally {
    await bulk.close();
  }
  return Math.round(performance.now() - t0) / 1000;
}
