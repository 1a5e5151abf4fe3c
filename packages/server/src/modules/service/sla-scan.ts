// The SLA scan (every minute) and the SLA board. The service-orders module keeps on each order the earliest
// unmet deadline (next_due / next_due_kind) and when its warning share is reached (next_warn_at); the scan only
// compares those with the clock, in SQL and in batches (keyset paging, so no row is read twice in a run), so it
// stays cheap with 100,000 open orders. After each scan it recomputes the SLA board's counts snapshot (below).
//
// Exactly once: the job row is claimed by one instance (jobs.ts), and every update is conditional
// (warned_at is null; breached_at is null or older than the deadline), so a second run — or a second instance
// that got there anyway — changes nothing and notifies nobody.
import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import { OPEN_STATES, SLA_DUE_KINDS, type MessageParam, type TDueKind, type TSlaBoard, type TSlaBoardGroup, type TSlaBoardOrder, type TSlaBoardQuery } from '@kehu/shared';
import type { DB } from '../../db/schema';
import type { Tx } from '../../db';
import type { AppContext } from '../../platform/context';
import { requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { lockInTransaction } from '../../db/dialect';
import { offsetOf } from '../../platform/paging';
import { noticeRow } from '../../platform/notifications';
import { localShort } from '../../platform/clock';

/** States whose deadlines the scan watches: the open ones, and completed orders waiting for their return visit. */
export const SLA_STATES: readonly string[] = [...OPEN_STATES, 'completed'];
/** the same as literals, as in the partial index service_orders_breached of migration 017 (SQLite matches only so) */
const SLA_STATES_SQL = sql<SqlBool>`o.state in (${sql.join(SLA_STATES.map((st) => sql.lit(st)))})`;
const BATCH = 500;
/** breaches handled per run at most; the rest follow a minute later (after an outage, say) */
const MAX_PER_RUN = 20_000;
/** per run, breaches beyond this many reach the managers in-app only, plus one summary e-mail */
const EMAIL_LIMIT = 20;
const SOON_MS = 60 * 60_000;

/** the deadline's kind as a notice parameter: its name in the reader's language (notice.due_kind.*) */
const kindParam = (k: string | null): MessageParam => (k && (SLA_DUE_KINDS as readonly string[]).includes(k) ? { key: `notice.due_kind.${k}` } : (k ?? ''));

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

export async function scanSla(ctx: AppContext, now: Date): Promise<{ warned: number; breached: number }> {
  const nowIso = now.toISOString();
  const tz = ctx.config.timezone;
  let warned = 0;
  let breached = 0;

  // (a) warnings: the technician hears that the running target is nearly used up
  // keyset paging: each batch continues after the last (next_warn_at, id) seen, so rows already passed (warned
  // now or before, closed, already due) are not read again batch after batch
  let warnAfter: { at: string; id: number } | null = null;
  for (let guard = 0; guard < MAX_PER_RUN / BATCH; guard++) {
    const after: { at: string; id: number } | null = warnAfter;
    const page: { id: number; next_warn_at: string | null }[] = await ctx.db
      .selectFrom('service_orders')
      .select(['id', 'next_warn_at'])
      .where('next_warn_at', '<=', nowIso)
      .$if(after !== null, (qb) =>
        qb.where('next_warn_at', '>=', after!.at).where((eb) => eb.or([eb('next_warn_at', '>', after!.at), eb('id', '>', after!.id)])),
      )
      .where('warned_at', 'is', null)
      // already due: the breach below says it, a warning would come too late
      .where('next_due', '>', nowIso)
      .where('state', 'in', SLA_STATES)
      .where('archived_at', 'is', null)
      .orderBy('next_warn_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!page.length) break;
    const last = page[page.length - 1];
    warnAfter = { at: last.next_warn_at!, id: last.id };
    const ids = page.map((r) => r.id);
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
        .map((r) =>
          noticeRow(
            {
              userId: r.owner_id!,
              key: 'notice.sla_warning',
              params: { code: r.code, kind: kindParam(r.next_due_kind), due: localShort(r.next_due, tz) },
              link: `/service/orders/${r.id}`,
            },
            nowIso,
          ),
        );
      for (let i = 0; i < notices.length; i += BATCH) await trx.insertInto('notifications').values(notices.slice(i, i + BATCH)).execute();
      return rows.length;
    });
    if (ids.length < BATCH) break;
  }

  // (b) breaches: once per deadline; escalate, record the event, tell the managers
  const recipients = await escalationRecipients(ctx.db);
  let emailed = 0;
  const quiet: { id: number; code: string }[] = [];
  // keyset paging after the last (next_due, id) seen, as above: orders breached before are passed over once
  let dueAfter: { at: string; id: number } | null = null;
  for (let guard = 0; guard < MAX_PER_RUN / BATCH; guard++) {
    const after: { at: string; id: number } | null = dueAfter;
    const page: { id: number; next_due: string | null }[] = await ctx.db
      .selectFrom('service_orders')
      .select(['id', 'next_due'])
      .where('next_due', '<=', nowIso)
      .$if(after !== null, (qb) =>
        qb.where('next_due', '>=', after!.at).where((eb) => eb.or([eb('next_due', '>', after!.at), eb('id', '>', after!.id)])),
      )
      .where((eb) => eb.or([eb('breached_at', 'is', null), eb('breached_at', '<', eb.ref('next_due'))]))
      .where('state', 'in', SLA_STATES)
      .where('archived_at', 'is', null)
      .orderBy('next_due')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!page.length) break;
    const last = page[page.length - 1];
    dueAfter = { at: last.next_due!, id: last.id };
    const ids = page.map((r) => r.id);
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
      const inApp: ReturnType<typeof noticeRow>[] = [];
      for (const r of rows) {
        const notice = {
          key: 'notice.sla_breach',
          params: { code: r.code, kind: kindParam(r.next_due_kind), due: localShort(r.next_due, tz) },
          link: `/service/orders/${r.id}`,
        };
        if (emailed < EMAIL_LIMIT) {
          emailed++;
          for (const userId of recipients) await ctx.notifier.notify(trx, { userId, ...notice, email: true }, now);
        } else {
          quiet.push({ id: r.id, code: r.code });
          for (const userId of recipients) inApp.push(noticeRow({ userId, ...notice }, nowIso));
        }
      }
      for (let i = 0; i < inApp.length; i += BATCH) await trx.insertInto('notifications').values(inApp.slice(i, i + BATCH)).execute();
      return rows.length;
    });
    if (ids.length < BATCH) break;
  }
  if (quiet.length) {
    const codes = quiet.slice(0, 50).map((q) => q.code);
    await ctx.db.transaction().execute(async (trx) => {
      for (const userId of recipients) {
        await ctx.notifier.notify(
          trx,
          {
            userId,
            key: 'notice.sla_breach_more',
            params: { count: quiet.length, codes, more: quiet.length > 50 ? ' …' : '' },
            link: '/service/sla-board',
            email: true,
          },
          now,
        );
      }
    });
  }
  // the board's counts as of this scan, including the breaches just recorded
  await refreshSlaCounts(ctx, now);
  return { warned, breached };
}

