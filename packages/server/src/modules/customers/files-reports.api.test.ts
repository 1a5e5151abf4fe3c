import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { makeEnterprise, makeIndividual } from '../../test/factories';
import { LIFECYCLE_LABELS } from '@kehu/shared';
import { sql } from 'kysely';
import { MAX_READ_WORKERS, openReadWorker, tryReadWorker, type ReadWorker } from '../../db/read-worker';
import { iterateCustomers } from './repo';
import { toFilter } from './service';

function multipart(filename: string, content: Buffer, mime = 'application/octet-stream') {
  const boundary = '----kehu' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);

describe.each(testDatabases())('attachments, notes, purge and the address report on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('uploads, lists and downloads an attachment; refuses wrong types (415) and big files (413)', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeEnterprise())).json();
    const up = await h.admin.raw({ method: 'POST', url: `/api/v1/customers/${c.id}/attachments`, ...multipart('营业执照.png', PNG, 'image/png') });
    expect(up.statusCode, up.body).toBe(201);
    const list = (await h.admin.get(`/api/v1/customers/${c.id}/attachments`)).json().items;
    expect(list).toHaveLength(1);
    expect(list[0].filename).toBe('营业执照.png');
    const dl = await h.admin.get(`/api/v1/customers/${c.id}/attachments/${list[0].id}/download`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    const exe = await h.admin.raw({ method: 'POST', url: `/api/v1/customers/${c.id}/attachments`, ...multipart('tool.exe', Buffer.from('MZ....')) });
    expect(exe.statusCode).toBe(415);
    const fakePng = await h.admin.raw({ method: 'POST', url: `/api/v1/customers/${c.id}/attachments`, ...multipart('fake.png', Buffer.from('not an image')) });
    expect(fakePng.statusCode).toBe(415);
    const big = await h.admin.raw({
      method: 'POST',
      url: `/api/v1/customers/${c.id}/attachments`,
      ...multipart('big.png', Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)])),
    });
    expect(big.statusCode).toBe(413);
    expect((await h.admin.get(`/api/v1/customers/${c.id}/attachments`)).json().items).toHaveLength(1);
    // a user who cannot see the customer cannot download its files
    const other = await h.user('outsider', ['account_manager']);
    expect((await other.get(`/api/v1/customers/${c.id}/attachments/${list[0].id}/download`)).statusCode).toBe(404);
  });

  it('adds notes to the timeline', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeIndividual())).json();
    expect((await h.admin.post(`/api/v1/customers/${c.id}/notes`, { body: '客户要求周末上门' })).statusCode).toBe(201);
    const tl = (await h.admin.get(`/api/v1/customers/${c.id}/timeline`)).json().items;
    expect(tl[0]).toMatchObject({ type: 'note', body: '客户要求周末上门', actorName: '系统管理员' });
  });

  it('adds, edits and archives contacts and addresses with versions', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeEnterprise())).json();
    const added = await h.admin.post(`/api/v1/customers/${c.id}/contacts`, { name: '王五', mobile: '13700001234', buyingRole: 'buyer' });
    expect(added.statusCode, added.body).toBe(201);
    const edited = await h.admin.patch(`/api/v1/customers/${c.id}/contacts/${added.json().id}`, { title: '总经理', version: 1 });
    expect(edited.json()).toMatchObject({ title: '总经理', version: 2 });
    expect((await h.admin.patch(`/api/v1/customers/${c.id}/contacts/${added.json().id}`, { title: 'x', version: 1 })).statusCode).toBe(409);
    const found = (await h.admin.get('/api/v1/customers?q=wangwu')).json().items;
    expect(found.map((i: { id: number }) => i.id)).toContain(c.id);
    const addr = await h.admin.post(`/api/v1/customers/${c.id}/addresses`, { type: 'delivery', provinceCode: '440000', cityCode: '440300', districtCode: '440305', street: '科技园南区 1 栋', isDefault: true });
    expect(addr.statusCode, addr.body).toBe(201);
    const detail = (await h.admin.get(`/api/v1/customers/${c.id}`)).json();
    expect(detail.provinceCode).toBe('440000');
    expect(detail.addresses.filter((a: { isDefault: boolean }) => a.isDefault)).toHaveLength(1);
    const bad = await h.admin.post(`/api/v1/customers/${c.id}/addresses`, { type: 'delivery', provinceCode: '440000', cityCode: '330100' });
    expect(bad.statusCode).toBe(400);
    expect((await h.admin.post(`/api/v1/customers/${c.id}/addresses/${addr.json().id}/archive`, { version: 1 })).statusCode).toBe(204);
    const after = (await h.admin.get(`/api/v1/customers/${c.id}`)).json();
    expect(after.provinceCode).toBe('330000');
  });

  it('counts customers by province → city → district (客户地址分类表) and exports it', async () => {
    await h.admin.post('/api/v1/customers', makeIndividual({ addresses: [{ type: 'home', provinceCode: '330000', cityCode: '330200', districtCode: '330203' }] }));
    const prov = (await h.admin.get('/api/v1/reports/customer-addresses')).json();
    const zj = prov.items.find((r: { code: string }) => r.code === '330000');
    expect(zj.name).toBe('浙江省');
    expect(zj.customers).toBeGreaterThanOrEqual(2);
    const cities = (await h.admin.get('/api/v1/reports/customer-addresses?provinceCode=330000')).json();
    expect(cities.level).toBe('city');
    expect(cities.items.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['杭州市', '宁波市']));
    const districts = (await h.admin.get('/api/v1/reports/customer-addresses?provinceCode=330000&cityCode=330200')).json();
    expect(districts.items[0]).toMatchObject({ code: '330203', name: '海曙区', customers: 1 });
    const xlsx = await h.admin.get('/api/v1/reports/customer-addresses.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const ExcelJS = (await import('exceljs')).default;
    const sheet = async (payload: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(payload as never);
      return wb.worksheets[0];
    };
    const zh = await sheet(xlsx.rawPayload);
    expect(zh.name).toBe('客户地址分类表');
    expect(zh.getRow(2).getCell(2).value).toBe('地区');
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('客户地址分类表'));
    // in English on request: headers and totals; the regions keep their official names
    const en = await h.admin.get('/api/v1/reports/customer-addresses.xlsx?provinceCode=330000&lang=en-US');
    expect(en.statusCode).toBe(200);
    const ws = await sheet(en.rawPayload);
    expect(ws.name).toBe('Customers by region');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['Region code', 'Region', 'Customers', 'Enterprises', 'Individuals / households', 'Share']);
    const names: unknown[] = [];
    ws.eachRow((row) => names.push(row.getCell(2).value));
    expect(names).toEqual(expect.arrayContaining(['杭州市', 'Total']));
    expect(en.headers['content-disposition']).toContain('customers-by-region.xlsx');
    expect((await h.admin.get('/api/v1/reports/customer-addresses.xlsx?lang=de')).statusCode).toBe(400);
  });

  it('reads an export in batches, the next one while the current is written (SQLite: in a read worker)', async () => {
    for (let i = 0; i < 5; i++) await h.admin.post('/api/v1/customers', { ...makeIndividual({ name: `批次${'甲乙丙丁戊'[i]}` }), confirmDuplicate: true });
    const expected = (await h.kehu.ctx.db.selectFrom('customers').select('id').where('archived_at', 'is', null).orderBy('id').execute()).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(5);
    const ids = async (reader?: ReadWorker) => {
      const out: number[][] = [];
      for await (const rows of iterateCustomers(h.kehu.ctx.db, toFilter({}), { kind: 'all' }, { batch: 2, reader })) out.push(rows.map((r) => r.id));
      return out;
    };
    const plain = await ids();
    expect(plain.flat()).toEqual(expected);
    expect(plain.every((b) => b.length <= 2)).toBe(true);
    const file = h.kehu.ctx.database.sqliteFile;
    if (kind === 'sqlite') {
      const reader = openReadWorker(file!);
      try {
        expect(await ids(reader)).toEqual(plain);
        // a bad statement is an error of the caller's read, not of the worker
        await expect(reader.all(sql`select * from no_such_table`.compile(h.kehu.ctx.db))).rejects.toThrow(/no_such_table/);
        expect(await ids(reader)).toEqual(plain);
        // at most MAX_READ_WORKERS at once: beyond them an export reads on the server's own connection
        const more = Array.from({ length: MAX_READ_WORKERS - 1 }, () => tryReadWorker(file!));
        expect(more.every(Boolean)).toBe(true);
        expect(tryReadWorker(file!)).toBeUndefined();
        await more[0]!.close();
        const again = tryReadWorker(file!);
        expect(again).toBeDefined();
        await Promise.all([again!.close(), ...more.slice(1).map((w) => w!.close())]);
      } finally {
        await reader.close();
      }
    } else expect(file).toBeUndefined();
  });

  it('exports the filtered list as XLSX only with customers:export, and audits it', async () => {
    const res = await h.admin.get('/api/v1/customers/export.xlsx?type=individual');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('客户编号');
    expect(ws.rowCount).toBeGreaterThan(1);
    // types and lifecycle states by name, not by code
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const cell = (name: string) => ws.getRow(2).getCell(header.indexOf(name) + 1).value;
    expect(cell('客户类型')).toBe('个人/家庭');
    expect(Object.values(LIFECYCLE_LABELS['zh-CN'])).toContain(cell('生命周期'));
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('客户清单-'));
    // in English when asked (the web app passes its language), else by Accept-Language
    for (const en of [await h.admin.get('/api/v1/customers/export.xlsx?type=individual&lang=en-US'), await h.admin.get('/api/v1/customers/export.xlsx?type=individual', { 'accept-language': 'en-US,en;q=0.9' })]) {
      expect(en.statusCode).toBe(200);
      const wbEn = new ExcelJS.Workbook();
      await wbEn.xlsx.load(en.rawPayload as never);
      const wsEn = wbEn.worksheets[0];
      expect(wsEn.name).toBe('Customers');
      const headerEn = (wsEn.getRow(1).values as unknown[]).slice(1);
      expect(headerEn.slice(0, 3)).toEqual(['Code', 'Type', 'Name']);
      expect(wsEn.getRow(2).getCell(2).value).toBe('Individual / household');
      expect(Object.values(LIFECYCLE_LABELS['en-US'])).toContain(wsEn.getRow(2).getCell(headerEn.indexOf('Lifecycle state') + 1).value);
      expect(en.headers['content-disposition']).toContain('customers-');
    }
    expect((await h.admin.get('/api/v1/customers/export.xlsx?lang=fr')).statusCode).toBe(400);
    const agent = await h.user('agent-x', ['service_agent']);
    expect((await agent.get('/api/v1/customers/export.xlsx')).statusCode).toBe(403);
    const audited = await h.kehu.ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'export').where('entity', '=', 'customer').execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('purges personal data on a deletion request: admin only, audited, history redacted', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeIndividual({ name: '赵敏', phone: '13611112222' }))).json();
    const mgr = await h.user('mgr-purge', ['supervisor']);
    expect((await mgr.post(`/api/v1/customers/${c.id}/purge`, { reason: '客户申请删除' })).statusCode).toBe(403);
    const res = await h.admin.post(`/api/v1/customers/${c.id}/purge`, { reason: '客户依据个人信息保护法申请删除' });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await h.admin.get(`/api/v1/customers/${c.id}?reveal=true`)).json();
    expect(after.name).toBe('已删除');
    expect(after.phone).toBeNull();
    expect(after.contacts).toHaveLength(0);
    expect((await h.admin.get('/api/v1/customers?q=13611112222')).json().items).toHaveLength(0);
    const rows = await h.kehu.ctx.db.selectFrom('audit_log').selectAll().where('entity', '=', 'customer').where('entity_id', '=', String(c.id)).execute();
    expect(rows.some((r) => r.action === 'purge')).toBe(true);
    expect(rows.every((r) => !String(r.after ?? '').includes('13611112222'))).toBe(true);
    // the audit log itself cannot be deleted
    await expect(h.kehu.ctx.db.deleteFrom('audit_log').execute()).rejects.toThrow();
  });

  it('lets an admin edit dictionaries, and validates against them', async () => {
    const created = await h.admin.post('/api/v1/dictionaries', { type: 'source', code: 'wechat', labelZh: '微信', labelEn: 'WeChat' });
    expect(created.statusCode).toBe(201);
    expect((await h.admin.post('/api/v1/customers', makeIndividual({ source: 'wechat' }))).statusCode).toBe(201);
    const items = (await h.admin.get('/api/v1/dictionaries?type=source')).json().source;
    const wechat = items.find((i: { code: string }) => i.code === 'wechat');
    expect((await h.admin.patch(`/api/v1/dictionaries/${wechat.id}`, { active: false, version: wechat.version })).statusCode).toBe(200);
    expect((await h.admin.post('/api/v1/customers', makeIndividual({ source: 'wechat' }))).statusCode).toBe(400);
    expect((await h.admin.patch(`/api/v1/dictionaries/${wechat.id}`, { active: true, version: wechat.version })).statusCode).toBe(409);
    expect((await h.admin.patch('/api/v1/dictionaries/999999', { active: true, version: 1 })).statusCode).toBe(404);
    const agent = await h.user('agent-dict', ['service_agent']);
    expect((await agent.post('/api/v1/dictionaries', { type: 'source', code: 'x', labelZh: 'x', labelEn: 'x' })).statusCode).toBe(403);
  });
});
