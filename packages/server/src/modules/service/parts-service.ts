// Spare-parts rules (保证配件供应, domain.md §1.7 and §4.4): the parts catalogue, stock receipts and transfers
// between outlet warehouses, parts issued to / reserved for / returned from service orders with the order's fees,
// and the consumption and fill-rate report.
//
// Fill rate (配件满足率): every valid request for a part on an order (POST …/orders/:id/parts) is recorded in
// part_requests with its outcome: 'issued' or 'reserved' when the stock served it at once, 'short' when it was
// refused with PART_OUT_OF_STOCK (the order then typically goes to 待配件). Over a period,
//   fill rate = (issued + reserved requests) ÷ all requests.
// Requests refused for other reasons (no permission, wrong order state, unknown part, bad quantity) are not
// requests to the parts store and are not counted.
import type { Selectable } from 'kysely';
import {
  PARTS_ORDER_STATES,
  type TOrderItem,
  type TOrderItems,
  type TOrderPartAdd,
  type TPart,
  type TPartCreate,
  type TPartListQuery,
  type TPartUpdate,
  type TPartsReport,
  type TPartsReportQuery,
  type TPartsReportRow,
  type TStockListQuery,
  type TStockReceive,
  type TStockRow,
  type TStockTransfer,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { ServiceOrderTable } from '../../db/schema-service';
import { audit, type AuditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { AppError, assertFound, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { offsetOf, parseSort, type Page } from '../../platform/paging';
import { can, inScope, requirePermission, type Principal } from '../../platform/permissions';
import { instantRange } from '../admin/calc';
import * as repo from './parts-repo';
import { checkLowStock, issueStock, receiveStock, releaseStock, reserveStock, returnStock, transferStock } from './stock';

type OrderRow = Selectable<ServiceOrderTable>;

const isUniqueViolation = (err: unknown) =>
  ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes((err as { code?: string } | null)?.code ?? '');

// ---------- catalogue ----------

function partOut(r: repo.PartRow & { category_name: string | null; available?: number }): TPart {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    unit: r.unit,
    listPriceFen: Number(r.list_price_fen),
    minStock: Number(r.min_stock),
    ...(r.available !== undefined ? { available: Number(r.available) } : {}),
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function partAudit(p: TPart) {
  return { code: p.code, name: p.name, categoryId: p.categoryId, unit: p.unit, listPriceFen: p.listPriceFen, minStock: p.minStock, archivedAt: p.archivedAt };
}

export async function listParts(ctx: AppContext, p: Principal, q: TPartListQuery): Promise<Page<TPart>> {
  requirePermission(p, 'service:read');
  const sort = parseSort(q.sort, repo.PART_SORTABLE, [{ column: 'parts.code', dir: 'asc' }]);
  const { rows, total } = await repo.listParts(
    ctx.db,
    { q: q.q, categoryId: q.categoryId, archived: q.archived },
    sort,
    q.pageSize,
    offsetOf(q.page, q.pageSize),
    q.outletId,
  );
  return { items: rows.map(partOut), total, page: q.page, pageSize: q.pageSize };
}

export async function getPart(ctx: AppContext, p: Principal, id: number): Promise<TPart> {
  requirePermission(p, 'service:read');
  return partOut(assertFound(await repo.getPart(ctx.db, id), 'PART_NOT_FOUND'));
}

async function checkCategory(db: Tx, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  const c = await db.selectFrom('product_categories').select(['id', 'archived_at']).where('id', '=', id).executeTakeFirst();
  if (!c) throw invalid([{ path: 'categoryId', key: 'unknown_category' }]);
  if (c.archived_at) throw invalid([{ path: 'categoryId', key: 'archived_category' }]);
}

const codeTaken = () => new AppError(409, 'PART_CODE_TAKEN', [{ path: 'code', key: 'duplicate_part_code' }]);

export async function createPart(ctx: AppContext, p: Principal, input: TPartCreate, actx: AuditContext): Promise<TPart> {
  requirePermission(p, 'service:catalogue');
  const now = ctx.clock.now().toISOString();
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      await checkCategory(trx, input.categoryId);
      if (await repo.partCodeTaken(trx, input.code)) throw codeTaken();
      const row = await trx
        .insertInto('parts')
        .values({
          code: input.code,
          name: input.name,
          category_id: input.categoryId ?? null,
          unit: input.unit,
          list_price_fen: input.listPriceFen,
          min_stock: input.minStock,
          archived_at: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const part = partOut(assertFound(await repo.getPart(trx, row.id)));
      await audit(trx, actx, { action: 'create', entity: 'part', entityId: row.id, summary: `${part.code} ${part.name}`, after: partAudit(part) });
      return row.id;
    });
    return partOut(assertFound(await repo.getPart(ctx.db, id), 'PART_NOT_FOUND'));
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}

export async function updatePart(ctx: AppContext, p: Principal, id: number, input: TPartUpdate, actx: AuditContext): Promise<TPart> {
  requirePermission(p, 'service:catalogue');
  const now = ctx.clock.now().toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const before = partOut(assertFound(await repo.getPart(trx, id), 'PART_NOT_FOUND'));
      if (before.version !== input.version) throw conflict();
      if (before.archivedAt) throw new AppError(409, 'PART_ARCHIVED');
      if (input.categoryId !== undefined) await checkCategory(trx, input.categoryId);
      if (input.code !== undefined && (await repo.partCodeTaken(trx, input.code, id))) throw codeTaken();
      const r = await trx
        .updateTable('parts')
        .set({
          ...(input.code !== undefined ? { code: input.code } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
          ...(input.unit !== undefined ? { unit: input.unit } : {}),
          ...(input.listPriceFen !== undefined ? { list_price_fen: input.listPriceFen } : {}),
          ...(input.minStock !== undefined ? { min_stock: input.minStock } : {}),
          updated_at: now,
          version: input.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw conflict();
      const after = partOut(assertFound(await repo.getPart(trx, id)));
      await audit(trx, actx, { action: 'update', entity: 'part', entityId: id, summary: `${after.code} ${after.name}`, before: partAudit(before), after: partAudit(after) });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
  return partOut(assertFound(await repo.getPart(ctx.db, id), 'PART_NOT_FOUND'));
}

export async function setPartArchived(ctx: AppContext, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext): Promise<TPart> {
  requirePermission(p, 'service:catalogue');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const before = partOut(assertFound(await repo.getPart(trx, id), 'PART_NOT_FOUND'));
    if (before.version !== version) throw conflict();
    const r = await trx
      .updateTable('parts')
      .set({ archived_at: archived ? now : null, updated_at: now, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict();
    await audit(trx, actx, { action: archived ? 'archive' : 'restore', entity: 'part', entityId: id, summary: `${before.code} ${before.name}` });
  });
  return partOut(assertFound(await repo.getPart(ctx.db, id), 'PART_NOT_FOUND'));
}

// ---------- stock ----------

export async function listStock(ctx: AppContext, p: Principal, q: TStockListQuery): Promise<Page<TStockRow>> {
  requirePermission(p, 'service:read');
  const { rows, total } = await repo.listStock(
    ctx.db,
    { outletId: q.outletId, partId: q.partId, q: q.q, low: q.low === 'true' },
    q.pageSize,
    offsetOf(q.page, q.pageSize),
  );
  return {
    items: rows.map((r) => {
      const onHand = Number(r.on_hand);
      const reserved = Number(r.reserved);
      const minStock = Number(r.min_stock);
      return {
        outletId: r.outlet_id,
        outletCode: r.outlet_code,
        outletName: r.outlet_name,
        partId: r.part_id,
        partCode: r.part_code,
        partName: r.part_name,
        unit: r.unit,
        onHand,
        reserved,
        available: onHand - reserved,
        minStock,
        low: onHand - reserved < minStock,
        updatedAt: r.updated_at,
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A part that can be moved: it exists and is not archived (field errors otherwise). */
async function movablePart(db: Tx, id: number) {
  const part = await db.selectFrom('parts').select(['id', 'code', 'name', 'unit', 'list_price_fen', 'archived_at']).where('id', '=', id).executeTakeFirst();
  if (!part) throw invalid([{ path: 'partId', key: 'unknown_part' }]);
  if (part.archived_at) throw invalid([{ path: 'partId', key: 'archived_part' }]);
  return part;
}

async function outletOrInvalid(db: Tx, id: number, path: string) {
  const o = await repo.activeOutlet(db, id);
  if (!o) throw invalid([{ path, key: 'unknown_outlet' }]);
  return o;
}

export async function receive(ctx: AppContext, p: Principal, input: TStockReceive, actx: AuditContext) {
  requirePermission(p, 'service:parts');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const outlet = await outletOrInvalid(trx, input.outletId, 'outletId');
    const part = await movablePart(trx, input.partId);
    await receiveStock(trx, { outletId: outlet.id, partId: part.id, qty: input.qty, note: input.note ?? null, actorId: p.userId, at: now });
    await audit(trx, actx, {
      action: 'receive',
      entity: 'part_stock',
      entityId: `${outlet.id}:${part.id}`,
      summary: `${outlet.name} ${part.code} +${input.qty}`,
      after: { outletId: outlet.id, partId: part.id, qty: input.qty, note: input.note ?? null },
    });
  });
  await checkLowStock(ctx, input.outletId, input.partId);
  return stockRow(ctx, p, input.outletId, input.partId);
}

export async function transfer(ctx: AppContext, p: Principal, input: TStockTransfer, actx: AuditContext) {
  requirePermission(p, 'service:parts');
  if (input.fromOutletId === input.toOutletId) throw invalid([{ path: 'toOutletId', key: 'same_outlet' }]);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const from = await outletOrInvalid(trx, input.fromOutletId, 'fromOutletId');
    const to = await outletOrInvalid(trx, input.toOutletId, 'toOutletId');
    const part = await movablePart(trx, input.partId);
    await transferStock(trx, { outletId: from.id, toOutletId: to.id, partId: part.id, qty: input.qty, note: input.note ?? null, actorId: p.userId, at: now });
    await audit(trx, actx, {
      action: 'transfer',
      entity: 'part_stock',
      entityId: `${from.id}:${part.id}`,
      summary: `${part.code} ${input.qty}: ${from.name} → ${to.name}`,
      after: { fromOutletId: from.id, toOutletId: to.id, partId: part.id, qty: input.qty, note: input.note ?? null },
    });
  });
  await checkLowStock(ctx, input.fromOutletId, input.partId);
  await checkLowStock(ctx, input.toOutletId, input.partId);
  const [from, to] = await Promise.all([stockRow(ctx, p, input.fromOutletId, input.partId), stockRow(ctx, p, input.toOutletId, input.partId)]);
  return { from, to };
}

async function stockRow(ctx: AppContext, p: Principal, outletId: number, partId: number): Promise<TStockRow> {
  const page = await listStock(ctx, p, { outletId, partId, page: 1, pageSize: 1 });
  return assertFound(page.items[0]);
}

// ---------- parts on a service order ----------

function itemOut(r: Awaited<ReturnType<typeof repo.orderItems>>[number]): TOrderItem {
  return {
    id: r.id,
    kind: r.kind,
    partId: r.part_id,
    partCode: r.part_code,
    unit: r.part_unit,
    description: r.description,
    qty: r.qty,
    returnedQty: Number(r.returned_qty),
    partState: r.part_state,
    outletId: r.outlet_id,
    unitPriceFen: Number(r.unit_price_fen),
    amountFen: Number(r.amount_fen),
    free: !!r.free,
    createdAt: r.created_at,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
  };
}

async function loadOrder(db: Tx, p: Principal, id: number): Promise<OrderRow> {
  const row = await db.selectFrom('service_orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.archived_at || !inScope(p, 'service', row)) throw notFound('ORDER_NOT_FOUND');
  return row;
}

export async function orderItems(ctx: AppContext, p: Principal, orderId: number): Promise<TOrderItems> {
  requirePermission(p, 'service:read');
  return itemsOf(ctx.db, await loadOrder(ctx.db, p, orderId));
}

async function itemsOf(db: Tx, o: OrderRow): Promise<TOrderItems> {
  const rows = await repo.orderItems(db, o.id);
  return {
    orderId: o.id,
    state: o.state,
    outletId: o.outlet_id,
    warranty: o.warranty,
    fees: { labourFen: Number(o.labour_fee_fen), calloutFen: Number(o.callout_fee_fen), partsFen: Number(o.parts_fee_fen), totalFen: Number(o.total_fee_fen) },
    version: o.version,
    items: rows.map(itemOut),
  };
}

const partsStates = new Set<string>(PARTS_ORDER_STATES);

/**
 * Opens a change of the order's part lines inside `trx`: the order must be in the caller's scope (404), the
 * caller its technician with service:work or a dispatcher (403), the order in a state that uses parts (409).
 * Writes the order's row first (version + 1), which also makes concurrent changes of the same order's parts take
 * turns, and answers the order as it is after that write.
 */
async function openOrderForParts(trx: Tx, p: Principal, orderId: number, now: Date): Promise<OrderRow> {
  const o = await loadOrder(trx, p, orderId);
  if (!(can(p, 'service:dispatch') || (can(p, 'service:work') && o.owner_id === p.userId))) throw forbidden();
  if (!partsStates.has(o.state)) throw new AppError(409, 'ORDER_STATE_INVALID');
  const r = await trx
    .updateTable('service_orders')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now.toISOString() }))
    .where('id', '=', orderId)
    .where('state', 'in', [...PARTS_ORDER_STATES])
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'ORDER_STATE_INVALID');
  // read again: another transaction may have changed the order (outlet, warranty) while this one waited
  const fresh = await trx.selectFrom('service_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  if (!fresh.outlet_id) throw new AppError(409, 'ORDER_NO_OUTLET');
  return fresh;
}

async function orderEvent(trx: Tx, o: OrderRow, action: string, actorId: number, now: Date, data: Record<string, unknown>) {
  await trx
    .insertInto('service_order_events')
    .values({ order_id: o.id, at: now.toISOString(), action, from_state: o.state, to_state: o.state, actor_id: actorId, note: null, data: JSON.stringify(data) })
    .execute();
}

/** Issues (or reserves) a part from the order's outlet and adds the part line, with the order's fees, in one transaction. */
export async function addOrderPart(ctx: AppContext, p: Principal, orderId: number, input: TOrderPartAdd, actx: AuditContext) {
  requirePermission(p, 'service:read');
  const now = ctx.clock.now();
  const reserve = input.reserve === true;
  // set once the request reached the parts store, so that a refusal is counted for the fill rate
  let asked: { outletId: number; partId: number } | null = null;
  try {
    const result = await ctx.db.transaction().execute(async (trx) => {
      const o = await openOrderForParts(trx, p, orderId, now);
      const part = await movablePart(trx, input.partId);
      const outletId = o.outlet_id!;
      asked = { outletId, partId: part.id };
      const move = { outletId, partId: part.id, qty: input.qty, orderId: o.id, note: o.code, actorId: p.userId, at: now };
      if (reserve) await reserveStock(trx, move);
      else await issueStock(trx, move);
      // under an agreement, parts are free unless its terms exclude them (parts_included = 0)
      const free = o.warranty === 'in' || (o.warranty === 'agreement' && o.parts_included !== 0);
      const price = Number(part.list_price_fen);
      const item = await trx
        .insertInto('service_order_items')
        .values({
          order_id: o.id,
          kind: 'part',
          part_id: part.id,
          description: `${part.code} ${part.name}`.slice(0, 200),
          qty: input.qty,
          unit_price_fen: price,
          amount_fen: free ? 0 : input.qty * price,
          free: free ? 1 : 0,
          created_at: now.toISOString(),
          created_by: p.userId,
          part_state: reserve ? 'reserved' : 'issued',
          outlet_id: outletId,
          returned_qty: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('part_requests')
        .values({ order_id: o.id, outlet_id: outletId, part_id: part.id, qty: input.qty, outcome: reserve ? 'reserved' : 'issued', at: now.toISOString(), actor_id: p.userId })
        .execute();
      await repo.refreshOrderFees(trx, o.id, now);
      await orderEvent(trx, o, reserve ? 'part_reserved' : 'part_issued', p.userId, now, { partId: part.id, code: part.code, qty: input.qty, itemId: item.id });
      await audit(trx, actx, {
        action: reserve ? 'part_reserve' : 'part_issue',
        entity: 'service_order',
        entityId: o.id,
        summary: `${o.code} ${part.code} × ${input.qty}`,
        after: { itemId: item.id, partId: part.id, qty: input.qty, outletId, free },
      });
      return { itemId: Number(item.id), outletId, partId: part.id };
    });
    await checkLowStock(ctx, result.outletId, result.partId);
    return { itemId: result.itemId, ...(await itemsOf(ctx.db, await loadOrder(ctx.db, p, orderId))) };
  } catch (err) {
    const a = asked as { outletId: number; partId: number } | null;
    if (a && err instanceof AppError && err.code === 'PART_OUT_OF_STOCK') {
      // outside the rolled-back transaction: the refusal itself is what the fill rate counts
      await ctx.db
        .insertInto('part_requests')
        .values({ order_id: orderId, outlet_id: a.outletId, part_id: a.partId, qty: input.qty, outcome: 'short', at: now.toISOString(), actor_id: p.userId })
        .execute();
    }
    throw err;
  }
}

async function partLine(trx: Tx, orderId: number, itemId: number) {
  const item = await repo.itemOfOrder(trx, orderId, itemId);
  if (!item || item.kind !== 'part' || !item.part_id || !item.outlet_id) throw notFound('PART_LINE_NOT_FOUND');
  const part = await trx.selectFrom('parts').select(['id', 'code', 'name']).where('id', '=', item.part_id).executeTakeFirstOrThrow();
  return { item, part, outletId: item.outlet_id };
}

/** Unused parts of an issued line go back to the outlet they came from; the line and the order's fees follow. */
export async function returnOrderPart(ctx: AppContext, p: Principal, orderId: number, itemId: number, qty: number, actx: AuditContext) {
  requirePermission(p, 'service:read');
  const now = ctx.clock.now();
  const r = await ctx.db.transaction().execute(async (trx) => {
    const o = await openOrderForParts(trx, p, orderId, now);
    const { item, part, outletId } = await partLine(trx, orderId, itemId);
    if (item.part_state !== 'issued') throw new AppError(409, 'PART_LINE_STATE_INVALID');
    if (qty > item.qty) throw invalid([{ path: 'qty', key: 'qty_exceeds_line' }]);
    await returnStock(trx, { outletId, partId: part.id, qty, orderId, note: o.code, actorId: p.userId, at: now });
    const left = item.qty - qty;
    await trx
      .updateTable('service_order_items')
      .set({ qty: left, returned_qty: Number(item.returned_qty) + qty, amount_fen: item.free ? 0 : left * Number(item.unit_price_fen) })
      .where('id', '=', item.id)
      .where('qty', '=', item.qty)
      .execute();
    await repo.refreshOrderFees(trx, orderId, now);
    await orderEvent(trx, o, 'part_returned', p.userId, now, { partId: part.id, code: part.code, qty, itemId: item.id });
    await audit(trx, actx, { action: 'part_return', entity: 'service_order', entityId: orderId, summary: `${o.code} ${part.code} × ${qty}`, after: { itemId: item.id, qty, left } });
    return { outletId, partId: part.id };
  });
  await checkLowStock(ctx, r.outletId, r.partId);
  return itemsOf(ctx.db, await loadOrder(ctx.db, p, orderId));
}

/** A reserved line is issued now (consuming the order's reservation); its amount starts counting in the fees. */
export async function issueReservedPart(ctx: AppContext, p: Principal, orderId: number, itemId: number, actx: AuditContext) {
  requirePermission(p, 'service:read');
  const now = ctx.clock.now();
  const r = await ctx.db.transaction().execute(async (trx) => {
    const o = await openOrderForParts(trx, p, orderId, now);
    const { item, part, outletId } = await partLine(trx, orderId, itemId);
    if (item.part_state !== 'reserved') throw new AppError(409, 'PART_LINE_STATE_INVALID');
    await issueStock(trx, { outletId, partId: part.id, qty: item.qty, orderId, note: o.code, actorId: p.userId, at: now, fromReservation: true });
    await trx.updateTable('service_order_items').set({ part_state: 'issued' }).where('id', '=', item.id).where('part_state', '=', 'reserved').execute();
    await repo.refreshOrderFees(trx, orderId, now);
    await orderEvent(trx, o, 'part_issued', p.userId, now, { partId: part.id, code: part.code, qty: item.qty, itemId: item.id, reserved: true });
    await audit(trx, actx, { action: 'part_issue', entity: 'service_order', entityId: orderId, summary: `${o.code} ${part.code} × ${item.qty}`, after: { itemId: item.id, fromReservation: true } });
    return { outletId, partId: part.id };
  });
  await checkLowStock(ctx, r.outletId, r.partId);
  return itemsOf(ctx.db, await loadOrder(ctx.db, p, orderId));
}

/** A reserved line is given up: the reservation goes back to free stock and the line is kept as released (amount 0). */
export async function releaseReservedPart(ctx: AppContext, p: Principal, orderId: number, itemId: number, actx: AuditContext) {
  requirePermission(p, 'service:read');
  const now = ctx.clock.now();
  const r = await ctx.db.transaction().execute(async (trx) => {
    const o = await openOrderForParts(trx, p, orderId, now);
    const { item, part, outletId } = await partLine(trx, orderId, itemId);
    if (item.part_state !== 'reserved') throw new AppError(409, 'PART_LINE_STATE_INVALID');
    await releaseStock(trx, { outletId, partId: part.id, qty: item.qty, orderId, note: o.code, actorId: p.userId, at: now });
    await trx.updateTable('service_order_items').set({ part_state: 'released', amount_fen: 0 }).where('id', '=', item.id).where('part_state', '=', 'reserved').execute();
    await repo.refreshOrderFees(trx, orderId, now);
    await orderEvent(trx, o, 'part_released', p.userId, now, { partId: part.id, code: part.code, qty: item.qty, itemId: item.id });
    await audit(trx, actx, { action: 'part_release', entity: 'service_order', entityId: orderId, summary: `${o.code} ${part.code} × ${item.qty}`, after: { itemId: item.id } });
    return { outletId, partId: part.id };
  });
  await checkLowStock(ctx, r.outletId, r.partId);
  return itemsOf(ctx.db, await loadOrder(ctx.db, p, orderId));
}

// ---------- report ----------

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

export async function partsReport(ctx: AppContext, p: Principal, q: TPartsReportQuery): Promise<TPartsReport> {
  requirePermission(p, 'service:read');
  if (!can(p, 'service:parts') && !can(p, 'service:kpi')) throw forbidden();
  if (q.to < q.from) throw invalid([{ path: 'to', key: 'range_end_before_start' }]);
  const range = instantRange(q.from, q.to, ctx.config.timezone);
  const r: repo.ReportRange = { from: range.from!, to: range.to!, outletId: q.outletId };
  const [used, asked, waiting] = await Promise.all([repo.consumption(ctx.db, r), repo.requests(ctx.db, r), repo.waitingPartsOrders(ctx.db, r)]);
  const parts = new Map((await repo.partsByIds(ctx.db, [...new Set([...used.map((u) => u.partId), ...asked.map((a) => a.partId)])])).map((x) => [x.id, x]));
  const rows: TPartsReportRow[] = [...parts.values()].map((part) => {
    const u = used.find((x) => x.partId === part.id);
    const a = asked.find((x) => x.partId === part.id);
    const issuedQty = u?.issued ?? 0;
    const returnedQty = u?.returned ?? 0;
    const requests = a?.requests ?? 0;
    const satisfied = a?.satisfied ?? 0;
    return {
      partId: part.id,
      code: part.code,
      name: part.name,
      unit: part.unit,
      issuedQty,
      returnedQty,
      netQty: issuedQty - returnedQty,
      valueFen: (issuedQty - returnedQty) * Number(part.list_price_fen),
      requests,
      satisfied,
      short: requests - satisfied,
      fillRate: ratio(satisfied, requests),
    };
  });
  rows.sort((a, b) => b.valueFen - a.valueFen || b.netQty - a.netQty || a.code.localeCompare(b.code));
  const sum = (f: (x: TPartsReportRow) => number) => rows.reduce((s, x) => s + f(x), 0);
  const requests = sum((x) => x.requests);
  const satisfied = sum((x) => x.satisfied);
  return {
    from: q.from,
    to: q.to,
    outletId: q.outletId ?? null,
    rows,
    totals: {
      issuedQty: sum((x) => x.issuedQty),
      returnedQty: sum((x) => x.returnedQty),
      netQty: sum((x) => x.netQty),
      valueFen: sum((x) => x.valueFen),
      requests,
      satisfied,
      short: requests - satisfied,
      fillRate: ratio(satisfied, requests),
      waitingPartsOrders: waiting,
    },
  };
}
