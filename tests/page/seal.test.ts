/**
 * The sealed quiz: it grades every class fixture exactly as the spec does,
 * carries no choice key in readable form, and in exam mode no key at all.
 * The CLI writes it and `check` and `template` read it.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileQuiz, gradeSubmission, prepareQuiz, type SubmissionResult } from '../../src/core.ts';
import type { Quiz } from '../../src/quiz/model.ts';
import { openSealedQuiz, sealQuiz, SealedQuizError, type SealedPart, type SealedQuiz } from '../../src/seal/quiz.ts';
import { PAGE_CSP } from '../../src/page/build.ts';
import { run, tempDir } from '../support/cli.ts';
import { classFixtures, loadMockQuiz, SPEC } from './class.ts';

/** The sealed quiz as it is written and read: through JSON. */
function roundTrip(quiz: Quiz, exam = false): SealedQuiz {
  return JSON.parse(JSON.stringify(sealQuiz(quiz, { exam }))) as SealedQuiz;
}

/**
 * A result as the sealed quiz gives it: an expression's symbolic proof needs the
 * formula, so a proved answer reads `sampling` for `sampling+cas`. Nothing else differs.
 */
function withoutProof(result: SubmissionResult): SubmissionResult {
  return {
    ...result,
    parts: result.parts.map((part) => {
      if (part.method !== 'sampling+cas' && part.details?.['cas'] === undefined) return part;
      const { cas: _cas, ...details } = part.details ?? {};
      return { ...part, method: part.method === 'sampling+cas' ? 'sampling' : part.method, details };
    }),
  };
}

function sealedParts(sealed: SealedQuiz): SealedPart[] {
  return sealed.questions.flatMap((question) => question.parts);
}

