import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderGradesCsv } from '../../src/reporters/grades-csv.ts';
import { renderSummaryJson } from '../../src/reporters/summary-json.ts';
import { GENERATED_AT, expectGolden, loadQuizInfo, loadResults } from './helpers.ts';

const results = loadResults();
const quiz = loadQuizInfo();

describe('grades.csv', () => {
  const csv = renderGradesCsv({ results, quiz });
  const rows = parse(csv, { columns: true }) as Record<string, string>[];

  it('matches the golden file', () => expectGolden('grades.csv', csv));

  it('has one row per submission, invalid ones included, sorted by student id', () => {
    expect(rows.map((row) => row['student_id'])).toEqual([
      's01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11', 's12',
    ]);
  });

  it.each([
    // student, status, total, needs_review, q1, q2, q3
    ['s01', 'graded', '6', '0', '3', '1', '2'],
    ['s04', 'graded', '0.5', '1', '0', '0.5', '0'],
    ['s05', 'graded', '4', '0', '2', '1', '1'],
    ['s06', 'graded', '0', '0', '0', '0', '0'],
    ['s11', 'invalid', '', '0', '', '', ''],
    ['s12', 'error', '', '0', '', '', ''],
  ])('%s: status %s, total %s', (id, status, total, review, q1, q2, q3) => {
    const row = rows.find((candidate) => candidate['student_id'] === id);
    expect(row).toMatchObject({ status, total, max: '6', needs_review: review, q1, q2, q3 });
  });

  it('quotes names holding commas and quotes', () => {
    expect(csv).toContain('"Ines Costa, Jr."');
    expect(csv).toContain('"Hana ""H"" Ito"');
  });

  it('works from results alone, with question columns in spec order', () => {
    const header = renderGradesCsv({ results }).split('\n')[0];
    expect(header).toBe('student_id,name,email,status,total,max,needs_review,q1,q2,q3');
  });

  it('is the same whatever order the results come in', () => {
    expect(renderGradesCsv({ results: [...results].reverse(), quiz })).toBe(csv);
  });
});

describe('summary.json', () => {
  const text = renderSummaryJson({ results, quiz, generatedAt: GENERATED_AT });
  const summary = JSON.parse(text);

  it('matches the golden file', () => expectGolden('summary.json', text));

  it('counts every submission once', () => {
    expect(summary.inputs).toBe(12);
    expect(summary.submissions).toEqual({ graded: 10, invalid: 1, error: 1 });
    const total = Object.values(summary.submissions as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBe(results.length);
  });

  it('counts part statuses over graded parts', () => {
    expect(summary.parts).toEqual({
      correct: 20, partial: 6, incorrect: 9, unanswered: 2, invalid: 1, 'needs-review': 1, error: 1,
    });
    expect(summary.submissionsAwaitingReview).toBe(1);
  });

  it('reports mean, median, spread and per-part means of graded submissions', () => {
    expect(summary.score).toMatchObject({ count: 10, mean: 3.4, median: 4, min: 0, max: 6 });
    expect(summary.partMeans.map((part: { key: string; mean: number }) => [part.key, part.mean])).toEqual([
      ['q1.a', 0.5], ['q1.b', 1.3], ['q2', 0.7], ['q3', 0.9],
    ]);
  });

  it('counts what the LMS exports hold and leave out', () => {
    expect(summary.lms).toEqual({ exported: 10, unmatched: 2, unmatchedByReason: { 'no-student-id': 0, invalid: 1, error: 1 } });
  });

  it('leaves the timestamp out when none is given', () => {
    expect(JSON.parse(renderSummaryJson({ results })).generatedAt).toBeUndefined();
  });

  it('describes an empty class without failing', () => {
    const empty = JSON.parse(renderSummaryJson({ results: [] }));
    expect(empty.inputs).toBe(0);
    expect(empty.score.mean).toBeNull();
  });
});
