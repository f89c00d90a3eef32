import { describe, expect, it } from 'vitest';
import { OptionsError } from '../src/grader.ts';
import { type ExpressionOptions, expressionGrader } from './expression.ts';
import { DOMAINS, PAIRS, QUIZ_DEFINITIONS } from '../tests/expression/pairs.ts';
import { loadCas } from '../src/math/expression/cas.ts';

// Some rows ask for proofs: the CAS is loaded as a host's prepareQuiz would.
await loadCas();

const context = (seed = 20261124) => ({ quizId: 'test', definitions: QUIZ_DEFINITIONS, key: 'q.p', seed });

function gradeWith(options: ExpressionOptions, answer: string | number | string[], seed?: number) {
  const compiled = expressionGrader.compile(options, context(seed));
  return expressionGrader.grade(answer, compiled, options);
}

describe('expression grader: pair table', () => {
  it('has at least 80 pairs', () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(80);
  });
  it.each(PAIRS.map((pair) => [`${pair.why}: ${pair.answer.slice(0, 40)} vs ${pair.expected}`, pair] as const))('%s', (_name, pair) => {
    const options: ExpressionOptions = { ...DOMAINS[pair.domain], ...pair.options, expected: pair.expected, cas: false };
    const outcome = gradeWith(options, pair.answer);
    expect(outcome.verdict, outcome.feedback.join(' ')).toBe(pair.verdict);
    if (pair.verdict === 'invalid') expect(outcome.feedback[0]).toBeTruthy();
  });
});

describe('expression grader: only the verdict, as when matching a mistake', () => {
  it('is correct exactly when the full grading is, on every pair of the table', () => {
    for (const pair of PAIRS) {
      const options: ExpressionOptions = { ...DOMAINS[pair.domain], ...pair.options, expected: pair.expected, cas: true };
      const compiled = expressionGrader.compile(options, context());
      const full = expressionGrader.grade(pair.answer, compiled, options);
      const verdictOnly = expressionGrader.grade(pair.answer, compiled, options, 'verdict');
      expect(verdictOnly.verdict === 'correct', `${pair.answer} vs ${pair.expected}`).toBe(full.verdict === 'correct');
    }
  });
});

const tanh: ExpressionOptions = { expected: '2*sigmoid(2*x) - 1', variables: { x: [-3, 3] }, cas: false };

