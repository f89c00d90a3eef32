/**
 * The reporters, one per format in a typed map, and `writeClassReports`, which
 * writes the class outputs of a run into a folder from results in memory or
 * streamed from results.jsonl.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ClassAccumulator, type ClassTable } from '../analytics/accumulator.ts';
import {
  CountedSelector,
  isCounted,
  markResults,
  ResultsFileSource,
  rewriteCountedMarks,
  writeFileAtomic,
  writing,
  type ResubmissionPolicy,
} from '../results/index.ts';
import type { SubmissionResult } from '../types.ts';
import { reportHtmlReporter, reportMarkdownReporter } from './class-report.ts';
import { feedbackReporter } from './feedback.ts';
import { gradescopeReporter } from './gradescope.ts';
import { gradesCsvReporter } from './grades-csv.ts';
import { itemAnalysisCsvReporter } from './item-analysis-csv.ts';
import { canvasCsvReporter, moodleCsvReporter, resubmissionNote, unmatchedCsvReporter, unmatchedNote } from './lms-csv.ts';
import { summaryJsonReporter } from './summary-json.ts';
import type { QuizInfo } from './quiz-info.ts';
import type { ExportOptions, FolderReporter, PreparedClass, Reporter } from './types.ts';
import { DEFAULT_CLASS_FORMATS, FORMAT_KINDS, REPORT_FORMATS, type ReportFormat } from './formats.ts';

export { ALL_FORMATS_WORD, DEFAULT_CLASS_FORMATS, isReportFormat, parseFormats, REPORT_FORMATS, type ReportFormat } from './formats.ts';

export type { ClassReportInput, ExportOptions, FileReporter, FolderReporter, PreparedClass, Reporter, ReportFile, ResultsInput } from './types.ts';
export { ClassAccumulator, type ClassTable } from '../analytics/accumulator.ts';
export { renderCheck, type CheckFormat, type CheckOptions } from './check.ts';
export { gradescopeFileWriter, gradescopeResults, type GradescopeResults, type GradescopeTest } from './gradescope.ts';
export { resubmissionNote, unmatchedNote } from './lms-csv.ts';
export { GRADESCOPE_VISIBILITIES, type GradescopeVisibility } from './types.ts';
export { quizInfo, type MistakeInfo, type PartInfo, type QuestionInfo, type QuizInfo } from './quiz-info.ts';

export const REPORTERS: { [F in ReportFormat]: Reporter & { kind: (typeof FORMAT_KINDS)[F] } } = {
  grades: gradesCsvReporter,
  summary: summaryJsonReporter,
  html: reportHtmlReporter,
  md: reportMarkdownReporter,
  'item-analysis': itemAnalysisCsvReporter,
  canvas: canvasCsvReporter,
  moodle: moodleCsvReporter,
  unmatched: unmatchedCsvReporter,
  gradescope: gradescopeReporter,
  feedback: feedbackReporter,
};

/**
 * Where a class's results come from: an array in memory, or a factory of
 * streams over them (called once to analyse, and once more when a per-submission
 * format such as `gradescope` is asked for; each call must give the same results
 * in the same order).
 */
export type ResultSource = readonly SubmissionResult[] | { stream(): AsyncIterable<SubmissionResult> };

function isArraySource(source: ResultSource): source is readonly SubmissionResult[] {
  return Array.isArray(source);
}

export interface PrepareClassOptions {
  quiz?: QuizInfo;
}

export interface WriteClassReportsOptions extends PrepareClassOptions {
  /** Formats to write; DEFAULT_CLASS_FORMATS when absent. */
  formats?: readonly ReportFormat[];
  /** Timestamp printed in the reports; none when absent, so output is reproducible. */
  generatedAt?: string;
  exports?: ExportOptions;
}

/** One pass over the results into the compact class table; no result is kept. */
export async function prepareClass(source: ResultSource, options: PrepareClassOptions = {}): Promise<ClassTable> {
  const accumulator = new ClassAccumulator(options.quiz);
  if (isArraySource(source)) {
    for (const result of source) accumulator.add(result);
  } else {
    for await (const result of source.stream()) accumulator.add(result);
  }
  return accumulator.finish();
}

/** A class's table and where its counted results stream from, with the policy that chose them. */
export interface CountedClass {
  table: ClassTable;
  source: ResultSource;
  /** Whether the results file's `counted` marks were rewritten (they were of another policy, or of other results). */
  remarked?: boolean;
}

/**
 * Ends a pass over a results file that fed `accumulator` and `selector` every
 * line in file order: marks the set-aside lines in the file when its marks
 * differ from the selection (an atomic rewrite), and gives the table of the
 * counted submissions. When nothing is set aside, the table is the one the pass
 * built; otherwise the counted results are read again, so memory stays bounded.
 */
