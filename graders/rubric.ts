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
  quote,
  type AnalyzedText,
  type CompiledPhrase,
  type MatchKind,
  type PhraseMatch,
  type PhraseSettings,
} from '../src/text/phrase.ts';
import { buildSynonymClasses } from '../src/text/synonyms.ts';
import { foldedText } from '../src/text/tokenize.ts';
import { MAX_TYPOS_DEFAULT } from '../src/text/typos.ts';

/** Longest answer read, in characters; a longer one is `invalid`. */
export const RUBRIC_MAX_ANSWER_LENGTH = 20_000;
/** An answer with at least this many content words ... */
export const LONG_ANSWER_WORDS = 30;
/** ... that earns less than this credit is reviewed: it likely says things the rubric cannot read. */
export const LONG_ANSWER_LOW_CREDIT = 0.5;
/** Credits this close to 0 or 1 count as 0 or 1 (sums of fractional points). */
const CREDIT_EPSILON = 1e-9;

export const REVIEW_MODES = ['auto', 'always', 'never'] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];

/** Why an answer was left for a person to confirm. */
export const REVIEW_REASONS = ['review-always', 'forbidden-claim', 'negated-match', 'long-answer-low-score'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export interface RubricCriterionOptions {
  id: string;
  /** Absolute points; negative for a wrong claim. */
  points: number;
  /** What the criterion asks for, shown to the student. */
  description: string;
  any?: string[];
  all?: string[][];
  none?: string[];
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
}

interface CompiledCriterion {
  id: string;
  points: number;
  description: string;
  feedback?: string;
  any: CompiledPhrase[] | null;
  all: CompiledPhrase[][];
  none: CompiledPhrase[];
}

export interface CompiledRubric {
  criteria: CompiledCriterion[];
  /** Sum of the positive points: what full credit is worth. */
  maxPoints: number;
  review: ReviewMode;
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
}

export interface RubricDetails {
  criteria: CriterionReport[];
  /** Sum of the met criteria's points, before clamping. */
  rawPoints: number;
  /** Clamped to [0, maxPoints]. */
  points: number;
  maxPoints: number;
  words: number;
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
  },
};

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}

function compilePhrases(phrases: unknown, settings: PhraseSettings, path: (string | number)[]): CompiledPhrase[] {
  if (!isStringList(phrases)) throw new OptionsError('must be a non-empty list of phrases', path);
  return phrases.map((phrase, index) => {
    try {
      return compilePhrase(phrase, settings);
    } catch (error) {
      if (error instanceof PhraseError) throw new OptionsError(error.message, [...path, index]);
      throw error;
    }
  });
}

function compileRubric(options: RubricOptions): CompiledRubric {
  const review = options.review ?? 'auto';
  if (!REVIEW_MODES.includes(review)) throw new OptionsError(`review must be one of ${REVIEW_MODES.join(', ')}`, ['review']);
  const maxTypos = options.maxTypos ?? MAX_TYPOS_DEFAULT;
  if (!Number.isInteger(maxTypos) || maxTypos < 0 || maxTypos > MAX_TYPOS_DEFAULT) {
    throw new OptionsError(`maxTypos must be an integer from 0 to ${MAX_TYPOS_DEFAULT}`, ['maxTypos']);
  }
  const synonymMap = options.synonyms ?? {};
  for (const [term, equivalents] of Object.entries(synonymMap)) {
    if (!isStringList(equivalents)) throw new OptionsError('must be a non-empty list of terms', ['synonyms', term]);
  }
  const settings: PhraseSettings = { synonyms: buildSynonymClasses(synonymMap), maxTypos, lexicon: new Lexicon() };
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
    return {
      id: criterion.id,
      points: criterion.points,
      description: criterion.description,
      ...(criterion.feedback !== undefined ? { feedback: criterion.feedback } : {}),
      any: criterion.any === undefined ? null : compilePhrases(criterion.any, settings, [...path, 'any']),
      all: (criterion.all ?? []).map((group, groupIndex) => compilePhrases(group, settings, [...path, 'all', groupIndex])),
      none: criterion.none === undefined ? [] : compilePhrases(criterion.none, settings, [...path, 'none']),
    };
  });
  const maxPoints = criteria.reduce((sum, criterion) => sum + Math.max(criterion.points, 0), 0);
  if (maxPoints <= 0) throw new OptionsError('at least one criterion must have positive points', ['criteria']);
  return { criteria, maxPoints, review, lexicon: settings.lexicon };
}

