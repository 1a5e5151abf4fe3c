// Rules of the service network: outlets (售后服务中心网点) with their coverage regions, technicians' service
// profiles with today's load, and the dispatch proposal. Every write is audited and versioned.
import {
  OPEN_STATES,
  type TCertificate,
  type TDispatchProposalQuery,
  type TOutlet,
  type TOutletCreate,
  type TOutletDetail,
  type TOutletListQuery,
  type TOutletUpdate,
  type TPage,
  type TTechnician,
  type TTechnicianListQuery,
  type TTechnicianPut,
} from '@kehu/shared';
import type { Tx } from '../../db';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { parseSort } from '../../platform/paging';
import { requirePermission, type Principal } from '../../platform/permissions';
import { regionFullName, regionName } from '../../platform/regions';
import { outletLoads, proposeDispatch, technicianLoads, type DispatchProposal } from './dispatch';
import { localDate } from './local-date';
import * as repo from './network-repo';

type FieldErr = { path: string; key: string };

const isUniqueViolation = (err: unknown) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes((err as { code?: string } | null)?.code ?? '');

export function networkToday(ctx: AppContext): string {
  return localDate(ctx.clock.now(), ctx.config.timezone);
}

/** Full name of a division code at any level, e.g. 浙江省杭州市西湖区. */
export function divisionLabel(code: string | null): string | null {
  if (!code) return null;
  const province = code.slice(0, 2) + '0000';
  const city = code.slice(0, 4) + '00';
  return regionFullName(province, city === province ? null : city, code === city || code === province ? null : code) || regionName(code);
}

const isDivision = (code: string) => regionName(code) !== null;

const parseJson = <T>(json: string | null | undefined, fallback: T): T => {
  try {
    return json ? (JSON.parse(json) as T) : fallback;
  } catch {
    return fallback;
  }
};

/** Holds at least one certificate that has not expired on `day`. */
export function isCertified(certs: TCertificate[], day: string): boolean {
  return certs.some((c) => !c.validUntil || c.validUntil >= day);
}

// ---------- output shapes ----------

