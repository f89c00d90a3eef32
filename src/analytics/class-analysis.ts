/**
 * One pass over a class's results into everything the instructor reports show:
 * score distribution, item analysis, reliability, common wrong answers,
 * misconceptions, invalid submissions and parts waiting for review. All lists
 * are sorted so the same results always give the same analysis.
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
import { resolveLayout, type LayoutPart, type QuizLayout } from './layout.ts';
import { answerValueText, compareNatural, compareText, foldWhitespace, sortResults } from './order.ts';
import { correlation, cronbachAlpha, describe, mean, upperLowerIndex, type Distribution } from './stats.ts';

/** Bars in the score histogram. */
export const HISTOGRAM_BINS = 10;
/** Most common wrong answers listed per part. */
export const WRONG_ANSWERS_SHOWN = 5;
/** Invalid submissions and review items listed in full before the list is cut. */
export const LISTED_SUBMISSIONS_MAX = 200;
/** Discrimination below this flags an item that barely separates strong from weak students. */
export const DISCRIMINATION_LOW = 0.2;
/** Facility at or above this flags an item nearly everyone gets right. */
export const FACILITY_VERY_EASY = 0.95;
/** Facility at or below this flags an item nearly everyone gets wrong. */
export const FACILITY_VERY_HARD = 0.2;
/** Below this many graded submissions, discrimination is too noisy to flag. */
export const DISCRIMINATION_MIN_SUBMISSIONS = 10;

/** Part statuses that count as a wrong answer in the common-wrong-answers table. */
const WRONG_STATUSES: ReadonlySet<PartStatus> = new Set(['incorrect', 'partial', 'invalid']);

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
  count: number;
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
  /** Distinct wrong answers seen. */
  wrongAnswersDistinct: number;
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

