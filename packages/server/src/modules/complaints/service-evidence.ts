// The complaint records as evidence of the after-sales evaluation's 投诉处理 indicator (GB/T 27922 5.3.2: complaints
// taken in, handled and answered on time, followed up after closing): one grouped pass over the complaints received
// in the run's period. Company-wide, like the evaluation itself; only counts leave this function.
import { sql } from 'kysely';
import type { TComplaintEvidence } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { localDayStart } from '../admin/calc';
import { addDays } from '../service/local-date';
import { isComplaintSql } from './report-daily';

const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

/** Figures of the complaints received from … to (local dates, inclusive). */
export async function complaintEvidence(ctx: AppContext, fromDay: string, toDay: string): Promise<TComplaintEvidence> {
  const tz = ctx.config.timezone;
  const r = await ctx.db
    .selectFrom('complaints as c')
    .where('c.received_at', '>=', localDayStart(fromDay, tz).toISOString())
    .where('c.received_at', '<', localDayStart(addDays(toDay, 1), tz).toISOString())
    .where('c.archived_at', 'is', null)
    .where(isComplaintSql())
    .select([
      sql<number>`count(*)`.as('received'),
      sql<number>`sum(case when c.validity is null or c.validity <> 'invalid' then 1 else 0 end)`.as('valid'),
      sql<number>`sum(case when c.state = 'closed' then 1 else 0 end)`.as('closed'),
      // on_time is set when a complaint is closed, from its resolution time against the deadline (null: no deadline)
      sql<number>`sum(case when c.state = 'closed' and c.on_time is not null then 1 else 0 end)`.as('timed'),
      sql<number>`sum(case when c.state = 'closed' and c.on_time = 1 then 1 else 0 end)`.as('on_time'),
      // validity becomes 'valid' when a complaint is resolved; a reopening clears it again
      sql<number>`sum(case when c.validity = 'valid' then 1 else 0 end)`.as('resolved'),
      sql<number>`sum(case when c.validity = 'valid' and c.confirmation in ('satisfied', 'basic') then 1 else 0 end)`.as('confirmed'),
      sql<number>`sum(case when c.reopen_count > 0 then 1 else 0 end)`.as('reopened'),
    ])
    .executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  const received = n(r.received);
  return {
    received,
    valid: n(r.valid),
    closed: n(r.closed),
    onTime: n(r.on_time),
    onTimeRate: share(n(r.on_time), n(r.timed)),
    resolved: n(r.resolved),
    confirmed: n(r.confirmed),
    confirmedRate: share(n(r.confirmed), n(r.resolved)),
    reopened: n(r.reopened),
    reopenRate: share(n(r.reopened), received),
  };
}
