/**
 * Hostile submissions through the engine's `Grader`: whatever JSON value arrives,
 * one result comes back, with a clear status and reasons, and nothing leaks into
 * the process's prototypes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Grader } from '../../src/engine/grade.ts';
import { SUBMISSION_MAX_ANSWERS } from '../../src/core/submission.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { ROOT } from '../support/cli.ts';
import {
  expectClearInvalidSubmission,
  expectClearParts,
  expectNoPollution,
  HOSTILE_FIXTURES,
  HOSTILE_TEST_TIMEOUT_MS,
  mockQuiz,
  prototypeSnapshot,
  submission,
  SUBMISSION_ERRORS_MAX,
} from './support.ts';

const quiz = await mockQuiz();
const before = prototypeSnapshot();
const grader = new Grader(quiz);

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(ROOT, HOSTILE_FIXTURES, 'submissions', name), 'utf8'));
}

function expectGraded(result: SubmissionResult): void {
  expectClearParts(result, quiz);
}

const statusOf = (result: SubmissionResult, key: string) => result.parts.find((part) => part.key === key)?.status;

describe('hostile submissions through Grader.grade', () => {
  it.each([
    ['[]', [], /must be an object/],
    ['"x"', 'x', /must be an object/],
    ['null', null, /must be an object/],
    ['42', 42, /must be an object/],
    ['true', true, /must be an object/],
    ['{}', {}, /missing "quiz"/],
  ] as const)('the non-object submission %s is invalid', (_name, value, reason) => {
    expectClearInvalidSubmission(grader.grade(value), reason);
  });

  it('a number as student id is invalid, and says where', () => {
    expectClearInvalidSubmission(grader.grade({ quiz: 'mock-quiz-2', student: { id: 12345 }, answers: {} }), /student\.id: must be a string/);
  });

  it.each([
    ['an object', { polluted: 'yes' }],
    ['a string', 'x'],
  ])('__proto__ as an answer key holding %s is an unknown key, and pollutes nothing', (_name, value) => {
    const parsed = JSON.parse(`{"quiz":"mock-quiz-2","student":{"id":"p"},"answers":{"__proto__":${JSON.stringify(value)},"q4.total":"1265220"}}`);
    expectClearInvalidSubmission(grader.grade(parsed), /unknown key "__proto__"/);
    expectNoPollution(before);
  });

  it('__proto__, constructor, prototype and toString keys anywhere are unknown keys', async () => {
    const result = grader.grade(await fixture('prototype-keys.json'));
    expectClearInvalidSubmission(result, /unknown key "__proto__"/);
    for (const key of ['constructor', 'prototype', 'toString']) expect(result.errors.join('\n')).toContain(`unknown key "${key}"`);
    expectNoPollution(before);
  });

  it('code in every kind of answer is read as text, never run', async () => {
    const result = grader.grade(await fixture('code-answers.json'));
    expectGraded(result);
    for (const key of ['q4.total', 'q9.value', 'q10.value', 'q3.sigmoid_range', 'q3.tanh_range', 'q4.layer1', 'q4.layer2', 'q4.output', 'q6.entropy_use', 'q8.convex', 'q10.gamma0', 'q10.hyper']) {
      expect(statusOf(result, key), key).toBe('invalid');
    }
    expectNoPollution(before);
  });

  it('non-finite numbers and infinite interval ends', async () => {
    const result = grader.grade(await fixture('non-finite-answers.json'));
    expectGraded(result);
    expect(['q4.total', 'q4.layer1', 'q4.layer2', 'q4.output', 'q3.sigmoid_range', 'q3.tanh_range'].map((key) => statusOf(result, key)))
      .toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(statusOf(result, 'q3.sigmoid_domain')).toBe('correct');
    expect(statusOf(result, 'q3.tanh_domain')).toBe('correct');
    const infinite = grader.grade(await fixture('infinity-intervals.json'));
    expectGraded(infinite);
    expect(['q3.sigmoid_domain', 'q3.tanh_domain', 'q3.sigmoid_range', 'q3.tanh_range'].map((key) => statusOf(infinite, key)))
      .toEqual(['correct', 'correct', 'incorrect', 'invalid']);
  });

  it('control characters in the student id and answers', async () => {
    const result = grader.grade(await fixture('control-characters.json'));
    expectGraded(result);
    expect(['q4.total', 'q4.layer1', 'q6.entropy_use', 'q3.sigmoid_range', 'q9.value'].map((key) => statusOf(result, key)))
      .toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
  });

  it('emoji and right-to-left text in the student and the answers', async () => {
    const result = grader.grade(await fixture('emoji-rtl.json'));
    expectGraded(result);
    expect(result.student).toEqual({ id: '\u202eemoji😀', name: 'שלום مرحبا 🎓' });
    expect(statusOf(result, 'q10.gamma0')).toBe('correct');
    expect(statusOf(result, 'q4.total')).toBe('invalid');
  });

  it('Unicode confusables are read as the digits and letters they stand for', async () => {
    const result = grader.grade(await fixture('confusables.json'));
    expectGraded(result);
    expect(['q4.total', 'q4.layer1', 'q3.sigmoid_range', 'q6.entropy_use'].map((key) => statusOf(result, key)))
      .toEqual(['correct', 'correct', 'correct', 'correct']);
  });

  it('an answers object with 100,000 keys is invalid', () => {
    const answers = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, '1']));
    const result = grader.grade(submission(answers));
    expect(result.status).toBe('invalid');
    expect(result.errors[0]).toMatch(new RegExp(`more than ${SUBMISSION_MAX_ANSWERS}`));
  }, HOSTILE_TEST_TIMEOUT_MS);

  // src/core/submission.ts checkSubmission: one "unknown key" line (with a did-you-mean
  // search) per key, so 100,000 keys give 100,001 errors in the result and the summary.
  it('an answers object with 100,000 keys gets a bounded list of reasons', () => {
    const answers = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, '1']));
    expectClearInvalidSubmission(grader.grade(submission(answers)), /more than/);
    expect(grader.grade(submission(answers)).errors.length).toBeLessThanOrEqual(SUBMISSION_ERRORS_MAX);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('answers of the wrong JSON type: objects, booleans, nested arrays', () => {
    for (const answer of [{ a: 1 }, true, [['x']], [1, 2], null]) {
      expectClearInvalidSubmission(grader.grade(submission({ 'q4.total': answer })), /answers\.q4\.total/);
    }
  });

  it('a 1,000,000-deep nested array as an answer is invalid without recursion trouble', () => {
    const value = JSON.parse(`{"quiz":"mock-quiz-2","student":{"id":"n"},"answers":{"q4.total":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}}`);
    expectClearInvalidSubmission(grader.grade(value), /answers\.q4\.total/);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('hostile answers in the verdict cache do not leak into other students\' results', () => {
    const cached = new Grader(quiz);
    const normal = submission({ 'q4.total': '1265220', 'q6.entropy_use': 'trees' }, 'normal');
    const alone = new Grader(quiz).grade(normal);
    cached.grade(submission({ 'q4.total': '[1:100000000]', 'q6.entropy_use': '__proto__' }, 'hostile'));
    cached.grade(submission({ 'q4.total': '１２６５２２０', 'q6.entropy_use': 'ｔｒｅｅｓ' }, 'confusable'));
    expect(cached.grade(normal)).toEqual(alone);
  });

  it('leaves the built-in prototypes untouched', () => {
    expectNoPollution(before);
  });
});
