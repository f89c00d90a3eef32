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
  'same-term-dropped',
  'order-of-magnitude',
  'rounded',
  'off-by-one',
  'off-by-a-mistake',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** What each kind of wrong answer is, as a warning names it; the last four are made from a numeric part's value (values.ts). */
export const MUTATION_DESCRIPTIONS: Readonly<Record<MutationKind, string>> = {
  'sign-flipped': "a term's sign flipped",
  'term-dropped': 'a term dropped',
  'factor-dropped': 'a constant factor dropped (1/m, 1/2, 2)',
  'exponent-off-by-one': 'an exponent off by one',
  transposed: 'a matrix operand transposed, or a transpose forgotten',
  'operands-swapped': 'matrix operands swapped, or the operands of - / ^',
  'arguments-swapped': "a function's arguments swapped",
  offset: "a constant offset the size of the function's smallest magnitude",
  'same-term-dropped': 'the same term dropped everywhere it is added (every bias forgotten)',
  'order-of-magnitude': 'off by a factor of 10',
  rounded: 'rounded to too few significant digits (1 or 2)',
  'off-by-one': 'a count off by one',
  'off-by-a-mistake': 'as far off as the nearest anticipated mistake, on the other side',
};

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
  meta: { kind: MutationKind };
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
    meta: { kind: 'sign-flipped' },
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
    meta: { kind: 'term-dropped' },
    local: (node) => (node.kind === 'binary' && (node.op === '+' || node.op === '-') ? [node.left, node.op === '+' ? node.right : neg(node.right)] : []),
  },
  {
    meta: { kind: 'factor-dropped' },
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
    meta: { kind: 'exponent-off-by-one' },
    local: (node) =>
      node.kind === 'binary' && (node.op === '^' || node.op === '.^') && node.right.kind === 'number'
        ? [bin(node.op, node.left, num(node.right.value + 1)), bin(node.op, node.left, num(node.right.value - 1))]
        : [],
  },
  {
    meta: { kind: 'transposed' },
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
    meta: { kind: 'operands-swapped' },
    local: (node, context) => {
      if (node.kind !== 'binary') return [];
      if (node.op === '*') return context.matrices && !isNumber(node.left) && !isNumber(node.right) ? [bin('*', node.right, node.left)] : [];
      return node.op === '-' || node.op === '/' || node.op === '^' ? [bin(node.op, node.right, node.left)] : [];
    },
  },
  {
    meta: { kind: 'arguments-swapped' },
    local: (node) => (node.kind === 'call' && node.args.length >= 2 ? [{ ...node, args: [node.args[1]!, node.args[0]!, ...node.args.slice(2)] }] : []),
  },
  {
    meta: { kind: 'same-term-dropped' },
    whole: (expr) => repeatedTerms(expr).map((term) => withoutTerm(expr, term)),
  },
  {
    meta: { kind: 'offset' },
    whole: (expr, context) => (context.smallestMagnitude > 0 ? [bin('+', expr, num(context.smallestMagnitude))] : []),
  },
];


const isSum = (expr: Expr): expr is Extract<Expr, { kind: 'binary' }> => expr.kind === 'binary' && (expr.op === '+' || expr.op === '-');

/** Every child of a node, in order. */
function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'number':
    case 'symbol':
      return [];
    case 'negate':
    case 'transpose':
      return [expr.arg];
    case 'binary':
      return [expr.left, expr.right];
    case 'call':
      return expr.args;
  }
}

/** The terms (as written) added or subtracted in two places or more: `+ 1` in each layer's 200*(6144 + 1). */
function repeatedTerms(expr: Expr): string[] {
  const counts = new Map<string, number>();
  const visit = (node: Expr): void => {
    if (isSum(node)) for (const side of [node.left, node.right]) if (!isSum(side)) counts.set(print(side, ASCII), (counts.get(print(side, ASCII)) ?? 0) + 1);
    children(node).forEach(visit);
  };
  visit(expr);
  return [...counts].filter(([, count]) => count > 1).map(([term]) => term);
}

/** `expr` with every addend written `term` dropped (a sum of nothing else left as it is). */
function withoutTerm(expr: Expr, term: string): Expr {
  const go = (node: Expr): Expr => withoutTerm(node, term);
  switch (expr.kind) {
    case 'number':
    case 'symbol':
      return expr;
    case 'negate':
    case 'transpose':
      return { ...expr, arg: go(expr.arg) };
    case 'call':
      return { ...expr, args: expr.args.map(go) };
    case 'binary': {
      const [left, right] = [go(expr.left), go(expr.right)];
      if (isSum(expr) && !isSum(expr.right) && print(expr.right, ASCII) === term) return left;
      if (isSum(expr) && !isSum(expr.left) && print(expr.left, ASCII) === term) return expr.op === '+' ? right : neg(right);
      return { ...expr, left, right };
    }
  }
}

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
