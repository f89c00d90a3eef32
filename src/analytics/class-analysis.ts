/**
 * From the compact class table (accumulator.ts) to everything the instructor reports show:
 * score distribution, item analysis, reliability, common wrong answers,
 * misconceptions, invalid submissions and parts waiting for review. All lists
 * are sorted so the same results always give the same analysis.
 */
import { PART_STATUSES, type PartStatus, type SubmissionResult, type SubmissionStatus } from '../types.ts';
import type { QuizInfo } from '../reporters/quiz-info.ts';
import { SUBMISSION_GRADED, tableOf, type ClassTable, type GroupData, type MistakeData, type ReviewCandidate } from './accumulator.ts';
import type { Counted, SpaceSavingCounter } from './heavy-hitters.ts';
import type { LayoutPart } from './layout.ts';
import { answerValueText, compareText } from './order.ts';
import { correlation, cronbachAlpha, describe, mean, upperLowerIndex, type Distribution } from './stats.ts';

export { answerGroupKey, LISTED_SUBMISSIONS_MAX, WRONG_ANSWER_GROUPS_MAX } from './accumulator.ts';

/** Bars in the score histogram. */
export const HISTOGRAM_BINS = 10;
/** Most common wrong answers listed per part. */
export const WRONG_ANSWERS_SHOWN = 5;
/** Discrimination below this flags an item that barely separates strong from weak students. */
export const DISCRIMINATION_LOW = 0.2;
/** Facility at or above this flags an item nearly everyone gets right. */
export const FACILITY_VERY_EASY = 0.95;
/** Facility at or below this flags an item nearly everyone gets wrong. */
export const FACILITY_VERY_HARD = 0.2;
/** Below this many graded submissions, discrimination is too noisy to flag. */
export const DISCRIMINATION_MIN_SUBMISSIONS = 10;

