/**
 * The spec lint (issue 12, §3): a loose spec is flagged with the classic wrong
 * answer it accepts and the reason; a tight one is not; `validate` warns, and
 * `validate --strict` fails with exit 2. The real quiz passes --strict.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LintWarning, lintDiagnostics, lintQuiz } from '../../src/lint/index.ts';
import { mutantsOf } from '../../src/lint/mutants.ts';
import { COUNTS_MAX, countsIn, distinctCounts } from '../../src/lint/values.ts';
import { readExpression } from '../../src/math/expression/parse.ts';
import { loadQuiz } from '../../src/quiz/load.ts';
import { run, tempDir } from '../support/cli.ts';

let folder: string;

beforeAll(async () => {
  folder = await tempDir('quizgrade-lint-');
});

/** A one-question quiz with one part per answer given, and the question's prompt if given. */
async function quizFile(name: string, answers: Record<string, Record<string, unknown>>, prompt?: string): Promise<string> {
  const parts = Object.entries(answers).map(([id, answer]) => ({ id, points: 1, answer }));
  const file = path.join(folder, `${name}.json`);
  await writeFile(file, JSON.stringify({ quiz: name, questions: [{ id: 'q', ...(prompt ? { prompt } : {}), parts }] }));
  return file;
}

let quizzes = 0;
async function lint(answer: Record<string, unknown>, prompt?: string): Promise<LintWarning[]> {
  return lintQuiz(await loadQuiz(await quizFile(`quiz${++quizzes}`, { p: answer }, prompt)));
}

const summary = (warnings: LintWarning[]): [string, string, string][] => warnings.map((w) => [w.mutant.kind, w.mutant.text, w.reason]);

describe('spec lint: loose specs are flagged, with the mutant and the reason', () => {
  it.each([
    {
      trap: 'an atol that swallows the offset of the smallest value (sigmoid on [-4, 4] is 0.018 at -4)',
      answer: { type: 'expression', expected: '1 / (1 + exp(-x))', variables: { x: [-4, 4] }, atol: 0.05 },
      flagged: [['offset', /^1\/\(1 \+ exp\(-x\)\) \+ 0\.0\d+$/, 'tolerance too loose']],
    },
    {
      trap: 'softplus sampled only where it equals x: dropping the 1 passes',
      answer: { type: 'expression', expected: 'log(1 + exp(x))', variables: { x: [30, 40] } },
      flagged: [
        ['sign-flipped', 'log(-1 + exp(x))', 'domain too narrow'],
        ['term-dropped', 'log(exp(x))', 'domain too narrow'],
      ],
    },
    {
      trap: 'a derivation whose atol accepts a last step off by a constant',
      answer: { type: 'derivation', from: 'exp(a1) / (exp(a1) + exp(a2))', to: '1 / (1 + exp(a2 - a1))', variables: { a1: [-4, 4], a2: [-4, 4] }, atol: 0.3 },
      flagged: [['offset', /^1\/\(1 \+ exp\(a2 - a1\)\) \+ 0\.00\d+$/, 'tolerance too loose']],
    },
    {
      trap: 'a parameter count with a relative tolerance that forgives a dropped bias term',
      answer: { type: 'numeric', expected: '200 * (6144 + 1)', rtol: 0.001 },
      flagged: [['term-dropped', '200*6144', 'tolerance too loose']],
    },
    {
      // x^2 differs by 0.011 at the range's end, which the sampling always includes: only x^4 gets through.
      trap: 'x^3 near 0 with a large atol: the exponent raised by one passes',
      answer: { type: 'expression', expected: 'x^3', variables: { x: [-0.1, 0.1] }, atol: 0.01 },
      flagged: [['exponent-off-by-one', 'x^4', 'tolerance too loose']],
    },
  ])('$trap', async ({ answer, flagged }) => {
    const warnings = summary(await lint(answer));
    for (const expected of flagged) {
      const [kind, text, reason] = expected as [string, string | RegExp, string];
      const match = warnings.find(([k, t, r]) => k === kind && r === reason && (typeof text === 'string' ? t === text : text.test(t)));
      expect(match, `${kind} ${String(text)} in ${JSON.stringify(warnings)}`).toBeDefined();
    }
  });
});

const MLP = 'A 32 x 32 x 6 image is fed to 200 neurons, then to 120.';

