/**
 * The `rubric` grader: free-text answers scored by the concepts they state.
 *
 * Each criterion names phrases (`any`: one of them, `all`: one of every group,
 * `none`: none of them) that are matched the way a reader would: folded case and
 * diacritics, stems, synonyms, typos, flexible word order, and negation (see
 * src/text/phrase.ts and docs/rubric.md). Criteria carry absolute points, which
 * may be negative for a wrong claim; the credit is the sum, clamped to
 * [0, max], over max, where max is the sum of the positive points (the part's
 * `points` should equal it). Unsure cases end `needs-review` with the
 * automatic credit kept.
 */
import { OptionsError, defineGrader, invalid, type GradeOutcome, type JsonSchema, type Verdict } from '../src/grader.ts';
import {
  Lexicon,
  PhraseError,
  analyzeText,
  compilePhrase,
  matchPhrase,
  mayMeet,
  prefilterEnabled,
  quote,
  rubricTokens,
  type AnalyzedText,
  type Block,
  type CompiledPhrase,
  type MatchContext,
  type MatchKind,
  type PhraseMatch,
  type PhraseSettings,
} from '../src/text/phrase.ts';
import { listShape, sentencesOf, type ListShape } from '../src/text/claims.ts';
import { ModelSentences } from '../src/text/similarity.ts';
import { MAX_MATH_PATTERN_LENGTH, NotationError, compileNotation } from '../src/text/notation.ts';
import { tokenize } from '../src/text/tokenize.ts';
import { polarityVariants } from '../src/text/polarity.ts';
import { buildSynonymClasses } from '../src/text/synonyms.ts';
import { foldedText } from '../src/text/tokenize.ts';
import { MAX_TYPOS_DEFAULT } from '../src/text/typos.ts';

/** Longest answer read, in characters; a longer one is `invalid`. */
export const RUBRIC_MAX_ANSWER_LENGTH = 20_000;
/** An answer with at least this many content words ... */
export const LONG_ANSWER_WORDS = 30;
/** ... that earns less than this credit is reviewed: it likely says things the rubric cannot read. */
export const LONG_ANSWER_LOW_CREDIT = 0.5;
/** Answers graded with less confidence than this go to review (the rubric's `minConfidence`). */
export const MIN_CONFIDENCE_DEFAULT = 0.75;
/**
 * An answer sentence this close (TF-IDF cosine over stems, src/text/similarity.ts)
 * to a model sentence of a missed criterion may be a paraphrase of it: reviewed.
 */
export const PARAPHRASE_SIMILARITY = 0.45;
/**
 * Other words allowed inside a contrary claim's match: it takes points away,
 * so it must be stated closely (`less weight to them and focuses on hard
 * examples` is not `less weight to hard examples`).
 */
export const CONTRARY_MAX_GAP = 0;
const CONTRARY_CONTEXT: MatchContext = { strict: true, maxGap: CONTRARY_MAX_GAP };
/** Model sentences a criterion may list in `examples`. */
export const MAX_EXAMPLES = 5;
/** Credits this close to 0 or 1 count as 0 or 1 (sums of fractional points). */
const CREDIT_EPSILON = 1e-9;

export const REVIEW_MODES = ['auto', 'always', 'never'] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];

/**
 * The signals that lower the confidence of an automatic score, each with the
 * factor it multiplies the confidence by (starting at 1). One signal of 0.5 or
 * less sends the answer to review at the default threshold; the weak ones
 * (a typo, words met only in a question) do so together.
 */
