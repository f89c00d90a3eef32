/**
 * Sealing a compiled part: what a quiz page or a student's CLI may hold so the
 * part grades exactly as `grade` does, without its answer key in readable form.
 * One module per grader (src/seal/<grader>.ts), listed in src/seal/index.ts.
 */
import type { AnyGrader, CompileContext } from '../grader.ts';
import type { CommonAnswerOptions } from '../quiz/model.ts';

/** How a part's key is carried, strongest first. Exhaustive: docs/page.md describes each. */
export const SEALINGS = ['hashed', 'sampled', 'open', 'none'] as const;
export type Sealing = (typeof SEALINGS)[number];

/** JSON only: the sealed key is written to quiz.sealed.json and embedded in the page. */
export type SealedKey = unknown;

export interface PartSealer {
  sealing: Sealing;
  /**
   * The answer options a sealed part keeps: what the grader reads besides its
   * compiled state (option texts, `multiple`, `reveal`, ...), never the key.
   */
  publicOptions(options: CommonAnswerOptions): CommonAnswerOptions;
  /** The compiled expected answer (or a mistake's) as sealed JSON. */
  seal(compiled: unknown, options: CommonAnswerOptions, context: CompileContext): SealedKey;
  /** Compiled state the grader's own `grade` accepts, rebuilt from the sealed key. */
  open(sealed: SealedKey, options: CommonAnswerOptions, context: CompileContext, grader: AnyGrader): unknown;
}
