/**
 * The classic wrong answers of a numeric part, made from its expected value
 * alone, as rules (`meta` plus `mutate`): what a student gets by one slip in
 * the arithmetic when the spec gives only a number (a formula's own mistakes
 * are in mutants.ts). Each mutant is graded like any answer (src/lint/index.ts).
 */
import { NUMERIC_RTOL_DEFAULT } from '../../graders/numeric.ts';
import type { MutationKind } from './mutants.ts';

/** What a value rule may know about the part besides its expected value. */
export interface ValueContext {
  /**
   * Counts the question suggests a student might divide or multiply by
   * wrongly (a mean for a sum, per item for in total): the integers its text
   * writes and the number of terms the expected formula sums.
   */
  counts: readonly number[];
  /** The expected value is a count: an integer written with integers, + - and * only. */
  integer: boolean;
  /** The anticipated wrong answer nearest the expected value, if the spec lists any (the self-test grades it itself). */
  nearestMistake: number | null;
}

export interface ValueRule {
  meta: { kind: MutationKind };
  mutate(value: number, context: ValueContext): number[];
}

/** Significant digits of a "too few digits" rounding. */
export const ROUNDED_DIGITS: readonly number[] = [1, 2];
/** Counts taken from a question at most, smallest first: factors beyond are no longer a slip. */
export const COUNTS_MAX = 8;
/** The largest count a question's text suggests as a factor. */
export const COUNT_LARGEST = 1_000_000;

export const VALUE_RULES: readonly ValueRule[] = [
  {
    meta: { kind: 'sign-flipped' },
    mutate: (value) => [-value],
  },
  {
    meta: { kind: 'factor-dropped' },
    mutate: (value, { counts }) => [2, ...counts].flatMap((m) => [value * m, value / m]),
  },
  {
    meta: { kind: 'order-of-magnitude' },
    mutate: (value) => [value * 10, value / 10],
  },
  {
    // A rounding the default tolerance forgives (1.2004 to 1.2) is no slip.
    meta: { kind: 'rounded' },
    mutate: (value) =>
      ROUNDED_DIGITS.map((digits) => Number(value.toPrecision(digits))).filter((rounded) => Math.abs(rounded - value) > NUMERIC_RTOL_DEFAULT * Math.abs(value)),
  },
  {
    meta: { kind: 'off-by-one' },
    mutate: (value, { integer }) => (integer ? [value - 1, value + 1] : []),
  },
  {
    meta: { kind: 'off-by-a-mistake' },
    mutate: (value, { nearestMistake }) => (nearestMistake === null ? [] : [2 * value - nearestMistake]),
  },
];

/** The integers a question's text writes ("32 x 32 x 6", "gamma = 2"), not the digits of decimals, as candidate counts. */
export function countsIn(text: string): number[] {
  return [...text.matchAll(/(?<![\d.,])\d+(?!\d|[.,]\d)/g)].map((match) => Number(match[0]));
}

/** The distinct candidate counts: greater than 1, at most COUNT_LARGEST, the COUNTS_MAX smallest. */
export function distinctCounts(counts: readonly number[]): number[] {
  const usable = [...new Set(counts)].filter((count) => count > 1 && count <= COUNT_LARGEST);
  return usable.sort((a, b) => a - b).slice(0, COUNTS_MAX);
}
