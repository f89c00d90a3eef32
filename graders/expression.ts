/**
 * `expression`: is the answer the same function as the expected expression?
 * Decided by comparing both at seeded random points of the declared domain
 * (scalars, or matrices with sampled sizes); a symbolic proof by nerdamer-prime
 * may be added afterwards, never a refutation. See docs/expressions.md.
 */
import { type CompileContext, type GradeNeed, type GradeOutcome, OptionsError, defineGrader, invalid } from '../src/grader.ts';
import type { AnswerValue } from '../src/types.ts';
import { CAS_DEFAULT, PRECISE_DIGITS } from '../src/math/expression/constants.ts';
import { loadCas, type Proof, proveEquivalent } from '../src/math/expression/cas.ts';
import {
  type Bound,
  type Comparison,
  type DomainOptions,
  ExpressionSpace,
  Reference,
  canonicalName,
  compareAt,
  describePoint,
  entryTexts,
  formProblem,
  formatNumber,
  oneByOneNote,
  shapeProblem,
} from '../src/math/expression/index.ts';
import type { SamplePoint } from '../src/math/expression/sampling.ts';
import { isMatrix } from '../src/math/expression/library.ts';

export interface ExpressionOptions extends DomainOptions {
  expected: string | number;
  /** Names the answer must write (`[sigmoid]`: "in terms of sigmoid"). */
  require?: string[];
  /** Names the answer must not write; `e^x` counts as `exp`. */
  forbid?: string[];
  samples?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
  /** Try a symbolic proof after sampling agrees (default CAS_DEFAULT). */
  cas?: boolean;
  /** Show counterexamples (shared option; default true). */
  reveal?: boolean;
}

export interface CompiledExpression {
  space: ExpressionSpace;
  expected: Bound;
  expectedText: string;
  reference: Reference;
  require: string[];
  forbid: string[];
  cas: boolean;
  /** Proofs already attempted, by normalized answer (nerdamer is slow; verdicts don't depend on it). */
  proofs: Map<string, Proof>;
}

/** Proofs remembered per part before starting afresh (bounds memory on a class of many distinct right answers). */
const PROOFS_REMEMBERED = 10_000;

const RANGE_SCHEMA = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 };
const SIZE_SCHEMA = { oneOf: [{ type: 'string' }, { type: 'integer', minimum: 1 }] };
export const DOMAIN_SCHEMA_PROPERTIES = {
  variables: {
    type: 'object',
    additionalProperties: {
      oneOf: [
        RANGE_SCHEMA,
        {
          type: 'object',
          properties: {
            range: RANGE_SCHEMA,
            values: { type: 'array', items: { type: 'number' }, minItems: 1 },
            shape: { type: 'array', items: SIZE_SCHEMA, minItems: 2, maxItems: 2 },
          },
          additionalProperties: false,
        },
      ],
    },
  },
  dimensions: { type: 'object', additionalProperties: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2, maxItems: 2 } },
  definitions: { type: 'object', additionalProperties: { type: 'string' } },
  require: { type: 'array', items: { type: 'string' } },
  forbid: { type: 'array', items: { type: 'string' } },
  samples: { type: 'integer', minimum: 4, maximum: 1000 },
  rtol: { type: 'number', minimum: 0 },
  atol: { type: 'number', minimum: 0 },
  seed: { type: 'integer' },
  cas: { type: 'boolean' },
} as const;

/** Build the domain and the reference points of one expected expression; shared with `derivation`. */
export function compileReference(
  source: unknown,
  path: (string | number)[],
  space: ExpressionSpace,
  options: ExpressionOptions | Omit<ExpressionOptions, 'expected'>,
  seed: number,
): { bound: Bound; text: string; reference: Reference } {
  const read = space.read(source);
  if (!read.ok) throw new OptionsError(`Can't use ${JSON.stringify(source)}: ${read.message}`, path);
  const reference = new Reference(space.domain, read.bound, seed, options);
  if (!reference.usable) {
    throw new OptionsError(
      `${read.interpreted} is undefined at most points of ${space.describeDomain()}; adjust the ranges.`,
      path,
    );
  }
  return { bound: read.bound, text: read.interpreted, reference };
}

