/**
 * The answers as the page's inputs hold them, and back: one reader and writer
 * per kind of input, shared by the page script and its tests' expectations.
 */
import type { CommonAnswerOptions } from '../quiz/model.ts';
import type { AnswerValue } from '../types.ts';

/** How a part is answered in the page; each grader type maps to one. */
export const INPUT_KINDS = ['line', 'choice', 'steps', 'text'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

const KIND_BY_TYPE: Readonly<Record<string, InputKind>> = {
  numeric: 'line',
  interval: 'line',
  expression: 'line',
  choice: 'choice',
  derivation: 'steps',
  rubric: 'text',
};

export function inputKind(type: string): InputKind {
  return KIND_BY_TYPE[type] ?? 'text';
}

/**
 * A part's blank answer, in the shape the page's download gives it: a list for
 * derivation steps and for a choice of several options, else text.
 */
export function answerSlot(options: CommonAnswerOptions): string | string[] {
  const kind = inputKind(options.type);
  return kind === 'steps' || (kind === 'choice' && options['multiple'] === true) ? [] : '';
}

/** Derivation steps: one a line; blank lines are no steps. */
export function stepsOf(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

/** Storage key of a quiz's answers in localStorage. */
export function storageKey(quizId: string): string {
  return `quizgrade:${quizId}`;
}

/** What the page stores: the fields exactly as typed. */
export interface StoredAnswers {
  student: { id: string; name: string };
  /** Part key -> the text typed, or the option ids picked. */
  answers: Record<string, string | string[]>;
}

/** The submission `grade` reads: blank answers are left out (they grade as unanswered either way). */
export function submissionOf(quizId: string, stored: StoredAnswers, multiple: ReadonlySet<string>, steps: ReadonlySet<string>): {
  quiz: string;
  student: { id: string; name?: string };
  answers: Record<string, AnswerValue>;
} {
  const answers: Record<string, AnswerValue> = {};
  for (const [key, value] of Object.entries(stored.answers)) {
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      answers[key] = multiple.has(key) ? value : value[0]!;
    } else if (value.trim() !== '') {
      answers[key] = steps.has(key) ? stepsOf(value) : value;
    }
  }
  const name = stored.student.name.trim();
  return { quiz: quizId, student: { id: stored.student.id.trim(), ...(name === '' ? {} : { name }) }, answers };
}
