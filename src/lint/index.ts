/**
 * The spec lint `validate` runs: for each expression, numeric and derivation
 * part, the classic wrong answers (mutants.ts) are graded against the part
 * through its own grader; every one the spec accepts is a warning, with the
 * reason: the tolerance is too loose (a tight tolerance tells them apart) or
 * the domain is too narrow (a wider one does). A mutant no wider domain tells
 * apart is the same function, not a finding.
 */
import { type AnyGrader, type CompileContext, OptionsError } from '../grader.ts';
import type { Diagnostic } from '../quiz/errors.ts';
import type { Part, Quiz } from '../quiz/model.ts';
import type { AnswerValue } from '../types.ts';
import { readExpression } from '../math/expression/parse.ts';
import { MATRIX_RANGE_DEFAULT } from '../math/expression/constants.ts';
import type { Reference } from '../math/expression/equivalence.ts';
import { isMatrix, type Value } from '../math/expression/library.ts';
import { readNumber } from '../math/number-format.ts';
import { type Expr, num } from '../math/expression/ast.ts';
import type { CompiledNumeric } from '../../graders/numeric.ts';
import { MUTATION_DESCRIPTIONS, type Mutant, mutantsOf } from './mutants.ts';
import { type ValueContext, VALUE_RULES, countsIn, distinctCounts } from './values.ts';

export const LINT_REASONS = ['tolerance too loose', 'domain too narrow'] as const;
export type LintReason = (typeof LINT_REASONS)[number];

export interface LintWarning {
  part: Part;
  mutant: Mutant;
  reason: LintReason;
  /** The wrong answer as graded. */
  answer: AnswerValue;
}

/** Tolerance a "tight" re-check uses: far below any spec's, far above float noise of an equal rewrite. */
export const LINT_RTOL_TIGHT = 1e-12;
/**
 * How much wider the ranges of the "wider domain" re-check are, as fractions of
 * each range's width added on both sides; the next is tried when the expected
 * answer is undefined on most of a wider domain (a probability in [0.01, 0.99]).
 */
export const LINT_WIDENINGS: readonly number[] = [1, 0.25];
/** The offset mutant is never smaller than this fraction of the typical size: a smaller one is noise, not a mistake. */
export const LINT_OFFSET_FLOOR = 1e-3;

type Options = Record<string, unknown>;

/** How the lint reads one grader's expected answer and writes a wrong one as an answer. */
interface LintTarget {
  /** The option holding the expression the mutants are made of. */
  source: string;
  /** The answer a student would submit with `text` in place of the expected expression. */
  answer(text: string, options: Options): AnswerValue;
  /** Whether the part's values are scalars sampled over ranges (a domain that can be widened). */
  sampled: boolean;
}

const TARGETS: Readonly<Record<string, LintTarget>> = {
  expression: { source: 'expected', answer: (text) => text, sampled: true },
  derivation: { source: 'to', answer: (text, options) => [String(options.from), text], sampled: true },
  numeric: { source: 'expected', answer: (text) => text, sampled: false },
};

/** Lint every part of a loaded quiz. */
export function lintQuiz(quiz: Quiz): LintWarning[] {
  const warnings: LintWarning[] = [];
  for (const part of quiz.parts) {
    if (!part.grader || part.unavailable !== undefined || part.compiled === undefined) continue;
    const target = TARGETS[part.grader.name];
    if (target) warnings.push(...lintPart(quiz, part, part.grader, target));
  }
  return warnings;
}

