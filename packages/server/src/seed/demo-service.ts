// Demo service network and work: outlets covering the demo customers' provinces, technician profiles, and a set of
// service orders at every stage, created through the same service functions as the web app uses.
import type { Tx } from '../db';
import type { AuditContext } from '../platform/audit';
import type { AppContext } from '../platform/context';
import type { Principal } from '../platform/permissions';
import { createOrder, transition } from '../modules/service/orders-service';
import { int, pick, type Rng } from './fake';

/** code, name, kind, province codes covered (the capital's city as urban, the rest of the province suburban) */
const OUTLETS: [string, string, string, [string, string][]][] = [
  ['HD01', '华东售后服务中心（杭州）', 'own', [['330000', 'suburban'], ['330100', 'urban'], ['310000', 'urban'], ['320000', 'suburban'], ['340000', 'suburban'], ['360000', 'remote']]],
  ['HN01', '华南特约维修站（广州）', 'special', [['440000', 'suburban'], ['440100', 'urban'], ['450000', 'remote'], ['430000', 'suburban'], ['350000', 'suburban']]],
  ['HB01', '华北授权服务商（北京）', 'authorised', [['110000', 'urban'], ['120000', 'urban'], ['130000', 'suburban'], ['370000', 'suburban'], ['410000', 'suburban'], ['210000', 'remote']]],
  ['XN01', '西南授权服务商（成都）', 'authorised', [['510000', 'suburban'], ['510100', 'urban'], ['500000', 'urban'], ['530000', 'remote'], ['610000', 'suburban'], ['420000', 'suburban']]],
];

const ALL_SKILLS = ['aircon', 'washer', 'refrigerator', 'water_heater', 'mechanical'];

export async function seedServiceNetwork(trx: Tx, teamId: number, technicianIds: number[], now: Date) {
  const at = now.toISOString();
  const outletIds: number[] = [];
  for (const [code, name, kind, regions] of OUTLETS) {
    const o = await trx
      .insertInto('outlets')
      .values({
        code,
        name,
        kind,
        level: kind === 'own' ? 'A' : 'B',
        org_unit_id: teamId,
        region_code: regions[1]?.[0] ?? regions[0]![0],
        address: null,
        manager: null,
        phone: null,
        fax: null,
        email: null,
        service_types: JSON.stringify(['install', 'repair', 'maintenance', 'inspection', 'consult', 'return']),
        skills: JSON.stringify(ALL_SKILLS),
        daily_capacity: 30,
        opening_hours: '周一至周日 8:30–17:30',
        authorised_from: null,
        authorised_to: null,
        annual_grade: null,
        note: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    outletIds.push(o.id);
    for (const [region_code, region_type] of regions) await trx.insertInto('outlet_regions').values({ outlet_id: o.id, region_code, region_type }).execute();
  }
  // the demo technicians all belong to the first outlet's team; profiles spread them over the outlets
  for (const [i, userId] of technicianIds.entries()) {
    await trx
      .insertInto('technicians')
      .values({ user_id: userId, outlet_id: outletIds[i % outletIds.length]!, skills: JSON.stringify(ALL_SKILLS), certificates: JSON.stringify([{ name: '家用电器维修工（中级）', number: `JD${2024000 + i}`, validUntil: '2028-12-31' }]), daily_capacity: 6, active: 1, created_at: at, updated_at: at })
      .execute();
  }
  return outletIds;
}

const FAULTS = ['不制冷，外机不转', '开机后显示 E1 故障码', '漏水，内机滴水', '噪音大，震动明显', '不加热', '无法开机', '需要上门安装', '年度保养'];

/** A spread of orders for demo units whose region an outlet covers: some new, some dispatched or booked, some done. */
export async function seedServiceOrders(ctx: AppContext, r: Rng, p: Principal, actx: AuditContext, count: number): Promise<number> {
  const coverage = await ctx.db.selectFrom('outlet_regions').select(['outlet_id', 'region_code']).execute();
  const outletOf = (code: string | null) => {
    if (!code) return undefined;
    for (const c of [code, code.slice(0, 4) + '00', code.slice(0, 2) + '0000']) {
      const hit = coverage.find((x) => x.region_code === c);
      if (hit) return hit.outlet_id;
    }
    return undefined;
  };
  const candidates = await ctx.db.selectFrom('product_units').select(['id', 'customer_id', 'region_code']).where('region_code', 'is not', null).orderBy('id').limit(count * 4).execute();
  const units = candidates
    .map((u) => ({ ...u, outlet_id: outletOf(u.region_code) }))
    .filter((u): u is typeof u & { outlet_id: number } => u.outlet_id !== undefined)
    .slice(0, count);
  let n = 0;
  for (const u of units) {
    const type = pick(r, ['repair', 'repair', 'repair', 'install', 'maintenance'] as const);
    let o = await createOrder(ctx, p, { customerId: u.customer_id, unitId: u.id, type, mode: 'onsite', channel: pick(r, ['phone', 'phone', 'wechat', 'web'] as const), priority: r() < 0.15 ? 'urgent' : 'normal', description: pick(r, FAULTS) }, actx);
    n++;
    const stage = int(r, 0, 3);
    if (stage === 0) continue;
    const tech = await ctx.db.selectFrom('technicians').select('user_id').where('outlet_id', '=', u.outlet_id).orderBy('user_id').executeTakeFirst();
    if (!tech) continue;
    o = await transition(ctx, p, o.id, { action: 'dispatch', version: o.version, outletId: u.outlet_id, technicianId: tech.user_id }, actx);
    if (stage === 1) continue;
    const from = new Date(ctx.clock.now().getTime() + int(r, 2, 48) * 3_600_000);
    await transition(ctx, p, o.id, { action: 'schedule', version: o.version, appointmentFrom: from.toISOString(), appointmentTo: new Date(from.getTime() + 2 * 3_600_000).toISOString() }, actx);
  }
  return n;
}