export async function finishCountedClass(file: string, accumulator: ClassAccumulator, selector: CountedSelector, options: PrepareClassOptions & { label?: string } = {}): Promise<CountedClass> {
  const selection = selector.finish();
  if (selection.marksStale) await rewriteCountedMarks(file, selection);
  const source = new ResultsFileSource(file, options.label ?? file, true);
  const table = selection.setAside === 0 ? accumulator.finish() : await prepareClass(source, options);
  return { table: { ...table, resubmissions: { policy: selection.policy, setAside: selection.setAside } }, source, remarked: selection.marksStale };
}

/** Results held in memory under a policy: every one marked (as results.jsonl is to hold them), and the table of those that count. */
export function prepareCountedClass(results: readonly SubmissionResult[], policy: ResubmissionPolicy, options: PrepareClassOptions = {}): CountedClass & { marked: SubmissionResult[] } {
  const { results: marked, setAside } = markResults(results, policy);
  const counted = marked.filter(isCounted);
  const accumulator = new ClassAccumulator(options.quiz);
  for (const result of counted) accumulator.add(result);
  return { marked, source: counted, table: { ...accumulator.finish(), resubmissions: { policy, setAside } } };
}

/** The lines a command prints about a class's outputs: submissions set aside by the policy, and those left out of the LMS exports. */
export function classNotes(table: ClassTable): string | undefined {
  const notes = [resubmissionNote(table), unmatchedNote(table)].filter((note) => note !== undefined);
  return notes.length === 0 ? undefined : notes.join('\n');
}

/** Per-submission files written at once (enough to keep the disk busy, few enough to bound memory). */
export const FOLDER_WRITES_IN_FLIGHT = 16;

/** Writes one file per result as the source streams past a second time; returns the paths in report order. */
async function writeFolder(reporter: FolderReporter, input: PreparedClass, source: ResultSource, outDir: string): Promise<string[]> {
  const { table } = input;
  const folder = path.join(outDir, reporter.folderName);
  const fileOf = reporter.fileWriter(table, input.exports ?? {});
  const targets = new Array<string[]>(table.size);
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let row = 0;
  const write = async (result: SubmissionResult): Promise<void> => {
    if (failure !== undefined) throw failure.error;
    if (row >= table.size) throw new Error(`the results changed between passes: more than the ${table.size} analysed`);
    const files = fileOf(result, row);
    targets[row] = [];
    row += 1;
    for (const file of files) {
      const target = path.join(folder, ...file.path.split('/'));
      (targets[row - 1] as string[]).push(target);
      const task: Promise<void> = writing(target, () => mkdir(path.dirname(target), { recursive: true }))
        .then(() => writeFileAtomic(target, file.content, { sync: false }))
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= FOLDER_WRITES_IN_FLIGHT) await Promise.race(inFlight);
    }
  };
  try {
    if (isArraySource(source)) {
      for (const result of source) await write(result);
    } else {
      for await (const result of source.stream()) await write(result);
    }
  } finally {
    // No write outlives the call, whatever happened.
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure.error;
  if (row !== table.size) throw new Error(`the results changed between passes: ${row} the second time, ${table.size} analysed`);
  return Array.from(table.order, (index) => targets[index] as string[]).flat();
}

/**
 * Writes the chosen outputs of a prepared class into `outDir` (created if
 * needed) and returns the paths written, in write order. `source` is read again
 * only for per-submission formats.
 */
export async function writePreparedReports(
  table: ClassTable,
  source: ResultSource,
  outDir: string,
  options: WriteClassReportsOptions = {},
): Promise<string[]> {
  const input: PreparedClass = {
    table,
    ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
    ...(options.exports === undefined ? {} : { exports: options.exports }),
  };
  const wanted = new Set<ReportFormat>(options.formats ?? DEFAULT_CLASS_FORMATS);
  // What the LMS exports leave out is always listed beside them.
  if (wanted.has('canvas') || wanted.has('moodle')) wanted.add('unmatched');
  const written: string[] = [];
  await writing(outDir, () => mkdir(outDir, { recursive: true }));
  for (const format of REPORT_FORMATS) {
    if (!wanted.has(format)) continue;
    const reporter: Reporter = REPORTERS[format];
    if (reporter.kind === 'file') {
      const target = path.join(outDir, reporter.fileName);
      await writeFileAtomic(target, reporter.render(input));
      written.push(target);
    } else {
      for (const target of await writeFolder(reporter, input, source, outDir)) written.push(target);
    }
  }
  return written;
}

/**
 * Writes the chosen class outputs (DEFAULT_CLASS_FORMATS unless `formats` says
 * otherwise) into `outDir` and returns the paths written, in write order. A
 * streamed source is read once, plus once more when `gradescope` is asked for;
 * memory stays bounded by the compact table, whatever the size of the results.
 */
export async function writeClassReports(source: ResultSource, outDir: string, options: WriteClassReportsOptions = {}): Promise<string[]> {
  const table = await prepareClass(source, options);
  return writePreparedReports(table, source, outDir, options);
}