function lintPart(quiz: Quiz, part: Part, grader: AnyGrader, target: LintTarget): LintWarning[] {
  const options = part.answer as Options;
  const source = options[target.source];
  const read = readExpression(String(source));
  if (!read.ok && target.sampled) return [];
  const context: CompileContext = { quizId: quiz.id, definitions: quiz.definitions, key: part.key, seed: part.seed };
  const reference = (part.compiled as { reference?: Reference }).reference;
  const matrices = reference?.domain.hasMatrices() ?? false;
  const formula = read.ok ? mutantsOf(read.expr, { matrices, smallestMagnitude: target.sampled ? offsetSize(reference?.values ?? []) : 0 }) : [];
  // A numeric part given only as a number still has the slips of arithmetic.
  const mutants = target.sampled ? formula : [...formula, ...valueMutantsOf(quiz, part, read.ok ? read.expr : null)];
  const accepts = (compiled: unknown, gradedOptions: Options, answer: AnswerValue): boolean =>
    grader.grade(answer, compiled, { ...gradedOptions, type: grader.name }, 'verdict').verdict === 'correct';
  const recompile = (changed: Options): unknown => {
    try {
      return grader.compile({ ...changed, type: grader.name }, context);
    } catch (error) {
      // A re-check the part can't take (the expected answer undefined on a wider domain) decides nothing.
      if (error instanceof OptionsError) return undefined;
      throw error;
    }
  };
  const checks = recheckings(options, target).map((check) => ({ ...check, compiled: undefined as unknown, tried: false }));
  /** Why an accepted mutant is wrong: the first re-check that tells it apart; null for the same function. */
  const reasonFor = (answer: AnswerValue): LintReason | null => {
    for (const check of checks) {
      if (!check.tried) [check.tried, check.compiled] = [true, recompile(check.options)];
      if (check.compiled !== undefined && !accepts(check.compiled, check.options, answer)) return check.reason;
    }
    return null;
  };
  const warnings: LintWarning[] = [];
  // A value reached by two mistakes (2·x as a factor and as a term) is graded once, as the first.
  const graded = new Set<string>();
  for (const mutant of mutants) {
    const answer = answerFor(target, mutant, options);
    if (answer === null || graded.has(JSON.stringify(answer))) continue;
    graded.add(JSON.stringify(answer));
    if (!accepts(part.compiled, options, answer)) continue;
    const reason = reasonFor(answer);
    if (reason !== null) warnings.push({ part, mutant, reason, answer });
  }
  return warnings;
}

const TOLERANCE_KEYS = ['rtol', 'atol', 'sigfigs', 'decimals'] as const;

/**
 * The re-checks of an accepted mutant, in order: the spec's tolerance removed
 * (the defaults tell it apart: the spec loosened them), a wider domain, then a
 * tight tolerance (the defaults themselves are too loose for this part).
 */
function recheckings(options: Options, target: LintTarget): { reason: LintReason; options: Options }[] {
  const checks: { reason: LintReason; options: Options }[] = [];
  const withoutTolerance = Object.fromEntries(Object.entries(options).filter(([key]) => !(TOLERANCE_KEYS as readonly string[]).includes(key)));
  if (TOLERANCE_KEYS.some((key) => options[key] !== undefined)) checks.push({ reason: 'tolerance too loose', options: withoutTolerance });
  if (target.sampled) for (const fraction of LINT_WIDENINGS) checks.push({ reason: 'domain too narrow', options: widened(options, fraction) });
  checks.push({ reason: 'tolerance too loose', options: { ...withoutTolerance, rtol: LINT_RTOL_TIGHT, atol: 0 } });
  return checks;
}

/** A numeric part is graded on the mutant's value, so that `expressions: false` does not hide it. */
function answerFor(target: LintTarget, mutant: Mutant, options: Options): AnswerValue | null {
  if (target.sampled) return target.answer(mutant.text, options);
  const value = readNumber(mutant.text, { expressions: true });
  const expected = readNumber(String(options.expected), { expressions: true });
  if (!value.ok || !expected.ok || value.value === expected.value || !Number.isFinite(value.value)) return null;
  return String(value.value);
}

/**
 * The value rules' mutants of a numeric part (values.ts): made from its
 * expected value, the counts its question writes, the terms its formula sums
 * and its anticipated mistakes.
 */
