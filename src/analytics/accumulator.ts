/**
 * One streaming pass over a class's results into a compact table: per submission
 * only its identity, status, totals and one score per part (typed arrays and
 * strings, never the result objects), plus bounded aggregates for the reports
 * (status counts, wrong-answer groups, mistake tallies, the first entries of the
 * invalid and review lists). Memory grows with the class by a few dozen bytes per
 * submission and part; everything else is capped.
 */
import {
  PART_STATUSES,
  SUBMISSION_STATUSES,
  type PartResult,
  type PartStatus,
  type SubmissionResult,
  type SubmissionStatus,
} from '../types.ts';
import type { QuizInfo } from '../reporters/quiz-info.ts';
import type { ResubmissionSummary } from '../results/policy.ts';
import { grown } from '../util/typed-arrays.ts';
import { SpaceSavingCounter, type Counted } from './heavy-hitters.ts';
import { buildLayout, type QuizLayout, type SeenPart } from './layout.ts';
import { answerValueText, compareNaturalKeys, compareText, foldWhitespace, naturalKey, type NaturalKey } from './order.ts';

/**
 * Distinct wrong answers counted per part. Below it the counts are exact; past it
 * the rarest group gives way to a new one (see heavy-hitters.ts): a count is then
 * off by at most (wrong answers of the part) / this, and any answer more frequent
 * than that is still listed.
 */
export const WRONG_ANSWER_GROUPS_MAX = 2_000;
/** Distinct answers counted per anticipated mistake (to name a mistake the quiz does not declare). */
export const MISTAKE_ANSWERS_MAX = 100;
/** Distinct quiz ids counted (results of one run carry one). */
export const QUIZ_IDS_MAX = 100;
/** Invalid submissions and review items listed in full before the list is cut. */
export const LISTED_SUBMISSIONS_MAX = 200;
/** Rows allocated before the first growth. */
const INITIAL_ROWS = 1_024;

/** Part statuses that count as a wrong answer in the common-wrong-answers table. */
export const WRONG_STATUSES: ReadonlySet<PartStatus> = new Set(['incorrect', 'partial', 'invalid']);

const PART_STATUS_INDEX = new Map<PartStatus, number>(PART_STATUSES.map((status, i) => [status, i]));
const SUBMISSION_STATUS_INDEX = new Map<SubmissionStatus, number>(SUBMISSION_STATUSES.map((status, i) => [status, i]));
/** SUBMISSION_STATUSES index of `graded`, as stored in ClassRows.statuses. */
export const SUBMISSION_GRADED = SUBMISSION_STATUS_INDEX.get('graded') as number;

/** The key equal answers are grouped by in the wrong-answers table. */
export function answerGroupKey(part: PartResult): string | null {
  const normalized = part.details?.['normalized'] ?? (part as PartResult & { normalized?: unknown }).normalized;
  if (typeof normalized === 'string' && normalized.trim() !== '') return foldWhitespace(normalized);
  if (part.interpreted !== undefined && part.interpreted.trim() !== '') return foldWhitespace(part.interpreted);
  if (part.answer === undefined) return null;
  const raw = foldWhitespace(answerValueText(part.answer));
  return raw === '' ? null : raw;
}

/** Where a submission falls in report order: student id (natural), input position, source, then arrival. */
export interface RowRank {
  row: number;
  id: NaturalKey;
  position: number;
  source: string;
}

export function compareRanks(a: RowRank, b: RowRank): number {
  return compareNaturalKeys(a.id, b.id) || a.position - b.position || compareText(a.source, b.source) || a.row - b.row;
}

/** A string seen first in report order (feedback of a mistake, ...). */
interface FirstSeen {
  rank: RowRank;
  text: string | undefined;
}

/** What a wrong-answer group keeps besides its count. */
export interface GroupData {
  /** Count per part status (indexes of PART_STATUSES). */
  statuses: number[];
  /** Count per anticipated mistake matched, when any was. */
  mistakes: Map<number, number> | undefined;
  /** Per mistake: the first non-empty feedback in report order. */
  feedback: Map<number, FirstSeen> | undefined;
}

export interface MistakeData {
  count: number;
  /** Grouping keys of the answers that matched it. */
  answers: SpaceSavingCounter<null>;
  /** Feedback of the first submission (in report order) that matched it. */
  first: FirstSeen;
}

