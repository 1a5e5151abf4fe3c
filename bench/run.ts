// `npm run bench [-- --customers N] [--db sqlite|pg|both] [--only customers|service|complaints] [--regenerate] [--regenerate-service] [--regenerate-complaints] [--no-import]`
//
// Generates (or reuses) a dataset of N customers (default 1 000 000) with contacts and addresses, starts the real
// server in a child process on each database, and measures through the HTTP API over loopback with a keep-alive
// client: get by id, filtered lists, `q` search (initials, name fragment, phone fragment), create, import, export,
// and the server's own memory (/proc/<pid>/status). A bare Fastify route measured with the same client gives the
// throughput baseline. The after-sales service part (service-generate.ts, service-run.ts) adds 2 units and 1 service
// order per customer to the dataset and measures open-order lists, the SLA board, the dispatch proposal, a
// transition and the SLA scan. The complaint part (complaints-generate.ts, complaints-run.ts) adds 2 complaints per
// customer (on top of the service data) and measures the open-complaint list, intake, the daily report and the
// 12-month analysis. Prints a table and writes bench/results/latest.json. A benchmark, not a test:
// nothing here fails the build; the table says which budgets are met.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { pinyin } from 'pinyin-pro';
import { fakeCustomer, rng, pick, int, type Rng } from '../packages/server/src/seed/fake';
import { Client, measure, type Stats } from './http';
import {
  BENCH_DIR,
  BENCH_PASSWORD,
  BENCH_USER,
  GENERATOR_VERSION,
  generate,
  location,
  readMeta,
  resetDataset,
  type DatasetMeta,
  type DbKind,
  type Location,
} from './generate';
import { runImport, type ImportResult } from './import';
import { ensureServerBuild } from '../scripts/build-server.mjs';
import { generateService, hasService, rebaseService } from './service-generate';
import { benchService, measureScan, SERVICE_BUDGET, SERVICE_N, type ServiceResult } from './service-run';
import { complaintSize, generateComplaints, hasComplaints, readComplaintMeta, rebaseComplaints, type ComplaintMeta } from './complaints-generate';
import { benchComplaints, COMPLAINT_BUDGET, COMPLAINT_N, type ComplaintResult } from './complaints-run';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(import.meta.dirname, 'results');

// fixed request counts (bounded loops)
const N = {
  warmup: 300,
  getLatency: 2000,
  throughput: 10_000,
  throughputConcurrency: 8,
  list: 1000,
  search: 400,
  create: 300,
};

const BUDGET = {
  getP95: 5,
  listP95: 30,
  searchP95: 50,
  createP95: 10,
  importRowsPerSec: 3000,
  exportRowsPerSec: 20_000,
  rssMb: 400,
  throughputRatio: 0.5,
};

// ---------------------------------------------------------------------------------------------
// arguments

type Only = 'all' | 'customers' | 'service' | 'complaints';

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(name + '='))?.split('=')[1];
  };
  const customersRaw = (get('--customers') ?? '1000000').replace(/[_,]/g, '').toLowerCase();
  const m = /^(\d+(?:\.\d+)?)([km]?)$/.exec(customersRaw);
  if (!m) throw new Error(`--customers: expected a number such as 1000000, 100k or 1m, got ${customersRaw}`);
  const customers = Math.round(Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : 1));
  if (customers < 1000) throw new Error('--customers: at least 1000');
  const db = get('--db') ?? 'both';
  if (!['sqlite', 'pg', 'both'].includes(db)) throw new Error('--db: sqlite | pg | both');
  const kinds: DbKind[] = db === 'both' ? ['sqlite', 'pg'] : [db as DbKind];
  const only = get('--only') ?? 'all';
  if (!['all', 'customers', 'service', 'complaints'].includes(only)) throw new Error('--only: customers | service | complaints');
  return {
    customers,
    kinds,
    only: only as Only,
    regenerate: argv.includes('--regenerate'),
    regenerateService: argv.includes('--regenerate-service'),
    regenerateComplaints: argv.includes('--regenerate-complaints'),
    skipImport: argv.includes('--no-import'),
  };
}

// ---------------------------------------------------------------------------------------------
// processes

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const children = new Set<ChildProcess>();
function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (stopAll(), process.exit(130)));