// ---------- SLA board ----------
//
// The counts (totals, by outlet, by technician) come from a snapshot, sla_board_counts: one row per (outlet,
// technician, team), computed in one grouped pass by every SLA scan (each minute) and by the board itself when the
// newest snapshot is more than COUNTS_MAX_AGE_MS away from the clock (jobs disabled, a moved test clock). The
// board sums the snapshot rows of the caller's data scope — a few thousand rows however many orders there are.
// The two lists are read live: 'soon' from next_due, 'breached' from the partial index on (breached_at, id).

/** a snapshot older than this (by the clock) is recomputed by the board request that finds it */
export const COUNTS_MAX_AGE_MS = 2 * 60_000;
const COUNTS_LOCK = 'sla_board_counts';

type OrdersEb = ExpressionBuilder<DB & { o: DB['service_orders'] }, 'o'>;
type CountsEb = ExpressionBuilder<DB & { s: DB['sla_board_counts'] }, 's'>;

/** The 'service' data scope as a condition on service_orders (aliased o). */
function scoped(p: Principal) {
  const f = scopeFilter(p, 'service');
  return (eb: OrdersEb) => {
    if (f.kind === 'all') return eb.lit(true);
    if (f.kind === 'own') return eb('o.owner_id', '=', f.userId);
    return eb.or([eb('o.owner_id', '=', f.userId), ...(f.unitIds.length ? [eb('o.team_id', 'in', f.unitIds)] : [])]);
  };
}

/** The same scope on the counts snapshot (aliased s), which keeps owner_id and team_id of its orders. */
function scopedCounts(p: Principal) {
  const f = scopeFilter(p, 'service');
  return (eb: CountsEb) => {
    if (f.kind === 'all') return eb.lit(true);
    if (f.kind === 'own') return eb('s.owner_id', '=', f.userId);
    return eb.or([eb('s.owner_id', '=', f.userId), ...(f.unitIds.length ? [eb('s.team_id', 'in', f.unitIds)] : [])]);
  };
}

