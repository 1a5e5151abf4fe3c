// SQL of the service network: outlets (售后服务中心网点) with their coverage, and technicians' service profiles.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Tx } from '../../db';
import type { DB } from '../../db/schema';
import type { OutletTable, TechnicianTable } from '../../db/schema-service';
import type { SortSpec } from '../../platform/paging';
import { coverageCodes } from './dispatch';

const count = (v: unknown) => Number(v ?? 0);

/** `%term%` for LIKE with the wildcards of the term escaped (used with `escape '\'`). */
function likePattern(term: string) {
  return '%' + term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
const like = (column: string, pat: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pat} escape '\\'`;
/** a value inside a JSON array of strings kept as text (the values are plain codes: no quotes to escape) */
const jsonHas = (column: string, value: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${likePattern(`"${value}"`)} escape '\\'`;

export type OutletRow = Selectable<OutletTable> & { org_unit_name: string | null };

// ---------- outlets ----------

export const OUTLET_SORTABLE = {
  code: 'outlets.code',
  name: 'outlets.name',
  kind: 'outlets.kind',
  level: 'outlets.level',
  dailyCapacity: 'outlets.daily_capacity',
  authorisedTo: 'outlets.authorised_to',
  annualGrade: 'outlets.annual_grade',
  createdAt: 'outlets.id',
} as const;
export type OutletSortColumn = (typeof OUTLET_SORTABLE)[keyof typeof OUTLET_SORTABLE];

export interface OutletFilter {
  q?: string;
  regionCode?: string;
  kind?: string;
  serviceType?: string;
  archived: 'false' | 'true' | 'all';
}

/** The prefix that every code inside a division shares: 33 for a province, 3301 for a city, 330106 for a county. */
function divisionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

function outletConditions(eb: ExpressionBuilder<DB, 'outlets'>, f: OutletFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.archived === 'false') c.push(eb('outlets.archived_at', 'is', null));
  if (f.archived === 'true') c.push(eb('outlets.archived_at', 'is not', null));
  if (f.kind) c.push(eb('outlets.kind', '=', f.kind));
  if (f.serviceType) c.push(jsonHas('outlets.service_types', f.serviceType));
  if (f.q) {
    const pat = likePattern(f.q);
    c.push(eb.or([like('outlets.code', pat), like('outlets.name', pat), like('outlets.manager', pat), like('outlets.address', pat)]));
  }
  if (f.regionCode) {
    // covering the division itself, a division above it, or a part of it; or located inside it
    const inside = divisionPrefix(f.regionCode) + '%';
    c.push(
      eb.or([
        eb('outlets.region_code', 'like', inside),
        eb.exists(
          eb
            .selectFrom('outlet_regions')
            .select('outlet_regions.outlet_id')
            .whereRef('outlet_regions.outlet_id', '=', 'outlets.id')
            .where((e) => e.or([e('outlet_regions.region_code', 'in', coverageCodes(f.regionCode!)), e('outlet_regions.region_code', 'like', inside)])),
        ),
      ]),
    );
  }
  return c;
}

const outletSelect = (db: Tx) =>
  db.selectFrom('outlets').leftJoin('org_units', 'org_units.id', 'outlets.org_unit_id').selectAll('outlets').select('org_units.name as org_unit_name');

export async function listOutlets(db: Tx, f: OutletFilter, sort: SortSpec<OutletSortColumn>, limit: number, offset: number) {
  let q = outletSelect(db).where((eb) => eb.and(outletConditions(eb, f)));
  for (const s of sort) q = q.orderBy(s.column, s.dir);
  const rows = await q.orderBy('outlets.id', 'asc').limit(limit).offset(offset).execute();
  const total = await db
    .selectFrom('outlets')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.and(outletConditions(eb, f)))
    .executeTakeFirstOrThrow();
  return { rows: rows as OutletRow[], total: count(total.n) };
}

/** Every outlet of a filter, in pages of `size` by id (for the export). */
export async function* iterateOutlets(db: Tx, f: OutletFilter, size = 500): AsyncGenerator<OutletRow[]> {
  let after = 0;
  for (;;) {
    const rows = (await outletSelect(db)
      .where((eb) => eb.and([...outletConditions(eb, f), eb('outlets.id', '>', after)]))
      .orderBy('outlets.id', 'asc')
      .limit(size)
      .execute()) as OutletRow[];
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < size) return;
  }
}

export async function getOutlet(db: Tx, id: number): Promise<OutletRow | undefined> {
  return (await outletSelect(db).where('outlets.id', '=', id).executeTakeFirst()) as OutletRow | undefined;
}

