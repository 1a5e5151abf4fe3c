// SQL for return and exchange requests (退换货) and their history.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool } from 'kysely';
import { RETURN_OPEN_STATES } from '@kehu/shared';
import type { Tx } from '../../db';
import type { DB } from '../../db/schema';
import type { ServiceReturnEventTable, ServiceReturnTable } from '../../db/schema-service';
import type { ScopeFilter } from '../../platform/permissions';
import { searchCondition } from '../../db/search';
import { queryTerms } from '../../platform/search-text';

export type ReturnRow = Selectable<ServiceReturnTable>;
export type ReturnPatch = Partial<Record<keyof ServiceReturnTable, unknown>>;

const count = (v: unknown) => Number(v ?? 0);


type ListEB = ExpressionBuilder<DB, 'service_returns' | 'customers' | 'products' | 'product_units'>;

/** The customer module's data scope on the request's customer (the same rule as inScope). */
function customerScope(eb: ListEB, scope: ScopeFilter): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'own' || scope.unitIds.length === 0) return eb('customers.owner_id', '=', scope.userId);
  return eb.or([eb('customers.owner_id', '=', scope.userId), eb('customers.team_id', 'in', scope.unitIds)]);
}

export interface ReturnFilter {
  q?: string;
  state?: string;
  type?: string;
  customerId?: number;
  unitId?: number;
}

function conditions(db: Tx, eb: ListEB, f: ReturnFilter, scope: ScopeFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [customerScope(eb, scope), eb('service_returns.archived_at', 'is', null)];
  if (f.state === 'open') c.push(eb('service_returns.state', 'in', [...RETURN_OPEN_STATES]));
  else if (f.state) c.push(eb('service_returns.state', '=', f.state));
  if (f.type) c.push(eb('service_returns.type', '=', f.type));
  if (f.customerId) c.push(eb('service_returns.customer_id', '=', f.customerId));
  if (f.unitId) c.push(eb('service_returns.unit_id', '=', f.unitId));
  if (f.q) {
    // every branch index-backed: the request's code, the unit's serial and the order/invoice number exactly, the
    // customer's name through the customer search index
    const term = f.q.trim();
    const terms = queryTerms(term);
    c.push(
      eb.or([
        eb('service_returns.code', '=', term.toUpperCase()),
        eb('service_returns.order_no', '=', term),
        sql<SqlBool>`service_returns.unit_id in (select id from product_units where serial_no in (${term}, ${term.toUpperCase()}))`,
        ...(terms.length ? [sql<SqlBool>`service_returns.customer_id in (select customers.id from customers where ${searchCondition(db, terms)})`] : []),
      ]),
    );
  }
  return c;
}

const listBase = (db: Tx) =>
  db
    .selectFrom('service_returns')
    .innerJoin('customers', 'customers.id', 'service_returns.customer_id')
    .innerJoin('products', 'products.id', 'service_returns.product_id')
    .leftJoin('product_units', 'product_units.id', 'service_returns.unit_id');

export async function listReturns(db: Tx, f: ReturnFilter, scope: ScopeFilter, limit: number, offset: number) {
  const rows = await listBase(db)
    .select([
      'service_returns.id',
      'service_returns.code',
      'service_returns.type',
      'service_returns.reason',
      'service_returns.state',
      'service_returns.customer_id',
      'customers.name as customer_name',
      'service_returns.unit_id',
      'product_units.serial_no',
      'products.model as product_model',
      'products.name as product_name',
      'service_returns.qty',
      'service_returns.request_date',
      'service_returns.purchase_date',
      'service_returns.eligible',
      'service_returns.override_reason',
      'service_returns.decision',
      'service_returns.refund_fen',
      'service_returns.created_at',
      'service_returns.version',
    ])
    .where((eb) => eb.and(conditions(db, eb, f, scope)))
    .orderBy('service_returns.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await listBase(db)
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(conditions(db, eb, f, scope)))
    .executeTakeFirstOrThrow();
  return { rows, total: count(total.n) };
}