describe('expression grader: reading', () => {
  it.each([
    ['1/2x', '(1/2)·x'],
    ['2x', '2·x'],
    ['2 sigmoid(2x)', '2·sigmoid(2·x)'],
    ['2(x+1)', '2·(x + 1)'],
    ['σ(x)', 'sigmoid(x)'],
    ['e^-x', 'e^(-x)'],
    ['x(1 - x)', 'x·(1 - x)'],
    ['x²', 'x^2'],
    ['-x^2', '-x^2'],
    ['(-x)^2', '(-x)^2'],
    ['a/b c', '(a/b)·c'],
    ['a/(b c)', 'a/(b·c)'],
    ['ln x', 'log(x)'],
  ])('echoes %s as %s', (answer, interpreted) => {
    const options = { ...tanh, variables: { x: [-3, 3] as const, a: [1, 2] as const, b: [1, 2] as const, c: [1, 2] as const } };
    expect(gradeWith(options, answer).interpreted).toBe(interpreted);
  });

  it('reads X^T and X\' the same, with the same normalized key', () => {
    const options: ExpressionOptions = { ...DOMAINS.logistic, expected: "(1/m) * X' * (yhat - y)" };
    const a = gradeWith(options, 'X^T (yhat - y)/m');
    const b = gradeWith(options, "X'*(yhat-y)/m");
    expect(a.verdict).toBe('correct');
    expect(a.normalized).toBe(b.normalized);
  });

  it('gives a did-you-mean for unknown variables, listing the variables', () => {
    const options: ExpressionOptions = { ...DOMAINS.logistic, expected: "(1/m) * X' * (yhat - y)" };
    const outcome = gradeWith(options, "X1'(yhat - y)/m");
    expect(outcome.verdict).toBe('invalid');
    expect(outcome.feedback[0]).toContain('Unknown variable "X1"');
    expect(outcome.feedback[0]).toContain('X, theta, b, y');
    expect(outcome.feedback[0]).toContain('Did you mean X?');
  });

  it('lists only the definitions this part can use', () => {
    const outcome = gradeWith({ expected: 'x', variables: { x: [-1, 1] } }, 'z');
    expect(outcome.feedback[0]).toBe('Unknown variable "z"; the variables are x.');
    const logistic = gradeWith({ ...DOMAINS.logistic, expected: 'sum(y)' }, 'z');
    expect(logistic.feedback[0]).toContain('yhat');
  });

  it('reads a run of declared names as their product, echoed with ·', () => {
    const outcome = gradeWith({ expected: 'x*y', variables: { x: [-1, 1], y: [-1, 1] } }, 'xy');
    expect(outcome.verdict).toBe('correct');
    expect(outcome.interpreted).toBe('x·y');
  });

  it('reads a list as invalid, a number as an expression', () => {
    expect(gradeWith(tanh, ['x']).verdict).toBe('invalid');
    expect(gradeWith({ expected: '2', variables: { x: [-1, 1] } }, 2).verdict).toBe('correct');
  });

  it('a declared variable shadows a definition of the same name', () => {
    const options: ExpressionOptions = { expected: 'yhat - y', variables: { yhat: [0.01, 0.99], y: { values: [0, 1] } } };
    expect(gradeWith(options, 'yhat - y').verdict).toBe('correct');
  });

  it('an answer definition is merged over the quiz definitions', () => {
    const options: ExpressionOptions = { expected: '-p1*log(p1) - p2*log(p2)', variables: { p1: [0.01, 0.99] }, definitions: { p2: '1 - p1' } };
    expect(gradeWith(options, '-p1 log(p1) - (1-p1) log(1-p1)').verdict).toBe('correct');
  });

  it('a definition using undeclared names is only an error when used', () => {
    const options: ExpressionOptions = { expected: 'x', variables: { x: [-1, 1] } };
    expect(gradeWith(options, 'x').verdict).toBe('correct');
    const used = gradeWith(options, 'yhat');
    expect(used.verdict).toBe('invalid');
    expect(used.feedback[0]).toContain('X');
  });
});

