/** The resubmission policy end to end: grade, resume, merge, report and review apply keep results.jsonl's marks and the exports right. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSubmission } from '../src/core/submission.ts';
import { loadQuiz } from '../src/quiz/load.ts';
import type { Quiz } from '../src/quiz/model.ts';
import type { SubmissionResult } from '../src/types.ts';
import { run, tempDir } from './support/cli.ts';

const SPEC = [
  'quiz: resub',
  'questions:',
  '  - id: q1',
  '    points: 2',
  '    answer: { type: numeric, expected: 3 }',
  '  - id: q2',
  '    points: 1',
  '    answer: { type: numeric, expected: 5 }',
].join('\n');

/** A submission line: the student, the two answers, and a submittedAt hour when given. */
function line(id: string, q1: string, q2: string, hour?: number): string {
  return JSON.stringify({
    quiz: 'resub',
    student: { id, name: `Student ${id}` },
    answers: { q1, q2 },
    ...(hour === undefined ? {} : { submittedAt: `2026-03-01T${String(hour).padStart(2, '0')}:00:00+01:00` }),
  });
}

/**
 * Student a: 2 points at 09:00, 3 (the best) at 10:00, 1 (the latest) at 11:00.
 * b: once. c: a valid one, then an invalid one. d: no submittedAt twice. e: equal times.
 */
const CLASS = [
  line('a', '3', '1', 9),
  line('a', '3', '5', 10),
  line('b', '3', '5'),
  line('a', '1', '5', 11),
  line('c', '3', '0', 8),
  '{"quiz":"resub","student":{"id":"c"},"answers":{"q1":"3"},"submittedAt":"yesterday"}',
  line('d', '3', '0'),
  line('d', '0', '0'),
  line('e', '3', '5', 12),
  line('e', '0', '5', 12),
].join('\n');

let dir: string;
let spec: string;
let inputs: string;

beforeAll(async () => {
  dir = await tempDir();
  spec = path.join(dir, 'quiz.yaml');
  inputs = path.join(dir, 'class.jsonl');
  await writeFile(spec, SPEC);
  await writeFile(inputs, `${CLASS}\n`);
});

async function results(folder: string): Promise<SubmissionResult[]> {
  const text = await readFile(path.join(folder, 'results.jsonl'), 'utf8');
  return text.trim().split('\n').map((text) => JSON.parse(text) as SubmissionResult);
}

/** Positions of the results that count. */
async function countedPositions(folder: string): Promise<number[]> {
  return (await results(folder)).filter((result) => result.counted !== false).map((result) => result.position as number);
}

/** canvas.csv's student rows as `id score`. */
async function canvasRows(folder: string): Promise<string[]> {
  const text = await readFile(path.join(folder, 'canvas.csv'), 'utf8');
  return text.trim().split('\n').slice(2).map((row) => {
    const cells = row.split(',');
    return `${cells[2]} ${cells[5]}`;
  });
}

async function summaryOf(folder: string): Promise<{ resubmissions: unknown; inputs: number; score: { count: number } }> {
  return JSON.parse(await readFile(path.join(folder, 'summary.json'), 'utf8')) as never;
}

async function grade(out: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(['grade', spec, inputs, '--out', out, '--jobs', '1', ...extra]);
}

