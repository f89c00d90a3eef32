/**
 * The numeric oracle: an expected expression is evaluated once on a pool of
 * seeded points where it is defined; an answer is compared on the same points.
 *
 * Each point is judged on its own: two values agree when they differ by at most
 * rtol × the larger of the two (plus a spec's `atol`), and float64 decides only
 * when the rounding-error bounds of both sides can't change the outcome.
 * Otherwise (a side overflowed, underflowed, or cancelled away the digits that
 * matter) the point is evaluated again from the same tree in decimal
 * arithmetic; if even that can't decide, the point is undecidable and the
 * answer goes to review. See docs/expressions.md, "Tolerance model".
 */
import { type Approx, UNIT_ROUNDOFF, exactly } from './backends.ts';
import type { Bound, Env } from './bind.ts';
import { EMPTY_FRAME } from './bind.ts';
import {
  DIMENSION_DRAWS_DEFAULT,
  DRAW_ATTEMPTS_PER_POINT,
  ERROR_BOUND_SAFETY,
  FEEDBACK_DIGITS,
  FLOAT_ROUNDING_FLOOR,
  MIN_VALID_FRACTION,
  POOL_FACTOR,
  PRECISE_DIGITS,
  PRECISE_DRIFT_DIGITS,
  PRECISE_POINTS_FIRST,
  ROUNDING_FLOOR,
  SAMPLED_RTOL_DEFAULT,
  SAMPLES_DEFAULT,
  UNDEFINED_FRACTION_MAX,
} from './constants.ts';
import type { Domain } from './domain.ts';
import { type Value, isFiniteValue, isMatrix, map } from './library.ts';
import { Decimal } from 'decimal.js';
import { type Precise, isPreciseMatrix, liftPrecise } from './precise.ts';
import { type SamplePoint, Sampler } from './sampling.ts';

export interface ToleranceOptions {
  samples?: number;
  rtol?: number;
  /** Absolute tolerance added at every point; none by default. */
  atol?: number;
}

export interface Tolerance {
  samples: number;
  rtol: number;
  atol: number;
  /**
   * Differences below this, at a point only decimal arithmetic could judge and
   * whose remaining rounding error is below it too, count as equal:
   * ROUNDING_FLOOR × the expected values' typical size.
   */
  floor: number;
  /** Whether the expected values are all 0 (then float64's rounding floor is relative to 1). */
  expectedZero: boolean;
}

/** Evaluate a bound expression at a point in float64; a runtime failure or a non-finite value counts as undefined there. */
export function evaluateAt(bound: Bound, point: SamplePoint): Value | null {
  const env: Env = { values: point.values, cache: [] };
  try {
    const value = bound.evaluate(env, EMPTY_FRAME);
    return isFiniteValue(value) ? value : null;
  } catch {
    return null;
  }
}

/** Float64 value and error bound at a point; null when the evaluation fails (a non-finite value is returned as it is). */
function approxAt(bound: Bound, inputs: readonly Approx[]): Approx | null {
  try {
    return bound.rounding({ values: inputs, cache: [] }, []);
  } catch {
    return null;
  }
}

/** Decimal value at a point; null when the evaluation fails. */
function preciseAt(bound: Bound, point: SamplePoint, digits: number): Precise | null {
  try {
    const arithmetic = bound.precise(digits);
    return arithmetic({ values: point.values.map((value) => liftPrecise(value, digits)), cache: [] }, []);
  } catch {
    return null;
  }
}

/** One side of a comparison, at the pool's points. */
export interface Side {
  approx(index: number): Approx | null;
  precise(index: number, digits: number): Precise | null;
}

/** Where a side keeps its float64 values: undefined until computed, null where the evaluation failed. */
export interface ApproxMemo {
  get(index: number): Approx | null | undefined;
  set(index: number, value: Approx | null): void;
}

const arrayMemo = (): ApproxMemo => {
  const values: (Approx | null)[] = [];
  return { get: (index) => values[index], set: (index, value) => void (values[index] = value) };
};

/**
 * Scalar values and bounds in two flat arrays, for memos kept long (a remembered
 * derivation step): a few bytes per point instead of an object. Matrix values are not kept.
 */
export class ScalarMemo implements ApproxMemo {
  private values = new Float64Array(0);
  private errors = new Float64Array(0);
  /** 0: not computed, 1: a value, 2: failed. */
  private states = new Uint8Array(0);

