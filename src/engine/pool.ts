/**
 * Grading in a pool of worker threads (piscina). Records stream in, are cut into
 * chunks, graded in parallel, and come out in input order. A watchdog enforces
 * each answer's time budget; a worker that dies is replaced and its
 * submissions are retried once, alone, before being marked `error`.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import type { Part, Quiz } from '../quiz/model.ts';
import type { PartResult, SubmissionResult } from '../types.ts';
import { readRecord } from './grade.ts';
import { studentOf } from '../core/submission.ts';
import type { InputRecord } from './inputs.ts';
import { chunkOf, gradedRecord, mergeChunks, recordsOf, type GradedBytes, type GradedChunk } from './lines.ts';
import { HEARTBEAT_PART, HEARTBEAT_RECORD, HEARTBEAT_SLOTS, HEARTBEAT_TIME, type ChunkTask } from './worker.ts';
import { TIMEOUT_DEFAULT_SECONDS, WORKER_MEMORY_DEFAULT_MB } from './limits.ts';

/**
 * Overruns of one answer (from any students) before it is no longer tried for
 * others: one overrun may be a busy machine, two is the answer.
 */
export const OVERRUNS_BEFORE_SKIPPED = 2;
/**
 * Young-generation size of each worker, in MB: grading allocates short-lived
 * objects fast, and a smaller nursery than V8's default costs no time here but
 * saves memory (measured: 10,000 submissions, 2 workers, peak RSS 540 -> 475 MB).
 */
export const WORKER_YOUNG_GENERATION_MB = 16;
/** Submissions per task: large enough to amortize messaging, small enough to retry cheaply. */
export const CHUNK_SIZE = 64;
/** Tasks queued per worker, so reading stays ahead of grading without holding the class in memory. */
const TASKS_IN_FLIGHT_PER_WORKER = 4;
/** How often the watchdog looks at the workers' heartbeats. */
const WATCHDOG_INTERVAL_MS = 50;

export interface PoolOptions {
  /** The spec path, loaded once by each worker. */
  specPath: string;
  /** Worker threads; default: the number of cores. */
  jobs?: number;
  cache?: boolean;
  /** Per-answer budget in seconds, overriding the spec's. */
  timeoutSeconds?: number;
  workerMemoryMb?: number;
  /** The worker module (default `./worker.ts`); tests substitute one that crashes or hangs on purpose. */
  workerFile?: URL;
}

/** The budget of one part: the CLI's, else the answer's, else the quiz's, else the default. */
export function partBudgetMs(quiz: Quiz, part: Part, override?: number): number {
  const seconds = override ?? (part.answer.timeout as number | undefined) ?? quiz.timeout ?? TIMEOUT_DEFAULT_SECONDS;
  return seconds * 1000;
}

/** The result that stands for a part whose grading was stopped: no score, the answer kept, the reason said. */
function stoppedPart(part: Part, answer: unknown, status: PartResult['status'], reason: string, method: string): PartResult {
  return {
    key: part.key,
    question: part.question,
    part: part.part,
    score: 0,
    maxScore: part.points,
    status,
    ...(answer !== undefined && { answer: answer as PartResult['answer'] }),
    feedback: [reason],
    method,
  };
}

export function timedOutPart(part: Part, answer: unknown, budgetMs: number): PartResult {
  const reason = `timed out: grading this answer took longer than ${budgetMs / 1000} s; it is left for a person to grade`;
  return stoppedPart(part, answer, 'needs-review', reason, 'timeout');
}

/** A part whose grading took its worker down twice: an error for that part only; the rest of the submission is graded. */
export function crashedPart(part: Part, answer: unknown, message: string): PartResult {
  const reason = `grading this answer stopped its worker twice (${message}); it is left out, for a person to grade`;
  return stoppedPart(part, answer, 'error', reason, 'crash');
}

function crashedSubmission(quiz: Quiz, record: InputRecord, message: string): SubmissionResult {
  const read = readRecord(record);
  return {
    quiz: quiz.id,
    student: studentOf(read.ok ? read.value : undefined),
    status: 'error',
    score: 0,
    maxScore: quiz.maxScore,
    parts: [],
    errors: [`grading failed twice, the second time alone in a fresh worker: ${message}`],
    source: record.source,
    position: record.position,
    ...(record.fingerprint !== undefined && { inputHash: record.fingerprint }),
  };
}