export interface ReviewCandidate {
  studentId: string;
  name?: string;
  key: string;
  answer: string;
  score: number;
  maxScore: number;
  feedback: string[];
  keyOrder: NaturalKey;
  rank: RowRank;
  /** Index of the part in its result. */
  index: number;
}

export interface InvalidCandidate {
  studentId: string;
  name?: string;
  source?: string;
  status: SubmissionStatus;
  errors: string[];
  rank: RowRank;
}

/** A sorted list that keeps only its first `max` items. */
export class BoundedSortedList<T> {
  readonly items: T[] = [];
  total = 0;

  constructor(
    readonly max: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /** Counts the item and keeps it if it is among the first `max`. */
  offer(probe: T): void {
    this.total += 1;
    const { items } = this;
    if (items.length === this.max && this.compare(probe, items[items.length - 1] as T) >= 0) return;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.compare(items[middle] as T, probe) <= 0) low = middle + 1;
      else high = middle;
    }
    items.splice(low, 0, probe);
    if (items.length > this.max) items.pop();
  }
}

/** Per submission, column by column. Strings are the result's own; nothing points back to the result. */
export interface ClassRows {
  ids: string[];
  names: (string | undefined)[];
  emails: (string | undefined)[];
  sources: (string | undefined)[];
  /** Input position, NaN when the result has none. */
  positions: Float64Array;
  /** Index into SUBMISSION_STATUSES. */
  statuses: Uint8Array;
  /** The result's own total and maximum. */
  scores: Float64Array;
  maxScores: Float64Array;
  /** Sum of part scores, in the result's part order (graded submissions). */
  itemTotals: Float64Array;
  /** Parts waiting for review. */
  awaitingReview: Uint32Array;
  /** The TA's comments of reviewed parts, `key: comment` joined by `; ` (undefined when none). */
  reviewComments: (string | undefined)[];
}

/** Everything the class reports need, without the results. */
export interface ClassTable {
  quiz?: QuizInfo;
  layout: QuizLayout;
  /** Submissions, numbered in arrival order. */
  size: number;
  rows: ClassRows;
  /** Row numbers in report order. */
  order: Uint32Array;
  /** Per layout part: score per row (0 where a result lacks the part; repeats of a key within one result add up). */
  partScores: Float64Array[];
  submissionsByStatus: Record<SubmissionStatus, number>;
  /** Over all parts of all results. */
  partsByStatus: Record<PartStatus, number>;
  /** Per layout part, over graded submissions. */
  statusCounts: Record<PartStatus, number>[];
  /** Per layout part: wrong answers of graded submissions by grouping key. */
  wrongAnswers: SpaceSavingCounter<GroupData>[];
  /** Per layout part: anticipated mistakes matched by graded submissions. */
  mistakes: Map<number, MistakeData>[];
  invalid: BoundedSortedList<InvalidCandidate>;
  review: BoundedSortedList<ReviewCandidate>;
  submissionsAwaitingReview: number;
  /** Quiz ids of the results, most frequent first. */
  quizIds: string[];
  /** The resubmission policy the rows were chosen by (absent when the caller chose none): only counted submissions are rows. */
  resubmissions?: ResubmissionSummary;
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function compareInvalid(a: InvalidCandidate, b: InvalidCandidate): number {
  return compareRanks(a.rank, b.rank);
}

function compareReview(a: ReviewCandidate, b: ReviewCandidate): number {
  return compareNaturalKeys(a.keyOrder, b.keyOrder) || compareRanks(a.rank, b.rank) || a.index - b.index;
}

function freshGroup(): GroupData {
  return { statuses: PART_STATUSES.map(() => 0), mistakes: undefined, feedback: undefined };
}

function resetGroup(data: GroupData): void {
  data.statuses.fill(0);
  data.mistakes = undefined;
  data.feedback = undefined;
}

function noData(): null {
  return null;
}

/** A part key's column and, for keys the quiz does not declare, where it first appears. */
interface ColumnInfo {
  column: number;
  seen: SeenPart;
  /** First result holding the key, in report order, and the key's index in it (undefined for the quiz's own parts). */
  first: RowRank | undefined;
  index: number;
}

type FoundColumn = ColumnInfo & { first: RowRank };

function isFound(info: ColumnInfo): info is FoundColumn {
  return info.first !== undefined;
}

export class ClassAccumulator {
  private capacity = INITIAL_ROWS;
  private count = 0;
  private readonly ids: string[] = [];
  private readonly names: (string | undefined)[] = [];
  private readonly emails: (string | undefined)[] = [];
  private readonly sources: (string | undefined)[] = [];
  private readonly reviewComments: (string | undefined)[] = [];
  private positions = new Float64Array(INITIAL_ROWS);
  private statuses = new Uint8Array(INITIAL_ROWS);
  private scores = new Float64Array(INITIAL_ROWS);
  private maxScores = new Float64Array(INITIAL_ROWS);
  private itemTotals = new Float64Array(INITIAL_ROWS);
  private awaitingReview = new Uint32Array(INITIAL_ROWS);
  private readonly columns = new Map<string, ColumnInfo>();
  private partScores: Float64Array[] = [];
  private readonly statusCounts: Record<PartStatus, number>[] = [];
  private readonly wrongAnswers: SpaceSavingCounter<GroupData>[] = [];
  private readonly mistakes: Map<number, MistakeData>[] = [];
  private readonly submissionsByStatus = zeroCounts(SUBMISSION_STATUSES);
  private readonly partsByStatus = zeroCounts(PART_STATUSES);
  private readonly quizIds = new SpaceSavingCounter<null>(QUIZ_IDS_MAX, noData, noData);
  private readonly invalid = new BoundedSortedList<InvalidCandidate>(LISTED_SUBMISSIONS_MAX, compareInvalid);
  private readonly review = new BoundedSortedList<ReviewCandidate>(LISTED_SUBMISSIONS_MAX, compareReview);
  private submissionsAwaitingReview = 0;
  private finished = false;
  /** The rank of the result being added, built on first use. */
  private currentRank: RowRank | undefined;