/**
 * The space a part's anticipated mistakes share with its expected answer: their
 * options are copies with only `expected` replaced, so the domain is the same,
 * and an answer read once for the expected one is not read again per mistake.
 */
const spacesByPart = new WeakMap<CompileContext, { options: ExpressionOptions; space: ExpressionSpace }>();

function spaceFor(options: ExpressionOptions, context: CompileContext): ExpressionSpace {
  const previous = spacesByPart.get(context);
  const same = previous !== undefined
    && previous.options.variables === options.variables
    && previous.options.dimensions === options.dimensions
    && previous.options.definitions === options.definitions;
  if (same) return previous.space;
  const space = new ExpressionSpace(options, context.definitions);
  spacesByPart.set(context, { options, space });
  return space;
}

function compile(options: ExpressionOptions, context: CompileContext): CompiledExpression {
  const space = spaceFor(options, context);
  const seed = options.seed ?? context.seed;
  const { bound, text, reference } = compileReference(options.expected, ['expected'], space, options, seed);
  return {
    space,
    expected: bound,
    expectedText: text,
    reference,
    require: (options.require ?? []).map(canonicalName),
    forbid: (options.forbid ?? []).map(canonicalName),
    cas: options.cas ?? CAS_DEFAULT,
    proofs: new Map(),
  };
}

function grade(answer: AnswerValue, compiled: CompiledExpression, options: ExpressionOptions, need: GradeNeed = 'outcome'): GradeOutcome {
  if (Array.isArray(answer)) return invalid('Expected one expression, not a list.');
  const read = compiled.space.read(answer);
  const seed = compiled.reference.seed;
  if (!read.ok) {
    if (read.verdict === 'invalid') return invalid(read.message, { seed });
    return { verdict: 'incorrect', credit: 0, feedback: [read.message], interpreted: read.interpreted, normalized: read.normalized, method: 'shape', seed };
  }
  const base = { interpreted: read.interpreted, normalized: read.normalized, seed };
  const form = formProblem(read.bound, compiled.require, compiled.forbid);
  if (form) return { verdict: 'incorrect', credit: 0, feedback: [form], method: 'form', ...base };
  const shape = shapeProblem(read.bound, compiled.expected);
  if (shape) return { verdict: 'incorrect', credit: 0, feedback: [shape], method: 'shape', ...base };
  const comparison = compiled.reference.compareWith(read.bound);
  // Matching a mistake: whether it is this one is all that is read (no counterexample, no proof).
  if (need === 'verdict') {
    const equal = comparison.kind === 'equal';
    return { verdict: equal ? 'correct' : 'incorrect', credit: equal ? 1 : 0, feedback: [], method: 'sampling', ...base };
  }
  const reveal = options.reveal !== false;
  const outcome = judge(comparison, compiled, read.bound, reveal, base);
  const note = oneByOneNote(read.bound, compiled.expected, 'your answer', 'the expected answer');
  return note === null ? outcome : { ...outcome, feedback: [...outcome.feedback, note] };
}

