/**
 * The real quiz: every expression and derivation part of Mock Quiz 2 compiles,
 * its reference earns full credit, every anticipated mistake is told apart from
 * the expected answer, and the answer sheet's answers get the right verdicts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AnyGrader } from '../../src/grader.ts';
import { derivationGrader } from '../../graders/derivation.ts';
import { expressionGrader } from '../../graders/expression.ts';

interface SpecPart {
  id: string;
  answer: Record<string, unknown> & { type: string; mistakes?: { answer: string }[] };
}
interface SpecQuestion {
  id: string;
  parts?: SpecPart[];
  answer?: SpecPart['answer'];
}
const quiz = parse(readFileSync(new URL('../../questions/mock-quiz-2.yaml', import.meta.url), 'utf8')) as {
  definitions: Record<string, string>;
  questions: SpecQuestion[];
};

const GRADERS: Record<string, AnyGrader> = { expression: expressionGrader, derivation: derivationGrader };

const parts = quiz.questions.flatMap((question) =>
  (question.parts ?? []).filter((part) => part.answer.type in GRADERS).map((part) => ({ key: `${question.id}.${part.id}`, answer: part.answer })),
);

function options(key: string): Record<string, unknown> {
  const part = parts.find((candidate) => candidate.key === key);
  if (!part) throw new Error(`no part ${key}`);
  const { type: _type, mistakes: _mistakes, ...rest } = part.answer;
  return rest;
}

function grade(key: string, answer: string | string[]) {
  const grader = GRADERS[parts.find((part) => part.key === key)!.answer.type]!;
  const opts = options(key);
  const compiled = grader.compile(opts, { quizId: 'mock-quiz-2', definitions: quiz.definitions, key, seed: 31337 });
  return grader.grade(answer, compiled, opts);
}

describe('Mock Quiz 2', () => {
  it('has the expression and derivation parts of Q1, Q2, Q3, Q5, Q6 and Q9', () => {
    expect(parts.map((part) => part.key)).toEqual([
      'q1.p1', 'q1.p2', 'q1.proof', 'q2.w_eff', 'q2.b_eff', 'q3.tanh_via_sigmoid',
      'q5.dz', 'q5.dsigmoid', 'q5.grad', 'q5.db', 'q5.update', 'q6.entropy2', 'q6.bce', 'q9.formula',
    ]);
  });

  it.each(parts.map((part) => [part.key, part] as const))('%s: reference correct, mistakes told apart', (key, part) => {
    const grader = GRADERS[part.answer.type]!;
    const opts = options(key);
    const context = { quizId: 'mock-quiz-2', definitions: quiz.definitions, key, seed: 31337 };
    const compiled = grader.compile(opts, context);
    const reference = grader.reference!(compiled, opts)!;
    expect(grader.grade(reference, compiled, opts).verdict).toBe('correct');
    for (const mistake of part.answer.mistakes ?? []) {
      // As the engine does: the mistake is compiled as a copy with the expected answer replaced.
      const mistakeOptions = { ...opts, [grader.expectedKey!]: mistake.answer };
      const mistakeCompiled = grader.compile(mistakeOptions, context);
      expect(grader.grade(mistake.answer, mistakeCompiled, mistakeOptions).verdict, mistake.answer).toBe('correct');
      expect(grader.grade(mistake.answer, compiled, opts).verdict, mistake.answer).not.toBe('correct');
    }
  });

  it.each([
    ['q1.p1', '1/(1+e^-x)', 'correct'],
    ['q1.p2', 'e^x/(1+e^-x)', 'incorrect'],
    ['q1.p2', 'e^-x/(1+e^-x)', 'correct'],
    ['q1.p2', '1 - σ(x)', 'correct'],
    ['q3.tanh_via_sigmoid', 'sigmoid(2x) - sigmoid(-2x)', 'correct'],
    ['q3.tanh_via_sigmoid', '2σ(2x) - 1', 'correct'],
    ['q3.tanh_via_sigmoid', 'tanh(x)', 'incorrect'],
    ['q3.tanh_via_sigmoid', '(e^x - e^-x)/(e^x + e^-x)', 'incorrect'],
    ['q2.w_eff', "W1^T w2", 'correct'],
    ['q2.w_eff', "w2^T W1", 'incorrect'],
    ['q2.b_eff', "w2^T b1 + b2", 'correct'],
    ['q5.dz', 'ŷ − y', 'correct'],
    ['q5.dsigmoid', 'σ(z)(1 − σ(z))', 'correct'],
    ['q5.dsigmoid', 'e^-z/(1+e^-z)^2', 'incorrect'],
    ['q5.grad', "1/m X^T (ŷ − y)", 'correct'],
    ['q5.grad', "1/m X' (sigmoid(X theta + b) - y)", 'correct'],
    ['q5.grad', "1/m X (ŷ − y)", 'incorrect'],
    ['q5.db', '1/m Σ(ŷ − y)', 'correct'],
    ['q5.db', 'mean(yhat - y)', 'correct'],
    ['q5.update', "θ − α/m X^T (ŷ − y)", 'correct'],
    ['q6.entropy2', '-p1 log p1 - p2 log p2', 'correct'],
    ['q6.bce', '-(y ln ŷ + (1-y) ln(1-ŷ))', 'correct'],
    ['q9.formula', '-sum(Y .* log(Yhat))', 'correct'],
    ['q9.formula', '-sum(sum(Y ⊙ log(Yhat)))', 'correct'],
    ['q9.formula', '-sum(Y .* log10(Yhat))', 'incorrect'],
  ] as const)('%s: %s is %s', (key, answer, verdict) => {
    const outcome = grade(key, answer);
    expect(outcome.verdict, outcome.feedback.join(' ')).toBe(verdict);
  });

  it('grades the answer sheet proof as correct', () => {
    const outcome = grade('q1.proof', ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(a2 - a1))']);
    expect(outcome.verdict).toBe('correct');
    expect(outcome.credit).toBe(1);
  });

  it("explains the answer sheet's P(class 2) with a counterexample", () => {
    const outcome = grade('q1.p2', 'e^x/(1+e^-x)');
    expect(outcome.feedback[0]).toMatch(/^At x = -?[\d.]+ your expression is [\d.e-]+, the expected one is [\d.e-]+\.$/);
  });
});