  constructor(readonly quiz?: QuizInfo) {
    // The quiz's parts get the first columns, in quiz order, whether or not any result has them.
    for (const question of quiz?.questions ?? []) {
      for (const part of question.parts) this.addColumn({ key: part.key, question: part.question, part: part.part, maxScore: part.points }, undefined, 0);
    }
  }

  /** Adds one result. Nothing of it is kept but strings and numbers. */
  add(result: SubmissionResult): void {
    if (this.finished) throw new Error('ClassAccumulator: add after finish');
    const row = this.count;
    if (row === this.capacity) this.growRows();
    this.count += 1;
    this.currentRank = undefined;
    this.ids.push(result.student.id);
    this.names.push(result.student.name);
    this.emails.push(result.student.email);
    this.sources.push(result.source);
    this.reviewComments.push(reviewCommentsOf(result));
    this.positions[row] = result.position ?? Number.NaN;
    const status = SUBMISSION_STATUS_INDEX.get(result.status) as number;
    this.statuses[row] = status;
    this.scores[row] = result.score;
    this.maxScores[row] = result.maxScore;
    this.submissionsByStatus[result.status] += 1;
    this.quizIds.add(result.quiz);
    const graded = status === SUBMISSION_GRADED;

    let itemTotal = 0;
    let awaiting = 0;
    result.parts.forEach((part, index) => {
      this.partsByStatus[part.status] += 1;
      const column = this.columnOf(part, row, index);
      const scores = this.partScores[column] as Float64Array;
      scores[row] = (scores[row] as number) + part.score;
      if (part.status === 'needs-review') awaiting += 1;
      if (!graded) return;
      itemTotal += part.score;
      (this.statusCounts[column] as Record<PartStatus, number>)[part.status] += 1;
      // The grouping key is only needed for wrong answers and matched mistakes (most parts are neither).
      const wrong = WRONG_STATUSES.has(part.status);
      const key = wrong || part.mistake !== undefined ? answerGroupKey(part) : null;
      if (wrong && key !== null) this.countWrongAnswer(column, key, part, row);
      if (part.mistake !== undefined) this.countMistake(column, key, part, row);
      if (part.status === 'needs-review') {
        this.review.offer({
          studentId: result.student.id,
          ...(result.student.name === undefined ? {} : { name: result.student.name }),
          key: part.key,
          answer: part.answer === undefined ? '' : foldWhitespace(answerValueText(part.answer)),
          score: part.score,
          maxScore: part.maxScore,
          feedback: [...part.feedback],
          keyOrder: naturalKey(part.key),
          rank: this.rankOf(row),
          index,
        });
      }
    });
    this.itemTotals[row] = itemTotal;
    this.awaitingReview[row] = awaiting;
    if (graded && awaiting > 0) this.submissionsAwaitingReview += 1;
    if (!graded) {
      this.invalid.offer({
        studentId: result.student.id,
        ...(result.student.name === undefined ? {} : { name: result.student.name }),
        ...(result.source === undefined ? {} : { source: result.source }),
        status: result.status,
        errors: [...result.errors],
        rank: this.rankOf(row),
      });
    }
  }

