// API test harness: an app on a fresh database, signed-in clients per user, and record factories.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { BUILT_IN_ROLES } from '@kehu/shared';
import { buildApp, type Kehu } from '../app';
import { loadConfig, type Config } from '../config';
import { FixedClock } from '../platform/clock';
import { hashPassword } from '../platform/passwords';
import { freshDatabase, TEST_ADMIN_PASSWORD, type TestDbKind, type TestDb } from './db';

export interface Client {
  username: string;
  userId: number;
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  raw(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface Harness {
  kehu: Kehu;
  db: TestDb;
  clock: FixedClock;
  admin: Client;
  rootUnitId: number;
  /** creates an org unit under `parentId` (root by default) */
  unit(name: string, kind: 'department' | 'team', parentId?: number): Promise<number>;
  /** creates a user with the given built-in role(s) in a unit and signs them in */
  user(username: string, roles: string[], unitId?: number | null): Promise<Client>;
  login(username: string, password: string): Promise<Client>;
  close(): Promise<void>;
}

export async function createHarness(kind: TestDbKind, opts: { now?: Date; config?: Partial<Config> } = {}): Promise<Harness> {
  const db = await freshDatabase(kind);
  const clock = new FixedClock(opts.now ?? new Date('2026-11-22T02:00:00Z'));
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      databaseUrl: db.url,
      adminPassword: TEST_ADMIN_PASSWORD,
      logLevel: 'silent',
      loginRateLimit: 1000,
      publicComplaintRateLimit: 1000,
      uploadMaxBytes: 1024 * 1024,
      jobsEnabled: false,
      webDist: '/nonexistent',
      ...opts.config,
    },
  );
  const kehu = await buildApp({ config, clock, database: db.database, logger: false });
  await kehu.app.ready();
  const ctx = kehu.ctx;
  // tests start with an admin whose password is already changed
  await ctx.db.updateTable('users').set({ must_change_password: 0 }).where('username', '=', 'admin').execute();
  const rootUnitId = (await ctx.db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id;

  const makeClient = (username: string, userId: number, cookie: string): Client => {
    const send = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}) =>
      kehu.app.inject({
        method,
        url,
        headers: { cookie, 'x-requested-with': 'test', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    return {
      username,
      userId,
      cookie,
      get: (url, headers) => send('GET', url, undefined, headers),
      post: (url, body, headers) => send('POST', url, body ?? {}, headers),
      patch: (url, body, headers) => send('PATCH', url, body, headers),
      raw: (o) => kehu.app.inject({ ...o, headers: { cookie, 'x-requested-with': 'test', ...(o.headers ?? {}) } }),
    };
  };

  const login = async (username: string, password: string): Promise<Client> => {
    const res = await kehu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = String(res.headers['set-cookie']);
    const cookie = setCookie.split(';')[0];
    return makeClient(username, res.json().id, cookie);
  };

  const admin = await login('admin', TEST_ADMIN_PASSWORD);
  const passwordHash = await hashPassword('Passw0rd!');

  return {
    kehu,
    db,
    clock,
    admin,
    rootUnitId,
    async unit(name, kind, parentId) {
      const now = clock.now().toISOString();
      const r = await ctx.db
        .insertInto('org_units')
        .values({ parent_id: parentId ?? rootUnitId, name, kind, sort: 0, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async user(username, roles, unitId) {
      const now = clock.now().toISOString();
      const u = await ctx.db
        .insertInto('users')
        .values({
          username,
          display_name: username,
          password_hash: passwordHash,
          org_unit_id: unitId === undefined ? rootUnitId : unitId,
          disabled: 0,
          must_change_password: 0,
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const code of roles) {
        if (!BUILT_IN_ROLES.some((r) => r.code === code)) throw new Error(`no role ${code}`);
        const role = await ctx.db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirstOrThrow();
        await ctx.db.insertInto('user_roles').values({ user_id: u.id, role_id: role.id }).execute();
      }
      return login(username, 'Passw0rd!');
    },
    login,
    async close() {
      await kehu.close();
      await db.drop();
    },
  };
}
