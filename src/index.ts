/**
 * quizgrade's library API for Node: everything of the core (src/core.ts),
 * plus loading a quiz from files and grading a batch of input files.
 * The CLI is a thin layer over exactly these.
 */
import { Grader, type GradeOptions } from './engine/grade.ts';
import { expandInputs, readInputs } from './engine/inputs.ts';
import type { Quiz } from './quiz/model.ts';
import type { SubmissionResult } from './types.ts';

export { loadQuiz } from './quiz/load.ts';
export { Grader, type GradeOptions } from './engine/grade.ts';
export { selfTest } from './engine/self-test.ts';
export { gradeClass, type ClassRunOptions, type ClassRunOutcome, type RunProgress } from './engine/class-run.ts';
export * from './results/index.ts';
export { defineGrader, OptionsError, type GraderDefinition } from './grader.ts';
export * from './core.ts';

/** Grades every submission in files, folders and JSONL files, yielding one result per input record, in order. */
export async function* gradeBatch(quiz: Quiz, inputs: string[], options: GradeOptions = {}): AsyncGenerator<SubmissionResult> {
  const grader = new Grader(quiz, options);
  for await (const record of readInputs(await expandInputs(inputs))) yield grader.gradeRecord(record);
}
