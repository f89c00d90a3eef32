import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuiz } from '../spec/load.ts';
import type { Quiz } from '../spec/model.ts';
import type { InputRecord } from './inputs.ts';
import { GradingPool } from './pool.ts';

const SPEC = new URL('../../questions/mock-quiz-2.yaml', import.meta.url).pathname;
const WORKER = new URL('../../tests/support/misbehaving-worker.ts', import.meta.url);

async function* recordsOf(ids: string[], answers: Record<string, string> = { 'q4.total': '1265220' }): AsyncGenerator<InputRecord> {
  for (const [position, id] of ids.entries()) {
    yield { source: `${id}.json`, position, value: { quiz: 'mock-quiz-2', student: { id }, answers } };
  }
}

async function gradeAll(pool: GradingPool, records: AsyncIterable<InputRecord>) {
  const results = [];
  for await (const result of pool.grade(records)) results.push(result);
  return results;
}

describe('the grading pool', () => {
  let quiz: Quiz;
  let pool: GradingPool;

  beforeAll(async () => {
    quiz = await loadQuiz(SPEC);
    process.env.QUIZGRADE_TEST_MARKER = path.join(await mkdtemp(path.join(tmpdir(), 'pool-')), 'crashed-once');
    pool = new GradingPool(quiz, { specPath: SPEC, jobs: 2, timeoutSeconds: 0.5, workerFile: WORKER });
  });
  afterAll(() => pool.close());

  it('retries a submission whose worker died once, alone, and grades it', async () => {
    const results = await gradeAll(pool, recordsOf(['a', 'crash-once', 'b']));
    expect(await readFile(process.env.QUIZGRADE_TEST_MARKER!, 'utf8')).toBe('crashed');
    expect(results.map((result) => [result.student.id, result.status, result.position])).toEqual([
      ['a', 'graded', 0],
      ['crash-once', 'graded', 1],
      ['b', 'graded', 2],
    ]);
  }, 180_000);

  it('marks a submission error when its worker dies again, and grades the others', async () => {
    const results = await gradeAll(pool, recordsOf(['a', 'crash', 'b']));
    expect(results.map((result) => [result.student.id, result.status])).toEqual([['a', 'graded'], ['crash', 'error'], ['b', 'graded']]);
    expect(results[1]!.errors[0]).toMatch(/grading failed twice/);
    expect(results[0]!.parts.find((part) => part.key === 'q4.total')!.status).toBe('correct');
  }, 180_000);

  it('takes a malformed answer after the shared cache has verdicts as an invalid submission, not a crash', async () => {
    const [first] = await pool.gradeChunk([{ source: 'a.json', position: 0, value: { quiz: 'mock-quiz-2', student: { id: 'a' }, answers: { 'q4.total': '1265220' } } }]);
    expect(first!.status).toBe('graded');
    const [evil] = await pool.gradeChunk([{ source: 'evil.json', position: 1, value: { quiz: 'mock-quiz-2', student: { id: 'evil' }, answers: { 'q4.total': [1] } } }]);
    expect(evil).toMatchObject({ status: 'invalid', errors: [expect.stringMatching(/answers\.q4\.total/)] });
  }, 180_000);

  it('fills answers another worker already graded from the shared cache, with the same result', async () => {
    const answers = { 'q4.total': '1265220', 'q3.sigmoid_range': '(0, 1)' };
    const [fresh] = await pool.gradeChunk([{ source: 'x.json', position: 0, value: { quiz: 'mock-quiz-2', student: { id: 'x' }, answers } }]);
    const [cached] = await pool.gradeChunk([{ source: 'y.json', position: 1, value: { quiz: 'mock-quiz-2', student: { id: 'y' }, answers } }]);
    expect(cached!.parts).toEqual(fresh!.parts);
    expect(cached!.score).toBe(fresh!.score);
    expect(cached!.score).toBe(2.5);
  }, 180_000);

  it('leaves an answer that overruns its budget for review, and grades the rest of the submission', async () => {
    const results = await gradeAll(pool, recordsOf(['a', 'hang', 'b']));
    expect(results.map((result) => [result.student.id, result.status])).toEqual([['a', 'graded'], ['hang', 'graded'], ['b', 'graded']]);
    const hung = results[1]!;
    const overran = hung.parts[3]!;
    expect(overran).toMatchObject({ key: quiz.parts[3]!.key, status: 'needs-review', score: 0, method: 'timeout' });
    expect(overran.feedback[0]).toMatch(/timed out: grading this answer took longer than 0.5 s/);
    expect(hung.parts.find((part) => part.key === 'q4.total')!.status).toBe('correct');
  }, 180_000);
});
