/**
 * Credit for claims, contraries, notation, paraphrases and confidence: the
 * rules of issue 16, one table per rule, on small rubrics written for them.
 */
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_SIGNALS, MIN_CONFIDENCE_DEFAULT, rubricGrader, type RubricDetails, type RubricOptions } from '../../graders/rubric.ts';
import { OptionsError, type CompileContext } from '../../src/grader.ts';
import { listShape } from '../../src/text/claims.ts';
import { notationKey } from '../../src/text/notation.ts';
import { polarityVariants } from '../../src/text/polarity.ts';
import { ModelSentences } from '../../src/text/similarity.ts';
import { tokenize } from '../../src/text/tokenize.ts';

const context: CompileContext = { quizId: 'test', definitions: {}, key: 'q', seed: 1 };

function grade(options: RubricOptions, answer: string) {
  const outcome = rubricGrader.grade(answer, rubricGrader.compile(options, context), options);
  return { ...outcome, details: outcome.details as unknown as RubricDetails };
}

const MSE: RubricOptions = {
  criteria: [
    { id: 'non-convex', points: 1, description: 'MSE with a sigmoid is non-convex', any: ['non convex', 'not convex', 'local minima'] },
    { id: 'test', points: 1, description: 'A convexity test', any: ['second derivative', 'hessian'], math: ["f''(theta) >= 0"] },
    { id: 'claims-convex', points: -1, description: 'Claims MSE is convex', any: ['mse is convex'] },
  ],
};

interface ClaimCase {
  rule: string;
  answer: string;
  points: number;
  signals: string[];
}

describe('a criterion is met only by a clause that asserts it', () => {
  const CASES: ClaimCase[] = [
    { rule: 'a plain claim', answer: 'MSE is non-convex here; the hessian tells.', points: 2, signals: [] },
    { rule: 'a question claims nothing', answer: 'Is MSE non-convex? Does the hessian help?', points: 0, signals: ['unasserted-match'] },
    { rule: 'a question is no forbidden claim, the rest counts', answer: 'Is MSE convex here? No. It has local minima, and the hessian shows it.', points: 2, signals: [] },
    { rule: 'a counterfactual claims nothing', answer: 'If MSE were convex, the hessian would be PSD.', points: 0, signals: ['unasserted-match'] },
    { rule: 'a supposition carries into its consequence', answer: 'Suppose it has local minima; then the hessian would be useless.', points: 0, signals: ['unasserted-match'] },
    { rule: 'a rule with if is a claim', answer: 'If the second derivative is non-negative, f is convex. MSE is not convex.', points: 2, signals: [] },
    { rule: 'meta-talk claims nothing', answer: 'I think the key words are non convex and hessian.', points: 0, signals: ['unasserted-match'] },
    { rule: 'a quotation marked false is no claim', answer: "The statement 'MSE is convex' is false, it has local minima.", points: 1, signals: [] },
    { rule: 'a reported claim marked false is no claim', answer: 'The claim that MSE is convex is wrong. It has local minima.', points: 1, signals: [] },
    { rule: 'a verdict before the report', answer: 'It is not true that MSE is convex. It has local minima.', points: 1, signals: [] },
    { rule: 'a quotation without a verdict is a claim', answer: 'It is "non-convex", as the hessian shows.', points: 2, signals: [] },
    { rule: 'a restricted claim is no wrong claim', answer: 'MSE is convex for linear regression, but not with a sigmoid: local minima.', points: 1, signals: ['restricted-claim'] },
    { rule: 'an unrestricted wrong claim still is', answer: 'MSE is convex, and the hessian shows it.', points: 0, signals: ['forbidden-claim'] },
    { rule: 'a dash ends the double negation (the pronoun is not resolved)', answer: 'MSE is not non-convex - it is actually convex.', points: 0, signals: ['negated-match'] },
    { rule: 'a closing bracket ends the negation', answer: 'Its hessian (not PSD) shows local minima.', points: 2, signals: [] },
  ];
  it.each(CASES)('$rule', ({ answer, points, signals }) => {
    const { details } = grade(MSE, answer);
    expect(details.points).toBe(points);
    expect(details.signals).toEqual(signals);
  });
});

