/**
 * A grading run: inputs -> worker pool -> `results.jsonl`, streamed in input
 * order, resumable, shardable. Every input record yields exactly one result.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { Quiz } from '../quiz/model.ts';
import type { SubmissionResult } from '../types.ts';
import { readInputs, type InputRecord } from './inputs.ts';
import { GradingPool, type PoolOptions } from './pool.ts';

/** A deterministic slice of the inputs: record positions p with p mod count = index - 1. */
export interface Shard {
  index: number;
  count: number;
}

export class RunError extends Error {}

/** Bytes of results.jsonl gathered before each write. */
const WRITE_BATCH_BYTES = 1 << 20;

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new RunError(`--shard takes i/n with 1 <= i <= n, like 2/8 (got "${text}")`);
  return { index, count };
}

export function inShard(position: number, shard?: Shard): boolean {
  return shard === undefined || position % shard.count === shard.index - 1;
}

/** Flags every later submission of a student id already seen; both are kept. */
export class DuplicateTracker {
  private readonly firstSeen = new Map<string, number>();

  flag(result: SubmissionResult): SubmissionResult {
    const { id } = result.student;
    if (id === '' || result.position === undefined) return result;
    const first = this.firstSeen.get(id);
    if (first === undefined) {
      this.firstSeen.set(id, result.position);
      return result;
    }
    return { ...result, duplicateOf: first };
  }
}

/**
 * A graded record's line (UTF-8, ending `}\n`) flagged as a duplicate: it gains
 * `duplicateOf` at its end, exactly where JSON.stringify puts the key added
 * last, without serializing the result again.
 */
export function flaggedLine(line: Uint8Array, duplicateOf: number): Buffer {
  return Buffer.concat([line.subarray(0, line.length - 2), Buffer.from(`,"duplicateOf":${duplicateOf}}\n`)]);
}

/** Reads a results file line by line; a partly written last line is reported, not parsed. */
export async function* readResults(file: string): AsyncGenerator<{ result?: SubmissionResult; bytes: number; broken?: string }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const bytes = Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    try {
      yield { result: JSON.parse(line) as SubmissionResult, bytes };
    } catch (error) {
      yield { bytes, broken: (error as Error).message };
    }
  }
}

/** Keeps the complete results of an interrupted run and cuts off a partly written last line. */
async function resumePoint(resultsPath: string): Promise<SubmissionResult[]> {
  const info = await stat(resultsPath).catch(() => undefined);
  if (!info) return [];
  const kept: SubmissionResult[] = [];
  let keptBytes = 0;
  let lastBytes = 0;
  for await (const { result, bytes } of readResults(resultsPath)) {
    if (!result) break;
    kept.push(result);
    keptBytes += bytes;
    lastBytes = bytes;
  }
  // readline counts a newline after every line; a last line without one was cut off mid-write.
  if (keptBytes > info.size) {
    kept.pop();
    keptBytes -= lastBytes;
  }
  await truncate(resultsPath, keptBytes);
  return kept;
}

export interface RunOptions extends PoolOptions {
  files: string[];
  baseDir: string;
  resultsPath: string;
  shard?: Shard;
  resume?: boolean;
  /** Called after each result is written, with the count so far. */
  onProgress?: (done: number) => void;
  /**
   * Called with every result of the run in input order, resumed ones included
   * (reports accumulate from it). Results graded now come without the parts'
   * `details`; results.jsonl has them.
   */
  onResult?: (result: SubmissionResult) => void;
}

export interface RunSummary {
  results: number;
  resumed: number;
}

