/**
 * A grading run: inputs -> worker pool -> `results.jsonl`, streamed in input
 * order, resumable, shardable. Every input record yields exactly one result.
 * The results file is written through src/results/, its only writer.
 */
import type { AssistStage } from '../assist/stage.ts';
import type { Quiz } from '../quiz/model.ts';
import { DuplicateTracker, flaggedLine, ResultsWriter } from '../results/index.ts';
import type { SubmissionResult } from '../types.ts';
import { readInputs, type InputRecord } from './inputs.ts';
import { GradingPool, type PoolOptions } from './pool.ts';
import { inShard, RunError, type Shard } from './shard.ts';

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
  /** Logs a suggestion in each review-bound rubric part's line before it is written (`--assist`). */
  assist?: AssistStage;
}

export interface RunSummary {
  results: number;
  resumed: number;
  /** Worker threads the run graded with. */
  jobs: number;
}

const FRESH_OUT = 'grade into a fresh --out instead of --resume';

/**
 * Records of this run's shard, in order, with the ones already in the results
 * file skipped after checking that they are the same inputs, unchanged.
 */
async function* pendingRecords(quizId: string, options: RunOptions, done: SubmissionResult[]): AsyncGenerator<InputRecord> {
  let index = 0;
  for await (const record of readInputs(options.files, options.baseDir, { parse: 'later' })) {
    if (!inShard(record.position, options.shard)) continue;
    const previous = done[index++];
    if (previous === undefined) {
      yield record;
      continue;
    }
    if (previous.quiz !== quizId) throw new RunError(`${options.resultsPath} holds results of quiz "${previous.quiz}", not "${quizId}"; ${FRESH_OUT}`);
    if (previous.position !== record.position || previous.source !== record.source) {
      throw new RunError(`${options.resultsPath} holds results of other inputs (result ${index} is ${previous.source ?? '?'} at position ${previous.position}, the input is ${record.source} at ${record.position}); ${FRESH_OUT}`);
    }
    if (previous.inputHash !== record.fingerprint) {
      throw new RunError(`${record.source} changed since it was graded into ${options.resultsPath} (its content is not the same); ${FRESH_OUT}`);
    }
  }
  if (index < done.length) throw new RunError(`${options.resultsPath} holds more results than there are inputs; ${FRESH_OUT}`);
}

export async function gradeRun(quiz: Quiz, options: RunOptions): Promise<RunSummary> {
  const { writer, kept: done } = await ResultsWriter.open(options.resultsPath, { resume: options.resume ?? false });
  const duplicates = new DuplicateTracker();
  const pool = new GradingPool(quiz, options);
  let written = done.length;
  try {
    // Checked before anything is graded: a resume onto other inputs fails before it costs anything.
    const pending = pendingRecords(quiz.id, options, done);
    for (const result of done) {
      duplicates.flag(result);
      options.onResult?.(result);
    }
    const fromPool = pool.grade(pending);
    for await (const graded of options.assist?.process(fromPool) ?? fromPool) {
      const result = duplicates.flag(graded.result);
      const line = result.duplicateOf === undefined ? graded.line : flaggedLine(graded.line, result.duplicateOf);
      options.onResult?.(result);
      await writer.add(line);
      options.onProgress?.(++written);
    }
  } finally {
    // Whatever was graded is kept, even when the run stops on an error: --resume continues from it.
    await Promise.all([writer.close(), pool.close()]);
  }
  return { results: written, resumed: done.length, jobs: pool.jobs };
}

/** Counts the records of this shard (for a progress bar's total), without parsing them; stops at `upTo`. */
export async function countRecords(files: string[], shard?: Shard, upTo = Infinity): Promise<number> {
  let count = 0;
  for await (const record of readInputs(files, process.cwd(), { parse: 'count' })) {
    if (inShard(record.position, shard)) count++;
    if (count >= upTo) break;
  }
  return count;
}
