// Spare-parts stock per outlet warehouse: every move is ONE conditional UPDATE whose affected-row count decides
// success, so concurrent moves can never oversell or drive stock negative, on SQLite and PostgreSQL alike, without
// explicit locks (PostgreSQL re-checks the WHERE of a waiting UPDATE against the row the other transaction
// committed). Every successful move writes a part_movements row. Callers run these inside their transaction and
// roll it back on a thrown error.
//
// Reservations are per order: what an order holds of a part at an outlet is
//   Σ reserve − Σ release − Σ issue.from_reserved   (movements of that order, outlet and part).
// A caller that reads it (issue with fromReservation, release with an order) must have written the order's row
// earlier in the same transaction (e.g. bumped its version), so that two moves for the same order take turns.
import { sql } from 'kysely';
import type { Tx } from '../../db';
import type { AppContext } from '../../platform/context';
import { AppError, invalid } from '../../platform/errors';

export interface StockMove {
  outletId: number;
  partId: number;
  qty: number;
  orderId?: number | null;
  note?: string | null;
  actorId: number | null;
  at: Date;
}

type MovementKind = 'receive' | 'transfer_out' | 'transfer_in' | 'reserve' | 'release' | 'issue' | 'return';

function assertQty(qty: number): void {
  if (!Number.isInteger(qty) || qty <= 0) throw invalid([{ path: 'qty', key: 'qty_positive_integer' }]);
}

async function movement(trx: Tx, m: StockMove, kind: MovementKind, outletId = m.outletId, fromReserved = 0): Promise<void> {
  await trx
    .insertInto('part_movements')
    .values({
      part_id: m.partId,
      outlet_id: outletId,
      kind,
      qty: m.qty,
      order_id: m.orderId ?? null,
      note: m.note ? m.note.slice(0, 200) : null,
      at: m.at.toISOString(),
      actor_id: m.actorId,
      from_reserved: fromReserved,
    })
    .execute();
}

/** The free stock (on hand minus reserved) of a part at an outlet; 0 when the outlet never held it. */
export async function availableStock(db: Tx, outletId: number, partId: number): Promise<number> {
  const row = await db
    .selectFrom('part_stock')
    .select(['on_hand', 'reserved'])
    .where('outlet_id', '=', outletId)
    .where('part_id', '=', partId)
    .executeTakeFirst();
  return row ? Number(row.on_hand) - Number(row.reserved) : 0;
}

async function outOfStock(trx: Tx, m: StockMove): Promise<AppError> {
  return new AppError(409, 'PART_OUT_OF_STOCK', [], { available: Math.max(0, await availableStock(trx, m.outletId, m.partId)) });
}

/** What the order holds reserved of the part at the outlet. */
export async function reservedForOrder(db: Tx, orderId: number, outletId: number, partId: number): Promise<number> {
  const row = await db
    .selectFrom('part_movements')
    .select(
      sql<number>`coalesce(sum(case kind when 'reserve' then qty when 'release' then -qty when 'issue' then -from_reserved else 0 end), 0)`.as('n'),
    )
    .where('order_id', '=', orderId)
    .where('outlet_id', '=', outletId)
    .where('part_id', '=', partId)
    .where('kind', 'in', ['reserve', 'release', 'issue'])
    .executeTakeFirstOrThrow();
  return Math.max(0, Number(row.n));
}

/**
 * Adds qty to the on-hand stock (creating the stock row on first receipt). When the free stock is back at the
 * part's minimum, the low-stock notice is re-armed in the same statement.
 */
async function addOnHand(trx: Tx, outletId: number, partId: number, qty: number, at: Date): Promise<void> {
  await trx
    .insertInto('part_stock')
    .values({ outlet_id: outletId, part_id: partId, on_hand: qty, reserved: 0, updated_at: at.toISOString(), low_notified_at: null })
    .onConflict((oc) =>
      oc.columns(['outlet_id', 'part_id']).doUpdateSet({
        on_hand: sql`part_stock.on_hand + ${qty}`,
        updated_at: at.toISOString(),
        low_notified_at: sql`case when part_stock.on_hand + ${qty} - part_stock.reserved >= (select p.min_stock from parts p where p.id = part_stock.part_id) then null else part_stock.low_notified_at end`,
      }),
    )
    .execute();
}

