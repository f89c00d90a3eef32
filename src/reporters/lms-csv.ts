/**
 * Gradebook imports for learning management systems, and `unmatched.csv`.
 * An LMS import maps each row to a user, and Moodle aborts the whole import on
 * a row it cannot map: so only graded submissions with a student id go into
 * canvas.csv and moodle.csv; the others are listed in unmatched.csv (and in
 * summary.json) with the reason, and never posted as a 0.
 */
import { SUBMISSION_GRADED, type ClassTable } from '../analytics/accumulator.ts';
import { classOf } from '../analytics/cached.ts';
import type { LayoutQuestion } from '../analytics/layout.ts';
import { formatPoints } from '../analytics/order.ts';
import { SUBMISSION_STATUSES } from '../types.ts';
import { csvText } from './csv.ts';
import type { ClassReportInput, ExportOptions, FileReporter } from './types.ts';

/** Why a submission is left out of the LMS exports. Exhaustive: unmatched.csv and summary.json count each. */
export const UNMATCHED_REASONS = ['no-student-id', 'invalid', 'error'] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

const REASON_TEXT: Record<UnmatchedReason, string> = {
  'no-student-id': 'no student id: the LMS cannot tell whose grade it is',
  invalid: 'invalid submission: not graded',
  error: 'grading failed: not graded',
};

/** Characters of TA comments kept in Moodle's feedback column (the full text is in results.jsonl). */
export const MOODLE_COMMENT_MAX_CHARS = 200;

export interface LmsRows {
  /** Rows exported, in report order. */
  exported: number[];
  /** Rows left out, in report order, with the reason. */
  unmatched: { row: number; reason: UnmatchedReason }[];
  counts: Record<UnmatchedReason, number>;
}

function unmatchedReason(table: ClassTable, row: number): UnmatchedReason | undefined {
  if ((table.rows.ids[row] as string).trim() === '') return 'no-student-id';
  const status = table.rows.statuses[row] as number;
  if (status === SUBMISSION_GRADED) return undefined;
  return SUBMISSION_STATUSES[status] === 'invalid' ? 'invalid' : 'error';
}

const lmsRowsCache = new WeakMap<ClassTable, LmsRows>();

/** Which rows of the class go to the LMS, and which are left out and why (computed once per table). */
export function lmsRows(table: ClassTable): LmsRows {
  const cached = lmsRowsCache.get(table);
  if (cached !== undefined) return cached;
  const made: LmsRows = { exported: [], unmatched: [], counts: { 'no-student-id': 0, invalid: 0, error: 0 } };
  for (const row of table.order) {
    const reason = unmatchedReason(table, row);
    if (reason === undefined) {
      made.exported.push(row);
    } else {
      made.unmatched.push({ row, reason });
      made.counts[reason] += 1;
    }
  }
  lmsRowsCache.set(table, made);
  return made;
}

/** The line a command prints when some submissions were left out of the LMS exports, else undefined. */
export function unmatchedNote(table: ClassTable): string | undefined {
  const { unmatched, counts } = lmsRows(table);
  if (unmatched.length === 0) return undefined;
  const parts = UNMATCHED_REASONS.filter((reason) => counts[reason] > 0).map((reason) => `${counts[reason]} ${reason.replace(/-/g, ' ')}`);
  return `${unmatched.length} submission(s) left out of canvas.csv and moodle.csv (${parts.join(', ')}): listed in unmatched.csv`;
}

/** The line a command prints when the resubmission policy set submissions aside, else undefined. */
export function resubmissionNote(table: ClassTable): string | undefined {
  const { resubmissions } = table;
  if (resubmissions === undefined || resubmissions.setAside === 0) return undefined;
  return `${resubmissions.setAside} resubmission(s) set aside under --policy ${resubmissions.policy}: marked "counted": false in results.jsonl, left out of the exports and statistics`;
}

/** The gradebook column name: `--assignment`, else the quiz title, else its id. */
function assignmentName(table: ClassTable, options: ExportOptions): string {
  return options.assignment ?? table.layout.title ?? table.layout.quizId;
}

/** A question's column: `Assignment: q3`. */
function questionColumnName(assignment: string, question: LayoutQuestion): string {
  return `${assignment}: ${question.id}`;
}

/** Per question, its score on each row: the sum of its parts' columns. */
function questionScores(table: ClassTable): { question: LayoutQuestion; score: (row: number) => string }[] {
  const partIndex = new Map(table.layout.parts.map((part, i) => [part.key, i]));
  return table.layout.questions.map((question) => {
    const columns = question.parts.map((part) => table.partScores[partIndex.get(part.key) as number] as Float64Array);
    return { question, score: (row: number) => formatPoints(columns.reduce((sum, scores) => sum + (scores[row] as number), 0)) };
  });
}

/** What `--question-columns` adds: headers and a cell function, or nothing. */
function extraColumns(table: ClassTable, options: ExportOptions, assignment: string): { headers: string[]; points: string[]; cells: (row: number) => string[] } {
  if (options.questionColumns !== true) return { headers: [], points: [], cells: () => [] };
  const questions = questionScores(table);
  return {
    headers: questions.map(({ question }) => questionColumnName(assignment, question)),
    points: questions.map(({ question }) => formatPoints(question.maxScore)),
    cells: (row) => questions.map(({ score }) => score(row)),
  };
}

