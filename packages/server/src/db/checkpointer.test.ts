import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from './checkpointer';

describe('background WAL checkpoints (SQLite)', () => {
  let dir = '';
  let cp: Checkpointer | null = null;
  afterEach(async () => {
    await cp?.stop();
    cp = null;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function writeMany(conn: SQLite.Database) {
    conn.exec('create table if not exists t (id integer primary key, body text)');
    const insert = conn.prepare('insert into t (body) values (?)');
    const body = 'x'.repeat(100_000); // ~25 pages per commit, 12 MB in all
    for (let i = 0; i < 120; i++) {
      insert.run(body);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  // Two full checkpoints after the last commit: the first may have started before it.
  async function twoCheckpointsLater(cp: Checkpointer) {
    const target = cp.completed() + 2;
    const deadline = Date.now() + 20_000;
    while (cp.completed() < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return cp.completed() >= target;
  }

  function open() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-wal-'));
    const file = path.join(dir, 'k.db');
    const conn = new SQLite(file);
    conn.pragma('journal_mode = WAL');
    return { conn, file };
  }

  // Whether the WAL also stays small depends on timing (a writer reuses it from the start only when a checkpoint
  // has just finished); what is certain, and checked here, is who does the copying.
  it('copies the WAL back into the database from the worker, never inside a commit', async () => {
    const { conn, file } = open();
    cp = startCheckpointer(conn, file, 20);
    expect(conn.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await cp.ready;
    await writeMany(conn);
    expect(await twoCheckpointsLater(cp)).toBe(true);
    expect(fs.statSync(file).size).toBeGreaterThan(10 * 1024 * 1024);
    conn.close();
  });

  it('(control) without the worker and without automatic checkpoints everything stays in the WAL', async () => {
    const { conn, file } = open();
    conn.pragma('wal_autocheckpoint = 0');
    await writeMany(conn);
    expect(fs.statSync(file + '-wal').size).toBeGreaterThan(10 * 1024 * 1024);
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    conn.close();
  });
});
