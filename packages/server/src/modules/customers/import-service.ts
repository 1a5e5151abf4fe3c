// Customer import rules: upload, column mapping, a dry run that reports every bad row, and a commit
// that writes all rows or none in one transaction with batched inserts.
//
// Every step reads the stored file row by row (import-read.ts), so a 100,000-row import holds one slice
// of rows in memory, not the sheet. The commit checks each row again as it goes (owners, list entries and
// look-alikes may have changed since the dry run); one bad row rolls the whole transaction back.
//
// Progress: the instance running a commit keeps it in memory (and streams it to the caller); on
// PostgreSQL it is also written to the imports row through another pooled connection, so any
// instance can answer GET …/:id. SQLite has one connection, held by the commit's transaction, so
// there the progress lives in memory only (SQLite deployments run one instance).
import fs from 'node:fs';
import readline from 'node:readline';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import {
  LIFECYCLE_LABELS,
  LIFECYCLE_STATES,
  ZCustomerCreate,
  normalizePhone,
  translate,
  type Lang,
  type TCustomerCreate,
  type TImportDryRun,
  type TImportDryRunResult,
  type TImportProblem,
  type TImportReport,
  type TImportRowError,
  type TImportState,
  type TImportUpload,
  type TImportWarning,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, conflict, fieldMessage, invalid, notFound, type FieldError } from '../../platform/errors';
import { nextCodes } from '../../platform/numbering';
import { inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { regionTree } from '../../platform/regions';
import { normalizeName } from '../../platform/search-text';
import { IMPORT_FIELDS, isImportField, rowToInput, suggestMapping, type Lookups } from './import-parse';
import { openSheet, type SheetRow } from './import-read';
import * as repo from './import-repo';
import { CUSTOMER_PREFIX, insertPrepared, prepareCustomer } from './service';
import { reserveCustomers } from './repo';
import { deferSearchMerges, resumeSearchMerges, SEARCH_INDEX_JOB } from '../../db/search';
import { tryReadWorker, type ReadWorker } from '../../db/read-worker';

export const MAX_IMPORT_ROWS = 200_000;
/** the report lists hold at most this many rows; the XLSX error report holds all */
export const REPORT_LIMIT = 1000;
const SAMPLE_ROWS = 5;
/** rows per insert batch and progress step of a commit (insertPrepared batches them further) */
const SLICE = 1000;
/** a PostgreSQL commit whose instance has not reported for this long has died (its transaction rolled back) */
const HEARTBEAT_STALE_MS = 120_000;

interface ImportOptions {
  skipDuplicates?: boolean;
  commitRows?: number;
  warningRows?: number;
  failure?: string | null;
  heartbeatAt?: string | null;
  /** the dry run's good rows, checked and converted, in a file beside the upload (see Spool) */
  checked?: { key: string; userId: number } | null;
}

interface StoredReport {
  errors: TImportRowError[];
  warnings: TImportWarning[];
}

// ---------- reading the stored file ----------

/** A mapping is keyed by header: make repeated headers distinct (电话, 电话 (2)). */
function distinctHeaders(headers: string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h) => {
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? h.slice(0, 200) : `${h.slice(0, 190)} (${n})`;
  });
}

async function readSheet(data: Buffer, filename: string): Promise<{ headers: string[]; rows: AsyncGenerator<SheetRow> }> {
  try {
    const sheet = await openSheet(data, filename);
    async function* rows() {
      try {
        yield* sheet.rows;
      } catch {
        throw new AppError(400, 'IMPORT_BAD_FILE');
      }
    }
    return { headers: distinctHeaders(sheet.headers), rows: rows() };
  } catch {
    throw new AppError(400, 'IMPORT_BAD_FILE');
  }
}

const readStored = async (ctx: AppContext, row: repo.ImportRow) => readSheet(await ctx.files.read(row.storage_key), row.filename);

/**
 * The dry run writes its good rows, already checked and converted, one JSON line each, to a file in the file
 * store (shared by all instances); the commit reads them back instead of parsing and validating the sheet
 * again, and re-checks only what can change meanwhile (owners, their teams, list entries, the user's scope).
 */
interface Spool {
  key: string;
  write(g: GoodRow): Promise<void>;
  close(): Promise<void>;
}

async function openSpool(ctx: AppContext): Promise<Spool> {
  const { key } = await ctx.files.save(Buffer.alloc(0));
  const out = fs.createWriteStream(ctx.files.pathOf(key));
  return {
    key,
    async write(g) {
      if (!out.write(JSON.stringify(g) + '\n')) await once(out, 'drain');
    },
    close: () => new Promise((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve()))),
  };
}

const dropSpool = (ctx: AppContext, key: string | undefined) => (key ? ctx.files.remove(key).catch(() => undefined) : Promise.resolve());

// ---------- progress of commits running in this process ----------

type Progress = { processed: number; total: number };
const running = new WeakMap<AppContext, Map<number, Progress>>();
function runningOf(ctx: AppContext): Map<number, Progress> {
  let m = running.get(ctx);
  if (!m) running.set(ctx, (m = new Map()));
  return m;
}

// ---------- views ----------

