/**
 * Trap tables for the edges of equivalence checking, one per failure class:
 * dynamic range, differences at one end of a domain, float64 overflow /
 * underflow / cancellation, tiny numeric values, 1×1 matrices. Every row names
 * its trap; every expected verdict was worked out by hand (and, for the float
 * traps, holds in exact arithmetic).
 */
import type { ExpressionOptions } from '../../graders/expression.ts';

export type EdgeVerdict = 'correct' | 'incorrect' | 'invalid' | 'needs-review';

export interface EdgeRow {
  trap: string;
  expected: string;
  answer: string;
  verdict: EdgeVerdict;
  /** The part's options besides `expected`. */
  options: Omit<ExpressionOptions, 'expected'>;
  /** The note that a scalar and a 1×1 matrix were compared by value; without it, no such note may be given. */
  note?: RegExp;
  /** Another line the feedback must have. */
  says?: RegExp;
}

type Checks = Pick<EdgeRow, 'note' | 'says'>;

const row = (options: Omit<ExpressionOptions, 'expected'>) =>
  (trap: string, expected: string, answer: string, verdict: EdgeVerdict, checks: Checks = {}): EdgeRow => ({ trap, expected, answer, verdict, options, ...checks });

const wideExp = row({ variables: { x: [-50, 50] } });
const power = row({ variables: { x: [-100, 100] } });
const plane = row({ variables: { x: [-30, 30], y: [-30, 30] } });
const trig = row({ variables: { x: [-10, 10] } });

/** Class 1: an expected value spanning many orders of magnitude must not hide +1, +100 or +x where it is small. */
export const DYNAMIC_RANGE: readonly EdgeRow[] = [
  wideExp('exp over 43 orders, +1', 'exp(x)', 'exp(x) + 1', 'incorrect'),
  wideExp('exp over 43 orders, +100', 'exp(x)', 'exp(x) + 100', 'incorrect'),
  wideExp('exp over 43 orders, +x', 'exp(x)', 'exp(x) + x', 'incorrect'),
  wideExp('exp over 43 orders, a relative slip of 1e-3', 'exp(x)', '1.001*exp(x)', 'incorrect'),
  wideExp('exp as a square', 'exp(x)', 'exp(x/2)^2', 'correct'),
  wideExp('exp as a product', 'exp(x)', 'exp(x - 10)*exp(10)', 'correct'),
  wideExp('exp within the relative tolerance', 'exp(x)', 'exp(x)*(1 + 1e-9)', 'correct'),
  wideExp('unbalanced bracket', 'exp(x)', 'exp(x + 1', 'invalid'),
  power('sixth power, +1', 'x^6', 'x^6 + 1', 'incorrect'),
  power('sixth power, +100', 'x^6', 'x^6 + 100', 'incorrect'),
  power('sixth power, +x', 'x^6', 'x^6 + x', 'incorrect'),
  power('sixth power as a cube of squares', 'x^6', '(x^2)^3', 'correct'),
  power('sixth power as a product', 'x^6', 'x^2*x^4', 'correct'),
  plane('product of fourth powers, +1', 'x^4*y^4', 'x^4*y^4 + 1', 'incorrect'),
  plane('product of fourth powers, +y', 'x^4*y^4', '(x*y)^4 + y', 'incorrect'),
  plane('product of fourth powers regrouped', 'x^4*y^4', '(x*y)^4', 'correct'),
  trig('Pythagoras minus 1 against 0', '0', 'sin(x)^2 + cos(x)^2 - 1', 'correct'),
  trig('Pythagoras against 0', '0', 'sin(x)^2 + cos(x)^2', 'incorrect'),
  trig('Pythagoras minus 1, against a tiny offset', '1e-3', 'sin(x)^2 + cos(x)^2 - 1', 'incorrect'),
  trig('a tiny function against 0', '1e-10*x', '0', 'incorrect'),
  trig('a tiny function, its own form', '1e-10*x', 'x/1e10', 'correct'),
];

const unit = row({ variables: { x: [0, 10] } });
const square = row({ variables: { x: [0, 1], y: [0, 1] } });
const cube = row({ variables: { x: [0, 1], y: [0, 1], z: [0, 1] } });
const logRange = row({ variables: { x: [0, 1] } });

