// Service orders (服务工单): intake, the state machine of domain.md §4.4, deadlines, fees, signature, history.
import crypto from 'node:crypto';
import { sql, type Selectable, type SqlBool } from 'kysely';
import {
  OPEN_STATES,
  ORDER_ACTIONS,
  allowedActions,
  type ActionRule,
  type OrderAction,
  type OrderState,
  type ServiceMode,
  type TOrderCreate,
  type TOrderListQuery,
  type TOrderTransition,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { ServiceOrderTable } from '../../db/schema-service';
import { audit, type AuditContext } from '../../platform/audit';
import { loadWorkCalendar } from '../../platform/calendar-store';
import { localDateKey } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { maskPhone, maskStreet } from '../../platform/masking';
import { nextCodes } from '../../platform/numbering';
import { can, inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { regionFullName } from '../../platform/regions';
import { recordEvent } from '../../platform/timeline';
import { offsetOf, type Page } from '../../platform/paging';
import { queryTerms } from '../../platform/search-text';
import { searchCondition } from '../../db/search';
import { loadInScope as loadCustomerInScope } from '../customers/service';
import { localDayStart } from '../admin/calc';
import { assertTechnicianFits } from './dispatch';
import { orderDeadlines, type OrderTimes } from './order-clock';
import { findSlaTargets, type SlaTargets } from './sla';
import { releaseStock } from './stock';
import { decideWarranty, rulesFor } from './warranty';
import { agreementForOrder } from './agreements-service';

export type OrderRow = Selectable<ServiceOrderTable>;

export const ORDER_PREFIX = 'FW';
/** Requests taken live by a person are acknowledged at intake. */
const LIVE_CHANNELS = new Set(['phone', 'outlet', 'dealer', 'sales']);
const REPEAT_WINDOW_DAYS = 30;
const COUNT_CAP = 2000;

const OPEN_STATES_SQL = sql<SqlBool>`o.state in (${sql.join(OPEN_STATES.map((st) => sql.lit(st)))})`;

export function localDay(d: Date, timeZone: string): string {
  const k = localDateKey(d, timeZone);
  return `${k.slice(0, 4)}-${k.slice(4, 6)}-${k.slice(6, 8)}`;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const date = (s: string | null) => (s ? new Date(s) : null);

// ---------- deadlines ----------

/** Waiting-for-parts intervals from the order's events, plus the action being taken now (not yet written). */
async function partsPauses(db: Tx, orderId: number, pending?: { action: string; at: string }) {
  const rows = await db
    .selectFrom('service_order_events')
    .select(['action', 'at'])
    .where('order_id', '=', orderId)
    .where('action', 'in', ['wait_parts', 'parts_arrived'])
    .orderBy('id')
    .execute();
  if (pending) rows.push(pending);
  const pauses: { from: Date; to: Date | null }[] = [];
  for (const r of rows) {
    if (r.action === 'wait_parts') pauses.push({ from: new Date(r.at), to: null });
    else if (pauses.length && !pauses[pauses.length - 1]!.to) pauses[pauses.length - 1]!.to = new Date(r.at);
  }
  return pauses;
}

/** The deadline columns of an order after a change (the targets are the snapshot taken at intake). */
export async function deadlineColumns(ctx: AppContext, db: Tx, o: OrderRow, pending?: { action: string; at: string }) {
  const targets = JSON.parse(o.sla) as SlaTargets;
  const cal = await loadWorkCalendar(db, ctx.config.timezone);
  const pauses = await partsPauses(db, o.id, pending);
  const times: OrderTimes = {
    mode: o.mode,
    receivedAt: new Date(o.created_at),
    acknowledgedAt: date(o.acknowledged_at),
    dispatchedAt: date(o.dispatched_at),
    appointmentTo: date(o.appointment_to),
    scheduledAt: date(o.appointment_from),
    arrivedAt: date(o.arrived_at),
    completedAt: date(o.completed_at),
    visitedAt: date(o.visited_at),
    cancelled: o.state === 'cancelled' || o.state === 'closed',
    partsPauses: pauses,
  };
  const d = orderDeadlines(times, targets, cal);
  const nextDue = iso(d.next?.due);
  return {
    ack_due: iso(d.ack),
    appointment_due: iso(d.appointment),
    arrival_due: iso(d.arrival),
    fix_due: iso(d.fix),
    visit_due: iso(d.visit),
    next_due: nextDue,
    next_due_kind: d.next?.kind ?? null,
    next_warn_at: iso(d.next?.warnAt),
    // a new deadline gets a new warning
    ...(nextDue !== o.next_due ? { warned_at: null } : {}),
  };
}

// ---------- intake ----------

/** The region type of a division code: the longest outlet coverage entry that contains it. */
async function regionTypeOf(db: Tx, code: string | null): Promise<string> {
  if (!code) return 'urban';
  const candidates = [code, code.slice(0, 4) + '00', code.slice(0, 2) + '0000'];
  const rows = await db
    .selectFrom('outlet_regions')
    .innerJoin('outlets', 'outlets.id', 'outlet_regions.outlet_id')
    .select(['outlet_regions.region_code', 'outlet_regions.region_type'])
    .where('outlet_regions.region_code', 'in', candidates)
    .where('outlets.archived_at', 'is', null)
    .execute();
  rows.sort((a, b) => candidates.indexOf(a.region_code) - candidates.indexOf(b.region_code));
  return rows[0]?.region_type ?? 'urban';
}

async function feeOf(db: Tx, kind: 'labour' | 'callout', key: string): Promise<number> {
  const row = await db.selectFrom('service_fees').select('amount_fen').where('kind', '=', kind).where('key', '=', key).executeTakeFirst();
  return row ? Number(row.amount_fen) : 0;
}

async function unitWarranty(ctx: AppContext, db: Tx, unitId: number, now: Date) {
  const u = await db
    .selectFrom('product_units')
    .innerJoin('products', 'products.id', 'product_units.product_id')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .select([
      'product_units.id',
      'product_units.customer_id',
      'product_units.purchase_date',
      'product_units.region_code',
      'product_units.address',
      'product_units.archived_at',
      'products.warranty_months as p_warranty_months',
      'products.skill',
      'product_categories.warranty_months',
      'product_categories.return_days',
      'product_categories.exchange_days',
      'product_categories.no_reason_return_days',
      'product_categories.free_repairs_before_exchange',
    ])
    .where('product_units.id', '=', unitId)
    .executeTakeFirst();
  if (!u) return null;
  const prior = await db
    .selectFrom('service_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unitId)
    .where('type', '=', 'repair')
    .where('warranty', '=', 'in')
    .where('completed_at', 'is not', null)
    .executeTakeFirstOrThrow();
  const rules = rulesFor(u, { warranty_months: u.p_warranty_months });
  const decision = decideWarranty({
    purchaseDate: u.purchase_date,
    today: localDay(now, ctx.config.timezone),
    rules,
    priorRepairs: Number(prior.n),
    fault: true,
  });
  return { unit: u, decision };
}

export async function createOrder(ctx: AppContext, p: Principal, input: TOrderCreate, actx: AuditContext) {
  requirePermission(p, 'service:create');
  const now = ctx.clock.now();
  const customer = await loadCustomerInScope(ctx.db, p, input.customerId);
  if (customer.archived_at) throw new AppError(409, 'CUSTOMER_ARCHIVED');
  let warranty = 'none';
  let regionCode = input.regionCode ?? null;
  let address = input.address ?? null;
  let reworkOf: { id: number } | undefined;
  if (input.unitId) {
    const w = await unitWarranty(ctx, ctx.db, input.unitId, now);
    if (!w || w.unit.archived_at) throw invalid([{ path: 'unitId', key: 'unknown_unit' }]);
    if (w.unit.customer_id !== input.customerId) throw invalid([{ path: 'unitId', key: 'unit_not_of_customer' }]);
    warranty = w.decision.inWarranty ? 'in' : 'out';
    regionCode ??= w.unit.region_code;
    address ??= w.unit.address;
    const since = new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000).toISOString();
    reworkOf = await ctx.db
      .selectFrom('service_orders')
      .select('id')
      .where('unit_id', '=', input.unitId)
      .where('completed_at', '>=', since)
      .where('type', 'in', ['repair', 'install', 'maintenance'])
      .orderBy('completed_at', 'desc')
      .executeTakeFirst();
    if (input.type !== 'repair') reworkOf = undefined;
  }
  if (!regionCode) {
    regionCode = customer.district_code ?? customer.city_code ?? customer.province_code;
  }
  // under a service agreement: its response level is the tier; within its entitlement labour and call-out are free
  const agreement = input.unitId ? await agreementForOrder(ctx.db, input.unitId, input.type, now, ctx.config.timezone) : null;
  if (agreement?.covered) warranty = 'agreement';
  const tier = agreement?.tier ?? customer.service_tier ?? 'standard';
  const regionType = await regionTypeOf(ctx.db, regionCode);
  const targets = await findSlaTargets(ctx.db, { serviceType: input.type, tier, regionType, priority: input.priority });
  const id = await ctx.db.transaction().execute(async (trx) => {
    const [code] = await nextCodes(trx, ORDER_PREFIX, now, ctx.config.timezone);
    const row = {
      code: code!,
      type: input.type,
      mode: input.mode,
      channel: input.channel,
      priority: input.priority,
      state: 'received',
      customer_id: input.customerId,
      unit_id: input.unitId ?? null,
      contact_name: input.contactName ?? null,
      contact_phone: input.contactPhone ?? null,
      region_code: regionCode,
      region_type: regionType,
      address,
      description: input.description,
      tier,
      warranty,
      sla_rule_id: targets.ruleId,
      sla: JSON.stringify(targets),
      acknowledged_at: LIVE_CHANNELS.has(input.channel) ? now.toISOString() : null,
      rework_of_id: reworkOf?.id ?? null,
      repeat_repair: reworkOf ? 1 : 0,
      agreement_id: agreement?.agreementId ?? null,
      parts_included: agreement?.covered ? Number(agreement.partsIncluded) : null,
      created_by: p.userId,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    const inserted = await trx.insertInto('service_orders').values(row).returning('id').executeTakeFirstOrThrow();
    const orderId = Number(inserted.id);
    const full = (await trx.selectFrom('service_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow()) as OrderRow;
    await trx.updateTable('service_orders').set(await deadlineColumns(ctx, trx, full)).where('id', '=', orderId).execute();
    await trx
      .insertInto('service_order_events')
      .values({ order_id: orderId, at: now.toISOString(), action: 'create', from_state: null, to_state: 'received', actor_id: p.userId, note: null, data: JSON.stringify({ channel: input.channel, warranty, repeat: !!reworkOf }) })
      .execute();
    await recordEvent(trx, {
      customerId: input.customerId,
      type: 'service_order',
      module: 'service',
      title: `服务工单 ${code}`,
      body: input.description.slice(0, 500),
      refType: 'service_order',
      refId: orderId,
      actorId: p.userId,
      data: { code, orderType: input.type, action: 'create' },
      at: now,
    });
    await audit(trx, actx, { action: 'create', entity: 'service_order', entityId: orderId, summary: `${code} ${input.type}`, after: row });
    return orderId;
  });
  return getOrder(ctx, p, id);
}

// ---------- reading ----------

export async function loadOrderInScope(db: Tx, p: Principal, id: number): Promise<OrderRow> {
  const row = await db.selectFrom('service_orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.archived_at || !inScope(p, 'service', row)) throw notFound('ORDER_NOT_FOUND');
  return row;
}

/** Actions this user may take on the order now. */
export function actionsFor(p: Principal, o: Pick<OrderRow, 'state' | 'mode' | 'owner_id'>): OrderAction[] {
  return allowedActions(o.state as OrderState, o.mode as ServiceMode).filter((a) => mayAct(p, o, ORDER_ACTIONS[a]));
}

function mayAct(p: Principal, o: Pick<OrderRow, 'owner_id'>, rule: ActionRule): boolean {
  if (rule.permission === 'service:work') {
    // field work: the order's own technician, or whoever may dispatch (a dispatcher records on their behalf)
    return (can(p, 'service:work') && o.owner_id === p.userId) || can(p, 'service:dispatch');
  }
  return can(p, rule.permission);
}

function mayRevealContact(p: Principal, o: { owner_id: number | null }): boolean {
  return can(p, 'pii:view') || can(p, 'service:dispatch') || o.owner_id === p.userId;
}

export async function getOrder(ctx: AppContext, p: Principal, id: number) {
  requirePermission(p, 'service:read');
  const o = await loadOrderInScope(ctx.db, p, id);
  const db = ctx.db;
  const [customer, unit, outlet, tech, events, items, visit] = await Promise.all([
    db.selectFrom('customers').select(['id', 'code', 'name', 'phone', 'service_tier']).where('id', '=', o.customer_id).executeTakeFirst(),
    o.unit_id
      ? db
          .selectFrom('product_units')
          .innerJoin('products', 'products.id', 'product_units.product_id')
          .select(['product_units.id', 'product_units.serial_no', 'product_units.purchase_date', 'product_units.warranty_end', 'product_units.quality_card_no', 'products.model', 'products.name as product_name', 'products.skill'])
          .where('product_units.id', '=', o.unit_id)
          .executeTakeFirst()
      : undefined,
    o.outlet_id ? db.selectFrom('outlets').select(['id', 'code', 'name', 'phone', 'address']).where('id', '=', o.outlet_id).executeTakeFirst() : undefined,
    o.owner_id ? db.selectFrom('users').select(['id', 'display_name', 'phone']).where('id', '=', o.owner_id).executeTakeFirst() : undefined,
    db
      .selectFrom('service_order_events')
      .leftJoin('users', 'users.id', 'service_order_events.actor_id')
      .select(['service_order_events.id', 'service_order_events.at', 'service_order_events.action', 'service_order_events.from_state', 'service_order_events.to_state', 'service_order_events.note', 'service_order_events.data', 'users.display_name as actor_name'])
      .where('service_order_events.order_id', '=', id)
      .orderBy('service_order_events.id')
      .execute(),
    db.selectFrom('service_order_items').selectAll().where('order_id', '=', id).orderBy('id').execute(),
    db.selectFrom('return_visits').leftJoin('users', 'users.id', 'return_visits.assignee_id').selectAll('return_visits').select('users.display_name as assignee_name').where('order_id', '=', id).orderBy('return_visits.id', 'desc').executeTakeFirst(),
  ]);
  // the technician and the dispatchers need the contact and address to do the work; others see them masked
  const reveal = mayRevealContact(p, o);
  return {
    id: o.id,
    code: o.code,
    type: o.type,
    mode: o.mode,
    channel: o.channel,
    priority: o.priority,
    state: o.state,
    customer: customer ? { id: customer.id, code: customer.code, name: customer.name, phone: reveal ? customer.phone : maskPhone(customer.phone) } : null,
    unit: unit
      ? { id: unit.id, serialNo: unit.serial_no, model: unit.model, productName: unit.product_name, purchaseDate: unit.purchase_date, warrantyEnd: unit.warranty_end, qualityCardNo: unit.quality_card_no, skill: unit.skill }
      : null,
    contactName: o.contact_name,
    contactPhone: reveal ? o.contact_phone : maskPhone(o.contact_phone),
    regionCode: o.region_code,
    region: o.region_code ? regionFullName(o.region_code.slice(0, 2) + '0000', o.region_code.slice(0, 4) + '00', o.region_code) : '',
    regionType: o.region_type,
    address: reveal ? o.address : maskStreet(o.address),
    description: o.description,
    tier: o.tier,
    warranty: o.warranty,
    agreementId: o.agreement_id ?? null,
    outlet: outlet ?? null,
    technician: tech ? { id: tech.id, name: tech.display_name, phone: tech.phone } : null,
    sla: JSON.parse(o.sla) as SlaTargets,
    due: { ack: o.ack_due, appointment: o.appointment_due, arrival: o.arrival_due, fix: o.fix_due, visit: o.visit_due, next: o.next_due, nextKind: o.next_due_kind, warnAt: o.next_warn_at },
    warnedAt: o.warned_at,
    breachedAt: o.breached_at,
    escalated: !!o.escalated,
    appointmentFrom: o.appointment_from,
    appointmentTo: o.appointment_to,
    times: {
      received: o.created_at,
      acknowledged: o.acknowledged_at,
      dispatched: o.dispatched_at,
      departed: o.departed_at,
      arrived: o.arrived_at,
      started: o.started_at,
      completed: o.completed_at,
      visited: o.visited_at,
      evaluated: o.evaluated_at,
      closed: o.closed_at,
      cancelled: o.cancelled_at,
    },
    faultCode: o.fault_code,
    diagnosis: o.diagnosis,
    resolution: o.resolution,
    signatureFileId: o.signature_file_id,
    signedBy: o.signed_by,
    fees: { labourFen: Number(o.labour_fee_fen), calloutFen: Number(o.callout_fee_fen), partsFen: Number(o.parts_fee_fen), totalFen: Number(o.total_fee_fen) },
    firstTimeFix: o.first_time_fix === null ? null : !!o.first_time_fix,
    reworkOfId: o.rework_of_id,
    repeatRepair: !!o.repeat_repair,
    rating: o.rating,
    events: events.map((e) => ({ id: e.id, at: e.at, action: e.action, from: e.from_state, to: e.to_state, note: e.note, actorName: e.actor_name, data: e.data ? (JSON.parse(e.data) as unknown) : null })),
    items: items.map((i) => ({
      id: i.id,
      kind: i.kind,
      partId: i.part_id,
      description: i.description,
      qty: i.qty,
      unitPriceFen: Number(i.unit_price_fen),
      amountFen: Number(i.amount_fen),
      free: !!i.free,
      partState: i.part_state,
      returnedQty: Number(i.returned_qty ?? 0),
      outletId: i.outlet_id,
    })),
    visit: visit
      ? {
          id: visit.id,
          state: visit.state,
          dueAt: visit.due_at,
          assigneeId: visit.assignee_id,
          assigneeName: visit.assignee_name,
          channel: visit.channel,
          onTime: visit.on_time === null ? null : !!visit.on_time,
          solved: visit.solved === null ? null : !!visit.solved,
          attitude: visit.attitude,
          feesOk: visit.fees_ok === null ? null : !!visit.fees_ok,
          misconduct: visit.misconduct === null ? null : !!visit.misconduct,
          rating: visit.rating,
          comment: visit.comment,
          dissatisfied: visit.dissatisfied === null ? null : !!visit.dissatisfied,
          followUp: visit.follow_up,
          followUpOrderId: visit.follow_up_order_id,
          doneAt: visit.done_at,
          version: visit.version,
        }
      : null,
    actions: actionsFor(p, o),
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    version: o.version,
  };
}

export async function listOrders(ctx: AppContext, p: Principal, q: TOrderListQuery): Promise<Page<unknown> & { totalCapped: boolean }> {
  requirePermission(p, 'service:read');
  const scope = scopeFilter(p, 'service');
  const today = localDay(ctx.clock.now(), ctx.config.timezone);
  // the filters read service_orders alone (customer_id is required, so the customer join never drops a row): the
  // capped count and the page's ids need no customer, user or outlet row — the count of a filter with 2,000 open
  // orders read 2,000 random customer rows (PostgreSQL 10 ms warm, 250 ms cold)
  let query = ctx.db.selectFrom('service_orders as o').where('o.archived_at', 'is', null);
  if (scope.kind === 'own') query = query.where('o.owner_id', '=', scope.userId);
  else if (scope.kind === 'units') {
    const { unitIds, userId } = scope;
    query = query.where((eb) => (unitIds.length ? eb.or([eb('o.owner_id', '=', userId), eb('o.team_id', 'in', unitIds)]) : eb('o.owner_id', '=', userId)));
  }
  // literal states, as in the partial indexes of migration 016 (SQLite matches their predicate only so)
  if (q.state === 'open') query = query.where(OPEN_STATES_SQL);
  else if (q.state) query = query.where('o.state', '=', q.state);
  if (q.type) query = query.where('o.type', '=', q.type);
  if (q.outletId) query = query.where('o.outlet_id', '=', q.outletId);
  if (q.technicianId) query = query.where('o.owner_id', '=', q.technicianId);
  if (q.mine === 'true') query = query.where('o.owner_id', '=', p.userId);
  if (q.customerId) query = query.where('o.customer_id', '=', q.customerId);
  if (q.unitId) query = query.where('o.unit_id', '=', q.unitId);
  if (q.escalated === 'true') query = query.where('o.escalated', '=', 1);
  if (q.today === 'true') {
    // a technician's day: booked for today, or open and not booked for a later day
    const dayStart = localDayStart(today, ctx.config.timezone);
    const start = dayStart.toISOString();
    const end = new Date(dayStart.getTime() + 86_400_000).toISOString();
    query = query
      .where('o.state', 'in', [...OPEN_STATES])
      .where((eb) => eb.or([eb('o.appointment_from', 'is', null), eb.and([eb('o.appointment_from', '>=', start), eb('o.appointment_from', '<', end)]), eb('o.appointment_from', '<', start)]));
  }
  if (q.q) {
    const term = q.q.trim();
    // every branch index-backed: the code and contact phone exactly, the customer's name through the customer search index
    const terms = queryTerms(term);
    query = query.where((eb) =>
      eb.or([
        eb('o.code', '=', term.toUpperCase()),
        eb('o.contact_phone', '=', term),
        ...(terms.length ? [sql<SqlBool>`o.customer_id in (select customers.id from customers where ${searchCondition(ctx.db, terms)})`] : []),
      ]),
    );
  }
  const pageSize = q.pageSize;
  const pageIds = query.select('o.id').orderBy('o.id', 'desc').limit(pageSize).offset(offsetOf(q.page, pageSize)).as('pg');
  const rows = await ctx.db
    .selectFrom(pageIds)
    .innerJoin('service_orders as o', 'o.id', 'pg.id')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('users as t', 't.id', 'o.owner_id')
    .leftJoin('outlets as ol', 'ol.id', 'o.outlet_id')
    .select([
      'o.id',
      'o.code',
      'o.type',
      'o.mode',
      'o.priority',
      'o.state',
      'o.customer_id',
      'c.name as customer_name',
      'o.region_code',
      'o.address',
      'o.description',
      'o.warranty',
      'o.outlet_id',
      'ol.name as outlet_name',
      'o.owner_id',
      't.display_name as technician_name',
      'o.appointment_from',
      'o.appointment_to',
      'o.next_due',
      'o.next_due_kind',
      'o.next_warn_at',
      'o.breached_at',
      'o.escalated',
      'o.created_at',
      'o.version',
    ])
    .orderBy('pg.id', 'desc')
    .execute();
  const counted = await ctx.db
    .selectFrom(query.select('o.id').limit(COUNT_CAP + 1).as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(counted.n);
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      type: r.type,
      mode: r.mode,
      priority: r.priority,
      state: r.state,
      customerId: r.customer_id,
      customerName: r.customer_name,
      region: r.region_code ? regionFullName(r.region_code.slice(0, 2) + '0000', r.region_code.slice(0, 4) + '00', r.region_code) : '',
      address: mayRevealContact(p, r) ? r.address : maskStreet(r.address),
      description: r.description,
      warranty: r.warranty,
      outletId: r.outlet_id,
      outletName: r.outlet_name,
      technicianId: r.owner_id,
      technicianName: r.technician_name,
      appointmentFrom: r.appointment_from,
      appointmentTo: r.appointment_to,
      nextDue: r.next_due,
      nextDueKind: r.next_due_kind,
      nextWarnAt: r.next_warn_at,
      breached: !!r.breached_at,
      escalated: !!r.escalated,
      createdAt: r.created_at,
      version: r.version,
    })),
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    page: q.page,
    pageSize,
  };
}

// ---------- transitions ----------

type Patch = Partial<Record<keyof OrderRow, unknown>>;

/** Applies one action of the state machine; the server checks state, mode, permission, version and the action's guards. */
export async function transition(ctx: AppContext, p: Principal, id: number, body: TOrderTransition, actx: AuditContext) {
  requirePermission(p, 'service:read');
  const rule: ActionRule = ORDER_ACTIONS[body.action];
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const o = await loadOrderInScope(trx, p, id);
    if (!mayAct(p, o, rule)) throw new AppError(403, 'FORBIDDEN');
    // someone else acted first: say so, rather than that the state no longer allows the action
    if (o.version !== body.version) throw conflict('VERSION_CONFLICT', { current: o.version });
    if (!rule.from.includes(o.state as OrderState) || (rule.modes && !rule.modes.includes(o.mode as ServiceMode))) {
      throw new AppError(409, 'ORDER_STATE_INVALID', [], { state: o.state, action: body.action });
    }
    const patch: Patch = {};
    const data: Record<string, unknown> = {};
    const at = body.at ? new Date(body.at) : now;
    if (at.getTime() > now.getTime() + 60_000) throw invalid([{ path: 'at', key: 'time_in_future' }]);
    const staffAck = () => {
      if (!o.acknowledged_at) patch.acknowledged_at = now.toISOString();
    };
    switch (body.action) {
      case 'dispatch':
      case 'transfer': {
        if (!body.outletId) throw invalid([{ path: 'outletId', key: 'required' }]);
        if (!body.technicianId) throw invalid([{ path: 'technicianId', key: 'required' }]);
        const outlet = await trx.selectFrom('outlets').select(['id', 'org_unit_id', 'archived_at', 'name']).where('id', '=', body.outletId).executeTakeFirst();
        if (!outlet || outlet.archived_at) throw invalid([{ path: 'outletId', key: 'unknown_outlet' }]);
        const skill = o.unit_id
          ? ((await trx.selectFrom('product_units').innerJoin('products', 'products.id', 'product_units.product_id').select('products.skill').where('product_units.id', '=', o.unit_id).executeTakeFirst())?.skill ?? null)
          : null;
        await assertTechnicianFits(trx, { outletId: body.outletId, technicianId: body.technicianId, skill });
        if (body.action === 'transfer' && body.outletId === o.outlet_id && body.technicianId === o.owner_id) {
          throw invalid([{ path: 'technicianId', key: 'same_assignment' }]);
        }
        Object.assign(data, { fromOutletId: o.outlet_id, fromTechnicianId: o.owner_id, outletId: body.outletId, technicianId: body.technicianId, outletName: outlet.name });
        patch.outlet_id = body.outletId;
        patch.owner_id = body.technicianId;
        patch.team_id = outlet.org_unit_id;
        patch.dispatched_at = now.toISOString();
        // sending someone to a remote-support order means the remote attempt did not do: it becomes on-site work
        if (o.mode === 'remote') {
          patch.mode = 'onsite';
          data.modeFrom = 'remote';
        }
        // a new assignment books anew
        patch.appointment_from = null;
        patch.appointment_to = null;
        staffAck();
        break;
      }
      case 'schedule': {
        if (!body.appointmentFrom) throw invalid([{ path: 'appointmentFrom', key: 'required' }]);
        if (!body.appointmentTo) throw invalid([{ path: 'appointmentTo', key: 'required' }]);
        const from = new Date(body.appointmentFrom);
        const to = new Date(body.appointmentTo);
        if (to <= from) throw invalid([{ path: 'appointmentTo', key: 'appointment_end_before_start' }]);
        if (to.getTime() < now.getTime()) throw invalid([{ path: 'appointmentTo', key: 'appointment_in_past' }]);
        patch.appointment_from = from.toISOString();
        patch.appointment_to = to.toISOString();
        Object.assign(data, { from: patch.appointment_from, to: patch.appointment_to });
        break;
      }
      case 'depart':
        if (o.dispatched_at && at < new Date(o.dispatched_at)) throw invalid([{ path: 'at', key: 'departure_before_dispatch' }]);
        patch.departed_at = at.toISOString();
        break;
      case 'arrive':
        if (o.departed_at && at < new Date(o.departed_at)) throw invalid([{ path: 'at', key: 'arrival_before_departure' }]);
        patch.arrived_at = at.toISOString();
        break;
      case 'check_in':
        patch.arrived_at = at.toISOString();
        staffAck();
        break;
      case 'remote':
        patch.started_at = now.toISOString();
        staffAck();
        break;
      case 'start':
        patch.started_at = at.toISOString();
        if (body.faultCode !== undefined) patch.fault_code = body.faultCode;
        if (body.diagnosis !== undefined) patch.diagnosis = body.diagnosis;
        break;
      case 'wait_parts':
        patch.paused_since = now.toISOString();
        if (body.diagnosis !== undefined) patch.diagnosis = body.diagnosis;
        break;
      case 'parts_arrived':
        if (o.paused_since) patch.paused_minutes = Number(o.paused_minutes) + Math.round((now.getTime() - new Date(o.paused_since).getTime()) / 60_000);
        patch.paused_since = null;
        break;
      case 'ready':
        if (body.resolution !== undefined) patch.resolution = body.resolution;
        break;
      case 'complete':
        Object.assign(patch, await completion(ctx, trx, p, o, body, now));
        break;
      case 'visit':
        throw invalid([{ path: 'action', key: 'use_return_visit' }]);
      case 'evaluate':
        patch.evaluated_at = now.toISOString();
        break;
      case 'close':
        patch.closed_at = now.toISOString();
        break;
      case 'cancel':
        if (!body.note?.trim()) throw invalid([{ path: 'note', key: 'reason_required' }]);
        patch.cancelled_at = now.toISOString();
        staffAck();
        break;
      case 'escalate':
        if (!body.note?.trim()) throw invalid([{ path: 'note', key: 'reason_required' }]);
        patch.escalated = 1;
        break;
    }
    const to = rule.to ?? (o.state as OrderState);
    patch.state = to;
    const next = { ...o, ...patch } as OrderRow;
    Object.assign(patch, await deadlineColumns(ctx, trx, next, { action: body.action, at: now.toISOString() }));
    patch.version = o.version + 1;
    patch.updated_at = now.toISOString();
    const res = await trx
      .updateTable('service_orders')
      .set(patch as never)
      .where('id', '=', id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    // two dispatchers at once: the second finds the version moved on
    if (Number(res.numUpdatedRows) !== 1) throw conflict('VERSION_CONFLICT');
    await trx
      .insertInto('service_order_events')
      .values({ order_id: id, at: now.toISOString(), action: body.action, from_state: o.state, to_state: to, actor_id: p.userId, note: body.note ?? null, data: Object.keys(data).length ? JSON.stringify(data) : null })
      .execute();
    // parts still only reserved when the order completes or is cancelled were not used: they go back to free stock
    if (body.action === 'complete' || body.action === 'cancel') await releaseReservations(trx, o, p.userId, now);
    if (body.action === 'complete') await createReturnVisit(ctx, trx, { ...o, ...patch } as OrderRow, now);
    if (['complete', 'cancel', 'close'].includes(body.action)) {
      await recordEvent(trx, {
        customerId: o.customer_id,
        type: 'service_order',
        module: 'service',
        title: `服务工单 ${o.code}`,
        body: body.note ?? (patch.resolution as string | undefined) ?? null,
        refType: 'service_order',
        refId: id,
        actorId: p.userId,
        data: { code: o.code, orderType: o.type, action: body.action },
        at: now,
      });
    }
    if (body.action === 'escalate') await notifyEscalation(ctx, trx, o, body.note ?? '', now);
    await audit(trx, actx, { action: body.action, entity: 'service_order', entityId: id, summary: `${o.code} ${o.state} → ${to}`, before: { state: o.state, version: o.version }, after: { ...patch, signature: undefined } });
  });
  return getOrder(ctx, p, id);
}

async function completion(ctx: AppContext, trx: Tx, p: Principal, o: OrderRow, body: TOrderTransition, now: Date): Promise<Patch> {
  if (!body.resolution?.trim() && !o.resolution) throw invalid([{ path: 'resolution', key: 'required' }]);
  const needsSignature = o.mode !== 'remote';
  if (needsSignature && !body.signature) throw invalid([{ path: 'signature', key: 'signature_required' }]);
  if (needsSignature && !body.signedBy?.trim()) throw invalid([{ path: 'signedBy', key: 'required' }]);
  const patch: Patch = { completed_at: now.toISOString() };
  if (body.resolution) patch.resolution = body.resolution;
  if (body.faultCode !== undefined) patch.fault_code = body.faultCode;
  if (body.diagnosis !== undefined) patch.diagnosis = body.diagnosis;
  if (body.signature) {
    const png = Buffer.from(body.signature.slice(body.signature.indexOf(',') + 1), 'base64');
    if (png.length < 8 || png.readUInt32BE(0) !== 0x89504e47) throw invalid([{ path: 'signature', key: 'invalid_signature' }]);
    const saved = await ctx.files.save(png);
    const file = await trx
      .insertInto('attachments')
      .values({ owner_type: 'service_order_signature', owner_id: o.id, filename: `${o.code}-signature.png`, mime: 'image/png', size: saved.size, storage_key: saved.key, sha256: saved.sha256, created_by: p.userId, created_at: now.toISOString(), archived_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    patch.signature_file_id = Number(file.id);
    patch.signed_by = body.signedBy!.trim();
  }
  // fees: free in warranty or under an agreement; otherwise labour by type, call-out by region type, parts at list price
  const free = o.warranty === 'in' || o.warranty === 'agreement';
  const labour = free ? 0 : (body.labourFeeFen ?? (await feeOf(trx, 'labour', o.type)));
  const callout = free || !['onsite', 'pickup'].includes(o.mode) ? 0 : await feeOf(trx, 'callout', o.region_type);
  const parts = Number(o.parts_fee_fen);
  const extras = await trx
    .selectFrom('service_order_items')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), sql<number>`0`).as('s'))
    .where('order_id', '=', o.id)
    .where('kind', 'in', ['labour', 'other'])
    .executeTakeFirstOrThrow();
  patch.labour_fee_fen = labour + Number(extras.s);
  patch.callout_fee_fen = callout;
  patch.total_fee_fen = labour + Number(extras.s) + callout + parts;
  // first-time fix: one visit on site and no wait for parts
  const counts = await trx
    .selectFrom('service_order_events')
    .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('order_id', '=', o.id)
    .where('action', 'in', ['arrive', 'wait_parts', 'transfer'])
    .groupBy('action')
    .execute();
  const n = (a: string) => Number(counts.find((c) => c.action === a)?.n ?? 0);
  patch.first_time_fix = n('wait_parts') === 0 && n('arrive') <= 1 ? 1 : 0;
  return patch;
}

async function releaseReservations(trx: Tx, o: OrderRow, actorId: number, now: Date) {
  const held = await trx
    .selectFrom('service_order_items')
    .select(['id', 'part_id', 'qty', 'outlet_id'])
    .where('order_id', '=', o.id)
    .where('kind', '=', 'part')
    .where('part_state', '=', 'reserved')
    .execute();
  for (const item of held) {
    const outletId = item.outlet_id ?? o.outlet_id;
    if (!item.part_id || !outletId) continue;
    await releaseStock(trx, { outletId, partId: item.part_id, qty: item.qty, orderId: o.id, note: o.code, actorId, at: now });
    await trx.updateTable('service_order_items').set({ part_state: 'released', amount_fen: 0 }).where('id', '=', item.id).execute();
  }
}

// ---------- return visits ----------

/** Someone other than the technician who does return visits: the one with the fewest open visits. */
async function pickVisitor(trx: Tx, technicianId: number | null): Promise<number | null> {
  const roles = await trx.selectFrom('roles').select(['id', 'permissions']).execute();
  const roleIds = roles.filter((r) => (JSON.parse(r.permissions) as string[]).includes('service:visit')).map((r) => r.id);
  if (!roleIds.length) return null;
  const rows = await trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .leftJoin('return_visits', (j) => j.onRef('return_visits.assignee_id', '=', 'users.id').on('return_visits.state', '=', 'open'))
    .select(['users.id', (eb) => eb.fn.count<number>('return_visits.id').as('open')])
    .where('user_roles.role_id', 'in', roleIds)
    .where('users.disabled', '=', 0)
    .$if(technicianId !== null, (q) => q.where('users.id', '<>', technicianId!))
    .where('users.username', '<>', 'admin')
    .groupBy('users.id')
    .orderBy('open')
    .orderBy('users.id')
    .limit(1)
    .execute();
  return rows[0]?.id ?? null;
}

async function createReturnVisit(ctx: AppContext, trx: Tx, o: OrderRow, now: Date) {
  const assignee = await pickVisitor(trx, o.owner_id);
  const token = crypto.randomBytes(18).toString('base64url');
  await trx
    .insertInto('return_visits')
    .values({
      order_id: o.id,
      due_at: o.visit_due ?? new Date(now.getTime() + 72 * 3_600_000).toISOString(),
      assignee_id: assignee,
      state: 'open',
      channel: null,
      token_hash: crypto.createHash('sha256').update(token).digest('hex'),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
  if (assignee) {
    await ctx.notifier.notify(trx, { userId: assignee, key: 'notice.visit_task', params: { code: o.code }, body: o.description.slice(0, 200), link: `/service/orders/${o.id}`, email: true }, now);
  }
}

async function notifyEscalation(ctx: AppContext, trx: Tx, o: OrderRow, reason: string, now: Date) {
  const managers = await trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select('users.id')
    .where('roles.code', 'in', ['service_manager', 'supervisor'])
    .where('users.disabled', '=', 0)
    .distinct()
    .execute();
  for (const m of managers) {
    await ctx.notifier.notify(trx, { userId: m.id, key: 'notice.escalated', params: { code: o.code }, body: reason.slice(0, 500), link: `/service/orders/${o.id}`, email: true }, now);
  }
}