const parseOptions = (s: string | null): ImportOptions => (s ? (JSON.parse(s) as ImportOptions) : {});
const parseReport = (s: string | null): StoredReport => (s ? (JSON.parse(s) as StoredReport) : { errors: [], warnings: [] });

function stateOf(ctx: AppContext, row: repo.ImportRow): TImportState {
  const opts = parseOptions(row.options);
  let status = row.status;
  let failure = opts.failure ?? null;
  let processed = row.processed_rows;
  if (status === 'running') {
    const local = runningOf(ctx).get(row.id);
    if (local) processed = local.processed;
    else if (ctx.dialect === 'sqlite' || !opts.heartbeatAt || ctx.clock.now().getTime() - Date.parse(opts.heartbeatAt) > HEARTBEAT_STALE_MS) {
      // the instance that ran it is gone; its transaction rolled back, so nothing was written
      status = 'failed';
      failure = 'IMPORT_INTERRUPTED';
    }
  }
  return {
    id: row.id,
    filename: row.filename,
    status,
    headers: JSON.parse(row.headers) as string[],
    mapping: row.mapping ? (JSON.parse(row.mapping) as Record<string, string | null>) : {},
    skipDuplicates: !!opts.skipDuplicates,
    totalRows: row.total_rows,
    processedRows: processed,
    commitRows: opts.commitRows ?? row.ok_rows,
    okRows: row.ok_rows,
    errorRows: row.error_rows,
    warningRows: opts.warningRows ?? 0,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    failure,
    version: row.version,
  };
}

function reportOf(r: StoredReport): TImportReport {
  return { errors: r.errors.slice(0, REPORT_LIMIT), warnings: r.warnings.slice(0, REPORT_LIMIT), limit: REPORT_LIMIT };
}

/** An import is seen by the user who uploaded it, and by those who see all customers. */
async function load(ctx: AppContext, p: Principal, id: number): Promise<repo.ImportRow> {
  requirePermission(p, 'customers:import');
  const row = await repo.getImport(ctx.db, id);
  if (!row || (row.created_by !== p.userId && scopeFilter(p, 'customers').kind !== 'all')) throw notFound();
  return row;
}

export const importFields = () => IMPORT_FIELDS.map(({ key, zh, en }) => ({ key, zh, en }));

// ---------- upload ----------

export async function uploadImport(ctx: AppContext, p: Principal, file: { filename: string; data: Buffer }, actx: AuditContext): Promise<TImportUpload> {
  requirePermission(p, 'customers:import');
  const sheet = await readSheet(file.data, file.filename);
  const sample: string[][] = [];
  let total = 0;
  for await (const r of sheet.rows) {
    if (sample.length < SAMPLE_ROWS) sample.push(r.cells);
    if (++total > MAX_IMPORT_ROWS) throw new AppError(400, 'IMPORT_TOO_MANY_ROWS');
  }
  if (!sheet.headers.length || total === 0) throw new AppError(400, 'IMPORT_EMPTY');
  const stored = await ctx.files.save(file.data);
  const now = ctx.clock.now().toISOString();
  const filename = file.filename.slice(0, 255);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const newId = await repo.insertImport(trx, {
      kind: repo.IMPORT_KIND,
      filename,
      storage_key: stored.key,
      status: 'uploaded',
      headers: JSON.stringify(sheet.headers),
      mapping: JSON.stringify(suggestMapping(sheet.headers)),
      total_rows: total,
      processed_rows: 0,
      ok_rows: 0,
      error_rows: 0,
      errors: null,
      options: null,
      created_by: p.userId,
      created_at: now,
      finished_at: null,
    });
    await audit(trx, actx, { action: 'upload', entity: 'customer_import', entityId: newId, summary: `${filename}: ${total} rows` });
    return newId;
  });
  const row = (await repo.getImport(ctx.db, id))!;
  return { ...stateOf(ctx, row), fields: importFields(), sample };
}

export async function getImport(ctx: AppContext, p: Principal, id: number): Promise<TImportState> {
  return stateOf(ctx, await load(ctx, p, id));
}

export async function getReport(ctx: AppContext, p: Principal, id: number): Promise<TImportReport> {
  const row = await load(ctx, p, id);
  return reportOf(parseReport(await repo.getImportReport(ctx.db, row.id)));
}

// ---------- lookups: dictionaries, users, regions ----------

const norm = (s: string) => normalizeName(s);

/** code, Chinese and English labels (and the Chinese label without its parenthesis: "A 级（重要客户）" → "A级") → code */
function labelIndex(items: { code: string; zh: string; en: string }[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const it of items) {
    for (const k of [it.code, it.zh, it.en, it.zh.replace(/[（(].*?[）)]/g, ''), it.zh.replace(/客户$/, '')]) {
      const n = norm(k);
      if (n && !m.has(n)) m.set(n, it.code);
    }
  }
  return m;
}

