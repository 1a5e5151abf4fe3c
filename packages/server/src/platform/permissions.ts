// Permission checks and data-scope rules: who may do what, and on which records.
import type { DataScope, Permission, ScopedModule } from '@kehu/shared';
import { forbidden } from './errors';

export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  orgUnitId: number | null;
  /** ids of the user's own unit and every unit below its department, for the department scope */
  departmentUnitIds: number[];
  /** ids of the user's team and the units below it, for the team scope */
  teamUnitIds: number[];
  permissions: Set<string>;
  scopes: Partial<Record<ScopedModule, DataScope>>;
  roles: string[];
  mustChangePassword: boolean;
  via: 'session' | 'token';
  sessionId?: string;
}

const SCOPE_RANK: Record<DataScope, number> = { own: 0, team: 1, department: 2, all: 3 };

/** The widest scope among a user's roles wins. */
export function mergeScopes(list: Partial<Record<ScopedModule, DataScope>>[]): Partial<Record<ScopedModule, DataScope>> {
  const out: Partial<Record<ScopedModule, DataScope>> = {};
  for (const s of list) {
    for (const [m, v] of Object.entries(s) as [ScopedModule, DataScope][]) {
      if (!out[m] || SCOPE_RANK[v] > SCOPE_RANK[out[m]!]) out[m] = v;
    }
  }
  return out;
}

export function can(p: Principal, perm: Permission): boolean {
  return p.permissions.has(perm);
}

export function requirePermission(p: Principal, perm: Permission): void {
  if (!can(p, perm)) throw forbidden();
}

export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'own'; userId: number }
  | { kind: 'units'; userId: number; unitIds: number[] };

/** The rule a list, read, export or search applies in SQL for a module. */
export function scopeFilter(p: Principal, module: ScopedModule): ScopeFilter {
  const s = p.scopes[module] ?? 'own';
  if (s === 'all') return { kind: 'all' };
  if (s === 'own') return { kind: 'own', userId: p.userId };
  const unitIds = s === 'team' ? p.teamUnitIds : p.departmentUnitIds;
  return { kind: 'units', userId: p.userId, unitIds };
}

/** The same rule for a single record already loaded. */
export function inScope(p: Principal, module: ScopedModule, rec: { owner_id: number | null; team_id: number | null }): boolean {
  const f = scopeFilter(p, module);
  if (f.kind === 'all') return true;
  if (rec.owner_id === p.userId) return true;
  if (f.kind === 'own') return false;
  return rec.team_id !== null && f.unitIds.includes(rec.team_id);
}

export interface UnitNode {
  id: number;
  parent_id: number | null;
  kind: 'department' | 'team';
}

/** Every unit id in the subtree under `rootId` (inclusive). */
export function subtree(units: UnitNode[], rootId: number): number[] {
  const children = new Map<number, number[]>();
  for (const u of units) {
    if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  }
  const out: number[] = [];
  const stack = [rootId];
  const seen = new Set<number>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The user's department: the unit itself if it is a department, else its nearest department ancestor. */
export function departmentOf(units: UnitNode[], unitId: number): number {
  const byId = new Map(units.map((u) => [u.id, u]));
  let cur = byId.get(unitId);
  while (cur && cur.kind !== 'department' && cur.parent_id !== null) cur = byId.get(cur.parent_id);
  return cur?.id ?? unitId;
}
