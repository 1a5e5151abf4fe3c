import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { addMonths } from './local-date';

const BASE = '/api/v1/service';
const EN = { 'accept-language': 'en-US' };
const ZH = { 'accept-language': 'zh-CN' };

function multipart(filename: string, content: Buffer) {
  const boundary = '----kehu' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function xlsx(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('机器档案');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testDatabases())('service catalogue API on %s', (kind) => {
  let h: Harness;
  let manager: Client; // 售后服务主管: every service permission, all customers
  let agent: Client; // 客服专员: service:create, no service:catalogue
  let tech: Client; // 维修工程师: service:read only, customers of the own team
  let outsider: Client; // 客户经理: no service permission
  let teamId: number;
  let teamCustomer: { id: number; code: string };
  let otherCustomer: { id: number; code: string };

  beforeAll(async () => {
    // 2026-11-22 10:00 in Shanghai
    h = await createHarness(kind, { now: new Date('2026-11-22T02:00:00Z') });
    teamId = await h.unit('杭州服务站', 'team');
    manager = await h.user('svc_mgr', ['service_manager']);
    agent = await h.user('svc_agent', ['service_agent']);
    tech = await h.user('svc_tech', ['technician'], teamId);
    outsider = await h.user('am_li', ['account_manager']);
    const mk = async (name: string) => {
      const res = await h.admin.post('/api/v1/customers', { type: 'enterprise', name });
      expect(res.statusCode).toBe(201);
      return { id: res.json().id as number, code: res.json().code as string };
    };
    teamCustomer = await mk('杭州西湖机电有限公司');
    otherCustomer = await mk('宁波北仑港务有限公司');
    await h.kehu.ctx.db.updateTable('customers').set({ team_id: teamId }).where('id', '=', teamCustomer.id).execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.kehu.ctx.db;
  const unitRow = (id: number) => db().selectFrom('product_units').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const countUnits = async () => Number((await db().selectFrom('product_units').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const category = {
    code: 'AC',
    name: '家用空调',
    warrantyMonths: 12,
    returnDays: 7,
    exchangeDays: 15,
    noReasonReturnDays: 0,
    freeRepairsBeforeExchange: 2,
    maintenanceIntervalDays: 365,
    designLifeYears: 10,
  };
  let acId: number;
  let acVersion: number;
  let productId: number;
  let ownMonthsProductId: number;
  let unitId: number;
  let unitVersion: number;

  describe('categories', () => {
    it('creates a category with its 三包 rules and audits it', async () => {
      const res = await manager.post(`${BASE}/categories`, category);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ ...category, productCount: 0, archivedAt: null, version: 1 });
      acId = res.json().id;
      acVersion = res.json().version;
      const a = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'product_category').where('entity_id', '=', String(acId)).executeTakeFirstOrThrow();
      expect(a).toMatchObject({ action: 'create', username: 'svc_mgr' });
      expect(JSON.parse(a.after!)).toMatchObject({ code: 'AC', warrantyMonths: 12 });
    });

    it('refuses a duplicate code with a localised 409', async () => {
      const zh = await manager.post(`${BASE}/categories`, { ...category, name: '另一个' }, ZH);
      expect(zh.statusCode).toBe(409);
      expect(zh.json()).toMatchObject({ code: 'PRODUCT_CATEGORY_CODE_TAKEN', title: '产品类别编码已存在' });
      expect(zh.json().errors).toEqual([{ path: 'code', code: 'duplicate_code', message: '编码已存在' }]);
      const en = await manager.post(`${BASE}/categories`, { ...category, name: '另一个' }, EN);
      expect(en.json().title).toBe('This category code already exists');
    });

    it('validates the input with messages in the asked language', async () => {
      const bad = { ...category, code: 'bad code', returnDays: -1 };
      const zh = await manager.post(`${BASE}/categories`, bad, ZH);
      expect(zh.statusCode).toBe(400);
      const zhErr = Object.fromEntries(zh.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]));
      expect(zhErr.code).toBe('编码只能包含字母、数字和 . _ -');
      expect(zhErr.returnDays).toBeTruthy();
      const en = await manager.post(`${BASE}/categories`, bad, EN);
      const enErr = Object.fromEntries(en.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]));
      expect(enErr.code).toBe('A code has only letters, digits and . _ -');
      expect(enErr.returnDays).not.toBe(zhErr.returnDays);
      expect(await countOf('product_categories')).toBe(1);
    });

    it('lets only service:catalogue write; service:read reads', async () => {
      expect((await tech.post(`${BASE}/categories`, { ...category, code: 'TV' })).statusCode).toBe(403);
      expect((await agent.patch(`${BASE}/categories/${acId}`, { name: 'x', version: acVersion })).statusCode).toBe(403);
      expect((await agent.post(`${BASE}/categories/${acId}/archive`, { version: acVersion })).statusCode).toBe(403);
      expect((await outsider.get(`${BASE}/categories`)).statusCode).toBe(403);
      const list = await tech.get(`${BASE}/categories?q=空调`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect((await tech.get(`${BASE}/categories/${acId}`)).json().code).toBe('AC');
      expect((await tech.get(`${BASE}/categories/99999`)).statusCode).toBe(404);
      expect((await tech.get(`${BASE}/categories?sort=version`)).statusCode).toBe(400);
    });

    it('updates with a version and answers 409 to a stale one', async () => {
      const res = await manager.patch(`${BASE}/categories/${acId}`, { name: '家用空调器', version: acVersion });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: '家用空调器', version: acVersion + 1, unitsRecomputed: 0 });
      const stale = await manager.patch(`${BASE}/categories/${acId}`, { name: '旧', version: acVersion }, EN);
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', title: 'Someone else changed this record; reload and try again' });
      acVersion = res.json().version;
      expect((await tech.get(`${BASE}/categories/${acId}`)).json().name).toBe('家用空调器');
    });

    it('archives and restores an unused category', async () => {
      const c = (await manager.post(`${BASE}/categories`, { ...category, code: 'TMP', name: '临时' })).json();
      const arch = await manager.post(`${BASE}/categories/${c.id}/archive`, { version: c.version });
      expect(arch.statusCode).toBe(200);
      expect(arch.json().archivedAt).toBeTruthy();
      expect((await manager.get(`${BASE}/categories`)).json().items.map((x: { code: string }) => x.code)).toEqual(['AC']);
      expect((await manager.get(`${BASE}/categories?archived=true`)).json().items.map((x: { code: string }) => x.code)).toEqual(['TMP']);
      // an archived category takes no edits and no new products
      expect((await manager.patch(`${BASE}/categories/${c.id}`, { name: 'x', version: arch.json().version })).statusCode).toBe(409);
      const p = await manager.post(`${BASE}/products`, { model: 'TMP-1', name: 'x', categoryId: c.id });
      expect(p.statusCode).toBe(400);
      expect(p.json().errors[0]).toMatchObject({ path: 'categoryId', code: 'archived_category' });
      const back = await manager.post(`${BASE}/categories/${c.id}/restore`, { version: arch.json().version });
      expect(back.json().archivedAt).toBeNull();
    });
  });

  const countOf = async (table: 'product_categories' | 'products') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  describe('products', () => {
    it('creates products; the own warranty months override the category', async () => {
      const res = await manager.post(`${BASE}/products`, { model: 'KFR-35GW', name: '挂壁式空调 1.5 匹', categoryId: acId, listPriceFen: 329900, skill: 'hvac', maintenanceIntervalDays: 180 });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ model: 'KFR-35GW', categoryCode: 'AC', warrantyMonths: null, effectiveWarrantyMonths: 12, listPriceFen: 329900, skill: 'hvac' });
      productId = res.json().id;
      const own = await manager.post(`${BASE}/products`, { model: 'KFR-72LW', name: '柜式空调 3 匹', categoryId: acId, warrantyMonths: 36 });
      expect(own.json()).toMatchObject({ warrantyMonths: 36, effectiveWarrantyMonths: 36 });
      ownMonthsProductId = own.json().id;
      expect((await tech.get(`${BASE}/products?categoryId=${acId}&q=kfr`)).json().total).toBe(2);
      expect((await tech.get(`${BASE}/products?q=柜式`)).json().items[0].model).toBe('KFR-72LW');
      expect((await tech.get(`${BASE}/categories/${acId}`)).json().productCount).toBe(2);
    });

    it('refuses a duplicate model, an unknown category, and writes by non-catalogue roles', async () => {
      const dup = await manager.post(`${BASE}/products`, { model: 'KFR-35GW', name: 'x', categoryId: acId }, EN);
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'PRODUCT_MODEL_TAKEN', title: 'This product model already exists' });
      const unknown = await manager.post(`${BASE}/products`, { model: 'NEW-1', name: 'x', categoryId: 99999 }, ZH);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0]).toMatchObject({ path: 'categoryId', message: '产品类别不存在' });
      const negative = await manager.post(`${BASE}/products`, { model: 'NEW-1', name: 'x', categoryId: acId, listPriceFen: -1 });
      expect(negative.statusCode).toBe(400);
      expect((await agent.post(`${BASE}/products`, { model: 'NEW-1', name: 'x', categoryId: acId })).statusCode).toBe(403);
      expect(await countOf('products')).toBe(2);
    });

    it('refuses to archive a category that still has products', async () => {
      const res = await manager.post(`${BASE}/categories/${acId}/archive`, { version: acVersion }, ZH);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'PRODUCT_CATEGORY_IN_USE', productCount: 2 });
    });
  });

  describe('units (机器档案)', () => {
    const unit = () => ({
      serialNo: 'SN-2026-0001',
      productId,
      customerId: teamCustomer.id,
      purchaseDate: '2026-11-16',
      installDate: '2026-11-18',
      dealer: '杭州国美',
      invoiceNo: 'FP00012345',
      qualityCardNo: 'QC-778899',
      regionCode: '330106',
      address: '文三路 478 号华星时代广场',
    });

    it('registers a unit: warranty end from the purchase date, timeline event, audit', async () => {
      const res = await agent.post(`${BASE}/units`, unit());
      expect(res.statusCode).toBe(201);
      const u = res.json();
      expect(u).toMatchObject({
        serialNo: 'SN-2026-0001',
        productModel: 'KFR-35GW',
        customerName: '杭州西湖机电有限公司',
        warrantyEnd: '2027-11-16',
        region: '浙江省杭州市西湖区',
        today: '2026-11-22',
        rules: { warrantyMonths: 12, returnDays: 7, exchangeDays: 15, noReasonReturnDays: 0, freeRepairsBeforeExchange: 2 },
        returnUntil: '2026-11-23',
        exchangeUntil: '2026-12-01',
        noReasonReturnUntil: null,
        priorRepairs: 0,
        serviceOrders: [],
      });
      expect(u.warranty).toMatchObject({ inWarranty: true, daysSincePurchase: 6, returnAllowed: true, exchangeAllowed: true, repairFree: true, reason: 'warranty_return_window' });
      unitId = u.id;
      unitVersion = u.version;
      const ev = await db().selectFrom('customer_events').selectAll().where('customer_id', '=', teamCustomer.id).where('type', '=', 'unit_registered').executeTakeFirstOrThrow();
      expect(JSON.parse(ev.data!)).toEqual({ serial: 'SN-2026-0001', model: 'KFR-35GW' });
      expect(ev.ref_id).toBe(String(unitId));
      const a = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'product_unit').where('entity_id', '=', String(unitId)).executeTakeFirstOrThrow();
      expect(a).toMatchObject({ action: 'create', username: 'svc_agent' });
    });

    it('refuses a duplicate serial number (409) and bad fields (400) without writing', async () => {
      const before = await countUnits();
      const dup = await agent.post(`${BASE}/units`, unit(), EN);
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'PRODUCT_UNIT_SERIAL_TAKEN', title: 'This serial number is already registered' });
      const bad = await agent.post(
        `${BASE}/units`,
        { ...unit(), serialNo: 'SN-X', regionCode: '339999', purchaseDate: '2026-11-10', installDate: '2026-11-01', productId: 99999, customerId: 99999 },
        ZH,
      );
      expect(bad.statusCode).toBe(400);
      const errs = Object.fromEntries(bad.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]));
      expect(errs).toEqual({ regionCode: 'invalid_region', installDate: 'install_before_purchase', productId: 'unknown_product', customerId: 'unknown_customer' });
      expect(bad.json().errors.find((e: { path: string }) => e.path === 'installDate').message).toBe('安装日期不能早于购买日期');
      const future = await agent.post(`${BASE}/units`, { ...unit(), serialNo: 'SN-Y', purchaseDate: '2026-11-23', installDate: null }, EN);
      expect(future.json().errors).toEqual([{ path: 'purchaseDate', code: 'date_in_future', message: 'The date cannot be later than today' }]);
      const badDate = await agent.post(`${BASE}/units`, { ...unit(), serialNo: 'SN-Z', purchaseDate: '2026-02-30' });
      expect(badDate.json().errors[0]).toMatchObject({ path: 'purchaseDate', code: 'invalid_date' });
      expect(await countUnits()).toBe(before);
    });

    it('lets a technician read but not register, edit or archive', async () => {
      expect((await tech.post(`${BASE}/units`, { ...unit(), serialNo: 'SN-T' })).statusCode).toBe(403);
      expect((await tech.patch(`${BASE}/units/${unitId}`, { dealer: 'x', version: unitVersion })).statusCode).toBe(403);
      expect((await agent.post(`${BASE}/units/${unitId}/archive`, { version: unitVersion })).statusCode).toBe(403);
      const one = await tech.get(`${BASE}/units/${unitId}`);
      expect(one.statusCode).toBe(200);
      // the address is personal data: masked without pii:view
      expect(one.json().address).toBe('文三路****');
      expect((await manager.get(`${BASE}/units/${unitId}`)).json().address).toBe('文三路 478 号华星时代广场');
    });

    it('keeps units of customers out of scope invisible (404, not in lists)', async () => {
      const other = await manager.post(`${BASE}/units`, { ...unit(), serialNo: 'SN-NB-1', customerId: otherCustomer.id, regionCode: '330206', address: null, qualityCardNo: 'QC-NB-1' });
      expect(other.statusCode).toBe(201);
      const otherId = other.json().id;
      expect((await tech.get(`${BASE}/units/${otherId}`)).statusCode).toBe(404);
      expect((await tech.get(`${BASE}/units/${otherId}/warranty`)).statusCode).toBe(404);
      const list = await tech.get(`${BASE}/units`);
      expect(list.json().items.map((u: { serialNo: string }) => u.serialNo)).toEqual(['SN-2026-0001']);
      expect((await manager.get(`${BASE}/units`)).json().total).toBe(2);
    });

    it('searches by serial, quality card and customer name, and filters', async () => {
      const q = async (qs: string) => (await manager.get(`${BASE}/units?${qs}`)).json().items.map((u: { serialNo: string }) => u.serialNo);
      // index-backed search: the serial exactly or as a prefix, the quality card exactly (any case), the customer's name
      expect(await q('q=sn-2026')).toEqual(['SN-2026-0001']);
      expect(await q('q=SN-2026-0001')).toEqual(['SN-2026-0001']);
      expect(await q('q=qc-778899')).toEqual(['SN-2026-0001']);
      expect(await q(`q=${encodeURIComponent('北仑')}`)).toEqual(['SN-NB-1']);
      expect(await q(`customerId=${teamCustomer.id}`)).toEqual(['SN-2026-0001']);
      expect(await q(`productId=${ownMonthsProductId}`)).toEqual([]);
      expect(await q('warranty=in&sort=serialNo')).toEqual(['SN-2026-0001', 'SN-NB-1']);
      expect(await q('warranty=unknown')).toEqual([]);
      expect(await q('q=%25')).toEqual([]);
    });

    it('answers the 三包 decision on a date: day 7 return, day 8 exchange, day 16 repair only', async () => {
      const at = async (date: string, extra = '') => (await tech.get(`${BASE}/units/${unitId}/warranty?date=${date}${extra}`)).json();
      expect((await at('2026-11-23')).decision).toMatchObject({ daysSincePurchase: 7, returnAllowed: true, reason: 'warranty_return_window' });
      expect((await at('2026-11-24')).decision).toMatchObject({ daysSincePurchase: 8, returnAllowed: false, exchangeAllowed: true });
      expect((await at('2026-12-02')).decision).toMatchObject({ daysSincePurchase: 16, exchangeAllowed: false, repairFree: true });
      expect((await at('2027-11-16')).decision).toMatchObject({ inWarranty: true });
      expect((await at('2027-11-17')).decision).toMatchObject({ inWarranty: false, reason: 'warranty_expired' });
      expect((await at('2026-11-20', '&fault=false')).decision).toMatchObject({ returnAllowed: false, reason: 'warranty_in_period' });
      expect((await tech.get(`${BASE}/units/${unitId}/warranty?date=2026-13-01`)).statusCode).toBe(400);
    });

    it('shows the service history and counts completed in-warranty repairs', async () => {
      const base = {
        mode: 'onsite',
        channel: 'phone',
        priority: 'normal',
        customer_id: teamCustomer.id,
        unit_id: unitId,
        description: '不制冷',
        tier: 'standard',
        sla: '{}',
        version: 1,
      };
      await db()
        .insertInto('service_orders')
        .values([
          { ...base, code: 'FW-1', type: 'install', state: 'closed', warranty: 'in', created_at: '2026-11-18T01:00:00.000Z', updated_at: '2026-11-18T01:00:00.000Z', completed_at: '2026-11-18T03:00:00.000Z' },
          { ...base, code: 'FW-2', type: 'repair', state: 'completed', warranty: 'in', created_at: '2026-11-20T01:00:00.000Z', updated_at: '2026-11-20T01:00:00.000Z', completed_at: '2026-11-20T05:00:00.000Z' },
          { ...base, code: 'FW-3', type: 'repair', state: 'evaluated', warranty: 'in', created_at: '2026-11-21T01:00:00.000Z', updated_at: '2026-11-21T01:00:00.000Z', completed_at: '2026-11-21T05:00:00.000Z' },
          { ...base, code: 'FW-4', type: 'repair', state: 'in_service', warranty: 'in', created_at: '2026-11-22T01:00:00.000Z', updated_at: '2026-11-22T01:00:00.000Z' },
        ])
        .execute();
      const u = (await manager.get(`${BASE}/units/${unitId}`)).json();
      expect(u.serviceOrders.map((o: { code: string }) => o.code)).toEqual(['FW-4', 'FW-3', 'FW-2', 'FW-1']);
      // a technician sees the unit (customers scope) but only his own orders on it (service scope: own)
      expect((await tech.get(`${BASE}/units/${unitId}`)).json().serviceOrders).toEqual([]);
      expect(u.serviceOrders[1]).toMatchObject({ type: 'repair', state: 'evaluated', completedAt: '2026-11-21T05:00:00.000Z' });
      expect(u.priorRepairs).toBe(2);
      expect(u.warranty).toMatchObject({ exchangeDueToRepairs: true, exchangeAllowed: true });
      // on 20 November only the repairs completed by then count
      expect((await tech.get(`${BASE}/units/${unitId}/warranty?date=2026-11-20`)).json().priorRepairs).toBe(1);
    });

    it('edits with a version; a stale version gets 409 and writes nothing', async () => {
      const res = await agent.patch(`${BASE}/units/${unitId}`, { purchaseDate: '2026-11-15', dealer: '苏宁易购', version: unitVersion });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ dealer: '苏宁易购', purchaseDate: '2026-11-15', warrantyEnd: '2027-11-15', version: unitVersion + 1 });
      const stale = await agent.patch(`${BASE}/units/${unitId}`, { dealer: '旧', version: unitVersion });
      expect(stale.statusCode).toBe(409);
      expect((await unitRow(unitId)).dealer).toBe('苏宁易购');
      unitVersion = res.json().version;
      const a = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'product_unit').where('entity_id', '=', String(unitId)).where('action', '=', 'update').executeTakeFirstOrThrow();
      expect(JSON.parse(a.before!).dealer).toBe('杭州国美');
      expect(JSON.parse(a.after!).dealer).toBe('苏宁易购');
    });

    it('recomputes the warranty end when the category’s or the product’s warranty changes', async () => {
      // a month-end purchase, and a unit of the product with its own months (not affected by the category)
      const monthEnd = (await manager.post(`${BASE}/units`, { serialNo: 'SN-ME', productId, customerId: otherCustomer.id, purchaseDate: '2025-08-31' })).json();
      expect(monthEnd.warrantyEnd).toBe('2026-08-31');
      expect(monthEnd.warranty).toMatchObject({ inWarranty: false, repairFree: false, reason: 'warranty_expired' });
      const own = (await manager.post(`${BASE}/units`, { serialNo: 'SN-OWN', productId: ownMonthsProductId, customerId: otherCustomer.id, purchaseDate: '2025-08-31' })).json();
      expect(own.warrantyEnd).toBe('2028-08-31');
      const noDate = (await manager.post(`${BASE}/units`, { serialNo: 'SN-NODATE', productId, customerId: otherCustomer.id })).json();
      expect(noDate.warrantyEnd).toBeNull();
      expect(noDate.warranty).toMatchObject({ inWarranty: false, reason: 'warranty_unknown' });

      const cat = await manager.patch(`${BASE}/categories/${acId}`, { warrantyMonths: 30, version: acVersion });
      expect(cat.statusCode).toBe(200);
      expect(cat.json().unitsRecomputed).toBe(3); // SN-2026-0001, SN-NB-1, SN-ME
      acVersion = cat.json().version;
      expect((await unitRow(unitId)).warranty_end).toBe('2029-05-15');
      expect((await unitRow(monthEnd.id)).warranty_end).toBe('2028-02-29'); // no 31 February: the month's last day
      expect((await unitRow(own.id)).warranty_end).toBe('2028-08-31');
      expect((await unitRow(noDate.id)).warranty_end).toBeNull();
      expect((await manager.get(`${BASE}/units/${monthEnd.id}`)).json().warranty).toMatchObject({ inWarranty: true, repairFree: true });

      // back to 6 months: 31 August + 6 months ends on 28 February
      acVersion = (await manager.patch(`${BASE}/categories/${acId}`, { warrantyMonths: 6, version: acVersion })).json().version;
      expect((await unitRow(monthEnd.id)).warranty_end).toBe('2026-02-28');

      // the product takes its own months: its units follow the product, no longer the category
      const prodVersion = (await manager.get(`${BASE}/products/${productId}`)).json().version;
      const prod = await manager.patch(`${BASE}/products/${productId}`, { warrantyMonths: 24, version: prodVersion });
      expect(prod.json()).toMatchObject({ effectiveWarrantyMonths: 24, unitsRecomputed: 3 });
      expect((await unitRow(monthEnd.id)).warranty_end).toBe('2027-08-31');
      const again = await manager.patch(`${BASE}/categories/${acId}`, { warrantyMonths: 12, version: acVersion });
      expect(again.json().unitsRecomputed).toBe(0);
      acVersion = again.json().version;
      expect((await unitRow(monthEnd.id)).warranty_end).toBe('2027-08-31');
    });

    it('the SQL recomputation gives the same warranty end as the rule in code', async () => {
      const dates = ['2023-12-31', '2024-01-29', '2024-01-30', '2024-01-31', '2024-02-29', '2024-03-31', '2025-08-31', '2025-10-31', '2026-11-15'];
      const cat = (await manager.post(`${BASE}/categories`, { ...category, code: 'SQLCHK', name: 'SQL check' })).json();
      const prod = (await manager.post(`${BASE}/products`, { model: 'SQL-1', name: 'SQL check', categoryId: cat.id })).json();
      const ids: number[] = [];
      for (const [i, d] of dates.entries()) {
        ids.push((await manager.post(`${BASE}/units`, { serialNo: `SQL-${i}`, productId: prod.id, customerId: otherCustomer.id, purchaseDate: d })).json().id);
      }
      let version = cat.version;
      for (const months of [1, 6, 13, 24, 0]) {
        const res = await manager.patch(`${BASE}/categories/${cat.id}`, { warrantyMonths: months, version });
        expect(res.json().unitsRecomputed).toBe(dates.length);
        version = res.json().version;
        const rows = await db().selectFrom('product_units').select(['purchase_date', 'warranty_end']).where('id', 'in', ids).execute();
        for (const r of rows) expect([r.purchase_date, months, r.warranty_end]).toEqual([r.purchase_date, months, addMonths(r.purchase_date!, months)]);
      }
    });

    it('archives and restores a unit with service:catalogue; an archived unit takes no edits', async () => {
      const arch = await manager.post(`${BASE}/units/${unitId}/archive`, { version: unitVersion });
      expect(arch.statusCode).toBe(200);
      expect(arch.json().archivedAt).toBeTruthy();
      expect((await manager.get(`${BASE}/units`)).json().items.map((u: { id: number }) => u.id)).not.toContain(unitId);
      expect((await manager.get(`${BASE}/units?archived=true`)).json().items.map((u: { id: number }) => u.id)).toEqual([unitId]);
      expect((await agent.patch(`${BASE}/units/${unitId}`, { dealer: 'x', version: arch.json().version })).statusCode).toBe(409);
      const back = await manager.post(`${BASE}/units/${unitId}/restore`, { version: arch.json().version });
      expect(back.json().archivedAt).toBeNull();
      unitVersion = back.json().version;
    });

    it('refuses a customer outside the caller’s scope as a unit’s customer', async () => {
      // a custom role: may register units, sees only its own customers
      const now = h.clock.now().toISOString();
      const role = await db()
        .insertInto('roles')
        .values({ code: 'dealer_desk', name_zh: '经销商服务台', name_en: 'Dealer desk', permissions: JSON.stringify(['customers:read', 'service:read', 'service:create']), scopes: JSON.stringify({ customers: 'own', service: 'own' }), built_in: 0, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const u = await h.user('desk_own', [], teamId);
      await db().insertInto('user_roles').values({ user_id: u.userId, role_id: role.id }).execute();
      const desk = await h.login('desk_own', 'Passw0rd!');
      const res = await desk.post(`${BASE}/units`, { serialNo: 'SN-SCOPE', productId, customerId: otherCustomer.id });
      expect((await desk.get(`${BASE}/units/${unitId}`)).statusCode).toBe(404);
      expect((await desk.get(`${BASE}/units`)).json().total).toBe(0);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ path: 'customerId', code: 'unknown_customer' });
    });
  });

  describe('import', () => {
    const header = ['机身序列号', '产品型号', '客户编号', '购买日期', '安装日期', '经销商', '发票号', '质量信誉卡号', '行政区划代码', '安装地址'];
    const upload = async (c: Client, buf: Buffer, name = 'units.xlsx', headers: Record<string, string> = {}) => {
      const m = multipart(name, buf);
      return c.raw({ method: 'POST', url: `${BASE}/units/import`, payload: m.payload, headers: { ...m.headers, ...headers } });
    };

    it('downloads the template with the column headers', async () => {
      const res = await agent.get(`${BASE}/units/import/template.xlsx?lang=zh-CN`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as never);
      expect((wb.worksheets[0].getRow(1).values as string[]).slice(1, 4)).toEqual(['机身序列号', '产品型号', '客户编号']);
      expect((await tech.get(`${BASE}/units/import/template.xlsx`)).statusCode).toBe(403);
    });

    it('writes nothing when any row is bad, and names each bad row', async () => {
      const before = await countUnits();
      const buf = await xlsx([
        header,
        ['IMP-001', 'KFR-35GW', teamCustomer.code, '2026-10-01', '2026-10-03', '国美', 'FP1', 'QC1', '330106', '文一路 1 号'],
        ['IMP-002', 'NO-SUCH', teamCustomer.code, '2026/10/02', '', '', '', '', '', ''],
        ['IMP-001', 'KFR-35GW', 'KH-NONE', '2026-02-30', '', '', '', '', '999999', ''],
        ['SN-2026-0001', 'KFR-72LW', otherCustomer.code, '2026-10-05', '2026-10-01', '', '', '', '', ''],
      ]);
      const res = await upload(agent, buf, 'units.xlsx', EN);
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body).toMatchObject({ code: 'IMPORT_HAS_ERRORS', errorRows: 3 });
      const byRow = Object.fromEntries(body.rowErrors.map((r: { row: number; problems: { field: string; code: string }[] }) => [r.row, r.problems.map((p) => `${p.field}:${p.code}`).sort()]));
      expect(byRow).toEqual({
        3: ['productModel:unknown_product'],
        4: ['customerCode:unknown_customer', 'purchaseDate:invalid_date', 'regionCode:invalid_region', 'serialNo:duplicate_in_file'],
        5: ['installDate:install_before_purchase', 'serialNo:duplicate_serial'],
      });
      expect(body.rowErrors[0].problems[0].message).toBe('No such product model');
      expect(await countUnits()).toBe(before);
    });

    it('refuses a file without the required columns', async () => {
      const res = await upload(agent, await xlsx([['机身序列号', '购买日期'], ['X-1', '2026-01-01']]));
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['columns.customerCode', 'columns.productModel']);
    });

    it('imports every row in one go when all are good', async () => {
      const before = await countUnits();
      const buf = await xlsx([
        header,
        ['IMP-001', 'KFR-35GW', teamCustomer.code, new Date(Date.UTC(2026, 9, 1)), '2026年10月3日', '国美', 'FP1', 'QC1', '330106', '文一路 1 号'],
        ['IMP-002', 'KFR-72LW', otherCustomer.code, '2026/10/2', '', '', '', '', '', ''],
        ['IMP-003', 'KFR-72LW', otherCustomer.code, '', '', '', '', '', '', ''],
      ]);
      const res = await upload(agent, buf);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ imported: 3, errors: [] });
      expect(await countUnits()).toBe(before + 3);
      const rows = await db().selectFrom('product_units').selectAll().where('serial_no', 'in', ['IMP-001', 'IMP-002', 'IMP-003']).orderBy('serial_no').execute();
      expect(rows.map((r) => [r.serial_no, r.purchase_date, r.install_date, r.warranty_end])).toEqual([
        ['IMP-001', '2026-10-01', '2026-10-03', '2028-10-01'], // the product's own 24 months
        ['IMP-002', '2026-10-02', null, '2029-10-02'], // 36 months
        ['IMP-003', null, null, null],
      ]);
      const events = await db().selectFrom('customer_events').select('ref_id').where('type', '=', 'unit_registered').where('ref_id', 'in', rows.map((r) => String(r.id))).execute();
      expect(events).toHaveLength(3);
      const audits = await db().selectFrom('audit_log').select('entity_id').where('entity', '=', 'product_unit').where('action', '=', 'import').execute();
      expect(audits).toHaveLength(3);
    });

    it('needs service:create, and an XLSX or CSV file', async () => {
      expect((await upload(tech, await xlsx([header]))).statusCode).toBe(403);
      expect((await upload(agent, Buffer.from('not a spreadsheet'), 'units.pdf')).statusCode).toBe(415);
      expect((await upload(agent, await xlsx([header]))).json().code).toBe('IMPORT_EMPTY');
    });
  });
});
