/**
 * Grading straight into results.jsonl lines, as the pool's workers do: each
 * result comes out as its line (byte for byte JSON.stringify of the result)
 * and as a lean copy without the parts' `details` for the class statistics.
 * A cached verdict is kept as its JSON and its lean copy only, so a repeated
 * answer costs neither a serialization nor the memory of the whole object.
 */
import type { Quiz } from '../quiz/model.ts';
import type { PartResult, SubmissionResult } from '../types.ts';
import { type GradeHooks, type GradeOptions, PartGrading } from './grade.ts';
import type { InputRecord } from './inputs.ts';

/** One graded record: the line as results.jsonl holds it, and the result without the parts' `details`. */
export interface GradedRecord {
  line: string;
  result: SubmissionResult;
}

/** A part's verdict as a line needs it. */
interface PartLine {
  json: string;
  lean: PartResult;
}

export function leanPart(part: PartResult): PartResult {
  if (part.details === undefined) return part;
  const { details: _details, ...lean } = part;
  return lean;
}

/** The result as the class statistics read it: everything but the parts' `details`, which only the line needs. */
export function leanResult(result: SubmissionResult): SubmissionResult {
  return result.parts.length === 0 ? result : { ...result, parts: result.parts.map(leanPart) };
}

/** Where the parts go in a result's JSON: `"parts":[]` can only be the key, as quotes inside strings are escaped. */
const EMPTY_PARTS = '"parts":[]';

/** The results.jsonl line of a result whose parts are given as JSON (byte for byte JSON.stringify of the whole). */
export function assembleLine(result: SubmissionResult, partsJson: readonly string[]): string {
  const shell = JSON.stringify({ ...result, parts: [] });
  if (partsJson.length === 0) return shell;
  const at = shell.indexOf(EMPTY_PARTS);
  return `${shell.slice(0, at)}"parts":[${partsJson.join(',')}]${shell.slice(at + EMPTY_PARTS.length)}`;
}

/**
 * Graded records as they travel from a worker to the main thread: every line
 * UTF-8 encoded (each with its newline) into one byte array, so the main
 * thread writes bytes and never holds the lines as strings.
 */
export interface GradedChunk {
  bytes: Uint8Array;
  /** End offset of each record's line in `bytes`. */
  ends: number[];
  results: SubmissionResult[];
}

/** One record of a graded chunk: its line as bytes (newline included) and its lean result. */
export interface GradedBytes {
  line: Uint8Array;
  result: SubmissionResult;
}

export function chunkOf(records: readonly GradedRecord[]): GradedChunk {
  const encoded = records.map((record) => Buffer.from(`${record.line}\n`));
  const ends: number[] = [];
  let end = 0;
  for (const line of encoded) ends.push((end += line.length));
  return { bytes: Buffer.concat(encoded, end), ends, results: records.map((record) => record.result) };
}

export function* recordsOf(chunk: GradedChunk): Generator<GradedBytes> {
  let start = 0;
  for (const [index, end] of chunk.ends.entries()) {
    yield { line: chunk.bytes.subarray(start, end), result: chunk.results[index]! };
    start = end;
  }
}

export function mergeChunks(chunks: readonly GradedChunk[]): GradedChunk {
  const ends: number[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    for (const end of chunk.ends) ends.push(offset + end);
    offset += chunk.bytes.length;
  }
  return { bytes: Buffer.concat(chunks.map((chunk) => chunk.bytes), offset), ends, results: chunks.flatMap((chunk) => chunk.results) };
}

/** The line and lean result of a result object (invalid submissions, crashes). */
export function gradedRecord(result: SubmissionResult): GradedRecord {
  return { line: JSON.stringify(result), result: leanResult(result) };
}

function partLine(result: PartResult, shared: boolean): PartLine {
  const lean = leanPart(result);
  if (shared) Object.freeze(lean);
  return { json: JSON.stringify(result), lean };
}

/** Grades submissions of one quiz into graded records; holds the verdict cache. */
export class LineGrader {
  private readonly grading: PartGrading<PartLine>;

  constructor(readonly quiz: Quiz, options: GradeOptions = {}) {
    this.grading = new PartGrading(quiz, options, partLine);
  }

  /** One graded record per input record, exactly as `Grader.gradeRecord` and JSON.stringify would give it. Never throws. */
  gradeRecord(record: InputRecord, hooks: GradeHooks = {}): GradedRecord {
    const { result, verdicts } = this.grading.gradeRecord(record, hooks, (verdict) => verdict.lean);
    return { line: assembleLine(result, verdicts.map((verdict) => verdict.json)), result };
  }
}