/** Class 2: a difference confined to the top or bottom few percent of a range, a corner or a face. */
export const DOMAIN_ENDS: readonly EdgeRow[] = [
  unit('differs on the top 1 %', 'x', 'x + relu(x - 9.9)', 'incorrect'),
  unit('differs on the top 2 %', 'x', 'max(x, 2*x - 9.8)', 'incorrect'),
  unit('differs on the bottom 1 %', 'x', 'x + relu(0.1 - x)', 'incorrect'),
  unit('a kink exactly at the top end', 'x', 'x + relu(x - 10)', 'correct'),
  unit('abs of a non-negative variable', 'x', 'abs(x)', 'correct'),
  unit('max with zero of a non-negative variable', 'x', 'max(x, 0)', 'correct'),
  unit('unknown function', 'x', 'rampp(x)', 'invalid'),
  square('differs only at the corner (1, 1)', 'x + y', 'x + y + relu(x + y - 1.98)', 'incorrect'),
  square('differs only at the corner (0, 0)', 'x*y', 'x*y + relu(0.02 - x - y)', 'incorrect'),
  square('differs only near the face x = 1', 'x*y', 'x*y + relu(x - 0.99)', 'incorrect'),
  square('differs only near the face y = 0', 'x*y', 'x*y - relu(0.01 - y)', 'incorrect'),
  square('the same on the whole square', 'x*y', 'y*x', 'correct'),
  cube('differs only near the corner (1, 1, 1)', 'x + y + z', 'x + y + z + relu(x + y + z - 2.97)', 'incorrect'),
  cube('the same on the whole cube', 'x + y + z', 'z + y + x', 'correct'),
  logRange('pole at an end point, the same function', 'log(x)', 'log(x^2)/2', 'correct'),
  logRange('pole at an end point, differs at the other end', 'log(x)', 'log(x) + relu(x - 0.99)', 'incorrect'),
];

const logits = row({ variables: { z: [-40, 40], y: { values: [0, 1] } } });
const wideLogits = row({ variables: { z: [-100, 100], y: { values: [0, 1] } } });
const huge = row({ variables: { x: [-1000, 1000] } });
const hyperbolic = row({ variables: { x: [-20, 20] } });
const edgeOfOverflow = row({ variables: { x: [700, 720] } });
const BCE = '-(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))';

/** Class 3: textbook answers that overflow, underflow or cancel in float64, and what must still be caught. */
export const FLOAT_LIMITS: readonly EdgeRow[] = [
  logits('BCE written with sigmoid, logits to ±40', 'softplus(z) - y*z', BCE, 'correct'),
  logits('BCE with sigmoid, the two logs swapped', 'softplus(z) - y*z', '-(y*log(1 - sigmoid(z)) + (1 - y)*log(sigmoid(z)))', 'incorrect'),
  logits('BCE with sigmoid, a sign lost', 'softplus(z) - y*z', 'y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z))', 'incorrect'),
  logits('BCE with sigmoid, written with exponentials', 'softplus(z) - y*z', '-(y*log(1/(1 + exp(-z))) + (1 - y)*log(1 - 1/(1 + exp(-z))))', 'correct'),
  wideLogits('BCE written with sigmoid, logits to ±100', 'softplus(z) - y*z', BCE, 'correct'),
  wideLogits('BCE against the BCE, logits to ±100', BCE, 'softplus(z) - y*z', 'correct'),
  huge('softplus written out, x to ±1000', 'softplus(x)', 'log(1 + exp(x))', 'correct'),
  huge('softplus written out, off by one', 'softplus(x)', 'log(2 + exp(x))', 'incorrect'),
  huge('softplus written out, against relu', 'softplus(x)', 'relu(x)', 'incorrect'),
  hyperbolic('cosh² − sinh² cancels to 1', '1', 'cosh(x)^2 - sinh(x)^2', 'correct'),
  hyperbolic('cosh² + sinh² is not 1', '1', 'cosh(x)^2 + sinh(x)^2', 'incorrect'),
  edgeOfOverflow('a quotient of overflowing exponentials', 'e', 'exp(x)/exp(x - 1)', 'correct'),
  edgeOfOverflow('a quotient of overflowing exponentials, off by one', 'e', 'exp(x + 1)/exp(x - 1)', 'incorrect'),
  trig('a cancellation beyond any precision', 'x', '(x + 1e300) - 1e300', 'needs-review'),
  trig('a cancellation only decimal arithmetic resolves', 'x', '(x + 1e40) - 1e40', 'correct'),
  trig('a cancellation only decimal arithmetic resolves, off by one', 'x', '(x + 1e40) - 1e40 + 1', 'incorrect'),
  trig('a huge constant added and taken away', 'x^2', 'x^2 + 1 + 1e15 - 1e15', 'incorrect'),
  trig('a constant beyond float64 is no match for a bounded function', 'sigmoid(x)', '1e308*10', 'incorrect'),
  row({ variables: { x: [-4, 4] } })('a factor beyond float64 (e^990) on the right function', 'sigmoid(x)', 'e^990*x/(1 + e^x)', 'incorrect'),
  row({ variables: { x: [-4, 4] } })('a factor beyond float64 that cancels', 'sigmoid(x)', 'e^990/e^990 * 1/(1 + e^-x)', 'correct'),
  huge('unknown name', 'softplus(x)', 'log(1 + exp(q))', 'invalid'),
];