function technicianOut(r: repo.TechnicianRow, load: number): TTechnician {
  const hasProfile = r.version !== null;
  return {
    userId: Number(r.user_id),
    username: r.username,
    name: r.display_name,
    hasProfile,
    outletId: r.outlet_id === null ? null : Number(r.outlet_id),
    outletCode: r.outlet_code,
    outletName: r.outlet_name,
    skills: parseJson<string[]>(r.skills, []),
    certificates: parseJson<TCertificate[]>(r.certificates, []),
    dailyCapacity: r.daily_capacity ?? 0,
    active: hasProfile ? !!r.active : false,
    disabled: !!r.disabled,
    loadToday: load,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** Outlets with their coverage and head counts, in the order of `rows`. */
async function outletsOut(db: Tx, rows: repo.OutletRow[], today: string): Promise<TOutlet[]> {
  const ids = rows.map((r) => Number(r.id));
  const [regions, techs] = await Promise.all([repo.regionsOf(db, ids), repo.techniciansOfOutlets(db, ids)]);
  return rows.map((r) => {
    const id = Number(r.id);
    const staff = techs.filter((t) => Number(t.outlet_id) === id && t.active && !t.disabled);
    return {
      id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      level: r.level,
      orgUnitId: r.org_unit_id === null ? null : Number(r.org_unit_id),
      orgUnitName: r.org_unit_name,
      regionCode: r.region_code,
      region: divisionLabel(r.region_code),
      address: r.address,
      manager: r.manager,
      phone: r.phone,
      fax: r.fax,
      email: r.email,
      serviceTypes: parseJson<string[]>(r.service_types, []),
      skills: parseJson<string[]>(r.skills, []),
      dailyCapacity: r.daily_capacity,
      openingHours: r.opening_hours,
      authorisedFrom: r.authorised_from,
      authorisedTo: r.authorised_to,
      annualGrade: r.annual_grade,
      note: r.note,
      technicianCount: staff.length,
      certifiedCount: staff.filter((t) => isCertified(parseJson<TCertificate[]>(t.certificates, []), today)).length,
      regions: regions
        .filter((g) => Number(g.outlet_id) === id)
        .map((g) => ({ regionCode: g.region_code, regionType: g.region_type, region: divisionLabel(g.region_code) })),
      archivedAt: r.archived_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    };
  });
}

const outletAudit = (o: TOutlet) => {
  const { createdAt: _c, updatedAt: _u, orgUnitName: _n, region: _r, technicianCount: _t, certifiedCount: _cc, ...rest } = o;
  return { ...rest, regions: rest.regions.map((g) => `${g.regionCode}:${g.regionType}`) };
};

async function loadOutlet(db: Tx, id: number, today: string): Promise<TOutlet> {
  const r = await repo.getOutlet(db, id);
  if (!r) throw notFound('OUTLET_NOT_FOUND');
  return (await outletsOut(db, [r], today))[0]!;
}

// ---------- outlets ----------

export const toOutletFilter = (q: Pick<TOutletListQuery, 'q' | 'regionCode' | 'kind' | 'serviceType' | 'archived'>): repo.OutletFilter => ({
  q: q.q || undefined,
  regionCode: q.regionCode,
  kind: q.kind,
  serviceType: q.serviceType,
  archived: q.archived,
});

export async function listOutlets(ctx: AppContext, p: Principal, q: TOutletListQuery): Promise<TPage<TOutlet>> {
  requirePermission(p, 'service:read');
  const sort = parseSort(q.sort, repo.OUTLET_SORTABLE, [{ column: 'outlets.code', dir: 'asc' }]);
  const { rows, total } = await repo.listOutlets(ctx.db, toOutletFilter(q), sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: await outletsOut(ctx.db, rows, networkToday(ctx)), total, page: q.page, pageSize: q.pageSize };
}

/** An outlet with its coverage, its technicians with today's load, and the outlet's load today. */
export async function getOutlet(ctx: AppContext, p: Principal, id: number): Promise<TOutletDetail> {
  requirePermission(p, 'service:read');
  const today = networkToday(ctx);
  const outlet = await loadOutlet(ctx.db, id, today);
  const techs = await repo.techniciansOfOutlets(ctx.db, [id]);
  const [loads, outletLoad] = await Promise.all([
    technicianLoads(ctx.db, techs.map((t) => Number(t.user_id)), today, ctx.config.timezone),
    outletLoads(ctx.db, [id], today, ctx.config.timezone),
  ]);
  return {
    ...outlet,
    loadToday: outletLoad.get(id) ?? 0,
    technicians: techs.map((t) => technicianOut(t as repo.TechnicianRow, loads.get(Number(t.user_id)) ?? 0)),
  };
}

/** Field checks that need the reference data: division codes, the team, the authorisation period, the coverage. */
async function checkOutlet(
  db: Tx,
  input: { regionCode?: string | null; orgUnitId?: number | null; authorisedFrom?: string | null; authorisedTo?: string | null; regions?: { regionCode: string }[] },
  errors: FieldErr[],
) {
  if (input.regionCode && !isDivision(input.regionCode)) errors.push({ path: 'regionCode', key: 'invalid_region' });
  if (input.orgUnitId) {
    const u = await repo.orgUnit(db, input.orgUnitId);
    if (!u || u.archived_at) errors.push({ path: 'orgUnitId', key: 'unknown_org_unit' });
  }
  if (input.authorisedFrom && input.authorisedTo && input.authorisedTo < input.authorisedFrom) errors.push({ path: 'authorisedTo', key: 'authorised_to_before_from' });
  const seen = new Set<string>();
  input.regions?.forEach((g, i) => {
    if (!isDivision(g.regionCode)) errors.push({ path: `regions.${i}.regionCode`, key: 'invalid_region' });
    else if (seen.has(g.regionCode)) errors.push({ path: `regions.${i}.regionCode`, key: 'duplicate_region' });
    seen.add(g.regionCode);
  });
}

const outletCodeTaken = () => new AppError(409, 'OUTLET_CODE_TAKEN', [{ path: 'code', key: 'duplicate_code' }]);

export async function createOutlet(ctx: AppContext, p: Principal, input: TOutletCreate, actx: AuditContext): Promise<TOutlet> {
  requirePermission(p, 'service:network');
  const errors: FieldErr[] = [];
  await checkOutlet(ctx.db, input, errors);
  if (errors.length) throw invalid(errors);
  if (await repo.outletCodeTaken(ctx.db, input.code)) throw outletCodeTaken();
  const now = ctx.clock.now().toISOString();
  const today = networkToday(ctx);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const id = await repo.insertOutlet(trx, {
        code: input.code,
        name: input.name,
        kind: input.kind,
        level: input.level || null,
        org_unit_id: input.orgUnitId ?? null,
        region_code: input.regionCode ?? null,
        address: input.address || null,
        manager: input.manager || null,
        phone: input.phone || null,
        fax: input.fax || null,
        email: input.email || null,
        service_types: JSON.stringify(input.serviceTypes),
        skills: JSON.stringify(input.skills),
        daily_capacity: input.dailyCapacity,
        opening_hours: input.openingHours || null,
        authorised_from: input.authorisedFrom ?? null,
        authorised_to: input.authorisedTo ?? null,
        annual_grade: input.annualGrade || null,
        note: input.note || null,
        archived_at: null,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceRegions(trx, id, input.regions);
      const out = await loadOutlet(trx, id, today);
      await audit(trx, actx, { action: 'create', entity: 'outlet', entityId: id, summary: `${out.code} ${out.name}`, after: outletAudit(out) });
      return out;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw outletCodeTaken();
    throw err;
  }
}

const OUTLET_COLUMNS: Record<string, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  level: 'level',
  orgUnitId: 'org_unit_id',
  regionCode: 'region_code',
  address: 'address',
  manager: 'manager',
  phone: 'phone',
  fax: 'fax',
  email: 'email',
  dailyCapacity: 'daily_capacity',
  openingHours: 'opening_hours',
  authorisedFrom: 'authorised_from',
  authorisedTo: 'authorised_to',
  annualGrade: 'annual_grade',
  note: 'note',
};

export async function updateOutlet(ctx: AppContext, p: Principal, id: number, input: TOutletUpdate, actx: AuditContext): Promise<TOutlet> {
  requirePermission(p, 'service:network');
  const today = networkToday(ctx);
  const before = await loadOutlet(ctx.db, id, today);
  if (before.archivedAt) throw new AppError(409, 'OUTLET_ARCHIVED');
  const errors: FieldErr[] = [];
  // the period is checked as it will be after the change
  await checkOutlet(
    ctx.db,
    {
      ...input,
      authorisedFrom: input.authorisedFrom === undefined ? before.authorisedFrom : input.authorisedFrom,
      authorisedTo: input.authorisedTo === undefined ? before.authorisedTo : input.authorisedTo,
    },
    errors,
  );
  if (errors.length) throw invalid(errors);
  if (input.code !== undefined && input.code !== before.code && (await repo.outletCodeTaken(ctx.db, input.code, id))) throw outletCodeTaken();
  const set: Record<string, unknown> = { updated_at: ctx.clock.now().toISOString() };
  for (const [field, column] of Object.entries(OUTLET_COLUMNS)) {
    const v = (input as Record<string, unknown>)[field];
    // empty text is stored as null
    if (v !== undefined) set[column] = v === '' ? null : v;
  }
  if (input.serviceTypes !== undefined) set.service_types = JSON.stringify(input.serviceTypes);
  if (input.skills !== undefined) set.skills = JSON.stringify(input.skills);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.updateOutletVersioned(trx, id, input.version, set))) throw conflict();
      if (input.regions !== undefined) await repo.replaceRegions(trx, id, input.regions);
      const after = await loadOutlet(trx, id, today);
      await audit(trx, actx, { action: 'update', entity: 'outlet', entityId: id, summary: after.code, before: outletAudit(before), after: outletAudit(after) });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw outletCodeTaken();
    throw err;
  }
}

