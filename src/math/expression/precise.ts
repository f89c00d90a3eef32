/**
 * The same bound tree evaluated in decimal.js (the arithmetic behind mathjs'
 * BigNumber) at a chosen number of significant digits: for the rare sample
 * points where float64 overflows, underflows or cancels too much to decide.
 * No second parser: the binder builds these closures from the tree it checked.
 */
import { Decimal } from 'decimal.js';
import type { Arithmetic } from './backends.ts';
import { BUILTINS, ExpressionError, type Value, isMatrix } from './library.ts';

export interface PreciseMatrix {
  rows: number;
  cols: number;
  data: Decimal[];
}
export type Precise = Decimal | PreciseMatrix;

export const isPreciseMatrix = (value: Precise): value is PreciseMatrix => !Decimal.isDecimal(value);

const demoted = (rows: number, cols: number, data: Decimal[]): Precise => (rows === 1 && cols === 1 ? data[0]! : { rows, cols, data });

function mapPrecise(a: Precise, f: (x: Decimal) => Decimal): Precise {
  return isPreciseMatrix(a) ? demoted(a.rows, a.cols, a.data.map(f)) : f(a);
}

function zipPrecise(a: Precise, b: Precise, f: (x: Decimal, y: Decimal) => Decimal): Precise {
  if (!isPreciseMatrix(a)) return isPreciseMatrix(b) ? demoted(b.rows, b.cols, b.data.map((y) => f(a, y))) : f(a, b);
  if (!isPreciseMatrix(b)) return demoted(a.rows, a.cols, a.data.map((x) => f(x, b)));
  if (a.rows !== b.rows || a.cols !== b.cols) throw new ExpressionError('shape', `sizes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} don't match`);
  return demoted(a.rows, a.cols, a.data.map((x, i) => f(x, b.data[i]!)));
}

const entries = (a: Precise): Decimal[] => (isPreciseMatrix(a) ? a.data : [a]);

