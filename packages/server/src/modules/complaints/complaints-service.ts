// Complaints (客户投诉): intake from every door, the state machine of domain.md §4.3, deadlines on the shared
// business calendar, escalation 1 → 2 → 3, replies to the customer, corrective / preventive actions, the customer's
// tracking link. The record is tool 35 (客户投诉记录表).
import crypto from 'node:crypto';
import { sql, type Selectable, type SqlBool } from 'kysely';
import {
  COMPLAINT_ACTIONS,
  OPEN_COMPLAINT_STATES,
  WORKING_COMPLAINT_STATES,
  complaintActionsIn,
  type ComplaintAction,
  type ComplaintActionRule,
  type ComplaintState,
  type TComplaintCreate,
  type TComplaintListQuery,
  type TComplaintReply,
  type TComplaintTransition,
  type TComplaintUpdate,
  type TCorrectiveCreate,
  type TCorrectiveUpdate,
  type TPublicConfirm,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { ComplaintTable } from '../../db/schema-complaints';
import { searchCondition } from '../../db/search';
import { audit, type AuditContext } from '../../platform/audit';
import { loadWorkCalendar } from '../../platform/calendar-store';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { maskEmail, maskPhone } from '../../platform/masking';
import { nextCodes } from '../../platform/numbering';
import { offsetOf, type Page } from '../../platform/paging';
import { can, inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { queryTerms } from '../../platform/search-text';
import { recordEvent } from '../../platform/timeline';
import { localDayStart } from '../admin/calc';
import { CUSTOMER_PREFIX, insertPrepared, loadInScope as loadCustomerInScope, prepareCustomer } from '../customers/service';
import { complaintDeadlines, complaintPriority, FALLBACK_COMPLAINT_TARGETS, nextLevel, type ComplaintTargets, type LevelWindow } from './clock';

export type ComplaintRow = Selectable<ComplaintTable>;

export const COMPLAINT_PREFIX = 'TS';
const COUNT_CAP = 2000;
/** how long a customer's tracking link stays valid after it is issued */
const LINK_DAYS = 180;
const DAY_MS = 86_400_000;
const OPEN_SQL = sql<SqlBool>`c.state in (${sql.join(OPEN_COMPLAINT_STATES.map((s) => sql.lit(s)))})`;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const date = (s: string | null) => (s ? new Date(s) : null);
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

// ---------- rules ----------

/** The reply / resolution targets for a severity and tier: the tier's own live rule, else the '*' rule, else §3.11's minor targets. */
export async function findComplaintTargets(db: Tx, severity: string, tier: string): Promise<ComplaintTargets> {
  const rows = await db
    .selectFrom('complaint_sla_rules')
    .selectAll()
    .where('archived_at', 'is', null)
    .where('severity', '=', severity)
    .where('tier', 'in', [tier, '*'])
    .execute();
  const r = rows.find((x) => x.tier === tier) ?? rows.find((x) => x.tier === '*');
  if (!r) return { ...FALLBACK_COMPLAINT_TARGETS };
  return {
    ruleId: r.id,
    replyMinutes: r.reply_minutes,
    replyBusinessHours: !!r.reply_business_hours,
    resolveMinutes: r.resolve_minutes,
    resolveBusinessHours: !!r.resolve_business_hours,
    warnPercent: r.warn_percent,
  };
}

/** A level of the escalation ladder: its window, and its owner (the configured user if active, else the first active holder of its role). */
export async function levelOf(db: Tx, level: number): Promise<{ window: LevelWindow; ownerId: number | null }> {
  const row = await db.selectFrom('complaint_levels').selectAll().where('level', '=', level).executeTakeFirst();
  const window = { minutes: row?.window_minutes ?? 480, businessHours: row ? !!row.business_hours : true };
  let ownerId: number | null = null;
  if (row?.owner_id) {
    const u = await db.selectFrom('users').select('id').where('id', '=', row.owner_id).where('disabled', '=', 0).executeTakeFirst();
    ownerId = u?.id ?? null;
  }
  if (ownerId === null && row?.role_code) {
    const u = await db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select('users.id')
      .where('roles.code', '=', row.role_code)
      .where('users.disabled', '=', 0)
      .orderBy('users.id')
      .executeTakeFirst();
    ownerId = u?.id ?? null;
  }
  return { window, ownerId };
}

// ---------- deadlines ----------

/** The deadline columns of a complaint after a change; the targets are the snapshot taken at intake / classification. */
export async function deadlineColumns(ctx: AppContext, db: Tx, c: ComplaintRow) {
  const targets = JSON.parse(c.sla) as ComplaintTargets;
  const cal = await loadWorkCalendar(db, ctx.config.timezone);
  const levelWindow = c.escalated_at ? (await levelOf(db, c.level)).window : null;
  const d = complaintDeadlines(
    {
      receivedAt: new Date(c.received_at),
      firstReplyAt: date(c.first_reply_at),
      resolvedAt: date(c.resolved_at),
      escalatedAt: date(c.escalated_at),
      levelWindow,
      running: (WORKING_COMPLAINT_STATES as readonly string[]).includes(c.state),
    },
    targets,
    cal,
  );
  const nextDue = iso(d.next?.due);
  return {
    reply_due: iso(d.reply),
    resolve_due: iso(d.resolve),
    level_due: iso(d.level),
    next_due: nextDue,
    next_due_kind: d.next?.kind ?? null,
    next_warn_at: iso(d.next?.warnAt),
    // a new deadline gets its own warning
    ...(nextDue !== c.next_due ? { warned_at: null } : {}),
  };
}

/** One step up the ladder: the new level, its owner (the handler stays when the level has nobody), the escalation time. */
export async function escalationColumns(db: Tx, c: Pick<ComplaintRow, 'level' | 'owner_id' | 'escalations'>, now: Date) {
  const level = nextLevel(c.level);
  if (level === null) return null;
  const { ownerId } = await levelOf(db, level);
  return { level, owner_id: ownerId ?? c.owner_id, escalated_at: now.toISOString(), escalations: c.escalations + 1 };
}

// ---------- intake ----------

export interface IntakeSource {
  sourceType?: 'return_visit' | 'survey' | 'portal' | 'api';
  sourceId?: number | null;
  /** opened automatically: waits as a draft until an agent takes it in */
  draft?: boolean;
  /** issue the customer's tracking link at once (the public page) */
  issueLink?: boolean;
  /** write inside the caller's transaction (another module's change that must not stand without its complaint) */
  trx?: Tx;
}

async function validateLinks(ctx: AppContext, db: Tx, input: Pick<TComplaintCreate, 'unitId' | 'productId' | 'serviceOrderId'>, customerId: number | null) {
  const errors: { path: string; key: string }[] = [];
  let productId = input.productId ?? null;
  let outletId: number | null = null;
  let unitId = input.unitId ?? null;
  if (input.unitId) {
    const u = await db.selectFrom('product_units').select(['id', 'customer_id', 'product_id']).where('id', '=', input.unitId).executeTakeFirst();
    if (!u) errors.push({ path: 'unitId', key: 'unknown_unit' });
    else {
      if (customerId !== null && u.customer_id !== customerId) errors.push({ path: 'unitId', key: 'link_not_of_customer' });
      productId ??= u.product_id;
    }
  }
  if (input.productId) {
    const pr = await db.selectFrom('products').select('id').where('id', '=', input.productId).executeTakeFirst();
    if (!pr) errors.push({ path: 'productId', key: 'unknown_product' });
  }
  if (input.serviceOrderId) {
    const o = await db.selectFrom('service_orders').select(['id', 'customer_id', 'unit_id', 'outlet_id']).where('id', '=', input.serviceOrderId).executeTakeFirst();
    if (!o) errors.push({ path: 'serviceOrderId', key: 'unknown_service_order' });
    else {
      if (customerId !== null && o.customer_id !== customerId) errors.push({ path: 'serviceOrderId', key: 'link_not_of_customer' });
      outletId = o.outlet_id;
      unitId ??= o.unit_id;
      if (unitId && !productId) {
        const u = await db.selectFrom('product_units').select('product_id').where('id', '=', unitId).executeTakeFirst();
        productId = u?.product_id ?? null;
      }
    }
  }
  void ctx;
  return { errors, productId, unitId, outletId };
}

async function customerFacts(db: Tx, customerId: number) {
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'service_tier', 'province_code', 'city_code', 'district_code', 'archived_at', 'owner_id', 'team_id'])
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export async function createComplaint(ctx: AppContext, p: Principal, input: TComplaintCreate, actx: AuditContext, src: IntakeSource = {}) {
  requirePermission(p, 'complaints:create');
  const now = ctx.clock.now();
  const db = src.trx ?? ctx.db;
  const inTransaction = <T>(fn: (trx: Tx) => Promise<T>) => (src.trx ? fn(src.trx) : ctx.db.transaction().execute(fn));
  const errors: { path: string; key: string }[] = [];
  if (input.customerId && input.newCustomer) errors.push({ path: 'newCustomer', key: 'customer_or_new' });
  if (input.newCustomer) requirePermission(p, 'customers:create');
  let customer: Awaited<ReturnType<typeof customerFacts>> | undefined;
  if (input.customerId) {
    try {
      await loadCustomerInScope(db, p, input.customerId);
      customer = await customerFacts(db, input.customerId);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 404) throw e;
    }
    if (!customer || customer.archived_at) errors.push({ path: 'customerId', key: 'unknown_customer' });
  }
  const links = await validateLinks(ctx, db, input, input.customerId ?? null);
  errors.push(...links.errors);
  if (input.category) errors.push(...(await ctx.dictionaries.check([{ path: 'category', type: 'complaint_category', code: input.category }], db)));
  if (errors.length) throw invalid(errors);

  const receivedAt = input.receivedAt && new Date(input.receivedAt) < now ? new Date(input.receivedAt) : now;
  const tier = customer?.service_tier ?? 'standard';
  const targets = await findComplaintTargets(db, input.severity, tier);
  const draft = !!src.draft;
  const result = await inTransaction(async (trx) => {
    let customerId = customer?.id ?? null;
    if (input.newCustomer) {
      const prepared = prepareCustomer(
        { type: input.newCustomer.type, name: input.newCustomer.name, phone: input.complainantPhone ?? undefined, email: input.complainantEmail ?? undefined } as never,
        p,
        p.orgUnitId,
        now.toISOString(),
      );
      const codes = await nextCodes(trx, CUSTOMER_PREFIX, now, ctx.config.timezone);
      [customerId] = await insertPrepared(trx, [prepared as never], codes, p, actx);
    }
    const [code] = await nextCodes(trx, COMPLAINT_PREFIX, now, ctx.config.timezone);
    const row = {
      code: code!,
      state: draft ? 'draft' : 'received',
      channel: input.channel,
      customer_id: customerId,
      complainant_name: input.complainantName,
      complainant_phone: input.complainantPhone ?? null,
      complainant_email: input.complainantEmail ?? null,
      tier,
      region_code: customer ? (customer.district_code ?? customer.city_code ?? customer.province_code) : null,
      product_id: links.productId,
      unit_id: links.unitId,
      service_order_id: input.serviceOrderId ?? null,
      outlet_id: links.outletId,
      order_no: input.orderNo ?? null,
      category: input.category ?? null,
      severity: input.severity,
      priority: complaintPriority(input.severity, tier),
      summary: (input.summary || input.content).slice(0, 200),
      content: input.content,
      demands: input.demands.join(','),
      demand_note: input.demandNote ?? null,
      temperament: input.temperament ?? null,
      sla: JSON.stringify(targets),
      received_at: receivedAt.toISOString(),
      // the agent who takes it in owns it until it is assigned (受理人); a complaint from outside waits for the desk
      owner_id: p.userId || null,
      team_id: p.userId ? p.orgUnitId : null,
      source_type: src.sourceType ?? null,
      source_id: src.sourceId ?? null,
      created_by: p.userId || null,
      updated_by: p.userId || null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    const deadlines = draft ? {} : await deadlineColumns(ctx, trx, { ...row, level: 1, escalated_at: null, first_reply_at: null, resolved_at: null, next_due: null } as unknown as ComplaintRow);
    const inserted = await trx
      .insertInto('complaints')
      .values({ ...row, ...deadlines })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await trx
      .insertInto('complaint_events')
      .values({ complaint_id: id, at: now.toISOString(), action: 'create', from_state: null, to_state: row.state, actor_id: p.userId || null, note: null, data: JSON.stringify({ channel: input.channel, source: src.sourceType ?? null, sourceId: src.sourceId ?? null }) })
      .execute();
    if (customerId) {
      await recordEvent(trx, {
        customerId,
        type: 'complaint',
        module: 'complaints',
        title: `客户投诉 ${code}`,
        body: row.summary,
        refType: 'complaint',
        refId: id,
        actorId: p.userId || null,
        data: { code, action: 'create', severity: input.severity },
        at: now,
      });
    }
    await audit(trx, actx, { action: 'create', entity: 'complaint', entityId: id, summary: `${code} ${input.channel}${draft ? ' draft' : ''}`, after: row });
    const token = src.issueLink ? await issueTrackingToken(trx, id, now) : null;
    // 重大 or VIP: the level-2 owner hears of it at once (VIP complaints first, §1.8)
    if (!draft && (input.severity === 'critical' || tier === 'vip')) {
      const { ownerId } = await levelOf(trx, 2);
      if (ownerId) await ctx.notifier.notify(trx, { userId: ownerId, key: 'notice.complaint_priority', params: { code: code!, summary: row.summary.slice(0, 60) }, link: `/complaints/${id}`, email: true }, now);
    }
    return { id, code: code!, token };
  });
  return result;
}

// ---------- reading ----------

export async function loadComplaintInScope(db: Tx, p: Principal, id: number): Promise<ComplaintRow> {
  const row = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.archived_at || !inScope(p, 'complaints', row)) throw notFound('COMPLAINT_NOT_FOUND');
  return row;
}

