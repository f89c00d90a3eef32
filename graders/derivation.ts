/**
 * `derivation`: a proof written as a chain of equal expressions. Every link
 * (start -> step 1 -> ... -> step k -> goal) is checked with the same sampled
 * oracle as `expression`; feedback names the first broken link with a
 * counterexample, and credit is shared over the links.
 */
import { type CompileContext, type GradeOutcome, OptionsError, defineGrader, invalid } from '../src/grader.ts';
import type { AnswerValue } from '../src/types.ts';
import { detached } from '../src/util/detached.ts';
import { MAX_DERIVATION_STEPS } from '../src/math/expression/constants.ts';
import {
  type Bound,
  type Comparison,
  type DomainOptions,
  ExpressionSpace,
  type Reference,
  canonicalName,
  compareSeries,
  describePoint,
  entryTexts,
  describeShape,
  formProblem,
  oneByOneNote,
  shapeProblem,
} from '../src/math/expression/index.ts';
import { derivationLines, withoutMathDelimiters } from '../src/math/expression/latex.ts';
import { ScalarMemo } from '../src/math/expression/equivalence.ts';
import { DOMAIN_SCHEMA_PROPERTIES, compileReference } from './expression.ts';

/**
 * Steps remembered per part, read and, for scalar steps, with their values at
 * the sample points: a class writes the same few steps in many different
 * derivations (10,000 submissions: 28,000 steps, 3,400 distinct). Cleared when
 * full; 4,000 held about 10 MB more per worker for little more speed.
 */
export const STEPS_REMEMBERED = 1_000;
/**
 * Longest step text remembered. The steps a class repeats are short; long
 * ones (up to the expression length cap) would make the memory hostile input
 * can fill many times larger, so they are read each time.
 */
export const STEP_REMEMBERED_MAX_CHARS = 120;

/** A derivation needs at least this many distinct steps unless the spec says otherwise. */
export const MIN_STEPS_DEFAULT = 2;

export const DERIVATION_SCORING = ['proportional', 'all-or-nothing'] as const;
export type DerivationScoring = (typeof DERIVATION_SCORING)[number];
/** Credit is the fraction of valid links unless the spec asks for all or nothing. */
export const SCORING_DEFAULT: DerivationScoring = 'proportional';

export interface DerivationOptions extends DomainOptions {
  from: string;
  to: string;
  /** Names the last step must write. */
  require?: string[];
  /** Names the last step must not write. */
  forbid?: string[];
  minSteps?: number;
  scoring?: DerivationScoring;
  samples?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
  reveal?: boolean;
}

export interface CompiledDerivation {
  space: ExpressionSpace;
  from: Bound;
  fromText: string;
  to: Bound;
  toText: string;
  reference: Reference;
  require: string[];
  forbid: string[];
  minSteps: number;
  scoring: DerivationScoring;
  /** `to` at each sample point, as it is first needed. */
  toValues: ScalarMemo;
  /** Steps read so far, by their text (see STEPS_REMEMBERED). */
  steps: Map<string, Step>;
}

function compile(options: DerivationOptions, context: CompileContext): CompiledDerivation {
  const space = new ExpressionSpace(options, context.definitions);
  const seed = options.seed ?? context.seed;
  const { bound: from, text: fromText, reference } = compileReference(options.from, ['from'], space, options, seed);
  const to = space.read(options.to);
  if (!to.ok) throw new OptionsError(`Can't use ${JSON.stringify(options.to)}: ${to.message}`, ['to']);
  const shape = shapeProblem(to.bound, from);
  if (shape) throw new OptionsError(`"to" and "from" differ in shape: ${shape}`, ['to']);
  const link = compareSeries(reference, reference.sideOf(to.bound), reference.pool.length, reference.tolerance);
  if (link.kind !== 'equal') throw new OptionsError(`"to" (${to.interpreted}) is not equal to "from" (${fromText}) on the declared domain.`, ['to']);
  const minSteps = options.minSteps ?? MIN_STEPS_DEFAULT;
  if (!Number.isInteger(minSteps) || minSteps < 1) throw new OptionsError('minSteps must be a whole number >= 1.', ['minSteps']);
  return {
    space,
    from,
    fromText,
    to: to.bound,
    toText: to.interpreted,
    reference,
    require: (options.require ?? []).map(canonicalName),
    forbid: (options.forbid ?? []).map(canonicalName),
    minSteps,
    scoring: options.scoring ?? SCORING_DEFAULT,
    toValues: new ScalarMemo(),
    steps: new Map(),
  };
}

