/**
 * The grading core, for any host: compile a quiz from its spec (an object, or
 * YAML text) and grade a submission into its result. It knows no threads,
 * files, bytes, caches or timers and imports nothing of Node, so the browser
 * page grades with exactly this code. Hosts that need budgets, caches or a
 * pool of workers wrap it (src/engine/).
 */
export { compileQuiz, compileQuizText, partSeed, prepareQuiz, roundScore } from './quiz/compile.ts';
export { SpecError, formatDiagnostic, type Diagnostic } from './quiz/errors.ts';
export type { Quiz, Question, Part } from './quiz/model.ts';
export { gradePart, gradeSubmission, invalidSubmission, type SubmissionMeta } from './core/grade.ts';
export { checkSubmission, studentOf, SUBMISSION_SCHEMA } from './core/submission.ts';
export { parseJson } from './core/json.ts';
export { GRADERS } from '../graders/index.ts';
export { VERDICTS, type Verdict, type GradeOutcome } from './grader.ts';
export * from './types.ts';
