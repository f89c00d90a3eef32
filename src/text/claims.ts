/**
 * Which words of an answer are claimed. A rubric point is earned by a clause
 * that asserts it, so these are read but claim nothing:
 *
 * - `question`: a sentence ending with `?` (`Is MSE convex here?`);
 * - `hypothetical`: a sentence that supposes (`suppose`, `imagine`,
 *   `hypothetically`) or is counterfactual (`if` or `unless` with `were` or
 *   `would`: `If MSE were convex, GD would ...`). A plain `if ... is` is a rule
 *   and stays a claim: `if the second derivative is non-negative, f is convex`;
 * - `meta`: a sentence about words rather than using them (`the key words are`,
 *   `keywords:`, `important terms`);
 * - `refuted`: a quotation or a reported claim (`the claim that ...`, `saying
 *   ...`) in a sentence whose verdict is false (`... is false`, `is wrong`, `is
 *   not true`, `is a myth`).
 *
 * A clause followed by `but not for/with/in/when ...` (or `, not with ...`) is
 * `restricted`: true for its own case, so no wrong claim in general.
 *
 * Self-corrections (`no wait`, `I mean`, `or rather`, `scratch that`, and
 * `actually` opening a clause after something was said) are found so the
 * answer can be reviewed.
 */
import { CLAUSE_BREAK_WORDS, type Token } from './tokenize.ts';

export const UNASSERTED_KINDS = ['question', 'hypothetical', 'meta', 'refuted'] as const;
export type UnassertedKind = (typeof UNASSERTED_KINDS)[number];

const SUPPOSING: ReadonlySet<string> = new Set(['suppose', 'supposing', 'imagine', 'hypothetically', 'hypothetical']);
const CONDITIONAL: ReadonlySet<string> = new Set(['if', 'unless']);
const COUNTERFACTUAL: ReadonlySet<string> = new Set(['were', 'would']);
/** Words that carry a supposition into the next sentence. */
const CONSEQUENCE: ReadonlySet<string> = new Set(['would', 'then']);
/** Words that name words: `keywords`, and the second word of `key words`, `important terms`. */
const WORD_NOUNS: ReadonlySet<string> = new Set(['word', 'words', 'term', 'terms', 'concept', 'concepts', 'phrase', 'phrases']);
const WORD_QUALIFIERS: ReadonlySet<string> = new Set(['key', 'important', 'relevant', 'main', 'magic', 'right', 'buzz']);
const META_WORDS: ReadonlySet<string> = new Set(['keyword', 'keywords', 'buzzword', 'buzzwords', 'keyterms']);
/** A verdict that a quoted or reported claim is false, when it follows a copula (`is false`). */
const VERDICTS: ReadonlySet<string> = new Set(['false', 'wrong', 'incorrect', 'untrue', 'myth', 'misconception', 'mistaken', 'nonsense']);
const NEGATED_VERDICTS: ReadonlySet<string> = new Set(['true', 'correct', 'right']);
const COPULAS: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were', 'be', 'been', 's']);
/** Words that report a claim instead of making it: `the claim that`, `saying`. */
const REPORTERS: ReadonlySet<string> = new Set([
  'claim', 'claims', 'statement', 'idea', 'notion', 'belief', 'saying', 'say', 'says', 'said', 'assumption', 'myth', 'misconception',
]);
const RESTRICTING_PREPOSITIONS: ReadonlySet<string> = new Set(['for', 'with', 'in', 'when', 'on', 'under', 'if', 'at']);
/** Two-word self-corrections, by first word; `actually` and `sorry` count when they open a clause. */
const CORRECTION_PAIRS: ReadonlyMap<string, string> = new Map([['no', 'wait'], ['i', 'mean'], ['or', 'rather'], ['scratch', 'that'], ['wait', 'no']]);
const CORRECTION_OPENERS: ReadonlySet<string> = new Set(['actually', 'sorry', 'correction']);

