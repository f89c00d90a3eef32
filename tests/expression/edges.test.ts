import { describe, expect, it } from 'vitest';
import { derivationGrader } from '../../graders/derivation.ts';
import { expressionGrader } from '../../graders/expression.ts';
import { DERIVATION_ONE_BY_ONE, EDGE_TABLES, ONE_BY_ONE_DOMAIN } from './edges.ts';

/** Any note that a scalar and a 1×1 matrix were compared by value. */
const ONE_BY_ONE_NOTE = /compared by value/;

const context = (seed: number) => ({ quizId: 'edges', definitions: {}, key: 'q.p', seed });
/** Several seeds: a trap must be caught (and a right answer accepted) whatever the draw. */
const SEEDS = [1, 20261124, 987654321];

for (const [name, table] of Object.entries(EDGE_TABLES)) {
  describe(`expression edges: ${name}`, () => {
    it.each(table.map((entry) => [`${entry.verdict}: ${entry.trap}`, entry] as const))('%s', (_name, entry) => {
      for (const seed of SEEDS) {
        const options = { ...entry.options, expected: entry.expected, cas: false };
        const outcome = expressionGrader.grade(entry.answer, expressionGrader.compile(options, context(seed)), options);
        expect(outcome.verdict, `seed ${seed}: ${outcome.feedback.join(' ')}`).toBe(entry.verdict);
        if (entry.verdict === 'invalid' || entry.verdict === 'needs-review') expect(outcome.feedback[0]).toBeTruthy();
        const notes = outcome.feedback.filter((line) => ONE_BY_ONE_NOTE.test(line));
        expect(notes, outcome.feedback.join(' ')).toEqual(entry.note ? [expect.stringMatching(entry.note)] : []);
        if (entry.says) expect(outcome.feedback).toContainEqual(expect.stringMatching(entry.says));
      }
    });
  });
}

describe('derivation edges: 1×1 matrices', () => {
  it.each(DERIVATION_ONE_BY_ONE.map((entry) => [`${entry.verdict}: ${entry.trap}`, entry] as const))('%s', (_name, entry) => {
    for (const seed of SEEDS) {
      const options = { ...ONE_BY_ONE_DOMAIN, from: entry.from, to: entry.to, minSteps: 1 } as never;
      const outcome = derivationGrader.grade(entry.steps, derivationGrader.compile(options, context(seed)), options);
      const feedback = outcome.feedback.join(' | ');
      expect(outcome.verdict, `seed ${seed}: ${feedback}`).toBe(entry.verdict);
      expect(outcome.feedback.filter((line) => ONE_BY_ONE_NOTE.test(line)), feedback).toEqual(entry.notes.map((note) => expect.stringMatching(note)));
      if (entry.says) expect(outcome.feedback).toContainEqual(expect.stringMatching(entry.says));
    }
  });
});

describe('expression edges: what the feedback shows', () => {
  const grade = (expected: string, answer: string, variables: Record<string, unknown>) => {
    const options = { expected, variables, cas: false } as never;
    return expressionGrader.grade(answer, expressionGrader.compile(options, context(1)), options);
  };

  it('prints enough digits to show the two values differ', () => {
    const outcome = grade('x^2 + 0.001', 'x^2', { x: [20, 40] });
    expect(outcome.verdict).toBe('incorrect');
    const [, mine, theirs] = /your expression is (\S+), the expected one is (\S+)\.$/.exec(outcome.feedback[0]!)!;
    expect(mine).not.toBe(theirs);
    expect(Math.abs(Number(theirs) - Number(mine))).toBeCloseTo(0.001, 6);
  });

  it('says why an answer needs review, with the point', () => {
    const outcome = grade('x', '(x + 1e300) - 1e300', { x: [-10, 10] });
    expect(outcome.verdict).toBe('needs-review');
    expect(outcome.feedback[0]).toMatch(/not even 60-digit arithmetic can tell .* rounding error/);
    expect(outcome.details).toMatchObject({ reason: expect.stringMatching(/at 60 digits/) });
  });
});
