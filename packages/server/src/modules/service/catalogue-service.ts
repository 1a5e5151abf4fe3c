// Catalogue rules: product categories with their 三包 rules, products, and the installed base (机器档案) with its
// warranty end and today's 三包 decision. Every write is audited; units are read within the customer's data scope.
import type {
  TCategory,
  TCategoryCreate,
  TCategoryListQuery,
  TCategoryUpdate,
  TPage,
  TProduct,
  TProductCreate,
  TProductListQuery,
  TProductUpdate,
  TUnit,
  TUnitCreate,
  TUnitDetail,
  TUnitListQuery,
  TUnitUpdate,
  TUnitWarranty,
  TWarrantyQuery,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { parseSort } from '../../platform/paging';
import { can, inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { maskStreet } from '../../platform/masking';
import { regionFullName, regionName } from '../../platform/regions';
import { onCustomerMerge, recordEvent } from '../../platform/timeline';
import { loadInScope } from '../customers/service';
import { localDayStart } from '../admin/calc';
import { decideWarranty, rulesFor, warrantyEnd, type WarrantyRules } from './warranty';
import { addDays, localDate } from './local-date';
import * as repo from './catalogue-repo';

type FieldErr = { path: string; key: string };

// a merged customer's machines follow it (registered once per process: the hook list is module state)
onCustomerMerge((db, targetId, sourceId) => repo.moveUnitsToCustomer(db, targetId, sourceId));

function dbErrorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}
const isUniqueViolation = (err: unknown) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE'].includes(dbErrorCode(err) ?? '');

/** Runs a write in one transaction; the unique index losing a race (two of the same code at once) answers `taken`. */
async function writeUnique<T>(ctx: AppContext, taken: () => AppError, write: (trx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute(write);
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

/** The columns an update sets: each field the input carries (undefined = unchanged), its value through `value`. */
function changedColumns(input: object, columns: Record<string, string>, value: (v: unknown, field: string) => unknown = (v) => v): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) {
    const v = (input as Record<string, unknown>)[field];
    if (v !== undefined) set[column] = value(v, field);
  }
  return set;
}

/** Today's local date in the configured time zone (business rules use ctx.clock). */
export function todayOf(ctx: AppContext): string {
  return localDate(ctx.clock.now(), ctx.config.timezone);
}

/** Full name of a division code at any level (province, city or county). */
export function regionLabel(code: string | null): string | null {
  if (!code) return null;
  const province = code.slice(0, 2) + '0000';
  const city = code.slice(0, 4) + '00';
  return regionFullName(province, city === province ? null : city, code === city ? null : code) || regionName(code);
}

// ---------- output shapes ----------

function categoryOut(r: repo.CategoryWithCount): TCategory {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    warrantyMonths: r.warranty_months,
    returnDays: r.return_days,
    exchangeDays: r.exchange_days,
    noReasonReturnDays: r.no_reason_return_days,
    freeRepairsBeforeExchange: r.free_repairs_before_exchange,
    maintenanceIntervalDays: r.maintenance_interval_days,
    designLifeYears: r.design_life_years,
    note: r.note,
    productCount: r.product_count,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function productOut(r: repo.ProductRow): TProduct {
  return {
    id: r.id,
    model: r.model,
    name: r.name,
    categoryId: r.category_id,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    warrantyMonths: r.warranty_months,
    effectiveWarrantyMonths: r.warranty_months ?? r.category_warranty_months,
    maintenanceIntervalDays: r.maintenance_interval_days,
    designLifeYears: r.design_life_years,
    listPriceFen: r.list_price_fen === null ? null : Number(r.list_price_fen),
    skill: r.skill,
    note: r.note,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function unitOut(r: repo.UnitRow, p: Principal): TUnit {
  return {
    id: r.id,
    serialNo: r.serial_no,
    productId: r.product_id,
    productModel: r.product_model,
    productName: r.product_name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    customerId: r.customer_id,
    customerCode: r.customer_code,
    customerName: r.customer_name,
    purchaseDate: r.purchase_date,
    dealer: r.dealer,
    invoiceNo: r.invoice_no,
    installDate: r.install_date,
    qualityCardNo: r.quality_card_no,
    warrantyEnd: r.warranty_end,
    regionCode: r.region_code,
    region: regionLabel(r.region_code),
    // the installation address is personal data for an individual customer
    address: can(p, 'pii:view') ? r.address : maskStreet(r.address),
    note: r.note,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const categoryAudit = (c: TCategory) => {
  const { productCount: _n, createdAt: _c, updatedAt: _u, ...rest } = c;
  return rest;
};
const productAudit = (p: TProduct) => {
  const { createdAt: _c, updatedAt: _u, categoryCode: _cc, categoryName: _cn, effectiveWarrantyMonths: _e, ...rest } = p;
  return rest;
};

// ---------- categories ----------

export async function listCategories(ctx: AppContext, p: Principal, q: TCategoryListQuery): Promise<TPage<TCategory>> {
  requirePermission(p, 'service:read');
  const sort = parseSort(q.sort, repo.CATEGORY_SORTABLE, [{ column: 'product_categories.code', dir: 'asc' }]);
  const { rows, total } = await repo.listCategories(ctx.db, { q: q.q || undefined, archived: q.archived }, sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(categoryOut), total, page: q.page, pageSize: q.pageSize };
}

async function loadCategory(db: Tx, id: number): Promise<TCategory> {
  const r = await repo.getCategory(db, id);
  if (!r) throw notFound('PRODUCT_CATEGORY_NOT_FOUND');
  return categoryOut(r);
}

export async function getCategory(ctx: AppContext, p: Principal, id: number): Promise<TCategory> {
  requirePermission(p, 'service:read');
  return loadCategory(ctx.db, id);
}

const categoryCodeTaken = () => new AppError(409, 'PRODUCT_CATEGORY_CODE_TAKEN', [{ path: 'code', key: 'duplicate_code' }]);

export async function createCategory(ctx: AppContext, p: Principal, input: TCategoryCreate, actx: AuditContext): Promise<TCategory> {
  requirePermission(p, 'service:catalogue');
  if (await repo.categoryCodeTaken(ctx.db, input.code)) throw categoryCodeTaken();
  const now = ctx.clock.now().toISOString();
  return writeUnique(ctx, categoryCodeTaken, async (trx) => {
    const id = await repo.insertCategory(trx, {
      code: input.code,
      name: input.name,
      warranty_months: input.warrantyMonths,
      return_days: input.returnDays,
      exchange_days: input.exchangeDays,
      no_reason_return_days: input.noReasonReturnDays,
      free_repairs_before_exchange: input.freeRepairsBeforeExchange,
      maintenance_interval_days: input.maintenanceIntervalDays ?? null,
      design_life_years: input.designLifeYears ?? null,
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
    });
    const out = await loadCategory(trx, id);
    await audit(trx, actx, { action: 'create', entity: 'product_category', entityId: id, summary: `${out.code} ${out.name}`, after: categoryAudit(out) });
    return out;
  });
}

const CATEGORY_COLUMNS = {
  code: 'code',
  name: 'name',
  warrantyMonths: 'warranty_months',
  returnDays: 'return_days',
  exchangeDays: 'exchange_days',
  noReasonReturnDays: 'no_reason_return_days',
  freeRepairsBeforeExchange: 'free_repairs_before_exchange',
  maintenanceIntervalDays: 'maintenance_interval_days',
  designLifeYears: 'design_life_years',
  note: 'note',
} as const;

/** A change of the category's warranty months recomputes the warranty end of every unit that follows it. */
export async function updateCategory(ctx: AppContext, p: Principal, id: number, input: TCategoryUpdate, actx: AuditContext): Promise<TCategory & { unitsRecomputed: number }> {
  requirePermission(p, 'service:catalogue');
  const before = await loadCategory(ctx.db, id);
  if (before.archivedAt) throw new AppError(409, 'CATALOGUE_RECORD_ARCHIVED');
  if (input.code !== undefined && input.code !== before.code && (await repo.categoryCodeTaken(ctx.db, input.code, id))) throw categoryCodeTaken();
  const nowIso = ctx.clock.now().toISOString();
  const set: Record<string, unknown> = { updated_at: nowIso, ...changedColumns(input, CATEGORY_COLUMNS) };
  return writeUnique(ctx, categoryCodeTaken, async (trx) => {
    if (!(await repo.updateCategoryVersioned(trx, id, input.version, set))) throw conflict();
    let unitsRecomputed = 0;
    if (input.warrantyMonths !== undefined && input.warrantyMonths !== before.warrantyMonths) {
      unitsRecomputed = await repo.recomputeWarrantyEnds(trx, await repo.productsFollowingCategory(trx, id), nowIso);
    }
    const after = await loadCategory(trx, id);
    await audit(trx, actx, {
      action: 'update',
      entity: 'product_category',
      entityId: id,
      summary: after.code,
      before: categoryAudit(before),
      after: { ...categoryAudit(after), unitsRecomputed },
    });
    return { ...after, unitsRecomputed };
  });
}

/** Archiving is refused while active products still belong to the category. */
export async function setCategoryArchived(ctx: AppContext, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext): Promise<TCategory> {
  requirePermission(p, 'service:catalogue');
  const before = await loadCategory(ctx.db, id);
  if (archived && before.productCount > 0) throw new AppError(409, 'PRODUCT_CATEGORY_IN_USE', [], { productCount: before.productCount });
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateCategoryVersioned(trx, id, version, { archived_at: archived ? now : null, updated_at: now }))) throw conflict();
    // a product added between the check and this write would be left in an archived category
    if (archived && (await repo.getCategory(trx, id))!.product_count > 0) throw new AppError(409, 'PRODUCT_CATEGORY_IN_USE');
    await audit(trx, actx, { action: archived ? 'archive' : 'restore', entity: 'product_category', entityId: id, summary: before.code });
    return loadCategory(trx, id);
  });
}

// ---------- products ----------

export async function listProducts(ctx: AppContext, p: Principal, q: TProductListQuery): Promise<TPage<TProduct>> {
  requirePermission(p, 'service:read');
  const sort = parseSort(q.sort, repo.PRODUCT_SORTABLE, [{ column: 'products.model', dir: 'asc' }]);
  const { rows, total } = await repo.listProducts(ctx.db, { q: q.q || undefined, archived: q.archived, categoryId: q.categoryId }, sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(productOut), total, page: q.page, pageSize: q.pageSize };
}

async function loadProduct(db: Tx, id: number): Promise<TProduct> {
  const r = await repo.getProduct(db, id);
  if (!r) throw notFound('PRODUCT_NOT_FOUND');
  return productOut(r);
}

export async function getProduct(ctx: AppContext, p: Principal, id: number): Promise<TProduct> {
  requirePermission(p, 'service:read');
  return loadProduct(ctx.db, id);
}

const modelTaken = () => new AppError(409, 'PRODUCT_MODEL_TAKEN', [{ path: 'model', key: 'duplicate_model' }]);

async function checkCategoryRef(db: Tx, id: number, errors: FieldErr[]) {
  const c = await repo.getCategory(db, id);
  if (!c) errors.push({ path: 'categoryId', key: 'unknown_category' });
  else if (c.archived_at) errors.push({ path: 'categoryId', key: 'archived_category' });
}

export async function createProduct(ctx: AppContext, p: Principal, input: TProductCreate, actx: AuditContext): Promise<TProduct> {
  requirePermission(p, 'service:catalogue');
  const errors: FieldErr[] = [];
  await checkCategoryRef(ctx.db, input.categoryId, errors);
  if (errors.length) throw invalid(errors);
  if (await repo.productModelTaken(ctx.db, input.model)) throw modelTaken();
  const now = ctx.clock.now().toISOString();
  return writeUnique(ctx, modelTaken, async (trx) => {
    const id = await repo.insertProduct(trx, {
      model: input.model,
      name: input.name,
      category_id: input.categoryId,
      warranty_months: input.warrantyMonths ?? null,
      maintenance_interval_days: input.maintenanceIntervalDays ?? null,
      design_life_years: input.designLifeYears ?? null,
      list_price_fen: input.listPriceFen ?? null,
      skill: input.skill || null,
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
    });
    const out = await loadProduct(trx, id);
    await audit(trx, actx, { action: 'create', entity: 'product', entityId: id, summary: `${out.model} ${out.name}`, after: productAudit(out) });
    return out;
  });
}

const PRODUCT_COLUMNS = {
  model: 'model',
  name: 'name',
  categoryId: 'category_id',
  warrantyMonths: 'warranty_months',
  maintenanceIntervalDays: 'maintenance_interval_days',
  designLifeYears: 'design_life_years',
  listPriceFen: 'list_price_fen',
  skill: 'skill',
  note: 'note',
} as const;

/** A change of the product's warranty months or category recomputes its units' warranty end. */
export async function updateProduct(ctx: AppContext, p: Principal, id: number, input: TProductUpdate, actx: AuditContext): Promise<TProduct & { unitsRecomputed: number }> {
  requirePermission(p, 'service:catalogue');
  const before = await loadProduct(ctx.db, id);
  if (before.archivedAt) throw new AppError(409, 'CATALOGUE_RECORD_ARCHIVED');
  const errors: FieldErr[] = [];
  if (input.categoryId !== undefined && input.categoryId !== before.categoryId) await checkCategoryRef(ctx.db, input.categoryId, errors);
  if (errors.length) throw invalid(errors);
  if (input.model !== undefined && input.model !== before.model && (await repo.productModelTaken(ctx.db, input.model, id))) throw modelTaken();
  const nowIso = ctx.clock.now().toISOString();
  const set: Record<string, unknown> = { updated_at: nowIso, ...changedColumns(input, PRODUCT_COLUMNS, (v, field) => (field === 'skill' ? v || null : v)) };
  return writeUnique(ctx, modelTaken, async (trx) => {
    if (!(await repo.updateProductVersioned(trx, id, input.version, set))) throw conflict();
    const after = await loadProduct(trx, id);
    const unitsRecomputed = after.effectiveWarrantyMonths !== before.effectiveWarrantyMonths ? await repo.recomputeWarrantyEnds(trx, [id], nowIso) : 0;
    await audit(trx, actx, { action: 'update', entity: 'product', entityId: id, summary: after.model, before: productAudit(before), after: { ...productAudit(after), unitsRecomputed } });
    return { ...after, unitsRecomputed };
  });
}

export async function setProductArchived(ctx: AppContext, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext): Promise<TProduct> {
  requirePermission(p, 'service:catalogue');
  const before = await loadProduct(ctx.db, id);
  if (!archived) {
    // a product comes back only into a live category
    const c = await repo.getCategory(ctx.db, before.categoryId);
    if (c?.archived_at) throw invalid([{ path: 'categoryId', key: 'archived_category' }]);
  }
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateProductVersioned(trx, id, version, { archived_at: archived ? now : null, updated_at: now }))) throw conflict();
    await audit(trx, actx, { action: archived ? 'archive' : 'restore', entity: 'product', entityId: id, summary: before.model });
    return loadProduct(trx, id);
  });
}