/** Handling work is the current owner's, or anybody's who may assign (supervisors, the complaint desk). */
function mayAct(p: Principal, c: Pick<ComplaintRow, 'owner_id'>, rule: ComplaintActionRule): boolean {
  if (!can(p, rule.permission)) return false;
  if (rule.permission === 'complaints:handle') return c.owner_id === p.userId || can(p, 'complaints:assign');
  return true;
}

export function actionsFor(p: Principal, c: Pick<ComplaintRow, 'state' | 'owner_id' | 'level'>): ComplaintAction[] {
  return complaintActionsIn(c.state as ComplaintState).filter((a) => mayAct(p, c, COMPLAINT_ACTIONS[a]) && !(a === 'escalate' && c.level >= 3));
}

const mayReveal = (p: Principal, c: Pick<ComplaintRow, 'owner_id'>) => can(p, 'pii:view') || c.owner_id === p.userId;
const canReply = (p: Principal, c: Pick<ComplaintRow, 'state' | 'owner_id'>) =>
  can(p, 'complaints:handle') && (c.owner_id === p.userId || can(p, 'complaints:assign')) && (OPEN_COMPLAINT_STATES as readonly string[]).includes(c.state);

function isOverdue(c: Pick<ComplaintRow, 'state' | 'resolve_due' | 'resolved_at'>, nowIso: string): boolean {
  if (!c.resolve_due || c.state === 'draft' || c.state === 'dismissed') return false;
  if (c.resolved_at) return c.resolved_at > c.resolve_due;
  return c.resolve_due < nowIso;
}