  /** Closes the pass: sorts the rows into report order and lays out the quiz. */
  finish(): ClassTable {
    this.finished = true;
    const size = this.count;
    const infos = [...this.columns.values()];
    const declared = infos.filter((info) => !isFound(info));
    // Keys the quiz does not declare, in order of first appearance in report order.
    const found = infos.filter(isFound).sort((a, b) => compareRanks(a.first, b.first) || a.index - b.index);
    const quizIdCounts = new Map([...this.quizIds.values()].map((entry) => [entry.key, entry.count]));
    const layout = buildLayout([...declared, ...found].map((info) => info.seen), quizIdCounts, this.quiz);
    const columnOf = (key: string): number => (this.columns.get(key) as ColumnInfo).column;
    const byLayout = <T>(perColumn: T[]): T[] => layout.parts.map((part) => perColumn[columnOf(part.key)] as T);

    const rows: ClassRows = {
      ids: this.ids,
      names: this.names,
      emails: this.emails,
      sources: this.sources,
      positions: this.positions.subarray(0, size),
      statuses: this.statuses.subarray(0, size),
      scores: this.scores.subarray(0, size),
      maxScores: this.maxScores.subarray(0, size),
      itemTotals: this.itemTotals.subarray(0, size),
      awaitingReview: this.awaitingReview.subarray(0, size),
      reviewComments: this.reviewComments,
    };
    return {
      ...(this.quiz === undefined ? {} : { quiz: this.quiz }),
      layout,
      size,
      rows,
      order: reportOrder(rows, size),
      partScores: byLayout(this.partScores).map((scores) => scores.subarray(0, size)),
      submissionsByStatus: this.submissionsByStatus,
      partsByStatus: this.partsByStatus,
      statusCounts: byLayout(this.statusCounts),
      wrongAnswers: byLayout(this.wrongAnswers),
      mistakes: byLayout(this.mistakes),
      invalid: this.invalid,
      review: this.review,
      submissionsAwaitingReview: this.submissionsAwaitingReview,
      quizIds: [...this.quizIds.values()].sort((a, b) => b.count - a.count || compareText(a.key, b.key)).map((entry) => entry.key),
    };
  }

  private rankOf(row: number): RowRank {
    if (this.currentRank === undefined) {
      const position = this.positions[row] as number;
      this.currentRank = {
        row,
        id: naturalKey(this.ids[row] as string),
        position: Number.isNaN(position) ? Number.MAX_SAFE_INTEGER : position,
        source: this.sources[row] ?? '',
      };
    }
    return this.currentRank;
  }

  private growRows(): void {
    this.capacity *= 2;
    this.positions = grown(this.positions, this.capacity);
    this.statuses = grown(this.statuses, this.capacity);
    this.scores = grown(this.scores, this.capacity);
    this.maxScores = grown(this.maxScores, this.capacity);
    this.itemTotals = grown(this.itemTotals, this.capacity);
    this.awaitingReview = grown(this.awaitingReview, this.capacity);
    this.partScores = this.partScores.map((scores) => grown(scores, this.capacity));
  }

  private addColumn(seen: SeenPart, first: RowRank | undefined, index: number): ColumnInfo {
    const info: ColumnInfo = { column: this.partScores.length, seen, first, index };
    this.columns.set(seen.key, info);
    this.partScores.push(new Float64Array(this.capacity));
    this.statusCounts.push(zeroCounts(PART_STATUSES));
    this.wrongAnswers.push(new SpaceSavingCounter<GroupData>(WRONG_ANSWER_GROUPS_MAX, freshGroup, resetGroup));
    this.mistakes.push(new Map());
    return info;
  }

