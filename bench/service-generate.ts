// Bench data of the after-sales service module, added to a generated customer dataset: product categories and
// models, the installed base (2 units per customer), the service network (outlets with their coverage and an
// org-unit team each, technicians with skills), and service orders over two years with their events.
//
// Sizes follow the customer count: at 1,000,000 customers, 2,000,000 units and 1,000,000 orders, of which about
// 110,000 are open. The open orders' deadlines lie around the generation time ("the anchor"): some are breached,
// some fall due within the hour, most later. Their time columns are also kept, as offsets from the anchor, in
// the table bench_service_live, so that every run can move them to its own "now" (rebaseService) and start from
// the same state whatever earlier runs did (escalations, appointments, SLA scans).
//
// Rows are written with direct database access: multi-row prepared inserts in large transactions on SQLite,
// unnest() bulk inserts on PostgreSQL (overlapped with the generation of the next chunk). Nothing is disabled.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { SERVICE_TYPES } from '@kehu/shared';
import { openDatabase, type Database } from '../packages/server/src/db';
import { migrateToLatest } from '../packages/server/src/db/migrate';
import { bootstrap } from '../packages/server/src/seed/bootstrap';
import { hashPassword } from '../packages/server/src/platform/passwords';
import { localDateKey } from '../packages/server/src/platform/clock';
import { formatCode } from '../packages/server/src/platform/numbering';
import { regionTree } from '../packages/server/src/platform/regions';
import { findSlaTargets } from '../packages/server/src/modules/service/sla';
import { SLA_STATES } from '../packages/server/src/modules/service/sla-scan';
import { rng, pick, int, weighted, personName, mobile, type Rng } from '../packages/server/src/seed/fake';
import { BENCH_PASSWORD, type DatasetMeta, type DbKind, type Location } from './generate';

/** Bump when the generated service data changes shape, so older service data is regenerated. */
export const SERVICE_GENERATOR_VERSION = 1;
/** time zone of the order numbers (the server's default TIMEZONE) */
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const HISTORY_DAYS = 730;
const OPEN_SHARE = 0.11;
const TECHS_PER_OUTLET = 10;
const OUTLET_TARGET = 300;
const CHUNK = 10_000;

export interface ServiceMeta {
  version: number;
  categories: number;
  products: number;
  units: number;
  outlets: number;
  technicians: number;
  orders: number;
  /** orders in OPEN_STATES */
  openOrders: number;
  /** orders the SLA scan watches (open + completed awaiting the return visit) */
  slaOrders: number;
  events: number;
  maxEventId: number;
  /** the "now" of the generated deadlines (ISO) */
  anchor: string;
  generatedAt: string;
  seconds: number;
}

/** Service data size for a customer count: 2 units and 1 order per customer. */
export function serviceSize(customers: number) {
  return { units: customers * 2, orders: customers };
}

// ---------------------------------------------------------------------------------------------
// reference data

const CATEGORIES: { code: string; name: string; skill: string; prefix: string; warranty: number; series: string[] }[] = [
  { code: 'AC', name: '家用空调', skill: 'aircon', prefix: 'KF', warranty: 72, series: ['静享', '云逸', '酷风', '舒适家', '睿享'] },
  { code: 'WH', name: '燃气热水器', skill: 'water_heater', prefix: 'JSQ', warranty: 36, series: ['恒温', '零冷水', '速热', '安睡'] },
  { code: 'BL', name: '壁挂炉', skill: 'boiler', prefix: 'LL1GB', warranty: 24, series: ['暖风', '冷凝', '节能'] },
  { code: 'RF', name: '冰箱冷柜', skill: 'refrigerator', prefix: 'BCD', warranty: 36, series: ['对开门', '十字门', '法式', '冷柜'] },
  { code: 'WM', name: '洗衣机', skill: 'washer', prefix: 'XQG', warranty: 36, series: ['滚筒', '波轮', '洗烘一体'] },
  { code: 'KT', name: '厨房电器', skill: 'kitchen', prefix: 'CXW', warranty: 24, series: ['油烟机', '燃气灶', '消毒柜', '洗碗机'] },
  { code: 'WP', name: '净水设备', skill: 'water_purifier', prefix: 'JSJ', warranty: 12, series: ['反渗透', '超滤', '前置过滤'] },
  { code: 'TV', name: '电视显示', skill: 'tv', prefix: 'LED', warranty: 12, series: ['超薄', '游戏', '商用显示'] },
  { code: 'IE', name: '工业设备', skill: 'mechanical', prefix: 'GY', warranty: 12, series: ['空压机', '水泵', '风机'] },
  { code: 'CR', name: '商用制冷', skill: 'refrigeration', prefix: 'SL', warranty: 24, series: ['冷库机组', '展示柜', '制冰机'] },
];
const PRODUCTS_PER_CATEGORY = 20;
const ALL_SKILLS = ['aircon', 'boiler', 'water_heater', 'refrigerator', 'washer', 'kitchen', 'water_purifier', 'tv', 'electrical', 'mechanical', 'refrigeration', 'it'];
const DEALERS = ['苏宁易购', '京东', '国美电器', '天猫旗舰店', '五星电器', '本地经销商', '工程直销', '红星美凯龙'];
const STREETS = ['人民路', '解放路', '建设路', '中山路', '文三路', '长江路', '和平路', '新华路', '滨江大道', '工业园路', '科技路', '迎宾大道'];
const street = (r: Rng) => `${pick(r, STREETS)}${int(r, 1, 999)}号`;

const FAULTS: Record<string, string[]> = {
  repair: ['不制冷，外机不启动', '开机显示故障代码E1', '漏水', '噪音大，运行有异响', '无法点火', '出水不热', '通电无反应', '遥控失灵', '制热效果差', '门封不严结霜'],
  install: ['新机安装，需上门', '移机安装', '商用机组安装调试'],
  maintenance: ['年度保养', '清洗保养', '滤芯更换'],
  inspection: ['安全检测', '开机检测', '使用前巡检'],
  consult: ['咨询使用方法', '咨询保修政策', '咨询配件价格'],
  return: ['七日内退货', '十五日内换货', '质量问题退换'],
};
const RESOLUTIONS = ['更换主板后恢复正常', '补充冷媒，试机正常', '清洗滤网及换热器', '更换电磁阀', '调整安装，固定减震', '更换点火针', '指导用户正确使用', '更换门封条'];
const FAULT_CODES = ['E1', 'E2', 'E4', 'F1', 'F3', 'P0', 'H6', 'LEAK', 'NOISE', 'POWER'];

const TYPE_W: [string, number][] = [['repair', 50], ['install', 20], ['maintenance', 12], ['inspection', 6], ['consult', 8], ['return', 4]];
const CHANNEL_W: [string, number][] = [['phone', 45], ['web', 15], ['wechat', 20], ['outlet', 8], ['dealer', 7], ['sales', 3], ['email', 1], ['auto', 1]];
const LIVE = new Set(['phone', 'outlet', 'dealer', 'sales']);

