// Demo data (npm run demo): teams and users for every built-in role, and realistic Chinese customers owned across them.
import { ZCustomerCreate, type TCustomerCreate } from '@kehu/shared';
import type { AppContext } from '../platform/context';
import type { Principal } from '../platform/permissions';
import { hashPassword } from '../platform/passwords';
import { nextCodes } from '../platform/numbering';
import { recordEvent } from '../platform/timeline';
import { audit } from '../platform/audit';
import { CUSTOMER_PREFIX, insertPrepared, prepareCustomer } from '../modules/customers/service';
import { fakeCustomer, int, pick, rng } from './fake';
import { seedCatalogueDemo } from './demo-catalogue';
import { seedServiceNetwork, seedServiceOrders } from './demo-service';
import { seedComplaints } from './demo-complaints';

export const DEMO_PASSWORD = 'Demo2026';

interface UnitSpec {
  name: string;
  kind: 'department' | 'team';
  children?: UnitSpec[];
}
const UNITS: UnitSpec[] = [
  { name: '华东销售部', kind: 'department', children: [{ name: '杭州一组', kind: 'team' }, { name: '上海一组', kind: 'team' }] },
  { name: '华南销售部', kind: 'department', children: [{ name: '广州一组', kind: 'team' }, { name: '深圳一组', kind: 'team' }] },
  { name: '华北销售部', kind: 'department', children: [{ name: '北京一组', kind: 'team' }] },
  { name: '客户服务中心', kind: 'department', children: [{ name: '呼叫中心组', kind: 'team' }] },
  { name: '售后服务部', kind: 'department', children: [{ name: '维修一组', kind: 'team' }] },
  { name: '信用管理部', kind: 'department' },
];

/** username, name, role, unit; account managers own customers of the provinces their team covers. */
const USERS: [string, string, string, string, string[]?][] = [
  ['zhouming', '周明', 'supervisor', '华东销售部'],
  ['wangfang', '王芳', 'account_manager', '杭州一组', ['330000', '360000', '340000']],
  ['lijun', '李军', 'account_manager', '上海一组', ['310000', '320000']],
  ['chenjing', '陈静', 'account_manager', '广州一组', ['440000', '450000', '430000']],
  ['liuyang', '刘洋', 'account_manager', '深圳一组', ['350000', '530000', '510000', '500000']],
  ['zhaolei', '赵磊', 'account_manager', '北京一组', ['110000', '120000', '130000', '370000', '410000', '420000', '610000', '210000']],
  ['sunli', '孙丽', 'service_agent', '呼叫中心组'],
  ['zhouting', '周婷', 'service_agent', '呼叫中心组'],
  ['wuqiang', '吴强', 'technician', '维修一组'],
  ['zhanggong', '张工', 'technician', '维修一组'],
  ['liushifu', '刘师傅', 'technician', '维修一组'],
  ['zhengyi', '郑毅', 'technician', '维修一组'],
  ['qianzhuguan', '钱主管', 'service_manager', '售后服务部'],
  ['xumin', '徐敏', 'credit_manager', '信用管理部'],
  ['huangzong', '黄建国', 'management', '信用管理部'],
];