describe('a list of terms earns nothing', () => {
  const CASES: { answer: string; shape: string; review: boolean }[] = [
    { answer: 'non convex, local minima, second derivative, hessian', shape: 'bare-list', review: false },
    { answer: 'non convex, local minima, hessian, gradient descent', shape: 'term-list', review: true },
    { answer: 'Its hessian (not PSD) shows local minima.', shape: 'sentences', review: false },
    { answer: 'non convex and local minima and hessian', shape: 'bare-list', review: false },
    { answer: 'MSE is non-convex: local minima.', shape: 'sentences', review: false },
    { answer: 'non convex = local minima, hessian', shape: 'sentences', review: false },
    { answer: 'Non-convex.', shape: 'sentences', review: false },
  ];
  it.each(CASES)('$answer: $shape', ({ answer, shape, review }) => {
    const outcome = grade(MSE, answer);
    const listed = shape !== 'sentences';
    if (listed) expect(outcome.details.points).toBe(0);
    expect(outcome.details.signals.includes(shape as never)).toBe(listed);
    expect(outcome.verdict === 'needs-review').toBe(review);
  });

  it('never gives full credit to a list, however many criteria it names', () => {
    const outcome = grade(MSE, 'non convex, local minima, second derivative, hessian');
    expect(outcome.credit).toBe(0);
    expect(outcome.details.criteria.map((report) => report.evidence.length > 0)).toEqual([true, true, false]);
  });

  it('reads the shape from the words only', () => {
    const shape = (text: string, rubric: (word: string) => boolean) => listShape(text, tokenize(text), (token) => rubric(token.word));
    expect(shape('x, y, z', () => true)).toBe('bare-list');
    expect(shape('x, y and z', () => true)).toBe('bare-list');
    expect(shape('x, y, z', (word) => word !== 'z')).toBe('sentences');
    expect(shape('w, x, y, z', (word) => word !== 'z')).toBe('term-list');
    expect(shape('x, y', () => true)).toBe('sentences');
    expect(shape('x, y, z is', () => true)).toBe('sentences');
  });
});

const FOCAL: RubricOptions = {
  criteria: [
    {
      id: 'down-weights-easy',
      points: 1,
      description: 'Down-weights the easy examples so the hard ones count more',
      any: ['down weight', 'hard examples'],
      contrary: ['less weight to the hard examples', 'up weight the easy examples'],
    },
    { id: 'majority', points: 1, description: 'Cross-entropy is dominated by the majority class', any: ['majority class', 'dominated'] },
  ],
};

describe('contrary claims', () => {
  const CASES: ClaimCase[] = [
    { rule: 'the claim', answer: 'It down-weights the easy examples.', points: 1, signals: [] },
    { rule: 'the contrary loses the criterion', answer: 'It gives less weight to the hard examples.', points: 0, signals: [] },
    { rule: 'a polarity swap of a contrary is contrary too', answer: 'It gives more weight to the easy examples.', points: 0, signals: [] },
    { rule: 'a polarity swap of one word is the claim', answer: 'It gives more weight to the hard examples.', points: 1, signals: [] },
    { rule: 'both met go to review', answer: 'It down-weights the easy ones. It gives less weight to the hard examples.', points: 0, signals: ['contrary-claim'] },
    { rule: 'a contrary next to credit goes to review', answer: 'The majority class dominates. It up-weights the easy examples.', points: 1, signals: ['contrary-with-credit'] },
    { rule: 'a negated contrary is no contrary', answer: 'It does not up-weight the easy examples; it down-weights them.', points: 1, signals: [] },
    { rule: 'a contrary must be stated closely', answer: 'It gives less weight to them and focuses on hard examples.', points: 1, signals: [] },
    { rule: 'a self-correction goes to review', answer: 'It down-weights the easy examples. Actually I think it up-weights them.', points: 1, signals: ['self-correction'] },
    { rule: 'or rather', answer: 'The majority class dominates, or rather the hard examples do.', points: 2, signals: ['self-correction'] },
    { rule: 'actually inside a clause is emphasis', answer: 'It actually down-weights the easy examples.', points: 1, signals: [] },
  ];
  it.each(CASES)('$rule', ({ answer, points, signals }) => {
    const { details } = grade(FOCAL, answer);
    expect(details.points).toBe(points);
    expect(details.signals).toEqual(signals);
  });

  it('shows the contrary words in the report', () => {
    const report = grade(FOCAL, 'Focal loss gives less weight to the hard examples.').details.criteria[0]!;
    expect(report).toMatchObject({ met: false, contrary: ['less weight to the hard examples'] });
  });

  it.each([
    ['less weight to easy examples', ['more weight to hard examples'], ['more weight to easy examples', 'less weight to hard examples']],
    ['down weight easy', ['up weight hard'], ['up weight easy', 'down weight hard']],
    ['less weight', [], []],
    ['/less (hard|easy)/', [], []],
  ])('polarity swaps of %s', (phrase, same, opposite) => {
    const variants = polarityVariants(phrase);
    expect(variants.same).toEqual(same);
    expect(variants.opposite.sort()).toEqual([...opposite].sort());
  });
});

