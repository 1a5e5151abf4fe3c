import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from './src/db';
import { migrateToLatest } from './src/db/migrate';
import { proposeDispatch } from './src/modules/service/dispatch';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query('drop database if exists kehu_perfnet');
await admin.query('create database kehu_perfnet');
const url = 'postgres://postgres@127.0.0.1:5432/kehu_perfnet';
const d = openDatabase({ dataDir: '/tmp/x', databaseUrl: url });
await migrateToLatest(d.db);
const db = d.db;
const counties = ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114'];
let t0 = Date.now();
await sql`insert into customers (code, type, name, name_norm, lifecycle_state, profile, created_at, updated_at) values ('C1','enterprise','x','x','active','{}',now(),now())`.execute(db);
await sql`insert into outlets (id, code, name, kind, service_types, skills, created_at, updated_at) overriding system value select g, 'O'||g, 'Outlet '||g, 'own', '["repair","install"]', '["aircon"]', now(), now() from generate_series(1,50) g`.execute(db);
for (let o = 1; o <= 50; o++) await sql`insert into outlet_regions (outlet_id, region_code, region_type) values (${o}, ${o <= 10 ? counties[o - 1] : o <= 30 ? '330100' : '330000'}, 'urban')`.execute(db);
await sql`insert into users (id, username, display_name, password_hash, disabled, must_change_password, failed_logins, created_at, updated_at) overriding system value select g, 'u'||g, 'Tech '||g, 'x', 0, 0, 0, now(), now() from generate_series(2,501) g`.execute(db);
await sql`insert into technicians (user_id, outlet_id, skills, certificates, daily_capacity, active, created_at, updated_at) select g, 1 + (g-2)/10, '["aircon"]', '[]', 6, 1, now(), now() from generate_series(2,501) g`.execute(db);
await sql`insert into service_orders (code, type, mode, channel, priority, state, customer_id, description, tier, warranty, sla, outlet_id, owner_id, appointment_from, created_at, updated_at)
  select 'SO'||i, 'repair', 'onsite', 'phone', 'normal', case when i % 50 = 0 then 'scheduled' else 'closed' end, 1, 'x', 'standard', 'in', '{}', 1 + ((i % 500))/10, 2 + (i % 500),
  case when i % 100 = 0 then now() + ((i % 7) - 3) * interval '1 day' else null end, now(), now() from generate_series(0, 999999) i`.execute(db);
await sql`analyze`.execute(db);
console.log('generated in', Date.now() - t0);
const today = new Date().toISOString().slice(0, 10);
const times: number[] = [];
for (let i = 0; i < 300; i++) {
  t0 = performance.now();
  await proposeDispatch(db, { regionCode: counties[i % 10]!, serviceType: 'repair', skill: 'aircon', today, timeZone: 'Asia/Shanghai' });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log('p50', times[150]!.toFixed(2), 'p95', times[285]!.toFixed(2), 'max', times[299]!.toFixed(2));
const plan = await sql<{ 'QUERY PLAN': string }>`explain analyze select owner_id, count(*) from service_orders where owner_id in (2,3,4,5,6,7,8,9,10,11) and state in ('received','dispatched','scheduled','en_route','on_site','checked_in','remote_support','in_service','waiting_parts','ready') and (appointment_from is null or (appointment_from >= '2026-01-01' and appointment_from < '2026-01-02')) group by owner_id`.execute(db);
console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
await d.close();
await admin.query('drop database kehu_perfnet');
await admin.end();
