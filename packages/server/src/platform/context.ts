// What every module receives: configuration, database, clock and the shared platform services.
import type { Config } from '../config';
import type { Database, Db, Dialect } from '../db';
import type { Clock } from './clock';
import type { Dictionaries } from './dictionaries';
import type { FileStore } from './files';
import type { Scheduler } from './jobs';
import type { Notifier } from './notifications';

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  dialect: Dialect;
  clock: Clock;
  dictionaries: Dictionaries;
  files: FileStore;
  scheduler: Scheduler;
  notifier: Notifier;
}
