// Claims (索赔, domain.md §4.3.1, tool 41): raised on a complaint or straight on a customer, then evidence (取证),
// liability (责任判定), the approved amount within the approver's band (核定金额, approval by amount), settlement
// (赔付/补货/折让/退货) or rejection (拒赔), recovery from a supplier or carrier (追偿) and closure. Every step is
// versioned, written to the claim's history and audited; the customer's timeline and the linked complaint's history
// hear of the claim too.
import {
  CLAIM_ACTIONS,
  PAYABLE_LIABILITIES,
  RECOVERABLE_LIABILITIES,
  formatMessage,
  translate,
  type ClaimAction,
  type ClaimState,
  type Lang,
  type Liability,
  type RecoveryState,
  type Settlement,
  type TClaim,
  type TClaimCreate,
  type TClaimListItem,
  type TClaimListQuery,
  type TClaimTransition,
  type TPage,
} from '@kehu/shared';
import type { Tx } from '../../db';
import { audit, type AuditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { checkFileType } from '../../platform/files';
import { nextCodes } from '../../platform/numbering';
import { can, inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { loadPrincipal } from '../../platform/principal';
import { recordEvent } from '../../platform/timeline';
import { loadInScope as loadCustomerInScope } from '../customers/service';
import { approvalCeiling, loadBands } from './bands';
import { bandProblem, claimActionsFor, mayAct, yuan, type ClaimActor } from './claim-rules';
import * as repo from './claims-repo';

export const CLAIM_PREFIX = 'SP';
/** Evidence: photos and scanned documents. */
export const EVIDENCE_TYPES = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'pdf'];
/** A claim cannot be raised on a complaint that is not (or no longer) being worked on. */
const COMPLAINT_NOT_OPEN = ['draft', 'dismissed', 'closed'];

type FieldErr = { path: string; key: string };

const ACTION_ZH: Record<ClaimAction | 'create', string> = {
  create: '提出',
  collect: '完成取证',
  determine: '完成责任判定',
  approve: '核准',
  reject: '拒赔',
  settle: '已赔付',
  recover: '转追偿',
  close: '结案',
};
/** The steps the customer's timeline hears of. */
const TIMELINE_ACTIONS: ClaimAction[] = ['approve', 'reject', 'settle', 'close'];

async function actorOf(db: Tx, p: Principal): Promise<ClaimActor> {
  return { permissions: p.permissions, ceiling: approvalCeiling(await loadBands(db), p.roles) };
}

// ---------- reading ----------

async function loadInScope(db: Tx, p: Principal, id: number): Promise<repo.ClaimRow> {
  const r = await repo.getClaim(db, id);
  if (!r || r.archived_at || !inScope(p, 'complaints', r)) throw notFound('CLAIM_NOT_FOUND');
  return r;
}

/** The claim if the caller may read it (404 otherwise): for the evidence routes. */
export async function claimInScope(ctx: AppContext, p: Principal, id: number) {
  requirePermission(p, 'complaints:read');
  return loadInScope(ctx.db, p, id);
}

const facts = (r: repo.ClaimRow) => ({ state: r.state as ClaimState, liability: r.liability as Liability | null, amountFen: Number(r.amount_fen) });

export async function getClaim(ctx: AppContext, p: Principal, id: number): Promise<TClaim> {
  requirePermission(p, 'complaints:read');
  const db = ctx.db;
  const r = await loadInScope(db, p, id);
  const userName = async (uid: number | null) => (uid ? ((await db.selectFrom('users').select('display_name').where('id', '=', uid).executeTakeFirst())?.display_name ?? null) : null);
  const [customer, complaint, product, unit, order, team, approvedByName, ownerName, createdByName, events, files, actor] = await Promise.all([
    db.selectFrom('customers').select(['id', 'code', 'name']).where('id', '=', r.customer_id).executeTakeFirstOrThrow(),
    r.complaint_id ? db.selectFrom('complaints').select(['id', 'code', 'state']).where('id', '=', r.complaint_id).executeTakeFirst() : undefined,
    r.product_id ? db.selectFrom('products').select(['id', 'model', 'name']).where('id', '=', r.product_id).executeTakeFirst() : undefined,
    r.unit_id ? db.selectFrom('product_units').select(['id', 'serial_no']).where('id', '=', r.unit_id).executeTakeFirst() : undefined,
    r.service_order_id ? db.selectFrom('service_orders').select(['id', 'code']).where('id', '=', r.service_order_id).executeTakeFirst() : undefined,
    r.team_id ? db.selectFrom('org_units').select('name').where('id', '=', r.team_id).executeTakeFirst() : undefined,
    userName(r.approved_by),
    userName(r.owner_id),
    userName(r.created_by),
    repo.eventsOf(db, id),
    repo.filesOf(db, id),
    actorOf(db, p),
  ]);
  return {
    id: r.id,
    code: r.code,
    state: r.state as ClaimState,
    complaint: complaint ? { id: complaint.id, code: complaint.code, state: complaint.state } : null,
    customer: { id: customer.id, code: customer.code, name: customer.name },
    product: product ? { id: product.id, model: product.model, name: product.name } : null,
    unit: unit ? { id: unit.id, serialNo: unit.serial_no } : null,
    serviceOrder: order ? { id: order.id, code: order.code } : null,
    orderNo: r.order_no,
    batchNo: r.batch_no,
    quantity: r.quantity,
    reason: r.reason,
    basis: r.basis,
    amountFen: Number(r.amount_fen),
    finding: r.finding,
    liability: r.liability as Liability | null,
    approvedFen: repo.fen(r.approved_fen),
    approvedByName,
    approvedAt: r.approved_at,
    settlement: r.settlement as Settlement | null,
    settledFen: repo.fen(r.settled_fen),
    settledAt: r.settled_at,
    settlementNote: r.settlement_note,
    recoveryParty: r.recovery_party,
    recoveryFen: repo.fen(r.recovery_fen),
    recoveryState: r.recovery_state as RecoveryState | null,
    rejectReason: r.reject_reason,
    note: r.note,
    ownerId: r.owner_id,
    ownerName,
    teamName: team?.name ?? null,
    createdByName,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    events: events.map((e) => ({ id: e.id, at: e.at, action: e.action, from: e.from_state, to: e.to_state, note: e.note, actorName: e.actor_name, data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null })),
    files: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, createdAt: f.created_at, createdByName: f.created_by_name })),
    actions: claimActionsFor(actor, facts(r)),
    mayApprove: actor.ceiling !== undefined,
    approvalCeilingFen: actor.ceiling ?? null,
    version: r.version,
  };
}