const scalarAndVectors = row({
  dimensions: { n: [2, 5] },
  variables: { a: { shape: [1, 1] }, r: { shape: [1, 2] }, w: { shape: ['n', 1] }, v: { shape: ['n', 1] }, x: [-3, 3] },
});

/** The note for a scalar answer to a 1×1 expected value, and for the reverse. */
export const SCALAR_FOR_ONE_BY_ONE = /^Your answer is a scalar and the expected answer is a 1×1 matrix: they are compared by value/;
export const ONE_BY_ONE_FOR_SCALAR = /^Your answer is a 1×1 matrix and the expected answer is a scalar: they are compared by value/;
const asOneByOne = { note: SCALAR_FOR_ONE_BY_ONE };
const asScalar = { note: ONE_BY_ONE_FOR_SCALAR };
const wrongSizeFor1x1 = { says: /^Your answer is 1×2, the expected answer is 1×1\.$/ };

/** Class 5: 1×1 matrices load, and a scalar and a 1×1 value are compared by value, with a note saying so. */
export const ONE_BY_ONE: readonly EdgeRow[] = [
  scalarAndVectors('a 1×1 variable, itself', 'a', 'a', 'correct'),
  scalarAndVectors('a 1×1 variable, doubled', 'a', '2*a', 'incorrect'),
  scalarAndVectors('a 1×1 variable times a scalar', 'a*x', 'x*a', 'correct'),
  scalarAndVectors('a 1×1 product, transposed operands', 'w^T*v', 'v^T*w', 'correct'),
  scalarAndVectors('a 1×1 product against an outer product', 'w^T*v', 'w*v^T', 'incorrect'),
  scalarAndVectors('a 1×1 product, off by one (adding a scalar makes a scalar)', 'w^T*v', 'w^T*v + 1', 'incorrect', asOneByOne),
  scalarAndVectors('indexing is not read', 'a', 'a[1]', 'invalid'),
  // A scalar answer, a 1×1 expected value.
  scalarAndVectors('a scalar sum for a 1×1 product', 'w^T*v', 'sum(w .* v)', 'correct', asOneByOne),
  scalarAndVectors('a dot product for a 1×1 product', 'w^T*v', 'dot(v, w)', 'correct', asOneByOne),
  scalarAndVectors('a scalar for an entrywise function of a 1×1 product', 'exp(w^T*v)', 'exp(dot(w, v))', 'correct', asOneByOne),
  scalarAndVectors('a 1×1 variable plus a scalar is a scalar, for a scaled 1×1 variable', '2*a', 'a + a + x - x', 'correct', asOneByOne),
  scalarAndVectors('two 1×1 variables added stay 1×1', '2*a', 'a + a', 'correct'),
  scalarAndVectors('a scalar for a 1×1 variable', 'a', 'x', 'incorrect', asOneByOne),
  scalarAndVectors('a scalar sum, off by one, for a 1×1 product', 'w^T*v', 'sum(w .* v) + 1', 'incorrect', asOneByOne),
  scalarAndVectors('a scalar with a sign lost, for a 1×1 product', '-(w^T*v)', 'dot(w, v)', 'incorrect', asOneByOne),
  scalarAndVectors('a reduction of a 1×1 product is a scalar', 'sum(w^T*v)', 'dot(w, v)', 'correct'),
  scalarAndVectors('1×2 against a 1×1 variable is a shape error', 'a', 'r', 'incorrect', wrongSizeFor1x1),
  scalarAndVectors('1×2 against a 1×1 product is a shape error', 'w^T*v', 'r', 'incorrect', wrongSizeFor1x1),
  scalarAndVectors('an unreadable scalar for a 1×1 product', 'w^T*v', 'dot(w, v', 'invalid'),
  // A 1×1 answer, a scalar expected value.
  scalarAndVectors('a 1×1 product for a scalar', 'dot(w, v)', 'w^T*v', 'correct', asScalar),
  scalarAndVectors('a scaled 1×1 product for a scalar', 'x^2*dot(w, v)', 'x^2*(w^T*v)', 'correct', asScalar),
  scalarAndVectors('a transposed 1×1 product for a scalar', 'sum(w .* v)', '(v^T*w)^T', 'correct', asScalar),
  scalarAndVectors('a 1×1 variable for a scalar', 'x', 'a', 'incorrect', asScalar),
  scalarAndVectors('an outer product for a scalar', 'dot(w, v)', 'w*v^T', 'incorrect'),
  scalarAndVectors('a 1×1 product, doubled, for a scalar', 'dot(w, v)', '2*w^T*v', 'incorrect', asScalar),
  scalarAndVectors('a 1×1 product plus a scalar is a scalar', 'dot(w, v) + x', 'w^T*v + x', 'correct'),
  scalarAndVectors('1×2 against a scalar is a shape error', 'x', 'r', 'incorrect', { says: /^Your answer is 1×2, the expected answer is a scalar\.$/ }),
  scalarAndVectors('an unreadable 1×1 product for a scalar', 'dot(w, v)', 'w^T*v)', 'invalid'),
];

