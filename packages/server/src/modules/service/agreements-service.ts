// Service agreements (售后服务协议书): the contract per customer with its covered units and entitlements (included
// visits per year, response level, parts), its life (draft → active → expired | terminated, renewal as a new agreement
// linked to the old), and the terms a service order taken under it receives. Read within the customer data scope.
import {
  AGREEMENT_MAX_YEARS,
  AGREEMENT_VISIT_TYPES,
  type AgreementScope,
  type AgreementState,
  type TAgreement,
  type TAgreementActivate,
  type TAgreementCreate,
  type TAgreementDetail,
  type TAgreementListQuery,
  type TAgreementRenew,
  type TAgreementTerminate,
  type TAgreementUpdate,
  type TAgreementUsage,
  type TPage,
} from '@kehu/shared';
import type { Tx } from '../../db';
import { lockInTransaction } from '../../db/dialect';
import { audit, type AuditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalid, notFound, type FieldError } from '../../platform/errors';
import { maskPhone, maskStreet } from '../../platform/masking';
import { nextCodes } from '../../platform/numbering';
import { parseSort } from '../../platform/paging';
import { can, inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { regionFullName } from '../../platform/regions';
import { recordEvent } from '../../platform/timeline';
import { localDayStart } from '../admin/calc';
import { loadInScope as loadCustomerInScope } from '../customers/service';
import { regionLabel } from './catalogue-service';
import { addDays, addMonths, daysBetween, localDate } from './local-date';
import * as repo from './agreements-repo';

export const AGREEMENT_PREFIX = 'XY';
const WRITE = 'service:dispatch' as const;
type FieldErr = { path: string; key: string };

// ---------- pure rules ----------

/**
 * The agreement year (协议年度) that contains `day`: years run from the start date's anniversaries and the last one
 * stops at the end date. Days outside the period fall in the first or the last year.
 */
export function agreementYear(start: string, end: string, day: string): { from: string; to: string } {
  let k = 0;
  while (k < 200 && addMonths(start, 12 * (k + 1)) <= day && addMonths(start, 12 * (k + 1)) <= end) k++;
  const from = addMonths(start, 12 * k);
  const next = addDays(addMonths(start, 12 * (k + 1)), -1);
  return { from, to: next < end ? next : end };
}

/** Date rules of an agreement's terms, in the shape of field errors. */
export function periodErrors(v: { startDate: string; endDate: string; signedDate?: string | null }, today: string): FieldErr[] {
  const errors: FieldErr[] = [];
  if (v.endDate < v.startDate) errors.push({ path: 'endDate', key: 'agreement_end_before_start' });
  else if (v.endDate >= addMonths(v.startDate, 12 * AGREEMENT_MAX_YEARS)) errors.push({ path: 'endDate', key: 'agreement_too_long' });
  if (v.signedDate && v.signedDate > today) errors.push({ path: 'signedDate', key: 'date_in_future' });
  else if (v.signedDate && v.signedDate > v.endDate) errors.push({ path: 'signedDate', key: 'signed_after_end' });
  return errors;
}

/**
 * A renewal's period from `startDate` (default: the day after the old end): as many whole months as the old period
 * when it was whole months (a calendar year stays a calendar year), else as many days.
 */
export function renewalPeriod(oldStart: string, oldEnd: string, startDate = addDays(oldEnd, 1)): { startDate: string; endDate: string } {
  const after = addDays(oldEnd, 1);
  for (let m = 1; m <= 12 * AGREEMENT_MAX_YEARS; m++) {
    const d = addMonths(oldStart, m);
    if (d === after) return { startDate, endDate: addDays(addMonths(startDate, m), -1) };
    if (d > after) break;
  }
  return { startDate, endDate: addDays(startDate, daysBetween(oldStart, oldEnd)) };
}

// ---------- output ----------

function agreementOut(r: repo.AgreementRow): TAgreement {
  return {
    id: r.id,
    code: r.code,
    customerId: r.customer_id,
    customerCode: r.customer_code,
    customerName: r.customer_name,
    state: r.state as AgreementState,
    startDate: r.start_date,
    endDate: r.end_date,
    visitsPerYear: Number(r.visits_per_year),
    responseLevel: r.response_level,
    partsIncluded: !!r.parts_included,
    feeFen: Number(r.fee_fen),
    paymentTerms: r.payment_terms,
    scope: JSON.parse(r.scope) as AgreementScope[],
    signedDate: r.signed_date,
    note: r.note,
    unitCount: r.unit_count,
    renewedFromId: r.renewed_from_id,
    activatedAt: r.activated_at,
    terminatedAt: r.terminated_at,
    terminationReason: r.termination_reason,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function auditShape(a: TAgreement, unitIds: number[]) {
  const { customerCode: _c, customerName: _n, unitCount: _u, createdAt: _ca, updatedAt: _ua, ...rest } = a;
  return { ...rest, unitIds };
}

// ---------- reading ----------

export async function loadAgreementInScope(db: Tx, p: Principal, id: number): Promise<repo.AgreementRow> {
  const r = await repo.getAgreement(db, id);
  if (!r || !inScope(p, 'customers', { owner_id: r.customer_owner_id, team_id: r.customer_team_id })) throw notFound('AGREEMENT_NOT_FOUND');
  return r;
}

export async function listAgreements(ctx: AppContext, p: Principal, q: TAgreementListQuery): Promise<TPage<TAgreement>> {
  requirePermission(p, 'service:read');
  const sort = parseSort(q.sort, repo.AGREEMENT_SORTABLE, [{ column: 'a.id', dir: 'desc' }]);
  const today = localDate(ctx.clock.now(), ctx.config.timezone);
  const filter: repo.AgreementFilter = {
    q: q.q || undefined,
    state: q.state,
    customerId: q.customerId,
    unitId: q.unitId,
    endingBy: q.endingWithinDays === undefined ? undefined : addDays(today, q.endingWithinDays),
    archived: q.archived,
  };
  const { rows, total } = await repo.listAgreements(ctx.db, filter, scopeFilter(p, 'customers'), sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(agreementOut), total, page: q.page, pageSize: q.pageSize };
}

/** Included and used visits of the agreement year that contains `day`. */
export async function agreementUsage(db: Tx, a: { id: number; start_date: string; end_date: string; visits_per_year: number }, day: string, timeZone: string): Promise<TAgreementUsage> {
  const year = agreementYear(a.start_date, a.end_date, day);
  const from = localDayStart(year.from, timeZone).toISOString();
  const to = localDayStart(addDays(year.to, 1), timeZone).toISOString();
  const n = await repo.visitCounts(db, a.id, from, to);
  return { yearStart: year.from, yearEnd: year.to, visitsIncluded: Number(a.visits_per_year), visitsUsed: n.covered, visitsCharged: n.charged };
}

export async function getAgreement(ctx: AppContext, p: Principal, id: number): Promise<TAgreementDetail> {
  requirePermission(p, 'service:read');
  const r = await loadAgreementInScope(ctx.db, p, id);
  const today = localDate(ctx.clock.now(), ctx.config.timezone);
  const reveal = can(p, 'pii:view');
  const [units, usage, orders, party, from, renewal] = await Promise.all([
    repo.unitsOf(ctx.db, id),
    agreementUsage(ctx.db, r, today, ctx.config.timezone),
    repo.ordersOf(ctx.db, id),
    repo.customerParty(ctx.db, r.customer_id),
    r.renewed_from_id ? ctx.db.selectFrom('service_agreements').select(['id', 'code']).where('id', '=', r.renewed_from_id).executeTakeFirst() : undefined,
    repo.renewalOf(ctx.db, id),
  ]);
  const { c, addr } = party;
  const place = addr
    ? regionFullName(addr.province_code, addr.city_code, addr.district_code) + (addr.street ? ' ' + (reveal ? addr.street : (maskStreet(addr.street) ?? '')) : '')
    : c.province_code
      ? regionFullName(c.province_code, c.city_code, c.district_code)
      : null;
  return {
    ...agreementOut(r),
    customer: { id: c.id, code: c.code, name: c.name, phone: reveal ? c.phone : maskPhone(c.phone), address: place || null, serviceTier: c.service_tier },
    units: units.map((u) => ({
      id: u.id,
      serialNo: u.serial_no,
      productModel: u.model,
      productName: u.product_name,
      purchaseDate: u.purchase_date,
      installDate: u.install_date,
      warrantyEnd: u.warranty_end,
      region: regionLabel(u.region_code),
      address: reveal ? u.address : maskStreet(u.address),
    })),
    usage,
    orders: orders.map((o) => ({
      id: o.id,
      code: o.code,
      type: o.type,
      state: o.state,
      warranty: o.warranty,
      unitId: o.unit_id,
      serialNo: o.serial_no,
      createdAt: o.created_at,
      completedAt: o.completed_at,
      totalFeeFen: Number(o.total_fee_fen),
    })),
    renewedFrom: from ? { id: from.id, code: from.code } : null,
    renewedBy: renewal ? { id: renewal.id, code: renewal.code, state: renewal.state as AgreementState } : null,
  };
}

// ---------- checks ----------

async function checkCustomer(db: Tx, p: Principal, id: number, errors: FieldErr[]) {
  try {
    const c = await loadCustomerInScope(db, p, id);
    if (c.archived_at) errors.push({ path: 'customerId', key: 'archived_customer' });
  } catch (err) {
    if (err instanceof AppError && err.status === 404) errors.push({ path: 'customerId', key: 'unknown_customer' });
    else throw err;
  }
}

/** Every unit exists, is live and belongs to the customer; none twice. */
async function checkUnits(db: Tx, customerId: number, unitIds: number[], errors: FieldErr[]) {
  const seen = new Set<number>();
  unitIds.forEach((id, i) => {
    if (seen.has(id)) errors.push({ path: `unitIds.${i}`, key: 'duplicate_value' });
    seen.add(id);
  });
  const rows = new Map((await repo.unitsByIds(db, [...seen])).map((u) => [Number(u.id), u]));
  unitIds.forEach((id, i) => {
    const u = rows.get(id);
    if (!u || u.archived_at) errors.push({ path: `unitIds.${i}`, key: 'unknown_unit' });
    else if (Number(u.customer_id) !== customerId) errors.push({ path: `unitIds.${i}`, key: 'unit_not_of_customer' });
  });
}

/** No unit of an agreement in force may be covered by another agreement in force for an overlapping period. */
async function assertNoOverlap(trx: Tx, agreementId: number, unitIds: number[], start: string, end: string) {
  // serialises activations, so that two agreements for the same unit cannot come into force side by side
  await lockInTransaction(trx, 'service-agreements');
  const taken = await repo.unitsCoveredElsewhere(trx, unitIds, start, end, agreementId);
  if (!taken.size) return;
  const fields: FieldError[] = [];
  unitIds.forEach((id, i) => {
    if (taken.has(id)) fields.push({ path: `unitIds.${i}`, key: 'unit_in_other_agreement' });
  });
  throw new AppError(409, 'AGREEMENT_UNIT_COVERED', fields);
}

async function checkLevel(ctx: AppContext, level: string | undefined, errors: FieldErr[]) {
  errors.push(...(await ctx.dictionaries.check([{ path: 'responseLevel', type: 'service_tier', code: level }])));
}

// ---------- writes ----------

export async function createAgreement(ctx: AppContext, p: Principal, input: TAgreementCreate, actx: AuditContext): Promise<TAgreementDetail> {
  requirePermission(p, WRITE);
  const now = ctx.clock.now();
  const today = localDate(now, ctx.config.timezone);
  const errors = periodErrors(input, today);
  await checkCustomer(ctx.db, p, input.customerId, errors);
  await checkLevel(ctx, input.responseLevel, errors);
  if (!errors.some((e) => e.path === 'customerId')) await checkUnits(ctx.db, input.customerId, input.unitIds, errors);
  if (errors.length) throw invalid(errors);
  const unitIds = [...input.unitIds].sort((a, b) => a - b);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const [code] = await nextCodes(trx, AGREEMENT_PREFIX, now, ctx.config.timezone);
    const newId = await repo.insertAgreement(trx, {
      code: code!,
      customer_id: input.customerId,
      state: 'draft',
      start_date: input.startDate,
      end_date: input.endDate,
      visits_per_year: input.visitsPerYear,
      response_level: input.responseLevel,
      parts_included: input.partsIncluded ? 1 : 0,
      fee_fen: input.feeFen,
      payment_terms: input.paymentTerms || null,
      scope: JSON.stringify(input.scope),
      signed_date: input.signedDate ?? null,
      note: input.note || null,
      renewed_from_id: null,
      activated_at: null,
      terminated_at: null,
      termination_reason: null,
      created_by: p.userId,
      updated_by: p.userId,
      archived_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repo.setUnits(trx, newId, unitIds);
    const out = agreementOut((await repo.getAgreement(trx, newId))!);
    await audit(trx, actx, { action: 'create', entity: 'service_agreement', entityId: newId, summary: `${out.code} ${out.customerName}`, after: auditShape(out, unitIds) });
    return newId;
  });
  return getAgreement(ctx, p, id);
}

const TERM_FIELDS = ['customerId', 'startDate', 'endDate', 'visitsPerYear', 'responseLevel', 'partsIncluded', 'feeFen', 'scope', 'signedDate'] as const;
const COLUMN_OF: Record<string, string> = {
  customerId: 'customer_id',
  startDate: 'start_date',
  endDate: 'end_date',
  visitsPerYear: 'visits_per_year',
  responseLevel: 'response_level',
  partsIncluded: 'parts_included',
  feeFen: 'fee_fen',
  paymentTerms: 'payment_terms',
  scope: 'scope',
  signedDate: 'signed_date',
  note: 'note',
};

/**
 * Versioned edit. A draft changes freely; in force, only the covered units, payment terms and note (other terms: renew
 * or terminate); expired or terminated, only the note.
 */
export async function updateAgreement(ctx: AppContext, p: Principal, id: number, input: TAgreementUpdate, actx: AuditContext): Promise<TAgreementDetail> {
  requirePermission(p, WRITE);
  const before = await loadAgreementInScope(ctx.db, p, id);
  if (before.archived_at) throw new AppError(409, 'AGREEMENT_ARCHIVED');
  const changed = (field: string) => {
    const v = (input as Record<string, unknown>)[field];
    if (v === undefined) return false;
    const old = (agreementOut(before) as unknown as Record<string, unknown>)[field];
    return JSON.stringify(v) !== JSON.stringify(old);
  };
  const unitsBefore = await repo.unitIdsOf(ctx.db, id);
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
  if (before.state !== 'draft') {
    const locked: string[] = TERM_FIELDS.filter(changed);
    if (before.state !== 'active') {
      if (input.unitIds !== undefined && JSON.stringify(sorted(input.unitIds)) !== JSON.stringify(unitsBefore)) locked.push('unitIds');
      if (changed('paymentTerms')) locked.push('paymentTerms');
    }
    if (locked.length) throw new AppError(409, before.state === 'active' ? 'AGREEMENT_TERMS_LOCKED' : 'AGREEMENT_STATE_INVALID', locked.map((f) => ({ path: f, key: 'AGREEMENT_TERMS_LOCKED' })));
  }
  const now = ctx.clock.now();
  const today = localDate(now, ctx.config.timezone);
  const merged = {
    customerId: input.customerId ?? before.customer_id,
    startDate: input.startDate ?? before.start_date,
    endDate: input.endDate ?? before.end_date,
    signedDate: input.signedDate !== undefined ? input.signedDate : before.signed_date,
  };
  const errors = periodErrors(merged, today).filter((e) => (input as Record<string, unknown>)[e.path] !== undefined || e.path === 'endDate');
  if (input.customerId !== undefined && input.customerId !== before.customer_id) await checkCustomer(ctx.db, p, input.customerId, errors);
  if (input.responseLevel !== undefined && input.responseLevel !== before.response_level) await checkLevel(ctx, input.responseLevel, errors);
  let unitIds = unitsBefore;
  if (input.unitIds !== undefined) {
    await checkUnits(ctx.db, merged.customerId, input.unitIds, errors);
    if (before.state === 'active' && !input.unitIds.length) errors.push({ path: 'unitIds', key: 'units_required' });
    unitIds = sorted(input.unitIds);
  } else if (merged.customerId !== before.customer_id && unitIds.length) {
    // another customer: the old customer's units cannot stay
    errors.push({ path: 'unitIds', key: 'unit_not_of_customer' });
  }
  if (errors.length) throw invalid(errors);
  const set: Record<string, unknown> = { updated_at: now.toISOString(), updated_by: p.userId };
  for (const [field, column] of Object.entries(COLUMN_OF)) {
    const v = (input as Record<string, unknown>)[field];
    if (v === undefined) continue;
    if (field === 'partsIncluded') set[column] = v ? 1 : 0;
    else if (field === 'scope') set[column] = JSON.stringify(v);
    else if (field === 'paymentTerms' || field === 'note') set[column] = v || null;
    else set[column] = v;
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateAgreementVersioned(trx, id, input.version, set))) throw conflict();
    if (input.unitIds !== undefined) {
      if (before.state === 'active') await assertNoOverlap(trx, id, unitIds, merged.startDate, merged.endDate);
      await repo.setUnits(trx, id, unitIds);
    }
    const after = agreementOut((await repo.getAgreement(trx, id))!);
    await audit(trx, actx, {
      action: 'update',
      entity: 'service_agreement',
      entityId: id,
      summary: after.code,
      before: auditShape(agreementOut(before), unitsBefore),
      after: auditShape(after, unitIds),
    });
  });
  return getAgreement(ctx, p, id);
}

