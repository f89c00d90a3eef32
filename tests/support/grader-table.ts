/**
 * Table-driven grader tests, in the style of ESLint's RuleTester: for one
 * grader and one set of options, lists of answers that must be correct,
 * incorrect (or partial, with their credit) and invalid (with a message).
 */
import { describe, expect, it } from 'vitest';
import type { AnyGrader, CompileContext, GradeOutcome } from '../../src/grader.ts';
import type { AnswerValue } from '../../src/types.ts';

export interface GraderTable {
  /** Options of the answer (what a spec writes under `answer:`, without `type`). */
  options: Record<string, unknown>;
  correct?: (AnswerValue | { answer: AnswerValue; interpreted?: string })[];
  incorrect?: (AnswerValue | { answer: AnswerValue; credit?: number; feedback?: RegExp })[];
  invalid?: { answer: AnswerValue; message: RegExp }[];
  definitions?: Record<string, string>;
}

export function compileForTest(grader: AnyGrader, options: Record<string, unknown>, definitions: Record<string, string> = {}): unknown {
  const context: CompileContext = { quizId: 'test', definitions, key: 'q1', seed: 12345 };
  return grader.compile({ type: grader.name, ...options }, context);
}

export function gradeForTest(grader: AnyGrader, options: Record<string, unknown>, answer: AnswerValue, definitions?: Record<string, string>): GradeOutcome {
  const compiled = compileForTest(grader, options, definitions);
  return grader.grade(answer, compiled, { type: grader.name, ...options });
}

function label(answer: AnswerValue): string {
  return JSON.stringify(answer);
}

export function runGraderTable(grader: AnyGrader, name: string, table: GraderTable): void {
  describe(`${grader.name}: ${name}`, () => {
    // Compiled in each test, not once for the table: code run while tests are collected belongs to no test,
    // and mutation testing must reload everything to test a mutant there (a "static" mutant).
    const compiled = () => compileForTest(grader, table.options, table.definitions);
    const options = { type: grader.name, ...table.options };
    for (const entry of table.correct ?? []) {
      const { answer, interpreted } = typeof entry === 'object' && !Array.isArray(entry) ? entry : { answer: entry, interpreted: undefined };
      it(`accepts ${label(answer)}`, () => {
        const outcome = grader.grade(answer, compiled(), options);
        expect(outcome.verdict, outcome.feedback.join(' ')).toBe('correct');
        expect(outcome.credit).toBe(1);
        if (interpreted !== undefined) expect(outcome.interpreted).toBe(interpreted);
      });
    }
    for (const entry of table.incorrect ?? []) {
      const { answer, credit, feedback } = typeof entry === 'object' && !Array.isArray(entry) ? entry : { answer: entry, credit: undefined, feedback: undefined };
      it(`rejects ${label(answer)}${credit ? ` (credit ${credit})` : ''}`, () => {
        const outcome = grader.grade(answer, compiled(), options);
        expect(outcome.verdict, outcome.feedback.join(' ')).toBe(credit ? 'partial' : 'incorrect');
        expect(outcome.credit).toBeCloseTo(credit ?? 0, 9);
        if (feedback) expect(outcome.feedback.join(' ')).toMatch(feedback);
      });
    }
    for (const { answer, message } of table.invalid ?? []) {
      it(`cannot read ${label(answer).slice(0, 60)}`, () => {
        const outcome = grader.grade(answer, compiled(), options);
        expect(outcome.verdict).toBe('invalid');
        expect(outcome.feedback[0]).toMatch(message);
      });
    }
  });
}