describe('spec lint: the slips of a numeric answer, from its value, its formula, its question and its mistakes', () => {
  it.each([
    {
      trap: 'a count given only as a number, with the default tolerance: off by one passes (so would a forgotten bias of a small layer)',
      answer: { type: 'numeric', expected: 24120 },
      flagged: [['off-by-one', '24119', 'tolerance too loose'], ['off-by-one', '24121', 'tolerance too loose']],
    },
    {
      trap: 'a total given only as a number, with a forgotten-biases mistake and an rtol that forgives it: its mirror passes too',
      answer: { type: 'numeric', expected: 1265220, rtol: 0.002, mistakes: [{ answer: '1228800 + 24000 + 12000', credit: 0.5 }] },
      flagged: [['off-by-a-mistake', '1265640', 'tolerance too loose'], ['off-by-one', '1265219', 'tolerance too loose']],
    },
    {
      trap: 'a total as a formula: every bias forgotten at once, and one layer at a time',
      answer: { type: 'numeric', expected: '200 * (32*32*6 + 1) + 120 * (200 + 1)', rtol: 0.002 },
      flagged: [
        ['same-term-dropped', '200*(32*32*6) + 120*200', 'tolerance too loose'],
        ['term-dropped', '200*(32*32*6) + 120*(200 + 1)', 'tolerance too loose'],
      ],
    },
    {
      trap: 'a sum of two losses with an atol that takes their mean: the factor 1/m, m the number of terms',
      answer: { type: 'numeric', expected: '-(log(0.8) + log(0.3))', atol: 0.8 },
      flagged: [['factor-dropped', String(-(Math.log(0.8) + Math.log(0.3)) / 2), 'tolerance too loose']],
    },
    {
      trap: 'a count divided by a number the question writes (per neuron for the layer)',
      answer: { type: 'numeric', expected: 1200, atol: 1195 },
      prompt: MLP,
      flagged: [['factor-dropped', '6', 'tolerance too loose'], ['factor-dropped', '10', 'tolerance too loose']],
    },
    {
      trap: 'a value off by ten with an atol larger than the value',
      answer: { type: 'numeric', expected: 0.05, atol: 0.05 },
      flagged: [['order-of-magnitude', '0.005', 'tolerance too loose']],
    },
    {
      trap: 'a focal loss rounded to 2 significant digits passes a 5 % tolerance',
      answer: { type: 'numeric', expected: '-0.25 * (1 - 0.9)^2 * log(0.9)', rtol: 0.05 },
      flagged: [['rounded', '0.00026', 'tolerance too loose']],
    },
    {
      trap: 'a value off by as much as its anticipated mistake, on the other side',
      answer: { type: 'numeric', expected: 2.5, atol: 0.3, mistakes: [{ answer: 2.2, credit: 0 }, { answer: 4, credit: 0 }] },
      flagged: [['off-by-a-mistake', '2.8', 'tolerance too loose']],
    },
    {
      trap: 'a sign flipped, with an atol around 0',
      answer: { type: 'numeric', expected: 0.001, atol: 0.01 },
      flagged: [['sign-flipped', '-0.001', 'tolerance too loose']],
    },
  ])('$trap', async ({ answer, flagged, prompt }) => {
    const warnings = summary(await lint(answer, prompt));
    expect(warnings).toEqual(expect.arrayContaining(flagged));
  });

  it.each([
    { name: 'the quiz\'s counts, exact', answer: { type: 'numeric', expected: '200 * (32*32*6 + 1)', rtol: 0 }, prompt: MLP },
    { name: 'a total given as a number, exact', answer: { type: 'numeric', expected: 1265220, rtol: 0, mistakes: [{ answer: 1264800, credit: 0.5 }] } },
    { name: 'the worked loss with atol 0.001', answer: { type: 'numeric', expected: '-(log(0.8) + log(0.3))', atol: 0.001 } },
    { name: 'the focal loss with rtol 1 %', answer: { type: 'numeric', expected: '-0.25 * (1 - 0.9)^2 * log(0.9)', rtol: 0.01 } },
    { name: 'a measured value with the default tolerance is no count', answer: { type: 'numeric', expected: 1.4271 } },
    { name: 'a value that rounds cleanly to 2 digits is no rounding slip', answer: { type: 'numeric', expected: 1.2004, rtol: 0.01 } },
    { name: 'an integer written as a quotient is no count', answer: { type: 'numeric', expected: '24120000 / 1000' } },
  ])('not flagged: $name', async ({ answer, prompt }) => {
    expect(summary(await lint(answer, prompt))).toEqual([]);
  });
});

describe('numeric value rules', () => {
  it.each([
    [MLP, [32, 32, 6, 200, 120]],
    ['predicted with probabilities 0.8 and 0.3', []],
    ['1,229,000 parameters', []],
    ['gamma = 2. Layer 1 and layer2', [2, 1, 2]],
  ])('the counts in "%s"', (text, counts) => {
    expect(countsIn(text)).toEqual(counts);
  });

  it('keeps the distinct counts above 1, the smallest first, at most COUNTS_MAX', () => {
    expect(distinctCounts([1, 0, 32, 6, 32, 2, 2_000_000])).toEqual([2, 6, 32]);
    expect(distinctCounts(Array.from({ length: 20 }, (_, i) => i + 2))).toHaveLength(COUNTS_MAX);
  });
});

