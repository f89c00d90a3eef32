/**
 * Reading and checking math expressions: the shared core of the `expression`
 * and `derivation` graders.
 */
import { ASCII, type Expr, READABLE, print } from './ast.ts';
import { type Bound, Binder, desugar } from './bind.ts';
import { Domain, type DomainOptions } from './domain.ts';
import { ExpressionError, formatShape, sameShape } from './library.ts';
import { FUNCTION_ALIASES, readExpression } from './parse.ts';

export { Domain, type DomainOptions, type VariableSpec } from './domain.ts';
export { Binder, type Bound } from './bind.ts';
export { Reference, compareAt, compareSeries, describePoint, digitsToTellApart, entryTexts, evaluateAt, formatNumber, type Comparison, type Side, type ToleranceOptions } from './equivalence.ts';
export { readExpression } from './parse.ts';
export { normalizeNotation } from './normalize.ts';
export { print, READABLE, ASCII, type Expr } from './ast.ts';
export { BUILTINS, formatShape } from './library.ts';

/** An answer read and bound, or why not: `invalid` (can't be read) or `incorrect` (sizes that don't fit). */
export type ReadAnswer =
  | { ok: true; bound: Bound; interpreted: string; normalized: string }
  | { ok: false; verdict: 'invalid'; message: string }
  | { ok: false; verdict: 'incorrect'; message: string; interpreted: string; normalized: string };

/** One part's expression world: its domain and a binder sharing definition work across answers. */
export class ExpressionSpace {
  readonly domain: Domain;
  readonly binder: Binder;

  constructor(options: DomainOptions, quizDefinitions: Record<string, string>) {
    this.domain = new Domain(options, quizDefinitions);
    this.binder = new Binder(this.domain);
  }

  /** The last answer read: the engine grades an answer against the expected one, then each anticipated mistake. */
  private last: { text: unknown; read: ReadAnswer } | undefined;

  /** Read and bind one expression text. Never throws for any input. */
  read(text: unknown): ReadAnswer {
    if (this.last !== undefined && this.last.text === text) return this.last.read;
    const read = this.readUncached(text);
    this.last = { text, read };
    return read;
  }

  private readUncached(text: unknown): ReadAnswer {
    const source = typeof text === 'number' && Number.isFinite(text) ? String(text) : text;
    if (typeof source !== 'string') return { ok: false, verdict: 'invalid', message: 'Expected one expression as text.' };
    const parsed = readExpression(source);
    if (!parsed.ok) return { ok: false, verdict: 'invalid', message: parsed.message };
    return this.bindExpr(parsed.expr);
  }

  bindExpr(raw: Expr): ReadAnswer {
    let expr: Expr;
    try {
      expr = desugar(raw, this.domain);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      return { ok: false, verdict: 'invalid', message: error.message };
    }
    const interpreted = print(expr, READABLE);
    const normalized = print(expr, ASCII);
    try {
      return { ok: true, bound: this.binder.bind(expr), interpreted, normalized };
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      if (error.kind === 'shape') return { ok: false, verdict: 'incorrect', message: capitalize(error.message), interpreted, normalized };
      return { ok: false, verdict: 'invalid', message: error.message };
    }
  }

  /** "x in [-3, 3], y in {0, 1}": the domain in words, for "can't be evaluated" messages. */
  describeDomain(): string {
    const parts: string[] = [];
    for (const variable of this.domain.variables.values()) {
      const set = variable.values ? `{${variable.values.join(', ')}}` : `[${variable.range[0]}, ${variable.range[1]}]`;
      const what = variable.shape ? `${variable.name} (${formatShape(variable.shape)}) with entries in ${set}` : `${variable.name} in ${set}`;
      parts.push(what);
    }
    return parts.length > 0 ? parts.join(', ') : 'the declared domain';
  }
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Canonical spelling of a function or variable name in `require` / `forbid`. */
export function canonicalName(name: string): string {
  const ascii = name === 'σ' ? 'sigmoid' : name;
  return FUNCTION_ALIASES.get(ascii) ?? ascii;
}

/** Form check: the names an answer must and must not write. Null when it passes. */
export function formProblem(bound: Bound, required: readonly string[], forbidden: readonly string[]): string | null {
  const missing = required.filter((name) => !bound.names.has(name));
  const used = forbidden.filter((name) => bound.names.has(name));
  if (missing.length > 0) return `Write the answer in terms of ${missing.join(', ')}.`;
  if (used.length > 0) return `The answer must not use ${used.join(', ')}.`;
  return null;
}

type Sized = Pick<Bound, 'shape' | 'oneByOne'>;

/** "a scalar", "1×1", "m×n": a value's size as written. */
export const describeShape = (value: Sized): string => (value.shape === null && value.oneByOne ? '1×1' : formatShape(value.shape));

/** "Your answer is 1×n, the expected answer is n×1." Null when the shapes agree (a scalar and a 1×1 value do). */
export function shapeProblem(answer: Sized, expected: Sized): string | null {
  if (sameShape(answer.shape, expected.shape)) return null;
  return `Your answer is ${describeShape(answer)}, the expected answer is ${describeShape(expected)}.`;
}

/**
 * The note that a scalar and a 1×1 matrix (wᵀv) were compared by value, as
 * they are; null when both are the same kind. The names are the two sides as
 * the feedback calls them ("your answer", "step 2").
 */
export function oneByOneNote(answer: Sized, expected: Sized, answerName: string, expectedName: string): string | null {
  if (answer.shape !== null || expected.shape !== null || (answer.oneByOne === true) === (expected.oneByOne === true)) return null;
  const kind = (value: Sized): string => (value.oneByOne ? 'a 1×1 matrix' : 'a scalar');
  return `${capitalize(answerName)} is ${kind(answer)} and ${expectedName} is ${kind(expected)}: they are compared by value, as numbers.`;
}
