/** Batch runs: determinism across --jobs, shards that merge into one run, resume, crashes, duplicates. */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionResult } from '../src/types.ts';
import { flaggedLine } from '../src/results/index.ts';
import { ROOT, run, tempDir } from './support/cli.ts';

const QUIZ = 'questions/mock-quiz-2.yaml';

const resultsOf = (dir: string) => readFile(path.join(dir, 'results.jsonl'), 'utf8');

describe('a grading run', () => {
  let single: string;
  let singleText: string;

  beforeAll(async () => {
    single = await tempDir();
    const { code } = await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', single, '--jobs', '2']);
    expect(code).toBe(1);
    singleText = await resultsOf(single);
  });

  it('gives byte-identical results with any number of workers', async () => {
    const one = await tempDir();
    await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', one, '--jobs', '1']);
    expect(await resultsOf(one)).toBe(singleText);
  });

  it('grades shards that merge into exactly the single run', async () => {
    const shards = [await tempDir(), await tempDir(), await tempDir()];
    for (const [i, dir] of shards.entries()) {
      const { code } = await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', dir, '--shard', `${i + 1}/3`, '--jobs', '1']);
      expect(code).toBeLessThan(2);
    }
    const sizes = await Promise.all(shards.map(async (dir) => (await resultsOf(dir)).trim().split('\n').length));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(singleText.trim().split('\n').length);
    const merged = await tempDir();
    const { code, stdout } = await run(['merge', ...shards.map((dir) => path.join(dir, 'results.jsonl')), '--out', merged, '--quiz', QUIZ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/31 inputs -> 31 results/);
    expect(await resultsOf(merged)).toBe(singleText);
    expect(await readFile(path.join(merged, 'grades.csv'), 'utf8')).toBe(await readFile(path.join(single, 'grades.csv'), 'utf8'));
  });

  it('refuses to merge the same shard twice', async () => {
    const { code, stderr } = await run(['merge', path.join(single, 'results.jsonl'), path.join(single, 'results.jsonl'), '--out', await tempDir()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/two results for input position 0/);
  });

  it('refuses to merge when a shard is missing', async () => {
    const first = await tempDir();
    await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', first, '--shard', '1/3', '--jobs', '1']);
    const third = await tempDir();
    await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', third, '--shard', '3/3', '--jobs', '1']);
    const { code, stderr } = await run(['merge', path.join(first, 'results.jsonl'), path.join(third, 'results.jsonl'), '--out', await tempDir()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no result for input position 1 \(the next is 2\); is a shard missing/);
  });

  it('rejects a malformed --shard', async () => {
    const { code, stderr } = await run(['grade', QUIZ, 'fixtures/class', '--out', await tempDir(), '--shard', '4/3']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--shard takes i\/n/);
  });

  // Each way a killed run can leave results.jsonl: a complete last line is kept only if its newline was written too.
  const TAILS: { tail: string; text: (lines: string[]) => string; resumed: number }[] = [
    { tail: 'a complete line and its newline', text: (lines) => `${lines.slice(0, 12).join('\n')}\n`, resumed: 12 },
    { tail: 'a complete line, no newline', text: (lines) => lines.slice(0, 12).join('\n'), resumed: 11 },
    { tail: 'a line cut mid-write', text: (lines) => `${lines.slice(0, 12).join('\n')}\n${lines[12]!.slice(0, 40)}`, resumed: 12 },
    { tail: 'an empty file', text: () => '', resumed: 0 },
  ];
  it.each(TAILS)('resumes after $tail without duplicating or dropping anyone', async ({ text, resumed }) => {
    const interrupted = await tempDir();
    await writeFile(path.join(interrupted, 'results.jsonl'), text(singleText.split('\n')));
    const { code, stdout } = await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', interrupted, '--resume', '--jobs', '1']);
    expect(code).toBe(1);
    if (resumed > 0) expect(stdout).toContain(`resumed: ${resumed} results were already in results.jsonl`);
    else expect(stdout).not.toContain('resumed:');
    expect(await resultsOf(interrupted)).toBe(singleText);
  });

  it('refuses to resume from the results of other inputs', async () => {
    const other = await tempDir();
    await copyFile(path.join(single, 'results.jsonl'), path.join(other, 'results.jsonl'));
    const { code, stderr } = await run(['grade', QUIZ, 'fixtures/broken', '--out', other, '--resume']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/holds results of other inputs/);
  });

  it('keeps both submissions of a duplicate student id, flagging the later one', async () => {
    const dir = await tempDir();
    const inputs = path.join(dir, 'in');
    await mkdir(inputs);
    await copyFile(path.join(ROOT, 'fixtures/class/s001-perfect.json'), path.join(inputs, 'a.json'));
    await copyFile(path.join(ROOT, 'fixtures/class/s003-forgot-biases.json'), path.join(inputs, 'b.json'));
    const again = JSON.parse(await readFile(path.join(ROOT, 'fixtures/class/s002-messy-formats.json'), 'utf8'));
    again.student.id = 's001';
    await writeFile(path.join(inputs, 'c.json'), JSON.stringify(again));
    const { code, stdout } = await run(['grade', QUIZ, inputs, '--out', path.join(dir, 'out'), '--jobs', '1']);
    expect(code).toBe(0);
    const results = (await resultsOf(path.join(dir, 'out'))).trim().split('\n').map((line) => JSON.parse(line) as SubmissionResult);
    expect(results.map((result) => [result.student.id, result.duplicateOf])).toEqual([['s001', undefined], ['s003', undefined], ['s001', 0]]);
    expect(stdout).toMatch(/duplicate student id s001: inputs 0, 2 \(all kept\)/);
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    const quiet = await run(['grade', QUIZ, 'fixtures/broken', '--out', await tempDir(), '--jobs', '1']);
    expect(quiet.stderr).not.toMatch(/grading \[/);
    const shown = await run(['grade', QUIZ, 'fixtures/broken', '--out', await tempDir(), '--jobs', '1'], { stderrIsTTY: true });
    expect(shown.stderr).toMatch(/grading \[.*\] 11\/11 submissions \| \d+\/s/);
  });

  it('rejects a worker memory limit too small to start a worker', async () => {
    const { code, stderr } = await run(['grade', QUIZ, 'fixtures/class', '--out', await tempDir(), '--worker-memory', '8']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/must be at least 64/);
  });
});

describe('flaggedLine', () => {
  it('gives the bytes JSON.stringify gives for the result with duplicateOf added', () => {
    const results: SubmissionResult[] = [
      { quiz: 'q', student: { id: 'a', name: 'Ä "quoted"' }, status: 'graded', score: 1.5, maxScore: 2, parts: [], errors: [], source: 'x.jsonl:2', position: 7 },
      { quiz: 'q', student: { id: 'b' }, status: 'invalid', score: 0, maxScore: 2, parts: [], errors: ['not valid JSON'] },
    ];
    for (const result of results) {
      const line = Buffer.from(`${JSON.stringify(result)}\n`);
      expect(flaggedLine(line, 3).toString('utf8')).toBe(`${JSON.stringify({ ...result, duplicateOf: 3 })}\n`);
    }
  });
});
