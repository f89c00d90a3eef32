/**
 * Nothing lost at the chunk boundaries: classes of 0, 1, chunk - 1, chunk and
 * chunk + 1 submissions give exactly one result each, in input order, both
 * graded in-process (gradeBatch) and through the worker pool (the CLI).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeBatch, loadQuiz, type Quiz, type SubmissionResult } from '../src/index.ts';
import { ROOT, run, tempDir } from './support/cli.ts';

const QUIZ = 'questions/mock-quiz-2.yaml';
/** The pool's chunk size (CHUNK_SIZE in src/engine/pool.ts), written out so the sizes below stay at its edges. */
const CHUNK = 64;
const SIZES = [1, CHUNK - 1, CHUNK, CHUNK + 1];

/** A JSONL class of `size` students s0, s1, ..., each answering one part. */
async function classFile(size: number): Promise<string> {
  const lines = Array.from({ length: size }, (_, i) => `${JSON.stringify({ quiz: 'mock-quiz-2', student: { id: `s${i}` }, answers: { 'q4.total': '1265220' } })}\n`);
  const file = path.join(await tempDir(), `class-${size}.jsonl`);
  await writeFile(file, lines.join(''));
  return file;
}

function expectOnePerStudent(results: SubmissionResult[], size: number): void {
  expect(results).toHaveLength(size);
  expect(results.map((result) => [result.student.id, result.position, result.status])).toEqual(
    Array.from({ length: size }, (_, i) => [`s${i}`, i, 'graded']),
  );
}

describe('in-process grading (gradeBatch)', () => {
  let quiz: Quiz;
  beforeAll(async () => {
    quiz = await loadQuiz(path.join(ROOT, QUIZ));
  });

  const collect = async (inputs: string[]) => {
    const results: SubmissionResult[] = [];
    for await (const result of gradeBatch(quiz, inputs)) results.push(result);
    return results;
  };

  it('gives no results for no inputs', async () => {
    expect(await collect([])).toEqual([]);
  });

  it.each(SIZES)('gives exactly one result for each of %i submissions', async (size) => {
    expectOnePerStudent(await collect([await classFile(size)]), size);
  });

  it('gives an empty file one invalid result of its own', async () => {
    const results = await collect([await classFile(0)]);
    expect(results.map((result) => [result.status, result.errors])).toEqual([['invalid', [expect.stringMatching(/empty file/)]]]);
  });
});

describe('grading through the worker pool (the CLI)', () => {
  async function grade(size: number) {
    const out = await tempDir();
    const { code, stdout } = await run(['grade', QUIZ, await classFile(size), '--out', out, '--jobs', '1']);
    const text = await readFile(path.join(out, 'results.jsonl'), 'utf8');
    const results = text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as SubmissionResult);
    return { code, stdout, results };
  }

  it.each(SIZES)('gives exactly one result for each of %i submissions', async (size) => {
    const { code, stdout, results } = await grade(size);
    expect(code).toBe(0);
    expect(stdout).toContain(`${size} inputs -> ${size} results: ${size} graded, 0 invalid`);
    expectOnePerStudent(results, size);
  });

  it('gives an empty file one invalid result, and exit code 1', async () => {
    const { code, stdout, results } = await grade(0);
    expect(code).toBe(1);
    expect(stdout).toContain('1 inputs -> 1 results: 0 graded, 1 invalid');
    expect(results.map((result) => result.status)).toEqual(['invalid']);
  });
});
