// The job scheduler: a jobs table polled by every instance. A due job is claimed in one atomic
// statement (FOR UPDATE SKIP LOCKED on PostgreSQL), so it runs once however many instances run.
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { Db, Tx } from '../db';
import { isPostgres } from '../db/dialect';
import type { Clock } from './clock';

export type JobHandler = (payload: unknown, ctx: { now: Date; jobId: number }) => Promise<void>;

export interface RecurringJob {
  name: string;
  /** when the next run is due after `from` */
  next(from: Date): Date;
}

/**
 * A job still `running` this long after its instance last confirmed it (its claim, then a heartbeat every
 * HEARTBEAT_MS while the handler runs) is taken to have lost its instance (killed, crashed) and is claimed again.
 */
export const STALE_LOCK_MS = 30 * 60_000;
/** how often a running job's instance confirms it still runs it: a job may run longer than STALE_LOCK_MS */
export const HEARTBEAT_MS = 5 * 60_000;

export class Scheduler {
  private handlers = new Map<string, JobHandler>();
  private recurring: RecurringJob[] = [];
  private timer: NodeJS.Timeout | null = null;
  private loop: (() => Promise<void>) | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private running = false;
  readonly workerId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: { error: (o: unknown, m?: string) => void } = console,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  register(name: string, handler: JobHandler) {
    this.handlers.set(name, handler);
  }

  /** A job that re-schedules itself; one row per occurrence (unique key), so instances never double it. */
  every(job: RecurringJob, handler: JobHandler) {
    this.recurring.push(job);
    this.register(job.name, async (p, ctx) => {
      await handler(p, ctx);
      await this.scheduleRecurring(job, ctx.now);
    });
  }