describe('grade --policy', () => {
  it.each<[string, string[], number[], string[]]>([
    // Positions: a 0,1,3; b 2; c 4 (valid), 5 (invalid); d 6,7 (no time); e 8,9 (same time).
    ['latest (the default)', [], [2, 3, 4, 7, 9], ['a 1', 'b 3', 'c 2', 'd 0', 'e 1']],
    ['best', ['--policy', 'best'], [1, 2, 4, 6, 8], ['a 3', 'b 3', 'c 2', 'd 2', 'e 3']],
    ['first', ['--policy', 'first'], [0, 2, 4, 6, 8], ['a 2', 'b 3', 'c 2', 'd 2', 'e 3']],
  ])('%s: marks the others and leaves them out of the exports and statistics', async (_name, flags, positions, canvas) => {
    const out = path.join(await tempDir(), 'out');
    const { code, stdout, stderr } = await grade(out, ...flags);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain(`5 resubmission(s) set aside under --policy ${flags[1] ?? 'latest'}`);
    expect(stdout).toContain('submittedAt: must be an ISO 8601 date-time with a time zone');
    expect(await countedPositions(out)).toEqual(positions);
    const all = await results(out);
    expect(all).toHaveLength(10);
    expect(all.every((result) => result.counted === undefined || result.counted === false)).toBe(true);
    expect(await canvasRows(out)).toEqual(canvas);
    const summary = await summaryOf(out);
    expect(summary.resubmissions).toEqual({ policy: flags[1] ?? 'latest', setAside: 5 });
    expect(summary.inputs).toBe(5);
    const grades = (await readFile(path.join(out, 'grades.csv'), 'utf8')).trim().split('\n');
    expect(grades).toHaveLength(6);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain(`- Resubmissions set aside: 5 (one submission per student counts, by --policy ${flags[1] ?? 'latest'})`);
  });

  it('keeps results.jsonl free of marks when every student submitted once', async () => {
    const single = path.join(await tempDir(), 'single.jsonl');
    await writeFile(single, `${line('a', '3', '5', 9)}\n${line('b', '1', '5')}\n`);
    const out = path.join(path.dirname(single), 'out');
    const { code, stdout } = await run(['grade', spec, single, '--out', out, '--jobs', '1']);
    expect(code).toBe(0);
    expect(stdout).not.toContain('set aside');
    expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).not.toContain('counted');
    expect(JSON.parse(await readFile(path.join(out, 'results.jsonl'), 'utf8').then((text) => text.split('\n')[0]!))).toMatchObject({ submittedAt: '2026-03-01T09:00:00+01:00' });
    expect((await summaryOf(out)).resubmissions).toEqual({ policy: 'latest', setAside: 0 });
  });

  it('a resumed run sets the marks over the whole file: the same bytes as one run', async () => {
    const base = await tempDir();
    const whole = path.join(base, 'whole');
    await grade(whole, '--policy', 'best');
    const expected = await readFile(path.join(whole, 'results.jsonl'), 'utf8');
    for (const kept of [1, 4]) {
      const out = path.join(base, `cut-${kept}`);
      await grade(out, '--policy', 'best');
      // Cut after `kept` lines, as an interrupted run leaves it; some kept lines carry marks the rest of the class may change.
      await writeFile(path.join(out, 'results.jsonl'), expected.split('\n').slice(0, kept).map((text) => `${text}\n`).join(''));
      const { code } = await grade(out, '--policy', 'best', '--resume');
      expect(code).toBe(1);
      expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).toBe(expected);
    }
  });

  it('a resumed run under another policy marks by the new one', async () => {
    const out = path.join(await tempDir(), 'out');
    await grade(out, '--policy', 'best');
    await grade(out, '--policy', 'first', '--resume');
    expect(await countedPositions(out)).toEqual([0, 2, 4, 6, 8]);
  });
});

describe('merge --policy', () => {
  it('chooses over the merged class: a student in two shards counts once', async () => {
    const base = await tempDir();
    const shards = ['1/2', '2/2'].map((shard, i) => ({ shard, out: path.join(base, `shard${i + 1}`) }));
    for (const { shard, out } of shards) await grade(out, '--policy', 'best', '--shard', shard);
    // Student a is at positions 0 and 1 and 3: both shards hold some.
    expect(await countedPositions(shards[0]!.out)).toContain(0);
    expect(await countedPositions(shards[1]!.out)).toContain(1);
    const merged = path.join(base, 'merged');
    const { code, stdout } = await run(['merge', ...shards.map(({ out }) => path.join(out, 'results.jsonl')), '--out', merged, '--policy', 'best']);
    expect(code).toBe(1);
    expect(stdout).toContain('5 resubmission(s) set aside under --policy best');
    expect(await countedPositions(merged)).toEqual([1, 2, 4, 6, 8]);
    expect(await canvasRows(merged)).toEqual(['a 3', 'b 3', 'c 2', 'd 2', 'e 3']);
    const single = path.join(base, 'single');
    await grade(single, '--policy', 'best');
    expect(await readFile(path.join(merged, 'results.jsonl'), 'utf8')).toBe(await readFile(path.join(single, 'results.jsonl'), 'utf8'));
  });
});