const SAME_NAME = ['exp', 'log10', 'log2', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh'] as const;

type PreciseArithmetic = Arithmetic<Precise> & { lift(value: Value): Precise };
const arithmetics = new Map<number, PreciseArithmetic>();

/** The arithmetic of `digits` significant digits (one decimal.js constructor per precision, made once). */
export function preciseArithmetic(digits: number): PreciseArithmetic {
  let arithmetic = arithmetics.get(digits);
  if (!arithmetic) arithmetics.set(digits, (arithmetic = makePreciseArithmetic(digits)));
  return arithmetic;
}

/** A float64 input at `digits` digits (exactly its shortest decimal form). */
export const liftPrecise = (value: Value, digits: number): Precise => preciseArithmetic(digits).lift(value);

function makePreciseArithmetic(digits: number): PreciseArithmetic {
  const D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN });
  const ZERO = new D(0);
  const ONE = new D(1);
  const sum = (values: readonly Decimal[]): Decimal => values.reduce((total, x) => total.plus(x), ZERO);
  const logSumExp = (values: readonly Decimal[]): Decimal => {
    const max = D.max(...values);
    if (!max.isFinite()) return max;
    return max.plus(D.ln(sum(values.map((x) => D.exp(x.minus(max))))));
  };
  const softmax = (values: readonly Decimal[]): Decimal[] => {
    const lse = logSumExp(values);
    return values.map((x) => D.exp(x.minus(lse)));
  };
  const byRow = (a: PreciseMatrix, f: (row: Decimal[]) => Decimal[]): Decimal[] => {
    const out: Decimal[] = [];
    for (let i = 0; i < a.rows; i++) out.push(...f(a.data.slice(i * a.cols, (i + 1) * a.cols)));
    return out;
  };
  const isVector = (a: PreciseMatrix): boolean => a.rows === 1 || a.cols === 1;
  const entrywise = (f: (x: Decimal) => Decimal) => ([a]: readonly Precise[]): Precise => mapPrecise(a!, f);
  const pairwise = (pick: (values: Decimal[]) => Decimal) => (args: readonly Precise[]): Precise =>
    args.length === 2 ? zipPrecise(args[0]!, args[1]!, (x, y) => pick([x, y])) : pick(entries(args[0]!));

  const library: Record<string, (args: readonly Precise[]) => Precise> = {
    log: (args) => (args.length === 1 ? mapPrecise(args[0]!, (x) => D.ln(x)) : zipPrecise(args[0]!, args[1]!, (x, base) => D.ln(x).div(D.ln(base)))),
    sigmoid: entrywise((x) => ONE.div(ONE.plus(D.exp(x.neg())))),
    relu: entrywise((x) => (x.gt(0) ? x : ZERO)),
    softplus: entrywise((x) => D.max(x, ZERO).plus(D.ln(ONE.plus(D.exp(x.abs().neg()))))),
    sum: ([a]) => sum(entries(a!)),
    mean: ([a]) => sum(entries(a!)).div(entries(a!).length),
    max: pairwise((values) => D.max(...values)),
    min: pairwise((values) => D.min(...values)),
    softmax: ([a]) => {
      if (!isPreciseMatrix(a!)) return ONE;
      return demoted(a.rows, a.cols, isVector(a) ? softmax(a.data) : byRow(a, softmax));
    },
    logsumexp: ([a]) => {
      if (!isPreciseMatrix(a!)) return a!;
      return isVector(a) ? logSumExp(a.data) : demoted(a.rows, 1, byRow(a, (row) => [logSumExp(row)]));
    },
    dot: ([a, b]) => sum(entries(zipPrecise(a!, b!, (x, y) => x.times(y)))),
    trace: ([a]) => {
      if (!isPreciseMatrix(a!)) return a!;
      return sum(Array.from({ length: Math.min(a.rows, a.cols) }, (_, i) => a.data[i * a.cols + i]!));
    },
  };
  // The builtins decimal.js has under the same name.
  for (const name of SAME_NAME) library[name] = entrywise((x) => D[name](x));
  for (const name of BUILTINS.keys()) if (!Object.hasOwn(library, name)) throw new Error(`no precise version of the builtin ${name}`);

  const matrixProduct = (a: Precise, b: Precise): Precise => {
    if (!isPreciseMatrix(a) || !isPreciseMatrix(b)) return zipPrecise(a, b, (x, y) => x.times(y));
    if (a.cols !== b.rows) throw new ExpressionError('shape', `can't multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
    const out: Decimal[] = [];
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < b.cols; j++) {
        let total = ZERO;
        for (let k = 0; k < a.cols; k++) total = total.plus(a.data[i * a.cols + k]!.times(b.data[k * b.cols + j]!));
        out.push(total);
      }
    }
    return demoted(a.rows, b.cols, out);
  };

  return {
    lift: (value) => (isMatrix(value) ? demoted(value.rows, value.cols, Array.from(value.data, (x) => new D(x))) : new D(value)),
    number: (x) => new D(x),
    constant: (name, x) => (name === 'pi' ? D.acos(-1) : name === 'e' ? D.exp(1) : new D(x)),
    negate: (a) => mapPrecise(a, (x) => x.neg()),
    transpose: (a) => {
      if (!isPreciseMatrix(a)) return a;
      const out: Decimal[] = new Array<Decimal>(a.data.length);
      for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j]!;
      return demoted(a.cols, a.rows, out);
    },
    add: (a, b) => zipPrecise(a, b, (x, y) => x.plus(y)),
    subtract: (a, b) => zipPrecise(a, b, (x, y) => x.minus(y)),
    multiply: matrixProduct,
    divide: (a, b) => zipPrecise(a, b, (x, y) => x.div(y)),
    times: (a, b) => zipPrecise(a, b, (x, y) => x.times(y)),
    power: (a, b) => zipPrecise(a, b, (x, y) => x.pow(y)),
    builtin: (name) => library[name]!,
  };
}
