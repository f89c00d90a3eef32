/** `quizgrade diff`: who changes between two gradings, part by part. */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffResults } from '../../src/diff/index.ts';
import { diffCsvRows, renderDiffTable } from '../../src/diff/render.ts';
import { protectCell } from '../../src/reporters/csv.ts';
import type { PartResult, SubmissionResult } from '../../src/types.ts';
import { run, tempDir } from '../support/cli.ts';
import { expectGolden, loadResults } from '../reporters/helpers.ts';

const before = loadResults();

function withPart(result: SubmissionResult, key: string, change: Partial<PartResult>): SubmissionResult {
  const parts = result.parts.map((part) => (part.key === key ? { ...part, ...change } : part));
  return { ...result, parts, score: parts.reduce((sum, part) => sum + part.score, 0) };
}

/** The class after a key fix: s04 up on q2, s05 down on q3, s06 a status change at the same score, s10 gone, s13 new. */
function regraded(): SubmissionResult[] {
  const byId = new Map(before.map((result) => [result.student.id, result]));
  const changed: Record<string, (result: SubmissionResult) => SubmissionResult> = {
    s04: (result) => withPart(result, 'q2', { score: 1, status: 'correct', feedback: ['accepted after the key fix\nsecond line'] }),
    s05: (result) => withPart(result, 'q3', { score: 0, status: 'incorrect', feedback: ['the key now wants both ends closed'] }),
    s06: (result) => withPart(result, 'q1.b', { status: 'needs-review', feedback: ['left for a person'] }),
  };
  const after = before.filter((result) => result.student.id !== 's10').map((result) => changed[result.student.id]?.(result) ?? result);
  after.push({ ...(byId.get('s01') as SubmissionResult), student: { id: 's13', name: '=HYPERLINK("x")' }, position: 13 });
  return after;
}

describe('diffResults', () => {
  it('lists the students who change, part by part, and the one-sided apart', async () => {
    const diff = await diffResults(before, regraded());
    expect(diff.changed.map((student) => [student.id, student.oldScore, student.newScore, student.parts.map((part) => [part.key, part.oldScore, part.newScore, part.oldStatus, part.newStatus])])).toEqual([
      ['s04', 0.5, 1, [['q2', 0.5, 1, 'partial', 'correct']]],
      ['s05', 4, 3, [['q3', 1, 0, 'partial', 'incorrect']]],
      ['s06', 0, 0, [['q1.b', 0, 0, 'incorrect', 'needs-review']]],
    ]);
    expect(diff.changed[0]!.parts[0]!.feedback).toBe('accepted after the key fix');
    expect(diff.onlyOld.map((student) => student.id)).toEqual(['s10']);
    expect(diff.onlyNew.map((student) => student.id)).toEqual(['s13']);
  });

  it('sums up: up, down, unchanged, and the mean change per part', async () => {
    const { summary } = await diffResults(before, regraded());
    expect(summary).toMatchObject({ compared: 11, up: 1, down: 1, unchanged: 9 });
    const means = Object.fromEntries(summary.meanChangePerPart.map((part) => [part.key, part.mean]));
    // Over the 9 students graded on both sides (s11 and s12 have no parts).
    expect(means['q2']).toBeCloseTo(0.5 / 9, 9);
    expect(means['q3']).toBeCloseTo(-1 / 9, 9);
    expect(means['q1.a']).toBe(0);
  });

  it('lists nobody when nothing changed', async () => {
    const diff = await diffResults(before, [...before].reverse());
    expect(diff.changed).toEqual([]);
    expect(diff.summary).toMatchObject({ compared: before.length, up: 0, down: 0, unchanged: before.length });
    expect(renderDiffTable(diff)).toContain('no student changes');
  });

  it('compares a student with several submissions by the last one', async () => {
    const s01 = before.find((result) => result.student.id === 's01') as SubmissionResult;
    const diff = await diffResults([s01], [withPart(s01, 'q2', { score: 0, status: 'incorrect' }), s01]);
    expect(diff.changed).toEqual([]);
  });
});

describe('diff outputs', () => {
  it('the table matches its golden file and keeps terminal escapes out', async () => {
    const table = renderDiffTable(await diffResults(before, regraded()));
    expectGolden('diff.txt', table);
    const hostile = await diffResults([], [{ ...before[0]!, student: { id: 'evil\u001b[2J' } }]);
    expect(renderDiffTable(hostile)).not.toContain('\u001b');
  });

  it('the CSV matches its golden file and parses back to its rows', async () => {
    const diff = await diffResults(before, regraded());
    const { stdout } = await runDiff('--csv');
    expectGolden('diff.csv', stdout);
    expect(parse(stdout)).toEqual(diffCsvRows(diff).map((row) => row.map(protectCell)));
    expect(stdout).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

let dir: string;
let files: [string, string];
beforeAll(async () => {
  dir = await tempDir('quizgrade-diff-');
  files = [path.join(dir, 'old.jsonl'), path.join(dir, 'new.jsonl')];
  await writeFile(files[0], before.map((result) => `${JSON.stringify(result)}\n`).join(''));
  await writeFile(files[1], regraded().map((result) => `${JSON.stringify(result)}\n`).join(''));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function runDiff(...args: string[]): ReturnType<typeof run> {
  return run(['diff', ...files, ...args]);
}

describe('quizgrade diff', () => {
  it.each([[[]], [['--csv']], [['--json']]])('exits 0 with %j', async (args) => {
    const result = await runDiff(...args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('--json holds the whole diff', async () => {
    const json = JSON.parse((await runDiff('--json')).stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify(await diffResults(before, regraded()))));
  });

  it('refuses a file with a bad line, naming its line, and a missing file', async () => {
    const broken = path.join(dir, 'broken.jsonl');
    await writeFile(broken, `${JSON.stringify(before[0])}\nnot json\n`);
    const bad = await run(['diff', files[0], broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('broken.jsonl:2: not valid JSON');
    expect((await run(['diff', files[0], path.join(dir, 'missing.jsonl')])).code).toBe(2);
    expect((await runDiff('--csv', '--json')).code).toBe(2);
  });
});