export const CONFIDENCE_SIGNALS = {
  /** A criterion with negative points is met. */
  'forbidden-claim': 0.3,
  /** A criterion and its contrary are both met. */
  'contrary-claim': 0.3,
  /** A contrary claim is made while other criteria earn credit. */
  'contrary-with-credit': 0.5,
  /** The answer corrects itself (`actually`, `no wait`, `I mean`, `or rather`). */
  'self-correction': 0.4,
  /** The answer is mostly rubric terms, not sentences: it earns nothing automatically, a TA may see more. */
  'term-list': 0.2,
  /** The answer is nothing but rubric terms: it earns nothing, surely. */
  'bare-list': 0.8,
  /** A missed criterion is lexically close to one of its model sentences (`examples`, description). */
  'possible-paraphrase': 0.5,
  /** A positive criterion is missed but met in negated words. */
  'negated-match': 0.5,
  /** Long and under half credit: probably said in words the rubric does not know. */
  'long-answer-low-score': 0.5,
  /** A positive criterion is missed but met in a question, hypothesis, quotation or meta-talk. */
  'unasserted-match': 0.8,
  /** A wrong claim is met only in a clause restricted by `but not for ...`. */
  'restricted-claim': 0.8,
  /** A criterion is met through a typo. */
  'typo-match': 0.9,
} as const;
export type ConfidenceSignal = keyof typeof CONFIDENCE_SIGNALS;

/** Why an answer was left for a person to confirm: a signal, or `possible paraphrase of <criterion>`. */
export const REVIEW_REASONS = ['review-always', ...(Object.keys(CONFIDENCE_SIGNALS) as ConfidenceSignal[])] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number] | `possible paraphrase of ${string}`;

export interface RubricCriterionOptions {
  id: string;
  /** Absolute points; negative for a wrong claim. */
  points: number;
  /** What the criterion asks for, shown to the student. */
  description: string;
  any?: string[];
  all?: string[][];
  none?: string[];
  /** Phrases of the opposite claim: met, they lose the criterion. */
  contrary?: string[];
  /** Model sentences: an answer close to one but meeting no phrase is reviewed as a possible paraphrase. */
  examples?: string[];
  /** Notation that meets the first phrase group too (`f''(theta) >= 0`), see src/text/notation.ts. */
  math?: string[];
  /** Shown when a positive criterion is missed or a negative one is met. */
  feedback?: string;
}

export interface RubricOptions {
  criteria: RubricCriterionOptions[];
  review?: ReviewMode;
  /** `{ term: [equivalents] }`: terms a phrase may use interchangeably. */
  synonyms?: Record<string, string[]>;
  /** Most typos tolerated in one word (0 turns typo tolerance off). */
  maxTypos?: number;
  /** Automatic scores with less confidence go to review (with `review: auto`). */
  minConfidence?: number;
  /** Expand the phrases' words with WordNet synonyms when the quiz is loaded (src/text/wordnet.ts). */
  wordnet?: boolean | { exclude?: string[] };
  /** What that expansion found, `{ word: [synonyms] }`: written by the loader, carried by the sealed quiz. */
  wordnetSynonyms?: Record<string, string[]>;
}

interface CompiledCriterion {
  id: string;
  points: number;
  description: string;
  feedback?: string;
  any: CompiledPhrase[] | null;
  all: CompiledPhrase[][];
  none: CompiledPhrase[];
  contrary: CompiledPhrase[];
  /** Every phrase that can meet or block it (contrary, `any`, `all`): none may meet the answer, and it is missed unread. */
  phrases: CompiledPhrase[];
}

export interface CompiledRubric {
  criteria: CompiledCriterion[];
  /** Sum of the positive points: what full credit is worth. */
  maxPoints: number;
  review: ReviewMode;
  minConfidence: number;
  /** The positive criteria's examples and descriptions, by criterion index. */
  models: ModelSentences;
  /** Every phrase word of the criteria, matched against each written word once per class. */
  lexicon: Lexicon;
}

