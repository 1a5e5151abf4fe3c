// SQL for customer imports: the imports row, look-alike lookups in batches, users for the owner column, batched audit rows.
import { sql, type Compilable, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Tx } from '../../db';
import type { ReadWorker } from '../../db/read-worker';
import type { ImportTable } from '../../db/schema';

/** The imports row without its stored report (`errors`: megabytes after a large dry run), read separately. */
export type ImportRow = Omit<Selectable<ImportTable>, 'errors'>;

export const IMPORT_KIND = 'customers';

export async function insertImport(db: Tx, values: Insertable<ImportTable>): Promise<number> {
  const r = await db.insertInto('imports').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getImport(db: Tx, id: number): Promise<ImportRow | undefined> {
  return db
    .selectFrom('imports')
    .select(['id', 'kind', 'filename', 'storage_key', 'status', 'headers', 'mapping', 'total_rows', 'processed_rows', 'ok_rows', 'error_rows', 'options', 'created_by', 'created_at', 'finished_at', 'version'])
    .where('id', '=', id)
    .where('kind', '=', IMPORT_KIND)
    .executeTakeFirst();
}

/** The last dry run's report (JSON), for the report page, the error workbook and a refused commit. */
export async function getImportReport(db: Tx, id: number): Promise<string | null> {
  const r = await db.selectFrom('imports').select('errors').where('id', '=', id).where('kind', '=', IMPORT_KIND).executeTakeFirst();
  return r?.errors ?? null;
}

/** Updates the row only while it still has `version` (and `status`, when given); returns whether it did. */
export async function updateImport(
  db: Tx,
  id: number,
  set: Updateable<ImportTable>,
  where: { version?: number; status?: ImportRow['status'] } = {},
): Promise<boolean> {
  let q = db.updateTable('imports').set(set).where('id', '=', id);
  if (where.version !== undefined) q = q.where('version', '=', where.version);
  if (where.status !== undefined) q = q.where('status', '=', where.status);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function activeUsers(db: Tx) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'org_unit_id']).where('disabled', '=', 0).execute();
}

export interface LookalikeRows {
  customers: { id: number; code: string; name: string; credit_code: string | null; phone: string | null; name_norm: string }[];
  /** mobile of a contact → its customer */
  contactMobiles: { customer_id: number; mobile: string }[];
}

const CHUNK = 500;
/** a warning lists at most five look-alikes; fetching more of a common name only costs */
export const LOOKALIKES_PER_NAME = 5;
function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/**
 * Existing (not archived) customers sharing a normalised name, credit code or phone with any of the probes,
 * in a few hundred IN-queries instead of one query per row. With `reader` (SQLite, outside a transaction) the
 * queries run on a read worker's connection, in another thread, while this one goes on checking rows.
 */
export async function findLookalikes(db: Tx, probe: { nameNorms: string[]; creditCodes: string[]; phones: string[] }, reader?: ReadWorker): Promise<LookalikeRows> {
  const run = <R>(q: Compilable<R> & { execute(): Promise<R[]> }): Promise<R[]> => (reader ? reader.all(q.compile()) : q.execute());
  const byId = new Map<number, LookalikeRows['customers'][number]>();
  const cols = ['customers.id', 'customers.code', 'customers.name', 'customers.credit_code', 'customers.phone', 'customers.name_norm'] as const;
  const add = (rows: LookalikeRows['customers']) => rows.forEach((r) => byId.set(r.id, r));
  for (const c of chunks([...new Set(probe.nameNorms)])) {
    // only the first LOOKALIKES_PER_NAME live customers of each name: a common personal name (王芳) matches
    // hundreds of 1M customers, and returning them all made this 500-name lookup ~2.5× slower
    const firstPerName = db
      .selectFrom((inner) =>
        inner
          .selectFrom('customers as n')
          .select(['n.id', sql<number>`row_number() over (partition by n.name_norm order by n.id)`.as('rn')])
          .where('n.name_norm', 'in', c)
          .where('n.archived_at', 'is', null)
          .as('w'),
      )
      .select('w.id')
      .where('w.rn', '<=', LOOKALIKES_PER_NAME);
    add(await run(db.selectFrom('customers').select(cols).where('customers.id', 'in', firstPerName).orderBy('customers.id')));
  }
  // Archived customers are dropped here, not in SQL: with a few hundred values in the IN list and `archived_at is
  // null` beside it, SQLite's planner (after ANALYZE at 1M customers) took a skip-scan of a `(grade, archived_at, …)`
  // index over every live customer instead of the credit-code/phone index: 1,000 rows' look-alikes 7 s instead of ms.
  const live = (rows: (LookalikeRows['customers'][number] & { archived_at: string | null })[]) =>
    add(rows.filter((r) => r.archived_at === null).map(({ archived_at: _a, ...r }) => r));
  for (const c of chunks([...new Set(probe.creditCodes)])) {
    live(await run(db.selectFrom('customers').select([...cols, 'customers.archived_at']).where('customers.credit_code', 'in', c)));
  }
  const phones = [...new Set(probe.phones)];
  const contactMobiles: LookalikeRows['contactMobiles'] = [];
  for (const c of chunks(phones)) {
    live(await run(db.selectFrom('customers').select([...cols, 'customers.archived_at']).where('customers.phone', 'in', c)));
    const mobiles = await run(
      db
        .selectFrom('contacts')
        .innerJoin('customers', 'customers.id', 'contacts.customer_id')
        .select([...cols, 'contacts.mobile as contact_mobile'])
        .where('contacts.mobile', 'in', c)
        .where('contacts.archived_at', 'is', null)
        .where('customers.archived_at', 'is', null),
    );
    for (const m of mobiles) {
      const { contact_mobile, ...customer } = m;
      byId.set(customer.id, customer);
      if (contact_mobile) contactMobiles.push({ customer_id: customer.id, mobile: contact_mobile });
    }
  }
  return { customers: [...byId.values()], contactMobiles };
}