describe('math: patterns in free text', () => {
  it.each([
    ["Test: f''(θ) ≥ 0.", 1],
    ["Check f″(θ)>=0 for convexity", 1],
    ["F''( theta ) >= 0", 1],
    ["f''(θ) ≤ 0", 0],
    ["Is f''(θ) ≥ 0? Maybe.", 0],
  ])('%s', (answer, points) => {
    const { details } = grade(MSE, answer as string);
    expect(details.criteria[1]!.awarded).toBe(points);
  });

  it('compares notation through the expression reader', () => {
    expect(notationKey('cos(θ) = 0')).toBe(notationKey('cos(theta)=0'));
    expect(notationKey('dimension = |V|')).toBe('dimension=|v|');
  });

  it('refuses a pattern without notation, at its path', () => {
    const options: RubricOptions = { criteria: [{ id: 'c', points: 1, description: 'd', any: ['x'], math: ['plain words'] }] };
    expect(() => rubricGrader.compile(options, context)).toThrow(OptionsError);
    try {
      rubricGrader.compile(options, context);
    } catch (error) {
      expect((error as OptionsError).path).toEqual(['criteria', 0, 'math', 0]);
    }
  });
});

describe('possible paraphrases', () => {
  const DEPTH: RubricOptions = {
    criteria: [
      {
        id: 'depth',
        points: 1,
        description: 'Depth adds no expressive power',
        all: [['layer'], ['induction']],
        examples: ['Stacking more linear layers adds no expressive power at all.'],
      },
    ],
  };

  it('sends a close but unmatched sentence to review, naming the criterion', () => {
    const outcome = grade(DEPTH, 'Stacking linear layers never adds expressive power.');
    expect(outcome.verdict).toBe('needs-review');
    expect(outcome.details.review).toEqual(['possible paraphrase of depth']);
    expect(outcome.details.paraphrases![0]).toMatchObject({ id: 'depth', sentence: 'Stacking linear layers never adds expressive power' });
  });

  it('leaves a far sentence alone', () => {
    expect(grade(DEPTH, 'Gradient descent trains the weights.').verdict).toBe('incorrect');
  });

  it('ignores words in a question', () => {
    expect(grade(DEPTH, 'Does stacking linear layers add expressive power?').details.paraphrases).toBeUndefined();
  });

  it('scores TF-IDF cosine: 1 for the same words, 0 for none shared', () => {
    const models = new ModelSentences([{ criterion: 0, tokens: tokenize('dense learned embeddings') }, { criterion: 1, tokens: tokenize('sparse vectors') }]);
    const [same] = models.closest([tokenize('learned dense embeddings')], new Set([0]));
    expect(same!.similarity).toBeCloseTo(1, 9);
    expect(models.closest([tokenize('orthogonal')], new Set([0, 1])).map((found) => found.similarity)).toEqual([0, 0]);
  });

  it('allows at most five examples', () => {
    const examples = ['a b', 'c d', 'e f', 'g h', 'i j', 'k l'];
    expect(() => rubricGrader.compile({ criteria: [{ id: 'c', points: 1, description: 'd', any: ['x'], examples }] }, context)).toThrow(/1 to 5/);
  });
});

describe('confidence', () => {
  it('is 1 for a clean answer and the product of its signals otherwise', () => {
    expect(grade(MSE, 'MSE is non-convex.').details.confidence).toBe(1);
    const flagged = grade(FOCAL, 'It down-weights the easy ones. It gives less weight to the hard examples. Actually no.');
    expect(flagged.details.signals).toEqual(['contrary-claim', 'self-correction']);
    expect(flagged.details.confidence).toBe(Math.round(CONFIDENCE_SIGNALS['contrary-claim'] * CONFIDENCE_SIGNALS['self-correction'] * 1000) / 1000);
  });

  it('sends an answer to review below the threshold only', () => {
    const typo = 'MSE is non-convexx, see the hesian.';
    expect(CONFIDENCE_SIGNALS['typo-match']).toBeGreaterThanOrEqual(MIN_CONFIDENCE_DEFAULT);
    expect(grade(MSE, typo).verdict).toBe('correct');
    expect(grade({ ...MSE, minConfidence: 0.95 }, typo)).toMatchObject({ verdict: 'needs-review', details: { review: ['typo-match'] } });
    expect(grade({ ...MSE, minConfidence: 0 }, 'MSE is convex.').verdict).toBe('incorrect');
  });

  it('is reported with review: never too', () => {
    const { verdict, details } = grade({ ...MSE, review: 'never' }, 'MSE is convex.');
    expect(verdict).toBe('incorrect');
    expect(details).toMatchObject({ confidence: CONFIDENCE_SIGNALS['forbidden-claim'], signals: ['forbidden-claim'], review: [] });
  });

  it('refuses a threshold outside 0..1', () => {
    expect(() => rubricGrader.compile({ ...MSE, minConfidence: 2 }, context)).toThrow(/minConfidence/);
  });
});
