/**
 * `quizgrade diff`: who changes between two gradings of the same class (after a
 * key fix, a regrade, a review). Students are matched by id; a student with
 * several submissions is compared by the last one in input order. The old side
 * is kept as a compact map; the new side streams past.
 */
import { formatPoints } from '../analytics/order.ts';
import { roundScore } from '../review/apply.ts';
import type { PartStatus, SubmissionResult, SubmissionStatus } from '../types.ts';

/** One part of a changed student: what it was, what it is. */
export interface PartChange {
  key: string;
  oldScore: number | null;
  newScore: number | null;
  oldStatus: PartStatus | null;
  newStatus: PartStatus | null;
  maxScore: number;
  /** First line of the new feedback ('' when none). */
  feedback: string;
}

export interface StudentChange {
  id: string;
  name?: string;
  oldStatus: SubmissionStatus;
  newStatus: SubmissionStatus;
  oldScore: number;
  newScore: number;
  /** Parts whose score or status changed, in the new result's order (then parts only the old one had). */
  parts: PartChange[];
}

/** A student found in one file only. */
export interface OneSided {
  id: string;
  name?: string;
  status: SubmissionStatus;
  score: number;
}

export interface DiffSummary {
  /** Students in both files. */
  compared: number;
  up: number;
  down: number;
  /** Same total (a student may still be listed when parts moved or a status changed). */
  unchanged: number;
  /** Per part key, over the students in both: mean of new minus old score. */
  meanChangePerPart: { key: string; mean: number }[];
}

export interface ResultsDiff {
  /** Students whose total, a part's score or a status changed, by student id. */
  changed: StudentChange[];
  onlyOld: OneSided[];
  onlyNew: OneSided[];
  summary: DiffSummary;
}

interface Snapshot {
  name?: string;
  status: SubmissionStatus;
  score: number;
  parts: Map<string, { score: number; status: PartStatus; maxScore: number }>;
}

/** A result reduced to what the diff compares. */
function snapshotOf(result: SubmissionResult): Snapshot {
  return {
    ...(result.student.name === undefined ? {} : { name: result.student.name }),
    status: result.status,
    score: roundScore(result.score),
    parts: new Map(result.parts.map((part) => [part.key, { score: roundScore(part.score), status: part.status, maxScore: part.maxScore }])),
  };
}

/** The student a result belongs to; results without an id are matched by where they came from. */
function studentKey(result: SubmissionResult): string {
  return result.student.id !== '' ? result.student.id : `(no id) ${result.source ?? ''}`;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function oneSided(id: string, snapshot: Snapshot): OneSided {
  return { id, ...(snapshot.name === undefined ? {} : { name: snapshot.name }), status: snapshot.status, score: snapshot.score };
}

async function snapshots(results: AsyncIterable<SubmissionResult> | Iterable<SubmissionResult>): Promise<Map<string, Snapshot>> {
  const map = new Map<string, Snapshot>();
  for await (const result of results) map.set(studentKey(result), snapshotOf(result));
  return map;
}

function partChanges(before: Snapshot, after: Snapshot, feedbackOf: (key: string) => string): PartChange[] {
  const keys = [...after.parts.keys(), ...[...before.parts.keys()].filter((key) => !after.parts.has(key))];
  const changes: PartChange[] = [];
  for (const key of keys) {
    const old = before.parts.get(key);
    const now = after.parts.get(key);
    if (old !== undefined && now !== undefined && old.score === now.score && old.status === now.status) continue;
    changes.push({
      key,
      oldScore: old?.score ?? null,
      newScore: now?.score ?? null,
      oldStatus: old?.status ?? null,
      newStatus: now?.status ?? null,
      maxScore: now?.maxScore ?? old?.maxScore ?? 0,
      feedback: feedbackOf(key),
    });
  }
  return changes;
}

/** Compares two sets of results (arrays or streams, e.g. results.jsonl read line by line). */
export async function diffResults(
  oldResults: AsyncIterable<SubmissionResult> | Iterable<SubmissionResult>,
  newResults: AsyncIterable<SubmissionResult> | Iterable<SubmissionResult>,
): Promise<ResultsDiff> {
  const before = await snapshots(oldResults);
  // The new side keeps, per student, its snapshot and the first feedback line of each part.
  const after = new Map<string, { snapshot: Snapshot; feedback: Map<string, string> }>();
  for await (const result of newResults) {
    after.set(studentKey(result), {
      snapshot: snapshotOf(result),
      feedback: new Map(result.parts.map((part) => [part.key, (part.feedback[0] ?? '').split(/\r?\n/, 1)[0] as string])),
    });
  }
  const changed: StudentChange[] = [];
  const onlyNew: OneSided[] = [];
  const sums = new Map<string, { total: number; count: number }>();
  let up = 0;
  let down = 0;
  for (const [id, { snapshot: now, feedback }] of after) {
    const old = before.get(id);
    if (old === undefined) {
      onlyNew.push(oneSided(id, now));
      continue;
    }
    for (const key of new Set([...old.parts.keys(), ...now.parts.keys()])) {
      const sum = sums.get(key) ?? { total: 0, count: 0 };
      sum.total += (now.parts.get(key)?.score ?? 0) - (old.parts.get(key)?.score ?? 0);
      sum.count += 1;
      sums.set(key, sum);
    }
    if (now.score > old.score) up += 1;
    else if (now.score < old.score) down += 1;
    const parts = partChanges(old, now, (key) => feedback.get(key) ?? '');
    if (parts.length > 0 || now.score !== old.score || now.status !== old.status) {
      changed.push({
        id,
        ...(now.name ?? old.name ? { name: (now.name ?? old.name) as string } : {}),
        oldStatus: old.status,
        newStatus: now.status,
        oldScore: old.score,
        newScore: now.score,
        parts,
      });
    }
  }
  const onlyOld = [...before].filter(([id]) => !after.has(id)).map(([id, snapshot]) => oneSided(id, snapshot));
  const compared = before.size - onlyOld.length;
  return {
    changed: changed.sort(byId),
    onlyOld: onlyOld.sort(byId),
    onlyNew: onlyNew.sort(byId),
    summary: {
      compared,
      up,
      down,
      unchanged: compared - up - down,
      meanChangePerPart: [...sums].map(([key, { total, count }]) => ({ key, mean: roundScore(total / count) })),
    },
  };
}

/** A signed change: `+0.5`, `-1`, `0`. */
export function signed(value: number): string {
  const text = formatPoints(value);
  return value > 0 ? `+${text}` : text;
}
