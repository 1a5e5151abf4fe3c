// The SLA scan (every minute) and the SLA board. The service-orders module keeps on each order the earliest
// unmet deadline (next_due / next_due_kind) and when its warning share is reached (next_warn_at); the scan only
// compares those with the clock, in SQL and in batches, so it stays cheap with 100,000 open orders.
//
// Exactly once: the job row is claimed by one instance (jobs.ts), and every update is conditional
// (warned_at is null; breached_at is null or older than the deadline), so a second run — or a second instance
// that got there anyway — changes nothing and notifies nobody.
import { sql, type ExpressionBuilder } from 'kysely';
import { OPEN_STATES, type TDueKind, type TSlaBoard, type TSlaBoardGroup, type TSlaBoardOrder, type TSlaBoardQuery } from '@kehu/shared';
import type { DB } from '../../db/schema';
import type { Tx } from '../../db';
import type { AppContext } from '../../platform/context';
import { requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { offsetOf } from '../../platform/paging';

/** States whose deadlines the scan watches: the open ones, and completed orders waiting for their return visit. */
export const SLA_STATES: readonly string[] = [...OPEN_STATES, 'completed'];
const BATCH = 500;
/** breaches handled per run at most; the rest follow a minute later (after an outage, say) */
const MAX_PER_RUN = 20_000;
/** per run, breaches beyond this many reach the managers in-app only, plus one summary e-mail */
const EMAIL_LIMIT = 20;
const SOON_MS = 60 * 60_000;

const KIND_ZH: Record<TDueKind, string> = { ack: '受理响应', appointment: '预约', arrival: '到场', fix: '修复', visit: '回访' };
const kindZh = (k: string | null) => (k && k in KIND_ZH ? KIND_ZH[k as TDueKind] : (k ?? ''));

/** Active users who receive breach escalations: holders of the service_manager or supervisor role. */
export async function escalationRecipients(db: Tx): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select('users.id')
    .where('roles.code', 'in', ['service_manager', 'supervisor'])
    .where('users.disabled', '=', 0)
    .distinct()
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Local wall-clock time of a deadline for notification texts ('11-23 10:30'). */
function localShort(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso))
    .replace(/\//g, '-');
}

export async function scanSla(ctx: AppContext, now: Date): Promise<{ warned: number; breached: number }> {
  const nowIso = now.toISOString();
  const tz = ctx.config.timezone;
  let warned = 0;
  let breached = 0;

  // (a) warnings: the technician hears that the running target is nearly used up
  for (let guard = 0; guard < MAX_PER_RUN / BATCH; guard++) {
    const ids = (
      await ctx.db
        .selectFrom('service_orders')
        .select('id')
        .where('next_warn_at', '<=', nowIso)
        .where('warned_at', 'is', null)
        // already due: the breach below says it, a warning would come too late
        .where('next_due', '>', nowIso)
        .where('state', 'in', SLA_STATES)
        .where('archived_at', 'is', null)
        .orderBy('next_warn_at')
        .limit(BATCH)
        .execute()
    ).map((r) => r.id);
    if (!ids.length) break;
    warned += await ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('service_orders')
        .set({ warned_at: nowIso })
        .where('id', 'in', ids)
        .where('warned_at', 'is', null)
        .where('next_warn_at', '<=', nowIso)
        .where('next_due', '>', nowIso)
        .returning(['id', 'code', 'owner_id', 'next_due', 'next_due_kind'])
        .execute();
      const notices = rows
        .filter((r) => r.owner_id !== null)
        .map((r) => ({
          user_id: r.owner_id!,
          title: `即将超时：${r.code}`,
          body: `${kindZh(r.next_due_kind)}时限 ${localShort(r.next_due, tz)} 到期`,
          link: `/service/orders/${r.id}`,
          created_at: nowIso,
        }));
      for (let i = 0; i < notices.length; i += BATCH) await trx.insertInto('notifications').values(notices.slice(i, i + BATCH)).execute();
      return rows.length;
    });
    if (ids.length < BATCH) break;
  }

  // (b) breaches: once per deadline; escalate, record the event, tell the managers
  const recipients = await escalationRecipients(ctx.db);
  let emailed = 0;
  const quiet: { id: number; code: string }[] = [];
  for (let guard = 0; guard < MAX_PER_RUN / BATCH; guard++) {
    const ids = (
      await ctx.db
        .selectFrom('service_orders')
        .select('id')
        .where('next_due', '<=', nowIso)
        .where((eb) => eb.or([eb('breached_at', 'is', null), eb('breached_at', '<', eb.ref('next_due'))]))
        .where('state', 'in', SLA_STATES)
        .where('archived_at', 'is', null)
        .orderBy('next_due')
        .limit(BATCH)
        .execute()
    ).map((r) => r.id);
    if (!ids.length) break;
    breached += await ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('service_orders')
        .set({ breached_at: nowIso, escalated: 1 })
        .where('id', 'in', ids)
        .where('next_due', '<=', nowIso)
        .where((eb) => eb.or([eb('breached_at', 'is', null), eb('breached_at', '<', eb.ref('next_due'))]))
        .returning(['id', 'code', 'state', 'owner_id', 'next_due', 'next_due_kind'])
        .execute();
      if (!rows.length) return 0;
      await trx
        .insertInto('service_order_events')
        .values(
          rows.map((r) => ({
            order_id: r.id,
            at: nowIso,
            action: 'sla_breach',
            from_state: r.state,
            to_state: r.state,
            actor_id: null,
            note: null,
            data: JSON.stringify({ kind: r.next_due_kind, due: r.next_due }),
          })),
        )
        .execute();
      const inApp: { user_id: number; title: string; body: string; link: string; created_at: string }[] = [];
      for (const r of rows) {
        const title = `工单超时：${r.code}`;
        const body = `${kindZh(r.next_due_kind)}时限 ${localShort(r.next_due, tz)} 已过，已自动升级`;
        const link = `/service/orders/${r.id}`;
        if (emailed < EMAIL_LIMIT) {
          emailed++;
          for (const userId of recipients) await ctx.notifier.notify(trx, { userId, title, body, link, email: true }, now);
        } else {
          quiet.push({ id: r.id, code: r.code });
          for (const userId of recipients) inApp.push({ user_id: userId, title, body, link, created_at: nowIso });
        }
      }
      for (let i = 0; i < inApp.length; i += BATCH) await trx.insertInto('notifications').values(inApp.slice(i, i + BATCH)).execute();
      return rows.length;
    });
    if (ids.length < BATCH) break;
  }
  if (quiet.length) {
    const list = quiet.slice(0, 50).map((q) => q.code).join('、');
    await ctx.db.transaction().execute(async (trx) => {
      for (const userId of recipients) {
        await ctx.notifier.notify(
          trx,
          {
            userId,
            title: `另有 ${quiet.length} 张工单超时`,
            body: `${list}${quiet.length > 50 ? ' …' : ''}`,
            link: '/service/sla-board',
            email: true,
          },
          now,
        );
      }
    });
  }
  return { warned, breached };
}

