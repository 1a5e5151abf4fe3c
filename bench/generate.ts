// Bench data: realistic Chinese customers (enterprises and households) with contacts, addresses, tags,
// classifications and search tokens, bulk-loaded straight into SQLite and/or PostgreSQL.
//
// The rows come from the same generators as the demo data (seed/fake.ts: real division codes, credit codes
// and ID numbers with valid check characters, plausible mobiles) and the same row preparation as a create
// (prepareCustomer); the search index rows come from the app's own token functions, so `q` searches real data.
// A generated dataset is reused by later runs when its size matches (see `datasetState`).
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import type { TCustomerCreate } from '@kehu/shared';
import { openDatabase } from '../packages/server/src/db';
import { migrateToLatest } from '../packages/server/src/db/migrate';
import { bootstrap } from '../packages/server/src/seed/bootstrap';
import { hashPassword } from '../packages/server/src/platform/passwords';
import { fakeCustomer, rng, pick, int, type Rng } from '../packages/server/src/seed/fake';
import { prepareCustomer } from '../packages/server/src/modules/customers/service';
import { customerTokens } from '../packages/server/src/modules/customers/repo';
import { codeTokens, nameTokens } from '../packages/server/src/platform/search-text';
import { formatCode } from '../packages/server/src/platform/numbering';
import type { Principal } from '../packages/server/src/platform/permissions';

/** Bump when the generated data changes shape, so older datasets are regenerated. */
export const GENERATOR_VERSION = 1;
export const BENCH_USER = 'bench';
export const BENCH_PASSWORD = 'Bench2026!';
export const TEAMS = 10;
const MANAGERS_PER_TEAM = 5;
const DAYS = 5 * 365;
const CHUNK = 5000;

export type DbKind = 'sqlite' | 'pg';

export interface DatasetMeta {
  version: number;
  customers: number;
  /** the highest generated customer id: rows above it were added by bench runs and are removed before a run */
  maxCustomerId: number;
  contacts: number;
  addresses: number;
  /** team whose customers the export measures (about min(100 000, customers / 2) rows) */
  exportTeamId: number;
  exportRows: number;
  generatedAt: string;
  seconds: number;
  /** the after-sales service data added by service-generate.ts, when it has been */
  service?: import('./service-generate').ServiceMeta;
}

// ---------------------------------------------------------------------------------------------
// row generation (database independent)

const CUSTOMER_COLS = [
  'id', 'code', 'type', 'name', 'short_name', 'name_norm', 'phone', 'email', 'credit_code', 'id_number', 'birthday',
  'lifecycle_state', 'grade', 'source', 'service_tier', 'owner_id', 'team_id', 'province_code', 'city_code', 'district_code',
  'profile', 'note', 'merged_into_id', 'archived_at', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version',
] as const;
const CONTACT_COLS = [
  'id', 'customer_id', 'name', 'gender', 'department', 'title', 'buying_role', 'mobile', 'phone', 'email', 'wechat', 'birthday',
  'hobbies', 'personality', 'is_primary', 'note', 'archived_at', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version',
] as const;
const ADDRESS_COLS = [
  'id', 'customer_id', 'type', 'province_code', 'city_code', 'district_code', 'street', 'postcode', 'route_no', 'is_default', 'note',
  'archived_at', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version',
] as const;

/** PostgreSQL array types for the unnest() bulk insert. */
const PG_TYPES: Record<string, string> = {
  id: 'int8', customer_id: 'int8', owner_id: 'int8', team_id: 'int8', merged_into_id: 'int8', created_by: 'int8', updated_by: 'int8',
  version: 'int4', is_primary: 'int4', is_default: 'int4',
  birthday: 'date', archived_at: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz',
};
const pgType = (c: string) => PG_TYPES[c] ?? 'text';

type Cell = string | number | null;
export interface Chunk {
  customers: Cell[][];
  contacts: Cell[][];
  addresses: Cell[][];
  tags: [number, string][];
  classifications: [number, string, string][];
  search: [number, string][];
}

export interface Org {
  /** team id → account managers (user ids) of that team */
  teams: { id: number; managers: number[] }[];
  benchUserId: number;
}

const COMPANY_MAIL = ['163.com', 'qq.com', '126.com', 'sina.com', 'aliyun.com'];
const DEPARTMENTS = ['采购部', '工程部', '财务部', '行政部', '设备部', '总经办'];
const NOTES = ['老客户，合作稳定', '年底集中采购', '需开增值税专用发票', '对价格敏感', '要求上门安装', null, null, null, null];