const REGION_SUFFIX = /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|省|市|盟|旗|区|县)$/;
/** parent code ('' for provinces) → name, short name or code → code */
const regionIndex = new Map<string, Map<string, string>>();
/** provinces whose cities are 市辖区 (北京, 上海 …): a row may leave the city empty */
const municipalities = new Set<string>();
{
  const add = (parent: string, code: string, name: string) => {
    let m = regionIndex.get(parent);
    if (!m) regionIndex.set(parent, (m = new Map()));
    const n = norm(name);
    m.set(code, code);
    if (!m.has(n)) m.set(n, code);
    const short = n.replace(REGION_SUFFIX, '');
    if (short && !m.has(short)) m.set(short, code);
  };
  for (const prov of regionTree) {
    add('', prov.code, prov.name);
    if (prov.children?.[0]?.name === '市辖区') municipalities.add(prov.code);
    for (const city of prov.children ?? []) {
      add(prov.code, city.code, city.name);
      for (const d of city.children ?? []) add(city.code, d.code, d.name);
    }
  }
}

function findRegion(value: string, parent: string | null): string | null {
  const m = regionIndex.get(parent ?? '');
  if (!m) return null;
  const n = norm(value);
  const hit = m.get(n) ?? m.get(n.replace(REGION_SUFFIX, ''));
  if (hit) return hit;
  // 北京市 / 北京市 / 朝阳区: the city of a municipality is written as the municipality itself
  if (parent && municipalities.has(parent)) {
    const prov = regionTree.find((r) => r.code === parent)!;
    if (norm(prov.name).replace(REGION_SUFFIX, '') === n.replace(REGION_SUFFIX, '')) return prov.children![0].code;
  }
  return null;
}

interface Reference {
  lk: Lookups;
  isAmbiguousUser: (v: string) => boolean;
  unitOf: Map<number, number | null>;
}

async function loadReference(ctx: AppContext): Promise<Reference> {
  const dicts = new Map<string, Map<string, string>>();
  for (const type of ['grade', 'source']) {
    const items = (await ctx.dictionaries.items(type)).filter((i) => i.active);
    dicts.set(type, labelIndex(items.map((i) => ({ code: i.code, zh: i.labelZh, en: i.labelEn }))));
  }
  dicts.set('lifecycle', labelIndex(LIFECYCLE_STATES.map((code) => ({ code, zh: LIFECYCLE_LABELS['zh-CN'][code], en: LIFECYCLE_LABELS['en-US'][code] }))));
  const users = await repo.activeUsers(ctx.db);
  const byUsername = new Map(users.map((u) => [u.username.toLowerCase(), u.id]));
  const byName = new Map<string, number[]>();
  for (const u of users) byName.set(u.display_name.trim(), [...(byName.get(u.display_name.trim()) ?? []), u.id]);
  return {
    lk: {
      dict: (type, value) => dicts.get(type)?.get(norm(value)) ?? null,
      user: (value) => {
        const v = value.trim();
        const named = byName.get(v);
        return byUsername.get(v.toLowerCase()) ?? (named?.length === 1 ? named[0] : null);
      },
      region: findRegion,
    },
    isAmbiguousUser: (v) => !byUsername.has(v.trim().toLowerCase()) && (byName.get(v.trim())?.length ?? 0) > 1,
    unitOf: new Map(users.map((u) => [u.id, u.org_unit_id])),
  };
}

// ---------- checking rows ----------

/** The import field a path of the create request came from (contacts.0.mobile → contactMobile). */
function fieldOfPath(path: PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if (head === 'contacts') return third === 'mobile' ? 'contactMobile' : third === 'title' ? 'contactTitle' : 'contactName';
  if (head === 'addresses') return ({ provinceCode: 'province', cityCode: 'city', districtCode: 'district' } as Record<string, string>)[third] ?? third ?? 'province';
  if (head === 'profile') return second === 'registeredCapitalFen' ? 'registeredCapitalWan' : (second ?? 'name');
  if (head === 'ownerId') return 'owner';
  return head ?? 'name';
}

/** Zod reports a bad profile as a failed union of the enterprise and individual cards: use the enterprise branch. */
function flatIssues(issues: z.core.$ZodIssue[], prefix: PropertyKey[] = []): z.core.$ZodIssue[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && i.errors.length) return flatIssues(i.errors[0], path);
    return [{ ...i, path } as z.core.$ZodIssue];
  });
}

/** What a good row needs for the look-alike check. */
interface RowKeys {
  row: number;
  name: string;
  nameNorm: string;
  creditCode: string | null;
  phones: string[];
  /** an earlier row of the file with the same credit code, ID number or normalised name */
  earlierRow: number | null;
}

interface GoodRow extends RowKeys {
  input: TCustomerCreate;
  teamId: number | null;
}

type RowResult = { problems: TImportProblem[] } | { good: GoodRow };

