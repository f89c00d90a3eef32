/**
 * The bundled class, pinned: each submission's total, and the status and score
 * of every numeric, interval and choice part that is not simply correct (the
 * expression and rubric parts are pinned in tests/expression and tests/rubric).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Grader } from '../src/engine/grade.ts';
import { expandInputs, readInputs } from '../src/engine/inputs.ts';
import { loadQuiz } from '../src/quiz/load.ts';
import type { SubmissionResult } from '../src/types.ts';
import { ROOT } from './support/cli.ts';

const PINNED_TYPES = new Set(['numeric', 'interval', 'choice']);

const EXPECTED: Record<string, { total: number; notCorrect: Record<string, string> }> = {
  s000: { total: 27, notCorrect: {'q4.total': 'incorrect 0','q9.value': 'incorrect 0'} },
  s001: { total: 40, notCorrect: {} },
  s002: { total: 40, notCorrect: {} },
  s003: { total: 37.5, notCorrect: {'q4.layer1': 'partial 0.5','q4.layer2': 'partial 0.5','q4.output': 'partial 0.5','q4.total': 'partial 1'} },
  s004: { total: 33, notCorrect: {} },
  s005: { total: 37.5, notCorrect: {'q3.sigmoid_domain': 'incorrect 0','q3.sigmoid_range': 'partial 0.25','q3.tanh_range': 'partial 0.25'} },
  s006: { total: 3.5, notCorrect: {} },
  s007: { total: 38, notCorrect: {'q6.entropy_use': 'incorrect 0','q9.value': 'partial 1','q10.value': 'partial 0.5'} },
  s008: { total: 34.5, notCorrect: {'q3.sigmoid_range': 'invalid 0','q4.layer1': 'invalid 0','q4.layer2': 'invalid 0','q4.output': 'invalid 0','q4.total': 'invalid 0'} },
  s009: { total: 35, notCorrect: {} },
  s010: { total: 38.5, notCorrect: {'q8.convex': 'incorrect 0','q10.gamma0': 'incorrect 0','q10.hyper': 'incorrect 0'} },
  s011: { total: 40, notCorrect: {} },
  s012: { total: 37.5, notCorrect: {'q9.value': 'partial 1','q10.value': 'incorrect 0','q10.gamma0': 'incorrect 0'} },
  s013: { total: 31, notCorrect: {'q4.total': 'invalid 0','q9.value': 'invalid 0','q10.value': 'invalid 0'} },
  s014: { total: 34.5, notCorrect: {'q3.tanh_range': 'incorrect 0','q4.total': 'incorrect 0','q9.value': 'incorrect 0','q10.value': 'incorrect 0'} },
  s015: { total: 0, notCorrect: {'q3.sigmoid_domain': 'incorrect 0','q3.sigmoid_range': 'incorrect 0','q3.tanh_domain': 'incorrect 0','q3.tanh_range': 'incorrect 0','q4.layer1': 'incorrect 0','q4.layer2': 'incorrect 0','q4.output': 'incorrect 0','q4.total': 'incorrect 0','q6.entropy_use': 'incorrect 0','q8.convex': 'incorrect 0','q9.value': 'incorrect 0','q10.value': 'incorrect 0','q10.gamma0': 'incorrect 0','q10.hyper': 'incorrect 0'} },
  s016: { total: 11, notCorrect: {} },
  s017: { total: 40, notCorrect: {} },
  s018: { total: 40, notCorrect: {} },
  s019: { total: 39.75, notCorrect: {'q10.hyper': 'partial 0.25'} },
};

describe('the bundled class', () => {
  const results = new Map<string, SubmissionResult>();
  const typeOf = new Map<string, string>();

  beforeAll(async () => {
    const quiz = await loadQuiz(`${ROOT}questions/mock-quiz-2.yaml`);
    for (const part of quiz.parts) typeOf.set(part.key, part.answer.type);
    const grader = new Grader(quiz);
    for await (const record of readInputs(await expandInputs(['fixtures/class'], ROOT), ROOT)) {
      const result = grader.gradeRecord(record);
      results.set(result.student.id, result);
    }
  });

  it('has one result per submission, all graded', () => {
    const files = readdirSync(`${ROOT}fixtures/class`);
    const jsonlLines = readFileSync(`${ROOT}fixtures/class/lms-export.jsonl`, 'utf8').trim().split('\n').length;
    expect(results.size).toBe(files.length - 1 + jsonlLines);
    expect(Object.keys(EXPECTED).sort()).toEqual([...results.keys()].sort());
    for (const result of results.values()) expect(result.status).toBe('graded');
  });

  it.each(Object.entries(EXPECTED))('%s scores as pinned', (id, expected) => {
    const result = results.get(id)!;
    const notCorrect = Object.fromEntries(result.parts
      .filter((part) => PINNED_TYPES.has(typeOf.get(part.key)!) && part.status !== 'correct' && part.status !== 'unanswered')
      .map((part) => [part.key, `${part.status} ${part.score}`]));
    expect(notCorrect).toEqual(expected.notCorrect);
    expect(result.score).toBe(expected.total);
  });

  it('gives the answer sheet credit for the layers of Q4 but not the total', () => {
    const sheet = results.get('s000')!;
    const q4 = Object.fromEntries(sheet.parts.filter((part) => part.question === 'q4').map((part) => [part.key, part.status]));
    expect(q4).toEqual({ 'q4.layer1': 'correct', 'q4.layer2': 'correct', 'q4.output': 'correct', 'q4.total': 'incorrect' });
  });
});

