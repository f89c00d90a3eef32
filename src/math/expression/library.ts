/**
 * Values, shapes and the built-in function library. Every operation is real,
 * numerically stable, and applied entrywise to matrices where that is what ML
 * notation means (mathjs' own `exp` refuses matrices and its `1/M` inverts).
 */

/** A dense real matrix, row-major. A 1x1 result is always demoted to a number. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}
export type Value = number | Matrix;

/** A size: a dimension name (`m`) or a fixed number. */
export type Dim = string | number;
/** Static shape: null for a scalar, [rows, cols] for a matrix. */
export type Shape = null | readonly [Dim, Dim];

export const EXPRESSION_ERROR_KINDS = ['unknown-name', 'notation', 'shape'] as const;
export type ExpressionErrorKind = (typeof EXPRESSION_ERROR_KINDS)[number];

/**
 * A problem found while binding an expression: an unknown name or a notation
 * quizgrade does not read (the answer is invalid), or sizes that don't fit
 * together (the answer is wrong).
 */
export class ExpressionError extends Error {
  readonly kind: ExpressionErrorKind;
  constructor(kind: ExpressionErrorKind, message: string) {
    super(message);
    this.name = 'ExpressionError';
    this.kind = kind;
  }
}

export const isMatrix = (value: Value): value is Matrix => typeof value !== 'number';

export function matrix(rows: number, cols: number, data: Float64Array): Value {
  return rows === 1 && cols === 1 ? data[0]! : { rows, cols, data };
}

export function shapeOf(value: Value): [number, number] | null {
  return isMatrix(value) ? [value.rows, value.cols] : null;
}

export function formatShape(shape: Shape): string {
  return shape === null ? 'a scalar' : `${shape[0]}×${shape[1]}`;
}

export function isScalarShape(shape: Shape): boolean {
  return shape === null || (shape[0] === 1 && shape[1] === 1);
}

/** Demote a 1x1 shape to scalar, as values are. */
export function normalShape(shape: Shape): Shape {
  return isScalarShape(shape) ? null : shape;
}

export const sameShape = (a: Shape, b: Shape): boolean =>
  a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1];

const isVectorShape = (shape: Shape): boolean => shape !== null && (shape[0] === 1 || shape[1] === 1);

// ---- entrywise arithmetic -------------------------------------------------

export function map(value: Value, f: (x: number) => number): Value {
  if (!isMatrix(value)) return f(value);
  const out = new Float64Array(value.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(value.data[i]!);
  return matrix(value.rows, value.cols, out);
}

/** Entrywise binary operation; a scalar is broadcast over a matrix. */
export function zip(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (!isMatrix(a)) {
    if (!isMatrix(b)) return f(a, b);
    const out = new Float64Array(b.data.length);
    for (let i = 0; i < out.length; i++) out[i] = f(a, b.data[i]!);
    return matrix(b.rows, b.cols, out);
  }
  if (!isMatrix(b)) {
    const out = new Float64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = f(a.data[i]!, b);
    return matrix(a.rows, a.cols, out);
  }
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ExpressionError('shape', `sizes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} don't match`);
  }
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[i]!, b.data[i]!);
  return matrix(a.rows, a.cols, out);
}

