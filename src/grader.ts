/**
 * The grader plugin contract. A grader is one module in `graders/` that calls
 * `defineGrader`; the engine only ever sees this interface, never a grader by name.
 *
 * Lifecycle: `compile` runs once per part when the quiz is loaded (parse the
 * expected answer, check the options); `grade` runs once per student answer.
 * `grade` splits in two like PrairieLearn elements: reading the answer (which may
 * end `invalid`) and judging it (`correct` / `partial` / `incorrect`).
 */
import type { AnswerValue } from './types.ts';

/** A JSON schema object (draft-07 / 2019, as ajv takes it). */
export type JsonSchema = Record<string, unknown>;

/** What a grader may conclude about one answer. */
export const VERDICTS = ['correct', 'partial', 'incorrect', 'invalid', 'needs-review'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface GradeOutcome {
  verdict: Verdict;
  /** Fraction of the part's points earned, 0..1 (ignored for `invalid`). */
  credit: number;
  /** Messages for the student. For `invalid`, the first says why the answer can't be read. */
  feedback: string[];
  /**
   * For a wrong answer: what it missed (`Not within tolerance: ...`), put
   * before `feedback` unless an anticipated mistake's own feedback explains it.
   */
  missed?: string;
  /** Canonical echo of how the answer was read. */
  interpreted?: string;
  method?: string;
  seed?: number;
  details?: Record<string, unknown>;
  /**
   * Canonical form of the answer, used to group equal answers (item analysis)
   * and as the verdict cache key. Absent when the answer could not be read.
   */
  normalized?: string;
}

/** What the caller of `grade` will read: the whole outcome, or only its verdict. */
export type GradeNeed = 'outcome' | 'verdict';

/** Quiz-wide facts a grader may need while compiling. */
export interface CompileContext {
  quizId: string;
  /** `definitions` of the quiz: `name(args)` or `name` -> expression text. */
  definitions: Record<string, string>;
  /** Key of the part being compiled (`q4.layer1`), for messages. */
  key: string;
  /** Deterministic seed for this part, derived from the quiz and key. */
  seed: number;
}

/** A problem in an answer's options that the schema could not see. */
export class OptionsError extends Error {
  /** Path below the `answer` object, e.g. `['expected']` or `['mistakes', 1, 'answer']`. */
  readonly path: (string | number)[];
  constructor(message: string, path: (string | number)[] = []) {
    super(message);
    this.name = 'OptionsError';
    this.path = path;
  }
}

export interface GraderDefinition<Options, Compiled> {
  /** The `type` a spec writes: `numeric`, `expression`, ... */
  name: string;
  description: string;
  /**
   * Schema of this grader's own options. The keys every answer shares (`type`,
   * `mistakes`, `feedback`, `reveal`) are added by the registry; any other key
   * is rejected.
   */
  optionsSchema: JsonSchema;
  /** Shape of the answer this grader reads: a single value or a list of strings. */
  answerShape: 'scalar' | 'list' | 'either';
  /**
   * The option that holds the expected answer. A `mistakes` entry is compiled as
   * a copy of the options with this key replaced by the mistake's `answer`, so
   * mistakes are "matched like the expected one". Null: the grader has no
   * single expected answer and takes no `mistakes`.
   */
  expectedKey: string | null;
  /** Parse and check the options once. Throw `OptionsError` for a bad spec. */
  compile(options: Options, context: CompileContext): Compiled;
  /**
   * Load what grading this part needs that most quizzes don't (the expression
   * grader's CAS). Hosts await it once, after compiling and before grading:
   * see `prepareQuiz` in src/quiz/compile.ts.
   */
  prepare?(compiled: Compiled): Promise<void>;
  /**
   * Judge one answer. Must not throw for any student input: return `invalid`.
   * With `need: 'verdict'` (matching an anticipated mistake) only the verdict
   * is read, and a grader may skip building feedback.
   */
  grade(answer: AnswerValue, compiled: Compiled, options: Options, need?: GradeNeed): GradeOutcome;
  /** A reference answer that must earn full credit (the `validate` self-test). */
  reference?(compiled: Compiled, options: Options): AnswerValue | undefined;
}

// Compiled state is private to each grader; the registry stores it opaquely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGrader = GraderDefinition<any, any>;

/** Identity at runtime; gives a grader module its types. */
export function defineGrader<Options, Compiled>(
  definition: GraderDefinition<Options, Compiled>,
): GraderDefinition<Options, Compiled> {
  return definition;
}

/** Shorthand outcomes, so graders read the same. */
export function invalid(message: string, extra: Partial<GradeOutcome> = {}): GradeOutcome {
  return { verdict: 'invalid', credit: 0, feedback: [message], ...extra };
}