/** Checks rows one after the other (it remembers credit codes and names seen, for repeats within the file). */
async function rowChecker(ctx: AppContext, p: Principal, headers: string[], mapping: Record<string, string | null>): Promise<(r: SheetRow) => RowResult> {
  const ref = await loadReference(ctx);
  const col = new Map<string, number>();
  headers.forEach((h, i) => {
    const f = mapping[h];
    if (f) col.set(f, i);
  });
  const columnOf = (field: string) => {
    const i = col.get(field);
    return i === undefined ? null : headers[i];
  };
  const problem = (field: string, key: string, issue?: z.core.$ZodIssue): TImportProblem => {
    const f: FieldError = { path: field, key, issue };
    return {
      field,
      column: columnOf(field),
      code: issue && !translate(key, 'zh-CN') ? issue.code : key,
      message: { 'zh-CN': fieldMessage(f, 'zh-CN'), 'en-US': fieldMessage(f, 'en-US') },
    };
  };
  const seenCode = new Map<string, number>();
  const seenName = new Map<string, number>();

  return (r) => {
    const values: Record<string, string> = {};
    for (const [f, idx] of col) values[f] = r.cells[idx] ?? '';
    if (!values.city && values.district && values.province) {
      const prov = findRegion(values.province, null);
      if (prov && municipalities.has(prov)) values.city = values.province;
    }
    const { input, problems } = rowToInput(values, ref.lk);
    const out: TImportProblem[] = [];
    const flagged = new Set<string>();
    const push = (field: string, key: string, issue?: z.core.$ZodIssue) => {
      if (flagged.has(field)) return;
      flagged.add(field);
      out.push(problem(field, key, issue));
    };
    if (!values.name) push('name', 'required');
    for (const pr of problems) push(pr.field, pr.field === 'owner' && ref.isAmbiguousUser(values.owner ?? '') ? 'ambiguous_user' : pr.key);
    const parsed = ZCustomerCreate.safeParse(input);
    if (!parsed.success) for (const issue of flatIssues(parsed.error.issues)) push(fieldOfPath(issue.path), issue.message, issue);
    if (!parsed.success || out.length) return { problems: out };
    const data = parsed.data;
    const ownerId = data.ownerId ?? p.userId;
    const teamId = data.teamId ?? (ref.unitOf.has(ownerId) ? ref.unitOf.get(ownerId)! : ownerId === p.userId ? p.orgUnitId : null);
    if (!inScope(p, 'customers', { owner_id: ownerId, team_id: teamId })) push('owner', 'owner_out_of_scope');
    if (out.length) return { problems: out };
    // a repeat of an earlier row (same credit code, ID number or name) is a warning, like a look-alike of an existing customer
    const code = data.creditCode ? `c:${data.creditCode}` : data.idNumber ? `i:${data.idNumber}` : null;
    const nameNorm = normalizeName(data.name);
    const earlierRow = (code ? seenCode.get(code) : undefined) ?? seenName.get(nameNorm) ?? null;
    if (code && !seenCode.has(code)) seenCode.set(code, r.number);
    if (!seenName.has(nameNorm)) seenName.set(nameNorm, r.number);
    // the numbers in the form they are stored in (valid: checked above), so that the commit need not parse them again
    // (~0.8 s of a 100,000-row commit; the parses of the check are long out of normalizePhone's small cache by then)
    const norm = (v: string | null | undefined) => (v ? (normalizePhone(v) ?? v) : v);
    const stored: TCustomerCreate = data.phone || data.contacts?.length
      ? { ...data, phone: norm(data.phone), contacts: data.contacts?.map((c) => ({ ...c, mobile: norm(c.mobile), phone: norm(c.phone) })) }
      : data;
    const phones = [stored.phone, ...(stored.contacts ?? []).map((c) => c.mobile)].filter((x): x is string => !!x);
    return { good: { row: r.number, name: data.name, input: stored, teamId, nameNorm, creditCode: data.creditCode ?? null, phones, earlierRow } };
  };
}

type Matches = Map<number, TImportWarning['matches']>;

/** A string that shares no memory with the one it came from (V8 keeps a slice's parent alive). */
const ownCopy = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

/** Existing customers with the same credit code, phone or normalised name, by row (those in `exclude` do not count). */
async function lookalikes(db: Tx, rows: RowKeys[], exclude?: Set<number>, reader?: ReadWorker): Promise<Matches> {
  const found = await repo.findLookalikes(
    db,
    {
      nameNorms: rows.map((g) => g.nameNorm),
      creditCodes: rows.flatMap((g) => (g.creditCode ? [g.creditCode] : [])),
      phones: rows.flatMap((g) => g.phones),
    },
    reader,
  );
  type C = (typeof found.customers)[number];
  const byName = new Map<string, C[]>();
  const byCredit = new Map<string, C[]>();
  const byPhone = new Map<string, C[]>();
  const byId = new Map(found.customers.map((c) => [c.id, c]));
  const put = (m: Map<string, C[]>, k: string | null, c: C | undefined) => {
    if (!k || !c || exclude?.has(c.id)) return;
    const list = m.get(k);
    if (list) list.push(c);
    else m.set(k, [c]);
  };
  for (const c of found.customers) {
    put(byName, c.name_norm, c);
    put(byCredit, c.credit_code, c);
    put(byPhone, c.phone, c);
  }
  for (const m of found.contactMobiles) put(byPhone, m.mobile, byId.get(m.customer_id));
  const out: Matches = new Map();
  for (const g of rows) {
    const matches = new Map<number, TImportWarning['matches'][number]>();
    const hit = (list: C[] | undefined, reason: 'creditCode' | 'phone' | 'name') => {
      for (const c of list ?? []) {
        const m = matches.get(c.id) ?? { id: c.id, code: c.code, name: c.name, reasons: [] };
        if (!m.reasons.includes(reason)) m.reasons.push(reason);
        matches.set(c.id, m);
      }
    };
    if (g.creditCode) hit(byCredit.get(g.creditCode), 'creditCode');
    for (const ph of g.phones) hit(byPhone.get(ph), 'phone');
    hit(byName.get(g.nameNorm), 'name');
    // kept with the report (its first REPORT_LIMIT warnings): exact-size copies, since an array that grew by push()
    // keeps room for 17 entries (~13 MB per 100,000 rows in a heap snapshot of a dry run, when all were kept)
    if (matches.size) out.set(g.row, [...matches.values()].slice(0, 5).map((m) => ({ ...m, reasons: m.reasons.slice() })));
  }
  return out;
}