/** Runs node with `args`; TypeScript sources through tsx unless `tsx` is false (the compiled server). */
function spawnNode(args: string[], env: NodeJS.ProcessEnv, logFile: string, tsx = true): ChildProcess {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [...(tsx ? ['--import', 'tsx'] : []), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', log] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.stdout!.on('data', (d) => fs.appendFileSync(logFile, d));
  return child;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}

/** Peak and current resident memory of a process, from /proc (kB → MB). */
function procMemory(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), hwmMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

class MemorySampler {
  max = 0;
  private timer: NodeJS.Timeout;
  constructor(readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
  }
  sample() {
    const m = procMemory(this.pid);
    if (m) this.max = Math.max(this.max, m.rssMb, m.hwmMb);
    return m;
  }
  stop() {
    clearInterval(this.timer);
    this.sample();
  }
}

async function waitReady(client: Client, child: ChildProcess, seconds = 600) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await client.request('GET', '/readyz');
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become ready');
}

// ---------------------------------------------------------------------------------------------
// query samples from the generated data

interface SampleCustomer {
  id: number;
  type: string;
  name: string;
  short_name: string | null;
  phone: string | null;
  mobiles: string[];
}

async function sampleCustomers(kind: DbKind, loc: Location, ids: number[]): Promise<SampleCustomer[]> {
  const byId = new Map<number, SampleCustomer>();
  if (kind === 'sqlite') {
    const conn = new SQLite(loc.sqliteFile, { readonly: true });
    const c = conn.prepare('select id, type, name, short_name, phone from customers where id = ? and archived_at is null');
    const k = conn.prepare('select mobile from contacts where customer_id = ? and mobile is not null');
    for (const id of ids) {
      const row = c.get(id) as Omit<SampleCustomer, 'mobiles'> | undefined;
      if (row) byId.set(id, { ...row, mobiles: (k.all(id) as { mobile: string }[]).map((x) => x.mobile) });
    }
    conn.close();
  } else {
    const client = new pg.Client({ connectionString: loc.pgUrl });
    await client.connect();
    const rows = await client.query('select id::int as id, type, name, short_name, phone from customers where id = any($1::int8[]) and archived_at is null', [ids]);
    const mobiles = await client.query('select customer_id::int as id, mobile from contacts where customer_id = any($1::int8[]) and mobile is not null', [ids]);
    for (const r of rows.rows) byId.set(r.id, { ...r, mobiles: [] });
    for (const m of mobiles.rows) byId.get(m.id)?.mobiles.push(m.mobile);
    await client.end();
  }
  return ids.map((id) => byId.get(id)).filter((x): x is SampleCustomer => !!x);
}

const initials = (s: string) => (pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }) as string[]).join('').toLowerCase();

function searchQueries(r: Rng, sample: SampleCustomer[]) {
  const q = { initials: [] as string[], name: [] as string[], phone: [] as string[] };
  for (const c of sample) {
    const distinctive = c.type === 'enterprise' && c.short_name ? c.short_name : c.name;
    // initials of what a user remembers: 西湖电器 → xhdq, 张伟 → zw
    q.initials.push(initials(distinctive));
    // a name fragment: the brand (2 characters), the short name, or a person's name
    q.name.push(c.type === 'enterprise' && r() < 0.5 ? distinctive.slice(0, 2) : distinctive);
    // a run of 4–8 digits from the customer's or a contact's phone
    const numbers = [c.phone, ...c.mobiles].filter((x): x is string => !!x);
    const num = pick(r, numbers.length ? numbers : ['13800138000']);
    const len = int(r, 4, 8);
    const at = int(r, 0, num.length - len);
    q.phone.push(num.slice(at, at + len));
  }
  return q;
}

function listQueries(r: Rng, meta: DatasetMeta, teamIds: number[], managerIds: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < N.list; i++) {
    const page = pick(r, [1, 1, 1, 2, 3]);
    const f = pick(r, [
      '',
      'lifecycleState=active',
      'grade=A',
      'type=individual&lifecycleState=dormant',
      'provinceCode=330000',
      'provinceCode=440000&grade=B',
      `ownerId=${pick(r, managerIds)}`,
      `teamId=${pick(r, teamIds)}&lifecycleState=active`,
      'tag=' + encodeURIComponent('空调'),
      'classification=management:key',
      'sort=name',
      'sort=-updatedAt',
    ]);
    out.push(`/api/v1/customers?page=${page}&pageSize=20${f ? '&' + f : ''}`);
  }
  void meta;
  return out;
}

// ---------------------------------------------------------------------------------------------
// one database

