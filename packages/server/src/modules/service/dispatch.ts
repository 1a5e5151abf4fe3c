// The dispatch proposal (派工建议, domain.md §4.4): the outlet whose coverage best matches the order's region, and
// that outlet's technicians ranked by skill and today's load; plus the guard run when an order is dispatched.
import { OPEN_STATES } from '@kehu/shared';
import type { Tx } from '../../db';
import { AppError } from '../../platform/errors';
import { localDayStart } from '../admin/calc';
import { addDays } from './local-date';

export interface DispatchCandidate { userId: number; name: string; skills: string[]; load: number; capacity: number; hasSkill: boolean }
export interface DispatchProposal { outlet: { id: number; name: string; code: string; regionType: string; matchedRegion: string } | null; alternatives: { id: number; name: string; code: string; matchedRegion: string }[]; technicians: DispatchCandidate[]; regionType: string }

const DEFAULT_REGION_TYPE = 'urban';
const KIND_ORDER: Record<string, number> = { own: 0, special: 1, authorised: 2 };

const parseList = (json: string | null | undefined): string[] => {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** The division codes a coverage entry may hold for `code`, most specific first: county, city, province. */
export function coverageCodes(code: string): string[] {
  const out = [code, code.slice(0, 4) + '00', code.slice(0, 2) + '0000'];
  return out.filter((c, i) => out.indexOf(c) === i);
}

export interface CoverageMatch {
  id: number;
  code: string;
  name: string;
  kind: string;
  matchedRegion: string;
  regionType: string;
}

/**
 * Orders the outlets whose coverage matched: the longest (most specific) matching code first, then own service
 * centres before special repair stations before authorised providers, then the outlet code. An outlet listed under
 * several levels counts with its most specific one.
 */
export function rankCoverage(matches: CoverageMatch[], regionCode: string): CoverageMatch[] {
  const levels = coverageCodes(regionCode);
  const best = new Map<number, CoverageMatch>();
  for (const m of matches) {
    const cur = best.get(m.id);
    if (!cur || levels.indexOf(m.matchedRegion) < levels.indexOf(cur.matchedRegion)) best.set(m.id, m);
  }
  return [...best.values()].sort(
    (a, b) =>
      levels.indexOf(a.matchedRegion) - levels.indexOf(b.matchedRegion) ||
      (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

const byName = new Intl.Collator('zh-Hans-CN');

/** Has the skill first, then the lowest load today, then the most capacity left, then the name (pinyin order). */
export function rankTechnicians(list: DispatchCandidate[]): DispatchCandidate[] {
  return [...list].sort(
    (a, b) =>
      Number(b.hasSkill) - Number(a.hasSkill) ||
      a.load - b.load ||
      b.capacity - b.load - (a.capacity - a.load) ||
      byName.compare(a.name, b.name) ||
      a.userId - b.userId,
  );
}

/** The `[from, to)` instants of a local calendar day, as ISO strings. */
export function dayRange(today: string, timeZone: string): { from: string; to: string } {
  return { from: localDayStart(today, timeZone).toISOString(), to: localDayStart(addDays(today, 1), timeZone).toISOString() };
}

/**
 * Today's load per technician: their open orders booked for today or not booked at all. Only the given users'
 * orders are read, through the (owner_id, state, id) index.
 */
export async function technicianLoads(db: Tx, userIds: number[], today: string, timeZone: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!userIds.length) return out;
  const { from, to } = dayRange(today, timeZone);
  const rows = await db
    .selectFrom('service_orders')
    .select(['owner_id', (eb) => eb.fn.countAll().as('n')])
    .where('owner_id', 'in', userIds)
    .where('state', 'in', [...OPEN_STATES])
    .where((eb) => eb.or([eb('appointment_from', 'is', null), eb.and([eb('appointment_from', '>=', from), eb('appointment_from', '<', to)])]))
    .groupBy('owner_id')
    .execute();
  for (const r of rows) if (r.owner_id !== null) out.set(Number(r.owner_id), Number(r.n));
  return out;
}

/** Today's load of whole outlets (open orders of the outlet booked for today or not booked). */
export async function outletLoads(db: Tx, outletIds: number[], today: string, timeZone: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!outletIds.length) return out;
  const { from, to } = dayRange(today, timeZone);
  const rows = await db
    .selectFrom('service_orders')
    .select(['outlet_id', (eb) => eb.fn.countAll().as('n')])
    .where('outlet_id', 'in', outletIds)
    .where('state', 'in', [...OPEN_STATES])
    .where((eb) => eb.or([eb('appointment_from', 'is', null), eb.and([eb('appointment_from', '>=', from), eb('appointment_from', '<', to)])]))
    .groupBy('outlet_id')
    .execute();
  for (const r of rows) if (r.outlet_id !== null) out.set(Number(r.outlet_id), Number(r.n));
  return out;
}

/** Active technicians of an outlet (profile active, account enabled) with today's load, ranked. */
export async function outletCandidates(db: Tx, outletId: number, skill: string | null, today: string, timeZone: string): Promise<DispatchCandidate[]> {
  const techs = await db
    .selectFrom('technicians')
    .innerJoin('users', 'users.id', 'technicians.user_id')
    .select(['technicians.user_id', 'technicians.skills', 'technicians.daily_capacity', 'users.display_name'])
    .where('technicians.outlet_id', '=', outletId)
    .where('technicians.active', '=', 1)
    .where('users.disabled', '=', 0)
    .execute();
  const loads = await technicianLoads(
    db,
    techs.map((t) => Number(t.user_id)),
    today,
    timeZone,
  );
  return rankTechnicians(
    techs.map((t) => {
      const skills = parseList(t.skills);
      const userId = Number(t.user_id);
      return { userId, name: t.display_name, skills, load: loads.get(userId) ?? 0, capacity: t.daily_capacity, hasSkill: !skill || skills.includes(skill) };
    }),
  );
}

/** outlets covering the region (longest matching coverage code: county, then city, then province; live, authorised today, offering the service type); technicians of the chosen outlet (or of `outletId` when given) ordered: has skill first, then lowest load today, then capacity left, then name */
export async function proposeDispatch(
  db: Tx,
  input: { regionCode: string | null; serviceType: string; skill: string | null; outletId?: number; today: string /* YYYY-MM-DD local */; timeZone: string },
): Promise<DispatchProposal> {
  let ranked: CoverageMatch[] = [];
  if (input.regionCode) {
    const rows = await db
      .selectFrom('outlet_regions')
      .innerJoin('outlets', 'outlets.id', 'outlet_regions.outlet_id')
      .select([
        'outlets.id',
        'outlets.code',
        'outlets.name',
        'outlets.kind',
        'outlets.service_types',
        'outlet_regions.region_code',
        'outlet_regions.region_type',
      ])
      .where('outlet_regions.region_code', 'in', coverageCodes(input.regionCode))
      .where('outlets.archived_at', 'is', null)
      .where((eb) => eb.or([eb('outlets.authorised_from', 'is', null), eb('outlets.authorised_from', '<=', input.today)]))
      .where((eb) => eb.or([eb('outlets.authorised_to', 'is', null), eb('outlets.authorised_to', '>=', input.today)]))
      .execute();
    ranked = rankCoverage(
      rows
        .filter((r) => parseList(r.service_types).includes(input.serviceType))
        .map((r) => ({ id: Number(r.id), code: r.code, name: r.name, kind: r.kind, matchedRegion: r.region_code, regionType: r.region_type })),
      input.regionCode,
    );
  }

  let outlet: DispatchProposal['outlet'] = null;
  // the region type follows the best coverage entry, whichever outlet the dispatcher then picks
  let regionType = ranked[0]?.regionType ?? DEFAULT_REGION_TYPE;
  if (input.outletId !== undefined) {
    const chosen = ranked.find((m) => m.id === input.outletId);
    if (chosen) {
      outlet = { id: chosen.id, name: chosen.name, code: chosen.code, regionType: chosen.regionType, matchedRegion: chosen.matchedRegion };
      regionType = chosen.regionType;
    } else {
      // an outlet chosen by hand that does not cover the region (or does not offer the type) is still allowed
      const o = await db.selectFrom('outlets').select(['id', 'code', 'name']).where('id', '=', input.outletId).where('archived_at', 'is', null).executeTakeFirst();
      if (o) outlet = { id: Number(o.id), name: o.name, code: o.code, regionType, matchedRegion: '' };
    }
  } else if (ranked[0]) {
    const m = ranked[0];
    outlet = { id: m.id, name: m.name, code: m.code, regionType: m.regionType, matchedRegion: m.matchedRegion };
  }

  const alternatives = ranked.filter((m) => m.id !== outlet?.id).map((m) => ({ id: m.id, name: m.name, code: m.code, matchedRegion: m.matchedRegion }));
  const technicians = outlet ? await outletCandidates(db, outlet.id, input.skill, input.today, input.timeZone) : [];
  return { outlet, alternatives, technicians, regionType };
}

const misfit = (code: string, extra: Record<string, unknown> = {}) => new AppError(400, code, [{ path: 'technicianId', key: code }], extra);

/** guard used when an order is dispatched: throws AppError 400 with code TECHNICIAN_SKILL_MISSING / TECHNICIAN_NOT_IN_OUTLET / TECHNICIAN_INACTIVE (add the zh-CN/en-US texts) */
export async function assertTechnicianFits(db: Tx, input: { outletId: number; technicianId: number; skill: string | null }): Promise<void> {
  const t = await db
    .selectFrom('technicians')
    .innerJoin('users', 'users.id', 'technicians.user_id')
    .select(['technicians.outlet_id', 'technicians.skills', 'technicians.active', 'users.disabled'])
    .where('technicians.user_id', '=', input.technicianId)
    .executeTakeFirst();
  // a user without a technician profile belongs to no outlet
  if (!t || Number(t.outlet_id) !== input.outletId) throw misfit('TECHNICIAN_NOT_IN_OUTLET');
  if (!t.active || t.disabled) throw misfit('TECHNICIAN_INACTIVE');
  if (input.skill && !parseList(t.skills).includes(input.skill)) throw misfit('TECHNICIAN_SKILL_MISSING', { skill: input.skill });
}
