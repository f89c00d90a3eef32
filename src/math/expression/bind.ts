/**
 * Binding: resolving every name of an expression against its Domain, checking
 * sizes statically (with dimension names, so `X * (yhat - y)` is caught for
 * every draw of m and n), and turning the tree into fast evaluation closures.
 */
import { distance } from 'fastest-levenshtein';
import { type BinaryOperator, type Expr, namesUsed, print } from './ast.ts';
import type { Domain } from './domain.ts';
import { FUNCTION_ALIASES } from './parse.ts';
import { type Approx, type Arithmetic, FLOAT, ROUNDING } from './backends.ts';
import { BUILTINS, CONSTANTS, type Dim, ExpressionError, type Shape, type Value, broadcastShape, formatShape, isScalarShape, normalShape } from './library.ts';
import { type Precise, preciseArithmetic } from './precise.ts';

/** Per-point evaluation state: variable and dimension values, and definition values computed at that point. */
export interface Env<V = Value> {
  values: readonly V[];
  cache: (V | undefined)[];
}
export type Evaluator<V = Value> = (env: Env<V>, frame: readonly V[]) => V;

export interface Bound {
  expr: Expr;
  shape: Shape;
  evaluate: Evaluator;
  /** Whether it is a 1×1 matrix as written (wᵀv), though compared as a scalar (see oneByOneNote). */
  oneByOne?: boolean;
  /** Functions and symbols the expression itself writes (not those inside definitions). */
  names: Set<string>;
  /** The same tree with rounding-error bounds; built on first use. */
  readonly rounding: Evaluator<Approx>;
  /** The same tree in decimal arithmetic of `digits` significant digits; built on first use. */
  precise(digits: number): Evaluator<Precise>;
}

/**
 * A bound node. `oneByOne`: a 1×1 matrix as written (a declared 1×1 variable,
 * wᵀv), though its shape is demoted to a scalar's; only for the note that a
 * scalar and a 1×1 value were compared by value.
 */
interface Node<V> {
  evaluate: Evaluator<V>;
  shape: Shape;
  oneByOne?: boolean;
}

interface Local {
  index: number;
  shape: Shape;
  oneByOne?: boolean;
}
interface Scope {
  locals: ReadonlyMap<string, Local>;
  /** Definitions being expanded, to catch a definition that refers to itself. */
  expanding: readonly string[];
}

const ROOT: Scope = { locals: new Map(), expanding: [] };

/** Binds expressions of one part; definition symbols are bound once and shared. */
export class Binder<V = Value> {
  private readonly symbolDefinitions = new Map<string, Node<V>>();
  private readonly functionBodies = new Map<string, Node<V>>();
  private cacheSlots = 0;
  private probing = false;
  /** The same part's binders in the other arithmetics, made on first use. */
  private readonly siblings = new Map<string, Binder<unknown>>();

  constructor(
    readonly domain: Domain,
    private readonly arithmetic: Arithmetic<V> = FLOAT as unknown as Arithmetic<V>,
  ) {}

  /** Bind for float64 evaluation; the other arithmetics bind the same tree when first asked. */
  bind(expr: Expr): Bound {
    const bound = this.node(expr, ROOT);
    const sibling = this.sibling.bind(this);
    let rounding: Evaluator<Approx> | undefined;
    const precise = new Map<number, Evaluator<Precise>>();
    return {
      expr,
      shape: normalShape(bound.shape),
      oneByOne: bound.shape === null ? bound.oneByOne === true : isScalarShape(bound.shape),
      evaluate: bound.evaluate as unknown as Evaluator,
      names: namesUsed(expr),
      get rounding() {
        return (rounding ??= sibling('rounding', () => ROUNDING).evaluatorOf(expr));
      },
      precise: (digits) => {
        let evaluator = precise.get(digits);
        if (!evaluator) precise.set(digits, (evaluator = sibling(`precise ${digits}`, () => preciseArithmetic(digits)).evaluatorOf(expr)));
        return evaluator;
      },
    };
  }