export async function outletCodeTaken(db: Tx, code: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('outlets').select('id').where('code', '=', code);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function insertOutlet(db: Tx, values: Insertable<OutletTable>): Promise<number> {
  const r = await db.insertInto('outlets').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Writes when the version matches, and bumps it; false when someone else changed the outlet first. */
export async function updateOutletVersioned(db: Tx, id: number, version: number, set: Updateable<OutletTable>): Promise<boolean> {
  const r = await db
    .updateTable('outlets')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function regionsOf(db: Tx, outletIds: number[]) {
  if (!outletIds.length) return [];
  return db
    .selectFrom('outlet_regions')
    .select(['outlet_id', 'region_code', 'region_type'])
    .where('outlet_id', 'in', outletIds)
    .orderBy('outlet_id')
    .orderBy('region_code')
    .execute();
}

export async function replaceRegions(db: Tx, outletId: number, regions: { regionCode: string; regionType: string }[]): Promise<void> {
  await db.deleteFrom('outlet_regions').where('outlet_id', '=', outletId).execute();
  if (regions.length) {
    await db
      .insertInto('outlet_regions')
      .values(regions.map((r) => ({ outlet_id: outletId, region_code: r.regionCode, region_type: r.regionType })))
      .execute();
  }
}

/** Technician profiles of outlets (with their account) for head counts and the detail page. */
export async function techniciansOfOutlets(db: Tx, outletIds: number[]) {
  if (!outletIds.length) return [];
  return technicianSelect(db).where('technicians.outlet_id', 'in', outletIds).orderBy('users.display_name').orderBy('users.id').execute();
}

export async function openOrderCount(db: Tx, outletId: number, openStates: readonly string[]): Promise<number> {
  const r = await db
    .selectFrom('service_orders')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('outlet_id', '=', outletId)
    .where('state', 'in', [...openStates])
    .executeTakeFirstOrThrow();
  return count(r.n);
}

/** Value of the spare parts on hand per outlet, in fen (on hand × list price). */
export async function stockValues(db: Tx, outletIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!outletIds.length) return out;
  const rows = await db
    .selectFrom('part_stock')
    .innerJoin('parts', 'parts.id', 'part_stock.part_id')
    .select(['part_stock.outlet_id', (eb) => eb.fn.sum<number>(sql`part_stock.on_hand * parts.list_price_fen`).as('fen')])
    .where('part_stock.outlet_id', 'in', outletIds)
    .groupBy('part_stock.outlet_id')
    .execute();
  for (const r of rows) out.set(Number(r.outlet_id), count(r.fen));
  return out;
}

export async function orgUnit(db: Tx, id: number) {
  return db.selectFrom('org_units').select(['id', 'archived_at']).where('id', '=', id).executeTakeFirst();
}

// ---------- technicians ----------

export type TechnicianRow = {
  user_id: number;
  username: string;
  display_name: string;
  disabled: number;
  outlet_id: number | null;
  outlet_code: string | null;
  outlet_name: string | null;
  skills: string | null;
  certificates: string | null;
  daily_capacity: number | null;
  active: number | null;
  created_at: string | null;
  updated_at: string | null;
  version: number | null;
};

/** The columns of a TechnicianRow: the user, the profile (null without one) and the outlet. */
const TECHNICIAN_COLUMNS = [
  'users.id as user_id',
  'users.username',
  'users.display_name',
  'users.disabled',
  'technicians.outlet_id',
  'outlets.code as outlet_code',
  'outlets.name as outlet_name',
  'technicians.skills',
  'technicians.certificates',
  'technicians.daily_capacity',
  'technicians.active',
  'technicians.created_at',
  'technicians.updated_at',
  'technicians.version',
] as const;

function technicianSelect(db: Tx) {
  return db
    .selectFrom('technicians')
    .innerJoin('users', 'users.id', 'technicians.user_id')
    .leftJoin('outlets', 'outlets.id', 'technicians.outlet_id')
    .select(TECHNICIAN_COLUMNS);
}

const holdsTechnicianRole = (eb: ExpressionBuilder<DB, 'users'>) =>
  eb.exists(
    eb
      .selectFrom('user_roles')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select('user_roles.user_id')
      .whereRef('user_roles.user_id', '=', 'users.id')
      .where('roles.code', '=', 'technician'),
  );

export interface TechnicianFilter {
  q?: string;
  outletId?: number;
  skill?: string;
  active?: boolean;
  includeUnprofiled: boolean;
}

/**
 * Profiles, and with `includeUnprofiled` also the enabled users holding the technician role who have none yet
 * (their profile columns are null).
 */
function technicianListQuery(db: Tx, f: TechnicianFilter) {
  return db
    .selectFrom('users')
    .leftJoin('technicians', 'technicians.user_id', 'users.id')
    .leftJoin('outlets', 'outlets.id', 'technicians.outlet_id')
    .where((eb) => {
      const c: Expression<SqlBool>[] = [];
      c.push(f.includeUnprofiled ? eb.or([eb('technicians.user_id', 'is not', null), eb.and([holdsTechnicianRole(eb), eb('users.disabled', '=', 0)])]) : eb('technicians.user_id', 'is not', null));
      if (f.outletId !== undefined) c.push(eb('technicians.outlet_id', '=', f.outletId));
      if (f.skill) c.push(jsonHas('technicians.skills', f.skill));
      if (f.active !== undefined) c.push(eb('technicians.active', '=', f.active ? 1 : 0));
      if (f.q) {
        const pat = likePattern(f.q);
        c.push(eb.or([like('users.display_name', pat), like('users.username', pat)]));
      }
      return eb.and(c);
    });
}

export async function listTechnicians(db: Tx, f: TechnicianFilter, limit: number, offset: number): Promise<{ rows: TechnicianRow[]; total: number }> {
  const rows = await technicianListQuery(db, f)
    .select(TECHNICIAN_COLUMNS)
    .orderBy('outlets.code')
    .orderBy('users.display_name')
    .orderBy('users.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await technicianListQuery(db, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { rows: rows as TechnicianRow[], total: count(total.n) };
}

export async function getTechnician(db: Tx, userId: number): Promise<TechnicianRow | undefined> {
  return (await technicianSelect(db).where('technicians.user_id', '=', userId).executeTakeFirst()) as TechnicianRow | undefined;
}

/** The account of a user and whether they hold the technician role. */
export async function userForProfile(db: Tx, userId: number) {
  return db
    .selectFrom('users')
    .select((eb) => ['users.id', 'users.username', 'users.display_name', 'users.disabled', holdsTechnicianRole(eb).as('is_technician')])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

export async function insertTechnician(db: Tx, values: Insertable<TechnicianTable>): Promise<void> {
  await db.insertInto('technicians').values(values).execute();
}

export async function updateTechnicianVersioned(db: Tx, userId: number, version: number, set: Updateable<TechnicianTable>): Promise<boolean> {
  const r = await db
    .updateTable('technicians')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