  get(index: number): Approx | null | undefined {
    const state = this.states[index];
    if (state === 1) return { v: this.values[index]!, e: this.errors[index]! };
    return state === 2 ? null : undefined;
  }

  set(index: number, value: Approx | null): void {
    if (value !== null && (isMatrix(value.v) || isMatrix(value.e))) return;
    if (index >= this.states.length) this.grow(index + 1);
    this.states[index] = value === null ? 2 : 1;
    if (value !== null) [this.values[index], this.errors[index]] = [value.v as number, value.e as number];
  }

  private grow(size: number): void {
    const length = Math.max(size, this.states.length * 2);
    const grown = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(length);
      next.set(old);
      return next;
    };
    this.values = grown(this.values, (n) => new Float64Array(n));
    this.errors = grown(this.errors, (n) => new Float64Array(n));
    this.states = grown(this.states, (n) => new Uint8Array(n));
  }
}

/** An expression's side over a pool, each value computed once when first needed (into `memo`, which a caller may keep). */
function sideOf(bound: Bound, pool: readonly SamplePoint[], inputs: (index: number) => readonly Approx[], memo: ApproxMemo): Side {
  return {
    approx: (index) => {
      let value = memo.get(index);
      if (value === undefined) memo.set(index, (value = approxAt(bound, inputs(index))));
      return value;
    },
    precise: (index, digits) => preciseAt(bound, pool[index]!, digits),
  };
}

/** The expected side, compiled once: its points and its values there. */
export class Reference implements Side {
  readonly pool: SamplePoint[];
  readonly values: Value[];
  /** Rounding-error bounds of `values`. */
  readonly errors: Value[];
  readonly tolerance: Tolerance;
  /** The points' inputs as exact approximate values, shared by every answer. */
  private readonly inputs: Approx[][];
  private readonly preciseValues = new Map<string, Precise | null>();

  constructor(
    readonly domain: Domain,
    readonly bound: Bound,
    readonly seed: number,
    options: ToleranceOptions = {},
  ) {
    const samples = options.samples ?? SAMPLES_DEFAULT;
    const draws = domain.dimensions.size > 0 ? DIMENSION_DRAWS_DEFAULT : 1;
    const sampler = new Sampler(domain, seed, draws);
    const perDraw = Math.ceil((samples * POOL_FACTOR) / draws);
    const byDraw: { point: SamplePoint; value: Approx }[][] = [];
    for (let draw = 0; draw < draws; draw++) {
      const sizes = sampler.drawDimensions();
      const found: { point: SamplePoint; value: Approx }[] = [];
      const attempts = sampler.cornersIn(draw) + perDraw * DRAW_ATTEMPTS_PER_POINT;
      for (let index = 0; found.length < perDraw && index < attempts; index++) {
        const point = sampler.drawPoint(sizes, draw, index);
        const value = expectedAt(bound, point);
        if (value !== null) found.push({ point, value });
      }
      byDraw.push(found);
    }
    // Interleave the draws, so that the first points compared cover every draw of the sizes.
    this.pool = [];
    this.values = [];
    this.errors = [];
    for (let i = 0; i < perDraw; i++) {
      for (const found of byDraw) {
        const entry = found[i];
        if (entry) {
          this.pool.push(entry.point);
          this.values.push(entry.value.v);
          this.errors.push(entry.value.e);
        }
      }
    }
    this.inputs = this.pool.map((point) => point.values.map(exactly));
    const rtol = options.rtol ?? SAMPLED_RTOL_DEFAULT;
    const typical = typicalSize(this.values);
    this.tolerance = { samples, rtol, atol: options.atol ?? 0, floor: ROUNDING_FLOOR * typical.size, expectedZero: typical.zero };
  }

  /**
   * A reference from values computed elsewhere (a sealed quiz): the same points,
   * values and rounding bounds, with no formula behind them. A point float64
   * can't decide has no decimal re-check then, and is left undecided.
   */
  static fromValues(parts: Pick<Reference, 'domain' | 'bound' | 'seed' | 'tolerance' | 'pool' | 'values' | 'errors'>): Reference {
    const reference = Object.create(Reference.prototype) as Reference;
    const fields = { ...parts, inputs: parts.pool.map((point) => point.values.map(exactly)), preciseValues: new Map<string, Precise | null>() };
    return Object.assign(reference, fields);
  }

