// Customer rules: validation against dictionaries and regions, duplicates, versions, scope,
// masking, timeline and audit. Routes call these; SQL lives in repo.ts.
import type { Selectable } from 'kysely';
import {
  normalizePhone,
  type TAddressInput,
  type TContactInput,
  type TCustomerCreate,
  type TCustomerListQuery,
  type TCustomerUpdate,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { AddressTable, ContactTable } from '../../db/schema';
import { loadCustomerDetail } from '../../db/customer-detail';
import { bulkInsert, bulkInsertAll } from '../../db/bulk';
import { deleteSearchTokens, insertSearchTokens, searchTokensInsert } from '../../db/search';
import type { AppContext } from '../../platform/context';
import { AppError, assertFound, conflict, invalid, notFound } from '../../platform/errors';
import { audit, auditRow, type AuditContext, type AuditEntry } from '../../platform/audit';
import { nextCodes } from '../../platform/numbering';
import { can, inScope, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { parseSort, type Page } from '../../platform/paging';
import { normalizeName, queryTerms } from '../../platform/search-text';
import { recordEvent, runMergeHooks } from '../../platform/timeline';
import { maskEmail, maskIdNumber, maskPhone, maskStreet } from '../../platform/masking';
import { isValidRegionChain, regionFullName } from '../../platform/regions';
import * as repo from './repo';

type FieldErr = { path: string; key: string };

export const CUSTOMER_PREFIX = 'KH';

// ---------- output shapes ----------

function listItem(r: Awaited<ReturnType<typeof repo.listCustomers>>['rows'][number], tags?: string[]) {
  return {
    id: r.id,
    code: r.code,
    type: r.type,
    name: r.name,
    shortName: r.short_name,
    phone: maskPhone(r.phone),
    lifecycleState: r.lifecycle_state,
    grade: r.grade,
    source: r.source,
    serviceTier: r.service_tier,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    teamId: r.team_id,
    teamName: r.team_name,
    provinceCode: r.province_code,
    cityCode: r.city_code,
    districtCode: r.district_code,
    region: regionFullName(r.province_code, r.city_code, r.district_code),
    tags: tags ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
    version: r.version,
  };
}
export type CustomerListItem = ReturnType<typeof listItem>;

function contactOut(c: Selectable<ContactTable>, reveal: boolean) {
  return {
    id: c.id,
    customerId: c.customer_id,
    name: c.name,
    gender: c.gender,
    department: c.department,
    title: c.title,
    buyingRole: c.buying_role,
    mobile: reveal ? c.mobile : maskPhone(c.mobile),
    phone: reveal ? c.phone : maskPhone(c.phone),
    email: reveal ? c.email : maskEmail(c.email),
    wechat: c.wechat,
    birthday: c.birthday,
    hobbies: c.hobbies,
    personality: c.personality,
    isPrimary: !!c.is_primary,
    note: c.note,
    archivedAt: c.archived_at,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
  };
}

function addressOut(a: Selectable<AddressTable>, reveal: boolean) {
  return {
    id: a.id,
    customerId: a.customer_id,
    type: a.type,
    provinceCode: a.province_code,
    cityCode: a.city_code,
    districtCode: a.district_code,
    region: regionFullName(a.province_code, a.city_code, a.district_code),
    street: reveal ? a.street : maskStreet(a.street),
    postcode: a.postcode,
    routeNo: a.route_no,
    isDefault: !!a.is_default,
    note: a.note,
    archivedAt: a.archived_at,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    version: a.version,
  };
}

// ---------- reads ----------

export async function listCustomers(ctx: AppContext, p: Principal, query: TCustomerListQuery): Promise<Page<CustomerListItem> & { totalCapped: boolean }> {
  requirePermission(p, 'customers:read');
  const filter = toFilter(query);
  const sort = parseSort(query.sort, repo.SORTABLE, [{ column: 'customers.id', dir: 'desc' }]);
  const { rows, total } = await repo.listCustomers(ctx.db, filter, scopeFilter(p, 'customers'), sort, query.pageSize, (query.page - 1) * query.pageSize);
  const tags = await repo.tagsOf(ctx.db, rows.map((r) => r.id));
  const capped = total > repo.COUNT_CAP;
  return {
    items: rows.map((r) => listItem(r, tags.get(r.id))),
    total: capped ? repo.COUNT_CAP : total,
    totalCapped: capped,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export function toFilter(query: Partial<TCustomerListQuery>): repo.CustomerFilter {
  const [dimension, value] = query.classification?.split(':') ?? [];
  return {
    q: query.q ? queryTerms(query.q) : undefined,
    type: query.type,
    lifecycleState: query.lifecycleState,
    grade: query.grade,
    source: query.source,
    ownerId: query.ownerId,
    teamId: query.teamId,
    provinceCode: query.provinceCode,
    cityCode: query.cityCode,
    districtCode: query.districtCode,
    tag: query.tag,
    classification: dimension && value ? { dimension, value } : undefined,
    archived: query.archived ?? 'false',
  };
}

/** Loads a customer the principal may see, or 404 (out-of-scope records are indistinguishable from missing). */
export async function loadInScope(db: Tx, p: Principal, id: number) {
  const row = await repo.getCustomer(db, id);
  if (!row || !inScope(p, 'customers', row)) throw notFound('CUSTOMER_NOT_FOUND');
  return row;
}

export async function getCustomer(ctx: AppContext, p: Principal, id: number, opts: { reveal: boolean }, actx: AuditContext) {
  requirePermission(p, 'customers:read');
  const reveal = opts.reveal;
  if (reveal) requirePermission(p, 'pii:view');
  // one precompiled statement for the row and its children (see db/customer-detail.ts)
  const detail = await loadCustomerDetail(ctx.db, id);
  if (!detail || !inScope(p, 'customers', detail.row)) throw notFound('CUSTOMER_NOT_FOUND');
  const { row, classifications, contacts, addresses } = detail;
  if (reveal) {
    await audit(ctx.db, actx, { action: 'pii_view', entity: 'customer', entityId: id, summary: `${row.code} ${row.name}` });
  }
  return {
    ...listItem(row, detail.tags),
    phone: reveal ? row.phone : maskPhone(row.phone),
    email: reveal ? row.email : maskEmail(row.email),
    creditCode: row.credit_code,
    idNumber: reveal ? row.id_number : maskIdNumber(row.id_number),
    birthday: row.birthday,
    classifications,
    profile: JSON.parse(row.profile),
    note: row.note,
    mergedIntoId: row.merged_into_id,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    contacts: contacts.map((c) => contactOut(c, reveal)),
    addresses: addresses.map((a) => addressOut(a, reveal)),
    revealed: reveal,
    canReveal: can(p, 'pii:view'),
  };
}

export async function gradeHistory(ctx: AppContext, p: Principal, id: number) {
  requirePermission(p, 'customers:read');
  await loadInScope(ctx.db, p, id);
  const rows = await repo.gradeHistoryOf(ctx.db, id);
  return rows.map((r) => ({
    id: r.id,
    oldGrade: r.old_grade,
    newGrade: r.new_grade,
    reason: r.reason,
    approvedBy: r.approved_by,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
  }));
}

// ---------- validation ----------

async function validateRefs(
  ctx: AppContext,
  db: Tx,
  input: Partial<TCustomerCreate>,
  type: 'enterprise' | 'individual',
): Promise<FieldErr[]> {
  const errors: FieldErr[] = [];
  const d = ctx.dictionaries;
  errors.push(
    ...(await d.check([
      { path: 'grade', type: 'grade', code: input.grade },
      { path: 'source', type: 'source', code: input.source },
      { path: 'serviceTier', type: 'service_tier', code: input.serviceTier },
    ])),
  );
  const profile = (input.profile ?? {}) as Record<string, unknown>;
  if (type === 'enterprise') {
    errors.push(...(await d.check([{ path: 'profile.enterpriseNature', type: 'enterprise_nature', code: profile.enterpriseNature as string }])));
    for (const k of ['gender', 'maritalStatus', 'education', 'incomeBand', 'household', 'homePhone']) {
      if (profile[k] !== undefined) errors.push({ path: `profile.${k}`, key: 'not_for_enterprise' });
    }
  } else {
    errors.push(
      ...(await d.check([
        { path: 'profile.maritalStatus', type: 'marital_status', code: profile.maritalStatus as string },
        { path: 'profile.education', type: 'education', code: profile.education as string },
        { path: 'profile.incomeBand', type: 'income_band', code: profile.incomeBand as string },
      ])),
    );
    for (const k of ['taxNo', 'enterpriseNature', 'registeredCapitalFen', 'bankAccount', 'legalRepresentative']) {
      if (profile[k] !== undefined) errors.push({ path: `profile.${k}`, key: 'not_for_individual' });
    }
  }
  if (input.classifications) {
    const dims = new Set((await d.items('classification_dimension')).filter((i) => i.active).map((i) => i.code));
    for (const [dim, values] of Object.entries(input.classifications)) {
      if (!dims.has(dim)) {
        errors.push({ path: `classifications.${dim}`, key: 'unknown_dictionary_value' });
        continue;
      }
      errors.push(...(await d.check(values.map((v, i) => ({ path: `classifications.${dim}.${i}`, type: `cls.${dim}`, code: v })))));
    }
  }
  if (input.ownerId) {
    const u = await db.selectFrom('users').select(['id', 'disabled']).where('id', '=', input.ownerId).executeTakeFirst();
    if (!u || u.disabled) errors.push({ path: 'ownerId', key: 'unknown_user' });
  }
  if (input.teamId) {
    const t = await db.selectFrom('org_units').select('id').where('id', '=', input.teamId).executeTakeFirst();
    if (!t) errors.push({ path: 'teamId', key: 'unknown_org_unit' });
  }
  (input.addresses ?? []).forEach((a, i) => errors.push(...addressErrors(a, `addresses.${i}`)));
  return errors;
}

function addressErrors(a: Partial<TAddressInput>, path: string): FieldErr[] {
  if (a.provinceCode && !isValidRegionChain(a.provinceCode, a.cityCode, a.districtCode)) {
    return [{ path: `${path}.provinceCode`, key: 'invalid_region' }];
  }
  return [];
}

function phonesOf(input: { phone?: string | null; contacts?: TContactInput[] }): string[] {
  const out = new Set<string>();
  if (input.phone) out.add(normalizePhone(input.phone)!);
  for (const c of input.contacts ?? []) if (c.mobile) out.add(normalizePhone(c.mobile)!);
  return [...out].filter(Boolean);
}

// ---------- writes ----------

export interface DuplicateMatch {
  id: number;
  code: string;
  name: string;
  reasons: ('creditCode' | 'phone' | 'name')[];
}

export async function findDuplicates(
  db: Tx,
  input: { name: string; creditCode?: string | null; phone?: string | null; contacts?: TContactInput[] },
  excludeId?: number,
): Promise<DuplicateMatch[]> {
  return duplicateMatches(input, await repo.findDuplicates(db, duplicateProbe(input), excludeId));
}

function duplicateProbe(input: { name: string; creditCode?: string | null; phone?: string | null; contacts?: TContactInput[] }) {
  return { creditCode: input.creditCode, phones: phonesOf(input), nameNorm: normalizeName(input.name) };
}

/** Why each look-alike matched. */
function duplicateMatches(
  input: { name: string; creditCode?: string | null; phone?: string | null; contacts?: TContactInput[] },
  rows: repo.DuplicateRow[],
): DuplicateMatch[] {
  const phones = phonesOf(input);
  const nameNorm = normalizeName(input.name);
  return rows.map((r) => {
    const reasons: DuplicateMatch['reasons'] = [];
    if (input.creditCode && r.credit_code === input.creditCode) reasons.push('creditCode');
    if (r.phone && phones.includes(r.phone)) reasons.push('phone');
    if (r.name_norm === nameNorm) reasons.push('name');
    if (!reasons.length) reasons.push('phone'); // matched through a contact's mobile
    return { id: r.id, code: r.code, name: r.name, reasons };
  });
}

/** `phonesNormalized`: the numbers are valid and in their stored form already (an import's checked rows) */
function contactValues(c: TContactInput, customerId: number, by: number, now: string, phonesNormalized = false) {
  const phone = phonesNormalized ? (v: string) => v : normalizePhone;
  return {
    customer_id: customerId,
    name: c.name,
    gender: c.gender ?? null,
    department: c.department ?? null,
    title: c.title ?? null,
    buying_role: c.buyingRole ?? null,
    mobile: c.mobile ? phone(c.mobile) : null,
    phone: c.phone ? phone(c.phone) : null,
    email: c.email ?? null,
    wechat: c.wechat ?? null,
    birthday: c.birthday ?? null,
    hobbies: c.hobbies ?? null,
    personality: c.personality ?? null,
    is_primary: c.isPrimary ? 1 : 0,
    note: c.note ?? null,
    created_at: now,
    created_by: by,
    updated_at: now,
    updated_by: by,
  };
}

function addressValues(a: TAddressInput, customerId: number, by: number, now: string, isDefault: boolean) {
  return {
    customer_id: customerId,
    type: a.type,
    province_code: a.provinceCode,
    city_code: a.cityCode ?? null,
    district_code: a.districtCode ?? null,
    street: a.street ?? null,
    postcode: a.postcode ?? null,
    route_no: a.routeNo ?? null,
    is_default: isDefault ? 1 : 0,
    note: a.note ?? null,
    created_at: now,
    created_by: by,
    updated_at: now,
    updated_by: by,
  };
}

/** Keeps the customer's denormalised region (for lists and the address report) equal to its default address. */
async function syncRegion(db: Tx, customerId: number) {
  const def = (await repo.addressesOf(db, customerId))[0];
  await db
    .updateTable('customers')
    .set({ province_code: def?.province_code ?? null, city_code: def?.city_code ?? null, district_code: def?.district_code ?? null })
    .where('id', '=', customerId)
    .execute();
}

/** A user may hand a customer only to an owner and team inside their own data scope (else it would vanish from their view). */
export function assertOwnerInScope(p: Principal, rec: { owner_id: number | null; team_id: number | null }) {
  if (!inScope(p, 'customers', rec)) throw invalid([{ path: 'ownerId', key: 'owner_out_of_scope' }]);
}

/** Everything a create needs that does not depend on the database, so imports can batch it. */
export function prepareCustomer(input: TCustomerCreate, p: Principal, teamOfOwner: number | null, now: string, opts: { phonesNormalized?: boolean } = {}) {
  const defaultAddress = input.addresses?.find((a) => a.isDefault) ?? input.addresses?.[0];
  return {
    input,
    row: {
      type: input.type,
      name: input.name,
      short_name: input.shortName ?? null,
      name_norm: normalizeName(input.name),
      phone: input.phone ? (opts.phonesNormalized ? input.phone : normalizePhone(input.phone)) : null,
      email: input.email ?? null,
      credit_code: input.creditCode ?? null,
      id_number: input.idNumber ?? null,
      birthday: input.birthday ?? null,
      lifecycle_state: input.lifecycleState ?? 'active',
      grade: input.grade ?? null,
      source: input.source ?? null,
      service_tier: input.serviceTier ?? null,
      owner_id: input.ownerId ?? p.userId,
      team_id: input.teamId ?? teamOfOwner,
      province_code: defaultAddress?.provinceCode ?? null,
      city_code: defaultAddress?.cityCode ?? null,
      district_code: defaultAddress?.districtCode ?? null,
      profile: JSON.stringify(input.profile ?? {}),
      note: input.note ?? null,
      merged_into_id: null,
      archived_at: null,
      created_at: now,
      created_by: p.userId,
      updated_at: now,
      updated_by: p.userId,
    },
  };
}

/** Inserts prepared customers with their children, tokens, timeline and audit, inside `db` (a transaction). */
export async function insertPrepared(
  db: Tx,
  items: { input: TCustomerCreate; row: Record<string, unknown> & { name: string; created_at: string; created_by: number } }[],
  codes: string[],
  p: Principal,
  actx: AuditContext,
  /**
   * ids: the customers' ids, reserved beforehand (PostgreSQL): the customer rows then go in the same statement as the
   * rest. auditOf: each customer's audit entry (index into `items`), instead of the create request's; auditEach: false
   * writes none
   */
  opts: { event?: string; auditEach?: boolean; auditOf?: (id: number, index: number) => AuditEntry; ids?: number[]; phonesNormalized?: boolean } = {},
): Promise<number[]> {
  const ids: number[] = [];
  const CHUNK = 1000;
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    const customerRows = chunk.map((it, j) => ({ ...(it.row as object), code: codes[i + j], ...(opts.ids ? { id: opts.ids[i + j] } : {}) }) as never);
    const chunkIds = opts.ids ? opts.ids.slice(i, i + CHUNK) : await bulkInsert(db, 'customers', customerRows, true);
    for (const id of chunkIds) ids.push(id);
    const now = chunk[0].row.created_at;
    const contactsOf = chunk.map((it, j) => (it.input.contacts ?? []).map((c) => contactValues(c, chunkIds[j], p.userId, now, opts.phonesNormalized)));
    const addresses = chunk.flatMap((it, j) => {
      const list = it.input.addresses ?? [];
      const defIdx = Math.max(0, list.findIndex((a) => a.isDefault));
      return list.map((a, k) => addressValues(a, chunkIds[j], p.userId, now, k === defIdx));
    });
    const tags = chunk.flatMap((it, j) => [...new Set(it.input.tags ?? [])].map((tag) => ({ customer_id: chunkIds[j], tag })));
    const cls = chunk.flatMap((it, j) =>
      Object.entries(it.input.classifications ?? {}).flatMap(([dimension, values]) =>
        [...new Set(values)].map((value) => ({ customer_id: chunkIds[j], dimension, value })),
      ),
    );
    const grades = chunk.flatMap((it, j) =>
      it.input.grade
        ? [{ customer_id: chunkIds[j], old_grade: null, new_grade: it.input.grade, reason: '建档', approved_by: null, created_by: p.userId, created_at: now }]
        : [],
    );
    const events = chunk.map((_it, j) => ({
      customer_id: chunkIds[j],
      at: now,
      type: opts.event ?? 'created',
      module: 'customers',
      title: opts.event === 'imported' ? '导入建档' : '建档',
      body: null,
      ref_type: 'customer',
      ref_id: String(chunkIds[j]),
      actor_id: p.userId,
      data: null,
    }));
    // new customers: tokens from the values just written (what refreshSearch would read back)
    const tokens = chunk.map((it, j) => ({
      customerId: chunkIds[j],
      tokens: repo.customerTokens({ ...(it.row as unknown as { name: string; short_name: string | null; phone: string | null; credit_code: string | null }), code: codes[i + j] }, contactsOf[j]),
    }));
    await bulkInsertAll(
      db,
      [
        { table: 'customers', rows: opts.ids ? customerRows : [] },
        { table: 'contacts', rows: contactsOf.flat() },
        { table: 'addresses', rows: addresses },
        { table: 'customer_tags', rows: tags },
        { table: 'customer_classifications', rows: cls },
        { table: 'customer_grade_history', rows: grades },
        { table: 'customer_events', rows: events },
        {
          table: 'audit_log',
          rows:
            opts.auditEach === false && !opts.auditOf
              ? []
              : chunk.map((it, j) =>
                  auditRow(
                    actx,
                    opts.auditOf?.(chunkIds[j], i + j) ?? { action: 'create', entity: 'customer', entityId: chunkIds[j], summary: `${codes[i + j]} ${it.row.name}`, after: it.input },
                  ),
                ),
        },
      ],
      [{ postgres: searchTokensInsert(tokens), sqlite: () => insertSearchTokens(db, tokens) }],
    );
  }
  return ids;
}

export async function teamOf(db: Tx, userId: number): Promise<number | null> {
  const u = await db.selectFrom('users').select('org_unit_id').where('id', '=', userId).executeTakeFirst();
  return u?.org_unit_id ?? null;
}

export async function createCustomer(ctx: AppContext, p: Principal, input: TCustomerCreate, actx: AuditContext) {
  requirePermission(p, 'customers:create');
  const errors = await validateRefs(ctx, ctx.db, input, input.type);
  if (errors.length) throw invalid(errors);
  const now = ctx.clock.now();
  const owner = input.ownerId ?? p.userId;
  // one's own unit is in the principal already
  const team = owner === p.userId ? p.orgUnitId : await teamOf(ctx.db, owner);
  const prepared = prepareCustomer(input, p, team, now.toISOString());
  assertOwnerInScope(p, prepared.row);
  const duplicate = (rows: repo.DuplicateRow[]) => new AppError(409, 'CUSTOMER_DUPLICATE', [], { duplicates: duplicateMatches(input, rows) });
  if (ctx.dialect === 'postgres') {
    // PostgreSQL: the look-alikes, or else the number and the id, in one round trip; then the customer and
    // everything that belongs to it in one statement (atomic without BEGIN/COMMIT). A failed insert leaves a gap in
    // the day's numbers, never a reuse (as an import does).
    const reserved = input.confirmDuplicate
      ? await repo.reserveCustomer(ctx.db, CUSTOMER_PREFIX, now, ctx.config.timezone)
      : await repo.reserveUnlessDuplicate(ctx.db, duplicateProbe(input), CUSTOMER_PREFIX, now, ctx.config.timezone);
    if (!('code' in reserved)) throw duplicate(reserved.duplicates);
    await insertPrepared(ctx.db, [prepared as never], [reserved.code], p, actx, { ids: [reserved.id] });
    return getCustomer(ctx, p, reserved.id, { reveal: false }, actx);
  }
  if (!input.confirmDuplicate) {
    const rows = await repo.findDuplicates(ctx.db, duplicateProbe(input));
    if (rows.length) throw duplicate(rows);
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const codes = await nextCodes(trx, CUSTOMER_PREFIX, now, ctx.config.timezone);
    const [newId] = await insertPrepared(trx, [prepared as never], codes, p, actx);
    return newId;
  });
  return getCustomer(ctx, p, id, { reveal: false }, actx);
}

export async function updateCustomer(ctx: AppContext, p: Principal, id: number, input: TCustomerUpdate, actx: AuditContext) {
  requirePermission(p, 'customers:update');
  const before = await loadInScope(ctx.db, p, id);
  if (before.archived_at) throw new AppError(409, 'CUSTOMER_ARCHIVED');
  if (input.creditCode && before.type === 'individual') throw invalid([{ path: 'creditCode', key: 'not_for_individual' }]);
  if (input.idNumber && before.type === 'enterprise') throw invalid([{ path: 'idNumber', key: 'not_for_enterprise' }]);
  const errors = await validateRefs(ctx, ctx.db, input, before.type);
  if (errors.length) throw invalid(errors);
  if (input.grade !== undefined && input.grade !== before.grade && !can(p, 'customers:grade')) {
    // the grade has its own approval path (POST …/grade) for those who may set it
    throw invalid([{ path: 'grade', key: 'FORBIDDEN' }], 'FORBIDDEN');
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const set: Record<string, unknown> = { updated_at: now, updated_by: p.userId, version: input.version + 1 };
    const map: [keyof TCustomerUpdate, string, (v: any) => unknown][] = [
      ['name', 'name', (v) => v],
      ['shortName', 'short_name', (v) => v],
      ['phone', 'phone', (v) => (v ? normalizePhone(v) : null)],
      ['email', 'email', (v) => v],
      ['creditCode', 'credit_code', (v) => v],
      ['idNumber', 'id_number', (v) => v],
      ['birthday', 'birthday', (v) => v],
      ['lifecycleState', 'lifecycle_state', (v) => v],
      ['grade', 'grade', (v) => v],
      ['source', 'source', (v) => v],
      ['serviceTier', 'service_tier', (v) => v],
      ['ownerId', 'owner_id', (v) => v],
      ['teamId', 'team_id', (v) => v],
      ['note', 'note', (v) => v],
    ];
    for (const [k, col, f] of map) if (input[k] !== undefined) set[col] = f(input[k]);
    if (input.name !== undefined) set.name_norm = normalizeName(input.name);
    if (input.profile !== undefined) set.profile = JSON.stringify({ ...JSON.parse(before.profile), ...input.profile });
    if (input.ownerId !== undefined && input.teamId === undefined && input.ownerId !== null) set.team_id = await teamOf(trx, input.ownerId);
    if (input.ownerId !== undefined || input.teamId !== undefined) {
      const after = { ...before, ...set } as { owner_id: number | null; team_id: number | null };
      assertOwnerInScope(p, { owner_id: after.owner_id, team_id: after.team_id });
    }
    const res = await trx
      .updateTable('customers')
      .set(set as never)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    if (input.tags) await repo.replaceTags(trx, id, input.tags);
    if (input.classifications) await repo.replaceClassifications(trx, id, input.classifications);
    if (input.grade !== undefined && input.grade !== before.grade && input.grade) {
      await trx
        .insertInto('customer_grade_history')
        .values({ customer_id: id, old_grade: before.grade, new_grade: input.grade, reason: '资料修改', approved_by: null, created_by: p.userId, created_at: now })
        .execute();
    }
    await repo.refreshSearch(trx, [id]);
    const changed = Object.keys(input).filter((k) => k !== 'version');
    await recordEvent(trx, { customerId: id, type: 'updated', module: 'customers', title: '修改资料', data: { fields: changed }, actorId: p.userId, at: new Date(now) });
    await audit(trx, actx, { action: 'update', entity: 'customer', entityId: id, summary: before.code, before: pick(before, set), after: set });
  });
  return getCustomer(ctx, p, id, { reveal: false }, actx);
}

function pick(row: Record<string, unknown>, keys: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, row[k]]));
}