// ---------- units (机器档案) ----------

export async function listUnits(ctx: AppContext, p: Principal, q: TUnitListQuery): Promise<TPage<TUnit>> {
  requirePermission(p, 'service:read');
  const sort = parseSort(q.sort, repo.UNIT_SORTABLE, [{ column: 'product_units.id', dir: 'desc' }]);
  const filter: repo.UnitFilter = {
    q: q.q || undefined,
    archived: q.archived,
    customerId: q.customerId,
    productId: q.productId,
    categoryId: q.categoryId,
    warranty: q.warranty,
    today: todayOf(ctx),
  };
  const { rows, total } = await repo.listUnits(ctx.db, filter, scopeFilter(p, 'customers'), sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map((r) => unitOut(r, p)), total, page: q.page, pageSize: q.pageSize };
}

/**
 * A unit whose customer the principal may see (the customer module's scope rule), or 404: a unit of a customer
 * out of scope is indistinguishable from a missing one. Other modules (service orders, returns) call this.
 */
export async function loadUnitInScope(db: Tx, p: Principal, id: number): Promise<repo.UnitRow> {
  const r = await repo.getUnit(db, id);
  if (!r || !inScope(p, 'customers', { owner_id: r.customer_owner_id, team_id: r.customer_team_id })) throw notFound('PRODUCT_UNIT_NOT_FOUND');
  return r;
}

