// Forward-only migrations, run at start-up under Kysely's migration lock.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index';
import * as m001 from './migrations/001_foundation';
import * as m002 from './migrations/002_customer_list_indexes';
import * as m003 from './migrations/003_search_statistics';
import * as m004 from './migrations/004_live_customer_indexes';
import * as m005 from './migrations/005_name_lookup_index';
import * as m006 from './migrations/006_service_core';
import * as m007 from './migrations/007_sla_defaults';
import * as m009 from './migrations/009_service_skills';
import * as m010 from './migrations/010_parts_supply';
import * as m012 from './migrations/012_service_returns';
import * as m013 from './migrations/013_service_agreements';
import * as m014 from './migrations/014_service_evaluation';
import * as m015 from './migrations/015_service_fee_defaults';
import * as m016 from './migrations/016_open_order_indexes';
import * as m017 from './migrations/017_sla_board_counts';
import * as m018 from './migrations/018_notification_messages';
import * as m019 from './migrations/019_service_search_indexes';
import * as m020 from './migrations/020_rework_and_visit_indexes';
import * as m021 from './migrations/021_complaints';
import * as m022 from './migrations/022_complaint_templates';
import * as m025 from './migrations/025_complaint_bench_indexes';
import * as m026 from './migrations/026_complaint_report_indexes';
import * as m027 from './migrations/027_sqlite_live_scope_index';

const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_customer_list_indexes': m002,
  '003_search_statistics': m003,
  '004_live_customer_indexes': m004,
  '005_name_lookup_index': m005,
  '006_service_core': m006,
  '007_sla_defaults': m007,
  '009_service_skills': m009,
  '010_parts_supply': m010,
  '012_service_returns': m012,
  '013_service_agreements': m013,
  '014_service_evaluation': m014,
  '015_service_fee_defaults': m015,
  '016_open_order_indexes': m016,
  '017_sla_board_counts': m017,
  '018_notification_messages': m018,
  '019_service_search_indexes': m019,
  '020_rework_and_visit_indexes': m020,
  '021_complaints': m021,
  '022_complaint_templates': m022,
  '025_complaint_bench_indexes': m025,
  '026_complaint_report_indexes': m026,
  '027_sqlite_live_scope_index': m027,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration failed: ${failed?.migrationName ?? ''} ${String(error)}`);
  }
}

export async function pendingMigrations(db: Db): Promise<number> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).length;
}
