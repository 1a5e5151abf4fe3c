import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createTechnician, createUnit, serviceWorld, SIGNATURE_PNG, type ServiceWorld } from '../../test/service-factories';
import { up as seedFeeDefaults } from '../../db/migrations/015_service_fee_defaults';

describe.each(testDatabases())('service fee schedule (%s)', (kind) => {
  let h: Harness;
  let agent: Client;
  let manager: Client;
  let credit: Client;
  let tech: Client;
  let w: ServiceWorld;

  beforeAll(async () => {
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') }); // Monday 10:00 in Beijing
    agent = await h.user('fee_agent', ['service_agent']);
    manager = await h.user('fee_boss', ['service_manager']);
    credit = await h.user('fee_credit', ['credit_manager']);
    w = await serviceWorld(h, '2026-06-01');
    tech = await createTechnician(h, 'fee_tech', w.outletId, w.outletTeamId, ['aircon']);
  });
  afterAll(async () => h?.close());

  const db = () => h.kehu.ctx.db;
  const put = (c: Client, body: unknown) => c.raw({ method: 'PUT', url: '/api/v1/service/fees', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const auditCount = async () =>
    Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('entity', '=', 'service_fees').executeTakeFirstOrThrow()).n);
  const amounts = (s: { labour: { key: string; amountFen: number | null }[]; callout: { key: string; amountFen: number | null }[] }) => ({
    labour: Object.fromEntries(s.labour.map((e) => [e.key, e.amountFen])),
    callout: Object.fromEntries(s.callout.map((e) => [e.key, e.amountFen])),
  });
  const DEFAULTS = {
    labour: { install: 8000, repair: 10000, maintenance: 6000, inspection: 5000, consult: 0, return: 0 },
    callout: { urban: 3000, suburban: 5000, remote: 8000 },
  };

  it('answers the whole matrix, seeded with the defaults, to anyone with service:read', async () => {
    const res = await tech.get('/api/v1/service/fees');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.labour.map((e: { key: string }) => e.key)).toEqual(['install', 'repair', 'maintenance', 'inspection', 'consult', 'return']);
    expect(s.callout.map((e: { key: string }) => e.key)).toEqual(['urban', 'suburban', 'remote']);
    expect(amounts(s)).toEqual(DEFAULTS);
    expect(s.etag).toMatch(/^[0-9a-f]{32}$/);
    expect([...s.labour, ...s.callout].every((e: { preset: boolean }) => e.preset)).toBe(true);
    expect((await credit.get('/api/v1/service/fees')).statusCode).toBe(403);
  });

  it('replaces the schedule with service:rules only, audits the changes and refuses a stale etag', async () => {
    const before = (await agent.get('/api/v1/service/fees')).json();
    const body = {
      etag: before.etag,
      labour: { ...DEFAULTS.labour, repair: 12000, install: null }, // install: no longer charged
      callout: { urban: 4550, suburban: 5000 }, // remote left out: removed
    };
    expect((await put(agent, body)).statusCode).toBe(403);
    expect((await put(tech, body)).statusCode).toBe(403);
    const audits = await auditCount();
    const res = await put(manager, body);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(amounts(after)).toEqual({
      labour: { install: null, repair: 12000, maintenance: 6000, inspection: 5000, consult: 0, return: 0 },
      callout: { urban: 4550, suburban: 5000, remote: null },
    });
    expect(after.etag).not.toBe(before.etag);
    expect(after.labour.find((e: { key: string }) => e.key === 'repair')).toMatchObject({ updatedAt: '2026-11-23T02:00:00.000Z', preset: false });
    expect(after.labour.find((e: { key: string }) => e.key === 'maintenance')).toMatchObject({ amountFen: 6000, preset: true });
    expect(after.callout.find((e: { key: string }) => e.key === 'remote')).toMatchObject({ amountFen: null, updatedAt: null, preset: false });
    expect((await agent.get('/api/v1/service/fees')).json()).toEqual(after);
    expect(await auditCount()).toBe(audits + 1);
    const entry = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'service_fees').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before!)).toEqual({ 'labour.install': 8000, 'labour.repair': 10000, 'callout.urban': 3000, 'callout.remote': 8000 });

    // the stale etag: 409, nothing written
    const stale = await put(manager, { ...body, etag: before.etag, labour: { repair: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('SERVICE_FEES_CHANGED');
    expect((await agent.get('/api/v1/service/fees')).json()).toEqual(after);

    // the same schedule again: accepted, nothing to write, nothing audited
    const same = await put(manager, { ...body, etag: after.etag });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toEqual(after);
    expect(await auditCount()).toBe(audits + 1);
  });

  it('rejects negative, fractional, too large amounts and unknown keys, writing nothing', async () => {
    const current = (await agent.get('/api/v1/service/fees')).json();
    const audits = await auditCount();
    const res = await put(manager, {
      etag: current.etag,
      labour: { repair: -1, install: 10.5, fly: 100 },
      callout: { urban: 100_000_001 },
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { path: string; message: string }[];
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['labour.repair', 'labour.install', 'labour', 'callout.urban']));
    expect(errors.find((e) => e.path === 'labour.repair')!.message).toBe('收费应为不小于 0 的金额（精确到分）');
    const bad = await put(manager, { etag: current.etag, labour: {}, callout: {}, parts: {} });
    expect(bad.statusCode).toBe(400);
    expect((await put(manager, { etag: current.etag, labour: { repair: '100' }, callout: {} })).statusCode).toBe(400);
    expect((await put(manager, { labour: {}, callout: {} })).statusCode).toBe(400);
    expect(await auditCount()).toBe(audits);
    expect((await agent.get('/api/v1/service/fees')).json()).toEqual(current);
  });

  it('is what an out-of-warranty on-site repair is charged at completion', async () => {
    const current = (await agent.get('/api/v1/service/fees')).json();
    const set = await put(manager, { etag: current.etag, labour: { repair: 15000 }, callout: { urban: 2500 } });
    expect(set.statusCode, set.body).toBe(200);
    const unitId = await createUnit(h, w.productId, w.customerId, `FEE-OLD-${w.customerId}`, '2022-03-01');
    const ok = async (c: Client, id: number, body: Record<string, unknown>) => {
      const r = await c.post(`/api/v1/service/orders/${id}/transitions`, body);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const created = await agent.post('/api/v1/service/orders', {
      customerId: w.customerId,
      unitId,
      type: 'repair',
      mode: 'onsite',
      channel: 'phone',
      description: '不制热',
      contactName: '李四',
      contactPhone: '13912345678',
    });
    expect(created.statusCode, created.body).toBe(201);
    let o = created.json();
    expect(o).toMatchObject({ warranty: 'out', regionType: 'urban' });
    o = await ok(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId });
    const from = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    o = await ok(tech, o.id, { action: 'schedule', version: o.version, appointmentFrom: from, appointmentTo: new Date(h.clock.now().getTime() + 7_200_000).toISOString() });
    o = await ok(tech, o.id, { action: 'depart', version: o.version });
    o = await ok(tech, o.id, { action: 'arrive', version: o.version });
    o = await ok(tech, o.id, { action: 'start', version: o.version });
    o = await ok(tech, o.id, { action: 'complete', version: o.version, resolution: '更换电容', signature: SIGNATURE_PNG, signedBy: '李四' });
    expect(o.fees).toEqual({ labourFen: 15000, calloutFen: 2500, partsFen: 0, totalFen: 17500 });
  });

  it('seeds the defaults only into an empty schedule', async () => {
    const current = (await agent.get('/api/v1/service/fees')).json();
    await seedFeeDefaults(db());
    expect((await agent.get('/api/v1/service/fees')).json()).toEqual(current); // someone's schedule is left alone
    await db().deleteFrom('service_fees').execute();
    expect(amounts((await agent.get('/api/v1/service/fees')).json())).toEqual({
      labour: { install: null, repair: null, maintenance: null, inspection: null, consult: null, return: null },
      callout: { urban: null, suburban: null, remote: null },
    });
    await seedFeeDefaults(db());
    expect(amounts((await agent.get('/api/v1/service/fees')).json())).toEqual(DEFAULTS);
  });
});
