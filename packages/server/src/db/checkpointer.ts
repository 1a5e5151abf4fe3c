// SQLite's WAL is copied back into the database file by a checkpoint. Left automatic, the checkpoint runs inside
// whichever commit crosses 1,000 WAL pages and makes that one request wait for the copy and an fsync (a create's
// commit: p50 0.5 ms, but 10–50 ms every few dozen commits at 1M customers). The server turns the automatic
// checkpoint off and lets a worker thread with its own connection checkpoint in the background instead; PASSIVE
// mode never blocks readers or the writer. Should the worker die, the automatic checkpoint comes back.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const conn = new SQLite(workerData.file);
conn.pragma('busy_timeout = 5000');
const done = new Int32Array(workerData.done);
const timer = setInterval(() => {
  try {
    const [r] = conn.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.busy === 0 && r.log > 0 && r.checkpointed === r.log) Atomics.add(done, 0, 1);
  } catch (err) { parentPort.postMessage(String(err && err.message || err)); }
}, workerData.everyMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); conn.close(); parentPort.close(); } });
parentPort.postMessage({ ready: true });
`;

export interface Checkpointer {
  /** Settles once the worker has opened its connection and scheduled its first checkpoint. */
  ready: Promise<void>;
  /** How many checkpoints so far copied the whole WAL back (the next commit then starts the WAL afresh). */
  completed(): number;
  stop(): Promise<void>;
}

export function startCheckpointer(conn: SQLite.Database, file: string, everyMs = 1000): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  conn.pragma('wal_autocheckpoint = 0');
  const shared = new SharedArrayBuffer(4);
  const done = new Int32Array(shared);
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { file, driver, everyMs, done: shared } });
  worker.unref();
  let stopped = false;
  const fallBack = () => {
    if (!stopped && conn.open) conn.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.on('exit', () => markReady());
  worker.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && 'ready' in m) markReady();
    else console.error('sqlite checkpoint:', m);
  });
  return {
    ready,
    completed: () => Atomics.load(done, 0),
    async stop() {
      stopped = true;
      const exited = new Promise((r) => worker.once('exit', r));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      await worker.terminate();
    },
  };
}