/** What the result shows for one criterion, so a person can verify it in seconds. */
export interface CriterionReport {
  id: string;
  description: string;
  points: number;
  met: boolean;
  awarded: number;
  /** The answer's words that met the criterion. */
  evidence: string[];
  /** The loosest way a phrase was met (`typo` invites a second look). */
  match?: MatchKind;
  /** Words that would have met it but are negated. */
  negated?: string[];
  /** Words that met a `none` phrase and so failed the criterion. */
  blockedBy?: string[];
  /** Words that met a `contrary` phrase: the opposite claim. */
  contrary?: string[];
  /** Words that would have met it but claim nothing: a question, a hypothesis, a refuted quotation, meta-talk. */
  unasserted?: { kind: Block; words: string }[];
}

export interface RubricDetails {
  criteria: CriterionReport[];
  /** Sum of the met criteria's points, before clamping. */
  rawPoints: number;
  /** Clamped to [0, maxPoints]. */
  points: number;
  maxPoints: number;
  words: number;
  /** From 0 to 1: how far the automatic score can be trusted (see CONFIDENCE_SIGNALS). */
  confidence: number;
  /** The signals that lowered it; the answer is reviewed when it is below `minConfidence`. */
  signals: ConfidenceSignal[];
  /** Missed criteria an answer sentence is close to: the criterion, the cosine, the sentence. */
  paraphrases?: { id: string; similarity: number; sentence: string }[];
  review: ReviewReason[];
}

const phraseList: JsonSchema = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } };

const optionsSchema: JsonSchema = {
  type: 'object',
  required: ['criteria'],
  additionalProperties: false,
  properties: {
    criteria: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'points', 'description'],
        additionalProperties: false,
        // `any` or `all` is required: checked in compile, which names the criterion.
        properties: {
          id: { type: 'string', minLength: 1 },
          points: { type: 'number' },
          description: { type: 'string', minLength: 1 },
          any: phraseList,
          all: { type: 'array', minItems: 1, items: phraseList },
          none: phraseList,
          contrary: phraseList,
          examples: { ...phraseList, maxItems: MAX_EXAMPLES },
          math: { ...phraseList, items: { type: 'string', minLength: 1, maxLength: MAX_MATH_PATTERN_LENGTH } },
          feedback: { type: 'string' },
        },
      },
    },
    review: { enum: [...REVIEW_MODES] },
    synonyms: {
      type: 'object',
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
    maxTypos: { type: 'integer', minimum: 0, maximum: MAX_TYPOS_DEFAULT },
    minConfidence: { type: 'number', minimum: 0, maximum: 1 },
    wordnet: {
      oneOf: [
        { type: 'boolean' },
        { type: 'object', additionalProperties: false, properties: { exclude: { type: 'array', items: { type: 'string', minLength: 1 } } } },
      ],
    },
    wordnetSynonyms: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  },
};

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}

function compileOne(phrase: string, settings: PhraseSettings, path: (string | number)[]): CompiledPhrase {
  try {
    return compilePhrase(phrase, settings);
  } catch (error) {
    if (error instanceof PhraseError) throw new OptionsError(error.message, path);
    throw error;
  }
}

/** A criterion with `phrases`, every phrase that can credit or cost it, in one list for the prefilter. */
export function withPrefilterPhrases<C extends { any: CompiledPhrase[] | null; all: CompiledPhrase[][]; contrary: CompiledPhrase[] }>(criterion: C): C & { phrases: CompiledPhrase[] } {
  return { ...criterion, phrases: [...criterion.contrary, ...(criterion.any ?? []), ...criterion.all.flat()] };
}

interface PolarPhrases {
  /** The phrases and their same-sense polarity swaps. */
  same: CompiledPhrase[];
  /** Their contrary swaps (src/text/polarity.ts). */
  opposite: CompiledPhrase[];
}

function compilePhrases(phrases: unknown, settings: PhraseSettings, path: (string | number)[]): PolarPhrases {
  if (!isStringList(phrases)) throw new OptionsError('must be a non-empty list of phrases', path);
  const compiled: PolarPhrases = { same: [], opposite: [] };
  phrases.forEach((phrase, index) => {
    const variants = polarityVariants(phrase);
    compiled.same.push(compileOne(phrase, settings, [...path, index]));
    for (const variant of variants.same) compiled.same.push(compileOne(variant, settings, [...path, index]));
    for (const variant of variants.opposite) compiled.opposite.push(compileOne(variant, settings, [...path, index]));
  });
  return compiled;
}

