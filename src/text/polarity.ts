/**
 * Built-in polarity pairs: words whose swap turns a claim around. A phrase with
 * two polarity words keeps its sense when both are swapped (`less weight to
 * easy examples` is `more weight to hard examples`) and turns into its
 * contrary when one is (`more weight to easy examples`). A phrase with one
 * polarity word gets nothing: `less weight` alone may be said of either side.
 */
import { tokenize } from './tokenize.ts';

export const POLARITY_PAIRS: readonly (readonly [string, string])[] = [
  ['less', 'more'], ['fewer', 'more'], ['lower', 'higher'], ['smaller', 'larger'], ['small', 'large'], ['low', 'high'],
  ['easy', 'hard'], ['easier', 'harder'], ['majority', 'minority'], ['increase', 'decrease'], ['increases', 'decreases'],
  ['up', 'down'], ['upweight', 'downweight'], ['upweights', 'downweights'],
];

/** Polarity words a phrase may have for its swaps to be made (2^3 variants at most). */
export const MAX_POLARITY_WORDS = 3;

const OPPOSITE = new Map<string, string>();
for (const [left, right] of POLARITY_PAIRS) {
  if (!OPPOSITE.has(left)) OPPOSITE.set(left, right);
  if (!OPPOSITE.has(right)) OPPOSITE.set(right, left);
}

export interface PolarityVariants {
  /** Phrases with an even number of words swapped (but not none): the same claim. */
  same: string[];
  /** Phrases with an odd number swapped: the contrary claim. */
  opposite: string[];
}

const NONE: PolarityVariants = { same: [], opposite: [] };

/** The polarity swaps of a word phrase (regular expressions get none), as folded text. */
export function polarityVariants(source: string): PolarityVariants {
  if (source.trim().startsWith('/')) return NONE;
  const words = tokenize(source).map((token) => token.word);
  const positions = words.flatMap((word, at) => (OPPOSITE.has(word) ? [at] : []));
  if (positions.length < 2 || positions.length > MAX_POLARITY_WORDS) return NONE;
  const variants: PolarityVariants = { same: [], opposite: [] };
  for (let mask = 1; mask < 1 << positions.length; mask += 1) {
    const swapped = [...words];
    let count = 0;
    positions.forEach((position, bit) => {
      if ((mask & (1 << bit)) === 0) return;
      swapped[position] = OPPOSITE.get(words[position]!)!;
      count += 1;
    });
    (count % 2 === 0 ? variants.same : variants.opposite).push(swapped.join(' '));
  }
  return variants;
}