describe('sealed quiz', () => {
  let quiz: Quiz;
  let sealed: SealedQuiz;
  beforeAll(async () => {
    quiz = await loadMockQuiz();
    sealed = roundTrip(quiz);
  });

  it('grades every class fixture as the spec does: verdicts, scores, readings and feedback', () => {
    const opened = openSealedQuiz(sealed, 'mock.sealed.json');
    const fixtures = classFixtures();
    expect(fixtures.length).toBeGreaterThan(10);
    for (const { name, submission } of fixtures) {
      expect(gradeSubmission(opened, submission), name).toEqual(withoutProof(gradeSubmission(quiz, submission)));
    }
  });

  /** The sealed parts of one grader with their spec parts, each checked to be sealed as `sealing`, without the option `hidden`. */
  function partsOfType(type: string, sealing: string, hidden: string, least: number): [SealedPart, Quiz['parts'][number]][] {
    const parts = sealedParts(sealed).filter((part) => part.answer.type === type);
    expect(parts.length).toBeGreaterThanOrEqual(least);
    return parts.map((part) => {
      expect(part.sealing, part.key).toBe(sealing);
      expect(part.answer, part.key).not.toHaveProperty(hidden);
      return [part, quiz.parts.find((candidate) => candidate.key === part.key)!];
    });
  }

  it('carries an expression part as values at its sample points: no expected formula, no mistake formula', () => {
    for (const [part, spec] of partsOfType('expression', 'sampled', 'expected', 10)) {
      // The instructor's feedback texts are carried as written (docs/page.md): look in the rest.
      const text = JSON.stringify({ ...part, mistakes: part.mistakes?.map((mistake) => mistake.key), answer: { ...part.answer, feedback: undefined } });
      const formulas = [spec.answer['expected'], ...spec.mistakes.map((mistake) => mistake.answer)].map(String);
      // Formulas of one symbol or number (`x`, `0`) are no text to look for.
      for (const formula of formulas.filter((candidate) => /[^\w.]/.test(candidate))) expect(text, `${part.key}: ${formula}`).not.toContain(formula);
      const key = part.sealed as { pool: unknown[]; values: unknown[] };
      expect(key.values.length).toBe(key.pool.length);
      expect(part.mistakes).toHaveLength(spec.mistakes.length);
    }
  });

  it('hashes the correct options of a choice part and keeps only their hashes', () => {
    for (const [part, spec] of partsOfType('choice', 'hashed', 'correct', 3)) {
      const key = part.sealed as { salt: string; hashes: string[] };
      const correct = [spec.answer['correct']].flat() as string[];
      expect(key.hashes).toHaveLength(correct.length);
      for (const hash of key.hashes) expect(hash).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(key)).not.toMatch(new RegExp(correct.map((id) => `"${id}"`).join('|')));
    }
  });

  it('carries a choice key in plain when the spec reveals it, and grades with it', () => {
    const revealing = { ...quiz.parts.find((part) => part.answer.type === 'choice')! };
    const sealedPart = roundTrip({ ...quiz, questions: [{ id: 'x', parts: [{ ...revealing, answer: { ...revealing.answer, reveal: true } }] }] });
    const part = sealedParts(sealedPart)[0]!;
    expect(part.sealed).toEqual({ correct: [revealing.answer['correct']].flat() });
  });

  it('in exam mode carries no key, no mistakes and no definitions, and checks nothing', () => {
    const exam = roundTrip(quiz, true);
    expect(exam.checkable).toBe(false);
    expect(exam.definitions).toEqual({});
    for (const part of sealedParts(exam)) {
      expect(part.sealing).toBe('none');
      expect(part).not.toHaveProperty('sealed');
      expect(part).not.toHaveProperty('mistakes');
      expect(Object.keys(part.answer).every((key) => ['type', 'options', 'multiple'].includes(key)), part.key).toBe(true);
    }
    const result = gradeSubmission(openSealedQuiz(exam), classFixtures()[1]!.submission);
    expect(new Set(result.parts.map((part) => part.status))).toEqual(new Set(['error']));
  });

  it('refuses what is not a sealed quiz, naming the file', () => {
    expect(() => openSealedQuiz({ quiz: 'x' }, 'odd.json')).toThrow(SealedQuizError);
    expect(() => openSealedQuiz({ ...sealed, version: 99 }, 'new.json')).toThrow(/new\.json: sealed quiz version 99/);
  });
});

/** Traps of the sealed expression key: each answer grades as with the formula. */
const TRAPS_SPEC = {
  quiz: 'traps',
  questions: [
    { id: 'sig', points: 1, answer: { type: 'expression', expected: '1/(1+exp(-x))', variables: { x: [-4, 4] }, cas: true,
      mistakes: [{ answer: '1/(1+exp(x))', credit: 0.25, feedback: 'Sign.' }] } },
    { id: 'quiet', points: 1, answer: { type: 'expression', expected: 'log(x)', variables: { x: [0.5, 3] }, reveal: false } },
    { id: 'row', points: 2, answer: { type: 'expression', expected: "W' * v", dimensions: { k: [2, 4], n: [2, 5] },
      variables: { W: { shape: ['k', 'n'] }, v: { shape: ['k', 1] } }, mistakes: [{ answer: "v' * W", credit: 0.5 }] } },
    { id: 'root', points: 1, answer: { type: 'expression', expected: 'sqrt(x^2)', variables: { x: [-2, 2] }, require: ['abs'] } },
    { id: 'inner', points: 1, answer: { type: 'expression', expected: "w' * v", dimensions: { n: [2, 4] },
      variables: { w: { shape: ['n', 1] }, v: { shape: ['n', 1] } } } },
  ],
};
const TRAPS: [string, string][] = [
  ['sig', 'exp(x)/(exp(x)+1)'], ['sig', '1/(1+e^x)'], ['sig', 'tanh(x/2)/2 + 1/2'], ['sig', '1/(1+exp(-x)) + 1e-3'], ['sig', 'x +'],
  ['quiet', 'ln(x)'], ['quiet', 'log10(x)'], ['quiet', 'log(-x)'],
  ['row', "(v' * W)'"], ['row', "v' * W"], ['row', 'W * v'], ['row', "W' * v + 0*W' * v"],
  ['root', 'abs(x)'], ['root', 'sqrt(x^2)'], ['root', 'x'],
  // A scalar for the 1×1 product: the sealed key keeps that it is one, for the note.
  ['inner', 'sum(w .* v)'], ['inner', 'dot(w, v) + 1'], ['inner', "v' * w"],
];