  /** Whether enough points were found where the expected expression is defined. */
  get usable(): boolean {
    return this.pool.length >= this.tolerance.samples;
  }

  approx(index: number): Approx {
    return { v: this.values[index]!, e: this.errors[index]! };
  }

  precise(index: number, digits: number): Precise | null {
    const key = `${index} ${digits}`;
    let value = this.preciseValues.get(key);
    if (value === undefined) this.preciseValues.set(key, (value = preciseAt(this.bound, this.pool[index]!, digits)));
    return value;
  }

  /** An expression's side on this pool; its float64 values go into `memo` as they are computed. */
  sideOf(bound: Bound, memo: ApproxMemo = arrayMemo()): Side {
    return sideOf(bound, this.pool, (index) => this.inputs[index]!, memo);
  }

  compareWith(answer: Bound): Comparison {
    return compareSeries(this, this.sideOf(answer), this.pool.length, this.tolerance);
  }
}

/**
 * The expected value at a candidate point, with its error bound; where float64
 * overflows or fails, the decimal value when it is finite and a float64 can hold it.
 */
function expectedAt(bound: Bound, point: SamplePoint): Approx | null {
  const approx = approxAt(bound, point.values.map(exactly));
  if (approx !== null && isFiniteValue(approx.v)) return approx;
  const finest = PRECISE_DIGITS.at(-1)!;
  const fine = preciseAt(bound, point, finest);
  const coarse = preciseAt(bound, point, finest - PRECISE_DRIFT_DIGITS);
  if (fine === null || !isPreciseFinite(fine)) return null;
  const value = toFloat(fine);
  if (!isFiniteValue(value)) return null;
  const drift = (i: number): number => disagreement(coarse, fine, i).times(10 ** -PRECISE_DRIFT_DIGITS).toNumber();
  let i = 0;
  return { v: value, e: map(value, (x) => drift(i++) + UNIT_ROUNDOFF * Math.abs(x)) };
}

/** Root mean square of all entries; 1 when everything is zero. */
function typicalSize(values: readonly Value[]): { size: number; zero: boolean } {
  let total = 0;
  let count = 0;
  for (const value of values) {
    for (const x of isMatrix(value) ? value.data : [value]) {
      total += x * x;
      count++;
    }
  }
  const rms = count > 0 ? Math.sqrt(total / count) : 0;
  return rms > 0 && Number.isFinite(rms) ? { size: rms, zero: false } : { size: 1, zero: rms === 0 };
}

export type Comparison =
  /** Equal on `compared` points. */
  | { kind: 'equal'; compared: number }
  /** Both defined at pool point `index`, and different there. */
  | { kind: 'different'; index: number; left: Value; right: Value; entry: readonly [number, number] | null; compared: number }
  /** One side is undefined at too many points where the other is defined. */
  | { kind: 'undefined'; index: number; definedSide: 'left' | 'right'; value: Value; compared: number; undefinedCount: number }
  /** Equal wherever it could be decided, but at `undecided` points not even decimal arithmetic could tell. */
  | { kind: 'undecidable'; index: number; compared: number; undecided: number; reason: string }
  /** Too few points where both are defined. */
  | { kind: 'not-evaluable'; compared: number; tried: number };

/** How one point compares. */
type PointOutcome =
  | { kind: 'equal' }
  | { kind: 'different'; left: Value; right: Value; entry: readonly [number, number] | null }
  | { kind: 'both-undefined' }
  | { kind: 'one-undefined'; definedSide: 'left' | 'right'; value: Value }
  | { kind: 'undecided'; reason: string };

/**
 * Compare two sides over a pool, stopping at the first difference or after
 * `samples` points where both are defined and equal.
 */