async function rulesOfProduct(db: Tx, productId: number): Promise<{ product: TProduct; category: TCategory; rules: WarrantyRules }> {
  const product = await loadProduct(db, productId);
  const catRow = (await repo.getCategory(db, product.categoryId))!;
  return { product, category: categoryOut(catRow), rules: rulesFor(catRow, { warranty_months: product.warrantyMonths }) };
}

const windowEnd = (purchaseDate: string | null, days: number) => (purchaseDate && days > 0 ? addDays(purchaseDate, days) : null);

export async function getUnit(ctx: AppContext, p: Principal, id: number): Promise<TUnitDetail> {
  requirePermission(p, 'service:read');
  const row = await loadUnitInScope(ctx.db, p, id);
  const { product, category, rules } = await rulesOfProduct(ctx.db, row.product_id);
  const today = todayOf(ctx);
  const [priorRepairs, orders] = await Promise.all([repo.completedWarrantyRepairs(ctx.db, id), repo.ordersOfUnit(ctx.db, id, scopeFilter(p, 'service'))]);
  return {
    ...unitOut(row, p),
    product,
    category,
    rules,
    today,
    warranty: decideWarranty({ purchaseDate: row.purchase_date, today, rules, priorRepairs, fault: true }),
    returnUntil: windowEnd(row.purchase_date, rules.returnDays),
    exchangeUntil: windowEnd(row.purchase_date, rules.exchangeDays),
    noReasonReturnUntil: windowEnd(row.purchase_date, rules.noReasonReturnDays),
    priorRepairs,
    serviceOrders: orders.map((o) => ({
      id: o.id,
      code: o.code,
      type: o.type,
      state: o.state,
      warranty: o.warranty,
      createdAt: o.created_at,
      completedAt: o.completed_at,
    })),
  };
}

