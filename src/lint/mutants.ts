/**
 * The classic wrong answers of an expected expression, as rules: each rule
 * (`meta` plus `mutate`) rewrites one node of the tree at a time, so every
 * mutant differs from the expected answer by exactly one classic mistake.
 */
import { type Expr, bin, neg, num, print, ASCII } from '../math/expression/ast.ts';

export const MUTATION_KINDS = [
  'sign-flipped',
  'term-dropped',
  'factor-dropped',
  'exponent-off-by-one',
  'transposed',
  'operands-swapped',
  'arguments-swapped',
  'offset',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  kind: MutationKind;
  expr: Expr;
  /** How the mutant is written, as a student would type it. */
  text: string;
}

/** What a rule may know about the part besides the tree. */
export interface MutationContext {
  /** Whether the part has matrix values: transposes and operand order matter only then. */
  matrices: boolean;
  /** Smallest magnitude of the expected value over the sample points (0 when unknown). */
  smallestMagnitude: number;
}

interface MutationRule {
  meta: { kind: MutationKind; description: string };
  /** Replacements of one node; the rule is applied at every node. */
  local?(node: Expr, context: MutationContext): Expr[];
  /** Mutants of the whole tree, for rules that are not local. */
  whole?(expr: Expr, context: MutationContext): Expr[];
}

/** Mutants per part at most: a large expected expression still lints quickly. */
export const MUTANTS_MAX = 200;

const isNumber = (expr: Expr, value?: number): boolean => expr.kind === 'number' && (value === undefined || expr.value === value);
/** `1/m`, `1/2`, `2`: a constant-like factor a student forgets. */
const isConstantFactor = (expr: Expr): boolean =>
  (expr.kind === 'number' && expr.value !== 1 && expr.value !== -1) || (expr.kind === 'binary' && expr.op === '/' && isNumber(expr.left));

const RULES: readonly MutationRule[] = [
  {
    meta: { kind: 'sign-flipped', description: "a term's sign flipped" },
    local: (node) => {
      if (node.kind === 'negate') return [node.arg];
      if (node.kind === 'binary' && (node.op === '+' || node.op === '-')) {
        return [bin(node.op === '+' ? '-' : '+', node.left, node.right), bin(node.op, neg(node.left), node.right)];
      }
      return [];
    },
    whole: (expr) => [expr.kind === 'negate' ? expr.arg : neg(expr)],
  },
  {
    meta: { kind: 'term-dropped', description: 'a term dropped' },
    local: (node) => (node.kind === 'binary' && (node.op === '+' || node.op === '-') ? [node.left, node.op === '+' ? node.right : neg(node.right)] : []),
  },
  {
    meta: { kind: 'factor-dropped', description: 'a constant factor dropped (1/m, 1/2, 2)' },
    local: (node) => {
      if (node.kind !== 'binary') return [];
      if (node.op === '*' || node.op === '.*') {
        const kept: Expr[] = [];
        if (isConstantFactor(node.left)) kept.push(node.right);
        if (isConstantFactor(node.right)) kept.push(node.left);
        return kept;
      }
      // x/m, x/2: the divisor forgotten (a name or a number, not a whole expression).
      if ((node.op === '/' || node.op === './') && (node.right.kind === 'number' || node.right.kind === 'symbol') && !isNumber(node.right, 1)) return [node.left];
      return [];
    },
  },
  {
    meta: { kind: 'exponent-off-by-one', description: 'an exponent off by one' },
    local: (node) =>
      node.kind === 'binary' && (node.op === '^' || node.op === '.^') && node.right.kind === 'number'
        ? [bin(node.op, node.left, num(node.right.value + 1)), bin(node.op, node.left, num(node.right.value - 1))]
        : [],
  },
  {
    meta: { kind: 'transposed', description: 'a matrix operand transposed, or a transpose forgotten' },
    local: (node, context) => {
      if (!context.matrices) return [];
      if (node.kind === 'transpose') return [node.arg];
      if (node.kind === 'binary' && node.op === '*' && !isNumber(node.left) && !isNumber(node.right)) {
        return [bin('*', { kind: 'transpose', arg: node.left }, node.right), bin('*', node.left, { kind: 'transpose', arg: node.right })];
      }
      return [];
    },
  },
  {
    meta: { kind: 'operands-swapped', description: 'matrix operands swapped, or the operands of - / ^' },
    local: (node, context) => {
      if (node.kind !== 'binary') return [];
      if (node.op === '*') return context.matrices && !isNumber(node.left) && !isNumber(node.right) ? [bin('*', node.right, node.left)] : [];
      return node.op === '-' || node.op === '/' || node.op === '^' ? [bin(node.op, node.right, node.left)] : [];
    },
  },
  {
    meta: { kind: 'arguments-swapped', description: "a function's arguments swapped" },
    local: (node) => (node.kind === 'call' && node.args.length >= 2 ? [{ ...node, args: [node.args[1]!, node.args[0]!, ...node.args.slice(2)] }] : []),
  },
  {
    meta: { kind: 'offset', description: "a constant offset the size of the function's smallest magnitude" },
    whole: (expr, context) => (context.smallestMagnitude > 0 ? [bin('+', expr, num(context.smallestMagnitude))] : []),
  },
];

export const MUTATION_DESCRIPTIONS: Readonly<Record<MutationKind, string>> = Object.fromEntries(RULES.map((rule) => [rule.meta.kind, rule.meta.description])) as Record<MutationKind, string>;

/** Every tree equal to `expr` but for one node replaced by one of `local(node)`. */
function everywhere(expr: Expr, local: (node: Expr) => Expr[]): Expr[] {
  const out = [...local(expr)];
  switch (expr.kind) {
    case 'number':
    case 'symbol':
      break;
    case 'negate':
    case 'transpose':
      for (const arg of everywhere(expr.arg, local)) out.push({ ...expr, arg });
      break;
    case 'binary':
      for (const left of everywhere(expr.left, local)) out.push({ ...expr, left });
      for (const right of everywhere(expr.right, local)) out.push({ ...expr, right });
      break;
    case 'call':
      expr.args.forEach((arg, index) => {
        for (const replaced of everywhere(arg, local)) out.push({ ...expr, args: expr.args.map((old, i) => (i === index ? replaced : old)) });
      });
      break;
  }
  return out;
}

/** The distinct classic wrong answers of `expr`, each written out, at most MUTANTS_MAX. */
export function mutantsOf(expr: Expr, context: MutationContext): Mutant[] {
  const original = print(expr, ASCII);
  const seen = new Set([original]);
  const mutants: Mutant[] = [];
  for (const rule of RULES) {
    const exprs = [...(rule.whole?.(expr, context) ?? []), ...(rule.local ? everywhere(expr, (node) => rule.local!(node, context)) : [])];
    for (const mutant of exprs) {
      const text = print(mutant, ASCII);
      if (seen.has(text)) continue;
      seen.add(text);
      mutants.push({ kind: rule.meta.kind, expr: mutant, text });
      if (mutants.length >= MUTANTS_MAX) return mutants;
    }
  }
  return mutants;
}
