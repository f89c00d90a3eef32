import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CountedSelector,
  formatResults,
  markedLine,
  markResults,
  readResultsFile,
  rewriteCountedMarks,
  type ResubmissionPolicy,
} from '../../src/results/index.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { tempDir } from '../support/temp.ts';

/** A submission: `id score [time]`, `id !` for an invalid one; times are hours on one day. */
function submission(spec: string, position: number): SubmissionResult {
  const [id = '', score = '0', hour] = spec.split(' ');
  const invalid = score === '!';
  return {
    quiz: 'q',
    student: { id: id === '-' ? '' : id },
    status: invalid ? 'invalid' : 'graded',
    score: invalid ? 0 : Number(score),
    maxScore: 10,
    parts: [],
    errors: invalid ? ['broken'] : [],
    ...(hour === undefined ? {} : { submittedAt: `2026-03-01T${hour.padStart(2, '0')}:00:00Z` }),
    position,
  };
}

/** The positions counted under a policy. */
function counted(specs: string[], policy: ResubmissionPolicy): number[] {
  const selector = new CountedSelector(policy);
  specs.forEach((spec, position) => selector.add(submission(spec, position)));
  const selection = selector.finish();
  return specs.flatMap((_, index) => (selection.isCounted(index) ? [index] : []));
}

describe('CountedSelector: which submission of a student counts', () => {
  it.each<[string, string[], ResubmissionPolicy, number[]]>([
    ['one submission each: all count', ['a 5', 'b 6'], 'latest', [0, 1]],
    ['latest by input order without submittedAt', ['a 5', 'a 7', 'a 6'], 'latest', [2]],
    ['first by input order', ['a 5', 'a 7', 'a 6'], 'first', [0]],
    ['best in the middle of three', ['a 5', 'a 7', 'a 6'], 'best', [1]],
    ['best: equal totals, the latest of them', ['a 7', 'a 5', 'a 7'], 'best', [2]],
    ['best: equal totals, submittedAt decides over input order', ['a 7 11', 'a 7 9'], 'best', [0]],
    ['latest by submittedAt, not input order', ['a 5 10', 'a 6 9'], 'latest', [0]],
    ['first by submittedAt, not input order', ['a 5 10', 'a 6 9'], 'first', [1]],
    ['equal submittedAt: input order decides (latest)', ['a 5 10', 'a 6 10'], 'latest', [1]],
    ['equal submittedAt: input order decides (first)', ['a 5 10', 'a 6 10'], 'first', [0]],
    ['missing submittedAt is older than any dated one (latest)', ['a 5 10', 'a 6'], 'latest', [0]],
    ['missing submittedAt is older than any dated one (first)', ['a 5 10', 'a 6'], 'first', [1]],
    ['an invalid later one does not count over a valid one', ['a 5', 'a !'], 'latest', [0]],
    ['an invalid first one does not count over a valid one', ['a !', 'a 5'], 'first', [1]],
    ['best: an invalid one (score 0) never beats a valid 0', ['a 0', 'a !'], 'best', [0]],
    ['only invalid ones: the policy picks among them', ['a !', 'a !'], 'latest', [1]],
    ['no student id: never grouped', ['- 5', '- 6', '- !'], 'latest', [0, 1, 2]],
    ['blank student id: never grouped', ['  5', '  6'], 'first', [0, 1]],
    ['students interleaved', ['a 5', 'b 9', 'a 6', 'b 1'], 'best', [1, 2]],
  ])('%s', (_name, specs, policy, expected) => {
    expect(counted(specs, policy)).toEqual(expected);
  });

  it('counts what it set aside, and whether the marks already in the file are right', () => {
    const specs = ['a 5', 'a 7', 'b 1'];
    const marked = markResults(specs.map(submission), 'best');
    expect(marked.setAside).toBe(1);
    expect(marked.results.map((result) => result.counted)).toEqual([false, undefined, undefined]);
    const again = new CountedSelector('best');
    for (const result of marked.results) again.add(result);
    expect(again.finish().marksStale).toBe(false);
    const other = new CountedSelector('first');
    for (const result of marked.results) other.add(result);
    expect(other.finish()).toMatchObject({ marksStale: true, setAside: 1 });
    const unmarked = new CountedSelector('latest');
    for (const result of specs.map(submission)) unmarked.add(result);
    expect(unmarked.finish()).toMatchObject({ marksStale: true, setAside: 1 });
  });

  it('finds a stale mark on a submission without a student id', () => {
    const selector = new CountedSelector();
    selector.add({ ...submission('- 5', 0), counted: false });
    expect(selector.finish()).toMatchObject({ marksStale: true, setAside: 0 });
  });
});

