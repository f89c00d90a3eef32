/**
 * Phrases of a rubric, compiled once and matched against an analyzed answer.
 *
 * A phrase is a few words (`size of the vocabulary`) or, between slashes, a
 * regular expression (`/\bdim(ension)?s?\b.*\bvocab/`). Word phrases match the
 * way a reader does: function words are optional, each content word meets the
 * answer's word exactly, by stem, or within a small number of typos; synonyms
 * and number words are interchangeable; `down weight` meets `downweight` and
 * `non-convex` meets `nonconvex`; up to MAX_PHRASE_GAP other words may sit in
 * between; all within one clause. A phrase made only of content words
 * (`vocabulary size`) matches in any order; a phrase with a function word or a
 * negation (`mse is convex`, `not convex`) only in its own order.
 *
 * Negation: a match is negated when one of its words is in the scope of a
 * negator that is not itself part of the match. So `not convex` meets
 * `MSE is not convex`, and `mse is convex` does not.
 */
import { assertions, sentencesOf, type UnassertedKind } from './claims.ts';
import { notationKey } from './notation.ts';
import { NEGATORS, PREFIX_NEGATORS, STOPWORDS } from './fold.ts';
import { negationScopes } from './negation.ts';
import { stemWord } from './stem.ts';
import type { SynonymClass } from './synonyms.ts';
import { tokenize, type Token } from './tokenize.ts';
import { typoBudget, withinTypos } from './typos.ts';

/** Other words allowed inside a match: `MSE with a sigmoid output is convex`. */
export const MAX_PHRASE_GAP = 4;
/** Content words a phrase may have; longer ideas belong in `all` groups. */
export const MAX_PHRASE_WORDS = 8;
/** Variants one phrase may expand to through synonyms and compounds. */
export const MAX_PHRASE_VARIANTS = 64;
/** Search steps per phrase variant and clause, bounding time on any input. */
const MAX_SEARCH_STEPS = 5_000;
const REGEX_PHRASE = /^\/(.+)\/([a-z]*)$/s;
const ALLOWED_REGEX_FLAGS = /^[imsu]*$/;

/** How a phrase met the answer, from the strictest to the loosest. */
export const MATCH_KINDS = ['exact', 'stem', 'typo', 'regex', 'math'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export class PhraseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhraseError';
  }
}

interface PhraseWord {
  word: string;
  stem: string;
  /** Typos tolerated against the word, and against its stem (budgeted by the stem's own length). */
  typos: number;
  stemTypos: number;
  /** Its index in the rubric's lexicon, shared by equal words of different phrases. */
  slot: number;
}

/** Written words whose meetings a lexicon remembers before it starts afresh (bounds memory on a large class). */
const LEXICON_MEMORY = 50_000;

/**
 * Every phrase word of one rubric, and which of them each written word meets.
 * A class writes the same words over and over, so a written word is compared
 * with the phrase words (edit distances included) once, not once per answer.
 */
export class Lexicon {
  private readonly words: PhraseWord[] = [];
  private readonly slots = new Map<string, number>();
  private readonly meetings = new Map<string, readonly Meeting[]>();

  /** The slot of a phrase word; equal words (same spelling, stem and budgets) share one. */
  slotFor(word: Omit<PhraseWord, 'slot'>): number {
    const key = `${word.word}\u0000${word.stem}\u0000${word.typos}\u0000${word.stemTypos}`;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.words.length;
      this.words.push({ ...word, slot });
      this.slots.set(key, slot);
      this.meetings.clear();
    }
    return slot;
  }

  get size(): number {
    return this.words.length;
  }

  /** The phrase words, by slot (a sealed quiz hashes them: src/seal/rubric.ts). */
  entries(): readonly PhraseWord[] {
    return this.words;
  }

  /** The phrase words a written word meets, and how; `stem` is always `stemWord(written)`. */
  meet(written: string, stem: string): readonly Meeting[] {
    const known = this.meetings.get(written);
    if (known !== undefined) return known;
    const found: Meeting[] = [];
    for (const word of this.words) {
      const kind = wordKind(written, stem, word);
      if (kind !== null) found.push({ slot: word.slot, kind });
    }
    if (this.meetings.size >= LEXICON_MEMORY) this.meetings.clear();
    const result = found.length === 0 ? NO_MEETINGS : found;
    this.meetings.set(written, result);
    return result;
  }
}

