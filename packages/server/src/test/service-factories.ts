// Records of the service module written straight to the database, for tests of other service areas.
import type { Harness } from './harness';
import { makeEnterprise } from './factories';

export interface ServiceWorld {
  customerId: number;
  categoryId: number;
  productId: number;
  unitId: number;
  outletId: number;
  outletTeamId: number;
  partId: number;
}

const stamp = (h: Harness) => {
  const now = h.clock.now().toISOString();
  return { created_at: now, updated_at: now };
};

export async function createCustomer(h: Harness, over: Record<string, unknown> = {}): Promise<number> {
  const res = await h.admin.post('/api/v1/customers', makeEnterprise(over));
  if (res.statusCode !== 201) throw new Error(`customer: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function createCategory(h: Harness, code = 'aircon', over: Record<string, unknown> = {}): Promise<number> {
  const r = await h.kehu.ctx.db
    .insertInto('product_categories')
    .values({ code, name: '空调', warranty_months: 12, return_days: 7, exchange_days: 15, no_reason_return_days: 0, free_repairs_before_exchange: 2, maintenance_interval_days: 180, design_life_years: 10, note: null, archived_at: null, ...stamp(h), ...over })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function createProduct(h: Harness, categoryId: number, model = 'KFR-35GW', over: Record<string, unknown> = {}): Promise<number> {
  const r = await h.kehu.ctx.db
    .insertInto('products')
    .values({ model, name: '挂壁式空调', category_id: categoryId, warranty_months: null, maintenance_interval_days: null, design_life_years: null, list_price_fen: 329900, skill: 'aircon', note: null, archived_at: null, ...stamp(h), ...over })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function createUnit(h: Harness, productId: number, customerId: number, serial: string, purchaseDate: string | null, over: Record<string, unknown> = {}): Promise<number> {
  const r = await h.kehu.ctx.db
    .insertInto('product_units')
    .values({ serial_no: serial, product_id: productId, customer_id: customerId, purchase_date: purchaseDate, dealer: null, invoice_no: null, install_date: null, quality_card_no: null, warranty_end: null, region_code: '330106', address: '文三路 100 号', note: null, archived_at: null, created_by: null, ...stamp(h), ...over })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** An outlet with its own team, covering the given division codes. */
export async function createOutlet(h: Harness, code: string, regions: [string, string][], over: Record<string, unknown> = {}): Promise<{ outletId: number; teamId: number }> {
  const teamId = await h.unit(`网点 ${code}`, 'team');
  const r = await h.kehu.ctx.db
    .insertInto('outlets')
    .values({ code, name: `${code} 服务中心`, kind: 'own', level: null, org_unit_id: teamId, region_code: regions[0]?.[0] ?? null, address: null, manager: null, phone: null, fax: null, email: null, service_types: JSON.stringify(['install', 'repair', 'maintenance', 'inspection', 'consult', 'return']), skills: JSON.stringify(['aircon']), daily_capacity: 20, opening_hours: null, authorised_from: null, authorised_to: null, annual_grade: null, note: null, archived_at: null, ...stamp(h), ...over })
    .returning('id')
    .executeTakeFirstOrThrow();
  const outletId = Number(r.id);
  for (const [region_code, region_type] of regions) {
    await h.kehu.ctx.db.insertInto('outlet_regions').values({ outlet_id: outletId, region_code, region_type }).execute();
  }
  return { outletId, teamId };
}

/** A signed-in technician of an outlet with the given skills. */
export async function createTechnician(h: Harness, username: string, outletId: number, teamId: number, skills: string[] = ['aircon']) {
  const client = await h.user(username, ['technician'], teamId);
  await h.kehu.ctx.db
    .insertInto('technicians')
    .values({ user_id: client.userId, outlet_id: outletId, skills: JSON.stringify(skills), certificates: '[]', daily_capacity: 6, active: 1, ...stamp(h) })
    .execute();
  return client;
}

export async function createPart(h: Harness, code: string, priceFen: number, over: Record<string, unknown> = {}): Promise<number> {
  const r = await h.kehu.ctx.db
    .insertInto('parts')
    .values({ code, name: `配件 ${code}`, category_id: null, unit: '个', list_price_fen: priceFen, min_stock: 0, archived_at: null, ...stamp(h), ...over })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function setStock(h: Harness, outletId: number, partId: number, onHand: number) {
  await h.kehu.ctx.db
    .insertInto('part_stock')
    .values({ outlet_id: outletId, part_id: partId, on_hand: onHand, reserved: 0, updated_at: h.clock.now().toISOString() })
    .onConflict((oc) => oc.columns(['outlet_id', 'part_id']).doUpdateSet({ on_hand: onHand, reserved: 0 }))
    .execute();
}

/** Customer, category, product, a unit bought `purchaseDate`, an outlet covering Hangzhou 西湖区 and a part. */
export async function serviceWorld(h: Harness, purchaseDate: string | null = '2026-06-01'): Promise<ServiceWorld> {
  const customerId = await createCustomer(h);
  const categoryId = await createCategory(h, `cat${customerId}`);
  const productId = await createProduct(h, categoryId, `KFR-${customerId}`);
  const unitId = await createUnit(h, productId, customerId, `SN${customerId}`, purchaseDate);
  const { outletId, teamId } = await createOutlet(h, `HZ${customerId}`, [['330106', 'urban'], ['330100', 'suburban']]);
  const partId = await createPart(h, `P${customerId}`, 8800);
  return { customerId, categoryId, productId, unitId, outletId, outletTeamId: teamId, partId };
}

/** A tiny valid PNG as a data URL (a signature). */
export const SIGNATURE_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