interface DbResult {
  kind: DbKind;
  dataset: DatasetMeta;
  generatedThisRun: boolean;
  startupSeconds: number;
  /** the customer measurements (absent with --only service and --only complaints) */
  customers?: CustomerResult;
  /** the after-sales service measurements (absent with --only customers and --only complaints) */
  service?: ServiceResult | { error: string };
  /** the complaint measurements (with --only complaints and in a full run) */
  complaints?: ComplaintResult | { error: string };
  memory: { idleMb: number; afterReadsMb: number; peakMb: number; phases: Record<string, number> };
}

interface CustomerResult {
  get: Stats;
  getThroughput: Stats;
  list: Stats;
  listByQuery: Record<string, { p50: number; p95: number }>;
  search: { initials: Stats; name: Stats; phone: Stats };
  searchHits: { initials: number; name: number; phone: number };
  create: Stats & { duplicates409: number };
  export: { rows: number; seconds: number; rowsPerSec: number; bytes: number; filter: string } | { error: string };
  import: ImportResult;
}

async function benchDatabase(
  kind: DbKind,
  meta: DatasetMeta,
  generatedThisRun: boolean,
  opts: { skipImport: boolean; only: Only; rebaseSeconds: number; complaints?: { meta: ComplaintMeta; rebaseSeconds: number } },
): Promise<DbResult> {
  const loc = location(meta.customers);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JOBS_POLL_MS: '200',
    LOGIN_RATE_LIMIT: '1000',
    UPLOAD_MAX_MB: '200',
    WEB_DIST: '/nonexistent',
    NODE_ENV: 'production',
  });
  if (kind === 'sqlite') env.DATA_DIR = loc.sqliteDir;
  else {
    env.DATA_DIR = path.join(BENCH_DIR, 'pg-files');
    env.DATABASE_URL = loc.pgUrl;
  }
  const t0 = performance.now();
  // as `npm start` runs it (scripts/start.mjs): the compiled server, with the same V8 heap limit
  const bundle = await ensureServerBuild((m) => log(`  ${m}`));
  const server = spawnNode(['--max-old-space-size=256', bundle, 'start'], env, path.join(BENCH_DIR, `server-${kind}-${meta.customers}.log`), false);
  const mem = new MemorySampler(server.pid!);
  const phases: Record<string, number> = {};
  const mark = (name: string) => (phases[name] = mem.sample()?.rssMb ?? NaN);
  const client = new Client(port, 16);
  try {
    await waitReady(client, server);
    const startupSeconds = Math.round((performance.now() - t0) / 100) / 10;
    await client.login(BENCH_USER, BENCH_PASSWORD);
    mark('idle');
    if (opts.only === 'service') {
      const service = await benchService(client, kind, loc, meta.service!, opts.rebaseSeconds, log).catch((err) => ({ error: String(err) }));
      mark('service');
      mem.stop();
      return { kind, dataset: meta, generatedThisRun, startupSeconds, service, memory: { idleMb: phases.idle, afterReadsMb: mem.max, peakMb: mem.max, phases } };
    }
    const runComplaints = async () => {
      const c = opts.complaints;
      if (!c) return undefined;
      const res = await benchComplaints(port, kind, loc, c.meta, meta.maxCustomerId, c.rebaseSeconds, log).catch((err) => ({ error: String(err) }));
      mark('complaints');
      return res;
    };
    if (opts.only === 'complaints') {
      const complaints = await runComplaints();
      mem.stop();
      return { kind, dataset: meta, generatedThisRun, startupSeconds, complaints, memory: { idleMb: phases.idle, afterReadsMb: mem.max, peakMb: mem.max, phases } };
    }
    const r = rng(4242);
    const randomId = () => 1 + Math.floor(r() * meta.maxCustomerId);

    // get by id
    log(`  [${kind}] get by id`);
    const getOk = async () => {
      const res = await client.request('GET', `/api/v1/customers/${randomId()}`);
      return res.status === 200;
    };
    await measure(N.warmup, 1, getOk);
    const get = await measure(N.getLatency, 1, getOk);
    const getThroughput = await measure(N.throughput, N.throughputConcurrency, getOk);
    mark('get');

    // filtered lists
    log(`  [${kind}] lists`);
    const { teamIds, managerIds } = await orgIds(kind, loc);
    const lists = listQueries(r, meta, teamIds, managerIds);
    const perQuery = new Map<string, number[]>();
    await measure(50, 1, async (i) => (await client.request('GET', lists[i])).status === 200);
    const list = await measure(lists.length, 1, async (i) => {
      const t = performance.now();
      const res = await client.request('GET', lists[i]);
      const key = lists[i].replace(/page=\d+&pageSize=20&?/, '').replace(/=\d+/g, '=…');
      perQuery.set(key, [...(perQuery.get(key) ?? []), performance.now() - t]);
      return res.status === 200;
    });
    const listByQuery = Object.fromEntries(
      [...perQuery].map(([k, v]) => {
        const s = v.sort((a, b) => a - b);
        return [k, { p50: Math.round(s[Math.floor(s.length / 2)] * 100) / 100, p95: Math.round(s[Math.ceil(s.length * 0.95) - 1] * 100) / 100 }];
      }),
    );
    mark('list');

    // search
    log(`  [${kind}] search`);
    const sample = await sampleCustomers(kind, loc, Array.from({ length: N.search * 2 }, randomId));
    const queries = searchQueries(r, sample.slice(0, N.search));
    const hits = { initials: 0, name: 0, phone: 0 };
    const search = {} as CustomerResult['search'];
    for (const k of ['initials', 'name', 'phone'] as const) {
      const qs = queries[k];
      await measure(30, 1, async (i) => (await client.request('GET', `/api/v1/customers?q=${encodeURIComponent(qs[i])}`)).status === 200);
      let total = 0;
      search[k] = await measure(qs.length, 1, async (i) => {
        const res = await client.request('GET', `/api/v1/customers?q=${encodeURIComponent(qs[i])}&pageSize=20`);
        if (res.status !== 200) return false;
        total += (JSON.parse(res.body.toString()) as { total: number }).total;
        return true;
      });
      hits[k] = Math.round(total / qs.length);
    }
    mark('search');
    const afterReadsMb = mem.max;

    // after-sales service (before the writes of create, export and import)
    let service: DbResult['service'];
    if (opts.only !== 'customers' && meta.service) {
      service = await benchService(client, kind, loc, meta.service, opts.rebaseSeconds, log).catch((err) => ({ error: String(err) }));
      mark('service');
    }
    const complaints = await runComplaints();

    // create
    log(`  [${kind}] create`);
    const cr = rng(Date.now() & 0xffffffff);
    let duplicates409 = 0;
    const createBody = () => {
      const { place: _p, ...input } = fakeCustomer(cr, 'enterprise');
      const mark = Array.from({ length: 3 }, () => pick(cr, [...'甲乙丙丁戊己庚辛壬癸东南西北春夏秋冬金木水火土山川河海云峰林泉松竹梅兰菊荷光明新华'])).join('');
      return { ...input, name: input.name.replace(/(股份有限公司|有限责任公司|有限公司|经营部)$/, mark + '$1') };
    };
    const create = await measure(N.create, 1, async () => {
      const body = createBody();
      let res = await client.request('POST', '/api/v1/customers', body);
      if (res.status === 409) {
        duplicates409++;
        return false;
      }
      if (res.status !== 201) throw new Error(`create → ${res.status} ${res.body.toString().slice(0, 300)}`);
      return true;
    });
    mark('create');

    // export
    log(`  [${kind}] export`);
    let exp: CustomerResult['export'];
    try {
      const filter = `teamId=${meta.exportTeamId}`;
      const te = performance.now();
      const res = await client.download(`/api/v1/customers/export.xlsx?${filter}`);
      const seconds = (performance.now() - te) / 1000;
      if (res.status !== 200) throw new Error(`export → ${res.status} ${res.body ?? ''}`);
      const rows = await exportedRows(kind, loc);
      exp = { rows, seconds: Math.round(seconds * 100) / 100, rowsPerSec: Math.round(rows / seconds), bytes: res.bytes, filter };
    } catch (err) {
      exp = { error: String(err) };
    }
    mark('export');

    // import
    let imp: ImportResult;
    if (opts.skipImport) imp = { status: 'n/a', reason: 'skipped (--no-import)' };
    else {
      log(`  [${kind}] import`);
      imp = await runImport(client, { rows: Math.min(100_000, meta.customers), log }).catch((err) => ({ status: 'error' as const, reason: String(err) }));
    }
    mark('import');
    mem.stop();
    return {
      kind,
      dataset: meta,
      generatedThisRun,
      startupSeconds,
      customers: { get, getThroughput, list, listByQuery, search, searchHits: hits, create: { ...create, duplicates409 }, export: exp, import: imp },
      service,
      complaints,
      memory: { idleMb: phases.idle, afterReadsMb, peakMb: mem.max, phases },
    };
  } finally {
    mem.stop();
    client.close();
    await stop(server);
  }
}

