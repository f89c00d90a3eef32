/**
 * `grades.csv`: the generic gradebook. One row per submission (invalid ones too,
 * with their status and an empty total), sorted by student id.
 */
import { stringify } from 'csv-stringify/sync';
import { resolveLayout } from '../analytics/layout.ts';
import { formatPoints, sortResults } from '../analytics/order.ts';
import type { ClassReportInput, FileReporter } from './types.ts';

export const GRADES_CSV_FIXED_COLUMNS = ['student_id', 'name', 'email', 'status', 'total', 'max', 'needs_review'] as const;

export function renderGradesCsv(input: ClassReportInput): string {
  const layout = resolveLayout(input.results, input.quiz);
  const questionOf = new Map(layout.parts.map((part) => [part.key, part.question]));
  const rows: string[][] = [[...GRADES_CSV_FIXED_COLUMNS, ...layout.questions.map((question) => question.id)]];
  for (const result of sortResults(input.results)) {
    const graded = result.status === 'graded';
    const byQuestion = new Map<string, number>();
    let awaitingReview = 0;
    for (const part of result.parts) {
      const question = questionOf.get(part.key) ?? part.question;
      byQuestion.set(question, (byQuestion.get(question) ?? 0) + part.score);
      if (part.status === 'needs-review') awaitingReview += 1;
    }
    rows.push([
      result.student.id,
      result.student.name ?? '',
      result.student.email ?? '',
      result.status,
      graded ? formatPoints(result.score) : '',
      formatPoints(graded ? result.maxScore : layout.maxScore),
      String(awaitingReview),
      ...layout.questions.map((question) => (graded ? formatPoints(byQuestion.get(question.id) ?? 0) : '')),
    ]);
  }
  return stringify(rows);
}

export const gradesCsvReporter: FileReporter = {
  kind: 'file',
  fileName: 'grades.csv',
  description: 'Generic gradebook: one row per submission, one column per question',
  render: renderGradesCsv,
};
