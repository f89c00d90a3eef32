/** Descriptive statistics and classical item analysis. Population moments throughout. */

export interface Distribution {
  count: number;
  mean: number | null;
  median: number | null;
  /** Population standard deviation (divides by n). */
  stddev: number | null;
  min: number | null;
  max: number | null;
}

export function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i] as number;
  return sum / values.length;
}

/** Population variance (divides by n). */
export function variance(values: ArrayLike<number>): number | null {
  const average = mean(values);
  if (average === null) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    const d = (values[i] as number) - average;
    sum += d * d;
  }
  return sum / values.length;
}

export function median(sortedAscending: ArrayLike<number>): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  const middle = Math.floor(n / 2);
  return n % 2 === 1
    ? (sortedAscending[middle] as number)
    : ((sortedAscending[middle - 1] as number) + (sortedAscending[middle] as number)) / 2;
}

export function describe(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const spread = variance(sorted);
  return {
    count: sorted.length,
    mean: mean(sorted),
    median: median(sorted),
    stddev: spread === null ? null : Math.sqrt(spread),
    min: sorted.length === 0 ? null : (sorted[0] as number),
    max: sorted.length === 0 ? null : (sorted[sorted.length - 1] as number),
  };
}

/**
 * Pearson correlation; with a 0/1 item it is the point-biserial. Null when either
 * side has no spread (everyone scored the same, so nothing can be said).
 */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n !== y.length || n < 2) return null;
  const mx = mean(x) as number;
  const my = mean(y) as number;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Relative guard: sums of float points that should cancel leave ~1e-30 noise.
  if (sxx <= 1e-12 * Math.max(1, mx * mx) * n || syy <= 1e-12 * Math.max(1, my * my) * n) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Cronbach's alpha of k items over the same n respondents:
 * k/(k-1) * (1 - sum of item variances / variance of the totals).
 * Null with fewer than two items, fewer than two respondents, or no spread in totals.
 */
export function cronbachAlpha(items: readonly ArrayLike<number>[]): number | null {
  const k = items.length;
  if (k < 2) return null;
  const n = (items[0] as ArrayLike<number>).length;
  if (n < 2) return null;
  const totals = new Float64Array(n);
  let itemVariances = 0;
  for (const item of items) {
    itemVariances += variance(item) as number;
    for (let i = 0; i < n; i += 1) totals[i] = (totals[i] as number) + (item[i] as number);
  }
  const totalVariance = variance(totals) as number;
  if (totalVariance <= 1e-12) return null;
  return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}

/** Share of the class in each of the upper and lower groups (Kelley's 27%). */
export const UPPER_LOWER_SHARE = 0.27;

/**
 * Upper-lower discrimination index: mean facility of the item in the top 27% by
 * total minus that in the bottom 27%. `order` ranks respondents by total
 * (ascending, ties already broken deterministically). Null below 2 respondents.
 */
export function upperLowerIndex(
  itemScores: ArrayLike<number>,
  itemMax: number,
  order: ArrayLike<number>,
): number | null {
  const n = order.length;
  if (n < 2 || itemMax <= 0) return null;
  const groupSize = Math.max(1, Math.round(n * UPPER_LOWER_SHARE));
  let lower = 0;
  let upper = 0;
  for (let i = 0; i < groupSize; i += 1) {
    lower += itemScores[order[i] as number] as number;
    upper += itemScores[order[n - 1 - i] as number] as number;
  }
  return (upper - lower) / (groupSize * itemMax);
}