export async function changeGrade(
  ctx: AppContext,
  p: Principal,
  id: number,
  input: { grade: string; reason: string; approvedBy?: string | null; version: number },
  actx: AuditContext,
) {
  requirePermission(p, 'customers:grade');
  const before = await loadInScope(ctx.db, p, id);
  await ctx.dictionaries.assert([{ path: 'grade', type: 'grade', code: input.grade }]);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('customers')
      .set({ grade: input.grade, updated_at: now, updated_by: p.userId, version: input.version + 1 })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await trx
      .insertInto('customer_grade_history')
      .values({
        customer_id: id,
        old_grade: before.grade,
        new_grade: input.grade,
        reason: input.reason,
        approved_by: input.approvedBy ?? p.displayName,
        created_by: p.userId,
        created_at: now,
      })
      .execute();
    await recordEvent(trx, {
      customerId: id,
      type: 'grade_changed',
      module: 'customers',
      title: `等级 ${before.grade ?? '—'} → ${input.grade}`,
      body: input.reason,
      data: { from: before.grade, to: input.grade },
      actorId: p.userId,
      at: new Date(now),
    });
    await audit(trx, actx, { action: 'grade', entity: 'customer', entityId: id, before: { grade: before.grade }, after: { grade: input.grade, reason: input.reason } });
  });
  return getCustomer(ctx, p, id, { reveal: false }, actx);
}

