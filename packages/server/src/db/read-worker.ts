// SQLite answers on the thread that asks, so a long read (an export's 100,000 rows, most of them off the disk) and
// the work done with its rows (the XLSX) take turns. A read worker is a thread with its own read-only connection to
// the same file: the export asks it for the next batch and writes the current one meanwhile. PostgreSQL needs none
// (the server reads in its own process while we write).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const conn = new SQLite(workerData.file, { fileMustExist: true });
conn.pragma('busy_timeout = 10000');
conn.pragma('query_only = 1');
conn.pragma('cache_size = -8192');
const statements = new Map();
parentPort.on('message', (m) => {
  if (m === 'close') { conn.close(); parentPort.close(); return; }
  try {
    let stmt = statements.get(m.sql);
    if (!stmt) statements.set(m.sql, (stmt = conn.prepare(m.sql)));
    parentPort.postMessage({ id: m.id, rows: stmt.all(m.parameters) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
});
`;

export interface ReadWorker {
  /** Runs a compiled SELECT on the worker's connection. */
  all<R>(query: CompiledQuery<R>): Promise<R[]>;
  close(): Promise<void>;
}

/** read workers open at once: each is a thread with its own page cache (~8 MB), so exports beyond these read as before */
export const MAX_READ_WORKERS = 2;
let openWorkers = 0;

/** A read worker, or undefined when MAX_READ_WORKERS are open already (the caller reads on its own connection then). */
export function tryReadWorker(file: string): ReadWorker | undefined {
  if (openWorkers >= MAX_READ_WORKERS) return undefined;
  return openReadWorker(file);
}

export function openReadWorker(file: string): ReadWorker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { file, driver } });
  openWorkers++;
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  let exited = false;
  const failAll = (err: Error) => {
    failure ??= err;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  worker.on('message', (m: { id: number; rows?: unknown[]; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error !== undefined) w.reject(new Error(`read worker: ${m.error}`));
    else w.resolve(m.rows ?? []);
  });
  worker.on('error', failAll);
  const gone = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      exited = true;
      openWorkers--;
      failAll(new Error('read worker: exited'));
      resolve();
    }),
  );
  return {
    all<R>(query: CompiledQuery<R>) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<R[]>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
        worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
      });
    },
    async close() {
      if (exited) return;
      worker.postMessage('close');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