export async function listClaims(ctx: AppContext, p: Principal, q: TClaimListQuery): Promise<TPage<TClaimListItem>> {
  requirePermission(p, 'complaints:read');
  const { rows, total } = await repo.listClaims(
    ctx.db,
    { q: q.q || undefined, state: q.state, complaintId: q.complaintId, customerId: q.customerId },
    scopeFilter(p, 'complaints'),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      state: r.state as ClaimState,
      customerId: r.customer_id,
      customerName: r.customer_name,
      complaintId: r.complaint_id,
      complaintCode: r.complaint_code,
      productName: r.product_name,
      productModel: r.product_model,
      orderNo: r.order_no,
      reason: r.reason,
      amountFen: Number(r.amount_fen),
      approvedFen: repo.fen(r.approved_fen),
      settledFen: repo.fen(r.settled_fen),
      liability: r.liability as Liability | null,
      settlement: r.settlement as Settlement | null,
      ownerName: r.owner_name,
      createdAt: r.created_at,
      version: r.version,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------- raising a claim ----------

/** The links of a new claim: the complaint's unless the form names others, each checked against the customer. */
async function resolveLinks(ctx: AppContext, p: Principal, input: TClaimCreate) {
  const db = ctx.db;
  const errors: FieldErr[] = [];
  let complaint: Awaited<ReturnType<typeof repo.complaintForClaim>> | null = null;
  if (input.complaintId) {
    const c = await repo.complaintForClaim(db, input.complaintId);
    // a complaint out of scope is indistinguishable from a missing one
    if (!c || c.archived_at || !inScope(p, 'complaints', c)) errors.push({ path: 'complaintId', key: 'unknown_complaint' });
    else complaint = c;
  }

  let customerId: number | null = null;
  if (complaint) {
    if (complaint.customer_id === null) errors.push({ path: 'complaintId', key: 'complaint_no_customer' });
    else if (input.customerId && input.customerId !== complaint.customer_id) errors.push({ path: 'customerId', key: 'link_not_of_customer' });
    else customerId = complaint.customer_id;
  } else if (!input.complaintId) {
    if (!input.customerId) errors.push({ path: 'customerId', key: 'complaint_or_customer' });
    else {
      try {
        const c = await loadCustomerInScope(db, p, input.customerId);
        if (c.archived_at) errors.push({ path: 'customerId', key: 'archived_customer' });
        else customerId = c.id;
      } catch (err) {
        if (err instanceof AppError && err.status === 404) errors.push({ path: 'customerId', key: 'unknown_customer' });
        else throw err;
      }
    }
  }

  const unitId = input.unitId ?? complaint?.unit_id ?? null;
  let productId = input.productId ?? complaint?.product_id ?? null;
  const serviceOrderId = input.serviceOrderId ?? complaint?.service_order_id ?? null;
  if (unitId) {
    const u = await db.selectFrom('product_units').select(['id', 'customer_id', 'product_id']).where('id', '=', unitId).executeTakeFirst();
    if (!u) errors.push({ path: 'unitId', key: 'unknown_unit' });
    else {
      if (customerId && u.customer_id !== customerId) errors.push({ path: 'unitId', key: 'link_not_of_customer' });
      if (input.productId && input.productId !== u.product_id) errors.push({ path: 'productId', key: 'product_not_of_unit' });
      productId = u.product_id;
    }
  }
  if (productId && !(await db.selectFrom('products').select('id').where('id', '=', productId).executeTakeFirst())) errors.push({ path: 'productId', key: 'unknown_product' });
  if (serviceOrderId) {
    const o = await db.selectFrom('service_orders').select(['id', 'customer_id']).where('id', '=', serviceOrderId).executeTakeFirst();
    if (!o) errors.push({ path: 'serviceOrderId', key: 'unknown_service_order' });
    else if (customerId && o.customer_id !== customerId) errors.push({ path: 'serviceOrderId', key: 'link_not_of_customer' });
  }
  if (errors.length) throw invalid(errors);
  if (complaint && COMPLAINT_NOT_OPEN.includes(complaint.state)) throw new AppError(409, 'CLAIM_COMPLAINT_NOT_OPEN', [], { complaintState: complaint.state });
  return { complaint, customerId: customerId!, unitId, productId, serviceOrderId };
}

export async function createClaim(ctx: AppContext, p: Principal, input: TClaimCreate, actx: AuditContext): Promise<TClaim> {
  requirePermission(p, 'complaints:claim');
  const links = await resolveLinks(ctx, p, input);
  const { complaint } = links;
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const [code] = await nextCodes(trx, CLAIM_PREFIX, now, ctx.config.timezone);
    const row = {
      code: code!,
      state: 'received',
      complaint_id: complaint?.id ?? null,
      customer_id: links.customerId,
      product_id: links.productId,
      unit_id: links.unitId,
      service_order_id: links.serviceOrderId,
      order_no: input.orderNo?.trim() || complaint?.order_no || null,
      batch_no: input.batchNo?.trim() || null,
      quantity: input.quantity ?? null,
      reason: input.reason,
      basis: input.basis?.trim() || null,
      amount_fen: input.amountFen,
      note: input.note?.trim() || null,
      // the claim is worked by whoever raised it, for the department that handles the complaint
      owner_id: p.userId,
      team_id: complaint?.team_id ?? p.orgUnitId,
      created_by: p.userId,
      updated_by: p.userId,
      created_at: iso,
      updated_at: iso,
    };
    const newId = await repo.insertClaim(trx, row);
    const data = { code, amountFen: input.amountFen, complaintId: complaint?.id ?? null, complaintCode: complaint?.code ?? null };
    await repo.insertEvent(trx, { claim_id: newId, at: iso, action: 'create', from_state: null, to_state: 'received', actor_id: p.userId, note: row.note, data: JSON.stringify(data) });
    await recordEvent(trx, {
      customerId: links.customerId,
      type: 'claim',
      module: 'complaints',
      title: `索赔 ${code} 提出，索赔金额 ${yuan(input.amountFen)}${complaint ? `（投诉 ${complaint.code}）` : ''}`,
      body: input.reason.slice(0, 500),
      refType: 'claim',
      refId: newId,
      actorId: p.userId,
      data: { ...data, action: 'create', state: 'received' },
      at: now,
    });
    if (complaint) {
      await repo.insertComplaintEvent(trx, { complaint_id: complaint.id, at: iso, action: 'claim', state: complaint.state, actor_id: p.userId, note: null, data: { claimId: newId, code, amountFen: input.amountFen } });
    }
    await audit(trx, actx, { action: 'create', entity: 'claim', entityId: newId, summary: `${code} ${yuan(input.amountFen)}${complaint ? ` ${complaint.code}` : ''}`, after: row });
    return newId;
  });
  return getClaim(ctx, p, id);
}