  private sibling<W>(name: string, arithmetic: () => Arithmetic<W>): Binder<W> {
    let binder = this.siblings.get(name) as Binder<W> | undefined;
    if (!binder) this.siblings.set(name, (binder = new Binder<W>(this.domain, arithmetic())) as Binder<unknown>);
    return binder;
  }

  evaluatorOf(expr: Expr): Evaluator<V> {
    return this.node(expr, ROOT).evaluate;
  }

  private node(expr: Expr, scope: Scope): Node<V> {
    const A = this.arithmetic;
    switch (expr.kind) {
      case 'number': {
        const value = A.number(expr.value);
        return { evaluate: () => value, shape: null };
      }
      case 'symbol':
        return this.symbol(expr.name, scope);
      case 'negate': {
        const arg = this.node(expr.arg, scope);
        const f = arg.evaluate;
        return { evaluate: (env, frame) => A.negate(f(env, frame)), shape: arg.shape, oneByOne: arg.oneByOne };
      }
      case 'transpose': {
        const arg = this.node(expr.arg, scope);
        const f = arg.evaluate;
        return { evaluate: (env, frame) => A.transpose(f(env, frame)), shape: arg.shape === null ? null : [arg.shape[1], arg.shape[0]], oneByOne: arg.oneByOne };
      }
      case 'call':
        return this.call(expr, scope);
      case 'binary':
        return this.binary(expr, scope);
    }
  }

  private symbol(name: string, scope: Scope): Node<V> {
    const local = scope.locals.get(name);
    if (local) {
      const index = local.index;
      return { evaluate: (_env, frame) => frame[index]!, shape: local.shape, oneByOne: local.oneByOne };
    }
    const variable = this.domain.variables.get(name);
    if (variable) {
      const slot = variable.slot;
      return { evaluate: (env) => env.values[slot]!, shape: variable.shape, oneByOne: variable.oneByOne };
    }
    const dimension = this.domain.dimensions.get(name);
    if (dimension) {
      const slot = dimension.slot;
      return { evaluate: (env) => env.values[slot]!, shape: null };
    }
    const definition = this.domain.definitions.get(name);
    if (definition) {
      if (definition.params !== null) {
        throw new ExpressionError('notation', `${name} is a function: write ${name}(...) with its argument${definition.params.length === 1 ? '' : 's'} in parentheses.`);
      }
      return this.symbolDefinition(name, scope);
    }
    const constant = CONSTANTS.get(name);
    if (constant !== undefined) {
      const value = this.arithmetic.constant(name, constant);
      return { evaluate: () => value, shape: null };
    }
    if (BUILTINS.has(name) || FUNCTION_ALIASES.has(name)) {
      throw new ExpressionError('notation', `${name} is a function: write ${name}(...) with its argument in parentheses.`);
    }
    throw new ExpressionError('unknown-name', this.unknownName(name, scope));
  }

  private symbolDefinition(name: string, scope: Scope): Node<V> {
    let bound = this.symbolDefinitions.get(name);
    if (!bound) {
      const body = this.definitionBody(name, scope);
      const inner = this.node(body, { locals: new Map(), expanding: [...scope.expanding, name] });
      const slot = this.cacheSlots++;
      const f = inner.evaluate;
      // Computed once per point, however often it is used.
      bound = { evaluate: (env) => (env.cache[slot] ??= f(env, [])), shape: inner.shape, oneByOne: inner.oneByOne };
      this.symbolDefinitions.set(name, bound);
    }
    return bound;
  }

