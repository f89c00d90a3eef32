/** The graders' option schemas pass the spec loader's strict ajv and accept the real quiz. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answerValidator } from '../../src/quiz/schema.ts';
import { derivationGrader } from '../../graders/derivation.ts';
import { expressionGrader } from '../../graders/expression.ts';

const quiz = parse(readFileSync(new URL('../../questions/mock-quiz-2.yaml', import.meta.url), 'utf8')) as {
  questions: { parts?: { answer: { type: string } }[] }[];
};
const answers = quiz.questions.flatMap((question) => (question.parts ?? []).map((part) => part.answer));

describe('option schemas', () => {
  it.each([expressionGrader, derivationGrader].map((grader) => [grader.name, grader] as const))('%s: the quiz parts validate', (_name, grader) => {
    const validate = answerValidator(grader);
    const mine = answers.filter((answer) => answer.type === grader.name);
    expect(mine.length).toBeGreaterThan(0);
    for (const answer of mine) expect(validate(answer), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    [expressionGrader, { type: 'expression', expected: 'x', variables: { x: [0, 1] }, samples: 2 }],
    [expressionGrader, { type: 'expression', expected: 'x', variables: { x: { shape: ['m'] } } }],
    [expressionGrader, { type: 'expression', expected: 'x', varaibles: { x: [0, 1] } }],
    [derivationGrader, { type: 'derivation', from: 'x', to: 'x', scoring: 'generous' }],
    [derivationGrader, { type: 'derivation', from: 'x' }],
  ] as const)('rejects %#', (grader, answer) => {
    expect(answerValidator(grader)(answer)).toBe(false);
  });
});
