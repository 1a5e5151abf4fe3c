// Starts a real Kehu server on a fresh SQLite data dir for the browser tests, with one extra user.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../packages/server/src/db';
import { hashPassword } from '../packages/server/src/platform/passwords';
import { E2E } from './env';
import { ensureServerBuild } from '../scripts/build-server.mjs';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('server exited early');
    try {
      const r = await fetch(url + '/readyz');
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become ready');
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // the compiled server, as `npm start` runs it (built here when missing or older than its sources)
  const bundle = await ensureServerBuild();
  const child = spawn(process.execPath, [bundle, 'start'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, KEHU_ADMIN_PASSWORD: E2E.adminPassword, JOBS_ENABLED: 'false', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitReady(baseUrl, child);

  const database = openDatabase({ dataDir });
  const now = new Date().toISOString();
  const root0 = await database.db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  // a service agent (客服专员) and a second administrator, created straight in the database the server uses
  const addUser = async (username: string, displayName: string, password: string, roleCode: string) => {
    const user = await database.db
      .insertInto('users')
      .values({
        username,
        display_name: displayName,
        password_hash: await hashPassword(password),
        org_unit_id: root0.id,
        disabled: 0,
        must_change_password: 0,
        failed_logins: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const role = await database.db.selectFrom('roles').select('id').where('code', '=', roleCode).executeTakeFirstOrThrow();
    await database.db.insertInto('user_roles').values({ user_id: user.id, role_id: role.id }).execute();
  };
  await addUser(E2E.agent.username, '客服小王', E2E.agent.password, 'service_agent');
  await addUser(E2E.ops.username, '运维管理员', E2E.ops.password, 'admin');
  await database.close();

  fs.mkdirSync(path.join(root, 'e2e/screenshots'), { recursive: true });
  project.provide('baseUrl', baseUrl);
  project.provide('dataDir', dataDir);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
  }
}