/** Records of this run's shard, in order, with the ones already in the results file skipped after checking they match. */
async function* pendingRecords(quizId: string, options: RunOptions, done: SubmissionResult[]): AsyncGenerator<InputRecord> {
  let index = 0;
  for await (const record of readInputs(options.files, options.baseDir, { parse: 'later' })) {
    if (!inShard(record.position, options.shard)) continue;
    const previous = done[index++];
    if (previous !== undefined && previous.quiz !== quizId) {
      throw new RunError(`${options.resultsPath} holds results of quiz "${previous.quiz}", not "${quizId}"; grade into a fresh --out instead of --resume`);
    }
    if (previous === undefined) {
      yield record;
    } else if (previous.position !== record.position || previous.source !== record.source) {
      throw new RunError(`${options.resultsPath} holds results of other inputs (result ${index} is ${previous.source ?? '?'} at position ${previous.position}, the input is ${record.source} at ${record.position}); grade into a fresh --out instead of --resume`);
    }
  }
  if (index < done.length) throw new RunError(`${options.resultsPath} holds more results than there are inputs; grade into a fresh --out instead of --resume`);
}

export async function gradeRun(quiz: Quiz, options: RunOptions): Promise<RunSummary> {
  const done = options.resume ? await resumePoint(options.resultsPath) : [];
  const duplicates = new DuplicateTracker();
  for (const result of done) {
    duplicates.flag(result);
    options.onResult?.(result);
  }
  const stream = createWriteStream(options.resultsPath, { flags: options.resume ? 'a' : 'w' });
  const pool = new GradingPool(quiz, options);
  let written = done.length;
  // Lines are written in batches: one write per result costs more than the line itself.
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  const take = (): Buffer => {
    const bytes = Buffer.concat(batch, batchBytes);
    batch = [];
    batchBytes = 0;
    return bytes;
  };
  const flush = async (): Promise<void> => {
    if (batchBytes > 0 && !stream.write(take())) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  };
  try {
    for await (const graded of pool.grade(pendingRecords(quiz.id, options, done))) {
      const result = duplicates.flag(graded.result);
      const line = result.duplicateOf === undefined ? graded.line : flaggedLine(graded.line, result.duplicateOf);
      options.onResult?.(result);
      batch.push(line);
      batchBytes += line.length;
      if (batchBytes >= WRITE_BATCH_BYTES) await flush();
      options.onProgress?.(++written);
    }
    await flush();
  } finally {
    // Whatever was graded is kept, even when the run stops on an error: --resume continues from it.
    stream.end(take());
    await finished(stream);
    await pool.close();
  }
  return { results: written, resumed: done.length };
}

/** Counts the records of this shard (for a progress bar's total), without parsing them. */
export async function countRecords(files: string[], shard?: Shard): Promise<number> {
  let count = 0;
  for await (const record of readInputs(files, process.cwd(), { parse: 'count' })) if (inShard(record.position, shard)) count++;
  return count;
}

/** Every result of a results file, in file order. A broken line is an error: these are finished results. */
export async function collectResults(file: string): Promise<SubmissionResult[]> {
  const results: SubmissionResult[] = [];
  let line = 0;
  for await (const { result, broken } of readResults(file)) {
    line++;
    if (!result) throw new RunError(`${file}:${line}: not a result (${broken})`);
    results.push(result);
  }
  return results;
}

/**
 * Combines shards into one results set in input order, exactly as one run would
 * have written it (duplicate student ids flagged across shards).
 */
export async function mergeResults(files: string[]): Promise<SubmissionResult[]> {
  const all: SubmissionResult[] = [];
  for (const file of files) all.push(...(await collectResults(file)));
  all.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const quizzes = [...new Set(all.map((result) => result.quiz))];
  if (quizzes.length > 1) throw new RunError(`the results are of different quizzes (${quizzes.join(', ')}); merge the shards of one run`);
  for (let i = 0; i < all.length; i++) {
    const position = all[i]!.position;
    if (i > 0 && position === all[i - 1]!.position) {
      throw new RunError(`two results for input position ${position} (${all[i]!.source}); were the same shard merged twice?`);
    }
    // Shards of one run cover positions 0..N-1: a gap is a shard (or part of one) missing.
    if (position !== i) {
      throw new RunError(`no result for input position ${i}${position === undefined ? '' : ` (the next is ${position})`}; is a shard missing or unfinished?`);
    }
  }
  const duplicates = new DuplicateTracker();
  return all.map(({ duplicateOf: _ignored, ...result }) => duplicates.flag(result));
}