async function orgIds(kind: DbKind, loc: Location): Promise<{ teamIds: number[]; managerIds: number[] }> {
  const qTeams = `select id from org_units where kind = 'team'`;
  const qManagers = `select id from users where username like 'am%'`;
  if (kind === 'sqlite') {
    const conn = new SQLite(loc.sqliteFile, { readonly: true });
    const teamIds = (conn.prepare(qTeams).all() as { id: number }[]).map((x) => x.id);
    const managerIds = (conn.prepare(qManagers).all() as { id: number }[]).map((x) => x.id);
    conn.close();
    return { teamIds, managerIds };
  }
  const client = new pg.Client({ connectionString: loc.pgUrl });
  await client.connect();
  const teamIds = (await client.query(qTeams)).rows.map((x) => Number(x.id));
  const managerIds = (await client.query(qManagers)).rows.map((x) => Number(x.id));
  await client.end();
  return { teamIds, managerIds };
}

/** The export writes "<n> rows; …" into its audit entry once the file is complete. */
async function exportedRows(kind: DbKind, loc: Location): Promise<number> {
  const q = `select summary from audit_log where action = 'export' and entity = 'customer' order by id desc limit 1`;
  for (let i = 0; i < 50; i++) {
    let summary: string | undefined;
    if (kind === 'sqlite') {
      const conn = new SQLite(loc.sqliteFile, { readonly: true });
      summary = (conn.prepare(q).get() as { summary: string } | undefined)?.summary;
      conn.close();
    } else {
      const client = new pg.Client({ connectionString: loc.pgUrl });
      await client.connect();
      summary = (await client.query(q)).rows[0]?.summary;
      await client.end();
    }
    const n = Number(/^(\d+) rows/.exec(summary ?? '')?.[1]);
    if (n) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('export audit entry not found');
}

// ---------------------------------------------------------------------------------------------
// baseline

async function bareBaseline(): Promise<Stats> {
  const logFile = path.join(BENCH_DIR, 'bare.log');
  const child = spawnNode(['bench/bare.ts'], { ...process.env, NODE_ENV: 'production' }, logFile);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const rl = readline.createInterface({ input: child.stdout! });
      rl.on('line', (line) => {
        try {
          resolve(JSON.parse(line).port);
        } catch {
          /* not the port line */
        }
      });
      child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    });
    const client = new Client(port, 16);
    const ok = async () => (await client.request('GET', '/bare')).status === 200;
    await measure(N.warmup * 5, N.throughputConcurrency, ok);
    const stats = await measure(N.throughput * 2, N.throughputConcurrency, ok);
    client.close();
    return stats;
  } finally {
    await stop(child);
  }
}