function modeOf(r: Rng, type: string): string {
  if (type === 'consult') return 'remote';
  if (type === 'return') return r() < 0.6 ? 'carry_in' : 'pickup';
  if (type === 'repair') return weighted(r, [['onsite', 70], ['carry_in', 20], ['remote', 5], ['pickup', 5]] as [string, number][]);
  return 'onsite';
}

const OPEN_BY_MODE: Record<string, [string, number][]> = {
  remote: [['received', 30], ['remote_support', 70]],
  carry_in: [['received', 15], ['dispatched', 10], ['checked_in', 25], ['in_service', 25], ['waiting_parts', 15], ['ready', 10]],
  onsite: [['received', 15], ['dispatched', 22], ['scheduled', 25], ['en_route', 4], ['on_site', 4], ['in_service', 15], ['waiting_parts', 15]],
  pickup: [['received', 10], ['dispatched', 15], ['scheduled', 15], ['en_route', 5], ['on_site', 5], ['checked_in', 10], ['in_service', 20], ['waiting_parts', 10], ['ready', 10]],
};
/** the action that led into an open state (the order's last event) */
const ACTION_INTO: Record<string, [string, string]> = {
  dispatched: ['dispatch', 'received'],
  scheduled: ['schedule', 'dispatched'],
  en_route: ['depart', 'scheduled'],
  on_site: ['arrive', 'en_route'],
  checked_in: ['check_in', 'dispatched'],
  remote_support: ['remote', 'received'],
  in_service: ['start', 'on_site'],
  waiting_parts: ['wait_parts', 'in_service'],
  ready: ['ready', 'in_service'],
};
/** nominal targets in calendar time, for the shape of the generated history (the rules themselves are in sla_rules) */
const NOMINAL: Record<string, number> = { ack: 2 * HOUR, appointment: 2 * HOUR, arrival: 1.5 * DAY, fix: 4 * DAY, visit: 3 * DAY };

function dueKindOf(state: string, acknowledged: boolean, mode: string): string {
  if (state === 'received') return !acknowledged ? 'ack' : mode === 'remote' ? 'fix' : 'arrival';
  if (state === 'dispatched') return 'appointment';
  if (state === 'scheduled' || state === 'en_route') return 'arrival';
  return 'fix';
}

/** Time columns of an order that rebaseService moves (kept as offsets in seconds from the anchor). */
export const LIVE_TIME_COLS = [
  'created_at', 'updated_at', 'acknowledged_at', 'dispatched_at', 'departed_at', 'arrived_at', 'started_at', 'completed_at',
  'appointment_from', 'appointment_to', 'paused_since', 'ack_due', 'appointment_due', 'arrival_due', 'fix_due', 'visit_due',
  'next_due', 'next_warn_at', 'warned_at', 'breached_at',
] as const;
const LIVE_OTHER_COLS = ['state', 'version', 'escalated', 'owner_id', 'outlet_id', 'team_id', 'next_due_kind', 'paused_minutes'] as const;

const ORDER_COLS = [
  'id', 'code', 'type', 'mode', 'channel', 'priority', 'state', 'customer_id', 'unit_id', 'contact_name', 'contact_phone', 'region_code',
  'region_type', 'address', 'description', 'tier', 'warranty', 'outlet_id', 'owner_id', 'team_id', 'sla_rule_id', 'sla', 'ack_due',
  'appointment_due', 'arrival_due', 'fix_due', 'visit_due', 'next_due', 'next_due_kind', 'next_warn_at', 'warned_at', 'breached_at',
  'escalated', 'paused_since', 'paused_minutes', 'appointment_from', 'appointment_to', 'acknowledged_at', 'dispatched_at', 'departed_at',
  'arrived_at', 'started_at', 'completed_at', 'visited_at', 'evaluated_at', 'closed_at', 'cancelled_at', 'fault_code', 'diagnosis',
  'resolution', 'signature_file_id', 'signed_by', 'labour_fee_fen', 'callout_fee_fen', 'parts_fee_fen', 'total_fee_fen', 'first_time_fix',
  'rework_of_id', 'repeat_repair', 'rating', 'created_by', 'archived_at', 'created_at', 'updated_at', 'version',
] as const;
const EVENT_COLS = ['id', 'order_id', 'at', 'action', 'from_state', 'to_state', 'actor_id', 'note', 'data'] as const;
const UNIT_COLS = [
  'id', 'serial_no', 'product_id', 'customer_id', 'purchase_date', 'dealer', 'invoice_no', 'install_date', 'quality_card_no', 'warranty_end',
  'region_code', 'address', 'note', 'archived_at', 'created_by', 'created_at', 'updated_at', 'version',
] as const;
const LIVE_COLS = ['id', ...LIVE_OTHER_COLS, ...LIVE_TIME_COLS] as const;

type Cell = string | number | null;

// ---------------------------------------------------------------------------------------------
// bulk writing, the same rows on both databases