interface CheckResult {
  /** every bad row (the error workbook marks them all); the first REPORT_LIMIT warnings */
  report: StoredReport;
  okRows: number;
  duplicateRows: number;
  warningRows: number;
}

const LOOKALIKE_SLICE = 1000;

/** The dry run: every row checked, bad rows with reasons, look-alike warnings. */
async function checkAll(ctx: AppContext, p: Principal, row: repo.ImportRow, mapping: Record<string, string | null>, spool?: Spool): Promise<CheckResult> {
  const sheet = await readStored(ctx, row);
  const check = await rowChecker(ctx, p, sheet.headers, mapping);
  const errors: TImportRowError[] = [];
  const warnings: TImportWarning[] = [];
  let okRows = 0;
  let duplicateRows = 0;
  let warningRows = 0;
  // look-alikes a slice at a time, as the rows are read: common personal names (王芳, 张伟) match hundreds of existing
  // customers each, and probing 100,000 rows at once fetched most of a 1M-customer table into memory; holding every
  // row's keys until the end of the file kept ~40 MB of a 100,000-row dry run alive
  // The probe of a slice runs while the next slice is read and checked: PostgreSQL works meanwhile, and so does SQLite
  // on a read worker (another thread, its own connection; the probes were half of a 100,000-row dry run at 1M
  // customers, and this thread had to wait for them). Its warnings are added in row order before the next probe's.
  const dbFile = ctx.database.sqliteFile;
  const reader = dbFile && dbFile !== ':memory:' ? tryReadWorker(dbFile) : undefined;
  try {
    let slice: RowKeys[] = [];
    let probing: Promise<void> = Promise.resolve();
    const probe = async () => {
      if (!slice.length) return;
      const keys = slice;
      slice = [];
      const found = lookalikes(ctx.db, keys, undefined, reader);
      found.catch(() => undefined); // awaited through `probing`
      await probing;
      probing = found.then((matches) => {
        duplicateRows += matches.size;
        for (const k of keys) {
          // a copy of the name: a cell is a slice of a piece of the decoded file, which it would keep alive with the report
          if (!matches.has(k.row) && !k.earlierRow) continue;
          // only those the report shows are kept: all 30,000 of a 100,000-row file, stored as JSON (12 MB) and read
          // back, put ~100 MB on the server's peak memory
          if (warningRows++ < REPORT_LIMIT) warnings.push({ row: k.row, name: ownCopy(k.name), matches: matches.get(k.row) ?? [], earlierRow: k.earlierRow });
        }
      });
      probing.catch(() => undefined);
    };
    for await (const r of sheet.rows) {
      const res = check(r);
      if ('problems' in res) errors.push({ row: r.number, problems: res.problems });
      else {
        if (spool && !errors.length) await spool.write(res.good);
        const { input: _input, teamId: _team, ...k } = res.good;
        slice.push(k);
        okRows++;
        if (slice.length >= LOOKALIKE_SLICE) await probe();
      }
    }
    await probe();
    await probing;
    return { report: { errors, warnings }, okRows, duplicateRows, warningRows };
  } finally {
    await reader?.close();
  }
}

function checkMapping(headers: string[], requested: Record<string, string | null>): Record<string, string | null> {
  const errs: { path: string; key: string }[] = [];
  const out: Record<string, string | null> = Object.fromEntries(headers.map((h) => [h, null]));
  const used = new Set<string>();
  for (const [h, f] of Object.entries(requested)) {
    if (!headers.includes(h)) errs.push({ path: `mapping.${h}`, key: 'unknown_column' });
    else if (f === null || f === '') continue;
    else if (!isImportField(f)) errs.push({ path: `mapping.${h}`, key: 'unknown_column' });
    else if (used.has(f)) errs.push({ path: `mapping.${h}`, key: 'duplicate_mapping' });
    else {
      used.add(f);
      out[h] = f;
    }
  }
  if (!errs.length && !used.has('name')) errs.push({ path: 'mapping', key: 'name_column_required' });
  if (errs.length) throw invalid(errs);
  return out;
}

function hasErrors(errors: TImportRowError[], total: number): AppError {
  const fields = errors.slice(0, 20).flatMap((e) => e.problems.map((pr) => ({ path: `rows.${e.row}.${pr.field}`, key: pr.code })));
  return new AppError(400, 'IMPORT_HAS_ERRORS', fields, { errorRows: total });
}