async function timeline(trx: Tx, p: Principal, a: { id: number; code: string; customer_id: number }, action: string, title: string, body: string | null, at: Date) {
  await recordEvent(trx, {
    customerId: a.customer_id,
    type: 'service_agreement',
    module: 'service',
    title,
    body,
    refType: 'service_agreement',
    refId: a.id,
    actorId: p.userId,
    data: { code: a.code, action },
    at,
  });
}

/** Draft → active: needs units and a period not yet over; the signing date defaults to today. */
export async function activateAgreement(ctx: AppContext, p: Principal, id: number, input: TAgreementActivate, actx: AuditContext): Promise<TAgreementDetail> {
  requirePermission(p, WRITE);
  const a = await loadAgreementInScope(ctx.db, p, id);
  if (a.archived_at) throw new AppError(409, 'AGREEMENT_ARCHIVED');
  if (a.state !== 'draft') throw new AppError(409, 'AGREEMENT_STATE_INVALID', [], { state: a.state });
  const now = ctx.clock.now();
  const today = localDate(now, ctx.config.timezone);
  const signedDate = input.signedDate ?? a.signed_date ?? today;
  const errors = periodErrors({ startDate: a.start_date, endDate: a.end_date, signedDate }, today);
  if (a.end_date < today) errors.push({ path: 'endDate', key: 'agreement_ended' });
  const unitIds = await repo.unitIdsOf(ctx.db, id);
  if (!unitIds.length) errors.push({ path: 'unitIds', key: 'units_required' });
  // units may have moved to another customer or been archived since the draft was written
  await checkUnits(ctx.db, a.customer_id, unitIds, errors);
  if (errors.length) throw invalid(errors);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateAgreementVersioned(trx, id, input.version, { state: 'active', signed_date: signedDate, activated_at: now.toISOString(), updated_at: now.toISOString(), updated_by: p.userId }))) throw conflict();
    await assertNoOverlap(trx, id, unitIds, a.start_date, a.end_date);
    await timeline(trx, p, a, 'activate', `售后服务协议 ${a.code} 生效`, `${a.start_date} 至 ${a.end_date}`, now);
    await audit(trx, actx, { action: 'activate', entity: 'service_agreement', entityId: id, summary: a.code, before: { state: a.state }, after: { state: 'active', signedDate } });
  });
  return getAgreement(ctx, p, id);
}

