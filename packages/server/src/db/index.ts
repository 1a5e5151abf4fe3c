// The database: one Kysely code base over SQLite (embedded default) or PostgreSQL (DATABASE_URL).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import { startCheckpointer } from './checkpointer';
import type { DB } from './schema';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** SQLite: the database file (read workers open it too) */
  sqliteFile?: string;
  close(): Promise<void>;
}

// node-pg: int8 and numeric as numbers, timestamps as ISO strings, dates as plain text,
// so that rows look the same on both dialects.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
pg.types.setTypeParser(1114, (v) => new Date(v + 'Z').toISOString());
pg.types.setTypeParser(1082, (v) => v);

export function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  sqliteFile?: string;
  /** SQLite: checkpoint the WAL in a worker thread instead of inside commits (the server sets this) */
  backgroundCheckpoint?: boolean;
}): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // an idle connection dropped by the server must not crash the process; the pool reconnects
    pool.on('error', (err) => console.error('postgres pool error:', err.message));
    pool.on('connect', preparedStatements);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = opts.sqliteFile ?? path.join(opts.dataDir, 'kehu.db');
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 10000');
  // 32 MB of page cache (the operating system caches the file as well), and sorts / GROUP BYs larger than it spill
  // to temporary files rather than to memory: with 64 MB and temp_store = MEMORY the 12-month complaint analysis
  // (a GROUP BY over ~700,000 rows) alone raised the server's RSS by ~80 MB, past the 400 MB budget
  conn.pragma('cache_size = -32768');
  const checkpointer = opts.backgroundCheckpoint ? startCheckpointer(conn, file) : null;
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
  return {
    db,
    dialect: 'sqlite',
    sqliteFile: file,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** Marks a statement to be prepared once per PostgreSQL connection (see preparedStatements). */
export const PREPARED = '/* prepared */ ';
const MAX_PREPARED_PER_CONNECTION = 300;

/**
 * node-pg parses and plans every unnamed statement anew; for the customer card's query that is most of its cost.
 * Inserts and statements that begin with PREPARED are sent as named prepared statements instead, parsed once per
 * connection. Not every query: a search's plan depends on its words, and a generic plan would lose that.
 */
function preparedStatements(client: pg.PoolClient) {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, cb?: unknown) => {
    if (typeof text !== 'string' || !Array.isArray(values) || !(text.startsWith(PREPARED) || /^insert /i.test(text))) {
      return query(text, values, cb);
    }
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED_PER_CONNECTION) {
      name = 'k' + createHash('sha1').update(text).digest('hex').slice(0, 20);
      names.set(text, name);
    }
    return name ? query({ name, text, values }, cb) : query(text, values, cb);
  };
}

/**
 * Kysely prepares every statement anew; preparing costs as much as running a point query, so
 * keep the prepared statements by SQL text (queries are parameterised, so the set is small).
 */
function withStatementCache(conn: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => conn.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = conn.prepare(sqlText);
        if (cache.size >= 500) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

export function nowIso(): string {
  return new Date().toISOString();
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
