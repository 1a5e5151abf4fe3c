// Calendar-date arithmetic in SQL for both dialects (the only place such dialect differences live).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from './dialect';

/**
 * `column + months`, clamped to the end of the target month when it has no such day (2024-01-31 + 1 → 2024-02-29),
 * as a YYYY-MM-DD date — the same rule as addMonths in modules/service/local-date.ts. PostgreSQL's date + interval
 * clamps already; SQLite's date() would overflow into the next month, so it takes the smaller of the same day and
 * the target month's last day.
 */
export function addMonthsSql(db: Kysely<any>, column: string, months: number): RawBuilder<string> {
  const m = Math.trunc(months);
  const col = sql.ref(column);
  if (isPostgres(db)) return sql<string>`(${col} + make_interval(months => ${m}::int))::date`;
  const sameDay = sql`date(${col}, 'start of month', ${`${m >= 0 ? '+' : ''}${m} months`}, '+' || (cast(strftime('%d', ${col}) as integer) - 1) || ' days')`;
  const monthEnd = sql`date(${col}, 'start of month', ${`${m + 1 >= 0 ? '+' : ''}${m + 1} months`}, '-1 day')`;
  return sql<string>`min(${sameDay}, ${monthEnd})`;
}