/** Active → terminated, with a reason; orders taken from now on no longer fall under it. */
export async function terminateAgreement(ctx: AppContext, p: Principal, id: number, input: TAgreementTerminate, actx: AuditContext): Promise<TAgreementDetail> {
  requirePermission(p, WRITE);
  const a = await loadAgreementInScope(ctx.db, p, id);
  if (a.archived_at) throw new AppError(409, 'AGREEMENT_ARCHIVED');
  if (a.state !== 'active') throw new AppError(409, 'AGREEMENT_STATE_INVALID', [], { state: a.state });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const set = { state: 'terminated', terminated_at: now.toISOString(), termination_reason: input.reason, updated_at: now.toISOString(), updated_by: p.userId };
    if (!(await repo.updateAgreementVersioned(trx, id, input.version, set))) throw conflict();
    await timeline(trx, p, a, 'terminate', `售后服务协议 ${a.code} 终止`, input.reason, now);
    await audit(trx, actx, { action: 'terminate', entity: 'service_agreement', entityId: id, summary: a.code, before: { state: a.state }, after: { state: 'terminated', reason: input.reason } });
  });
  return getAgreement(ctx, p, id);
}

/** A new draft with the same terms and the units still the customer's, linked to the old agreement (续签). */
export async function renewAgreement(ctx: AppContext, p: Principal, id: number, input: TAgreementRenew, actx: AuditContext): Promise<TAgreementDetail> {
  requirePermission(p, WRITE);
  const a = await loadAgreementInScope(ctx.db, p, id);
  if (a.archived_at) throw new AppError(409, 'AGREEMENT_ARCHIVED');
  if (a.state !== 'active' && a.state !== 'expired') throw new AppError(409, 'AGREEMENT_STATE_INVALID', [], { state: a.state });
  const renewed = (r: { id: number; code: string } | undefined) => {
    if (r) throw new AppError(409, 'AGREEMENT_ALREADY_RENEWED', [], { renewalId: r.id, renewalCode: r.code });
  };
  renewed(await repo.renewalOf(ctx.db, id));
  const now = ctx.clock.now();
  const today = localDate(now, ctx.config.timezone);
  const period = renewalPeriod(a.start_date, a.end_date, input.startDate);
  const startDate = period.startDate;
  const endDate = input.endDate ?? period.endDate;
  const errors = periodErrors({ startDate, endDate }, today);
  if (startDate <= a.start_date) errors.push({ path: 'startDate', key: 'renew_start_after_old_start' });
  if (errors.length) throw invalid(errors);
  // units that since left the customer or were archived are not carried over
  const units = new Map((await repo.unitsByIds(ctx.db, await repo.unitIdsOf(ctx.db, id))).map((u) => [Number(u.id), u]));
  const unitIds = [...units.values()].filter((u) => !u.archived_at && Number(u.customer_id) === a.customer_id).map((u) => Number(u.id));
  const newId = await ctx.db.transaction().execute(async (trx) => {
    // two renewals of the same agreement at once: the second waits, then finds the first
    await lockInTransaction(trx, `service-agreement-renew-${id}`);
    renewed(await repo.renewalOf(trx, id));
    const [code] = await nextCodes(trx, AGREEMENT_PREFIX, now, ctx.config.timezone);
    const created = await repo.insertAgreement(trx, {
      code: code!,
      customer_id: a.customer_id,
      state: 'draft',
      start_date: startDate,
      end_date: endDate,
      visits_per_year: Number(a.visits_per_year),
      response_level: a.response_level,
      parts_included: Number(a.parts_included),
      fee_fen: Number(a.fee_fen),
      payment_terms: a.payment_terms,
      scope: a.scope,
      signed_date: null,
      note: null,
      renewed_from_id: id,
      activated_at: null,
      terminated_at: null,
      termination_reason: null,
      created_by: p.userId,
      updated_by: p.userId,
      archived_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repo.setUnits(trx, created, unitIds);
    await audit(trx, actx, { action: 'renew', entity: 'service_agreement', entityId: created, summary: `${code} ← ${a.code}`, after: { renewedFromId: id, startDate, endDate, unitIds } });
    return created;
  });
  return getAgreement(ctx, p, newId);
}

/** Agreements are archived, never deleted; one in force is terminated first. */
export async function setAgreementArchived(ctx: AppContext, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext): Promise<TAgreementDetail> {
  requirePermission(p, WRITE);
  const a = await loadAgreementInScope(ctx.db, p, id);
  if (archived && a.state === 'active') throw new AppError(409, 'AGREEMENT_STATE_INVALID', [], { state: a.state });
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateAgreementVersioned(trx, id, version, { archived_at: archived ? now : null, updated_at: now, updated_by: p.userId }))) throw conflict();
    await audit(trx, actx, { action: archived ? 'archive' : 'restore', entity: 'service_agreement', entityId: id, summary: a.code });
  });
  return getAgreement(ctx, p, id);
}

