import { describe, expect, it } from 'vitest';
import { OptionsError, type CompileContext } from '../src/grader.ts';
import { RUBRIC_MAX_ANSWER_LENGTH, rubricGrader, type RubricDetails, type RubricOptions } from './rubric.ts';

const context: CompileContext = { quizId: 'test', definitions: {}, key: 'q1', seed: 1 };

function compile(options: RubricOptions) {
  return rubricGrader.compile(options, context);
}

function grade(options: RubricOptions, answer: string | number | string[]) {
  return rubricGrader.grade(answer, compile(options), options);
}

/** A one-criterion rubric: does `answer` meet `phrases`? */
function meets(phrases: string[], answer: string, extra: Partial<RubricOptions> = {}): boolean {
  const outcome = grade({ criteria: [{ id: 'c', points: 1, description: 'c', any: phrases }], review: 'never', ...extra }, answer);
  return outcome.credit === 1;
}

interface MatchCase {
  rule: string;
  phrases: string[];
  answer: string;
  met: boolean;
  synonyms?: Record<string, string[]>;
  maxTypos?: number;
}

const MATCH_CASES: MatchCase[] = [
  // folding
  { rule: 'case and punctuation', phrases: ['dot product is zero'], answer: 'The DOT-PRODUCT is ZERO!', met: true },
  { rule: 'diacritics', phrases: ['naive bayes'], answer: 'a Naïve Bayés model', met: true },
  { rule: 'typographic apostrophe', phrases: ["doesn't penalize"], answer: 'MSE doesn’t penalize it', met: true },
  // stems
  { rule: 'stem: noun meets adjective', phrases: ['orthogonal'], answer: 'their orthogonality', met: true },
  { rule: 'stem: plural and verb forms', phrases: ['saturate'], answer: 'the sigmoid saturating', met: true },
  { rule: 'stem: two passes (dimensional / dimensions)', phrases: ['high dimensional'], answer: 'high dimensions', met: true },
  { rule: 'stem: a different word', phrases: ['minima'], answer: 'the maxima', met: false },
  { rule: 'limit: a real word one typo away', phrases: ['sparse'], answer: 'a spare vector', met: true },
  // synonyms
  { rule: 'synonym (multi-word) for a term', phrases: ['mse is convex'], answer: 'the mean squared error is convex', met: true, synonyms: { mse: ['mean squared error'] } },
  { rule: 'synonym is symmetric', phrases: ['mean squared error'], answer: 'MSE', met: true, synonyms: { mse: ['mean squared error'] } },
  { rule: 'no synonym without the map', phrases: ['mse is convex'], answer: 'the mean squared error is convex', met: false },
  { rule: 'number words meet digits', phrases: ['one hot'], answer: '1-hot encodings', met: true },
  // typos
  { rule: 'typo: one edit in a 6+ letter word', phrases: ['convex'], answer: 'it is convexx', met: true },
  { rule: 'typo: two edits in a 10+ letter word', phrases: ['orthogonal'], answer: 'they are orthagonol', met: true },
  { rule: 'typo: none in a short word', phrases: ['local minima'], answer: 'the global minima', met: false },
  { rule: 'typo: never a negating prefix', phrases: ['certainty'], answer: 'uncertainty', met: false },
  { rule: 'typo: never a negating prefix (in-)', phrases: ['dependent'], answer: 'independent', met: false },
  { rule: 'typo: maxTypos 0 turns it off', phrases: ['convex'], answer: 'it is convexx', met: false, maxTypos: 0 },
  { rule: 'typo: too far', phrases: ['convex'], answer: 'concave', met: false },
  { rule: 'typo: digits are exact', phrases: ['word2vec'], answer: 'word3vec', met: false },
  // word order and gaps
  { rule: 'content-only phrase in any order', phrases: ['vocabulary size'], answer: 'the size of the vocabulary', met: true },
  { rule: 'content-only phrase, words apart', phrases: ['dense vector'], answer: 'vectors that are dense', met: true },
  { rule: 'phrase with a function word keeps its order', phrases: ['mse is convex'], answer: 'convex, unlike mse', met: false },
  { rule: 'ordered phrase reversed in one clause', phrases: ['mse is convex'], answer: 'cross entropy is convex and mse too', met: false },
  { rule: 'gap of a few words', phrases: ['mse is convex'], answer: 'MSE with a sigmoid output is convex', met: true },
  { rule: 'gap too wide', phrases: ['mse is convex'], answer: 'MSE of every single model we trained last year in class is convex', met: false },
  { rule: 'no match across sentences', phrases: ['dense vector'], answer: 'It is dense. The vector is long.', met: false },
  { rule: 'function words are optional', phrases: ['size of the vocabulary'], answer: 'vocabulary size matters', met: false },
  { rule: 'function words are optional (same order)', phrases: ['size of the vocabulary'], answer: 'size of vocabulary', met: true },
  // compounds
  { rule: 'two words meet one', phrases: ['down weight'], answer: 'it downweights easy examples', met: true },
  { rule: 'one word meets two', phrases: ['nonconvex'], answer: 'it is non-convex', met: true },
  { rule: 'a compound does not eat a word', phrases: ['vocabulary size'], answer: 'one dimension per vocabulary word', met: false },
  // negation
  { rule: 'negation blocks a claim', phrases: ['mse is convex'], answer: 'MSE is not convex', met: false },
  { rule: 'contraction negates', phrases: ['mse is convex'], answer: "MSE isn't convex", met: false },
  { rule: 'apostrophe-less contraction negates', phrases: ['convex'], answer: 'MSE isnt convex', met: false },
  { rule: 'non- negates the next word', phrases: ['mse is convex'], answer: 'MSE is non-convex', met: false },
  { rule: 'not dense is no claim of density', phrases: ['dense'], answer: 'one-hot vectors are not dense', met: false },
  { rule: 'negation reaches a few words', phrases: ['convex'], answer: 'it is not guaranteed to be convex', met: false },
  { rule: 'negation reaches the fifth word after it', phrases: ['convex'], answer: 'it is not in any way really convex', met: false },
  { rule: 'negation stops after the fifth word', phrases: ['convex'], answer: 'it is not in any way really quite convex', met: true },
  { rule: 'a phrase starting five words after a negation is negated', phrases: ['mse is convex'], answer: 'never would I say that mse is convex', met: false },
  { rule: 'a phrase starting six words after a negation is not', phrases: ['mse is convex'], answer: 'never would I ever say that mse is convex', met: true },
  { rule: 'negation does not reach back', phrases: ['mse is convex'], answer: 'mse is convex, I would not doubt it', met: true },
  { rule: 'non- reaches only the next word', phrases: ['convex'], answer: 'a non-smooth yet convex loss', met: true },
  { rule: 'negation stops at the clause', phrases: ['embedding'], answer: 'they are not dense, so we use embeddings', met: true },
  { rule: 'negation stops at but', phrases: ['convex'], answer: 'MSE is not, but cross-entropy is convex', met: true },
  { rule: 'a phrase with a negation matches literally', phrases: ['not convex'], answer: 'MSE is not convex', met: true },
  { rule: 'a phrase with a negation, with a gap', phrases: ['no similarity'], answer: 'there is no notion of similarity', met: true },
  { rule: 'double negation blocks a negative phrase', phrases: ['non convex'], answer: 'it is not non-convex', met: false },
  { rule: 'double negation blocks a negated phrase', phrases: ['not convex'], answer: 'it is not non-convex', met: false },
  { rule: 'a negated negation is no claim either', phrases: ['mse is convex'], answer: 'MSE is not non-convex', met: false },
  { rule: 'negated article and noun', phrases: ['not convex'], answer: "MSE isn't a convex function", met: true },
  { rule: 'not only is no negation', phrases: ['sparse'], answer: 'not only sparse but also huge', met: true },
  { rule: 'no matter is no negation', phrases: ['layers'], answer: 'no matter how many layers', met: true },
  { rule: 'a later unnegated mention counts', phrases: ['sparse'], answer: 'Embeddings are not sparse. One-hot vectors are sparse.', met: true },
  // regular expressions
  { rule: 'regex on folded words', phrases: ['/\\bdim(ension)?s?\\b.*\\bvocab/'], answer: 'One Dimension per VOCABULARY word', met: true },
  { rule: 'regex stays in its clause', phrases: ['/\\bdim(ension)?s?\\b.*\\bvocab/'], answer: 'many dimensions. A vocabulary', met: false },
  { rule: 'regex match negated', phrases: ['/\\blinear\\b.*\\bregression\\b/'], answer: 'it is not linear regression', met: false },
  { rule: 'regex: a later unnegated match counts', phrases: ['/\\blinear\\b.*\\bregression\\b/'], answer: 'without non-linear activations it is still equivalent to linear regression', met: true },
];

