/**
 * Typo tolerance: a student word meets an expected word within a small edit
 * distance (Levenshtein, `fastest-levenshtein`) that grows with the word's length.
 */
import { distance } from 'fastest-levenshtein';

/** Expected words shorter than this are matched exactly (or by stem): `local` is not `global`. */
export const MIN_LENGTH_ONE_TYPO = 6;
/** Expected words at least this long tolerate two edits (`orthogonol`, `embedings`). */
export const MIN_LENGTH_TWO_TYPOS = 10;
/** The most edits any word tolerates; a rubric's `maxTypos` may lower it. */
export const MAX_TYPOS_DEFAULT = 2;

/**
 * Prefixes that turn a word into its opposite: a typo never adds or drops one,
 * so `uncertainty` does not meet `certainty` and `independent` does not meet `dependent`.
 */
export const NEGATING_PREFIXES = ['non', 'un', 'in', 'im', 'ir', 'il', 'dis', 'a'] as const;
const HAS_DIGIT = /\d/;

/** Edits tolerated for an expected word. */
export function typoBudget(expected: string, maxTypos: number = MAX_TYPOS_DEFAULT): number {
  if (HAS_DIGIT.test(expected)) return 0;
  const allowed = expected.length >= MIN_LENGTH_TWO_TYPOS ? 2 : expected.length >= MIN_LENGTH_ONE_TYPO ? 1 : 0;
  return Math.min(allowed, maxTypos);
}

function differInNegatingPrefix(a: string, b: string): boolean {
  return NEGATING_PREFIXES.some((prefix) => a.startsWith(prefix) !== b.startsWith(prefix));
}

/** Whether `written` is `expected` with at most `budget` typos. */
export function withinTypos(written: string, expected: string, budget: number): boolean {
  if (budget <= 0 || HAS_DIGIT.test(written)) return false;
  if (Math.abs(written.length - expected.length) > budget) return false;
  if (differInNegatingPrefix(written, expected)) return false;
  return distance(written, expected) <= budget;
}