  /** A function definition's body bound for argument shapes; bound once per name and shapes, as it does not depend on the call site. */
  private functionBody(name: string, params: readonly string[], args: readonly Node<V>[], scope: Scope): Node<V> {
    const key = `${name}(${args.map(({ shape, oneByOne }) => (shape === null ? (oneByOne ? '1x1' : '') : `${shape[0]}x${shape[1]}`)).join(';')})`;
    let bound = this.functionBodies.get(key);
    if (!bound) {
      const body = this.definitionBody(name, scope);
      const locals = new Map(params.map((param, index) => [param, { index, shape: args[index]!.shape, oneByOne: args[index]!.oneByOne }]));
      bound = this.node(body, { locals, expanding: [...scope.expanding, name] });
      this.functionBodies.set(key, bound);
    }
    return bound;
  }

  private definitionBody(name: string, scope: Scope): Expr {
    const definition = this.domain.definitions.get(name)!;
    if (scope.expanding.includes(name)) {
      throw new ExpressionError('notation', `The definition of ${name} refers to itself (${[...scope.expanding, name].join(' -> ')}).`);
    }
    if (!definition.body.ok) throw new ExpressionError('notation', `The definition of ${name} can't be read: ${definition.body.message}`);
    return definition.body.expr;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Node<V> {
    const { name } = expr;
    const definition = this.domain.definitions.get(name);
    const shadowed = scope.locals.has(name) || this.domain.variables.has(name) || this.domain.dimensions.has(name);
    if (definition && definition.params !== null && !shadowed) {
      const params = definition.params;
      if (expr.args.length !== params.length) {
        throw new ExpressionError('notation', `${name} takes ${params.length} argument${params.length === 1 ? '' : 's'}, not ${expr.args.length}.`);
      }
      const args = expr.args.map((arg) => this.node(arg, scope));
      const inner = this.functionBody(name, params, args, scope);
      const argEvaluators = args.map((arg) => arg.evaluate);
      const f = inner.evaluate;
      if (argEvaluators.length === 1) {
        const g = argEvaluators[0]!;
        return { evaluate: (env, frame) => f(env, [g(env, frame)]), shape: inner.shape, oneByOne: inner.oneByOne };
      }
      return { evaluate: (env, frame) => f(env, argEvaluators.map((g) => g(env, frame))), shape: inner.shape, oneByOne: inner.oneByOne };
    }
    const builtin = shadowed ? undefined : BUILTINS.get(name);
    if (builtin) {
      const [fewest, most] = builtin.arity;
      if (expr.args.length < fewest || expr.args.length > most) {
        const expected = fewest === most ? `${fewest}` : `${fewest} or ${most}`;
        throw new ExpressionError('notation', `${name} takes ${expected} argument${most === 1 ? '' : 's'}, not ${expr.args.length}.`);
      }
      const args = expr.args.map((arg) => this.node(arg, scope));
      const shape = builtin.shape(args.map((arg) => arg.shape), (index) => print(expr.args[index]!));
      const argEvaluators = args.map((arg) => arg.evaluate);
      const evaluate = this.arithmetic.builtin(name);
      // exp(wᵀv) is a 1×1 matrix, sum(wᵀv) and max(wᵀv, 0) scalars.
      const oneByOne = builtin.entrywise === true && args.length === 1 && args[0]!.oneByOne;
      if (argEvaluators.length === 1) {
        const g = argEvaluators[0]!;
        return { evaluate: (env, frame) => evaluate([g(env, frame)]), shape, oneByOne };
      }
      return { evaluate: (env, frame) => evaluate(argEvaluators.map((g) => g(env, frame))), shape, oneByOne };
    }
    // `x(1 - x)` and `yhat(1 - yhat)`: a value followed by brackets is a product.
    if (expr.args.length === 1 && (scope.locals.has(name) || this.domain.isValueName(name))) {
      return this.binary({ kind: 'binary', op: '*', left: { kind: 'symbol', name }, right: expr.args[0]! }, scope);
    }
    throw new ExpressionError('unknown-name', this.unknownFunction(name));
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Node<V> {
    const { op } = expr;
    // `X^T` is a transpose unless T is a value of this part.
    if (op === '^' && expr.right.kind === 'symbol' && expr.right.name === 'T' && !scope.locals.has('T') && !this.domain.isValueName('T')) {
      return this.node({ kind: 'transpose', arg: expr.left }, scope);
    }
    const left = this.node(expr.left, scope);
    const right = this.node(expr.right, scope);
    // Operand texts are printed only for messages.
    const text = (index: number): string => print(index === 0 ? expr.left : expr.right);
    const lt = (): string => text(0);
    const rt = (): string => text(1);
    const f = left.evaluate;
    const g = right.evaluate;
    const A = this.arithmetic;
    const oneByOne = oneByOneOf(op, left, right);
    switch (op) {
      case '+':
      case '-': {
        const shape = broadcastShape(left.shape, right.shape, text, op === '+' ? 'add' : 'subtract');
        if (op === '+') return { evaluate: (env, frame) => A.add(f(env, frame), g(env, frame)), shape, oneByOne };
        return { evaluate: (env, frame) => A.subtract(f(env, frame), g(env, frame)), shape, oneByOne };
      }
      case '*':
        return { evaluate: (env, frame) => A.multiply(f(env, frame), g(env, frame)), shape: productShape(left.shape, right.shape, lt, rt), oneByOne };
      case '/':
      case './': {
        const shape = broadcastShape(left.shape, right.shape, text, 'divide');
        return { evaluate: (env, frame) => A.divide(f(env, frame), g(env, frame)), shape, oneByOne };
      }
      case '.*': {
        const shape = broadcastShape(left.shape, right.shape, text, 'multiply');
        return { evaluate: (env, frame) => A.times(f(env, frame), g(env, frame)), shape, oneByOne };
      }
      case '.^': {
        const shape = broadcastShape(left.shape, right.shape, text, 'raise');
        return { evaluate: (env, frame) => A.power(f(env, frame), g(env, frame)), shape, oneByOne };
      }
      case '^': {
        if (left.shape !== null && right.shape !== null) {
          throw new ExpressionError('notation', `${lt()}^${rt()}: a matrix power needs a number as exponent; use .^ for entrywise powers.`);
        }
        if (left.shape !== null && left.shape[0] !== 1 && left.shape[1] !== 1) {
          throw new ExpressionError(
            'notation',
            `${lt()}^${rt()} is ambiguous for the ${formatShape(left.shape)} matrix ${lt()}: write ${lt()}*${lt()} for a matrix product or ${lt()}.^${rt()} entrywise.`,
          );
        }
        // A vector's power and e^v are entrywise, as ML notation means them.
        return { evaluate: (env, frame) => A.power(f(env, frame), g(env, frame)), shape: left.shape ?? right.shape, oneByOne };
      }
    }
  }

  /** Whether a name binds here: a definition that uses undeclared names is not offered in messages. */
  private isUsable(name: string): boolean {
    if (!this.domain.definitions.has(name) || this.domain.variables.has(name) || this.domain.dimensions.has(name)) return true;
    // Binding a definition may itself fail with an unknown name; don't probe again while composing that message.
    if (this.probing) return false;
    this.probing = true;
    try {
      this.symbolDefinition(name, ROOT);
      return true;
    } catch (error) {
      if (error instanceof ExpressionError) return false;
      throw error;
    } finally {
      this.probing = false;
    }
  }

  private unknownName(name: string, scope: Scope): string {
    const candidates = [...scope.locals.keys(), ...this.domain.valueNames().filter((candidate) => this.isUsable(candidate))];
    const [split] = splitsIntoNames(name, candidates, 1);
    const listed = candidates.length > 0 ? `; the variables are ${candidates.join(', ')}` : '';
    if (split) return `Unknown variable "${name}"${listed}. For a product, write ${split.join('*')}.`;
    const near = nearest(name, candidates);
    return `Unknown variable "${name}"${listed}.${near ? ` Did you mean ${near}?` : ''}`;
  }

  private unknownFunction(name: string): string {
    const near = nearest(name, this.domain.functionNames());
    return `Unknown function "${name}".${near ? ` Did you mean ${near}?` : ''}`;
  }
}

/**
 * Whether `left op right` is a 1×1 matrix as written: a matrix product with a
 * 1×1 result (wᵀv); a 1×1 matrix scaled (2·wᵀv, wᵀv/2, wᵀv.*2) or raised;
 * two 1×1 matrices added. A scalar added makes a scalar: wᵀx + b reads as one.
 */
function oneByOneOf(op: BinaryOperator, left: Pick<Node<unknown>, 'shape' | 'oneByOne'>, right: Pick<Node<unknown>, 'shape' | 'oneByOne'>): boolean {
  const [a, b] = [left.oneByOne === true, right.oneByOne === true];
  switch (op) {
    case '*':
      return (left.shape !== null && right.shape !== null) || a || b;
    case '.*':
      return a || b;
    case '/':
    case './':
    case '^':
    case '.^':
      return a;
    case '+':
    case '-':
      return a && b;
  }
}

/** Matrix product shape, a scalar scaling the other side. */
function productShape(a: Shape, b: Shape, aText: () => string, bText: () => string): Shape {
  if (a === null) return b;
  if (b === null) return a;
  if (a[1] !== b[0]) {
    const sameSize = a[0] === b[0] && a[1] === b[1];
    throw new ExpressionError(
      'shape',
      `Can't multiply ${aText()} (${formatShape(a)}) by ${bText()} (${formatShape(b)}): ${describeDim(a[1])} columns against ${describeDim(b[0])} rows.` +
        (sameSize ? ' For an entrywise product write .*' : ''),
    );
  }
  return normalShape([a[0], b[1]]);
}

const describeDim = (dim: Dim): string => String(dim);

function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = name.toLowerCase() === candidate.toLowerCase() ? 0.5 : distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // Close, but not a rewrite of the whole name (`z` is not a typo of `x`).
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) && bestDistance < name.length ? best : undefined;
}

