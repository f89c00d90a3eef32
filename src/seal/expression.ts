/**
 * expression: the expected formula's values at the part's sample points (and
 * each mistake's at its own), never the formula. The page rebuilds the
 * grader's compiled state around them: the same points, values and tolerance,
 * so `compareWith` and the grader's own `grade` decide exactly as in `grade`.
 * A counterexample is shown at a rounder point ("at x = 0.5"); the values at
 * those points are carried too, so its message is the grader's. What is lost:
 * the symbolic proof (the CAS needs the formula), which never changes a
 * verdict, only `method` (`sampling` instead of `sampling+cas`).
 */
import type { CompiledExpression, ExpressionOptions } from '../../graders/expression.ts';
import type { Bound } from '../math/expression/bind.ts';
import { canonicalName, ExpressionSpace, evaluateAt, Reference, type Domain } from '../math/expression/index.ts';
import type { Matrix, Shape, Value } from '../math/expression/library.ts';
import type { SamplePoint } from '../math/expression/sampling.ts';
import type { CommonAnswerOptions } from '../quiz/model.ts';
import type { PartSealer } from './types.ts';

/** Decimals a counterexample's point is rounded to, tried in order (graders/expression.ts, niceCounterexample). */
const NICE_DIGITS = [0, 1, 2] as const;

type SealedValue = number | { rows: number; cols: number; data: number[] };

interface SealedExpression {
  shape: Shape;
  /** A 1×1 matrix as written (wᵀv), for the note when a scalar is compared with it; absent otherwise. */
  oneByOne?: true;
  seed: number;
  tolerance: Reference['tolerance'];
  pool: { values: SealedValue[]; draw: number }[];
  values: SealedValue[];
  /** Rounding-error bounds of `values`. */
  errors: SealedValue[];
  /** Values at the rounded points a counterexample may be shown at: point values (JSON) -> value. */
  nice: [string, number][];
}

const sealValue = (value: Value): SealedValue => (typeof value === 'number' ? value : { rows: value.rows, cols: value.cols, data: [...value.data] });
const openValue = (value: SealedValue): Value =>
  typeof value === 'number' ? value : ({ rows: value.rows, cols: value.cols, data: Float64Array.from(value.data) } satisfies Matrix);

/** The rounder points tried for a counterexample, for scalar domains (the only ones that round). */
function roundedPoints(domain: Domain, pool: readonly SamplePoint[]): SamplePoint[] {
  if (domain.dimensions.size > 0 || domain.hasMatrices()) return [];
  return pool.flatMap((point) =>
    NICE_DIGITS.map((digits) => {
      const values = [...point.values];
      for (const variable of domain.variables.values()) {
        if (variable.values) continue;
        const rounded = Number((values[variable.slot] as number).toFixed(digits));
        if (rounded >= variable.range[0] && rounded <= variable.range[1]) values[variable.slot] = rounded;
      }
      return { values, draw: point.draw };
    }),
  );
}

/** The expected side, evaluated only by table: a point not in it is one where the value is unknown. */
function tableBound(shape: Shape, oneByOne: boolean, table: Map<string, number>): Bound {
  return {
    shape,
    oneByOne,
    names: new Set(),
    expr: undefined as unknown as Bound['expr'],
    evaluate: (env) => {
      const value = table.get(JSON.stringify(env.values));
      if (value === undefined) throw new Error('no sealed value at this point');
      return value;
    },
    get rounding(): Bound['rounding'] {
      throw new Error('a sealed expression has no rounding bounds');
    },
    precise: () => {
      throw new Error('a sealed expression has no precise form');
    },
  };
}

/** The options the page keeps: the domain and form rules, without the expected formula. */
function publicOptions(options: CommonAnswerOptions): CommonAnswerOptions {
  const { expected: _expected, mistakes: _mistakes, ...rest } = options;
  return rest;
}

const spaces = new WeakMap<object, ExpressionSpace>();

export const expressionSealer: PartSealer = {
  sealing: 'sampled',
  publicOptions,
  seal(compiled): SealedExpression {
    const { reference, expected } = compiled as CompiledExpression;
    const nice: [string, number][] = [];
    for (const point of roundedPoints(reference.domain, reference.pool)) {
      const value = evaluateAt(reference.bound, point);
      if (typeof value === 'number') nice.push([JSON.stringify(point.values), value]);
    }
    return {
      shape: expected.shape,
      ...(expected.oneByOne ? { oneByOne: true as const } : {}),
      seed: reference.seed,
      tolerance: reference.tolerance,
      pool: reference.pool.map((point) => ({ values: point.values.map(sealValue), draw: point.draw })),
      values: reference.values.map(sealValue),
      errors: reference.errors.map(sealValue),
      nice,
    };
  },
  open(sealed, options, context): CompiledExpression {
    const key = sealed as SealedExpression;
    const domainOptions = options as unknown as ExpressionOptions;
    // One space for the part and its mistakes, as the grader shares it: an answer is read once.
    const space = spaces.get(context) ?? new ExpressionSpace(domainOptions, context.definitions);
    spaces.set(context, space);
    const bound = tableBound(key.shape, key.oneByOne === true, new Map(key.nice));
    const reference = Reference.fromValues({
      domain: space.domain,
      bound,
      seed: key.seed,
      tolerance: key.tolerance,
      pool: key.pool.map((point) => ({ values: point.values.map(openValue), draw: point.draw })),
      values: key.values.map(openValue),
      errors: key.errors.map(openValue),
    });
    return {
      space,
      expected: bound,
      expectedText: '',
      reference,
      require: (domainOptions.require ?? []).map(canonicalName),
      forbid: (domainOptions.forbid ?? []).map(canonicalName),
      cas: false,
      proofs: new Map(),
    };
  },
};