export async function setArchived(ctx: AppContext, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext) {
  requirePermission(p, 'customers:archive');
  const before = await loadInScope(ctx.db, p, id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('customers')
      .set({ archived_at: archived ? now : null, updated_at: now, updated_by: p.userId, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await recordEvent(trx, { customerId: id, type: archived ? 'archived' : 'restored', module: 'customers', title: archived ? '归档' : '恢复', actorId: p.userId, at: new Date(now) });
    await audit(trx, actx, { action: archived ? 'archive' : 'restore', entity: 'customer', entityId: id, summary: before.code });
  });
  return getCustomer(ctx, p, id, { reveal: false }, actx);
}

/** Merges `sourceId` into `targetId`: every child record moves, the source is archived with a link. */
export async function mergeCustomers(ctx: AppContext, p: Principal, targetId: number, sourceId: number, version: number, actx: AuditContext) {
  requirePermission(p, 'customers:merge');
  if (targetId === sourceId) throw invalid([{ path: 'sourceId', key: 'MERGE_SAME_CUSTOMER' }], 'MERGE_SAME_CUSTOMER');
  const target = await loadInScope(ctx.db, p, targetId);
  const source = await loadInScope(ctx.db, p, sourceId);
  if (target.archived_at) throw new AppError(409, 'CUSTOMER_ARCHIVED');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('customers')
      .set({ updated_at: now, updated_by: p.userId, version: version + 1 })
      .where('id', '=', targetId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    for (const table of ['contacts', 'addresses', 'customer_grade_history', 'customer_events'] as const) {
      await trx.updateTable(table).set({ customer_id: targetId }).where('customer_id', '=', sourceId).execute();
    }
    await trx.updateTable('attachments').set({ owner_id: targetId }).where('owner_type', '=', 'customer').where('owner_id', '=', sourceId).execute();
    const targetTags = new Set((await repo.tagsOf(trx, [targetId])).get(targetId) ?? []);
    const sourceTags = (await repo.tagsOf(trx, [sourceId])).get(sourceId) ?? [];
    await repo.replaceTags(trx, targetId, [...targetTags, ...sourceTags]);
    await trx.deleteFrom('customer_tags').where('customer_id', '=', sourceId).execute();
    const tc = await repo.classificationsOf(trx, targetId);
    const sc = await repo.classificationsOf(trx, sourceId);
    for (const [dim, vals] of Object.entries(sc)) tc[dim] = [...new Set([...(tc[dim] ?? []), ...vals])];
    await repo.replaceClassifications(trx, targetId, tc);
    await trx.deleteFrom('customer_classifications').where('customer_id', '=', sourceId).execute();
    // keep a single default address on the target
    const addrs = await repo.addressesOf(trx, targetId);
    const def = addrs.find((a) => a.is_default) ?? addrs[0];
    if (def) {
      await trx.updateTable('addresses').set({ is_default: 0 }).where('customer_id', '=', targetId).execute();
      await trx.updateTable('addresses').set({ is_default: 1 }).where('id', '=', def.id).execute();
    }
    await runMergeHooks(trx, targetId, sourceId);
    await trx
      .updateTable('customers')
      .set({ merged_into_id: targetId, archived_at: now, updated_at: now, updated_by: p.userId, version: source.version + 1 })
      .where('id', '=', sourceId)
      .execute();
    await syncRegion(trx, targetId);
    await repo.refreshSearch(trx, [targetId, sourceId]);
    await recordEvent(trx, {
      customerId: targetId,
      type: 'merged',
      module: 'customers',
      title: `合并客户 ${source.code} ${source.name}`,
      data: { code: source.code, name: source.name },
      refType: 'customer',
      refId: sourceId,
      actorId: p.userId,
      at: new Date(now),
    });
    await audit(trx, actx, {
      action: 'merge',
      entity: 'customer',
      entityId: targetId,
      summary: `${source.code} → ${target.code}`,
      before: { target: target.code, source: source.code },
      after: { mergedInto: targetId },
    });
  });
  return getCustomer(ctx, p, targetId, { reveal: false }, actx);
}