/** Stores a check's outcome on the import row (status validated), unless the row changed meanwhile. */
async function storeCheck(
  ctx: AppContext,
  row: repo.ImportRow,
  mapping: Record<string, string | null>,
  skip: boolean,
  res: CheckResult,
  version: number,
  checked: ImportOptions['checked'] = null,
): Promise<boolean> {
  const options: ImportOptions = {
    skipDuplicates: skip,
    commitRows: res.okRows - (skip ? res.duplicateRows : 0),
    warningRows: res.warningRows,
    failure: null,
    heartbeatAt: null,
    checked,
  };
  return repo.updateImport(
    ctx.db,
    row.id,
    {
      status: 'validated',
      mapping: JSON.stringify(mapping),
      options: JSON.stringify(options),
      ok_rows: res.okRows,
      error_rows: res.report.errors.length,
      errors: JSON.stringify(res.report),
      processed_rows: 0,
      finished_at: null,
      version: version + 1,
    },
    { version },
  );
}

// ---------- dry run ----------

export async function dryRun(ctx: AppContext, p: Principal, id: number, body: TImportDryRun): Promise<TImportDryRunResult> {
  const row = await load(ctx, p, id);
  const status = stateOf(ctx, row).status;
  if (status !== 'uploaded' && status !== 'validated' && status !== 'failed') throw new AppError(409, 'IMPORT_STATE');
  const mapping = checkMapping(JSON.parse(row.headers) as string[], body.mapping);
  const spool = await openSpool(ctx);
  let res: CheckResult;
  try {
    res = await checkAll(ctx, p, row, mapping, spool);
  } catch (err) {
    await spool.close().catch(() => undefined);
    await dropSpool(ctx, spool.key);
    throw err;
  }
  await spool.close();
  const usable = res.report.errors.length === 0;
  if (!(await storeCheck(ctx, row, mapping, !!body.skipDuplicates, res, row.version, usable ? { key: spool.key, userId: p.userId } : null))) {
    await dropSpool(ctx, spool.key);
    throw conflict();
  }
  if (!usable) await dropSpool(ctx, spool.key);
  await dropSpool(ctx, parseOptions(row.options).checked?.key);
  const after = (await repo.getImport(ctx.db, id))!;
  return { ...stateOf(ctx, after), report: reportOf(res.report) };
}

// ---------- error report ----------

