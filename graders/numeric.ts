/**
 * numeric: a number within a tolerance of the expected value.
 *
 * Accepted when |answer − expected| <= atol + rtol·|expected|, or, when the spec
 * asks for it, within half a unit of the `sigfigs`-th significant figure or the
 * `decimals`-th decimal of the exact expected value (PrairieLearn's rule; it is
 * centred on the exact value, not on the expected value rounded).
 * With no tolerance in the spec, NUMERIC_RTOL_DEFAULT applies, and an absolute
 * NUMERIC_ATOL_AT_ZERO_DEFAULT only when the expected value is exactly 0: an
 * absolute default would swamp a tiny expected value (1.602e-19 would accept 0).
 */
import { defineGrader, invalid, OptionsError } from '../src/grader.ts';
import { formatNumber, readNumber } from '../src/math/number-format.ts';

/** Relative tolerance of a numeric answer when the spec gives none: forgives rounding to 4 significant figures. */
export const NUMERIC_RTOL_DEFAULT = 1e-3;
/**
 * Absolute tolerance of a numeric answer when the spec gives none and the
 * expected value is 0 (where no relative tolerance can help); 0 otherwise, so
 * the tolerance scales with the expected value however small it is.
 */
export const NUMERIC_ATOL_AT_ZERO_DEFAULT = 1e-9;
/** Significant digits of the accepted bounds shown to students. */
const REVEAL_DIGITS = 6;
/** Floating-point slack always allowed, so `rtol: 0` still accepts 0.1 + 0.2 for 0.3. */
export const FLOAT_RELATIVE_SLACK = 1e-12;

/** The tolerance options numeric and interval answers share. */
export const TOLERANCE_PROPERTIES = {
  rtol: { type: 'number', minimum: 0 },
  atol: { type: 'number', minimum: 0 },
};

export interface NumericOptions {
  expected: number | string;
  rtol?: number;
  atol?: number;
  sigfigs?: number;
  decimals?: number;
  /** Accept arithmetic in the answer (`200*6145 + 120*201`). Default true. */
  expressions?: boolean;
  reveal?: boolean;
}

export interface CompiledNumeric {
  expected: number;
  tolerance: number;
}

/**
 * Half-width of the accepted interval around `expected`. The defaults apply only
 * when the spec gives no tolerance at all: a spec that says `atol: 0.001` means
 * exactly ±0.001, not ±0.001 plus a default relative slack.
 */
export function numericTolerance(expected: number, options: Omit<NumericOptions, 'expected'>): number {
  const given = [options.rtol, options.atol, options.sigfigs, options.decimals].some((value) => value !== undefined);
  const atol = options.atol ?? (given || expected !== 0 ? 0 : NUMERIC_ATOL_AT_ZERO_DEFAULT);
  const rtol = options.rtol ?? (given ? 0 : NUMERIC_RTOL_DEFAULT);
  let tolerance = atol + rtol * Math.abs(expected);
  if (options.sigfigs !== undefined && expected !== 0) {
    const lastPlace = Math.floor(Math.log10(Math.abs(expected))) - options.sigfigs + 1;
    tolerance = Math.max(tolerance, 0.5 * 10 ** lastPlace);
  }
  if (options.decimals !== undefined) tolerance = Math.max(tolerance, 0.5 * 10 ** -options.decimals);
  return tolerance;
}

/** A tolerance as a student reads it, e.g. `a relative tolerance of 0.1%`: never the expected value. */
function toleranceText(rtol: number, atol: number): string | undefined {
  const relative = `${formatNumber(rtol * 100, REVEAL_DIGITS)}%`;
  const absolute = `±${formatNumber(atol, REVEAL_DIGITS)}`;
  if (rtol > 0 && atol > 0) return `${absolute} plus ${relative}`;
  if (rtol > 0) return `a relative tolerance of ${relative}`;
  return atol > 0 ? `an absolute tolerance of ${absolute}` : undefined;
}