// ---------- the steps ----------

/** 403 with the ceiling and the amount in ¥ in the reader's language. */
function bandError(code: 'CLAIM_NO_BAND' | 'CLAIM_ABOVE_BAND', ceiling: number | null | undefined, amountFen: number, lang: Lang): AppError {
  if (code === 'CLAIM_NO_BAND') return new AppError(403, code);
  const title = translate(code, lang) ?? code;
  const text = formatMessage('claim_above_band_detail', lang, { ceiling: yuan(ceiling!), amount: yuan(amountFen) }) ?? code;
  return new AppError(403, code, [], { detail: `${title}${lang === 'zh-CN' ? '：' : ': '}${text}`, ceilingFen: ceiling, amountFen });
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim());

/** One step of the claim (permission per step: CLAIM_ACTIONS; decisions within the approver's band). 409 when stale. */
export async function transitionClaim(ctx: AppContext, p: Principal, id: number, body: TClaimTransition, actx: AuditContext, lang: Lang): Promise<TClaim> {
  const actor = await actorOf(ctx.db, p);
  if (!mayAct(actor, body.action)) throw forbidden();
  const rule = CLAIM_ACTIONS[body.action];
  const now = ctx.clock.now();
  const iso = now.toISOString();

  await ctx.db.transaction().execute(async (trx) => {
    const r = await loadInScope(trx, p, id);
    // someone else acted first: say so, rather than that the state no longer allows the step
    if (r.version !== body.version) throw conflict('VERSION_CONFLICT', { current: r.version });
    if (!(rule.from as readonly string[]).includes(r.state)) throw new AppError(409, 'CLAIM_STATE_INVALID', [], { state: r.state, action: body.action });
    const amountFen = Number(r.amount_fen);
    const approvedFen = repo.fen(r.approved_fen);
    const liability = r.liability as Liability | null;
    const note = body.note?.trim() || null;
    const finding = body.finding?.trim() || null;
    const patch: repo.ClaimPatch = {};
    const data: Record<string, unknown> = {};
    const need = (v: unknown, path: string, key: string) => {
      if (blank(v)) throw invalid([{ path, key }]);
    };

    switch (body.action) {
      case 'collect':
        if (finding) patch.finding = finding;
        break;
      case 'determine':
        need(body.liability, 'liability', 'liability_required');
        patch.liability = body.liability;
        if (finding) patch.finding = finding;
        data.liability = body.liability;
        break;
      case 'approve': {
        need(body.approvedFen, 'approvedFen', 'approved_fen_required');
        const fen = body.approvedFen!;
        if (fen <= 0) throw invalid([{ path: 'approvedFen', key: 'amount_positive' }]);
        if (fen > amountFen) throw invalid([{ path: 'approvedFen', key: 'approved_over_amount' }]);
        if (!liability || !PAYABLE_LIABILITIES.includes(liability)) throw new AppError(409, 'CLAIM_LIABILITY_NOT_PAYABLE', [], { liability });
        const problem = bandProblem(actor.ceiling, fen);
        if (problem) throw bandError(problem, actor.ceiling, fen, lang);
        Object.assign(patch, { approved_fen: fen, approved_by: p.userId, approved_at: iso });
        Object.assign(data, { approvedFen: fen, amountFen, ceilingFen: actor.ceiling });
        break;
      }
      case 'reject': {
        need(body.rejectReason, 'rejectReason', 'reject_reason_required');
        // a claim is decided, either way, by an approver whose band covers the amount claimed
        const problem = bandProblem(actor.ceiling, amountFen);
        if (problem) throw bandError(problem, actor.ceiling, amountFen, lang);
        patch.reject_reason = body.rejectReason!.trim();
        data.amountFen = amountFen;
        break;
      }
      case 'settle': {
        need(body.settlement, 'settlement', 'settlement_required');
        const settled = body.settledFen ?? approvedFen!;
        if (settled > approvedFen!) throw invalid([{ path: 'settledFen', key: 'settled_over_approved' }]);
        Object.assign(patch, { settlement: body.settlement, settled_fen: settled, settled_at: iso, settlement_note: body.settlementNote?.trim() || null });
        Object.assign(data, { settlement: body.settlement, settledFen: settled });
        break;
      }
      case 'recover': {
        if (!liability || !RECOVERABLE_LIABILITIES.includes(liability)) throw new AppError(409, 'CLAIM_NO_RECOVERY', [], { liability });
        need(body.recoveryParty, 'recoveryParty', 'recovery_party_required');
        need(body.recoveryFen, 'recoveryFen', 'recovery_fen_required');
        if (body.recoveryFen! <= 0) throw invalid([{ path: 'recoveryFen', key: 'amount_positive' }]);
        const state = body.recoveryState ?? 'pending';
        Object.assign(patch, { recovery_party: body.recoveryParty!.trim(), recovery_fen: body.recoveryFen, recovery_state: state });
        Object.assign(data, { recoveryParty: patch.recovery_party, recoveryFen: body.recoveryFen, recoveryState: state });
        break;
      }
      case 'close': {
        if (r.state === 'recovery') {
          // a recovery is closed with its outcome
          const outcome = body.recoveryState ?? r.recovery_state;
          if (!outcome || outcome === 'pending') throw invalid([{ path: 'recoveryState', key: 'recovery_state_required' }]);
          patch.recovery_state = outcome;
          data.recoveryState = outcome;
        }
        patch.closed_at = iso;
        break;
      }
    }
    Object.assign(patch, { state: rule.to, updated_at: iso, updated_by: p.userId });
    if (!(await repo.updateClaimVersioned(trx, id, body.version, patch))) throw conflict('VERSION_CONFLICT');
    const eventNote = body.action === 'reject' ? (patch.reject_reason as string) : (finding ?? note);
    await repo.insertEvent(trx, {
      claim_id: id,
      at: iso,
      action: body.action,
      from_state: r.state,
      to_state: rule.to,
      actor_id: p.userId,
      note: eventNote && note && eventNote !== note ? `${eventNote}\n${note}` : (eventNote ?? note),
      data: Object.keys(data).length ? JSON.stringify(data) : null,
    });
    if (TIMELINE_ACTIONS.includes(body.action)) {
      const money = body.action === 'approve' ? `，核定 ${yuan(patch.approved_fen as number)}` : body.action === 'settle' ? `，赔付 ${yuan(patch.settled_fen as number)}` : '';
      await recordEvent(trx, {
        customerId: r.customer_id,
        type: 'claim',
        module: 'complaints',
        title: `索赔 ${r.code} ${ACTION_ZH[body.action]}${money}`,
        body: body.action === 'reject' ? (patch.reject_reason as string) : note,
        refType: 'claim',
        refId: id,
        actorId: p.userId,
        data: { code: r.code, action: body.action, state: rule.to, amountFen, ...data },
        at: now,
      });
    }
    if (body.action === 'settle' && r.complaint_id) {
      const c = await trx.selectFrom('complaints').select('state').where('id', '=', r.complaint_id).executeTakeFirst();
      if (c) {
        await repo.insertComplaintEvent(trx, {
          complaint_id: r.complaint_id,
          at: iso,
          action: 'claim_settled',
          state: c.state,
          actor_id: p.userId,
          note: null,
          data: { claimId: id, code: r.code, settlement: body.settlement, settledFen: patch.settled_fen },
        });
      }
    }
    // 待审批: liability on our side (or a supplier's / carrier's) puts the claim before the approvers whose band covers it
    if (body.action === 'determine' && PAYABLE_LIABILITIES.includes(body.liability!)) await notifyApprovers(ctx, trx, r, amountFen, p.userId, now);
    await audit(trx, actx, {
      action: body.action,
      entity: 'claim',
      entityId: id,
      summary: `${r.code} ${r.state} → ${rule.to}${data.approvedFen !== undefined ? ` ${yuan(data.approvedFen as number)}` : ''}${data.settledFen !== undefined ? ` ${yuan(data.settledFen as number)}` : ''}`,
      before: { state: r.state, version: r.version, liability, approvedFen, settledFen: repo.fen(r.settled_fen) },
      after: patch,
    });
  });
  return getClaim(ctx, p, id);
}