/** Goods received into an outlet's warehouse. */
export async function receiveStock(trx: Tx, m: StockMove): Promise<void> {
  assertQty(m.qty);
  await addOnHand(trx, m.outletId, m.partId, m.qty, m.at);
  await movement(trx, m, 'receive');
}

/** Moves free stock from m.outletId to m.toOutletId (transfer_out and transfer_in movements). */
export async function transferStock(trx: Tx, m: StockMove & { toOutletId: number }): Promise<void> {
  assertQty(m.qty);
  if (m.toOutletId === m.outletId) throw invalid([{ path: 'toOutletId', key: 'same_outlet' }]);
  const takeOut = async () => {
    const r = await trx
      .updateTable('part_stock')
      .set({ on_hand: sql`on_hand - ${m.qty}`, updated_at: m.at.toISOString() })
      .where('outlet_id', '=', m.outletId)
      .where('part_id', '=', m.partId)
      .where(sql<number>`on_hand - reserved`, '>=', m.qty)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw await outOfStock(trx, m);
  };
  // rows are always written in outlet-id order, so two opposite transfers cannot deadlock on PostgreSQL
  if (m.outletId < m.toOutletId) {
    await takeOut();
    await addOnHand(trx, m.toOutletId, m.partId, m.qty, m.at);
  } else {
    await addOnHand(trx, m.toOutletId, m.partId, m.qty, m.at);
    await takeOut();
  }
  await movement(trx, m, 'transfer_out', m.outletId);
  await movement(trx, m, 'transfer_in', m.toOutletId);
}

/** Sets stock aside for an order: reserved += qty, needs on_hand − reserved ≥ qty. */
export async function reserveStock(trx: Tx, m: StockMove): Promise<void> {
  assertQty(m.qty);
  const r = await trx
    .updateTable('part_stock')
    .set({ reserved: sql`reserved + ${m.qty}`, updated_at: m.at.toISOString() })
    .where('outlet_id', '=', m.outletId)
    .where('part_id', '=', m.partId)
    .where(sql<number>`on_hand - reserved`, '>=', m.qty)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw await outOfStock(trx, m);
  await movement(trx, m, 'reserve');
}

/** Gives a reservation back: reserved −= qty. With an order, no more than that order holds. */
export async function releaseStock(trx: Tx, m: StockMove): Promise<void> {
  assertQty(m.qty);
  if (m.orderId) {
    const held = await reservedForOrder(trx, m.orderId, m.outletId, m.partId);
    if (held < m.qty) throw new AppError(409, 'PART_NOT_RESERVED', [], { reserved: held });
  }
  const r = await trx
    .updateTable('part_stock')
    .set({
      reserved: sql`reserved - ${m.qty}`,
      updated_at: m.at.toISOString(),
      low_notified_at: sql`case when on_hand - reserved + ${m.qty} >= (select p.min_stock from parts p where p.id = part_stock.part_id) then null else low_notified_at end`,
    })
    .where('outlet_id', '=', m.outletId)
    .where('part_id', '=', m.partId)
    .where('reserved', '>=', m.qty)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'PART_NOT_RESERVED', [], { reserved: 0 });
  await movement(trx, m, 'release');
}

/**
 * Issues parts to an order: on_hand −= qty. With fromReservation, the order's own reservation is consumed first
 * (reserved −= min(reserved for this order, qty)); only the rest has to come from free stock.
 */
