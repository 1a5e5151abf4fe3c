// Returns and exchanges (退换货, tool 25, domain.md §4.6): intake with the 三包 window check (a request outside the
// windows is rejected at once unless a dispatcher overrides it in writing), the state machine with every step timed,
// versioned and audited, and the decisions: refund, exchange (a new unit for the customer; the old one is kept and
// marked) or repair (a service order of type repair, created through the orders service).
import {
  RETURN_ACTIONS,
  returnActionsIn,
  formatMessage,
  translate,
  type Lang,
  type ReturnAction,
  type ReturnDecision,
  type ReturnReason,
  type ReturnState,
  type ReturnType,
  type TPage,
  type TReturn,
  type TReturnCreate,
  type TReturnEligibility,
  type TReturnEligibilityQuery,
  type TReturnListItem,
  type TReturnListQuery,
  type TReturnTransition,
} from '@kehu/shared';
import { sql } from 'kysely';
import type { Tx } from '../../db';
import { audit, type AuditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { maskPhone } from '../../platform/masking';
import { nextCodes } from '../../platform/numbering';
import { can, inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { recordEvent } from '../../platform/timeline';
import { loadInScope as loadCustomerInScope } from '../customers/service';
import { localDayStart } from '../admin/calc';
import { loadUnitInScope, recordUnitEvent, todayOf } from './catalogue-service';
import { completedWarrantyRepairs, DONE_STATES, type UnitRow } from './catalogue-repo';
import { createOrder, transition as orderTransition } from './orders-service';
import { checkReturnWindow } from './returns-eligibility';
import { addDays } from './local-date';
import { rulesFor, warrantyEnd } from './warranty';
import * as repo from './returns-repo';

export const RETURN_PREFIX = 'TH';

type FieldErr = { path: string; key: string };

const TYPE_ZH: Record<ReturnType, string> = { return: '退货', exchange: '换货', repair: '维修' };

/**
 * The problem for a request outside its 三包 window, in the reader's language: the window's last day, the purchase
 * and request dates in `detail` and as fields, and the complaint hint.
 */
export function windowProblem(e: TReturnEligibility, lang: Lang): AppError {
  const code = e.type === 'exchange' ? 'EXCHANGE_OUTSIDE_WINDOW' : 'RETURN_OUTSIDE_WINDOW';
  const title = translate(code, lang) ?? code;
  const key = e.lastDay ? (code === 'EXCHANGE_OUTSIDE_WINDOW' ? 'exchange_window_detail' : 'return_window_detail') : 'window_none_detail';
  const text = formatMessage(key, lang, { purchaseDate: e.purchaseDate, lastDay: e.lastDay, requestDate: e.requestDate, days: e.daysSincePurchase }) ?? key;
  return new AppError(400, code, [], {
    detail: `${title}${lang === 'zh-CN' ? '：' : ': '}${text}`,
    lastDay: e.lastDay,
    purchaseDate: e.purchaseDate,
    requestDate: e.requestDate,
    daysSincePurchase: e.daysSincePurchase,
    complaintHint: true,
  });
}

// ---------- the window check ----------

async function productRules(db: Tx, productId: number) {
  const pr = await repo.productWithCategory(db, productId);
  return pr ? { product: pr, rules: rulesFor(pr, { warranty_months: pr.product_warranty_months }) } : null;
}

/** The 三包 check of a request on its request date, with the unit's in-warranty repairs completed before that day. */
async function evaluate(
  ctx: AppContext,
  db: Tx,
  s: { unitId: number | null; productId: number; purchaseDate: string | null; requestDate: string; type: ReturnType; reason: ReturnReason },
): Promise<TReturnEligibility> {
  const pr = await productRules(db, s.productId);
  if (!pr) throw invalid([{ path: 'productId', key: 'unknown_product' }]);
  const before = localDayStart(addDays(s.requestDate, 1), ctx.config.timezone).toISOString();
  const priorRepairs = s.unitId ? await completedWarrantyRepairs(db, s.unitId, before) : 0;
  return checkReturnWindow({ type: s.type, reason: s.reason, purchaseDate: s.purchaseDate, requestDate: s.requestDate, rules: pr.rules, priorRepairs });
}

/** A unit in the caller's scope, or a field error (a unit out of scope is indistinguishable from a missing one). */
async function unitRef(db: Tx, p: Principal, id: number, errors: FieldErr[]): Promise<UnitRow | null> {
  try {
    const u = await loadUnitInScope(db, p, id);
    if (u.archived_at) {
      errors.push({ path: 'unitId', key: 'unknown_unit' });
      return null;
    }
    return u;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      errors.push({ path: 'unitId', key: 'unknown_unit' });
      return null;
    }
    throw err;
  }
}

/** GET …/returns/eligibility: the window check shown before a request is submitted. Writes nothing. */
export async function previewEligibility(ctx: AppContext, p: Principal, q: TReturnEligibilityQuery): Promise<TReturnEligibility> {
  requirePermission(p, 'service:read');
  const errors: FieldErr[] = [];
  let productId = q.productId ?? null;
  let purchaseDate = q.purchaseDate ?? null;
  let unitId: number | null = null;
  if (q.unitId) {
    const u = await loadUnitInScope(ctx.db, p, q.unitId);
    unitId = u.id;
    productId = u.product_id;
    purchaseDate = u.purchase_date ?? purchaseDate;
  } else if (!productId) errors.push({ path: 'productId', key: 'product_required' });
  const requestDate = q.date ?? todayOf(ctx);
  if (purchaseDate && requestDate < purchaseDate) errors.push({ path: 'date', key: 'request_before_purchase' });
  if (errors.length) throw invalid(errors);
  return evaluate(ctx, ctx.db, { unitId, productId: productId!, purchaseDate, requestDate, type: q.type, reason: q.reason ?? 'quality' });
}

// ---------- intake ----------

export async function createReturn(ctx: AppContext, p: Principal, input: TReturnCreate, actx: AuditContext): Promise<TReturn> {
  requirePermission(p, 'service:create');
  const overrideReason = input.overrideReason?.trim() || null;
  // accepting outside the windows is the dispatcher's call
  if (overrideReason && !can(p, 'service:dispatch')) throw forbidden();
  const today = todayOf(ctx);
  const errors: FieldErr[] = [];

  try {
    const c = await loadCustomerInScope(ctx.db, p, input.customerId);
    if (c.archived_at) errors.push({ path: 'customerId', key: 'archived_customer' });
  } catch (err) {
    if (err instanceof AppError && err.status === 404) errors.push({ path: 'customerId', key: 'unknown_customer' });
    else throw err;
  }

  let unit: UnitRow | null = null;
  let productId = input.productId ?? null;
  if (input.unitId) {
    unit = await unitRef(ctx.db, p, input.unitId, errors);
    if (unit) {
      if (unit.customer_id !== input.customerId) errors.push({ path: 'unitId', key: 'unit_not_of_customer' });
      if (productId && productId !== unit.product_id) errors.push({ path: 'productId', key: 'product_not_of_unit' });
      if (input.qty !== 1) errors.push({ path: 'qty', key: 'qty_one_with_unit' });
      productId = unit.product_id;
    }
  } else if (!productId) {
    errors.push({ path: 'productId', key: 'product_required' });
  } else {
    const pr = await repo.productWithCategory(ctx.db, productId);
    if (!pr) errors.push({ path: 'productId', key: 'unknown_product' });
  }

  // the unit's purchase (invoice) date is the record; the form's date only fills a gap
  const purchaseDate = unit?.purchase_date ?? input.purchaseDate ?? null;
  const requestDate = input.requestDate ?? today;
  if (requestDate > today) errors.push({ path: 'requestDate', key: 'date_in_future' });
  if (!unit?.purchase_date && input.purchaseDate && input.purchaseDate > today) errors.push({ path: 'purchaseDate', key: 'date_in_future' });
  if (purchaseDate && requestDate < purchaseDate) errors.push({ path: 'requestDate', key: 'request_before_purchase' });
  if (!purchaseDate && input.type !== 'repair') errors.push({ path: 'purchaseDate', key: 'purchase_date_required' });
  if (errors.length) throw invalid(errors);

  if (unit) {
    if (await repo.returnedBy(ctx.db, unit.id)) throw new AppError(409, 'RETURN_UNIT_RETURNED');
    const open = await repo.openReturnForUnit(ctx.db, unit.id);
    if (open) throw new AppError(409, 'RETURN_OPEN_FOR_UNIT', [], { openReturnId: open.id, openReturnCode: open.code });
  }

  const eligibility = await evaluate(ctx, ctx.db, { unitId: unit?.id ?? null, productId: productId!, purchaseDate, requestDate, type: input.type, reason: input.reason });
  const overridden = !eligibility.eligible && !!overrideReason;
  const rejected = !eligibility.eligible && !overridden;
  const now = ctx.clock.now();
  const iso = now.toISOString();

  const id = await ctx.db.transaction().execute(async (trx) => {
    const [code] = await nextCodes(trx, RETURN_PREFIX, now, ctx.config.timezone);
    const row = {
      code: code!,
      customer_id: input.customerId,
      unit_id: unit?.id ?? null,
      product_id: productId!,
      qty: input.qty,
      order_no: input.orderNo || unit?.invoice_no || null,
      purchase_date: purchaseDate,
      request_date: requestDate,
      type: input.type,
      reason: input.reason,
      description: input.description,
      contact_name: input.contactName || null,
      contact_phone: input.contactPhone || null,
      state: rejected ? 'rejected' : 'requested',
      eligibility: JSON.stringify(eligibility),
      eligible: eligibility.eligible ? 1 : 0,
      override_reason: overridden ? overrideReason : null,
      override_by: overridden ? p.userId : null,
      override_at: overridden ? iso : null,
      rejection_code: rejected ? eligibility.code : null,
      rejected_at: rejected ? iso : null,
      created_by: p.userId,
      created_at: iso,
      updated_at: iso,
    };
    const newId = await repo.insertReturn(trx, row);
    await repo.insertEvent(trx, { return_id: newId, at: iso, action: 'create', from_state: null, to_state: 'requested', actor_id: p.userId, note: null, data: JSON.stringify({ eligible: eligibility.eligible }) });
    if (overridden) {
      await repo.insertEvent(trx, { return_id: newId, at: iso, action: 'override', from_state: 'requested', to_state: 'requested', actor_id: p.userId, note: overrideReason, data: JSON.stringify({ code: eligibility.code, lastDay: eligibility.lastDay }) });
      await audit(trx, actx, { action: 'override', entity: 'service_return', entityId: newId, summary: `${code} ${eligibility.code} ${overrideReason}`, after: { overrideReason, eligibility: { code: eligibility.code, lastDay: eligibility.lastDay, requestDate } } });
    }
    if (rejected) {
      await repo.insertEvent(trx, {
        return_id: newId,
        at: iso,
        action: 'reject',
        from_state: 'requested',
        to_state: 'rejected',
        actor_id: null,
        note: null,
        data: JSON.stringify({ auto: true, code: eligibility.code, lastDay: eligibility.lastDay, purchaseDate, requestDate }),
      });
    }
    await recordEvent(trx, {
      customerId: input.customerId,
      type: 'service_return',
      module: 'service',
      title: `${TYPE_ZH[input.type]}申请 ${code}${rejected ? '（超出三包期限，未受理）' : ''}`,
      body: input.description.slice(0, 500),
      refType: 'service_return',
      refId: newId,
      actorId: p.userId,
      data: { code, returnType: input.type, action: rejected ? 'auto_reject' : 'create', rejectionCode: rejected ? eligibility.code : null, lastDay: eligibility.lastDay },
      at: now,
    });
    await audit(trx, actx, { action: 'create', entity: 'service_return', entityId: newId, summary: `${code} ${input.type}${rejected ? ' rejected' : ''}`, after: row });
    return newId;
  });
  return getReturn(ctx, p, id);
}

// ---------- reading ----------

async function loadInScope(db: Tx, p: Principal, id: number): Promise<repo.ReturnWithScope> {
  const r = await repo.getReturn(db, id);
  if (!r || r.archived_at || !inScope(p, 'customers', { owner_id: r.customer_owner_id, team_id: r.customer_team_id })) throw notFound('RETURN_NOT_FOUND');
  return r;
}

/** The request if the caller may read it (404 otherwise): for the photo routes. */
export async function returnInScope(ctx: AppContext, p: Principal, id: number) {
  requirePermission(p, 'service:read');
  return loadInScope(ctx.db, p, id);
}

/** Actions the caller may take now. */
export function returnActionsFor(p: Principal, r: { state: string }): ReturnAction[] {
  if (!can(p, 'service:dispatch')) return [];
  // handing the unit over to a repair order also takes a service request (service:create)
  return returnActionsIn(r.state as ReturnState).filter((a) => a !== 'repair' || can(p, 'service:create'));
}

const bool = (v: unknown) => (v === undefined || v === null ? null : !!v);

export async function getReturn(ctx: AppContext, p: Principal, id: number): Promise<TReturn> {
  requirePermission(p, 'service:read');
  const r = await loadInScope(ctx.db, p, id);
  const db = ctx.db;
  const [customer, unit, product, replacement, order, overrideBy, createdBy, events, photoCount, returned] = await Promise.all([
    db.selectFrom('customers').select(['id', 'code', 'name', 'phone']).where('id', '=', r.customer_id).executeTakeFirstOrThrow(),
    r.unit_id
      ? db
          .selectFrom('product_units')
          .innerJoin('products', 'products.id', 'product_units.product_id')
          .select(['product_units.id', 'product_units.serial_no', 'products.model', 'products.name'])
          .where('product_units.id', '=', r.unit_id)
          .executeTakeFirst()
      : undefined,
    repo.productWithCategory(db, r.product_id),
    r.replacement_unit_id
      ? db
          .selectFrom('product_units')
          .innerJoin('products', 'products.id', 'product_units.product_id')
          .select(['product_units.id', 'product_units.serial_no', 'product_units.purchase_date', 'product_units.warranty_end', 'products.model'])
          .where('product_units.id', '=', r.replacement_unit_id)
          .executeTakeFirst()
      : undefined,
    r.service_order_id ? db.selectFrom('service_orders').select(['id', 'code', 'state', 'completed_at']).where('id', '=', r.service_order_id).executeTakeFirst() : undefined,
    r.override_by ? db.selectFrom('users').select('display_name').where('id', '=', r.override_by).executeTakeFirst() : undefined,
    r.created_by ? db.selectFrom('users').select('display_name').where('id', '=', r.created_by).executeTakeFirst() : undefined,
    repo.eventsOf(db, id),
    repo.photoCount(db, id),
    r.unit_id ? repo.returnedBy(db, r.unit_id) : undefined,
  ]);
  const reveal = can(p, 'pii:view') || can(p, 'service:dispatch');
  const goods = r.goods_condition ? (JSON.parse(r.goods_condition) as Record<string, unknown>) : null;
  const eligibility = JSON.parse(r.eligibility) as TReturnEligibility;
  return {
    id: r.id,
    code: r.code,
    type: r.type as ReturnType,
    reason: r.reason as ReturnReason,
    state: r.state as ReturnState,
    customer: { id: customer.id, code: customer.code, name: customer.name, phone: reveal ? customer.phone : maskPhone(customer.phone) },
    unit: unit ? { id: unit.id, serialNo: unit.serial_no, model: unit.model, productName: unit.name, returned: !!returned } : null,
    product: { id: r.product_id, model: product?.model ?? '', name: product?.name ?? '', categoryName: product?.category_name ?? '' },
    qty: r.qty,
    orderNo: r.order_no,
    purchaseDate: r.purchase_date,
    requestDate: r.request_date,
    description: r.description,
    contactName: r.contact_name,
    contactPhone: reveal ? r.contact_phone : maskPhone(r.contact_phone),
    eligibility: { ...eligibility, complaintHint: r.state === 'rejected' },
    eligible: !!r.eligible,
    override: r.override_reason ? { reason: r.override_reason, byName: overrideBy?.display_name ?? null, at: r.override_at! } : null,
    rejection: r.rejection_code ? { code: r.rejection_code, note: r.rejection_note, lastDay: r.rejection_code === 'MANUAL' ? null : eligibility.lastDay } : null,
    complaintHint: r.state === 'rejected',
    goodsCondition: goods
      ? { packagingIntact: bool(goods.packagingIntact), accessoriesComplete: bool(goods.accessoriesComplete), invoicePresent: bool(goods.invoicePresent), note: (goods.note as string | null) ?? null }
      : null,
    inspectionResult: r.inspection_result,
    responsibleParty: r.responsible_party as TReturn['responsibleParty'],
    decision: r.decision as ReturnDecision | null,
    refundFen: r.refund_fen === null ? null : Number(r.refund_fen),
    refundMethod: r.refund_method,
    freightPayer: r.freight_payer as TReturn['freightPayer'],
    replacementUnit: replacement ? { id: replacement.id, serialNo: replacement.serial_no, model: replacement.model, purchaseDate: replacement.purchase_date, warrantyEnd: replacement.warranty_end } : null,
    serviceOrder: order ? { id: order.id, code: order.code, state: order.state, completedAt: order.completed_at } : null,
    signedBy: r.signed_by,
    completedDate: r.completed_date,
    times: { requested: r.created_at, approved: r.approved_at, rejected: r.rejected_at, received: r.received_at, inspected: r.inspected_at, decided: r.decided_at, closed: r.closed_at },
    events: events.map((e) => ({ id: e.id, at: e.at, action: e.action, from: e.from_state, to: e.to_state, note: e.note, actorName: e.actor_name, data: e.data ? (JSON.parse(e.data) as unknown) : null })),
    actions: returnActionsFor(p, r),
    photoCount,
    createdByName: createdBy?.display_name ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export async function listReturns(ctx: AppContext, p: Principal, q: TReturnListQuery): Promise<TPage<TReturnListItem>> {
  requirePermission(p, 'service:read');
  const { rows, total } = await repo.listReturns(
    ctx.db,
    { q: q.q || undefined, state: q.state, type: q.type, customerId: q.customerId, unitId: q.unitId },
    scopeFilter(p, 'customers'),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      type: r.type as ReturnType,
      reason: r.reason as ReturnReason,
      state: r.state as ReturnState,
      customerId: r.customer_id,
      customerName: r.customer_name,
      unitId: r.unit_id,
      serialNo: r.serial_no,
      productModel: r.product_model,
      productName: r.product_name,
      qty: r.qty,
      requestDate: r.request_date,
      purchaseDate: r.purchase_date,
      eligible: !!r.eligible,
      overridden: !!r.override_reason,
      decision: r.decision as ReturnDecision | null,
      refundFen: r.refund_fen === null ? null : Number(r.refund_fen),
      createdAt: r.created_at,
      version: r.version,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------- transitions ----------

const TIMELINE_ACTIONS: ReturnAction[] = ['approve', 'reject', 'refund', 'exchange', 'repair', 'close'];
const ACTION_ZH: Record<ReturnAction, string> = {
  approve: '已受理',
  reject: '不予受理',
  receive: '已收货',
  inspect: '已检验',
  refund: '已退款',
  exchange: '已换货',
  repair: '转维修',
  close: '已结案',
};

function checkTransition(r: repo.ReturnRow, body: TReturnTransition) {
  // someone else acted first: say so, rather than that the state no longer allows the action
  if (r.version !== body.version) throw conflict('VERSION_CONFLICT', { current: r.version });
  const rule = RETURN_ACTIONS[body.action];
  if (!(rule.from as readonly string[]).includes(r.state)) throw new AppError(409, 'RETURN_STATE_INVALID', [], { state: r.state, action: body.action });
}

/** Appends a line to a unit's note, keeping the unit (the returned machine stays on file, marked). */
async function markUnit(trx: Tx, actx: AuditContext, unitId: number, line: string, now: string) {
  const u = await trx.selectFrom('product_units').select(['id', 'serial_no', 'note']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const note = u.note ? `${u.note}\n${line}` : line;
  await trx
    .updateTable('product_units')
    .set({ note, updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', unitId)
    .execute();
  await audit(trx, actx, { action: 'update', entity: 'product_unit', entityId: unitId, summary: `${u.serial_no} ${line}`, before: { note: u.note }, after: { note } });
}

/** One action of the request's state machine (service:dispatch); 409 on a stale version or a state that forbids it. */
export async function transitionReturn(ctx: AppContext, p: Principal, id: number, body: TReturnTransition, actx: AuditContext, lang: Lang): Promise<TReturn> {
  requirePermission(p, 'service:dispatch');
  if (body.action === 'repair') return decideRepair(ctx, p, id, body, actx);
  const rule = RETURN_ACTIONS[body.action];
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const today = todayOf(ctx);

  await ctx.db.transaction().execute(async (trx) => {
    const r = await loadInScope(trx, p, id);
    checkTransition(r, body);
    const patch: repo.ReturnPatch = {};
    const data: Record<string, unknown> = {};
    const note = body.note?.trim() || null;
    const need = (v: unknown, path: string, key = 'required') => {
      if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) throw invalid([{ path, key }]);
    };
    switch (body.action) {
      case 'approve': {
        // the windows are checked again on the request date with today's rules
        const elig = await evaluate(ctx, trx, { unitId: r.unit_id, productId: r.product_id, purchaseDate: r.purchase_date, requestDate: r.request_date, type: r.type as ReturnType, reason: r.reason as ReturnReason });
        const override = body.overrideReason?.trim() || null;
        const needsOverride = r.state === 'rejected' || (!elig.eligible && !r.override_reason);
        if (needsOverride && !override) {
          if (!elig.eligible) throw windowProblem(elig, lang);
          throw invalid([{ path: 'overrideReason', key: 'override_reason_required' }]);
        }
        if (needsOverride) {
          Object.assign(patch, { override_reason: override, override_by: p.userId, override_at: iso });
          Object.assign(data, { override: true, code: elig.code, lastDay: elig.lastDay });
          await audit(trx, actx, { action: 'override', entity: 'service_return', entityId: id, summary: `${r.code} ${elig.code ?? r.rejection_code ?? ''} ${override}`, after: { overrideReason: override, eligibility: { code: elig.code, lastDay: elig.lastDay } } });
        }
        Object.assign(patch, { approved_at: iso, eligibility: JSON.stringify(elig), eligible: elig.eligible ? 1 : 0 });
        break;
      }
      case 'reject':
        need(note, 'note', 'reason_required');
        Object.assign(patch, { rejected_at: iso, rejection_code: 'MANUAL', rejection_note: note });
        break;
      case 'receive':
        patch.goods_condition = JSON.stringify({
          packagingIntact: body.packagingIntact ?? null,
          accessoriesComplete: body.accessoriesComplete ?? null,
          invoicePresent: body.invoicePresent ?? null,
          note,
        });
        patch.received_at = iso;
        break;
      case 'inspect':
        need(body.inspectionResult, 'inspectionResult');
        need(body.responsibleParty, 'responsibleParty');
        Object.assign(patch, { inspection_result: body.inspectionResult!.trim(), responsible_party: body.responsibleParty, inspected_at: iso });
        break;
      case 'refund': {
        need(body.refundFen, 'refundFen');
        if (body.refundFen! > 0) need(body.refundMethod, 'refundMethod');
        need(body.freightPayer, 'freightPayer');
        Object.assign(patch, { decision: 'refund', refund_fen: body.refundFen, refund_method: body.refundMethod ?? null, freight_payer: body.freightPayer, decided_at: iso });
        Object.assign(data, { refundFen: body.refundFen, refundMethod: body.refundMethod ?? null });
        if (r.unit_id) await markUnit(trx, actx, r.unit_id, `${today} 已退货（退换货单 ${r.code}）`, iso);
        break;
      }
      case 'exchange':
        need(body.freightPayer, 'freightPayer');
        Object.assign(patch, { decision: 'exchange', freight_payer: body.freightPayer, decided_at: iso });
        Object.assign(patch, await exchangeUnit(ctx, trx, p, r, body, actx, now));
        data.replacementUnitId = patch.replacement_unit_id ?? null;
        break;
      case 'close': {
        need(body.signedBy, 'signedBy');
        const completed = body.completedDate ?? today;
        if (completed > today) throw invalid([{ path: 'completedDate', key: 'date_in_future' }]);
        if (completed < r.request_date) throw invalid([{ path: 'completedDate', key: 'completed_before_request' }]);
        if (r.decision === 'repair' && r.service_order_id) {
          const o = await trx.selectFrom('service_orders').select(['state']).where('id', '=', r.service_order_id).executeTakeFirst();
          if (!o || !(DONE_STATES as readonly string[]).includes(o.state)) throw new AppError(409, 'RETURN_REPAIR_OPEN', [], { orderState: o?.state ?? null });
        }
        Object.assign(patch, { signed_by: body.signedBy!.trim(), completed_date: completed, closed_at: iso });
        break;
      }
    }
    patch.state = rule.to;
    patch.updated_at = iso;
    // two dispatchers at once: the second finds the version moved on
    if (!(await repo.updateReturnVersioned(trx, id, body.version, patch))) throw conflict('VERSION_CONFLICT');
    await repo.insertEvent(trx, { return_id: id, at: iso, action: body.action, from_state: r.state, to_state: rule.to, actor_id: p.userId, note: note ?? body.overrideReason?.trim() ?? null, data: Object.keys(data).length ? JSON.stringify(data) : null });
    if (TIMELINE_ACTIONS.includes(body.action)) {
      await recordEvent(trx, {
        customerId: r.customer_id,
        type: 'service_return',
        module: 'service',
        title: `${TYPE_ZH[r.type as ReturnType]}申请 ${r.code} ${ACTION_ZH[body.action]}`,
        body: note,
        refType: 'service_return',
        refId: id,
        actorId: p.userId,
        data: { code: r.code, returnType: r.type, action: body.action },
        at: now,
      });
    }
    await audit(trx, actx, { action: body.action, entity: 'service_return', entityId: id, summary: `${r.code} ${r.state} → ${rule.to}`, before: { state: r.state, version: r.version }, after: patch });
  });
  return getReturn(ctx, p, id);
}

/**
 * The exchange: a new unit for the customer (the chosen product, the same by default) whose 三包 periods restart on
 * the exchange day (换货后三包有效期自换货之日起重新计算); the old unit stays on file with a note. A request without a
 * unit (a product without serial numbers) records the exchange without a new unit unless a serial is given.
 */
async function exchangeUnit(ctx: AppContext, trx: Tx, p: Principal, r: repo.ReturnRow, body: TReturnTransition, actx: AuditContext, now: Date): Promise<repo.ReturnPatch> {
  const serial = body.replacementSerialNo?.trim() || null;
  if (r.unit_id && !serial) throw invalid([{ path: 'replacementSerialNo', key: 'required' }]);
  if (!serial) return {};
  if (r.qty !== 1) throw invalid([{ path: 'replacementSerialNo', key: 'qty_one_with_unit' }]);
  const productId = body.replacementProductId ?? r.product_id;
  const pr = await productRules(trx, productId);
  if (!pr) throw invalid([{ path: 'replacementProductId', key: 'unknown_product' }]);
  if (pr.product.archived_at) throw invalid([{ path: 'replacementProductId', key: 'archived_product' }]);
  const taken = await trx.selectFrom('product_units').select('id').where('serial_no', '=', serial).executeTakeFirst();
  if (taken) throw new AppError(409, 'PRODUCT_UNIT_SERIAL_TAKEN', [{ path: 'replacementSerialNo', key: 'duplicate_serial' }]);
  const old = r.unit_id ? await trx.selectFrom('product_units').selectAll().where('id', '=', r.unit_id).executeTakeFirst() : undefined;
  const iso = now.toISOString();
  const day = todayOf(ctx);
  const row = {
    serial_no: serial,
    product_id: productId,
    customer_id: r.customer_id,
    purchase_date: day,
    dealer: old?.dealer ?? null,
    invoice_no: old?.invoice_no ?? r.order_no,
    install_date: null,
    quality_card_no: null,
    warranty_end: warrantyEnd(day, pr.rules),
    region_code: old?.region_code ?? null,
    address: old?.address ?? null,
    note: `换货（退换货单 ${r.code}）${old ? `，替换 ${old.serial_no}` : ''}`,
    created_by: p.userId,
    created_at: iso,
    updated_at: iso,
  };
  const newId = Number((await trx.insertInto('product_units').values(row).returning('id').executeTakeFirstOrThrow()).id);
  await recordUnitEvent(trx, p, { customerId: r.customer_id, unitId: newId, serial, model: pr.product.model, at: now });
  await audit(trx, actx, { action: 'create', entity: 'product_unit', entityId: newId, summary: `${serial} ${pr.product.model} (${r.code})`, after: row });
  if (old) await markUnit(trx, actx, old.id, `${day} 已换货（退换货单 ${r.code}），换为 ${serial}`, iso);
  return { replacement_unit_id: newId };
}

/**
 * The repair decision: a service order of type repair for the unit, through the orders service (its own rules,
 * numbering, deadlines and timeline), then the request moves to REPAIR linked to it. The order is created first;
 * if the request changed meanwhile, the order is cancelled again (compensation) and the caller gets the 409.
 */
async function decideRepair(ctx: AppContext, p: Principal, id: number, body: TReturnTransition, actx: AuditContext): Promise<TReturn> {
  requirePermission(p, 'service:create');
  const r = await loadInScope(ctx.db, p, id);
  checkTransition(r, body);
  const note = body.note?.trim() || null;
  const description = [`退换货单 ${r.code} 转维修：${r.description}`, r.inspection_result ? `检验结果：${r.inspection_result}` : null, note].filter(Boolean).join('\n').slice(0, 2000);
  const order = await createOrder(
    ctx,
    p,
    {
      customerId: r.customer_id,
      unitId: r.unit_id,
      type: 'repair',
      mode: body.repairMode ?? 'carry_in',
      channel: 'outlet',
      priority: 'normal',
      description,
      contactName: r.contact_name,
      contactPhone: r.contact_phone,
    },
    actx,
  );
  const now = ctx.clock.now();
  const iso = now.toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const patch: repo.ReturnPatch = { state: 'repair', decision: 'repair', service_order_id: order.id, freight_payer: body.freightPayer ?? null, decided_at: iso, updated_at: iso };
      if (!(await repo.updateReturnVersioned(trx, id, body.version, patch))) throw conflict('VERSION_CONFLICT');
      await repo.insertEvent(trx, { return_id: id, at: iso, action: 'repair', from_state: r.state, to_state: 'repair', actor_id: p.userId, note, data: JSON.stringify({ serviceOrderId: order.id, serviceOrderCode: order.code }) });
      await recordEvent(trx, {
        customerId: r.customer_id,
        type: 'service_return',
        module: 'service',
        title: `${TYPE_ZH[r.type as ReturnType]}申请 ${r.code} 转维修 ${order.code}`,
        body: note,
        refType: 'service_return',
        refId: id,
        actorId: p.userId,
        data: { code: r.code, returnType: r.type, action: 'repair', serviceOrderCode: order.code },
        at: now,
      });
      await audit(trx, actx, { action: 'repair', entity: 'service_return', entityId: id, summary: `${r.code} ${r.state} → repair ${order.code}`, before: { state: r.state, version: r.version }, after: patch });
    });
  } catch (err) {
    await orderTransition(ctx, p, order.id, { action: 'cancel', version: order.version, note: `退换货单 ${r.code} 的维修决定未生效` }, actx).catch(() => undefined);
    throw err;
  }
  return getReturn(ctx, p, id);
}
