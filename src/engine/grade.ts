/**
 * The engine: one submission in, one result out. It knows graders only through
 * the plugin contract; it owns what every part shares: unanswered answers,
 * anticipated mistakes, credit -> points, and graders that fail.
 */
import type { GradeNeed, GradeOutcome } from '../grader.ts';
import { roundScore } from '../quiz/load.ts';
import type { Part, Quiz } from '../quiz/model.ts';
import type { AnswerValue, PartResult, PartStatus, SubmissionResult } from '../types.ts';
import { parseJson, type InputRecord } from './inputs.ts';
import { checkSubmission, type Submission } from './submission.ts';

/** Verdicts remembered per grading run; a class repeats its answers a lot. */
export const VERDICT_CACHE_MAX_ENTRIES = 100_000;

export interface GradeOptions {
  /** Remember verdicts by (part, answer) so repeated answers are graded once. Default true. */
  cache?: boolean;
  /** Verdicts remembered per generation of the cache (bounds memory). Default VERDICT_CACHE_MAX_ENTRIES. */
  cacheEntries?: number;
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
      if (matched) {
        const { index, credit, feedback } = matched;
        result.status = statusFor(credit);
        result.score = roundScore(credit * part.points);
        if (feedback) result.feedback = [feedback, ...outcome.feedback];
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

/**
 * Freezes a cached part result (and its feedback), so one object can be shared
 * by every student who gave that answer. Shallow on purpose: walking every
 * verdict's details cost more than the sharing saved.
 */
function freeze(result: PartResult): PartResult {
  Object.freeze(result.feedback);
  return Object.freeze(result);
}

/**
 * The verdict cache key of an answer, within its part: the text itself for a
 * text answer (a string from JSON.parse is flat and hashes once), else a
 * marked JSON form that no text answer can equal.
 */
export function answerCacheKey(answer: AnswerValue): string {
  if (typeof answer === 'string' && !answer.startsWith('\u0000')) return answer;
  return `\u0000${typeof answer}\u0000${JSON.stringify(answer)}`;
}

/** What a worker needs to watch and steer grading part by part (time budgets). */
export interface GradeHooks {
  /** Called before each part is graded, with its index in `quiz.parts`. */
  beforePart?(partIndex: number): void;
  /** Called when that part's grading is done. */
  afterPart?(partIndex: number): void;
  /** The result to record instead of grading this answer (it timed out before), or undefined to grade it. */
  skip?(key: string, answer: AnswerValue | undefined): PartResult | undefined;
}

/**
 * A bounded memory of verdicts in two generations: a hit in the old one moves
 * to the young one, and when the young one is full it becomes the old one. The
 * answers a class keeps giving stay; one-off answers age out. (Starting afresh
 * when full would drop the popular answers with the rest.)
 */
export class VerdictCache<V = PartResult> {
  private young = new Map<string, Map<string, V>>();
  private old = new Map<string, Map<string, V>>();
  private youngSize = 0;

  /** `entries` bounds each generation, so at most twice as many are held. */
  constructor(private readonly entries: number) {}

  /** The verdict of `answerKey` (see answerCacheKey) to the part `partKey`. */
  get(partKey: string, answerKey: string): V | undefined {
    const young = this.young.get(partKey)?.get(answerKey);
    if (young !== undefined) return young;
    const old = this.old.get(partKey)?.get(answerKey);
    if (old !== undefined) this.set(partKey, answerKey, old);
    return old;
  }

  set(partKey: string, answerKey: string, verdict: V): void {
    if (this.youngSize >= this.entries) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
    let answers = this.young.get(partKey);
    if (answers === undefined) this.young.set(partKey, (answers = new Map()));
    if (!answers.has(answerKey)) this.youngSize += 1;
    answers.set(answerKey, verdict);
  }

  get size(): number {
    let size = this.youngSize;
    for (const answers of this.old.values()) size += answers.size;
    return size;
  }
}

/**
 * Grades the parts of submissions of one quiz, keeping each verdict in the
 * form `V` its caller wants (the object, or a results.jsonl piece), cached by
 * (part, answer) so repeated answers are graded once.
 */
export class PartGrading<V> {
  private readonly cache: VerdictCache<V>;
  private readonly useCache: boolean;

  /** `form` turns a fresh verdict into V; `shared` says whether V is kept in the cache and shared. */
  constructor(readonly quiz: Quiz, options: GradeOptions, private readonly form: (result: PartResult, shared: boolean) => V) {
    this.useCache = options.cache ?? true;
    this.cache = new VerdictCache<V>(options.cacheEntries ?? VERDICT_CACHE_MAX_ENTRIES);
  }

  private gradeCached(part: Part, answer: AnswerValue | undefined): V {
    if (!this.useCache || isBlank(answer)) return this.form(gradePart(part, answer), false);
    const answerKey = answerCacheKey(answer!);
    const hit = this.cache.get(part.key, answerKey);
    if (hit !== undefined) return hit;
    const verdict = this.form(gradePart(part, answer), true);
    this.cache.set(part.key, answerKey, verdict);
    return verdict;
  }

  /** The verdicts of a checked submission's parts, in quiz order. */
  private parts(submission: Submission, hooks: GradeHooks): V[] {
    return this.quiz.parts.map((part, index) => {
      const answer = Object.hasOwn(submission.answers, part.key) ? submission.answers[part.key] : undefined;
      const skipped = hooks.skip?.(part.key, answer);
      if (skipped) return this.form(skipped, false);
      hooks.beforePart?.(index);
      const verdict = this.gradeCached(part, answer);
      hooks.afterPart?.(index);
      return verdict;
    });
  }

  /**
   * Grades one parsed submission (any JSON value): its result, with the parts
   * as `partOf` reads them from the verdicts, and the verdicts themselves (none
   * when the submission is invalid). Never throws.
   */
  grade(value: unknown, meta: { source?: string; position?: number }, hooks: GradeHooks, partOf: (verdict: V) => PartResult): { result: SubmissionResult; verdicts: V[] } {
    const check = checkSubmission(value, this.quiz);
    const where = { ...(meta.source !== undefined && { source: meta.source }), ...(meta.position !== undefined && { position: meta.position }) };
    if (!check.ok) return { result: invalidSubmission(this.quiz, check.student, check.errors, where), verdicts: [] };
    const verdicts = this.parts(check.submission, hooks);
    const parts = verdicts.map(partOf);
    const result: SubmissionResult = {
      quiz: this.quiz.id,
      student: check.submission.student,
      status: 'graded',
      score: roundScore(parts.reduce((sum, part) => sum + part.score, 0)),
      maxScore: this.quiz.maxScore,
      parts,
      errors: [],
      ...where,
    };
    return { result, verdicts };
  }

  /** `grade` for an input record: a record that could not be read becomes an invalid result. */
  gradeRecord(record: InputRecord, hooks: GradeHooks, partOf: (verdict: V) => PartResult): { result: SubmissionResult; verdicts: V[] } {
    const where = { source: record.source, position: record.position };
    const read = readRecord(record);
    if (!read.ok) return { result: invalidSubmission(this.quiz, { id: '' }, [read.message], where), verdicts: [] };
    return this.grade(read.value, where, hooks, partOf);
  }
}

const asPart = (part: PartResult): PartResult => part;

/** Grades submissions of one quiz into result objects; holds the verdict cache. */
export class Grader {
  private readonly grading: PartGrading<PartResult>;

  constructor(readonly quiz: Quiz, options: GradeOptions = {}) {
    this.grading = new PartGrading(quiz, options, (result, shared) => (shared ? freeze(result) : result));
  }

  /** One result per input record: a record that could not be read becomes an invalid result. */
  gradeRecord(record: InputRecord, hooks: GradeHooks = {}): SubmissionResult {
    return this.grading.gradeRecord(record, hooks, asPart).result;
  }

  /** Grades one parsed submission (any JSON value). Never throws. */
  grade(value: unknown, meta: { source?: string; position?: number } = {}, hooks: GradeHooks = {}): SubmissionResult {
    return this.grading.grade(value, meta, hooks, asPart).result;
  }
}

/** The submission a record holds, parsing its text if it came unparsed. */
export function readRecord(record: InputRecord): { ok: true; value: unknown } | { ok: false; message: string } {
  if (record.error !== undefined) return { ok: false, message: record.error };
  return record.text === undefined ? { ok: true, value: record.value } : parseJson(record.text);
}

/** The result of an input that could not be graded: still one result, score 0, every reason listed. */
export function invalidSubmission(
  quiz: Quiz,
  student: SubmissionResult['student'],
  errors: string[],
  where: { source?: string; position?: number } = {},
): SubmissionResult {
  return { quiz: quiz.id, student, status: 'invalid', score: 0, maxScore: quiz.maxScore, parts: [], errors, ...where };
}

