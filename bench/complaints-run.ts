// Complaint measurements through the HTTP API of the running server (issue 4's speed budgets): the open-complaint
// list with the filters people use (first and deep pages, my cases, severity, overdue, VIP, a department, a code),
// intake (POST /api/v1/complaints, with and without an Idempotency-Key), the daily report of a busy past day
// (company-wide and one department), and the 12-month Pareto analysis.
//
// Who: the list and the intake as a complaint handler (service_agent, complaint scope all); the company-wide
// report and the analysis as management (scope all); the department report as a customer supervisor (scope
// department). The stored copies of daily reports are removed before a run (rebaseComplaints), so the report is
// computed each time — what the morning job or a supervisor's request costs.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { OPEN_COMPLAINT_STATES } from '@kehu/shared';
import { addDays, addMonths, localDate } from '../packages/server/src/modules/service/local-date';
import { rng, pick, weighted, personName, mobile, type Rng } from '../packages/server/src/seed/fake';
import { Client, measure, summarize, type Stats } from './http';
import { BENCH_PASSWORD, type DbKind, type Location } from './generate';
import type { ComplaintMeta } from './complaints-generate';

const TZ = 'Asia/Shanghai';

// fixed request counts (bounded loops)
export const COMPLAINT_N = {
  warmup: 40,
  list: 700,
  intake: 300,
  daily: 20,
  analysis: 8,
};

export const COMPLAINT_BUDGET = {
  listP95: 30,
  intakeP95: 15,
  dailyMs: 1000,
  analysisMs: 3000,
};

type Quantiles = Record<string, { p50: number; p95: number }>;

export interface ComplaintResult {
  dataset: ComplaintMeta;
  rebaseSeconds: number;
  list: Stats;
  listByQuery: Quantiles;
  intake: Stats;
  intakeByKind: Quantiles;
  /** company-wide report (management) of the busiest recent past days */
  daily: Stats & { days: string[]; lines: number; open: number; stored: boolean };
  /** the same days for one department (a customer supervisor) */
  dailyDepartment: Stats & { lines: number };
  analysis: Stats & { from: string; to: string; total: number; categories: number };
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
  agentId: number;
  openCodes: string[];
  departmentIds: number[];
  customers: { id: number; unitId: number | null }[];
}

