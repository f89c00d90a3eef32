/**
 * Property tests: random algebraic rewrites of an expression stay equivalent;
 * random perturbations (a changed coefficient, a dropped term) do not. The
 * expressions are sums of coefficients times linearly independent features,
 * so every perturbation really changes the function.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ExpressionOptions, expressionGrader } from '../../graders/expression.ts';
import { ASCII, type Expr, bin, call, neg, num, print, sym } from '../../src/math/expression/ast.ts';
import { readExpression } from '../../src/math/expression/parse.ts';

const x = sym('x');
const y = sym('y');
/** Linearly independent functions of x and y on [-2, 2]^2. */
const FEATURES: readonly Expr[] = [
  num(1),
  x,
  y,
  bin('*', x, y),
  bin('^', x, num(2)),
  call('sigmoid', x),
  call('tanh', y),
  call('sin', x),
  call('exp', bin('*', num(-1), y)),
  call('log', bin('+', num(3), x)),
];

interface Term {
  feature: number;
  coefficient: number;
}

const termsArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: FEATURES.length - 1 }), { minLength: 1, maxLength: 5 })
  .chain((features) =>
    fc.tuple(
      fc.constant(features),
      fc.array(fc.integer({ min: -4, max: 4 }).filter((c) => c !== 0), { minLength: features.length, maxLength: features.length }),
    ),
  )
  .map(([features, coefficients]) => features.map((feature, i): Term => ({ feature, coefficient: coefficients[i]! })));

function build(terms: readonly Term[]): Expr {
  return terms
    .map(({ feature, coefficient }) => bin('*', num(coefficient), FEATURES[feature]!))
    .reduce((sum, term) => bin('+', sum, term));
}

/** Value-preserving rewrites of one node; `choice` picks which. */
function rewriteNode(node: Expr, choice: number): Expr {
  const options: Expr[] = [];
  if (node.kind === 'binary' && (node.op === '+' || node.op === '*')) options.push(bin(node.op, node.right, node.left));
  if (node.kind === 'binary' && node.op === '+') options.push(bin('-', node.left, neg(node.right)));
  if (node.kind === 'binary' && node.op === '*' && node.right.kind === 'binary' && node.right.op === '+') {
    options.push(bin('+', bin('*', node.left, node.right.left), bin('*', node.left, node.right.right)));
  }
  if (node.kind === 'call' && node.name === 'sigmoid') options.push(bin('-', num(1), call('sigmoid', neg(node.args[0]!))));
  if (node.kind === 'call' && node.name === 'tanh') options.push(bin('-', bin('*', num(2), call('sigmoid', bin('*', num(2), node.args[0]!))), num(1)));
  if (node.kind === 'call' && node.name === 'exp') options.push(bin('^', sym('e'), node.args[0]!));
  if (node.kind === 'binary' && node.op === '^' && node.right.kind === 'number' && node.right.value === 2) options.push(bin('*', node.left, node.left));
  if (node.kind === 'call' && node.name === 'log') options.push(bin('-', call('log', bin('*', num(2), node.args[0]!)), call('log', num(2))));
  options.push(bin('/', bin('*', num(2), node), num(2)));
  options.push(neg(neg(node)));
  return options[choice % options.length]!;
}

/** Apply a rewrite at the node reached by following `path` choices. */
function rewrite(expr: Expr, path: readonly number[], choice: number): Expr {
  const [step, ...rest] = path;
  if (step === undefined || expr.kind === 'number' || expr.kind === 'symbol') return rewriteNode(expr, choice);
  switch (expr.kind) {
    case 'binary':
      return step % 3 === 2 ? rewriteNode(expr, choice) : step % 3 === 0 ? bin(expr.op, rewrite(expr.left, rest, choice), expr.right) : bin(expr.op, expr.left, rewrite(expr.right, rest, choice));
    case 'call':
      return step % 2 === 0 ? rewriteNode(expr, choice) : call(expr.name, ...expr.args.map((arg) => rewrite(arg, rest, choice)));
    case 'negate':
      return neg(rewrite(expr.arg, rest, choice));
    case 'transpose':
      return expr;
  }
}

const rewritesArbitrary = fc.array(fc.tuple(fc.array(fc.nat(5), { maxLength: 6 }), fc.nat(9)), { minLength: 1, maxLength: 6 });

function grade(expected: Expr, answer: string) {
  const options: ExpressionOptions = { expected: print(expected, ASCII), variables: { x: [-2, 2], y: [-2, 2] }, cas: false };
  const compiled = expressionGrader.compile(options, { quizId: 'p', definitions: {}, key: 'p', seed: 5 });
  return expressionGrader.grade(answer, compiled, options);
}

describe('properties', () => {
  it('random rewrites stay equivalent', () => {
    fc.assert(
      fc.property(termsArbitrary, rewritesArbitrary, (terms, rewrites) => {
        const expected = build(terms);
        const answer = rewrites.reduce((expr, [path, choice]) => rewrite(expr, path, choice), expected);
        const outcome = grade(expected, print(answer, ASCII));
        expect(outcome.verdict, `${print(answer)}: ${outcome.feedback.join(' ')}`).toBe('correct');
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });

  it('a changed coefficient is caught', () => {
    fc.assert(
      fc.property(termsArbitrary, fc.nat(), fc.constantFrom(1, -1, 0.5, 0.01, -0.01), rewritesArbitrary, (terms, which, delta, rewrites) => {
        const index = which % terms.length;
        const changed = terms.map((term, i) => (i === index ? { ...term, coefficient: term.coefficient + delta } : term));
        const answer = rewrites.reduce((expr, [path, choice]) => rewrite(expr, path, choice), build(changed));
        expect(grade(build(terms), print(answer, ASCII)).verdict).toBe('incorrect');
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });

  it('a dropped term is caught', () => {
    fc.assert(
      fc.property(termsArbitrary.filter((terms) => terms.length >= 2), fc.nat(), (terms, which) => {
        const dropped = terms.filter((_term, i) => i !== which % terms.length);
        expect(grade(build(terms), print(build(dropped), ASCII)).verdict).toBe('incorrect');
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });

  it('printing then reading gives back the same tree', () => {
    fc.assert(
      fc.property(termsArbitrary, rewritesArbitrary, (terms, rewrites) => {
        const expr = rewrites.reduce((tree, [path, choice]) => rewrite(tree, path, choice), build(terms));
        for (const style of [ASCII, undefined]) {
          const read = readExpression(print(expr, style));
          expect(read.ok).toBe(true);
          if (read.ok) expect(print(read.expr, ASCII)).toBe(print(expr, ASCII));
        }
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('never throws and answers quickly-readable verdicts on arbitrary text', () => {
    const options: ExpressionOptions = { expected: 'x + y', variables: { x: [-2, 2], y: [-2, 2] }, cas: false };
    const compiled = expressionGrader.compile(options, { quizId: 'p', definitions: {}, key: 'p', seed: 5 });
    const alphabet = fc.constantFrom(...'xy()+-*/^.,\'[]{}=:;!?"σ−·²⁻¹ 0123456789eTabcsinlogexpsigmoid'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join('')), (text) => {
        const outcome = expressionGrader.grade(text, compiled, options);
        expect(['correct', 'incorrect', 'invalid']).toContain(outcome.verdict);
        if (outcome.verdict === 'invalid') expect(outcome.feedback[0]).toBeTruthy();
      }),
      { numRuns: 1000, seed: 20261128 },
    );
  });
});
