/**
 * Hostile quiz specs through `loadQuiz`: every bomb ends in a `SpecError` with a
 * located, readable diagnostic (never a crash, a hang or a half-loaded quiz),
 * and keys named after prototype members stay plain data.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Grader } from '../../src/engine/grade.ts';
import { SpecError, formatDiagnostic } from '../../src/quiz/errors.ts';
import { SPEC_MAX_BYTES } from '../../src/quiz/compile.ts';
import { loadQuiz } from '../../src/quiz/load.ts';
import { ROOT, run, tempDir } from '../support/cli.ts';
import { expectNoPollution, HOSTILE_FIXTURES, HOSTILE_TEST_TIMEOUT_MS, MESSAGE_MAX_CHARS, prototypeSnapshot } from './support.ts';

const SPECS = path.join(ROOT, HOSTILE_FIXTURES, 'specs');
/** A flood of diagnostics for one bomb is no diagnosis. */
const SPEC_DIAGNOSTICS_MAX = 20;
/** Nesting levels of the generated bombs: far past any parser's stack. */
const DEEP_SPEC_LEVELS = 100_000;
const DEEP_BLOCK_LEVELS = 3_000;

async function specErrorOf(file: string, maxDiagnostics = SPEC_DIAGNOSTICS_MAX): Promise<SpecError> {
  const outcome = await loadQuiz(file).then(
    (quiz) => new Error(`loaded quiz ${quiz.id}`),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(SpecError);
  const error = outcome as SpecError;
  expect(error.diagnostics.length).toBeGreaterThan(0);
  expect(error.diagnostics.length).toBeLessThanOrEqual(maxDiagnostics);
  for (const diagnostic of error.diagnostics) {
    expect(diagnostic.message.trim()).not.toBe('');
    expect(formatDiagnostic(diagnostic).length).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
    expect(diagnostic.line).toBeGreaterThanOrEqual(1);
  }
  return error;
}

const messages = (error: SpecError): string => error.diagnostics.map(formatDiagnostic).join('\n');

describe('hostile specs through loadQuiz', () => {
  const before = prototypeSnapshot();

  it('a billion-laughs alias bomb is refused before it expands', async () => {
    expect(messages(await specErrorOf(path.join(SPECS, 'billion-laughs.yaml')))).toMatch(/alias|resource exhaustion/i);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('an alias bomb hidden in an answer\'s mistakes is refused', async () => {
    expect(messages(await specErrorOf(path.join(SPECS, 'alias-bomb-in-answer.yaml')))).toMatch(/alias|resource exhaustion/i);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('duplicate keys are errors at their line, not a silent last-one-wins', async () => {
    const error = await specErrorOf(path.join(SPECS, 'duplicate-keys.yaml'));
    expect(error.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([
      [3, expect.stringMatching(/duplicate key/)],
      [7, expect.stringMatching(/duplicate key/)],
    ]);
  });

  it('__proto__ and constructor keys are unknown keys, and pollute nothing', async () => {
    const text = messages(await specErrorOf(path.join(SPECS, 'prototype-keys.yaml')));
    expect(text).toMatch(/unknown key "__proto__"/);
    expect(text).toMatch(/unknown key "constructor"/);
    expectNoPollution(before);
  });

  it('choice options named __proto__, constructor, toString, hasOwnProperty, valueOf are graded as plain ids', async () => {
    const quiz = await loadQuiz(path.join(SPECS, 'prototype-options.yaml'));
    const grader = new Grader(quiz, { cache: false });
    const grade = (answers: Record<string, unknown>) => {
      const result = grader.grade(JSON.parse(JSON.stringify({ quiz: 'prototype-options', student: { id: 's' }, answers })));
      expect(result.status).toBe('graded');
      return result.parts.map((part) => part.status);
    };
    expect(grade({ q1: 'constructor', q2: ['hasOwnProperty', 'valueOf'] })).toEqual(['correct', 'correct']);
    expect(grade({ q1: 'The constructor', q2: 'Own property, Value' })).toEqual(['correct', 'correct']);
    expect(grade({ q1: '__proto__', q2: ['plain'] })).toEqual(['incorrect', 'incorrect']);
    expect(grade({ q1: 'toString', q2: ['valueOf', 'plain'] })).toEqual(['incorrect', 'incorrect']);
    expect(grade({ q1: 'isPrototypeOf', q2: ['propertyIsEnumerable'] })).toEqual(['invalid', 'invalid']);
    expectNoPollution(before);
  });

  const deepFlow = async (): Promise<string> => {
    const file = path.join(await tempDir('quizgrade-hostile-spec-'), 'deep.yaml');
    await writeFile(file, `quiz: deep\nquestions: ${'['.repeat(DEEP_SPEC_LEVELS)}${']'.repeat(DEEP_SPEC_LEVELS)}\n`);
    return file;
  };
  const deepBlock = async (): Promise<string> => {
    const file = path.join(await tempDir('quizgrade-hostile-spec-'), 'deep-block.yaml');
    const lines = Array.from({ length: DEEP_BLOCK_LEVELS }, (_, depth) => `${' '.repeat(depth)}k${depth}:`);
    await writeFile(file, `quiz: deep\nquestions:\n${lines.join('\n')} 1\n`);
    return file;
  };

  it('100,000 nested flow sequences end in a spec error, not a crash', async () => {
    // The count of diagnostics is the known defect below; here: an error, not a crash.
    await specErrorOf(await deepFlow(), Number.POSITIVE_INFINITY);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('3,000 nested block mappings end in a spec error, not a crash', async () => {
    await specErrorOf(await deepBlock(), Number.POSITIVE_INFINITY);
  }, HOSTILE_TEST_TIMEOUT_MS);

  // src/quiz/load.ts parseYamlFile: no nesting cap before the recursive YAML parser; the
  // diagnostic is the engine's "Maximum call stack size exceeded", repeated at varying
  // positions (35 of them and 34 s for 1,000,000 levels).
  it('deep nesting is refused with a message that says so', async () => {
    for (const file of [await deepFlow(), await deepBlock()]) {
      const error = await specErrorOf(file);
      expect(error.diagnostics).toHaveLength(1);
      expect(messages(error)).toMatch(/nest|deep|depth/i);
    }
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('a spec over the size cap is refused unread', async () => {
    const dir = await tempDir('quizgrade-hostile-spec-');
    const file = path.join(dir, 'huge.yaml');
    await writeFile(file, `quiz: huge\n# ${'x'.repeat(SPEC_MAX_BYTES)}\nquestions: []\n`);
    expect(messages(await specErrorOf(file))).toMatch(/too large/);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('NUL bytes and invalid UTF-8 in a spec are a spec error', async () => {
    const dir = await tempDir('quizgrade-hostile-spec-');
    const file = path.join(dir, 'bytes.yaml');
    await writeFile(file, Buffer.concat([Buffer.from('quiz: bytes\n\u0000questions: ['), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from(']\n')]));
    await specErrorOf(file);
  });

  it('quizgrade validate and grade refuse a bomb with exit 2 and the diagnostic', async () => {
    const spec = path.join(HOSTILE_FIXTURES, 'specs', 'billion-laughs.yaml');
    const validate = await run(['validate', spec]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/billion-laughs\.yaml:1:1 .*alias/i);
    const out = await tempDir('quizgrade-hostile-out-');
    const grade = await run(['grade', spec, 'fixtures/class/s001-perfect.json', '--out', out]);
    expect(grade.code).toBe(2);
    expect(grade.stderr).toMatch(/alias/i);
  }, HOSTILE_TEST_TIMEOUT_MS);
});
