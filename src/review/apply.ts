/**
 * `review apply`: reads the review CSV back (as a spreadsheet may have saved
 * it: BOM, quoted fields with commas and newlines, CRLF, `;` separators,
 * decimal commas) and applies each TA score to its part. The automatic score
 * and status, the new score and the comment are all kept in the part's
 * `review`; the part's status follows the new score and the submission totals
 * are recomputed. A bad row is reported and changes nothing.
 */
import { parse } from 'csv-parse/sync';
import type { PartStatus, SubmissionResult } from '../types.ts';
import { unprotectCell } from '../reporters/csv.ts';
import { ReviewInputError } from './errors.ts';
import { REQUIRED_REVIEW_COLUMNS, type ReviewedPartResult } from './types.ts';

/** Scores are summed and compared at this precision, so 0.1 + 0.2 is 0.3. */
const SCORE_DECIMALS = 1e9;
const SCORE_PATTERN = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

export function roundScore(value: number): number {
  return Math.round(value * SCORE_DECIMALS) / SCORE_DECIMALS;
}

/** One data row of the review CSV, with the line it starts on (1-based, header is line 1). */
export interface ReviewRow {
  line: number;
  student: string;
  key: string;
  score: string;
  comment: string;
}

export interface ReviewProblem {
  line: number;
  student: string;
  key: string;
  message: string;
}

export interface AppliedReview {
  line: number;
  student: string;
  key: string;
  autoScore: number;
  score: number;
  status: PartStatus;
}

export interface ApplyReport {
  /** The results with every good row applied (the input is not modified). */
  results: SubmissionResult[];
  applied: AppliedReview[];
  /** Rows left without a score: not reviewed yet. */
  pending: number;
  problems: ReviewProblem[];
}

/** `;` when the header is separated by semicolons (spreadsheets in decimal-comma locales). */
function detectDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export function parseReviewCsv(text: string, file: string): ReviewRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      delimiter: detectDelimiter(text),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    throw new ReviewInputError(`${file}: not a readable CSV (${(error as Error).message})`);
  }
  const first = records[0];
  // A grouped review (`review export --group`) names its students in one cell.
  const grouped = first !== undefined && !('student' in first.record) && 'students' in first.record;
  if (first !== undefined) {
    const missing = REQUIRED_REVIEW_COLUMNS.filter((column) => !(column in first.record) && !(grouped && column === 'student'));
    if (missing.length > 0) throw new ReviewInputError(`${file}: missing column(s) ${missing.join(', ')}`);
  }
  return records.flatMap(({ record, info }) => {
    // info.lines is the line the record ends on; a row with newlines inside starts earlier.
    const line = info.lines - Object.values(record).reduce((count, value) => count + (value.match(/\n/g)?.length ?? 0), 0);
    const students = grouped ? (record.students ?? '').split(/\r?\n/) : [record.student ?? ''];
    const key = unprotectCell((record.key ?? '').trim());
    const score = (record.score ?? '').trim();
    const comment = (record.comment ?? '').trim();
    return students
      .map((student) => unprotectCell(student.trim()))
      .filter((student, index) => !grouped || student !== '' || index === 0)
      .map((student) => ({ line, student, key, score, comment }));
  });
}

function statusForScore(score: number, maxScore: number): PartStatus {
  if (score >= maxScore) return 'correct';
  if (score <= 0) return 'incorrect';
  return 'partial';
}

export function applyReviews(results: readonly SubmissionResult[], rows: readonly ReviewRow[]): ApplyReport {
  const updated = structuredClone(results) as SubmissionResult[];
  const problems: ReviewProblem[] = [];
  const applied: AppliedReview[] = [];
  let pending = 0;
  const reject = (row: ReviewRow, message: string): void => {
    problems.push({ line: row.line, student: row.student, key: row.key, message });
  };

  const byStudent = new Map<string, SubmissionResult[]>();
  for (const result of updated) {
    const list = byStudent.get(result.student.id) ?? [];
    list.push(result);
    byStudent.set(result.student.id, list);
  }
  const rowsPerPart = new Map<string, number>();
  for (const row of rows) {
    if (row.score === '') continue;
    const id = JSON.stringify([row.student, row.key]);
    rowsPerPart.set(id, (rowsPerPart.get(id) ?? 0) + 1);
  }

  const touched = new Set<SubmissionResult>();
  for (const row of rows) {
    if (row.score === '') {
      if (row.comment !== '') reject(row, 'has a comment but no score; give the score (the automatic one to keep it)');
      else pending += 1;
      continue;
    }
    const submissions = byStudent.get(row.student);
    if (submissions === undefined) {
      reject(row, `unknown student "${row.student}"`);
      continue;
    }
    if (submissions.length > 1) {
      reject(row, `student "${row.student}" has ${submissions.length} submissions in the results; cannot tell which`);
      continue;
    }
    const submission = submissions[0]!;
    const part = submission.parts.find((candidate) => candidate.key === row.key) as ReviewedPartResult | undefined;
    if (part === undefined) {
      reject(row, `unknown key "${row.key}" for student "${row.student}"`);
      continue;
    }
    if ((rowsPerPart.get(JSON.stringify([row.student, row.key])) ?? 0) > 1) {
      reject(row, `several rows score ${row.student} ${row.key}; keep one`);
      continue;
    }
    if (!SCORE_PATTERN.test(row.score)) {
      reject(row, `score "${row.score}" is not a number`);
      continue;
    }
    const score = Number(row.score.replace(',', '.'));
    if (!(score >= 0 && score <= part.maxScore)) {
      reject(row, `score ${score} is outside 0..${part.maxScore}`);
      continue;
    }
    const autoScore = part.review?.autoScore ?? part.score;
    const autoStatus = part.review?.autoStatus ?? part.status;
    part.review = { autoScore, autoStatus, score, comment: row.comment };
    part.score = score;
    part.status = statusForScore(score, part.maxScore);
    touched.add(submission);
    applied.push({ line: row.line, student: row.student, key: row.key, autoScore, score, status: part.status });
  }

  for (const submission of touched) {
    submission.score = roundScore(submission.parts.reduce((sum, part) => sum + part.score, 0));
  }
  return { results: updated, applied, pending, problems };
}
