/**
 * A sealed quiz: the compiled quiz as JSON, each part's key sealed by its
 * grader's sealer, with the prompts and option texts a student reads. The quiz
 * page embeds it; `check` and `template` read it in place of the spec.
 * In exam mode it carries no key at all.
 */
import { findGrader } from '../../graders/index.ts';
import type { CompileContext } from '../grader.ts';
import { roundScore } from '../quiz/compile.ts';
import type { CommonAnswerOptions, CompiledMistake, Part, Question, Quiz } from '../quiz/model.ts';
import { sealerFor } from './index.ts';
import type { SealedKey, Sealing } from './types.ts';

export const SEALED_FORMAT = 'quizgrade-sealed-quiz';
export const SEALED_VERSION = 1;

export interface SealedMistake {
  credit: number;
  feedback?: string;
  key: SealedKey;
}

export interface SealedPart {
  key: string;
  part: string | null;
  title?: string;
  points: number;
  seed: number;
  /** The answer options the grader reads, without the key. */
  answer: CommonAnswerOptions;
  /** How the key is carried; `none` in exam mode. */
  sealing: Sealing;
  sealed?: SealedKey;
  mistakes?: SealedMistake[];
  unavailable?: string;
}

export interface SealedQuestion {
  id: string;
  title?: string;
  prompt?: string;
  parts: SealedPart[];
}

export interface SealedQuiz {
  format: typeof SEALED_FORMAT;
  version: typeof SEALED_VERSION;
  quiz: string;
  title?: string;
  description?: string;
  /** False in exam mode: answers are collected, not checked. */
  checkable: boolean;
  definitions: Record<string, string>;
  questions: SealedQuestion[];
}

export interface SealOptions {
  /** Exam mode: no key at all. */
  exam?: boolean;
}

function contextOf(quizId: string, definitions: Record<string, string>, part: { key: string; seed: number }): CompileContext {
  return { quizId, definitions, key: part.key, seed: part.seed };
}

function sealPart(quiz: Quiz, part: Part, exam: boolean): SealedPart {
  const sealer = sealerFor(part.answer.type);
  const base = { key: part.key, part: part.part, ...(part.title === undefined ? {} : { title: part.title }), points: part.points, seed: part.seed };
  if (part.grader === undefined || part.compiled === undefined) {
    return { ...base, answer: { type: part.answer.type }, sealing: 'none', unavailable: part.unavailable ?? 'no grader for this part' };
  }
  const answer = sealer.publicOptions(part.answer);
  if (exam) return { ...base, answer: readingOptions(answer), sealing: 'none' };
  const context = contextOf(quiz.id, quiz.definitions, part);
  const expectedKey = part.grader.expectedKey;
  const mistakes = part.mistakes.map((mistake) => ({
    credit: mistake.credit,
    ...(mistake.feedback === undefined ? {} : { feedback: mistake.feedback }),
    key: sealer.seal(mistake.compiled, { ...part.answer, [expectedKey ?? '']: mistake.answer, mistakes: [] }, context),
  }));
  return { ...base, answer, sealing: sealer.sealing, sealed: sealer.seal(part.compiled, part.answer, context), mistakes };
}

/** What exam mode keeps of a part's options: the type and option texts, nothing a grader compares against. */
function readingOptions(options: CommonAnswerOptions): CommonAnswerOptions {
  const { type, options: texts, multiple } = options;
  return { type, ...(texts === undefined ? {} : { options: texts }), ...(multiple === undefined ? {} : { multiple }) };
}

export function sealQuiz(quiz: Quiz, options: SealOptions = {}): SealedQuiz {
  const exam = options.exam ?? false;
  return {
    format: SEALED_FORMAT,
    version: SEALED_VERSION,
    quiz: quiz.id,
    ...(quiz.title === undefined ? {} : { title: quiz.title }),
    ...(quiz.description === undefined ? {} : { description: quiz.description }),
    checkable: !exam,
    definitions: exam ? {} : quiz.definitions,
    questions: quiz.questions.map((question) => ({
      id: question.id,
      ...(question.title === undefined ? {} : { title: question.title }),
      ...(question.prompt === undefined ? {} : { prompt: question.prompt }),
      parts: question.parts.map((part) => sealPart(quiz, part, exam)),
    })),
  };
}

export function isSealedQuiz(value: unknown): value is SealedQuiz {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === SEALED_FORMAT;
}

/** Why a sealed quiz can't be opened. */
export class SealedQuizError extends Error {
  override name = 'SealedQuizError';
}

function openPart(sealed: SealedQuiz, question: SealedQuestion, entry: SealedPart, source: string): Part {
  const part: Part = {
    key: entry.key,
    question: question.id,
    part: entry.part,
    ...(entry.title === undefined ? {} : { title: entry.title }),
    points: entry.points,
    answer: entry.answer,
    location: { file: source, line: 1, column: 1, path: `parts.${entry.key}` },
    mistakes: [],
    seed: entry.seed,
  };
  const grader = findGrader(entry.answer.type);
  if (entry.unavailable !== undefined || grader === undefined) {
    part.unavailable = entry.unavailable ?? `the "${entry.answer.type}" grader is not available in this version of quizgrade`;
    return part;
  }
  if (!sealed.checkable || entry.sealed === undefined) {
    part.unavailable = 'this quiz collects answers only: it is graded by the instructor';
    return part;
  }
  const sealer = sealerFor(entry.answer.type);
  const context = contextOf(sealed.quiz, sealed.definitions, entry);
  try {
    part.compiled = sealer.open(entry.sealed, entry.answer, context, grader);
    part.mistakes = (entry.mistakes ?? []).map((mistake): CompiledMistake => ({
      answer: '',
      credit: mistake.credit,
      ...(mistake.feedback === undefined ? {} : { feedback: mistake.feedback }),
      compiled: sealer.open(mistake.key, entry.answer, context, grader),
    }));
  } catch (error) {
    throw new SealedQuizError(`${source}: part ${entry.key}: the sealed key can't be opened: ${(error as Error).message}`);
  }
  part.grader = grader;
  return part;
}

/** The quiz a sealed quiz describes, ready for `gradeSubmission`. Throws `SealedQuizError`. */
export function openSealedQuiz(value: unknown, source = '<sealed quiz>'): Quiz {
  if (!isSealedQuiz(value)) throw new SealedQuizError(`${source}: not a sealed quiz (no "format": "${SEALED_FORMAT}")`);
  if (value.version !== SEALED_VERSION) throw new SealedQuizError(`${source}: sealed quiz version ${String(value.version)}; this quizgrade reads version ${SEALED_VERSION}`);
  const questions: Question[] = value.questions.map((question) => ({
    id: question.id,
    ...(question.title === undefined ? {} : { title: question.title }),
    ...(question.prompt === undefined ? {} : { prompt: question.prompt }),
    parts: question.parts.map((entry) => openPart(value, question, entry, source)),
  }));
  const parts = questions.flatMap((question) => question.parts);
  return {
    id: value.quiz,
    ...(value.title === undefined ? {} : { title: value.title }),
    ...(value.description === undefined ? {} : { description: value.description }),
    definitions: value.definitions,
    questions,
    parts,
    maxScore: roundScore(parts.reduce((sum, part) => sum + part.points, 0)),
    source,
  };
}