/**
 * Tells the approvers of a claim awaiting approval (in-app, and by e-mail when configured): the holders of the lowest
 * band that covers the amount claimed (a band is what lets one decide a claim, claim-rules mayAct) who can read the
 * claim — or, when none of them can, the next band up. At most 20 people; not the one who determined the liability.
 * A decision, not a request: rare enough that each candidate's principal is loaded on its own.
 */
async function notifyApprovers(ctx: AppContext, trx: Tx, claim: repo.ClaimRow, amountFen: number, actorId: number, now: Date) {
  const rank = (maxFen: number | null) => maxFen ?? Number.POSITIVE_INFINITY;
  const covering = (await loadBands(trx)).filter((b) => rank(b.maxFen) >= amountFen);
  const ceilings = [...new Set(covering.map((b) => rank(b.maxFen)))].sort((a, b) => a - b);
  for (const ceiling of ceilings) {
    const roles = covering.filter((b) => rank(b.maxFen) === ceiling).map((b) => b.roleCode);
    const users = await trx
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select('users.id')
      .distinct()
      .where('roles.code', 'in', roles)
      .where('users.disabled', '=', 0)
      .where('users.id', '!=', actorId)
      .orderBy('users.id')
      .execute();
    let told = 0;
    for (const u of users) {
      if (told >= 20) break;
      // the transaction's own connection: on SQLite it is the only one
      const approver = await loadPrincipal(trx as never, Number(u.id), 'session');
      if (!approver || !can(approver, 'complaints:read') || !inScope(approver, 'complaints', claim)) continue;
      await ctx.notifier.notify(
        trx,
        { userId: approver.userId, key: 'notice.claim_approval', params: { code: claim.code, amount: yuan(amountFen), reason: claim.reason.slice(0, 60) }, link: `/complaints/claims/${claim.id}`, email: true },
        now,
      );
      told++;
    }
    if (told) return;
  }
}