  private columnOf(part: PartResult, row: number, index: number): number {
    const info = this.columns.get(part.key);
    if (info === undefined) {
      return this.addColumn({ key: part.key, question: part.question, part: part.part, maxScore: part.maxScore }, this.rankOf(row), index).column;
    }
    if (part.maxScore > info.seen.maxScore) info.seen.maxScore = part.maxScore;
    // A key outside the quiz takes its question and place from its first result in report order.
    if (info.first !== undefined && info.first.row !== row && compareRanks(this.rankOf(row), info.first) < 0) {
      info.first = this.rankOf(row);
      info.index = index;
      info.seen.question = part.question;
      info.seen.part = part.part;
    }
    return info.column;
  }

  /** Keeps `text` if this row comes before the holder in report order. */
  private firstSeen(holder: FirstSeen, row: number, text: string | undefined): void {
    if (holder.rank.row !== row && compareRanks(this.rankOf(row), holder.rank) < 0) {
      holder.rank = this.rankOf(row);
      holder.text = text;
    }
  }

  private countWrongAnswer(column: number, key: string, part: PartResult, row: number): void {
    const group: Counted<GroupData> = (this.wrongAnswers[column] as SpaceSavingCounter<GroupData>).add(key);
    const data = group.data;
    const statusIndex = PART_STATUS_INDEX.get(part.status) as number;
    data.statuses[statusIndex] = (data.statuses[statusIndex] as number) + 1;
    if (part.mistake === undefined) return;
    data.mistakes ??= new Map();
    data.mistakes.set(part.mistake, (data.mistakes.get(part.mistake) ?? 0) + 1);
    const feedback = part.feedback[0];
    if (feedback === undefined) return;
    data.feedback ??= new Map();
    const holder = data.feedback.get(part.mistake);
    if (holder === undefined) data.feedback.set(part.mistake, { rank: this.rankOf(row), text: feedback });
    else this.firstSeen(holder, row, feedback);
  }

  private countMistake(column: number, key: string | null, part: PartResult, row: number): void {
    const tallies = this.mistakes[column] as Map<number, MistakeData>;
    const mistake = part.mistake as number;
    let tally = tallies.get(mistake);
    if (tally === undefined) {
      tally = {
        count: 0,
        answers: new SpaceSavingCounter<null>(MISTAKE_ANSWERS_MAX, noData, noData),
        first: { rank: this.rankOf(row), text: part.feedback[0] },
      };
      tallies.set(mistake, tally);
    } else {
      this.firstSeen(tally.first, row, part.feedback[0]);
    }
    tally.count += 1;
    if (key !== null) tally.answers.add(key);
  }
}

/** A result's TA comments (see review/apply.ts), or undefined when it has none. */
function reviewCommentsOf(result: SubmissionResult): string | undefined {
  let comments: string | undefined;
  for (const part of result.parts) {
    const comment = (part as PartResult & { review?: { comment?: unknown } }).review?.comment;
    if (typeof comment !== 'string' || comment.trim() === '') continue;
    const entry = `${part.key}: ${foldWhitespace(comment)}`;
    comments = comments === undefined ? entry : `${comments}; ${entry}`;
  }
  return comments;
}

/** Row numbers sorted by student id (natural order), input position, source, then arrival. */
function reportOrder(rows: ClassRows, size: number): Uint32Array {
  const keys: NaturalKey[] = new Array<NaturalKey>(size);
  for (let row = 0; row < size; row += 1) keys[row] = naturalKey(rows.ids[row] as string);
  const positionOf = (row: number): number => {
    const position = rows.positions[row] as number;
    return Number.isNaN(position) ? Number.MAX_SAFE_INTEGER : position;
  };
  const order = Array.from({ length: size }, (_, row) => row);
  order.sort(
    (a, b) =>
      compareNaturalKeys(keys[a] as NaturalKey, keys[b] as NaturalKey) ||
      positionOf(a) - positionOf(b) ||
      compareText(rows.sources[a] ?? '', rows.sources[b] ?? '') ||
      a - b,
  );
  return Uint32Array.from(order);
}

/** The table of results held in memory (tests, small callers). */
export function tableOf(results: Iterable<SubmissionResult>, quiz?: QuizInfo): ClassTable {
  const accumulator = new ClassAccumulator(quiz);
  for (const result of results) accumulator.add(result);
  return accumulator.finish();
}
