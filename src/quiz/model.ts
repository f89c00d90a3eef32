/** The loaded quiz: what the engine grades against and what reporters describe. */
import type { AnyGrader } from '../grader.ts';

export interface Mistake {
  answer: string | number | string[];
  credit: number;
  feedback?: string;
}

/** The keys every answer shares, whatever its grader. */
export interface CommonAnswerOptions {
  type: string;
  mistakes?: Mistake[];
  /** Shown when the answer is correct. */
  feedback?: string;
  /** Show the accepted answer / counterexample on a wrong answer. */
  reveal?: boolean;
  [option: string]: unknown;
}

/** Where a value sits in a spec file, for messages. */
export interface SpecLocation {
  file: string;
  line: number;
  column: number;
  /** Path in the spec, e.g. `questions[3].parts[0].answer`. */
  path: string;
}

export interface CompiledMistake extends Mistake {
  compiled: unknown;
}

export interface Part {
  /** Submission key: `q4.layer1`, or `q9` for a single-part question. */
  key: string;
  question: string;
  /** Part id, or null for a single-part question. */
  part: string | null;
  title?: string;
  points: number;
  answer: CommonAnswerOptions;
  location: SpecLocation;
  /** The grader, or undefined when the quiz names a type that is not available yet. */
  grader?: AnyGrader;
  /** Why this part can't be graded (a missing grader type), when it can't. */
  unavailable?: string;
  compiled?: unknown;
  mistakes: CompiledMistake[];
  /** Deterministic per-part seed, recorded in results that sample. */
  seed: number;
}

export interface Question {
  id: string;
  title?: string;
  prompt?: string;
  parts: Part[];
}

export interface Quiz {
  id: string;
  title?: string;
  description?: string;
  definitions: Record<string, string>;
  /** Seconds each answer may take to grade, unless the answer or the command line says otherwise. */
  timeout?: number;
  questions: Question[];
  /** All parts, in spec order. */
  parts: Part[];
  /** Total points. */
  maxScore: number;
  /** File or folder the quiz was loaded from. */
  source: string;
}