/** Personal-information deletion request (个人信息保护法): erases the personal data, keeps an audited husk. */
export async function purgeCustomer(ctx: AppContext, p: Principal, id: number, reason: string, actx: AuditContext) {
  requirePermission(p, 'admin:purge');
  const before = assertFound(await repo.getCustomer(ctx.db, id), 'CUSTOMER_NOT_FOUND');
  const now = ctx.clock.now().toISOString();
  const attachments = await ctx.db.selectFrom('attachments').select('storage_key').where('owner_type', '=', 'customer').where('owner_id', '=', id).execute();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('contacts').where('customer_id', '=', id).execute();
    await trx.deleteFrom('addresses').where('customer_id', '=', id).execute();
    await trx.deleteFrom('customer_tags').where('customer_id', '=', id).execute();
    await trx.deleteFrom('customer_classifications').where('customer_id', '=', id).execute();
    await trx.deleteFrom('customer_events').where('customer_id', '=', id).execute();
    await trx.deleteFrom('attachments').where('owner_type', '=', 'customer').where('owner_id', '=', id).execute();
    await deleteSearchTokens(trx, id);
    await trx
      .updateTable('customers')
      .set({
        name: '已删除',
        short_name: null,
        name_norm: `purged-${id}`,
        phone: null,
        email: null,
        id_number: null,
        credit_code: null,
        birthday: null,
        profile: '{}',
        note: null,
        province_code: null,
        city_code: null,
        district_code: null,
        archived_at: before.archived_at ?? now,
        updated_at: now,
        updated_by: p.userId,
        version: before.version + 1,
      })
      .where('id', '=', id)
      .execute();
    // personal data must not survive in the audit trail either: redact earlier entries of this record
    await trx.updateTable('audit_log').set({ before: null, after: null }).where('entity', '=', 'customer').where('entity_id', '=', String(id)).execute();
    await audit(trx, actx, { action: 'purge', entity: 'customer', entityId: id, summary: `${before.code}: ${reason}`.slice(0, 500) });
  });
  for (const a of attachments) await ctx.files.remove(a.storage_key);
  return { id, code: before.code, purged: true };
}

