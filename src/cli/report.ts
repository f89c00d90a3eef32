/**
 * `quizgrade report <results.jsonl> --out <dir>`: regenerates every class output
 * from the results of an earlier run, without grading again. The results file is
 * read as a stream, one line at a time.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { REPORT_FORMATS, isReportFormat, quizInfo, writeClassReports, type QuizInfo, type ReportFormat } from '../reporters/index.ts';
import { formatDiagnostic, SpecError } from '../spec/errors.ts';
import { loadQuiz } from '../spec/load.ts';
import { PART_STATUSES, SUBMISSION_STATUSES, type SubmissionResult } from '../types.ts';
import { EXIT_OK, EXIT_SOME_INVALID, EXIT_USAGE, type CliIO } from './io.ts';

/** Bad lines quoted in the error before the rest are only counted. */
export const BAD_LINES_SHOWN = 10;

const SUBMISSION_STATUS_SET: ReadonlySet<string> = new Set(SUBMISSION_STATUSES);
const PART_STATUS_SET: ReadonlySet<string> = new Set(PART_STATUSES);

/** Why a parsed line is not a SubmissionResult, or null when it is one. */
export function resultShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  const student = record['student'] as Record<string, unknown> | undefined;
  if (typeof student !== 'object' || student === null || typeof student['id'] !== 'string') return 'missing student.id';
  if (typeof record['status'] !== 'string' || !SUBMISSION_STATUS_SET.has(record['status'])) return `unknown status ${JSON.stringify(record['status'])}`;
  if (typeof record['score'] !== 'number' || typeof record['maxScore'] !== 'number') return 'missing score or maxScore';
  if (!Array.isArray(record['parts'])) return 'missing parts';
  if (!Array.isArray(record['errors'])) return 'missing errors';
  for (const part of record['parts'] as unknown[]) {
    const p = part as Record<string, unknown>;
    if (typeof p !== 'object' || p === null || typeof p['key'] !== 'string') return 'a part without a key';
    if (typeof p['status'] !== 'string' || !PART_STATUS_SET.has(p['status'])) return `part ${p['key']}: unknown status ${JSON.stringify(p['status'])}`;
    if (typeof p['score'] !== 'number' || typeof p['maxScore'] !== 'number') return `part ${p['key']}: missing score or maxScore`;
    if (!Array.isArray(p['feedback'])) return `part ${p['key']}: missing feedback`;
  }
  return null;
}

export interface ReadResultsOutcome {
  results: SubmissionResult[];
  /** `file:line: why` for each unreadable line. */
  problems: string[];
}

/** Reads results.jsonl line by line; blank lines are skipped, bad ones reported with their line number. */
export async function readResultsJsonl(file: string, label: string = file): Promise<ReadResultsOutcome> {
  const results: SubmissionResult[] = [];
  const problems: string[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(`${label}:${lineNumber}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    const problem = resultShapeProblem(value);
    if (problem === null) results.push(value as SubmissionResult);
    else problems.push(`${label}:${lineNumber}: not a submission result: ${problem}`);
  }
  return { results, problems };
}

/** Parses `--format grades,html` into formats, or says which names are unknown. */
export function parseFormats(list: string): { formats: ReportFormat[] } | { unknown: string[] } {
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !isReportFormat(name));
  if (unknown.length > 0 || names.length === 0) return { unknown: names.length === 0 ? [list] : unknown };
  return { formats: REPORT_FORMATS.filter((format) => names.includes(format)) };
}

interface ReportOptions {
  out: string;
  format?: string;
  quiz?: string;
  generatedAt?: string;
}

/**
 * Adds `report` to the program. `setExit` receives the exit code of a finished
 * run: 0, or 1 when some results are of submissions that were not graded (as
 * `grade` does). Usage errors end through `command.error` with exit code 2.
 */
export function registerReportCommand(program: Command, io: CliIO, setExit: (code: number) => void = () => {}): Command {
  return program
    .command('report')
    .description('regenerate every report and export from results.jsonl, without grading again')
    .argument('<results>', 'results.jsonl written by `quizgrade grade`')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('-f, --format <list>', `comma-separated outputs to write (default: all): ${REPORT_FORMATS.join(', ')}`)
    .option('-q, --quiz <spec>', 'the quiz spec, for titles and anticipated mistakes in the reports')
    .option('--generated-at <text>', 'timestamp printed in the reports (none by default, so output is reproducible)')
    .action(async function (this: Command, resultsPath: string, options: ReportOptions) {
      let formats: ReportFormat[] | undefined;
      if (options.format !== undefined) {
        const parsed = parseFormats(options.format);
        if ('unknown' in parsed) {
          this.error(`error: unknown report format ${parsed.unknown.map((name) => `"${name}"`).join(', ')} (choose from ${REPORT_FORMATS.join(', ')})`, { exitCode: EXIT_USAGE, code: 'quizgrade.report.format' });
        }
        formats = parsed.formats;
      }

      let quiz: QuizInfo | undefined;
      if (options.quiz !== undefined) {
        try {
          quiz = quizInfo(await loadQuiz(path.resolve(io.cwd, options.quiz)));
        } catch (error) {
          if (!(error instanceof SpecError)) throw error;
          this.error(error.diagnostics.map(formatDiagnostic).join('\n'), { exitCode: EXIT_USAGE, code: 'quizgrade.report.spec' });
        }
      }

      const file = path.resolve(io.cwd, resultsPath);
      let outcome: ReadResultsOutcome;
      try {
        outcome = await readResultsJsonl(file, resultsPath);
      } catch (error) {
        this.error(`error: cannot read ${resultsPath}: ${(error as Error).message}`, { exitCode: EXIT_USAGE, code: 'quizgrade.report.read' });
      }
      if (outcome.problems.length > 0) {
        const shown = outcome.problems.slice(0, BAD_LINES_SHOWN);
        const more = outcome.problems.length - shown.length;
        this.error(
          [...shown, ...(more > 0 ? [`... and ${more} more bad lines`] : []), 'no reports written: every result must be readable, so counts stay exact'].join('\n'),
          { exitCode: EXIT_USAGE, code: 'quizgrade.report.results' },
        );
      }

      if (quiz !== undefined) {
        const others = [...new Set(outcome.results.map((result) => result.quiz))].filter((id) => id !== quiz?.id).sort();
        if (others.length > 0) {
          io.stderr(`warning: the results are of quiz ${others.map((id) => `"${id}"`).join(', ')}, the spec is quiz "${quiz.id}"; parts the spec does not have are reported after its own\n`);
        }
      }

      const outDir = path.resolve(io.cwd, options.out);
      const written = await writeClassReports(outcome.results, outDir, {
        ...(quiz === undefined ? {} : { quiz }),
        ...(formats === undefined ? {} : { formats }),
        ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
      });
      const notGraded = outcome.results.filter((result) => result.status !== 'graded').length;
      io.stdout(
        `${outcome.results.length} results (${notGraded} not graded) -> ${written.length} files in ${path.relative(io.cwd, outDir) || '.'}\n`,
      );
      setExit(notGraded > 0 ? EXIT_SOME_INVALID : EXIT_OK);
    });
}