export const EDGE_TABLES = { 'dynamic range': DYNAMIC_RANGE, 'domain ends': DOMAIN_ENDS, 'float64 limits': FLOAT_LIMITS, '1×1 matrices': ONE_BY_ONE } as const;

export interface DerivationEdgeRow {
  trap: string;
  from: string;
  to: string;
  steps: string[];
  verdict: EdgeVerdict | 'partial';
  /** The notes of the links between a scalar and a 1×1 matrix, in order. */
  notes: RegExp[];
  says?: RegExp;
}

/** The same domain as ONE_BY_ONE's, for derivations. */
export const ONE_BY_ONE_DOMAIN = scalarAndVectors('', '', '', 'correct').options;

/** Class 5 in derivations: each link between a scalar and a 1×1 step is compared by value, and says so. */
export const DERIVATION_ONE_BY_ONE: readonly DerivationEdgeRow[] = [
  {
    trap: 'from a 1×1 product to a dot product through a scalar sum',
    from: 'w^T*v', to: 'dot(w, v)', steps: ['v^T*w', 'sum(w .* v)'], verdict: 'correct',
    notes: [/^Step 2 is a scalar and step 1 is a 1×1 matrix: they are compared by value/],
  },
  {
    trap: 'from a dot product to a 1×1 product',
    from: 'dot(w, v)', to: 'w^T*v', steps: ['sum(v .* w)'], verdict: 'correct',
    notes: [/^The goal w(ᵀ|\^T|')·?\*?v is a 1×1 matrix and step 1 is a scalar: they are compared by value/],
  },
  {
    trap: 'a scalar step off by one between 1×1 steps',
    from: 'w^T*v', to: 'v^T*w', steps: ['sum(w .* v) + 1', 'v^T*w'], verdict: 'partial',
    notes: [/^Step 1 is a scalar and the starting expression .* is a 1×1 matrix/, /^Step 2 is a 1×1 matrix and step 1 is a scalar/],
    says: /^Step 1 is not equal to the starting expression/,
  },
  {
    trap: 'only 1×1 steps: no note',
    from: 'w^T*v', to: 'v^T*w', steps: ['(v^T*w)^T', 'v^T*w'], verdict: 'correct', notes: [],
  },
  {
    trap: 'a 1×2 step between 1×1 steps is a shape error',
    from: 'a', to: '2*a - a', steps: ['r'], verdict: 'incorrect', notes: [],
    says: /^Step 1 is 1×2, the starting expression a is 1×1\.$/,
  },
  {
    trap: 'an unreadable step',
    from: 'w^T*v', to: 'dot(w, v)', steps: ['sum(w .* v'], verdict: 'invalid', notes: [],
  },
];