/** Words that give a sentence structure: verbs of being and having, modals, subjects, connectives. */
export const STRUCTURE_WORDS: ReadonlySet<string> = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'am', 's', 'has', 'have', 'had', 'does', 'do', 'did', 'can', 'cannot', 'will',
  'would', 'should', 'may', 'might', 'must', 'could', 'it', 'they', 'we', 'you', 'i', 'he', 'she', 'this', 'these', 'there',
  'which', 'that', 'makes', 'make', 'gives', 'give', 'means', 'uses', 'use', 'gets', 'get', ...CLAUSE_BREAK_WORDS,
]);

export interface Assertions {
  /** Per token: why it claims nothing, or null when it is claimed. */
  unasserted: (UnassertedKind | null)[];
  /** Clauses restricted by a following `but not for ...`. */
  restricted: ReadonlySet<number>;
  /** Tokens that start a self-correction. */
  corrections: Token[];
}

/** The tokens grouped by sentence, in text order. */
export function sentencesOf(tokens: readonly Token[]): Token[][] {
  const sentences: Token[][] = [];
  for (const token of tokens) {
    const last = sentences[sentences.length - 1];
    if (last !== undefined && last[0]!.sentence === token.sentence) last.push(token);
    else sentences.push([token]);
  }
  return sentences;
}

function isMeta(sentence: readonly Token[]): boolean {
  return sentence.some((token, at) => META_WORDS.has(token.word) || (WORD_QUALIFIERS.has(token.word) && WORD_NOUNS.has(sentence[at + 1]?.word ?? '')));
}

function isHypothetical(sentence: readonly Token[]): boolean {
  if (sentence.some((token) => SUPPOSING.has(token.word))) return true;
  return sentence.some((token) => CONDITIONAL.has(token.word)) && sentence.some((token) => COUNTERFACTUAL.has(token.word));
}

/** Where in the sentence a verdict of falsehood sits (`is false`, `is not true`), or -1. */
function verdictAt(sentence: readonly Token[]): number {
  return sentence.findIndex((token, at) => {
    const negatable = NEGATED_VERDICTS.has(token.word);
    if (token.quoted || !(negatable || VERDICTS.has(token.word))) return false;
    const before = sentence.slice(Math.max(0, at - 3), at).map((other) => other.word);
    return before.some((word) => COPULAS.has(word)) && (!negatable || before.includes('not'));
  });
}

/** The tokens of a sentence that a false verdict refutes: its quotation, else the reported claim. */
function refutedTokens(sentence: readonly Token[]): Token[] {
  const verdict = verdictAt(sentence);
  if (verdict < 0) return [];
  const quoted = sentence.filter((token) => token.quoted);
  if (quoted.length > 0) return quoted;
  const reporter = sentence.findIndex((token) => REPORTERS.has(token.word));
  if (reporter < 0) return [];
  return reporter < verdict ? sentence.slice(reporter + 1, verdict) : sentence.slice(reporter + 1);
}

function restrictedClauses(tokens: readonly Token[]): Set<number> {
  const restricted = new Set<number>();
  tokens.forEach((token, at) => {
    const previous = tokens[at - 1];
    if (previous === undefined || previous.clause === token.clause || previous.sentence !== token.sentence) return;
    const opener = token.word === 'but' ? tokens[at + 1] : token;
    const preposition = tokens[opener === undefined ? -1 : opener.index + 1];
    if (opener?.word !== 'not' || preposition === undefined || preposition.clause !== token.clause) return;
    if (RESTRICTING_PREPOSITIONS.has(preposition.word)) restricted.add(previous.clause);
  });
  return restricted;
}

function corrections(tokens: readonly Token[]): Token[] {
  return tokens.filter((token, at) => {
    if (at === 0) return false;
    const second = CORRECTION_PAIRS.get(token.word);
    if (second !== undefined && tokens[at + 1]?.word === second) return true;
    const previous = tokens[at - 1]!;
    const opensClause = previous.clause !== token.clause || previous.word === 'no' || previous.word === 'wait';
    return opensClause && CORRECTION_OPENERS.has(token.word);
  });
}