describe('rubric matching rules', () => {
  for (const { rule, phrases, answer, met, synonyms, maxTypos } of MATCH_CASES) {
    it(`${met ? 'meets' : 'misses'}: ${rule} (${JSON.stringify(answer)})`, () => {
      const extra: Partial<RubricOptions> = {
        ...(synonyms ? { synonyms } : {}),
        ...(maxTypos !== undefined ? { maxTypos } : {}),
      };
      expect(meets(phrases, answer, extra)).toBe(met);
    });
  }
});

describe('rubric criteria: any, all, none', () => {
  const options: RubricOptions = {
    review: 'never',
    criteria: [
      { id: 'both', points: 1, description: 'both ideas', all: [['orthogonal', 'perpendicular'], ['similarity', 'meaning']] },
      { id: 'either', points: 1, description: 'embeddings', any: ['embedding', 'word2vec'], none: ['tf idf'] },
    ],
  };
  const CASES: { answer: string; both: boolean; either: boolean }[] = [
    { answer: 'orthogonal, so their meaning is lost; use word2vec', both: true, either: true },
    { answer: 'orthogonal, so no meaning', both: false, either: false },
    { answer: 'they are perpendicular', both: false, either: false },
    { answer: 'use embeddings or tf-idf', both: false, either: false },
    { answer: 'similarity is lost because they are orthogonal; embeddings', both: true, either: true },
  ];
  for (const { answer, both, either } of CASES) {
    it(JSON.stringify(answer), () => {
      const details = grade(options, answer).details as unknown as RubricDetails;
      expect(details.criteria.map((criterion) => criterion.met)).toEqual([both, either]);
    });
  }
  it('reports the words that blocked a criterion', () => {
    const details = grade(options, 'use embeddings or TF-IDF').details as unknown as RubricDetails;
    expect(details.criteria[1]).toMatchObject({ met: false, evidence: ['embeddings'], blockedBy: ['TF-IDF'] });
  });
});