/** The 三包 decision for a unit on a date (default today), counting the in-warranty repairs completed before it. */
export async function unitWarranty(ctx: AppContext, p: Principal, id: number, q: TWarrantyQuery): Promise<TUnitWarranty> {
  requirePermission(p, 'service:read');
  const row = await loadUnitInScope(ctx.db, p, id);
  const { rules } = await rulesOfProduct(ctx.db, row.product_id);
  const date = q.date ?? todayOf(ctx);
  const fault = q.fault !== 'false';
  const before = localDayStart(addDays(date, 1), ctx.config.timezone).toISOString();
  const priorRepairs = await repo.completedWarrantyRepairs(ctx.db, id, before);
  return { unitId: id, date, fault, rules, priorRepairs, decision: decideWarranty({ purchaseDate: row.purchase_date, today: date, rules, priorRepairs, fault }) };
}

const serialTaken = () => new AppError(409, 'PRODUCT_UNIT_SERIAL_TAKEN', [{ path: 'serialNo', key: 'duplicate_serial' }]);

/** The customer a unit may be registered to: existing, within the caller's scope, not archived. */
async function checkCustomerRef(db: Tx, p: Principal, id: number, errors: FieldErr[]) {
  try {
    const c = await loadInScope(db, p, id);
    if (c.archived_at) errors.push({ path: 'customerId', key: 'archived_customer' });
  } catch (err) {
    if (err instanceof AppError && err.status === 404) errors.push({ path: 'customerId', key: 'unknown_customer' });
    else throw err;
  }
}

