/**
 * The expression tree quizgrade works on: a small, closed set of node kinds that
 * a parsed answer is converted into after the whitelist check. Nothing else
 * (assignment, indexing, ranges, objects, strings) can be represented.
 */

export const BINARY_OPERATORS = ['+', '-', '*', '/', '^', '.*', './', '.^'] as const;
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'symbol'; name: string }
  | { kind: 'call'; name: string; args: Expr[] }
  /** `raisesCall`: written `x(1 - x)^2`, where a value x raises only the bracket (bind.ts desugar decides). */
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; raisesCall?: true }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'transpose'; arg: Expr };

export const num = (value: number): Expr => ({ kind: 'number', value });
export const sym = (name: string): Expr => ({ kind: 'symbol', name });
export const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args });
export const bin = (op: BinaryOperator, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const neg = (arg: Expr): Expr => ({ kind: 'negate', arg });

/** Binding strength, loosest first; an operand binding looser than its context gets parentheses. */
const PRECEDENCE = {
  sum: 1,
  product: 2,
  negate: 3,
  power: 4,
  postfix: 5,
  atom: 6,
} as const;

function precedence(expr: Expr): number {
  switch (expr.kind) {
    case 'number':
      // A negative constant prints with its sign, so it binds like a negation.
      return expr.value < 0 || Object.is(expr.value, -0) ? PRECEDENCE.negate : PRECEDENCE.atom;
    case 'symbol':
    case 'call':
      return PRECEDENCE.atom;
    case 'negate':
      return PRECEDENCE.negate;
    case 'transpose':
      return PRECEDENCE.postfix;
    case 'binary':
      switch (expr.op) {
        case '+':
        case '-':
          return PRECEDENCE.sum;
        case '*':
        case '/':
        case '.*':
        case './':
          return PRECEDENCE.product;
        case '^':
        case '.^':
          return PRECEDENCE.power;
      }
  }
}

const isDivision = (expr: Expr): boolean => expr.kind === 'binary' && (expr.op === '/' || expr.op === './');

export interface PrintStyle {
  /** How a product is written: `·` for reading, `*` for machines. */
  times: string;
}
export const READABLE: PrintStyle = { times: '·' };
export const ASCII: PrintStyle = { times: '*' };

/**
 * Canonical text of a tree: every grouping the tree has is visible, so `1/2x`
 * prints as `(1/2)·x`, and printing then re-reading gives back the same tree.
 */
export function print(expr: Expr, style: PrintStyle = READABLE): string {
  const wrap = (child: Expr, needsParens: boolean): string => {
    const text = print(child, style);
    return needsParens ? `(${text})` : text;
  };
  switch (expr.kind) {
    case 'number':
      return formatConstant(expr.value);
    case 'symbol':
      return expr.name;
    case 'call':
      return `${expr.name}(${expr.args.map((arg) => print(arg, style)).join(', ')})`;
    case 'negate':
      return `-${wrap(expr.arg, precedence(expr.arg) <= PRECEDENCE.negate)}`;
    case 'transpose':
      return `${wrap(expr.arg, precedence(expr.arg) < PRECEDENCE.atom)}'`;
    case 'binary': {
      const own = precedence(expr);
      const { op, left, right } = expr;
      if (op === '^' || op === '.^') {
        const rightAtomic = precedence(right) === PRECEDENCE.atom;
        return `${wrap(left, precedence(left) <= own)}${op}${wrap(right, !rightAtomic)}`;
      }
      const leftParens = precedence(left) < own || (own === PRECEDENCE.product && isDivision(left));
      const rightParens = precedence(right) <= own || precedence(right) === PRECEDENCE.negate || (own === PRECEDENCE.product && isDivision(right));
      const symbol = op === '*' ? style.times : op;
      const spaced = own === PRECEDENCE.sum ? ` ${symbol} ` : op === '.*' || op === './' ? ` ${symbol} ` : symbol;
      return `${wrap(left, leftParens)}${spaced}${wrap(right, rightParens)}`;
    }
  }
}

/** Shortest text of a constant that reads back as the same number. */
export function formatConstant(value: number): string {
  return String(value);
}

/** Every node, depth first. */
export function* walk(expr: Expr): Generator<Expr> {
  yield expr;
  switch (expr.kind) {
    case 'call':
      for (const arg of expr.args) yield* walk(arg);
      return;
    case 'binary':
      yield* walk(expr.left);
      yield* walk(expr.right);
      return;
    case 'negate':
    case 'transpose':
      yield* walk(expr.arg);
      return;
    case 'number':
    case 'symbol':
      return;
  }
}

/** Visit every node, depth first (a plain recursion: this runs on every answer). */
export function visit(expr: Expr, f: (node: Expr) => void): void {
  f(expr);
  switch (expr.kind) {
    case 'call':
      for (const arg of expr.args) visit(arg, f);
      return;
    case 'binary':
      visit(expr.left, f);
      visit(expr.right, f);
      return;
    case 'negate':
    case 'transpose':
      visit(expr.arg, f);
      return;
    case 'number':
    case 'symbol':
      return;
  }
}

export function countNodes(expr: Expr): number {
  let count = 0;
  visit(expr, () => count++);
  return count;
}

/** Names used by a tree: called functions and symbols. `e^u` counts as a use of `exp`. */
export function namesUsed(expr: Expr): Set<string> {
  const names = new Set<string>();
  visit(expr, (node) => {
    if (node.kind === 'call') names.add(node.name);
    else if (node.kind === 'symbol') names.add(node.name);
    else if (node.kind === 'binary' && (node.op === '^' || node.op === '.^') && node.left.kind === 'symbol' && node.left.name === 'e') {
      names.add('exp');
    }
  });
  return names;
}
