// SQL of the spare-parts area: catalogue, stock lists, part lines of orders, and the consumption / fill-rate report.
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Tx } from '../../db';
import type { DB } from '../../db/schema';
import type { PartTable, ServiceOrderItemTable } from '../../db/schema-service';
import type { SortSpec } from '../../platform/paging';

const count = (v: unknown) => Number(v ?? 0);

/** `%term%` for LIKE with the wildcards of the term escaped (used with `escape '\'`). */
function likePattern(term: string) {
  return '%' + term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
const like = (column: string, pat: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pat} escape '\\'`;

export type PartRow = Selectable<PartTable>;
export type ItemRow = Selectable<ServiceOrderItemTable>;

// ---------- catalogue ----------

export const PART_SORTABLE = {
  code: 'parts.code',
  name: 'parts.name',
  listPriceFen: 'parts.list_price_fen',
  minStock: 'parts.min_stock',
  createdAt: 'parts.id',
} as const;
export type PartSortColumn = (typeof PART_SORTABLE)[keyof typeof PART_SORTABLE];

export interface PartFilter {
  q?: string;
  categoryId?: number;
  archived: 'false' | 'true' | 'all';
}

function partConditions(eb: ExpressionBuilder<DB, 'parts'>, f: PartFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.archived === 'false') c.push(eb('parts.archived_at', 'is', null));
  if (f.archived === 'true') c.push(eb('parts.archived_at', 'is not', null));
  if (f.categoryId) c.push(eb('parts.category_id', '=', f.categoryId));
  if (f.q) {
    const pat = likePattern(f.q);
    c.push(eb.or([like('parts.code', pat), like('parts.name', pat)]));
  }
  return c;
}

export async function listParts(db: Tx, f: PartFilter, sort: SortSpec<PartSortColumn>, limit: number, offset: number, outletId?: number) {
  let q = db
    .selectFrom('parts')
    .leftJoin('product_categories', 'product_categories.id', 'parts.category_id')
    .selectAll('parts')
    .select('product_categories.name as category_name')
    .$if(outletId !== undefined, (qb) =>
      qb
        .leftJoin('part_stock', (j) => j.onRef('part_stock.part_id', '=', 'parts.id').on('part_stock.outlet_id', '=', outletId!))
        .select(sql<number>`coalesce(part_stock.on_hand - part_stock.reserved, 0)`.as('available')),
    )
    .where((eb) => eb.and(partConditions(eb, f)));
  for (const s of sort) q = q.orderBy(s.column, s.dir);
  const rows = await q.orderBy('parts.id', 'asc').limit(limit).offset(offset).execute();
  const total = await db
    .selectFrom('parts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(partConditions(eb, f)))
    .executeTakeFirstOrThrow();
  return { rows: rows as (PartRow & { category_name: string | null; available?: number })[], total: count(total.n) };
}

export async function getPart(db: Tx, id: number) {
  return db
    .selectFrom('parts')
    .leftJoin('product_categories', 'product_categories.id', 'parts.category_id')
    .selectAll('parts')
    .select('product_categories.name as category_name')
    .where('parts.id', '=', id)
    .executeTakeFirst();
}

export async function partCodeTaken(db: Tx, code: string, exceptId?: number): Promise<boolean> {
  const row = await db
    .selectFrom('parts')
    .select('id')
    .where(sql<SqlBool>`lower(code) = ${code.toLowerCase()}`)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return !!row;
}

// ---------- stock ----------

export interface StockFilter {
  outletId?: number;
  partId?: number;
  q?: string;
  low?: boolean;
}

function stockConditions(eb: ExpressionBuilder<DB, 'part_stock' | 'parts' | 'outlets'>, f: StockFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.outletId) c.push(eb('part_stock.outlet_id', '=', f.outletId));
  if (f.partId) c.push(eb('part_stock.part_id', '=', f.partId));
  if (f.low) c.push(sql<SqlBool>`part_stock.on_hand - part_stock.reserved < parts.min_stock`);
  if (f.q) {
    const pat = likePattern(f.q);
    c.push(eb.or([like('parts.code', pat), like('parts.name', pat)]));
  }
  return c;
}

export async function listStock(db: Tx, f: StockFilter, limit: number, offset: number) {
  const base = () =>
    db
      .selectFrom('part_stock')
      .innerJoin('parts', 'parts.id', 'part_stock.part_id')
      .innerJoin('outlets', 'outlets.id', 'part_stock.outlet_id')
      .where((eb) => eb.and(stockConditions(eb, f)));
  const rows = await base()
    .select([
      'part_stock.outlet_id',
      'part_stock.part_id',
      'part_stock.on_hand',
      'part_stock.reserved',
      'part_stock.updated_at',
      'parts.code as part_code',
      'parts.name as part_name',
      'parts.unit',
      'parts.min_stock',
      'outlets.code as outlet_code',
      'outlets.name as outlet_name',
    ])
    .orderBy('outlets.code')
    .orderBy('parts.code')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await base()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: count(total.n) };
}

export async function activeOutlet(db: Tx, id: number) {
  return db.selectFrom('outlets').select(['id', 'code', 'name']).where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
}

// ---------- part lines of orders ----------

export async function orderItems(db: Tx, orderId: number) {
  return db
    .selectFrom('service_order_items')
    .leftJoin('parts', 'parts.id', 'service_order_items.part_id')
    .leftJoin('users', 'users.id', 'service_order_items.created_by')
    .selectAll('service_order_items')
    .select(['parts.code as part_code', 'parts.unit as part_unit', 'users.display_name as created_by_name'])
    .where('service_order_items.order_id', '=', orderId)
    .orderBy('service_order_items.id')
    .execute();
}

export async function itemOfOrder(db: Tx, orderId: number, itemId: number): Promise<ItemRow | undefined> {
  return db.selectFrom('service_order_items').selectAll().where('id', '=', itemId).where('order_id', '=', orderId).executeTakeFirst();
}

/** parts fee = the issued part lines; total = labour + call-out + parts (the order's other fee columns as they are). */
export async function refreshOrderFees(db: Tx, orderId: number, now: Date): Promise<void> {
  const parts = sql<number>`(select coalesce(sum(i.amount_fen), 0) from service_order_items i where i.order_id = ${orderId} and i.kind = 'part' and i.part_state = 'issued')`;
  await db
    .updateTable('service_orders')
    .set({
      parts_fee_fen: parts,
      total_fee_fen: sql<number>`labour_fee_fen + callout_fee_fen + ${parts}`,
      updated_at: now.toISOString(),
    })
    .where('id', '=', orderId)
    .execute();
}

// ---------- report ----------

export interface ReportRange {
  from: string;
  to: string;
  outletId?: number;
}

/** Issued and returned quantities of parts on orders, per part, by the time of the movement. */
export async function consumption(db: Tx, r: ReportRange) {
  const rows = await db
    .selectFrom('part_movements')
    .select([
      'part_id',
      sql<number>`sum(case when kind = 'issue' then qty else 0 end)`.as('issued'),
      sql<number>`sum(case when kind = 'return' then qty else 0 end)`.as('returned'),
    ])
    .where('at', '>=', r.from)
    .where('at', '<', r.to)
    .where('kind', 'in', ['issue', 'return'])
    .where('order_id', 'is not', null)
    .$if(r.outletId !== undefined, (q) => q.where('outlet_id', '=', r.outletId!))
    .groupBy('part_id')
    .execute();
  return rows.map((x) => ({ partId: x.part_id, issued: count(x.issued), returned: count(x.returned) }));
}

/** Part requests on orders per part: all of them, and those served from stock at once. */
export async function requests(db: Tx, r: ReportRange) {
  const rows = await db
    .selectFrom('part_requests')
    .select([
      'part_id',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when outcome = 'short' then 0 else 1 end)`.as('satisfied'),
    ])
    .where('at', '>=', r.from)
    .where('at', '<', r.to)
    .$if(r.outletId !== undefined, (q) => q.where('outlet_id', '=', r.outletId!))
    .groupBy('part_id')
    .execute();
  return rows.map((x) => ({ partId: x.part_id, requests: count(x.n), satisfied: count(x.satisfied) }));
}

/** Orders that entered 待配件 (waiting_parts) in the range (at the outlet they belong to now). */
export async function waitingPartsOrders(db: Tx, r: ReportRange): Promise<number> {
  const row = await db
    .selectFrom('service_order_events')
    .innerJoin('service_orders', 'service_orders.id', 'service_order_events.order_id')
    .select(sql<number>`count(distinct service_order_events.order_id)`.as('n'))
    .where('service_order_events.action', '=', 'wait_parts')
    .where('service_order_events.at', '>=', r.from)
    .where('service_order_events.at', '<', r.to)
    .$if(r.outletId !== undefined, (q) => q.where('service_orders.outlet_id', '=', r.outletId!))
    .executeTakeFirstOrThrow();
  return count(row.n);
}

export async function partsByIds(db: Tx, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('parts').select(['id', 'code', 'name', 'unit', 'list_price_fen']).where('id', 'in', ids).execute();
}