async function checkProductRef(db: Tx, id: number, errors: FieldErr[]) {
  const r = await repo.getProduct(db, id);
  if (!r) errors.push({ path: 'productId', key: 'unknown_product' });
  else if (r.archived_at) errors.push({ path: 'productId', key: 'archived_product' });
}

/** Field rules shared by create, edit and import: the division code exists, dates are not in the future and in order. */
export function unitFieldErrors(v: { purchaseDate?: string | null; installDate?: string | null; regionCode?: string | null }, today: string): FieldErr[] {
  const errors: FieldErr[] = [];
  if (v.regionCode && !regionName(v.regionCode)) errors.push({ path: 'regionCode', key: 'invalid_region' });
  if (v.purchaseDate && v.purchaseDate > today) errors.push({ path: 'purchaseDate', key: 'date_in_future' });
  if (v.installDate && v.installDate > today) errors.push({ path: 'installDate', key: 'date_in_future' });
  if (v.purchaseDate && v.installDate && v.installDate < v.purchaseDate) errors.push({ path: 'installDate', key: 'install_before_purchase' });
  return errors;
}

function unitAudit(r: repo.UnitRow) {
  return {
    serialNo: r.serial_no,
    productId: r.product_id,
    customerId: r.customer_id,
    purchaseDate: r.purchase_date,
    dealer: r.dealer,
    invoiceNo: r.invoice_no,
    installDate: r.install_date,
    qualityCardNo: r.quality_card_no,
    warrantyEnd: r.warranty_end,
    regionCode: r.region_code,
    address: r.address,
    note: r.note,
  };
}

