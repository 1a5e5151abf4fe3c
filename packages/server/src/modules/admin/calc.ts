// Pure rules of the administration module: the unit tree, cycles, local dates → instants, privilege checks.
import { zoneOffsetMs, type DataScope, type TOrgUnitKind, type TOrgUnitNode } from '@kehu/shared';
import { subtree } from '../../platform/permissions';

export interface UnitRow {
  id: number;
  parent_id: number | null;
  name: string;
  kind: TOrgUnitKind;
  sort: number;
  archived_at: string | null;
  version: number;
}

/** Nests flat unit rows into a forest ordered by sort then id; orphans (parent filtered out) become roots. */
export function buildTree(rows: UnitRow[], userCounts: Map<number, number>): TOrgUnitNode[] {
  const nodes = new Map<number, TOrgUnitNode>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      parentId: r.parent_id,
      name: r.name,
      kind: r.kind,
      sort: r.sort,
      userCount: userCounts.get(r.id) ?? 0,
      archivedAt: r.archived_at,
      version: r.version,
      children: [],
    });
  }
  const roots: TOrgUnitNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const order = (list: TOrgUnitNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.id - b.id);
    for (const n of list) order(n.children);
  };
  order(roots);
  return roots;
}

/** True when putting `unitId` under `newParentId` would make the unit its own ancestor. */
export function wouldCycle(units: { id: number; parent_id: number | null; kind: TOrgUnitKind }[], unitId: number, newParentId: number): boolean {
  return subtree(units, unitId).includes(newParentId);
}

/** A department may hold departments and teams; a team may hold only teams. */
export function kindFits(parentKind: TOrgUnitKind, childKind: TOrgUnitKind): boolean {
  return parentKind === 'department' || childKind === 'team';
}

/** The instant a local calendar day (YYYY-MM-DD) starts in `timeZone`. */
export function localDayStart(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const off = zoneOffsetMs(new Date(guess), timeZone);
  let t = guess - off;
  const off2 = zoneOffsetMs(new Date(t), timeZone);
  if (off2 !== off) t = guess - off2; // the day starts on the other side of a DST change
  return new Date(t);
}

/** The `[from, to)` instants of an audit-log date filter: dates are local days, `to` includes its whole day. */
export function instantRange(from: string | undefined, to: string | undefined, timeZone: string): { from?: string; to?: string } {
  const isDay = (v: string) => v.length === 10;
  const out: { from?: string; to?: string } = {};
  if (from) out.from = (isDay(from) ? localDayStart(from, timeZone) : new Date(from)).toISOString();
  if (to) {
    if (isDay(to)) {
      const [y, m, d] = to.split('-').map(Number) as [number, number, number];
      const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
      out.to = localDayStart(next, timeZone).toISOString();
    } else out.to = new Date(to).toISOString();
  }
  return out;
}

const SCOPE_RANK: Record<DataScope, number> = { own: 0, team: 1, department: 2, all: 3 };

/** Permissions in `wanted` that `held` lacks. */
export function missingPermissions(held: ReadonlySet<string>, wanted: Iterable<string>): string[] {
  return [...new Set(wanted)].filter((p) => !held.has(p));
}

/** Modules whose scope in `next` is wider than both the actor's own and the role's previous scope. */
export function widenedScopes(
  own: Partial<Record<string, DataScope>>,
  prev: Partial<Record<string, DataScope>>,
  next: Partial<Record<string, DataScope>>,
): string[] {
  return Object.entries(next)
    .filter(([m, s]) => s !== undefined && s !== prev[m] && SCOPE_RANK[s] > SCOPE_RANK[own[m] ?? 'own'])
    .map(([m]) => m);
}