export async function getComplaint(ctx: AppContext, p: Principal, id: number) {
  requirePermission(p, 'complaints:read');
  const c = await loadComplaintInScope(ctx.db, p, id);
  const db = ctx.db;
  const userIds = [c.owner_id, c.handler_id].filter((x): x is number => x !== null);
  const [customer, unit, product, order, outlet, dept, users, events, actions, claims] = await Promise.all([
    c.customer_id ? db.selectFrom('customers').select(['id', 'code', 'name', 'service_tier']).where('id', '=', c.customer_id).executeTakeFirst() : undefined,
    c.unit_id
      ? db
          .selectFrom('product_units')
          .innerJoin('products', 'products.id', 'product_units.product_id')
          .select(['product_units.id', 'product_units.serial_no', 'products.model', 'products.name'])
          .where('product_units.id', '=', c.unit_id)
          .executeTakeFirst()
      : undefined,
    c.product_id ? db.selectFrom('products').select(['id', 'model', 'name']).where('id', '=', c.product_id).executeTakeFirst() : undefined,
    c.service_order_id ? db.selectFrom('service_orders').select(['id', 'code']).where('id', '=', c.service_order_id).executeTakeFirst() : undefined,
    c.outlet_id ? db.selectFrom('outlets').select(['id', 'name']).where('id', '=', c.outlet_id).executeTakeFirst() : undefined,
    c.department_id ? db.selectFrom('org_units').select(['id', 'name']).where('id', '=', c.department_id).executeTakeFirst() : undefined,
    userIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : Promise.resolve([]),
    db
      .selectFrom('complaint_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.at', 'e.action', 'e.from_state', 'e.to_state', 'e.note', 'e.data', 'u.display_name as actor_name'])
      .where('e.complaint_id', '=', id)
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('complaint_actions as a')
      .leftJoin('users as u', 'u.id', 'a.owner_id')
      .select(['a.id', 'a.kind', 'a.description', 'a.owner_id', 'a.due_date', 'a.done_at', 'a.verification', 'a.version', 'u.display_name as owner_name'])
      .where('a.complaint_id', '=', id)
      .orderBy('a.id')
      .execute(),
    db.selectFrom('claims').select(['id', 'code', 'state', 'amount_fen']).where('complaint_id', '=', id).where('archived_at', 'is', null).orderBy('id').execute(),
  ]);
  const nameOf = (uid: number | null) => (uid === null ? null : { id: uid, name: users.find((u) => u.id === uid)?.display_name ?? '' });
  const reveal = mayReveal(p, c);
  const nowIso = ctx.clock.now().toISOString();
  return {
    id: c.id,
    code: c.code,
    state: c.state,
    channel: c.channel,
    customer: customer ? { id: customer.id, code: customer.code, name: customer.name, tier: customer.service_tier } : null,
    complainantName: c.complainant_name,
    complainantPhone: reveal ? c.complainant_phone : maskPhone(c.complainant_phone),
    complainantEmail: reveal ? c.complainant_email : maskEmail(c.complainant_email),
    tier: c.tier,
    vip: c.tier === 'vip',
    regionCode: c.region_code,
    unit: unit ? { id: unit.id, serialNo: unit.serial_no, model: unit.model, productName: unit.name } : null,
    product: product ?? null,
    serviceOrder: order ?? null,
    outlet: outlet ?? null,
    orderNo: c.order_no,
    category: c.category,
    severity: c.severity,
    priority: c.priority,
    summary: c.summary,
    content: c.content,
    demands: c.demands ? c.demands.split(',') : [],
    demandNote: c.demand_note,
    temperament: c.temperament,
    valueOrientation: c.value_orientation,
    soothing: c.soothing,
    validity: c.validity,
    invalidReason: c.invalid_reason,
    department: dept ?? null,
    owner: nameOf(c.owner_id),
    handler: nameOf(c.handler_id),
    level: c.level,
    escalatedAt: c.escalated_at,
    escalations: c.escalations,
    investigation: c.investigation,
    rootCause: c.root_cause,
    causeAnalysis: c.cause_analysis,
    solutionKind: c.solution_kind,
    solution: c.solution,
    resolution: c.resolution,
    compensationFen: Number(c.compensation_fen),
    confirmation: c.confirmation,
    confirmedBy: c.confirmed_by,
    confirmReason: c.confirm_reason,
    visitResult: c.visit_result,
    visitRating: c.visit_rating,
    wonBack: c.won_back === null ? null : !!c.won_back,
    onTime: c.on_time === null ? null : !!c.on_time,
    reopenCount: c.reopen_count,
    due: { reply: c.reply_due, resolve: c.resolve_due, level: c.level_due, next: c.next_due, nextKind: c.next_due_kind, warnAt: c.next_warn_at },
    breachedAt: c.breached_at,
    overdue: isOverdue(c, nowIso),
    times: {
      received: c.received_at,
      classified: c.classified_at,
      assigned: c.assigned_at,
      firstReply: c.first_reply_at,
      resolved: c.resolved_at,
      confirmed: c.confirmed_at,
      visited: c.visited_at,
      closed: c.closed_at,
    },
    source: c.source_type ? { type: c.source_type, id: c.source_id } : null,
    events: events.map((e) => ({ id: e.id, at: e.at, action: e.action, from: e.from_state, to: e.to_state, note: e.note, actorName: e.actor_name, data: e.data ? (JSON.parse(e.data) as unknown) : null })),
    correctiveActions: actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      description: a.description,
      ownerId: a.owner_id,
      ownerName: a.owner_name,
      dueDate: a.due_date,
      doneAt: a.done_at,
      verification: a.verification,
      version: a.version,
    })),
    claims: claims.map((x) => ({ id: x.id, code: x.code, state: x.state, amountFen: Number(x.amount_fen) })),
    actions: actionsFor(p, c),
    canReply: canReply(p, c),
    canEdit: can(p, 'complaints:handle') && (c.owner_id === p.userId || can(p, 'complaints:assign')) && c.state !== 'closed' && c.state !== 'dismissed',
    canCorrect: can(p, 'complaints:handle') && (c.owner_id === p.userId || can(p, 'complaints:assign')) && c.state !== 'draft' && c.state !== 'dismissed',
    trackingLinkActive: !!c.token_hash && !!c.token_expires_at && c.token_expires_at > nowIso,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
  };
}