export async function createUnit(ctx: AppContext, p: Principal, input: TUnitCreate, actx: AuditContext): Promise<TUnitDetail> {
  requirePermission(p, 'service:create');
  const errors = unitFieldErrors(input, todayOf(ctx));
  await checkProductRef(ctx.db, input.productId, errors);
  await checkCustomerRef(ctx.db, p, input.customerId, errors);
  if (errors.length) throw invalid(errors);
  if ((await repo.serialsTaken(ctx.db, [input.serialNo])).size) throw serialTaken();
  const { product, rules } = await rulesOfProduct(ctx.db, input.productId);
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const id = await writeUnique(ctx, serialTaken, async (trx) => {
    const newId = await repo.insertUnit(trx, {
      serial_no: input.serialNo,
      product_id: input.productId,
      customer_id: input.customerId,
      purchase_date: input.purchaseDate ?? null,
      dealer: input.dealer || null,
      invoice_no: input.invoiceNo || null,
      install_date: input.installDate ?? null,
      quality_card_no: input.qualityCardNo || null,
      warranty_end: warrantyEnd(input.purchaseDate ?? null, rules),
      region_code: input.regionCode ?? null,
      address: input.address || null,
      note: input.note ?? null,
      created_by: p.userId,
      created_at: iso,
      updated_at: iso,
    });
    await recordUnitEvent(trx, p, { customerId: input.customerId, unitId: newId, serial: input.serialNo, model: product.model, at: now });
    await audit(trx, actx, { action: 'create', entity: 'product_unit', entityId: newId, summary: `${input.serialNo} ${product.model}`, after: unitAudit((await repo.getUnit(trx, newId))!) });
    return newId;
  });
  return getUnit(ctx, p, id);
}