/** `math:` patterns, alternatives of the criterion's first phrase group. */
function compileMath(patterns: unknown, path: (string | number)[]): CompiledPhrase[] {
  if (patterns === undefined) return [];
  if (!isStringList(patterns)) throw new OptionsError('must be a non-empty list of math patterns', path);
  return patterns.map((source, index) => {
    try {
      return { kind: 'math', source, key: compileNotation(source) };
    } catch (error) {
      if (error instanceof NotationError) throw new OptionsError(error.message, [...path, index]);
      throw error;
    }
  });
}

function modelSentences(criteria: readonly RubricCriterionOptions[]): ModelSentences {
  criteria.forEach((criterion, index) => {
    if (criterion.examples !== undefined && (!isStringList(criterion.examples) || criterion.examples.length > MAX_EXAMPLES)) {
      throw new OptionsError(`must be a list of 1 to ${MAX_EXAMPLES} sentences`, ['criteria', index, 'examples']);
    }
  });
  return new ModelSentences(
    criteria.flatMap((criterion, index) =>
      criterion.points > 0 ? [criterion.description, ...(criterion.examples ?? [])].map((text) => ({ criterion: index, tokens: tokenize(text) })) : [],
    ),
  );
}

/**
 * The author's synonyms and, with `wordnet`, the loader's WordNet expansion
 * (one entry per expanded word). The dictionary is read only by the loader in
 * Node: here, where the quiz page compiles too, only its result is read.
 */
function withWordNet(options: RubricOptions, synonyms: Record<string, string[]>): Record<string, string[]> {
  if (options.wordnet === undefined || options.wordnet === false) return synonyms;
  if (options.wordnetSynonyms === undefined) {
    throw new OptionsError('WordNet synonyms are looked up when the quiz is loaded from its file (quizgrade validate, grade); this host cannot', ['wordnet']);
  }
  const merged: Record<string, string[]> = { ...synonyms };
  for (const [word, equivalents] of Object.entries(options.wordnetSynonyms)) merged[word] = [...(merged[word] ?? []), ...equivalents];
  return merged;
}

