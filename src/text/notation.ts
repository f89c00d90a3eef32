/**
 * Math written inside free text (`f''(θ) ≥ 0`, `cos = 0`, `dimension = |V|`),
 * matched against a criterion's `math:` patterns. Both are read with the
 * expression reader's notation rules (unicode letters and operators,
 * superscripts; src/math/expression/normalize.ts) plus the relations it does
 * not need (`≥`, `≤`, `≠`, `″`), then compared without spaces or case: the
 * pattern must appear in one sentence of the answer.
 */
import { normalizeNotation } from '../math/expression/normalize.ts';

/** Longest `math:` pattern, in characters. */
export const MAX_MATH_PATTERN_LENGTH = 80;

const RELATIONS: Readonly<Record<string, string>> = { '≥': '>=', '⩾': '>=', '≤': '<=', '⩽': '<=', '≠': '!=', '″': "''", '′': "'" };
const RELATION_CHARACTERS = /[≥⩾≤⩽≠″′]/g;
const SPACE = /\s+/g;
/** A pattern must hold some notation: an operator, a bracket, a bar or a prime. */
const NOTATION = /[=<>≥≤≠^|'()*/+\-″′]/;

export class NotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotationError';
  }
}

/** The comparable form of a piece of math: reader-normalized, no spaces, lower case. */
export function notationKey(text: string): string {
  const relations = text.replace(RELATION_CHARACTERS, (ch) => RELATIONS[ch]!);
  return normalizeNotation(relations).replace(SPACE, '').toLowerCase();
}

export function compileNotation(pattern: string): string {
  if (pattern.length > MAX_MATH_PATTERN_LENGTH) throw new NotationError(`math pattern is longer than ${MAX_MATH_PATTERN_LENGTH} characters`);
  if (!NOTATION.test(pattern)) throw new NotationError(`math pattern "${pattern}" has no notation (operator, bracket, bar or prime); write it as a phrase`);
  const key = notationKey(pattern);
  if (key.length === 0) throw new NotationError(`math pattern "${pattern}" is empty`);
  return key;
}
