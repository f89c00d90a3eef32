/**
 * `grades.csv`: the generic gradebook. One row per submission (invalid ones too,
 * with their status and an empty total), sorted by student id.
 */
import { classOf } from '../analytics/cached.ts';
import { SUBMISSION_GRADED } from '../analytics/accumulator.ts';
import { formatPoints } from '../analytics/order.ts';
import { SUBMISSION_STATUSES } from '../types.ts';
import { csvText } from './csv.ts';
import type { ClassReportInput, FileReporter } from './types.ts';

export const GRADES_CSV_FIXED_COLUMNS = ['student_id', 'name', 'email', 'status', 'total', 'max', 'needs_review'] as const;

/** The rows of grades.csv, header first. */
export function gradesCsvRows(input: ClassReportInput): Iterable<string[]> {
  const { table } = classOf(input);
  const { layout, rows } = table;
  // Per question, the part columns that add up to it.
  const partIndex = new Map(layout.parts.map((part, i) => [part.key, i]));
  const questionColumns = layout.questions.map((question) =>
    question.parts.map((part) => table.partScores[partIndex.get(part.key) as number] as Float64Array),
  );
  function* lines(): Generator<string[]> {
    yield [...GRADES_CSV_FIXED_COLUMNS, ...layout.questions.map((question) => question.id)];
    for (const row of table.order) {
      const graded = rows.statuses[row] === SUBMISSION_GRADED;
      yield [
        rows.ids[row] as string,
        rows.names[row] ?? '',
        rows.emails[row] ?? '',
        SUBMISSION_STATUSES[rows.statuses[row] as number] as string,
        graded ? formatPoints(rows.scores[row] as number) : '',
        formatPoints(graded ? (rows.maxScores[row] as number) : layout.maxScore),
        String(rows.awaitingReview[row]),
        ...questionColumns.map((columns) => (graded ? formatPoints(columns.reduce((sum, scores) => sum + (scores[row] as number), 0)) : '')),
      ];
    }
  }
  return lines();
}

export function renderGradesCsv(input: ClassReportInput): string {
  return csvText(gradesCsvRows(input));
}

export const gradesCsvReporter: FileReporter = {
  kind: 'file',
  fileName: 'grades.csv',
  description: 'Generic gradebook: one row per submission, one column per question',
  render: renderGradesCsv,
};
