/**
 * Splitting free text into folded, stemmed words grouped in clauses, keeping
 * where each word sits in the original text so evidence can quote it.
 */
import { NEGATORS, STOPWORDS, foldWord } from './fold.ts';
import { stemWord } from './stem.ts';
import { detached } from '../util/detached.ts';

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
export const CLAUSE_PUNCTUATION = /[.!?;:,()[\]{}\n\u2022]/;

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

/** A piece of a chunk: punctuation (does it end a clause?) or a word with its folded, stemmed forms. */
type Piece =
  | { kind: 'gap'; breaksClause: boolean }
  | { kind: 'word'; start: number; end: number; words: readonly { word: string; stem: string; stop: boolean; negator: boolean }[] };

/**
 * Whitespace where text is cut into chunks. No word-boundary rule (UAX #29)
 * reaches across such a run, so segmenting chunk by chunk gives the segments of
 * the whole text; a run followed by a combining mark (which would attach to it)
 * is not a cut.
 */
const CHUNK_SEPARATOR = /[ \t\n\r]+(?![\p{M}\p{Cf}\u200d])/gu;
/** Chunks remembered with their pieces: a class writes the same words over and over. */
const CHUNK_CACHE_LIMIT = 50_000;
/**
 * Longest chunk remembered: a word with its punctuation. Longer ones (text
 * without spaces, `a,b,c,...`) are segmented every time, so the memory stays
 * bounded by size, not only by count.
 */
const CHUNK_REMEMBERED_MAX_CHARS = 64;
const chunkCache = new Map<string, readonly Piece[]>();

function piecesOf(chunk: string): readonly Piece[] {
  const known = chunkCache.get(chunk);
  if (known !== undefined) return known;
  const pieces: Piece[] = [];
  for (const segment of segmenter.segment(chunk)) {
    if (!segment.isWordLike) {
      pieces.push({ kind: 'gap', breaksClause: CLAUSE_PUNCTUATION.test(segment.segment) });
      continue;
    }
    const words = foldWord(segment.segment).map((word) => ({ word, stem: stemWord(word), stop: STOPWORDS.has(word), negator: NEGATORS.has(word) }));
    pieces.push({ kind: 'word', start: segment.index, end: segment.index + segment.segment.length, words });
  }
  if (chunk.length > CHUNK_REMEMBERED_MAX_CHARS) return pieces;
  if (chunkCache.size >= CHUNK_CACHE_LIMIT) chunkCache.clear();
  // Kept as its own copy: a chunk cut from a long answer must not keep the answer alive.
  // (The pieces' words are the segmenter's own strings already.)
  chunkCache.set(detached(chunk), pieces);
  return pieces;
}

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
  const addChunk = (chunk: string, offset: number): void => {
    for (const piece of piecesOf(chunk)) {
      if (piece.kind === 'gap') {
        if (piece.breaksClause) breakClause();
        continue;
      }
      for (const { word, stem, stop, negator } of piece.words) {
        if (CLAUSE_BREAK_WORDS.has(word) || wordsInClause >= MAX_CLAUSE_WORDS) breakClause();
        tokens.push({ word, stem, start: offset + piece.start, end: offset + piece.end, clause, index: tokens.length, stop, negator });
        wordsInClause += 1;
      }
    }
  };
  let from = 0;
  for (const separator of text.matchAll(CHUNK_SEPARATOR)) {
    if (separator.index > from) addChunk(text.slice(from, separator.index), from);
    if (separator[0].includes('\n')) breakClause();
    from = separator.index + separator[0].length;
  }
  if (from < text.length) addChunk(text.slice(from), from);
  return tokens;
}

/** The folded text: words only, single-spaced. */
export function foldedText(tokens: readonly Token[]): string {
  return tokens.map((token) => token.word).join(' ');
}