function valueMutantsOf(quiz: Quiz, part: Part, formula: Expr | null): Mutant[] {
  const value = (compiled: unknown): number => (compiled as CompiledNumeric).expected;
  const expected = value(part.compiled);
  const question = quiz.questions.find((candidate) => candidate.id === part.question);
  const text = [question?.title, question?.prompt, part.title].filter((piece) => piece !== undefined).join('\n');
  const terms = formula === null ? 0 : termsOf(formula).length;
  const distance = (mistake: number): number => Math.abs(mistake - expected);
  const wrong = part.mistakes.filter((mistake) => mistake.credit < 1).map((mistake) => value(mistake.compiled)).filter((mistake) => mistake !== expected);
  const context: ValueContext = {
    counts: distinctCounts([...countsIn(text), terms]),
    integer: Number.isInteger(expected) && formula !== null && isIntegerArithmetic(formula),
    nearestMistake: wrong.length > 0 ? wrong.reduce((nearest, mistake) => (distance(mistake) < distance(nearest) ? mistake : nearest)) : null,
  };
  return VALUE_RULES.flatMap((rule) =>
    rule.mutate(expected, context).filter(Number.isFinite).map((mutated) => ({ kind: rule.meta.kind, expr: num(mutated), text: String(mutated) })),
  );
}

/** The terms of the sum an expression is, under any leading minus: `-(a + b)` sums two. */
function termsOf(expr: Expr): Expr[] {
  if (expr.kind === 'negate') return termsOf(expr.arg);
  if (expr.kind === 'binary' && (expr.op === '+' || expr.op === '-')) return [...termsOf(expr.left), expr.right];
  return [expr];
}

/** Written with integers, +, - and * only: a count, which is exact. */
function isIntegerArithmetic(expr: Expr): boolean {
  switch (expr.kind) {
    case 'number':
      return Number.isInteger(expr.value);
    case 'negate':
      return isIntegerArithmetic(expr.arg);
    case 'binary':
      return (expr.op === '+' || expr.op === '-' || expr.op === '*') && isIntegerArithmetic(expr.left) && isIntegerArithmetic(expr.right);
    default:
      return false;
  }
}

/** The size of the offset mutant: the smallest magnitude of the expected values, floored (see LINT_OFFSET_FLOOR). */
function offsetSize(values: readonly Value[]): number {
  const magnitudes: number[] = [];
  for (const value of values) {
    if (isMatrix(value)) for (const entry of value.data) magnitudes.push(Math.abs(entry));
    else magnitudes.push(Math.abs(value));
  }
  const finite = magnitudes.filter(Number.isFinite);
  if (finite.length === 0) return 0;
  const typical = Math.sqrt(finite.reduce((sum, x) => sum + x * x, 0) / finite.length);
  const smallest = Math.min(...finite);
  return Number(Math.max(smallest, LINT_OFFSET_FLOOR * typical).toPrecision(3));
}

type Range = readonly [number, number];
const isRange = (value: unknown): value is Range => Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'number');

/** Each end moved out by its fraction of the width or of its distance from 0, whichever is larger: [30, 40] reaches 0. */
function widen([lo, hi]: Range, fraction: number): Range {
  const width = Math.max(hi - lo, 1);
  return [lo - fraction * Math.max(width, Math.abs(lo)), hi + fraction * Math.max(width, Math.abs(hi))];
}

/** The same part over wider ranges (values sets and sizes kept). */
function widened(options: Options, fraction: number): Options {
  const variables = (options.variables ?? {}) as Record<string, unknown>;
  const wider: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables)) {
    if (isRange(spec)) wider[name] = widen(spec, fraction);
    else if (spec && typeof spec === 'object' && !('values' in spec)) {
      const declared = spec as { range?: Range; shape?: unknown };
      wider[name] = { ...declared, range: widen(declared.range ?? MATRIX_RANGE_DEFAULT, fraction) };
    } else wider[name] = spec;
  }
  return { ...options, variables: wider };
}

/** The warnings as diagnostics at each part, one per accepted wrong answer. */
export function lintDiagnostics(warnings: readonly LintWarning[]): Diagnostic[] {
  return warnings.map(({ part, mutant, reason, answer }) => {
    const { file, line, column, path } = part.location;
    const shown = typeof answer === 'string' ? answer : mutant.text;
    // A numeric part's wrong answer is graded as its value; the formula it came from says which slip it is.
    const formula = shown === mutant.text ? '' : `${mutant.text}: `;
    const fix = reason === 'tolerance too loose' ? 'tighten rtol/atol' : 'widen the variable ranges';
    return {
      file,
      line,
      column,
      path,
      message: `part ${part.key} accepts the wrong answer "${shown}" (${formula}${MUTATION_DESCRIPTIONS[mutant.kind]}): ${reason}; ${fix}`,
    };
  });
}