describe('markedLine: the mark at the end of a line, nothing else changed', () => {
  const line = JSON.stringify(submission('a 5', 0));
  it.each<[string, string, boolean, string]>([
    ['adds the mark last', line, false, `${line.slice(0, -1)},"counted":false}`],
    ['leaves a counted line as it is', line, true, line],
    ['removes the mark', `${line.slice(0, -1)},"counted":false}`, true, line],
    ['keeps a mark once', `${line.slice(0, -1)},"counted":false}`, false, `${line.slice(0, -1)},"counted":false}`],
    ['moves a mark written elsewhere to the end', `{"counted":false,${line.slice(1)}`, false, `${line.slice(0, -1)},"counted":false}`],
    ['drops a mark written elsewhere', `{"counted":false,${line.slice(1)}`, true, line],
  ])('%s', (_name, text, isCounted, expected) => {
    expect(markedLine(text, isCounted)).toBe(expected);
    expect(JSON.parse(markedLine(text, isCounted))).toEqual(JSON.parse(expected));
  });

  it('is not fooled by the mark inside an answer', () => {
    const tricky = JSON.stringify({ ...submission('a 5', 0), parts: [{ key: 'q', answer: '"counted":false}' }] });
    expect(markedLine(tricky, true)).toBe(tricky);
    expect(JSON.parse(markedLine(tricky, false))).toMatchObject({ counted: false, parts: [{ answer: '"counted":false}' }] });
  });
});

describe('rewriteCountedMarks', () => {
  it('marks the set-aside lines of a file in place and keeps every other byte', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'results.jsonl');
    const results = ['a 5', 'b 6', 'a 7', 'a 1'].map(submission);
    await writeFile(file, formatResults(results));
    const selector = new CountedSelector('best');
    for (const result of results) selector.add(result);
    await rewriteCountedMarks(file, selector.finish());
    const text = await readFile(file, 'utf8');
    const lines = formatResults(results).split('\n');
    expect(text.split('\n')).toEqual([
      `${lines[0]!.slice(0, -1)},"counted":false}`,
      lines[1],
      lines[2],
      `${lines[3]!.slice(0, -1)},"counted":false}`,
      '',
    ]);
    expect((await readResultsFile(file)).map((result) => result.counted)).toEqual([false, undefined, undefined, false]);
  });

  it('streams a file bigger than its write batch', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'results.jsonl');
    const padding = 'x'.repeat(2_000);
    const results = Array.from({ length: 2_000 }, (_, i) => ({ ...submission(`s${i % 500} ${i % 7}`, i), source: padding }));
    await writeFile(file, formatResults(results));
    const selector = new CountedSelector('latest');
    for (const result of results) selector.add(result);
    const selection = selector.finish();
    expect(selection.setAside).toBe(1_500);
    await rewriteCountedMarks(file, selection);
    const read = await readResultsFile(file);
    expect(read).toHaveLength(2_000);
    expect(read.filter((result) => result.counted !== false).map((result) => result.position)).toEqual(Array.from({ length: 500 }, (_, i) => 1_500 + i));
  });

  it('refuses a file that changed since the selection was made', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'results.jsonl');
    const results = ['a 5', 'a 6'].map(submission);
    const selector = new CountedSelector();
    for (const result of results) selector.add(result);
    await writeFile(file, formatResults([...results, submission('b 1', 2)]));
    await expect(rewriteCountedMarks(file, selector.finish())).rejects.toThrow(/changed while its marks were set/);
    expect(await readFile(file, 'utf8')).toBe(formatResults([...results, submission('b 1', 2)]));
  });
});
