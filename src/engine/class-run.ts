/**
 * A class run, end to end: inputs -> pool -> results.jsonl -> every class
 * output, with the summary. Hosts (the CLI, a script) call this and print;
 * they hold no part of the orchestration.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AssistSettings, AssistStage, AssistSummary } from '../assist/stage.ts';
import type { Quiz } from '../quiz/model.ts';
import {
  ClassAccumulator,
  DEFAULT_CLASS_FORMATS,
  finishCountedClass,
  quizInfo,
  writePreparedReports,
  type ClassTable,
  type ExportOptions,
  type ReportFormat,
} from '../reporters/index.ts';
import { CountedSelector, lockFolder, RESULTS_FILE_NAME, writing, type ResubmissionPolicy } from '../results/index.ts';
import { printable } from '../util/printable.ts';
import { expandInputs } from './inputs.ts';
import type { PoolOptions } from './pool.ts';
import { ONE_WORKER_BELOW } from './limits.ts';
import { countRecords, gradeRun } from './run.ts';
import type { Shard } from './shard.ts';
import { RunTally } from './tally.ts';

/** A progress display, driven by the run: the total first, then the count done. */
export interface RunProgress {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

/** A class run: the pool's options (spec path, jobs, cache, budgets) and what the run reads and writes. */
export interface ClassRunOptions extends PoolOptions {
  quiz: Quiz;
  /** Files, folders and JSONL files, relative to `baseDir`. */
  inputs: string[];
  baseDir: string;
  outDir: string;
  formats?: readonly ReportFormat[];
  /** How the LMS exports are made: column names, ids, optional columns. */
  exports?: ExportOptions;
  /** Which of a student's submissions counts in the class outputs (default `latest`). */
  policy?: ResubmissionPolicy;
  resume?: boolean;
  shard?: Shard;
  /** One line for the person running it: skipped folder entries, a lock taken over. */
  onWarning?: (message: string) => void;
  progress?: RunProgress;
  /** Names the run in the output folder's lock. */
  command?: string;
  /** Asks this endpoint for a suggestion on each rubric part headed for review (logged, never scored). */
  assist?: AssistSettings;
}

export interface ClassRunOutcome {
  tally: RunTally;
  resultsPath: string;
  /** Every file written, results.jsonl first. */
  written: string[];
  /** Results that were already in results.jsonl (`resume`). */
  resumed: number;
  /** Worker threads the class was graded with: one for a class below ONE_WORKER_BELOW unless `jobs` was given. */
  jobs: number;
  /** The class as analysed: what every class output was made from. */
  table: ClassTable;
  /** What `assist` did, when it was given. */
  assist?: AssistSummary;
}

/** The `--assist` stage, loaded only when asked for (it brings its own packages). */
async function openAssist(quiz: Quiz, settings: AssistSettings, outDir: string): Promise<AssistStage> {
  const { ASSIST_CACHE_FILE, AssistStage } = await import('../assist/stage.ts');
  return AssistStage.open(quiz, settings, path.join(outDir, ASSIST_CACHE_FILE));
}

/** Grades a class into `outDir`: results.jsonl, then the class outputs analysed as it was graded. */
export async function gradeClass(options: ClassRunOptions): Promise<ClassRunOutcome> {
  const warn = options.onWarning ?? (() => {});
  const { quiz, outDir } = options;
  const files = await expandInputs(options.inputs, options.baseDir, (skipped) => warn(`warning: skipped ${printable(skipped.path)}: ${skipped.reason}`));
  await writing(outDir, () => mkdir(outDir, { recursive: true }));
  const lock = await lockFolder(outDir, options.command ?? `grade ${options.specPath}`);
  if (lock.tookOver) warn(lock.tookOver);
  try {
    const resultsPath = path.join(outDir, RESULTS_FILE_NAME);
    const tally = new RunTally();
    const info = quizInfo(quiz);
    const accumulator = new ClassAccumulator(info);
    const selector = new CountedSelector(options.policy);
    const { progress } = options;
    const total = progress && (await countRecords(files, options.shard));
    if (progress) progress.start(total || 0);
    // A small class is graded by one worker unless --jobs says otherwise; counting stops at the threshold.
    const small = options.jobs === undefined && (total || (await countRecords(files, options.shard, ONE_WORKER_BELOW))) < ONE_WORKER_BELOW;
    const assist = options.assist && (await openAssist(quiz, options.assist, outDir));
    const run = await gradeRun(quiz, {
      ...options,
      ...(small && { jobs: 1 }),
      files,
      resultsPath,
      assist,
      ...(progress && { onProgress: (done: number) => progress.update(done) }),
      onResult: (result) => {
        tally.add(result);
        accumulator.add(result);
        selector.add(result);
      },
    }).finally(() => progress?.stop());
    const assisted = await assist?.finish();
    // The class is analysed as it is graded; results.jsonl is read again when the policy set some aside, and for per-submission outputs.
    const formats = options.formats ?? DEFAULT_CLASS_FORMATS;
    const { table, source } = await finishCountedClass(resultsPath, accumulator, selector, { quiz: info });
    const written = await writePreparedReports(table, source, outDir, {
      formats,
      ...(options.exports !== undefined && { exports: options.exports }),
    });
    return { tally, resultsPath, written: [resultsPath, ...written], resumed: run.resumed, jobs: run.jobs, table, ...(assisted && { assist: assisted }) };
  } finally {
    await lock.release();
  }
}
