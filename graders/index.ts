/**
 * The registry: every grader quizgrade knows, sorted by name. Adding a grader is
 * one module in this folder and one line here; the engine knows none by name.
 */
import type { AnyGrader } from '../src/grader.ts';
import { choiceGrader } from './choice.ts';
import { derivationGrader } from './derivation.ts';
import { expressionGrader } from './expression.ts';
import { intervalGrader } from './interval.ts';
import { numericGrader } from './numeric.ts';
import { rubricGrader } from './rubric.ts';

export const GRADERS: readonly AnyGrader[] = [
  choiceGrader,
  derivationGrader,
  expressionGrader,
  intervalGrader,
  numericGrader,
  rubricGrader,
];

const byName = new Map(GRADERS.map((grader) => [grader.name, grader]));

export function findGrader(name: string): AnyGrader | undefined {
  return byName.get(name);
}

export function graderNames(): string[] {
  return GRADERS.map((grader) => grader.name);
}