/** The file's rows with an added 错误原因 column (bad rows in red), streamed as XLSX. */
export async function errorWorkbook(ctx: AppContext, p: Principal, id: number, lang: Lang): Promise<{ filename: string; stream: PassThrough }> {
  const row = await load(ctx, p, id);
  if (row.status === 'uploaded') throw new AppError(409, 'IMPORT_STATE');
  const sheet = await readStored(ctx, row);
  const byRow = new Map(parseReport(await repo.getImportReport(ctx.db, row.id)).errors.map((e) => [e.row, e]));
  const fieldLabel = new Map(IMPORT_FIELDS.map((f) => [f.key, lang === 'en-US' ? f.en : f.zh]));
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(lang === 'en-US' ? 'Import check' : '导入检查', { views: [{ state: 'frozen', ySplit: 1 }] });
  const width = sheet.headers.length;
  ws.columns = [...sheet.headers.map((h) => ({ header: h, width: Math.min(40, Math.max(10, h.length * 2 + 4)) })), { header: lang === 'en-US' ? 'Problem' : '错误原因', width: 60 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: width + 1 } };
  void (async () => {
    try {
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      for await (const r of sheet.rows) {
        const e = byRow.get(r.number);
        const reason = e
          ? e.problems.map((pr) => `${pr.column ?? fieldLabel.get(pr.field) ?? pr.field}${lang === 'en-US' ? ': ' : '：'}${pr.message[lang]}`).join(lang === 'en-US' ? '; ' : '；')
          : null;
        const out = ws.addRow([...r.cells, reason]);
        if (e) {
          out.getCell(width + 1).font = { color: { argb: 'FFC00000' } };
          out.getCell(width + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE7E6' } };
        }
        out.commit();
      }
      ws.commit();
      await wb.commit();
    } catch (err) {
      stream.destroy(err as Error);
    }
  })();
  const base = row.filename.replace(/\.[^.]+$/, '');
  return { filename: `${base}-${lang === 'en-US' ? 'problems' : '错误报告'}.xlsx`, stream };
}

/** An empty workbook with the Chinese headers that map automatically. */
export async function templateWorkbook(p: Principal): Promise<Buffer> {
  requirePermission(p, 'customers:import');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.columns = IMPORT_FIELDS.map((f) => ({ header: f.zh, key: f.key, width: Math.max(12, f.zh.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------- commit ----------

export interface CommitRun {
  state: TImportState;
  /** checks and writes every row in one transaction; resolves with the final state */
  run(onProgress?: (processed: number, total: number) => void): Promise<TImportState>;
}

/** Claims the import for this commit (so a second click or instance gets 409), or refuses a file with bad rows. */
export async function startCommit(ctx: AppContext, p: Principal, id: number, actx: AuditContext): Promise<CommitRun> {
  const row = await load(ctx, p, id);
  const state = stateOf(ctx, row);
  if (state.status === 'validated' && row.error_rows > 0) throw hasErrors(parseReport(await repo.getImportReport(ctx.db, row.id)).errors, row.error_rows);
  if (state.status !== 'validated') throw new AppError(409, 'IMPORT_STATE');
  const opts = parseOptions(row.options);
  const claimed = await repo.updateImport(
    ctx.db,
    id,
    { status: 'running', processed_rows: 0, options: JSON.stringify({ ...opts, failure: null, heartbeatAt: ctx.clock.now().toISOString() }), version: row.version + 1 },
    { version: row.version, status: 'validated' },
  );
  if (!claimed) throw new AppError(409, 'IMPORT_STATE');
  const progress: Progress = { processed: 0, total: state.commitRows };
  runningOf(ctx).set(id, progress);
  const claimedRow = { ...row, status: 'running' as const, processed_rows: 0, version: row.version + 1 };
  return { state: stateOf(ctx, claimedRow), run: (onProgress) => runCommit(ctx, p, claimedRow, opts, actx, progress, onProgress) };
}

/** Thrown inside the commit's transaction when a row has become bad since the dry run: rolls everything back. */
class RowsChanged extends Error {}

async function runCommit(
  ctx: AppContext,
  p: Principal,
  row: repo.ImportRow,
  opts: ImportOptions,
  actx: AuditContext,
  progress: Progress,
  onProgress?: (processed: number, total: number) => void,
): Promise<TImportState> {
  const id = row.id;
  const postgres = ctx.dialect === 'postgres';
  const mapping = JSON.parse(row.mapping ?? '{}') as Record<string, string | null>;
  const spooled = opts.checked && opts.checked.userId === p.userId && (await exists(ctx, opts.checked.key)) ? opts.checked.key : null;
  const writeAll = async (goodRows: AsyncGenerator<GoodRow>) => {
    progress.processed = 0;
    onProgress?.(0, progress.total);
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      await deferSearchMerges(trx);
      const ours = new Set<number>();
      let firstCode: string | null = null;
      let lastCode: string | null = null;
      let skipped = 0;
      // the slice being written: while the database writes one slice, the next is read, checked and turned into its
      // statement (on PostgreSQL that overlaps the server's work with ours; on SQLite a slice is written at once)
      let inFlight: Promise<void> | null = null;
      const settle = async () => {
        const f = inFlight;
        inFlight = null;
        if (f) await f;
      };
      const write = async (slice: GoodRow[]) => {
        if (opts.skipDuplicates) {
          await settle(); // this import's own customers, written so far, are no duplicates
          const dup = await lookalikes(trx, slice, ours);
          skipped += dup.size;
          slice = slice.filter((g) => !dup.has(g.row));
        }
        if (!slice.length) return;
        const rows = slice;
        // PostgreSQL: numbers and ids reserved outside the transaction, so that a long import does not hold the day's
        // counter row that every other new customer needs (a failed import leaves a gap, never a reuse); with the ids
        // known, the slice is one statement
        const { codes, ids } = postgres
          ? await reserveCustomers(ctx.db, CUSTOMER_PREFIX, now, ctx.config.timezone, rows.length)
          : { codes: await nextCodes(trx, CUSTOMER_PREFIX, now, ctx.config.timezone, rows.length), ids: undefined };
        const prepared = rows.map((g) => prepareCustomer(g.input, p, g.teamId, nowIso, { phonesNormalized: true }));
        const previous = inFlight;
        const written = insertPrepared(trx, prepared as never, codes, p, actx, {
          event: 'imported',
          phonesNormalized: true,
          ids,
          auditOf: (cid, j) => ({ action: 'create', entity: 'customer', entityId: cid, summary: `${codes[j]} ${rows[j].name}`, after: { importId: id, row: rows[j].row } }),
        });
        // this slice's outcome, after the slice before it; settled only once both writes are, so that the transaction
        // never ends (rolled back or committed) while a statement of the import is still to run
        const outcome = Promise.allSettled([previous, written]).then(async ([before, mine]) => {
          if (before.status === 'rejected') throw before.reason;
          if (mine.status === 'rejected') throw mine.reason;
          for (const cid of mine.value) ours.add(cid);
          firstCode ??= codes[0];
          lastCode = codes[codes.length - 1];
          progress.processed = ours.size;
          // another pooled connection: visible to every instance before this transaction commits
          if (postgres) await repo.updateImport(ctx.db, id, { processed_rows: ours.size, options: JSON.stringify({ ...opts, heartbeatAt: ctx.clock.now().toISOString() }) });
          onProgress?.(ours.size, progress.total);
          // SQLite answers synchronously: without this the event loop would not turn (no progress sent, no other request read) until the end
          await new Promise((resolve) => setImmediate(resolve));
        });
        outcome.catch(() => undefined); // awaited by settle() or at the end
        inFlight = outcome;
        // at most two slices in flight: the next is read once the one before this is written (its failure ends the import)
        await previous;
      };
      try {
        let slice: GoodRow[] = [];
        for await (const g of goodRows) {
          slice.push(g);
          if (slice.length >= SLICE) {
            await write(slice);
            slice = [];
          }
        }
        await write(slice);
        await settle();
      } finally {
        // nothing of this import may still run once the transaction ends (a late progress write would overwrite the
        // outcome stored after a rollback)
        await (inFlight as Promise<void> | null)?.catch(() => undefined);
      }
      await resumeSearchMerges(trx);
      // the new customers' search tokens were not merged into the index (deferSearchMerges): the merge is queued
      // with the rows it concerns, and started right after the commit (below)
      await ctx.scheduler.enqueue(SEARCH_INDEX_JOB, null, { uniqueKey: `${SEARCH_INDEX_JOB}@import-${id}-${nowIso}`, db: trx });
      await audit(trx, actx, {
        action: 'import',
        entity: 'customer_import',
        entityId: id,
        summary: `${row.filename}: ${ours.size} customers${firstCode ? ` ${firstCode}…${lastCode}` : ''}`,
        after: { rows: ours.size, skippedDuplicates: skipped, firstCode, lastCode },
      });
      await repo.updateImport(trx, id, {
        status: 'done',
        processed_rows: ours.size,
        finished_at: ctx.clock.now().toISOString(),
        options: JSON.stringify({ ...opts, failure: null, heartbeatAt: null }),
        version: row.version + 1,
      });
      progress.processed = ours.size;
    });
    // the merge at once, not at the next poll: on PostgreSQL the first customer written meanwhile would find the
    // pending list far over its limit and merge all of it inside its own insert (~30 s after 30,000 rows); once the
    // job's merge holds the list, other inserts only append to it
    ctx.scheduler.poke();
  };
  try {
    // everything that reads the database is set up before the transaction (SQLite has one connection, which it holds)
    if (spooled) {
      try {
        await writeAll(await fromSpool(ctx, p, spooled, row.ok_rows));
      } catch (err) {
        if (!(err instanceof RowsChanged)) throw err;
        await writeAll(await fromSheet(ctx, p, row, mapping)); // the full check tells what changed, or imports after all
      }
    } else await writeAll(await fromSheet(ctx, p, row, mapping));
  } catch (err) {
    // rolled back, but FTS5 may still hold the import's `automerge = 0` in memory
    await resumeSearchMerges(ctx.db).catch(() => undefined);
    if (err instanceof RowsChanged) {
      // something changed since the dry run (an owner disabled, a list entry removed): nothing was written;
      // the import shows the new report, as after a dry run
      const res = await checkAll(ctx, p, row, mapping);
      await storeCheck(ctx, row, mapping, !!opts.skipDuplicates, res, row.version);
      throw hasErrors(res.report.errors, res.report.errors.length);
    }
    const failure = err instanceof AppError ? err.code : 'INTERNAL';
    await repo
      .updateImport(ctx.db, id, {
        status: 'failed',
        processed_rows: 0,
        finished_at: ctx.clock.now().toISOString(),
        options: JSON.stringify({ ...opts, failure, heartbeatAt: null }),
        version: row.version + 1,
      })
      .catch(() => undefined);
    throw err;
  } finally {
    runningOf(ctx).delete(id);
    await dropSpool(ctx, opts.checked?.key);
  }
  return stateOf(ctx, (await repo.getImport(ctx.db, id))!);
}

const exists = (ctx: AppContext, key: string) =>
  fs.promises.access(ctx.files.pathOf(key)).then(
    () => true,
    () => false,
  );

/** The rows of the sheet, checked again one by one; a row gone bad since the dry run ends the commit. */
async function fromSheet(ctx: AppContext, p: Principal, row: repo.ImportRow, mapping: Record<string, string | null>): Promise<AsyncGenerator<GoodRow>> {
  const sheet = await readStored(ctx, row);
  const check = await rowChecker(ctx, p, sheet.headers, mapping);
  return (async function* () {
    for await (const r of sheet.rows) {
      const res = check(r);
      if ('problems' in res) throw new RowsChanged();
      yield res.good;
    }
  })();
}

/** The dry run's checked rows, with what may have changed since re-checked: owners, their teams, scope, list entries. */
async function fromSpool(ctx: AppContext, p: Principal, key: string, expected: number): Promise<AsyncGenerator<GoodRow>> {
  const units = new Map((await repo.activeUsers(ctx.db)).map((u) => [u.id, u.org_unit_id]));
  const activeCodes = new Set<string>();
  for (const type of ['grade', 'source']) for (const i of await ctx.dictionaries.items(type)) if (i.active) activeCodes.add(`${type}:${i.code}`);
  const active = (type: string, code: string | null | undefined) => !code || activeCodes.has(`${type}:${code}`);
  const file = ctx.files.pathOf(key);
  return (async function* () {
    // created here, when reading starts: readline drops the lines it reads before its iterator exists
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let count = 0;
    for await (const line of lines) {
      if (!line) continue;
      count++;
      const g = JSON.parse(line) as GoodRow;
      const ownerId = g.input.ownerId ?? p.userId;
      if (g.input.ownerId && !units.has(ownerId)) throw new RowsChanged();
      const teamId = g.input.teamId ?? (units.has(ownerId) ? units.get(ownerId)! : ownerId === p.userId ? p.orgUnitId : null);
      if (!inScope(p, 'customers', { owner_id: ownerId, team_id: teamId })) throw new RowsChanged();
      if (!active('grade', g.input.grade) || !active('source', g.input.source)) throw new RowsChanged();
      yield teamId === g.teamId ? g : { ...g, teamId };
    }
    // a cut file must not import part of the rows: check the sheet again instead (rolls back what was written)
    if (count !== expected) throw new RowsChanged();
  })();
}