export interface Meeting {
  slot: number;
  kind: MatchKind;
}
const NO_MEETINGS: readonly Meeting[] = Object.freeze([]);
const NO_SPANS: readonly Span[] = Object.freeze([]);
const NO_SPANS_MET: ReadonlyMap<number, readonly Span[]> = new Map();

export interface Variant {
  words: PhraseWord[];
  ordered: boolean;
}

export type CompiledPhrase =
  /** `core`: the lexicon slots every variant has (a word all its ways of writing share). */
  | { kind: 'words'; source: string; variants: Variant[]; core: number[] }
  | { kind: 'regex'; source: string; test: RegExp; sticky: RegExp }
  /** A `math:` pattern: its comparable form (src/text/notation.ts). */
  | { kind: 'math'; source: string; key: string };

export interface PhraseSettings {
  synonyms: readonly SynonymClass[];
  maxTypos: number;
  /** The rubric's lexicon: every phrase word compiled is entered in it. */
  lexicon: Lexicon;
}

interface PlainWord {
  word: string;
  stem: string;
  stop: boolean;
  negator: boolean;
  /** Made by joining two words of the phrase: matched without typos, or `no similarity` would meet `similarity`. */
  compound: boolean;
}

function plainWord(word: string): PlainWord {
  return { word, stem: stemWord(word), stop: STOPWORDS.has(word), negator: NEGATORS.has(word), compound: false };
}

/** Two words written as one. Only the last part is stemmed: stemming the whole may eat it (`vocabularysize`). */
function compoundWord(left: PlainWord, right: PlainWord): PlainWord {
  return { word: left.word + right.word, stem: left.word + right.stem, stop: false, negator: false, compound: true };
}

function compileRegex(source: string, body: string, flags: string): CompiledPhrase {
  if (!ALLOWED_REGEX_FLAGS.test(flags)) {
    throw new PhraseError(`regular expression ${source} may only use the flags i, m, s, u`);
  }
  let test: RegExp;
  try {
    test = new RegExp(body, flags);
  } catch (error) {
    throw new PhraseError(`${source} is not a valid regular expression: ${(error as Error).message}`);
  }
  if (test.test('')) throw new PhraseError(`regular expression ${source} matches empty text`);
  return { kind: 'regex', source, test, sticky: new RegExp(body, `${flags}y`) };
}

/** Every way of writing the phrase through its synonyms, capped at MAX_PHRASE_VARIANTS. */
function expandSynonyms(words: PlainWord[], synonyms: readonly SynonymClass[], source: string): PlainWord[][] {
  const memo = new Map<number, PlainWord[][]>();
  const expand = (position: number): PlainWord[][] => {
    if (position === words.length) return [[]];
    const known = memo.get(position);
    if (known !== undefined) return known;
    const head = words[position]!;
    const out = expand(position + 1).map((rest) => [head, ...rest]);
    for (const synonymClass of synonyms) {
      for (const term of synonymClass) {
        const fits = term.stems.every((stem, offset) => words[position + offset]?.stem === stem);
        if (!fits) continue;
        const tails = expand(position + term.stems.length);
        for (const other of synonymClass) {
          if (other === term) continue;
          const replacement = other.words.map(plainWord);
          for (const tail of tails) out.push([...replacement, ...tail]);
        }
      }
      if (out.length > MAX_PHRASE_VARIANTS) {
        throw new PhraseError(`synonyms expand "${source}" into more than ${MAX_PHRASE_VARIANTS} variants`);
      }
    }
    memo.set(position, out);
    return out;
  };
  return expand(0);
}

