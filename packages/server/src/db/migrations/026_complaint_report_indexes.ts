// The complaint reports at 2,000,000 complaints read only indexes (npm run bench -- --only complaints).
//
// The 12-month analysis sums ~700,000 complaints and the daily report reads ~60,000; both went to the table for
// every one of them, whose rows (texts and all) fill a page with three or four complaints, so a cold cache turned
// a 0.6 s median into a 3 s tail. These indexes carry exactly the columns the two reports read, so each part of
// them is a range of one index:
// - complaints_received_cover (received_at, …): the analysis (KPIs, both Paretos, the trend, the breakdowns) and
//   the day's new complaints. It replaces complaints_received (received_at, category), whose range it serves too.
// - complaints_closed_cover (closed_at, …) over the closed ones only: the day's closures and what was closed after
//   it (open at its end). It replaces complaints_closed; a new complaint never touches it.
// - complaints_visited_cover over the return-visited ones not closed yet (a few thousand), the last part of the sheet.
// - complaints_open_list gains the report's columns (category, product, level, closed / visited): the cases open
//   at the end of the day come from it alone.
// PostgreSQL keeps them as INCLUDE columns (index-only scans); SQLite has no INCLUDE, so they are key columns.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { OPEN_COMPLAINT_STATES } from '@kehu/shared';
import { isPostgres } from '../dialect';

const OPEN = sql.raw<SqlBool>(`state in (${OPEN_COMPLAINT_STATES.map((s) => `'${s}'`).join(', ')})`);

/** what the day's sheet reads of every complaint on it (report-daily.ts sheetRows), plus the scope columns */
const SHEET = ['state', 'owner_id', 'team_id', 'category', 'product_id', 'department_id', 'severity', 'level', 'received_at', 'closed_at', 'visited_at', 'resolved_at', 'resolve_due'];
/** what the analysis reads (report-analysis.ts complaintAnalysis) */
const ANALYSIS = ['root_cause', 'escalations', 'reopen_count', 'first_reply_at', 'confirmation', 'visit_rating', 'validity', 'region_code', 'outlet_id'];

async function covering(db: Kysely<any>, name: string, key: string, include: string[], where?: SqlBool | ReturnType<typeof sql.raw<SqlBool>>) {
  const rest = include.filter((c) => c !== key);
  if (isPostgres(db)) {
    const cols = sql.join(rest.map((c) => sql.id(c)));
    await sql`create index ${sql.id(name)} on complaints (${sql.id(key)}) include (${cols})${where ? sql` where ${where}` : sql``}`.execute(db);
  } else {
    let b = db.schema.createIndex(name).on('complaints').columns([key, ...rest]);
    if (where) b = b.where(where as never);
    await b.execute();
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await covering(db, 'complaints_received_cover', 'received_at', [...SHEET, ...ANALYSIS]);
  await db.schema.dropIndex('complaints_received').execute();
  await covering(db, 'complaints_closed_cover', 'closed_at', SHEET, sql.raw<SqlBool>('closed_at is not null'));
  await db.schema.dropIndex('complaints_closed').execute();

  // return-visited, not yet closed (~2,000): open at the end of a day before the visit
  await covering(db, 'complaints_visited_cover', 'visited_at', SHEET, sql.raw<SqlBool>(`state = 'return_visited'`));

  // the list's index with the sheet's columns after its own (the list reads it in the same order as before)
  await db.schema.dropIndex('complaints_open_list').execute();
  await db.schema
    .createIndex('complaints_open_list')
    .on('complaints')
    .columns(['archived_at', 'priority', 'id', 'state', 'severity', 'tier', 'department_id', 'owner_id', 'team_id', 'resolve_due', 'resolved_at', 'received_at', 'category', 'product_id', 'level', 'closed_at', 'visited_at'])
    .where(OPEN)
    .execute();

  // statistics for the new indexes only (the table's own are unchanged)
  if (isPostgres(db)) await sql`analyze complaints`.execute(db);
  else for (const index of ['complaints_received_cover', 'complaints_closed_cover', 'complaints_visited_cover', 'complaints_open_list']) await sql`analyze ${sql.id(index)}`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