describe('expression grader: judging', () => {
  it('gives a counterexample at a round point', () => {
    const outcome = gradeWith(tanh, '2 sigmoid(x) - 1');
    expect(outcome.verdict).toBe('incorrect');
    expect(outcome.feedback[0]).toMatch(/^At x = -?\d(\.\d)? your expression is -?[\d.]+, the expected one is -?[\d.]+\.$/);
    expect(outcome.details?.counterexample).toBeDefined();
  });

  it('words a counterexample without variables', () => {
    const outcome = gradeWith({ expected: '2' }, '3');
    expect(outcome.feedback[0]).toBe('Your expression is 3, the expected one is 2.');
  });

  it('hides the counterexample with reveal: false', () => {
    const outcome = gradeWith({ ...tanh, reveal: false }, '2 sigmoid(x) - 1');
    expect(outcome.verdict).toBe('incorrect');
    expect(outcome.feedback[0]).not.toMatch(/\d/);
  });

  it('names both shapes on a shape mismatch', () => {
    const outcome = gradeWith({ ...DOMAINS.network, expected: "W1' * w2" }, "w2' W1");
    expect(outcome.verdict).toBe('incorrect');
    expect(outcome.feedback[0]).toBe('Your answer is 1×n, the expected answer is n×1.');
    const inner = gradeWith({ ...DOMAINS.network, expected: "W1' * w2" }, 'W1 w2');
    expect(inner.feedback[0]).toContain('W1 (k×n)');
    expect(inner.feedback[0]).toContain('w2 (k×1)');
  });

  it('says the answer cannot be evaluated on the domain', () => {
    const outcome = gradeWith(tanh, 'log(-x^2 - 1)');
    expect(outcome.verdict).toBe('invalid');
    expect(outcome.feedback[0]).toBe("Your expression can't be evaluated on x in [-3, 3].");
  });

  it('reports an answer undefined where the expected is defined', () => {
    const outcome = gradeWith({ expected: 'x', variables: { x: [-3, 3] } }, 'sqrt(x)^2');
    expect(outcome.verdict).toBe('incorrect');
    expect(outcome.feedback[0]).toContain('your expression is undefined');
  });

  it('is deterministic and records the seed', () => {
    const a = gradeWith(tanh, '2 sigmoid(x) - 1', 7);
    const b = gradeWith(tanh, '2 sigmoid(x) - 1', 7);
    expect(a).toEqual(b);
    expect(a.seed).toBe(7);
    expect(gradeWith({ ...tanh, seed: 99 }, 'tanh(x)').seed).toBe(99);
  });

  it('honours rtol', () => {
    const options: ExpressionOptions = { expected: 'pi*x', variables: { x: [1, 2] }, rtol: 1e-4 };
    expect(gradeWith(options, '3.1416 x').verdict).toBe('correct');
    expect(gradeWith(options, '3.14 x').verdict).toBe('incorrect');
  });

  it('adds a CAS proof to a correct verdict when it finds one', () => {
    const outcome = gradeWith({ ...tanh, cas: true }, 'sigmoid(2x) - sigmoid(-2x)');
    expect(outcome.verdict).toBe('correct');
    // Whether the proof finishes within its time budget depends on machine load; the method must say which.
    expect(['proved', 'timeout']).toContain(outcome.details?.cas);
    expect(outcome.method).toBe(outcome.details?.cas === 'proved' ? 'sampling+cas' : 'sampling');
  });

  it('does not try the CAS by default', () => {
    const outcome = gradeWith(tanh, 'sigmoid(2x) - sigmoid(-2x)');
    expect(outcome.method).toBe('sampling');
    expect(outcome.details?.cas).toBeUndefined();
  });

  it('never lets the CAS change a verdict: 2 log(x) vs log(x^2) stays incorrect', () => {
    const outcome = gradeWith({ expected: 'log(x^2)', variables: { x: [-3, 3] }, cas: true }, '2 log(x)');
    expect(outcome.verdict).toBe('incorrect');
  });
});

describe('expression grader: spec errors', () => {
  it.each([
    [{ expected: 'x +', variables: { x: [-1, 1] } }, ['expected']],
    [{ expected: 'z', variables: { x: [-1, 1] } }, ['expected']],
    [{ expected: 'log(x)', variables: { x: [-3, -1] } }, ['expected']],
    [{ expected: 'x', variables: { x: [3, 1] } }, ['variables', 'x']],
    [{ expected: 'X', variables: { X: { shape: ['m', 2] } } }, ['variables', 'X', 'shape', 0]],
    [{ expected: 'x', variables: { exp: [0, 1], x: [0, 1] } }, ['variables', 'exp']],
  ] as [ExpressionOptions, (string | number)[]][])('rejects %j', (options, path) => {
    let caught: unknown;
    try {
      expressionGrader.compile(options, context());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OptionsError);
    expect((caught as OptionsError).path).toEqual(path);
  });

  it('gives a reference answer that earns full credit', () => {
    const options: ExpressionOptions = { ...tanh, require: ['sigmoid'], forbid: ['tanh'] };
    const compiled = expressionGrader.compile(options, context());
    const reference = expressionGrader.reference!(compiled, options)!;
    expect(expressionGrader.grade(reference, compiled, options).verdict).toBe('correct');
  });
});