/** A phrase of words, with its `core`: the slots every way of writing it shares (what the prefilter looks for). */
export function wordsPhrase(source: string, variants: Variant[]): CompiledPhrase {
  const core = variants[0]!.words.map((word) => word.slot).filter((slot) => variants.every((variant) => variant.words.some((word) => word.slot === slot)));
  return { kind: 'words', source, variants, core: [...new Set(core)] };
}

/** Adds, for each pair of neighbouring content words, the variant that writes them as one word. */
function withCompounds(variants: PlainWord[][]): PlainWord[][] {
  const out = [...variants];
  for (const words of variants) {
    for (let index = 0; index + 1 < words.length; index += 1) {
      const [left, right] = [words[index]!, words[index + 1]!];
      // `non convex` -> `nonconvex` keeps its sense; `no similarity` -> `nosimilarity` is no word.
      if (left.stop || right.stop || (left.negator && !PREFIX_NEGATORS.has(left.word)) || right.negator) continue;
      out.push([...words.slice(0, index), compoundWord(left, right), ...words.slice(index + 2)]);
    }
  }
  return out;
}

export function compilePhrase(source: string, settings: PhraseSettings): CompiledPhrase {
  const regex = REGEX_PHRASE.exec(source.trim());
  if (regex !== null) return compileRegex(source, regex[1]!, regex[2]!);
  const words = tokenize(source).map((token) => plainWord(token.word));
  if (words.length === 0) throw new PhraseError(`phrase "${source}" has no words`);
  const seen = new Set<string>();
  const variants: Variant[] = [];
  for (const variant of withCompounds(expandSynonyms(words, settings.synonyms, source))) {
    const content = variant.filter((word) => !word.stop);
    const key = variant.map((word) => word.word).join(' ');
    if (content.length === 0 || seen.has(key)) continue;
    seen.add(key);
    variants.push({
      ordered: variant.some((word) => word.stop || word.negator),
      words: content.map((word) => {
        const exactOnly = word.negator || word.compound;
        const typos = exactOnly ? 0 : typoBudget(word.word, settings.maxTypos);
        const stemTypos = exactOnly ? 0 : typoBudget(word.stem, settings.maxTypos);
        const entry = { word: word.word, stem: word.stem, typos, stemTypos };
        return { ...entry, slot: settings.lexicon.slotFor(entry) };
      }),
    });
  }
  if (variants.length === 0) {
    throw new PhraseError(`phrase "${source}" has only function words (${[...STOPWORDS].slice(0, 6).join(', ')}, ...)`);
  }
  if (variants.some((variant) => variant.words.length > MAX_PHRASE_WORDS)) {
    throw new PhraseError(`phrase "${source}" has more than ${MAX_PHRASE_WORDS} content words; split it into \`all\` groups`);
  }
  return wordsPhrase(source, variants);
}

interface Clause {
  tokens: Token[];
  content: Token[];
  /** Folded words joined by single spaces, and where each token starts in it (regex phrases). */
  folded?: { text: string; offsets: number[] };
  /** Where the phrase words of the lexicon that this clause meets meet it, by slot (most meet nothing). */
  spans: ReadonlyMap<number, readonly Span[]>;
}

/** An answer prepared for matching: tokens, clauses and negation scopes. */
export interface AnalyzedText {
  text: string;
  tokens: Token[];
  clauses: Clause[];
  /** The lexicon slots met anywhere in the answer: a phrase with a word outside them is not met. */
  slots: ReadonlySet<number>;
  negatedBy: Int32Array;
  /** Per token: why it claims nothing (a question, a hypothesis, ...), or null. */
  unasserted: (UnassertedKind | null)[];
  /** Clauses restricted by a following `but not for ...`. */
  restricted: ReadonlySet<number>;
  /** Tokens that start a self-correction (`no wait`, `I mean`). */
  corrections: Token[];
  /** Each sentence's text in comparable math form, made when a `math:` pattern first asks. */
  notation?: { key: string; tokens: Token[] }[];
}

