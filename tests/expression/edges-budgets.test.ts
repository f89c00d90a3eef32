/**
 * Spec-side budgets: a careless or hostile spec fails fast with a located spec
 * error instead of hanging `validate` or `grade`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionsError } from '../../src/grader.ts';
import { expressionGrader } from '../../graders/expression.ts';
import { MAX_EXPANDED_NODES, MAX_SAMPLED_MATRIX_ENTRIES } from '../../src/math/expression/constants.ts';
import { SpecError } from '../../src/quiz/errors.ts';
import { loadQuiz } from '../../src/quiz/load.ts';
import { tempDir } from '../support/cli.ts';

const context = { quizId: 'budgets', definitions: {}, key: 'q.p', seed: 7 };
const compileError = (options: Record<string, unknown>): OptionsError => {
  try {
    expressionGrader.compile({ cas: false, ...options } as never, context);
  } catch (error) {
    if (error instanceof OptionsError) return error;
    throw error;
  }
  throw new Error('compiled');
};

/** a0 = x, a1 = a0 + a0, ...: a_k is 2^(k+1) - 1 nodes written out. */
const doublingChain = (levels: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: levels }, (_, k) => [`a${k}`, k === 0 ? 'x' : `a${k - 1} + a${k - 1}`]));
const firstOverBudget = Math.ceil(Math.log2(MAX_EXPANDED_NODES + 1));

describe('budgets of a spec', () => {
  it.each([
    ['a fixed 1×100000 matrix', { X: { shape: [1, 100_000] } }, {}],
    ['a dimension up to 100000', { X: { shape: ['n', 1] } }, { n: [1, 100_000] }],
    ['two dimensions whose largest sizes multiply past the cap', { X: { shape: ['m', 'n'] } }, { m: [2, 200], n: [2, 200] }],
  ])('caps the entries of a sampled matrix: %s', (_name, variables, dimensions) => {
    const error = compileError({ expected: 'sum(X)', variables, dimensions });
    expect(error.path).toEqual(['variables', 'X', 'shape']);
    expect(error.message).toMatch(new RegExp(`limit is ${MAX_SAMPLED_MATRIX_ENTRIES}`));
  });

  it('accepts a matrix at the cap', () => {
    expect(() => expressionGrader.compile({ expected: 'sum(X)', variables: { X: { shape: [100, 100] } }, cas: false } as never, context)).not.toThrow();
  });

  it('caps the written-out size of definition chains that double at each level', () => {
    const error = compileError({ expected: 'a30', variables: { x: [0, 1] }, definitions: doublingChain(31) });
    expect(error.path).toEqual(['definitions', `a${firstOverBudget - 1}`]);
    expect(error.message).toMatch(/expands to more than/);
  });

  it('caps doubling chains of function definitions too', () => {
    const definitions = { 'f0(t)': 't', ...Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`f${k + 1}(t)`, `f${k}(t) + f${k}(t)`])) };
    expect(compileError({ expected: 'f20(x)', variables: { x: [0, 1] }, definitions }).message).toMatch(/expands to more than/);
  });

  it('accepts a chain below the cap', () => {
    const options = { expected: `a${firstOverBudget - 2}`, variables: { x: [0, 1] }, definitions: doublingChain(firstOverBudget - 1), cas: false };
    const compiled = expressionGrader.compile(options as never, context);
    expect(expressionGrader.grade(`${2 ** (firstOverBudget - 2)}*x`, compiled, options as never).verdict).toBe('correct');
  });

  it('names the file, line, column and spec path of a matrix over the cap', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'wide.yaml');
    await writeFile(
      file,
      [
        'quiz: wide',
        'title: wide',
        'questions:',
        '  - id: q1',
        '    title: t',
        '    prompt: p',
        '    parts:',
        '      - id: p1',
        '        points: 1',
        '        answer:',
        '          type: expression',
        '          expected: sum(X)',
        '          variables:',
        '            X: { shape: [1, 100000] }',
        '',
      ].join('\n'),
    );
    const error = await loadQuiz(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    const [diagnostic] = (error as SpecError).diagnostics;
    expect(diagnostic).toMatchObject({ line: 14, path: expect.stringContaining('variables.X.shape') });
    expect(diagnostic!.column).toBeGreaterThan(1);
    expect(diagnostic!.message).toMatch(/100000 entries/);
  });
});
