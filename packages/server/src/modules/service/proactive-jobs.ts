// Proactive service (domain.md §4.4, the 外白渡桥 story): daily jobs that act before the customer calls —
//  (a) a maintenance order (定期保养) for every unit whose maintenance interval has passed since its last completed
//      maintenance or installation (or its install / purchase date), unless one is open;
//  (b) reminders on the customer's timeline and to the customer's owner when a unit's warranty ends within 30 days
//      and when the end of its design life is reached or within 90 days;
//  (c) agreements whose period is over become expired.
//
// Exactly once with any number of instances: each occurrence is one job row claimed by one instance (platform/jobs.ts),
// and every reminder or automatic order first claims its (unit, kind, period) row in service_unit_reminders with a
// conditional insert — a second run, or an instance that got there anyway, finds the claim and does nothing.
// The selection is SQL in batches (per product, keyset on the unit id), so 2,000,000 units are read in slices.
import { OPEN_STATES } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { noticeRow } from '../../platform/notifications';
import type { AuditContext } from '../../platform/audit';
import { dailyAt } from '../../platform/jobs';
import { systemPrincipal } from '../../platform/principal';
import { localDayStart } from '../admin/calc';
import { expireAgreements } from './agreements-service';
import { addDays, addMonths, localDate } from './local-date';
import { createOrder } from './orders-service';

export const MAINTENANCE_JOB = 'service-maintenance-orders';
export const REMINDER_JOB = 'service-lifecycle-reminders';
export const AGREEMENT_EXPIRY_JOB = 'service-agreements-expire';

const BATCH = 500;
/** automatic orders per run at most: a backlog (a first run on a large installed base) reaches the desk over days */
export const MAX_ORDERS_PER_RUN = 2000;
/** reminders per kind and run at most; the rest follow the next day */
const MAX_REMINDERS_PER_RUN = 50_000;
/** per owner and run, reminders beyond this many arrive as one summary notice */
const NOTICES_PER_OWNER = 20;
export const WARRANTY_NOTICE_DAYS = 30;
export const DESIGN_LIFE_NOTICE_DAYS = 90;

/** Registers the daily jobs (times in UTC; China is UTC+8). */
export function proactiveServiceJobs(ctx: AppContext) {
  ctx.scheduler.every(dailyAt(AGREEMENT_EXPIRY_JOB, 16, 5) /* 00:05 */, async (_p, { now }) => {
    await expireAgreements(ctx, now);
  });
  ctx.scheduler.every(dailyAt(MAINTENANCE_JOB, 22, 0) /* 06:00 */, async (_p, { now }) => {
    await createMaintenanceOrders(ctx, now);
  });
  ctx.scheduler.every(dailyAt(REMINDER_JOB, 0, 30) /* 08:30 */, async (_p, { now }) => {
    await sendLifecycleReminders(ctx, now);
  });
}

/** Products with their effective value of a category-level setting (the product's own value wins). */
async function productsWith(ctx: AppContext, column: 'maintenance_interval_days' | 'design_life_years') {
  const rows = await ctx.db
    .selectFrom('products')
    .innerJoin('product_categories as pc', 'pc.id', 'products.category_id')
    .select(['products.id', 'products.model', `products.${column} as own`, `pc.${column} as inherited`])
    .where((eb) => eb.or([eb(`products.${column}`, '>', 0), eb(`pc.${column}`, '>', 0)]))
    .orderBy('products.id')
    .execute();
  return rows.map((r) => ({ id: r.id, model: r.model, value: Number(r.own ?? r.inherited ?? 0) })).filter((r) => r.value > 0);
}

// ---------- (a) maintenance orders ----------

