/**
 * What each grader reads, in words a student understands ("an expression in
 * x, w", "one of the options"): shown next to each answer slot of the template
 * (and in the quiz page's labels). One entry per grader; built only from the
 * options a sealed quiz keeps, so the spec and its sealed quiz describe a part
 * the same way.
 */
import type { CommonAnswerOptions } from '../quiz/model.ts';

/** `defined`: the names a quiz's and a part's definitions give (`sigmoid(x)`, `yhat`). */
type Describe = (options: CommonAnswerOptions, defined: readonly string[]) => string;

/** Said of a grader this table does not know (a newer sealed quiz, a planned type). */
export const ANSWER_FORMAT_FALLBACK = 'your answer';

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

/** A variable as a student writes it: `x`, or `W1 (k x n)` for a matrix. */
function variableText(name: string, spec: unknown): string {
  const shape = (spec as { shape?: unknown } | null)?.shape;
  return Array.isArray(shape) && shape.length === 2 ? `${name} (${shape[0]} x ${shape[1]})` : name;
}

/** An answer sampled over a domain, in words: `an expression in x, w; using sigmoid; without exp`. */
function sampled(what: string, options: CommonAnswerOptions, quizDefined: readonly string[]): string {
  const domain = Object.entries((options['variables'] ?? {}) as Record<string, unknown>);
  const variables = domain.map(([name, spec]) => variableText(name, spec));
  const required = names(options['require']);
  const forbidden = names(options['forbid']);
  // A variable of the part shadows a definition of the same name (`yhat`).
  const defined = [...quizDefined, ...Object.keys((options['definitions'] ?? {}) as Record<string, unknown>)].filter(
    (definition) => !domain.some(([name]) => definition.replace(/\(.*$/, '') === name),
  );
  return [
    variables.length > 0 ? `${what} in ${variables.join(', ')}` : what,
    ...(required.length > 0 ? [`using ${required.join(', ')}`] : []),
    ...(forbidden.length > 0 ? [`without ${forbidden.join(', ')}`] : []),
    ...(defined.length > 0 ? [`the quiz defines ${defined.join(', ')}`] : []),
  ].join('; ');
}

const FORMATS: Readonly<Record<string, Describe>> = {
  choice: (options) => (options['multiple'] === true ? 'a list of the ids (or texts) of every option that applies' : 'the id (or the text) of one of the options'),
  derivation: (options, defined) => `one step per line (in submission.json a list of steps), each equal to the one before; ${sampled('expressions', options, defined)}`,
  expression: (options, defined) => sampled('an expression', options, defined),
  interval: () => 'an interval or a union of intervals, e.g. [2, 5) or (-inf, -1] U (3, inf)',
  numeric: (options) => (options['expressions'] === false ? 'a number' : 'a number; arithmetic such as 2*(3 + 4) is read too'),
  rubric: () => 'a few sentences of text',
};

/** The answer format of a part, in words; `definitions` are the quiz's (names -> formulas, only the names are said). */
export function answerFormat(options: CommonAnswerOptions, definitions: Readonly<Record<string, string>> = {}): string {
  return (FORMATS[options.type] ?? (() => ANSWER_FORMAT_FALLBACK))(options, Object.keys(definitions));
}

/** The grader types described here (a test checks every registered grader has an entry). */
export const DESCRIBED_TYPES: readonly string[] = Object.keys(FORMATS);