// ---------------------------------------------------------------------------------------------
// report

function log(m: string) {
  console.log(m);
}

type Row = { operation: string; budget: string; cells: Partial<Record<DbKind, string>>; pass: Partial<Record<DbKind, boolean | null>> };

function buildRows(results: Partial<Record<DbKind, DbResult | { error: string }>>, bare: Stats | null, only: Only): Row[] {
  const rows: Row[] = [];
  const ok = (x: DbResult | { error: string } | undefined): x is DbResult => !!x && !('error' in x);
  /** one row; `f` returns null where that database has no figure for it (an error of its part, say) */
  const add = (operation: string, budget: string, f: (r: DbResult) => [string, boolean | null] | null) => {
    const row: Row = { operation, budget, cells: {}, pass: {} };
    for (const kind of ['sqlite', 'pg'] as const) {
      const r = results[kind];
      if (!r) continue;
      const cell = ok(r) ? f(r) : null;
      row.cells[kind] = cell ? cell[0] : 'error';
      row.pass[kind] = cell ? cell[1] : null;
    }
    rows.push(row);
  };
  const ms = (s: Stats) => `p95 ${s.p95} ms (p50 ${s.p50})`;
  if (only === 'all' || only === 'customers') {
    const c = (f: (c: CustomerResult) => [string, boolean | null]) => (r: DbResult) => (r.customers ? f(r.customers) : null);
    add('get by id', `p95 ≤ ${BUDGET.getP95} ms`, c((r) => [ms(r.get), r.get.p95 <= BUDGET.getP95]));
    if (bare) {
      add('get by id throughput', `≥ ½ bare Fastify (${bare.rps} req/s)`, c((r) => {
        const ratio = r.getThroughput.rps / bare.rps;
        return [`${r.getThroughput.rps} req/s (${ratio.toFixed(2)}×)`, ratio >= BUDGET.throughputRatio];
      }));
    }
    add('filtered list', `p95 ≤ ${BUDGET.listP95} ms`, c((r) => [ms(r.list), r.list.p95 <= BUDGET.listP95]));
    add('search: initials', `p95 ≤ ${BUDGET.searchP95} ms`, c((r) => [ms(r.search.initials), r.search.initials.p95 <= BUDGET.searchP95]));
    add('search: name fragment', `p95 ≤ ${BUDGET.searchP95} ms`, c((r) => [ms(r.search.name), r.search.name.p95 <= BUDGET.searchP95]));
    add('search: phone fragment', `p95 ≤ ${BUDGET.searchP95} ms`, c((r) => [ms(r.search.phone), r.search.phone.p95 <= BUDGET.searchP95]));
    add('create', `p95 ≤ ${BUDGET.createP95} ms`, c((r) => [ms(r.create), r.create.p95 <= BUDGET.createP95]));
    add('import', `≥ ${BUDGET.importRowsPerSec.toLocaleString('en')} rows/s`, c((r) =>
      r.import.status === 'ok'
        ? [`${r.import.rowsPerSec.toLocaleString('en')} rows/s (${r.import.rows.toLocaleString('en')} rows, ${r.import.seconds} s)`, r.import.rowsPerSec >= BUDGET.importRowsPerSec]
        : [`n/a (${r.import.reason})`, null],
    ));
    add('export', `≥ ${BUDGET.exportRowsPerSec.toLocaleString('en')} rows/s`, c((r) =>
      'error' in r.export
        ? [`error`, false]
        : [`${r.export.rowsPerSec.toLocaleString('en')} rows/s (${r.export.rows.toLocaleString('en')} rows, ${r.export.seconds} s)`, r.export.rowsPerSec >= BUDGET.exportRowsPerSec],
    ));
  }
  if (only === 'all' || only === 'service') {
    const sv = (f: (s: ServiceResult) => [string, boolean | null]) => (r: DbResult) => (r.service && !('error' in r.service) ? f(r.service) : null);
    const B = SERVICE_BUDGET;
    add('service: open-order list (filters)', `p95 ≤ ${B.listP95} ms`, sv((s) => [ms(s.list), s.list.p95 <= B.listP95]));
    add('service: SLA board, breaching within 1 h', `p95 ≤ ${B.boardP95} ms`, sv((s) => [`${ms(s.board)}; ${s.boardCounts.soon ?? '?'} soon`, s.board.p95 <= B.boardP95]));
    add('service: SLA board of one outlet', `p95 ≤ ${B.boardP95} ms`, sv((s) => [ms(s.boardOutlet), s.boardOutlet.p95 <= B.boardP95]));
    add('service: dispatch proposal', `p95 ≤ ${B.proposalP95} ms`, sv((s) => [ms(s.proposal), s.proposal.p95 <= B.proposalP95]));
    add('service: state transition', `p95 ≤ ${B.transitionP95} ms`, sv((s) => [ms(s.transition), s.transition.p95 <= B.transitionP95]));
    add('service: SLA scan (all due, from cleared flags)', `≤ ${B.scanSeconds} s`, sv((s) =>
      !s.scan || 'error' in s.scan
        ? ['error', null]
        : [`${s.scan.seconds} s (${s.scan.watched.toLocaleString('en')} watched; ${s.scan.warned.toLocaleString('en')} warned, ${s.scan.breached.toLocaleString('en')} breached)`, s.scan.seconds <= B.scanSeconds],
    ));
    add('service: SLA scan (a minute later)', `≤ ${B.scanSeconds} s`, sv((s) =>
      !s.scan || 'error' in s.scan ? ['error', null] : [`${s.scan.steady.seconds} s (${s.scan.steady.warned} warned, ${s.scan.steady.breached} breached)`, s.scan.steady.seconds <= B.scanSeconds],
    ));
  }
  if (only === 'all' || only === 'complaints') {
    const cp = (f: (s: ComplaintResult) => [string, boolean | null]) => (r: DbResult) => (r.complaints && !('error' in r.complaints) ? f(r.complaints) : null);
    const B = COMPLAINT_BUDGET;
    const sec = (s: Stats) => `p95 ${(s.p95 / 1000).toFixed(2)} s (p50 ${(s.p50 / 1000).toFixed(2)}, max ${(s.max / 1000).toFixed(2)})`;
    const n = COMPLAINT_N;
    add(`complaints: open list, 8 filter mixes (n ${n.list})`, `p95 ≤ ${B.listP95} ms`, cp((s) => [ms(s.list), s.list.p95 <= B.listP95]));
    add(`complaints: intake (n ${n.intake})`, `p95 ≤ ${B.intakeP95} ms`, cp((s) => [ms(s.intake), s.intake.p95 <= B.intakeP95]));
    add(`complaints: daily report of a busy past day, company-wide (n ${n.daily})`, `≤ ${B.dailyMs / 1000} s`, cp((s) => [`${sec(s.daily)}; ${s.daily.lines.toLocaleString('en')} lines`, s.daily.p95 <= B.dailyMs]));
    add(`complaints: daily report, one department (n ${n.daily})`, `≤ ${B.dailyMs / 1000} s`, cp((s) => [`${sec(s.dailyDepartment)}; ${s.dailyDepartment.lines.toLocaleString('en')} lines`, s.dailyDepartment.p95 <= B.dailyMs]));
    add(`complaints: 12-month Pareto analysis (n ${n.analysis})`, `≤ ${B.analysisMs / 1000} s`, cp((s) => [`${sec(s.analysis)}; ${s.analysis.total.toLocaleString('en')} complaints`, s.analysis.p95 <= B.analysisMs]));
  }
  add('server RSS (peak)', `≤ ${BUDGET.rssMb} MB`, (r) => [`${r.memory.peakMb} MB`, r.memory.peakMb <= BUDGET.rssMb]);
  return rows;
}