/** The request with its customer's owner and team (for the scope check). */
export async function getReturn(db: Tx, id: number) {
  return db
    .selectFrom('service_returns')
    .innerJoin('customers', 'customers.id', 'service_returns.customer_id')
    .selectAll('service_returns')
    .select(['customers.owner_id as customer_owner_id', 'customers.team_id as customer_team_id'])
    .where('service_returns.id', '=', id)
    .executeTakeFirst();
}
export type ReturnWithScope = NonNullable<Awaited<ReturnType<typeof getReturn>>>;

export async function insertReturn(db: Tx, row: Insertable<ServiceReturnTable>): Promise<number> {
  return Number((await db.insertInto('service_returns').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

/** Optimistic update: false when the version did not match. */
export async function updateReturnVersioned(db: Tx, id: number, version: number, set: ReturnPatch): Promise<boolean> {
  const res = await db
    .updateTable('service_returns')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertEvent(db: Tx, row: Insertable<ServiceReturnEventTable>): Promise<void> {
  await db.insertInto('service_return_events').values(row).execute();
}

export async function eventsOf(db: Tx, id: number) {
  return db
    .selectFrom('service_return_events')
    .leftJoin('users', 'users.id', 'service_return_events.actor_id')
    .select([
      'service_return_events.id',
      'service_return_events.at',
      'service_return_events.action',
      'service_return_events.from_state',
      'service_return_events.to_state',
      'service_return_events.note',
      'service_return_events.data',
      'users.display_name as actor_name',
    ])
    .where('service_return_events.return_id', '=', id)
    .orderBy('service_return_events.id')
    .execute();
}

/** An open request for the unit, other than `exceptId`. */
export async function openReturnForUnit(db: Tx, unitId: number, exceptId?: number) {
  return db
    .selectFrom('service_returns')
    .select(['id', 'code'])
    .where('unit_id', '=', unitId)
    .where('state', 'in', [...RETURN_OPEN_STATES])
    .where('archived_at', 'is', null)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
}

/** The request that took the unit back (refunded or exchanged), if any. */
export async function returnedBy(db: Tx, unitId: number) {
  return db
    .selectFrom('service_returns')
    .select(['id', 'code', 'decision'])
    .where('unit_id', '=', unitId)
    .where('decision', 'in', ['refund', 'exchange'])
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

/** A product with its category's 三包 columns. */
export async function productWithCategory(db: Tx, productId: number) {
  return db
    .selectFrom('products')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .select([
      'products.id',
      'products.model',
      'products.name',
      'products.archived_at',
      'products.warranty_months as product_warranty_months',
      'product_categories.name as category_name',
      'product_categories.warranty_months',
      'product_categories.return_days',
      'product_categories.exchange_days',
      'product_categories.no_reason_return_days',
      'product_categories.free_repairs_before_exchange',
    ])
    .where('products.id', '=', productId)
    .executeTakeFirst();
}

export async function photoCount(db: Tx, id: number): Promise<number> {
  const r = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('owner_type', '=', 'service_return')
    .where('owner_id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  return count(r.n);
}

export async function photosOf(db: Tx, id: number) {
  return db
    .selectFrom('attachments')
    .leftJoin('users', 'users.id', 'attachments.created_by')
    .select(['attachments.id', 'attachments.filename', 'attachments.mime', 'attachments.size', 'attachments.created_at', 'users.display_name as created_by_name'])
    .where('attachments.owner_type', '=', 'service_return')
    .where('attachments.owner_id', '=', id)
    .where('attachments.archived_at', 'is', null)
    .orderBy('attachments.id')
    .execute();
}

export async function photo(db: Tx, id: number, fileId: number) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', fileId)
    .where('owner_type', '=', 'service_return')
    .where('owner_id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}