/** Readings of a name offered at most, in a message about an ambiguous one. */
const READINGS_SHOWN = 4;

/**
 * Ways of reading `name` as a run of `candidates` written together (`Xw` as
 * X, w), at most `limit` of them; only readings of two names or more count.
 * Built from the end, one list per suffix, so hostile names stay linear.
 */
export function splitsIntoNames(name: string, candidates: readonly string[], limit = READINGS_SHOWN): string[][] {
  const known = candidates.filter((candidate) => candidate !== '');
  const from: string[][][] = new Array(name.length + 1);
  from[name.length] = [[]];
  for (let start = name.length - 1; start >= 0; start--) {
    const ways: string[][] = [];
    for (const candidate of known) {
      if (!name.startsWith(candidate, start)) continue;
      for (const tail of from[start + candidate.length] ?? []) {
        if (ways.length >= limit) break;
        ways.push([candidate, ...tail]);
      }
    }
    from[start] = ways;
  }
  return (from[0] ?? []).filter((parts) => parts.length > 1);
}

/** What an undeclared name written by a student means here. */
type NameReading = { kind: 'name'; name: string } | { kind: 'product'; names: string[] } | { kind: 'ambiguous'; readings: string[][] };

const withoutUnderscores = (name: string): string => name.replace(/_/g, '');