/** The worker module beside this one: the bundle's in dist/, or the TypeScript source. */
const DEFAULT_WORKER = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/** A TypeScript worker loads through tsx, resolved from here (not from the user's cwd); a bundle needs nothing. */
function execArgvFor(worker: URL): string[] {
  return worker.pathname.endsWith('.ts') ? ['--import', createRequire(import.meta.url).resolve('tsx')] : [];
}

interface Watched {
  beat: Int32Array;
  startedAt: number;
  controller: AbortController;
  timedOut?: { record: number; part: number };
}

function answerOf(record: InputRecord, key: string): unknown {
  const read = readRecord(record);
  const answers = read.ok ? (read.value as { answers?: unknown } | null)?.answers : undefined;
  return answers && typeof answers === 'object' && Object.hasOwn(answers, key) ? (answers as Record<string, unknown>)[key] : undefined;
}

export class GradingPool {
  private readonly pool: Piscina;
  private readonly watched = new Set<Watched>();
  private readonly watchdog: NodeJS.Timeout;
  /**
   * Answers that stopped grading (overran their budget, or crashed workers
   * twice), by part key and answer JSON: once `count` reaches
   * OVERRUNS_BEFORE_SKIPPED, the same answer from another student is not
   * graded again but gets `result`.
   */
  private readonly stoppers = new Map<string, Map<string, { count: number; result: PartResult }>>();
  /** Parts that overran or crashed, by input position: not graded again, the result given instead. */
  private readonly stoppedAt = new Map<number, Map<string, PartResult>>();
  readonly jobs: number;

