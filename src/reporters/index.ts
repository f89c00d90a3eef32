/**
 * The reporters, one per format in a typed map, and `writeClassReports`, which
 * writes every class output of a run into a folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SubmissionResult } from '../types.ts';
import { reportHtmlReporter, reportMarkdownReporter } from './class-report.ts';
import { gradescopeReporter } from './gradescope.ts';
import { gradesCsvReporter } from './grades-csv.ts';
import { itemAnalysisCsvReporter } from './item-analysis-csv.ts';
import { canvasCsvReporter, moodleCsvReporter } from './lms-csv.ts';
import { summaryJsonReporter } from './summary-json.ts';
import type { QuizInfo } from './quiz-info.ts';
import type { ClassReportInput, Reporter } from './types.ts';

export type { ClassReportInput, FileReporter, FolderReporter, Reporter, ReportFile } from './types.ts';
export { renderCheck, type CheckFormat, type CheckOptions } from './check.ts';
export { gradescopeResults, type GradescopeResults, type GradescopeTest } from './gradescope.ts';
export { quizInfo, type MistakeInfo, type PartInfo, type QuestionInfo, type QuizInfo } from './quiz-info.ts';

/** Every class output format, in the order they are written (gradebook first). */
export const REPORT_FORMATS = ['grades', 'summary', 'html', 'md', 'item-analysis', 'canvas', 'moodle', 'gradescope'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORTERS: { [F in ReportFormat]: Reporter } = {
  grades: gradesCsvReporter,
  summary: summaryJsonReporter,
  html: reportHtmlReporter,
  md: reportMarkdownReporter,
  'item-analysis': itemAnalysisCsvReporter,
  canvas: canvasCsvReporter,
  moodle: moodleCsvReporter,
  gradescope: gradescopeReporter,
};

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

export interface WriteClassReportsOptions {
  quiz?: QuizInfo;
  /** Formats to write; all of them when absent. */
  formats?: ReportFormat[];
  /** Timestamp printed in the reports; none when absent, so output is reproducible. */
  generatedAt?: string;
}

/**
 * Writes the chosen class outputs into `outDir` (created if needed) and returns
 * the paths written, in write order.
 */
export async function writeClassReports(
  results: SubmissionResult[],
  outDir: string,
  options: WriteClassReportsOptions = {},
): Promise<string[]> {
  const input: ClassReportInput = {
    results,
    ...(options.quiz === undefined ? {} : { quiz: options.quiz }),
    ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
  };
  const wanted = new Set<ReportFormat>(options.formats ?? REPORT_FORMATS);
  const written: string[] = [];
  await mkdir(outDir, { recursive: true });
  for (const format of REPORT_FORMATS) {
    if (!wanted.has(format)) continue;
    const reporter: Reporter = REPORTERS[format];
    if (reporter.kind === 'file') {
      const target = path.join(outDir, reporter.fileName);
      await writeFile(target, reporter.render(input), 'utf8');
      written.push(target);
    } else {
      const folder = path.join(outDir, reporter.folderName);
      for (const file of reporter.render(input)) {
        const target = path.join(folder, ...file.path.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.content, 'utf8');
        written.push(target);
      }
    }
  }
  return written;
}
