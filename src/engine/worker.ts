/**
 * A grading worker thread: loads the quiz once, then grades chunks of input
 * records, parsing their JSON here and handing back each result both as its
 * ready `results.jsonl` line (UTF-8 bytes) and as a lean object for the class
 * statistics, so the main thread neither parses, serializes nor encodes.
 * Before each part it writes (record, part, time) into a shared heartbeat, so
 * the main thread can tell which answer overran its time budget.
 */
import { loadQuiz } from '../quiz/load.ts';
import type { PartResult } from '../types.ts';
import type { InputRecord } from './inputs.ts';
import { LineGrader, chunkOf, type GradedChunk } from './lines.ts';

/** Heartbeat slots (Int32): the record index in the chunk, the part index (-1 idle), ms since `startedAt`. */
export const HEARTBEAT_RECORD = 0;
export const HEARTBEAT_PART = 1;
export const HEARTBEAT_TIME = 2;
export const HEARTBEAT_SLOTS = 3;

export interface ChunkTask {
  specPath: string;
  cache: boolean;
  records: InputRecord[];
  heartbeat: SharedArrayBuffer;
  startedAt: number;
  /** Parts not to grade, per input position: part key -> the result to record instead. */
  skipped: [position: number, parts: [key: string, result: PartResult][]][];
  /**
   * Answers not to grade for anyone (they overran their budget, or crashed
   * workers, too often), as part key -> JSON text of the answer -> the result
   * to record instead.
   */
  skippedAnswers: [key: string, answers: [answer: string, result: PartResult][]][];
}

/**
 * Verdicts a worker remembers per cache generation (see VerdictCache). Each
 * worker keeps its own: sharing one through the main thread cost more than
 * grading an answer once per worker. Measured on 30,000 submissions: 2,000
 * took 55 s, 4,000 took 42-46 s and 470 MB, 10,000 took 48 s and 530 MB (a
 * larger heap to collect costs more than the answers it saves regrading).
 */
export const WORKER_CACHE_ENTRIES = 4_000;

const graders = new Map<string, Promise<LineGrader>>();

function graderFor(specPath: string, cache: boolean): Promise<LineGrader> {
  const id = `${cache}\u0000${specPath}`;
  let grader = graders.get(id);
  if (!grader) {
    grader = loadQuiz(specPath).then((quiz) => new LineGrader(quiz, { cache, cacheEntries: WORKER_CACHE_ENTRIES }));
    graders.set(id, grader);
  }
  return grader;
}

export default async function gradeChunk(task: ChunkTask): Promise<GradedChunk> {
  const grader = await graderFor(task.specPath, task.cache);
  const beat = new Int32Array(task.heartbeat);
  const skippedAt = new Map(task.skipped.map(([position, parts]) => [position, new Map(parts)]));
  const skippedAnswers = new Map(task.skippedAnswers.map(([key, answers]) => [key, new Map(answers)]));
  const graded = task.records.map((record, index) => {
    Atomics.store(beat, HEARTBEAT_PART, -1);
    Atomics.store(beat, HEARTBEAT_RECORD, index);
    const skipped = skippedAt.get(record.position);
    return grader.gradeRecord(record, {
      beforePart(partIndex) {
        Atomics.store(beat, HEARTBEAT_TIME, Date.now() - task.startedAt);
        Atomics.store(beat, HEARTBEAT_PART, partIndex);
      },
      // Between parts no part is to blame: a crash there (or while the line is made) is not pinned on one.
      afterPart() {
        Atomics.store(beat, HEARTBEAT_PART, -1);
      },
      skip(key, answer) {
        const known = skipped?.get(key);
        if (known || answer === undefined || skippedAnswers.size === 0) return known;
        return skippedAnswers.get(key)?.get(JSON.stringify(answer));
      },
    });
  });
  Atomics.store(beat, HEARTBEAT_PART, -1);
  return chunkOf(graded);
}