describe('rubric scores: negative points and clamping', () => {
  const options: RubricOptions = {
    review: 'never',
    criteria: [
      { id: 'a', points: 1, description: 'a', any: ['alpha'] },
      { id: 'b', points: 0.5, description: 'b', any: ['beta'] },
      { id: 'wrong', points: -1, description: 'wrong claim', any: ['gamma'], feedback: 'Gamma is wrong.' },
      { id: 'very-wrong', points: -2, description: 'very wrong claim', any: ['delta'] },
    ],
  };
  const CASES: { answer: string; credit: number; verdict: string; raw: number }[] = [
    { answer: 'alpha beta', credit: 1, verdict: 'correct', raw: 1.5 },
    { answer: 'alpha', credit: 1 / 1.5, verdict: 'partial', raw: 1 },
    { answer: 'alpha beta gamma', credit: 0.5 / 1.5, verdict: 'partial', raw: 0.5 },
    { answer: 'alpha gamma', credit: 0, verdict: 'incorrect', raw: 0 },
    { answer: 'beta gamma', credit: 0, verdict: 'incorrect', raw: -0.5 },
    { answer: 'delta gamma', credit: 0, verdict: 'incorrect', raw: -3 },
    { answer: 'nothing relevant', credit: 0, verdict: 'incorrect', raw: 0 },
  ];
  for (const { answer, credit, verdict, raw } of CASES) {
    it(`${answer}: credit ${credit.toFixed(3)}, ${verdict}`, () => {
      const outcome = grade(options, answer);
      expect(outcome.credit).toBeCloseTo(credit, 12);
      expect(outcome.credit).toBeGreaterThanOrEqual(0);
      expect(outcome.credit).toBeLessThanOrEqual(1);
      expect(outcome.verdict).toBe(verdict);
      expect((outcome.details as unknown as RubricDetails).rawPoints).toBeCloseTo(raw, 12);
    });
  }
  it('credits fractional points exactly at full marks', () => {
    const tenths: RubricOptions = {
      review: 'never',
      criteria: [0, 1, 2].map((index) => ({ id: `c${index}`, points: 0.1, description: 'c', any: [`word${index}`] })),
    };
    expect(grade(tenths, 'word0 word1 word2')).toMatchObject({ credit: 1, verdict: 'correct' });
  });
  it('gives feedback for missed criteria and met wrong claims, and none for the rest', () => {
    expect(grade(options, 'alpha gamma').feedback).toEqual(['Missed: b', 'Gamma is wrong.']);
  });
});

