import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuiz } from '../quiz/load.ts';
import type { Quiz } from '../quiz/model.ts';
import type { InputRecord } from './inputs.ts';
import { GradingPool, OVERRUNS_BEFORE_SKIPPED } from './pool.ts';
import { leanResult } from './lines.ts';
import { triesLog } from '../../tests/support/misbehaving-worker.ts';
import { tempDir } from '../../tests/support/temp.ts';

const SPEC = new URL('../../questions/mock-quiz-2.yaml', import.meta.url).pathname;
const WORKER = new URL('../../tests/support/misbehaving-worker.ts', import.meta.url);

async function* recordsOf(ids: string[], answers: Record<string, string> = { 'q4.total': '1265220' }): AsyncGenerator<InputRecord> {
  for (const [position, id] of ids.entries()) {
    yield { source: `${id}.json`, position, value: { quiz: 'mock-quiz-2', student: { id }, answers } };
  }
}

async function gradeAll(pool: GradingPool, records: AsyncIterable<InputRecord>) {
  const results = [];
  for await (const { line, result } of pool.grade(records)) {
    // The line is the whole result; the object handed on lacks only the parts' details.
    const text = Buffer.from(line).toString('utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(leanResult(JSON.parse(text))).toEqual(result);
    results.push(result);
  }
  return results;
}

/** How many times the test worker tried the hanging or crashing answer of each of these students. */
async function triesOf(ids: string[]): Promise<number[]> {
  const log = await readFile(triesLog(), 'utf8').catch(() => '');
  const tried = log.split('\n');
  return ids.map((id) => tried.filter((line) => line === id).length);
}

const submission = (id: string, answers: Record<string, unknown>) => ({ quiz: 'mock-quiz-2', student: { id }, answers });

describe('the grading pool', () => {
  let quiz: Quiz;
  let pool: GradingPool;

  beforeAll(async () => {
    quiz = await loadQuiz(SPEC);
    process.env.QUIZGRADE_TEST_MARKER = path.join(await tempDir('pool-'), 'crashed-once');
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

  it('parses records that come as text in the worker, and takes unreadable JSON as an invalid submission', async () => {
    const graded = await pool.gradeChunk([
      { source: 'a.jsonl:1', position: 0, text: JSON.stringify(submission('a', { 'q4.total': '1265220' })) },
      { source: 'a.jsonl:2', position: 1, text: '{"quiz": "mock-quiz-2", "student": ' },
      { source: 'a.jsonl:3', position: 2, text: JSON.stringify(submission('evil', { 'q4.total': [1] })) },
    ]);
    const [first, broken, evil] = graded.results;
    expect(first).toMatchObject({ status: 'graded', score: 2, source: 'a.jsonl:1', position: 0 });
    expect(broken).toMatchObject({ status: 'invalid', errors: [expect.stringMatching(/not valid JSON/)], position: 1 });
    expect(evil).toMatchObject({ status: 'invalid', errors: [expect.stringMatching(/answers\.q4\.total/)] });
  }, 180_000);

  it('gives a repeated answer the same verdict whichever worker grades it', async () => {
    const answers = { 'q4.total': '1265220', 'q3.sigmoid_range': '(0, 1)' };
    const graded = await gradeAll(pool, recordsOf(Array.from({ length: 200 }, (_, i) => `s${i}`), answers));
    for (const result of graded) {
      expect(result.parts).toEqual(graded[0]!.parts);
      expect(result.score).toBe(2.5);
    }
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

  it('leaves out only the part whose answer kills its worker twice, and stops trying that answer once two students did', async () => {
    const key = quiz.parts[3]!.key;
    const ids = ['boom-1', 'boom-2', 'boom-3'];
    const graded = [];
    for (const [i, id] of ids.entries()) {
      graded.push((await pool.gradeChunk([{ source: `${id}.json`, position: 200 + i, value: submission(id, { [key]: 'boom', 'q4.total': '1265220' }) }])).results[0]!);
    }
    for (const result of graded) {
      expect(result.status).toBe('graded');
      expect(result.parts[3]).toMatchObject({ key, status: 'error', score: 0, method: 'crash', answer: 'boom' });
      expect(result.parts[3]!.feedback[0]).toMatch(/stopped its worker twice/);
      expect(result.parts.find((part) => part.key === 'q4.total')!.status).toBe('correct');
      expect(result.score).toBe(2);
    }
    // The third student's answer is not tried.
    expect(await triesOf(ids)).toEqual([2, 2, 0]);
  }, 180_000);

  it(`stops grading an answer for anyone once it overran ${OVERRUNS_BEFORE_SKIPPED} times`, async () => {
    const key = quiz.parts[3]!.key;
    const ids = Array.from({ length: OVERRUNS_BEFORE_SKIPPED + 2 }, (_, i) => `hang-${i}`);
    const graded = [];
    // One at a time, so every student after the second meets an answer already known to hang.
    for (const [position, id] of ids.entries()) {
      graded.push(...(await pool.gradeChunk([{ source: `${id}.json`, position: 100 + position, value: submission(id, { [key]: 'forever', 'q4.total': '1265220' }) }])).results);
    }
    // The later students' answers are not tried.
    expect(await triesOf(ids)).toEqual(ids.map((_, i) => (i < OVERRUNS_BEFORE_SKIPPED ? 1 : 0)));
    for (const result of graded) {
      expect(result.status).toBe('graded');
      expect(result.parts[3]).toMatchObject({ status: 'needs-review', method: 'timeout', answer: 'forever' });
      expect(result.parts.find((part) => part.key === 'q4.total')!.status).toBe('correct');
    }
  }, 180_000);
});
