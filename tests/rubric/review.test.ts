/**
 * The review queue: export the needs-review parts, edit the CSV the way a TA's
 * spreadsheet would, apply it back; bad rows change nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rubricGrader } from '../../graders/rubric.ts';
import { EXIT_SOME_INVALID, EXIT_USAGE, type CliIO } from '../../src/cli/io.ts';
import { registerReviewCommands } from '../../src/cli/review.ts';
import {
  GROUPED_REVIEW_COLUMNS,
  GROUP_STUDENTS_SEPARATOR,
  REVIEW_COLUMNS,
  applyReviews,
  collectGroupedReviewRows,
  collectReviewRows,
  queueReasons,
  renderGroupedReviewCsv,
  parseReviewCsv,
  renderReviewCsv,
  unprotectCell,
  type ReviewedPartResult,
} from '../../src/review/index.ts';
import type { PartResult, SubmissionResult } from '../../src/types.ts';
import { quizRubrics } from './quiz-rubrics.ts';
import { formatResults, readResultsFile } from '../../src/results/index.ts';

const q7 = quizRubrics().get('q7')!;
const compiledQ7 = rubricGrader.compile(q7.options, { quizId: 'mock-quiz-2', definitions: {}, key: 'q7', seed: 1 });

function q7Part(answer: string): PartResult {
  const outcome = rubricGrader.grade(answer, compiledQ7, q7.options);
  return {
    key: 'q7',
    question: 'q7',
    part: null,
    score: Math.round(outcome.credit * q7.points * 1e6) / 1e6,
    maxScore: q7.points,
    status: outcome.verdict === 'invalid' ? 'invalid' : outcome.verdict,
    answer,
    feedback: outcome.feedback,
    ...(outcome.details ? { details: outcome.details } : {}),
  };
}

function numericPart(key: string, score: number): PartResult {
  return { key, question: key.split('.')[0]!, part: key.split('.')[1] ?? null, score, maxScore: 1, status: score === 1 ? 'correct' : 'incorrect', answer: '1', feedback: [] };
}

function submission(id: string, name: string, parts: PartResult[]): SubmissionResult {
  const score = parts.reduce((sum, part) => sum + part.score, 0);
  const maxScore = parts.reduce((sum, part) => sum + part.maxScore, 0);
  return { quiz: 'mock-quiz-2', student: { id, name }, status: 'graded', score, maxScore, parts, errors: [] };
}

/** Three students: two with a Q7 answer to review (one with a hostile name), one without. */
function classResults(): SubmissionResult[] {
  return [
    submission('s1', 'Ada, "the" Lovelace', [numericPart('q4.layer1', 1), q7Part('One-hot vectors are not sparse, and they capture similarity well.')]),
    submission('s2', '=HYPERLINK("http://x")', [numericPart('q4.layer1', 0), q7Part('One-hot vectors are not dense.')]),
    submission('s3', 'Cy', [numericPart('q4.layer1', 1), q7Part('Sparse, orthogonal, so we use word2vec embeddings.')]),
  ];
}

/** The export as a spreadsheet saves it after the TA's edits: `;`-separated, decimal commas, BOM, CRLF. */
function spreadsheetEdit(csv: string, edits: Record<string, { score: string; comment: string }>): string {
  const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  for (const row of rows) Object.assign(row, edits[row.student!] ?? {});
  return `\uFEFF${stringify(rows, { header: true, columns: [...REVIEW_COLUMNS], delimiter: ';', record_delimiter: 'windows', quoted: true })}`;
}