export function compareSeries(left: Side, right: Side, poolSize: number, tolerance: Tolerance): Comparison {
  let compared = 0;
  let undefinedCount = 0;
  let firstUndefined = null as { index: number; definedSide: 'left' | 'right'; value: Value } | null;
  let undecided = 0;
  let firstUndecided = null as { index: number; reason: string } | null;
  let tried = 0;
  // Points float64 can't decide, beyond the first PRECISE_POINTS_FIRST: re-checked only if the others don't suffice.
  const deferred: number[] = [];
  let precise = 0;
  const judge = (index: number, outcome: PointOutcome): Comparison | undefined => {
    switch (outcome.kind) {
      case 'equal':
        compared++;
        return undefined;
      case 'different':
        return { kind: 'different', index, left: outcome.left, right: outcome.right, entry: outcome.entry, compared };
      case 'both-undefined':
        return undefined;
      case 'one-undefined':
        undefinedCount++;
        firstUndefined ??= { index, definedSide: outcome.definedSide, value: outcome.value };
        return undefined;
      case 'undecided':
        undecided++;
        firstUndecided ??= { index, reason: outcome.reason };
        return undefined;
    }
  };
  for (let index = 0; index < poolSize && compared < tolerance.samples; index++) {
    tried++;
    let outcome = floatOutcome(left, right, index, tolerance);
    if (outcome === undefined) {
      if (precise >= PRECISE_POINTS_FIRST) {
        deferred.push(index);
        continue;
      }
      precise++;
      outcome = preciseOutcome(left, right, index, tolerance);
    }
    const done = judge(index, outcome);
    if (done) return done;
  }
  // A deferred point may be one where a side is really undefined: re-check until the undefined rule is settled too.
  for (let k = 0; k < deferred.length; k++) {
    const remaining = deferred.length - k;
    const total = compared + undefinedCount + undecided + remaining;
    const settled = undefinedCount > UNDEFINED_FRACTION_MAX * total || undefinedCount + remaining <= UNDEFINED_FRACTION_MAX * total;
    if (compared >= tolerance.samples && settled) break;
    const done = judge(deferred[k]!, preciseOutcome(left, right, deferred[k]!, tolerance));
    if (done) return done;
  }
  if (compared + undecided < Math.ceil(tolerance.samples * MIN_VALID_FRACTION)) return { kind: 'not-evaluable', compared, tried };
  if (firstUndefined && undefinedCount > UNDEFINED_FRACTION_MAX * (compared + undefinedCount + undecided)) {
    return { kind: 'undefined', ...firstUndefined, compared, undefinedCount };
  }
  if (firstUndecided) return { kind: 'undecidable', ...firstUndecided, compared, undecided };
  return { kind: 'equal', compared };
}

/** Two expressions compared at one point of the domain, as at a pool point. */
export function compareAt(left: Bound, right: Bound, point: SamplePoint, tolerance: Tolerance): PointOutcome {
  const inputs = point.values.map(exactly);
  const side = (bound: Bound): Side => sideOf(bound, [point], () => inputs, arrayMemo());
  return comparePoint(side(left), side(right), 0, tolerance);
}

/**
 * One point: float64 when its error bounds allow; else decimal arithmetic at
 * PRECISE_DIGITS. With finite float64 bounds the decimal rounding error is that
 * bound scaled down to the digits used (the same amplification); without (a side
 * overflowed or failed), the finer precision is computed with
 * PRECISE_DRIFT_DIGITS fewer digits too, and their disagreement, scaled down,
 * bounds its error.
 */
export function comparePoint(left: Side, right: Side, index: number, tolerance: Tolerance): PointOutcome {
  return floatOutcome(left, right, index, tolerance) ?? preciseOutcome(left, right, index, tolerance);
}

/** Whether a point's float64 values and error bounds are all finite. */
function bounds(left: Side, right: Side, index: number): [Approx, Approx] | null {
  const a = left.approx(index);
  const b = right.approx(index);
  if (a === null || b === null || !isFiniteValue(a.v) || !isFiniteValue(b.v) || !isFiniteValue(a.e) || !isFiniteValue(b.e)) return null;
  return [a, b];
}

function floatOutcome(left: Side, right: Side, index: number, tolerance: Tolerance): PointOutcome | undefined {
  const bounded = bounds(left, right, index);
  return bounded ? decideInFloat(bounded[0], bounded[1], tolerance) : undefined;
}

