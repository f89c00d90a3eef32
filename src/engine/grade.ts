/**
 * In-process grading around the core: a verdict cache by (part, answer), hooks
 * a host uses to watch and steer grading part by part (time budgets), and
 * input records in, results out. The core (src/core/) grades; this remembers.
 */
import { answerTo, gradedSubmission, gradePart, invalidSubmission, isBlank, type SubmissionMeta } from '../core/grade.ts';
import { parseJson } from '../core/json.ts';
import { checkSubmission, type Submission } from '../core/submission.ts';
import type { Part, Quiz } from '../quiz/model.ts';
import type { AnswerValue, PartResult, SubmissionResult } from '../types.ts';
import type { InputRecord } from './inputs.ts';

/** Verdicts remembered per grading run; a class repeats its answers a lot. */
export const VERDICT_CACHE_MAX_ENTRIES = 100_000;

export interface GradeOptions {
  /** Remember verdicts by (part, answer) so repeated answers are graded once. Default true. */
  cache?: boolean;
  /** Verdicts remembered per generation of the cache (bounds memory). Default VERDICT_CACHE_MAX_ENTRIES. */
  cacheEntries?: number;
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
      const answer = answerTo(submission, part);
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
  grade(value: unknown, meta: SubmissionMeta, hooks: GradeHooks, partOf: (verdict: V) => PartResult): { result: SubmissionResult; verdicts: V[] } {
    const check = checkSubmission(value, this.quiz);
    if (!check.ok) return { result: invalidSubmission(this.quiz, check.student, check.errors, meta), verdicts: [] };
    const verdicts = this.parts(check.submission, hooks);
    return { result: gradedSubmission(this.quiz, check.submission, verdicts.map(partOf), meta), verdicts };
  }

  /** `grade` for an input record: a record that could not be read becomes an invalid result. */
  gradeRecord(record: InputRecord, hooks: GradeHooks, partOf: (verdict: V) => PartResult): { result: SubmissionResult; verdicts: V[] } {
    const where: SubmissionMeta = { source: record.source, position: record.position };
    if (record.fingerprint !== undefined) where.inputHash = record.fingerprint;
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
  grade(value: unknown, meta: SubmissionMeta = {}, hooks: GradeHooks = {}): SubmissionResult {
    return this.grading.grade(value, meta, hooks, asPart).result;
  }
}

/** The submission a record holds, parsing its text if it came unparsed. */
export function readRecord(record: InputRecord): { ok: true; value: unknown } | { ok: false; message: string } {
  if (record.error !== undefined) return { ok: false, message: record.error };
  return record.text === undefined ? { ok: true, value: record.value } : parseJson(record.text);
}

