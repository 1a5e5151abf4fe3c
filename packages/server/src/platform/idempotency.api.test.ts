// Idempotency-Key on a small test route served from the harness's context (same database, auth and error handler).
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import cookie from '@fastify/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness';
import { testDatabases } from '../test/db';
import { AuthCache, installAuth } from './auth';
import { AppError, installErrorHandler } from './errors';
import { canonicalJson, withIdempotency } from './idempotency';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(null)).toBe('null');
  });
});

describe.each(testDatabases())('Idempotency-Key on %s', (kind) => {
  let h: Harness;
  let app: FastifyInstance;
  const runs: unknown[] = [];
  let gate: Promise<void> | null = null;

  beforeAll(async () => {
    h = await createHarness(kind);
    const ctx = h.kehu.ctx;
    app = Fastify({ logger: false });
    installErrorHandler(app);
    await app.register(cookie);
    installAuth(app, ctx, new AuthCache());
    for (const path of ['/api/test/things', '/api/test/others']) {
      app.post(path, async (req, reply) =>
        withIdempotency(ctx, req, reply, async () => {
          const body = req.body as { name: string; fail?: 'throw' | 'status' };
          if (gate) await gate;
          if (body.fail === 'throw') throw new AppError(400, 'VALIDATION_FAILED');
          if (body.fail === 'status') return { status: 409, body: { code: 'NOPE' } };
          runs.push(body);
          return { status: 201, body: { n: runs.length, name: body.name } };
        }),
      );
    }
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const send = (body: unknown, headers: Record<string, string> = {}, extra: Partial<InjectOptions> = {}) =>
    app.inject({ method: 'POST', url: '/api/test/things', payload: body as object, headers: { 'content-type': 'application/json', ...headers }, ...extra });
  const keyRows = () => h.kehu.ctx.db.selectFrom('idempotency_keys').selectAll().execute();

  it('without the header the handler runs every time', async () => {
    const before = runs.length;
    expect((await send({ name: 'a' })).statusCode).toBe(201);
    expect((await send({ name: 'a' })).statusCode).toBe(201);
    expect(runs.length).toBe(before + 2);
  });

  it('replays the stored answer for a retry with the same key and body (whatever the key order)', async () => {
    const before = runs.length;
    const first = await send({ name: 'b', extra: { x: 1, y: 2 } }, { 'idempotency-key': 'key-b' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await send({ extra: { y: 2, x: 1 }, name: 'b' }, { 'idempotency-key': 'key-b' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(runs.length).toBe(before + 1);
  });

  it('refuses the same key with a different body: 422, localised, nothing run', async () => {
    await send({ name: 'c' }, { 'idempotency-key': 'key-c' });
    const before = runs.length;
    const res = await send({ name: 'c2' }, { 'idempotency-key': 'key-c', 'accept-language': 'en-US' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', title: 'This Idempotency-Key was used for a different request; use a new key' });
    const zh = await send({ name: 'c2' }, { 'idempotency-key': 'key-c' });
    expect(zh.json().title).toContain('Idempotency-Key 已用于');
    expect(runs.length).toBe(before);
  });

  it('answers 409 to a duplicate while the first request still runs, then replays', async () => {
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const before = runs.length;
    const first = send({ name: 'd' }, { 'idempotency-key': 'key-d' });
    // let the first request claim the key and wait at the gate
    for (let i = 0; i < 50 && !(await keyRows()).some((r) => r.key === 'key-d'); i++) await new Promise((r) => setTimeout(r, 5));
    const dup = await send({ name: 'd' }, { 'idempotency-key': 'key-d' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('IDEMPOTENCY_IN_PROGRESS');
    open();
    gate = null;
    expect((await first).statusCode).toBe(201);
    const third = await send({ name: 'd' }, { 'idempotency-key': 'key-d' });
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(runs.length).toBe(before + 1);
  });

  it('two parallel requests with one key run the handler once', async () => {
    const before = runs.length;
    const [a, b] = await Promise.all([send({ name: 'p' }, { 'idempotency-key': 'key-p' }), send({ name: 'p' }, { 'idempotency-key': 'key-p' })]);
    // the loser either sees the claim (409) or, if it came late, the stored answer
    const fresh = [a, b].filter((r) => r.statusCode === 201 && !r.headers['idempotent-replayed']);
    const loser = [a, b].find((r) => !fresh.includes(r))!;
    expect(fresh).toHaveLength(1);
    expect(loser.statusCode === 409 || loser.headers['idempotent-replayed'] === 'true').toBe(true);
    expect(runs.length).toBe(before + 1);
  });

  it('a failed first attempt releases the key so a corrected retry runs', async () => {
    const thrown = await send({ name: 'e', fail: 'throw' }, { 'idempotency-key': 'key-e' });
    expect(thrown.statusCode).toBe(400);
    expect((await keyRows()).some((r) => r.key === 'key-e')).toBe(false);
    const refused = await send({ name: 'e', fail: 'status' }, { 'idempotency-key': 'key-e' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ code: 'NOPE' });
    expect((await keyRows()).some((r) => r.key === 'key-e')).toBe(false);
    const ok = await send({ name: 'e' }, { 'idempotency-key': 'key-e' });
    expect(ok.statusCode).toBe(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
    const row = (await keyRows()).find((r) => r.key === 'key-e')!;
    expect(row.status).toBe(201);
    expect(JSON.parse(row.response!)).toEqual(ok.json());
  });

  it('rejects malformed keys with 400 and runs nothing', async () => {
    const before = runs.length;
    for (const key of ['', 'has space', 'x'.repeat(121), '键']) {
      const res = await send({ name: 'f' }, { 'idempotency-key': key });
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json().code).toBe('IDEMPOTENCY_KEY_INVALID');
      expect(res.json().errors[0].path).toBe('Idempotency-Key');
    }
    expect((await send({ name: 'f' }, { 'idempotency-key': 'x'.repeat(120) })).statusCode).toBe(201);
    expect(runs.length).toBe(before + 1);
  });

  it('keeps keys apart per caller and per path', async () => {
    const u = await h.user('idem-user', ['account_manager']);
    const before = runs.length;
    const headers = { 'idempotency-key': 'shared-key', 'x-requested-with': 'test' };
    const anon = await send({ name: 'g' }, headers);
    const asUser = await send({ name: 'g' }, { ...headers, cookie: u.cookie });
    const asAdmin = await send({ name: 'g' }, { ...headers, cookie: h.admin.cookie });
    const otherIp = await send({ name: 'g' }, headers, { remoteAddress: '10.1.2.3' });
    const otherPath = await app.inject({ method: 'POST', url: '/api/test/others', payload: { name: 'g' }, headers });
    for (const r of [anon, asUser, asAdmin, otherIp, otherPath]) expect(r.headers['idempotent-replayed']).toBeUndefined();
    expect(runs.length).toBe(before + 5);
    const scopes = (await keyRows()).filter((r) => r.key === 'shared-key').map((r) => r.scope);
    expect(scopes).toContain(`user:${u.userId} POST /api/test/things`);
    expect(scopes).toContain('public:10.1.2.3 POST /api/test/things');
  });

  it('takes over an abandoned claim after 10 minutes, forgets answers after a day, and housekeeping purges them', async () => {
    const ctx = h.kehu.ctx;
    await ctx.db
      .insertInto('idempotency_keys')
      .values({ scope: 'public:127.0.0.1 POST /api/test/things', key: 'key-h', request_hash: crypto.createHash('sha256').update(canonicalJson({ name: 'h' })).digest('hex'), status: null, response: null, created_at: h.clock.now().toISOString() })
      .execute();
    expect((await send({ name: 'h' }, { 'idempotency-key': 'key-h' })).statusCode).toBe(409);
    h.clock.advance(11 * 60_000);
    const taken = await send({ name: 'h' }, { 'idempotency-key': 'key-h' });
    expect(taken.statusCode).toBe(201);
    expect(taken.headers['idempotent-replayed']).toBeUndefined();

    const before = runs.length;
    h.clock.advance(25 * 3_600_000);
    const fresh = await send({ name: 'h' }, { 'idempotency-key': 'key-h' });
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(runs.length).toBe(before + 1);

    const count = async () => (await keyRows()).length;
    expect(await count()).toBeGreaterThan(1);
    await ctx.scheduler.start(3_600_000);
    await ctx.scheduler.stop();
    h.clock.advance(2 * 86_400_000);
    await ctx.scheduler.runDue();
    expect(await count()).toBe(0);
  });
});
