import { describe, expect, it } from 'vitest';
import { buildTree, instantRange, kindFits, localDayStart, missingPermissions, widenedScopes, wouldCycle, type UnitRow } from './calc';

const unit = (id: number, parent_id: number | null, kind: 'department' | 'team' = 'department', sort = 0): UnitRow => ({
  id,
  parent_id,
  name: 'u' + id,
  kind,
  sort,
  archived_at: null,
  version: 1,
});

describe('organisation tree rules', () => {
  const units = [unit(1, null), unit(2, 1), unit(3, 2, 'team'), unit(4, 1, 'department', -1)];

  it('nests and orders by sort then id', () => {
    const tree = buildTree(units, new Map([[3, 5]]));
    expect(tree.map((n) => n.id)).toEqual([1]);
    expect(tree[0]!.children.map((n) => n.id)).toEqual([4, 2]);
    expect(tree[0]!.children[1]!.children[0]).toMatchObject({ id: 3, userCount: 5 });
  });

  it('finds cycles: itself and any descendant', () => {
    expect(wouldCycle(units, 2, 2)).toBe(true);
    expect(wouldCycle(units, 2, 3)).toBe(true);
    expect(wouldCycle(units, 2, 4)).toBe(false);
  });

  it('keeps departments out of teams', () => {
    expect(kindFits('department', 'team')).toBe(true);
    expect(kindFits('team', 'team')).toBe(true);
    expect(kindFits('team', 'department')).toBe(false);
  });
});

describe('local dates to instants', () => {
  it('starts a Shanghai day at 16:00Z the day before', () => {
    expect(localDayStart('2026-11-22', 'Asia/Shanghai').toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(instantRange('2026-11-22', '2026-11-22', 'Asia/Shanghai')).toEqual({ from: '2026-11-21T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' });
  });

  it('handles daylight saving changes and instants', () => {
    // Berlin switched to summer time on 2026-03-29: that day starts at 23:00Z the day before
    expect(localDayStart('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localDayStart('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(instantRange('2026-01-01T08:00:00+08:00', undefined, 'UTC')).toEqual({ from: '2026-01-01T00:00:00.000Z' });
  });
});

describe('privilege checks', () => {
  it('lists permissions the actor lacks', () => {
    expect(missingPermissions(new Set(['a', 'b']), ['a', 'c', 'c'])).toEqual(['c']);
  });

  it('flags scopes widened beyond both the actor and the role', () => {
    expect(widenedScopes({ customers: 'team' }, {}, { customers: 'all' })).toEqual(['customers']);
    expect(widenedScopes({ customers: 'team' }, { customers: 'all' }, { customers: 'all' })).toEqual([]);
    expect(widenedScopes({ customers: 'all' }, {}, { customers: 'all' })).toEqual([]);
    expect(widenedScopes({}, {}, { customers: 'own' })).toEqual([]);
  });
});