/** What the board counts, at an instant: the definitions shared by the live lists and the snapshot. */
function boardConditions(now: Date, partialIndex = false) {
  const nowIso = now.toISOString();
  const soonIso = new Date(now.getTime() + SOON_MS).toISOString();
  const isOpen = (eb: OrdersEb) => eb('o.state', 'in', OPEN_STATES);
  return {
    isOpen,
    isSoon: (eb: OrdersEb) => eb.and([eb('o.state', 'in', SLA_STATES), eb('o.next_due', '>', nowIso), eb('o.next_due', '<=', soonIso)]),
    // breached and still open: an open order with a breach, or a completed one whose return visit is overdue
    isBreached: (eb: OrdersEb) =>
      eb.and([
        eb('o.breached_at', 'is not', null),
        // implied by the next term; lets the 'breached' list read the partial index service_orders_breached
        ...(partialIndex ? [SLA_STATES_SQL] : []),
        eb.or([eb('o.state', 'in', OPEN_STATES), eb.and([eb('o.state', '=', 'completed'), eb('o.next_due', '<=', nowIso)])]),
      ]),
    isWarned: (eb: OrdersEb) => eb.and([isOpen(eb), eb('o.warned_at', 'is not', null), eb('o.next_due', '>', nowIso)]),
    isEscalated: (eb: OrdersEb) => eb.and([isOpen(eb), eb('o.escalated', '=', 1)]),
  };
}

/** When the newest counts snapshot was computed (null: none yet). */
async function newestCounts(db: Tx): Promise<string | null> {
  const r = await db.selectFrom('sla_board_counts').select((eb) => eb.fn.max('computed_at').as('at')).executeTakeFirst();
  return r?.at ? new Date(r.at).toISOString() : null;
}

const isFresh = (at: string, now: Date) => Math.abs(now.getTime() - new Date(at).getTime()) <= COUNTS_MAX_AGE_MS;

/**
 * Recomputes the SLA board's counts snapshot as of `now`: one grouped pass over the watched orders, replacing the
 * previous snapshot in the same transaction (readers see the old one or the new one, never a mix). With
 * `onlyIfStale`, does nothing when a fresh snapshot exists by the time the lock is held (two board requests that
 * both found it stale compute it once). Returns the time of the snapshot now in place.
 */
