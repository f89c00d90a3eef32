/**
 * Grading in a pool of worker threads (piscina). Records stream in, are cut into
 * chunks, graded in parallel, and come out in input order. A watchdog enforces
 * each answer's time budget; a worker that dies is replaced and its
 * submissions are retried once, alone, before being marked `error`.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import type { Part, Quiz } from '../spec/model.ts';
import type { PartResult, SubmissionResult } from '../types.ts';
import { readRecord } from './grade.ts';
import { studentOf } from './submission.ts';
import type { InputRecord } from './inputs.ts';
import { gradedRecord, type GradedRecord } from './lines.ts';
import { HEARTBEAT_PART, HEARTBEAT_RECORD, HEARTBEAT_SLOTS, HEARTBEAT_TIME, type ChunkTask } from './worker.ts';

/** Seconds an answer may take before it is left for a person ("timed out"). */
export const TIMEOUT_DEFAULT_SECONDS = 2;
/**
 * Overruns of one answer (from any students) before it is no longer tried for
 * others: one overrun may be a busy machine, two is the answer.
 */
export const OVERRUNS_BEFORE_SKIPPED = 2;
/** Heap limit of each worker, in MB; an answer that needs more kills only its worker. */
export const WORKER_MEMORY_DEFAULT_MB = 256;
/** Below this a worker can't even load its modules, and Node reports that as a fatal error. */
export const WORKER_MEMORY_MIN_MB = 64;
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

export function timedOutPart(part: Part, answer: unknown, budgetMs: number): PartResult {
  return {
    key: part.key,
    question: part.question,
    part: part.part,
    score: 0,
    maxScore: part.points,
    status: 'needs-review',
    ...(answer !== undefined && { answer: answer as PartResult['answer'] }),
    feedback: [`timed out: grading this answer took longer than ${budgetMs / 1000} s; it is left for a person to grade`],
    method: 'timeout',
  };
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
  /** Overruns per answer, by part key: past OVERRUNS_BEFORE_SKIPPED the same answer from another student is not graded again. */
  private readonly overrunning = new Map<string, Map<string, number>>();
  /** Parts that overran, by input position: skipped when the chunk is graded again. */
  private readonly overranAt = new Map<number, Set<string>>();
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
      resourceLimits: { maxOldGenerationSizeMb: options.workerMemoryMb ?? WORKER_MEMORY_DEFAULT_MB },
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

  /** The parts of these records that overran before, by input position, as the worker takes them. */
  private skipsFor(records: InputRecord[]): ChunkTask['skipped'] {
    const skipped: ChunkTask['skipped'] = [];
    if (this.overranAt.size === 0) return skipped;
    for (const record of records) {
      const keys = this.overranAt.get(record.position);
      if (!keys) continue;
      skipped.push([record.position, [...keys].map((key) => [key, this.timedOut(key, answerOf(record, key))])]);
    }
    return skipped;
  }

  /** The answers no one's copy of is graded any more, with the result that stands for them. */
  private overrunningAnswers(): ChunkTask['overrunning'] {
    const table: ChunkTask['overrunning'] = [];
    for (const [key, counts] of this.overrunning) {
      const answers: [string, PartResult][] = [];
      for (const [text, count] of counts) if (count >= OVERRUNS_BEFORE_SKIPPED) answers.push([text, this.timedOut(key, JSON.parse(text))]);
      if (answers.length > 0) table.push([key, answers]);
    }
    return table;
  }

  private timedOut(key: string, answer: unknown): PartResult {
    const part = this.quiz.parts.find((candidate) => candidate.key === key)!;
    return timedOutPart(part, answer, partBudgetMs(this.quiz, part, this.options.timeoutSeconds));
  }

  /** Grades one chunk; never rejects. */
  async gradeChunk(records: InputRecord[], retried = false): Promise<GradedRecord[]> {
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
          overrunning: this.overrunningAnswers(),
        };
        return (await this.pool.run(task, { signal: watched.controller.signal })) as GradedRecord[];
      } catch (error) {
        if (watched.timedOut) {
          const record = records[watched.timedOut.record]!;
          const key = this.quiz.parts[watched.timedOut.part]!.key;
          const keys = this.overranAt.get(record.position) ?? new Set<string>();
          this.overranAt.set(record.position, keys.add(key));
          const answer = answerOf(record, key);
          if (answer !== undefined) {
            const counts = this.overrunning.get(key) ?? new Map<string, number>();
            const text = JSON.stringify(answer);
            this.overrunning.set(key, counts.set(text, (counts.get(text) ?? 0) + 1));
          }
          continue;
        }
        if (records.length > 1) {
          // Find the submission that kills workers: grade each alone, counting this as its first try.
          const alone = await Promise.all(records.map((record) => this.gradeChunk([record], true)));
          return alone.flat();
        }
        if (++crashes < 2) continue;
        return [gradedRecord(crashedSubmission(this.quiz, records[0]!, (error as Error).message))];
      } finally {
        this.watched.delete(watched);
      }
    }
  }

  /** Grades a stream of records, yielding one graded record per input record, in input order. */
  async *grade(records: AsyncIterable<InputRecord>): AsyncGenerator<GradedRecord> {
    const pending: Promise<GradedRecord[]>[] = [];
    const inFlight = this.jobs * TASKS_IN_FLIGHT_PER_WORKER;
    let chunk: InputRecord[] = [];
    for await (const record of records) {
      chunk.push(record);
      if (chunk.length >= CHUNK_SIZE) {
        pending.push(this.gradeChunk(chunk));
        chunk = [];
      }
      while (pending.length >= inFlight) yield* await pending.shift()!;
    }
    if (chunk.length > 0) pending.push(this.gradeChunk(chunk));
    while (pending.length > 0) yield* await pending.shift()!;
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await this.pool.destroy();
  }
}
