import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { openDatabase } from './src/db';
import { migrateToLatest } from './src/db/migrate';
import { proposeDispatch } from './src/modules/service/dispatch';

const dir = '/tmp/x/perf';
fs.rmSync(dir, { recursive: true, force: true });
const database = openDatabase({ dataDir: dir });
await migrateToLatest(database.db);
await database.close();
const c = new SQLite(dir + '/kehu.db');
c.pragma('journal_mode = WAL');
const now = new Date().toISOString();
c.prepare(`insert into org_units (parent_id, name, kind, sort, created_at, updated_at) values (null, 'root', 'department', 0, ?, ?)`).run(now, now);
c.prepare(`insert into customers (code, type, name, name_norm, lifecycle_state, profile, created_at, updated_at) values ('C1','enterprise','x','x','active','{}',?,?)`).run(now, now);
const counties = ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114'];
const tx = c.transaction(() => {
  let uid = 1;
  for (let o = 1; o <= 50; o++) {
    c.prepare(`insert into outlets (code, name, kind, service_types, skills, created_at, updated_at) values (?, ?, 'own', '["repair","install"]', '["aircon"]', ?, ?)`).run('O' + o, 'Outlet ' + o, now, now);
    c.prepare(`insert into outlet_regions (outlet_id, region_code, region_type) values (?, ?, 'urban')`).run(o, o <= 10 ? counties[o - 1] : o <= 30 ? '330100' : '330000');
    for (let t = 0; t < 10; t++) {
      uid++;
      c.prepare(`insert into users (id, username, display_name, password_hash, disabled, must_change_password, failed_logins, created_at, updated_at) values (?, ?, ?, 'x', 0, 0, 0, ?, ?)`).run(uid, 'u' + uid, 'Tech ' + uid, now, now);
      if (0) c.prepare(`insert into users (username, display_name, password_hash, disabled, must_change_password, failed_logins, created_at, updated_at) values (?, ?, 'x', 0, 0, 0, ?, ?)`).run('u' + uid, 'Tech ' + uid, now, now);
      c.prepare(`insert into technicians (user_id, outlet_id, skills, certificates, daily_capacity, active, created_at, updated_at) values (?, ?, '["aircon"]', '[]', 6, 1, ?, ?)`).run(uid, o, now, now);
    }
  }
  const ins = c.prepare(`insert into service_orders (code, type, mode, channel, priority, state, customer_id, description, tier, warranty, sla, outlet_id, owner_id, appointment_from, created_at, updated_at) values (?, 'repair', 'onsite', 'phone', 'normal', ?, 1, 'x', 'standard', 'in', '{}', ?, ?, ?, ?, ?)`);
  for (let i = 0; i < 1_000_000; i++) {
    const owner = 2 + (i % 500);
    const outlet = 1 + Math.floor((owner - 2) / 10);
    const open = i % 50 === 0;
    const appt = open && i % 100 === 0 ? new Date(Date.now() + ((i % 7) - 3) * 86400000).toISOString() : null;
    ins.run('SO' + i, open ? 'scheduled' : 'closed', outlet, owner, appt, now, now);
  }
});
let t0 = Date.now();
tx();
c.exec('analyze');
c.close();
console.log('generated in', Date.now() - t0, 'ms');
const db2 = openDatabase({ dataDir: dir });
const today = new Date().toISOString().slice(0, 10);
const times: number[] = [];
for (let i = 0; i < 300; i++) {
  const region = counties[i % 10]!;
  t0 = performance.now();
  const p = await proposeDispatch(db2.db, { regionCode: region, serviceType: 'repair', skill: 'aircon', today, timeZone: 'Asia/Shanghai' });
  times.push(performance.now() - t0);
  if (i === 0) console.log(JSON.stringify(p).slice(0, 300));
}
times.sort((a, b) => a - b);
console.log('p50', times[150]!.toFixed(2), 'p95', times[285]!.toFixed(2), 'max', times[299]!.toFixed(2));
await db2.close();
