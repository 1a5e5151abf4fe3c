import { describe, expect, it } from 'vitest';
import { coverageCodes, dayRange, rankCoverage, rankTechnicians, type CoverageMatch, type DispatchCandidate } from './dispatch';

const tech = (userId: number, name: string, over: Partial<DispatchCandidate> = {}): DispatchCandidate => ({
  userId,
  name,
  skills: [],
  load: 0,
  capacity: 6,
  hasSkill: true,
  ...over,
});

describe('rankTechnicians', () => {
  it('puts technicians with the skill before those without, whatever their load', () => {
    const out = rankTechnicians([tech(1, '甲', { hasSkill: false, load: 0 }), tech(2, '乙', { hasSkill: true, load: 5 })]);
    expect(out.map((t) => t.userId)).toEqual([2, 1]);
  });

  it('then the lowest load today', () => {
    const out = rankTechnicians([tech(1, '甲', { load: 3 }), tech(2, '乙', { load: 1 }), tech(3, '丙', { load: 2 })]);
    expect(out.map((t) => t.userId)).toEqual([2, 3, 1]);
  });

  it('then the most capacity left', () => {
    const out = rankTechnicians([tech(1, '甲', { load: 2, capacity: 4 }), tech(2, '乙', { load: 2, capacity: 8 })]);
    expect(out.map((t) => t.userId)).toEqual([2, 1]);
  });

  it('then the name in pinyin order, then the id', () => {
    // 李 (li) before 王 (wang) before 张 (zhang)
    const out = rankTechnicians([tech(3, '张伟'), tech(1, '王芳'), tech(2, '李娜'), tech(4, '李娜')]);
    expect(out.map((t) => t.userId)).toEqual([2, 4, 1, 3]);
  });

  it('does not change the input list', () => {
    const list = [tech(1, 'b', { load: 2 }), tech(2, 'a', { load: 1 })];
    rankTechnicians(list);
    expect(list.map((t) => t.userId)).toEqual([1, 2]);
  });
});

describe('coverage matching', () => {
  const m = (id: number, code: string, matchedRegion: string, kind = 'own', regionType = 'urban'): CoverageMatch => ({ id, code, name: code, kind, matchedRegion, regionType });

  it('lists the county, city and province codes of a division, without repeats', () => {
    expect(coverageCodes('330106')).toEqual(['330106', '330100', '330000']);
    expect(coverageCodes('330100')).toEqual(['330100', '330000']);
    expect(coverageCodes('330000')).toEqual(['330000']);
  });

  it('ranks county before city before province', () => {
    const out = rankCoverage([m(1, 'P', '330000'), m(2, 'C', '330100'), m(3, 'D', '330106')], '330106');
    expect(out.map((o) => o.id)).toEqual([3, 2, 1]);
  });

  it('within a level: own centres, then special stations, then authorised providers, then the code', () => {
    const out = rankCoverage([m(1, 'B', '330100', 'authorised'), m(2, 'Z', '330100', 'special'), m(3, 'Y', '330100', 'own'), m(4, 'X', '330100', 'own')], '330106');
    expect(out.map((o) => o.id)).toEqual([4, 3, 2, 1]);
  });

  it('counts an outlet listed at several levels once, at its most specific match', () => {
    const out = rankCoverage([m(1, 'A', '330000', 'own', 'remote'), m(1, 'A', '330106', 'own', 'suburban'), m(2, 'B', '330100')], '330106');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ id: 1, matchedRegion: '330106', regionType: 'suburban' });
  });
});

describe('dayRange', () => {
  it('is the local day in UTC instants', () => {
    expect(dayRange('2026-11-22', 'Asia/Shanghai')).toEqual({ from: '2026-11-21T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z' });
    expect(dayRange('2026-12-31', 'UTC')).toEqual({ from: '2026-12-31T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  });
});