/**
 * `a_1` for a declared `a1` (and the reverse), `Xw` for X·w when that is the
 * only way to split it into declared values; the name itself otherwise.
 */
function readName(name: string, domain: Domain): NameReading {
  if (domain.isValueName(name) || domain.definitions.has(name) || BUILTINS.has(name) || FUNCTION_ALIASES.has(name)) return { kind: 'name', name };
  const declared = domain.valueNames();
  const bare = withoutUnderscores(name);
  const spelled = declared.filter((candidate) => withoutUnderscores(candidate) === bare);
  if (spelled.length === 1) return { kind: 'name', name: spelled[0]! };
  const byBare = new Map(declared.map((candidate) => [withoutUnderscores(candidate), candidate]));
  const readings = splitsIntoNames(bare, [...byBare.keys()]).map((parts) => parts.map((part) => byBare.get(part)!));
  if (readings.length === 1) return { kind: 'product', names: readings[0]! };
  if (readings.length > 1) return { kind: 'ambiguous', readings };
  return { kind: 'name', name };
}

/** A symbol as read in this domain: renamed, a product of declared names, or refused as ambiguous. */
function resolveSymbol(name: string, domain: Domain): Expr {
  const reading = readName(name, domain);
  switch (reading.kind) {
    case 'name':
      return { kind: 'symbol', name: reading.name };
    case 'product':
      return reading.names.map((part): Expr => ({ kind: 'symbol', name: part })).reduce((left, right) => ({ kind: 'binary', op: '*', left, right }));
    case 'ambiguous': {
      const options = reading.readings.map((parts) => parts.join('·')).join(' or ');
      throw new ExpressionError('unknown-name', `"${name}" can be read as ${options}: write the product with * to say which.`);
    }
  }
}