/** Creates the due maintenance orders through the ordinary intake (createOrder), as the system. */
export async function createMaintenanceOrders(ctx: AppContext, now: Date, opts: { max?: number } = {}): Promise<{ created: number; failed: number }> {
  const tz = ctx.config.timezone;
  const today = localDate(now, tz);
  const max = opts.max ?? MAX_ORDERS_PER_RUN;
  const p = systemPrincipal(['service:create', 'service:read']);
  const actx: AuditContext = { principal: p, now, ip: null, requestId: `job:${MAINTENANCE_JOB}` };
  let created = 0;
  let failed = 0;
  for (const product of await productsWith(ctx, 'maintenance_interval_days')) {
    // due when the last maintenance (or installation, or the install / purchase date) is on or before this day
    const threshold = addDays(today, -product.value);
    const since = localDayStart(addDays(threshold, 1), tz).toISOString();
    let lastId = 0;
    while (created < max) {
      const rows = await ctx.db
        .selectFrom('product_units as u')
        .innerJoin('customers as c', 'c.id', 'u.customer_id')
        .select(['u.id', 'u.customer_id', 'u.serial_no'])
        .where('u.product_id', '=', product.id)
        .where('u.id', '>', lastId)
        .where('u.archived_at', 'is', null)
        .where('c.archived_at', 'is', null)
        .where((eb) => eb(eb.fn.coalesce('u.install_date', 'u.purchase_date'), '<=', threshold))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('service_orders as o')
                .select('o.id')
                .whereRef('o.unit_id', '=', 'u.id')
                .where('o.archived_at', 'is', null)
                .where((eb) =>
                  eb.or([
                    // one is open already
                    eb.and([eb('o.type', '=', 'maintenance'), eb('o.state', 'in', [...OPEN_STATES])]),
                    // serviced within the interval
                    eb.and([eb('o.type', 'in', ['maintenance', 'install']), eb('o.completed_at', '>=', since)]),
                    // the customer declined this round: the next one counts from the cancellation
                    eb.and([eb('o.type', '=', 'maintenance'), eb('o.cancelled_at', '>=', since)]),
                  ]),
                ),
            ),
          ),
        )
        .orderBy('u.id')
        .limit(BATCH)
        .execute();
      if (!rows.length) break;
      lastId = rows[rows.length - 1]!.id;
      for (const u of rows) {
        if (created >= max) break;
        const claim = await ctx.db
          .insertInto('service_unit_reminders')
          .values({ unit_id: u.id, kind: 'maintenance', period: today, customer_id: u.customer_id, order_id: null, created_at: now.toISOString() })
          .onConflict((oc) => oc.columns(['unit_id', 'kind', 'period']).doNothing())
          .returning('unit_id')
          .executeTakeFirst();
        if (!claim) continue; // another run has it
        try {
          const order = await createOrder(
            ctx,
            p,
            {
              customerId: u.customer_id,
              unitId: u.id,
              type: 'maintenance',
              mode: 'onsite',
              channel: 'auto',
              priority: 'normal',
              description: `定期保养：${product.model}（序列号 ${u.serial_no}），保养周期 ${product.value} 天`,
            },
            actx,
          );
          await ctx.db
            .updateTable('service_unit_reminders')
            .set({ order_id: order.id })
            .where('unit_id', '=', u.id)
            .where('kind', '=', 'maintenance')
            .where('period', '=', today)
            .execute();
          created++;
        } catch (err) {
          // give the claim back, so that a later run tries again; one unit's problem stops no other
          await ctx.db.deleteFrom('service_unit_reminders').where('unit_id', '=', u.id).where('kind', '=', 'maintenance').where('period', '=', today).execute();
          failed++;
          console.error(`maintenance order for unit ${u.id} failed:`, err);
        }
      }
      if (rows.length < BATCH) break;
    }
    if (created >= max) break;
  }
  return { created, failed };
}

// ---------- (b) warranty and design-life reminders ----------

interface Due {
  unitId: number;
  customerId: number;
  ownerId: number | null;
  customerName: string;
  serial: string;
  model: string;
  /** the warranty end, or the end of the design life */
  date: string;
}

type Kind = 'warranty_expiring' | 'design_life_end';