/** Archiving (停用) is refused while the outlet still has open orders: they must be transferred first. */
export async function setOutletArchived(ctx: AppContext, p: Principal, id: number, archived: boolean, version: number, actx: AuditContext): Promise<TOutlet> {
  requirePermission(p, 'service:network');
  const today = networkToday(ctx);
  const before = await loadOutlet(ctx.db, id, today);
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    if (archived) {
      const open = await repo.openOrderCount(trx, id, OPEN_STATES);
      if (open > 0) throw new AppError(409, 'OUTLET_HAS_OPEN_ORDERS', [], { openOrders: open });
    }
    if (!(await repo.updateOutletVersioned(trx, id, version, { archived_at: archived ? now : null, updated_at: now }))) throw conflict();
    await audit(trx, actx, { action: archived ? 'archive' : 'restore', entity: 'outlet', entityId: id, summary: before.code });
    return loadOutlet(trx, id, today);
  });
}

/** Live outlets for pickers (id, code, name, kind, region). */
export async function outletOptions(ctx: AppContext, p: Principal) {
  requirePermission(p, 'service:read');
  const rows = await ctx.db
    .selectFrom('outlets')
    .select(['id', 'code', 'name', 'kind', 'region_code'])
    .where('archived_at', 'is', null)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, kind: r.kind, region: divisionLabel(r.region_code) }));
}

// ---------- technicians ----------