export async function seedDemo(ctx: AppContext, opts: { customers: number; log: (m: string) => void }): Promise<void> {
  const { db } = ctx;
  if (await db.selectFrom('users').select('id').where('username', '=', 'wangfang').executeTakeFirst()) {
    opts.log('demo data is already there; nothing to do');
    return;
  }
  const r = rng(20261122);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const admin = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  const principal: Principal = {
    userId: admin.id,
    username: admin.username,
    displayName: admin.display_name,
    orgUnitId: null,
    departmentUnitIds: [],
    teamUnitIds: [],
    permissions: new Set(),
    scopes: { customers: 'all' },
    roles: ['admin'],
    mustChangePassword: false,
    via: 'session',
  };
  const actx = { principal, now, ip: null, requestId: 'demo' };

  await db.transaction().execute(async (trx) => {
    // organisation
    const root = await trx.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const unitIds = new Map<string, number>();
    const addUnits = async (list: UnitSpec[], parent: number) => {
      for (const [i, u] of list.entries()) {
        const row = await trx
          .insertInto('org_units')
          .values({ parent_id: parent, name: u.name, kind: u.kind, sort: i, created_at: nowIso, updated_at: nowIso })
          .returning('id')
          .executeTakeFirstOrThrow();
        unitIds.set(u.name, row.id);
        await addUnits(u.children ?? [], row.id);
      }
    };
    await addUnits(UNITS, root.id);

    // users, one password for all of them (printed in the README)
    const hash = await hashPassword(DEMO_PASSWORD);
    const roles = new Map((await trx.selectFrom('roles').select(['id', 'code']).execute()).map((x) => [x.code, x.id]));
    const managers: { id: number; teamId: number; provinces: string[] }[] = [];
    for (const [username, name, role, unit, provinces] of USERS) {
      const u = await trx
        .insertInto('users')
        .values({
          username,
          display_name: name,
          password_hash: hash,
          email: `${username}@demo.kehu.local`,
          phone: null,
          org_unit_id: unitIds.get(unit)!,
          disabled: 0,
          must_change_password: 0,
          failed_logins: 0,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('user_roles').values({ user_id: u.id, role_id: roles.get(role)! }).execute();
      if (provinces) managers.push({ id: u.id, teamId: unitIds.get(unit)!, provinces });
    }

    // customers, in batches through the same insert path as a create or an import
    const BATCH = 500;
    for (let done = 0; done < opts.customers; done += BATCH) {
      const n = Math.min(BATCH, opts.customers - done);
      const items = [];
      for (let i = 0; i < n; i++) {
        const { place, ...input } = fakeCustomer(r, r() < 0.6 ? 'enterprise' : 'individual');
        const owner = managers.find((m) => m.provinces.includes(place.provinceCode)) ?? pick(r, managers);
        const parsed: TCustomerCreate = ZCustomerCreate.parse({ ...input, ownerId: owner.id });
        items.push(prepareCustomer(parsed, principal, owner.teamId, nowIso));
      }
      const codes = await nextCodes(trx, CUSTOMER_PREFIX, now, ctx.config.timezone, n);
      const ids = await insertPrepared(trx, items as never, codes, principal, actx, { auditEach: false });

      // some history: grade reviews and visit notes on the timeline
      for (const [j, id] of ids.entries()) {
        const grade = items[j].row.grade;
        if (grade && r() < 0.15) {
          const older = pick(r, ['B', 'C', 'D'].filter((g) => g !== grade));
          await trx
            .updateTable('customer_grade_history')
            .set({ old_grade: older, reason: pick(r, ['年度 ABC 分析调整', '年采购额上升', '回款及时，信用良好', '合作深化为战略客户']), approved_by: '周明' })
            .where('customer_id', '=', id)
            .execute();
        }
        if (r() < 0.25) {
          const daysAgo = int(r, 1, 200);
          await recordEvent(trx, {
            customerId: id,
            type: 'note',
            module: 'customers',
            title: pick(r, ['电话回访', '上门拜访', '节日问候', '报价跟进']),
            body: pick(r, ['客户对上次安装服务满意。', '计划下季度增加采购。', '反映售后响应偏慢，已转服务部跟进。', '已寄送新品资料。']),
            actorId: items[j].row.owner_id as number,
            at: new Date(now.getTime() - daysAgo * 86_400_000),
          });
        }
      }
      opts.log(`demo: ${Math.min(done + n, opts.customers)} / ${opts.customers} customers`);
    }
    const units = await seedCatalogueDemo(trx, r, now, ctx.config.timezone, Math.min(400, Math.ceil(opts.customers / 3)));
    opts.log(`demo: ${units} product units (机器档案)`);
    const technicians = await trx
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select('users.id')
      .where('user_roles.role_id', '=', roles.get('technician')!)
      .orderBy('users.id')
      .execute();
    await seedServiceNetwork(trx, unitIds.get('维修一组')!, technicians.map((t) => t.id), now);
    await audit(trx, actx, { action: 'seed_demo', entity: 'system', summary: `demo data: ${opts.customers} customers, ${USERS.length} users` });
  });
  // service orders through the service functions, after the commit (they open their own transactions)
  const servicePrincipal: Principal = {
    ...principal,
    permissions: new Set(['service:read', 'service:create', 'service:dispatch', 'service:work']),
    scopes: { customers: 'all', service: 'all' },
  };
  const orders = await seedServiceOrders(ctx, r, servicePrincipal, { ...actx, principal: servicePrincipal }, Math.min(40, Math.ceil(opts.customers / 15)));
  opts.log(`demo: ${orders} service orders`);
  // complaints, taken in and handled by the call-centre agents of 客户服务中心
  const desk = await db
    .selectFrom('users')
    .innerJoin('org_units', 'org_units.id', 'users.org_unit_id')
    .select(['users.id', 'org_units.parent_id'])
    .where('users.username', 'in', ['sunli', 'zhouting'])
    .orderBy('users.id')
    .execute();
  const complaintPrincipal: Principal = {
    ...principal,
    permissions: new Set(['customers:read', 'complaints:read', 'complaints:create', 'complaints:handle', 'complaints:assign']),
    scopes: { customers: 'all', complaints: 'all' },
  };
  const complaints = await seedComplaints(
    ctx,
    r,
    complaintPrincipal,
    { ...actx, principal: complaintPrincipal },
    Math.min(36, Math.ceil(opts.customers / 10)),
    desk.map((u) => ({ ownerId: u.id, departmentId: u.parent_id! })),
  );
  opts.log(`demo: ${complaints} complaints`);
  opts.log(`demo data ready: ${opts.customers} customers; users ${USERS.map((u) => u[0]).join(', ')} (password ${DEMO_PASSWORD})`);
}