// ---------- SLA board ----------

type OrdersEb = ExpressionBuilder<DB & { o: DB['service_orders'] }, 'o'>;

/** The 'service' data scope as a condition on service_orders (aliased o). */
function scoped(p: Principal) {
  const f = scopeFilter(p, 'service');
  return (eb: OrdersEb) => {
    if (f.kind === 'all') return eb.lit(true);
    if (f.kind === 'own') return eb('o.owner_id', '=', f.userId);
    return eb.or([eb('o.owner_id', '=', f.userId), ...(f.unitIds.length ? [eb('o.team_id', 'in', f.unitIds)] : [])]);
  };
}

function boardOrder(r: {
  id: number;
  code: string;
  state: string;
  type: string;
  priority: string;
  customer_id: number;
  customer_name: string | null;
  outlet_id: number | null;
  outlet_name: string | null;
  owner_id: number | null;
  owner_name: string | null;
  next_due: string | null;
  next_due_kind: string | null;
  warned_at: string | null;
  breached_at: string | null;
  escalated: number;
}): TSlaBoardOrder {
  return {
    id: r.id,
    code: r.code,
    state: r.state,
    type: r.type,
    priority: r.priority,
    customerId: r.customer_id,
    customerName: r.customer_name,
    outletId: r.outlet_id,
    outletName: r.outlet_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    nextDue: r.next_due,
    nextDueKind: r.next_due_kind as TDueKind | null,
    warnedAt: r.warned_at,
    breachedAt: r.breached_at,
    escalated: !!r.escalated,
  };
}