// ---------- orders under an agreement ----------

export interface OrderAgreementTerms {
  agreementId: number;
  code: string;
  /** the response level: the tier of the order's SLA lookup */
  tier: string;
  partsIncluded: boolean;
  /** false for a visit beyond the included visits of the agreement year: charged as without the agreement */
  covered: boolean;
}

/**
 * The terms an order for `unitId` taken at `now` gets from the active agreement covering the unit that day, or null.
 * Maintenance and inspection orders use up the year's included visits; beyond them the order is not covered (nothing
 * is refused). Called by the service-order intake.
 */
export async function agreementForOrder(db: Tx, unitId: number, type: string, now: Date, timeZone: string): Promise<OrderAgreementTerms | null> {
  const day = localDate(now, timeZone);
  const a = await repo.activeAgreementOfUnit(db, unitId, day);
  if (!a) return null;
  let covered = true;
  if ((AGREEMENT_VISIT_TYPES as readonly string[]).includes(type)) {
    const usage = await agreementUsage(db, a, day, timeZone);
    covered = usage.visitsUsed < usage.visitsIncluded;
  }
  return { agreementId: a.id, code: a.code, tier: a.response_level, partsIncluded: !!a.parts_included, covered };
}

/** Active agreements whose period is over become expired (daily; conditional, so a second run changes nothing). */
export async function expireAgreements(ctx: AppContext, now: Date): Promise<number> {
  const today = localDate(now, ctx.config.timezone);
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('service_agreements')
      .set((eb) => ({ state: 'expired', version: eb('version', '+', 1), updated_at: now.toISOString() }))
      .where('state', '=', 'active')
      .where('end_date', '<', today)
      .returning(['id', 'code', 'customer_id'])
      .execute();
    for (const r of rows) {
      await audit(trx, { principal: null, actor: { userId: 0, username: 'system' }, now }, { action: 'expire', entity: 'service_agreement', entityId: r.id, summary: r.code, before: { state: 'active' }, after: { state: 'expired' } });
    }
    return rows.length;
  });
}