describe('review export', () => {
  const results = classResults();
  const rows = collectReviewRows(results);
  const csv = renderReviewCsv(rows);

  it('has one row per needs-review part, with the automatic score and evidence', () => {
    expect(results.map((result) => result.parts[1]!.status)).toEqual(['needs-review', 'needs-review', 'correct']);
    expect(rows.map((row) => [row.student, row.key, row.auto_score, row.max_score, row.reasons])).toEqual([
      ['s1', 'q7', '0', '3', 'low confidence (possible paraphrase of similarity); low confidence (negated-match)'],
      ['s2', 'q7', '0', '3', 'low confidence (negated-match)'],
    ]);
    expect(rows[1]!.evidence).toBe('missed sparse (0/1)\nmissed similarity (0/1)\nmissed embeddings (0/1)\n  negated: "vectors are not dense"');
    expect(rows.every((row) => row.score === '' && row.comment === '')).toBe(true);
  });

  it('writes a spreadsheet-ready CSV that reads back unchanged', () => {
    expect(csv.startsWith('\uFEFFstudent,name,key,answer,')).toBe(true);
    expect(csv).toContain('\r\n');
    const back = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(back.map((row) => Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, unprotectCell(cell)])))).toEqual(rows);
  });

  it('keeps student text from running as a formula', () => {
    const back = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(back[1]!.name).toBe('\'=HYPERLINK("http://x")');
    expect(back[0]!.name).toBe('Ada, "the" Lovelace');
  });
});

describe('the review queue', () => {
  const base = numericPart('q4.layer1', 0);
  it.each([
    // part, reasons (undefined: not in the queue)
    [{ ...base, status: 'needs-review', method: 'timeout', feedback: ['timed out: ...'] }, ['timed out']],
    [{ ...base, status: 'needs-review', details: { review: ['forbidden-claim', 'long-answer-low-score'] } }, ['forbidden claim', 'low confidence (long-answer-low-score)']],
    [{ ...base, status: 'needs-review', details: { review: ['review-always'] } }, ['always reviewed (review-always)']],
    [{ ...base, status: 'needs-review' }, ['low confidence']],
    [{ ...base, status: 'invalid', answer: '1,2.3', feedback: ['cannot read "1,2.3" as a number'] }, ['invalid (cannot read "1,2.3" as a number)']],
    [{ ...base, status: 'error', feedback: ['grading this answer stopped its worker twice'] }, ['grading failed']],
    [{ ...base, status: 'invalid', answer: undefined, feedback: [] }, undefined],
    [{ ...base, status: 'incorrect' }, undefined],
    [{ ...base, status: 'unanswered' }, undefined],
  ] as [PartResult, string[] | undefined][])('%j -> %j', (part, reasons) => {
    expect(queueReasons(part)).toEqual(reasons);
  });

  it('holds the invalid parts of graded submissions, with the reason, so a TA can give credit', () => {
    const unreadable: PartResult = { ...numericPart('q4.layer1', 0), status: 'invalid', answer: 'one half', feedback: ['not a number'] };
    const rows = collectReviewRows([submission('s7', 'Gil', [unreadable]), { ...submission('s8', 'Hal', [unreadable]), status: 'invalid' }]);
    expect(rows.map((row) => [row.student, row.key, row.answer, row.reasons])).toEqual([['s7', 'q4.layer1', 'one half', 'invalid (not a number)']]);
    const report = applyReviews([submission('s7', 'Gil', [unreadable])], [{ line: 2, student: 's7', key: 'q4.layer1', score: '1', comment: 'one half is 0.5: fine' }]);
    expect(report.results[0]).toMatchObject({ score: 1, parts: [{ status: 'correct', review: { autoStatus: 'invalid', comment: 'one half is 0.5: fine' } }] });
  });
});

