/** Checking a submission against its schema and its quiz, listing every problem. */
import { Ajv, type ErrorObject } from 'ajv';
import type { Quiz } from '../quiz/model.ts';
import type { AnswerValue, StudentRef } from '../types.ts';
import { didYouMean } from '../util/suggest.ts';

/** Unknown answer keys listed one by one; the rest are counted. */
export const UNKNOWN_KEYS_LISTED = 20;
/** Most answers a submission may carry; a quiz has far fewer parts. */
export const SUBMISSION_MAX_ANSWERS = 10_000;

/** `submittedAt`: an ISO 8601 date and time (seconds optional) with a time zone, `Z` or `±hh:mm`; the ranges are checked in code. */
export const SUBMITTED_AT_PATTERN = '^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?(?:Z|[+-](\\d{2}):(\\d{2}))$';
const SUBMITTED_AT = new RegExp(SUBMITTED_AT_PATTERN, 'u');

export const SUBMISSION_SCHEMA = {
  type: 'object',
  required: ['quiz', 'student', 'answers'],
  additionalProperties: false,
  properties: {
    quiz: { type: 'string' },
    student: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 200 },
        name: { type: 'string', maxLength: 500 },
        email: { type: 'string', maxLength: 500 },
      },
    },
    answers: {
      type: 'object',
      maxProperties: SUBMISSION_MAX_ANSWERS,
      additionalProperties: {
        anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }],
      },
    },
    submittedAt: { type: 'string', pattern: SUBMITTED_AT_PATTERN },
    // What `quizgrade template` writes beside the answers for the student to read; grading ignores it.
    questions: { type: 'object' },
  },
} as const;

/** The validator's options: the quiz page's precompiled copy of it is built with the same, so it reports the same errors. */
export const SUBMISSION_AJV_OPTIONS = { allErrors: true, strict: true } as const;

const validateSchema = new Ajv(SUBMISSION_AJV_OPTIONS).compile(SUBMISSION_SCHEMA);

export interface Submission {
  quiz: string;
  student: StudentRef;
  answers: Record<string, AnswerValue>;
  submittedAt?: string;
}

export type SubmissionCheck =
  | { ok: true; submission: Submission }
  | { ok: false; errors: string[]; student: StudentRef };

function describe(error: ErrorObject, value: unknown): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'the submission';
  // The template leaves the id blank for the student to fill in.
  if (error.keyword === 'minLength' && error.instancePath === '/student/id') return `${where}: is empty: write your student id between the quotes of "id"`;
  switch (error.keyword) {
    case 'required':
      return `${where}: missing "${error.params.missingProperty}"`;
    case 'additionalProperties':
      return `${where}: unknown key "${error.params.additionalProperty}"`;
    case 'pattern':
      return where === 'submittedAt' ? submittedAtMessage((value as { submittedAt: unknown }).submittedAt) : `${where}: ${error.message ?? 'is not valid'}`;
    case 'anyOf':
      return `${where}: an answer must be a string, a number, or a list of strings`;
    case 'type':
      return `${where}: must be ${error.params.type === 'object' ? 'an object' : `a ${error.params.type}`}`;
    default:
      return `${where}: ${error.message ?? 'is not valid'}`;
  }
}

function submittedAtMessage(value: unknown): string {
  const text = String(value);
  return `submittedAt: must be an ISO 8601 date-time with a time zone, like 2026-03-01T09:30:00Z (got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)})`;
}

/** Whether a `submittedAt` of the pattern's shape names a real moment: its fields survive a round trip through a date. */
function inRange(text: string): boolean {
  const match = SUBMITTED_AT.exec(text) ?? [];
  const field = (index: number): number => Number(match[index] ?? 0);
  const date = new Date(Date.UTC(field(1), field(2) - 1, field(3), field(4), field(5), field(6)));
  const fields = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  return fields.every((value, i) => value === field(i + 2)) && field(7) < 24 && field(8) < 60;
}

/** Whatever can be told of the student, even from a broken submission, so the result is traceable. */
export function studentOf(value: unknown): StudentRef {
  const student = (value as { student?: { id?: unknown; name?: unknown } } | null)?.student;
  const id = typeof student?.id === 'string' ? student.id : '';
  return typeof student?.name === 'string' ? { id, name: student.name } : { id };
}

export function checkSubmission(value: unknown, quiz: Quiz): SubmissionCheck {
  const errors: string[] = [];
  if (!validateSchema(value)) {
    for (const error of validateSchema.errors ?? []) {
      if (/\/anyOf\//.test(error.schemaPath)) continue;
      errors.push(describe(error, value));
    }
  }
  const candidate = value as Partial<Submission> | null;
  const submittedAt = candidate?.submittedAt;
  if (typeof submittedAt === 'string' && SUBMITTED_AT.test(submittedAt) && !inRange(submittedAt)) errors.push(submittedAtMessage(submittedAt));
  if (typeof candidate?.quiz === 'string' && candidate.quiz !== quiz.id) {
    errors.push(`quiz: this submission is for "${candidate.quiz}", not "${quiz.id}"`);
  }
  const answers = candidate?.answers;
  if (answers && typeof answers === 'object' && !Array.isArray(answers)) {
    const keys = quiz.parts.map((part) => part.key);
    const known = new Set(keys);
    const unknown = Object.keys(answers).filter((key) => !known.has(key));
    for (const key of unknown.slice(0, UNKNOWN_KEYS_LISTED)) {
      const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
      errors.push(`answers: unknown key ${JSON.stringify(shown)}${didYouMean(shown, keys)}`);
    }
    if (unknown.length > UNKNOWN_KEYS_LISTED) errors.push(`answers: ${unknown.length - UNKNOWN_KEYS_LISTED} more unknown keys`);
  }
  if (errors.length > 0) return { ok: false, errors, student: studentOf(value) };
  const submission = value as Submission;
  return { ok: true, submission };
}
