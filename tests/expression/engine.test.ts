/**
 * The graders inside the real pipeline: the quiz loaded by the spec loader
 * (registry, strict schema, compile, mistakes compiled as copies) and the class
 * fixtures graded by the engine.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Grader } from '../../src/engine/grade.ts';
import { loadQuiz } from '../../src/quiz/load.ts';
import type { Quiz } from '../../src/quiz/model.ts';
import type { PartResult } from '../../src/types.ts';

const CLASS_DIR = new URL('../../fixtures/class/', import.meta.url);
const MY_TYPES = new Set(['expression', 'derivation']);

let quiz: Quiz;
const results = new Map<string, Map<string, PartResult>>();

beforeAll(async () => {
  quiz = await loadQuiz(new URL('../../questions/mock-quiz-2.yaml', import.meta.url).pathname);
  const grader = new Grader(quiz);
  for (const file of readdirSync(CLASS_DIR).filter((name) => name.endsWith('.json'))) {
    const submission = JSON.parse(readFileSync(new URL(file, CLASS_DIR), 'utf8')) as unknown;
    const result = grader.grade(submission, { source: file });
    results.set(file.replace(/\.json$/, ''), new Map(result.parts.map((part) => [part.key, part])));
  }
});

describe('engine with the expression graders', () => {
  it('compiles every expression and derivation part of the quiz', () => {
    const mine = quiz.parts.filter((part) => MY_TYPES.has(part.answer.type));
    expect(mine).toHaveLength(14);
    for (const part of mine) expect(part.unavailable, part.key).toBeUndefined();
  });

  it('never ends a part of the class in error', () => {
    for (const [student, parts] of results) {
      for (const part of parts.values()) {
        if (MY_TYPES.has(quiz.parts.find((candidate) => candidate.key === part.key)!.answer.type)) {
          expect(part.status, `${student} ${part.key}: ${part.feedback.join(' ')}`).not.toBe('error');
        }
      }
    }
  });

  it.each([
    ['s000-answer-sheet', 'q1.p1', 'correct', undefined],
    ['s000-answer-sheet', 'q1.p2', 'incorrect', 0],
    ['s000-answer-sheet', 'q1.proof', 'correct', undefined],
    ['s000-answer-sheet', 'q3.tanh_via_sigmoid', 'correct', undefined],
    ['s000-answer-sheet', 'q5.dz', 'correct', undefined],
    ['s000-answer-sheet', 'q5.dsigmoid', 'correct', undefined],
    ['s000-answer-sheet', 'q5.db', 'correct', undefined],
    ['s000-answer-sheet', 'q6.entropy2', 'correct', undefined],
    ['s000-answer-sheet', 'q6.bce', 'correct', undefined],
    ['s002-messy-formats', 'q2.b_eff', 'correct', undefined],
    ['s002-messy-formats', 'q5.grad', 'correct', undefined],
    ['s002-messy-formats', 'q5.update', 'correct', undefined],
    ['s004-sign-errors', 'q5.dz', 'incorrect', 0],
    ['s004-sign-errors', 'q5.grad', 'incorrect', 1],
    ['s004-sign-errors', 'q5.update', 'incorrect', 0],
    ['s004-sign-errors', 'q6.entropy2', 'incorrect', 0],
    ['s004-sign-errors', 'q9.formula', 'incorrect', 0],
    ['s009-transposes', 'q2.w_eff', 'partial', 0],
    ['s009-transposes', 'q2.b_eff', 'incorrect', 0],
    ['s009-transposes', 'q5.grad', 'incorrect', undefined],
    ['s009-transposes', 'q5.db', 'partial', 0],
    ['s013-hostile', 'q1.p1', 'invalid', undefined],
    ['s013-hostile', 'q1.p2', 'invalid', undefined],
    ['s013-hostile', 'q3.tanh_via_sigmoid', 'invalid', undefined],
  ] as const)('%s %s: %s', (student, key, status, mistake) => {
    const part = results.get(student)!.get(key)!;
    expect(part.status, part.feedback.join(' ')).toBe(status);
    expect(part.mistake).toBe(mistake);
  });
});