export async function listComplaints(ctx: AppContext, p: Principal, q: TComplaintListQuery): Promise<Page<unknown> & { totalCapped: boolean }> {
  requirePermission(p, 'complaints:read');
  const scope = scopeFilter(p, 'complaints');
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  let query = ctx.db.selectFrom('complaints as c').where('c.archived_at', 'is', null);
  if (scope.kind === 'own') query = query.where('c.owner_id', '=', scope.userId);
  else if (scope.kind === 'units') {
    const { unitIds, userId } = scope;
    query = query.where((eb) => (unitIds.length ? eb.or([eb('c.owner_id', '=', userId), eb('c.team_id', 'in', unitIds)]) : eb('c.owner_id', '=', userId)));
  }
  // literal states, as in the partial indexes of migration 021 (SQLite matches their predicate only so)
  if (q.state === 'open') query = query.where(OPEN_SQL);
  else if (q.state) query = query.where('c.state', '=', q.state);
  if (q.severity) query = query.where('c.severity', '=', q.severity);
  if (q.category) query = query.where('c.category', '=', q.category);
  if (q.channel) query = query.where('c.channel', '=', q.channel);
  if (q.departmentId) query = query.where('c.department_id', '=', q.departmentId);
  if (q.ownerId) query = query.where('c.owner_id', '=', q.ownerId);
  if (q.mine === 'true') query = query.where('c.owner_id', '=', p.userId);
  if (q.customerId) query = query.where('c.customer_id', '=', q.customerId);
  if (q.serviceOrderId) query = query.where('c.service_order_id', '=', q.serviceOrderId);
  if (q.level) query = query.where('c.level', '=', q.level);
  if (q.vip === 'true') query = query.where('c.tier', '=', 'vip');
  if (q.overdue === 'true') {
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('c.resolved_at', 'is', null), eb('c.resolve_due', '<', nowIso), eb('c.state', 'not in', ['draft', 'dismissed'])]),
        eb.and([eb('c.resolved_at', 'is not', null), eb(eb.ref('c.resolved_at'), '>', eb.ref('c.resolve_due'))]),
      ]),
    );
  }
  if (q.from) query = query.where('c.received_at', '>=', localDayStart(q.from, ctx.config.timezone).toISOString());
  if (q.to) query = query.where('c.received_at', '<', new Date(localDayStart(q.to, ctx.config.timezone).getTime() + DAY_MS).toISOString());
  if (q.q) {
    const term = q.q.trim();
    const terms = queryTerms(term);
    // one id set from three index lookups (code, phone, the customer search): written as an OR, PostgreSQL
    // estimated half the table and filtered every open complaint row by row
    const byCustomer = terms.length
      ? sql`union all select x.id from complaints x where x.customer_id in (select customers.id from customers where ${searchCondition(ctx.db, terms)})`
      : sql``;
    query = query.where(
      sql<SqlBool>`c.id in (select x.id from complaints x where x.code = ${term.toUpperCase()} union all select x.id from complaints x where x.complainant_phone = ${term} ${byCustomer})`,
    );
  }
  // open work: VIP and severe first (priority), then the newest; otherwise the newest first. The page's ids come
  // first, from the filter's index alone (complaints_open_list carries the open list's filter columns), and only
  // the page's rows are read and joined: page 50 no longer reads the 980 rows before it from the table.
  const open = q.state === 'open';
  const pageIds = query
    .select(['c.id', 'c.priority'])
    .$if(open, (qb) => qb.orderBy('c.priority', 'desc').orderBy('c.id', 'desc'))
    .$if(!open, (qb) => qb.orderBy('c.id', 'desc'))
    .limit(q.pageSize)
    .offset(offsetOf(q.page, q.pageSize))
    .as('pg');
  const rows = await ctx.db
    .selectFrom(pageIds)
    .innerJoin('complaints as c', 'c.id', 'pg.id')
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('users as ow', 'ow.id', 'c.owner_id')
    .leftJoin('org_units as d', 'd.id', 'c.department_id')
    .select([
      'c.id',
      'c.code',
      'c.state',
      'c.channel',
      'c.received_at',
      'c.customer_id',
      'cu.name as customer_name',
      'c.complainant_name',
      'c.tier',
      'c.summary',
      'c.category',
      'c.severity',
      'c.priority',
      'c.level',
      'c.department_id',
      'd.name as department_name',
      'c.owner_id',
      'ow.display_name as owner_name',
      'c.reply_due',
      'c.resolve_due',
      'c.next_due',
      'c.next_due_kind',
      'c.first_reply_at',
      'c.resolved_at',
      'c.closed_at',
      'c.confirmation',
      'c.visit_rating',
      'c.version',
    ])
    .$if(open, (qb) => qb.orderBy('pg.priority', 'desc').orderBy('pg.id', 'desc'))
    .$if(!open, (qb) => qb.orderBy('pg.id', 'desc'))
    .execute();
  const counted = await ctx.db
    .selectFrom(query.select('c.id').limit(COUNT_CAP + 1).as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(counted.n);
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      state: r.state,
      channel: r.channel,
      receivedAt: r.received_at,
      customerId: r.customer_id,
      customerName: r.customer_name ?? r.complainant_name,
      tier: r.tier,
      vip: r.tier === 'vip',
      summary: r.summary,
      category: r.category,
      severity: r.severity,
      priority: r.priority,
      level: r.level,
      departmentId: r.department_id,
      departmentName: r.department_name,
      ownerId: r.owner_id,
      ownerName: r.owner_name,
      replyDue: r.reply_due,
      resolveDue: r.resolve_due,
      nextDue: r.next_due,
      nextDueKind: r.next_due_kind,
      overdue: isOverdue(r, nowIso),
      firstReplyAt: r.first_reply_at,
      resolvedAt: r.resolved_at,
      closedAt: r.closed_at,
      confirmation: r.confirmation,
      visitRating: r.visit_rating,
      version: r.version,
    })),
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------- changes ----------

