/**
 * A grading worker thread: loads the quiz once, then grades chunks of input
 * records, parsing their JSON here and handing back each result both as its
 * ready `results.jsonl` line and as a lean object for the class statistics, so
 * the main thread neither parses nor serializes. Before each part it writes
 * (record, part, time) into a shared heartbeat, so the main thread can tell
 * which answer overran its time budget.
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
  /**
   * Answers not to grade for anyone (they overran their budget more than once),
   * as part key -> JSON text of the answer -> the result to record instead.
   */
  overrunning: [key: string, answers: [answer: string, result: PartResult][]][];
}

/** One graded record: the line as results.jsonl holds it, and the result without the parts' `details`. */
export interface GradedRecord {
  line: string;
  result: SubmissionResult;
}

/**
 * Verdicts a worker remembers before its cache starts afresh. Each worker keeps
 * its own: sharing one through the main thread cost more than grading twice.
 */
export const WORKER_CACHE_ENTRIES = 30_000;

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

/**
 * A cached verdict is one frozen object shared by every student who gave that
 * answer: its JSON and its lean copy are made once, not once per student.
 */
const partJson = new WeakMap<PartResult, string>();
const leanParts = new WeakMap<PartResult, PartResult>();

function leanPart(part: PartResult): PartResult {
  let lean = leanParts.get(part);
  if (lean === undefined) {
    const { details: _details, ...rest } = part;
    lean = rest;
    if (Object.isFrozen(part)) leanParts.set(part, lean);
  }
  return lean;
}

function jsonOfPart(part: PartResult): string {
  let json = partJson.get(part);
  if (json === undefined) {
    json = JSON.stringify(part);
    if (Object.isFrozen(part)) partJson.set(part, json);
  }
  return json;
}

/** The result as the class statistics read it: everything but the parts' `details`, which only the line needs. */
export function leanResult(result: SubmissionResult): SubmissionResult {
  if (result.parts.length === 0) return result;
  return { ...result, parts: result.parts.map(leanPart) };
}

/** Where the parts go in a result's JSON: `"parts":[]` can only be the key, as quotes inside strings are escaped. */
const EMPTY_PARTS = '"parts":[]';

/** The results.jsonl line of a result (byte for byte JSON.stringify), with each part's JSON reused. */
export function resultLine(result: SubmissionResult): string {
  if (result.parts.length === 0) return JSON.stringify(result);
  const shell = JSON.stringify({ ...result, parts: [] });
  const at = shell.indexOf(EMPTY_PARTS);
  return `${shell.slice(0, at)}"parts":[${result.parts.map(jsonOfPart).join(',')}]${shell.slice(at + EMPTY_PARTS.length)}`;
}

export function gradedRecord(result: SubmissionResult): GradedRecord {
  return { line: resultLine(result), result: leanResult(result) };
}

export default async function gradeChunk(task: ChunkTask): Promise<GradedRecord[]> {
  const grader = await graderFor(task.specPath, task.cache);
  const beat = new Int32Array(task.heartbeat);
  const skippedAt = new Map(task.skipped.map(([position, parts]) => [position, new Map(parts)]));
  const overrunning = new Map(task.overrunning.map(([key, answers]) => [key, new Map(answers)]));
  const graded = task.records.map((record, index) => {
    Atomics.store(beat, HEARTBEAT_PART, -1);
    Atomics.store(beat, HEARTBEAT_RECORD, index);
    const skipped = skippedAt.get(record.position);
    const result = grader.gradeRecord(record, {
      beforePart(partIndex) {
        Atomics.store(beat, HEARTBEAT_TIME, Date.now() - task.startedAt);
        Atomics.store(beat, HEARTBEAT_PART, partIndex);
      },
      skip(key, answer) {
        const known = skipped?.get(key);
        if (known || answer === undefined || overrunning.size === 0) return known;
        return overrunning.get(key)?.get(JSON.stringify(answer));
      },
    });
    return gradedRecord(result);
  });
  Atomics.store(beat, HEARTBEAT_PART, -1);
  return graded;
}