function compileRubric(options: RubricOptions): CompiledRubric {
  const review = options.review ?? 'auto';
  if (!REVIEW_MODES.includes(review)) throw new OptionsError(`review must be one of ${REVIEW_MODES.join(', ')}`, ['review']);
  const minConfidence = options.minConfidence ?? MIN_CONFIDENCE_DEFAULT;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw new OptionsError('minConfidence must be a number from 0 to 1', ['minConfidence']);
  }
  const maxTypos = options.maxTypos ?? MAX_TYPOS_DEFAULT;
  if (!Number.isInteger(maxTypos) || maxTypos < 0 || maxTypos > MAX_TYPOS_DEFAULT) {
    throw new OptionsError(`maxTypos must be an integer from 0 to ${MAX_TYPOS_DEFAULT}`, ['maxTypos']);
  }
  const synonymMap = options.synonyms ?? {};
  for (const [term, equivalents] of Object.entries(synonymMap)) {
    if (!isStringList(equivalents)) throw new OptionsError('must be a non-empty list of terms', ['synonyms', term]);
  }
  const settings: PhraseSettings = { synonyms: buildSynonymClasses(withWordNet(options, synonymMap)), maxTypos, lexicon: new Lexicon() };
  if (!Array.isArray(options.criteria) || options.criteria.length === 0) {
    throw new OptionsError('a rubric needs at least one criterion', ['criteria']);
  }
  const ids = new Set<string>();
  const criteria = options.criteria.map((criterion, index): CompiledCriterion => {
    const path = ['criteria', index];
    if (typeof criterion.id !== 'string' || criterion.id === '') throw new OptionsError('needs an id', [...path, 'id']);
    if (ids.has(criterion.id)) throw new OptionsError(`duplicate criterion id "${criterion.id}"`, [...path, 'id']);
    ids.add(criterion.id);
    if (typeof criterion.points !== 'number' || !Number.isFinite(criterion.points)) {
      throw new OptionsError('points must be a number', [...path, 'points']);
    }
    if (criterion.any === undefined && criterion.all === undefined) {
      throw new OptionsError('a criterion needs `any` or `all` phrases', path);
    }
    if (criterion.all !== undefined && (!Array.isArray(criterion.all) || criterion.all.length === 0)) {
      throw new OptionsError('must be a non-empty list of phrase groups', [...path, 'all']);
    }
    const any = criterion.any === undefined ? null : compilePhrases(criterion.any, settings, [...path, 'any']);
    const contrary = criterion.contrary === undefined ? null : compilePhrases(criterion.contrary, settings, [...path, 'contrary']);
    const all = (criterion.all ?? []).map((group, groupIndex) => compilePhrases(group, settings, [...path, 'all', groupIndex]).same);
    const math = compileMath(criterion.math, [...path, 'math']);
    const compiled = {
      id: criterion.id,
      points: criterion.points,
      description: criterion.description,
      ...(criterion.feedback !== undefined ? { feedback: criterion.feedback } : {}),
      // A phrase's contrary swaps are contraries, and a contrary's are the criterion's own.
      any: any === null ? null : [...any.same, ...(contrary?.opposite ?? []), ...math],
      all: any === null ? all.map((group, groupIndex) => (groupIndex === 0 ? [...group, ...math] : group)) : all,
      none: criterion.none === undefined ? [] : compilePhrases(criterion.none, settings, [...path, 'none']).same,
      contrary: [...(contrary?.same ?? []), ...(any?.opposite ?? [])],
    };
    return withPrefilterPhrases(compiled);
  });
  const maxPoints = criteria.reduce((sum, criterion) => sum + Math.max(criterion.points, 0), 0);
  if (maxPoints <= 0) throw new OptionsError('at least one criterion must have positive points', ['criteria']);
  return { criteria, maxPoints, review, minConfidence, models: modelSentences(options.criteria), lexicon: settings.lexicon };
}

interface PhraseGroupResult {
  match?: PhraseMatch;
  blocked?: PhraseMatch;
}

/** The first phrase of a list that the answer meets as a claim; else the first blocked meeting. */
function firstMatch(phrases: readonly CompiledPhrase[], text: AnalyzedText, context: MatchContext): PhraseGroupResult {
  let blocked: PhraseMatch | undefined;
  for (const phrase of phrases) {
    const result = matchPhrase(phrase, text, context);
    if (result.match !== undefined) return { match: result.match };
    blocked ??= result.blocked;
  }
  return blocked === undefined ? {} : { blocked };
}

const LOOSENESS: Record<MatchKind, number> = { exact: 0, stem: 1, regex: 2, math: 2, typo: 3 };

/** What judging a criterion found beyond its report: both it and its contrary met. */
interface Judgement {
  report: CriterionReport;
  conflict: boolean;
  restrictedClaim: boolean;
  /** Every token some phrase of the criterion met, claimed or not: judged words, no paraphrase. */
  judged: number[];
}

/**
 * What judgeCriterion finds when none of the criterion's phrases can meet the
 * answer (the prefilter): missed, with nothing met, negated or contrary.
 */
function unmetJudgement(criterion: CompiledCriterion): Judgement {
  const report: CriterionReport = { id: criterion.id, description: criterion.description, points: criterion.points, met: false, awarded: 0, evidence: [] };
  return { report, conflict: false, restrictedClaim: false, judged: [] };
}

