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