async function samples(kind: DbKind, loc: Location, cm: ComplaintMeta, maxCustomerId: number, agent: string, r: Rng): Promise<Samples> {
  const open = OPEN_COMPLAINT_STATES.map((s) => `'${s}'`).join(', ');
  const ids = Array.from({ length: COMPLAINT_N.intake * 2 }, () => 1 + Math.floor(r() * maxCustomerId)).join(', ');
  const q = async (run: (sql: string) => Promise<Record<string, unknown>[]>) => {
    const agentRow = await run(`select id from users where username = '${agent}'`);
    if (!agentRow.length) throw new Error(`bench user ${agent} missing`);
    // codes of open complaints (the generated ones: their ids are in bench_complaints_live)
    const codes = (await run(`select c.code from complaints c where c.id in (select id from bench_complaints_live) and c.state in (${open})`)).map((x) => String(x.code));
    const customers = (await run(`select id from customers where id in (${ids}) and archived_at is null`)).map((x) => Number(x.id));
    const units = await run(`select customer_id, min(id) as id from product_units where customer_id in (${customers.join(', ') || 0}) group by customer_id`);
    const unitOf = new Map(units.map((u) => [Number(u.customer_id), Number(u.id)]));
    return {
      agentId: Number(agentRow[0].id),
      openCodes: Array.from({ length: 200 }, () => pick(r, codes)),
      departmentIds: cm.departments.map((d) => d.id),
      customers: customers.map((id) => ({ id, unitId: r() < 0.4 ? (unitOf.get(id) ?? null) : null })),
    };
  };
  if (kind === 'sqlite') {
    const conn = new SQLite(loc.sqliteFile, { readonly: true });
    try {
      return await q(async (sql) => conn.prepare(sql).all() as Record<string, unknown>[]);
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: loc.pgUrl });
  await client.connect();
  try {
    return await q(async (sql) => (await client.query(sql)).rows);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP measurements against the running server

const CATEGORY_W: [string, number][] = [['quality', 32], ['repair', 17], ['timeliness', 13], ['attitude', 10], ['installation', 8], ['performance', 6], ['delivery', 4], ['price', 3], ['other', 2]];
const SEVERITY_W: [string, number][] = [['minor', 80], ['major', 17], ['critical', 3]];

async function signedIn(port: number, username: string): Promise<Client> {
  const c = new Client(port, 4);
  await c.login(username, BENCH_PASSWORD);
  return c;
}

export async function benchComplaints(
  port: number,
  kind: DbKind,
  loc: Location,
  cm: ComplaintMeta,
  maxCustomerId: number,
  rebaseSeconds: number,
  log: (m: string) => void,
): Promise<ComplaintResult> {
  const r = rng(31_337);
  // a handler of the complaint desk, a customer supervisor of that department, management
  const agentName = cm.users.agents[1] ?? cm.users.agents[0];
  const s = await samples(kind, loc, cm, maxCustomerId, agentName, r);
  const agent = await signedIn(port, agentName);
  const supervisor = await signedIn(port, cm.users.supervisors[0]);
  const management = await signedIn(port, cm.users.management[0]);
  try {
    // ---- the open-complaint list
    log(`  [${kind}] complaints: open list`);
    const lists: string[] = [];
    for (let i = 0; i < COMPLAINT_N.list; i++) {
      const page = pick(r, [1, 1, 1, 2, 3]);
      const f = pick(r, [
        `state=open&page=${page}`,
        'state=open&page=50',
        `state=open&mine=true&page=${page}`,
        `state=open&severity=${pick(r, ['critical', 'major'])}&page=${page}`,
        `state=open&overdue=true&page=${page}`,
        `state=open&vip=true&page=${page}`,
        `state=open&departmentId=${pick(r, s.departmentIds)}&page=${page}`,
        `state=open&q=${encodeURIComponent(pick(r, s.openCodes))}`,
      ]);
      lists.push(`/api/v1/complaints?pageSize=20&${f}`);
    }
    const byQuery = new Map<string, number[]>();
    await measure(COMPLAINT_N.warmup, 1, async (i) => (await agent.request('GET', lists[i])).status === 200);
    const list = await measure(lists.length, 1, async (i) => {
      const t = performance.now();
      const res = await agent.request('GET', lists[i]);
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${lists[i]} → ${res.status} ${res.body.toString().slice(0, 300)}`);
      const key = lists[i]
        .replace(/^.*pageSize=20&/, '')
        .replace(/&page=[123]$/, '')
        .replace(/departmentId=\d+/, 'departmentId=…')
        .replace(/severity=\w+/, 'severity=…')
        .replace(/q=.*$/, 'q=<code>');
      byQuery.set(key, [...(byQuery.get(key) ?? []), ms]);
      return true;
    });

    // ---- intake: the agent's form (no key) and an integration's retry-safe POST (Idempotency-Key)
    log(`  [${kind}] complaints: intake`);
    const byKind = new Map<string, number[]>();
    const body = (i: number) => {
      const c = s.customers[i % s.customers.length];
      const category = weighted(r, CATEGORY_W);
      return {
        customerId: c.id,
        ...(c.unitId ? { unitId: c.unitId } : {}),
        channel: pick(r, ['phone', 'call_center', 'web', 'im', 'email']),
        complainantName: personName(r),
        complainantPhone: mobile(r),
        category,
        severity: weighted(r, SEVERITY_W),
        summary: '客户来电投诉产品使用问题',
        content: `客户反映购买的产品出现问题（${category}），多次联系未果，情绪激动，要求尽快给出处理方案。`,
        demands: pick(r, [['repair'], ['exchange'], ['compensation', 'apology'], ['explanation']]),
      };
    };
    await measure(10, 1, async (i) => (await agent.request('POST', '/api/v1/complaints', body(i + 10_000))).status === 201);
    let firstError = '';
    const intake = await measure(COMPLAINT_N.intake, 1, async (i) => {
      const withKey = i % 2 === 1;
      const headers: Record<string, string> = withKey ? { 'idempotency-key': `bench-${Date.now()}-${i}` } : {};
      const t = performance.now();
      const res = await agent.request('POST', '/api/v1/complaints', body(i), headers);
      const ms = performance.now() - t;
      if (res.status !== 201) {
        firstError ||= `${res.status} ${res.body.toString().slice(0, 300)}`;
        throw new Error(`intake → ${firstError}`);
      }
      const k = withKey ? 'with Idempotency-Key' : 'form (no key)';
      byKind.set(k, [...(byKind.get(k) ?? []), ms]);
      return true;
    });

    // ---- the daily report of the busiest recent past days (the anchor's own day and the day before excluded)
    const anchorDay = localDate(new Date(cm.anchor), TZ);
    const recent = Object.entries(cm.recentDays)
      .filter(([d]) => d < addDays(anchorDay, -1) && d >= addDays(anchorDay, -15))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([d]) => d);
    if (!recent.length) throw new Error('no recent past day in the dataset');
    log(`  [${kind}] complaints: daily report (${recent.join(', ')})`);
    let lines = 0;
    let openAtEnd = 0;
    let stored = false;
    const daily = await measure(COMPLAINT_N.daily, 1, async (i) => {
      const day = recent[i % recent.length];
      const res = await management.request('GET', `/api/v1/complaint-reports/daily?day=${day}`);
      if (res.status !== 200) throw new Error(`daily ${day} → ${res.status} ${res.body.toString().slice(0, 300)}`);
      if (i === 0) {
        const rep = JSON.parse(res.body.toString()) as { stored: boolean; summary: { lines: number; open: number } };
        lines = rep.summary.lines;
        openAtEnd = rep.summary.open;
        stored = rep.stored;
      }
      return true;
    });
    let deptLines = 0;
    const dailyDepartment = await measure(COMPLAINT_N.daily, 1, async (i) => {
      const day = recent[i % recent.length];
      const res = await supervisor.request('GET', `/api/v1/complaint-reports/daily?day=${day}`);
      if (res.status !== 200) throw new Error(`daily (department) ${day} → ${res.status} ${res.body.toString().slice(0, 300)}`);
      if (i === 0) deptLines = (JSON.parse(res.body.toString()) as { summary: { lines: number } }).summary.lines;
      return true;
    });

    // ---- the 12-month Pareto: the anchor's day and the 12 months before it
    const to = anchorDay;
    const from = addDays(addMonths(anchorDay, -12), 1);
    log(`  [${kind}] complaints: analysis ${from} … ${to}`);
    const url = `/api/v1/complaint-reports/analysis?from=${from}&to=${to}&by=category&period=month`;
    let total = 0;
    let categories = 0;
    await measure(1, 1, async () => (await management.request('GET', url)).status === 200);
    const analysis = await measure(COMPLAINT_N.analysis, 1, async () => {
      const res = await management.request('GET', url);
      if (res.status !== 200) throw new Error(`analysis → ${res.status} ${res.body.toString().slice(0, 300)}`);
      const a = JSON.parse(res.body.toString()) as { kpis: { total: number }; paretoCategory: unknown[] };
      total = a.kpis.total;
      categories = a.paretoCategory.length;
      return true;
    });

    return {
      dataset: cm,
      rebaseSeconds,
      list,
      listByQuery: quantiles(byQuery),
      intake,
      intakeByKind: quantiles(byKind),
      daily: { ...daily, days: recent, lines, open: openAtEnd, stored },
      dailyDepartment: { ...dailyDepartment, lines: deptLines },
      analysis: { ...analysis, from, to, total, categories },
    };
  } finally {
    agent.close();
    supervisor.close();
    management.close();
  }
}
