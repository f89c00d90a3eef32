/**
 * `quizgrade template`: the blank submission a student fills in. It is a file
 * `grade` and `check` read as it is once the answers are filled in: the
 * submission's own keys (quiz, student, answers, in the order the quiz page's
 * download has them), and `questions`, which grading ignores, with what a
 * student needs beside each answer slot: the question, its prompt, the part,
 * its points, the answer format and a choice's options. Built from the
 * options a sealed quiz keeps, so a spec and its sealed quiz give the same
 * bytes, and never holding a key.
 */
import type { Part, Question, Quiz } from '../quiz/model.ts';
import type { AnswerValue } from '../types.ts';
import { answerSlot } from '../page/answers.ts';
import { answerFormat } from './formats.ts';

/** What `questions` says of one part: reading for the student, ignored by grading. */
export interface TemplateQuestion {
  question: string;
  /** The question's prompt as written (Markdown and TeX), one line an entry: JSON strings cannot break lines. */
  prompt?: string[];
  part?: string;
  points: number;
  format: string;
  /** A choice's options: id -> text. */
  options?: Record<string, string>;
}

export interface SubmissionTemplate {
  quiz: string;
  student: { id: string; name: string };
  answers: Record<string, AnswerValue>;
  questions: Record<string, TemplateQuestion>;
}

function titled(id: string, title: string | undefined): string {
  return title === undefined ? id : `${id} · ${title}`;
}

function describePart(quiz: Quiz, question: Question, part: Part): TemplateQuestion {
  const options = part.answer['options'];
  return {
    question: titled(question.id, question.title),
    ...(question.prompt === undefined ? {} : { prompt: question.prompt.trim().split(/\r?\n/) }),
    ...(part.part === null ? {} : { part: titled(part.part, part.title) }),
    points: part.points,
    format: answerFormat(part.answer, quiz.definitions),
    ...(options !== null && typeof options === 'object' ? { options: { ...(options as Record<string, string>) } } : {}),
  };
}

export function submissionTemplate(quiz: Quiz): SubmissionTemplate {
  const parts = quiz.questions.flatMap((question) => question.parts.map((part) => ({ question, part })));
  return {
    quiz: quiz.id,
    student: { id: '', name: '' },
    answers: Object.fromEntries(parts.map(({ part }) => [part.key, answerSlot(part.answer)])),
    questions: Object.fromEntries(parts.map(({ question, part }) => [part.key, describePart(quiz, question, part)])),
  };
}

/**
 * Characters JSON leaves raw that a terminal or an editor may obey or show
 * misleadingly: DEL and C1 controls, line and paragraph separators, bidi
 * controls. JSON.stringify already escapes C0 controls.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text that reads back as `value` and holds no character a terminal obeys. */
export function inertJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/** The template's text, as `quizgrade template` prints or writes it. */
export function templateText(quiz: Quiz): string {
  return inertJson(submissionTemplate(quiz));
}