/** Every word some rule of this module starts from. */
const CUE_WORDS: ReadonlySet<string> = new Set([
  ...SUPPOSING, ...CONDITIONAL, ...WORD_QUALIFIERS, ...META_WORDS, ...VERDICTS, ...NEGATED_VERDICTS,
  ...CORRECTION_PAIRS.keys(), ...CORRECTION_OPENERS, 'not',
]);
const NO_CLAUSES: ReadonlySet<number> = new Set();

export function assertions(tokens: readonly Token[]): Assertions {
  const unasserted: (UnassertedKind | null)[] = tokens.map((token) => (token.question ? 'question' : null));
  let supposing = false;
  // Most answers have none of the words these rules look for: one pass finds out.
  if (!tokens.some((token) => CUE_WORDS.has(token.word))) return { unasserted, restricted: NO_CLAUSES, corrections: [] };
  for (const sentence of sentencesOf(tokens)) {
    if (sentence[0]!.question) continue;
    // `Suppose X; then it would be Y`: the consequence of a supposition is supposed too.
    supposing = isHypothetical(sentence) || (supposing && sentence.some((token) => CONSEQUENCE.has(token.word)));
    const kind: UnassertedKind | null = isMeta(sentence) ? 'meta' : supposing ? 'hypothetical' : null;
    if (kind !== null) for (const token of sentence) unasserted[token.index] = kind;
    else for (const token of refutedTokens(sentence)) unasserted[token.index] = 'refuted';
  }
  return { unasserted, restricted: restrictedClauses(tokens), corrections: corrections(tokens) };
}

/** Most content words per item of a term list, and the share of items that are rubric terms. */
export const TERM_LIST_ITEM_WORDS = 3;
export const TERM_LIST_TERM_SHARE = 0.75;
export const TERM_LIST_MIN_ITEMS = 3;

/**
 * Symbols that relate terms (`entropy = impurity`, `orthogonal -> no
 * similarity`), and a colon introducing one item (`Entropy: decision trees.`,
 * not `Keywords: a, b, c`): a statement, not a list.
 */
const RELATION_SYMBOLS = /[=<>\u2190-\u21ff\u2260-\u2265]|:[^,.;\n]*(?:[.;\n]|$)/;

export const LIST_SHAPES = ['sentences', 'term-list', 'bare-list'] as const;
export type ListShape = (typeof LIST_SHAPES)[number];

/** The items of a list: its clauses, cut again at `and` and `or`; content words only. */
function listItems(tokens: readonly Token[]): Token[][] {
  const items: Token[][] = [];
  let current: Token[] = [];
  let clause = tokens[0]?.clause;
  for (const token of tokens) {
    if (token.clause !== clause || token.word === 'and' || token.word === 'or') {
      if (current.length > 0) items.push(current);
      current = [];
      clause = token.clause;
    }
    if (!token.stop) current.push(token);
  }
  if (current.length > 0) items.push(current);
  return items;
}

/**
 * Whether an answer's claimed words are a list of terms rather than sentences:
 * at least 3 short items, no word or symbol that gives a sentence structure,
 * and most items made only of words of the rubric's phrases (a `bare-list`
 * when all are).
 */
export function listShape(text: string, tokens: readonly Token[], isRubricWord: (token: Token) => boolean): ListShape {
  if (RELATION_SYMBOLS.test(text) || tokens.some((token) => STRUCTURE_WORDS.has(token.word))) return 'sentences';
  const items = listItems(tokens);
  if (items.length < TERM_LIST_MIN_ITEMS || items.some((item) => item.length > TERM_LIST_ITEM_WORDS)) return 'sentences';
  const terms = items.filter((item) => item.every(isRubricWord)).length;
  return terms === items.length ? 'bare-list' : terms >= items.length * TERM_LIST_TERM_SHARE ? 'term-list' : 'sentences';
}
