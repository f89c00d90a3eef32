import { describe, expect, it } from 'vitest';
import { expressionGrader } from '../../graders/expression.ts';
import { EDGE_TABLES } from './edges.ts';

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
      }
    });
  });
}

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
