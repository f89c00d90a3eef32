/**
 * Shared pieces of the hostile-input suite: the real quiz loaded once, its parts
 * made gradeable, the checks every hostile outcome must pass, and generators for
 * inputs too big to commit.
 */
import { expect } from 'vitest';
import { findGrader } from '../../graders/index.ts';
import { derivationGrader } from '../../graders/derivation.ts';
import { expressionGrader } from '../../graders/expression.ts';
import { rubricGrader } from '../../graders/rubric.ts';
import { PART_STATUSES, type PartResult, type SubmissionResult } from '../../src/types.ts';
import type { AnyGrader, CompileContext } from '../../src/grader.ts';
import type { Part, Quiz } from '../../src/quiz/model.ts';
import { loadQuiz } from '../../src/quiz/load.ts';
import { ROOT } from '../support/cli.ts';

export const QUIZ_PATH = 'questions/mock-quiz-2.yaml';
export const HOSTILE_FIXTURES = 'fixtures/hostile';

/** A hostile case that hangs fails on this, not on a flaky time limit. */
export const HOSTILE_TEST_TIMEOUT_MS = 60_000;

/**
 * Longest message a student may be shown about one answer. A message that echoes
 * a 10 MB answer back is no message: it must be bounded whatever the input.
 */
export const MESSAGE_MAX_CHARS = 4_096;
/** Largest serialized part result, leaving out the echoed answer itself. */
export const PART_RESULT_MAX_CHARS = 64 * 1024;
/** Most problems one submission reports; a flood of 100,000 lines is not a diagnosis. */
export const SUBMISSION_ERRORS_MAX = 100;

export const MEGABYTE = 1024 * 1024;

/** Graders that exist as modules but may not be in the registry yet. */
const GRADER_MODULES: ReadonlyMap<string, AnyGrader> = new Map(
  [expressionGrader, rubricGrader, derivationGrader].map((grader) => [grader.name, grader as AnyGrader]),
);

let quizLoading: Promise<Quiz> | undefined;

export function mockQuiz(): Promise<Quiz> {
  quizLoading ??= loadQuiz(`${ROOT}${QUIZ_PATH}`);
  return quizLoading;
}

/**
 * The quiz part `key`, ready for `gradePart`. A part whose grader the registry
 * does not list yet is compiled here from the grader module, mistakes included,
 * the way the loader does it, so its hostile cases run today.
 */
export function gradeablePart(quiz: Quiz, key: string): Part {
  const part = quiz.parts.find((candidate) => candidate.key === key);
  if (!part) throw new Error(`no part ${key} in ${quiz.id}`);
  if (part.grader !== undefined && part.compiled !== undefined) return part;
  const grader = findGrader(part.answer.type) ?? GRADER_MODULES.get(part.answer.type);
  if (!grader) throw new Error(`no grader module for type ${part.answer.type}`);
  const context: CompileContext = { quizId: quiz.id, definitions: quiz.definitions, key, seed: part.seed };
  const compiled = grader.compile(part.answer, context);
  const expectedKey = grader.expectedKey;
  const mistakes = expectedKey === null
    ? []
    : (part.answer.mistakes ?? []).map((mistake) => ({
        ...mistake,
        compiled: grader.compile({ ...part.answer, [expectedKey]: mistake.answer, mistakes: [] }, context),
      }));
  const { unavailable: _unavailable, ...rest } = part;
  return { ...rest, grader, compiled, mistakes };
}

/** A stand-alone part for one grader and options (for cases the quiz has no part for). */
export function standalonePart(grader: AnyGrader, options: Record<string, unknown>, key = 'h1'): Part {
  const answer = { type: grader.name, ...options };
  const context: CompileContext = { quizId: 'hostile', definitions: {}, key, seed: 20261124 };
  return {
    key,
    question: key,
    part: null,
    points: 1,
    answer,
    location: { file: 'hostile', line: 1, column: 1, path: '' },
    grader,
    compiled: grader.compile(answer, context),
    mistakes: [],
    seed: context.seed,
  };
}

/**
 * What every part result of a hostile answer must be: a known status that is not
 * `error` (the grader did not throw), a score within bounds, short messages, an
 * `invalid` that says why, and a result whose size does not grow with the input.
 */
export function expectClearPart(result: PartResult): void {
  expect(PART_STATUSES).toContain(result.status);
  expect(result.status, `grader failed: ${result.feedback.join(' ').slice(0, 300)}`).not.toBe('error');
  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(result.maxScore);
  for (const message of result.feedback) {
    expect(typeof message).toBe('string');
    expect(message.length, `a message of ${message.length} characters`).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
  }
  if (result.status === 'invalid') {
    expect(result.feedback.length).toBeGreaterThan(0);
    expect(result.feedback[0]!.trim()).not.toBe('');
  }
  const { answer: _answer, ...rest } = result;
  expect(JSON.stringify(rest).length).toBeLessThanOrEqual(PART_RESULT_MAX_CHARS);
}

/**
 * Every part of a graded submission is clear. A part whose grader this version
 * lacks (the registry does not list it yet) is `error` for every student alike:
 * that says nothing about the hostile input, so it is only checked to say so.
 */
export function expectClearParts(result: SubmissionResult, quiz: Quiz): void {
  expect(result.status).toBe('graded');
  expect(result.parts.map((part) => part.key)).toEqual(quiz.parts.map((part) => part.key));
  result.parts.forEach((part, index) => {
    const unavailable = quiz.parts[index]!.unavailable;
    if (unavailable !== undefined && part.status !== 'unanswered') {
      expect(part.status).toBe('error');
      expect(part.feedback).toEqual([unavailable]);
    } else {
      expectClearPart(part);
    }
  });
}

/** An invalid submission with a short list of clear reasons. */
export function expectClearInvalidSubmission(result: SubmissionResult, reason: RegExp): void {
  expect(result.status).toBe('invalid');
  expect(result.score).toBe(0);
  expect(result.parts).toEqual([]);
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.join('\n')).toMatch(reason);
  for (const error of result.errors) expect(error.length).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
}

/** `depth` nested JSON arrays, built without recursion. */
export function nestedJsonArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A submission of the mock quiz with the given answers. */
export function submission(answers: Record<string, unknown>, id = 'hostile'): Record<string, unknown> {
  return { quiz: 'mock-quiz-2', student: { id }, answers };
}

/** Own property names of the built-in prototypes, to prove nothing was added. */
export function prototypeSnapshot(): Record<string, string[]> {
  const prototypes = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };
  return Object.fromEntries(Object.entries(prototypes).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
}

export function expectNoPollution(before: Record<string, string[]>): void {
  expect(prototypeSnapshot()).toEqual(before);
  const probe: Record<string, unknown> = {};
  for (const name of ['polluted', 'isAdmin', 'quiz', 'answers', 'q4.total']) expect(probe[name]).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}
