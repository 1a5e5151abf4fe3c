// SQLite query plans of the customer list and the import's look-alike lookups under the statistics ANALYZE writes at
// 1M customers. sqlite_stat1 averages ~50 rows per `archived_at` value although 98 % of the customers are live (null),
// and with those numbers the planner skip-scanned a `(grade, archived_at, …)` index over every live customer (0.5–3 s
// per list page, seconds per 1,000 import rows). The statistics are written here as the bench dataset had them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import SQLite from 'better-sqlite3';
import type { DB } from '../../db/schema';
import { migrateToLatest } from '../../db/migrate';
import * as repo from './repo';
import { findLookalikes } from './import-repo';
import { openReadWorker } from '../../db/read-worker';
import type { ScopeFilter } from '../../platform/permissions';

// sqlite_stat1 of the bench dataset (1,000,000 customers, ~2 % archived)
const STATS: [string, string][] = [
  ['customers', '1000000'],
  ['customers_grade_live', '1000000 250000 51 1 1 1'],
  ['customers_state_live', '1000000 166667 51 1 1 1'],
  ['customers_province_live', '1000000 50000 51 1 1 1 1'],
  ['customers_team_live', '1000000 100000 51 1 1 1 1'],
  ['customers_owner_live', '1000000 20000 51 1 1 1 1'],
  ['customers_name_live', '1000000 5 4 1'],
  ['customers_phone', '1000000 1'],
  ['customers_credit_code', '1000000 2'],
  ['customers_updated', '1000000 1 1'],
  ['customers_live_scope', '980000 1 1 1 1'],
];