function judgeCriterion(criterion: CompiledCriterion, text: AnalyzedText): Judgement {
  if (prefilterEnabled() && !criterion.phrases.some((phrase) => mayMeet(phrase, text))) return unmetJudgement(criterion);
  // The contrary first: words that state the opposite claim cannot meet the criterion too.
  const contrary: PhraseMatch[] = [];
  for (const phrase of criterion.contrary) {
    const found = matchPhrase(phrase, text, CONTRARY_CONTEXT).match;
    if (found !== undefined) contrary.push(found);
  }
  const excluded = new Set(contrary.flatMap((match) => match.tokens.map((token) => token.index)));
  const context: MatchContext = { strict: criterion.points < 0, excluded };
  const evidence: PhraseMatch[] = [];
  const blocked: PhraseMatch[] = [];
  const groups = criterion.any === null ? criterion.all : [criterion.any, ...criterion.all];
  let met = true;
  for (const group of groups) {
    const result = firstMatch(group, text, context);
    if (result.match !== undefined) evidence.push(result.match);
    else met = false;
    if (result.blocked !== undefined) blocked.push(result.blocked);
  }
  const blockedBy: string[] = [];
  if (met) {
    for (const phrase of criterion.none) {
      const found = matchPhrase(phrase, text).match;
      if (found !== undefined) blockedBy.push(quote(text.text, found.tokens));
    }
    if (blockedBy.length > 0) met = false;
  }
  const conflict = met && contrary.length > 0;
  if (contrary.length > 0) met = false;
  const loosest = evidence.reduce<MatchKind | undefined>(
    (worst, match) => (worst === undefined || LOOSENESS[match.kind] > LOOSENESS[worst] ? match.kind : worst),
    undefined,
  );
  const negated = blocked.filter((match) => match.blocked === 'negated');
  const unasserted = blocked.filter((match) => match.blocked !== 'negated' && match.blocked !== 'contrary');
  const report: CriterionReport = {
    id: criterion.id,
    description: criterion.description,
    points: criterion.points,
    met,
    awarded: met ? criterion.points : 0,
    evidence: evidence.map((match) => quote(text.text, match.tokens)),
    ...(met && loosest !== undefined ? { match: loosest } : {}),
    ...(!met && negated.length > 0 ? { negated: negated.map((match) => quote(text.text, match.tokens)) } : {}),
    ...(blockedBy.length > 0 ? { blockedBy } : {}),
    ...(contrary.length > 0 ? { contrary: contrary.map((match) => quote(text.text, match.tokens)) } : {}),
    ...(!met && unasserted.length > 0
      ? { unasserted: unasserted.map((match) => ({ kind: match.blocked!, words: quote(text.text, match.tokens) })) }
      : {}),
  };
  const judged = [...evidence, ...blocked, ...contrary].flatMap((match) => match.tokens.map((token) => token.index));
  return { report, conflict, restrictedClaim: !met && criterion.points < 0 && unasserted.some((match) => match.blocked === 'restricted'), judged };
}

/** The signals of an answer's automatic score (CONFIDENCE_SIGNALS), in their listed order. */
interface AnswerFacts {
  text: AnalyzedText;
  credit: number;
  words: number;
  shape: ListShape;
  paraphrases: number;
}

