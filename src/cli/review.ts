/**
 * `quizgrade review export <results.jsonl> --out review.csv` and
 * `quizgrade review apply <review.csv> <results.jsonl> [--out <dir>]`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, SpecError } from '../quiz/errors.ts';
import type { ExportOptions, QuizInfo } from '../reporters/index.ts';
import { ReviewInputError } from '../review/errors.ts';
import type { ApplyReport, ReviewRow } from '../review/index.ts';
import { ResultsFileError } from '../results/errors.ts';
import { isCounted, POLICY_DEFAULT, type ResubmissionPolicy } from '../results/policy.ts';
import type { SubmissionResult } from '../types.ts';
import { addExportOptions, exportOptionsOf, type ExportFlags } from './export-options.ts';
import { EXIT_OK, EXIT_SOME_INVALID, EXIT_USAGE, type CliIO } from './io.ts';

export const REVIEW_CSV_DEFAULT = 'review.csv';

async function readInput(io: CliIO, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new ReviewInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Writes the review CSV, one row per part or (`group`) one per distinct answer
 * of a part; resolves to the exit code. Only submissions that count are
 * reviewed: the ones the resubmission policy set aside are in no export.
 */
export async function runReviewExport(io: CliIO, resultsFile: string, outFile: string, group = false): Promise<number> {
  const [{ collectGroupedReviewRows, collectReviewRows, renderGroupedReviewCsv, renderReviewCsv }, { readResultsFile, writeFileAtomic }] = await Promise.all([
    import('../review/index.ts'),
    import('../results/index.ts'),
  ]);
  const results = (await readResultsFile(path.resolve(io.cwd, resultsFile), resultsFile)).filter(isCounted);
  const target = path.resolve(io.cwd, outFile);
  if (group) {
    const rows = collectGroupedReviewRows(results);
    await writeFileAtomic(target, renderGroupedReviewCsv(rows));
    const parts = rows.reduce((sum, row) => sum + Number(row.count), 0);
    io.stdout(`${parts} part(s) to review in ${rows.length} group(s) of equal answers written to ${outFile}\n`);
    return EXIT_OK;
  }
  const rows = collectReviewRows(results);
  await writeFileAtomic(target, renderReviewCsv(rows));
  io.stdout(`${rows.length} part(s) to review written to ${outFile}\n`);
  return EXIT_OK;
}

function describeReport(report: ApplyReport, written: readonly string[]): string {
  const lines = [`applied ${report.applied.length} review(s), ${report.pending} row(s) without a score`];
  for (const done of report.applied) {
    lines.push(`  ${done.student} ${done.key}: ${done.autoScore} -> ${done.score} (${done.status})`);
  }
  lines.push(...written.map((file) => `wrote ${file}`));
  return `${lines.join('\n')}\n`;
}

export interface ReviewApplyOptions {
  /** Folder for results.jsonl and the reports; next to the results when absent. */
  out?: string;
  /** The quiz spec, for titles and anticipated mistakes in the reports. */
  quiz?: string;
  exports?: ExportOptions;
  /** Which of a student's submissions counts, chosen again after the review (default `latest`). */
  policy?: ResubmissionPolicy;
}

/**
 * The reviews applied to the submissions that count (a student's row is for
 * the submission in the exports), the set-aside ones kept as they are, in file order.
 */
async function applyToCounted(results: readonly SubmissionResult[], rows: readonly ReviewRow[]): Promise<ApplyReport> {
  const { applyReviews } = await import('../review/index.ts');
  const report = applyReviews(results.filter(isCounted), rows);
  let next = 0;
  return { ...report, results: results.map((result) => (isCounted(result) ? (report.results[next++] as SubmissionResult) : result)) };
}

async function quizInfoOf(io: CliIO, spec: string): Promise<QuizInfo> {
  const [{ loadQuiz }, { quizInfo }] = await Promise.all([import('../quiz/load.ts'), import('../reporters/quiz-info.ts')]);
  try {
    return quizInfo(await loadQuiz(path.resolve(io.cwd, spec)));
  } catch (error) {
    if (error instanceof SpecError) throw new ReviewInputError(error.diagnostics.map(formatDiagnostic).join('\n'));
    throw error;
  }
}

/**
 * Applies the TA scores, rewrites results.jsonl (in place, or in `out`) and
 * every class output next to it, so no export keeps the grades from before the
 * review; resolves to the exit code: 1 when some rows were rejected (they
 * changed nothing).
 */
