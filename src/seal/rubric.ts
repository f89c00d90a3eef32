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
import { withPrefilterPhrases, type CompiledRubric } from '../../graders/rubric.ts';
import { compilePhrase, Lexicon, wordsPhrase, type CompiledPhrase } from '../text/phrase.ts';
import { ModelSentences, type ModelSentencesState } from '../text/similarity.ts';
import { partSalt } from './hash.ts';
import { SealedLexicon, sealLexicon, stemHash, type SealedLexiconState } from './lexicon.ts';
import type { PartSealer } from './types.ts';

type Criterion = CompiledRubric['criteria'][number];

type SealedPhrase =
  | { kind: 'words'; variants: { ordered: boolean; slots: number[] }[] }
  | { kind: 'regex'; source: string }
  | { kind: 'math'; source: string; key: string };

interface SealedCriterion extends Omit<Criterion, 'any' | 'all' | 'none' | 'contrary' | 'phrases'> {
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
      return wordsPhrase('', phrase.variants.map((variant) => ({ ordered: variant.ordered, words: variant.slots.map((slot) => ({ word: '', stem: '', typos: 0, stemTypos: 0, slot })) })));
    case 'regex':
      return compilePhrase(phrase.source, REGEX_SETTINGS);
    case 'math':
      return phrase;
  }
}

/** A criterion with each of its phrases mapped: sealed, or opened again. */
function mapPhrases<From, To, Rest extends object>(
  criterion: Rest & { any: From[] | null; all: From[][]; none: From[]; contrary: From[] },
  each: (phrase: From) => To,
): Omit<Rest, 'any' | 'all' | 'none' | 'contrary'> & { any: To[] | null; all: To[][]; none: To[]; contrary: To[] } {
  const list = (phrases: readonly From[]) => phrases.map(each);
  return { ...criterion, any: criterion.any === null ? null : list(criterion.any), all: criterion.all.map(list), none: list(criterion.none), contrary: list(criterion.contrary) };
}

export const rubricSealer: PartSealer = {
  sealing: 'hashed',
  // The grader reads nothing of its options when it grades: the criteria are in the sealed key.
  publicOptions: ({ type, feedback, reveal }) => ({ type, ...(feedback === undefined ? {} : { feedback }), ...(reveal === undefined ? {} : { reveal }) }),
  seal(compiled, _options, context): SealedRubric {
    const { criteria, models, lexicon, ...rest } = compiled as CompiledRubric;
    const salt = partSalt(context.quizId, context.key, context.seed);
    const stems = new Set<string>();
    const sealedModels = models.state((stem) => {
      stems.add(stem);
      return stemHash(salt, stem);
    });
    return {
      ...rest,
      salt,
      // `phrases` is the prefilter's list of the others: dropped, and made again when opened.
      criteria: criteria.map(({ phrases: _prefilter, ...criterion }) => mapPhrases(criterion, sealPhrase)),
      models: sealedModels,
      lexicon: sealLexicon(lexicon, salt, stems),
    };
  },
  open(sealed): CompiledRubric {
    const { salt, criteria, models, lexicon, ...rest } = sealed as SealedRubric;
    const opened = new SealedLexicon(lexicon, salt);
    return {
      ...rest,
      criteria: criteria.map((criterion) => withPrefilterPhrases(mapPhrases(criterion, openPhrase))),
      models: ModelSentences.fromState(models, opened.stemKey),
      lexicon: opened,
    };
  },
};