/** nameTokens() is pure and names repeat a lot (person names, short names): keep recent results. */
const tokenMemo = new Map<string, readonly string[]>();
function memoNameTokens(name: string | null | undefined): readonly string[] {
  if (!name) return [];
  let t = tokenMemo.get(name);
  if (!t) {
    if (tokenMemo.size > 200_000) tokenMemo.clear();
    t = nameTokens(name);
    tokenMemo.set(name, t);
  }
  return t;
}

/** The same composition as repo.customerTokens (checked against it on the first chunk), with memoised name tokens. */
function tokensOf(
  c: { name: string; short_name: string | null; code: string; phone: string | null; credit_code: string | null },
  contacts: { name: string; mobile: string | null; phone: string | null }[],
): string[] {
  const t = new Set<string>([
    ...memoNameTokens(c.name),
    ...memoNameTokens(c.short_name),
    ...codeTokens(c.code, 3),
    ...codeTokens(c.phone, 3),
    ...codeTokens(c.credit_code, 3),
  ]);
  for (const k of contacts) {
    for (const x of memoNameTokens(k.name)) t.add(x);
    for (const x of codeTokens(k.mobile, 3)) t.add(x);
    for (const x of codeTokens(k.phone, 3)) t.add(x);
  }
  return [...t];
}