// ---------- contacts ----------

async function bumpCustomer(trx: Tx, id: number, by: number, now: string) {
  await trx
    .updateTable('customers')
    .set((eb) => ({ updated_at: now, updated_by: by, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** The customer, in the principal's scope and not archived: contacts and addresses of an archived customer stay as they were. */
async function loadWritable(db: Tx, p: Principal, id: number) {
  const c = await loadInScope(db, p, id);
  if (c.archived_at) throw new AppError(409, 'CUSTOMER_ARCHIVED');
  return c;
}

export async function addContact(ctx: AppContext, p: Principal, customerId: number, input: TContactInput, actx: AuditContext) {
  requirePermission(p, 'customers:update');
  const c = await loadWritable(ctx.db, p, customerId);
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (input.isPrimary) await trx.updateTable('contacts').set({ is_primary: 0 }).where('customer_id', '=', customerId).execute();
    const row = await trx.insertInto('contacts').values(contactValues(input, customerId, p.userId, now)).returning('id').executeTakeFirstOrThrow();
    await bumpCustomer(trx, customerId, p.userId, now);
    await repo.refreshSearch(trx, [customerId]);
    await recordEvent(trx, { customerId, type: 'contact_added', module: 'customers', title: `新增联系人 ${input.name}`, data: { name: input.name }, actorId: p.userId, at: new Date(now) });
    await audit(trx, actx, { action: 'create', entity: 'contact', entityId: row.id, summary: `${c.code} ${input.name}`, after: input });
    return row.id;
  });
  const row = await ctx.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return contactOut(row, false);
}

export async function updateContact(
  ctx: AppContext,
  p: Principal,
  customerId: number,
  contactId: number,
  input: Partial<TContactInput> & { version: number },
  actx: AuditContext,
) {
  requirePermission(p, 'customers:update');
  const c = await loadWritable(ctx.db, p, customerId);
  const before = assertFound(
    await ctx.db.selectFrom('contacts').selectAll().where('id', '=', contactId).where('customer_id', '=', customerId).executeTakeFirst(),
    'CONTACT_NOT_FOUND',
  );
  const now = ctx.clock.now().toISOString();
  const full = { ...toContactInput(before), ...input } as TContactInput;
  const values = contactValues(full, customerId, p.userId, now);
  const { created_at: _c, created_by: _b, ...set } = values;
  await ctx.db.transaction().execute(async (trx) => {
    if (input.isPrimary) await trx.updateTable('contacts').set({ is_primary: 0 }).where('customer_id', '=', customerId).execute();
    const res = await trx
      .updateTable('contacts')
      .set({ ...set, version: input.version + 1 })
      .where('id', '=', contactId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await bumpCustomer(trx, customerId, p.userId, now);
    await repo.refreshSearch(trx, [customerId]);
    await recordEvent(trx, { customerId, type: 'contact_updated', module: 'customers', title: `修改联系人 ${full.name}`, data: { name: full.name }, actorId: p.userId, at: new Date(now) });
    await audit(trx, actx, { action: 'update', entity: 'contact', entityId: contactId, summary: c.code, before, after: set });
  });
  const row = await ctx.db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
  return contactOut(row, false);
}

function toContactInput(c: Selectable<ContactTable>): TContactInput {
  return {
    name: c.name,
    gender: c.gender as 'male' | null,
    department: c.department,
    title: c.title,
    buyingRole: c.buying_role as 'buyer' | null,
    mobile: c.mobile,
    phone: c.phone,
    email: c.email,
    wechat: c.wechat,
    birthday: c.birthday,
    hobbies: c.hobbies,
    personality: c.personality,
    isPrimary: !!c.is_primary,
    note: c.note,
  };
}

export async function archiveChild(
  ctx: AppContext,
  p: Principal,
  table: 'contacts' | 'addresses',
  customerId: number,
  childId: number,
  version: number,
  actx: AuditContext,
) {
  requirePermission(p, 'customers:update');
  await loadWritable(ctx.db, p, customerId);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable(table)
      .set({ archived_at: now, is_default: undefined, updated_at: now, updated_by: p.userId, version: version + 1 } as never)
      .where('id', '=', childId)
      .where('customer_id', '=', customerId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom(table).select('id').where('id', '=', childId).where('customer_id', '=', customerId).executeTakeFirst();
      throw exists ? conflict() : notFound();
    }
    if (table === 'addresses') {
      await trx.updateTable('addresses').set({ is_default: 0 }).where('id', '=', childId).execute();
      const rest = await repo.addressesOf(trx, customerId);
      if (rest.length && !rest.some((a) => a.is_default)) await trx.updateTable('addresses').set({ is_default: 1 }).where('id', '=', rest[0].id).execute();
      await syncRegion(trx, customerId);
    }
    await bumpCustomer(trx, customerId, p.userId, now);
    await repo.refreshSearch(trx, [customerId]);
    await recordEvent(trx, {
      customerId,
      type: table === 'contacts' ? 'contact_archived' : 'address_archived',
      module: 'customers',
      title: table === 'contacts' ? '归档联系人' : '归档地址',
      actorId: p.userId,
      at: new Date(now),
    });
    await audit(trx, actx, { action: 'archive', entity: table === 'contacts' ? 'contact' : 'address', entityId: childId });
  });
}

// ---------- addresses ----------

export async function addAddress(ctx: AppContext, p: Principal, customerId: number, input: TAddressInput, actx: AuditContext) {
  requirePermission(p, 'customers:update');
  const c = await loadWritable(ctx.db, p, customerId);
  const errs = [...addressErrors(input, ''), ...(await ctx.dictionaries.check([{ path: 'type', type: 'address_type', code: input.type }]))].map((e) => ({
    ...e,
    path: e.path.replace(/^\./, ''),
  }));
  if (errs.length) throw invalid(errs);
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const existing = await repo.addressesOf(trx, customerId);
    const makeDefault = !!input.isDefault || existing.length === 0;
    if (makeDefault) await trx.updateTable('addresses').set({ is_default: 0 }).where('customer_id', '=', customerId).execute();
    const row = await trx.insertInto('addresses').values(addressValues(input, customerId, p.userId, now, makeDefault)).returning('id').executeTakeFirstOrThrow();
    await syncRegion(trx, customerId);
    await bumpCustomer(trx, customerId, p.userId, now);
    await recordEvent(trx, {
      customerId,
      type: 'address_added',
      module: 'customers',
      title: `新增地址 ${regionFullName(input.provinceCode, input.cityCode, input.districtCode)}`,
      data: { region: regionFullName(input.provinceCode, input.cityCode, input.districtCode) },
      actorId: p.userId,
      at: new Date(now),
    });
    await audit(trx, actx, { action: 'create', entity: 'address', entityId: row.id, summary: c.code, after: input });
    return row.id;
  });
  const row = await ctx.db.selectFrom('addresses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return addressOut(row, false);
}