describe('grouped review', () => {
  /** 30 students, three distinct answers to q7, one of them written two ways. */
  function bigClass(): SubmissionResult[] {
    const answers = ['One-hot vectors are not dense.', 'one-hot   vectors are NOT dense.', 'They are not sparse.', 'Not dense, not similar.'];
    return Array.from({ length: 30 }, (_, i) => submission(`s${String(i).padStart(2, '0')}`, `Student ${i}`, [numericPart('q4.layer1', 1), q7Part(answers[i % 4]!)]));
  }

  it('writes one row per distinct answer of a part, with count and students, most common first', () => {
    const results = bigClass();
    const queued = collectReviewRows(results);
    const groups = collectGroupedReviewRows(results);
    expect(groups.length).toBeLessThan(queued.length);
    expect(groups.reduce((sum, row) => sum + Number(row.count), 0)).toBe(queued.length);
    for (const group of groups) expect(group.students.split(GROUP_STUDENTS_SEPARATOR)).toHaveLength(Number(group.count));
    expect(groups.map((row) => Number(row.count))).toEqual([...groups.map((row) => Number(row.count))].sort((a, b) => b - a));
    const back = parse(renderGroupedReviewCsv(groups), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(back[0]!)).toEqual([...GROUPED_REVIEW_COLUMNS]);
  });

  it("applies a grouped row's decision to every student in it", () => {
    const results = bigClass();
    const groups = collectGroupedReviewRows(results);
    const chosen = groups[0]!;
    const csv = spreadsheetEditGrouped(renderGroupedReviewCsv(groups), chosen.students, { score: '1,5', comment: 'half the point' });
    const rows = parseReviewCsv(csv, 'review.csv');
    const report = applyReviews(results, rows);
    expect(report.problems).toEqual([]);
    const students = chosen.students.split(GROUP_STUDENTS_SEPARATOR);
    expect(report.applied.map((done) => done.student).sort()).toEqual([...students].sort());
    for (const result of report.results) {
      const reviewed = students.includes(result.student.id);
      expect(result.parts[1]!.score).toBe(reviewed ? 1.5 : results.find((r) => r.student.id === result.student.id)!.parts[1]!.score);
      if (reviewed) expect(result.score).toBe(2.5);
    }
    expect(report.pending).toBe(collectReviewRows(results).length - students.length);
  });

  it('rejects a student of a grouped row it cannot find, and applies the others', () => {
    const rows = parseReviewCsv('key,students,score\r\nq7,"s00\ns99",2\r\n', 'review.csv');
    expect(rows.map((row) => [row.line, row.student])).toEqual([[2, 's00'], [2, 's99']]);
    const report = applyReviews(bigClass(), rows);
    expect(report.applied.map((done) => done.student)).toEqual(['s00']);
    expect(report.problems.map((problem) => [problem.line, problem.message])).toEqual([[2, 'unknown student "s99"']]);
  });
});

/** The grouped export after a TA scored the group of `students` in a spreadsheet. */
function spreadsheetEditGrouped(csv: string, students: string, edit: { score: string; comment: string }): string {
  const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  for (const row of rows) if (row.students === students) Object.assign(row, edit);
  return `\uFEFF${stringify(rows, { header: true, columns: [...GROUPED_REVIEW_COLUMNS], delimiter: ';', record_delimiter: 'windows', quoted: true })}`;
}

