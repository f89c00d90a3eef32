/**
 * The sealed quiz: it grades every class fixture exactly as the spec does,
 * carries no choice key in readable form, and in exam mode no key at all.
 * The CLI writes it and `check` and `template` read it.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../src/core.ts';
import type { Quiz } from '../../src/quiz/model.ts';
import { openSealedQuiz, sealQuiz, SealedQuizError, type SealedPart, type SealedQuiz } from '../../src/seal/quiz.ts';
import { run, tempDir } from '../support/cli.ts';
import { classFixtures, loadMockQuiz, SPEC } from './class.ts';

/** The sealed quiz as it is written and read: through JSON. */
function roundTrip(quiz: Quiz, exam = false): SealedQuiz {
  return JSON.parse(JSON.stringify(sealQuiz(quiz, { exam }))) as SealedQuiz;
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

  it('grades every class fixture exactly as the spec does', () => {
    const opened = openSealedQuiz(sealed, 'mock.sealed.json');
    const fixtures = classFixtures();
    expect(fixtures.length).toBeGreaterThan(10);
    for (const { name, submission } of fixtures) {
      expect(gradeSubmission(opened, submission), name).toEqual(gradeSubmission(quiz, submission));
    }
  });

  it('hashes the correct options of a choice part and keeps only their hashes', () => {
    const choices = sealedParts(sealed).filter((part) => part.answer.type === 'choice');
    expect(choices.length).toBeGreaterThan(2);
    for (const part of choices) {
      const spec = quiz.parts.find((candidate) => candidate.key === part.key)!;
      expect(part.sealing).toBe('hashed');
      expect(part.answer).not.toHaveProperty('correct');
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
