/**
 * Gradebook imports for learning management systems. Submissions that were not
 * graded get an empty grade cell, which both systems skip, so an import never
 * posts a 0 for a file that could not be read (grades.csv lists them).
 */
import { SUBMISSION_GRADED, type ClassTable } from '../analytics/accumulator.ts';
import { classOf } from '../analytics/cached.ts';
import { formatPoints } from '../analytics/order.ts';
import { csvText } from './csv.ts';
import type { ClassReportInput, FileReporter } from './types.ts';

/** The gradebook column name: the quiz title, else its id. */
function assignmentName(table: ClassTable): string {
  return table.layout.title ?? table.layout.quizId;
}

function gradeCell(table: ClassTable, row: number): string {
  return table.rows.statuses[row] === SUBMISSION_GRADED ? formatPoints(table.rows.scores[row] as number) : '';
}

/** The comment a student sees beside the grade in Moodle. */
function moodleFeedback(table: ClassTable, row: number): string {
  const { rows } = table;
  if (rows.statuses[row] !== SUBMISSION_GRADED) return '';
  const awaiting = rows.awaitingReview[row] as number;
  const total = `${formatPoints(rows.scores[row] as number)} / ${formatPoints(rows.maxScores[row] as number)}`;
  return awaiting === 0 ? total : `${total} (provisional: ${awaiting} part${awaiting === 1 ? '' : 's'} awaiting review)`;
}

/**
 * Canvas gradebook import (Grades > Import): the five identity columns of a
 * Canvas export, then one assignment column; the second row holds "Points
 * Possible", which Canvas reads when the column creates a new assignment.
 * Students are matched on SIS User ID (our student id) or SIS Login ID (email).
 */
export function renderCanvasCsv(input: ClassReportInput): string {
  const { table } = classOf(input);
  const { rows } = table;
  function* lines(): Generator<string[]> {
    yield ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', assignmentName(table)];
    yield ['Points Possible', '', '', '', '', formatPoints(table.layout.maxScore)];
    for (const row of table.order) yield [rows.names[row] ?? '', '', rows.ids[row] as string, rows.emails[row] ?? '', '', gradeCell(table, row)];
  }
  return csvText(lines());
}

/**
 * Moodle grade import (Grades > Import > CSV file): map "ID number" (or "Email
 * address") to the matching user field, the grade column to the grade item and
 * "Feedback" to its feedback. Decimal point, UTF-8, comma separated.
 */
export function renderMoodleCsv(input: ClassReportInput): string {
  const { table } = classOf(input);
  const { rows } = table;
  function* lines(): Generator<string[]> {
    yield ['ID number', 'Email address', 'Full name', assignmentName(table), 'Feedback'];
    for (const row of table.order) yield [rows.ids[row] as string, rows.emails[row] ?? '', rows.names[row] ?? '', gradeCell(table, row), moodleFeedback(table, row)];
  }
  return csvText(lines());
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
