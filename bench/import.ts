// Import measurement: a CSV of new customers (as a user would export it from an old system) sent through the
// customer-import API — upload, dry run with the suggested mapping, commit — timed until the import is done.
import { fakeCustomer, rng, pick, type Rng } from '../packages/server/src/seed/fake';
import { regionName } from '../packages/server/src/platform/regions';
import type { Client } from './http';

export type ImportResult =
  | { status: 'ok'; rows: number; seconds: number; rowsPerSec: number; uploadSeconds: number; dryRunSeconds: number; commitSeconds: number; bytes: number }
  | { status: 'n/a' | 'error'; reason: string };

const BASE = '/api/v1/customer-imports';
const HEADERS = ['客户名称', '客户类型', '简称', '电话', '统一社会信用代码', '身份证号', '客户等级', '客户来源', '省', '市', '区县', '详细地址', '联系人', '联系人手机', '联系人职务', '备注'];

const csvCell = (s: string | null | undefined) => {
  const v = s ?? '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** `rows` new customers that do not collide with the generated ones (a marker in every name). */
export function importCsv(rows: number, seed = Date.now() & 0xffffffff): Buffer {
  const r: Rng = rng(seed);
  const marks = [...'甲乙丙丁戊己庚辛壬癸东南西北春夏秋冬金木水火土山川河海云峰林泉松竹梅兰菊荷'];
  const lines = [HEADERS.join(',')];
  for (let i = 0; i < rows; i++) {
    const type = r() < 0.7 ? 'enterprise' : 'individual';
    const { place, ...c } = fakeCustomer(r, type);
    const mark = pick(r, marks) + pick(r, marks) + pick(r, marks);
    const name = type === 'enterprise' ? c.name.replace(/(股份有限公司|有限责任公司|有限公司|经营部)$/, mark + '$1') : c.name;
    const contact = c.contacts?.[0];
    lines.push(
      [
        name,
        type === 'enterprise' ? '企业' : '个人',
        c.shortName,
        c.phone,
        type === 'enterprise' ? c.creditCode : null,
        type === 'individual' ? c.idNumber : null,
        c.grade,
        c.source,
        regionName(place.provinceCode),
        regionName(place.cityCode),
        regionName(place.districtCode),
        c.addresses?.[0]?.street,
        contact?.name,
        contact?.mobile,
        contact?.title,
        `导入测试 ${i + 1}`,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n');
}

function multipart(filename: string, content: Buffer, mime: string) {
  const boundary = '----kehubench' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Runs one import of `rows` rows; "n/a" when the server has no import API. */
export async function runImport(client: Client, opts: { rows: number; log: (m: string) => void }): Promise<ImportResult> {
  const probe = await client.request('GET', `${BASE}/0`);
  if (probe.status === 404 && probe.body.toString().includes('ROUTE_NOT_FOUND')) {
    return { status: 'n/a', reason: `no import API (${BASE}) in this build` };
  }
  const csv = importCsv(opts.rows);
  const { body, contentType } = multipart('bench-import.csv', csv, 'text/csv');
  const t0 = performance.now();
  const up = await client.request('POST', BASE, body, { 'content-type': contentType });
  if (up.status !== 201 && up.status !== 200) return { status: 'error', reason: `upload → ${up.status} ${up.body.toString().slice(0, 300)}` };
  const uploaded = JSON.parse(up.body.toString()) as { id: number; mapping: Record<string, string | null>; version: number };
  const t1 = performance.now();
  const dry = await client.request('POST', `${BASE}/${uploaded.id}/dry-run`, { mapping: uploaded.mapping, skipDuplicates: false });
  if (dry.status !== 200) return { status: 'error', reason: `dry run → ${dry.status} ${dry.body.toString().slice(0, 300)}` };
  const dryRun = JSON.parse(dry.body.toString()) as { version: number; errorRows: number; okRows: number; status: string };
  if (dryRun.errorRows > 0) opts.log(`    import dry run: ${dryRun.errorRows} rows with errors`);
  const t2 = performance.now();
  const commit = await client.request('POST', `${BASE}/${uploaded.id}/commit`, { version: dryRun.version });
  if (commit.status !== 200 && commit.status !== 202) return { status: 'error', reason: `commit → ${commit.status} ${commit.body.toString().slice(0, 300)}` };
  let state = JSON.parse(commit.body.toString()) as { status: string; okRows: number; processedRows: number; failure: string | null };
  const until = Date.now() + 30 * 60_000;
  while (state.status !== 'done' && state.status !== 'failed' && Date.now() < until) {
    await new Promise((res) => setTimeout(res, 100));
    state = await client.json('GET', `${BASE}/${uploaded.id}`);
  }
  const t3 = performance.now();
  if (state.status !== 'done') return { status: 'error', reason: `import ended as ${state.status} ${state.failure ?? ''}` };
  const rows = state.processedRows || state.okRows;
  const seconds = (t3 - t0) / 1000;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    status: 'ok',
    rows,
    seconds: round(seconds),
    rowsPerSec: Math.round(rows / seconds),
    uploadSeconds: round((t1 - t0) / 1000),
    dryRunSeconds: round((t2 - t1) / 1000),
    commitSeconds: round((t3 - t2) / 1000),
    bytes: csv.length,
  };
}