type Changes = Partial<Record<keyof ComplaintRow, unknown>>;

/** Writes a change of a complaint under its version, recomputes the deadlines, and records event and audit. */
async function applyChange(
  ctx: AppContext,
  trx: Tx,
  c: ComplaintRow,
  set: Changes,
  e: { action: string; actorId: number | null; note?: string | null; data?: unknown; toState?: string },
  actx: AuditContext,
  now: Date,
): Promise<ComplaintRow> {
  const next = { ...c, ...set } as ComplaintRow;
  const deadlines = next.state === 'draft' ? {} : await deadlineColumns(ctx, trx, next);
  const res = await trx
    .updateTable('complaints')
    .set({ ...(set as object), ...deadlines, updated_at: now.toISOString(), updated_by: e.actorId, version: c.version + 1 })
    .where('id', '=', c.id)
    .where('version', '=', c.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('VERSION_CONFLICT');
  await trx
    .insertInto('complaint_events')
    .values({
      complaint_id: c.id,
      at: now.toISOString(),
      action: e.action,
      from_state: c.state,
      to_state: next.state,
      actor_id: e.actorId,
      note: e.note ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
    })
    .execute();
  await audit(trx, actx, { action: e.action, entity: 'complaint', entityId: c.id, summary: `${c.code} ${c.state} → ${next.state}`, before: pick(c, Object.keys(set)), after: set });
  return { ...next, ...deadlines, version: c.version + 1 } as ComplaintRow;
}

function pick(row: ComplaintRow, keys: string[]) {
  const r = row as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

async function validOwner(db: Tx, ownerId: number): Promise<boolean> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['users.id', 'roles.permissions'])
    .where('users.id', '=', ownerId)
    .where('users.disabled', '=', 0)
    .execute();
  return rows.some((r) => (JSON.parse(r.permissions) as string[]).includes('complaints:handle'));
}

