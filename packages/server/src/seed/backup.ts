// Backup and restore: SQLite through its online backup API, PostgreSQL through pg_dump / pg_restore.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config';

function stamp() {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '-');
}

export async function backup(config: Config, target?: string): Promise<string> {
  const dir = path.join(config.dataDir, 'backups');
  fs.mkdirSync(dir, { recursive: true });
  if (config.databaseUrl) {
    const file = target ?? path.join(dir, `kehu-${stamp()}.pgdump`);
    execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, config.databaseUrl], { stdio: 'inherit' });
    return file;
  }
  const file = target ?? path.join(dir, `kehu-${stamp()}.db`);
  const db = new SQLite(path.join(config.dataDir, 'kehu.db'), { readonly: true });
  await db.backup(file);
  db.close();
  return file;
}

/** Restores a backup over the current database. Stop the server first. */
export async function restore(config: Config, file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  if (config.databaseUrl) {
    execFileSync('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${config.databaseUrl}`, file], { stdio: 'inherit' });
    return;
  }
  const dest = path.join(config.dataDir, 'kehu.db');
  for (const ext of ['-wal', '-shm']) fs.rmSync(dest + ext, { force: true });
  fs.copyFileSync(file, dest);
}
