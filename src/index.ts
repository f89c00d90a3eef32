/**
 * quizgrade's library API: load a quiz, grade a submission, grade a batch.
 * The CLI is a thin layer over exactly these.
 */
import { Grader, type GradeOptions } from './engine/grade.ts';
import { expandInputs, readInputs } from './engine/inputs.ts';
import type { Quiz } from './quiz/model.ts';
import type { SubmissionResult } from './types.ts';

export { loadQuiz } from './quiz/load.ts';
export { SpecError, formatDiagnostic, type Diagnostic } from './quiz/errors.ts';
export { Grader, gradePart, type GradeOptions } from './engine/grade.ts';
export { selfTest } from './engine/self-test.ts';
export { defineGrader, OptionsError, type GraderDefinition, type GradeOutcome, type Verdict } from './grader.ts';
export { GRADERS } from '../graders/index.ts';
export type { Quiz, Question, Part } from './quiz/model.ts';
export * from './types.ts';
export { execute } from './cli/index.ts';

/** Grades one parsed submission (any JSON value). Never throws; an unreadable submission is `invalid`. */
export function gradeSubmission(quiz: Quiz, submission: unknown, options: GradeOptions = {}): SubmissionResult {
  return new Grader(quiz, options).grade(submission);
}

/** Grades every submission in files, folders and JSONL files, yielding one result per input record, in order. */
export async function* gradeBatch(quiz: Quiz, inputs: string[], options: GradeOptions = {}): AsyncGenerator<SubmissionResult> {
  const grader = new Grader(quiz, options);
  for await (const record of readInputs(await expandInputs(inputs))) yield grader.gradeRecord(record);
}