export async function transition(ctx: AppContext, p: Principal, id: number, body: TComplaintTransition, actx: AuditContext) {
  const c = await loadComplaintInScope(ctx.db, p, id);
  const rule: ComplaintActionRule = COMPLAINT_ACTIONS[body.action];
  requirePermission(p, rule.permission);
  if (!(rule.from as readonly string[]).includes(c.state)) throw new AppError(409, 'COMPLAINT_STATE_INVALID', [], { state: c.state, action: body.action });
  if (!mayAct(p, c, rule)) throw new AppError(403, 'COMPLAINT_NOT_OWNER');
  if (body.version !== c.version) throw conflict('VERSION_CONFLICT');
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const errors: { path: string; key: string }[] = [];
  const need = (v: unknown, path: string, key: string) => {
    if (v === undefined || v === null || v === '') errors.push({ path, key });
  };
  const set: Changes = {};
  if (rule.to) set.state = rule.to;
  const notices: { userId: number; key: string; params: Record<string, string | number> }[] = [];
  let escalate = false;

  switch (body.action) {
    case 'open':
      set.received_at = nowIso;
      break;
    case 'dismiss':
      need(body.reason, 'reason', 'reason_required');
      break;
    case 'classify': {
      const customerId = body.customerId ?? c.customer_id;
      if (!customerId) errors.push({ path: 'customerId', key: 'customer_required' });
      need(body.category ?? c.category, 'category', 'category_required');
      if (body.category) errors.push(...(await ctx.dictionaries.check([{ path: 'category', type: 'complaint_category', code: body.category }])));
      let tier = c.tier;
      if (body.customerId && body.customerId !== c.customer_id) {
        let cu: Awaited<ReturnType<typeof customerFacts>> | undefined;
        try {
          await loadCustomerInScope(ctx.db, p, body.customerId);
          cu = await customerFacts(ctx.db, body.customerId);
        } catch (e) {
          if (!(e instanceof AppError) || e.status !== 404) throw e;
        }
        if (!cu || cu.archived_at) errors.push({ path: 'customerId', key: 'unknown_customer' });
        else {
          if (c.unit_id || c.service_order_id) {
            const links = await validateLinks(ctx, ctx.db, { unitId: c.unit_id, serviceOrderId: c.service_order_id }, cu.id);
            errors.push(...links.errors.map((x) => ({ ...x, path: 'customerId' })));
          }
          set.customer_id = cu.id;
          tier = cu.service_tier ?? 'standard';
          set.tier = tier;
          set.region_code = cu.district_code ?? cu.city_code ?? cu.province_code;
        }
      }
      const severity = body.severity ?? c.severity;
      if (body.category) set.category = body.category;
      set.severity = severity;
      set.priority = complaintPriority(severity, tier);
      if (body.temperament !== undefined) set.temperament = body.temperament;
      set.classified_at = nowIso;
      // the targets follow the judged severity and the customer's tier; a later severity upgrade is an escalation (§3.11)
      set.sla = JSON.stringify(await findComplaintTargets(ctx.db, severity, tier));
      const rank = { minor: 1, major: 2, critical: 3 } as Record<string, number>;
      if (c.state === 'classified' && rank[severity]! > rank[c.severity]!) escalate = true;
      break;
    }
    case 'assign': {
      need(body.departmentId, 'departmentId', 'department_required');
      need(body.ownerId, 'ownerId', 'owner_required');
      if (body.departmentId) {
        const d = await ctx.db.selectFrom('org_units').select(['id', 'archived_at']).where('id', '=', body.departmentId).executeTakeFirst();
        if (!d || d.archived_at) errors.push({ path: 'departmentId', key: 'unknown_department' });
      }
      if (body.ownerId && !(await validOwner(ctx.db, body.ownerId))) errors.push({ path: 'ownerId', key: 'owner_cannot_handle' });
      set.department_id = body.departmentId;
      set.team_id = body.departmentId;
      set.owner_id = body.ownerId;
      if (c.level === 1) set.handler_id = body.ownerId;
      if (c.state === 'classified') {
        set.state = 'assigned';
        set.assigned_at = nowIso;
      }
      if (body.ownerId && body.ownerId !== p.userId) notices.push({ userId: body.ownerId, key: 'notice.complaint_assigned', params: { code: c.code, summary: c.summary.slice(0, 60) } });
      break;
    }
    case 'accept':
      if (body.investigation) set.investigation = body.investigation;
      break;
    case 'invalidate':
      need(body.invalidReason, 'invalidReason', 'invalid_reason_required');
      set.validity = 'invalid';
      set.invalid_reason = body.invalidReason;
      set.resolved_at = nowIso;
      if (body.investigation) set.investigation = body.investigation;
      if (body.rootCause !== undefined) set.root_cause = body.rootCause;
      set.first_reply_at = c.first_reply_at ?? nowIso;
      break;
    case 'propose':
      need(body.solutionKind, 'solutionKind', 'solution_kind_required');
      need(body.solution, 'solution', 'solution_required');
      set.solution_kind = body.solutionKind;
      set.solution = body.solution;
      if (body.investigation) set.investigation = body.investigation;
      if (body.rootCause !== undefined) set.root_cause = body.rootCause;
      if (body.causeAnalysis) set.cause_analysis = body.causeAnalysis;
      break;
    case 'accept_solution':
      break;
    case 'reject_solution':
      need(body.note, 'note', 'reason_required');
      break;
    case 'resolve':
      need(body.resolution, 'resolution', 'resolution_required');
      set.resolution = body.resolution;
      if (body.compensationFen !== undefined) set.compensation_fen = body.compensationFen;
      set.validity = c.validity ?? 'valid';
      set.resolved_at = nowIso;
      // the customer has heard from us by now at the latest
      set.first_reply_at = c.first_reply_at ?? nowIso;
      break;
    case 'confirm':
      need(body.confirmation, 'confirmation', 'confirmation_required');
      if (body.confirmation === 'dissatisfied') errors.push({ path: 'confirmation', key: 'dissatisfied_use_reopen' });
      // only the customer confirms through the link; staff confirming for them say why (a phone call, a letter …)
      need(body.confirmReason, 'confirmReason', 'confirm_reason_required');
      set.confirmation = body.confirmation;
      set.confirmed_by = 'agent';
      set.confirm_reason = body.confirmReason;
      set.confirmed_at = nowIso;
      break;
    case 'visit':
      need(body.visitResult, 'visitResult', 'visit_result_required');
      set.visit_result = body.visitResult;
      set.visit_rating = body.visitRating ?? null;
      set.won_back = body.wonBack === undefined ? null : body.wonBack ? 1 : 0;
      set.visited_at = nowIso;
      break;
    case 'close':
      if (c.validity === 'invalid' ? !c.invalid_reason : !c.resolution) errors.push({ path: 'resolution', key: 'resolution_required' });
      set.closed_at = nowIso;
      set.approved_by = p.userId;
      set.on_time = c.resolved_at && c.resolve_due ? (c.resolved_at <= c.resolve_due ? 1 : 0) : null;
      break;
    case 'reopen':
      need(body.reason, 'reason', 'reason_required');
      Object.assign(set, reopenColumns(c));
      escalate = true;
      break;
    case 'escalate':
      need(body.reason, 'reason', 'reason_required');
      if (c.level >= 3) throw new AppError(409, 'COMPLAINT_TOP_LEVEL');
      escalate = true;
      break;
  }
  if (errors.length) throw invalid(errors);

  const updated = await ctx.db.transaction().execute(async (trx) => {
    let esc: Awaited<ReturnType<typeof escalationColumns>> = null;
    if (escalate) {
      esc = await escalationColumns(trx, c, now);
      if (esc) {
        Object.assign(set, esc);
        if (esc.owner_id && esc.owner_id !== p.userId) notices.push({ userId: esc.owner_id, key: 'notice.complaint_escalated', params: { code: c.code, level: esc.level } });
        if (c.owner_id && c.owner_id !== esc.owner_id) notices.push({ userId: c.owner_id, key: 'notice.complaint_escalated', params: { code: c.code, level: esc.level } });
      }
    }
    const row = await applyChange(
      ctx,
      trx,
      c,
      set,
      { action: body.action, actorId: p.userId, note: body.note ?? body.reason ?? null, data: { ...stripUndefined(body), action: undefined, version: undefined, ...(esc ? { level: esc.level } : {}) } },
      actx,
      now,
    );
    if (c.customer_id && (body.action === 'close' || body.action === 'reopen' || body.action === 'resolve')) {
      await recordEvent(trx, {
        customerId: row.customer_id ?? c.customer_id,
        type: 'complaint',
        module: 'complaints',
        title: `客户投诉 ${c.code}`,
        body: body.action === 'resolve' ? (body.resolution ?? null) : (body.reason ?? body.note ?? null),
        refType: 'complaint',
        refId: c.id,
        actorId: p.userId,
        data: { code: c.code, action: body.action },
        at: now,
      });
    }
    for (const n of notices) await ctx.notifier.notify(trx, { userId: n.userId, key: n.key, params: n.params, link: `/complaints/${c.id}`, email: n.key === 'notice.complaint_escalated' }, now);
    return row;
  });
  void updated;
  return getComplaint(ctx, p, id);
}

