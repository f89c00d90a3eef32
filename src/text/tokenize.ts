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
  /** Index of the sentence (ended by `. ! ? ;`, a bullet or a line break). */
  sentence: number;
  /** Inside quotation marks (closed ones: an unclosed quote marks nothing). */
  quoted: boolean;
  /** In a sentence that ends with a question mark. */
  question: boolean;
}

/**
 * Punctuation that ends a clause: a phrase never spans it and a negation never
 * reaches past it. Commas count, so `MSE, unlike cross-entropy, is convex` is
 * three clauses (a documented limit: the claim is missed).
 */
export const CLAUSE_PUNCTUATION = /[.!?;:,()[\]{}\n\u2022\u2013\u2014]/;

/** Punctuation that ends a sentence: the scope of a question, a hypothesis or a verdict. */
export const SENTENCE_PUNCTUATION = /[.!?;\n\u2022]/;

/**
 * A hyphen that stands apart (` - `, `convex -- it`, `->`) is a dash and ends
 * the clause: `not non-convex - it is convex` is two clauses. Inside a word
 * (`non-convex`, `1-hot`) it is no break.
 */
export const DASH = /^-+$/;

/** Quotation marks: straight ones toggle, typographic ones open or close. */
const QUOTE_TOGGLE = /["\u0027]/;
const QUOTE_OPEN = /[\u201c\u2018\u00ab]/;
const QUOTE_CLOSE = /[\u201d\u2019\u00bb]/;

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
  | { kind: 'gap'; breaksClause: boolean; breaksSentence: boolean; question: boolean; lineBreak: boolean; quote: QuoteMark | null }
  | { kind: 'word'; start: number; end: number; words: readonly WordForms[] };

/**
 * Whitespace where text is cut into chunks. No word-boundary rule (UAX #29)
 * reaches across such a run, so segmenting chunk by chunk gives the segments of
 * the whole text; a run followed by a combining mark (which would attach to it)
 * is not a cut.
 */
export const CHUNK_SEPARATOR = /[ \t\n\r]+(?![\p{M}\p{Cf}\u200d])/gu;
/** Chunks remembered with their pieces: a class writes the same words over and over. */
const CHUNK_CACHE_LIMIT = 50_000;
/**
 * Longest chunk remembered: a word with its punctuation. Longer ones (text
 * without spaces, `a,b,c,...`) are segmented every time, so the memory stays
 * bounded by size, not only by count.
 */
const CHUNK_REMEMBERED_MAX_CHARS = 64;
const chunkCache = new Map<string, readonly Piece[]>();

export type QuoteMark = 'toggle' | 'open' | 'close';

function quoteMark(segment: string): QuoteMark | null {
  if (QUOTE_TOGGLE.test(segment)) return 'toggle';
  if (QUOTE_OPEN.test(segment)) return 'open';
  if (QUOTE_CLOSE.test(segment)) return 'close';
  return null;
}

/** What a run of punctuation does; `apart`: it starts or ends its whitespace-separated chunk. */
export function gapPiece(segment: string, apart: boolean): Gap {
  return {
    kind: 'gap',
    breaksClause: CLAUSE_PUNCTUATION.test(segment) || (apart && DASH.test(segment)),
    breaksSentence: SENTENCE_PUNCTUATION.test(segment),
    question: segment.includes('?'),
    lineBreak: segment.includes('\n'),
    quote: quoteMark(segment),
  };
}

export type Gap = Extract<Piece, { kind: 'gap' }>;
const LINE_BREAK = gapPiece('\n', true);

function piecesOf(chunk: string): readonly Piece[] {
  const known = chunkCache.get(chunk);
  if (known !== undefined) return known;
  const pieces: Piece[] = [];
  for (const segment of segmenter.segment(chunk)) {
    if (!segment.isWordLike) {
      const apart = segment.index === 0 || segment.index + segment.segment.length === chunk.length;
      pieces.push(gapPiece(segment.segment, apart));
      continue;
    }
    pieces.push({ kind: 'word', start: segment.index, end: segment.index + segment.segment.length, words: wordForms(segment.segment) });
  }
  if (chunk.length > CHUNK_REMEMBERED_MAX_CHARS) return pieces;
  if (chunkCache.size >= CHUNK_CACHE_LIMIT) chunkCache.clear();
  // Kept as its own copy: a chunk cut from a long answer must not keep the answer alive.
  // (The pieces' words are the segmenter's own strings already.)
  chunkCache.set(detached(chunk), pieces);
  return pieces;
}

export interface WordForms {
  word: string;
  stem: string;
  stop: boolean;
  negator: boolean;
}

/**
 * Builds the tokens from the pieces in text order: clause and sentence
 * numbers, quotations and questions. tokenize feeds it chunk by chunk; the
 * tests feed it one segmenter pass over the whole text, and must get the same.
 */
export class TokenAssembler {
  readonly tokens: Token[] = [];
  private clause = 0;
  private wordsInClause = 0;
  private sentence = 0;
  private sentenceStart = 0;
  /** Index of the first token inside an open quotation, or -1. */
  private quoteStart = -1;

  addGap(gap: Gap): void {
    if (gap.breaksClause) this.breakClause();
    if (gap.breaksSentence) this.breakSentence(gap.question);
    if (gap.lineBreak) this.dropOpenQuote();
    if (gap.quote === 'open' || (gap.quote === 'toggle' && this.quoteStart < 0)) {
      this.dropOpenQuote();
      this.quoteStart = this.tokens.length;
    } else if (gap.quote !== null) {
      this.quoteStart = -1;
    }
  }

  addWord({ word, stem, stop, negator }: WordForms, start: number, end: number): void {
    if (CLAUSE_BREAK_WORDS.has(word) || this.wordsInClause >= MAX_CLAUSE_WORDS) this.breakClause();
    const { clause, sentence } = this;
    const quoted = this.quoteStart >= 0;
    this.tokens.push({ word, stem, start, end, clause, index: this.tokens.length, stop, negator, sentence, quoted, question: false });
    this.wordsInClause += 1;
  }

  finish(): Token[] {
    this.dropOpenQuote();
    return this.tokens;
  }

  private breakClause(): void {
    if (this.wordsInClause > 0) {
      this.clause += 1;
      this.wordsInClause = 0;
    }
  }

  private breakSentence(question: boolean): void {
    const { tokens } = this;
    if (question) for (let at = this.sentenceStart; at < tokens.length; at += 1) tokens[at]!.question = true;
    if (tokens.length > this.sentenceStart) this.sentence += 1;
    this.sentenceStart = tokens.length;
  }

  /** An unclosed quotation is no quotation: its words are unmarked. */
  private dropOpenQuote(): void {
    if (this.quoteStart >= 0) for (let at = this.quoteStart; at < this.tokens.length; at += 1) this.tokens[at]!.quoted = false;
    this.quoteStart = -1;
  }
}

export function wordForms(segment: string): WordForms[] {
  return foldWord(segment).map((word) => ({ word, stem: stemWord(word), stop: STOPWORDS.has(word), negator: NEGATORS.has(word) }));
}

export function tokenize(text: string): Token[] {
  const assembler = new TokenAssembler();
  const addChunk = (chunk: string, offset: number): void => {
    for (const piece of piecesOf(chunk)) {
      if (piece.kind === 'gap') assembler.addGap(piece);
      else for (const forms of piece.words) assembler.addWord(forms, offset + piece.start, offset + piece.end);
    }
  };
  let from = 0;
  for (const separator of text.matchAll(CHUNK_SEPARATOR)) {
    if (separator.index > from) addChunk(text.slice(from, separator.index), from);
    if (separator[0].includes('\n')) assembler.addGap(LINE_BREAK);
    from = separator.index + separator[0].length;
  }
  if (from < text.length) addChunk(text.slice(from), from);
  return assembler.finish();
}

/** The folded text: words only, single-spaced. */
export function foldedText(tokens: readonly Token[]): string {
  return tokens.map((token) => token.word).join(' ');
}