function confidenceSignals(judgements: readonly Judgement[], { text, credit, words, shape, paraphrases }: AnswerFacts): ConfidenceSignal[] {
  const reports = judgements.map((judgement) => judgement.report);
  const found = new Set<ConfidenceSignal>();
  if (reports.some((report) => report.points < 0 && report.met)) found.add('forbidden-claim');
  if (judgements.some((judgement) => judgement.conflict)) found.add('contrary-claim');
  if (credit > 0 && reports.some((report) => report.contrary !== undefined)) found.add('contrary-with-credit');
  if (text.corrections.length > 0) found.add('self-correction');
  if (shape !== 'sentences') found.add(shape);
  const missed = reports.filter((report) => report.points > 0 && !report.met);
  if (paraphrases > 0) found.add('possible-paraphrase');
  if (missed.some((report) => report.negated !== undefined)) found.add('negated-match');
  if (words >= LONG_ANSWER_WORDS && credit < LONG_ANSWER_LOW_CREDIT) found.add('long-answer-low-score');
  if (shape === 'sentences' && missed.some((report) => report.unasserted !== undefined)) found.add('unasserted-match');
  if (judgements.some((judgement) => judgement.restrictedClaim)) found.add('restricted-claim');
  if (reports.some((report) => report.met && report.match === 'typo')) found.add('typo-match');
  return (Object.keys(CONFIDENCE_SIGNALS) as ConfidenceSignal[]).filter((signal) => found.has(signal));
}

function confidenceOf(signals: readonly ConfidenceSignal[]): number {
  const product = signals.reduce((confidence, signal) => confidence * CONFIDENCE_SIGNALS[signal], 1);
  return Math.round(product * 1000) / 1000;
}

function reviewReasons(
  compiled: CompiledRubric,
  signals: readonly ConfidenceSignal[],
  confidence: number,
  paraphrases: readonly { id: string }[],
): ReviewReason[] {
  switch (compiled.review) {
    case 'never':
      return [];
    case 'always':
      return ['review-always'];
    case 'auto':
      if (confidence >= compiled.minConfidence) return [];
      return signals.flatMap((signal): ReviewReason[] =>
        signal === 'possible-paraphrase' ? paraphrases.map(({ id }) => `possible paraphrase of ${id}` as const) : [signal],
      );
  }
}

/**
 * Missed positive criteria that a claimed sentence of the answer is lexically
 * close to, reading only the words no phrase has judged already (`MSE is
 * convex` met a wrong claim: it is no paraphrase of `MSE is non-convex`).
 */
function findParaphrases(compiled: CompiledRubric, text: AnalyzedText, judgements: readonly Judgement[]): NonNullable<RubricDetails['paraphrases']> {
  const reports = judgements.map((judgement) => judgement.report);
  const judgedTokens = new Set(judgements.flatMap((judgement) => judgement.judged));
  const missed = new Set<number>();
  reports.forEach((report, index) => {
    // Words of the criterion that were met but negated, unasserted or contrary are no paraphrase: they are judged.
    const judged = report.contrary !== undefined || report.negated !== undefined || report.unasserted !== undefined;
    if (report.points > 0 && !report.met && !judged) missed.add(index);
  });
  if (missed.size === 0 || compiled.models.size === 0) return [];
  // Only claimed words count: a refuted quotation or a question paraphrases nothing.
  const claimed = sentencesOf(text.tokens.filter((token) => text.unasserted[token.index] === null && !judgedTokens.has(token.index)));
  return compiled.models
    .closest(claimed, missed)
    .filter((found) => found.similarity >= PARAPHRASE_SIMILARITY)
    .map((found) => ({ id: reports[found.criterion]!.id, similarity: Math.round(found.similarity * 1000) / 1000, sentence: quote(text.text, found.tokens) }));
}

function feedbackFor(compiled: CompiledRubric, reports: readonly CriterionReport[]): string[] {
  const messages: string[] = [];
  compiled.criteria.forEach((criterion, index) => {
    const report = reports[index]!;
    if (criterion.points > 0 && !report.met) messages.push(criterion.feedback ?? `Missed: ${criterion.description}`);
    if (criterion.points < 0 && report.met) messages.push(criterion.feedback ?? `Wrong claim: ${criterion.description}`);
  });
  return messages;
}