// ---------- evidence ----------

/** The claim if the caller may add evidence to it now (complaints:claim, in scope, not closed): checked before the upload is read. */
export async function claimForEvidence(ctx: AppContext, p: Principal, id: number) {
  requirePermission(p, 'complaints:read');
  const r = await loadInScope(ctx.db, p, id);
  requirePermission(p, 'complaints:claim');
  if (r.state === 'closed') throw new AppError(409, 'CLAIM_CLOSED');
  return r;
}

/** Stores one evidence file (photo or PDF) on the claim. */
export async function addEvidence(ctx: AppContext, p: Principal, id: number, file: { filename: string; data: Buffer }, actx: AuditContext) {
  const r = await claimForEvidence(ctx, p, id);
  const mime = checkFileType(file.filename, file.data, EVIDENCE_TYPES);
  const name = file.filename.slice(0, 200);
  const stored = await ctx.files.save(file.data);
  const iso = ctx.clock.now().toISOString();
  const fileId = await ctx.db.transaction().execute(async (trx) => {
    const a = await trx
      .insertInto('attachments')
      .values({ owner_type: 'claim', owner_id: id, filename: name, mime, size: stored.size, storage_key: stored.key, sha256: stored.sha256, created_by: p.userId, created_at: iso })
      .returning('id')
      .executeTakeFirstOrThrow();
    const aid = Number(a.id);
    await trx.insertInto('claim_files').values({ claim_id: id, file_id: aid, name, created_at: iso }).execute();
    await repo.insertEvent(trx, { claim_id: id, at: iso, action: 'file', from_state: r.state, to_state: r.state, actor_id: p.userId, note: name, data: JSON.stringify({ fileId: aid, name }) });
    await audit(trx, actx, { action: 'upload', entity: 'claim', entityId: id, summary: `${r.code} ${name}` });
    return aid;
  });
  return { id: fileId, name, mime, size: stored.size };
}
