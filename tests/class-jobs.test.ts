/**
 * A class smaller than ONE_WORKER_BELOW is graded by one worker unless --jobs
 * says otherwise (a second one costs its start-up and memory and pays off only
 * for larger classes), and counting the class for that stops at the threshold.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeClass } from '../src/engine/class-run.ts';
import { expandInputs } from '../src/engine/inputs.ts';
import { countRecords } from '../src/engine/run.ts';
import { loadQuiz } from '../src/quiz/load.ts';
import { ROOT, tempDir } from './support/cli.ts';

const SPEC = path.join(ROOT, 'questions/mock-quiz-2.yaml');
const CLASS = path.join(ROOT, 'fixtures/class');

describe('workers by class size', () => {
  it('counts a class up to a bound, and all of it without one', async () => {
    const files = await expandInputs([CLASS], ROOT);
    const all = await countRecords(files);
    expect(all).toBe(20);
    expect(await countRecords(files, undefined, 5)).toBe(5);
    expect(await countRecords(files, undefined, all + 1)).toBe(all);
    expect(await countRecords(files, { index: 1, count: 2 })).toBe(10);
  });

  it.each([
    { label: 'a small class, no --jobs', jobs: undefined, expected: 1 },
    { label: 'a small class, --jobs 2', jobs: 2, expected: 2 },
  ])('$label: $expected worker(s), every result', async ({ jobs, expected }) => {
    const quiz = await loadQuiz(SPEC);
    const outDir = await tempDir();
    const run = await gradeClass({ quiz, specPath: SPEC, inputs: [CLASS], baseDir: ROOT, outDir, ...(jobs === undefined ? {} : { jobs }) });
    expect(run.jobs).toBe(expected);
    expect(run.tally.summary('', 0, undefined)).toMatch(/20 inputs -> 20 results/);
  });
});
