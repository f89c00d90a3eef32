/**
 * Synonym classes: terms (one or more words) that a phrase may use
 * interchangeably. A rubric's `synonyms` map adds to the built-in number words.
 */
import { tokenize } from './tokenize.ts';

/** A term as folded, stemmed words. */
export interface Term {
  words: string[];
  stems: string[];
}

export type SynonymClass = Term[];

/** Number words and digits read the same: `1-hot` is `one-hot`, `is 0` is `is zero`. */
export const NUMBER_SYNONYMS: readonly (readonly string[])[] = [
  ['zero', '0'], ['one', '1'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'],
  ['six', '6'], ['seven', '7'], ['eight', '8'], ['nine', '9'], ['ten', '10'],
];

export function termOf(text: string): Term {
  const tokens = tokenize(text);
  return { words: tokens.map((token) => token.word), stems: tokens.map((token) => token.stem) };
}

function termKey(term: Term): string {
  return term.stems.join(' ');
}

/**
 * Builds synonym classes from `{ term: [equivalents] }` plus the built-in ones;
 * classes that share a term are merged, so the relation is symmetric and transitive.
 */
export function buildSynonymClasses(map: Readonly<Record<string, readonly string[]>> = {}): SynonymClass[] {
  const groups: string[][] = [
    ...NUMBER_SYNONYMS.map((group) => [...group]),
    ...Object.entries(map).map(([term, equivalents]) => [term, ...equivalents]),
  ];
  const classes: Map<string, Term>[] = [];
  for (const group of groups) {
    const terms = group.map(termOf).filter((term) => term.words.length > 0);
    const keys = new Set(terms.map(termKey));
    const joined = new Map<string, Term>(terms.map((term) => [termKey(term), term]));
    for (let index = classes.length - 1; index >= 0; index -= 1) {
      const existing = classes[index]!;
      if ([...existing.keys()].some((key) => keys.has(key))) {
        for (const [key, term] of existing) joined.set(key, term);
        classes.splice(index, 1);
      }
    }
    classes.push(joined);
  }
  return classes.filter((terms) => terms.size > 1).map((terms) => [...terms.values()]);
}
