// Two app instances on one database: the service jobs and the SLA escalation happen once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Kehu } from '../../app';
import { openDatabase } from '../../db';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createTechnician, serviceWorld, type ServiceWorld } from '../../test/service-factories';
import { SLA_SCAN_JOB } from './sla-routes';
import { scanSla } from './sla-scan';

describe.each(testDatabases())('service with two instances on %s', (kind) => {
  let h: Harness;
  let second: Kehu;
  let agent: Client;
  let manager: Client;
  let w: ServiceWorld;

  beforeAll(async () => {
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    const database = kind === 'postgres' ? openDatabase({ databaseUrl: h.db.url, dataDir: h.db.dataDir, poolSize: 5 }) : openDatabase({ dataDir: h.db.dataDir });
    second = await buildApp({ config: h.kehu.ctx.config, clock: h.clock, database, logger: false, migrate: true });
    await second.app.ready();
    agent = await h.user('agent1', ['service_agent']);
    manager = await h.user('manager1', ['service_manager']);
    w = await serviceWorld(h);
    await createTechnician(h, 'tech1', w.outletId, w.outletTeamId);
  });
  afterAll(async () => {
    await second?.close();
    await second?.ctx.database.close().catch(() => undefined);
    await h?.close();
  });

  async function overdueOrder() {
    const res = await agent.post('/api/v1/service/orders', { customerId: w.customerId, unitId: w.unitId, type: 'repair', mode: 'onsite', channel: 'web', description: '热水器不点火' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; code: string; due: { next: string; nextKind: string } };
  }
  const breaches = (id: number) => h.kehu.ctx.db.selectFrom('service_order_events').select('id').where('order_id', '=', id).where('action', '=', 'sla_breach').execute();
  const noticesAbout = (userId: number, code: string) =>
    h.kehu.ctx.db.selectFrom('notifications').select('title').where('user_id', '=', userId).where('title', 'like', `%${code}%`).execute();

  it('escalates a breach once when both instances scan at the same moment', async () => {
    const o = await overdueOrder();
    expect(o.due.nextKind).toBe('ack'); // a web request waits for acknowledgement
    const after = new Date(new Date(o.due.next).getTime() + 60_000);
    h.clock.set(after);
    // PostgreSQL: truly at once. SQLite: one after the other — two connections in one process would block the
    // thread that has to commit while the other waits for its lock (separate processes do not have that problem).
    const [a, b] =
      kind === 'postgres'
        ? await Promise.all([scanSla(h.kehu.ctx, after), scanSla(second.ctx, after)])
        : [await scanSla(h.kehu.ctx, after), await scanSla(second.ctx, after)];
    expect(a.breached + b.breached).toBe(1);
    expect(await breaches(o.id)).toHaveLength(1);
    expect(await noticesAbout(manager.userId, o.code)).toHaveLength(1);
    const row = await h.kehu.ctx.db.selectFrom('service_orders').select(['escalated', 'breached_at']).where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(row.escalated).toBe(1);
    expect(row.breached_at).toBeTruthy();
  });

  it('runs the scheduled SLA scan once although both instances poll', async () => {
    h.clock.set(new Date('2026-11-25T02:00:00Z'));
    const o = await (async () => {
      agent = await h.login('agent1', 'Passw0rd!');
      return overdueOrder();
    })();
    h.clock.set(new Date(new Date(o.due.next).getTime() + 60_000));
    await h.kehu.ctx.scheduler.enqueue(SLA_SCAN_JOB, null, { uniqueKey: `test-scan-${kind}` });
    const [x, y] = await Promise.all([h.kehu.ctx.scheduler.runDue(), second.ctx.scheduler.runDue()]);
    expect(x + y).toBe(1);
    expect(await breaches(o.id)).toHaveLength(1);
    expect(await noticesAbout(manager.userId, o.code)).toHaveLength(1);
  });
});