export async function issueStock(trx: Tx, m: StockMove & { fromReservation?: boolean }): Promise<void> {
  assertQty(m.qty);
  const fromReserved = m.fromReservation && m.orderId ? Math.min(await reservedForOrder(trx, m.orderId, m.outletId, m.partId), m.qty) : 0;
  const r = await trx
    .updateTable('part_stock')
    .set({ on_hand: sql`on_hand - ${m.qty}`, reserved: sql`reserved - ${fromReserved}`, updated_at: m.at.toISOString() })
    .where('outlet_id', '=', m.outletId)
    .where('part_id', '=', m.partId)
    .where(sql<number>`on_hand - reserved`, '>=', m.qty - fromReserved)
    .where('reserved', '>=', fromReserved)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw await outOfStock(trx, m);
  await movement(trx, m, 'issue', m.outletId, fromReserved);
}

/** An unused part comes back from an order into the outlet's stock. */
export async function returnStock(trx: Tx, m: StockMove): Promise<void> {
  assertQty(m.qty);
  await addOnHand(trx, m.outletId, m.partId, m.qty, m.at);
  await movement(trx, m, 'return');
}

/**
 * Call after the transaction of a stock move has committed. When the free stock of the part at the outlet is
 * below the part's minimum and no notice went out since it was last sufficient, notifies (in-app) every active
 * user holding service:parts, once per crossing; when the stock is sufficient again, re-arms the notice.
 * Answers whether a notice went out.
 */
export async function checkLowStock(ctx: AppContext, outletId: number, partId: number): Promise<boolean> {
  const now = ctx.clock.now();
  const minOf = sql<number>`(select p.min_stock from parts p where p.id = part_stock.part_id)`;
  return ctx.db.transaction().execute(async (trx) => {
    // the flag is claimed by one conditional UPDATE, so concurrent callers notify once
    const claimed = await trx
      .updateTable('part_stock')
      .set({ low_notified_at: now.toISOString() })
      .where('outlet_id', '=', outletId)
      .where('part_id', '=', partId)
      .where('low_notified_at', 'is', null)
      .where(sql<number>`on_hand - reserved`, '<', minOf)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      await trx
        .updateTable('part_stock')
        .set({ low_notified_at: null })
        .where('outlet_id', '=', outletId)
        .where('part_id', '=', partId)
        .where('low_notified_at', 'is not', null)
        .where(sql<number>`on_hand - reserved`, '>=', minOf)
        .execute();
      return false;
    }
    const info = await trx
      .selectFrom('part_stock')
      .innerJoin('parts', 'parts.id', 'part_stock.part_id')
      .innerJoin('outlets', 'outlets.id', 'part_stock.outlet_id')
      .select(['parts.code', 'parts.name', 'parts.unit', 'parts.min_stock', 'outlets.name as outlet_name', 'part_stock.on_hand', 'part_stock.reserved'])
      .where('part_stock.outlet_id', '=', outletId)
      .where('part_stock.part_id', '=', partId)
      .executeTakeFirstOrThrow();
    const available = Number(info.on_hand) - Number(info.reserved);
    for (const userId of await usersWithPermission(trx, 'service:parts')) {
      await ctx.notifier.notify(
        trx,
        {
          userId,
          key: 'notice.low_stock',
          params: {
            code: info.code,
            name: info.name,
            outlet: info.outlet_name,
            available,
            unit: info.unit,
            min: Number(info.min_stock),
            onHand: Number(info.on_hand),
            reserved: Number(info.reserved),
          },
          link: `/service/stock?outletId=${outletId}&partId=${partId}`,
        },
        now,
      );
    }
    return true;
  });
}

/** Active users whose roles grant the permission. */
async function usersWithPermission(db: Tx, permission: string): Promise<number[]> {
  const roles = await db.selectFrom('roles').select(['id', 'permissions']).execute();
  const roleIds = roles.filter((r) => (JSON.parse(r.permissions) as string[]).includes(permission)).map((r) => r.id);
  if (!roleIds.length) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .distinct()
    .where('user_roles.role_id', 'in', roleIds)
    .where('users.disabled', '=', 0)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}