function judge(
  comparison: Comparison,
  compiled: CompiledExpression,
  answer: Bound,
  reveal: boolean,
  base: { interpreted: string; normalized: string; seed: number },
): GradeOutcome {
  const { reference, space } = compiled;
  const details: Record<string, unknown> = { samples: reference.tolerance.samples, rtol: reference.tolerance.rtol, atol: reference.tolerance.atol };
  switch (comparison.kind) {
    case 'equal': {
      details.pointsCompared = comparison.compared;
      let method = 'sampling';
      if (compiled.cas && !space.domain.hasMatrices()) {
        let proof = compiled.proofs.get(base.normalized);
        if (!proof) {
          proof = proveEquivalent(compiled.expected.expr, answer.expr, space.domain);
          if (compiled.proofs.size >= PROOFS_REMEMBERED) compiled.proofs.clear();
          compiled.proofs.set(base.normalized, proof);
        }
        details.cas = proof.outcome;
        if (proof.outcome === 'proved') method = 'sampling+cas';
      }
      return { verdict: 'correct', credit: 1, feedback: [], method, details, ...base };
    }
    case 'different': {
      const nice = niceCounterexample(reference, answer, comparison.index) ?? {
        point: reference.pool[comparison.index]!,
        expected: comparison.left,
        answer: comparison.right,
        entry: comparison.entry,
      };
      const where = describePoint(space.domain, nice.point);
      const shown = entryTexts(nice.answer, nice.expected, nice.entry);
      details.counterexample = { at: where, answer: shown.first, expected: shown.second, entry: nice.entry };
      const message = reveal
        ? capitalize(`${lead(where, nice.entry === null && !isMatrix(nice.answer))}${shown.where}your expression is ${shown.first}, the expected one is ${shown.second}.`)
        : 'Your expression differs from the expected one.';
      return { verdict: 'incorrect', credit: 0, feedback: [message], method: 'sampling', details, ...base };
    }
    case 'undefined': {
      const where = describePoint(space.domain, reference.pool[comparison.index]!);
      const theirs = isMatrix(comparison.value) ? 'defined' : formatNumber(comparison.value);
      details.undefinedPoints = comparison.undefinedCount;
      const message = reveal
        ? capitalize(`${lead(where, !isMatrix(comparison.value))}your expression is undefined, the expected one is ${theirs}.`)
        : `Your expression is undefined at points where the expected one is defined.`;
      return { verdict: 'incorrect', credit: 0, feedback: [message], method: 'sampling', details, ...base };
    }
    case 'undecidable': {
      const where = describePoint(space.domain, reference.pool[comparison.index]!);
      details.undecidedPoints = comparison.undecided;
      details.reason = comparison.reason;
      const message = `Equal wherever it could be decided, but at ${where || 'a sample point'} not even ${PRECISE_DIGITS.at(-1)}-digit arithmetic can tell the two apart (${comparison.reason}): an instructor will decide.`;
      return { verdict: 'needs-review', credit: 0, feedback: [message], method: 'sampling', details, ...base };
    }
    case 'not-evaluable':
      details.pointsTried = comparison.tried;
      return invalid(`Your expression can't be evaluated on ${space.describeDomain()}.`, { ...base, method: 'sampling', details });
  }
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "At x = 0.5 " for scalar results, "With m = 3 and random X: " for matrix parts, nothing without variables. */
function lead(where: string, scalar: boolean): string {
  if (where === '') return '';
  return scalar ? `At ${where} ` : `With ${where}: `;
}

/**
 * A rounder point that still shows the difference ("at x = 0.5" reads better
 * than "at x = 0.4837"), for scalar parts; null to keep the sampled one.
 */
function niceCounterexample(
  reference: Reference,
  answer: Bound,
  index: number,
): { point: SamplePoint; expected: number; answer: number; entry: null } | null {
  const { domain } = reference;
  if (domain.dimensions.size > 0 || domain.hasMatrices()) return null;
  const original = reference.pool[index]!;
  for (const digits of [0, 1, 2]) {
    const values = [...original.values];
    for (const variable of domain.variables.values()) {
      if (variable.values) continue;
      const x = values[variable.slot] as number;
      const rounded = Number(x.toFixed(digits));
      values[variable.slot] = rounded >= variable.range[0] && rounded <= variable.range[1] ? rounded : x;
    }
    const point = { values, draw: original.draw };
    const outcome = compareAt(reference.bound, answer, point, reference.tolerance);
    if (outcome.kind === 'different' && typeof outcome.left === 'number' && typeof outcome.right === 'number') {
      return { point, expected: outcome.left, answer: outcome.right, entry: null };
    }
  }
  return null;
}

export const expressionGrader = defineGrader<ExpressionOptions, CompiledExpression>({
  name: 'expression',
  description:
    'A formula, checked for equivalence with the expected one at seeded random points (scalars or matrices), with optional form rules (require / forbid) and a symbolic proof when the CAS finds one.',
  optionsSchema: {
    type: 'object',
    required: ['expected'],
    properties: { expected: { type: ['string', 'number'] }, ...DOMAIN_SCHEMA_PROPERTIES },
  },
  answerShape: 'scalar',
  expectedKey: 'expected',
  compile,
  prepare: async (compiled) => {
    if (compiled.cas) await loadCas();
  },
  grade,
  reference: (_compiled, options) => String(options.expected),
});