export async function refreshSlaCounts(ctx: AppContext, now: Date, opts: { onlyIfStale?: boolean } = {}): Promise<string> {
  const nowIso = now.toISOString();
  const c = boardConditions(now);
  const flag = (cond: (eb: OrdersEb) => unknown) => (eb: OrdersEb) => sql<number>`sum(case when ${cond(eb)} then 1 else 0 end)`;
  return ctx.db.transaction().execute(async (trx) => {
    await lockInTransaction(trx, COUNTS_LOCK);
    if (opts.onlyIfStale) {
      const at = await newestCounts(trx);
      if (at && isFresh(at, now)) return at;
    }
    const rows = await trx
      .selectFrom('service_orders as o')
      .where('o.archived_at', 'is', null)
      // only rows that can count somewhere: open, or completed with a pending deadline
      .where('o.state', 'in', SLA_STATES)
      .select((eb) => [
        'o.outlet_id',
        'o.owner_id',
        'o.team_id',
        flag(c.isOpen)(eb).as('open'),
        flag(c.isWarned)(eb).as('warned'),
        flag(c.isSoon)(eb).as('soon'),
        flag(c.isBreached)(eb).as('breached'),
        flag(c.isEscalated)(eb).as('escalated'),
      ])
      .groupBy(['o.outlet_id', 'o.owner_id', 'o.team_id'])
      .execute();
    const values = rows.map((r) => ({
      outlet_id: r.outlet_id,
      owner_id: r.owner_id,
      team_id: r.team_id,
      open: Number(r.open ?? 0),
      warned: Number(r.warned ?? 0),
      soon: Number(r.soon ?? 0),
      breached: Number(r.breached ?? 0),
      escalated: Number(r.escalated ?? 0),
      computed_at: nowIso,
    }));
    // nothing watched: one empty row still records when the snapshot was taken
    if (!values.length) values.push({ outlet_id: null, owner_id: null, team_id: null, open: 0, warned: 0, soon: 0, breached: 0, escalated: 0, computed_at: nowIso });
    await trx.deleteFrom('sla_board_counts').execute();
    for (let i = 0; i < values.length; i += BATCH) await trx.insertInto('sla_board_counts').values(values.slice(i, i + BATCH)).execute();
    return nowIso;
  });
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
  const inScope = scoped(p);

  let countsAt = await newestCounts(ctx.db);
  if (!countsAt || !isFresh(countsAt, now)) countsAt = await refreshSlaCounts(ctx, now, { onlyIfStale: true });
  // the whole scope: the 'breached' list reads the partial index service_orders_breached (oldest breach first);
  // narrowed to a technician, a team or an outlet, the index of that column finds the few rows faster, and
  // SQLite (which weighs the order by over the filter) only takes that when the other one does not apply
  const wide = scopeFilter(p, 'service').kind === 'all' && !q.outletId;
  const c = boardConditions(now, wide);

  const list = (cond: (eb: OrdersEb) => ReturnType<OrdersEb['and']>, page: number, order: 'next_due' | 'breached_at') => {
    let b = ctx.db.selectFrom('service_orders as o').where('o.archived_at', 'is', null).where(inScope);
    if (q.outletId) b = b.where('o.outlet_id', '=', q.outletId);
    return b
      .where(cond)
      .leftJoin('customers as cu', 'cu.id', 'o.customer_id')
      .leftJoin('outlets as ol', 'ol.id', 'o.outlet_id')
      .leftJoin('users as u', 'u.id', 'o.owner_id')
      .select([
        'o.id',
        'o.code',
        'o.state',
        'o.type',
        'o.priority',
        'o.customer_id',
        'cu.name as customer_name',
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
  };

  const snapshot = () => {
    let b = ctx.db.selectFrom('sla_board_counts as s').where(scopedCounts(p));
    if (q.outletId) b = b.where('s.outlet_id', '=', q.outletId);
    return b
      .leftJoin('outlets as ol', 'ol.id', 's.outlet_id')
      .leftJoin('users as u', 'u.id', 's.owner_id')
      // one statement, so one consistent snapshot; no computed_at per row (parsing 3,000 timestamps cost 4 ms on
      // PostgreSQL): the time is the one checked above
      .select(['s.outlet_id', 'ol.name as outlet_name', 's.owner_id', 'u.display_name as owner_name', 's.open', 's.warned', 's.soon', 's.breached', 's.escalated'])
      .execute();
  };

  const [soonRows, breachedRows, countRows] = await Promise.all([
    list(c.isSoon, q.soonPage, 'next_due'),
    list(c.isBreached, q.breachedPage, 'breached_at'),
    snapshot(),
  ]);

  const counts = { open: 0, warned: 0, soon: 0, breached: 0, escalated: 0 };
  const outlets = new Map<number | null, TSlaBoardGroup>();
  const technicians = new Map<number | null, TSlaBoardGroup>();
  const add = (groups: Map<number | null, TSlaBoardGroup>, id: number | null, name: string | null, r: { open: number; soon: number; breached: number }) => {
    const g = groups.get(id) ?? { id, name, open: 0, soon: 0, breached: 0 };
    g.open += Number(r.open);
    g.soon += Number(r.soon);
    g.breached += Number(r.breached);
    groups.set(id, g);
  };
  for (const r of countRows) {
    counts.open += Number(r.open);
    counts.warned += Number(r.warned);
    counts.soon += Number(r.soon);
    counts.breached += Number(r.breached);
    counts.escalated += Number(r.escalated);
    add(outlets, r.outlet_id, r.outlet_name, r);
    add(technicians, r.owner_id, r.owner_name, r);
  }
  const group = (groups: Map<number | null, TSlaBoardGroup>): TSlaBoardGroup[] =>
    [...groups.values()]
      .filter((r) => r.open + r.soon + r.breached > 0)
      .sort((a, b) => b.breached - a.breached || b.soon - a.soon || b.open - a.open || (a.id ?? 0) - (b.id ?? 0));

  return {
    now: nowIso,
    countsAt,
    counts,
    soon: { items: soonRows.map(boardOrder), total: counts.soon, page: q.soonPage, pageSize: q.pageSize },
    breached: { items: breachedRows.map(boardOrder), total: counts.breached, page: q.breachedPage, pageSize: q.pageSize },
    byOutlet: group(outlets),
    byTechnician: group(technicians),
  };
}
