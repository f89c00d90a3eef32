/**
 * `feedback/<student>.html` and `.md`: the `check` view of each submission, one
 * pair of files per submission, ready to send or upload. The HTML loads
 * nothing (inline styles, no scripts); names are collision-free (file-names.ts).
 */
import type { ClassTable } from '../analytics/accumulator.ts';
import type { SubmissionResult } from '../types.ts';
import { renderCheck, type CheckFormat } from './check.ts';
import { nameOfRow, studentFileNames } from './file-names.ts';
import { katexStyles } from './katex-styles.ts';
import type { FolderReporter, ReportFile } from './types.ts';

/** The formats written per submission, each under its own extension. */
export const FEEDBACK_FORMATS: readonly Exclude<CheckFormat, 'text'>[] = ['html', 'md'];

export function feedbackFileWriter(table: ClassTable): (result: SubmissionResult, row: number) => ReportFile[] {
  const names = studentFileNames(table);
  return (result, row) => {
    const name = nameOfRow(names, table, result, row);
    return FEEDBACK_FORMATS.map((format) => ({
      path: `${name}.${format}`,
      content: renderCheck(result, { format, color: false, mathStyles: katexStyles(), ...(table.quiz === undefined ? {} : { quiz: table.quiz }) }),
    }));
  };
}

export const feedbackReporter: FolderReporter = {
  kind: 'folder',
  folderName: 'feedback',
  description: "Each student's feedback (the check view) as HTML and Markdown, one pair of files per submission",
  fileWriter: feedbackFileWriter,
};
