// The scoring rule of the after-sales evaluation (企业售后服务评价指标评分规则): star thresholds, deletions,
// sampled items, special deductions and the single special bonus.
import { describe, expect, it } from 'vitest';
import { scoreEvaluation, starLevel, type TScoreItem } from '@kehu/shared';
import { monthRange, monthsToRecompute } from './evaluation-points';

/** Items worth `total` points in all, of which `earned` conform and the rest do not (1 point each). */
function itemsFor(earned: number, total: number): TScoreItem[] {
  return Array.from({ length: total }, (_, i) => ({ points: 1, result: i < earned ? 'conform' : 'nonconform' }));
}

describe('starLevel', () => {
  it.each([
    [0, 'none'],
    [69.9, 'none'],
    [70, 'compliant'],
    [79.9, 'compliant'],
    [80, 'three'],
    [89.9, 'three'],
    [90, 'four'],
    [94.9, 'four'],
    [95, 'five'],
    [100, 'five'],
  ] as const)('%s → %s', (score, level) => {
    expect(starLevel(score)).toBe(level);
  });
});

describe('scoreEvaluation', () => {
  it('puts the scores of whole runs on the right side of every threshold', () => {
    // 699 of 1000 points → 69.9; 700 → 70.0 …
    const cases: [number, number, string][] = [
      [699, 69.9, 'none'],
      [700, 70, 'compliant'],
      [799, 79.9, 'compliant'],
      [800, 80, 'three'],
      [899, 89.9, 'three'],
      [900, 90, 'four'],
      [949, 94.9, 'four'],
      [950, 95, 'five'],
    ];
    for (const [earned, score, star] of cases) {
      const s = scoreEvaluation([{ points: earned, result: 'conform' }, { points: 1000 - earned, result: 'nonconform' }], []);
      expect([s.score, s.star]).toEqual([score, star]);
    }
  });

  it('rounds half up to one decimal without floating-point drift', () => {
    // 2/3 → 66.666… → 66.7; 1/8 → 12.5; 139/200 = 69.5; 1399/2000 = 69.95 → 70.0 (compliant, not 69.9)
    expect(scoreEvaluation(itemsFor(2, 3), []).score).toBe(66.7);
    expect(scoreEvaluation(itemsFor(1, 8), []).score).toBe(12.5);
    expect(scoreEvaluation([{ points: 1399, result: 'conform' }, { points: 601, result: 'nonconform' }], [])).toMatchObject({ indicatorScore: 70, star: 'compliant' });
    expect(scoreEvaluation([{ points: 13989, result: 'conform' }, { points: 6011, result: 'nonconform' }], []).score).toBe(69.9); // 69.945
  });

  it('leaves not-applicable items out of the applicable points', () => {
    const items: TScoreItem[] = [
      { points: 10, result: 'conform' },
      { points: 30, result: 'nonconform' },
      { points: 60, result: 'na' },
    ];
    expect(scoreEvaluation(items, [])).toMatchObject({ applicablePoints: 40, actualPoints: 10, indicatorScore: 25, score: 25, star: 'none' });
    // without the deletion the same results would score 10 + 0 + 60 of 100
    expect(scoreEvaluation([{ points: 10, result: 'conform' }, { points: 30, result: 'nonconform' }, { points: 60, result: 'conform' }], []).score).toBe(70);
    // nothing applicable: no score
    expect(scoreEvaluation([{ points: 5, result: 'na' }], [])).toMatchObject({ applicablePoints: 0, score: null, star: null });
  });

  it('gives a sampled item its points times the conforming share', () => {
    const items: TScoreItem[] = [
      { points: 10, result: 'partial', ratio: 0.7 }, // 7
      { points: 6, result: 'partial', ratio: 0.5 }, // 3
      { points: 4, result: 'conform' }, // 4
    ];
    expect(scoreEvaluation(items, [])).toMatchObject({ applicablePoints: 20, actualPoints: 14, indicatorScore: 70 });
    // 2 of 3 samples: 9 × 0.667 = 6.003 of 9
    expect(scoreEvaluation([{ points: 9, result: 'partial', ratio: 0.667 }], [])).toMatchObject({ actualPoints: 6.003, score: 66.7 });
    // a share of 0 or 1 equals non-conform or conform
    expect(scoreEvaluation([{ points: 9, result: 'partial', ratio: 0 }, { points: 1, result: 'partial', ratio: 1 }], []).score).toBe(10);
    expect(() => scoreEvaluation([{ points: 9, result: 'partial', ratio: 1.2 }], [])).toThrow(RangeError);
  });

  it('counts unassessed items apart and scores what is assessed', () => {
    const s = scoreEvaluation([{ points: 10, result: 'conform' }, { points: 10, result: null }], []);
    expect(s).toMatchObject({ unassessed: 1, applicablePoints: 10, score: 100 });
  });

  it('takes one point per special deduction off the indicator score, outside it', () => {
    const items = itemsFor(92, 100);
    const s = scoreEvaluation(items, [{ kind: 'deduction' }, { kind: 'deduction' }, { kind: 'deduction' }]);
    expect(s).toMatchObject({ indicatorScore: 92, deductions: 3, score: 89, star: 'three' });
    // never below 0
    expect(scoreEvaluation(itemsFor(1, 100), [{ kind: 'deduction' }, { kind: 'deduction' }]).score).toBe(0);
  });

  it('adds one point for the special bonus, at most one, and keeps the score within 100', () => {
    expect(scoreEvaluation(itemsFor(94, 100), [{ kind: 'bonus' }])).toMatchObject({ indicatorScore: 94, bonus: 1, score: 95, star: 'five' });
    expect(scoreEvaluation(itemsFor(94, 100), [{ kind: 'bonus' }, { kind: 'deduction' }])).toMatchObject({ score: 94, star: 'four' });
    expect(scoreEvaluation(itemsFor(100, 100), [{ kind: 'bonus' }]).score).toBe(100);
    expect(() => scoreEvaluation(itemsFor(90, 100), [{ kind: 'bonus' }, { kind: 'bonus' }])).toThrow(/at most one/);
  });

  it('scores the seeded 100-point structure: a non-conforming 维修 (9) and a half-met 投诉处理 (10)', () => {
    const points = [6, 6, 6, 6, 6, 5, 5, 6, 7, 6, 9, 7, 5, 10, 10];
    expect(points.reduce((a, b) => a + b, 0)).toBe(100);
    const items: TScoreItem[] = points.map((p, i) => (i === 10 ? { points: p, result: 'nonconform' } : i === 14 ? { points: p, result: 'partial', ratio: 0.5 } : { points: p, result: 'conform' }));
    expect(scoreEvaluation(items, [])).toMatchObject({ applicablePoints: 100, actualPoints: 86, score: 86, star: 'three' });
    // 废弃商品回收 (5) not applicable: 81 of 95 → 85.3
    items[12] = { points: 5, result: 'na' };
    expect(scoreEvaluation(items, []).score).toBe(85.3);
  });
});

describe('the months of the points ledger', () => {
  it('bounds a month by local midnight in the company time zone', () => {
    expect(monthRange('2026-10', 'Asia/Shanghai')).toEqual({ from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z', firstDay: '2026-10-01', lastDay: '2026-10-31' });
    expect(monthRange('2026-12', 'Asia/Shanghai')).toMatchObject({ to: '2026-12-31T16:00:00.000Z', lastDay: '2026-12-31' });
    expect(monthRange('2028-02', 'Asia/Shanghai').lastDay).toBe('2028-02-29');
  });

  it('recomputes yesterday’s and today’s month daily, so a month is final after it ends', () => {
    expect(monthsToRecompute(new Date('2026-10-31T17:00:00Z'), 'Asia/Shanghai')).toEqual(['2026-10', '2026-11']); // 1 Nov 01:00 local
    expect(monthsToRecompute(new Date('2026-11-15T02:00:00Z'), 'Asia/Shanghai')).toEqual(['2026-11']);
    expect(monthsToRecompute(new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai')).toEqual(['2026-12', '2027-01']);
  });
});