export function matmul(a: Value, b: Value): Value {
  if (!isMatrix(a) || !isMatrix(b)) return zip(a, b, (x, y) => x * y);
  if (a.cols !== b.rows) {
    throw new ExpressionError('shape', `can't multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  }
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j]! += aik * b.data[k * b.cols + j]!;
    }
  }
  return matrix(a.rows, b.cols, out);
}

export function transpose(a: Value): Value {
  if (!isMatrix(a)) return a;
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j]!;
  return matrix(a.cols, a.rows, out);
}

export function isFiniteValue(value: Value): boolean {
  if (!isMatrix(value)) return Number.isFinite(value);
  for (const x of value.data) if (!Number.isFinite(x)) return false;
  return true;
}

// ---- stable scalar functions ----------------------------------------------

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const ex = Math.exp(x);
  return ex / (1 + ex);
}
export const relu = (x: number): number => (x > 0 ? x : 0);
export const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

const add = (x: number, y: number): number => x + y;

function reduceRows(value: Matrix, f: (row: Float64Array) => number): Value {
  const out = new Float64Array(value.rows);
  for (let i = 0; i < value.rows; i++) out[i] = f(value.data.subarray(i * value.cols, (i + 1) * value.cols));
  return matrix(value.rows, 1, out);
}

function logSumExpOf(values: Float64Array): number {
  let max = -Infinity;
  for (const x of values) if (x > max) max = x;
  if (!Number.isFinite(max)) return max;
  let total = 0;
  for (const x of values) total += Math.exp(x - max);
  return max + Math.log(total);
}

function softmaxOf(values: Float64Array): Float64Array {
  const lse = logSumExpOf(values);
  return values.map((x) => Math.exp(x - lse));
}

const isVector = (m: Matrix): boolean => m.rows === 1 || m.cols === 1;

// ---- the library ------------------------------------------------------------

export interface Builtin {
  /** Fewest and most arguments. */
  arity: readonly [number, number];
  /** Result shape for argument shapes; throws ExpressionError for sizes that don't fit. */
  shape(args: readonly Shape[], argText: (index: number) => string): Shape;
  evaluate(args: readonly Value[]): Value;
  /** One line for the docs and for did-you-mean messages. */
  summary: string;
  /** Applied entry by entry, so a 1×1 matrix stays one (exp(wᵀv)); a reduction (sum) makes a scalar. */
  entrywise?: true;
}

function entrywise(f: (x: number) => number, summary: string): Builtin {
  return { arity: [1, 1], shape: ([a]) => a ?? null, evaluate: ([a]) => map(a!, f), summary, entrywise: true };
}

function toScalar(f: (values: Float64Array) => number, summary: string): Builtin {
  return {
    arity: [1, 1],
    shape: () => null,
    evaluate: ([a]) => (isMatrix(a!) ? f(a.data) : f(Float64Array.of(a as number))),
    summary,
  };
}

function pairwise(f: (x: number, y: number) => number, reduce: (values: Float64Array) => number, summary: string): Builtin {
  return {
    arity: [1, 2],
    shape: (args, text) => {
      if (args.length === 1) return null;
      return broadcastShape(args[0]!, args[1]!, text, 'compare');
    },
    evaluate: (args) => {
      if (args.length === 2) return zip(args[0]!, args[1]!, f);
      const a = args[0]!;
      return isMatrix(a) ? reduce(a.data) : a;
    },
    summary,
  };
}

/** Shape of an entrywise combination, a scalar broadcasting over a matrix. */
export function broadcastShape(a: Shape, b: Shape, text: (index: number) => string, verb: string): Shape {
  if (a === null) return b;
  if (b === null) return a;
  if (sameShape(a, b)) return a;
  // Operand texts are printed only for the message.
  throw new ExpressionError(
    'shape',
    `can't ${verb} ${text(0)} (${formatShape(a)}) and ${text(1)} (${formatShape(b)}) entry by entry: their sizes differ`,
  );
}

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['exp', entrywise(Math.exp, 'e to the power, entrywise')],
  ['log', {
    arity: [1, 2],
    shape: (args, text) => (args.length === 1 ? args[0]! : broadcastShape(args[0]!, args[1]!, text, 'combine')),
    evaluate: (args) => (args.length === 1 ? map(args[0]!, Math.log) : zip(args[0]!, args[1]!, (x, base) => Math.log(x) / Math.log(base))),
    summary: 'natural logarithm (log(x, b) for base b); ln is the same function',
    entrywise: true,
  }],
  ['log10', entrywise(Math.log10, 'base-10 logarithm')],
  ['log2', entrywise(Math.log2, 'base-2 logarithm')],
  ['sqrt', entrywise(Math.sqrt, 'square root (undefined below 0)')],
  ['abs', entrywise(Math.abs, 'absolute value')],
  ['sin', entrywise(Math.sin, 'sine')],
  ['cos', entrywise(Math.cos, 'cosine')],
  ['tan', entrywise(Math.tan, 'tangent')],
  ['asin', entrywise(Math.asin, 'inverse sine')],
  ['acos', entrywise(Math.acos, 'inverse cosine')],
  ['atan', entrywise(Math.atan, 'inverse tangent')],
  ['sinh', entrywise(Math.sinh, 'hyperbolic sine')],
  ['cosh', entrywise(Math.cosh, 'hyperbolic cosine')],
  ['tanh', entrywise(Math.tanh, 'hyperbolic tangent')],
  ['sigmoid', entrywise(sigmoid, 'logistic sigmoid 1/(1 + e^-x), also written σ')],
  ['relu', entrywise(relu, 'max(0, x)')],
  ['softplus', entrywise(softplus, 'log(1 + e^x)')],
  ['sum', toScalar((values) => values.reduce(add, 0), 'sum of all entries')],
  ['mean', toScalar((values) => values.reduce(add, 0) / values.length, 'mean of all entries')],
  ['max', pairwise(Math.max, (values) => Math.max(...values), 'largest entry, or entrywise max(a, b)')],
  ['min', pairwise(Math.min, (values) => Math.min(...values), 'smallest entry, or entrywise min(a, b)')],
  ['softmax', {
    arity: [1, 1],
    shape: ([a]) => a ?? null,
    evaluate: ([a]) => {
      if (!isMatrix(a!)) return 1;
      if (isVector(a)) return matrix(a.rows, a.cols, softmaxOf(a.data));
      const out = new Float64Array(a.data.length);
      for (let i = 0; i < a.rows; i++) out.set(softmaxOf(a.data.subarray(i * a.cols, (i + 1) * a.cols)), i * a.cols);
      return matrix(a.rows, a.cols, out);
    },
    summary: 'softmax over the entries of a vector, or over each row of a matrix',
  }],
  ['logsumexp', {
    arity: [1, 1],
    shape: ([a]) => (a === null || a === undefined || isVectorShape(a) ? null : [a[0], 1]),
    evaluate: ([a]) => {
      if (!isMatrix(a!)) return a!;
      return isVector(a) ? logSumExpOf(a.data) : reduceRows(a, logSumExpOf);
    },
    summary: 'log(sum(exp(v))) of a vector, or of each row of a matrix',
  }],
  ['dot', {
    arity: [2, 2],
    shape: ([a, b], text) => {
      broadcastShape(a!, b!, text, 'take the dot product of');
      return null;
    },
    evaluate: ([a, b]) => {
      const product = zip(a!, b!, (x, y) => x * y);
      return isMatrix(product) ? product.data.reduce(add, 0) : product;
    },
    summary: 'dot product of two vectors of the same size',
  }],
  ['trace', {
    arity: [1, 1],
    shape: ([a], text) => {
      if (a !== null && a !== undefined && a[0] !== a[1]) {
        throw new ExpressionError('shape', `trace needs a square matrix, but ${text(0)} is ${formatShape(a)}`);
      }
      return null;
    },
    evaluate: ([a]) => {
      if (!isMatrix(a!)) return a!;
      let total = 0;
      for (let i = 0; i < Math.min(a.rows, a.cols); i++) total += a.data[i * a.cols + i]!;
      return total;
    },
    summary: 'sum of the diagonal of a square matrix',
  }],
]);

/** Constants a part may use unless it declares a variable of the same name. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);
