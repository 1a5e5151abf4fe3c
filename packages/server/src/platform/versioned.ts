// Shared steps of the versioned settings tables (rules, templates …): telling a unique-index refusal apart, and the
// archive / restore write with its optimistic-lock check and audit entry.
import type { DB } from '../db/schema';
import type { AppContext } from './context';
import { audit, type AuditContext } from './audit';
import { conflict } from './errors';

const dbCode = (err: unknown) => (err as { code?: string } | null)?.code ?? '';

/** A unique index refused the row: PostgreSQL 23505, SQLite's constraint code. */
export const isUniqueViolation = (err: unknown) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE'].includes(dbCode(err));

/** The tables that carry the archive columns: id, archived_at, updated_at and version. */
export type ArchivableTable = {
  [T in keyof DB]: DB[T] extends { id: unknown; archived_at: string | null; updated_at: string; version: unknown } ? T : never;
}[keyof DB];

/**
 * Archives (archived_at = now) or restores one row at the version the caller read; a stale version is a 409 and
 * nothing is written. The change and its audit entry ('archive' / 'restore') go in one transaction.
 */
export async function setArchivedVersioned(
  ctx: AppContext,
  table: ArchivableTable,
  row: { id: number; version: number; archived: boolean },
  log: { entity: string; summary: string },
  actx: AuditContext,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // every ArchivableTable has these columns; Kysely cannot see that through a union of table names
    const r = await trx
      .updateTable(table as 'sla_rules')
      .set((eb) => ({ archived_at: row.archived ? now : null, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict();
    await audit(trx, actx, { action: row.archived ? 'archive' : 'restore', entity: log.entity, entityId: row.id, summary: log.summary });
  });
}