/**
 * What a wrong answer missed, as numericTolerance measures it (the defaults
 * when the spec gives no tolerance), without the expected value:
 * `Not within tolerance: an answer must be within a relative tolerance of 0.1% of the expected value.`
 */
export function missedToleranceText(expected: number, options: Omit<NumericOptions, 'expected'>): string {
  const given = [options.rtol, options.atol, options.sigfigs, options.decimals].some((value) => value !== undefined);
  const atol = options.atol ?? (given || expected !== 0 ? 0 : NUMERIC_ATOL_AT_ZERO_DEFAULT);
  // A relative tolerance of an expected 0 is no tolerance at all.
  const rtol = expected === 0 ? 0 : (options.rtol ?? (given ? 0 : NUMERIC_RTOL_DEFAULT));
  const tolerance = toleranceText(rtol, atol);
  const rounding = [
    ...(options.sigfigs === undefined ? [] : [`${options.sigfigs} significant figure${options.sigfigs === 1 ? '' : 's'}`]),
    ...(options.decimals === undefined ? [] : [`${options.decimals} decimal place${options.decimals === 1 ? '' : 's'}`]),
  ].join(' or ');
  const clauses = [
    ...(tolerance === undefined ? [] : [`be within ${tolerance} of the expected value`]),
    ...(rounding === '' ? [] : [`agree with ${tolerance === undefined ? 'the expected value' : 'it'} to ${rounding}`]),
  ];
  return `Not within tolerance: an answer must ${clauses.length === 0 ? 'equal the expected value' : clauses.join(', or ')}.`;
}

export function withinTolerance(value: number, expected: number, tolerance: number): boolean {
  const slack = FLOAT_RELATIVE_SLACK * Math.max(Math.abs(value), Math.abs(expected));
  return Math.abs(value - expected) <= tolerance + slack;
}

export const numericGrader = defineGrader<NumericOptions, CompiledNumeric>({
  name: 'numeric',
  description: 'A number within a tolerance; accepts digit grouping, scientific notation and arithmetic.',
  answerShape: 'scalar',
  expectedKey: 'expected',
  optionsSchema: {
    type: 'object',
    required: ['expected'],
    properties: {
      expected: { type: ['number', 'string'] },
      ...TOLERANCE_PROPERTIES,
      sigfigs: { type: 'integer', minimum: 1, maximum: 17 },
      decimals: { type: 'integer', minimum: 0, maximum: 15 },
      expressions: { type: 'boolean' },
    },
  },
  compile(options) {
    const reading = readNumber(options.expected, { expressions: true });
    if (!reading.ok) throw new OptionsError(`can't evaluate the expected value: ${reading.message}`, ['expected']);
    return { expected: reading.value, tolerance: numericTolerance(reading.value, options) };
  },
  grade(answer, compiled, options, need) {
    if (Array.isArray(answer)) return invalid('expected a single number, not a list');
    if (typeof answer !== 'string' && typeof answer !== 'number') return invalid('expected a number, written as text or as a JSON number');
    const reading = readNumber(answer, { expressions: options.expressions ?? true });
    if (!reading.ok) return invalid(reading.message);
    const { expected, tolerance } = compiled;
    const details = { value: reading.value, expected, tolerance };
    const base = { interpreted: reading.interpreted, normalized: reading.normalized, method: 'tolerance', details };
    if (withinTolerance(reading.value, expected, tolerance)) return { verdict: 'correct', credit: 1, feedback: [], ...base };
    if (need === 'verdict') return { verdict: 'incorrect', credit: 0, feedback: [], ...base };
    const feedback = options.reveal
      ? [`The accepted ${tolerance === 0 ? `answer is ${formatNumber(expected)}` : `answers are from ${formatNumber(expected - tolerance, REVEAL_DIGITS)} to ${formatNumber(expected + tolerance, REVEAL_DIGITS)}`}.`]
      : [];
    return { verdict: 'incorrect', credit: 0, feedback, missed: missedToleranceText(expected, options), ...base };
  },
  reference(compiled) {
    return String(compiled.expected);
  },
});