export async function runReviewApply(io: CliIO, reviewFile: string, resultsFile: string, options: ReviewApplyOptions = {}): Promise<number> {
  const [{ prepareCountedClass, resubmissionNote, writePreparedReports }, { parseReviewCsv }, { readResultsFile, RESULTS_FILE_NAME, writeResultsFile, writing }] = await Promise.all([
    import('../reporters/index.ts'),
    import('../review/index.ts'),
    import('../results/index.ts'),
  ]);
  const outDir = options.out;
  const quiz = options.quiz === undefined ? undefined : await quizInfoOf(io, options.quiz);
  const rows = parseReviewCsv(await readInput(io, reviewFile), reviewFile);
  const results = await readResultsFile(path.resolve(io.cwd, resultsFile), resultsFile);
  const report = await applyToCounted(results, rows);
  // A review can change which submission is a student's best: the policy chooses again.
  const counted = prepareCountedClass(report.results, options.policy ?? POLICY_DEFAULT, quiz === undefined ? {} : { quiz });
  const remarked = counted.marked.some((result, index) => isCounted(result) !== isCounted(results[index] as SubmissionResult));
  const written: string[] = [];
  if (report.applied.length > 0 || remarked || outDir !== undefined) {
    const targetDir = path.resolve(io.cwd, outDir ?? path.dirname(resultsFile));
    const resultsTarget = outDir === undefined ? path.resolve(io.cwd, resultsFile) : path.join(targetDir, RESULTS_FILE_NAME);
    await writing(targetDir, () => mkdir(targetDir, { recursive: true }));
    await writeResultsFile(resultsTarget, counted.marked);
    const reports = await writePreparedReports(counted.table, counted.source, targetDir, options.exports === undefined ? {} : { exports: options.exports });
    written.push(resultsTarget, ...reports);
  }
  io.stdout(describeReport(report, written.map((file) => path.relative(io.cwd, file) || file)));
  const setAside = resubmissionNote(counted.table);
  if (setAside !== undefined) io.stdout(`${setAside}\n`);
  for (const problem of report.problems) {
    io.stderr(`${reviewFile}:${problem.line}: ${problem.student} ${problem.key}: ${problem.message}; row not applied\n`);
  }
  return report.problems.length > 0 ? EXIT_SOME_INVALID : EXIT_OK;
}

/**
 * Adds `review export` and `review apply` to the program. `setExit` receives
 * the exit code of a finished command (1 when rows were rejected); without it
 * a non-zero code ends the command through commander's `error`.
 */
export function registerReviewCommands(program: Command, io: CliIO, setExit?: (code: number) => void): void {
  const finish = (command: Command, code: number): void => {
    if (code === EXIT_OK) return;
    if (setExit !== undefined) setExit(code);
    else command.error(`review: finished with exit code ${code}`, { exitCode: code, code: 'quizgrade.review' });
  };
  const run = async (command: Command, task: () => Promise<number>): Promise<void> => {
    let code: number;
    try {
      code = await task();
    } catch (error) {
      if (!(error instanceof ReviewInputError) && !(error instanceof ResultsFileError)) throw error;
      io.stderr(`${error.message}\n`);
      code = EXIT_USAGE;
    }
    finish(command, code);
  };

  const review = program
    .command('review')
    .description('send unsure free-text parts to a TA as a CSV, and apply the scores back');

  review
    .command('export')
    .description('write one CSV row per part a person must grade (needs review, invalid, grading failed): answer, automatic score, reasons, evidence, empty score and comment')
    .argument('<results>', 'results.jsonl of a grading run')
    .option('--out <file>', 'CSV to write', REVIEW_CSV_DEFAULT)
    .option('--group', 'one row per distinct answer of a part, with count and students; its decision applies to all of them')
    .action(async (resultsFile: string, options: { out: string; group?: boolean }, command: Command) => {
      await run(command, () => runReviewExport(io, resultsFile, options.out, options.group === true));
    });

  const apply = review
    .command('apply')
    .description('apply the scores of a review CSV; keeps the automatic score and the comment; recomputes totals and rewrites every class output')
    .argument('<review>', 'the review CSV, as exported and filled in')
    .argument('<results>', 'results.jsonl to update')
    .option('--out <dir>', 'write results.jsonl and the reports here instead of updating them in place')
    .option('-q, --quiz <spec>', 'the quiz spec, for titles (the LMS column name) and anticipated mistakes in the reports')
    .action(async (reviewFile: string, resultsFile: string, options: { out?: string; quiz?: string } & ExportFlags, command: Command) => {
      await run(command, () => runReviewApply(io, reviewFile, resultsFile, { ...options, exports: exportOptionsOf(options) }));
    });
  addExportOptions(apply);
}
