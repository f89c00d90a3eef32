/**
 * Plain-data description of a quiz for reporters: titles, points and anticipated
 * mistakes, without graders or compiled state, so it can be built from a loaded
 * quiz or left out entirely (reports then work from results alone).
 */
import type { AnswerValue } from '../types.ts';
import type { Quiz } from '../quiz/model.ts';

export interface MistakeInfo {
  answer: AnswerValue;
  credit: number;
  feedback?: string;
}

export interface PartInfo {
  /** Submission key: `q4.layer1`, or `q9` for a single-part question. */
  key: string;
  question: string;
  part: string | null;
  title?: string;
  points: number;
  /** Grader type: `numeric`, `expression`, ... */
  type: string;
  mistakes: MistakeInfo[];
}

export interface QuestionInfo {
  id: string;
  title?: string;
  parts: PartInfo[];
}

export interface QuizInfo {
  id: string;
  title?: string;
  maxScore: number;
  questions: QuestionInfo[];
}

export function quizInfo(quiz: Quiz): QuizInfo {
  return {
    id: quiz.id,
    ...(quiz.title === undefined ? {} : { title: quiz.title }),
    maxScore: quiz.maxScore,
    questions: quiz.questions.map((question) => ({
      id: question.id,
      ...(question.title === undefined ? {} : { title: question.title }),
      parts: question.parts.map((part) => ({
        key: part.key,
        question: part.question,
        part: part.part,
        ...(part.title === undefined ? {} : { title: part.title }),
        points: part.points,
        type: part.answer.type,
        mistakes: part.mistakes.map((mistake) => ({
          answer: mistake.answer,
          credit: mistake.credit,
          ...(mistake.feedback === undefined ? {} : { feedback: mistake.feedback }),
        })),
      })),
    })),
  };
}