describe('review apply', () => {
  it('applies a spreadsheet-edited CSV: scores, comments, statuses and totals', () => {
    const results = classResults();
    const edited = spreadsheetEdit(renderReviewCsv(collectReviewRows(results)), {
      s1: { score: '0', comment: 'Both claims are wrong:\none-hot vectors are sparse, and orthogonal.' },
      s2: { score: '0,5', comment: '"not dense" is half of the sparsity point' },
    });
    const rows = parseReviewCsv(edited, 'review.csv');
    expect(rows.map((row) => [row.line, row.student, row.key, row.score])).toEqual([
      [2, 's1', 'q7', '0'],
      [7, 's2', 'q7', '0,5'],
    ]);
    const report = applyReviews(results, rows);
    expect(report.problems).toEqual([]);
    expect(report.applied.map((done) => [done.student, done.autoScore, done.score, done.status])).toEqual([
      ['s1', 0, 0, 'incorrect'],
      ['s2', 0, 0.5, 'partial'],
    ]);
    const [s1, s2, s3] = report.results;
    expect((s1!.parts[1] as ReviewedPartResult).review).toEqual({
      autoScore: 0,
      autoStatus: 'needs-review',
      score: 0,
      comment: 'Both claims are wrong:\none-hot vectors are sparse, and orthogonal.',
    });
    expect(s1!.parts[1]!.status).toBe('incorrect');
    expect(s2!.parts[1]).toMatchObject({ score: 0.5, status: 'partial', review: { autoScore: 0, score: 0.5 } });
    expect([s1!.score, s2!.score, s3!.score]).toEqual([1, 0.5, 4]);
    // the input is left as it was
    expect(results[1]!.parts[1]!.status).toBe('needs-review');
    expect(results[1]!.score).toBe(0);
  });

  it('keeps the first automatic score when a part is reviewed twice', () => {
    const first = applyReviews(classResults(), [{ line: 2, student: 's2', key: 'q7', score: '1', comment: 'first' }]);
    const second = applyReviews(first.results, [{ line: 2, student: 's2', key: 'q7', score: '3', comment: 'second' }]);
    expect((second.results[1]!.parts[1] as ReviewedPartResult).review).toEqual({
      autoScore: 0,
      autoStatus: 'needs-review',
      score: 3,
      comment: 'second',
    });
    expect(second.results[1]!.parts[1]!.status).toBe('correct');
    expect(second.results[1]!.score).toBe(3);
  });

  const BAD_ROWS: { name: string; student: string; key: string; score: string; comment?: string; message: RegExp }[] = [
    { name: 'an unknown student', student: 's9', key: 'q7', score: '1', message: /unknown student "s9"/ },
    { name: 'an unknown key', student: 's1', key: 'q99', score: '1', message: /unknown key "q99"/ },
    { name: 'a score above the maximum', student: 's1', key: 'q7', score: '3.5', message: /outside 0\.\.3/ },
    { name: 'a negative score', student: 's1', key: 'q7', score: '-1', message: /outside 0\.\.3/ },
    { name: 'a word for a score', student: 's1', key: 'q7', score: 'two', message: /not a number/ },
    { name: 'a malformed number', student: 's1', key: 'q7', score: '1.5.2', message: /not a number/ },
    { name: 'infinity', student: 's1', key: 'q7', score: 'Infinity', message: /not a number/ },
    { name: 'a comment without a score', student: 's1', key: 'q7', score: '', comment: 'looks fine', message: /comment but no score/ },
  ];
  for (const bad of BAD_ROWS) {
    it(`reports ${bad.name} and changes nothing for it`, () => {
      const results = classResults();
      const report = applyReviews(results, [
        { line: 2, student: bad.student, key: bad.key, score: bad.score, comment: bad.comment ?? '' },
        { line: 3, student: 's2', key: 'q7', score: '1', comment: '' },
      ]);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatchObject({ line: 2, student: bad.student, key: bad.key });
      expect(report.problems[0]!.message).toMatch(bad.message);
      expect(report.results[0]).toEqual(results[0]);
      expect(report.applied.map((done) => done.student)).toEqual(['s2']);
    });
  }

  it('rejects every row of a part scored twice', () => {
    const report = applyReviews(classResults(), [
      { line: 2, student: 's1', key: 'q7', score: '1', comment: '' },
      { line: 3, student: 's1', key: 'q7', score: '2', comment: '' },
    ]);
    expect(report.problems.map((problem) => problem.line)).toEqual([2, 3]);
    expect(report.applied).toEqual([]);
  });

  it('counts rows without a score as pending', () => {
    const report = applyReviews(classResults(), [{ line: 2, student: 's1', key: 'q7', score: '', comment: '' }]);
    expect(report).toMatchObject({ pending: 1, applied: [], problems: [] });
  });

  it('refuses a CSV without the score column', () => {
    expect(() => parseReviewCsv('student,key\r\ns1,q7\r\n', 'review.csv')).toThrow(/missing column\(s\) score/);
  });
});

