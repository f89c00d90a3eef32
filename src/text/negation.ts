/**
 * Negation scopes. A negator (`not`, `no`, `never`, `without`, `isn't` -> `not`, ...)
 * negates the words after it in the same clause, up to NEGATION_SCOPE_WORDS
 * words; `non` (as in `non-convex`) negates only the next word. `not only`,
 * `no matter` and a few more pairs are no negation.
 */
import { PREFIX_NEGATORS } from './fold.ts';
import type { Token } from './tokenize.ts';

/** How many words after a negator it reaches: `is not guaranteed to be convex`. */
export const NEGATION_SCOPE_WORDS = 5;

/** Negator and next word that negate nothing: `not only`, `no matter how many layers`. */
const NOT_A_NEGATION: ReadonlySet<string> = new Set([
  'not only', 'not just', 'not merely', 'no matter', 'no doubt', 'without doubt',
]);

/**
 * For every token, the index of the nearest negator whose scope it is in, or
 * -1. A negator itself is not in its own scope.
 */
export function negationScopes(tokens: readonly Token[]): Int32Array {
  const negatedBy = new Int32Array(tokens.length).fill(-1);
  tokens.forEach((token, index) => {
    if (!token.negator) return;
    const next = tokens[index + 1];
    if (next !== undefined && NOT_A_NEGATION.has(`${token.word} ${next.word}`)) return;
    const reach = PREFIX_NEGATORS.has(token.word) ? 1 : NEGATION_SCOPE_WORDS;
    for (let offset = 1; offset <= reach; offset += 1) {
      const scoped = tokens[index + offset];
      if (scoped === undefined || scoped.clause !== token.clause) break;
      // The nearest negator wins: in `not non-convex`, `convex` is negated by `non`.
      negatedBy[index + offset] = index;
    }
  });
  return negatedBy;
}
