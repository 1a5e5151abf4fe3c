// SQL for product categories, products and product units (机器档案), and the unit's service history.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Tx } from '../../db';
import type { DB } from '../../db/schema';
import type { ProductCategoryTable, ProductTable, ProductUnitTable } from '../../db/schema-service';
import { addMonthsSql } from '../../db/date-sql';
import { searchCondition } from '../../db/search';
import type { ScopeFilter } from '../../platform/permissions';
import type { SortSpec } from '../../platform/paging';
import { queryTerms } from '../../platform/search-text';

const count = (v: unknown) => Number(v ?? 0);

/** `%term%` for LIKE with the wildcards of the term escaped (used with `escape '\'`). */
function likePattern(term: string) {
  return '%' + term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
const like = (column: string, pat: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pat} escape '\\'`;

export type Archived = 'false' | 'true' | 'all';
export type CategoryRow = Selectable<ProductCategoryTable>;
export type UnitTableRow = Selectable<ProductUnitTable>;

/** Orders of a unit that count as a completed repair (the work was done). */
export const DONE_STATES = ['completed', 'return_visited', 'evaluated', 'closed'] as const;

// ---------- categories ----------

export const CATEGORY_SORTABLE = { code: 'product_categories.code', name: 'product_categories.name', createdAt: 'product_categories.id' } as const;
export type CategorySortColumn = (typeof CATEGORY_SORTABLE)[keyof typeof CATEGORY_SORTABLE];

function categoryConditions(eb: ExpressionBuilder<DB, 'product_categories'>, f: { q?: string; archived: Archived }): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.archived === 'false') c.push(eb('product_categories.archived_at', 'is', null));
  if (f.archived === 'true') c.push(eb('product_categories.archived_at', 'is not', null));
  if (f.q) {
    const pat = likePattern(f.q);
    c.push(eb.or([like('product_categories.code', pat), like('product_categories.name', pat)]));
  }
  return c;
}

const activeProducts = (eb: ExpressionBuilder<DB, 'product_categories'>) =>
  eb
    .selectFrom('products')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('products.category_id', '=', 'product_categories.id')
    .where('products.archived_at', 'is', null)
    .as('product_count');

export async function listCategories(db: Tx, f: { q?: string; archived: Archived }, sort: SortSpec<CategorySortColumn>, limit: number, offset: number) {
  let q = db
    .selectFrom('product_categories')
    .selectAll('product_categories')
    .select((eb) => activeProducts(eb))
    .where((eb) => eb.and(categoryConditions(eb, f)));
  for (const s of sort) q = q.orderBy(s.column, s.dir);
  const rows = await q.orderBy('product_categories.id', 'asc').limit(limit).offset(offset).execute();
  const total = await db
    .selectFrom('product_categories')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(categoryConditions(eb, f)))
    .executeTakeFirstOrThrow();
  return { rows: rows.map((r) => ({ ...r, product_count: count(r.product_count) })), total: count(total.n) };
}

export async function getCategory(db: Tx, id: number) {
  const r = await db
    .selectFrom('product_categories')
    .selectAll('product_categories')
    .select((eb) => activeProducts(eb))
    .where('product_categories.id', '=', id)
    .executeTakeFirst();
  return r && { ...r, product_count: count(r.product_count) };
}
export type CategoryWithCount = NonNullable<Awaited<ReturnType<typeof getCategory>>>;

export async function categoryCodeTaken(db: Tx, code: string, exceptId?: number): Promise<boolean> {
  const r = await db
    .selectFrom('product_categories')
    .select('id')
    .where('code', '=', code)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  return !!r;
}

export async function insertCategory(db: Tx, row: Insertable<ProductCategoryTable>): Promise<number> {
  return (await db.insertInto('product_categories').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Optimistic update: false when the version did not match. */
export async function updateCategoryVersioned(db: Tx, id: number, version: number, set: Partial<Record<keyof ProductCategoryTable, unknown>>): Promise<boolean> {
  const res = await db
    .updateTable('product_categories')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---------- products ----------

export const PRODUCT_SORTABLE = { model: 'products.model', name: 'products.name', createdAt: 'products.id', listPriceFen: 'products.list_price_fen' } as const;
export type ProductSortColumn = (typeof PRODUCT_SORTABLE)[keyof typeof PRODUCT_SORTABLE];

const PRODUCT_COLUMNS = [
  'products.id',
  'products.model',
  'products.name',
  'products.category_id',
  'products.warranty_months',
  'products.maintenance_interval_days',
  'products.design_life_years',
  'products.list_price_fen',
  'products.skill',
  'products.note',
  'products.archived_at',
  'products.created_at',
  'products.updated_at',
  'products.version',
  'product_categories.code as category_code',
  'product_categories.name as category_name',
  'product_categories.warranty_months as category_warranty_months',
] as const;

export interface ProductFilter {
  q?: string;
  archived: Archived;
  categoryId?: number;
}

function productConditions(eb: ExpressionBuilder<DB, 'products'>, f: ProductFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.archived === 'false') c.push(eb('products.archived_at', 'is', null));
  if (f.archived === 'true') c.push(eb('products.archived_at', 'is not', null));
  if (f.categoryId) c.push(eb('products.category_id', '=', f.categoryId));
  if (f.q) {
    const pat = likePattern(f.q);
    c.push(eb.or([like('products.model', pat), like('products.name', pat)]));
  }
  return c;
}

export async function listProducts(db: Tx, f: ProductFilter, sort: SortSpec<ProductSortColumn>, limit: number, offset: number) {
  let q = db
    .selectFrom('products')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .select(PRODUCT_COLUMNS)
    .where((eb) => eb.and(productConditions(eb, f)));
  for (const s of sort) q = q.orderBy(s.column, s.dir);
  const rows = await q.orderBy('products.id', 'asc').limit(limit).offset(offset).execute();
  const total = await db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(productConditions(eb, f)))
    .executeTakeFirstOrThrow();
  return { rows, total: count(total.n) };
}
export type ProductRow = Awaited<ReturnType<typeof listProducts>>['rows'][number];

export async function getProduct(db: Tx, id: number): Promise<ProductRow | undefined> {
  return db
    .selectFrom('products')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .select(PRODUCT_COLUMNS)
    .where('products.id', '=', id)
    .executeTakeFirst();
}

export async function productsByModels(db: Tx, models: string[]) {
  if (!models.length) return [];
  return db.selectFrom('products').select(['id', 'model', 'archived_at']).where('model', 'in', models).execute();
}

export async function productModelTaken(db: Tx, model: string, exceptId?: number): Promise<boolean> {
  const r = await db
    .selectFrom('products')
    .select('id')
    .where('model', '=', model)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  return !!r;
}

export async function insertProduct(db: Tx, row: Insertable<ProductTable>): Promise<number> {
  return (await db.insertInto('products').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateProductVersioned(db: Tx, id: number, version: number, set: Partial<Record<keyof ProductTable, unknown>>): Promise<boolean> {
  const res = await db
    .updateTable('products')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The products whose warranty follows the category's months (no months of their own). */
export async function productsFollowingCategory(db: Tx, categoryId: number): Promise<number[]> {
  const rows = await db.selectFrom('products').select('id').where('category_id', '=', categoryId).where('warranty_months', 'is', null).execute();
  return rows.map((r) => r.id);
}

/**
 * Recomputes warranty_end of every unit of the products in SQL: one statement per product, however many units.
 * Answers the number of units updated.
 */
export async function recomputeWarrantyEnds(db: Tx, productIds: number[], now: string): Promise<number> {
  if (!productIds.length) return 0;
  const products = await db
    .selectFrom('products')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .select(['products.id', 'products.warranty_months', 'product_categories.warranty_months as category_months'])
    .where('products.id', 'in', productIds)
    .execute();
  let n = 0;
  for (const p of products) {
    const months = Math.max(0, p.warranty_months ?? p.category_months);
    const res = await db
      .updateTable('product_units')
      .set({ warranty_end: addMonthsSql(db, 'purchase_date', months), updated_at: now })
      .where('product_id', '=', p.id)
      .where('purchase_date', 'is not', null)
      .executeTakeFirst();
    n += Number(res.numUpdatedRows);
  }
  return n;
}

// ---------- units ----------

export const UNIT_SORTABLE = {
  createdAt: 'product_units.id',
  serialNo: 'product_units.serial_no',
  purchaseDate: 'product_units.purchase_date',
  warrantyEnd: 'product_units.warranty_end',
  installDate: 'product_units.install_date',
} as const;
export type UnitSortColumn = (typeof UNIT_SORTABLE)[keyof typeof UNIT_SORTABLE];

export interface UnitFilter {
  q?: string;
  archived: Archived;
  customerId?: number;
  productId?: number;
  categoryId?: number;
  warranty?: 'in' | 'out' | 'unknown';
  /** today's local date for the warranty filter */
  today: string;
}

type UnitEB = ExpressionBuilder<DB, 'product_units' | 'products' | 'customers'>;

/** The customer module's data scope, applied to the unit's customer in SQL (the same rule as inScope). */
function customerScope(eb: UnitEB, scope: ScopeFilter): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'own' || scope.unitIds.length === 0) return eb('customers.owner_id', '=', scope.userId);
  return eb.or([eb('customers.owner_id', '=', scope.userId), eb('customers.team_id', 'in', scope.unitIds)]);
}

/**
 * q over 2 million units, every branch index-backed: the serial number exactly or as a prefix (unique index), the
 * quality-card number exactly (migration 019), or the customer's name through the customer search index.
 */
function unitSearch(db: Tx, eb: UnitEB, q: string): Expression<SqlBool> {
  const term = q.trim();
  const variants = [...new Set([term, term.toUpperCase()])];
  const branches: Expression<SqlBool>[] = [
    eb('product_units.serial_no', 'in', variants),
    // prefix as a range, so that the B-tree serves it on both databases (LIKE 'x%' does not under every collation)
    eb.and([eb('product_units.serial_no', '>=', term.toUpperCase()), eb('product_units.serial_no', '<', term.toUpperCase() + '\uffff')]),
    eb('product_units.quality_card_no', 'in', variants),
  ];
  const terms = queryTerms(term);
  if (terms.length) {
    branches.push(sql<SqlBool>`product_units.customer_id in (select customers.id from customers where ${searchCondition(db, terms)})`);
  }
  return eb.or(branches);
}

function unitConditions(db: Tx, eb: UnitEB, f: UnitFilter, scope: ScopeFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [customerScope(eb, scope)];
  if (f.archived === 'false') c.push(eb('product_units.archived_at', 'is', null));
  if (f.archived === 'true') c.push(eb('product_units.archived_at', 'is not', null));
  if (f.customerId) c.push(eb('product_units.customer_id', '=', f.customerId));
  if (f.productId) c.push(eb('product_units.product_id', '=', f.productId));
  if (f.categoryId) c.push(eb('products.category_id', '=', f.categoryId));
  if (f.warranty === 'unknown') c.push(eb('product_units.warranty_end', 'is', null));
  if (f.warranty === 'in') c.push(eb('product_units.warranty_end', '>=', f.today));
  if (f.warranty === 'out') c.push(eb('product_units.warranty_end', '<', f.today));
  if (f.q?.trim()) c.push(unitSearch(db, eb, f.q));
  return c;
}

const UNIT_COLUMNS = [
  'product_units.id',
  'product_units.serial_no',
  'product_units.product_id',
  'product_units.customer_id',
  'product_units.purchase_date',
  'product_units.dealer',
  'product_units.invoice_no',
  'product_units.install_date',
  'product_units.quality_card_no',
  'product_units.warranty_end',
  'product_units.region_code',
  'product_units.address',
  'product_units.note',
  'product_units.archived_at',
  'product_units.created_by',
  'product_units.created_at',
  'product_units.updated_at',
  'product_units.version',
  'products.model as product_model',
  'products.name as product_name',
  'products.category_id',
  'product_categories.name as category_name',
  'customers.code as customer_code',
  'customers.name as customer_name',
  'customers.owner_id as customer_owner_id',
  'customers.team_id as customer_team_id',
  'customers.archived_at as customer_archived_at',
] as const;

const unitBase = (db: Tx) =>
  db
    .selectFrom('product_units')
    .innerJoin('products', 'products.id', 'product_units.product_id')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .innerJoin('customers', 'customers.id', 'product_units.customer_id');

export async function listUnits(db: Tx, f: UnitFilter, scope: ScopeFilter, sort: SortSpec<UnitSortColumn>, limit: number, offset: number) {
  let q = unitBase(db)
    .select(UNIT_COLUMNS)
    .where((eb) => eb.and(unitConditions(db, eb, f, scope)));
  for (const s of sort) q = q.orderBy(s.column, s.dir);
  const rows = await q.orderBy('product_units.id', 'desc').limit(limit).offset(offset).execute();
  const total = await db
    .selectFrom('product_units')
    .innerJoin('products', 'products.id', 'product_units.product_id')
    .innerJoin('customers', 'customers.id', 'product_units.customer_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(unitConditions(db, eb, f, scope)))
    .executeTakeFirstOrThrow();
  return { rows, total: count(total.n) };
}
export type UnitRow = Awaited<ReturnType<typeof listUnits>>['rows'][number];

export async function getUnit(db: Tx, id: number): Promise<UnitRow | undefined> {
  return unitBase(db).select(UNIT_COLUMNS).where('product_units.id', '=', id).executeTakeFirst();
}

export async function serialsTaken(db: Tx, serials: string[], exceptId?: number): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < serials.length; i += 500) {
    const rows = await db
      .selectFrom('product_units')
      .select('serial_no')
      .where('serial_no', 'in', serials.slice(i, i + 500))
      .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
      .execute();
    rows.forEach((r) => out.add(r.serial_no));
  }
  return out;
}

export async function insertUnit(db: Tx, row: Insertable<ProductUnitTable>): Promise<number> {
  return (await db.insertInto('product_units').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertUnits(db: Tx, rows: Insertable<ProductUnitTable>[]): Promise<{ id: number; serial_no: string }[]> {
  const out: { id: number; serial_no: string }[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    out.push(...(await db.insertInto('product_units').values(rows.slice(i, i + 200)).returning(['id', 'serial_no']).execute()));
  }
  return out;
}

export async function updateUnitVersioned(db: Tx, id: number, version: number, set: Partial<Record<keyof ProductUnitTable, unknown>>): Promise<boolean> {
  const res = await db
    .updateTable('product_units')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Moves a merged customer's units to the customer it was merged into. */
export async function moveUnitsToCustomer(db: Tx, targetId: number, sourceId: number): Promise<void> {
  await db.updateTable('product_units').set({ customer_id: targetId }).where('customer_id', '=', sourceId).execute();
}

/** Completed in-warranty repairs of a unit (they count towards an exchange under 三包). */
export async function completedWarrantyRepairs(db: Tx, unitId: number, before?: string): Promise<number> {
  const r = await db
    .selectFrom('service_orders')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('unit_id', '=', unitId)
    .where('type', '=', 'repair')
    .where('warranty', '=', 'in')
    .where('state', 'in', [...DONE_STATES])
    .$if(!!before, (q) => q.where('completed_at', '<', before!))
    .executeTakeFirstOrThrow();
  return count(r.n);
}

/** A unit's service orders within the caller's service scope (another technician's orders stay hidden), newest first. */
export async function ordersOfUnit(db: Tx, unitId: number, scope: ScopeFilter, limit = 200) {
  return db
    .selectFrom('service_orders')
    .select(['id', 'code', 'type', 'state', 'warranty', 'created_at', 'completed_at'])
    .where('unit_id', '=', unitId)
    .where('archived_at', 'is', null)
    .$if(scope.kind === 'own' || (scope.kind === 'units' && scope.unitIds.length === 0), (q) => q.where('owner_id', '=', (scope as { userId: number }).userId))
    .$if(scope.kind === 'units' && scope.unitIds.length > 0, (q) =>
      q.where((eb) => eb.or([eb('owner_id', '=', (scope as { userId: number }).userId), eb('team_id', 'in', (scope as { unitIds: number[] }).unitIds)])),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function customersByCodes(db: Tx, codes: string[]) {
  const out: { id: number; code: string; owner_id: number | null; team_id: number | null; archived_at: string | null }[] = [];
  for (let i = 0; i < codes.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('customers')
        .select(['id', 'code', 'owner_id', 'team_id', 'archived_at'])
        .where('code', 'in', codes.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