/** Claims, records and notifies one batch in one transaction; returns the reminders that were this run's to send. */
async function remind(ctx: AppContext, kind: Kind, due: Due[], now: Date, perOwner: Map<number, number>): Promise<number> {
  if (!due.length) return 0;
  const nowIso = now.toISOString();
  const today = localDate(now, ctx.config.timezone);
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('service_unit_reminders')
      .values(due.map((d) => ({ unit_id: d.unitId, kind, period: d.date, customer_id: d.customerId, order_id: null, created_at: nowIso })))
      .onConflict((oc) => oc.columns(['unit_id', 'kind', 'period']).doNothing())
      .returning('unit_id')
      .execute();
    const mine = new Set(claimed.map((c) => Number(c.unit_id)));
    const rows = due.filter((d) => mine.has(d.unitId));
    if (!rows.length) return 0;
    const text = (d: Due) =>
      kind === 'warranty_expiring'
        ? { title: `保修即将到期：${d.model} ${d.serial}`, body: `保修截止 ${d.date}，可提醒客户延保或签订售后服务协议` }
        : d.date <= today
          ? { title: `设计寿命已到：${d.model} ${d.serial}`, body: `设计寿命于 ${d.date} 届满，请提醒客户安全检查或更新设备` }
          : { title: `设计寿命将到：${d.model} ${d.serial}`, body: `设计寿命于 ${d.date} 届满，请提前提醒客户安全检查或更新设备` };
    // the timeline events, as platform/timeline.ts recordEvent writes them, many at once
    await trx
      .insertInto('customer_events')
      .values(
        rows.map((d) => ({
          customer_id: d.customerId,
          at: nowIso,
          type: kind,
          module: 'service',
          title: text(d).title.slice(0, 200),
          body: text(d).body,
          ref_type: 'product_unit',
          ref_id: String(d.unitId),
          actor_id: null,
          data: JSON.stringify({ serial: d.serial, model: d.model, date: d.date }),
        })),
      )
      .execute();
    const noticeKey = (d: Due) => (kind === 'warranty_expiring' ? 'notice.warranty_expiring' : d.date <= today ? 'notice.design_life_reached' : 'notice.design_life_near');
    const notices: ReturnType<typeof noticeRow>[] = [];
    for (const d of rows) {
      if (d.ownerId === null) continue;
      const n = (perOwner.get(d.ownerId) ?? 0) + 1;
      perOwner.set(d.ownerId, n);
      if (n > NOTICES_PER_OWNER) continue;
      notices.push(
        noticeRow(
          {
            userId: d.ownerId,
            key: noticeKey(d),
            params: { model: d.model, serial: d.serial, date: d.date, customer: d.customerName },
            link: `/service/units/${d.unitId}`,
          },
          nowIso,
        ),
      );
    }
    if (notices.length) await trx.insertInto('notifications').values(notices).execute();
    return rows.length;
  });
}

/** Owners who had more reminders than NOTICES_PER_OWNER this run get one notice with the rest. */
async function summarise(ctx: AppContext, kind: Kind, perOwner: Map<number, number>, now: Date) {
  const rows = [...perOwner].filter(([, n]) => n > NOTICES_PER_OWNER);
  if (!rows.length) return;
  const key = kind === 'warranty_expiring' ? 'notice.warranty_more' : 'notice.design_life_more';
  await ctx.db
    .insertInto('notifications')
    .values(rows.map(([userId, n]) => noticeRow({ userId, key, params: { count: n - NOTICES_PER_OWNER }, link: '/service/units' }, now.toISOString())))
    .execute();
}

