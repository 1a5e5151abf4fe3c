// Service KPIs (监督与考核, domain.md §3.10) per technician, outlet or month, computed in SQL over completed orders.
//
// - completed: orders completed in the period
// - first-time-fix rate: completed with one visit on site and no wait for parts (first_time_fix)
// - on-time arrival: arrived no later than the arrival deadline, among completed orders that had one
// - mean repair hours: receipt to completion, calendar hours
// - satisfaction: mean return-visit rating (1–5), and the share rated 4 or 5
// - repeat-repair rate: completed orders followed by a rework order for the same unit within 30 days
// - dissatisfied visits: return visits answered dissatisfied
// - complaints: valid complaints received in the period about an order of the row (linked by service_order_id;
//   the row is the order's technician / outlet, or the month of receipt), and their rate per 100 completed orders
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { ZDate, type TKpiRow } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { invalid } from '../../platform/errors';
import { localDayStart } from '../admin/calc';
import { localDay } from './orders-service';

export const ZKpiQuery = z.strictObject({
  /** local dates, inclusive; by default the last six months up to today in the company's time zone */
  from: ZDate.optional(),
  to: ZDate.optional(),
  groupBy: z.enum(['technician', 'outlet', 'month']).default('technician'),
  outletId: z.coerce.number().int().positive().optional(),
  technicianId: z.coerce.number().int().positive().optional(),
});
export type TKpiQuery = z.infer<typeof ZKpiQuery>;

export type KpiRow = TKpiRow;

/** The first day of the month five months before the month of `day`: six calendar months in all. */
function sixMonthsBefore(day: string): string {
  let y = Number(day.slice(0, 4));
  let m = Number(day.slice(5, 7)) - 5;
  if (m < 1) {
    m += 12;
    y -= 1;
  }
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

function tzOffsetMinutes(timeZone: string, at: Date): number {
  const local = new Date(at.toLocaleString('en-US', { timeZone }));
  const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / 60_000);
}

