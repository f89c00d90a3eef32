/**
 * `quizgrade report <results.jsonl> --out <dir>`: regenerates the class outputs
 * from the results of an earlier run, without grading again. The results file is
 * streamed, one line at a time, into the compact class table; it is read a
 * second time only when a per-submission format (`gradescope`) is asked for.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  ALL_FORMATS_WORD,
  DEFAULT_CLASS_FORMATS,
  REPORT_FORMATS,
  parseFormats,
  prepareClass,
  quizInfo,
  writePreparedReports,
  type ClassTable,
  type QuizInfo,
  type ReportFormat,
  unmatchedNote,
} from '../reporters/index.ts';
import { addExportOptions, exportOptionsOf, type ExportFlags } from './export-options.ts';
import { formatDiagnostic, SpecError } from '../quiz/errors.ts';
import { loadQuiz } from '../quiz/load.ts';
import { PART_STATUSES, SUBMISSION_STATUSES, type SubmissionResult } from '../types.ts';
import { EXIT_OK, EXIT_SOME_INVALID, EXIT_USAGE, type CliIO } from './io.ts';

export { parseFormats } from '../reporters/index.ts';

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

/** Bytes read from results.jsonl at a time. */
export const READ_CHUNK_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function lineText(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}

/**
 * The lines of a file (`\n` or `\r\n`), read a chunk at a time. Splitting the
 * bytes at `\n` (which never occurs inside a UTF-8 sequence) keeps long lines
 * cheap, where readline re-scans them, and reads no faster than lines are used.
 */
export async function* fileLines(file: string): AsyncGenerator<string> {
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline);
      if (carry.length === 0) {
        yield lineText(piece);
      } else {
        carry.push(piece);
        const line = Buffer.concat(carry);
        carry = [];
        yield lineText(line);
      }
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) carry.push(chunk.subarray(start));
  }
  if (carry.length > 0) yield lineText(Buffer.concat(carry));
}

/** Parses one line of results.jsonl: the result, or why the line is not one. */
function parseResultLine(line: string): { result: SubmissionResult } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})` };
  }
  const problem = resultShapeProblem(value);
  return problem === null ? { result: value as SubmissionResult } : { problem: `not a submission result: ${problem}` };
}

/**
 * Streams the results of results.jsonl, one line at a time; blank lines are
 * skipped, bad ones are reported to `onProblem` as `label:line: why` and skipped.
 */
export async function* streamResultsJsonl(file: string, label: string, onProblem: (problem: string) => void): AsyncGenerator<SubmissionResult> {
  let lineNumber = 0;
  for await (const line of fileLines(file)) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const parsed = parseResultLine(line);
    if ('result' in parsed) yield parsed.result;
    else onProblem(`${label}:${lineNumber}: ${parsed.problem}`);
  }
}

/** A results.jsonl as a source for writeClassReports; `problems` holds the bad lines of the latest pass. */
export class ResultsJsonlSource {
  problems: string[] = [];

  constructor(
    readonly file: string,
    readonly label: string = file,
  ) {}

  stream(): AsyncIterable<SubmissionResult> {
    const problems: string[] = [];
    this.problems = problems;
    return streamResultsJsonl(this.file, this.label, (problem) => problems.push(problem));
  }
}

export interface ReadResultsOutcome {
  results: SubmissionResult[];
  /** `file:line: why` for each unreadable line. */
  problems: string[];
}

/** Every result of results.jsonl in memory (small files; the report command streams instead). */
export async function readResultsJsonl(file: string, label: string = file): Promise<ReadResultsOutcome> {
  const results: SubmissionResult[] = [];
  const problems: string[] = [];
  for await (const result of streamResultsJsonl(file, label, (problem) => problems.push(problem))) results.push(result);
  return { results, problems };
}

interface ReportOptions extends ExportFlags {
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
  return addExportOptions(program
    .command('report')
    .description('regenerate every report and export from results.jsonl, without grading again')
    .argument('<results>', 'results.jsonl written by `quizgrade grade`')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option(
      '-f, --format <list>',
      `comma-separated outputs to write, or "${ALL_FORMATS_WORD}": ${REPORT_FORMATS.join(', ')} (default: ${DEFAULT_CLASS_FORMATS.join(',')})`,
    )
    .option('-q, --quiz <spec>', 'the quiz spec, for titles and anticipated mistakes in the reports')
    .option('--generated-at <text>', 'timestamp printed in the reports (none by default, so output is reproducible)')
    .action(async function (this: Command, resultsPath: string, options: ReportOptions) {
      let formats: ReportFormat[] | undefined;
      if (options.format !== undefined) {
        const parsed = parseFormats(options.format);
        if ('unknown' in parsed) {
          this.error(`error: unknown report format ${parsed.unknown.map((name) => `"${name}"`).join(', ')} (choose from ${REPORT_FORMATS.join(', ')}, or ${ALL_FORMATS_WORD})`, { exitCode: EXIT_USAGE, code: 'quizgrade.report.format' });
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

      // Read as a stream into the compact class table; a second pass only for per-submission formats.
      const source = new ResultsJsonlSource(path.resolve(io.cwd, resultsPath), resultsPath);
      let table: ClassTable;
      try {
        table = await prepareClass(source, quiz === undefined ? {} : { quiz });
      } catch (error) {
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
        this.error(`error: cannot read ${resultsPath}: ${(error as Error).message}`, { exitCode: EXIT_USAGE, code: 'quizgrade.report.read' });
      }
      if (source.problems.length > 0) {
        const shown = source.problems.slice(0, BAD_LINES_SHOWN);
        const more = source.problems.length - shown.length;
        this.error(
          [...shown, ...(more > 0 ? [`... and ${more} more bad lines`] : []), 'no reports written: every result must be readable, so counts stay exact'].join('\n'),
          { exitCode: EXIT_USAGE, code: 'quizgrade.report.results' },
        );
      }

      if (quiz !== undefined) {
        const others = table.quizIds.filter((id) => id !== quiz?.id).sort();
        if (others.length > 0) {
          io.stderr(`warning: the results are of quiz ${others.map((id) => `"${id}"`).join(', ')}, the spec is quiz "${quiz.id}"; parts the spec does not have are reported after its own\n`);
        }
      }

      const outDir = path.resolve(io.cwd, options.out);
      const written = await writePreparedReports(table, source, outDir, {
        ...(formats === undefined ? {} : { formats }),
        ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
        exports: exportOptionsOf(options),
      });
      const notGraded = table.size - table.submissionsByStatus.graded;
      io.stdout(`${table.size} results (${notGraded} not graded) -> ${written.length} files in ${path.relative(io.cwd, outDir) || '.'}\n`);
      const unmatched = unmatchedNote(table);
      if (unmatched !== undefined) io.stdout(`${unmatched}\n`);
      setExit(notGraded > 0 ? EXIT_SOME_INVALID : EXIT_OK);
    }));
}