describe('rubric review status', () => {
  const criteria: RubricOptions['criteria'] = [
    { id: 'sparse', points: 1, description: 'sparse', any: ['sparse'] },
    { id: 'claim', points: -1, description: 'claims convex', any: ['mse is convex'] },
  ];
  const LONG = 'The answer talks at length about words and numbers and many other things that the rubric does not know about at all, such as tokenizers, corpora, frequencies, spelling, grammar, vocabulary growth, storage formats, languages, scripts and the long history of the whole field of computational linguistics.';
  const CASES: { name: string; review?: 'auto' | 'always' | 'never'; answer: string; verdict: string; reasons: string[] }[] = [
    { name: 'a clear answer', answer: 'they are sparse', verdict: 'correct', reasons: [] },
    { name: 'a clear miss', answer: 'no idea', verdict: 'incorrect', reasons: [] },
    { name: 'a forbidden claim', answer: 'sparse, and MSE is convex', verdict: 'needs-review', reasons: ['forbidden-claim'] },
    { name: 'a negated match', answer: 'they are not sparse', verdict: 'needs-review', reasons: ['negated-match'] },
    { name: 'a negated wrong claim is fine', answer: 'sparse; MSE is not convex', verdict: 'correct', reasons: [] },
    { name: 'a long answer meeting little', answer: LONG, verdict: 'needs-review', reasons: ['long-answer-low-score'] },
    { name: 'review: always', review: 'always', answer: 'they are sparse', verdict: 'needs-review', reasons: ['review-always'] },
    { name: 'review: never', review: 'never', answer: 'they are not sparse', verdict: 'incorrect', reasons: [] },
  ];
  for (const { name, review, answer, verdict, reasons } of CASES) {
    it(name, () => {
      const outcome = grade({ criteria, ...(review ? { review } : {}) }, answer);
      expect(outcome.verdict).toBe(verdict);
      expect((outcome.details as unknown as RubricDetails).review).toEqual(reasons);
    });
  }
  it('keeps the automatic credit when it needs review', () => {
    expect(grade({ criteria, review: 'always' }, 'sparse')).toMatchObject({ verdict: 'needs-review', credit: 1 });
  });
});

describe('rubric evidence', () => {
  it('quotes the answer words that met each criterion, and the negated ones', () => {
    const outcome = grade(
      {
        criteria: [
          { id: 'non-convex', points: 1, description: 'non-convex', any: ['not convex'] },
          { id: 'claims-convex', points: -1, description: 'claims convex', any: ['mse is convex'] },
        ],
      },
      'Plain MSE with a sigmoid is not   convex.',
    );
    const details = outcome.details as unknown as RubricDetails;
    expect(details.criteria).toEqual([
      { id: 'non-convex', description: 'non-convex', points: 1, met: true, awarded: 1, evidence: ['not convex'], match: 'exact' },
      {
        id: 'claims-convex',
        description: 'claims convex',
        points: -1,
        met: false,
        awarded: 0,
        evidence: [],
        negated: ['MSE with a sigmoid is not convex'],
      },
    ]);
    expect(outcome).toMatchObject({ verdict: 'correct', normalized: 'plain mse with a sigmoid is not convex', method: 'rubric' });
  });
  it('names a typo match as such', () => {
    const details = grade({ criteria: [{ id: 'c', points: 1, description: 'c', any: ['orthogonal'] }] }, 'orthogonol').details as unknown as RubricDetails;
    expect(details.criteria[0]).toMatchObject({ met: true, match: 'typo', evidence: ['orthogonol'] });
  });
});

