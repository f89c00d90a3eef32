/**
 * The resubmission policy: which of a student's submissions counts in the
 * exports and the statistics. Every submission keeps its results.jsonl line;
 * the others are marked `"counted": false`. Which one counts is known only once
 * the whole class is read, so the choice is gathered line by line (a few numbers
 * per student, never the results) and applied at the end.
 */
import type { SubmissionResult } from '../types.ts';
import { grown } from '../util/typed-arrays.ts';

/** `latest`: the most recent; `best`: the highest total (the most recent of equal totals); `first`: the earliest. */
export const RESUBMISSION_POLICIES = ['latest', 'best', 'first'] as const;
export type ResubmissionPolicy = (typeof RESUBMISSION_POLICIES)[number];
export const POLICY_DEFAULT: ResubmissionPolicy = 'latest';

/** What a class's outputs say about the policy: its name and how many submissions it set aside. */
export interface ResubmissionSummary {
  policy: ResubmissionPolicy;
  setAside: number;
}

/** A line with no student id is never grouped with another. */
const UNGROUPED = 0xffff_ffff;
const INITIAL_SIZE = 1_024;

/**
 * The time a submission is ordered by: its `submittedAt` in ms, or -Infinity
 * when it has none (taken as older than any dated submission; input order
 * decides among those).
 */
export function submittedTime(result: SubmissionResult): number {
  const time = result.submittedAt === undefined ? Number.NaN : Date.parse(result.submittedAt);
  return Number.isNaN(time) ? -Infinity : time;
}

/** Whether a student id groups its submissions (blank ids never do, as the LMS exports cannot match them). */
export function isGroupedId(id: string): boolean {
  return id.trim() !== '';
}

/** Which lines of a results file count, once every line was seen. */
export interface CountedSelection {
  policy: ResubmissionPolicy;
  /** Lines (non-blank, 0-based, in file order) seen. */
  size: number;
  setAside: number;
  /** Whether the file's own `counted` marks differ from the policy's choice (it must be rewritten). */
  marksStale: boolean;
  isCounted(index: number): boolean;
}

/**
 * Picks the submission that counts per student id, as lines arrive in file
 * (input) order. Per line it keeps its student's group number (4 bytes); per
 * student the counted line, its standing, and how the file marks the group.
 */
export class CountedSelector {
  private readonly groups = new Map<string, number>();
  private groupOfLine = new Uint32Array(INITIAL_SIZE);
  private countedLine = new Uint32Array(INITIAL_SIZE);
  private graded = new Uint8Array(INITIAL_SIZE);
  private scores = new Float64Array(INITIAL_SIZE);
  private times = new Float64Array(INITIAL_SIZE);
  /** Per group: lines the file leaves unmarked, and the last of them. */
  private unmarked = new Uint32Array(INITIAL_SIZE);
  private lastUnmarked = new Uint32Array(INITIAL_SIZE);
  private lines = 0;
  /** A line without a student id that the file marks as not counted. */
  private ungroupedMarked = false;

  constructor(readonly policy: ResubmissionPolicy = POLICY_DEFAULT) {}

  add(result: SubmissionResult): void {
    const line = this.lines++;
    this.groupOfLine = grown(this.groupOfLine, this.lines);
    const marked = result.counted === false;
    const { id } = result.student;
    if (!isGroupedId(id)) {
      this.groupOfLine[line] = UNGROUPED;
      if (marked) this.ungroupedMarked = true;
      return;
    }
    let group = this.groups.get(id);
    const graded = result.status === 'graded' ? 1 : 0;
    const time = submittedTime(result);
    if (group === undefined) {
      group = this.groups.size;
      this.groups.set(id, group);
      this.growGroups(group + 1);
      this.take(group, line, graded, result.score, time);
    } else if (this.outranks(graded, result.score, time, group)) {
      this.take(group, line, graded, result.score, time);
    }
    this.groupOfLine[line] = group;
    if (!marked) {
      this.unmarked[group] = (this.unmarked[group] as number) + 1;
      this.lastUnmarked[group] = line;
    }
  }

  finish(): CountedSelection {
    const groupCount = this.groups.size;
    let marksStale = this.ungroupedMarked;
    for (let group = 0; group < groupCount && !marksStale; group++) {
      marksStale = this.unmarked[group] !== 1 || this.lastUnmarked[group] !== this.countedLine[group];
    }
    const groupOfLine = this.groupOfLine;
    const countedLine = this.countedLine;
    let grouped = 0;
    for (let line = 0; line < this.lines; line++) if (groupOfLine[line] !== UNGROUPED) grouped++;
    return {
      policy: this.policy,
      size: this.lines,
      setAside: grouped - groupCount,
      marksStale,
      isCounted(index) {
        const group = groupOfLine[index] as number;
        return group === UNGROUPED || countedLine[group] === index;
      },
    };
  }

  /** Whether a later line counts over the group's current one: a graded submission always over one that is not. */
  private outranks(graded: number, score: number, time: number, group: number): boolean {
    if (graded !== this.graded[group]) return graded > (this.graded[group] as number);
    if (this.policy === 'best' && score !== this.scores[group]) return score > (this.scores[group] as number);
    const current = this.times[group] as number;
    // Lines arrive in input order: at an equal time the later line is the later submission.
    return this.policy === 'first' ? time < current : time >= current;
  }

  private take(group: number, line: number, graded: number, score: number, time: number): void {
    this.countedLine[group] = line;
    this.graded[group] = graded;
    this.scores[group] = score;
    this.times[group] = time;
  }

  private growGroups(needed: number): void {
    this.countedLine = grown(this.countedLine, needed);
    this.graded = grown(this.graded, needed);
    this.scores = grown(this.scores, needed);
    this.times = grown(this.times, needed);
    this.unmarked = grown(this.unmarked, needed);
    this.lastUnmarked = grown(this.lastUnmarked, needed);
  }
}

/** A result as results.jsonl holds it under the policy: `counted: false` last when it does not count, no `counted` when it does. */
export function withCountedMark(result: SubmissionResult, counted: boolean): SubmissionResult {
  const { counted: _previous, ...rest } = result;
  return counted ? rest : { ...rest, counted: false };
}

/** The `counted` mark as it ends a results.jsonl line (JSON.stringify puts the key added last at the end). */
const MARK_TAIL = ',"counted":false}';

/**
 * A results.jsonl line with its mark set: edited at the end of the text,
 * without parsing, when the mark is there or absent; parsed and written again
 * only when a `counted` key sits elsewhere (a file edited by hand).
 */
export function markedLine(text: string, counted: boolean): string {
  const line = text.trimEnd();
  let bare: string;
  if (line.endsWith(MARK_TAIL)) bare = `${line.slice(0, -MARK_TAIL.length)}}`;
  else if (!line.includes('"counted":')) bare = line;
  else return JSON.stringify(withCountedMark(JSON.parse(line) as SubmissionResult, counted));
  return counted ? bare : `${bare.slice(0, -1)}${MARK_TAIL}`;
}

/** Results held in memory under the policy: every one marked, and how many were set aside. */
export function markResults(results: readonly SubmissionResult[], policy: ResubmissionPolicy): { results: SubmissionResult[]; setAside: number } {
  const selector = new CountedSelector(policy);
  for (const result of results) selector.add(result);
  const selection = selector.finish();
  return { results: results.map((result, index) => withCountedMark(result, selection.isCounted(index))), setAside: selection.setAside };
}

/** Whether a result counts, as its results.jsonl line says. */
export function isCounted(result: SubmissionResult): boolean {
  return result.counted !== false;
}
