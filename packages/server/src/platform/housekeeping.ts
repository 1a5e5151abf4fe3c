// Housekeeping: nightly, expired sessions, finished jobs older than 30 days and idempotency keys older than a day; every five minutes, the
// search index's pending entries (db/search.ts).
import type { AppContext } from './context';
import { maintainSearchIndex, SEARCH_INDEX_JOB } from '../db/search';
import { dailyAt, everyMinutes } from './jobs';
import { purgeIdempotencyKeys } from './idempotency';

export function registerHousekeeping(ctx: AppContext) {
  ctx.scheduler.every(dailyAt('housekeeping', 19, 0) /* 03:00 China time */, async (_p, { now }) => {
    await ctx.db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    await ctx.db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', monthAgo).execute();
    await purgeIdempotencyKeys(ctx.db, now);
  });
  ctx.scheduler.every(everyMinutes(SEARCH_INDEX_JOB, 5), async (_p, { now }) => {
    // a long merge (after a large import on SQLite) goes on in further runs, with other jobs between them
    if (await maintainSearchIndex(ctx.db)) await ctx.scheduler.enqueue(SEARCH_INDEX_JOB, null, { uniqueKey: `${SEARCH_INDEX_JOB}@more-${now.toISOString()}` });
  });
}
