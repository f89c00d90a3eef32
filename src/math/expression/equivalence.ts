/**
 * The numeric oracle: an expected expression is evaluated once on a pool of
 * seeded points where it is defined; an answer is compared on the same points,
 * within a relative and a scale-aware absolute tolerance.
 */
import type { Bound, Env } from './bind.ts';
import { EMPTY_FRAME } from './bind.ts';
import {
  ATOL_SCALE_DEFAULT,
  DIMENSION_DRAWS_DEFAULT,
  DRAW_ATTEMPTS_PER_POINT,
  FEEDBACK_DIGITS,
  MIN_VALID_FRACTION,
  POOL_FACTOR,
  RTOL_DEFAULT,
  SAMPLES_DEFAULT,
  UNDEFINED_FRACTION_MAX,
} from './constants.ts';
import type { Domain } from './domain.ts';
import { type Value, isFiniteValue, isMatrix } from './library.ts';
import { type SamplePoint, Sampler } from './sampling.ts';

export interface ToleranceOptions {
  samples?: number;
  rtol?: number;
  /** Absolute tolerance; by default ATOL_SCALE_DEFAULT times the expected expression's size. */
  atol?: number;
}

export interface Tolerance {
  samples: number;
  rtol: number;
  atol: number;
}

/** Evaluate a bound expression at a point; a runtime failure counts as undefined there. */
export function evaluateAt(bound: Bound, point: SamplePoint): Value | null {
  const env: Env = { values: point.values, cache: [] };
  try {
    const value = bound.evaluate(env, EMPTY_FRAME);
    return isFiniteValue(value) ? value : null;
  } catch {
    return null;
  }
}

/** The expected side, compiled once: its points and its values there. */
export class Reference {
  readonly pool: SamplePoint[];
  readonly values: Value[];
  readonly tolerance: Tolerance;

  constructor(
    readonly domain: Domain,
    readonly bound: Bound,
    readonly seed: number,
    options: ToleranceOptions = {},
  ) {
    const samples = options.samples ?? SAMPLES_DEFAULT;
    const sampler = new Sampler(domain, seed);
    const draws = domain.dimensions.size > 0 ? DIMENSION_DRAWS_DEFAULT : 1;
    const perDraw = Math.ceil((samples * POOL_FACTOR) / draws);
    const byDraw: { point: SamplePoint; value: Value }[][] = [];
    for (let draw = 0; draw < draws; draw++) {
      const sizes = sampler.drawDimensions();
      const found: { point: SamplePoint; value: Value }[] = [];
      for (let index = 0; found.length < perDraw && index < perDraw * DRAW_ATTEMPTS_PER_POINT; index++) {
        const point = sampler.drawPoint(sizes, draw, index);
        const value = evaluateAt(bound, point);
        if (value !== null) found.push({ point, value });
      }
      byDraw.push(found);
    }
    // Interleave the draws, so that the first points compared cover every draw of the sizes.
    const pool: SamplePoint[] = [];
    const values: Value[] = [];
    for (let i = 0; i < perDraw; i++) {
      for (const found of byDraw) {
        const entry = found[i];
        if (entry) {
          pool.push(entry.point);
          values.push(entry.value);
        }
      }
    }
    this.pool = pool;
    this.values = values;
    this.tolerance = { samples, rtol: options.rtol ?? RTOL_DEFAULT, atol: options.atol ?? ATOL_SCALE_DEFAULT * typicalSize(values) };
  }

  /** Whether enough points were found where the expected expression is defined. */
  get usable(): boolean {
    return this.pool.length >= this.tolerance.samples;
  }

  compareWith(answer: Bound): Comparison {
    return compareSeries(
      (i) => this.values[i]!,
      (i) => evaluateAt(answer, this.pool[i]!),
      this.pool.length,
      this.tolerance,
    );
  }
}

/** Root mean square of all entries; 1 when everything is zero. */
function typicalSize(values: readonly Value[]): number {
  let total = 0;
  let count = 0;
  for (const value of values) {
    if (isMatrix(value)) for (const x of value.data) (total += x * x), count++;
    else (total += value * value), count++;
  }
  const rms = count > 0 ? Math.sqrt(total / count) : 0;
  return rms > 0 ? rms : 1;
}

export type Comparison =
  /** Equal on `compared` points. */
  | { kind: 'equal'; compared: number }
  /** Both defined at pool point `index`, and different there. */
  | { kind: 'different'; index: number; left: Value; right: Value; entry: readonly [number, number] | null; compared: number }
  /** One side is undefined at too many points where the other is defined. */
  | { kind: 'undefined'; index: number; definedSide: 'left' | 'right'; value: Value; compared: number; undefinedCount: number }
  /** Too few points where both are defined. */
  | { kind: 'not-evaluable'; compared: number; tried: number };

/**
 * Compare two series of values over a pool, stopping at the first difference or
 * after `samples` points where both are defined. `null` is "undefined here".
 */
export function compareSeries(
  left: (index: number) => Value | null,
  right: (index: number) => Value | null,
  poolSize: number,
  tolerance: Tolerance,
): Comparison {
  let compared = 0;
  let undefinedCount = 0;
  let firstUndefined: { index: number; definedSide: 'left' | 'right'; value: Value } | null = null;
  let tried = 0;
  for (let index = 0; index < poolSize && compared < tolerance.samples; index++) {
    tried++;
    const a = left(index);
    const b = right(index);
    if (a === null && b === null) continue;
    if (a === null || b === null) {
      undefinedCount++;
      firstUndefined ??= a === null ? { index, definedSide: 'right', value: b! } : { index, definedSide: 'left', value: a };
      continue;
    }
    const entry = differingEntry(a, b, tolerance);
    if (entry !== undefined) return { kind: 'different', index, left: a, right: b, entry, compared };
    compared++;
  }
  if (compared < Math.ceil(tolerance.samples * MIN_VALID_FRACTION)) return { kind: 'not-evaluable', compared, tried };
  if (firstUndefined && undefinedCount > UNDEFINED_FRACTION_MAX * (compared + undefinedCount)) {
    return { kind: 'undefined', ...firstUndefined, compared, undefinedCount };
  }
  return { kind: 'equal', compared };
}

/** Undefined when equal within tolerance; else the differing entry (null for scalars). */
function differingEntry(a: Value, b: Value, { rtol, atol }: Tolerance): readonly [number, number] | null | undefined {
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= atol + rtol * Math.max(Math.abs(x), Math.abs(y));
  if (!isMatrix(a) && !isMatrix(b)) return close(a, b) ? undefined : null;
  if (!isMatrix(a) || !isMatrix(b) || a.rows !== b.rows || a.cols !== b.cols) return null;
  for (let i = 0; i < a.data.length; i++) {
    if (!close(a.data[i]!, b.data[i]!)) return [Math.floor(i / a.cols), i % a.cols];
  }
  return undefined;
}

/** A number as feedback shows it: a few significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(x.toPrecision(FEEDBACK_DIGITS)));
  return x.toExponential(FEEDBACK_DIGITS - 1).replace(/\.?0+e/, 'e');
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

/** The value at an entry, and how to name it. */
export function entryText(value: Value, entry: readonly [number, number] | null): { where: string; value: string } {
  if (!isMatrix(value)) return { where: '', value: formatNumber(value) };
  const [i, j] = entry ?? [0, 0];
  return { where: `entry (${i + 1}, ${j + 1}) of `, value: formatNumber(value.data[i * value.cols + j]!) };
}