interface Bulk {
  kind: DbKind;
  /** inserts rows (arrays in `cols` order); PostgreSQL loads overlap with the caller's next chunk */
  insert(table: string, cols: readonly string[], rows: Cell[][]): Promise<void>;
  /** waits for the pending load */
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
      // multi-row statements of up to 100 rows (SQLite allows 32,766 parameters), one transaction per call
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
      const map: Record<string, string> = { bigint: 'int8', integer: 'int4', smallint: 'int2', 'timestamp with time zone': 'timestamptz', 'timestamp without time zone': 'timestamp', date: 'date', boolean: 'bool' };
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

// ---------------------------------------------------------------------------------------------
// network, catalogue and people (small; through Kysely, ids from the database)

interface Outlet {
  id: number;
  teamId: number;
  kind: string;
  /** coverage: division code → region type */
  regions: Map<string, string>;
  serviceTypes: string[];
  skills: string[];
  techs: number[];
}

interface Network {
  outlets: Outlet[];
  /** district code → outlets covering it, best first, with the region type of the best entry */
  cover: Map<string, { outlets: Outlet[]; regionType: string }>;
  managers: number[];
  agents: number[];
  products: { id: number; categoryIdx: number; skill: string; warrantyMonths: number; model: string }[];
  categories: number;
}

function countyType(name: string): string {
  if (/区$/.test(name)) return 'urban';
  if (/市$/.test(name)) return 'suburban';
  return 'remote';
}

async function createNetwork(database: Database, districts: Set<string>, log: (m: string) => void): Promise<Network> {
  const db = database.db;
  const now = new Date().toISOString();
  const r = rng(30_303);
  // catalogue
  const productRows: Network['products'] = [];
  for (const [ci, c] of CATEGORIES.entries()) {
    const cat = await db
      .insertInto('product_categories')
      .values({
        code: c.code, name: c.name, warranty_months: c.warranty, return_days: 7, exchange_days: 15, no_reason_return_days: 7,
        free_repairs_before_exchange: 2, maintenance_interval_days: c.skill === 'water_purifier' ? 180 : 365, design_life_years: 10,
        note: null, archived_at: null, created_at: now, updated_at: now, version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const values = Array.from({ length: PRODUCTS_PER_CATEGORY }, (_, k) => {
      const model = `${c.prefix}-${String(ci * 100 + k + 1).padStart(4, '0')}`;
      return {
        model, name: `${pick(r, c.series)}${c.name.replace(/家用|燃气|设备|显示/g, '')} ${model}`, category_id: Number(cat.id),
        warranty_months: r() < 0.2 ? c.warranty + 12 : null, maintenance_interval_days: null, design_life_years: null,
        list_price_fen: int(r, 800, 30_000) * 100, skill: c.skill, note: null, archived_at: null, created_at: now, updated_at: now, version: 1,
      };
    });
    const ids = await db.insertInto('products').values(values).returning(['id', 'model', 'warranty_months']).execute();
    for (const p of ids) productRows.push({ id: Number(p.id), categoryIdx: ci, skill: c.skill, warrantyMonths: p.warranty_months ?? c.warranty, model: p.model });
  }

  // outlets: a provincial centre per province, one outlet per city, second outlets in the largest cities
  const byCity = new Map<string, string[]>();
  for (const d of districts) {
    const city = d.slice(0, 4) + '00';
    if (!byCity.has(city)) byCity.set(city, []);
    byCity.get(city)!.push(d);
  }
  const provinces = [...new Set([...districts].map((d) => d.slice(0, 2) + '0000'))].sort();
  const cityNodes = new Map<string, { name: string; children: { code: string; name: string }[] }>();
  const provinceNames = new Map<string, string>();
  for (const p of regionTree) {
    provinceNames.set(p.code, p.name);
    for (const c of p.children ?? []) cityNodes.set(c.code, { name: c.name, children: (c.children ?? []).filter((d) => d.code.length === 6) });
  }
  const cities = [...byCity.keys()].filter((c) => cityNodes.has(c)).sort((a, b) => byCity.get(b)!.length - byCity.get(a)!.length || (a < b ? -1 : 1));
  type Plan = { code: string; name: string; kind: string; level: string; region: string; regions: Map<string, string> };
  const plans: Plan[] = [];
  for (const p of provinces) {
    const short = (provinceNames.get(p) ?? p).replace(/(省|市|自治区|特别行政区|壮族|回族|维吾尔)+$/u, '');
    plans.push({ code: '', name: `${short}售后服务中心`, kind: 'own', level: 'provincial', region: p, regions: new Map([[p, 'suburban']]) });
  }
  for (const c of cities) {
    const node = cityNodes.get(c)!;
    const cityName = /^(市辖区|县|省直辖)/.test(node.name) ? provinceNames.get(c.slice(0, 2) + '0000')! : node.name;
    const regions = new Map<string, string>([[c, 'urban']]);
    for (const d of node.children) regions.set(d.code, countyType(d.name));
    plans.push({ code: '', name: `${cityName.replace(/市$/, '')}${r() < 0.4 ? '特约维修站' : '服务网点'}`, kind: r() < 0.4 ? 'special' : 'authorised', level: 'city', region: c, regions });
  }
  for (let k = 0; plans.length < OUTLET_TARGET && k < cities.length; k++) {
    const node = cityNodes.get(cities[k])!;
    const urban = node.children.filter((d) => /区$/.test(d.name));
    if (!urban.length) continue;
    const regions = new Map<string, string>(urban.map((d) => [d.code, 'urban']));
    plans.push({ code: '', name: `${node.name.replace(/市$/, '')}第二服务网点`, kind: 'authorised', level: 'county', region: urban[0].code, regions });
  }
  plans.forEach((p, i) => (p.code = `WD${String(i + 1).padStart(4, '0')}`));

  const root = await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const dept = await db
    .insertInto('org_units')
    .values({ parent_id: root.id, name: '售后服务中心', kind: 'department', sort: 90, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const roles = new Map((await db.selectFrom('roles').select(['id', 'code']).execute()).map((x) => [x.code, Number(x.id)]));
  for (const code of ['technician', 'service_manager', 'service_agent']) if (!roles.has(code)) throw new Error(`role ${code} missing`);
  const hash = await hashPassword(BENCH_PASSWORD);
  const addUsers = async (rows: { username: string; name: string; unit: number; role: string }[]) => {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await db
        .insertInto('users')
        .values(part.map((u) => ({
          username: u.username, display_name: u.name, password_hash: hash, email: `${u.username}@bench.kehu.local`, phone: mobile(r), org_unit_id: u.unit,
          disabled: 0, must_change_password: 0, failed_logins: 0, created_at: now, updated_at: now,
        })))
        .execute();
      const got = await db.selectFrom('users').select(['id', 'username']).where('username', 'in', part.map((u) => u.username)).execute();
      const byName = new Map(got.map((g) => [g.username, Number(g.id)]));
      await db.insertInto('user_roles').values(part.map((u) => ({ user_id: byName.get(u.username)!, role_id: roles.get(u.role)! }))).execute();
      ids.push(...part.map((u) => byName.get(u.username)!));
    }
    return ids;
  };
  const managers = await addUsers(Array.from({ length: 3 }, (_, k) => ({ username: `svcmgr${k}`, name: `${personName(r)}（售后主管）`, unit: Number(dept.id), role: 'service_manager' })));
  const agents = await addUsers(Array.from({ length: 20 }, (_, k) => ({ username: `svcagent${k}`, name: personName(r), unit: Number(dept.id), role: 'service_agent' })));

  const outlets: Outlet[] = [];
  const techRows: { username: string; name: string; unit: number; role: string }[] = [];
  for (const [i, p] of plans.entries()) {
    const team = await db
      .insertInto('org_units')
      .values({ parent_id: dept.id, name: `${p.name}服务组`, kind: 'team', sort: i, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const types = p.kind === 'authorised' ? SERVICE_TYPES.filter((t) => t !== 'return' || r() < 0.5) : [...SERVICE_TYPES];
    const skills = p.kind === 'own' ? [...ALL_SKILLS] : ALL_SKILLS.filter(() => r() < 0.6);
    const o = await db
      .insertInto('outlets')
      .values({
        code: p.code, name: p.name, kind: p.kind, level: p.level, org_unit_id: Number(team.id), region_code: p.region, address: street(r),
        manager: personName(r), phone: mobile(r), fax: null, email: `${p.code.toLowerCase()}@service.bench.kehu.local`,
        service_types: JSON.stringify(types), skills: JSON.stringify(skills), daily_capacity: TECHS_PER_OUTLET * 6, opening_hours: '08:30-17:30',
        authorised_from: p.kind === 'authorised' ? '2024-01-01' : null, authorised_to: p.kind === 'authorised' ? '2030-12-31' : null,
        annual_grade: pick(r, ['A', 'A', 'B', 'B', 'C']), note: null, archived_at: null, created_at: now, updated_at: now, version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const regionRows = [...p.regions].map(([region_code, region_type]) => ({ outlet_id: Number(o.id), region_code, region_type }));
    for (let k = 0; k < regionRows.length; k += 200) await db.insertInto('outlet_regions').values(regionRows.slice(k, k + 200)).execute();
    outlets.push({ id: Number(o.id), teamId: Number(team.id), kind: p.kind, regions: p.regions, serviceTypes: types, skills, techs: [] });
    for (let t = 0; t < TECHS_PER_OUTLET; t++) techRows.push({ username: `tech${i}_${t}`, name: personName(r), unit: Number(team.id), role: 'technician' });
  }
  const techIds = await addUsers(techRows);
  const techProfiles: { user_id: number; outlet_id: number; skills: string; certificates: string; daily_capacity: number; active: number; created_at: string; updated_at: string; version: number }[] = [];
  techIds.forEach((userId, k) => {
    const o = outlets[Math.floor(k / TECHS_PER_OUTLET)];
    o.techs.push(userId);
    const skills = o.skills.filter(() => r() < 0.45);
    if (!skills.length) skills.push(pick(r, o.skills.length ? o.skills : ALL_SKILLS));
    techProfiles.push({
      user_id: userId, outlet_id: o.id, skills: JSON.stringify(skills),
      certificates: JSON.stringify(r() < 0.5 ? [{ name: '制冷与空调作业操作证', number: `T${int(r, 100000, 999999)}`, validUntil: '2029-06-30' }] : []),
      daily_capacity: 6, active: r() < 0.97 ? 1 : 0, created_at: now, updated_at: now, version: 1,
    });
  });
  for (let k = 0; k < techProfiles.length; k += 500) await db.insertInto('technicians').values(techProfiles.slice(k, k + 500)).execute();

  // fee schedule (when no one has set one)
  const fees: [string, string, number][] = [
    ...SERVICE_TYPES.map((t) => ['labour', t, t === 'install' ? 15_000 : t === 'consult' ? 0 : 8_000] as [string, string, number]),
    ['callout', 'urban', 3_000], ['callout', 'suburban', 5_000], ['callout', 'remote', 8_000],
  ];
  for (const [kind, key, amount] of fees) {
    await db
      .insertInto('service_fees')
      .values({ kind: kind as 'labour' | 'callout', key, amount_fen: amount, created_at: now, updated_at: now, version: 1 })
      .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
      .execute();
  }

  // coverage: the longest matching code first, then own before special before authorised (as dispatch.ts ranks)
  const kindRank: Record<string, number> = { own: 0, special: 1, authorised: 2 };
  const cover = new Map<string, { outlets: Outlet[]; regionType: string }>();
  for (const d of districts) {
    const levels = [d, d.slice(0, 4) + '00', d.slice(0, 2) + '0000'];
    const m: { o: Outlet; level: number; type: string }[] = [];
    for (const o of outlets) {
      const level = levels.findIndex((l) => o.regions.has(l));
      if (level >= 0) m.push({ o, level, type: o.regions.get(levels[level])! });
    }
    m.sort((a, b) => a.level - b.level || kindRank[a.o.kind] - kindRank[b.o.kind] || a.o.id - b.o.id);
    cover.set(d, { outlets: m.map((x) => x.o), regionType: m[0]?.type ?? 'urban' });
  }
  log(`    network: ${outlets.length} outlets, ${techIds.length} technicians, ${productRows.length} products`);
  return { outlets, cover, managers, agents, products: productRows, categories: CATEGORIES.length };
}

// ---------------------------------------------------------------------------------------------
// generation

interface Customers {
  max: number;
  district: Int32Array;
  /** 0 standard, 1 gold, 2 vip */
  tier: Uint8Array;
  live: Int32Array;
}

async function loadCustomers(bulk: Bulk, maxId: number): Promise<Customers> {
  const district = new Int32Array(maxId + 1);
  const tier = new Uint8Array(maxId + 1);
  const live: number[] = [];
  const rows = await bulk.all<{ id: number; d: string | null; c: string | null; p: string | null; t: string | null; a: number }>(
    `select id, district_code as d, city_code as c, province_code as p, service_tier as t, case when archived_at is null then 0 else 1 end as a from customers where id <= ${Number(maxId)}`,
  );
  for (const row of rows) {
    const id = Number(row.id);
    district[id] = Number(row.d ?? row.c ?? row.p ?? 0);
    tier[id] = row.t === 'vip' ? 2 : row.t === 'gold' ? 1 : 0;
    if (!Number(row.a) && district[id]) live.push(id);
  }
  return { max: maxId, district, tier, live: Int32Array.from(live) };
}

const TIERS = ['standard', 'gold', 'vip'];
const iso = (ms: number) => new Date(ms).toISOString();
const isoN = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The plan of one open order, a pure function of its index (pass 1 needs the creation time, pass 2 the rest). */
function openPlan(j: number, anchor: number) {
  const r = rng((0x5eed0000 + j * 2654435761) >>> 0);
  const type = weighted(r, TYPE_W);
  const mode = modeOf(r, type);
  const state = weighted(r, OPEN_BY_MODE[mode]);
  const channel = type === 'maintenance' && r() < 0.3 ? 'auto' : weighted(r, CHANNEL_W);
  const acknowledged = LIVE.has(channel) || state !== 'received' || r() < 0.5;
  const kind = dueKindOf(state, acknowledged, mode);
  const u = r();
  // seconds from the anchor: 9 % breached (up to 3 days ago), 4 % due within the hour, the rest later
  const dueOff =
    u < 0.09 ? -int(r, 60, 3 * 86_400) : u < 0.13 ? int(r, 30, 3_600) : 3_600 + Math.min(12 * 86_400, Math.round(-Math.log(1 - r()) * 2 * 86_400));
  // taken days ago mostly (exponential, mean 4 days, at most 60), and before its deadline's target span
  const span = NOMINAL[kind] / 1000;
  const age = Math.round(Math.min(60 * 86_400, 300 + -Math.log(1 - r()) * 4 * 86_400));
  const createdOff = Math.min(-age, dueOff - Math.round(span * (0.8 + r() * 0.6)));
  return { r, type, mode, state, channel, acknowledged, kind, dueOff, createdOff: Math.max(createdOff, -90 * 86_400), priority: r() < 0.08 ? 'urgent' : 'normal' };
}

export async function generateService(kind: DbKind, loc: Location, meta: DatasetMeta, log: (m: string) => void): Promise<ServiceMeta> {
  const t0 = performance.now();
  const size = serviceSize(meta.customers);
  const database = kind === 'sqlite' ? openDatabase({ dataDir: loc.sqliteDir }) : openDatabase({ databaseUrl: loc.pgUrl, dataDir: loc.sqliteDir, poolSize: 2 });
  await migrateToLatest(database.db);
  await bootstrap(database.db, { adminPassword: BENCH_PASSWORD, log: () => undefined });
  await database.close();

  let bulk = kind === 'sqlite' ? sqliteBulk(loc.sqliteFile) : await pgBulk(loc.pgUrl);
  await clearService(bulk);
  await bulk.close();

  const customers = await (async () => {
    const b = kind === 'sqlite' ? sqliteBulk(loc.sqliteFile) : await pgBulk(loc.pgUrl);
    try {
      return await loadCustomers(b, meta.maxCustomerId);
    } finally {
      await b.close();
    }
  })();
  const districts = new Set<string>();
  for (const id of customers.live) districts.add(String(customers.district[id]));

  const db2 = kind === 'sqlite' ? openDatabase({ dataDir: loc.sqliteDir }) : openDatabase({ databaseUrl: loc.pgUrl, dataDir: loc.sqliteDir, poolSize: 2 });
  const net = await createNetwork(db2, districts, log);
  // SLA targets of every key, from the rule table (as createOrder takes them)
  const targets = new Map<string, { json: string; ruleId: number | null; warn: number }>();
  for (const t of SERVICE_TYPES)
    for (const tier of TIERS)
      for (const rt of ['urban', 'suburban', 'remote'])
        for (const pr of ['normal', 'urgent']) {
          const x = await findSlaTargets(db2.db, { serviceType: t, tier, regionType: rt, priority: pr });
          targets.set(`${t}|${tier}|${rt}|${pr}`, { json: JSON.stringify(x), ruleId: x.ruleId, warn: x.warnPercent });
        }
  await db2.close();

  bulk = kind === 'sqlite' ? sqliteBulk(loc.sqliteFile) : await pgBulk(loc.pgUrl);
  const anchor = Math.floor(Date.now() / 1000) * 1000;

  // ---- installed base
  const U = size.units;
  const unitCustomer = new Int32Array(U + 1);
  const unitProduct = new Uint16Array(U + 1);
  const unitWarrantyEnd = new Float64Array(U + 1);
  {
    const r = rng(40_404);
    const span = 6 * 365 * DAY;
    for (let from = 1; from <= U; from += CHUNK * 5) {
      const rows: Cell[][] = [];
      for (let id = from; id < Math.min(from + CHUNK * 5, U + 1); id++) {
        const customer = customers.live[Math.floor(r() * customers.live.length)];
        const pi = Math.floor(r() * net.products.length);
        const p = net.products[pi];
        // purchase dates grow with the id (ids follow the time units were registered)
        const bought = anchor - span + Math.floor(((id - 1) / U) * span) - int(r, 0, 20) * DAY;
        const buyDay = ymd(bought);
        const end = new Date(bought);
        end.setUTCMonth(end.getUTCMonth() + p.warrantyMonths);
        end.setUTCDate(end.getUTCDate() - 1);
        unitCustomer[id] = customer;
        unitProduct[id] = pi;
        unitWarrantyEnd[id] = end.getTime();
        const at = iso(bought + int(r, 1, 10) * DAY);
        rows.push([
          id, `${p.model.replace(/-/g, '')}${buyDay.slice(2, 4)}${String(id).padStart(9, '0')}`, p.id, customer, buyDay, pick(r, DEALERS),
          r() < 0.5 ? String(int(r, 10_000_000, 99_999_999)) : null, ymd(bought + int(r, 0, 7) * DAY), r() < 0.7 ? `QC${String(id).padStart(10, '0')}` : null,
          ymd(end.getTime()), String(customers.district[customer]), street(r), null, null, null, at, at, 1,
        ]);
      }
      await bulk.insert('product_units', UNIT_COLS, rows);
      if ((from - 1) % (CHUNK * 50) === 0 && from > 1) log(`    units: ${(from - 1).toLocaleString('en')} / ${U.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await bulk.flush();
    log(`    units: ${U.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }

  // ---- orders: pass 1, creation times of the history and of the open orders, merged into id order
  const N = size.orders;
  const nOpen = Math.round(N * OPEN_SHARE);
  const nHist = N - nOpen;
  const created = new Float64Array(N);
  const histStart = anchor - HISTORY_DAYS * DAY;
  const histSpan = (HISTORY_DAYS - 0.5) * DAY;
  // volume grows over the two years (density ∝ time): t = start + span·√u
  for (let i = 0; i < nHist; i++) created[i] = histStart + Math.floor(histSpan * Math.sqrt((i + 0.5) / nHist));
  for (let j = 0; j < nOpen; j++) created[nHist + j] = anchor + openPlan(j, anchor).createdOff * 1000;
  const order = Uint32Array.from({ length: N }, (_, k) => k).sort((a, b) => created[a] - created[b] || a - b);

  // ---- pass 2: rows in id order
  const r = rng(50_505);
  const periods = new Map<string, number>();
  let eventId = 0;
  let slaOrders = 0;
  let openOrders = 0;
  const techOf = (o: Outlet) => (o.techs.length ? pick(r, o.techs) : null);
  for (let from = 0; from < N; from += CHUNK) {
    const rows: Cell[][] = [];
    const events: Cell[][] = [];
    const live: Cell[][] = [];
    for (let k = from; k < Math.min(from + CHUNK, N); k++) {
      const id = k + 1;
      const src = order[k];
      const isOpen = src >= nHist;
      const plan = isOpen ? openPlan(src - nHist, anchor) : null;
      const c = created[src];
      const type = plan?.type ?? weighted(r, TYPE_W);
      const mode = plan?.mode ?? modeOf(r, type);
      const channel = plan?.channel ?? (type === 'maintenance' && r() < 0.3 ? 'auto' : weighted(r, CHANNEL_W));
      const priority = plan?.priority ?? (r() < 0.08 ? 'urgent' : 'normal');
      // the unit (consultations often without one) and its customer
      let unitId: number | null = type === 'consult' && r() < 0.5 ? null : 1 + Math.floor(r() * U);
      let customerId = unitId ? unitCustomer[unitId] : customers.live[Math.floor(r() * customers.live.length)];
      if (!customerId) {
        unitId = null;
        customerId = customers.live[Math.floor(r() * customers.live.length)];
      }
      const region = String(customers.district[customerId]);
      const cov = net.cover.get(region) ?? { outlets: net.outlets.slice(0, 1), regionType: 'urban' };
      const tier = TIERS[customers.tier[customerId]];
      const tgt = targets.get(`${type}|${tier}|${cov.regionType}|${priority}`)!;
      const warranty = unitId ? (r() < 0.03 ? 'agreement' : unitWarrantyEnd[unitId] >= c ? 'in' : 'out') : 'none';
      const outletPool = cov.outlets.filter((o) => o.serviceTypes.includes(type));
      const outlet = outletPool.length ? (r() < 0.85 ? outletPool[0] : pick(r, outletPool)) : cov.outlets[0];

      const row: Record<string, Cell> = {
        id, type, mode, channel, priority, customer_id: customerId, unit_id: unitId, contact_name: personName(r), contact_phone: mobile(r),
        region_code: region, region_type: cov.regionType, address: street(r), description: pick(r, FAULTS[type]), tier, warranty,
        sla_rule_id: tgt.ruleId, sla: tgt.json, escalated: 0, paused_minutes: 0, signature_file_id: null, labour_fee_fen: 0,
        callout_fee_fen: 0, parts_fee_fen: 0, total_fee_fen: 0, first_time_fix: null, rework_of_id: null, repeat_repair: 0, rating: null,
        created_by: pick(r, net.agents), archived_at: null, created_at: iso(c),
      };
      const period = localDateKey(new Date(c), TZ);
      const seq = (periods.get(period) ?? 0) + 1;
      periods.set(period, seq);
      row.code = formatCode('FW', period, seq);
      events.push([++eventId, id, iso(c), 'create', null, 'received', row.created_by, null, JSON.stringify({ channel, warranty, repeat: false })]);
      const assign = (at: number) => {
        row.outlet_id = outlet?.id ?? null;
        row.owner_id = outlet ? techOf(outlet) : null;
        row.team_id = outlet?.teamId ?? null;
        row.dispatched_at = iso(at);
      };

      if (plan) {
        // ---- open: times as whole seconds from the anchor, so rebaseService can move them exactly
        openOrders++;
        slaOrders++;
        const pr = plan.r;
        const off = new Map<string, number | null>();
        const createdOff = plan.createdOff;
        const due = plan.dueOff;
        // the steps already taken, spread between creation and now (all in the past)
        const step = (f: number) => Math.min(-60, Math.round(createdOff + (-createdOff) * f));
        const st = plan.state;
        off.set('created_at', createdOff);
        off.set('acknowledged_at', plan.acknowledged ? (LIVE.has(channel) ? createdOff : step(0.05)) : null);
        const dispatched = st !== 'received' && st !== 'remote_support' && !(st === 'checked_in' && pr() < 0.5);
        if (dispatched) {
          assign(0);
          off.set('dispatched_at', step(0.15));
        } else if (st !== 'received') {
          // carry-in checked in at the outlet without a dispatch, remote support from the hotline's outlet
          row.outlet_id = outlet?.id ?? null;
          row.owner_id = outlet ? techOf(outlet) : null;
          row.team_id = outlet?.teamId ?? null;
        }
        if (['scheduled', 'en_route', 'on_site'].includes(st) || (st === 'in_service' && mode === 'onsite') || (st === 'waiting_parts' && mode === 'onsite')) {
          // the booked window: its end + 30 min is the arrival deadline while arrival is the next one
          const toOff = plan.kind === 'arrival' ? due - 1_800 : step(0.4);
          off.set('appointment_to', toOff);
          off.set('appointment_from', toOff - 2 * 3_600);
        }
        if (['en_route', 'on_site', 'in_service', 'waiting_parts', 'ready'].includes(st) && mode !== 'carry_in') off.set('departed_at', step(0.5));
        if (['on_site', 'checked_in', 'in_service', 'waiting_parts', 'ready'].includes(st)) off.set('arrived_at', step(0.6));
        if (['in_service', 'waiting_parts', 'ready', 'remote_support'].includes(st)) off.set('started_at', step(0.7));
        if (st === 'waiting_parts') off.set('paused_since', step(0.8));
        // deadlines: the next one as planned, the others consistent around it
        const kindCol = `${plan.kind}_due`;
        off.set('ack_due', createdOff + Math.round(NOMINAL.ack / 1000));
        if (off.get('dispatched_at') != null) off.set('appointment_due', off.get('dispatched_at')! + Math.round(NOMINAL.appointment / 1000));
        if (mode !== 'remote') off.set('arrival_due', Math.max(createdOff + Math.round(NOMINAL.arrival / 1000), due));
        off.set('fix_due', Math.max(createdOff + Math.round(NOMINAL.fix / 1000), due + 86_400));
        off.set(kindCol, due);
        off.set('next_due', due);
        const warnLead = Math.round(((NOMINAL[plan.kind] / 1000) * (100 - tgt.warn)) / 100);
        const warnAt = due - warnLead;
        off.set('next_warn_at', warnAt);
        // the state a scan running every minute leaves: warned once the warning share is reached, breached once due
        if (warnAt <= 0) off.set('warned_at', Math.min(warnAt + int(pr, 0, 59), due > 0 ? 0 : due));
        if (due <= 0) {
          off.set('breached_at', Math.min(0, due + int(pr, 0, 59)));
          row.escalated = 1;
        } else if (pr() < 0.02) row.escalated = 1;
        const last = ACTION_INTO[st];
        off.set('updated_at', Math.max(...[...off.entries()].filter(([k2, v]) => v !== null && !k2.endsWith('_due') && k2 !== 'next_warn_at' && !k2.startsWith('appointment')).map(([, v]) => v as number).filter((v) => v <= 0)));
        row.state = st;
        row.next_due_kind = plan.kind;
        row.version = 1 + (last ? ['received', 'dispatched', 'scheduled', 'en_route', 'on_site', 'in_service', 'waiting_parts'].indexOf(st) + 1 : 0) + (row.escalated ? 1 : 0);
        if (st === 'in_service' || st === 'waiting_parts' || st === 'ready') row.diagnosis = pick(pr, ['初步判断为主板故障', '冷媒不足', '电磁阀损坏', '需更换配件']);
        for (const col of LIVE_TIME_COLS) row[col] = off.has(col) && off.get(col) !== null ? iso(anchor + off.get(col)! * 1000) : null;
        if (last) events.push([++eventId, id, row.updated_at, last[0], last[1], st, row.owner_id ?? row.created_by, null, null]);
        live.push([id, ...LIVE_OTHER_COLS.map((col) => row[col] ?? null), ...LIVE_TIME_COLS.map((col) => (off.has(col) ? off.get(col)! : null))]);
      } else {
        // ---- history: done (or cancelled) before now
        const ackAt = LIVE.has(channel) ? c : c + int(r, 5, 90) * MIN;
        row.acknowledged_at = iso(ackAt);
        row.ack_due = iso(c + NOMINAL.ack);
        row.arrival_due = mode === 'remote' ? null : iso(c + NOMINAL.arrival);
        row.fix_due = iso(c + NOMINAL.fix);
        row.next_due = null;
        row.next_due_kind = null;
        row.next_warn_at = null;
        row.warned_at = null;
        row.breached_at = null;
        const room = anchor - 10 * MIN - c;
        if (r() < 0.05) {
          const at = c + Math.min(room * 0.9, int(r, 10, 2 * 24 * 60) * MIN);
          if (r() < 0.6) assign(c + Math.min(room * 0.3, 30 * MIN));
          row.state = 'cancelled';
          row.cancelled_at = iso(at);
          row.updated_at = iso(at);
          row.version = 3;
          events.push([++eventId, id, iso(at), 'cancel', 'received', 'cancelled', row.created_by, pick(r, ['客户取消', '重复报修', '已自行解决']), null]);
          for (const col of ['dispatched_at', 'outlet_id', 'owner_id', 'team_id']) row[col] ??= null;
        } else {
          const took = Math.min(room * 0.8, Math.round(Math.exp(Math.log(2 * HOUR) + r() * Math.log(72)) + int(r, 0, 12) * HOUR));
          const done = c + took;
          const dispatchedAt = c + Math.min(took * 0.1, int(r, 10, 240) * MIN);
          assign(dispatchedAt);
          row.appointment_due = iso(dispatchedAt + NOMINAL.appointment);
          if (mode === 'onsite' || mode === 'pickup') {
            row.appointment_from = iso(c + took * 0.3);
            row.appointment_to = iso(c + took * 0.3 + 2 * HOUR);
            row.departed_at = iso(c + took * 0.35);
          }
          if (mode !== 'remote') row.arrived_at = iso(c + took * 0.4);
          row.started_at = iso(c + took * 0.45);
          row.completed_at = iso(done);
          row.fault_code = type === 'repair' ? pick(r, FAULT_CODES) : null;
          row.resolution = pick(r, RESOLUTIONS);
          row.signed_by = mode === 'remote' ? null : personName(r);
          const free = warranty === 'in' || warranty === 'agreement';
          const labour = free || type === 'consult' ? 0 : int(r, 50, 300) * 100;
          const callout = free || !['onsite', 'pickup'].includes(mode) ? 0 : int(r, 30, 80) * 100;
          const parts = type === 'repair' && r() < 0.4 ? int(r, 20, 800) * 100 : 0;
          Object.assign(row, { labour_fee_fen: labour, callout_fee_fen: callout, parts_fee_fen: free ? 0 : parts, total_fee_fen: labour + callout + (free ? 0 : parts) });
          row.first_time_fix = r() < 0.85 ? 1 : 0;
          const visitDue = done + NOMINAL.visit;
          row.visit_due = iso(visitDue);
          if (r() < 0.06) {
            row.breached_at = iso(c + NOMINAL.fix + int(r, 0, 59) * 1000);
            row.escalated = 1;
          }
          const since = anchor - done;
          let last: [string, string, string, number];
          if (since < 3 * DAY) {
            // waiting for the return visit: watched by the SLA scan and moved with the open orders
            row.state = 'completed';
            row.next_due = iso(visitDue);
            row.next_due_kind = 'visit';
            row.next_warn_at = iso(visitDue - ((NOMINAL.visit * (100 - tgt.warn)) / 100));
            if (visitDue - ((NOMINAL.visit * (100 - tgt.warn)) / 100) <= anchor) row.warned_at = row.next_warn_at;
            if (visitDue <= anchor) {
              row.breached_at = iso(visitDue);
              row.escalated = 1;
            }
            last = ['complete', 'in_service', 'completed', done];
          } else {
            const visited = done + Math.min(since * 0.5, int(r, 2, 72) * HOUR);
            row.visited_at = iso(visited);
            row.rating = weighted(r, [[5, 60], [4, 25], [3, 8], [2, 4], [1, 3]] as [number, number][]);
            if (since < 7 * DAY && r() < 0.5) {
              row.state = 'return_visited';
              last = ['visit', 'completed', 'return_visited', visited];
            } else {
              const evaluated = visited + Math.min((anchor - visited) * 0.3, int(r, 1, 48) * HOUR);
              row.evaluated_at = iso(evaluated);
              if (since < 7 * DAY) {
                row.state = 'evaluated';
                last = ['evaluate', 'return_visited', 'evaluated', evaluated];
              } else {
                const closed = evaluated + Math.min((anchor - evaluated) * 0.3, int(r, 1, 72) * HOUR);
                row.closed_at = iso(closed);
                row.state = 'closed';
                last = ['close', 'evaluated', 'closed', closed];
              }
            }
          }
          row.updated_at = iso(last[3]);
          row.version = 8 + (row.escalated ? 1 : 0);
          events.push([++eventId, id, iso(last[3]), last[0], last[1], last[2], last[0] === 'complete' ? (row.owner_id as number | null) : pick(r, net.agents), null, null]);
          if (row.state === 'completed') {
            slaOrders++;
            const rel = (col: string) => (row[col] === null || row[col] === undefined ? null : Math.round((Date.parse(row[col] as string) - anchor) / 1000));
            // whole seconds, as the rebase writes them
            for (const col of LIVE_TIME_COLS) row[col] = rel(col) === null ? null : iso(anchor + rel(col)! * 1000);
            live.push([id, ...LIVE_OTHER_COLS.map((col) => row[col] ?? null), ...LIVE_TIME_COLS.map(rel)]);
          }
        }
      }
      rows.push(ORDER_COLS.map((col) => row[col] ?? null));
    }
    await bulk.insert('service_orders', ORDER_COLS, rows);
    await bulk.insert('service_order_events', EVENT_COLS, events);
    if (live.length) await bulk.insert('bench_service_live', LIVE_COLS, live);
    if (from % (CHUNK * 20) === 0 && from > 0) log(`    orders: ${from.toLocaleString('en')} / ${N.toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await bulk.flush();
  log(`    orders: ${N.toLocaleString('en')}, ${openOrders.toLocaleString('en')} open, ${eventId.toLocaleString('en')} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  // numbers of later orders continue after the generated ones
  const seqRows = [...periods].map(([period, value]) => ['FW', period, value] as Cell[]);
  if (kind === 'sqlite') {
    for (let i = 0; i < seqRows.length; i += 500) {
      const part = seqRows.slice(i, i + 500);
      await bulk.exec(
        `insert into sequences (name, period, value) values ${part.map(() => '(?, ?, ?)').join(', ')} on conflict (name, period) do update set value = max(value, excluded.value)`,
        part.flat(),
      );
    }
    await bulk.exec('analyze service_orders; analyze service_order_events; analyze product_units; analyze outlet_regions; analyze technicians; analyze products');
  } else {
    await bulk.exec(
      `insert into sequences (name, period, value) select * from unnest($1::text[], $2::text[], $3::int4[])
       on conflict (name, period) do update set value = greatest(sequences.value, excluded.value)`,
      [seqRows.map((x) => x[0]), seqRows.map((x) => x[1]), seqRows.map((x) => x[2])] as unknown as Cell[],
    );
    for (const t of ['service_orders', 'service_order_events', 'product_units']) {
      await bulk.exec(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    }
    await bulk.exec('vacuum analyze service_orders, service_order_events, product_units, products, outlets, outlet_regions, technicians, bench_service_live, users, user_roles');
  }
  const svc: ServiceMeta = {
    version: SERVICE_GENERATOR_VERSION,
    categories: net.categories,
    products: net.products.length,
    units: U,
    outlets: net.outlets.length,
    technicians: net.outlets.reduce((s, o) => s + o.techs.length, 0),
    orders: N,
    openOrders,
    slaOrders,
    events: eventId,
    maxEventId: eventId,
    anchor: iso(anchor),
    generatedAt: new Date().toISOString(),
    seconds: Math.round((performance.now() - t0) / 1000),
  };
  await writeMeta(bulk, { ...meta, service: svc });
  await bulk.close();
  return svc;
}

/** Removes whatever service data a dataset holds (an interrupted generation, or --regenerate-service). */
async function clearService(bulk: Bulk) {
  const live = `create table if not exists bench_service_live (id ${bulk.kind === 'pg' ? 'bigint' : 'integer'} primary key, ${[
    'state text', 'version integer', 'escalated integer', 'owner_id bigint', 'outlet_id bigint', 'team_id bigint', 'next_due_kind text', 'paused_minutes integer',
    ...LIVE_TIME_COLS.map((c) => `${c} integer`),
  ].join(', ')})`;
  if (bulk.kind === 'pg') {
    await bulk.exec(live);
    const tables = (await bulk.all<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = current_schema()`)).map((x) => x.t);
    const mine = ['service_order_events', 'service_order_items', 'return_visits', 'part_requests', 'part_movements', 'part_stock', 'parts', 'service_orders', 'product_units', 'products', 'product_categories', 'technicians', 'outlet_regions', 'outlets', 'bench_service_live'].filter((t) => tables.includes(t));
    await bulk.exec(`truncate ${mine.join(', ')} cascade`);
  } else {
    await bulk.exec(live);
    await bulk.exec('pragma foreign_keys = OFF');
    const tables = (await bulk.all<{ name: string }>(`select name from sqlite_master where type = 'table'`)).map((x) => x.name);
    for (const t of ['service_order_events', 'service_order_items', 'return_visits', 'part_requests', 'part_movements', 'part_stock', 'parts', 'service_orders', 'product_units', 'products', 'product_categories', 'technicians', 'outlet_regions', 'outlets', 'bench_service_live']) {
      if (tables.includes(t)) await bulk.exec(`delete from ${t}`);
    }
  }
  await bulk.exec(`delete from notifications where link like '/service/%'`);
  await bulk.exec(`delete from user_roles where user_id in (select id from users where username like 'svcmgr%' or username like 'svcagent%' or username like 'tech%')`);
  await bulk.exec(`delete from sessions where user_id in (select id from users where username like 'svcmgr%' or username like 'svcagent%' or username like 'tech%')`).catch(() => undefined);
  await bulk.exec(`delete from users where username like 'svcmgr%' or username like 'svcagent%' or username like 'tech%'`);
  await bulk.exec(`delete from org_units where parent_id in (select id from org_units where name = '售后服务中心')`);
  await bulk.exec(`delete from org_units where name = '售后服务中心'`);
  await bulk.exec(`delete from sequences where name = 'FW'`);
}

async function writeMeta(bulk: Bulk, meta: DatasetMeta) {
  await bulk.exec('create table if not exists bench_meta (key text primary key, value text not null)');
  await bulk.exec(`delete from bench_meta where key = 'dataset'`);
  await bulk.exec(`insert into bench_meta (key, value) values ('dataset', ${bulk.kind === 'pg' ? '$1' : '?'})`, [JSON.stringify(meta)]);
}

// ---------------------------------------------------------------------------------------------
// every run: the live orders back to their generated state, moved to "now"

/**
 * Restores the orders the SLA scan watches to their generated state with their times moved to `now`, and removes
 * the events and notifications earlier runs added. Returns how long it took.
 */
export async function rebaseService(kind: DbKind, loc: Location, svc: ServiceMeta, now: Date): Promise<number> {
  const t0 = performance.now();
  const bulk = kind === 'sqlite' ? sqliteBulk(loc.sqliteFile) : await pgBulk(loc.pgUrl);
  try {
    const nowSec = Math.floor(now.getTime() / 1000);
    if (kind === 'sqlite') {
      const set = [
        ...LIVE_OTHER_COLS.map((c) => `${c} = b.${c}`),
        ...LIVE_TIME_COLS.map((c) => `${c} = strftime('%Y-%m-%dT%H:%M:%fZ', ${nowSec} + b.${c}, 'unixepoch')`),
      ].join(', ');
      await bulk.exec('begin');
      await bulk.exec(`update service_orders set ${set} from bench_service_live b where service_orders.id = b.id`);
      await bulk.exec(`delete from service_order_events where id > ${Number(svc.maxEventId)}`);
      await bulk.exec(`delete from notifications where link like '/service/%'`);
      await bulk.exec('commit');
    } else {
      const set = [...LIVE_OTHER_COLS.map((c) => `${c} = b.${c}`), ...LIVE_TIME_COLS.map((c) => `${c} = to_timestamp(${nowSec} + b.${c})`)].join(', ');
      await bulk.exec('begin');
      await bulk.exec(`update service_orders o set ${set} from bench_service_live b where o.id = b.id`);
      await bulk.exec(`delete from service_order_events where id > ${Number(svc.maxEventId)}`);
      await bulk.exec(`delete from notifications where link like '/service/%'`);
      await bulk.exec('commit');
      await bulk.exec('vacuum analyze service_orders');
    }
  } finally {
    await bulk.close();
  }
  return Math.round(performance.now() - t0) / 1000;
}

/** Clears what the SLA scan sets on the watched orders (warnings, breaches and the escalation they cause). */
export async function clearSlaFlags(kind: DbKind, loc: Location): Promise<number> {
  const bulk = kind === 'sqlite' ? sqliteBulk(loc.sqliteFile) : await pgBulk(loc.pgUrl);
  try {
    const states = SLA_STATES.map((s) => `'${s}'`).join(', ');
    const n = await bulk.all<{ n: number }>(`select count(*) as n from service_orders where state in (${states}) and archived_at is null`);
    await bulk.exec(`update service_orders set warned_at = null, breached_at = null, escalated = 0 where id in (select id from bench_service_live)`);
    if (kind === 'pg') await bulk.exec('vacuum analyze service_orders');
    return Number(n[0].n);
  } finally {
    await bulk.close();
  }
}

export function hasService(meta: DatasetMeta | null): boolean {
  return !!meta?.service && meta.service.version === SERVICE_GENERATOR_VERSION && meta.service.orders === serviceSize(meta.customers).orders;
}
