// SQL of service agreements (售后服务协议书): the agreements with their customer, covered units and orders.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool } from 'kysely';
import { AGREEMENT_VISIT_TYPES } from '@kehu/shared';
import type { Tx } from '../../db';
import type { DB } from '../../db/schema';
import type { ServiceAgreementTable } from '../../db/schema-service';
import type { ScopeFilter } from '../../platform/permissions';
import { searchCondition } from '../../db/search';
import { queryTerms } from '../../platform/search-text';
import type { SortSpec } from '../../platform/paging';

const count = (v: unknown) => Number(v ?? 0);

export const AGREEMENT_SORTABLE = {
  createdAt: 'a.id',
  code: 'a.code',
  startDate: 'a.start_date',
  endDate: 'a.end_date',
  feeFen: 'a.fee_fen',
} as const;
export type AgreementSortColumn = (typeof AGREEMENT_SORTABLE)[keyof typeof AGREEMENT_SORTABLE];

export interface AgreementFilter {
  q?: string;
  state?: string;
  customerId?: number;
  unitId?: number;
  /** active agreements ending on or before this date */
  endingBy?: string;
  archived: 'false' | 'true' | 'all';
}

type AgreementEB = ExpressionBuilder<DB & { a: DB['service_agreements']; c: DB['customers'] }, 'a' | 'c'>;

/** The customer module's data scope on the agreement's customer (the same rule as inScope). */
function customerScope(eb: AgreementEB, scope: ScopeFilter): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'own' || scope.unitIds.length === 0) return eb('c.owner_id', '=', scope.userId);
  return eb.or([eb('c.owner_id', '=', scope.userId), eb('c.team_id', 'in', scope.unitIds)]);
}

function conditions(db: Tx, eb: AgreementEB, f: AgreementFilter, scope: ScopeFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [customerScope(eb, scope)];
  if (f.archived === 'false') c.push(eb('a.archived_at', 'is', null));
  if (f.archived === 'true') c.push(eb('a.archived_at', 'is not', null));
  if (f.state) c.push(eb('a.state', '=', f.state as never));
  if (f.customerId) c.push(eb('a.customer_id', '=', f.customerId));
  if (f.unitId) {
    c.push(eb.exists(eb.selectFrom('service_agreement_units as au').select('au.unit_id').whereRef('au.agreement_id', '=', 'a.id').where('au.unit_id', '=', f.unitId)));
  }
  if (f.endingBy) c.push(eb.and([eb('a.state', '=', 'active'), eb('a.end_date', '<=', f.endingBy)]));
  if (f.q) {
    // the code exactly, the customer's name through the customer search index
    const term = f.q.trim();
    const terms = queryTerms(term);
    c.push(
      eb.or([
        eb('a.code', '=', term.toUpperCase()),
        ...(terms.length ? [sql<SqlBool>`a.customer_id in (select customers.id from customers where ${searchCondition(db, terms)})`] : []),
      ]),
    );
  }
  return c;
}

const COLUMNS = [
  'a.id',
  'a.code',
  'a.customer_id',
  'a.state',
  'a.start_date',
  'a.end_date',
  'a.visits_per_year',
  'a.response_level',
  'a.parts_included',
  'a.fee_fen',
  'a.payment_terms',
  'a.scope',
  'a.signed_date',
  'a.note',
  'a.renewed_from_id',
  'a.activated_at',
  'a.terminated_at',
  'a.termination_reason',
  'a.archived_at',
  'a.created_at',
  'a.updated_at',
  'a.version',
  'c.code as customer_code',
  'c.name as customer_name',
  'c.owner_id as customer_owner_id',
  'c.team_id as customer_team_id',
] as const;

const unitCount = (eb: AgreementEB) =>
  eb.selectFrom('service_agreement_units as au').select((e) => e.fn.countAll<number>().as('n')).whereRef('au.agreement_id', '=', 'a.id').as('unit_count');

const base = (db: Tx) => db.selectFrom('service_agreements as a').innerJoin('customers as c', 'c.id', 'a.customer_id');

export async function listAgreements(db: Tx, f: AgreementFilter, scope: ScopeFilter, sort: SortSpec<AgreementSortColumn>, limit: number, offset: number) {
  let q = base(db)
    .select(COLUMNS)
    .select((eb) => unitCount(eb))
    .where((eb) => eb.and(conditions(db, eb, f, scope)));
  for (const s of sort) q = q.orderBy(s.column, s.dir);
  const rows = await q.orderBy('a.id', 'desc').limit(limit).offset(offset).execute();
  const total = await base(db)
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(conditions(db, eb, f, scope)))
    .executeTakeFirstOrThrow();
  return { rows: rows.map((r) => ({ ...r, unit_count: count(r.unit_count) })), total: count(total.n) };
}
export type AgreementRow = Awaited<ReturnType<typeof listAgreements>>['rows'][number];

export async function getAgreement(db: Tx, id: number): Promise<AgreementRow | undefined> {
  const r = await base(db).select(COLUMNS).select((eb) => unitCount(eb)).where('a.id', '=', id).executeTakeFirst();
  return r && { ...r, unit_count: count(r.unit_count) };
}