export const EMPTY_FRAME: readonly Value[] = [];

/**
 * Rewrite what a tree means in this domain before it is echoed: `X^T` and
 * `X^T(v)` are transposes, `x(1 - x)` with a value `x` is a product, `a_1`
 * is the declared `a1`, and `Xw` is X·w when that is its only reading.
 * Throws ExpressionError for a name with several readings.
 */
export function desugar(expr: Expr, domain: Domain): Expr {
  const go = (node: Expr): Expr => desugar(node, domain);
  const isTranspose = (name: string): boolean => name === 'T' && !domain.isValueName('T') && !domain.definitions.has('T');
  // What a name before brackets means when it is a value here (`x(1 - x)`, `Wx(v)`: products); null for a function.
  const valueBefore = (name: string): Expr | null => {
    const callee = resolveSymbol(name, domain);
    if (callee.kind !== 'symbol') return callee;
    const isFunction = BUILTINS.has(callee.name) || domain.definitions.get(callee.name)?.params != null;
    const isValue = domain.variables.has(callee.name) || domain.dimensions.has(callee.name) || (!isFunction && domain.isValueName(callee.name));
    return isValue ? callee : null;
  };
  switch (expr.kind) {
    case 'number':
      return expr;
    case 'symbol':
      return resolveSymbol(expr.name, domain);
    case 'negate':
      return { kind: 'negate', arg: go(expr.arg) };
    case 'transpose':
      return { kind: 'transpose', arg: go(expr.arg) };
    case 'call': {
      const args = expr.args.map(go);
      const value = args.length === 1 ? valueBefore(expr.name) : null;
      if (value) return { kind: 'binary', op: '*', left: value, right: args[0]! };
      const callee = resolveSymbol(expr.name, domain);
      return { kind: 'call', name: callee.kind === 'symbol' ? callee.name : expr.name, args };
    }
    case 'binary': {
      const { right } = expr;
      // `x(1 - x)^2` with a value x is x·(1 - x)^2, as written; `sigmoid(z)^2` stays a call raised.
      const value = expr.raisesCall && expr.left.kind === 'call' && expr.left.args.length === 1 ? valueBefore(expr.left.name) : null;
      if (value && expr.left.kind === 'call') {
        return { kind: 'binary', op: '*', left: value, right: go({ kind: 'binary', op: expr.op, left: expr.left.args[0]!, right }) };
      }
      const left = go(expr.left);
      if (expr.op === '^' && right.kind === 'symbol' && isTranspose(right.name)) return { kind: 'transpose', arg: left };
      if (expr.op === '^' && right.kind === 'call' && isTranspose(right.name) && right.args.length === 1) {
        return { kind: 'binary', op: '*', left: { kind: 'transpose', arg: left }, right: go(right.args[0]!) };
      }
      return { kind: 'binary', op: expr.op, left, right: go(right) };
    }
  }
}