/**
 * The steps of an answer: list entries, each possibly a chain `a = b = c`; a
 * text is one step per line (or per LaTeX `\\`), each line possibly a chain.
 */
function splitSteps(answer: AnswerValue): string[] | string {
  const entries = typeof answer === 'string' ? derivationLines(answer) : typeof answer === 'number' ? [String(answer)] : answer;
  if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) return 'Expected a list of steps.';
  // A line may start or end with `=` (`= 1/(1 + e^-x)`), and `&=` aligns a typeset chain.
  const steps = entries.flatMap((entry) => trimEmpty(withoutMathDelimiters(entry).replace(/&/g, ' ').split('=').map((step) => step.trim())));
  if (steps.length === 0) return 'The derivation has no steps.';
  if (steps.length > MAX_DERIVATION_STEPS) return `The derivation has too many steps (more than ${MAX_DERIVATION_STEPS}).`;
  return steps;
}

/** The pieces of one chain without the empty ones at its ends; a blank entry stays, to be reported. */
function trimEmpty(pieces: string[]): string[] {
  if (pieces.length === 1) return pieces;
  let first = 0;
  let last = pieces.length;
  while (first < last && pieces[first] === '') first++;
  while (last > first && pieces[last - 1] === '') last--;
  return pieces.slice(first, last);
}

/** One step as read. */
interface Step {
  bound: Bound;
  interpreted: string;
  normalized: string;
  /** Why the step can't be compared (its size doesn't fit), when it can't. */
  brokenShape?: string;
  /**
   * Its values at the sample points as they are computed, kept with a
   * remembered scalar step. A matrix step's values can be large: they are
   * computed again for each answer.
   */
  values?: ScalarMemo;
}

/** The step a text reads as, or why it can't be read; short ones are remembered per part. */
function stepOf(text: string, compiled: CompiledDerivation): Step | string {
  const known = compiled.steps.get(text);
  if (known) return known;
  const read = compiled.space.read(text);
  if (!read.ok && read.verdict === 'invalid') return read.message;
  // A step of the wrong size stands in as `from`: its links are reported broken and never evaluated.
  const step: Step = read.ok
    ? { bound: read.bound, interpreted: read.interpreted, normalized: read.normalized }
    : { bound: compiled.from, interpreted: read.interpreted, normalized: read.normalized, brokenShape: read.message };
  if (text.length > STEP_REMEMBERED_MAX_CHARS) return step;
  if (read.ok && read.bound.shape === null) step.values = new ScalarMemo();
  if (compiled.steps.size >= STEPS_REMEMBERED) compiled.steps.clear();
  compiled.steps.set(detached(text), step);
  return step;
}