/** What both LMS files start from: the class, the options, the column name and the question columns. */
function lmsExport(input: ClassReportInput): { table: ClassTable; options: ExportOptions; assignment: string; extra: ReturnType<typeof extraColumns> } {
  const { table } = classOf(input);
  const options = input.exports ?? {};
  const assignment = assignmentName(table, options);
  return { table, options, assignment, extra: extraColumns(table, options, assignment) };
}

/**
 * Canvas gradebook import (Grades > Import): the identity columns of a Canvas
 * export (Student, ID, SIS User ID, SIS Login ID, Section), then the assignment
 * column, `Name (id)` when the Canvas assignment id is known so the import
 * updates that assignment instead of creating one. The second row holds
 * "Points Possible". Students are matched on SIS User ID (our student id), else
 * SIS Login ID (email), else name.
 */
export function canvasCsvRows(input: ClassReportInput): string[][] {
  const { table, options, assignment, extra } = lmsExport(input);
  const { rows } = table;
  const header = options.canvasAssignmentId === undefined ? assignment : `${assignment} (${options.canvasAssignmentId})`;
  const lines = [
    ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', header, ...extra.headers],
    ['Points Possible', '', '', '', '', formatPoints(table.layout.maxScore), ...extra.points],
  ];
  for (const row of lmsRows(table).exported) {
    lines.push([rows.names[row] ?? '', '', rows.ids[row] as string, rows.emails[row] ?? '', '', formatPoints(rows.scores[row] as number), ...extra.cells(row)]);
  }
  return lines;
}

function shortened(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The comment a student sees beside the grade in Moodle: the total, each part's
 * score, the TA's comments (shortened), and whether parts still await review.
 */
export function moodleFeedback(table: ClassTable, row: number): string {
  const { rows } = table;
  const total = `${formatPoints(rows.scores[row] as number)} / ${formatPoints(rows.maxScores[row] as number)}`;
  const parts = table.layout.parts.map((part, i) => `${part.key} ${formatPoints((table.partScores[i] as Float64Array)[row] as number)}/${formatPoints(part.maxScore)}`);
  const lines = [`${total}: ${parts.join(', ')}`];
  const comments = rows.reviewComments[row];
  if (comments !== undefined) lines.push(`TA: ${shortened(comments, MOODLE_COMMENT_MAX_CHARS)}`);
  const awaiting = rows.awaitingReview[row] as number;
  if (awaiting > 0) lines.push(`Provisional: ${awaiting} part${awaiting === 1 ? '' : 's'} awaiting review.`);
  return lines.join(' | ');
}

/**
 * Moodle grade import (Grades > Import > CSV file): map "ID number" (or "Email
 * address") to the matching user field, the grade column to the grade item and
 * "Feedback" to its feedback. Decimal point, UTF-8, comma separated.
 */
export function moodleCsvRows(input: ClassReportInput): string[][] {
  const { table, assignment, extra } = lmsExport(input);
  const { rows } = table;
  const lines = [['ID number', 'Email address', 'Full name', assignment, 'Feedback', ...extra.headers]];
  for (const row of lmsRows(table).exported) {
    lines.push([rows.ids[row] as string, rows.emails[row] ?? '', rows.names[row] ?? '', formatPoints(rows.scores[row] as number), moodleFeedback(table, row), ...extra.cells(row)]);
  }
  return lines;
}

/** `unmatched.csv`: every submission left out of canvas.csv and moodle.csv, and why. */
export function unmatchedCsvRows(input: ClassReportInput): string[][] {
  const { table } = classOf(input);
  const { rows } = table;
  const lines = [['student_id', 'name', 'email', 'source', 'status', 'reason']];
  for (const { row, reason } of lmsRows(table).unmatched) {
    lines.push([rows.ids[row] as string, rows.names[row] ?? '', rows.emails[row] ?? '', rows.sources[row] ?? '', SUBMISSION_STATUSES[rows.statuses[row] as number] as string, REASON_TEXT[reason]]);
  }
  return lines;
}

export function renderCanvasCsv(input: ClassReportInput): string {
  return csvText(canvasCsvRows(input));
}

export function renderMoodleCsv(input: ClassReportInput): string {
  return csvText(moodleCsvRows(input));
}

export function renderUnmatchedCsv(input: ClassReportInput): string {
  return csvText(unmatchedCsvRows(input));
}

export const canvasCsvReporter: FileReporter = {
  kind: 'file',
  fileName: 'canvas.csv',
  description: 'Canvas gradebook import CSV',
  render: renderCanvasCsv,
};

export const moodleCsvReporter: FileReporter = {
  kind: 'file',
  fileName: 'moodle.csv',
  description: 'Moodle grade import CSV',
  render: renderMoodleCsv,
};

export const unmatchedCsvReporter: FileReporter = {
  kind: 'file',
  fileName: 'unmatched.csv',
  description: 'Submissions left out of canvas.csv and moodle.csv, with the reason',
  render: renderUnmatchedCsv,
};
