// After-sales service measurements: through the HTTP API of the running server (open-order lists with filters,
// the SLA board's "breaching within the hour", the dispatch proposal, a state transition), and the SLA scan
// in-process against the bench database once the server has stopped (scanSla with the clock at "now").
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { OPEN_STATES, SERVICE_TYPES } from '@kehu/shared';
import { openDatabase } from '../packages/server/src/db';
import { loadConfig } from '../packages/server/src/config';
import { FixedClock } from '../packages/server/src/platform/clock';
import type { AppContext } from '../packages/server/src/platform/context';
import { Dictionaries } from '../packages/server/src/platform/dictionaries';
import { FileStore } from '../packages/server/src/platform/files';
import { Scheduler } from '../packages/server/src/platform/jobs';
import { Notifier } from '../packages/server/src/platform/notifications';
import { scanSla, SLA_STATES } from '../packages/server/src/modules/service/sla-scan';
import { rng, pick, type Rng } from '../packages/server/src/seed/fake';
import { summarize, measure, type Client, type Stats } from './http';
import { BENCH_DIR, type DbKind, type Location } from './generate';
import { clearSlaFlags, rebaseService, type ServiceMeta } from './service-generate';

// fixed request counts (bounded loops)
export const SERVICE_N = {
  warmup: 50,
  list: 600,
  board: 150,
  proposal: 500,
  transition: 300,
};

export const SERVICE_BUDGET = {
  listP95: 30,
  boardP95: 30,
  proposalP95: 50,
  transitionP95: 15,
  scanSeconds: 5,
};

type Quantiles = Record<string, { p50: number; p95: number }>;

export interface ScanResult {
  /** orders in the scan's states (open, and completed awaiting the return visit) */
  watched: number;
  open: number;
  /** the first scan from cleared flags: every due warning and breach handled */
  seconds: number;
  warned: number;
  breached: number;
  /** the next scan a minute later: what every minute costs */
  steady: { seconds: number; warned: number; breached: number };
}

export interface ServiceResult {
  dataset: ServiceMeta;
  rebaseSeconds: number;
  list: Stats;
  listByQuery: Quantiles;
  board: Stats;
  boardOutlet: Stats;
  boardCounts: Record<string, number>;
  proposal: Stats;
  /** share of proposals that found an outlet */
  proposalWithOutlet: number;
  transition: Stats;
  transitionByAction: Quantiles;
  scan?: ScanResult | { error: string };
}

const quantiles = (groups: Map<string, number[]>): Quantiles =>
  Object.fromEntries(
    [...groups].map(([k, v]) => {
      const s = summarize(v, 1, 1, 0);
      return [k, { p50: s.p50, p95: s.p95 }];
    }),
  );

// ---------------------------------------------------------------------------------------------
// samples from the database (read-only, before the measurements)

interface Samples {
  outletIds: number[];
  technicianIds: number[];
  proposals: { region: string; type: string; skill: string | null }[];
  escalate: number[];
  schedule: number[];
}

async function query<T>(kind: DbKind, loc: Location, run: (q: (sql: string) => Promise<T[]>) => Promise<void>) {
  if (kind === 'sqlite') {
    const conn = new SQLite(loc.sqliteFile, { readonly: true });
    try {
      await run(async (sql) => conn.prepare(sql).all() as T[]);
    } finally {
      conn.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: loc.pgUrl });
  await client.connect();
  try {
    await run(async (sql) => (await client.query(sql)).rows as T[]);
  } finally {
    await client.end();
  }
}