export async function slaBoard(ctx: AppContext, p: Principal, q: TSlaBoardQuery): Promise<TSlaBoard> {
  requirePermission(p, 'service:read');
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const soonIso = new Date(now.getTime() + SOON_MS).toISOString();
  const inScope = scoped(p);

  const base = () => {
    let b = ctx.db.selectFrom('service_orders as o').where('o.archived_at', 'is', null).where(inScope);
    if (q.outletId) b = b.where('o.outlet_id', '=', q.outletId);
    return b;
  };
  const isSoon = (eb: OrdersEb) =>
    eb.and([eb('o.state', 'in', SLA_STATES), eb('o.next_due', '>', nowIso), eb('o.next_due', '<=', soonIso)]);
  // breached and still open: an open order with a breach, or a completed one whose return visit is overdue
  const isBreached = (eb: OrdersEb) =>
    eb.and([
      eb('o.breached_at', 'is not', null),
      eb.or([eb('o.state', 'in', OPEN_STATES), eb.and([eb('o.state', '=', 'completed'), eb('o.next_due', '<=', nowIso)])]),
    ]);

  const list = (cond: (eb: OrdersEb) => ReturnType<OrdersEb['and']>, page: number, order: 'next_due' | 'breached_at') =>
    base()
      .where(cond)
      .leftJoin('customers as c', 'c.id', 'o.customer_id')
      .leftJoin('outlets as ol', 'ol.id', 'o.outlet_id')
      .leftJoin('users as u', 'u.id', 'o.owner_id')
      .select([
        'o.id',
        'o.code',
        'o.state',
        'o.type',
        'o.priority',
        'o.customer_id',
        'c.name as customer_name',
        'o.outlet_id',
        'ol.name as outlet_name',
        'o.owner_id',
        'u.display_name as owner_name',
        'o.next_due',
        'o.next_due_kind',
        'o.warned_at',
        'o.breached_at',
        'o.escalated',
      ])
      .orderBy(order === 'next_due' ? 'o.next_due' : 'o.breached_at')
      .orderBy('o.id')
      .limit(q.pageSize)
      .offset(offsetOf(page, q.pageSize))
      .execute();

  const flag = (cond: (eb: OrdersEb) => unknown) => (eb: OrdersEb) =>
    sql<number>`sum(case when ${cond(eb)} then 1 else 0 end)`;
  const isOpen = (eb: OrdersEb) => eb('o.state', 'in', OPEN_STATES);
  const isWarned = (eb: OrdersEb) => eb.and([isOpen(eb), eb('o.warned_at', 'is not', null), eb('o.next_due', '>', nowIso)]);
  const isEscalated = (eb: OrdersEb) => eb.and([isOpen(eb), eb('o.escalated', '=', 1)]);
  // only rows that can count somewhere: open, or completed with a pending deadline
  const relevant = (eb: OrdersEb) => eb('o.state', 'in', SLA_STATES);

  const [soonRows, breachedRows, totals, outletRows, techRows] = await Promise.all([
    list(isSoon, q.soonPage, 'next_due'),
    list(isBreached, q.breachedPage, 'breached_at'),
    base()
      .where(relevant)
      .select((eb) => [
        flag(isOpen)(eb).as('open'),
        flag(isWarned)(eb).as('warned'),
        flag(isSoon)(eb).as('soon'),
        flag(isBreached)(eb).as('breached'),
        flag(isEscalated)(eb).as('escalated'),
      ])
      .executeTakeFirstOrThrow(),
    base()
      .where(relevant)
      .leftJoin('outlets as ol', 'ol.id', 'o.outlet_id')
      .select((eb) => ['o.outlet_id as id', 'ol.name as name', flag(isOpen)(eb).as('open'), flag(isSoon)(eb).as('soon'), flag(isBreached)(eb).as('breached')])
      .groupBy(['o.outlet_id', 'ol.name'])
      .execute(),
    base()
      .where(relevant)
      .leftJoin('users as u', 'u.id', 'o.owner_id')
      .select((eb) => ['o.owner_id as id', 'u.display_name as name', flag(isOpen)(eb).as('open'), flag(isSoon)(eb).as('soon'), flag(isBreached)(eb).as('breached')])
      .groupBy(['o.owner_id', 'u.display_name'])
      .execute(),
  ]);

  const group = (rows: { id: number | null; name: string | null; open: number; soon: number; breached: number }[]): TSlaBoardGroup[] =>
    rows
      .map((r) => ({ id: r.id, name: r.name, open: Number(r.open ?? 0), soon: Number(r.soon ?? 0), breached: Number(r.breached ?? 0) }))
      .filter((r) => r.open + r.soon + r.breached > 0)
      .sort((a, b) => b.breached - a.breached || b.soon - a.soon || b.open - a.open || (a.id ?? 0) - (b.id ?? 0));

  const counts = {
    open: Number(totals.open ?? 0),
    warned: Number(totals.warned ?? 0),
    soon: Number(totals.soon ?? 0),
    breached: Number(totals.breached ?? 0),
    escalated: Number(totals.escalated ?? 0),
  };
  return {
    now: nowIso,
    counts,
    soon: { items: soonRows.map(boardOrder), total: counts.soon, page: q.soonPage, pageSize: q.pageSize },
    breached: { items: breachedRows.map(boardOrder), total: counts.breached, page: q.breachedPage, pageSize: q.pageSize },
    byOutlet: group(outletRows),
    byTechnician: group(techRows),
  };
}
