import { describe, expect, it } from 'vitest';
import { departmentOf, inScope, mergeScopes, scopeFilter, subtree, type Principal, type UnitNode } from './permissions';

// 1 总公司 → 2 华东销售部 (department) → 3 杭州一组 (team) → 4 西湖小组 (team); 1 → 5 华北销售部 → 6 北京一组
const units: UnitNode[] = [
  { id: 1, parent_id: null, kind: 'department' },
  { id: 2, parent_id: 1, kind: 'department' },
  { id: 3, parent_id: 2, kind: 'team' },
  { id: 4, parent_id: 3, kind: 'team' },
  { id: 5, parent_id: 1, kind: 'department' },
  { id: 6, parent_id: 5, kind: 'team' },
];

function principal(scope: 'own' | 'team' | 'department' | 'all', unit = 3): Principal {
  return {
    userId: 7,
    username: 'u',
    displayName: 'u',
    orgUnitId: unit,
    departmentUnitIds: subtree(units, departmentOf(units, unit)),
    teamUnitIds: subtree(units, unit),
    permissions: new Set(['customers:read']),
    scopes: { customers: scope },
    roles: [],
    mustChangePassword: false,
    via: 'session',
  };
}

describe('organisation tree', () => {
  it('finds a subtree and the nearest department', () => {
    expect(subtree(units, 2).sort()).toEqual([2, 3, 4]);
    expect(subtree(units, 6)).toEqual([6]);
    expect(departmentOf(units, 4)).toBe(2);
    expect(departmentOf(units, 2)).toBe(2);
  });
  it('survives a cycle in bad data', () => {
    const cyclic: UnitNode[] = [
      { id: 1, parent_id: 2, kind: 'team' },
      { id: 2, parent_id: 1, kind: 'team' },
    ];
    expect(subtree(cyclic, 1).sort()).toEqual([1, 2]);
  });
});

describe('data scope', () => {
  it('lets the widest scope of several roles win', () => {
    expect(mergeScopes([{ customers: 'own' }, { customers: 'department' }, { customers: 'team' }])).toEqual({ customers: 'department' });
    expect(mergeScopes([])).toEqual({});
  });

  it('turns a scope into the filter a query applies', () => {
    expect(scopeFilter(principal('all'), 'customers')).toEqual({ kind: 'all' });
    expect(scopeFilter(principal('own'), 'customers')).toEqual({ kind: 'own', userId: 7 });
    expect(scopeFilter(principal('team'), 'customers')).toEqual({ kind: 'units', userId: 7, unitIds: [3, 4] });
    const dept = scopeFilter(principal('department'), 'customers');
    expect(dept.kind === 'units' && [...dept.unitIds].sort()).toEqual([2, 3, 4]);
  });

  it('defaults to own records when a role names no scope', () => {
    const p = principal('all');
    p.scopes = {};
    expect(scopeFilter(p, 'customers')).toEqual({ kind: 'own', userId: 7 });
  });

  it('decides one record: own always, team and department by the record’s team, all everything', () => {
    const mine = { owner_id: 7, team_id: 6 };
    const subTeam = { owner_id: 8, team_id: 4 };
    const sibling = { owner_id: 8, team_id: 2 };
    const north = { owner_id: 8, team_id: 6 };
    const orphan = { owner_id: null, team_id: null };
    expect([mine, subTeam, sibling, north, orphan].map((r) => inScope(principal('own'), 'customers', r))).toEqual([true, false, false, false, false]);
    expect([mine, subTeam, sibling, north, orphan].map((r) => inScope(principal('team'), 'customers', r))).toEqual([true, true, false, false, false]);
    expect([mine, subTeam, sibling, north, orphan].map((r) => inScope(principal('department'), 'customers', r))).toEqual([true, true, true, false, false]);
    expect([mine, subTeam, sibling, north, orphan].map((r) => inScope(principal('all'), 'customers', r))).toEqual([true, true, true, true, true]);
  });
});
