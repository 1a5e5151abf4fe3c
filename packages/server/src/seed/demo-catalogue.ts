// Demo product catalogue with 三包 rules and an installed base (机器档案) spread over the demo customers.
import type { Tx } from '../db';
import { recordEvent } from '../platform/timeline';
import { addDays, localDate } from '../modules/service/local-date';
import { rulesFor, warrantyEnd } from '../modules/service/warranty';
import { int, pick, type Rng } from './fake';

const CATEGORIES = [
  // code, name, warranty months, return days, exchange days, no-reason days, repairs before exchange, maintenance days, life years
  ['AC', '家用空调', 12, 7, 15, 0, 2, 365, 10],
  ['WASHER', '洗衣机', 12, 7, 15, 0, 2, null, 8],
  ['FRIDGE', '电冰箱', 12, 7, 15, 7, 2, null, 10],
  ['WATERHEATER', '热水器', 24, 7, 15, 0, 2, 365, 8],
  ['COMPRESSOR', '工业空压机', 18, 0, 0, 0, 3, 90, 15],
] as const;

const PRODUCTS = [
  // model, name, category code, own warranty months, list price (yuan), skill
  ['KFR-35GW/A1', '挂壁式空调 1.5 匹 一级能效', 'AC', null, 3299, 'aircon'],
  ['KFR-72LW/A1', '柜式空调 3 匹 一级能效', 'AC', 72, 7999, 'aircon'],
  ['XQG100-B1', '滚筒洗衣机 10 公斤', 'WASHER', null, 2699, 'washer'],
  ['XQB80-T2', '波轮洗衣机 8 公斤', 'WASHER', null, 1299, 'washer'],
  ['BCD-520W', '对开门冰箱 520 升', 'FRIDGE', 36, 4599, 'refrigerator'],
  ['JSQ30-16', '燃气热水器 16 升', 'WATERHEATER', null, 2199, 'water_heater'],
  ['LG-22/8', '螺杆式空压机 22 千瓦', 'COMPRESSOR', null, 68000, 'mechanical'],
] as const;

const DEALERS = ['国美电器', '苏宁易购', '京东自营', '天猫旗舰店', '本地专卖店', '工程直销'];

export async function seedCatalogueDemo(trx: Tx, r: Rng, now: Date, timeZone: string, units: number): Promise<number> {
  const nowIso = now.toISOString();
  const today = localDate(now, timeZone);
  const categories = new Map<string, { id: number; row: { warranty_months: number; return_days: number; exchange_days: number; no_reason_return_days: number; free_repairs_before_exchange: number } }>();
  for (const [code, name, warranty, ret, exch, noReason, repairs, maint, life] of CATEGORIES) {
    const row = { warranty_months: warranty, return_days: ret, exchange_days: exch, no_reason_return_days: noReason, free_repairs_before_exchange: repairs };
    const c = await trx
      .insertInto('product_categories')
      .values({ code, name, ...row, maintenance_interval_days: maint, design_life_years: life, note: null, created_at: nowIso, updated_at: nowIso })
      .returning('id')
      .executeTakeFirstOrThrow();
    categories.set(code, { id: c.id, row });
  }
  const products: { id: number; model: string; rules: ReturnType<typeof rulesFor> }[] = [];
  for (const [model, name, cat, own, price, skill] of PRODUCTS) {
    const c = categories.get(cat)!;
    const p = await trx
      .insertInto('products')
      .values({ model, name, category_id: c.id, warranty_months: own, maintenance_interval_days: null, design_life_years: null, list_price_fen: price * 100, skill, note: null, created_at: nowIso, updated_at: nowIso })
      .returning('id')
      .executeTakeFirstOrThrow();
    products.push({ id: p.id, model, rules: rulesFor(c.row, { warranty_months: own }) });
  }
  const customers = await trx.selectFrom('customers').select(['id', 'district_code', 'city_code']).orderBy('id').limit(units).execute();
  let n = 0;
  for (const c of customers) {
    const p = pick(r, products);
    // bought in the last three years, installed within a week; a few without an invoice date
    const purchase = r() < 0.05 ? null : addDays(today, -int(r, 0, 3 * 365));
    const install = purchase && r() < 0.8 ? addDays(purchase, int(r, 0, 7)) : null;
    const serial = `${p.model.replace(/[^A-Z0-9]/g, '').slice(0, 6)}${String(100000 + n).slice(1)}${int(r, 10, 99)}`;
    const u = await trx
      .insertInto('product_units')
      .values({
        serial_no: serial,
        product_id: p.id,
        customer_id: c.id,
        purchase_date: purchase,
        dealer: pick(r, DEALERS),
        invoice_no: purchase ? `FP${String(int(r, 10_000_000, 99_999_999))}` : null,
        install_date: install && install <= today ? install : null,
        quality_card_no: r() < 0.7 ? `QC${String(int(r, 100_000, 999_999))}` : null,
        warranty_end: warrantyEnd(purchase, p.rules),
        region_code: c.district_code ?? c.city_code,
        address: null,
        note: null,
        created_by: null,
        created_at: nowIso,
        updated_at: nowIso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { customerId: c.id, type: 'unit_registered', module: 'service', title: `登记机器 ${p.model} ${serial}`, refType: 'product_unit', refId: u.id, data: { serial, model: p.model }, at: now });
    n++;
  }
  return n;
}