export async function updateAddress(
  ctx: AppContext,
  p: Principal,
  customerId: number,
  addressId: number,
  input: Partial<TAddressInput> & { version: number },
  actx: AuditContext,
) {
  requirePermission(p, 'customers:update');
  const c = await loadWritable(ctx.db, p, customerId);
  const before = assertFound(
    await ctx.db.selectFrom('addresses').selectAll().where('id', '=', addressId).where('customer_id', '=', customerId).executeTakeFirst(),
    'ADDRESS_NOT_FOUND',
  );
  const merged: TAddressInput = {
    type: input.type ?? before.type,
    provinceCode: input.provinceCode ?? before.province_code,
    cityCode: input.cityCode !== undefined ? input.cityCode : before.city_code,
    districtCode: input.districtCode !== undefined ? input.districtCode : before.district_code,
    street: input.street !== undefined ? input.street : before.street,
    postcode: input.postcode !== undefined ? input.postcode : before.postcode,
    routeNo: input.routeNo !== undefined ? input.routeNo : before.route_no,
    note: input.note !== undefined ? input.note : before.note,
    isDefault: input.isDefault ?? !!before.is_default,
  };
  const errs = [...addressErrors(merged, ''), ...(await ctx.dictionaries.check([{ path: 'type', type: 'address_type', code: merged.type }]))].map((e) => ({
    ...e,
    path: e.path.replace(/^\./, ''),
  }));
  if (errs.length) throw invalid(errs);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (input.isDefault) await trx.updateTable('addresses').set({ is_default: 0 }).where('customer_id', '=', customerId).execute();
    const { created_at: _a, created_by: _b, ...set } = addressValues(merged, customerId, p.userId, now, !!merged.isDefault);
    const res = await trx
      .updateTable('addresses')
      .set({ ...set, version: input.version + 1 })
      .where('id', '=', addressId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await syncRegion(trx, customerId);
    await bumpCustomer(trx, customerId, p.userId, now);
    await recordEvent(trx, { customerId, type: 'address_updated', module: 'customers', title: '修改地址', actorId: p.userId, at: new Date(now) });
    await audit(trx, actx, { action: 'update', entity: 'address', entityId: addressId, summary: c.code, before, after: set });
  });
  const row = await ctx.db.selectFrom('addresses').selectAll().where('id', '=', addressId).executeTakeFirstOrThrow();
  return addressOut(row, false);
}

// ---------- notes ----------

export async function addNote(ctx: AppContext, p: Principal, customerId: number, body: string, actx: AuditContext) {
  requirePermission(p, 'customers:update');
  await loadInScope(ctx.db, p, customerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await recordEvent(trx, { customerId, type: 'note', module: 'customers', title: '备注', body, actorId: p.userId, at: now });
    await audit(trx, actx, { action: 'note', entity: 'customer', entityId: customerId, after: { body } });
  });
}
