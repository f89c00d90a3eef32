import { describe, expect, it } from 'vitest';
import { OptionsError } from '../src/grader.ts';
import { type DerivationOptions, STEPS_REMEMBERED, STEP_REMEMBERED_MAX_CHARS, derivationGrader } from './derivation.ts';
import { QUIZ_DEFINITIONS } from '../tests/expression/pairs.ts';

const context = { quizId: 'test', definitions: QUIZ_DEFINITIONS, key: 'q1.proof', seed: 4242 };
const softmax: DerivationOptions = {
  from: 'exp(a1) / (exp(a1) + exp(a2))',
  to: 'sigmoid(a1 - a2)',
  variables: { a1: [-4, 4], a2: [-4, 4] },
};

function gradeWith(options: DerivationOptions, answer: string | string[]) {
  const compiled = derivationGrader.compile(options, context);
  return derivationGrader.grade(answer, compiled, options);
}

describe('derivation grader', () => {
  it.each([
    ['the answer sheet', ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a2 - a1))'], 'correct', 1],
    ['three steps', ['e^a1/(e^a1 + e^a2)', '1/(1 + e^a2/e^a1)', '1/(1 + e^(-(a1 - a2)))'], 'correct', 1],
    ['a chain in one entry', ['e^a1/(e^a1 + e^a2) = 1/(1 + e^(a2 - a1)) = σ(a1 − a2)'], 'correct', 1],
    ['one text, a step per line', 'e^a1/(e^a1 + e^a2)\n1/(1 + e^(a2 - a1))', 'correct', 1],
    ['a wrong middle step', ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a1 - a2))', '1/(1 + e^(a2 - a1))'], 'partial', 2 / 4],
    ['a wrong last step', ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a1 - a2))'], 'partial', 1 / 3],
    ['wrong throughout', ['e^a2/(e^a1 + e^a2)', '1/(1 + e^(a1 - a2))'], 'partial', 1 / 3],
    ['only the goal', ['sigmoid(a1 - a2)'], 'incorrect', 0],
    ['the same step twice', ['sigmoid(a1 - a2)', 'sigmoid(a1-a2)'], 'incorrect', 0],
  ] as const)('%s', (_name, answer, verdict, credit) => {
    const outcome = gradeWith(softmax, answer as string | string[]);
    expect(outcome.verdict, outcome.feedback.join(' ')).toBe(verdict);
    expect(outcome.credit).toBeCloseTo(credit, 10);
  });

  it('names the first broken link, with a counterexample', () => {
    const outcome = gradeWith(softmax, ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a1 - a2))', '1/(1 + e^(a2 - a1))']);
    expect(outcome.feedback[0]).toMatch(/^Step 2 is not equal to step 1: at a1 = .*, a2 = .*, step 2 is .* and step 1 is .*\.$/);
    expect(outcome.interpreted).toBe('e^a1/(e^a1 + e^a2) = 1/(1 + e^(a1 - a2)) = 1/(1 + e^(a2 - a1))');
  });

  it('names the goal when the last step misses it', () => {
    const outcome = gradeWith(softmax, ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a1 - a2))']);
    expect(outcome.feedback[0]).toContain('Step 2 is not equal to step 1');
    expect(outcome.details?.links).toHaveLength(3);
  });

  it('is all or nothing when asked', () => {
    const outcome = gradeWith({ ...softmax, scoring: 'all-or-nothing' }, ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a1 - a2))']);
    expect(outcome.verdict).toBe('incorrect');
    expect(outcome.credit).toBe(0);
  });

  it('checks require / forbid on the last step', () => {
    const options = { ...softmax, require: ['sigmoid'] };
    expect(gradeWith(options, ['e^a1/(e^a1 + e^a2)', 'sigmoid(a1 - a2)']).verdict).toBe('correct');
    const outcome = gradeWith(options, ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a2 - a1))']);
    expect(outcome.verdict).toBe('partial');
    expect(outcome.feedback).toContain('Last step: Write the answer in terms of sigmoid.');
  });

  it.each([
    [['e^a1/(e^a1 + e^a2)', 'a3'], 'Step 2 can\'t be read'],
    [['e^a1/(e^a1 + e^a2)', '', 'sigmoid(a1 - a2)'], 'Step 2 is empty'],
    [[], 'no steps'],
    [Array.from({ length: 40 }, () => 'a1'), 'too many steps'],
    [['x.constructor'], 'Step 1 can\'t be read'],
  ])('reads %j as invalid', (answer, message) => {
    const outcome = gradeWith(softmax, answer);
    expect(outcome.verdict).toBe('invalid');
    expect(outcome.feedback[0]).toContain(message);
  });

  const layers: DerivationOptions = {
    from: "w2' * (W1 * x + b1) + b2",
    to: "(W1' * w2)' * x + (w2' * b1 + b2)",
    dimensions: { k: [2, 5], n: [3, 6] },
    variables: { W1: { shape: ['k', 'n'] }, w2: { shape: ['k', 1] }, b1: { shape: ['k', 1] }, b2: [-2, 2], x: { shape: ['n', 1] } },
  };

  it('checks matrix steps and their shapes', () => {
    const options = layers;
    expect(gradeWith(options, ["w2' W1 x + w2' b1 + b2", "(W1' w2)' x + w2' b1 + b2"]).verdict).toBe('correct');
    const broken = gradeWith(options, ["w2' W1 x + w2' b1 + b2", "W1' w2 x + w2' b1 + b2"]);
    expect(broken.verdict).toBe('partial');
    expect(broken.feedback[0]).toContain('(n×1)');
  });

  it('grades a step the same whether it was read before or not, and remembers a bounded number', () => {
    const answers = [
      ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a2 - a1))'],
      ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a1 - a2))', '1/(1 + e^(a2 - a1))'],
      ['1/(1 + e^(a1 - a2))', 'e^a1/(e^a1 + e^a2)'],
      ['e^a1/(e^a1 + e^a2)', 'a3'],
      ['sigmoid(a1 - a2)', 'e^a1/(e^a1 + e^a2)', 'sigmoid(a1-a2)'],
    ];
    const fresh = answers.map((answer) => gradeWith(softmax, answer));
    const shared = derivationGrader.compile(softmax, context);
    for (const order of [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3]]) {
      for (const index of order) expect(derivationGrader.grade(answers[index]!, shared, softmax)).toEqual(fresh[index]);
    }
    for (let i = 0; i <= STEPS_REMEMBERED; i++) derivationGrader.grade([`a1 + ${i}`, 'sigmoid(a1 - a2)'], shared, softmax);
    expect(shared.steps.size).toBeLessThanOrEqual(STEPS_REMEMBERED);
    expect(derivationGrader.grade(answers[1]!, shared, softmax)).toEqual(fresh[1]);
  });

  it('grades matrix steps, and steps of the wrong size, the same when read before', () => {
    const affine: DerivationOptions = { ...layers, from: 'W1 * x + b1', to: 'b1 + W1 * x' };
    const answers = [
      ['W1 x + b1', 'b1 + W1 x'],
      ['W1 x + b1', "x' W1' + b1'", 'b1 + W1 x'],
      ['W1 x - b1', 'b1 + W1 x'],
      ['W1 x + b1', "W1' x + b1", 'b1 + W1 x'],
    ];
    const fresh = answers.map((answer) => gradeWith(affine, answer));
    expect(fresh.map((outcome) => outcome.verdict)).toEqual(['correct', 'partial', 'partial', 'partial']);
    expect(fresh[1]!.feedback[0]).toContain('1×k');
    expect(fresh[3]!.feedback[0]).toMatch(/^Step 2: /);
    const shared = derivationGrader.compile(affine, context);
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]]) {
      for (const index of order) expect(derivationGrader.grade(answers[index]!, shared, affine)).toEqual(fresh[index]);
    }
    // Remembered, but a matrix step's values (which can be large) are computed per answer.
    expect(shared.steps.get('W1 x + b1')).toBeDefined();
    expect(shared.steps.get('W1 x + b1')?.values).toBeUndefined();
    expect(shared.steps.get("W1' x + b1")?.brokenShape).toBeDefined();
  });

  it('does not remember long steps', () => {
    const shared = derivationGrader.compile(softmax, context);
    const long = `e^a1/(e^a1 + e^a2)${' + 0'.repeat(STEP_REMEMBERED_MAX_CHARS / 4)}`;
    const outcome = derivationGrader.grade([long, 'sigmoid(a1 - a2)'], shared, softmax);
    expect(outcome.verdict).toBe('correct');
    expect(shared.steps.has(long)).toBe(false);
    expect(shared.steps.has('sigmoid(a1 - a2)')).toBe(true);
    expect(shared.steps.get('sigmoid(a1 - a2)')?.values?.get(0)).toBeDefined();
  });

  it('rejects a spec whose goal is not equal to its start', () => {
    expect(() => derivationGrader.compile({ ...softmax, to: 'sigmoid(a2 - a1)' }, context)).toThrow(OptionsError);
    expect(() => derivationGrader.compile({ ...softmax, from: 'exp(a1' }, context)).toThrow(OptionsError);
  });

  it('gives a reference answer that earns full credit', () => {
    const compiled = derivationGrader.compile(softmax, context);
    const reference = derivationGrader.reference!(compiled, softmax)!;
    expect(derivationGrader.grade(reference, compiled, softmax).verdict).toBe('correct');
  });
});