async function samples(kind: DbKind, loc: Location, svc: ServiceMeta, r: Rng): Promise<Samples> {
  const out: Samples = { outletIds: [], technicianIds: [], proposals: [], escalate: [], schedule: [] };
  const randomIds = Array.from({ length: SERVICE_N.proposal }, () => 1 + Math.floor(r() * svc.orders)).join(', ');
  const open = OPEN_STATES.map((s) => `'${s}'`).join(', ');
  await query<Record<string, unknown>>(kind, loc, async (q) => {
    out.outletIds = (await q('select id from outlets where archived_at is null order by id')).map((x) => Number(x.id));
    out.technicianIds = (await q('select user_id from technicians where active = 1 order by user_id')).map((x) => Number(x.user_id));
    out.proposals = (
      await q(`select o.region_code, o.type, p.skill from service_orders o left join product_units u on u.id = o.unit_id
               left join products p on p.id = u.product_id where o.id in (${randomIds}) and o.region_code is not null`)
    ).map((x) => ({ region: String(x.region_code), type: String(x.type), skill: (x.skill as string | null) ?? null }));
    // distinct orders for the transitions (each is changed once; the next run's rebase restores them)
    const live = await q(`select b.id, b.state from bench_service_live b where b.state in (${open}) and b.escalated = 0`);
    const shuffled = live.map((x) => ({ id: Number(x.id), state: String(x.state), k: r() })).sort((a, b) => a.k - b.k);
    out.escalate = shuffled.slice(0, SERVICE_N.transition).map((x) => x.id);
    const taken = new Set(out.escalate);
    out.schedule = shuffled.filter((x) => !taken.has(x.id) && (x.state === 'dispatched' || x.state === 'scheduled')).slice(0, SERVICE_N.transition).map((x) => x.id);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// HTTP measurements against the running server

export async function benchService(client: Client, kind: DbKind, loc: Location, svc: ServiceMeta, rebaseSeconds: number, log: (m: string) => void): Promise<ServiceResult> {
  const r = rng(9191);
  const s = await samples(kind, loc, svc, r);

  // open-order lists with filters, newest first (the dispatcher's and outlet manager's work lists)
  log(`  [${kind}] service: open-order lists`);
  const lists: string[] = [];
  for (let i = 0; i < SERVICE_N.list; i++) {
    const page = pick(r, [1, 1, 1, 2, 3]);
    const f = pick(r, [
      'state=open',
      `state=open&outletId=${pick(r, s.outletIds)}`,
      `state=open&outletId=${pick(r, s.outletIds)}&type=repair`,
      `state=open&type=${pick(r, SERVICE_TYPES)}`,
      'state=open&escalated=true',
      `state=open&technicianId=${pick(r, s.technicianIds)}`,
      `state=waiting_parts&outletId=${pick(r, s.outletIds)}`,
    ]);
    lists.push(`/api/v1/service/orders?page=${page}&pageSize=20&${f}`);
  }
  const byQuery = new Map<string, number[]>();
  await measure(SERVICE_N.warmup, 1, async (i) => (await client.request('GET', lists[i])).status === 200);
  const list = await measure(lists.length, 1, async (i) => {
    const t = performance.now();
    const res = await client.request('GET', lists[i]);
    const key = lists[i].replace(/page=\d+&pageSize=20&?/, '').replace(/=\d+/g, '=…').replace(/type=\w+/, 'type=…');
    byQuery.set(key, [...(byQuery.get(key) ?? []), performance.now() - t]);
    if (res.status !== 200) throw new Error(`${lists[i]} → ${res.status} ${res.body.toString().slice(0, 300)}`);
    return true;
  });

  // the SLA board: breaching within the next hour, breached, counts by outlet and technician
  log(`  [${kind}] service: SLA board`);
  let boardCounts: Record<string, number> = {};
  await measure(SERVICE_N.warmup, 1, async () => (await client.request('GET', '/api/v1/service/sla/board')).status === 200);
  const board = await measure(SERVICE_N.board, 1, async () => {
    const res = await client.request('GET', '/api/v1/service/sla/board?pageSize=20');
    if (res.status !== 200) throw new Error(`board → ${res.status} ${res.body.toString().slice(0, 300)}`);
    boardCounts = (JSON.parse(res.body.toString()) as { counts: Record<string, number> }).counts;
    return true;
  });
  const boardOutlet = await measure(SERVICE_N.board, 1, async () => {
    const res = await client.request('GET', `/api/v1/service/sla/board?pageSize=20&outletId=${pick(r, s.outletIds)}`);
    return res.status === 200;
  });

  // dispatch proposal for the region, type and skill of real orders
  log(`  [${kind}] service: dispatch proposal`);
  const proposalUrl = (i: number) => {
    const p = s.proposals[i % s.proposals.length];
    return `/api/v1/service/dispatch-proposal?regionCode=${p.region}&serviceType=${p.type}${p.skill ? `&skill=${p.skill}` : ''}`;
  };
  let withOutlet = 0;
  await measure(SERVICE_N.warmup, 1, async (i) => (await client.request('GET', proposalUrl(i + 7))).status === 200);
  const proposal = await measure(SERVICE_N.proposal, 1, async (i) => {
    const res = await client.request('GET', proposalUrl(i));
    if (res.status !== 200) throw new Error(`${proposalUrl(i)} → ${res.status} ${res.body.toString().slice(0, 300)}`);
    if ((JSON.parse(res.body.toString()) as { outlet: unknown }).outlet) withOutlet++;
    return true;
  });

  // a state transition: escalate an open order, or book the appointment of a dispatched one; the version comes
  // from a GET of the order first, only the POST is timed
  log(`  [${kind}] service: transitions`);
  const latencies: number[] = [];
  const byAction = new Map<string, number[]>();
  let errors = 0;
  let firstError = '';
  const t0 = performance.now();
  for (let i = 0; i < SERVICE_N.transition; i++) {
    const schedule = i % 2 === 1 && s.schedule.length > i / 2;
    const id = schedule ? s.schedule[Math.floor(i / 2)] : s.escalate[i];
    if (!id) continue;
    const card = await client.json<{ version: number }>('GET', `/api/v1/service/orders/${id}`);
    const from = new Date(Date.now() + (24 + (i % 72)) * 3_600_000);
    const body = schedule
      ? { action: 'schedule', version: card.version, appointmentFrom: from.toISOString(), appointmentTo: new Date(from.getTime() + 2 * 3_600_000).toISOString() }
      : { action: 'escalate', version: card.version, note: '客户多次催促，升级处理' };
    const t = performance.now();
    const res = await client.request('POST', `/api/v1/service/orders/${id}/transitions`, body);
    const ms = performance.now() - t;
    if (res.status !== 200) {
      errors++;
      firstError ||= `${body.action} ${id} → ${res.status} ${res.body.toString().slice(0, 300)}`;
      continue;
    }
    latencies.push(ms);
    byAction.set(body.action, [...(byAction.get(body.action) ?? []), ms]);
  }
  if (errors > SERVICE_N.transition / 10) throw new Error(`${errors} transitions failed; first: ${firstError}`);
  if (errors) log(`  [${kind}] ${errors} transitions failed; first: ${firstError}`);
  const transition = summarize(latencies, (performance.now() - t0) / 1000, 1, errors);

  return {
    dataset: svc,
    rebaseSeconds,
    list,
    listByQuery: quantiles(byQuery),
    board,
    boardOutlet,
    boardCounts,
    proposal,
    proposalWithOutlet: Math.round((withOutlet / SERVICE_N.proposal) * 100) / 100,
    transition,
    transitionByAction: quantiles(byAction),
  };
}

// ---------------------------------------------------------------------------------------------
// the SLA scan, in-process (no server running)

/**
 * One full SLA scan over the watched orders: the orders are first put back to their generated state at "now"
 * and their warning and breach flags cleared (as after an outage, or the first scan after an import), so the scan
 * finds and handles every due warning and breach, with the events and the managers' notifications it writes.
 * A second scan a minute later shows the steady cost of the job that runs every minute.
 */
export async function measureScan(kind: DbKind, loc: Location, svc: ServiceMeta, log: (m: string) => void): Promise<ScanResult> {
  const now = new Date();
  await rebaseService(kind, loc, svc, now);
  const watched = await clearSlaFlags(kind, loc);
  const dataDir = kind === 'sqlite' ? loc.sqliteDir : path.join(BENCH_DIR, 'pg-files');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(kind === 'pg' ? { DATABASE_URL: loc.pgUrl } : {}) });
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir, poolSize: config.poolSize });
  const clock = new FixedClock(now);
  const scheduler = new Scheduler(database.db, clock);
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    dialect: database.dialect,
    clock,
    dictionaries: new Dictionaries(database.db),
    files: new FileStore(path.join(dataDir, 'files')),
    scheduler,
    notifier: new Notifier(database.db, scheduler, { url: undefined, from: config.smtpFrom }),
  };
  try {
    const open = Number(
      (await database.db.selectFrom('service_orders').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', [...OPEN_STATES]).executeTakeFirstOrThrow()).n,
    );
    log(`  [${kind}] SLA scan over ${watched.toLocaleString('en')} watched orders (${open.toLocaleString('en')} open; states ${SLA_STATES.length})`);
    const t0 = performance.now();
    const first = await scanSla(ctx, now);
    const seconds = (performance.now() - t0) / 1000;
    const later = new Date(now.getTime() + 60_000);
    const t1 = performance.now();
    const steady = await scanSla(ctx, later);
    const steadySeconds = (performance.now() - t1) / 1000;
    return {
      watched,
      open,
      seconds: Math.round(seconds * 100) / 100,
      warned: first.warned,
      breached: first.breached,
      steady: { seconds: Math.round(steadySeconds * 1000) / 1000, ...steady },
    };
  } finally {
    await database.close();
  }
}
