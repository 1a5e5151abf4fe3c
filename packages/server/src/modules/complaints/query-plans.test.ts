// SQLite query plans of the complaint reports under the statistics ANALYZE writes at 2,000,000 complaints (the
// bench dataset, 60,781 open). The reports read ~80,000 (daily) and ~700,000 (12 months) complaints; from the table
// those were random reads of 600-byte rows, and with a cold cache a 0.5 s report took 3 s. Every part of them must
// be a range of an index that carries the columns it reads (migration 026): "COVERING INDEX", never the table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, SqliteDialect, type Compilable } from 'kysely';
import SQLite from 'better-sqlite3';
import type { DB } from '../../db/schema';
import { migrateToLatest } from '../../db/migrate';
import type { ScopeFilter } from '../../platform/permissions';
import { sheetQuery } from './report-daily';
import { breakdownQuery, DIMENSION, periodQuery } from './report-analysis';

// sqlite_stat1 of the bench dataset after migration 026
const STATS: [string, string][] = [
  ['complaints', '2000000'],
  ['complaints_closed_cover', '1937173 1 1 1 1 1 1 1 1 1 1 1 1 1'],
  ['complaints_customer', '2000000 3 1'],
  ['complaints_open', '60781 10131 1'],
  ['complaints_open_due', '60781 15'],
  ['complaints_open_list', '60781 60781 10131 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1'],
  ['complaints_open_owner', '60781 2643 2643 457 1'],
  ['complaints_open_warn', '60781 15'],
  ['complaints_owner', '2000000 86957 9434 1'],
  ['complaints_phone', '2000000 1'],
  ['complaints_received_cover', '2000000 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1'],
  ['complaints_service_order', '2000000 7'],
  ['complaints_source', '2000000 1000000 1000000'],
  ['complaints_state', '2000000 181819 1'],
  ['complaints_team', '2000000 333334 40817 1'],
  ['complaints_token', '2000000 2000000'],
  ['complaints_unit', '2000000 3'],
  ['complaints_visited_cover', '2046 1 1 1 1 1 1 1 1 1 1 1 1 1'],
  ['sqlite_autoindex_complaints_1', '2000000 1'],
];

describe('complaint report query plans on SQLite with 2M-complaint statistics', () => {
  let dir: string;
  let conn: SQLite.Database;
  let db: Kysely<DB>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-plan-'));
    conn = new SQLite(path.join(dir, 'kehu.db'));
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: conn }) });
    await migrateToLatest(db);
    conn.exec('analyze');
    conn.prepare(`delete from sqlite_stat1 where tbl = 'complaints'`).run();
    const put = conn.prepare('insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)');
    for (const [idx, stat] of STATS) put.run('complaints', idx === 'complaints' ? null : idx, stat);
    conn.exec('analyze sqlite_schema'); // reload the statistics
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** the lines of a statement's plan that read complaints */
  function plan(q: Compilable): string[] {
    const c = q.compile();
    return (conn.prepare('explain query plan ' + c.sql).all(...(c.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).filter((d) => / c( |$)/.test(d));
  }

  const scopes: [string, ScopeFilter][] = [
    ['all', { kind: 'all' }],
    ['department', { kind: 'units', userId: 7, unitIds: [3, 4] }],
    ['own', { kind: 'own', userId: 7 }],
  ];
  const day = { start: '2026-11-11T16:00:00.000Z', end: '2026-11-12T16:00:00.000Z' };
  const year = { from: '2025-11-24T16:00:00.000Z', to: '2026-11-24T16:00:00.000Z' };
  const now = '2026-11-24T08:00:00.000Z';

  it('reads the day’s sheet from five index ranges that carry its columns, in every scope', () => {
    for (const [name, scope] of scopes) {
      const steps = plan(sheetQuery(db, day, scope));
      expect(steps, name).toEqual([
        'SEARCH c USING COVERING INDEX complaints_received_cover (received_at>? AND received_at<?)',
        'SEARCH c USING COVERING INDEX complaints_closed_cover (closed_at>? AND closed_at<?)',
        // one handler's own open cases are a few thousand at most: their range of complaints_owner
        name === 'own' ? 'SEARCH c USING INDEX complaints_owner (owner_id=? AND state=?)' : 'SCAN c USING COVERING INDEX complaints_open_list',
        'SEARCH c USING COVERING INDEX complaints_closed_cover (closed_at>? AND closed_at<?)',
        'SCAN c USING COVERING INDEX complaints_visited_cover',
      ]);
    }
  });

  it('sums a period and groups the breakdown from complaints_received_cover alone', () => {
    const codes = { categories: ['quality', 'repair', 'attitude'], causes: ['design', 'process'] };
    for (const [name, scope] of scopes) {
      expect(plan(periodQuery(db, 'sqlite', year, scope, now, codes)), name).toEqual(['SEARCH c USING COVERING INDEX complaints_received_cover (received_at>? AND received_at<?)']);
      for (const by of ['category', 'cause', 'product', 'region', 'outlet', 'department'] as const) {
        expect(plan(breakdownQuery(db, DIMENSION[by], year, scope, now)), `${name} by ${by}`).toEqual([
          'SEARCH c USING COVERING INDEX complaints_received_cover (received_at>? AND received_at<?)',
        ]);
      }
    }
  });
});
