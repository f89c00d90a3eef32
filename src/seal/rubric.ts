/**
 * rubric: the criteria with every word of their phrases (and of their
 * contraries, synonyms, compounds and polarity forms, all expanded when the
 * spec was compiled) carried as salted hashes in a sealed lexicon
 * (src/seal/lexicon.ts), and the model sentences' TF-IDF weights keyed by
 * hashed stems. An answer's words and stems are hashed the same way when it is
 * graded, so it meets the same phrase words in the same way and the grader's
 * own `grade` decides exactly as in `grade`. Carried readably: the criteria's
 * ids, points, descriptions and feedback (shown to the student anyway),
 * `/regex/` phrases and `math:` patterns (a pattern is matched as a pattern,
 * not looked up), and the shape of each phrase (how many words, in order or not).
 */
import type { CompiledRubric } from '../../graders/rubric.ts';
import { compilePhrase, Lexicon, type CompiledPhrase } from '../text/phrase.ts';
import { ModelSentences, type ModelSentencesState } from '../text/similarity.ts';
import { partSalt } from './hash.ts';
import { SealedLexicon, sealLexicon, type SealedLexiconState } from './lexicon.ts';
import type { PartSealer } from './types.ts';

type Criterion = CompiledRubric['criteria'][number];

type SealedPhrase =
  | { kind: 'words'; variants: { ordered: boolean; slots: number[] }[] }
  | { kind: 'regex'; source: string }
  | { kind: 'math'; source: string; key: string };

interface SealedCriterion extends Omit<Criterion, 'any' | 'all' | 'none' | 'contrary'> {
  any: SealedPhrase[] | null;
  all: SealedPhrase[][];
  none: SealedPhrase[];
  contrary: SealedPhrase[];
}

interface SealedRubric extends Omit<CompiledRubric, 'criteria' | 'models' | 'lexicon'> {
  salt: string;
  criteria: SealedCriterion[];
  models: ModelSentencesState;
  lexicon: SealedLexiconState;
}

function sealPhrase(phrase: CompiledPhrase): SealedPhrase {
  switch (phrase.kind) {
    case 'words':
      return { kind: 'words', variants: phrase.variants.map((variant) => ({ ordered: variant.ordered, slots: variant.words.map((word) => word.slot) })) };
    case 'regex':
      return { kind: 'regex', source: phrase.source };
    case 'math':
      return { kind: 'math', source: phrase.source, key: phrase.key };
  }
}

/** A regex phrase is compiled again from its source; it enters no lexicon. */
const REGEX_SETTINGS = { synonyms: [], maxTypos: 0, lexicon: new Lexicon() };

function openPhrase(phrase: SealedPhrase): CompiledPhrase {
  switch (phrase.kind) {
    case 'words':
      // Matching reads only the slots: the words are the lexicon's, sealed.
      return { kind: 'words', source: '', variants: phrase.variants.map((variant) => ({ ordered: variant.ordered, words: variant.slots.map((slot) => ({ word: '', stem: '', typos: 0, stemTypos: 0, slot })) })) };
    case 'regex':
      return compilePhrase(phrase.source, REGEX_SETTINGS);
    case 'math':
      return phrase;
  }
}

const sealList = (phrases: readonly CompiledPhrase[]) => phrases.map(sealPhrase);
const openList = (phrases: readonly SealedPhrase[]) => phrases.map(openPhrase);

export const rubricSealer: PartSealer = {
  sealing: 'hashed',
  // The grader reads nothing of its options when it grades: the criteria are in the sealed key.
  publicOptions: ({ type, feedback, reveal }) => ({ type, ...(feedback === undefined ? {} : { feedback }), ...(reveal === undefined ? {} : { reveal }) }),
  seal(compiled, _options, context): SealedRubric {
    const { criteria, models, lexicon, ...rest } = compiled as CompiledRubric;
    const salt = partSalt(context.quizId, context.key, context.seed);
    const state = sealLexicon(lexicon, salt);
    return {
      ...rest,
      salt,
      criteria: criteria.map((criterion) => ({
        ...criterion,
        any: criterion.any === null ? null : sealList(criterion.any),
        all: criterion.all.map(sealList),
        none: sealList(criterion.none),
        contrary: sealList(criterion.contrary),
      })),
      models: models.state(new SealedLexicon(state, salt).stemKey),
      lexicon: state,
    };
  },
  open(sealed): CompiledRubric {
    const { salt, criteria, models, lexicon, ...rest } = sealed as SealedRubric;
    const opened = new SealedLexicon(lexicon, salt);
    return {
      ...rest,
      criteria: criteria.map((criterion) => ({
        ...criterion,
        any: criterion.any === null ? null : openList(criterion.any),
        all: criterion.all.map(openList),
        none: openList(criterion.none),
        contrary: openList(criterion.contrary),
      })),
      models: ModelSentences.fromState(models, opened.stemKey),
      lexicon: opened,
    };
  },
};
