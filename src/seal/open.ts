/**
 * The fallback for graders with no sealing that keeps verdicts identical
 * (numeric with a tolerance, interval, derivation): the answer options
 * are carried as written and compiled again where the quiz is opened.
 */
import type { AnyGrader, CompileContext } from '../grader.ts';
import type { CommonAnswerOptions } from '../quiz/model.ts';
import type { PartSealer } from './types.ts';

/** The keys a part's options never need once compiled: mistakes are sealed one by one. */
function withoutMistakes(options: CommonAnswerOptions): CommonAnswerOptions {
  const { mistakes: _mistakes, ...rest } = options;
  return rest;
}

export const openSealer: PartSealer = {
  sealing: 'open',
  publicOptions: withoutMistakes,
  // A mistake's options differ from the part's in the expected answer only.
  seal: (_compiled, options, _context) => ({ options: withoutMistakes(options) }),
  open(sealed, _options, context, grader: AnyGrader) {
    return grader.compile((sealed as { options: CommonAnswerOptions }).options, context satisfies CompileContext);
  },
};
