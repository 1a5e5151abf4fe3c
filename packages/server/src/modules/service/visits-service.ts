// Return visits (回访): a task per completed order, answered by an agent on the phone or by the customer via a link.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { isDissatisfied, type TVisitAnswers, type TVisitListQuery, type TVisitRecord } from '@kehu/shared';
import type { Tx } from '../../db';
import { audit, type AuditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { nextCodes } from '../../platform/numbering';
import { requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { offsetOf } from '../../platform/paging';
import { recordEvent } from '../../platform/timeline';
import { draftComplaintFromVisit } from '../complaints/visit-draft';
import { deadlineColumns, loadOrderInScope, ORDER_PREFIX, type OrderRow } from './orders-service';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export async function listVisits(ctx: AppContext, p: Principal, q: TVisitListQuery) {
  requirePermission(p, 'service:visit');
  const scope = scopeFilter(p, 'service');
  const now = ctx.clock.now().toISOString();
  let query = ctx.db
    .selectFrom('return_visits as v')
    .innerJoin('service_orders as o', 'o.id', 'v.order_id')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('users as a', 'a.id', 'v.assignee_id')
    .leftJoin('users as t', 't.id', 'o.owner_id');
  if (scope.kind === 'own') query = query.where((eb) => eb.or([eb('v.assignee_id', '=', scope.userId), eb('o.owner_id', '=', scope.userId)]));
  else if (scope.kind === 'units') {
    const { unitIds, userId } = scope;
    query = query.where((eb) => eb.or([eb('v.assignee_id', '=', userId), ...(unitIds.length ? [eb('o.team_id', 'in', unitIds)] : [])]));
  }
  if (q.state) query = query.where('v.state', '=', q.state);
  if (q.mine === 'true') query = query.where('v.assignee_id', '=', p.userId);
  if (q.overdue === 'true') query = query.where('v.state', '=', 'open').where('v.due_at', '<', now);
  const [rows, total] = await Promise.all([
    query
      .select(['v.id', 'v.order_id', 'v.due_at', 'v.state', 'v.rating', 'v.dissatisfied', 'v.done_at', 'v.version', 'o.code', 'o.type', 'o.completed_at', 'c.name as customer_name', 'a.display_name as assignee_name', 't.display_name as technician_name'])
      .orderBy('v.due_at')
      .orderBy('v.id')
      .limit(q.pageSize)
      .offset(offsetOf(q.page, q.pageSize))
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      orderId: r.order_id,
      orderCode: r.code,
      orderType: r.type,
      customerName: r.customer_name,
      technicianName: r.technician_name,
      assigneeName: r.assignee_name,
      dueAt: r.due_at,
      overdue: r.state === 'open' && r.due_at < now,
      state: r.state,
      rating: r.rating,
      dissatisfied: r.dissatisfied === null ? null : !!r.dissatisfied,
      completedAt: r.completed_at,
      doneAt: r.done_at,
      version: r.version,
    })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function loadVisit(db: Tx, id: number) {
  const v = await db.selectFrom('return_visits').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw notFound('VISIT_NOT_FOUND');
  return v;
}

/** An agent records the answers of a phone return visit. */
export async function recordVisit(ctx: AppContext, p: Principal, visitId: number, body: TVisitRecord, actx: AuditContext, log?: FastifyBaseLogger) {
  requirePermission(p, 'service:visit');
  const v = await loadVisit(ctx.db, visitId);
  const o = await loadOrderInScope(ctx.db, p, v.order_id);
  // the return visit is the customer's check on the technician: never by the same person
  if (o.owner_id === p.userId) throw new AppError(403, 'VISIT_BY_TECHNICIAN');
  // the agent who hears a dissatisfied customer decides what follows; the server does not assume 'none'
  if (isDissatisfied(body) && !body.followUp) throw invalid([{ path: 'followUp', key: 'follow_up_required' }]);
  return saveAnswers(ctx, v.id, o.id, body, { channel: 'phone', actorId: p.userId, version: body.version, followUp: body.followUp ?? 'none' }, actx, log);
}

/** A one-off link for the customer; a new link replaces the previous one. */
export async function visitLink(ctx: AppContext, p: Principal, visitId: number, actx: AuditContext) {
  requirePermission(p, 'service:visit');
  const v = await loadVisit(ctx.db, visitId);
  await loadOrderInScope(ctx.db, p, v.order_id);
  if (v.state !== 'open') throw new AppError(409, 'VISIT_DONE');
  const token = crypto.randomBytes(18).toString('base64url');
  await ctx.db.updateTable('return_visits').set({ token_hash: sha256(token), updated_at: ctx.clock.now().toISOString() }).where('id', '=', v.id).execute();
  await audit(ctx.db, actx, { action: 'update', entity: 'return_visit', entityId: v.id, summary: 'link issued' });
  return { token, path: `/visit/${token}` };
}

async function visitByToken(db: Tx, token: string) {
  if (!/^[A-Za-z0-9_-]{10,60}$/.test(token)) throw notFound('VISIT_NOT_FOUND');
  const v = await db.selectFrom('return_visits').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!v) throw notFound('VISIT_NOT_FOUND');
  return v;
}

/** What the customer sees behind the link: no personal data beyond the order itself. */
export async function publicVisit(ctx: AppContext, token: string) {
  const v = await visitByToken(ctx.db, token);
  const o = await ctx.db
    .selectFrom('service_orders as o')
    .leftJoin('users as t', 't.id', 'o.owner_id')
    .leftJoin('product_units as u', 'u.id', 'o.unit_id')
    .leftJoin('products as pr', 'pr.id', 'u.product_id')
    .select(['o.code', 'o.type', 'o.completed_at', 'o.total_fee_fen', 't.display_name as technician_name', 'pr.name as product_name', 'pr.model'])
    .where('o.id', '=', v.order_id)
    .executeTakeFirstOrThrow();
  return {
    state: v.state,
    orderCode: o.code,
    orderType: o.type,
    completedAt: o.completed_at,
    totalFeeFen: Number(o.total_fee_fen),
    technicianName: o.technician_name,
    product: o.product_name ? `${o.product_name} ${o.model ?? ''}`.trim() : null,
  };
}

export async function answerPublicVisit(ctx: AppContext, token: string, answers: TVisitAnswers, actx: AuditContext, log?: FastifyBaseLogger) {
  const v = await visitByToken(ctx.db, token);
  if (v.state !== 'open') throw new AppError(409, 'VISIT_DONE');
  // a dissatisfied answer becomes a draft complaint: the complaint desk calls back and opens it (or rework) or dismisses it
  const followUp = isDissatisfied(answers) ? 'complaint' : 'none';
  await saveAnswers(ctx, v.id, v.order_id, answers, { channel: 'link', actorId: null, version: v.version, followUp }, actx, log);
  return { ok: true };
}

async function saveAnswers(
  ctx: AppContext,
  visitId: number,
  orderId: number,
  a: TVisitAnswers,
  opts: { channel: 'phone' | 'link'; actorId: number | null; version: number; followUp: 'rework' | 'complaint' | 'none' },
  actx: AuditContext,
  log?: FastifyBaseLogger,
) {
  const now = ctx.clock.now();
  const dissatisfied = isDissatisfied(a);
  if (!dissatisfied && opts.followUp !== 'none') throw invalid([{ path: 'followUp', key: 'follow_up_needs_dissatisfaction' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const o = (await trx.selectFrom('service_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow()) as OrderRow;
    if (o.state !== 'completed') throw new AppError(409, 'ORDER_STATE_INVALID', [], { state: o.state, action: 'visit' });
    let followUpOrderId: number | null = null;
    if (opts.followUp === 'rework') followUpOrderId = await createRework(ctx, trx, o, a.comment ?? null, opts.actorId, now);
    const res = await trx
      .updateTable('return_visits')
      .set({
        state: 'done',
        channel: opts.channel,
        on_time: a.onTime ? 1 : 0,
        solved: a.solved ? 1 : 0,
        attitude: a.attitude,
        fees_ok: a.feesOk ? 1 : 0,
        misconduct: a.misconduct ? 1 : 0,
        rating: a.rating,
        comment: a.comment ?? null,
        dissatisfied: dissatisfied ? 1 : 0,
        follow_up: opts.followUp === 'none' ? null : opts.followUp,
        follow_up_order_id: followUpOrderId,
        token_hash: null,
        done_at: now.toISOString(),
        done_by: opts.actorId,
        updated_at: now.toISOString(),
        version: opts.version + 1,
      })
      .where('id', '=', visitId)
      .where('state', '=', 'open')
      .where('version', '=', opts.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('VERSION_CONFLICT');
    const next = { ...o, state: 'return_visited', visited_at: now.toISOString(), rating: a.rating } as OrderRow;
    await trx
      .updateTable('service_orders')
      .set({ state: 'return_visited', visited_at: next.visited_at, rating: a.rating, version: o.version + 1, updated_at: now.toISOString(), ...(await deadlineColumns(ctx, trx, next)) })
      .where('id', '=', o.id)
      .execute();
    await trx
      .insertInto('service_order_events')
      .values({ order_id: o.id, at: now.toISOString(), action: 'visit', from_state: 'completed', to_state: 'return_visited', actor_id: opts.actorId, note: a.comment ?? null, data: JSON.stringify({ rating: a.rating, dissatisfied, channel: opts.channel, followUp: opts.followUp, followUpOrderId }) })
      .execute();
    await recordEvent(trx, {
      customerId: o.customer_id,
      type: 'return_visit',
      module: 'service',
      title: `回访 ${o.code}`,
      body: a.comment ?? null,
      refType: 'service_order',
      refId: o.id,
      actorId: opts.actorId,
      data: { code: o.code, rating: a.rating, dissatisfied },
      at: now,
    });
    // a dissatisfied customer with a complaint to follow: the draft complaint is written with the visit, one transaction
    let complaintId: number | null = null;
    if (opts.followUp === 'complaint') {
      const draft = await draftComplaintFromVisit(
        ctx,
        trx,
        {
          visitId,
          channel: opts.channel,
          order: { id: o.id, code: o.code, type: o.type, customerId: o.customer_id, unitId: o.unit_id, contactName: o.contact_name, contactPhone: o.contact_phone },
          answers: a,
        },
        actx,
      );
      complaintId = draft.id;
    }
    if (dissatisfied) await notifyManagers(ctx, trx, o, a, complaintId ? `/complaints/${complaintId}` : `/service/orders/${followUpOrderId ?? o.id}`, now);
    await audit(trx, actx, { action: 'visit', entity: 'service_order', entityId: o.id, summary: `${o.code} rating ${a.rating}${dissatisfied ? ' dissatisfied' : ''}`, after: { ...a, followUp: opts.followUp, followUpOrderId, complaintId } });
    return { orderId: o.id, dissatisfied, followUpOrderId, complaintId };
  });
}

async function notifyManagers(ctx: AppContext, trx: Tx, o: OrderRow, a: TVisitAnswers, link: string, now: Date) {
  const managers = await trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select('users.id')
    .where('roles.code', '=', 'service_manager')
    .where('users.disabled', '=', 0)
    .distinct()
    .execute();
  for (const m of managers) {
    await ctx.notifier.notify(trx, { userId: m.id, key: 'notice.visit_dissatisfied', params: { code: o.code }, body: a.comment ?? undefined, link }, now);
  }
}

/** A dissatisfied visit re-opens the work as a new repair order linked to the first (返修). */
async function createRework(ctx: AppContext, trx: Tx, o: OrderRow, reason: string | null, actorId: number | null, now: Date): Promise<number> {
  const [code] = await nextCodes(trx, ORDER_PREFIX, now, ctx.config.timezone);
  const inserted = await trx
    .insertInto('service_orders')
    .values({
      code: code!,
      type: 'repair',
      mode: o.mode,
      channel: 'auto',
      priority: 'urgent',
      state: 'received',
      customer_id: o.customer_id,
      unit_id: o.unit_id,
      contact_name: o.contact_name,
      contact_phone: o.contact_phone,
      region_code: o.region_code,
      region_type: o.region_type,
      address: o.address,
      description: `返修（${o.code}）${reason ? '：' + reason : ''}`.slice(0, 2000),
      tier: o.tier,
      warranty: o.warranty === 'out' ? 'in' : o.warranty, // the rework of our own work is free
      sla_rule_id: o.sla_rule_id,
      sla: o.sla,
      acknowledged_at: now.toISOString(),
      rework_of_id: o.id,
      repeat_repair: 1,
      created_by: actorId,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  const row = (await trx.selectFrom('service_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as OrderRow;
  await trx.updateTable('service_orders').set(await deadlineColumns(ctx, trx, row)).where('id', '=', id).execute();
  await trx
    .insertInto('service_order_events')
    .values({ order_id: id, at: now.toISOString(), action: 'create', from_state: null, to_state: 'received', actor_id: actorId, note: reason, data: JSON.stringify({ reworkOf: o.code }) })
    .execute();
  return id;
}