function preciseOutcome(left: Side, right: Side, index: number, tolerance: Tolerance): PointOutcome {
  const [fewer, more] = PRECISE_DIGITS as readonly [number, number];
  const bounded = bounds(left, right, index);
  if (bounded) {
    const [a, b] = bounded;
    const floatSlack = (i: number): number => ERROR_BOUND_SAFETY * (at(a.e, i) + at(b.e, i));
    let outcome: PointOutcome = { kind: 'undecided', reason: '' };
    for (const digits of [fewer, more]) {
      const scale = 10 ** -digits / UNIT_ROUNDOFF;
      outcome = decidePrecisely(left.precise(index, digits), right.precise(index, digits), (i) => floatSlack(i) * scale, digits, tolerance);
      // Both were finite in float64: a side undefined at the coarser precision lost its digits there (1 - sigmoid(100) is 0 at 30).
      if (outcome.kind === 'equal' || outcome.kind === 'different') return outcome;
    }
    return outcome;
  }
  // No float64 bound: two close precisions, whose disagreement scaled down bounds the error of the finer one.
  const coarseDigits = more - PRECISE_DRIFT_DIGITS;
  const coarse = [left.precise(index, coarseDigits), right.precise(index, coarseDigits)] as const;
  const fine = [left.precise(index, more), right.precise(index, more)] as const;
  // In decimal: past float64's range the drift itself may be too large for a float (1e430 - 1e430 at 40 digits).
  const drift = (i: number): Decimal =>
    disagreement(coarse[0], fine[0], i).plus(disagreement(coarse[1], fine[1], i)).times(ERROR_BOUND_SAFETY).times(10 ** -PRECISE_DRIFT_DIGITS);
  return decidePrecisely(fine[0], fine[1], drift, more, tolerance);
}

/** How far two precisions of the same value are apart at an entry (0 when either is missing: then the point is undefined anyway). */
function disagreement(coarse: Precise | null, fine: Precise | null, i: number): Decimal {
  if (fine === null) return new Decimal(0);
  if (coarse === null) return new Decimal(Infinity);
  const x = preciseEntries(coarse)[i];
  const y = preciseEntries(fine)[i];
  if (x === undefined || y === undefined || !x.isFinite() || !y.isFinite()) return new Decimal(Infinity);
  return new Decimal(x.minus(y).abs());
}

const at = (value: Value, i: number): number => (isMatrix(value) ? value.data[i]! : value);
const entryOf = (value: Value, i: number): readonly [number, number] | null => (isMatrix(value) ? [Math.floor(i / value.cols), i % value.cols] : null);

/** Equal or different when the rounding-error bounds of both sides can't change it; undefined to look closer. */
function decideInFloat(a: Approx, b: Approx, { rtol, atol, expectedZero }: Tolerance): PointOutcome | undefined {
  const { v: x, e: ex } = a;
  const { v: y, e: ey } = b;
  if (isMatrix(x) !== isMatrix(y) || (isMatrix(x) && isMatrix(y) && (x.rows !== y.rows || x.cols !== y.cols))) {
    return isFiniteValue(x) && isFiniteValue(y) ? { kind: 'different', left: x, right: y, entry: null } : undefined;
  }
  const count = isMatrix(x) ? x.data.length : 1;
  let sure = true;
  for (let i = 0; i < count; i++) {
    const xi = at(x, i);
    const yi = at(y, i);
    const difference = Math.abs(xi - yi);
    const allowed = rtol * Math.max(Math.abs(xi), Math.abs(yi)) + atol;
    const slack = ERROR_BOUND_SAFETY * (at(ex, i) + at(ey, i));
    if (difference - slack > allowed) return { kind: 'different', left: x, right: y, entry: entryOf(x, i) };
    if (difference + slack <= allowed) continue;
    // Within rounding error of each other, and that error is a few hundred units in the last place of the
    // expected side's own terms (or of 1, when it is identically 0): `sin(x)^2 + cos(x)^2 - 1` is 0.
    const terms = expectedZero ? 1 : Math.max(Math.abs(xi), at(ex, i) / UNIT_ROUNDOFF);
    if (!(slack <= FLOAT_ROUNDING_FLOOR * terms)) sure = false;
  }
  return sure ? { kind: 'equal' } : undefined;
}

