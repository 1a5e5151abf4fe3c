// The complaint deadline scan (every minute): a warning to the handler when the running deadline's warning share
// is reached, and on a breach the automatic escalation (升级投诉): one level up, the level's owner takes the case,
// the previous owner and the new one are told (in-app and e-mail). At level 3 a breach is reported, not escalated.
//
// Each complaint keeps its earliest running deadline in next_due / next_warn_at (complaints-service.ts), so the scan
// only compares those with the clock through the partial indexes on open complaints. Exactly once: the job row is
// claimed by one instance (jobs.ts), and every update is conditional on the version read, so a second run or a
// second instance changes nothing and notifies nobody.
import { sql, type SqlBool } from 'kysely';
import { OPEN_COMPLAINT_STATES, type MessageParam } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { everyMinutes } from '../../platform/jobs';
import { noticeRow } from '../../platform/notifications';
import { localShort } from '../../platform/clock';
import { deadlineColumns, escalationColumns, type ComplaintRow } from './complaints-service';

export const COMPLAINT_SCAN_JOB = 'complaint-deadline-scan';
const BATCH = 200;
const MAX_PER_RUN = 5_000;
const OPEN_SQL = sql<SqlBool>`state in (${sql.join(OPEN_COMPLAINT_STATES.map((s) => sql.lit(s)))})`;

const kindParam = (k: string | null): MessageParam => ({ key: `notice.complaint_due_kind.${k ?? 'resolve'}` });

export async function scanComplaints(ctx: AppContext, now: Date): Promise<{ warned: number; escalated: number }> {
  const nowIso = now.toISOString();
  const tz = ctx.config.timezone;
  let warned = 0;
  let escalated = 0;

  // (a) warnings: the handler hears that the running deadline is nearly used up
  for (let guard = 0; guard < MAX_PER_RUN / BATCH; guard++) {
    const rows = await ctx.db
      .transaction()
      .execute(async (trx) => {
        const updated = await trx
          .updateTable('complaints')
          .set({ warned_at: nowIso })
          .where(
            'id',
            'in',
            trx
              .selectFrom('complaints')
              .select('id')
              .where(OPEN_SQL)
              .where('next_warn_at', '<=', nowIso)
              .where('next_due', '>', nowIso)
              .where('warned_at', 'is', null)
              .limit(BATCH),
          )
          .where('warned_at', 'is', null)
          .returning(['id', 'code', 'owner_id', 'next_due', 'next_due_kind'])
          .execute();
        const notices = updated
          .filter((r) => r.owner_id !== null)
          .map((r) =>
            noticeRow({ userId: r.owner_id!, key: 'notice.complaint_warning', params: { code: r.code, kind: kindParam(r.next_due_kind), due: localShort(r.next_due, tz) }, link: `/complaints/${r.id}` }, nowIso),
          );
        if (notices.length) await trx.insertInto('notifications').values(notices).execute();
        return updated.length;
      });
    warned += rows;
    if (rows < BATCH) break;
  }

  // (b) breaches: escalate one level; the deadline that fell due is answered by the escalation (clock.ts)
  for (let guard = 0; guard < MAX_PER_RUN / BATCH; guard++) {
    const due = (await ctx.db.selectFrom('complaints').selectAll().where(OPEN_SQL).where('next_due', '<=', nowIso).orderBy('next_due').limit(BATCH).execute()) as ComplaintRow[];
    if (!due.length) break;
    for (const c of due) {
      const done = await ctx.db.transaction().execute(async (trx) => {
        const esc = await escalationColumns(trx, c, now);
        // at the top: no further level; the breach is recorded and reported, the clock has nothing more to watch
        const set = esc ?? { escalated_at: nowIso };
        const next = { ...c, ...set } as ComplaintRow;
        const deadlines = await deadlineColumns(ctx, trx, next);
        const res = await trx
          .updateTable('complaints')
          .set({ ...set, ...deadlines, breached_at: nowIso, overdue: c.next_due_kind === 'reply' ? c.overdue : 1, updated_at: nowIso, version: c.version + 1 })
          .where('id', '=', c.id)
          .where('version', '=', c.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await trx
          .insertInto('complaint_events')
          .values({ complaint_id: c.id, at: nowIso, action: 'escalate', from_state: c.state, to_state: c.state, actor_id: null, note: null, data: JSON.stringify({ auto: true, kind: c.next_due_kind, due: c.next_due, level: esc?.level ?? c.level }) })
          .execute();
        const params = { code: c.code, level: esc?.level ?? c.level, kind: kindParam(c.next_due_kind), due: localShort(c.next_due, tz) };
        const key = esc ? 'notice.complaint_breach' : 'notice.complaint_breach_top';
        const recipients = new Set([esc?.owner_id ?? null, c.owner_id].filter((x): x is number => !!x));
        for (const userId of recipients) await ctx.notifier.notify(trx, { userId, key, params, link: `/complaints/${c.id}`, email: true }, now);
        return true;
      });
      if (done) escalated++;
    }
    if (due.length < BATCH) break;
  }
  return { warned, escalated };
}

export function complaintJobs(ctx: AppContext) {
  ctx.scheduler.every(everyMinutes(COMPLAINT_SCAN_JOB, 1), async (_p, { now }) => {
    await scanComplaints(ctx, now);
  });
}
