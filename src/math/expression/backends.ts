/**
 * The arithmetics a bound expression can be evaluated in. The binder resolves
 * names and checks sizes once; the closures it builds call one of these:
 * - FLOAT: plain float64 values, the fast path;
 * - ROUNDING: float64 values with a first-order bound on their rounding error,
 *   so a comparison knows how many of a value's digits it can trust;
 * - precise arithmetics (precise.ts): the same tree in decimal.js, for the rare
 *   points float64 can't decide.
 */
import {
  BUILTINS,
  type Value,
  isMatrix,
  map,
  matmul,
  transpose,
  zip,
} from './library.ts';

/** What the binder needs of an arithmetic over values of type V. */
export interface Arithmetic<V> {
  number(x: number): V;
  /** A named constant (`pi`, `e`) with its float64 value. */
  constant(name: string, x: number): V;
  negate(a: V): V;
  transpose(a: V): V;
  add(a: V, b: V): V;
  subtract(a: V, b: V): V;
  /** `*`: a matrix product, or a scalar scaling. */
  multiply(a: V, b: V): V;
  /** Entrywise `/`, `./`. */
  divide(a: V, b: V): V;
  /** Entrywise `.*`. */
  times(a: V, b: V): V;
  /** Entrywise `^`, `.^`. */
  power(a: V, b: V): V;
  builtin(name: string): (args: readonly V[]) => V;
}

const plus = (x: number, y: number): number => x + y;
const minus = (x: number, y: number): number => x - y;
const product = (x: number, y: number): number => x * y;
const quotient = (x: number, y: number): number => x / y;
const negative = (x: number): number => -x;

export const FLOAT: Arithmetic<Value> = {
  number: (x) => x,
  constant: (_name, x) => x,
  negate: (a) => map(a, negative),
  transpose,
  add: (a, b) => zip(a, b, plus),
  subtract: (a, b) => zip(a, b, minus),
  multiply: matmul,
  divide: (a, b) => zip(a, b, quotient),
  times: (a, b) => zip(a, b, product),
  power: (a, b) => zip(a, b, Math.pow),
  builtin: (name) => BUILTINS.get(name)!.evaluate,
};

// ---- float64 with a rounding-error bound ---------------------------------------

/** Unit roundoff of float64. */
export const UNIT_ROUNDOFF = Number.EPSILON / 2;

/** A float64 value and a bound on its absolute error, entry by entry (a scalar bound applies to every entry). */
export interface Approx {
  v: Value;
  e: Value;
}

const EXACT_ZERO: Approx = { v: 0, e: 0 };
/** A NaN bound (an input outside a function's domain) means "no digit can be trusted". */
const bounded = (e: number): number => (e >= 0 ? e : Infinity);
const rounding = (r: number): number => UNIT_ROUNDOFF * Math.abs(r);

type ErrorOf = (x: number, ex: number, y: number, ey: number, r: number) => number;

/** Entrywise combination of two approximate values, broadcasting a scalar over a matrix. */
function combine(a: Approx, b: Approx, f: (x: number, y: number) => number, error: ErrorOf): Approx {
  const v = zip(a.v, b.v, f);
  if (!isMatrix(v)) return { v, e: bounded(error(a.v as number, a.e as number, b.v as number, b.e as number, v)) };
  const at = (value: Value, i: number): number => (isMatrix(value) ? value.data[i]! : value);
  const e = new Float64Array(v.data.length);
  for (let i = 0; i < e.length; i++) e[i] = bounded(error(at(a.v, i), at(a.e, i), at(b.v, i), at(b.e, i), v.data[i]!));
  return { v, e: { rows: v.rows, cols: v.cols, data: e } };
}

const sumError: ErrorOf = (_x, ex, _y, ey, r) => ex + ey + rounding(r);
const productError: ErrorOf = (x, ex, y, ey, r) => Math.abs(x) * ey + Math.abs(y) * ex + ex * ey + rounding(r);
const quotientError: ErrorOf = (_x, ex, y, ey, r) => {
  const margin = Math.abs(y) - ey;
  return margin > 0 ? (ex + Math.abs(r) * ey) / margin + rounding(r) : Infinity;
};
/** A power's error from its value at the ends of its inputs' error intervals (libm's pow is within an ulp or two). */
const powerError: ErrorOf = (x, ex, y, ey, r) => {
  let spread = 0;
  if (ex > 0 || ey > 0) {
    for (const dx of [-ex, ex]) for (const dy of [-ey, ey]) spread = Math.max(spread, Math.abs((x + dx) ** (y + dy) - r));
  }
  return spread + 2 * rounding(r);
};