export const ITEM_FLAGS = ['grading-errors', 'negative-discrimination', 'low-discrimination', 'very-hard', 'very-easy'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface WrongAnswerGroup {
  /** The grouping key: normalized form, else the interpretation, else the raw answer folded. */
  answer: string;
  /** Students who gave it; an upper bound when `countError` is set. */
  count: number;
  /**
   * Present when the part had more distinct wrong answers than are counted
   * (WRONG_ANSWER_GROUPS_MAX) and this group's count may include up to this many
   * other answers: the true count lies in [count - countError, count].
   */
  countError?: number;
  /** count / graded submissions. */
  share: number;
  /** The status most of this group got. */
  status: PartStatus;
  /** The anticipated mistake most of this group matched, when any. */
  mistake?: number;
  mistakeFeedback?: string;
}

export interface MistakeTally {
  index: number;
  /** The mistake's answer from the quiz, else the most common answer that matched it. */
  answer: string;
  credit?: number;
  feedback?: string;
  count: number;
  share: number;
}

export interface ItemAnalysis {
  key: string;
  question: string;
  part: string | null;
  title?: string;
  type?: string;
  maxScore: number;
  /** Graded submissions the item was analysed over. */
  count: number;
  mean: number | null;
  /** Mean score / max score: the share of the points the class earned (1 = easy). */
  facility: number | null;
  /** Point-biserial: correlation of the item with the rest of the test (total minus the item). */
  discrimination: number | null;
  /** Upper-lower 27% index. */
  upperLower: number | null;
  statusCounts: Record<PartStatus, number>;
  flags: ItemFlag[];
  /** Distinct wrong answers seen; a lower bound when `wrongAnswersCapped`. */
  wrongAnswersDistinct: number;
  /** More distinct wrong answers than are counted: `wrongAnswersDistinct` is the cap. */
  wrongAnswersCapped: boolean;
  wrongAnswers: WrongAnswerGroup[];
  mistakes: MistakeTally[];
}

export interface QuestionAnalysis {
  id: string;
  title?: string;
  maxScore: number;
  mean: number | null;
  facility: number | null;
  discrimination: number | null;
  parts: ItemAnalysis[];
}

export interface InvalidEntry {
  studentId: string;
  name?: string;
  source?: string;
  status: SubmissionStatus;
  errors: string[];
}

/** A part waiting for review, as the reports list it. */
export type ReviewEntry = Omit<ReviewCandidate, 'keyOrder' | 'rank' | 'index'>;

export interface CappedList<T> {
  total: number;
  shown: T[];
}

export interface ClassAnalysis {
  quizId: string;
  title?: string;
  generatedAt?: string;
  maxScore: number;
  inputs: number;
  submissionsByStatus: Record<SubmissionStatus, number>;
  partsByStatus: Record<PartStatus, number>;
  /** Totals of graded submissions. */
  scores: Distribution;
  histogram: HistogramBin[];
  alpha: number | null;
  questions: QuestionAnalysis[];
  items: ItemAnalysis[];
  invalid: CappedList<InvalidEntry>;
  review: CappedList<ReviewEntry>;
  /** Graded submissions with at least one part waiting for review. */
  submissionsAwaitingReview: number;
}

export interface AnalysisInput {
  results: readonly SubmissionResult[];
  quiz?: QuizInfo;
  generatedAt?: string;
}

/** The analysis of results held in memory. */
export function analyzeClass(input: AnalysisInput): ClassAnalysis {
  return analyzeTable(tableOf(input.results, input.quiz), input.generatedAt);
}

export function histogram(scores: ArrayLike<number>, maxScore: number, bins: number = HISTOGRAM_BINS): HistogramBin[] {
  if (maxScore <= 0) return [{ from: 0, to: 0, count: scores.length }];
  // Edges as max * i / bins (not i * width) so 9 * 0.6 prints as 5.4.
  const out: HistogramBin[] = Array.from({ length: bins }, (_, i) => ({
    from: (maxScore * i) / bins,
    to: (maxScore * (i + 1)) / bins,
    count: 0,
  }));
  for (let i = 0; i < scores.length; i += 1) {
    const score = scores[i] as number;
    // Bins are [from, to) except the last, which holds the maximum; out-of-range scores clamp.
    const index = Math.min(bins - 1, Math.max(0, Math.floor((score * bins) / maxScore + 1e-9)));
    (out[index] as HistogramBin).count += 1;
  }
  return out;
}

function mostFrequent<K>(counts: Map<K, number>, compare: (a: K, b: K) => number): K | undefined {
  let best: K | undefined;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && compare(key, best) < 0)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

function flagsFor(facility: number | null, discrimination: number | null, count: number, errors: number): ItemFlag[] {
  // Answers the grader failed on score 0: the item's numbers say nothing about the students.
  if (errors > 0) return ['grading-errors'];
  const flags: ItemFlag[] = [];
  if (discrimination !== null && count >= DISCRIMINATION_MIN_SUBMISSIONS) {
    if (discrimination < 0) flags.push('negative-discrimination');
    else if (discrimination < DISCRIMINATION_LOW) flags.push('low-discrimination');
  }
  if (facility !== null && facility <= FACILITY_VERY_HARD) flags.push('very-hard');
  if (facility !== null && facility >= FACILITY_VERY_EASY) flags.push('very-easy');
  return flags;
}

/** Status counts of a group as a map, for mostFrequent. */
function statusMap(counts: readonly number[]): Map<PartStatus, number> {
  const map = new Map<PartStatus, number>();
  PART_STATUSES.forEach((status, i) => {
    if ((counts[i] as number) > 0) map.set(status, counts[i] as number);
  });
  return map;
}

function wrongAnswerGroups(part: LayoutPart, counter: SpaceSavingCounter<GroupData>, n: number): WrongAnswerGroup[] {
  const sorted: Counted<GroupData>[] = [...counter.values()].sort((a, b) => b.count - a.count || compareText(a.key, b.key));
  return sorted.slice(0, WRONG_ANSWERS_SHOWN).map((group) => {
    const mistake = group.data.mistakes === undefined ? undefined : mostFrequent(group.data.mistakes, (a, b) => a - b);
    const feedback =
      mistake === undefined ? undefined : (part.mistakes?.[mistake]?.feedback ?? group.data.feedback?.get(mistake)?.text);
    return {
      answer: group.key,
      count: group.count,
      ...(group.error > 0 ? { countError: group.error } : {}),
      share: n === 0 ? 0 : group.count / n,
      status: mostFrequent(statusMap(group.data.statuses), (a, b) => PART_STATUSES.indexOf(a) - PART_STATUSES.indexOf(b)) as PartStatus,
      ...(mistake === undefined ? {} : { mistake }),
      ...(feedback === undefined ? {} : { mistakeFeedback: feedback }),
    };
  });
}

function mistakeTallies(part: LayoutPart, tallies: Map<number, MistakeData>, n: number): MistakeTally[] {
  const indexes = new Set<number>([...tallies.keys(), ...(part.mistakes ?? []).map((_, i) => i)]);
  return [...indexes]
    .map((index) => {
      const declared = part.mistakes?.[index];
      const seen = tallies.get(index);
      const answer =
        declared !== undefined
          ? answerValueText(declared.answer)
          : seen === undefined
            ? ''
            : (mostFrequent(new Map([...seen.answers.values()].map((entry) => [entry.key, entry.count])), compareText) ?? '');
      const feedback = declared?.feedback ?? seen?.first.text;
      const count = seen?.count ?? 0;
      return {
        index,
        answer,
        ...(declared === undefined ? {} : { credit: declared.credit }),
        ...(feedback === undefined ? {} : { feedback }),
        count,
        share: n === 0 ? 0 : count / n,
      };
    })
    .sort((a, b) => b.count - a.count || a.index - b.index);
}

/**
 * The analysis of a class table. Statistics are computed over graded submissions
 * taken in report order, so sums run in the same order whatever order the
 * results arrived in.
 */
export function analyzeTable(table: ClassTable, generatedAt?: string): ClassAnalysis {
  const { layout, rows } = table;
  const gradedRows = table.order.filter((row) => rows.statuses[row] === SUBMISSION_GRADED);
  const n = gradedRows.length;

  // Item matrix: one column of scores per part over graded submissions.
  const itemScores = table.partScores.map((scores) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i += 1) column[i] = scores[gradedRows[i] as number] as number;
    return column;
  });
  const itemTotals = new Float64Array(n);
  const officialTotals = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const row = gradedRows[i] as number;
    itemTotals[i] = rows.itemTotals[row] as number;
    officialTotals[i] = rows.scores[row] as number;
  }

  // Rank by item total for the upper-lower groups; ties keep report order.
  const rank = Array.from({ length: n }, (_, i) => i).sort((a, b) => (itemTotals[a] as number) - (itemTotals[b] as number) || a - b);
  const restOfTest = new Float64Array(n);

  const items: ItemAnalysis[] = layout.parts.map((part: LayoutPart, column) => {
    const scores = itemScores[column] as Float64Array;
    for (let i = 0; i < n; i += 1) restOfTest[i] = (itemTotals[i] as number) - (scores[i] as number);
    const average = mean(scores);
    const facility = average === null || part.maxScore <= 0 ? null : average / part.maxScore;
    const discrimination = correlation(scores, restOfTest);
    const statusCounts = table.statusCounts[column] as Record<PartStatus, number>;
    const counter = table.wrongAnswers[column] as SpaceSavingCounter<GroupData>;
    return {
      key: part.key,
      question: part.question,
      part: part.part,
      ...(part.title === undefined ? {} : { title: part.title }),
      ...(part.type === undefined ? {} : { type: part.type }),
      maxScore: part.maxScore,
      count: n,
      mean: average,
      facility,
      discrimination,
      upperLower: upperLowerIndex(scores, part.maxScore, rank),
      statusCounts,
      flags: flagsFor(facility, discrimination, n, statusCounts.error),
      wrongAnswersDistinct: counter.size,
      wrongAnswersCapped: counter.overflowed,
      wrongAnswers: wrongAnswerGroups(part, counter, n),
      mistakes: mistakeTallies(part, table.mistakes[column] as Map<number, MistakeData>, n),
    };
  });

  const partIndex = new Map(layout.parts.map((part, i) => [part.key, i]));
  const questions: QuestionAnalysis[] = layout.questions.map((question) => {
    const columns = question.parts.map((part) => partIndex.get(part.key) as number);
    const scores = new Float64Array(n);
    for (const column of columns) {
      const item = itemScores[column] as Float64Array;
      for (let i = 0; i < n; i += 1) scores[i] = (scores[i] as number) + (item[i] as number);
    }
    for (let i = 0; i < n; i += 1) restOfTest[i] = (itemTotals[i] as number) - (scores[i] as number);
    const average = mean(scores);
    return {
      id: question.id,
      ...(question.title === undefined ? {} : { title: question.title }),
      maxScore: question.maxScore,
      mean: average,
      facility: average === null || question.maxScore <= 0 ? null : average / question.maxScore,
      discrimination: correlation(scores, restOfTest),
      parts: columns.map((column) => items[column] as ItemAnalysis),
    };
  });

  const invalidShown: InvalidEntry[] = table.invalid.items.map((entry) => ({
    studentId: entry.studentId,
    ...(entry.name === undefined ? {} : { name: entry.name }),
    ...(entry.source === undefined ? {} : { source: entry.source }),
    status: entry.status,
    errors: entry.errors,
  }));
  const reviewShown: ReviewEntry[] = table.review.items.map((entry) => ({
    studentId: entry.studentId,
    ...(entry.name === undefined ? {} : { name: entry.name }),
    key: entry.key,
    answer: entry.answer,
    score: entry.score,
    maxScore: entry.maxScore,
    feedback: entry.feedback,
  }));

  return {
    quizId: layout.quizId,
    ...(layout.title === undefined ? {} : { title: layout.title }),
    ...(generatedAt === undefined ? {} : { generatedAt }),
    maxScore: layout.maxScore,
    inputs: table.size,
    submissionsByStatus: { ...table.submissionsByStatus },
    partsByStatus: { ...table.partsByStatus },
    scores: describe(officialTotals),
    histogram: histogram(officialTotals, layout.maxScore),
    alpha: cronbachAlpha(itemScores),
    questions,
    items,
    invalid: { total: table.invalid.total, shown: invalidShown },
    review: { total: table.review.total, shown: reviewShown },
    submissionsAwaitingReview: table.submissionsAwaitingReview,
  };
}