function dayKey(d: Date) {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

export class Generator {
  private r: Rng;
  private next = { customer: 1, contact: 1, address: 1 };
  /** record numbers per day: period → last number used */
  readonly periods = new Map<string, number>();
  private readonly start: number;
  private checked = false;
  exportTeamEvery: number;

  constructor(
    readonly total: number,
    readonly org: Org,
    seed = 20261122,
  ) {
    this.r = rng(seed);
    // the generated history ends yesterday (UTC), so today's numbers (KH<today>-0001 …) stay free for creates
    const end = new Date();
    end.setUTCHours(0, 0, 0, 0);
    this.start = end.getTime() - DAYS * 86_400_000;
    this.exportTeamEvery = Math.max(2, Math.round(total / 100_000));
  }

  get done() {
    return this.next.customer - 1;
  }

  chunk(): Chunk | null {
    const from = this.next.customer;
    if (from > this.total) return null;
    const n = Math.min(CHUNK, this.total - from + 1);
    const out: Chunk = { customers: [], contacts: [], addresses: [], tags: [], classifications: [], search: [] };
    const r = this.r;
    const { teams } = this.org;
    const check: { c: Parameters<typeof customerTokens>[0]; k: Parameters<typeof customerTokens>[1]; t: string }[] = [];
    for (let k = 0; k < n; k++) {
      const id = this.next.customer++;
      const i = id - 1;
      const type = r() < 0.6 ? 'enterprise' : 'individual';
      const { place: _place, ...input } = fakeCustomer(r, type);
      if (type === 'individual' && r() < 0.3) input.email = `${int(r, 10000, 99999999)}@${pick(r, COMPANY_MAIL)}`;
      if (type === 'enterprise' && r() < 0.5) input.email = `service${int(r, 1, 999)}@${pick(r, COMPANY_MAIL)}`;
      input.note = pick(r, NOTES);
      // team 0 holds every `exportTeamEvery`-th customer: the export measures that team's list
      const team = i % this.exportTeamEvery === 0 ? teams[0] : teams[1 + (Math.floor(r() * (teams.length - 1)))];
      const owner = pick(r, team.managers);
      // ids grow with the creation time, as they do in a live system
      const at = new Date(this.start + Math.floor((i / this.total) * DAYS * 86_400_000) + int(r, 0, 3_600_000));
      const atIso = at.toISOString();
      const period = dayKey(at);
      const seq = (this.periods.get(period) ?? 0) + 1;
      this.periods.set(period, seq);
      const code = formatCode('KH', period, seq);
      const principal = { userId: owner } as Principal;
      const { row } = prepareCustomer({ ...input, ownerId: owner } as TCustomerCreate, principal, team.id, atIso);
      const archived = r() < 0.02 ? new Date(at.getTime() + 86_400_000 * int(r, 1, 300)).toISOString() : null;
      const c: Record<string, Cell> = { ...(row as Record<string, Cell>), id, code, archived_at: archived, version: 1 + (r() < 0.3 ? int(r, 1, 5) : 0) };
      out.customers.push(CUSTOMER_COLS.map((col) => c[col] ?? null));

      const contactRows: { name: string; mobile: string | null; phone: string | null }[] = [];
      for (const [j, ct] of (input.contacts ?? []).entries()) {
        const row: Record<string, Cell> = {
          id: this.next.contact++,
          customer_id: id,
          name: ct.name,
          gender: r() < 0.5 ? 'male' : 'female',
          department: type === 'enterprise' ? pick(r, DEPARTMENTS) : null,
          title: ct.title ?? null,
          buying_role: ct.buyingRole ?? null,
          mobile: ct.mobile ?? null, // fake mobiles are already in normalised form (11 digits)
          phone: null,
          email: null,
          wechat: r() < 0.4 ? `wx_${ct.mobile}` : null,
          birthday: ct.birthday ?? null,
          hobbies: ct.hobbies ?? null,
          personality: null,
          is_primary: j === 0 ? 1 : 0,
          note: null,
          archived_at: null,
          created_at: atIso,
          created_by: owner,
          updated_at: atIso,
          updated_by: owner,
          version: 1,
        };
        out.contacts.push(CONTACT_COLS.map((col) => row[col] ?? null));
        contactRows.push({ name: ct.name, mobile: ct.mobile ?? null, phone: null });
      }
      for (const [j, a] of (input.addresses ?? []).entries()) {
        const row: Record<string, Cell> = {
          id: this.next.address++,
          customer_id: id,
          type: a.type,
          province_code: a.provinceCode,
          city_code: a.cityCode ?? null,
          district_code: a.districtCode ?? null,
          street: a.street ?? null,
          postcode: null,
          route_no: null,
          is_default: j === 0 ? 1 : 0,
          note: null,
          archived_at: null,
          created_at: atIso,
          created_by: owner,
          updated_at: atIso,
          updated_by: owner,
          version: 1,
        };
        out.addresses.push(ADDRESS_COLS.map((col) => row[col] ?? null));
      }
      for (const tag of new Set(input.tags ?? [])) out.tags.push([id, tag]);
      for (const [dim, values] of Object.entries(input.classifications ?? {})) for (const v of new Set(values)) out.classifications.push([id, dim, v]);
      const tokenInput = { name: row.name, short_name: row.short_name, code, phone: row.phone, credit_code: row.credit_code };
      const tokens = tokensOf(tokenInput, contactRows); // archived customers keep their tokens, as refreshSearch does
      out.search.push([id, tokens.join(' ')]);
      if (!this.checked && check.length < 300) check.push({ c: tokenInput, k: contactRows, t: tokens.join(' ') });
    }
    if (!this.checked) {
      for (const x of check) {
        if (customerTokens(x.c, x.k).join(' ') !== x.t) throw new Error(`bench tokens differ from repo.customerTokens for ${x.c.name}`);
      }
      this.checked = true;
    }
    return out;
  }

  totals() {
    return { contacts: this.next.contact - 1, addresses: this.next.address - 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// organisation (through Kysely, same code on both databases)

type KDb = ReturnType<typeof openDatabase>['db'];

async function createOrg(db: KDb): Promise<Org> {
  const now = new Date().toISOString();
  const root = await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const roles = new Map((await db.selectFrom('roles').select(['id', 'code']).execute()).map((x) => [x.code, x.id]));
  const hash = await hashPassword(BENCH_PASSWORD);
  const addUser = async (username: string, name: string, unit: number, role: string) => {
    const u = await db
      .insertInto('users')
      .values({
        username, display_name: name, password_hash: hash, email: `${username}@bench.kehu.local`, phone: null, org_unit_id: unit,
        disabled: 0, must_change_password: 0, failed_logins: 0, created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ user_id: u.id, role_id: roles.get(role)! }).execute();
    return u.id;
  };
  const benchUserId = await addUser(BENCH_USER, '性能测试', root.id, 'admin');
  const regions = ['华东', '华南', '华北', '华中', '西南', '西北', '东北', '华东二', '华南二', '大客户'];
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
  const given = ['伟', '芳', '敏', '静', '强', '磊', '军', '洋', '勇', '杰'];
  const teams: Org['teams'] = [];
  const r = rng(7);
  for (let t = 0; t < TEAMS; t++) {
    const dept = await db
      .insertInto('org_units')
      .values({ parent_id: root.id, name: `${regions[t]}销售部`, kind: 'department', sort: t, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const team = await db
      .insertInto('org_units')
      .values({ parent_id: dept.id, name: `${regions[t]}一组`, kind: 'team', sort: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const managers: number[] = [];
    for (let m = 0; m < MANAGERS_PER_TEAM; m++) {
      managers.push(await addUser(`am${t}_${m}`, pick(r, surnames) + pick(r, given) + (m + 1), team.id, 'account_manager'));
    }
    teams.push({ id: team.id, managers });
  }
  return { teams, benchUserId };
}

// ---------------------------------------------------------------------------------------------
// writers

interface Writer {
  kind: DbKind;
  write(chunk: Chunk): Promise<void>;
  finish(gen: Generator, meta: DatasetMeta): Promise<void>;
}

export const BENCH_DIR = path.resolve(import.meta.dirname, '../data/bench');
export const DEFAULT_CUSTOMERS = 1_000_000;

/**
 * Where the dataset of a size lives: the default size in data/bench/sqlite/kehu.db and the database kehu_bench
 * (or BENCH_DATABASE_URL); other sizes beside them with the size as suffix (sqlite-100k, kehu_bench_100k),
 * so a quick run does not throw away the big dataset.
 */
export function location(customers: number) {
  const tag = customers === DEFAULT_CUSTOMERS ? '' : customers % 1000 === 0 ? `${customers / 1000}k` : String(customers);
  const sqliteDir = path.join(BENCH_DIR, tag ? `sqlite-${tag}` : 'sqlite');
  const u = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kehu_bench');
  if (tag) u.pathname = `${u.pathname}_${tag}`;
  return { sqliteDir, sqliteFile: path.join(sqliteDir, 'kehu.db'), pgUrl: u.toString() };
}
export type Location = ReturnType<typeof location>;

function withDbName(url: string, name: string) {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

async function sqliteWriter(loc: Location): Promise<{ writer: Writer; org: Org }> {
  for (const f of [loc.sqliteFile, loc.sqliteFile + '-wal', loc.sqliteFile + '-shm']) fs.rmSync(f, { force: true });
  fs.mkdirSync(loc.sqliteDir, { recursive: true });
  const database = openDatabase({ dataDir: loc.sqliteDir });
  await migrateToLatest(database.db);
  await bootstrap(database.db, { adminPassword: BENCH_PASSWORD, log: () => undefined });
  const org = await createOrg(database.db);
  await database.close();

  const conn = new SQLite(loc.sqliteFile);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = OFF');
  conn.pragma('cache_size = -1000000');
  conn.pragma('temp_store = MEMORY');
  const ins = (table: string, cols: readonly string[]) =>
    conn.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
  const sCustomer = ins('customers', CUSTOMER_COLS);
  const sContact = ins('contacts', CONTACT_COLS);
  const sAddress = ins('addresses', ADDRESS_COLS);
  const sTag = ins('customer_tags', ['customer_id', 'tag']);
  const sCls = ins('customer_classifications', ['customer_id', 'dimension', 'value']);
  const sSearch = conn.prepare('insert into customer_search (rowid, tokens) values (?, ?)');
  const load = conn.transaction((c: Chunk) => {
    for (const row of c.customers) sCustomer.run(row);
    for (const row of c.contacts) sContact.run(row);
    for (const row of c.addresses) sAddress.run(row);
    for (const row of c.tags) sTag.run(row);
    for (const row of c.classifications) sCls.run(row);
    for (const row of c.search) sSearch.run(row);
  });
  let batch: Chunk[] = [];
  const flush = () => {
    conn.transaction(() => batch.forEach((c) => load(c)))();
    batch = [];
  };
  return {
    org,
    writer: {
      kind: 'sqlite',
      async write(c) {
        batch.push(c);
        if (batch.length >= 10) flush(); // 50 000 customers per transaction
      },
      async finish(gen, meta) {
        if (batch.length) flush();
        const seqIns = conn.prepare(`insert into sequences (name, period, value) values ('KH', ?, ?)
          on conflict (name, period) do update set value = max(value, excluded.value)`);
        conn.transaction(() => {
          for (const [period, value] of gen.periods) seqIns.run(period, value);
        })();
        conn.exec(`create table if not exists bench_meta (key text primary key, value text not null)`);
        conn.prepare(`insert or replace into bench_meta (key, value) values ('dataset', ?)`).run(JSON.stringify(meta));
        conn.exec(`insert into customer_search (customer_search) values ('optimize')`);
        conn.exec('analyze');
        conn.pragma('wal_checkpoint(TRUNCATE)');
        conn.close();
      },
    },
  };
}

async function pgWriter(loc: Location): Promise<{ writer: Writer; org: Org }> {
  const url = loc.pgUrl;
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name must be a plain identifier: ${name}`);
  // connect to the maintenance database (postgres, else test) to drop and create the bench database
  let admin: pg.Client | null = null;
  for (const maint of ['postgres', 'test']) {
    const c = new pg.Client({ connectionString: withDbName(url, maint) });
    try {
      await c.connect();
      admin = c;
      break;
    } catch {
      await c.end().catch(() => undefined);
    }
  }
  if (!admin) throw new Error(`cannot reach PostgreSQL at ${withDbName(url, 'postgres')}`);
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();

  const database = openDatabase({ databaseUrl: url, dataDir: BENCH_DIR, poolSize: 2 });
  await migrateToLatest(database.db);
  await bootstrap(database.db, { adminPassword: BENCH_PASSWORD, log: () => undefined });
  const org = await createOrg(database.db);
  // the GIN index is built once after the load: much faster than maintaining it row by row
  await sql`drop index if exists customer_search_vector`.execute(database.db);
  await database.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const unnestInsert = (table: string, cols: readonly string[]) =>
    `insert into ${table} (${cols.join(', ')}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${pgType(c)}[]`).join(', ')})`;
  const qCustomer = unnestInsert('customers', CUSTOMER_COLS);
  const qContact = unnestInsert('contacts', CONTACT_COLS);
  const qAddress = unnestInsert('addresses', ADDRESS_COLS);
  const columns = (rows: Cell[][], n: number) => Array.from({ length: n }, (_, i) => rows.map((r) => r[i]));
  let pending: Promise<unknown> = Promise.resolve();
  const load = async (c: Chunk) => {
    await client.query('begin');
    await client.query(qCustomer, columns(c.customers, CUSTOMER_COLS.length));
    await client.query(qContact, columns(c.contacts, CONTACT_COLS.length));
    await client.query(qAddress, columns(c.addresses, ADDRESS_COLS.length));
    await client.query('insert into customer_tags (customer_id, tag) select * from unnest($1::int8[], $2::text[])', [c.tags.map((t) => t[0]), c.tags.map((t) => t[1])]);
    await client.query('insert into customer_classifications (customer_id, dimension, value) select * from unnest($1::int8[], $2::text[], $3::text[])', [
      c.classifications.map((t) => t[0]),
      c.classifications.map((t) => t[1]),
      c.classifications.map((t) => t[2]),
    ]);
    await client.query(
      `insert into customer_search (customer_id, vector)
       select u.id, array_to_tsvector(string_to_array(u.t, ' ')) from unnest($1::int8[], $2::text[]) as u(id, t)`,
      [c.search.map((s) => s[0]), c.search.map((s) => s[1])],
    );
    await client.query('commit');
  };
  return {
    org,
    writer: {
      kind: 'pg',
      async write(c) {
        // generation of the next chunk overlaps with PostgreSQL loading this one
        await pending;
        pending = load(c);
      },
      async finish(gen, meta) {
        await pending;
        await client.query(`insert into sequences (name, period, value) select 'KH', * from unnest($1::text[], $2::int4[])
          on conflict (name, period) do update set value = greatest(sequences.value, excluded.value)`, [[...gen.periods.keys()], [...gen.periods.values()]]);
        for (const t of ['customers', 'contacts', 'addresses']) {
          await client.query(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
        }
        await client.query("set maintenance_work_mem = '1GB'");
        await client.query('create index customer_search_vector on customer_search using gin (vector)');
        await client.query('create table if not exists bench_meta (key text primary key, value text not null)');
        await client.query(`insert into bench_meta (key, value) values ('dataset', $1) on conflict (key) do update set value = excluded.value`, [JSON.stringify(meta)]);
        await client.query('vacuum analyze');
        await client.end();
      },
    },
  };
}

/** Generates `customers` customers into every given database in one pass (rows are generated once). */
export async function generate(kinds: DbKind[], customers: number, log: (m: string) => void): Promise<DatasetMeta> {
  const loc = location(customers);
  const t0 = performance.now();
  const writers: Writer[] = [];
  let org: Org | null = null;
  for (const kind of kinds) {
    const w = kind === 'sqlite' ? await sqliteWriter(loc) : await pgWriter(loc);
    // both databases get the same organisation (same ids: both start from an empty bootstrap)
    if (org && JSON.stringify(org) !== JSON.stringify(w.org)) throw new Error('organisation ids differ between databases');
    org = w.org;
    writers.push(w.writer);
  }
  const gen = new Generator(customers, org!);
  let lastLog = performance.now();
  for (let c = gen.chunk(); c; c = gen.chunk()) {
    for (const w of writers) await w.write(c);
    if (performance.now() - lastLog > 10_000) {
      const s = (performance.now() - t0) / 1000;
      log(`  generated ${gen.done.toLocaleString('en')} / ${customers.toLocaleString('en')} customers (${s.toFixed(0)} s, ${Math.round(gen.done / s)}/s)`);
      lastLog = performance.now();
    }
  }
  const exportTeamId = org!.teams[0].id;
  const exportRows = Math.ceil(customers / gen.exportTeamEvery);
  const meta: DatasetMeta = {
    version: GENERATOR_VERSION,
    customers,
    maxCustomerId: customers,
    ...gen.totals(),
    exportTeamId,
    exportRows,
    generatedAt: new Date().toISOString(),
    seconds: 0,
  };
  log('  building indexes and statistics …');
  for (const w of writers) {
    const t = performance.now();
    await w.finish(gen, { ...meta, seconds: Math.round((performance.now() - t0) / 1000) });
    log(`  ${w.kind}: finished in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  meta.seconds = Math.round((performance.now() - t0) / 1000);
  return meta;
}

// ---------------------------------------------------------------------------------------------
// reuse

/** The dataset stored in a database, or null when there is none (or an older generator made it). */
export async function readMeta(kind: DbKind, loc: Location): Promise<DatasetMeta | null> {
  try {
    if (kind === 'sqlite') {
      if (!fs.existsSync(loc.sqliteFile)) return null;
      const conn = new SQLite(loc.sqliteFile, { readonly: true });
      try {
        const row = conn.prepare(`select value from bench_meta where key = 'dataset'`).get() as { value: string } | undefined;
        return row ? (JSON.parse(row.value) as DatasetMeta) : null;
      } finally {
        conn.close();
      }
    }
    const client = new pg.Client({ connectionString: loc.pgUrl });
    await client.connect();
    try {
      const res = await client.query(`select value from bench_meta where key = 'dataset'`);
      return res.rows[0] ? (JSON.parse(res.rows[0].value) as DatasetMeta) : null;
    } finally {
      await client.end();
    }
  } catch {
    return null;
  }
}

/**
 * Removes what earlier bench runs added (customers created or imported above the generated ids, with their
 * children), so every run measures the same dataset. The audit log is append-only and keeps its rows.
 */
export async function resetDataset(kind: DbKind, meta: DatasetMeta, loc: Location): Promise<number> {
  const max = meta.maxCustomerId;
  const children = ['contacts', 'addresses', 'customer_tags', 'customer_classifications', 'customer_grade_history', 'customer_events'];
  if (kind === 'sqlite') {
    const conn = new SQLite(loc.sqliteFile);
    try {
      conn.pragma('busy_timeout = 10000');
      const extra = (conn.prepare('select count(*) as n from customers where id > ?').get(max) as { n: number }).n;
      conn.transaction(() => {
        for (const t of children) conn.prepare(`delete from ${t} where customer_id > ?`).run(max);
        conn.prepare(`delete from customer_search where rowid > ?`).run(max);
        conn.prepare(`delete from attachments where owner_type = 'customer' and owner_id > ?`).run(max);
        conn.prepare(`delete from customers where id > ?`).run(max);
        conn.prepare(`delete from imports`).run();
      })();
      conn.pragma('wal_checkpoint(TRUNCATE)');
      return extra;
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: loc.pgUrl });
  await client.connect();
  try {
    const extra = Number((await client.query('select count(*) as n from customers where id > $1', [max])).rows[0].n);
    await client.query('begin');
    for (const t of children) await client.query(`delete from ${t} where customer_id > $1`, [max]);
    await client.query('delete from customer_search where customer_id > $1', [max]);
    await client.query(`delete from attachments where owner_type = 'customer' and owner_id > $1`, [max]);
    await client.query('delete from customers where id > $1', [max]);
    await client.query('delete from imports');
    await client.query('commit');
    if (extra > 0) await client.query('vacuum analyze customers, contacts, addresses, customer_search');
    return extra;
  } finally {
    await client.end();
  }
}
