/**
 * Reading results.jsonl: streamed a chunk at a time, each line checked to be a
 * submission result, every problem named `file:line`. The only reader of the
 * format; the run, `report`, `merge`, `review` and `diff` all read through it.
 */
import { PART_STATUSES, SUBMISSION_STATUSES, type SubmissionResult } from '../types.ts';
import { fileLineRecords } from '../util/file-lines.ts';
import { ResultsFileError } from './errors.ts';

export { fileLineRecords, fileLines, READ_CHUNK_BYTES, type FileLine } from '../util/file-lines.ts';

/** Bad lines quoted in an error before the rest are only counted. */
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

/** Parses one line of results.jsonl: the result, or why the line is not one. */
export function parseResultLine(line: string): { result: SubmissionResult } | { problem: string } {
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
export async function* streamResults(file: string, label: string, onProblem: (problem: string) => void): AsyncGenerator<SubmissionResult> {
  for await (const line of fileLineRecords(file)) {
    const text = line.text!;
    if (text.trim() === '') continue;
    const parsed = parseResultLine(text);
    if ('result' in parsed) yield parsed.result;
    else onProblem(`${label}:${line.number}: ${parsed.problem}`);
  }
}

/**
 * A results.jsonl as a source the reports stream (twice, for per-submission
 * formats); `problems` holds the bad lines of the latest pass. `countedOnly`
 * skips the submissions marked `counted: false`.
 */
export class ResultsFileSource {
  problems: string[] = [];

  constructor(
    readonly file: string,
    readonly label: string = file,
    readonly countedOnly = false,
  ) {}

  stream(): AsyncIterable<SubmissionResult> {
    const problems: string[] = [];
    this.problems = problems;
    const results = streamResults(this.file, this.label, (problem) => problems.push(problem));
    return this.countedOnly ? countedOf(results) : results;
  }
}

async function* countedOf(results: AsyncIterable<SubmissionResult>): AsyncGenerator<SubmissionResult> {
  for await (const result of results) if (result.counted !== false) yield result;
}

/** The bad lines of a results file as one message: the first few quoted, the rest counted. */
export function describeBadLines(problems: readonly string[], consequence: string): string {
  const shown = problems.slice(0, BAD_LINES_SHOWN);
  const more = problems.length - shown.length;
  return [...shown, ...(more > 0 ? [`... and ${more} more bad lines`] : []), consequence].join('\n');
}

/**
 * Every result of a results file, in file order. A bad line is a ResultsFileError
 * (these are finished results: a count that silently drops one is wrong), and so
 * is a file that can't be read.
 */
export async function readResultsFile(file: string, label: string = file): Promise<SubmissionResult[]> {
  const results: SubmissionResult[] = [];
  const problems: string[] = [];
  try {
    for await (const result of streamResults(file, label, (problem) => problems.push(problem))) results.push(result);
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new ResultsFileError(`cannot read ${label}: ${(error as Error).message}`);
  }
  if (problems.length > 0) throw new ResultsFileError(describeBadLines(problems, `${label} is not a results file quizgrade can use; nothing was changed`));
  return results;
}
