/** Deterministic ordering and number formatting shared by analytics and reporters. */
import type { AnswerValue, SubmissionResult } from '../types.ts';

/** Decimal places kept for points (specs use halves and quarters; this hides float noise). */
export const POINTS_DECIMALS = 4;
/** Decimal places shown for statistics (means, facility, correlations). */
export const STAT_DECIMALS = 2;
/** Longest answer text kept as a grouping key or shown in a report, in characters. */
export const ANSWER_TEXT_MAX = 200;

const DIGIT_RUN = /\d+|\D+/g;

/**
 * Natural order (`s2` before `s10`), by code units otherwise: independent of the
 * locale, so the same ids sort the same on every machine.
 */
export function compareNatural(a: string, b: string): number {
  const aRuns = a.match(DIGIT_RUN) ?? [];
  const bRuns = b.match(DIGIT_RUN) ?? [];
  const runs = Math.min(aRuns.length, bRuns.length);
  for (let i = 0; i < runs; i += 1) {
    const x = aRuns[i] as string;
    const y = bRuns[i] as string;
    if (x === y) continue;
    const xDigits = /^\d/.test(x);
    const yDigits = /^\d/.test(y);
    if (xDigits && yDigits) {
      const xs = x.replace(/^0+(?=\d)/, '');
      const ys = y.replace(/^0+(?=\d)/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      // Equal values written with different leading zeros: fall through to the text.
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (aRuns.length !== bRuns.length) return aRuns.length - bRuns.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-unit order for plain strings. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order every report lists submissions in: student id, then input position, then source. */
export function compareResults(a: SubmissionResult, b: SubmissionResult): number {
  return (
    compareNatural(a.student.id, b.student.id) ||
    (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) ||
    compareText(a.source ?? '', b.source ?? '')
  );
}

/** A natural-order key computed once per string: runs of digits and non-digits. */
export interface NaturalKey {
  text: string;
  runs: string[];
  /** Per run: digits with leading zeros stripped, or null for a non-digit run. */
  numbers: (string | null)[];
}

export function naturalKey(text: string): NaturalKey {
  const runs = text.match(DIGIT_RUN) ?? [];
  return { text, runs, numbers: runs.map((run) => (/^\d/.test(run) ? run.replace(/^0+(?=\d)/, '') : null)) };
}

/** compareNatural on precomputed keys (same order, without re-splitting on every comparison). */
export function compareNaturalKeys(a: NaturalKey, b: NaturalKey): number {
  const runs = Math.min(a.runs.length, b.runs.length);
  for (let i = 0; i < runs; i += 1) {
    const x = a.runs[i] as string;
    const y = b.runs[i] as string;
    if (x === y) continue;
    const xs = a.numbers[i];
    const ys = b.numbers[i];
    if (xs !== null && xs !== undefined && ys !== null && ys !== undefined) {
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (a.runs.length !== b.runs.length) return a.runs.length - b.runs.length;
  return compareText(a.text, b.text);
}

// Every reporter lists the same results in the same order: sort a class once.
// Keyed by the array; the length check catches an array grown since.
const sortedCache = new WeakMap<readonly SubmissionResult[], { length: number; sorted: SubmissionResult[] }>();

/** The results in report order (see compareResults). Do not mutate the returned array. */
export function sortResults(results: readonly SubmissionResult[]): readonly SubmissionResult[] {
  const cached = sortedCache.get(results);
  if (cached !== undefined && cached.length === results.length) return cached.sorted;
  const decorated = results.map((result) => ({ result, key: naturalKey(result.student.id) }));
  decorated.sort(
    (a, b) =>
      compareNaturalKeys(a.key, b.key) ||
      (a.result.position ?? Number.MAX_SAFE_INTEGER) - (b.result.position ?? Number.MAX_SAFE_INTEGER) ||
      compareText(a.result.source ?? '', b.result.source ?? ''),
  );
  const sorted = decorated.map((entry) => entry.result);
  sortedCache.set(results, { length: results.length, sorted });
  return sorted;
}

/** Rounds to `decimals` places and drops trailing zeros: 0.1 + 0.2 -> `0.3`, 2 -> `2`. */
export function formatNumber(value: number, decimals: number = POINTS_DECIMALS): string {
  if (!Number.isFinite(value)) return String(value);
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Points as shown everywhere: up to four decimals, no trailing zeros. */
export function formatPoints(value: number): string {
  return formatNumber(value, POINTS_DECIMALS);
}

/** A statistic with a fixed number of decimals, or an em dash when undefined. */
export function formatStat(value: number | null, decimals: number = STAT_DECIMALS): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const text = value.toFixed(decimals);
  return text === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : text;
}

/** Whitespace trimmed and folded to single spaces, capped at `max` characters. */
const FOLDABLE = /^\s|\s$|\s\s|[\t\n\r\f\v\u00a0\u2028\u2029]/;

export function foldWhitespace(text: string, max: number = ANSWER_TEXT_MAX): string {
  // Most answers need no folding; testing first avoids building a new string.
  const folded = FOLDABLE.test(text) ? text.trim().replace(/\s+/g, ' ') : text;
  return folded.length > max ? detached(`${folded.slice(0, max - 1)}…`) : folded;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from: a
 * slice of a long answer otherwise keeps the whole answer alive for as long as
 * the slice is kept (as a grouping key, say).
 */
export function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/** An answer as text: lists joined with `, `. */
export function answerValueText(value: AnswerValue): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The grader's reading of an answer when it says more than the answer itself (not just spacing). */
export function readingIfDifferent(submitted: string, interpreted: string | undefined): string | undefined {
  if (interpreted === undefined) return undefined;
  return interpreted.replace(/\s/g, '') === submitted.replace(/\s/g, '') ? undefined : interpreted;
}