function grade(answer: AnswerValue, compiled: CompiledDerivation, options: DerivationOptions): GradeOutcome {
  const split = splitSteps(answer);
  const seed = compiled.reference.seed;
  if (typeof split === 'string') return invalid(split, { seed });
  const steps: Step[] = [];
  const brokenShapes = new Map<number, string>();
  for (const [index, text] of split.entries()) {
    if (text === '') return invalid(`Step ${index + 1} is empty.`, { seed });
    const step = stepOf(text, compiled);
    if (typeof step === 'string') return invalid(`Step ${index + 1} can't be read: ${step}`, { seed });
    if (step.brokenShape !== undefined) brokenShapes.set(index, step.brokenShape);
    steps.push(step);
  }
  const interpreted = steps.map((step) => step.interpreted).join(' = ');
  const normalized = steps.map((step) => step.normalized).join(' = ');
  const base = { interpreted, normalized, seed, method: 'sampling' };

  const distinct = new Set(steps.map((step) => step.normalized)).size;
  if (distinct < compiled.minSteps) {
    return {
      verdict: 'incorrect',
      credit: 0,
      feedback: [`Show the derivation in at least ${compiled.minSteps} different steps.`],
      ...base,
      details: { steps: steps.length },
    };
  }

  const { reference } = compiled;
  const stepSides = steps.map((step) => reference.sideOf(step.bound, step.values));
  const toSide = reference.sideOf(compiled.to, compiled.toValues);
  const name = (position: number): string =>
    position < 0 ? `the starting expression ${compiled.fromText}` : position >= steps.length ? `the goal ${compiled.toText}` : `step ${position + 1}`;
  const reveal = options.reveal !== false;

  // Link k joins position k-1 and k; position -1 is `from`, position steps.length is `to`.
  const links: { from: string; to: string; ok: boolean; problem?: string }[] = [];
  /** Links that only lack a decision (not even decimal arithmetic could tell): a reviewer decides, they are not wrong. */
  let undecidedLinks = 0;
  /** Links between a scalar and a 1×1 matrix, compared by value: the feedback says so. */
  const notes: string[] = [];
  for (let position = 0; position <= steps.length; position++) {
    const previous = position - 1;
    const problem = linkProblem(previous, position);
    links.push({ from: name(previous), to: name(position), ok: problem === null, ...(problem ? { problem } : {}) });
  }

  function linkProblem(previous: number, position: number): string | null {
    for (const index of [previous, position]) {
      const message = brokenShapes.get(index);
      if (message) return `Step ${index + 1}: ${message}`;
    }
    const left = previous < 0 ? compiled.from : steps[previous]!.bound;
    const right = position >= steps.length ? compiled.to : steps[position]!.bound;
    const shape = shapeProblem(right, left);
    if (shape) return `${capitalize(name(position))} is ${describeShape(right)}, ${name(previous)} is ${describeShape(left)}.`;
    const note = oneByOneNote(right, left, name(position), name(previous));
    if (note !== null) notes.push(note);
    const leftSide = previous < 0 ? reference : stepSides[previous]!;
    const rightSide = position >= steps.length ? toSide : stepSides[position]!;
    const comparison = compareSeries(leftSide, rightSide, reference.pool.length, reference.tolerance);
    if (comparison.kind === 'undecidable') undecidedLinks++;
    return describeBreak(comparison, name(previous), name(position));
  }

  function describeBreak(comparison: Comparison, leftName: string, rightName: string): string | null {
    const head = `${capitalize(rightName)} is not equal to ${leftName}`;
    switch (comparison.kind) {
      case 'equal':
        return null;
      case 'different': {
        if (!reveal) return `${head}.`;
        const where = describePoint(compiled.space.domain, reference.pool[comparison.index]!);
        const shown = entryTexts(comparison.right, comparison.left, comparison.entry);
        return `${head}: at ${where}, ${shown.where}${rightName} is ${shown.first} and ${shown.where}${leftName} is ${shown.second}.`;
      }
      case 'undefined': {
        const where = describePoint(compiled.space.domain, reference.pool[comparison.index]!);
        const undefinedName = comparison.definedSide === 'left' ? rightName : leftName;
        return reveal ? `${head}: at ${where}, ${undefinedName} is undefined.` : `${head}.`;
      }
      case 'undecidable':
        return `${head}: not even decimal arithmetic can tell at ${describePoint(compiled.space.domain, reference.pool[comparison.index]!)} (${comparison.reason}).`;
      case 'not-evaluable':
        return `${head}: they can't both be evaluated on ${compiled.space.describeDomain()}.`;
    }
  }

  const last = steps[steps.length - 1]!;
  const form = brokenShapes.has(steps.length - 1) ? null : formProblem(last.bound, compiled.require, compiled.forbid);
  const valid = links.filter((link) => link.ok).length;
  const allValid = valid === links.length && form === null;
  const credit = allValid ? 1 : compiled.scoring === 'all-or-nothing' ? 0 : Math.max(0, (valid - (form ? 1 : 0)) / links.length);
  const feedback: string[] = [];
  const firstBroken = links.find((link) => !link.ok);
  if (firstBroken?.problem) feedback.push(firstBroken.problem);
  if (form) feedback.push(`Last step: ${form}`);
  feedback.push(...notes);
  const details = { steps: steps.length, links, validLinks: valid, scoring: compiled.scoring };
  const onlyUndecided = !allValid && form === null && undecidedLinks === links.length - valid;
  const verdict = allValid ? 'correct' : onlyUndecided ? 'needs-review' : credit > 0 ? 'partial' : 'incorrect';
  return { verdict, credit, feedback, details, ...base };
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const derivationGrader = defineGrader<DerivationOptions, CompiledDerivation>({
  name: 'derivation',
  description:
    'A step-by-step derivation: a list of expressions, or one text with a step per line or steps joined by =, each equal to the one before, starting from `from` and ending at `to`; credit per valid link.',
  optionsSchema: {
    type: 'object',
    required: ['from', 'to'],
    properties: {
      from: { type: 'string' },
      to: { type: 'string' },
      minSteps: { type: 'integer', minimum: 1 },
      scoring: { enum: [...DERIVATION_SCORING] },
      ...Object.fromEntries(Object.entries(DOMAIN_SCHEMA_PROPERTIES).filter(([key]) => key !== 'cas')),
    },
  },
  answerShape: 'either',
  expectedKey: null,
  compile,
  grade,
  reference: (_compiled, options) => [options.from, options.to],
});
