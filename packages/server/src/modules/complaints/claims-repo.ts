// SQL for claims (索赔, tool 41): the list in the complaints data scope, the record, its history and evidence.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool } from 'kysely';
import type { Tx } from '../../db';
import type { DB } from '../../db/schema';
import type { ClaimEventTable, ClaimTable } from '../../db/schema-complaints';
import { searchCondition } from '../../db/search';
import type { ScopeFilter } from '../../platform/permissions';
import { queryTerms } from '../../platform/search-text';

export type ClaimPatch = Partial<Record<keyof ClaimTable, unknown>>;

/** Money columns come back from PostgreSQL's bigint as strings. */
export const fen = (v: number | string | null): number | null => (v === null ? null : Number(v));

type ListEB = ExpressionBuilder<DB, 'claims'>;

/** The complaints module's scope on the claim itself: its owner (who raised it) and team. */
function scopeCondition(eb: ListEB, scope: ScopeFilter): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'own' || scope.unitIds.length === 0) return eb('claims.owner_id', '=', scope.userId);
  return eb.or([eb('claims.owner_id', '=', scope.userId), eb('claims.team_id', 'in', scope.unitIds)]);
}

export interface ClaimFilter {
  q?: string;
  state?: string;
  complaintId?: number;
  customerId?: number;
}

function conditions(db: Tx, eb: ListEB, f: ClaimFilter, scope: ScopeFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [scopeCondition(eb, scope), eb('claims.archived_at', 'is', null)];
  if (f.state === 'open') c.push(eb('claims.state', '!=', 'closed'));
  else if (f.state) c.push(eb('claims.state', '=', f.state));
  if (f.complaintId) c.push(eb('claims.complaint_id', '=', f.complaintId));
  if (f.customerId) c.push(eb('claims.customer_id', '=', f.customerId));
  if (f.q) {
    // index-backed branches: the claim's or the complaint's code, the order or batch number exactly, the customer's
    // name through the customer search index
    const term = f.q.trim();
    const terms = queryTerms(term);
    c.push(
      eb.or([
        eb('claims.code', '=', term.toUpperCase()),
        eb('claims.order_no', '=', term),
        eb('claims.batch_no', '=', term),
        sql<SqlBool>`claims.complaint_id in (select id from complaints where code = ${term.toUpperCase()})`,
        ...(terms.length ? [sql<SqlBool>`claims.customer_id in (select customers.id from customers where ${searchCondition(db, terms)})`] : []),
      ]),
    );
  }
  return c;
}

export async function listClaims(db: Tx, f: ClaimFilter, scope: ScopeFilter, limit: number, offset: number) {
  const rows = await db
    .selectFrom('claims')
    .innerJoin('customers', 'customers.id', 'claims.customer_id')
    .leftJoin('complaints', 'complaints.id', 'claims.complaint_id')
    .leftJoin('products', 'products.id', 'claims.product_id')
    .leftJoin('users', 'users.id', 'claims.owner_id')
    .select([
      'claims.id',
      'claims.code',
      'claims.state',
      'claims.customer_id',
      'customers.name as customer_name',
      'claims.complaint_id',
      'complaints.code as complaint_code',
      'products.name as product_name',
      'products.model as product_model',
      'claims.order_no',
      'claims.reason',
      'claims.amount_fen',
      'claims.approved_fen',
      'claims.settled_fen',
      'claims.liability',
      'claims.settlement',
      'users.display_name as owner_name',
      'claims.created_at',
      'claims.version',
    ])
    .where((eb) => eb.and(conditions(db, eb, f, scope)))
    .orderBy('claims.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await db
    .selectFrom('claims')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(conditions(db, eb, f, scope)))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

export async function getClaim(db: Tx, id: number) {
  return db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ClaimRow = NonNullable<Awaited<ReturnType<typeof getClaim>>>;

export async function insertClaim(db: Tx, row: Insertable<ClaimTable>): Promise<number> {
  return Number((await db.insertInto('claims').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

/** Optimistic update: false when the version did not match. */
export async function updateClaimVersioned(db: Tx, id: number, version: number, set: ClaimPatch): Promise<boolean> {
  const res = await db
    .updateTable('claims')
    .set({ ...(set as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertEvent(db: Tx, row: Insertable<ClaimEventTable>): Promise<void> {
  await db.insertInto('claim_events').values(row).execute();
}

export async function eventsOf(db: Tx, id: number) {
  return db
    .selectFrom('claim_events')
    .leftJoin('users', 'users.id', 'claim_events.actor_id')
    .select(['claim_events.id', 'claim_events.at', 'claim_events.action', 'claim_events.from_state', 'claim_events.to_state', 'claim_events.note', 'claim_events.data', 'users.display_name as actor_name'])
    .where('claim_events.claim_id', '=', id)
    .orderBy('claim_events.id')
    .execute();
}

/** The complaint a claim is raised on: what the claim takes over from it and what the scope check needs. */
export async function complaintForClaim(db: Tx, id: number) {
  return db
    .selectFrom('complaints')
    .select(['id', 'code', 'state', 'customer_id', 'product_id', 'unit_id', 'service_order_id', 'order_no', 'owner_id', 'team_id', 'archived_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertComplaintEvent(db: Tx, row: { complaint_id: number; at: string; action: string; state: string; actor_id: number; note: string | null; data: unknown }) {
  await db
    .insertInto('complaint_events')
    .values({ complaint_id: row.complaint_id, at: row.at, action: row.action, from_state: row.state, to_state: row.state, actor_id: row.actor_id, note: row.note, data: JSON.stringify(row.data) })
    .execute();
}

// ---------- evidence (the file rows live in attachments; claim_files links them) ----------

export async function filesOf(db: Tx, id: number) {
  return db
    .selectFrom('claim_files')
    .innerJoin('attachments', 'attachments.id', 'claim_files.file_id')
    .leftJoin('users', 'users.id', 'attachments.created_by')
    .select(['attachments.id', 'claim_files.name', 'attachments.mime', 'attachments.size', 'claim_files.created_at', 'users.display_name as created_by_name'])
    .where('claim_files.claim_id', '=', id)
    .where('attachments.archived_at', 'is', null)
    .orderBy('attachments.id')
    .execute();
}

export async function fileOf(db: Tx, id: number, fileId: number) {
  return db
    .selectFrom('claim_files')
    .innerJoin('attachments', 'attachments.id', 'claim_files.file_id')
    .select(['attachments.id', 'claim_files.name', 'attachments.mime', 'attachments.storage_key'])
    .where('claim_files.claim_id', '=', id)
    .where('claim_files.file_id', '=', fileId)
    .where('attachments.archived_at', 'is', null)
    .executeTakeFirst();
}