interface PhraseGroupResult {
  match?: PhraseMatch;
  negated?: PhraseMatch;
}

/** The first phrase of a list that the answer meets; else the first negated meeting. */
function firstMatch(phrases: readonly CompiledPhrase[], text: AnalyzedText): PhraseGroupResult {
  let negated: PhraseMatch | undefined;
  for (const phrase of phrases) {
    const result = matchPhrase(phrase, text);
    if (result.match !== undefined) return { match: result.match };
    negated ??= result.negated;
  }
  return negated === undefined ? {} : { negated };
}

const LOOSENESS: Record<MatchKind, number> = { exact: 0, stem: 1, regex: 2, typo: 3 };

function judgeCriterion(criterion: CompiledCriterion, text: AnalyzedText): CriterionReport {
  const evidence: PhraseMatch[] = [];
  const negated: PhraseMatch[] = [];
  const groups = criterion.any === null ? criterion.all : [criterion.any, ...criterion.all];
  let met = true;
  for (const group of groups) {
    const result = firstMatch(group, text);
    if (result.match !== undefined) evidence.push(result.match);
    else met = false;
    if (result.negated !== undefined) negated.push(result.negated);
  }
  const blockedBy: string[] = [];
  if (met) {
    for (const phrase of criterion.none) {
      const found = matchPhrase(phrase, text).match;
      if (found !== undefined) blockedBy.push(quote(text.text, found.tokens));
    }
    if (blockedBy.length > 0) met = false;
  }
  const loosest = evidence.reduce<MatchKind | undefined>(
    (worst, match) => (worst === undefined || LOOSENESS[match.kind] > LOOSENESS[worst] ? match.kind : worst),
    undefined,
  );
  return {
    id: criterion.id,
    description: criterion.description,
    points: criterion.points,
    met,
    awarded: met ? criterion.points : 0,
    evidence: evidence.map((match) => quote(text.text, match.tokens)),
    ...(met && loosest !== undefined ? { match: loosest } : {}),
    ...(!met && negated.length > 0 ? { negated: negated.map((match) => quote(text.text, match.tokens)) } : {}),
    ...(blockedBy.length > 0 ? { blockedBy } : {}),
  };
}

function reviewReasons(
  compiled: CompiledRubric,
  reports: readonly CriterionReport[],
  credit: number,
  words: number,
): ReviewReason[] {
  switch (compiled.review) {
    case 'never':
      return [];
    case 'always':
      return ['review-always'];
    case 'auto': {
      const reasons: ReviewReason[] = [];
      if (reports.some((report) => report.points < 0 && report.met)) reasons.push('forbidden-claim');
      if (reports.some((report) => report.points > 0 && !report.met && report.negated !== undefined)) {
        reasons.push('negated-match');
      }
      if (words >= LONG_ANSWER_WORDS && credit < LONG_ANSWER_LOW_CREDIT) reasons.push('long-answer-low-score');
      return reasons;
    }
  }
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
  const reports = compiled.criteria.map((criterion) => judgeCriterion(criterion, text));
  const rawPoints = reports.reduce((sum, report) => sum + report.awarded, 0);
  const points = Math.min(Math.max(rawPoints, 0), compiled.maxPoints);
  let credit = points / compiled.maxPoints;
  if (credit < CREDIT_EPSILON) credit = 0;
  if (credit > 1 - CREDIT_EPSILON) credit = 1;
  const words = text.tokens.filter((token) => !token.stop).length;
  const review = reviewReasons(compiled, reports, credit, words);
  const automatic: Verdict = credit === 1 ? 'correct' : credit === 0 ? 'incorrect' : 'partial';
  const details: RubricDetails = { criteria: reports, rawPoints, points, maxPoints: compiled.maxPoints, words, review };
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
  return `${sentences.join('. ')}.`;
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
