/**
 * Splitting free text into folded, stemmed words grouped in clauses, keeping
 * where each word sits in the original text so evidence can quote it.
 */
import { NEGATORS, STOPWORDS, foldWord } from './fold.ts';
import { stemWord } from './stem.ts';

export interface Token {
  /** Folded word (`isn't` gives two tokens, `is` and `not`). */
  word: string;
  /** Stem of the folded word, for matching inflections. */
  stem: string;
  /** Offsets of the original word in the text (shared by a split contraction). */
  start: number;
  end: number;
  /** Index of the clause the word belongs to. */
  clause: number;
  /** Index of the token in the whole text. */
  index: number;
  stop: boolean;
  negator: boolean;
}

/**
 * Punctuation that ends a clause: a phrase never spans it and a negation never
 * reaches past it. Commas count, so `MSE, unlike cross-entropy, is convex` is
 * three clauses (a documented limit: the claim is missed).
 */
const CLAUSE_PUNCTUATION = /[.!?;:,()[\]{}\n\u2022]/;

/**
 * Words that start a new clause: they turn the statement around (`but`) or
 * draw a consequence (`so`), and a negation before them does not reach past them.
 */
export const CLAUSE_BREAK_WORDS: ReadonlySet<string> = new Set([
  'but', 'whereas', 'however', 'although', 'though', 'unlike', 'while', 'yet',
  'so', 'therefore', 'thus', 'hence', 'because', 'since',
]);

/** A run-on clause is cut after this many words so matching stays bounded. */
export const MAX_CLAUSE_WORDS = 60;

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let wordsInClause = 0;
  const breakClause = (): void => {
    if (wordsInClause > 0) {
      clause += 1;
      wordsInClause = 0;
    }
  };
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) {
      if (CLAUSE_PUNCTUATION.test(segment.segment)) breakClause();
      continue;
    }
    const start = segment.index;
    const end = start + segment.segment.length;
    for (const word of foldWord(segment.segment)) {
      if (CLAUSE_BREAK_WORDS.has(word) || wordsInClause >= MAX_CLAUSE_WORDS) breakClause();
      tokens.push({
        word,
        stem: stemWord(word),
        start,
        end,
        clause,
        index: tokens.length,
        stop: STOPWORDS.has(word),
        negator: NEGATORS.has(word),
      });
      wordsInClause += 1;
    }
  }
  return tokens;
}

/** The folded text: words only, single-spaced. */
export function foldedText(tokens: readonly Token[]): string {
  return tokens.map((token) => token.word).join(' ');
}