describe('quizgrade review (commands)', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  let exits: number[];
  let io: CliIO;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quizgrade-review-'));
    out = [];
    err = [];
    exits = [];
    io = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), isTTY: false, cwd: dir };
    await writeFile(path.join(dir, 'results.jsonl'), formatResults(classResults()));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(...argv: string[]): Promise<void> {
    const program = new Command().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    registerReviewCommands(program, io, (code) => exits.push(code));
    await program.parseAsync(argv, { from: 'user' });
  }

  it('exports, then applies in place: results.jsonl and grades.csv are rewritten', async () => {
    await run('review', 'export', 'results.jsonl', '--out', 'review.csv');
    expect(out.join('')).toContain('2 part(s) to review written to review.csv');
    const csv = await readFile(path.join(dir, 'review.csv'), 'utf8');
    await writeFile(path.join(dir, 'review.csv'), spreadsheetEdit(csv, { s1: { score: '1', comment: 'ok, partly' } }));
    await run('review', 'apply', 'review.csv', 'results.jsonl');
    expect(exits).toEqual([]);
    const results = await readResultsFile(path.join(dir, 'results.jsonl'));
    expect(results[0]!.parts[1]).toMatchObject({ score: 1, status: 'partial', review: { autoScore: 0, score: 1, comment: 'ok, partly' } });
    expect(results[0]!.score).toBe(2);
    const grades = parse(await readFile(path.join(dir, 'grades.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(grades.map((row) => [row.student_id, row.total, row.needs_review])).toEqual([
      ['s1', '2', '0'],
      ['s2', '0', '1'],
      ['s3', '4', '0'],
    ]);
    // Every class output follows the review, not only the gradebook.
    const moodle = parse(await readFile(path.join(dir, 'moodle.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(moodle[0]).toMatchObject({ 'ID number': 's1', Feedback: expect.stringContaining('TA: q7: ok, partly') });
    const canvas = parse(await readFile(path.join(dir, 'canvas.csv'), 'utf8')) as string[][];
    expect(canvas.slice(2).map((row) => [row[2], row[5]])).toEqual([['s1', '2'], ['s2', '0'], ['s3', '4']]);
    const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.submissionsAwaitingReview).toBe(1);
    for (const name of ['summary.json', 'canvas.csv', 'moodle.csv', 'unmatched.csv', 'report.html', 'item-analysis.csv']) expect(out.join('')).toContain(`wrote ${name}`);
  });

  it('exports grouped with --group and applies a grouped decision', async () => {
    await run('review', 'export', 'results.jsonl', '--out', 'groups.csv', '--group');
    expect(out.join('')).toContain('2 part(s) to review in 2 group(s) of equal answers written to groups.csv');
    const csv = await readFile(path.join(dir, 'groups.csv'), 'utf8');
    await writeFile(path.join(dir, 'groups.csv'), spreadsheetEditGrouped(csv, 's2', { score: '3', comment: 'fine' }));
    await run('review', 'apply', 'groups.csv', 'results.jsonl');
    expect(exits).toEqual([]);
    const results = await readResultsFile(path.join(dir, 'results.jsonl'));
    expect(results[1]!.parts[1]).toMatchObject({ score: 3, status: 'correct', review: { comment: 'fine' } });
  });

  it('writes to --out and leaves the input alone', async () => {
    const before = await readFile(path.join(dir, 'results.jsonl'), 'utf8');
    await writeFile(path.join(dir, 'review.csv'), 'student,key,score,comment\r\ns3,q7,2,"kept, with a comma"\r\n');
    await run('review', 'apply', 'review.csv', 'results.jsonl', '--out', 'reviewed');
    expect(await readFile(path.join(dir, 'results.jsonl'), 'utf8')).toBe(before);
    const results = await readResultsFile(path.join(dir, 'reviewed/results.jsonl'));
    expect(results[2]!.parts[1]).toMatchObject({ score: 2, status: 'partial', review: { autoScore: 3, autoStatus: 'correct' } });
  });

  it('reports bad rows with their line and ends with exit code 1', async () => {
    await writeFile(path.join(dir, 'review.csv'), 'student,key,score,comment\r\n"s1","q7","9",""\r\ns2,q7,1,\r\n');
    await run('review', 'apply', 'review.csv', 'results.jsonl');
    expect(exits).toEqual([EXIT_SOME_INVALID]);
    expect(err.join('')).toBe('review.csv:2: s1 q7: score 9 is outside 0..3; row not applied\n');
    const results = await readResultsFile(path.join(dir, 'results.jsonl'));
    expect(results[0]!.parts[1]!.status).toBe('needs-review');
    expect(results[1]!.parts[1]!.score).toBe(1);
  });

  it('ends with exit code 2 on a missing file', async () => {
    await run('review', 'export', 'missing.jsonl', '--out', 'review.csv');
    expect(exits).toEqual([EXIT_USAGE]);
    expect(err.join('')).toMatch(/cannot read missing\.jsonl: ENOENT/);
  });
});
