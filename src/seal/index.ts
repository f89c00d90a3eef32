/** The registry of sealers, by grader name; a grader not listed is carried open (src/seal/open.ts). */
import { choiceSealer } from './choice.ts';
import { expressionSealer } from './expression.ts';
import { openSealer } from './open.ts';
import { rubricSealer } from './rubric.ts';
import type { PartSealer } from './types.ts';

const SEALERS: Readonly<Record<string, PartSealer>> = {
  choice: choiceSealer,
  expression: expressionSealer,
  rubric: rubricSealer,
};

export function sealerFor(type: string): PartSealer {
  return SEALERS[type] ?? openSealer;
}