export async function recordUnitEvent(db: Tx, p: Principal, e: { customerId: number; unitId: number; serial: string; model: string; at: Date }) {
  await recordEvent(db, {
    customerId: e.customerId,
    type: 'unit_registered',
    module: 'service',
    title: `登记机器 ${e.model} ${e.serial}`,
    refType: 'product_unit',
    refId: e.unitId,
    actorId: p.userId,
    data: { serial: e.serial, model: e.model },
    at: e.at,
  });
}

const UNIT_COLUMNS = {
  serialNo: 'serial_no',
  productId: 'product_id',
  customerId: 'customer_id',
  purchaseDate: 'purchase_date',
  dealer: 'dealer',
  invoiceNo: 'invoice_no',
  installDate: 'install_date',
  qualityCardNo: 'quality_card_no',
  regionCode: 'region_code',
  address: 'address',
  note: 'note',
} as const;

/** Moving a unit to another customer needs both customers in the caller's scope; the warranty end follows the data. */
export async function updateUnit(ctx: AppContext, p: Principal, id: number, input: TUnitUpdate, actx: AuditContext): Promise<TUnitDetail> {
  requirePermission(p, 'service:create');
  const before = await loadUnitInScope(ctx.db, p, id);
  if (before.archived_at) throw new AppError(409, 'CATALOGUE_RECORD_ARCHIVED');
  const merged = {
    purchaseDate: input.purchaseDate !== undefined ? input.purchaseDate : before.purchase_date,
    installDate: input.installDate !== undefined ? input.installDate : before.install_date,
    regionCode: input.regionCode !== undefined ? input.regionCode : before.region_code,
  };
  const errors = unitFieldErrors(merged, todayOf(ctx)).filter((e) => {
    // an unchanged stored value is not the caller's mistake
    const field = e.path as keyof typeof merged;
    return (input as Record<string, unknown>)[field] !== undefined || (field === 'installDate' && input.purchaseDate !== undefined);
  });
  if (input.productId !== undefined && input.productId !== before.product_id) await checkProductRef(ctx.db, input.productId, errors);
  if (input.customerId !== undefined && input.customerId !== before.customer_id) await checkCustomerRef(ctx.db, p, input.customerId, errors);
  if (errors.length) throw invalid(errors);
  if (input.serialNo !== undefined && input.serialNo !== before.serial_no && (await repo.serialsTaken(ctx.db, [input.serialNo], id)).size) throw serialTaken();

  const set: Record<string, unknown> = { updated_at: ctx.clock.now().toISOString(), ...changedColumns(input, UNIT_COLUMNS, (v) => (v === '' ? null : v)) };
  const productId = input.productId ?? before.product_id;
  const { rules } = await rulesOfProduct(ctx.db, productId);
  set.warranty_end = warrantyEnd(merged.purchaseDate, rules);
  await writeUnique(ctx, serialTaken, async (trx) => {
    if (!(await repo.updateUnitVersioned(trx, id, input.version, set))) throw conflict();
    const after = (await repo.getUnit(trx, id))!;
    if (after.customer_id !== before.customer_id) {
      await recordUnitEvent(trx, p, { customerId: after.customer_id, unitId: id, serial: after.serial_no, model: after.product_model, at: ctx.clock.now() });
    }
    await audit(trx, actx, { action: 'update', entity: 'product_unit', entityId: id, summary: after.serial_no, before: unitAudit(before), after: unitAudit(after) });
  });
  return getUnit(ctx, p, id);
}

export async function setUnitArchived(ctx: AppContext, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext): Promise<TUnitDetail> {
  requirePermission(p, 'service:catalogue');
  const before = await loadUnitInScope(ctx.db, p, id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateUnitVersioned(trx, id, version, { archived_at: archived ? now : null, updated_at: now }))) throw conflict();
    await audit(trx, actx, { action: archived ? 'archive' : 'restore', entity: 'product_unit', entityId: id, summary: before.serial_no });
  });
  return getUnit(ctx, p, id);
}