describe('spec lint: tight specs are not flagged', () => {
  it.each([
    { name: 'sigmoid with the default tolerance', answer: { type: 'expression', expected: '1 / (1 + exp(-x))', variables: { x: [-4, 4] } } },
    { name: 'softplus over a range where it bends', answer: { type: 'expression', expected: 'log(1 + exp(x))', variables: { x: [-5, 5] } } },
    {
      name: 'the vectorized gradient with shapes',
      answer: {
        type: 'expression',
        expected: "(1/m) * X' * (y - z)",
        dimensions: { m: [3, 6], n: [2, 4] },
        variables: { X: { shape: ['m', 'n'] }, y: { shape: ['m', 1] }, z: { shape: ['m', 1] } },
      },
    },
    { name: 'an exact count', answer: { type: 'numeric', expected: '200 * (6144 + 1)', rtol: 0 } },
    { name: 'max(a, b): swapping the arguments gives the same function', answer: { type: 'expression', expected: 'max(a, b) + a', variables: { a: [-1, 1], b: [-1, 1] } } },
  ])('$name', async ({ answer }) => {
    expect(summary(await lint(answer))).toEqual([]);
  });
});

describe('mutants', () => {
  it.each([
    ['(1/m) * x - y', 'factor-dropped', 'x - y'],
    ['x / 2 + y', 'factor-dropped', 'x + y'],
    ['x - y', 'arguments-swapped', null],
    ['x - y', 'operands-swapped', 'y - x'],
    ['exp(-x)', 'sign-flipped', 'exp(x)'],
    ['x^2 + 1', 'exponent-off-by-one', 'x^3 + 1'],
    ['x + y + z', 'term-dropped', 'x + z'],
    ['max(x, 2*y)', 'arguments-swapped', 'max(2*y, x)'],
    ['200*(6144 + 1) + 120*(200 + 1)', 'same-term-dropped', '200*6144 + 120*200'],
    ['a*(x - b) + c*(y - b)', 'same-term-dropped', 'a*x + c*y'],
    ['x + 1', 'same-term-dropped', null],
  ])('%s has the %s mutant %s', (expected, kind, text) => {
    const read = readExpression(expected);
    if (!read.ok) throw new Error(read.message);
    const texts = mutantsOf(read.expr, { matrices: false, smallestMagnitude: 0 }).filter((m) => m.kind === kind).map((m) => m.text);
    if (text === null) expect(texts).toEqual([]);
    else expect(texts).toContain(text);
  });

  it('transposes and swaps matrix operands only in parts with matrices', () => {
    const read = readExpression("W' * w");
    if (!read.ok) throw new Error(read.message);
    const kinds = (matrices: boolean) => mutantsOf(read.expr, { matrices, smallestMagnitude: 0 }).map((m) => `${m.kind} ${m.text}`);
    expect(kinds(true)).toEqual(expect.arrayContaining(['transposed W*w', "operands-swapped w*W'"]));
    expect(kinds(false).some((entry) => entry.startsWith('transposed'))).toBe(false);
  });
});

const validate = (args: string[]) => run(['validate', ...args]);

describe('validate and validate --strict', () => {
  it('warns and exits 0, or fails with exit 2 under --strict, naming the part, the mutant and the reason', async () => {
    const file = await quizFile('loose', { sig: { type: 'expression', expected: '1 / (1 + exp(-x))', variables: { x: [-4, 4] }, atol: 0.05 } });
    const plain = await validate([file]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('valid');
    expect(plain.stderr).toMatch(/part q\.sig accepts the wrong answer "1\/\(1 \+ exp\(-x\)\) \+ 0\.0\d+" \(a constant offset/);
    expect(plain.stderr).toContain('tolerance too loose');
    const strict = await validate(['--strict', file]);
    expect(strict.code).toBe(2);
    expect(strict.stdout).not.toContain('valid');
    expect(strict.stderr).toMatch(/loose\.json:\d+:\d+ questions\[0\]\.parts\[0\]\.answer: part q\.sig accepts/);
  });

  it('a count with the default tolerance warns, and fails --strict, naming the off-by-one answer', async () => {
    const file = await quizFile('count', { total: { type: 'numeric', expected: 1265220 } });
    const plain = await validate([file]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('part q.total accepts the wrong answer "1265219" (a count off by one): tolerance too loose; tighten rtol/atol');
    expect((await validate(['--strict', file])).code).toBe(2);
  });

  it('the real quiz passes --strict', async () => {
    const result = await validate(['--strict', 'questions/mock-quiz-2.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('diagnostics carry the part location', async () => {
    const warnings = await lint({ type: 'expression', expected: 'x^3', variables: { x: [-0.1, 0.1] }, atol: 0.01 });
    const [first] = lintDiagnostics(warnings);
    expect(first?.path).toBe('questions[0].parts[0].answer');
    expect(first?.line).toBeGreaterThan(0);
  });

  it('a numeric diagnostic shows the value graded and the formula it came from', async () => {
    const warnings = await lint({ type: 'numeric', expected: '200 * (6144 + 1) + 120 * (200 + 1)', rtol: 0.002 });
    expect(lintDiagnostics(warnings).map((diagnostic) => diagnostic.message)).toContain(
      'part q.p accepts the wrong answer "1252800" (200*6144 + 120*200: the same term dropped everywhere it is added (every bias forgotten)): tolerance too loose; tighten rtol/atol',
    );
  });
});