describe('sealed expression key on the traps', () => {
  it.each(TRAPS)('%s: %s grades as with the formula', async (key, answer) => {
    const quiz = await prepareQuiz(compileQuiz(TRAPS_SPEC));
    const opened = openSealedQuiz(JSON.parse(JSON.stringify(sealQuiz(quiz))));
    const submission = { quiz: 'traps', student: { id: 's' }, answers: { [key]: answer } };
    expect(gradeSubmission(opened, submission)).toEqual(withoutProof(gradeSubmission(quiz, submission)));
  });

  it('keeps the note that a scalar was compared with a 1×1 value', () => {
    const opened = openSealedQuiz(JSON.parse(JSON.stringify(sealQuiz(compileQuiz(TRAPS_SPEC)))));
    const result = gradeSubmission(opened, { quiz: 'traps', student: { id: 's' }, answers: { inner: 'sum(w .* v)' } });
    expect(result.parts.find((part) => part.key === 'inner')?.feedback).toContainEqual(expect.stringMatching(/is a 1×1 matrix: they are compared by value/));
  });
});

describe('quizgrade seal, and check and template with the sealed quiz', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('quizgrade-seal-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the sealed quiz; check with it prints what check with the spec prints', async () => {
    const out = path.join(dir, 'quiz.sealed.json');
    const sealedRun = await run(['seal', SPEC, '--out', out]);
    expect(sealedRun.code).toBe(0);
    const written = JSON.parse(await readFile(out, 'utf8')) as SealedQuiz;
    expect(written).toEqual(roundTrip(await loadMockQuiz()));
    for (const fixture of ['fixtures/class/s004-sign-errors.json', 'fixtures/class/s010-choices-by-text.json', 'fixtures/class/s013-hostile.json']) {
      const fromSpec = await run(['check', SPEC, fixture, '--no-color']);
      const fromSealed = await run(['check', out, fixture, '--no-color']);
      expect(fromSealed, fixture).toEqual(fromSpec);
    }
  });

  it('page writes the quiz page from the spec, exit 0', async () => {
    const out = path.join(dir, 'quiz.html');
    const built = await run(['page', SPEC, '--out', out]);
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^wrote .*quiz\.html \(\d+ KB, with a sealed key\)\n$/);
    const html = await readFile(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="${PAGE_CSP}"`);
  });

  it('template reads a sealed quiz', async () => {
    const out = path.join(dir, 'quiz.sealed.json');
    await run(['seal', SPEC, '--out', out]);
    expect(await run(['template', out])).toEqual(await run(['template', SPEC]));
  });

  it('exits 2 on a broken spec or a file that is no sealed quiz, 4 when the output cannot be written', async () => {
    const broken = await run(['seal', 'fixtures/specs/does-not-exist.yaml', '--out', path.join(dir, 'x.json')]);
    expect(broken.code).toBe(2);
    const notSealed = await run(['check', 'fixtures/class/s001-perfect.json', 'fixtures/class/s001-perfect.json']);
    expect(notSealed.code).toBe(2);
    expect(notSealed.stderr).toMatch(/not a sealed quiz/);
    const unwritable = await run(['page', SPEC, '--out', path.join(dir, 'missing-folder', 'quiz.html')]);
    expect(unwritable.code).toBe(4);
    expect(unwritable.stderr).toMatch(/cannot write .*ENOENT/);
  });
});