describe('customer query plans on SQLite with 1M-customer statistics', () => {
  let dir: string;
  let conn: SQLite.Database;
  let db: Kysely<DB>;
  const seen: CompiledQuery[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-plan-'));
    conn = new SQLite(path.join(dir, 'kehu.db'));
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: conn }), log: (e) => void seen.push(e.query) });
    await migrateToLatest(db);
    conn.exec('analyze');
    const put = conn.prepare('insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)');
    conn.prepare(`delete from sqlite_stat1 where tbl = 'customers'`).run();
    for (const [idx, stat] of STATS) put.run('customers', idx === 'customers' ? null : idx, stat);
    conn.exec('analyze sqlite_schema'); // reload the statistics
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** the plans of the statements `run` executes */
  async function plans(run: () => Promise<unknown>): Promise<string[]> {
    seen.length = 0;
    await run();
    return seen
      .filter((q) => /^\s*select/i.test(q.sql))
      .map((q) =>
        (conn.prepare('explain query plan ' + q.sql).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join(' | '),
      );
  }

  const all = { kind: 'all' } as const;
  const list = (f: Partial<repo.CustomerFilter>, column: repo.SortColumn, dir: 'asc' | 'desc') =>
    plans(() => repo.listCustomers(db, { archived: 'false', ...f }, all, [{ column, dir }], 20, 0));

  it('lists without a filter from the id, name or update order, never by a skip-scan over live customers', async () => {
    for (const [column, dir] of [
      ['customers.id', 'desc'],
      ['customers.name_norm', 'asc'],
      ['customers.updated_at', 'desc'],
    ] as const) {
      const [plan] = await list({}, column, dir);
      expect(plan, column).not.toMatch(/ANY\(/);
      expect(plan, column).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    }
  });

  it('keeps the archive test in the index range when a filter leads the index', async () => {
    expect((await list({ grade: 'A' }, 'customers.id', 'desc'))[0]).toMatch(/customers_grade_live \(grade=\? AND archived_at=\?\)/);
    expect((await list({ provinceCode: '330000' }, 'customers.id', 'desc'))[0]).toMatch(/customers_province_live \(province_code=\? AND archived_at=\?\)/);
    expect((await list({ ownerId: 7 }, 'customers.id', 'desc'))[0]).toMatch(/customers_owner_live \(owner_id=\? AND archived_at=\?\)/);
  });

  it('counts a search, tag or classification list from the live-customer index, not from the table', async () => {
    // pageSize 1: the page is full, so the list counts
    const count = async (f: Partial<repo.CustomerFilter>, scope: ScopeFilter = all) => {
      const ps = await plans(() => repo.listCustomers(db, { archived: 'false', ...f }, scope, [{ column: 'customers.id', dir: 'desc' }], 1, 0));
      return ps[1];
    };
    conn.pragma('foreign_keys = OFF'); // team 2 need not exist for a plan
    const now = '2026-11-24T00:00:00.000Z';
    await db
      .insertInto('customers')
      .values([1, 2, 3].map((i) => ({ id: i, code: `KH20261124-000${i}`, type: 'enterprise' as const, name: `客户${i}`, name_norm: `客户${i}`, team_id: 2, grade: 'A', lifecycle_state: 'active', profile: '{}', created_at: now, updated_at: now, version: 1 })))
      .execute();
    await db.insertInto('customer_tags').values([1, 2, 3].map((i) => ({ customer_id: i, tag: '重点' }))).execute();
    for (const i of [1, 2, 3]) conn.prepare('insert into customer_search (rowid, tokens) values (?, ?)').run(i, 'xhdq hdq');
    const q = [{ text: 'xhdq', prefix: true }];
    expect(await count({ q })).toMatch(/SEARCH customers USING COVERING INDEX customers_live_scope \(id=\?\)/);
    expect(await count({ tag: '重点' })).toMatch(/COVERING INDEX customers_live_scope/);
    expect(await count({ q }, { kind: 'units', userId: 3, unitIds: [2, 5] })).toMatch(/COVERING INDEX customers_live_scope/);
    // a column filter keeps its own index
    expect(await count({ q, grade: 'A' })).not.toMatch(/customers_live_scope/);
    // the counts agree with the rows
    const { total } = await repo.listCustomers(db, { archived: 'false', tag: '重点' }, all, [{ column: 'customers.id', dir: 'desc' }], 1, 0);
    expect(total).toBe(3);
    await db.updateTable('customers').set({ archived_at: '2026-11-01T00:00:00.000Z' }).where('id', '=', 2).execute();
    expect((await repo.listCustomers(db, { archived: 'false', tag: '重点' }, all, [{ column: 'customers.id', dir: 'desc' }], 1, 0)).total).toBe(2);
  });

  it('finds import look-alikes of many credit codes and phones through their indexes', async () => {
    const many = Array.from({ length: 300 }, (_, i) => String(13300000000 + i));
    const found = await plans(() => findLookalikes(db, { nameNorms: [], creditCodes: many.map((m) => '91' + m.padStart(16, '0')), phones: many }));
    const customerPlans = found.filter((pl) => !/contacts/.test(pl));
    expect(customerPlans.length).toBe(2);
    for (const pl of customerPlans) {
      expect(pl).not.toMatch(/ANY\(/);
      expect(pl).toMatch(/customers_(credit_code|phone)/);
    }
  });

  it('finds the same look-alikes on a read worker (the dry run on SQLite) as on the connection', async () => {
    conn.pragma('foreign_keys = OFF');
    const now = '2026-11-24T00:00:00.000Z';
    const base = { type: 'enterprise' as const, lifecycle_state: 'active', profile: '{}', created_at: now, updated_at: now, version: 1 };
    await db
      .insertInto('customers')
      .values([
        { ...base, id: 11, code: 'KH20261124-0011', name: '西湖电器', name_norm: '西湖电器', phone: '13900000011', credit_code: '91330100000000011X' },
        { ...base, id: 12, code: 'KH20261124-0012', name: '西湖电器', name_norm: '西湖电器', archived_at: now },
        { ...base, id: 13, code: 'KH20261124-0013', name: '钱塘商贸', name_norm: '钱塘商贸' },
      ])
      .execute();
    await db
      .insertInto('contacts')
      .values({ customer_id: 13, name: '王芳', mobile: '13900000013', is_primary: 1, created_at: now, updated_at: now, version: 1 })
      .execute();
    const probe = { nameNorms: ['西湖电器', '无此客户'], creditCodes: ['91330100000000011X'], phones: ['13900000011', '13900000013', '13900000099'] };
    const reader = openReadWorker(path.join(dir, 'kehu.db'));
    try {
      let asked = 0;
      const onWorker = await findLookalikes(db, probe, { all: (q) => (asked++, reader.all(q)), close: () => reader.close() });
      expect(asked).toBe(4); // names, credit codes, customer phones, contact mobiles: all on the worker
      const onConnection = await findLookalikes(db, probe);
      const ids = (r: typeof onWorker) => r.customers.map((c) => c.id).sort((a, b) => a - b);
      expect(ids(onWorker)).toEqual([11, 13]); // the archived namesake is left out
      expect(ids(onWorker)).toEqual(ids(onConnection));
      expect(onWorker.contactMobiles).toEqual([{ customer_id: 13, mobile: '13900000013' }]);
      expect(onWorker.customers.find((c) => c.id === 11)).toEqual(onConnection.customers.find((c) => c.id === 11));
    } finally {
      await reader.close();
    }
  });
});
