/**
 * interval: a set of reals written as intervals, e.g. `(0, 1)`, `]0, 1[`,
 * `[0, 1)`, `(-inf, inf)`, `(-∞, ∞)`, `R`, `ℝ`, or a union
 * `(-inf, 0) U (0, inf)`. Open and closed ends matter; endpoints may be
 * arithmetic (`pi/2`). Both sides are normalized (sorted, overlaps merged)
 * before comparing, so `(0, 1) ∪ (-1, 0]` equals `(-1, 1)`.
 */
import { defineGrader, invalid, OptionsError } from '../src/grader.ts';
import { evaluateArithmetic, normalizeMathText } from '../src/math/arithmetic.ts';
import { formatNumber } from '../src/math/number-format.ts';
import { numericTolerance, TOLERANCE_PROPERTIES, withinTolerance } from './numeric.ts';

/** Longest set we read; an honest union of a few intervals is far shorter. */
export const INTERVAL_MAX_LENGTH = 1000;

export interface Interval {
  low: number;
  high: number;
  lowClosed: boolean;
  highClosed: boolean;
}

export interface IntervalOptions {
  expected: string;
  rtol?: number;
  atol?: number;
  reveal?: boolean;
}

type SetReading = { ok: true; set: Interval[]; notes: string[] } | { ok: false; message: string };

const WHOLE_LINE = /^(?:r|reals?|all reals?|all real numbers|the real numbers|real numbers)$/i;
const EMPTY_SET = /^(?:∅|\{\s*\}|empty|empty set|the empty set|none)$/i;
const UNION = /\s*(?:∪|\bu\b|\bunion\b|\bor\b)\s*/i;

/** Reads a set of reals. Never throws. */
export function readIntervalSet(raw: string): SetReading {
  if (raw.length > INTERVAL_MAX_LENGTH) return { ok: false, message: `the answer is too long (the limit is ${INTERVAL_MAX_LENGTH} characters)` };
  const text = normalizeMathText(raw).trim();
  if (text === '') return { ok: false, message: 'the answer is empty' };
  if (WHOLE_LINE.test(text)) return { ok: true, set: [{ low: -Infinity, high: Infinity, lowClosed: false, highClosed: false }], notes: [] };
  if (EMPTY_SET.test(text)) return { ok: true, set: [], notes: [] };
  const pieces = splitUnion(text);
  const set: Interval[] = [];
  const notes: string[] = [];
  for (const piece of pieces) {
    const reading = readInterval(piece, notes);
    if (!reading.ok) return reading;
    set.push(reading.interval);
  }
  return { ok: true, set: normalizeSet(set), notes };
}

/** Splits on union signs; none can occur inside an arithmetic endpoint. */
function splitUnion(text: string): string[] {
  return text.split(UNION).map((piece) => piece.trim());
}

type IntervalReading = { ok: true; interval: Interval } | { ok: false; message: string };

function readInterval(piece: string, notes: string[]): IntervalReading {
  const open = piece[0];
  const close = piece[piece.length - 1];
  if (open === undefined || close === undefined || !'([]'.includes(open) || !')[]'.includes(close) || piece.length < 3) {
    return { ok: false, message: `"${piece}" is not an interval; write it like (0, 1), [0, 1) or ]0, 1[` };
  }
  const inner = piece.slice(1, -1);
  const separator = topLevelSeparator(inner);
  if (separator < 0) return { ok: false, message: `"${piece}" needs two endpoints separated by a comma, like (0, 1)` };
  const low = readEndpoint(inner.slice(0, separator));
  if (!low.ok) return low;
  const high = readEndpoint(inner.slice(separator + 1));
  if (!high.ok) return high;
  let lowClosed = open === '[';
  let highClosed = close === ']';
  if (low.value === Infinity || high.value === -Infinity) {
    return { ok: false, message: `"${piece}" has its ends the wrong way round` };
  }
  if ((lowClosed && low.value === -Infinity) || (highClosed && high.value === Infinity)) {
    const note = '∞ is not a number, so an infinite end is always open; read as open';
    if (!notes.includes(note)) notes.push(note);
    lowClosed &&= low.value !== -Infinity;
    highClosed &&= high.value !== Infinity;
  }
  if (low.value > high.value) return { ok: false, message: `"${piece}" is empty: its lower end is greater than its upper end` };
  if (low.value === high.value && !(lowClosed && highClosed)) return { ok: false, message: `"${piece}" is empty; write a single point as [a, a]` };
  return { ok: true, interval: { low: low.value, high: high.value, lowClosed, highClosed } };
}