describe('rubric answers that cannot be read', () => {
  const options: RubricOptions = { criteria: [{ id: 'c', points: 1, description: 'c', any: ['sparse'] }] };
  const CASES: { name: string; answer: string | number | string[]; message: RegExp }[] = [
    { name: 'a number', answer: 42, message: /must be text/ },
    { name: 'a list', answer: ['sparse'], message: /must be text/ },
    { name: 'over-long text', answer: 'sparse '.repeat(RUBRIC_MAX_ANSWER_LENGTH), message: /at most 20000/ },
  ];
  for (const { name, answer, message } of CASES) {
    it(`${name} is invalid`, () => {
      const outcome = grade(options, answer);
      expect(outcome.verdict).toBe('invalid');
      expect(outcome.feedback[0]).toMatch(message);
    });
  }
  it('text without words is incorrect, not an error', () => {
    expect(grade(options, '?!  $$ -- ...')).toMatchObject({ verdict: 'incorrect', credit: 0 });
  });
  it('a hostile long run-on answer is graded, not thrown on', () => {
    const answer = 'not sparse convex orthogonal '.repeat(600);
    expect(() => grade(options, answer)).not.toThrow();
  });
});

describe('rubric options', () => {
  const CASES: { name: string; options: RubricOptions; path: (string | number)[]; message: RegExp }[] = [
    {
      name: 'a bad regular expression',
      options: { criteria: [{ id: 'c', points: 1, description: 'c', any: ['fine', '/(unclosed/'] }] },
      path: ['criteria', 0, 'any', 1],
      message: /not a valid regular expression/,
    },
    {
      name: 'a regular expression matching empty text',
      options: { criteria: [{ id: 'c', points: 1, description: 'c', any: ['/x*/'] }] },
      path: ['criteria', 0, 'any', 0],
      message: /matches empty text/,
    },
    {
      name: 'a phrase in an all group with only function words',
      options: { criteria: [{ id: 'c', points: 1, description: 'c', all: [['sparse'], ['is the']] }] },
      path: ['criteria', 0, 'all', 1, 0],
      message: /only function words/,
    },
    {
      name: 'a bad none phrase',
      options: { criteria: [{ id: 'c', points: 1, description: 'c', any: ['a b'], none: ['/[/'] }] },
      path: ['criteria', 0, 'none', 0],
      message: /regular expression/,
    },
    {
      name: 'duplicate ids',
      options: { criteria: [{ id: 'c', points: 1, description: 'c', any: ['x1'] }, { id: 'c', points: 1, description: 'c', any: ['x2'] }] },
      path: ['criteria', 1, 'id'],
      message: /duplicate/,
    },
    {
      name: 'no positive points',
      options: { criteria: [{ id: 'c', points: -1, description: 'c', any: ['sparse'] }] },
      path: ['criteria'],
      message: /positive points/,
    },
    {
      name: 'a criterion without phrases',
      options: { criteria: [{ id: 'c', points: 1, description: 'c' }] },
      path: ['criteria', 0],
      message: /`any` or `all`/,
    },
    {
      name: 'an unknown review mode',
      options: { criteria: [{ id: 'c', points: 1, description: 'c', any: ['x'] }], review: 'sometimes' as 'auto' },
      path: ['review'],
      message: /auto, always, never/,
    },
  ];
  for (const { name, options, path, message } of CASES) {
    it(`rejects ${name}`, () => {
      let thrown: unknown;
      try {
        compile(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OptionsError);
      expect((thrown as OptionsError).path).toEqual(path);
      expect((thrown as OptionsError).message).toMatch(message);
    });
  }
  it('compiles criteria whose points need not equal any part points', () => {
    expect(compile({ criteria: [{ id: 'c', points: 3, description: 'c', any: ['x1'] }] }).maxPoints).toBe(3);
  });
  it('offers a reference answer that earns full credit', () => {
    const options: RubricOptions = {
      criteria: [
        { id: 'a', points: 1, description: 'a', any: ['/regex first/', 'sparse vectors'] },
        { id: 'b', points: 1, description: 'b', all: [['orthogonal'], ['no similarity']] },
        { id: 'claim', points: -1, description: 'claim', any: ['dense'] },
      ],
    };
    const compiled = compile(options);
    const reference = rubricGrader.reference!(compiled, options);
    expect(reference).toBe('It is sparse vectors. It is orthogonal. It is no similarity.');
    expect(rubricGrader.grade(reference!, compiled, options)).toMatchObject({ verdict: 'correct', credit: 1 });
  });
  it('offers no reference when a criterion has only regular expressions', () => {
    const options: RubricOptions = { criteria: [{ id: 'a', points: 1, description: 'a', any: ['/x+/'] }] };
    expect(rubricGrader.reference!(compile(options), options)).toBeUndefined();
  });
});