/** Prepares an answer for the phrases of one rubric (those entered in `lexicon`). */
export function analyzeText(text: string, lexicon: Lexicon): AnalyzedText {
  const tokens = tokenize(text);
  const clauses: Clause[] = [];
  for (const token of tokens) {
    let clause = clauses[token.clause];
    if (clause === undefined) {
      clause = { tokens: [], content: [], spans: NO_SPANS_MET };
      clauses[token.clause] = clause;
    }
    clause.tokens.push(token);
    if (!token.stop) clause.content.push(token);
  }
  const present = clauses.filter((clause) => clause !== undefined);
  const slots = new Set<number>();
  for (const clause of present) {
    clause.spans = clauseSpans(clause.content, lexicon);
    for (const slot of clause.spans.keys()) slots.add(slot);
  }
  return { text, tokens, clauses: present, slots, negatedBy: negationScopes(tokens), ...assertions(tokens) };
}

export interface PhraseMatch {
  /** The answer's tokens that met the phrase, in text order. */
  tokens: Token[];
  kind: MatchKind;
  /** Why the match makes no claim, or null: it does. */
  blocked: Block | null;
}

/**
 * Why words that meet a phrase claim nothing: negated by a word outside the
 * match, unasserted (src/text/claims.ts), in a restricted clause (for wrong
 * claims: `convex for linear regression, but not with a sigmoid`), or taken by
 * a contrary claim already.
 */
export type Block = 'negated' | UnassertedKind | 'restricted' | 'contrary';

/** How a phrase is matched: `strict` for wrong claims (a restricted clause claims nothing in general). */
export interface MatchContext {
  strict?: boolean;
  /** Tokens of contrary claims: a match using one is the contrary's, not the criterion's. */
  excluded?: ReadonlySet<number>;
  /** Other words allowed inside a match (MAX_PHRASE_GAP when not given). */
  maxGap?: number;
}

function blockOf(tokens: readonly Token[], text: AnalyzedText, context: MatchContext): Block | null {
  const inMatch = new Set(tokens.map((token) => token.index));
  for (const token of tokens) {
    const negator = text.negatedBy[token.index]!;
    if (negator >= 0 && !inMatch.has(negator)) return 'negated';
  }
  for (const token of tokens) {
    const kind = text.unasserted[token.index];
    if (kind !== null && kind !== undefined) return kind;
  }
  if (context.strict === true && tokens.some((token) => text.restricted.has(token.clause))) return 'restricted';
  if (context.excluded !== undefined && tokens.some((token) => context.excluded!.has(token.index))) return 'contrary';
  return null;
}

const KIND_RANK: Record<MatchKind, number> = { exact: 0, stem: 1, typo: 2, regex: 0, math: 0 };

function wordKind(written: string, writtenStem: string, expected: PhraseWord): MatchKind | null {
  if (written === expected.word) return 'exact';
  if (writtenStem === expected.stem) return 'stem';
  if (withinTypos(written, expected.word, expected.typos)) return 'typo';
  if (withinTypos(writtenStem, expected.stem, expected.stemTypos)) return 'typo';
  return null;
}

/** A phrase word placed on one content token, or on two adjacent ones written as a compound. */
interface Span {
  first: number;
  last: number;
  kind: MatchKind;
}

/**
 * Where each phrase word meets the clause's content tokens: on one token, or on
 * two adjacent ones written as a compound (`cross entropy` -> `crossentropy`).
 */
function clauseSpans(content: readonly Token[], lexicon: Lexicon): ReadonlyMap<number, readonly Span[]> {
  const spans = new Map<number, Span[]>();
  const add = (slot: number, span: Span): void => {
    const list = spans.get(slot);
    if (list === undefined) spans.set(slot, [span]);
    else list.push(span);
  };
  content.forEach((token, index) => {
    for (const { slot, kind } of lexicon.meet(token.word, token.stem)) add(slot, { first: index, last: index, kind });
    const next = content[index + 1];
    if (next !== undefined && next.index === token.index + 1 && next.start > token.start) {
      const joined = token.word + next.word;
      for (const { slot, kind } of lexicon.meet(joined, stemWord(joined))) add(slot, { first: index, last: index + 1, kind });
    }
  });
  return spans;
}