export interface ReviewEntry {
  studentId: string;
  name?: string;
  key: string;
  answer: string;
  score: number;
  maxScore: number;
  feedback: string[];
}

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

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** The key equal answers are grouped by in the wrong-answers table. */
export function answerGroupKey(part: PartResult): string | null {
  const normalized = part.details?.['normalized'] ?? (part as PartResult & { normalized?: unknown }).normalized;
  if (typeof normalized === 'string' && normalized.trim() !== '') return foldWhitespace(normalized);
  if (part.interpreted !== undefined && part.interpreted.trim() !== '') return foldWhitespace(part.interpreted);
  if (part.answer === undefined) return null;
  const raw = foldWhitespace(answerValueText(part.answer));
  return raw === '' ? null : raw;
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

interface GroupTally {
  count: number;
  statuses: Map<PartStatus, number>;
  mistakes: Map<number, number>;
  firstFeedbackByMistake: Map<number, string>;
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

export function analyzeClass(input: AnalysisInput): ClassAnalysis {
  const layout: QuizLayout = resolveLayout(input.results, input.quiz);
  const results = sortResults(input.results);
  const graded = results.filter((result) => result.status === 'graded');
  const n = graded.length;
  const partCount = layout.parts.length;
  const partIndex = new Map(layout.parts.map((part, i) => [part.key, i]));

  const submissionsByStatus = zeroCounts(SUBMISSION_STATUSES);
  const partsByStatus = zeroCounts(PART_STATUSES);
  for (const result of results) {
    submissionsByStatus[result.status] += 1;
    for (const part of result.parts) partsByStatus[part.status] += 1;
  }

  // Item matrix: one column of scores per part over graded submissions; a part
  // missing from a result scores 0.
  const itemScores = layout.parts.map(() => new Float64Array(n));
  const itemTotals = new Float64Array(n);
  const officialTotals = new Float64Array(n);
  const statusCounts = layout.parts.map(() => zeroCounts(PART_STATUSES));
  const groups = layout.parts.map(() => new Map<string, GroupTally>());
  const mistakeCounts = layout.parts.map(() => new Map<number, { count: number; answers: Map<string, number>; feedback?: string }>());
  const reviewEntries: ReviewEntry[] = [];
  let submissionsAwaitingReview = 0;

  graded.forEach((result, row) => {
    officialTotals[row] = result.score;
    let awaiting = false;
    for (const part of result.parts) {
      const column = partIndex.get(part.key);
      if (column === undefined) continue;
      (itemScores[column] as Float64Array)[row] = part.score;
      itemTotals[row] = (itemTotals[row] as number) + part.score;
      (statusCounts[column] as Record<PartStatus, number>)[part.status] += 1;
      // The grouping key is only needed for wrong answers and matched mistakes (most parts are neither).
      const wrong = WRONG_STATUSES.has(part.status);
      const key = wrong || part.mistake !== undefined ? answerGroupKey(part) : null;
      if (wrong && key !== null) {
        const partGroups = groups[column] as Map<string, GroupTally>;
        let tally = partGroups.get(key);
        if (tally === undefined) {
          tally = { count: 0, statuses: new Map(), mistakes: new Map(), firstFeedbackByMistake: new Map() };
          partGroups.set(key, tally);
        }
        tally.count += 1;
        tally.statuses.set(part.status, (tally.statuses.get(part.status) ?? 0) + 1);
        if (part.mistake !== undefined) {
          tally.mistakes.set(part.mistake, (tally.mistakes.get(part.mistake) ?? 0) + 1);
          if (!tally.firstFeedbackByMistake.has(part.mistake) && part.feedback[0] !== undefined) {
            tally.firstFeedbackByMistake.set(part.mistake, part.feedback[0]);
          }
        }
      }
      if (part.mistake !== undefined) {
        const partMistakes = mistakeCounts[column] as Map<number, { count: number; answers: Map<string, number>; feedback?: string }>;
        let entry = partMistakes.get(part.mistake);
        if (entry === undefined) {
          entry = { count: 0, answers: new Map(), ...(part.feedback[0] === undefined ? {} : { feedback: part.feedback[0] }) };
          partMistakes.set(part.mistake, entry);
        }
        entry.count += 1;
        if (key !== null) entry.answers.set(key, (entry.answers.get(key) ?? 0) + 1);
      }
      if (part.status === 'needs-review') {
        awaiting = true;
        reviewEntries.push({
          studentId: result.student.id,
          ...(result.student.name === undefined ? {} : { name: result.student.name }),
          key: part.key,
          answer: part.answer === undefined ? '' : foldWhitespace(answerValueText(part.answer)),
          score: part.score,
          maxScore: part.maxScore,
          feedback: part.feedback,
        });
      }
    }
    if (awaiting) submissionsAwaitingReview += 1;
  });

  // Rank by item total for the upper-lower groups; ties keep report order.
  const rank = Array.from({ length: n }, (_, i) => i).sort((a, b) => (itemTotals[a] as number) - (itemTotals[b] as number) || a - b);
  const restOfTest = new Float64Array(n);

  const items: ItemAnalysis[] = layout.parts.map((part: LayoutPart, column) => {
    const scores = itemScores[column] as Float64Array;
    for (let i = 0; i < n; i += 1) restOfTest[i] = (itemTotals[i] as number) - (scores[i] as number);
    const average = mean(scores);
    const facility = average === null || part.maxScore <= 0 ? null : average / part.maxScore;
    const discrimination = correlation(scores, restOfTest);
    const partGroups = groups[column] as Map<string, GroupTally>;
    const sortedGroups = [...partGroups.entries()].sort((a, b) => b[1].count - a[1].count || compareText(a[0], b[0]));
    const wrongAnswers: WrongAnswerGroup[] = sortedGroups.slice(0, WRONG_ANSWERS_SHOWN).map(([answer, tally]) => {
      const mistake = mostFrequent(tally.mistakes, (a, b) => a - b);
      const feedback =
        mistake === undefined ? undefined : (part.mistakes?.[mistake]?.feedback ?? tally.firstFeedbackByMistake.get(mistake));
      return {
        answer,
        count: tally.count,
        share: n === 0 ? 0 : tally.count / n,
        status: mostFrequent(tally.statuses, (a, b) => PART_STATUSES.indexOf(a) - PART_STATUSES.indexOf(b)) as PartStatus,
        ...(mistake === undefined ? {} : { mistake }),
        ...(feedback === undefined ? {} : { mistakeFeedback: feedback }),
      };
    });
    const partMistakes = mistakeCounts[column] as Map<number, { count: number; answers: Map<string, number>; feedback?: string }>;
    const mistakeIndexes = new Set<number>([...partMistakes.keys(), ...(part.mistakes ?? []).map((_, i) => i)]);
    const mistakes: MistakeTally[] = [...mistakeIndexes]
      .map((index) => {
        const declared = part.mistakes?.[index];
        const seen = partMistakes.get(index);
        const answer =
          declared !== undefined
            ? answerValueText(declared.answer)
            : seen === undefined
              ? ''
              : (mostFrequent(seen.answers, compareText) ?? '');
        const feedback = declared?.feedback ?? seen?.feedback;
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
      statusCounts: statusCounts[column] as Record<PartStatus, number>,
      flags: flagsFor(facility, discrimination, n, (statusCounts[column] as Record<PartStatus, number>).error),
      wrongAnswersDistinct: partGroups.size,
      wrongAnswers,
      mistakes,
    };
  });

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

  const invalidEntries: InvalidEntry[] = results
    .filter((result) => result.status !== 'graded')
    .map((result) => ({
      studentId: result.student.id,
      ...(result.student.name === undefined ? {} : { name: result.student.name }),
      ...(result.source === undefined ? {} : { source: result.source }),
      status: result.status,
      errors: result.errors,
    }));
  reviewEntries.sort((a, b) => compareNatural(a.key, b.key) || compareNatural(a.studentId, b.studentId));

  return {
    quizId: layout.quizId,
    ...(layout.title === undefined ? {} : { title: layout.title }),
    ...(input.generatedAt === undefined ? {} : { generatedAt: input.generatedAt }),
    maxScore: layout.maxScore,
    inputs: results.length,
    submissionsByStatus,
    partsByStatus,
    scores: describe(officialTotals),
    histogram: histogram(officialTotals, layout.maxScore),
    alpha: cronbachAlpha(itemScores),
    questions,
    items,
    invalid: { total: invalidEntries.length, shown: invalidEntries.slice(0, LISTED_SUBMISSIONS_MAX) },
    review: { total: reviewEntries.length, shown: reviewEntries.slice(0, LISTED_SUBMISSIONS_MAX) },
    submissionsAwaitingReview,
  };
}