export function gradeText(answer: string, compiled: CompiledRubric): GradeOutcome {
  const text = analyzeText(answer, compiled.lexicon);
  const judgements = compiled.criteria.map((criterion) => judgeCriterion(criterion, text));
  const rubricWords = rubricTokens(text);
  // Only claimed words are read: `Keywords: a, b, c` is meta-talk, whatever its shape.
  const claimed = text.tokens.filter((token) => text.unasserted[token.index] === null);
  const shape = listShape(text.text, claimed, (token) => rubricWords.has(token.index));
  const reports = judgements.map((judgement) => judgement.report);
  // A list of terms claims nothing: what it meets is shown, but earns no points automatically.
  if (shape !== 'sentences') for (const report of reports) Object.assign(report, { met: false, awarded: 0 });
  const rawPoints = reports.reduce((sum, report) => sum + report.awarded, 0);
  const points = Math.min(Math.max(rawPoints, 0), compiled.maxPoints);
  let credit = points / compiled.maxPoints;
  if (credit < CREDIT_EPSILON) credit = 0;
  if (credit > 1 - CREDIT_EPSILON) credit = 1;
  const words = text.tokens.filter((token) => !token.stop).length;
  const paraphrases = shape === 'sentences' ? findParaphrases(compiled, text, judgements) : [];
  const signals = confidenceSignals(judgements, { text, credit, words, shape, paraphrases: paraphrases.length });
  const confidence = confidenceOf(signals);
  const review = reviewReasons(compiled, signals, confidence, paraphrases);
  const automatic: Verdict = credit === 1 ? 'correct' : credit === 0 ? 'incorrect' : 'partial';
  const details: RubricDetails = {
    criteria: reports,
    rawPoints,
    points,
    maxPoints: compiled.maxPoints,
    words,
    confidence,
    signals,
    ...(paraphrases.length > 0 ? { paraphrases } : {}),
    review,
  };
  const met = reports.filter((report) => report.met).map((report) => report.id);
  const missed = reports.filter((report) => !report.met && report.points > 0).map((report) => report.id);
  return {
    verdict: review.length > 0 ? 'needs-review' : automatic,
    credit,
    feedback: feedbackFor(compiled, reports),
    interpreted: `met: ${met.join(', ') || 'none'}; missed: ${missed.join(', ') || 'none'}`,
    method: 'rubric',
    details: details as unknown as Record<string, unknown>,
    normalized: foldedText(text.tokens),
  };
}

/** A short answer built from each positive criterion's first plain phrase. */
function referenceText(compiled: CompiledRubric): string | undefined {
  const sentences: string[] = [];
  for (const criterion of compiled.criteria) {
    if (criterion.points <= 0) continue;
    const groups = criterion.any === null ? criterion.all : [criterion.any, ...criterion.all];
    for (const group of groups) {
      const phrase = group.find((candidate) => candidate.kind === 'words');
      if (phrase === undefined) return undefined;
      sentences.push(phrase.source);
    }
  }
  // Each phrase as a sentence of its own: phrases alone would read as a list of terms.
  return sentences.map((phrase) => `It is ${phrase}.`).join(' ');
}

export const rubricGrader = defineGrader<RubricOptions, CompiledRubric>({
  name: 'rubric',
  description: 'Free text scored by the concepts it states: stems, synonyms, typos and negation aware, with evidence.',
  optionsSchema,
  answerShape: 'scalar',
  expectedKey: null,
  compile: (options) => compileRubric(options),
  grade(answer, compiled) {
    if (typeof answer !== 'string') return invalid('A free-text answer must be text, not a number or a list.');
    if (answer.length > RUBRIC_MAX_ANSWER_LENGTH) {
      return invalid(`The answer is ${answer.length} characters long; at most ${RUBRIC_MAX_ANSWER_LENGTH} are read.`);
    }
    return gradeText(answer, compiled);
  },
  reference(compiled) {
    const text = referenceText(compiled);
    if (text === undefined) return undefined;
    const outcome = gradeText(text, compiled);
    return outcome.verdict === 'correct' ? text : undefined;
  },
});