/** A point judged in decimal arithmetic of `digits` digits, with a propagated rounding error, at least a few units in the last place of the larger value. */
function decidePrecisely(
  left: Precise | null,
  right: Precise | null,
  propagated: (entry: number) => number | Decimal,
  digits: number,
  { rtol, atol, floor }: Tolerance,
): PointOutcome {
  const leftValue = left === null ? null : toFloat(left);
  const rightValue = right === null ? null : toFloat(right);
  const leftDefined = left !== null && isPreciseFinite(left);
  const rightDefined = right !== null && isPreciseFinite(right);
  if (!leftDefined && !rightDefined) return { kind: 'both-undefined' };
  if (!leftDefined) return { kind: 'one-undefined', definedSide: 'right', value: rightValue! };
  if (!rightDefined) return { kind: 'one-undefined', definedSide: 'left', value: leftValue! };
  const xs = preciseEntries(left);
  const ys = preciseEntries(right);
  if (xs.length !== ys.length || isPreciseMatrix(left) !== isPreciseMatrix(right)) {
    return { kind: 'different', left: leftValue!, right: rightValue!, entry: null };
  }
  let unsure: string | null = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    // In decimal throughout: the values may be beyond float64's range.
    const larger = Decimal.max(x.abs(), y.abs());
    const own = larger.times(10 ** (ERROR_BOUND_SAFETY_DIGITS - digits));
    const bound = propagated(i);
    const slack = (typeof bound === 'number' ? Number.isNaN(bound) : bound.isNaN()) ? new Decimal(Infinity) : Decimal.max(own, bound);
    const difference = x.minus(y).abs();
    const allowed = larger.times(rtol).plus(atol);
    if (difference.minus(slack).gt(allowed)) return { kind: 'different', left: leftValue!, right: rightValue!, entry: entryOf(leftValue!, i) };
    if (difference.plus(slack).lte(allowed) || slack.lte(floor)) continue;
    unsure = `at ${digits} digits the rounding error (${formatNumber(slack.toNumber())}) still exceeds the tolerance (${formatNumber(allowed.toNumber())})`;
  }
  return unsure === null ? { kind: 'equal' } : { kind: 'undecided', reason: unsure };
}

/** Digits of a decimal result not trusted beyond its last place (a few functions' own rounding). */
const ERROR_BOUND_SAFETY_DIGITS = 5;

const preciseEntries = (value: Precise) => (isPreciseMatrix(value) ? value.data : [value]);
const isPreciseFinite = (value: Precise): boolean => preciseEntries(value).every((x) => x.isFinite());

function toFloat(value: Precise): Value {
  if (!isPreciseMatrix(value)) return value.toNumber();
  return { rows: value.rows, cols: value.cols, data: Float64Array.from(value.data, (x) => x.toNumber()) };
}

/** A number as feedback shows it: FEEDBACK_DIGITS significant digits, or `digits`. */
export function formatNumber(x: number, digits = FEEDBACK_DIGITS): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/** Fewest significant digits (at least FEEDBACK_DIGITS) that print two different numbers differently. */
export function digitsToTellApart(x: number, y: number): number {
  let digits = FEEDBACK_DIGITS;
  while (digits < 17 && formatNumber(x, digits) === formatNumber(y, digits)) digits++;
  return digits;
}

/** "x = 0.5, y = 1" or "m = 3, n = 2 and random X, theta": where a point is. */
export function describePoint(domain: Domain, point: SamplePoint): string {
  const parts: string[] = [];
  const randomMatrices: string[] = [];
  for (const dimension of domain.dimensions.values()) parts.push(`${dimension.name} = ${point.values[dimension.slot]}`);
  for (const variable of domain.variables.values()) {
    const value = point.values[variable.slot]!;
    if (isMatrix(value) || variable.shape !== null) randomMatrices.push(variable.name);
    else parts.push(`${variable.name} = ${formatNumber(value)}`);
  }
  const scalars = parts.join(', ');
  if (randomMatrices.length === 0) return scalars;
  const matrices = `random ${randomMatrices.join(', ')}`;
  return scalars ? `${scalars} and ${matrices}` : matrices;
}

/** The values of both sides at an entry, with enough digits to show they differ, and how to name the entry. */
export function entryTexts(first: Value, second: Value, entry: readonly [number, number] | null): { where: string; first: string; second: string } {
  const pick = (value: Value): number => {
    if (!isMatrix(value)) return value;
    const [i, j] = entry ?? [0, 0];
    return value.data[i * value.cols + j]!;
  };
  const [x, y] = [pick(first), pick(second)];
  const digits = digitsToTellApart(x, y);
  const [i, j] = entry ?? [0, 0];
  return { where: isMatrix(first) ? `entry (${i + 1}, ${j + 1}) of ` : '', first: formatNumber(x, digits), second: formatNumber(y, digits) };
}
