import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { makeCreditCode, makeEnterprise, makeMobile } from '../../test/factories';
import { sql } from 'kysely';
import { maintainSearchIndex } from '../../db/search';
import { localDateKey } from '../../platform/clock';
import { formatCode } from '../../platform/numbering';
import { CUSTOMER_PREFIX } from './service';
import { REPORT_LIMIT } from './import-service';

const BASE = '/api/v1/customer-imports';

function multipart(filename: string, content: Buffer, mime = 'application/octet-stream') {
  const boundary = '----kehu' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** UTF-8 with BOM, as Excel's "CSV UTF-8" saves it. */
const csv = (rows: string[][]) => Buffer.from('\ufeff' + rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n');

const upload = (c: Client, filename: string, buf: Buffer, headers: Record<string, string> = {}) => {
  const m = multipart(filename, buf);
  return c.raw({ method: 'POST', url: BASE, payload: m.payload, headers: { ...m.headers, ...headers } });
};

/** A batch of unique valid enterprise rows: 客户名称, 电话, 统一社会信用代码, 联系人, 联系人手机, 省, 市, 区县, 详细地址, 客户等级 */
function companyRows(tag: string, n: number, seed: number): string[][] {
  return Array.from({ length: n }, (_, i) => [
    `${tag}机电设备有限公司${i + 1}`,
    `0571-8${String(seed * 1000 + i).padStart(7, '0')}`,
    makeCreditCode(seed * 10000 + i),
    '王工',
    makeMobile(seed * 10000 + i),
    '浙江省',
    '杭州市',
    '西湖区',
    `文三路 ${i + 1} 号`,
    'B',
  ]);
}
const COMPANY_HEADERS = ['客户名称', '电话', '统一社会信用代码', '联系人', '联系人手机', '省', '市', '区县', '详细地址', '客户等级'];

async function customerCount(h: Harness) {
  const r = await h.kehu.ctx.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(testDatabases())('customer import on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('maps Chinese headers automatically, reports every bad row with its reason, and refuses to commit a file with bad rows', async () => {
    const file = await xlsx([
      ['客户名称', '客户类型', '联系电话', '统一社会信用代码', '联系人', '联系人手机', '省份', '城市', '区县', '详细地址', '客户等级', '客户来源', '内部编号'],
      ['宁波甬江制冷设备有限公司', '企业', '0574-87654321', makeCreditCode(9101), '陈经理', makeMobile(9101), '浙江', '宁波', '海曙区', '中山西路 1 号', 'A 级', '展会', 'X-1'],
      ['错误电话有限公司', '企业', '12345', '', '', '', '', '', '', '', '', '', 'X-2'],
      ['温州瓯江电器有限公司', '企业', '0577-88889999', '91330300ABCDEFGHIJ', '', '', '', '', '', '', '', '', 'X-3'],
      ['', '企业', '0571-88776655', '', '', '', '', '', '', '', 'Z 级', '', 'X-4'],
      ['北京京华商贸有限公司', '企业', '010-66667777', '', '', '', '北京市', '', '朝阳区', '建国路 88 号', '', '', 'X-5'],
    ]);
    const before = await customerCount(h);
    const up = await upload(h.admin, '客户资料.xlsx', file);
    expect(up.statusCode, up.body).toBe(201);
    const imp = up.json();
    expect(imp).toMatchObject({ status: 'uploaded', totalRows: 5, filename: '客户资料.xlsx' });
    expect(imp.mapping).toMatchObject({
      客户名称: 'name',
      客户类型: 'type',
      联系电话: 'phone',
      统一社会信用代码: 'creditCode',
      联系人: 'contactName',
      联系人手机: 'contactMobile',
      省份: 'province',
      城市: 'city',
      区县: 'district',
      详细地址: 'street',
      客户等级: 'grade',
      客户来源: 'source',
      内部编号: null,
    });
    expect(imp.sample[0][0]).toBe('宁波甬江制冷设备有限公司');
    expect(imp.fields.map((f: { key: string }) => f.key)).toContain('owner');

    const dry = await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping });
    expect(dry.statusCode, dry.body).toBe(200);
    const d = dry.json();
    expect(d).toMatchObject({ status: 'validated', okRows: 2, errorRows: 3 });
    const byRow = new Map(d.report.errors.map((e: { row: number }) => [e.row, e]));
    expect([...byRow.keys()]).toEqual([3, 4, 5]);
    expect(byRow.get(3)).toMatchObject({ problems: [{ field: 'phone', column: '联系电话', code: 'invalid_phone', message: { 'zh-CN': '电话号码无效', 'en-US': 'Invalid phone number' } }] });
    expect(byRow.get(4)).toMatchObject({ problems: [{ field: 'creditCode', code: 'invalid_credit_code' }] });
    const row5 = byRow.get(5) as { problems: { field: string; code: string }[] };
    expect(row5.problems.map((p) => [p.field, p.code])).toEqual(
      expect.arrayContaining([
        ['name', 'required'],
        ['grade', 'unknown_dictionary_value'],
      ]),
    );

    // the error report: every row of the file, with 错误原因 filled for the bad ones
    const rep = await h.admin.get(`${BASE}/${imp.id}/errors.xlsx`);
    expect(rep.statusCode).toBe(200);
    expect(rep.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(rep.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(14).value).toBe('错误原因');
    expect(ws.getRow(2).getCell(14).value ?? null).toBeNull();
    expect(String(ws.getRow(3).getCell(1).value)).toBe('错误电话有限公司');
    expect(String(ws.getRow(3).getCell(14).value)).toBe('联系电话：电话号码无效');
    expect(String(ws.getRow(5).getCell(14).value)).toContain('客户等级：不是字典中的有效选项');
    const repEn = await h.admin.get(`${BASE}/${imp.id}/errors.xlsx?lang=en-US`);
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(repEn.rawPayload as never);
    expect(String(wbEn.worksheets[0].getRow(3).getCell(14).value)).toBe('联系电话: Invalid phone number');

    // all or none: nothing is written while any row is bad
    const commit = await h.admin.post(`${BASE}/${imp.id}/commit`);
    expect(commit.statusCode).toBe(400);
    expect(commit.headers['content-type']).toContain('application/problem+json');
    expect(commit.json()).toMatchObject({ code: 'IMPORT_HAS_ERRORS', title: '导入数据有错误行，未导入任何数据', errorRows: 3 });
    expect(commit.json().errors[0]).toMatchObject({ path: 'rows.3.phone', message: '电话号码无效' });
    expect(await customerCount(h)).toBe(before);
    expect((await h.admin.get(`${BASE}/${imp.id}`)).json()).toMatchObject({ status: 'validated', processedRows: 0 });

    // the municipality row: 北京市 / (empty city) / 朝阳区 is understood
    expect(byRow.has(6)).toBe(false);
  });

  it('takes an adjusted mapping, commits every row with unique codes, searchable, owned and audited', async () => {
    const rows = companyRows('衢州', 3, 31);
    const mobile3 = rows[2][4];
    rows[2][4] = `+86 ${mobile3.slice(0, 3)} ${mobile3.slice(3, 7)} ${mobile3.slice(7)}`; // as people write it
    const file = csv([['公司全称', '电话', '统一社会信用代码', '联系人', '联系人手机', '省', '市', '区县', '详细地址', '客户等级', '流水号'], ...rows.map((r) => [...r, 'n'])]);
    const up = await upload(h.admin, 'crm-export.csv', file);
    expect(up.statusCode, up.body).toBe(201);
    const imp = up.json();
    expect(imp.mapping['公司全称']).toBeNull();
    expect(imp.mapping['电话']).toBe('phone');

    // no column for the name: a localised 400 in both languages
    const noName = await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors[0]).toMatchObject({ path: 'mapping', message: '必须有一列对应到“客户名称”' });
    const badField = await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: { ...imp.mapping, 公司全称: 'name', 流水号: 'salary' } }, { 'accept-language': 'en-US' });
    expect(badField.statusCode).toBe(400);
    expect(badField.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'mapping.流水号', message: 'A column is mapped to an unknown field' }] });
    const twice = await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: { ...imp.mapping, 公司全称: 'name', 流水号: 'name' } });
    expect(twice.json().errors[0]).toMatchObject({ path: 'mapping.流水号', message: '多个列对应到了同一字段' });
    const malformed = await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: 'all' });
    expect(malformed.statusCode).toBe(400);
    // committing before a dry run is out of order
    expect((await h.admin.post(`${BASE}/${imp.id}/commit`)).json()).toMatchObject({ code: 'IMPORT_STATE' });

    const dry = await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: { ...imp.mapping, 公司全称: 'name' } });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ okRows: 3, errorRows: 0, commitRows: 3, report: { errors: [] } });

    const res = await h.admin.post(`${BASE}/${imp.id}/commit`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', processedRows: 3, commitRows: 3 });
    expect((await h.admin.post(`${BASE}/${imp.id}/commit`)).statusCode).toBe(409);
    // the tokens were not merged into the index (GIN pending list, FTS5 segments; searchable below) and their merge
    // is queued at once; SQLite's automerge is back on
    const merges = await h.kehu.ctx.db.selectFrom('jobs').select(['status']).where('name', '=', 'search-index').where('unique_key', 'like', `search-index@import-${imp.id}-%`).execute();
    expect(merges.map((j) => j.status)).toEqual(['pending']);
    if (kind === 'sqlite') {
      const { rows: cfg } = await sql<{ k: string; v: number }>`select k, v from customer_search_config where k in ('automerge', 'crisismerge') order by k`.execute(h.kehu.ctx.db);
      expect(cfg.map((r) => [r.k, Number(r.v)])).toEqual([['automerge', 4], ['crisismerge', 16]]);
    }
    expect((await h.admin.get('/api/v1/customers?q=qzjd')).json().items.length).toBe(3);
    await maintainSearchIndex(h.kehu.ctx.db);

    const found = (await h.admin.get('/api/v1/customers?q=衢州机电&pageSize=50')).json().items;
    expect(found).toHaveLength(3);
    expect(new Set(found.map((c: { code: string }) => c.code)).size).toBe(3);
    expect(found.every((c: { code: string }) => /^KH\d{8}-\d{4}$/.test(c.code))).toBe(true);
    expect(found.every((c: { ownerId: number }) => c.ownerId === h.admin.userId)).toBe(true);
    // pinyin initials and the contact's mobile find them too
    expect((await h.admin.get('/api/v1/customers?q=qzjd')).json().items.length).toBe(3);
    expect((await h.admin.get(`/api/v1/customers?q=${rows[1][4]}`)).json().items.map((c: { name: string }) => c.name)).toEqual([rows[1][0]]);
    // and so do the customer's number (given only at the commit), its phone and its credit code
    for (const c of found) {
      const row = rows.find((r) => r[0] === c.name)!;
      for (const q of [c.code.slice(3), row[1].slice(5), row[2].slice(4, 12)]) {
        expect((await h.admin.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).json().items.map((x: { id: number }) => x.id), q).toContain(c.id);
      }
    }
    const detail = (await h.admin.get(`/api/v1/customers/${found[0].id}`)).json();
    expect(detail.contacts[0]).toMatchObject({ name: '王工', isPrimary: true });
    // numbers are stored as a create stores them (the commit takes them from the check, already in that form)
    const stored = await h.kehu.ctx.db
      .selectFrom('customers')
      .innerJoin('contacts', 'contacts.customer_id', 'customers.id')
      .select(['customers.name', 'customers.phone', 'contacts.mobile'])
      .where('customers.id', 'in', found.map((c: { id: number }) => c.id))
      .orderBy('customers.name')
      .execute();
    expect(stored.map((r) => [r.name, r.phone, r.mobile])).toEqual(rows.map((r, i) => [r[0], r[1].replace('-', ''), i === 2 ? mobile3 : r[4]]));
    expect(detail.addresses[0]).toMatchObject({ provinceCode: '330000', cityCode: '330100', districtCode: '330106', isDefault: true });
    expect(detail.grade).toBe('B');
    const tl = (await h.admin.get(`/api/v1/customers/${found[0].id}/timeline`)).json().items;
    expect(tl[0]).toMatchObject({ type: 'imported' });
    const audits = await h.kehu.ctx.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('entity', 'in', ['customer', 'customer_import']).execute();
    expect(audits.filter((a) => a.entity === 'customer_import' && a.entity_id === String(imp.id)).map((a) => a.action).sort()).toEqual(['import', 'upload']);
    for (const c of found) expect(audits.some((a) => a.entity === 'customer' && a.action === 'create' && a.entity_id === String(c.id))).toBe(true);
  });

  it('owns imported customers per the owner column within the importer’s data scope', async () => {
    const team = await h.unit('华东一组', 'team');
    const am = await h.user('am-import', ['account_manager'], team);
    await h.user('am-colleague', ['account_manager'], team);
    const file = csv([
      ['客户名称', '客户类型', '手机', '负责人'],
      ['刘备', '个人', makeMobile(7701), ''],
      ['关羽', '个人', makeMobile(7702), 'am-colleague'],
      ['张飞', '个人', makeMobile(7703), '不存在的人'],
    ]);
    const imp = (await upload(am, 'owners.csv', file)).json();
    const dry = (await am.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json();
    expect(dry.report.errors).toEqual([
      expect.objectContaining({ row: 3, problems: [expect.objectContaining({ field: 'owner', code: 'owner_out_of_scope', column: '负责人' })] }),
      expect.objectContaining({ row: 4, problems: [expect.objectContaining({ field: 'owner', code: 'unknown_user' })] }),
    ]);
    // the admin sees every customer, so may hand one to anybody
    const imp2 = (await upload(h.admin, 'owners.csv', file)).json();
    await h.admin.post(`${BASE}/${imp2.id}/dry-run`, { mapping: { ...imp2.mapping, 负责人: null } });
    const fixed = csv([
      ['客户名称', '客户类型', '手机', '负责人'],
      ['刘备', '个人', makeMobile(7701), ''],
      ['关羽', '个人', makeMobile(7702), 'am-import'],
    ]);
    const imp3 = (await upload(am, 'owners-fixed.csv', fixed)).json();
    expect((await am.post(`${BASE}/${imp3.id}/dry-run`, { mapping: imp3.mapping })).json()).toMatchObject({ errorRows: 0 });
    expect((await am.post(`${BASE}/${imp3.id}/commit`)).statusCode).toBe(200);
    const mine = (await am.get('/api/v1/customers?type=individual')).json().items;
    expect(mine.map((c: { name: string }) => c.name).sort()).toEqual(['关羽', '刘备']);
    expect(mine.every((c: { ownerId: number; teamId: number }) => c.ownerId === am.userId && c.teamId === team)).toBe(true);
    // another user's import is not visible to an account manager
    expect((await am.get(`${BASE}/${imp2.id}`)).statusCode).toBe(404);
  });

  it('warns about look-alikes of existing customers with links, and can skip them', async () => {
    const existing = (await h.admin.post('/api/v1/customers', makeEnterprise({ name: '嘉兴南湖环保设备有限公司' }))).json();
    const rows = companyRows('丽水', 2, 52);
    const file = csv([
      COMPANY_HEADERS,
      ['嘉兴南湖环保设备有限公司', '0573-82223333', '', '', '', '', '', '', '', ''],
      ...rows,
      [rows[0][0], '', '', '', '', '', '', '', '', ''],
    ]);
    const imp = (await upload(h.admin, 'dups.csv', file)).json();
    const d = (await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json();
    expect(d).toMatchObject({ errorRows: 0, okRows: 4, warningRows: 2, commitRows: 4 });
    expect(d.report.warnings[0]).toMatchObject({ row: 2, earlierRow: null, matches: [{ id: existing.id, code: existing.code, reasons: ['name'] }] });
    expect(d.report.warnings[1]).toMatchObject({ row: 5, earlierRow: 3, matches: [] });
    const skip = (await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping, skipDuplicates: true })).json();
    expect(skip).toMatchObject({ commitRows: 3, skipDuplicates: true });
    const before = await customerCount(h);
    expect((await h.admin.post(`${BASE}/${imp.id}/commit`)).json()).toMatchObject({ status: 'done', processedRows: 3 });
    expect(await customerCount(h)).toBe(before + 3);

    // a repeat of an earlier row's credit code (under another name) is a warning too
    const [first] = companyRows('台州', 1, 53);
    const again = csv([COMPANY_HEADERS, first, ['台州另一家公司', ...first.slice(1)]]);
    const imp2 = (await upload(h.admin, 'again.csv', again)).json();
    const d2 = (await h.admin.post(`${BASE}/${imp2.id}/dry-run`, { mapping: imp2.mapping })).json();
    expect(d2).toMatchObject({ errorRows: 0, warningRows: 1 });
    expect(d2.report.warnings).toEqual([{ row: 3, name: '台州另一家公司', earlierRow: 2, matches: [] }]);
  });

  it('lists at most five look-alikes of a common name, the oldest first', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await h.admin.post('/api/v1/customers', { ...makeEnterprise({ name: '温州瓯江阀门有限公司' }), confirmDuplicate: true });
      expect(c.statusCode).toBe(201);
      ids.push(c.json().id);
    }
    const imp = (await upload(h.admin, 'common.csv', csv([COMPANY_HEADERS, ['温州瓯江阀门有限公司', '', '', '', '', '', '', '', '', '']]))).json();
    const d = (await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json();
    expect(d).toMatchObject({ okRows: 1, warningRows: 1 });
    expect(d.report.warnings[0].matches.map((m: { id: number }) => m.id)).toEqual(ids.slice(0, 5));
  });

  it('reads the lifecycle state by its Chinese or English name or its code, and reports an unknown one', async () => {
    const file = csv([['客户名称', '生命周期'], ['台州椒江阀门有限公司', '正式客户'], ['台州黄岩模具有限公司', 'Dormant'], ['台州路桥机电有限公司', 'at_risk'], ['台州温岭泵业有限公司', '半死不活']]);
    const imp = (await upload(h.admin, 'states.csv', file)).json();
    const dry = (await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json();
    expect(dry.report.errors).toEqual([expect.objectContaining({ row: 5, problems: [expect.objectContaining({ field: 'lifecycleState', code: 'unknown_dictionary_value' })] })]);
    const fixed = (await upload(h.admin, 'states.csv', csv([['客户名称', '生命周期'], ['台州椒江阀门有限公司', '正式客户'], ['台州黄岩模具有限公司', 'Dormant'], ['台州路桥机电有限公司', 'at_risk']]))).json();
    await h.admin.post(`${BASE}/${fixed.id}/dry-run`, { mapping: fixed.mapping });
    expect((await h.admin.post(`${BASE}/${fixed.id}/commit`)).json()).toMatchObject({ status: 'done', processedRows: 3 });
    const rows = await h.kehu.ctx.db.selectFrom('customers').select(['name', 'lifecycle_state']).where('name', 'like', '台州%').orderBy('name').execute();
    expect(Object.fromEntries(rows.map((r) => [r.name, r.lifecycle_state]))).toEqual({
      台州椒江阀门有限公司: 'active',
      台州黄岩模具有限公司: 'dormant',
      台州路桥机电有限公司: 'at_risk',
    });
  });

  it('counts every warned row but stores only the warnings the report shows', async () => {
    const n = REPORT_LIMIT + 50;
    const imp = (await upload(h.admin, 'repeats.csv', csv([['客户名称'], ...Array.from({ length: n }, () => ['义乌稠州小商品批发有限公司'])]))).json();
    const dry = (await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json();
    // every row after the first repeats it
    expect(dry).toMatchObject({ okRows: n, errorRows: 0, warningRows: n - 1 });
    expect(dry.report.warnings).toHaveLength(REPORT_LIMIT);
    expect(dry.report.warnings[0]).toMatchObject({ row: 3, earlierRow: 2 });
    const stored = await h.kehu.ctx.db.selectFrom('imports').select('errors').where('id', '=', imp.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.errors!).warnings).toHaveLength(REPORT_LIMIT);
    expect((await h.admin.get(`${BASE}/${imp.id}`)).json()).toMatchObject({ warningRows: n - 1 });
  });

  it('checks again at commit: a change since the dry run writes nothing', async () => {
    const owner = await h.user('owner-leaves', ['account_manager']);
    const file = csv([['客户名称', '电话', '负责人'], ['湖州太湖物流有限公司', '0572-2123456', 'owner-leaves'], ['湖州南浔木业有限公司', '0572-2654321', '']]);
    const imp = (await upload(h.admin, 'later.csv', file)).json();
    expect((await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json()).toMatchObject({ errorRows: 0 });
    await h.kehu.ctx.db.updateTable('users').set({ disabled: 1 }).where('id', '=', owner.userId).execute();
    const before = await customerCount(h);
    const res = await h.admin.post(`${BASE}/${imp.id}/commit`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'IMPORT_HAS_ERRORS', errorRows: 1 });
    expect(await customerCount(h)).toBe(before);
    expect((await h.admin.get(`${BASE}/${imp.id}`)).json()).toMatchObject({ status: 'validated', errorRows: 1 });
    expect((await h.admin.get(`${BASE}/${imp.id}/report`)).json().errors[0]).toMatchObject({ row: 2, problems: [{ field: 'owner', code: 'unknown_user' }] });
  });

  it('commits from the sheet when the dry run’s checked rows are cut, and removes them afterwards', async () => {
    const imp = (await upload(h.admin, 'cut.csv', csv([COMPANY_HEADERS, ...companyRows('舟山', 5, 71)]))).json();
    expect((await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json()).toMatchObject({ okRows: 5 });
    const row = await h.kehu.ctx.db.selectFrom('imports').select('options').where('id', '=', imp.id).executeTakeFirstOrThrow();
    const spool = h.kehu.ctx.files.pathOf(JSON.parse(row.options!).checked.key);
    fs.writeFileSync(spool, fs.readFileSync(spool, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const before = await customerCount(h);
    expect((await h.admin.post(`${BASE}/${imp.id}/commit`)).json()).toMatchObject({ status: 'done', processedRows: 5 });
    expect(await customerCount(h)).toBe(before + 5);
    expect(fs.existsSync(spool)).toBe(false);
  });

  it('streams progress of a larger commit as NDJSON', async () => {
    const n = 2500;
    const file = csv([COMPANY_HEADERS, ...companyRows('金华', n, 61)]);
    const imp = (await upload(h.admin, 'big.csv', file)).json();
    expect(imp.totalRows).toBe(n);
    expect((await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json()).toMatchObject({ errorRows: 0, okRows: n });
    const before = await customerCount(h);
    const res = await h.admin.post(`${BASE}/${imp.id}/commit`, {}, { accept: 'application/x-ndjson' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'state', state: { status: 'running' } });
    expect(lines.filter((l) => l.type === 'progress').map((l) => l.processed)).toEqual([0, 1000, 2000, 2500]);
    expect(lines.at(-1)).toMatchObject({ type: 'done', state: { status: 'done', processedRows: n } });
    expect(await customerCount(h)).toBe(before + n);
    const codes = await h.kehu.ctx.db.selectFrom('customers').select('code').execute();
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
  });

  it('writes nothing when a later slice fails, ends failed, and can be committed again', async () => {
    const n = 2500;
    const imp = (await upload(h.admin, 'late-failure.csv', csv([COMPANY_HEADERS, ...companyRows('海宁', n, 91)]))).json();
    expect((await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json()).toMatchObject({ okRows: n });
    // an existing customer holds the number the 1,500th imported customer will get: the second slice cannot be written
    const period = localDateKey(h.clock.now(), h.kehu.ctx.config.timezone);
    const holder = (await h.admin.post('/api/v1/customers', { ...makeEnterprise({ name: '海宁皮革城有限公司' }), confirmDuplicate: true })).json() as { id: number; code: string };
    const counter = await h.kehu.ctx.db.selectFrom('sequences').select('value').where('name', '=', CUSTOMER_PREFIX).where('period', '=', period).executeTakeFirst();
    const taken = formatCode(CUSTOMER_PREFIX, period, Number(counter?.value ?? 0) + 1500);
    await h.kehu.ctx.db.updateTable('customers').set({ code: taken }).where('id', '=', holder.id).execute();
    const before = await customerCount(h);
    const searchBefore = Number((await sql<{ n: number }>`select count(*) as n from customer_search`.execute(h.kehu.ctx.db)).rows[0].n);
    const res = await h.admin.post(`${BASE}/${imp.id}/commit`, {}, { accept: 'application/x-ndjson' });
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: 'error', problem: { status: 500 } });
    expect(await customerCount(h)).toBe(before);
    // nor any other row of the slices written or started (audit entries, search tokens)
    const audited = await h.kehu.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'create').where('after', 'like', `%"importId":${imp.id},%`).execute();
    expect(audited).toHaveLength(0);
    const searchRows = async () => Number((await sql<{ n: number }>`select count(*) as n from customer_search`.execute(h.kehu.ctx.db)).rows[0].n);
    expect(await searchRows()).toBe(searchBefore);
    expect((await h.admin.get(`${BASE}/${imp.id}`)).json()).toMatchObject({ status: 'failed', failure: 'INTERNAL' });
    // nothing of the commit runs on afterwards to overwrite that outcome
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await h.admin.get(`${BASE}/${imp.id}`)).json()).toMatchObject({ status: 'failed', processedRows: 0 });
    await h.kehu.ctx.db.updateTable('customers').set({ code: holder.code }).where('id', '=', holder.id).execute();
    expect((await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping })).json()).toMatchObject({ okRows: n });
    expect((await h.admin.post(`${BASE}/${imp.id}/commit`)).json()).toMatchObject({ status: 'done', processedRows: n });
    expect(await customerCount(h)).toBe(before + n);
  });

  it.runIf(kind === 'postgres')('shows the progress of a commit running on another instance', async () => {
    const n = 3000;
    const imp = (await upload(h.admin, 'two-instances.csv', csv([COMPANY_HEADERS, ...companyRows('嘉善', n, 81)]))).json();
    await h.admin.post(`${BASE}/${imp.id}/dry-run`, { mapping: imp.mapping });
    const config = loadConfig({}, { dataDir: h.db.dataDir, databaseUrl: h.db.url, logLevel: 'silent', jobsEnabled: false, webDist: '/nonexistent' });
    const other = await buildApp({ config, clock: h.clock, logger: false, migrate: false });
    try {
      const commit = h.admin.post(`${BASE}/${imp.id}/commit`);
      const seen: { status: string; processedRows: number }[] = [];
      for (;;) {
        const s = (await other.app.inject({ method: 'GET', url: `${BASE}/${imp.id}`, headers: { cookie: h.admin.cookie } })).json();
        seen.push({ status: s.status, processedRows: s.processedRows });
        if (s.status !== 'running' && s.status !== 'validated') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect((await commit).statusCode).toBe(200);
      expect(seen.at(-1)).toEqual({ status: 'done', processedRows: n });
      expect(seen.some((s) => s.status === 'running' && s.processedRows > 0 && s.processedRows < n)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('reads GBK CSV as Excel in China saves it', async () => {
    // 客户名称,电话 / 测试公司,0571-88880000 in GBK
    const gbk = Buffer.concat([Buffer.from('BFCDBBA7C3FBB3C62CB5E7BBB00D0A', 'hex'), Buffer.from('B2E2CAD4B9ABCBBE', 'hex'), Buffer.from(',0571-88880000\r\n')]);
    const up = await upload(h.admin, 'gbk.csv', gbk);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ headers: ['客户名称', '电话'], mapping: { 客户名称: 'name', 电话: 'phone' }, sample: [['测试公司', '0571-88880000']] });
  });

  it('needs customers:import; refuses wrong types (415), big files (413) and unreadable files (localised 400)', async () => {
    const file = csv([['客户名称'], ['某公司']]);
    const agent = await h.user('agent-import', ['service_agent']);
    expect((await upload(agent, 'a.csv', file)).statusCode).toBe(403);
    expect((await agent.get(`${BASE}/template.xlsx`)).statusCode).toBe(403);
    const tpl = await h.admin.get(`${BASE}/template.xlsx`);
    expect(tpl.statusCode).toBe(200);
    expect(tpl.rawPayload.subarray(0, 2).toString()).toBe('PK');

    expect((await upload(h.admin, 'tool.exe', Buffer.from('MZ....'))).statusCode).toBe(415);
    expect((await upload(h.admin, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).statusCode).toBe(415);
    expect((await upload(h.admin, 'fake.xlsx', Buffer.from('not a zip'))).statusCode).toBe(415);
    const notMultipart = await h.admin.raw({ method: 'POST', url: BASE, payload: 'a,b', headers: { 'content-type': 'text/csv' } });
    expect(notMultipart.statusCode).toBe(415);
    expect(notMultipart.json()).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });

    const big = await upload(h.admin, 'big.csv', Buffer.concat([Buffer.from('客户名称\n'), Buffer.alloc(2 * 1024 * 1024, 0x41)]));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'FILE_TOO_LARGE', title: '文件超过大小限制' });

    const broken = await upload(h.admin, 'broken.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]), { 'accept-language': 'en-US' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'IMPORT_BAD_FILE', title: 'The file cannot be read; upload XLSX or CSV' });
    const empty = await upload(h.admin, 'empty.csv', Buffer.from('客户名称,电话\r\n'));
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'IMPORT_EMPTY' });
    expect((await h.admin.get(`${BASE}/999999`)).statusCode).toBe(404);
  });
});