export async function insertAgreement(db: Tx, row: Insertable<ServiceAgreementTable>): Promise<number> {
  return Number((await db.insertInto('service_agreements').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

export async function updateAgreementVersioned(db: Tx, id: number, version: number, set: Partial<Record<keyof ServiceAgreementTable, unknown>>): Promise<boolean> {
  const res = await db
    .updateTable('service_agreements')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function unitIdsOf(db: Tx, agreementId: number): Promise<number[]> {
  const rows = await db.selectFrom('service_agreement_units').select('unit_id').where('agreement_id', '=', agreementId).orderBy('unit_id').execute();
  return rows.map((r) => Number(r.unit_id));
}

export async function setUnits(db: Tx, agreementId: number, unitIds: number[]): Promise<void> {
  await db.deleteFrom('service_agreement_units').where('agreement_id', '=', agreementId).execute();
  for (let i = 0; i < unitIds.length; i += 500) {
    await db
      .insertInto('service_agreement_units')
      .values(unitIds.slice(i, i + 500).map((unit_id) => ({ agreement_id: agreementId, unit_id })))
      .execute();
  }
}

/** The covered units with their product, for the agreement card and the contract's 产品清单. */
export async function unitsOf(db: Tx, agreementId: number) {
  return db
    .selectFrom('service_agreement_units as au')
    .innerJoin('product_units as u', 'u.id', 'au.unit_id')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .select(['u.id', 'u.serial_no', 'u.purchase_date', 'u.install_date', 'u.warranty_end', 'u.region_code', 'u.address', 'p.model', 'p.name as product_name'])
    .where('au.agreement_id', '=', agreementId)
    .orderBy('u.id')
    .execute();
}

/** What the unit checks need: owner customer and whether archived. */
export async function unitsByIds(db: Tx, ids: number[]) {
  const out: { id: number; customer_id: number; archived_at: string | null }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(...(await db.selectFrom('product_units').select(['id', 'customer_id', 'archived_at']).where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  return out;
}

/** Units among `unitIds` that another active agreement covers in a period overlapping [start, end]. */
export async function unitsCoveredElsewhere(db: Tx, unitIds: number[], start: string, end: string, exceptId: number): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < unitIds.length; i += 500) {
    const rows = await db
      .selectFrom('service_agreement_units as au')
      .innerJoin('service_agreements as a', 'a.id', 'au.agreement_id')
      .select('au.unit_id')
      .where('au.unit_id', 'in', unitIds.slice(i, i + 500))
      .where('a.id', '<>', exceptId)
      .where('a.state', '=', 'active')
      .where('a.archived_at', 'is', null)
      .where('a.start_date', '<=', end)
      .where('a.end_date', '>=', start)
      .execute();
    rows.forEach((r) => out.add(Number(r.unit_id)));
  }
  return out;
}

/** The active agreement covering a unit on a day (the latest to start when, against the rules, several do). */
export async function activeAgreementOfUnit(db: Tx, unitId: number, day: string) {
  return db
    .selectFrom('service_agreement_units as au')
    .innerJoin('service_agreements as a', 'a.id', 'au.agreement_id')
    .select(['a.id', 'a.code', 'a.start_date', 'a.end_date', 'a.visits_per_year', 'a.response_level', 'a.parts_included'])
    .where('au.unit_id', '=', unitId)
    .where('a.state', '=', 'active')
    .where('a.archived_at', 'is', null)
    .where('a.start_date', '<=', day)
    .where('a.end_date', '>=', day)
    .orderBy('a.start_date', 'desc')
    .orderBy('a.id', 'desc')
    .executeTakeFirst();
}

/** Visit orders (maintenance, inspection) under the agreement created in [from, to): covered by it, and charged beyond it. */
export async function visitCounts(db: Tx, agreementId: number, from: string, to: string): Promise<{ covered: number; charged: number }> {
  const rows = await db
    .selectFrom('service_orders')
    .select(['warranty', (eb) => eb.fn.countAll<number>().as('n')])
    .where('agreement_id', '=', agreementId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('type', 'in', [...AGREEMENT_VISIT_TYPES])
    .where('state', '<>', 'cancelled')
    .where('archived_at', 'is', null)
    .groupBy('warranty')
    .execute();
  const covered = rows.filter((r) => r.warranty === 'agreement').reduce((s, r) => s + count(r.n), 0);
  const charged = rows.filter((r) => r.warranty !== 'agreement').reduce((s, r) => s + count(r.n), 0);
  return { covered, charged };
}

/** Orders taken under the agreement, newest first. */
export async function ordersOf(db: Tx, agreementId: number, limit = 200) {
  return db
    .selectFrom('service_orders as o')
    .leftJoin('product_units as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.code', 'o.type', 'o.state', 'o.warranty', 'o.unit_id', 'u.serial_no', 'o.created_at', 'o.completed_at', 'o.total_fee_fen'])
    .where('o.agreement_id', '=', agreementId)
    .where('o.archived_at', 'is', null)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
}

/** The live agreement that renewed this one, if any. */
export async function renewalOf(db: Tx, id: number) {
  return db
    .selectFrom('service_agreements')
    .select(['id', 'code', 'state'])
    .where('renewed_from_id', '=', id)
    .where('archived_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The customer block of the contract (甲方): default address first. */
export async function customerParty(db: Tx, customerId: number) {
  const [c, addr] = await Promise.all([
    db.selectFrom('customers').select(['id', 'code', 'name', 'phone', 'service_tier', 'province_code', 'city_code', 'district_code']).where('id', '=', customerId).executeTakeFirstOrThrow(),
    db
      .selectFrom('addresses')
      .select(['province_code', 'city_code', 'district_code', 'street'])
      .where('customer_id', '=', customerId)
      .where('archived_at', 'is', null)
      .orderBy('is_default', 'desc')
      .orderBy('id')
      .executeTakeFirst(),
  ]);
  return { c, addr };
}