  constructor(readonly quiz: Quiz, private readonly options: PoolOptions) {
    this.jobs = Math.max(1, options.jobs ?? availableParallelism());
    const worker = options.workerFile ?? DEFAULT_WORKER;
    this.pool = new Piscina({
      filename: worker.href,
      minThreads: this.jobs,
      maxThreads: this.jobs,
      concurrentTasksPerWorker: 1,
      idleTimeout: 30_000,
      execArgv: execArgvFor(worker),
      resourceLimits: { maxOldGenerationSizeMb: options.workerMemoryMb ?? WORKER_MEMORY_DEFAULT_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.watchdog = setInterval(() => this.checkBudgets(), WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
  }

  private checkBudgets(): void {
    const now = Date.now();
    for (const watched of this.watched) {
      if (watched.timedOut) continue;
      // Record first, then part and time, then the record again: a worker moving on meanwhile is not blamed.
      const record = Atomics.load(watched.beat, HEARTBEAT_RECORD);
      const partIndex = Atomics.load(watched.beat, HEARTBEAT_PART);
      const started = Atomics.load(watched.beat, HEARTBEAT_TIME);
      if (partIndex < 0 || Atomics.load(watched.beat, HEARTBEAT_RECORD) !== record) continue;
      if (Atomics.load(watched.beat, HEARTBEAT_PART) !== partIndex || Atomics.load(watched.beat, HEARTBEAT_TIME) !== started) continue;
      const part = this.quiz.parts[partIndex]!;
      if (now - watched.startedAt - started > partBudgetMs(this.quiz, part, this.options.timeoutSeconds)) {
        watched.timedOut = { record, part: partIndex };
        watched.controller.abort();
      }
    }
  }

  /** The parts of these records that stopped grading before, by input position, as the worker takes them. */
  private skipsFor(records: InputRecord[]): ChunkTask['skipped'] {
    const skipped: ChunkTask['skipped'] = [];
    if (this.stoppedAt.size === 0) return skipped;
    for (const record of records) {
      const parts = this.stoppedAt.get(record.position);
      if (parts) skipped.push([record.position, [...parts]]);
    }
    return skipped;
  }

  /** The answers no one's copy of is graded any more, with the result that stands for them. */
  private stoppingAnswers(): ChunkTask['skippedAnswers'] {
    const table: ChunkTask['skippedAnswers'] = [];
    for (const [key, answers] of this.stoppers) {
      const known: [string, PartResult][] = [];
      for (const [text, { count, result }] of answers) if (count >= OVERRUNS_BEFORE_SKIPPED) known.push([text, result]);
      if (known.length > 0) table.push([key, known]);
    }
    return table;
  }

  /** Records that part `partIndex` of `record` stopped grading, and what stands for it from now on. */
  private stop(record: InputRecord, partIndex: number, resultFor: (part: Part, answer: unknown) => PartResult): void {
    const part = this.quiz.parts[partIndex]!;
    const answer = answerOf(record, part.key);
    const result = resultFor(part, answer);
    this.stoppedAt.set(record.position, (this.stoppedAt.get(record.position) ?? new Map<string, PartResult>()).set(part.key, result));
    if (answer === undefined) return;
    const answers = this.stoppers.get(part.key) ?? new Map<string, { count: number; result: PartResult }>();
    const text = JSON.stringify(answer);
    answers.set(text, { count: (answers.get(text)?.count ?? 0) + 1, result });
    this.stoppers.set(part.key, answers);
  }

  /** Grades one chunk; never rejects. */
  async gradeChunk(records: InputRecord[], retried = false): Promise<GradedChunk> {
    let crashes = retried ? 1 : 0;
    for (;;) {
      const heartbeat = new SharedArrayBuffer(HEARTBEAT_SLOTS * Int32Array.BYTES_PER_ELEMENT);
      const beat = new Int32Array(heartbeat);
      beat[HEARTBEAT_PART] = -1;
      const watched: Watched = { beat, startedAt: Date.now(), controller: new AbortController() };
      this.watched.add(watched);
      try {
        const task: ChunkTask = {
          specPath: this.options.specPath,
          cache: this.options.cache ?? true,
          records,
          heartbeat,
          startedAt: watched.startedAt,
          skipped: this.skipsFor(records),
          skippedAnswers: this.stoppingAnswers(),
        };
        return (await this.pool.run(task, { signal: watched.controller.signal })) as GradedChunk;
      } catch (error) {
        if (watched.timedOut) {
          const budget = (part: Part) => partBudgetMs(this.quiz, part, this.options.timeoutSeconds);
          this.stop(records[watched.timedOut.record]!, watched.timedOut.part, (part, answer) => timedOutPart(part, answer, budget(part)));
          continue;
        }
        if (records.length > 1) {
          // Find the submission that kills workers: grade each alone, counting this as its first try.
          const alone = await Promise.all(records.map((record) => this.gradeChunk([record], true)));
          return mergeChunks(alone);
        }
        if (++crashes < 2) continue;
        // Twice down inside one part: leave that part out and grade the rest (a crash outside any part fails the submission).
        const message = (error as Error).message;
        const partIndex = Atomics.load(beat, HEARTBEAT_PART);
        const part = this.quiz.parts[partIndex];
        if (part !== undefined && !this.stoppedAt.get(records[0]!.position)?.has(part.key)) {
          // One student's crash does not condemn the answer for everyone: that takes a second one.
          this.stop(records[0]!, partIndex, (stopped, answer) => crashedPart(stopped, answer, message));
          crashes = 0;
          continue;
        }
        return chunkOf([gradedRecord(crashedSubmission(this.quiz, records[0]!, message))]);
      } finally {
        this.watched.delete(watched);
      }
    }
  }

  /** Grades a stream of records, yielding one graded record per input record, in input order. */
  async *grade(records: AsyncIterable<InputRecord>): AsyncGenerator<GradedBytes> {
    const pending: Promise<GradedChunk>[] = [];
    const inFlight = this.jobs * TASKS_IN_FLIGHT_PER_WORKER;
    let chunk: InputRecord[] = [];
    for await (const record of records) {
      chunk.push(record);
      if (chunk.length >= CHUNK_SIZE) {
        pending.push(this.gradeChunk(chunk));
        chunk = [];
      }
      while (pending.length >= inFlight) yield* recordsOf(await pending.shift()!);
    }
    if (chunk.length > 0) pending.push(this.gradeChunk(chunk));
    while (pending.length > 0) yield* recordsOf(await pending.shift()!);
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await this.pool.destroy();
  }
}
