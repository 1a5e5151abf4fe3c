import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Kehu } from '../app';
import { openDatabase } from '../db';
import { createHarness, type Harness } from '../test/harness';
import { testDatabases, TEST_ADMIN_PASSWORD } from '../test/db';
import { makeIndividual } from '../test/factories';
import { dailyAt, everyMinutes, Scheduler } from './jobs';

describe.each(testDatabases())('jobs and numbering with two instances on %s', (kind) => {
  let h: Harness;
  let second: Kehu;
  beforeAll(async () => {
    h = await createHarness(kind);
    // a second app instance on the same database (its own connection pool on PostgreSQL)
    const database =
      kind === 'postgres'
        ? openDatabase({ databaseUrl: h.db.url, dataDir: h.db.dataDir, poolSize: 5 })
        : openDatabase({ dataDir: h.db.dataDir });
    second = await buildApp({ config: h.kehu.ctx.config, clock: h.clock, database, logger: false, migrate: true });
    await second.app.ready();
  });
  afterAll(async () => {
    await second?.close();
    await second?.ctx.database.close().catch(() => undefined);
    await h?.close();
  });

  it('runs each due job exactly once although both instances poll', async () => {
    const runs = new Map<number, number>();
    const handler = async (p: unknown) => {
      const n = (p as { n: number }).n;
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    };
    const a = new Scheduler(h.kehu.ctx.db, h.clock);
    const b = new Scheduler(second.ctx.db, h.clock);
    a.register('count', handler);
    b.register('count', handler);
    for (let n = 0; n < 60; n++) await a.enqueue('count', { n });
    let total = 0;
    for (let round = 0; round < 10 && total < 60; round++) {
      const [x, y] = await Promise.all([a.runDue(7), b.runDue(7)]);
      total += x + y;
    }
    expect(total).toBe(60);
    expect(runs.size).toBe(60);
    expect([...runs.values()].every((v) => v === 1)).toBe(true);
  });

  it('runs a job queued for now at once when poked, not at the next poll', async () => {
    const s = new Scheduler(h.kehu.ctx.db, h.clock);
    let ran = 0;
    s.register('now', async () => {
      ran++;
    });
    s.poke(); // not started: nothing happens
    await s.start(3_600_000);
    try {
      await s.enqueue('now');
      await new Promise((r) => setTimeout(r, 300));
      expect(ran).toBe(0); // an hour until the next poll
      s.poke();
      for (let i = 0; i < 100 && ran === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(ran).toBe(1);
    } finally {
      await s.stop();
    }
  });

  it('runs again a job whose instance died while running it, and gives up after its last attempt', async () => {
    const s = new Scheduler(h.kehu.ctx.db, h.clock);
    const ran: string[] = [];
    s.register('orphan', async (p) => {
      ran.push((p as { k: string }).k);
    });
    await s.enqueue('orphan', { k: 'fresh' }, { maxAttempts: 3 });
    await s.enqueue('orphan', { k: 'stale' }, { maxAttempts: 3 });
    await s.enqueue('orphan', { k: 'spent' }, { maxAttempts: 1 });
    const ids = await h.kehu.ctx.db.selectFrom('jobs').select(['id', 'payload']).where('name', '=', 'orphan').execute();
    const idOf = (k: string) => ids.find((j) => JSON.parse(j.payload!).k === k)!.id;
    const lock = async (k: string, minutesAgo: number) =>
      h.kehu.ctx.db
        .updateTable('jobs')
        .set({ status: 'running', locked_by: 'gone-1234', locked_at: new Date(h.clock.now().getTime() - minutesAgo * 60_000).toISOString() })
        .where('id', '=', idOf(k))
        .execute();
    await lock('fresh', 10); // still within its lock: another instance may be running it
    await lock('stale', 31);
    await lock('spent', 31);
    await s.runDue();
    expect(ran).toEqual(['stale']);
    const rows = await h.kehu.ctx.db.selectFrom('jobs').select(['id', 'status', 'attempts', 'last_error']).where('name', '=', 'orphan').execute();
    const row = (k: string) => rows.find((r) => r.id === idOf(k))!;
    expect(row('fresh')).toMatchObject({ status: 'running', attempts: 0 });
    expect(row('stale')).toMatchObject({ status: 'done', attempts: 1 });
    expect(row('spent')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row('spent').last_error).toMatch(/abandoned/);
    // the other tests move the clock: the fresh lock would go stale there
    await h.kehu.ctx.db.updateTable('jobs').set({ status: 'done' }).where('id', '=', idOf('fresh')).execute();
  });

  it('keeps a long job to its instance: a heartbeat renews the lock of it and of the jobs waiting behind it', async () => {
    const ran: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const a = new Scheduler(h.kehu.ctx.db, h.clock, console, 20);
    const b = new Scheduler(second.ctx.db, h.clock);
    for (const s of [a, b]) {
      const who = s === a ? 'a' : 'b';
      s.register('long', async () => {
        ran.push(`long@${who}`);
        if (who === 'a') await gate;
      });
      s.register('behind', async () => {
        ran.push(`behind@${who}`);
      });
    }
    await a.enqueue('long');
    h.clock.advance(1);
    await a.enqueue('behind');
    const first = a.runDue();
    for (let i = 0; i < 100 && !ran.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(['long@a']);
    // the job has run for 31 minutes: without the heartbeat the other instance would take both for abandoned
    h.clock.advance(31 * 60_000);
    await new Promise((r) => setTimeout(r, 150));
    expect(await b.runDue()).toBe(0);
    release();
    expect(await first).toBe(2);
    expect(ran).toEqual(['long@a', 'behind@a']);
    const rows = await h.kehu.ctx.db.selectFrom('jobs').select(['status', 'attempts']).where('name', 'in', ['long', 'behind']).execute();
    expect(rows).toEqual([
      { status: 'done', attempts: 0 },
      { status: 'done', attempts: 0 },
    ]);
  });

  it('does not run a job before its time; a moved clock makes it due', async () => {
    const s = new Scheduler(h.kehu.ctx.db, h.clock);
    let ran = 0;
    s.register('later', async () => {
      ran++;
    });
    await s.enqueue('later', null, { runAt: new Date(h.clock.now().getTime() + 3_600_000) });
    expect(await s.runDue()).toBe(0);
    h.clock.advance(3_600_001);
    expect(await s.runDue()).toBe(1);
    expect(ran).toBe(1);
  });

  it('stops after the poll under way and polls no more (the database can then be closed)', async () => {
    const s = new Scheduler(h.kehu.ctx.db, h.clock);
    let release: () => void = () => {};
    let started = 0;
    let finished = 0;
    s.register('slow-stop', async () => {
      started++;
      await new Promise<void>((r) => (release = r));
      finished++;
    });
    await s.enqueue('slow-stop', {});
    await s.start(5);
    for (let i = 0; i < 400 && started === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(started).toBe(1);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false); // waits for the job under way
    release();
    await stopping;
    expect(finished).toBe(1);
    await s.enqueue('slow-stop', {});
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toBe(1); // no poll after stop
  });

  it('schedules one row per occurrence of a recurring job, whichever instance schedules it', async () => {
    const a = new Scheduler(h.kehu.ctx.db, h.clock);
    const b = new Scheduler(second.ctx.db, h.clock);
    const job = dailyAt('nightly-test', 18);
    let ran = 0;
    a.every(job, async () => void ran++);
    b.every(job, async () => void ran++);
    await Promise.all([a.start(60_000), b.start(60_000)]);
    await a.stop();
    await b.stop();
    const rows = await h.kehu.ctx.db.selectFrom('jobs').select('id').where('name', '=', 'nightly-test').execute();
    expect(rows).toHaveLength(1);
    h.clock.advance(25 * 3_600_000);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(ran).toBe(1);
    const next = await h.kehu.ctx.db.selectFrom('jobs').select(['status']).where('name', '=', 'nightly-test').execute();
    expect(next.map((r) => r.status).sort()).toEqual(['done', 'pending']);
  });

  it('merges the search index every five minutes, on the clock', async () => {
    const job = everyMinutes('search-index', 5);
    expect(job.next(new Date('2026-11-23T10:02:59Z')).toISOString()).toBe('2026-11-23T10:05:00.000Z');
    expect(job.next(new Date('2026-11-23T10:05:00Z')).toISOString()).toBe('2026-11-23T10:10:00.000Z');
    // the server's own handler runs (on PostgreSQL: gin_clean_pending_list) and the index still answers
    const admin = await h.user('search.admin', ['admin']); // a fresh session: earlier tests moved the clock
    const created = await admin.post('/api/v1/customers', { type: 'enterprise', name: '宁波甬江模具有限公司' });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    await h.kehu.ctx.scheduler.enqueue('search-index');
    await h.kehu.ctx.scheduler.runDue();
    const rows = await h.kehu.ctx.db.selectFrom('jobs').select(['status', 'last_error', 'run_at']).where('name', '=', 'search-index').orderBy('id').execute();
    // the run is done and has put its next occurrence on the five-minute grid
    expect(rows.map((r) => [r.status, r.last_error])).toEqual([['done', null], ['pending', null]]);
    expect(new Date(rows[1].run_at).getTime() % 300_000).toBe(0);
    const found = await admin.get('/api/v1/customers?q=nbyj');
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((x: { id: number }) => x.id)).toContain(c.id);
  });

  it('retries a failing job and marks it failed after its attempts', async () => {
    const s = new Scheduler(h.kehu.ctx.db, h.clock, { error: () => undefined });
    s.register('boom', async () => {
      throw new Error('boom');
    });
    await s.enqueue('boom', null, { maxAttempts: 2 });
    await s.runDue();
    h.clock.advance(120_000);
    await s.runDue();
    const row = await h.kehu.ctx.db.selectFrom('jobs').selectAll().where('name', '=', 'boom').executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(2);
    expect(row.last_error).toContain('boom');
  });

  it('gives unique customer numbers when both instances create at once', async () => {
    const login = await second.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
    const cookie2 = String(login.headers['set-cookie']).split(';')[0];
    const viaSecond = () =>
      second.app.inject({
        method: 'POST',
        url: '/api/v1/customers',
        headers: { cookie: cookie2, 'x-requested-with': 't', 'content-type': 'application/json' },
        payload: JSON.stringify(makeIndividual({ confirmDuplicate: true })),
      });
    const first = await h.login('admin', TEST_ADMIN_PASSWORD); // the clock moved past the earlier session
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? viaSecond() : first.post('/api/v1/customers', makeIndividual({ confirmDuplicate: true })))),
    );
    expect(results.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([]);
    const codes = results.map((r) => r.json().code as string);
    expect(new Set(codes).size).toBe(30);
  });
});
