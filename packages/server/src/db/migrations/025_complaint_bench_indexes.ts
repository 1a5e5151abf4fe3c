// The open-complaint list at 2,000,000 complaints (60,000 open; npm run bench -- --only complaints): `state=open`
// sorted by priority, alone or with a filter, took p50 0.4–0.65 s, p95 up to 1.4 s on SQLite. SQLite did not use
// complaints_open (priority, id): the list also asks `archived_at is null`, which that index cannot answer, so
// the planner preferred complaints_state, read every open complaint from the table and sorted them; the capped
// count of a filter (VIP, overdue, a department) read up to all 60,000 rows as well.
//
// complaints_open_list starts with archived_at, so `archived_at is null … order by priority desc, id desc` is a
// range of it in the right order, and carries the columns the list filters on (state, severity, tier, department,
// owner, team, the resolution deadline and time for "overdue", the receipt time), so the filters and the capped
// count are answered from the index alone; the daily report's "open at the end of the day" part also reads it
// instead of the table. complaints_open_owner gives "my open complaints" in priority order (complaints_owner
// needs a sort). Both are partial — the open complaints only (3 % of the rows) — and written with the open
// states as literals in the order of migration 021, which is how the list and the report query them.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { OPEN_COMPLAINT_STATES } from '@kehu/shared';
import { isPostgres } from '../dialect';

const OPEN = sql.raw<SqlBool>(`state in (${OPEN_COMPLAINT_STATES.map((s) => `'${s}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('complaints_open_list')
    .on('complaints')
    .columns(['archived_at', 'priority', 'id', 'state', 'severity', 'tier', 'department_id', 'owner_id', 'team_id', 'resolve_due', 'resolved_at', 'received_at'])
    .where(OPEN)
    .execute();
  await db.schema.createIndex('complaints_open_owner').on('complaints').columns(['owner_id', 'archived_at', 'priority', 'id']).where(OPEN).execute();
  // statistics for the new indexes, or SQLite's planner keeps choosing the old ones (only these two: 60,000 rows
  // at 2,000,000 complaints, not the whole table)
  if (isPostgres(db)) await sql`analyze complaints`.execute(db);
  else for (const index of ['complaints_open_list', 'complaints_open_owner']) await sql`analyze ${sql.id(index)}`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