interface ClauseResult {
  match?: PhraseMatch;
  /** The first meeting that claims nothing (see Block). */
  blocked?: PhraseMatch;
}

function matchVariantInClause(variant: Variant, clause: Clause, text: AnalyzedText, context: MatchContext): ClauseResult {
  for (const word of variant.words) if (!clause.spans.has(word.slot)) return {};
  const lists = variant.words.map((word) => clause.spans.get(word.slot) ?? NO_SPANS);
  const result: ClauseResult = {};
  const chosen: Span[] = [];
  const maxGap = context.maxGap ?? MAX_PHRASE_GAP;
  const maxSpan = variant.words.length * 2 + maxGap;
  let steps = 0;
  const finish = (): boolean => {
    const indices = new Set<number>();
    for (const span of chosen) for (let at = span.first; at <= span.last; at += 1) indices.add(at);
    const tokens = [...indices].sort((a, b) => a - b).map((at) => clause.content[at]!);
    const kind = chosen.reduce<MatchKind>((worst, span) => (KIND_RANK[span.kind] > KIND_RANK[worst] ? span.kind : worst), 'exact');
    const blocked = blockOf(tokens, text, context);
    const match: PhraseMatch = { tokens, kind, blocked };
    if (blocked === null) {
      result.match = match;
      return true;
    }
    result.blocked ??= match;
    return false;
  };
  const search = (position: number, low: number, high: number, covered: number): boolean => {
    steps += 1;
    if (steps > MAX_SEARCH_STEPS) return true;
    if (position === lists.length) {
      return high - low + 1 - covered <= maxGap ? finish() : false;
    }
    const previous = chosen[chosen.length - 1];
    for (const span of lists[position]!) {
      if (variant.ordered && previous !== undefined && span.first <= previous.last) continue;
      if (!variant.ordered && chosen.some((other) => span.first <= other.last && other.first <= span.last)) continue;
      const nextLow = Math.min(low, span.first);
      const nextHigh = Math.max(high, span.last);
      const nextCovered = covered + span.last - span.first + 1;
      // In order, words placed later lie to the right, so the gaps so far are final.
      if (variant.ordered ? nextHigh - nextLow + 1 - nextCovered > maxGap : nextHigh - nextLow + 1 > maxSpan) continue;
      chosen.push(span);
      const done = search(position + 1, nextLow, nextHigh, nextCovered);
      chosen.pop();
      if (done) return true;
    }
    return false;
  };
  search(0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0);
  return result;
}

function foldedClause(clause: Clause): { text: string; offsets: number[] } {
  if (clause.folded === undefined) {
    const offsets: number[] = [];
    let text = '';
    for (const token of clause.tokens) {
      if (text !== '') text += ' ';
      offsets.push(text.length);
      text += token.word;
    }
    clause.folded = { text, offsets };
  }
  return clause.folded;
}

function matchRegexInClause(
  phrase: Extract<CompiledPhrase, { kind: 'regex' }>,
  clause: Clause,
  text: AnalyzedText,
  context: MatchContext,
): ClauseResult {
  const { text: folded, offsets } = foldedClause(clause);
  if (!phrase.test.test(folded)) return {};
  const result: ClauseResult = {};
  // Try the expression from every word so a blocked first match does not hide a later one.
  for (const offset of offsets) {
    phrase.sticky.lastIndex = offset;
    const found = phrase.sticky.exec(folded);
    if (found === null || found[0].length === 0) continue;
    const from = found.index;
    const to = from + found[0].length;
    const tokens = clause.tokens.filter((token, at) => {
      const start = offsets[at]!;
      return start < to && start + token.word.length > from;
    });
    const blocked = blockOf(tokens, text, context);
    const match: PhraseMatch = { tokens, kind: 'regex', blocked };
    if (blocked === null) return { match };
    result.blocked ??= match;
  }
  return result;
}