/** Index of the comma (or semicolon) separating the two endpoints, outside any call. */
function topLevelSeparator(inner: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i]!;
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if ((char === ',' || char === ';') && depth === 0) {
      if (found >= 0) return -1;
      found = i;
    }
  }
  return found;
}

function readEndpoint(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/^\+\s*/, '');
  if (/^(?:inf|infinity|oo)$/i.test(trimmed)) return { ok: true, value: Infinity };
  if (/^-\s*(?:inf|infinity|oo)$/i.test(trimmed)) return { ok: true, value: -Infinity };
  const result = evaluateArithmetic(trimmed);
  if (!result.ok) return { ok: false, message: `can't read the endpoint "${trimmed}": ${result.message}` };
  // Only the words inf / infinity / ∞ mean infinity: 1e309 is a number too large, not ∞.
  if (Number.isNaN(result.value)) return { ok: false, message: `the endpoint "${trimmed}" is not a number` };
  if (!Number.isFinite(result.value)) return { ok: false, message: `the endpoint "${trimmed}" is not a finite number; write inf or ∞ for infinity` };
  return { ok: true, value: result.value };
}

/** Sorts intervals and merges those that overlap or touch at an included point. */
export function normalizeSet(set: Interval[]): Interval[] {
  const sorted = [...set].sort((a, b) => a.low - b.low || Number(b.lowClosed) - Number(a.lowClosed));
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && (interval.low < last.high || (interval.low === last.high && (last.highClosed || interval.lowClosed)))) {
      if (interval.high > last.high) {
        last.high = interval.high;
        last.highClosed = interval.highClosed;
      } else if (interval.high === last.high) {
        last.highClosed ||= interval.highClosed;
      }
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

function formatEndpoint(value: number, format: (value: number) => string): string {
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  return format(value);
}

/** The set as people write it; endpoints to 10 significant digits unless `format` says otherwise. */
export function formatSet(set: Interval[], format: (value: number) => string = (value) => formatNumber(value)): string {
  if (set.length === 0) return '∅';
  return set
    .map((interval) => `${interval.lowClosed ? '[' : '('}${formatEndpoint(interval.low, format)}, ${formatEndpoint(interval.high, format)}${interval.highClosed ? ']' : ')'}`)
    .join(' ∪ ');
}

function sameEndpoint(a: number, b: number, options: IntervalOptions): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return withinTolerance(a, b, numericTolerance(b, options));
}

export const intervalGrader = defineGrader<IntervalOptions, Interval[]>({
  name: 'interval',
  description: 'A set of reals as intervals or a union of intervals; open and closed ends matter.',
  answerShape: 'scalar',
  expectedKey: 'expected',
  optionsSchema: {
    type: 'object',
    required: ['expected'],
    properties: {
      expected: { type: 'string' },
      ...TOLERANCE_PROPERTIES,
    },
  },
  compile(options) {
    const reading = readIntervalSet(String(options.expected));
    if (!reading.ok) throw new OptionsError(`can't read the expected set: ${reading.message}`, ['expected']);
    return reading.set;
  },
  grade(answer, expected, options) {
    if (typeof answer !== 'string') return invalid('expected an interval written as text, like (0, 1)');
    const reading = readIntervalSet(answer);
    if (!reading.ok) return invalid(reading.message);
    const interpreted = formatSet(reading.set);
    const base = { interpreted, normalized: interpreted, method: 'intervals', feedback: reading.notes };
    const sameShape = reading.set.length === expected.length;
    const sameEnds = sameShape && reading.set.every((interval, i) =>
      sameEndpoint(interval.low, expected[i]!.low, options) && sameEndpoint(interval.high, expected[i]!.high, options));
    const sameBrackets = sameShape && reading.set.every((interval, i) =>
      interval.lowClosed === expected[i]!.lowClosed && interval.highClosed === expected[i]!.highClosed);
    if (sameEnds && sameBrackets) return { verdict: 'correct', credit: 1, ...base };
    const feedback = [...reading.notes];
    if (sameEnds) feedback.push('The endpoints are right; check which ends are included (open or closed).');
    if (options.reveal) feedback.push(`The expected set is ${formatSet(expected)}.`);
    return { ...base, verdict: 'incorrect', credit: 0, feedback };
  },
  reference(expected) {
    // Full precision: a rounded reference would fail an exact tolerance (`rtol: 0` on `pi`).
    return formatSet(expected, String);
  },
});