export async function serviceKpis(ctx: AppContext, p: Principal, q: TKpiQuery): Promise<{ from: string; to: string; rows: KpiRow[]; total: KpiRow }> {
  requirePermission(p, 'service:kpi');
  const pg = ctx.dialect === 'postgres';
  const today = localDay(ctx.clock.now(), ctx.config.timezone);
  const toDay = q.to ?? today;
  const fromDay = q.from ?? sixMonthsBefore(toDay);
  if (fromDay > toDay) throw invalid([{ path: 'from', key: 'period_reversed' }]);
  const from = localDayStart(fromDay, ctx.config.timezone).toISOString();
  const to = new Date(localDayStart(toDay, ctx.config.timezone).getTime() + 86_400_000).toISOString();
  const offset = tzOffsetMinutes(ctx.config.timezone, new Date(from));
  const hours: RawBuilder<number> = pg
    ? sql`extract(epoch from (o.completed_at - o.created_at)) / 3600.0`
    : sql`(julianday(o.completed_at) - julianday(o.created_at)) * 24.0`;
  const monthOf = (column: string): RawBuilder<string> =>
    pg
      ? sql`to_char(${sql.ref(column)} at time zone 'UTC' + interval '1 minute' * ${sql.lit(offset)}, 'YYYY-MM')`
      : sql`strftime('%Y-%m', ${sql.ref(column)}, ${sql.lit(`${offset >= 0 ? '+' : ''}${offset} minutes`)})`;
  // (literals, not parameters: the same expression must appear in the select and the group by)
  const month = monthOf('o.completed_at');
  const scope = scopeFilter(p, 'service');
  const keyExpr: RawBuilder<string> =
    q.groupBy === 'technician' ? sql`cast(o.owner_id as varchar(20))` : q.groupBy === 'outlet' ? sql`cast(o.outlet_id as varchar(20))` : month;
  const labelExpr: RawBuilder<string> =
    q.groupBy === 'technician' ? sql`max(t.display_name)` : q.groupBy === 'outlet' ? sql`max(ol.name)` : sql`max(${month})`;

  const rows = await ctx.db
    .selectFrom('service_orders as o')
    .leftJoin('users as t', 't.id', 'o.owner_id')
    .leftJoin('outlets as ol', 'ol.id', 'o.outlet_id')
    .leftJoin('return_visits as v', (j) => j.onRef('v.order_id', '=', 'o.id').on('v.state', '=', 'done'))
    .where('o.completed_at', '>=', from)
    .where('o.completed_at', '<', to)
    .$if(scope.kind === 'own', (qb) => qb.where('o.owner_id', '=', p.userId))
    .$if(scope.kind === 'units', (qb) =>
      qb.where((eb) => {
        const s = scope as { unitIds: number[] };
        return s.unitIds.length ? eb.or([eb('o.owner_id', '=', p.userId), eb('o.team_id', 'in', s.unitIds)]) : eb('o.owner_id', '=', p.userId);
      }),
    )
    .$if(!!q.outletId, (qb) => qb.where('o.outlet_id', '=', q.outletId!))
    .$if(!!q.technicianId, (qb) => qb.where('o.owner_id', '=', q.technicianId!))
    .select([
      keyExpr.as('key'),
      labelExpr.as('label'),
      sql<number>`count(*)`.as('completed'),
      sql<number>`sum(case when o.first_time_fix = 1 then 1 else 0 end)`.as('ftf'),
      sql<number>`sum(case when o.arrived_at is not null and o.arrival_due is not null then 1 else 0 end)`.as('arrivals'),
      sql<number>`sum(case when o.arrived_at is not null and o.arrival_due is not null and o.arrived_at <= o.arrival_due then 1 else 0 end)`.as('on_time'),
      sql<number>`avg(${hours})`.as('repair_hours'),
      sql<number>`avg(v.rating)`.as('rating'),
      sql<number>`count(v.id)`.as('visits'),
      sql<number>`sum(case when v.rating >= 4 then 1 else 0 end)`.as('satisfied'),
      sql<number>`sum(case when v.dissatisfied = 1 then 1 else 0 end)`.as('dissatisfied'),
      sql<number>`sum(case when exists (select 1 from service_orders r where r.rework_of_id = o.id) then 1 else 0 end)`.as('repeats'),
    ])
    .groupBy(keyExpr)
    .orderBy(keyExpr)
    .execute();

  // Complaints about the orders of each row, in a second grouped pass: joined into the pass above they would
  // multiply its rows. A complaint counts in the month it was received, whenever its order was completed.
  const complaintMonth = monthOf('c.received_at');
  const cKeyExpr: RawBuilder<string> = q.groupBy === 'month' ? complaintMonth : keyExpr;
  const cLabelExpr: RawBuilder<string> = q.groupBy === 'month' ? sql`max(${complaintMonth})` : labelExpr;
  const complaintRows = await ctx.db
    .selectFrom('complaints as c')
    .innerJoin('service_orders as o', 'o.id', 'c.service_order_id')
    .leftJoin('users as t', 't.id', 'o.owner_id')
    .leftJoin('outlets as ol', 'ol.id', 'o.outlet_id')
    .where('c.received_at', '>=', from)
    .where('c.received_at', '<', to)
    .where('c.archived_at', 'is', null)
    // valid or not judged yet; a draft (opened automatically) or dismissed one never became a complaint
    .where(sql<SqlBool>`c.state not in ('draft', 'dismissed')`)
    .where((eb) => eb.or([eb('c.validity', 'is', null), eb('c.validity', '<>', 'invalid')]))
    .$if(scope.kind === 'own', (qb) => qb.where('o.owner_id', '=', p.userId))
    .$if(scope.kind === 'units', (qb) =>
      qb.where((eb) => {
        const s = scope as { unitIds: number[] };
        return s.unitIds.length ? eb.or([eb('o.owner_id', '=', p.userId), eb('o.team_id', 'in', s.unitIds)]) : eb('o.owner_id', '=', p.userId);
      }),
    )
    .$if(!!q.outletId, (qb) => qb.where('o.outlet_id', '=', q.outletId!))
    .$if(!!q.technicianId, (qb) => qb.where('o.owner_id', '=', q.technicianId!))
    .select([cKeyExpr.as('key'), cLabelExpr.as('label'), sql<number>`count(*)`.as('complaints')])
    .groupBy(cKeyExpr)
    .execute();
  const complaintsOf = new Map(complaintRows.filter((r) => r.key !== null).map((r) => [String(r.key), Number(r.complaints)]));

  const out = (
    key: string,
    label: string,
    r: { completed: unknown; ftf: unknown; arrivals: unknown; on_time: unknown; repair_hours: unknown; rating: unknown; visits: unknown; satisfied: unknown; dissatisfied: unknown; repeats: unknown },
    complaints: number,
  ): KpiRow => {
    const n = Number(r.completed);
    const ratio = (a: unknown, b: number) => (b > 0 ? Math.round((Number(a) / b) * 1000) / 1000 : null);
    return {
      key,
      label,
      completed: n,
      firstTimeFixRate: ratio(r.ftf, n),
      onTimeArrivalRate: ratio(r.on_time, Number(r.arrivals)),
      meanRepairHours: r.repair_hours === null ? null : Math.round(Number(r.repair_hours) * 10) / 10,
      meanRating: r.rating === null ? null : Math.round(Number(r.rating) * 100) / 100,
      satisfiedRate: ratio(r.satisfied, Number(r.visits)),
      repeatRate: ratio(r.repeats, n),
      dissatisfiedVisits: Number(r.dissatisfied ?? 0),
      complaints,
      complaintsPer100: n > 0 ? Math.round((complaints / n) * 1000) / 10 : null,
    };
  };
  const result = rows.filter((r) => r.key !== null).map((r) => out(String(r.key), String(r.label ?? r.key), r, complaintsOf.get(String(r.key)) ?? 0));
  // a technician / outlet / month with complaints but no order completed in the period still gets its row
  const none = { completed: 0, ftf: 0, arrivals: 0, on_time: 0, repair_hours: null, rating: null, visits: 0, satisfied: 0, dissatisfied: 0, repeats: 0 };
  const seen = new Set(result.map((r) => r.key));
  for (const c of complaintRows) {
    if (c.key !== null && !seen.has(String(c.key))) result.push(out(String(c.key), String(c.label ?? c.key), none, Number(c.complaints)));
  }
  result.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // the total over all groups: weighted sums, not an average of averages
  const sum = (f: (r: (typeof rows)[number]) => unknown) => rows.reduce((s, r) => s + Number(f(r) ?? 0), 0);
  const completed = sum((r) => r.completed);
  const visits = sum((r) => r.visits);
  const total = out('total', '', {
    completed,
    ftf: sum((r) => r.ftf),
    arrivals: sum((r) => r.arrivals),
    on_time: sum((r) => r.on_time),
    repair_hours: completed ? sum((r) => Number(r.repair_hours ?? 0) * Number(r.completed)) / completed : null,
    rating: visits ? sum((r) => Number(r.rating ?? 0) * Number(r.visits)) / visits : null,
    visits,
    satisfied: sum((r) => r.satisfied),
    dissatisfied: sum((r) => r.dissatisfied),
    repeats: sum((r) => r.repeats),
  }, complaintRows.reduce((s, r) => s + Number(r.complaints), 0));
  return { from: fromDay, to: toDay, rows: result, total };
}
