// Fresh databases for tests: a temp SQLite file, or on PostgreSQL a database cloned from a migrated template.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db';
import { migrateToLatest } from '../db/migrate';
import { bootstrap } from '../seed/bootstrap';

export const TEST_ADMIN_PASSWORD = 'Admin12345';
export type TestDbKind = 'sqlite' | 'postgres';

export function testDatabases(): TestDbKind[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

function withDb(url: string, name: string) {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

// One template per test run (named after the vitest main process), so concurrent runs never collide.
const runPid = (main: boolean) => (main ? process.pid : process.ppid);
const templateName = (main: boolean) => `kehu_tpl_${runPid(main)}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Builds the template once per test run (called from vitest globalSetup). */
export async function prepareTemplate(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const TEMPLATE = templateName(true);
  // drop databases left by earlier runs whose process is gone
  const old = await admin.query(`select datname from pg_database where datname ~ '^kehu_(t|tpl)_[0-9]+'`);
  for (const r of old.rows) {
    const pid = Number(/^kehu_(?:t|tpl)_(\d+)/.exec(r.datname)?.[1]);
    if (pid === process.pid || !alive(pid)) await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => undefined);
  }
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  const database = openDatabase({ databaseUrl: withDb(url, TEMPLATE), dataDir: os.tmpdir(), poolSize: 2 });
  await migrateToLatest(database.db);
  await bootstrap(database.db, { adminPassword: TEST_ADMIN_PASSWORD });
  await database.close();
}

export interface TestDb {
  database: Database;
  dataDir: string;
  url?: string;
  drop(): Promise<void>;
}

export async function freshDatabase(kind: TestDbKind): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-test-'));
  if (kind === 'sqlite') {
    const database = openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await bootstrap(database.db, { adminPassword: TEST_ADMIN_PASSWORD });
    return {
      database,
      dataDir,
      async drop() {
        await database.close().catch(() => undefined);
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `kehu_t_${runPid(false)}_${crypto.randomBytes(5).toString('hex')}`;
  const TEMPLATE = templateName(false);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${TEMPLATE}`);
      break;
    } catch (err) {
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = withDb(base, name);
  const database = openDatabase({ databaseUrl: url, dataDir, poolSize: 10 });
  return {
    database,
    dataDir,
    url,
    async drop() {
      await database.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function dropTemplate(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${templateName(true)} with (force)`).catch(() => undefined);
  await admin.end();
}