function stripUndefined(o: object) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Back to work: the resolution and the customer's answer no longer stand. */
function reopenColumns(c: ComplaintRow): Changes {
  return {
    state: 'investigating',
    reopen_count: c.reopen_count + 1,
    resolved_at: null,
    confirmation: null,
    confirmed_by: null,
    confirm_reason: null,
    confirmed_at: null,
    visited_at: null,
    closed_at: null,
    on_time: null,
    validity: null,
  };
}

export async function updateComplaint(ctx: AppContext, p: Principal, id: number, body: TComplaintUpdate, actx: AuditContext) {
  requirePermission(p, 'complaints:handle');
  const c = await loadComplaintInScope(ctx.db, p, id);
  if (!(c.owner_id === p.userId || can(p, 'complaints:assign'))) throw new AppError(403, 'COMPLAINT_NOT_OWNER');
  if (c.state === 'closed' || c.state === 'dismissed') throw new AppError(409, 'COMPLAINT_CLOSED');
  if (body.version !== c.version) throw conflict('VERSION_CONFLICT');
  const set: Changes = {};
  const map: [keyof TComplaintUpdate, keyof ComplaintRow][] = [
    ['complainantName', 'complainant_name'],
    ['complainantPhone', 'complainant_phone'],
    ['complainantEmail', 'complainant_email'],
    ['orderNo', 'order_no'],
    ['summary', 'summary'],
    ['demandNote', 'demand_note'],
    ['temperament', 'temperament'],
    ['valueOrientation', 'value_orientation'],
    ['soothing', 'soothing'],
    ['investigation', 'investigation'],
    ['rootCause', 'root_cause'],
    ['causeAnalysis', 'cause_analysis'],
  ];
  for (const [from, to] of map) if (body[from] !== undefined) set[to] = body[from] ?? null;
  if (body.demands !== undefined) set.demands = body.demands.join(',');
  const errors: { path: string; key: string }[] = [];
  if (body.rootCause) errors.push(...(await ctx.dictionaries.check([{ path: 'rootCause', type: 'complaint_cause', code: body.rootCause }])));
  if (body.unitId !== undefined || body.serviceOrderId !== undefined || body.productId !== undefined) {
    const links = await validateLinks(ctx, ctx.db, { unitId: body.unitId ?? null, productId: body.productId ?? null, serviceOrderId: body.serviceOrderId ?? null }, c.customer_id);
    errors.push(...links.errors);
    set.unit_id = links.unitId;
    set.product_id = links.productId;
    set.service_order_id = body.serviceOrderId ?? null;
    set.outlet_id = links.outletId;
  }
  if (set.summary === null) delete set.summary;
  if (errors.length) throw invalid(errors);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute((trx) => applyChange(ctx, trx, c, set, { action: 'update', actorId: p.userId, data: Object.keys(set) }, actx, now));
  return getComplaint(ctx, p, id);
}

/** A reply to the customer: recorded, the first one stops the reply clock, e-mailed when asked and possible. */
export async function replyToCustomer(ctx: AppContext, p: Principal, id: number, body: TComplaintReply, actx: AuditContext) {
  requirePermission(p, 'complaints:handle');
  const c = await loadComplaintInScope(ctx.db, p, id);
  if (!canReply(p, c)) {
    if (!(OPEN_COMPLAINT_STATES as readonly string[]).includes(c.state)) throw new AppError(409, 'COMPLAINT_STATE_INVALID', [], { state: c.state, action: 'reply' });
    throw new AppError(403, 'COMPLAINT_NOT_OWNER');
  }
  const errors: { path: string; key: string }[] = [];
  if (body.templateId) {
    const t = await ctx.db.selectFrom('complaint_templates').select(['id', 'archived_at']).where('id', '=', body.templateId).executeTakeFirst();
    if (!t || t.archived_at) errors.push({ path: 'templateId', key: 'unknown_template' });
  }
  if (body.sendEmail && !c.complainant_email) errors.push({ path: 'sendEmail', key: 'no_email_address' });
  if (errors.length) throw invalid(errors);
  const now = ctx.clock.now();
  const emailed = body.sendEmail && !!ctx.config.smtpUrl;
  await ctx.db.transaction().execute((trx) =>
    applyChange(ctx, trx, c, c.first_reply_at ? {} : { first_reply_at: now.toISOString() }, { action: 'reply', actorId: p.userId, data: { text: body.text, templateId: body.templateId ?? null, emailed } }, actx, now),
  );
  if (emailed) {
    await ctx.scheduler.enqueue('send-email', { to: c.complainant_email, subject: `关于您的投诉 ${c.code} 的答复 / Reply to your complaint ${c.code}`, text: body.text });
  }
  return getComplaint(ctx, p, id);
}

// ---------- corrective and preventive actions ----------

/** The case's current handler or the desk (complaints:assign); others in scope may read it only. */
function assertHandles(p: Principal, c: Pick<ComplaintRow, 'owner_id'>) {
  if (!(c.owner_id === p.userId || can(p, 'complaints:assign'))) throw new AppError(403, 'COMPLAINT_NOT_OWNER');
}

async function assertUser(db: Tx, userId: number | null | undefined, path: string) {
  if (!userId) return;
  const u = await db.selectFrom('users').select('id').where('id', '=', userId).where('disabled', '=', 0).executeTakeFirst();
  if (!u) throw invalid([{ path, key: 'owner_not_active' }]);
}

