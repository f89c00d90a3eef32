/**
 * Gradebook imports for learning management systems. Submissions that were not
 * graded get an empty grade cell, which both systems skip, so an import never
 * posts a 0 for a file that could not be read (grades.csv lists them).
 */
import { stringify } from 'csv-stringify/sync';
import { resolveLayout } from '../analytics/layout.ts';
import { formatPoints, sortResults } from '../analytics/order.ts';
import type { SubmissionResult } from '../types.ts';
import type { ClassReportInput, FileReporter } from './types.ts';

/** The gradebook column name: the quiz title, else its id. */
function assignmentName(input: ClassReportInput): string {
  const layout = resolveLayout(input.results, input.quiz);
  return layout.title ?? layout.quizId;
}

function gradeCell(result: SubmissionResult): string {
  return result.status === 'graded' ? formatPoints(result.score) : '';
}

/** The comment a student sees beside the grade in Moodle. */
function moodleFeedback(result: SubmissionResult): string {
  if (result.status !== 'graded') return '';
  const awaiting = result.parts.filter((part) => part.status === 'needs-review').length;
  const total = `${formatPoints(result.score)} / ${formatPoints(result.maxScore)}`;
  return awaiting === 0 ? total : `${total} (provisional: ${awaiting} part${awaiting === 1 ? '' : 's'} awaiting review)`;
}

/**
 * Canvas gradebook import (Grades > Import): the five identity columns of a
 * Canvas export, then one assignment column; the second row holds "Points
 * Possible", which Canvas reads when the column creates a new assignment.
 * Students are matched on SIS User ID (our student id) or SIS Login ID (email).
 */
export function renderCanvasCsv(input: ClassReportInput): string {
  const layout = resolveLayout(input.results, input.quiz);
  const rows: string[][] = [
    ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', assignmentName(input)],
    ['Points Possible', '', '', '', '', formatPoints(layout.maxScore)],
  ];
  for (const result of sortResults(input.results)) {
    rows.push([result.student.name ?? '', '', result.student.id, result.student.email ?? '', '', gradeCell(result)]);
  }
  return stringify(rows);
}

/**
 * Moodle grade import (Grades > Import > CSV file): map "ID number" (or "Email
 * address") to the matching user field, the grade column to the grade item and
 * "Feedback" to its feedback. Decimal point, UTF-8, comma separated.
 */
export function renderMoodleCsv(input: ClassReportInput): string {
  const name = assignmentName(input);
  const rows: string[][] = [['ID number', 'Email address', 'Full name', name, 'Feedback']];
  for (const result of sortResults(input.results)) {
    rows.push([result.student.id, result.student.email ?? '', result.student.name ?? '', gradeCell(result), moodleFeedback(result)]);
  }
  return stringify(rows);
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