  /** Queues a job; `opts.db` writes it inside the caller's transaction (on SQLite the only connection is the transaction's). */
  async enqueue(name: string, payload: unknown = null, opts: { runAt?: Date; uniqueKey?: string; maxAttempts?: number; db?: Tx } = {}) {
    const now = this.clock.now();
    await (opts.db ?? this.db)
      .insertInto('jobs')
      .values({
        name,
        payload: payload === null ? null : JSON.stringify(payload),
        run_at: (opts.runAt ?? now).toISOString(),
        status: 'pending',
        attempts: 0,
        max_attempts: opts.maxAttempts ?? 3,
        unique_key: opts.uniqueKey ?? null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('unique_key').doNothing())
      .execute();
  }

  private async scheduleRecurring(job: RecurringJob, from: Date) {
    const at = job.next(from);
    await this.enqueue(job.name, null, { runAt: at, uniqueKey: `${job.name}@${at.toISOString()}` });
  }

  async start(pollMs: number) {
    this.stopped = false;
    for (const j of this.recurring) await this.scheduleRecurring(j, this.clock.now());
    const loop = async () => {
      this.timer = null;
      this.polling = (async () => {
        try {
          await this.runDue();
        } catch (err) {
          this.log.error({ err }, 'job poll failed');
        }
      })();
      await this.polling;
      this.polling = null;
      if (this.stopped) return;
      this.timer = setTimeout(loop, pollMs);
      this.timer.unref();
    };
    this.loop = loop;
    this.timer = setTimeout(loop, pollMs);
    this.timer.unref();
  }

  /**
   * Polls now rather than at the next interval, for a job just queued to run at once (e.g. the search index's
   * merge after an import). Nothing when the scheduler was not started or is stopped; a poll under way is left
   * alone (the next one, an interval later, finds the job).
   */
  poke(): void {
    if (this.stopped || !this.loop || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.loop, 0);
    this.timer.unref();
  }

  /** No new polls; resolves when a poll under way has finished (the database may be closed after it). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
  }

  /** Claims due jobs and runs them; returns how many ran. Tests call this directly after moving the clock. */
  async runDue(limit = 20): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      const now = this.clock.now().toISOString();
      const claimed = await this.claim(now, limit);
      // the claimed jobs run one after the other: those waiting their turn are confirmed too
      heartbeat = setInterval(() => void this.confirm(), this.heartbeatMs);
      heartbeat.unref();
      for (const job of claimed) {
        const handler = this.handlers.get(job.name);
        if (job.attempts >= job.max_attempts) {
          // reclaimed after its instance died, as often as it may be tried
          await this.db
            .updateTable('jobs')
            .set({ status: 'failed', finished_at: this.clock.now().toISOString(), last_error: 'abandoned: its instance stopped while running it', locked_by: null })
            .where('id', '=', job.id)
            .execute();
          continue;
        }
        try {
          if (!handler) throw new Error(`no handler for job ${job.name}`);
          await handler(job.payload ? JSON.parse(job.payload) : null, { now: this.clock.now(), jobId: job.id });
          await this.db
            .updateTable('jobs')
            .set({ status: 'done', finished_at: this.clock.now().toISOString() })
            .where('id', '=', job.id)
            .execute();
        } catch (err) {
          const attempts = job.attempts + 1;
          const failed = attempts >= job.max_attempts;
          await this.db
            .updateTable('jobs')
            .set({
              status: failed ? 'failed' : 'pending',
              attempts,
              last_error: String((err as Error)?.stack ?? err).slice(0, 4000),
              run_at: new Date(this.clock.now().getTime() + 60_000 * attempts).toISOString(),
              locked_by: null,
            })
            .where('id', '=', job.id)
            .execute();
          this.log.error({ err, job: job.name }, 'job failed');
        }
      }
      return claimed.length;
    } finally {
      clearInterval(heartbeat);
      this.running = false;
    }
  }

  /** The heartbeat of the jobs this instance runs: their locks are renewed, so that no other instance takes them for abandoned. */
  private async confirm() {
    try {
      await this.db
        .updateTable('jobs')
        .set({ locked_at: this.clock.now().toISOString() })
        .where('status', '=', 'running')
        .where('locked_by', '=', this.workerId)
        .execute();
    } catch (err) {
      this.log.error({ err }, 'job heartbeat failed');
    }
  }

  /**
   * Due jobs, and jobs whose instance died while running them: still `running` STALE_LOCK_MS after they were
   * claimed or last confirmed. Those count as a failed attempt; runDue gives up on them after their last attempt.
   */
  private async claim(now: string, limit: number) {
    const lockedAt = this.clock.now().toISOString();
    const staleBefore = new Date(this.clock.now().getTime() - STALE_LOCK_MS).toISOString();
    if (isPostgres(this.db)) {
      const r = await sql<ClaimedJob>`
        update jobs set status = 'running', locked_by = ${this.workerId}, locked_at = ${lockedAt},
          attempts = attempts + case when status = 'running' then 1 else 0 end
        where id in (
          select id from jobs where (status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_at < ${staleBefore})
          order by run_at limit ${limit} for update skip locked)
        returning id, name, payload, attempts, max_attempts, run_at`.execute(this.db);
      return inOrder(r.rows);
    }
    const r = await sql<ClaimedJob>`
      update jobs set status = 'running', locked_by = ${this.workerId}, locked_at = ${lockedAt},
        attempts = attempts + case when status = 'running' then 1 else 0 end
      where id in (
        select id from jobs where (status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_at < ${staleBefore})
        order by run_at limit ${limit})
      returning id, name, payload, attempts, max_attempts, run_at`.execute(this.db);
    return inOrder(r.rows);
  }
}

interface ClaimedJob {
  id: number;
  name: string;
  payload: string | null;
  attempts: number;
  max_attempts: number;
  run_at: string;
}

/** The claimed jobs in the order they fell due (an UPDATE … RETURNING gives its rows in no particular order). */
function inOrder(jobs: ClaimedJob[]): ClaimedJob[] {
  return jobs.sort((x, y) => (x.run_at < y.run_at ? -1 : x.run_at > y.run_at ? 1 : x.id - y.id));
}

/** Daily at a fixed UTC hour and minute. */
export function dailyAt(name: string, hourUtc: number, minute = 0): RecurringJob {
  return {
    name,
    next(from) {
      const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), hourUtc, minute));
      if (d <= from) d.setUTCDate(d.getUTCDate() + 1);
      return d;
    },
  };
}

/** Every n minutes on the clock (00:00, 00:05, … for n = 5), so all instances agree on each occurrence. */
export function everyMinutes(name: string, n: number): RecurringJob {
  const step = n * 60_000;
  return { name, next: (from) => new Date((Math.floor(from.getTime() / step) + 1) * step) };
}