const abs = (value: Value): Value => map(value, Math.abs);
/** A matrix of the value's shape (a scalar bound spread over it). */
function full(e: Value, like: Value): Value {
  if (isMatrix(e) || !isMatrix(like)) return e;
  return { rows: like.rows, cols: like.cols, data: new Float64Array(like.data.length).fill(e) };
}
const isExact = (e: Value): boolean => (isMatrix(e) ? e.data.every((x) => x === 0) : e === 0);

function matrixProduct(a: Approx, b: Approx): Approx {
  if (!isMatrix(a.v) || !isMatrix(b.v)) return combine(a, b, product, productError);
  const v = matmul(a.v, b.v);
  const absA = abs(a.v);
  const absB = abs(b.v);
  // |A|·eB + eA·(|B| + eB), plus the rounding of a sum of `inner` products.
  const inner = a.v.cols;
  let e = zip(matmul(absA, full(b.e, b.v)), matmul(full(a.e, a.v), zip(absB, full(b.e, b.v), plus)), plus);
  e = zip(e, matmul(absA, absB), (s, magnitude) => bounded(s + (inner + 1) * UNIT_ROUNDOFF * magnitude));
  return { v, e };
}

/** Builtins that sum their entries: their rounding grows with the number of terms and their magnitudes. */
const SUMMING = new Set(['sum', 'mean', 'dot', 'trace']);
const entryCount = (value: Value): number => (isMatrix(value) ? value.data.length : 1);
/** Rounding of a library function, in units of its result (libm is within an ulp or two; softmax and logsumexp sum). */
const LIBRARY_ROUNDING_ULPS = 4;

/**
 * A builtin's value and error: the spread of its values at the ends of its
 * arguments' error intervals (first order, as the inputs' errors are small),
 * plus its own rounding.
 */
function builtinWithError(name: string): (args: readonly Approx[]) => Approx {
  const evaluate = BUILTINS.get(name)!.evaluate;
  return (args) => {
    const v = evaluate(args.map((arg) => arg.v));
    let spread: Value = 0;
    if (!args.every((arg) => isExact(arg.e))) {
      const high = evaluate(args.map((arg) => zip(arg.v, arg.e, plus)));
      const low = evaluate(args.map((arg) => zip(arg.v, arg.e, minus)));
      spread = zip(zip(high, v, (h, x) => Math.abs(h - x)), zip(low, v, (l, x) => Math.abs(l - x)), Math.max);
    }
    const terms = Math.max(...args.map((arg) => entryCount(arg.v)));
    const own = SUMMING.has(name)
      ? map(evaluate(args.map((arg) => abs(arg.v))), (magnitude) => terms * UNIT_ROUNDOFF * Math.abs(magnitude))
      : map(v, (x) => (LIBRARY_ROUNDING_ULPS + terms) * rounding(x));
    return { v, e: map(zip(spread, own, plus), bounded) };
  };
}

export const ROUNDING: Arithmetic<Approx> = {
  number: (x) => (x === 0 ? EXACT_ZERO : { v: x, e: 0 }),
  constant: (_name, x) => ({ v: x, e: rounding(x) }),
  negate: (a) => ({ v: map(a.v, negative), e: a.e }),
  transpose: (a) => ({ v: transpose(a.v), e: transpose(a.e) }),
  add: (a, b) => combine(a, b, plus, sumError),
  subtract: (a, b) => combine(a, b, minus, sumError),
  multiply: matrixProduct,
  divide: (a, b) => combine(a, b, quotient, quotientError),
  times: (a, b) => combine(a, b, product, productError),
  power: (a, b) => combine(a, b, Math.pow, powerError),
  builtin: builtinWithError,
};

/** A point's exact float64 inputs as approximate values (with no error). */
export const exactly = (value: Value): Approx => ({ v: value, e: 0 });
