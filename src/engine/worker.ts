/**
 * A grading worker thread: loads the quiz once, then grades chunks of input
 * records. Before each part it writes (record, part, time) into a shared
 * heartbeat, so the main thread can tell which answer overran its time budget.
 */
import { loadQuiz } from '../spec/load.ts';
import type { PartResult, SubmissionResult } from '../types.ts';
import { Grader } from './grade.ts';
import type { InputRecord } from './inputs.ts';

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
  /** Parts whose verdict the main thread already knows, per input position: left for it to fill in. */
  cached: [position: number, keys: string[]][];
}

/** Stands in for a part the main thread fills in from its verdict cache. */
export function cachedPlaceholder(key: string): PartResult {
  return { key, question: '', part: null, score: 0, maxScore: 0, status: 'unanswered', feedback: [], method: 'cached' };
}

/**
 * A worker's own verdict cache only catches repeats within the chunks it has in
 * hand: the pool's shared cache does the rest. Kept small so workers stay lean.
 */
export const WORKER_CACHE_ENTRIES = 20_000;

const graders = new Map<string, Promise<Grader>>();

function graderFor(specPath: string, cache: boolean): Promise<Grader> {
  const id = `${cache}\u0000${specPath}`;
  let grader = graders.get(id);
  if (!grader) {
    grader = loadQuiz(specPath).then((quiz) => new Grader(quiz, { cache, cacheEntries: WORKER_CACHE_ENTRIES }));
    graders.set(id, grader);
  }
  return grader;
}

export default async function gradeChunk(task: ChunkTask): Promise<SubmissionResult[]> {
  const grader = await graderFor(task.specPath, task.cache);
  const beat = new Int32Array(task.heartbeat);
  const skipped = new Map(task.skipped.map(([position, parts]) => [position, new Map(parts)]));
  for (const [position, keys] of task.cached) {
    const parts = skipped.get(position) ?? new Map<string, PartResult>();
    for (const key of keys) parts.set(key, cachedPlaceholder(key));
    skipped.set(position, parts);
  }
  const results = task.records.map((record, index) => {
    Atomics.store(beat, HEARTBEAT_PART, -1);
    Atomics.store(beat, HEARTBEAT_RECORD, index);
    return grader.gradeRecord(record, {
      beforePart(partIndex) {
        Atomics.store(beat, HEARTBEAT_TIME, Date.now() - task.startedAt);
        Atomics.store(beat, HEARTBEAT_PART, partIndex);
      },
      skipped: skipped.get(record.position),
    });
  });
  Atomics.store(beat, HEARTBEAT_PART, -1);
  return results;
}
