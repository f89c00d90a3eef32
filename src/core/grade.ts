/**
 * The grading core: one submission in, one result out. It knows graders only
 * through the plugin contract and owns what every part shares: unanswered
 * answers, anticipated mistakes, credit -> points, and graders that fail. It
 * knows no threads, files, bytes, caches or timers (hosts add those around
 * it), and imports nothing of Node, so the same code grades in the browser.
 */
import type { GradeNeed, GradeOutcome } from '../grader.ts';
import { roundScore } from '../quiz/compile.ts';
import type { Part, Quiz } from '../quiz/model.ts';
import type { AnswerValue, PartResult, PartStatus, SubmissionResult } from '../types.ts';
import { checkSubmission, type Submission } from './submission.ts';

/** Where a submission came from, carried into its result. */
export interface SubmissionMeta {
  source?: string;
  position?: number;
  /** Digest of the input's text (see SubmissionResult.inputHash). */
  inputHash?: string;
}

export function isBlank(answer: AnswerValue | undefined | null): boolean {
  if (answer === undefined || answer === null) return true;
  if (typeof answer === 'string') return answer.trim() === '';
  // Unchecked input may reach here (the pool looks at raw records): only strings can be blank.
  if (Array.isArray(answer)) return answer.every((entry) => typeof entry === 'string' && entry.trim() === '');
  return false;
}

function statusFor(credit: number): PartStatus {
  return credit >= 1 ? 'correct' : credit > 0 ? 'partial' : 'incorrect';
}

function shapeProblem(part: Part, answer: AnswerValue): string | undefined {
  const shape = part.grader!.answerShape;
  if (shape === 'list' && !Array.isArray(answer)) return 'this answer is a list: submit an array of strings';
  if (shape === 'scalar' && Array.isArray(answer)) return 'this answer is a single value, not a list';
  return undefined;
}

/** Runs a grader, turning a throw into an `error` outcome so the batch goes on. */
function runGrader(part: Part, answer: AnswerValue, compiled: unknown, need: GradeNeed = 'outcome'): GradeOutcome | { error: string } {
  try {
    return part.grader!.grade(answer, compiled, part.answer, need);
  } catch (error) {
    return { error: `the ${part.answer.type} grader failed: ${(error as Error).message}` };
  }
}

/**
 * A part result up to its feedback, in the key order of results.jsonl. Built
 * by assignment, not object spread: spreads with optional keys took a tenth
 * of a class's grading time.
 */
function partShell(part: Part, answer: AnswerValue | undefined, status: PartStatus, feedback: string[]): PartResult {
  const result = { key: part.key, question: part.question, part: part.part, maxScore: part.points } as PartResult;
  if (answer !== undefined) result.answer = answer;
  result.score = 0;
  result.status = status;
  result.feedback = feedback;
  return result;
}

/** Grades one part's answer, uncached. */
export function gradePart(part: Part, answer: AnswerValue | undefined): PartResult {
  if (isBlank(answer)) return partShell(part, undefined, 'unanswered', []);
  const given = answer!;
  if (part.unavailable !== undefined || part.grader === undefined) {
    return partShell(part, given, 'error', [part.unavailable ?? 'no grader for this part']);
  }
  const problem = shapeProblem(part, given);
  if (problem) return partShell(part, given, 'invalid', [problem]);

  const outcome = runGrader(part, given, part.compiled);
  if ('error' in outcome) return partShell(part, given, 'error', [outcome.error]);
  // Built once and settled in place, not copied at each step; the keys keep this order in results.jsonl, `mistake` last.
  const result = partShell(part, given, 'incorrect', outcome.feedback);
  if (outcome.interpreted !== undefined) result.interpreted = outcome.interpreted;
  if (outcome.method !== undefined) result.method = outcome.method;
  if (outcome.seed !== undefined) result.seed = outcome.seed;
  if (outcome.details !== undefined) result.details = outcome.details;
  if (outcome.normalized !== undefined) result.normalized = outcome.normalized;
  switch (outcome.verdict) {
    case 'invalid':
      result.status = 'invalid';
      return result;
    case 'needs-review':
      result.status = 'needs-review';
      result.score = roundScore(Math.min(1, Math.max(0, outcome.credit)) * part.points);
      return result;
    case 'correct':
      result.status = 'correct';
      result.score = part.points;
      if (part.answer.feedback) result.feedback = [...outcome.feedback, part.answer.feedback];
      return result;
    case 'partial':
    case 'incorrect': {
      const matched = matchMistake(part, given);
      // The mistake's feedback says what went wrong; without one, the grader says what the answer missed.
      const explanation = matched?.feedback ?? outcome.missed;
      if (explanation) result.feedback = [explanation, ...outcome.feedback];
      if (matched) {
        const { index, credit } = matched;
        result.status = statusFor(credit);
        result.score = roundScore(credit * part.points);
        result.mistake = index;
        return result;
      }
      const credit = Math.min(1, Math.max(0, outcome.credit));
      result.status = outcome.verdict === 'partial' ? statusFor(credit) : 'incorrect';
      result.score = roundScore(credit * part.points);
      return result;
    }
  }
}

/** The first anticipated mistake this answer is "correct" against. */
function matchMistake(part: Part, answer: AnswerValue): { index: number; credit: number; feedback?: string } | undefined {
  for (let index = 0; index < part.mistakes.length; index++) {
    const mistake = part.mistakes[index]!;
    const outcome = runGrader(part, answer, mistake.compiled, 'verdict');
    if (!('error' in outcome) && outcome.verdict === 'correct') {
      return { index, credit: mistake.credit, feedback: mistake.feedback };
    }
  }
  return undefined;
}

/** The answer a checked submission gives to a part, if any. */
export function answerTo(submission: Submission, part: Part): AnswerValue | undefined {
  return Object.hasOwn(submission.answers, part.key) ? submission.answers[part.key] : undefined;
}

/** A checked submission's result from its parts' results, in quiz order. */
export function gradedSubmission(quiz: Quiz, submission: Submission, parts: PartResult[], meta: SubmissionMeta = {}): SubmissionResult {
  const result: SubmissionResult = {
    quiz: quiz.id,
    student: submission.student,
    status: 'graded',
    score: roundScore(parts.reduce((sum, part) => sum + part.score, 0)),
    maxScore: quiz.maxScore,
    parts,
    errors: [],
  };
  if (submission.submittedAt !== undefined) result.submittedAt = submission.submittedAt;
  if (meta.source !== undefined) result.source = meta.source;
  if (meta.position !== undefined) result.position = meta.position;
  if (meta.inputHash !== undefined) result.inputHash = meta.inputHash;
  return result;
}

/** The result of an input that could not be graded: still one result, score 0, every reason listed. */
export function invalidSubmission(
  quiz: Quiz,
  student: SubmissionResult['student'],
  errors: string[],
  where: SubmissionMeta = {},
): SubmissionResult {
  return { quiz: quiz.id, student, status: 'invalid', score: 0, maxScore: quiz.maxScore, parts: [], errors, ...where };
}


/** Grades one parsed submission (any JSON value). Never throws: an unreadable submission is `invalid`. */
export function gradeSubmission(quiz: Quiz, value: unknown, meta: SubmissionMeta = {}): SubmissionResult {
  const check = checkSubmission(value, quiz);
  if (!check.ok) return invalidSubmission(quiz, check.student, check.errors, meta);
  return gradedSubmission(quiz, check.submission, quiz.parts.map((part) => gradePart(part, answerTo(check.submission, part))), meta);
}
