/**
 * Which questions and parts a report has, in which order, with how many points:
 * from the quiz when it is known, else inferred from the results themselves.
 */
import type { SubmissionResult } from '../types.ts';
import type { MistakeInfo, QuizInfo } from '../reporters/quiz-info.ts';
import { compareNatural, sortResults } from './order.ts';

export interface LayoutPart {
  key: string;
  question: string;
  part: string | null;
  title?: string;
  maxScore: number;
  /** Grader type, when the quiz is known. */
  type?: string;
  /** Anticipated mistakes, when the quiz is known. */
  mistakes?: MistakeInfo[];
}

export interface LayoutQuestion {
  id: string;
  title?: string;
  maxScore: number;
  parts: LayoutPart[];
}

export interface QuizLayout {
  quizId: string;
  title?: string;
  maxScore: number;
  questions: LayoutQuestion[];
  /** All parts, in report order. */
  parts: LayoutPart[];
}

/** A part as first seen in the results (in report order), for the layout of a quiz-less class. */
export interface SeenPart {
  key: string;
  question: string;
  part: string | null;
  /** The largest `maxScore` seen for the key. */
  maxScore: number;
}

/**
 * Quiz order when the quiz is given. From results alone: parts in the order they
 * first appear in the results taken in report order (the engine writes them in
 * spec order), each part's points the largest `maxScore` seen. Parts found in
 * results but not in the quiz are appended in natural key order.
 */
const layoutCache = new WeakMap<readonly SubmissionResult[], { length: number; quiz: QuizInfo | undefined; layout: QuizLayout }>();

/** The layout of a small set of results held in memory (one submission, a test class). */
export function resolveLayout(results: readonly SubmissionResult[], quiz?: QuizInfo): QuizLayout {
  const cached = layoutCache.get(results);
  if (cached !== undefined && cached.length === results.length && cached.quiz === quiz) return cached.layout;
  const layout = computeLayout(results, quiz);
  layoutCache.set(results, { length: results.length, quiz, layout });
  return layout;
}

function computeLayout(results: readonly SubmissionResult[], quiz?: QuizInfo): QuizLayout {
  const seen = new Map<string, SeenPart>();
  const quizIds = new Map<string, number>();
  for (const result of sortResults(results)) {
    quizIds.set(result.quiz, (quizIds.get(result.quiz) ?? 0) + 1);
    for (const part of result.parts) {
      const known = seen.get(part.key);
      if (known === undefined) {
        seen.set(part.key, { key: part.key, question: part.question, part: part.part, maxScore: part.maxScore });
      } else if (part.maxScore > known.maxScore) {
        known.maxScore = part.maxScore;
      }
    }
  }
  return buildLayout([...seen.values()], quizIds, quiz);
}

/**
 * The layout from the parts seen, in order of first appearance, and the count of
 * results per quiz id (the most frequent names a quiz-less class).
 */
export function buildLayout(seenParts: readonly SeenPart[], quizIds: ReadonlyMap<string, number>, quiz?: QuizInfo): QuizLayout {
  const seen = new Map(seenParts.map((part) => [part.key, part]));
  const order = seenParts.map((part) => part.key);

  const questions: LayoutQuestion[] = [];
  const byId = new Map<string, LayoutQuestion>();
  const addPart = (part: LayoutPart, questionTitle?: string): void => {
    let question = byId.get(part.question);
    if (question === undefined) {
      question = { id: part.question, ...(questionTitle === undefined ? {} : { title: questionTitle }), maxScore: 0, parts: [] };
      byId.set(part.question, question);
      questions.push(question);
    }
    question.parts.push(part);
    question.maxScore += part.maxScore;
  };

  if (quiz !== undefined) {
    for (const question of quiz.questions) {
      for (const part of question.parts) {
        addPart(
          {
            key: part.key,
            question: part.question,
            part: part.part,
            // A single-part question's part goes by the question's title.
            ...(part.title !== undefined
              ? { title: part.title }
              : part.part === null && question.title !== undefined
                ? { title: question.title }
                : {}),
            maxScore: part.points,
            type: part.type,
            mistakes: part.mistakes,
          },
          question.title,
        );
      }
    }
  }
  const known = new Set(quiz?.questions.flatMap((question) => question.parts.map((part) => part.key)) ?? []);
  const extra = order.filter((key) => !known.has(key));
  if (quiz !== undefined) extra.sort(compareNatural);
  for (const key of extra) {
    const first = seen.get(key) as SeenPart;
    addPart({ key, question: first.question, part: first.part, maxScore: first.maxScore });
  }

  // Most frequent quiz id among results, ties broken by name.
  const inferredId = [...quizIds.entries()].sort((a, b) => b[1] - a[1] || compareNatural(a[0], b[0]))[0]?.[0];
  const parts = questions.flatMap((question) => question.parts);
  return {
    quizId: quiz?.id ?? inferredId ?? 'quiz',
    ...(quiz?.title === undefined ? {} : { title: quiz.title }),
    maxScore: quiz?.maxScore ?? parts.reduce((sum, part) => sum + part.maxScore, 0),
    questions,
    parts,
  };
}