/** Warranty ending within 30 days (once per unit and warranty end). */
export async function remindWarrantyEnds(ctx: AppContext, now: Date): Promise<number> {
  const today = localDate(now, ctx.config.timezone);
  const until = addDays(today, WARRANTY_NOTICE_DAYS);
  const perOwner = new Map<number, number>();
  let sent = 0;
  let seen = 0;
  while (seen < MAX_REMINDERS_PER_RUN) {
    const rows = await ctx.db
      .selectFrom('product_units as u')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .innerJoin('customers as c', 'c.id', 'u.customer_id')
      .select(['u.id', 'u.customer_id', 'u.serial_no', 'u.warranty_end', 'p.model', 'c.owner_id', 'c.name'])
      .where('u.warranty_end', '>=', today)
      .where('u.warranty_end', '<=', until)
      .where('u.archived_at', 'is', null)
      .where('c.archived_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('service_unit_reminders as r')
              .select('r.unit_id')
              .whereRef('r.unit_id', '=', 'u.id')
              .where('r.kind', '=', 'warranty_expiring')
              .whereRef('r.period', '=', 'u.warranty_end'),
          ),
        ),
      )
      .orderBy('u.warranty_end')
      .orderBy('u.id')
      .limit(BATCH)
      .execute();
    if (!rows.length) break;
    seen += rows.length;
    // claimed rows leave the selection, so the next batch is new ones (a concurrent run's claims too)
    sent += await remind(
      ctx,
      'warranty_expiring',
      rows.map((r) => ({ unitId: r.id, customerId: r.customer_id, ownerId: r.owner_id, customerName: r.name, serial: r.serial_no, model: r.model, date: r.warranty_end! })),
      now,
      perOwner,
    );
    if (rows.length < BATCH) break;
  }
  await summarise(ctx, 'warranty_expiring', perOwner, now);
  return sent;
}

/** End of the design life (install, else purchase date + design life) reached or within 90 days (once per unit). */
export async function remindDesignLifeEnds(ctx: AppContext, now: Date): Promise<number> {
  const today = localDate(now, ctx.config.timezone);
  const horizon = addDays(today, DESIGN_LIFE_NOTICE_DAYS);
  const perOwner = new Map<number, number>();
  let sent = 0;
  let seen = 0;
  for (const product of await productsWith(ctx, 'design_life_years')) {
    const months = 12 * product.value;
    // base date + design life <= horizon  ⇔  base date <= horizon − design life
    const latestBase = addMonths(horizon, -months);
    let lastId = 0;
    while (seen < MAX_REMINDERS_PER_RUN) {
      const rows = await ctx.db
        .selectFrom('product_units as u')
        .innerJoin('customers as c', 'c.id', 'u.customer_id')
        .select((eb) => ['u.id', 'u.customer_id', 'u.serial_no', 'c.owner_id', 'c.name', eb.fn.coalesce('u.install_date', 'u.purchase_date').as('base')])
        .where('u.product_id', '=', product.id)
        .where('u.id', '>', lastId)
        .where('u.archived_at', 'is', null)
        .where('c.archived_at', 'is', null)
        .where((eb) => eb(eb.fn.coalesce('u.install_date', 'u.purchase_date'), '<=', latestBase))
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('service_unit_reminders as r').select('r.unit_id').whereRef('r.unit_id', '=', 'u.id').where('r.kind', '=', 'design_life_end'))),
        )
        .orderBy('u.id')
        .limit(BATCH)
        .execute();
      if (!rows.length) break;
      lastId = rows[rows.length - 1]!.id;
      seen += rows.length;
      sent += await remind(
        ctx,
        'design_life_end',
        rows.map((r) => ({ unitId: r.id, customerId: r.customer_id, ownerId: r.owner_id, customerName: r.name, serial: r.serial_no, model: product.model, date: addMonths(String(r.base), months) })),
        now,
        perOwner,
      );
      if (rows.length < BATCH) break;
    }
  }
  await summarise(ctx, 'design_life_end', perOwner, now);
  return sent;
}

export async function sendLifecycleReminders(ctx: AppContext, now: Date): Promise<{ warranty: number; designLife: number }> {
  const warranty = await remindWarrantyEnds(ctx, now);
  const designLife = await remindDesignLifeEnds(ctx, now);
  return { warranty, designLife };
}
