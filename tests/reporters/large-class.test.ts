/**
 * A class of 100,000 streamed through the reports as `grade` runs them: the
 * results are generated one at a time and never held, the table keeps compact
 * rows, the reports stay aggregate, and the common wrong answers keep exact
 * counts although the rare ones overflow the bounded groups.
 */
import { readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerGroupKey, WRONG_ANSWER_GROUPS_MAX, WRONG_STATUSES, type ClassTable } from '../../src/analytics/accumulator.ts';
import { analyzeTable, LISTED_SUBMISSIONS_MAX, WRONG_ANSWERS_SHOWN, type ClassAnalysis } from '../../src/analytics/class-analysis.ts';
import { prepareClass, writePreparedReports, type ResultSource } from '../../src/reporters/index.ts';
import { syntheticQuiz, syntheticResults } from './synthetic-class.ts';
import { collectGarbage } from '../support/heap.ts';

const LARGE_CLASS = 100_000;
/** Ceiling on the class report's size, whatever the class size. */
const REPORT_HTML_MAX_BYTES = 300_000;
const REPORT_MD_MAX_BYTES = 150_000;
/**
 * Heap the table of 100,000 may hold after a full collection. The results
 * themselves take well over 1 GB as objects; the table about 60 MB.
 */
const TABLE_HEAP_MAX_BYTES = 200 * 1024 * 1024;

function source(): ResultSource {
  return {
    async *stream() {
      yield* syntheticResults(LARGE_CLASS);
    },
  };
}

describe('a class of 100,000 through the streaming path', () => {
  const quiz = syntheticQuiz();
  let dir: string;
  let table: ClassTable;
  let analysis: ClassAnalysis;
  let heapDelta: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-large-'));
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    table = await prepareClass(source(), { quiz });
    collectGarbage();
    heapDelta = process.memoryUsage().heapUsed - before;
    await writePreparedReports(table, source(), dir);
    analysis = analyzeTable(table);
  }, 120_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('holds compact rows, not the results', () => {
    expect(table.size).toBe(LARGE_CLASS);
    expect(table.rows.scores).toBeInstanceOf(Float64Array);
    expect(table.partScores).toHaveLength(30);
    expect(heapDelta).toBeLessThan(TABLE_HEAP_MAX_BYTES);
  });

  it('writes aggregate HTML and Markdown reports of bounded size', async () => {
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(REPORT_HTML_MAX_BYTES);
    expect((await stat(path.join(dir, 'report.md'))).size).toBeLessThan(REPORT_MD_MAX_BYTES);
    // The per-student lists are capped and say how many were left out.
    expect(analysis.invalid.total).toBeGreaterThan(LISTED_SUBMISSIONS_MAX);
    expect(analysis.invalid.shown).toHaveLength(LISTED_SUBMISSIONS_MAX);
    expect(html).toContain(`and ${analysis.invalid.total - LISTED_SUBMISSIONS_MAX} more`);
    expect(analysis.review.shown).toHaveLength(LISTED_SUBMISSIONS_MAX);
    for (const item of analysis.items) expect(item.wrongAnswers.length).toBeLessThanOrEqual(WRONG_ANSWERS_SHOWN);
  });

  it('still counts every submission, one gradebook row each', async () => {
    const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.inputs).toBe(LARGE_CLASS);
    expect(summary.submissions.graded + summary.submissions.invalid + summary.submissions.error).toBe(LARGE_CLASS);
    const grades = (await readFile(path.join(dir, 'grades.csv'), 'utf8')).trimEnd().split('\n');
    expect(grades).toHaveLength(1 + LARGE_CLASS);
    expect(grades[1]?.startsWith('st000000,')).toBe(true);
    expect((await readFile(path.join(dir, 'item-analysis.csv'), 'utf8')).trim().split('\n')).toHaveLength(1 + 30);
    await expect(stat(path.join(dir, 'gradescope'))).rejects.toThrow();
  });

  it('measures a real spread: reliable quiz, positive discrimination everywhere', () => {
    expect(analysis.alpha).toBeGreaterThan(0.8);
    for (const item of analysis.items) expect(item.discrimination).toBeGreaterThan(0.2);
  });

  it('caps the wrong-answer groups yet gives the common answers their exact counts', () => {
    const capped = analysis.items.filter((item) => item.wrongAnswersCapped);
    expect(capped.length).toBeGreaterThan(0);
    for (const item of capped) expect(item.wrongAnswersDistinct).toBe(WRONG_ANSWER_GROUPS_MAX);
    // Recount the listed answers exactly, in a pass of its own.
    const listed = new Map(analysis.items.map((item) => [item.key, new Map(item.wrongAnswers.map((group) => [group.answer, 0]))]));
    for (const result of syntheticResults(LARGE_CLASS)) {
      if (result.status !== 'graded') continue;
      for (const part of result.parts) {
        if (!WRONG_STATUSES.has(part.status)) continue;
        const counts = listed.get(part.key);
        const key = answerGroupKey(part);
        if (counts !== undefined && key !== null && counts.has(key)) counts.set(key, (counts.get(key) as number) + 1);
      }
    }
    for (const item of analysis.items) {
      expect(item.wrongAnswers).toHaveLength(WRONG_ANSWERS_SHOWN);
      for (const group of item.wrongAnswers) {
        expect(group.countError, `${item.key} ${group.answer}`).toBeUndefined();
        expect(group.count, `${item.key} ${group.answer}`).toBe(listed.get(item.key)?.get(group.answer));
      }
    }
  });
});