export async function listTechnicians(ctx: AppContext, p: Principal, q: TTechnicianListQuery): Promise<TPage<TTechnician>> {
  requirePermission(p, 'service:read');
  const { rows, total } = await repo.listTechnicians(
    ctx.db,
    {
      q: q.q || undefined,
      outletId: q.outletId,
      skill: q.skill,
      active: q.active === undefined ? undefined : q.active === 'true',
      includeUnprofiled: q.includeUnprofiled === 'true',
    },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const loads = await technicianLoads(ctx.db, rows.map((r) => Number(r.user_id)), networkToday(ctx), ctx.config.timezone);
  return { items: rows.map((r) => technicianOut(r, loads.get(Number(r.user_id)) ?? 0)), total, page: q.page, pageSize: q.pageSize };
}

async function loadTechnician(db: Tx, userId: number, today: string, timeZone: string): Promise<TTechnician | null> {
  const r = await repo.getTechnician(db, userId);
  if (!r) return null;
  const loads = await technicianLoads(db, [userId], today, timeZone);
  return technicianOut(r, loads.get(userId) ?? 0);
}

/** A technician's profile; a user holding the technician role without one yet answers an empty profile. */
export async function getTechnician(ctx: AppContext, p: Principal, userId: number): Promise<TTechnician> {
  requirePermission(p, 'service:read');
  const t = await loadTechnician(ctx.db, userId, networkToday(ctx), ctx.config.timezone);
  if (t) return t;
  const u = await repo.userForProfile(ctx.db, userId);
  if (!u || !u.is_technician) throw notFound('TECHNICIAN_NOT_FOUND');
  return technicianOut(
    { user_id: Number(u.id), username: u.username, display_name: u.display_name, disabled: u.disabled, outlet_id: null, outlet_code: null, outlet_name: null, skills: null, certificates: null, daily_capacity: null, active: null, created_at: null, updated_at: null, version: null },
    0,
  );
}

/** Creates or replaces the service profile of a user who holds the technician role. */
export async function putTechnician(ctx: AppContext, p: Principal, userId: number, input: TTechnicianPut, actx: AuditContext): Promise<TTechnician> {
  requirePermission(p, 'service:network');
  const u = await repo.userForProfile(ctx.db, userId);
  if (!u) throw notFound('USER_NOT_FOUND');
  if (!u.is_technician) throw new AppError(400, 'NOT_A_TECHNICIAN', [{ path: 'userId', key: 'NOT_A_TECHNICIAN' }]);
  const outlet = await repo.getOutlet(ctx.db, input.outletId);
  const errors: FieldErr[] = [];
  if (!outlet) errors.push({ path: 'outletId', key: 'unknown_outlet' });
  else if (outlet.archived_at) errors.push({ path: 'outletId', key: 'archived_outlet' });
  if (errors.length) throw invalid(errors);
  const today = networkToday(ctx);
  const tz = ctx.config.timezone;
  const now = ctx.clock.now().toISOString();
  const values = {
    outlet_id: input.outletId,
    skills: JSON.stringify(input.skills),
    certificates: JSON.stringify(input.certificates.map((c) => ({ name: c.name, number: c.number || null, validUntil: c.validUntil ?? null }))),
    daily_capacity: input.dailyCapacity,
    active: input.active ? 1 : 0,
  };
  const profileAudit = (t: TTechnician) => ({ outletId: t.outletId, skills: t.skills, certificates: t.certificates, dailyCapacity: t.dailyCapacity, active: t.active, version: t.version });
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const before = await loadTechnician(trx, userId, today, tz);
      if (before) {
        if (input.version === undefined) throw invalid([{ path: 'version', key: 'required' }]);
        if (!(await repo.updateTechnicianVersioned(trx, userId, input.version, { ...values, updated_at: now }))) throw conflict('VERSION_CONFLICT', { current: before.version });
      } else {
        await repo.insertTechnician(trx, { user_id: userId, ...values, created_at: now, updated_at: now });
      }
      const after = (await loadTechnician(trx, userId, today, tz))!;
      await audit(trx, actx, {
        action: before ? 'update' : 'create',
        entity: 'technician',
        entityId: userId,
        summary: `${u.username} @ ${outlet!.code}`,
        before: before ? profileAudit(before) : undefined,
        after: profileAudit(after),
      });
      return after;
    });
  } catch (err) {
    // two first saves at once: the second finds the profile made
    if (isUniqueViolation(err)) throw conflict();
    throw err;
  }
}

// ---------- dispatch proposal ----------

export async function dispatchProposal(ctx: AppContext, p: Principal, q: TDispatchProposalQuery): Promise<DispatchProposal> {
  requirePermission(p, 'service:dispatch');
  return proposeDispatch(ctx.db, {
    regionCode: q.regionCode ?? null,
    serviceType: q.serviceType,
    skill: q.skill ?? null,
    outletId: q.outletId,
    today: networkToday(ctx),
    timeZone: ctx.config.timezone,
  });
}