export async function addCorrective(ctx: AppContext, p: Principal, id: number, body: TCorrectiveCreate, actx: AuditContext) {
  requirePermission(p, 'complaints:handle');
  const c = await loadComplaintInScope(ctx.db, p, id);
  assertHandles(p, c);
  if (c.state === 'dismissed' || c.state === 'draft') throw new AppError(409, 'COMPLAINT_STATE_INVALID', [], { state: c.state, action: 'corrective' });
  await assertUser(ctx.db, body.ownerId, 'ownerId');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('complaint_actions')
      .values({ complaint_id: id, kind: body.kind, description: body.description, owner_id: body.ownerId ?? null, due_date: body.dueDate ?? null, done_at: null, verification: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('complaint_events').values({ complaint_id: id, at: now, action: 'corrective', from_state: c.state, to_state: c.state, actor_id: p.userId, note: body.description, data: JSON.stringify({ kind: body.kind, actionId: Number(r.id) }) }).execute();
    await audit(trx, actx, { action: 'create', entity: 'complaint_action', entityId: Number(r.id), summary: `${c.code} ${body.kind}`, after: body });
    if (body.ownerId && body.ownerId !== p.userId) {
      await ctx.notifier.notify(trx, { userId: body.ownerId, key: 'notice.complaint_action', params: { code: c.code, kind: { key: `complaints.corrective.${body.kind}` }, due: body.dueDate ?? '' }, link: `/complaints/${id}` }, new Date(now));
    }
  });
  return getComplaint(ctx, p, id);
}

export async function updateCorrective(ctx: AppContext, p: Principal, id: number, actionId: number, body: TCorrectiveUpdate, actx: AuditContext) {
  requirePermission(p, 'complaints:handle');
  const c = await loadComplaintInScope(ctx.db, p, id);
  const a = await ctx.db.selectFrom('complaint_actions').selectAll().where('id', '=', actionId).where('complaint_id', '=', id).executeTakeFirst();
  if (!a) throw notFound('COMPLAINT_ACTION_NOT_FOUND');
  // the case's handler and the desk change an action; its own owner may only record it done and verified
  const onlyOutcome = body.description === undefined && body.ownerId === undefined && body.dueDate === undefined;
  if (a.owner_id !== p.userId || !onlyOutcome) assertHandles(p, c);
  await assertUser(ctx.db, body.ownerId, 'ownerId');
  const now = ctx.clock.now().toISOString();
  const set = {
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.ownerId !== undefined ? { owner_id: body.ownerId ?? null } : {}),
    ...(body.dueDate !== undefined ? { due_date: body.dueDate ?? null } : {}),
    ...(body.verification !== undefined ? { verification: body.verification ?? null } : {}),
    ...(body.done !== undefined ? { done_at: body.done ? (a.done_at ?? now) : null } : {}),
  };
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('complaint_actions')
      .set({ ...set, updated_at: now, version: a.version + 1 })
      .where('id', '=', actionId)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('VERSION_CONFLICT');
    await audit(trx, actx, { action: 'update', entity: 'complaint_action', entityId: actionId, summary: `${c.code} ${a.kind}`, before: a, after: set });
  });
  return getComplaint(ctx, p, id);
}

// ---------- the customer's tracking link ----------

/** A fresh private link for the customer (the previous one stops working); valid for LINK_DAYS. */
export async function issueTrackingToken(db: Tx, complaintId: number, now: Date): Promise<string> {
  const token = crypto.randomBytes(18).toString('base64url');
  await db
    .updateTable('complaints')
    .set({ token_hash: sha256(token), token_expires_at: new Date(now.getTime() + LINK_DAYS * DAY_MS).toISOString() })
    .where('id', '=', complaintId)
    .execute();
  return token;
}

export async function complaintIdByToken(db: Tx, token: string, now: Date): Promise<number> {
  if (!/^[A-Za-z0-9_-]{10,60}$/.test(token)) throw notFound('COMPLAINT_LINK_INVALID');
  const row = await db.selectFrom('complaints').select(['id', 'token_expires_at', 'archived_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.archived_at) throw notFound('COMPLAINT_LINK_INVALID');
  if (!row.token_expires_at || row.token_expires_at <= now.toISOString()) throw new AppError(410, 'COMPLAINT_LINK_EXPIRED');
  return row.id;
}

export async function trackingLink(ctx: AppContext, p: Principal, id: number, actx: AuditContext) {
  requirePermission(p, 'complaints:handle');
  const c = await loadComplaintInScope(ctx.db, p, id);
  if (c.state === 'draft' || c.state === 'dismissed') throw new AppError(409, 'COMPLAINT_STATE_INVALID', [], { state: c.state, action: 'link' });
  const token = await ctx.db.transaction().execute(async (trx) => {
    const t = await issueTrackingToken(trx, id, ctx.clock.now());
    await audit(trx, actx, { action: 'update', entity: 'complaint', entityId: id, summary: `${c.code} tracking link issued` });
    return t;
  });
  return { token, path: `/complaint/${token}` };
}

/** The customer answers through the link: satisfied / basically satisfied confirms; dissatisfied reopens and escalates. */
export async function customerResponse(ctx: AppContext, complaintId: number, body: TPublicConfirm, actx: AuditContext) {
  const c = await ctx.db.selectFrom('complaints').selectAll().where('id', '=', complaintId).executeTakeFirstOrThrow();
  if (c.state !== 'resolved') throw new AppError(409, 'COMPLAINT_NOT_AWAITING_CONFIRMATION');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (body.confirmation === 'dissatisfied') {
      const set: Changes = reopenColumns(c);
      const esc = await escalationColumns(trx, c, now);
      if (esc) Object.assign(set, esc);
      await applyChange(ctx, trx, c, set, { action: 'reopen', actorId: null, note: body.comment ?? null, data: { by: 'customer', confirmation: 'dissatisfied', ...(esc ? { level: esc.level } : {}) } }, actx, now);
      for (const uid of new Set([esc?.owner_id ?? null, c.owner_id].filter((x): x is number => !!x))) {
        await ctx.notifier.notify(trx, { userId: uid, key: 'notice.complaint_rejected_by_customer', params: { code: c.code }, body: body.comment ?? undefined, link: `/complaints/${c.id}`, email: true }, now);
      }
    } else {
      await applyChange(
        ctx,
        trx,
        c,
        { state: 'confirmed', confirmation: body.confirmation, confirmed_by: 'customer', confirm_reason: body.comment ?? null, confirmed_at: now.toISOString() },
        { action: 'confirm', actorId: null, note: body.comment ?? null, data: { by: 'customer', confirmation: body.confirmation } },
        actx,
        now,
      );
      if (c.owner_id) await ctx.notifier.notify(trx, { userId: c.owner_id, key: 'notice.complaint_confirmed', params: { code: c.code }, link: `/complaints/${c.id}` }, now);
    }
  });
  return { state: body.confirmation === 'dissatisfied' ? 'investigating' : 'confirmed' };
}