/** Each sentence's text, from its first word to the next sentence's, in comparable math form. */
function sentenceNotation(text: AnalyzedText): NonNullable<AnalyzedText['notation']> {
  if (text.notation === undefined) {
    const sentences = sentencesOf(text.tokens);
    text.notation = sentences.map((tokens, index) => {
      const from = index === 0 ? 0 : tokens[0]!.start;
      const to = sentences[index + 1]?.[0]!.start ?? text.text.length;
      return { key: notationKey(text.text.slice(from, to)), tokens };
    });
  }
  return text.notation;
}

/** A `math:` pattern in a sentence that claims it (not a question, hypothesis, ...). */
function matchNotation(phrase: Extract<CompiledPhrase, { kind: 'math' }>, text: AnalyzedText): ClauseResult {
  const result: ClauseResult = {};
  for (const { key, tokens } of sentenceNotation(text)) {
    if (!key.includes(phrase.key)) continue;
    const kind = text.unasserted[tokens[0]!.index] ?? null;
    const match: PhraseMatch = { tokens, kind: 'math', blocked: kind };
    if (kind === null) return { match };
    result.blocked ??= match;
  }
  return result;
}

/**
 * The prefilter: a phrase whose words are not all in the answer is skipped
 * before any clause is searched (the answer's met slots are known once it is
 * analyzed). It changes no result, only the time; `setPrefilter(false)` turns
 * it off so the equivalence test and `npm run bench:rubric -- --no-prefilter`
 * can compare.
 */
let prefilter = true;

export function setPrefilter(enabled: boolean): void {
  prefilter = enabled;
}

export function prefilterEnabled(): boolean {
  return prefilter;
}

/** Whether some way of writing the phrase has every word somewhere in the answer (regex and math: maybe). */
export function mayMeet(phrase: CompiledPhrase, text: AnalyzedText): boolean {
  if (phrase.kind !== 'words') return true;
  for (const slot of phrase.core) if (!text.slots.has(slot)) return false;
  return phrase.variants.some((variant) => variant.words.every((word) => text.slots.has(word.slot)));
}

/** The first clause where the phrase is met as a claim, and else the first blocked meeting. */
export function matchPhrase(phrase: CompiledPhrase, text: AnalyzedText, context: MatchContext = {}): ClauseResult {
  if (phrase.kind === 'math') return matchNotation(phrase, text);
  const result: ClauseResult = {};
  if (prefilter && !mayMeet(phrase, text)) return result;
  const variants = phrase.kind === 'regex' ? [] : phrase.variants;
  for (const clause of text.clauses) {
    const found = phrase.kind === 'regex' ? [matchRegexInClause(phrase, clause, text, context)] : variants.map((variant) => matchVariantInClause(variant, clause, text, context));
    for (const candidate of found) {
      if (candidate.match !== undefined) return { match: candidate.match, ...(result.blocked ? { blocked: result.blocked } : {}) };
      result.blocked ??= candidate.blocked;
    }
  }
  return result;
}

/** The tokens that meet some phrase word of the rubric (what a list of terms is made of). */
export function rubricTokens(text: AnalyzedText): Set<number> {
  const found = new Set<number>();
  for (const clause of text.clauses) {
    for (const spans of clause.spans.values()) {
      for (const span of spans) for (let at = span.first; at <= span.last; at += 1) found.add(clause.content[at]!.index);
    }
  }
  return found;
}

/** The answer's own words from the first to the last matched token. */
export function quote(text: string, tokens: readonly Token[]): string {
  if (tokens.length === 0) return '';
  const start = Math.min(...tokens.map((token) => token.start));
  const end = Math.max(...tokens.map((token) => token.end));
  return text.slice(start, end).replace(/\s+/g, ' ');
}