function verdict(row: Row, kinds: DbKind[]) {
  const v = kinds.map((k) => row.pass[k]);
  if (v.some((x) => x === false)) return 'FAIL ' + kinds.filter((k) => row.pass[k] === false).join('+');
  if (v.every((x) => x === true)) return 'pass';
  return 'n/a';
}

function markdownTable(rows: Row[], kinds: DbKind[]) {
  const head = ['operation', 'budget', ...kinds.map((k) => (k === 'pg' ? 'PostgreSQL' : 'SQLite')), 'pass/fail'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${[r.operation, r.budget, ...kinds.map((k) => r.cells[k] ?? '—'), verdict(r, kinds)].join(' | ')} |`);
  return lines.join('\n');
}

function textTable(rows: Row[], kinds: DbKind[]) {
  const head = ['operation', 'budget', ...kinds.map((k) => (k === 'pg' ? 'PostgreSQL' : 'SQLite')), 'pass/fail'];
  const body = rows.map((r) => [r.operation, r.budget, ...kinds.map((k) => r.cells[k] ?? '—'), verdict(r, kinds)]);
  const width = head.map((_, i) => Math.max(...[head, ...body].map((l) => [...l[i]].length)));
  const fmt = (l: string[]) => l.map((c, i) => c + ' '.repeat(width[i] - [...c].length)).join('  ');
  return [fmt(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const started = new Date();
  log(`Kehu bench: ${args.customers.toLocaleString('en')} customers on ${args.kinds.join(' + ')} (${os.cpus().length} CPUs, Node ${process.version})`);

  // datasets: reuse when the size and generator match, else generate every missing one in one pass
  const metas: Partial<Record<DbKind, DatasetMeta>> = {};
  const need: DbKind[] = [];
  for (const kind of args.kinds) {
    const m = args.regenerate ? null : await readMeta(kind, location(args.customers));
    if (m && m.version === GENERATOR_VERSION && m.customers === args.customers) metas[kind] = m;
    else need.push(kind);
  }
  let generation: { kinds: DbKind[]; seconds: number } | null = null;
  if (need.length) {
    log(`Generating ${args.customers.toLocaleString('en')} customers into ${need.join(' + ')} …`);
    const meta = await generate(need, args.customers, log);
    for (const k of need) metas[k] = meta;
    generation = { kinds: need, seconds: meta.seconds };
    log(`Generated in ${meta.seconds} s (${meta.contacts.toLocaleString('en')} contacts, ${meta.addresses.toLocaleString('en')} addresses)`);
  }
  for (const kind of args.kinds.filter((k) => !need.includes(k))) {
    const removed = await resetDataset(kind, metas[kind]!, location(args.customers));
    log(`Reusing the ${kind} dataset generated ${metas[kind]!.generatedAt} (in ${metas[kind]!.seconds} s)${removed ? `; removed ${removed} customers added by an earlier run` : ''}`);
  }

  // after-sales service data: added to each dataset once (recorded in its meta); --regenerate-service redoes it
  const serviceGeneration: Partial<Record<DbKind, number>> = {};
  if (args.only !== 'customers') {
    // (the complaints link to units, products and service orders: they need it too)
    for (const kind of args.kinds) {
      const m = metas[kind]!;
      if (!args.regenerateService && hasService(m)) {
        log(`Reusing the ${kind} service data generated ${m.service!.generatedAt} (in ${m.service!.seconds} s)`);
        continue;
      }
      log(`Generating the service data into ${kind} (${(m.customers * 2).toLocaleString('en')} units, ${m.customers.toLocaleString('en')} orders) …`);
      const svc = await generateService(kind, location(args.customers), m, log);
      metas[kind] = { ...m, service: svc };
      serviceGeneration[kind] = svc.seconds;
      log(`  ${kind}: service data generated in ${svc.seconds} s (${svc.openOrders.toLocaleString('en')} open orders, ${svc.events.toLocaleString('en')} events)`);
    }
  }

  // complaints: added once on top of the service data (their meta records which); --regenerate-complaints redoes them
  const complaintMetas: Partial<Record<DbKind, ComplaintMeta>> = {};
  const complaintGeneration: Partial<Record<DbKind, number>> = {};
  if (args.only === 'all' || args.only === 'complaints') {
    for (const kind of args.kinds) {
      const m = metas[kind]!;
      const existing = args.regenerateComplaints ? null : await readComplaintMeta(kind, location(args.customers));
      if (hasComplaints(existing, m)) {
        complaintMetas[kind] = existing;
        log(`Reusing the ${kind} complaints generated ${existing.generatedAt} (in ${existing.seconds} s)`);
        continue;
      }
      log(`Generating the complaints into ${kind} (${complaintSize(m.customers).toLocaleString('en')}) …`);
      const cm = await generateComplaints(kind, location(args.customers), m, log);
      complaintMetas[kind] = cm;
      complaintGeneration[kind] = cm.seconds;
      log(`  ${kind}: complaints generated in ${cm.seconds} s (${cm.open.toLocaleString('en')} open, ${cm.events.toLocaleString('en')} events)`);
    }
  }

  let bare: Stats | null = null;
  if (args.only === 'all' || args.only === 'customers') {
    log('Baseline: bare Fastify route …');
    bare = await bareBaseline();
    log(`  bare: ${bare.rps} req/s, p50 ${bare.p50} ms at concurrency ${bare.concurrency}`);
  }

  const results: Partial<Record<DbKind, DbResult | { error: string }>> = {};
  for (const kind of args.kinds) {
    log(`Measuring ${kind} …`);
    try {
      const svc = args.only === 'all' || args.only === 'service' ? metas[kind]!.service : undefined;
      // the watched orders back to their generated state, their deadlines around now
      const rebaseSeconds = svc ? await rebaseService(kind, location(args.customers), svc, new Date()) : 0;
      // likewise the open complaints, and what earlier runs added removed
      const cm = complaintMetas[kind];
      const complaints = cm ? { meta: cm, rebaseSeconds: await rebaseComplaints(kind, location(args.customers), cm, new Date()) } : undefined;
      const res = await benchDatabase(kind, metas[kind]!, need.includes(kind), { skipImport: args.skipImport, only: args.only, rebaseSeconds, complaints });
      results[kind] = res;
      // the SLA scan runs in-process once the server has stopped
      if (svc && res.service && !('error' in res.service)) {
        res.service.scan = await measureScan(kind, location(args.customers), svc, log).catch((err) => ({ error: String(err) }));
      }
    } catch (err) {
      log(`  ${kind} failed: ${String(err)}`);
      results[kind] = { error: String(err) };
    }
  }

  const rows = buildRows(results, bare, args.only);
  const out = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    customers: args.customers,
    databases: args.kinds,
    generation,
    serviceGeneration,
    complaintGeneration,
    requests: { ...N, service: SERVICE_N, complaints: COMPLAINT_N },
    budgets: { ...BUDGET, service: SERVICE_BUDGET, complaints: COMPLAINT_BUDGET },
    bare,
    results,
    table: rows.map((r) => ({ operation: r.operation, budget: r.budget, ...r.cells, verdict: verdict(r, args.kinds) })),
    markdown: markdownTable(rows, args.kinds),
  };
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  log('');
  log(`Results at ${args.customers.toLocaleString('en')} customers (latency over loopback, one request at a time; throughput at ${N.throughputConcurrency} connections):`);
  log(textTable(rows, args.kinds));
  log(`\nwritten to ${path.relative(process.cwd(), path.join(RESULTS, 'latest.json'))}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    stopAll();
    process.exit(1);
  },
);
