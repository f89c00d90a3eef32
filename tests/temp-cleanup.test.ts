/**
 * The suite's temp folders go when their test ends. These tests run the CLI
 * (grade, resume, merge, report) with a private temp folder, as the CLI tests
 * do, and the last one checks that the folder is empty again.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from './support/cli.ts';

const QUIZ = 'questions/mock-quiz-2.yaml';

describe('temp folders of CLI tests', () => {
  const outer = process.env.TMPDIR;
  // os.tmpdir() reads TMPDIR on every call; test files run in processes of their own.
  const privateTmp = mkdtempSync(path.join(tmpdir(), 'quizgrade-cleanup-'));
  /** tsx keeps its compile cache in the temp folder: that is the workers' loader's, not a test's. */
  const leftovers = () => readdirSync(privateTmp).filter((name) => !name.startsWith('tsx-'));
  let shared: string;

  beforeAll(async () => {
    process.env.TMPDIR = privateTmp;
    shared = await tempDir();
  });
  afterAll(() => {
    process.env.TMPDIR = outer;
    rmSync(privateTmp, { recursive: true, force: true });
  });

  it('makes its folders in the private temp folder', async () => {
    expect(path.dirname(await tempDir())).toBe(privateTmp);
    expect(path.dirname(shared)).toBe(privateTmp);
  });

  it('grades, resumes and merges in temp folders', async () => {
    const out = await tempDir();
    const shards = [await tempDir(), await tempDir()];
    for (const [i, dir] of shards.entries()) {
      expect((await run(['grade', QUIZ, 'fixtures/broken', '--out', dir, '--shard', `${i + 1}/2`, '--jobs', '1'])).code).toBe(1);
    }
    expect((await run(['grade', QUIZ, 'fixtures/broken', '--out', shards[0]!, '--shard', '1/2', '--resume', '--jobs', '1'])).code).toBe(1);
    const merged = await run(['merge', ...shards.map((dir) => path.join(dir, 'results.jsonl')), '--out', out]);
    expect(merged.code).toBe(1);
    expect((await run(['report', path.join(out, 'results.jsonl'), '--out', shared])).code).toBe(1);
  });

  it('keeps a folder made in beforeAll until the file ends', () => {
    expect(readdirSync(privateTmp)).toContain(path.basename(shared));
  });

  it('leaves nothing else behind once each test has ended', () => {
    expect(leftovers()).toEqual([path.basename(shared)]);
  });
});
