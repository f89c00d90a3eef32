import { describe, expect, it } from 'vitest';
import { answerGroupKey, histogram } from '../../src/analytics/class-analysis.ts';
import { compareNatural, formatNumber, formatStat } from '../../src/analytics/order.ts';
import { correlation, cronbachAlpha, describe as describeScores, upperLowerIndex } from '../../src/analytics/stats.ts';
import type { PartResult } from '../../src/types.ts';

// The demo class's graded item matrix (q1.a, q1.b, q2, q3), checked against an
// independent computation (Python statistics.pvariance).
const ITEMS = [
  [1, 1, 0, 0, 1, 0, 1, 0, 1, 0],
  [2, 2, 2, 0, 1, 0, 2, 0, 2, 2],
  [1, 0.5, 1, 0.5, 1, 0, 1, 0, 1, 1],
  [2, 1, 2, 0, 1, 0, 0, 1, 0, 2],
];

describe('statistics', () => {
  it('describes a distribution with population spread', () => {
    expect(describeScores([0, 0.5, 1, 4, 4, 4, 4.5, 5, 5, 6])).toEqual({
      count: 10, mean: 3.4, median: 4, stddev: Math.sqrt(3.99), min: 0, max: 6,
    });
    expect(describeScores([3, 1, 2]).median).toBe(2);
    expect(describeScores([])).toEqual({ count: 0, mean: null, median: null, stddev: null, min: null, max: null });
  });

  it.each([
    ['perfect', [1, 2, 3], [2, 4, 6], 1],
    ['inverse', [1, 2, 3], [3, 2, 1], -1],
    ['no spread in x', [1, 1, 1], [1, 2, 3], null],
    ['no spread in y', [0, 1, 0], [5, 5, 5], null],
    ['too few', [1], [1], null],
  ])('correlation: %s', (_name, x, y, expected) => {
    const value = correlation(x, y);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 12);
  });

  it('computes the point-biserial with the rest of the test', () => {
    const totals = ITEMS[0]!.map((_, i) => ITEMS.reduce((sum, item) => sum + item[i]!, 0));
    const expected = [0.33859958878986024, 0.8055555555555555, 0.7606012324966641, 0.30455479505075234];
    ITEMS.forEach((item, k) => {
      expect(correlation(item, totals.map((total, i) => total - item[i]!))).toBeCloseTo(expected[k]!, 12);
    });
  });

  it("computes Cronbach's alpha", () => {
    expect(cronbachAlpha(ITEMS)).toBeCloseTo(0.6950710108604845, 12);
    expect(cronbachAlpha([ITEMS[0]!])).toBeNull();
    expect(cronbachAlpha([[1, 1], [2, 2]])).toBeNull();
  });

  it('computes the upper-lower index on 27% groups', () => {
    // Ranked ascending by total; 10 students -> groups of 3.
    const order = [5, 3, 7, 4, 6, 8, 1, 2, 9, 0];
    expect(upperLowerIndex(ITEMS[0]!, 1, order)).toBeCloseTo(1 / 3, 12);
    expect(upperLowerIndex(ITEMS[1]!, 2, order)).toBe(1);
    expect(upperLowerIndex([1], 1, [0])).toBeNull();
  });
});

describe('histogram', () => {
  it('puts the maximum in the last bin and clamps out-of-range scores', () => {
    const bins = histogram([0, 0.5, 1, 4, 4, 4, 4.5, 5, 5, 6, -1, 7], 6);
    expect(bins.map((bin) => bin.count)).toEqual([3, 1, 0, 0, 0, 0, 3, 1, 2, 2]);
    expect(bins[9]).toMatchObject({ from: 5.4, to: 6 });
  });

  it('counts a score on a boundary in the upper bin', () => {
    expect(histogram([0.6, 1.2, 3], 6).map((bin) => bin.count)).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('has one bin for a quiz worth nothing', () => {
    expect(histogram([0, 0], 0)).toEqual([{ from: 0, to: 0, count: 2 }]);
  });
});

describe('ordering and formatting', () => {
  it.each([
    ['s2', 's10', -1],
    ['s10', 's2', 1],
    ['s02', 's2', -1],
    ['a', 'B', 1],
    ['q1.b', 'q1.a', 1],
    ['same', 'same', 0],
  ])('compareNatural(%s, %s)', (a, b, sign) => {
    expect(Math.sign(compareNatural(a, b))).toBe(sign);
  });

  it.each([
    [0.1 + 0.2, '0.3'],
    [2, '2'],
    [-0.00001, '0'],
    [1265220, '1265220'],
    [1 / 3, '0.3333'],
  ])('formatNumber(%s) = %s', (value, text) => expect(formatNumber(value)).toBe(text));

  it('shows an undefined statistic as a dash, never as -0.00', () => {
    expect(formatStat(null)).toBe('—');
    expect(formatStat(-0.001)).toBe('0.00');
  });
});

describe('wrong-answer grouping key', () => {
  const base: PartResult = { key: 'q', question: 'q', part: null, score: 0, maxScore: 1, status: 'incorrect', feedback: [] };
  it.each([
    ['normalized in details wins', { ...base, answer: 'A', interpreted: 'B', details: { normalized: 'C' } }, 'C'],
    ['then the interpretation', { ...base, answer: 'A', interpreted: ' B  b ' }, 'B b'],
    ['then the raw answer, folded', { ...base, answer: '  1 +\n 2 ' }, '1 + 2'],
    ['a list joined', { ...base, answer: ['a', 'b'] }, 'a, b'],
    ['nothing for no answer', { ...base }, null],
    ['nothing for a blank answer', { ...base, answer: '   ' }, null],
  ])('%s', (_name, part, key) => expect(answerGroupKey(part as PartResult)).toBe(key));
});