describe('report --policy', () => {
  it('sets the marks of results.jsonl by the policy it is given, and only when they change', async () => {
    const base = await tempDir();
    const graded = path.join(base, 'graded');
    await grade(graded, '--policy', 'best');
    const file = path.join(graded, 'results.jsonl');
    const first = await run(['report', file, '--out', path.join(base, 'first'), '--policy', 'first']);
    // The invalid submission is c's second, set aside: every counted one is graded.
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('"counted" marks set by --policy first');
    expect(first.stdout).toContain('5 resubmission(s) set aside under --policy first');
    expect(await countedPositions(graded)).toEqual([0, 2, 4, 6, 8]);
    expect(await canvasRows(path.join(base, 'first'))).toEqual(['a 2', 'b 3', 'c 2', 'd 2', 'e 3']);
    const again = await run(['report', file, '--out', path.join(base, 'again'), '--policy', 'first', '--format', 'all']);
    expect(again.stdout).not.toContain('marks set');
    expect(await readFile(path.join(base, 'again', 'canvas.csv'), 'utf8')).toBe(await readFile(path.join(base, 'first', 'canvas.csv'), 'utf8'));
    // Per-submission formats stream the counted submissions only.
    expect((await run(['report', file, '--out', path.join(base, 'gs'), '--policy', 'first', '--format', 'gradescope'])).code).toBe(0);
    const folders = await readdir(path.join(base, 'gs', 'gradescope'));
    expect(folders).toHaveLength(5);
  });
});

describe('review apply --policy', () => {
  it('applies a row to the submission that counts, then chooses again: a lowered best gives way', async () => {
    const base = await tempDir();
    const out = path.join(base, 'out');
    await grade(out, '--policy', 'best');
    const review = path.join(base, 'review.csv');
    // a's best (position 1, 3 points) loses q1's 2 points: its 09:00 submission (2 points) is now the best.
    await writeFile(review, 'student,key,score,comment\na,q1,0,copied\n');
    const { code, stdout, stderr } = await run(['review', 'apply', review, path.join(out, 'results.jsonl'), '--policy', 'best']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('a q1: 2 -> 0');
    expect(stdout).toContain('5 resubmission(s) set aside under --policy best');
    const after = await results(out);
    expect(after[1]).toMatchObject({ score: 1, counted: false });
    expect(after.filter((result) => result.counted !== false).map((result) => result.position)).toEqual([0, 2, 4, 6, 8]);
    expect(await canvasRows(out)).toEqual(['a 2', 'b 3', 'c 2', 'd 2', 'e 3']);
  });

  it('review export lists only the submissions that count', async () => {
    const base = await tempDir();
    const out = path.join(base, 'out');
    await grade(out);
    const csv = path.join(base, 'review.csv');
    expect((await run(['review', 'export', path.join(out, 'results.jsonl'), '--out', csv])).code).toBe(0);
    // The one part to review is c's invalid one, set aside: nothing is left to review.
    expect((await readFile(csv, 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});

describe('submittedAt', () => {
  let quiz: Quiz;
  beforeAll(async () => {
    quiz = await loadQuiz(spec);
  });

  it.each<[string, unknown, string | null]>([
    ['UTC', '2026-03-01T09:30:00Z', null],
    ['an offset', '2026-03-01T09:30:00-05:00', null],
    ['no seconds', '2026-03-01T09:30Z', null],
    ['fractions of a second', '2026-03-01T09:30:00.123456+01:00', null],
    ['a leap day', '2028-02-29T00:00:00Z', null],
    ['no time zone', '2026-03-01T09:30:00', 'must be an ISO 8601 date-time with a time zone'],
    ['a date only', '2026-03-01', 'must be an ISO 8601 date-time'],
    ['words', 'yesterday', '(got "yesterday")'],
    ['February 30', '2026-02-30T09:30:00Z', '(got "2026-02-30T09:30:00Z")'],
    ['not a leap year', '2026-02-29T00:00:00Z', 'must be an ISO 8601'],
    ['hour 24', '2026-03-01T24:00:00Z', 'must be an ISO 8601'],
    ['an offset of a day', '2026-03-01T09:30:00+24:00', 'must be an ISO 8601'],
    ['a number', 1772357400000, 'submittedAt: must be a string'],
  ])('%s', (_name, submittedAt, message) => {
    const check = checkSubmission({ quiz: 'resub', student: { id: 'a' }, answers: {}, submittedAt }, quiz);
    if (message === null) {
      expect(check.ok).toBe(true);
    } else {
      expect(check.ok).toBe(false);
      const errors = check.ok ? [] : check.errors;
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(message);
      expect(errors[0]).toMatch(/^submittedAt: /);
    }
  });
});
