/**
 * Symbolic proof with nerdamer-prime, used only to ADD confidence after the
 * sampled check agreed: it never decides "not equivalent". Definitions and the
 * ML functions are expanded into exponentials, and exponentials of whole-number
 * combinations of variables are rewritten as powers of fresh positive symbols
 * (e^(2x) -> w^2), so identities between sigmoid, tanh and softmax become
 * identities of rational functions, which nerdamer simplifies reliably.
 *
 * nerdamer is synchronous and keeps global state: inputs are bounded in size,
 * its cooperative TIMEOUT is set, and its expression history is flushed after
 * every call. Student text never reaches it as text: only trees quizgrade
 * built and printed itself, with variables renamed.
 */
type Nerdamer = typeof import('nerdamer-prime/all');

/** nerdamer-prime, once loadCas() has loaded it: a sizeable package, loaded only by quizzes that ask for proofs. */
let nerdamer: Nerdamer | undefined;

/** Loads the CAS; a host awaits it before grading a part that asks for proofs (the expression grader's `prepare`). */
export async function loadCas(): Promise<void> {
  nerdamer ??= (await import('nerdamer-prime/all')).default;
}
import { type Expr, bin, call, countNodes, neg, num, sym, walk } from './ast.ts';
import { CAS_MAX_EXPONENT, CAS_MAX_NODES, CAS_MAX_TEXT, CAS_TIMEOUT_MS } from './constants.ts';
import type { Domain } from './domain.ts';

export const PROOF_OUTCOMES = ['proved', 'not-proved', 'timeout', 'skipped', 'error'] as const;
export type ProofOutcome = (typeof PROOF_OUTCOMES)[number];

export interface Proof {
  outcome: ProofOutcome;
  /** Wall time spent in nerdamer, in milliseconds (0 when skipped). */
  ms: number;
  /** Why the CAS was not asked, or what it answered. */
  note?: string;
}

class NotForCas extends Error {}

const CAS_FUNCTIONS = new Set(['log', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan']);

/** Expand definitions and ML functions into elementary functions; rename variables. */
export function expandForCas(expr: Expr, domain: Domain): Expr {
  const expand = (node: Expr, locals: ReadonlyMap<string, Expr>, depth: number): Expr => {
    if (depth > 16) throw new NotForCas('definitions nest too deeply');
    const go = (child: Expr): Expr => expand(child, locals, depth);
    switch (node.kind) {
      case 'number':
        if (!Number.isFinite(node.value) || /e/i.test(String(node.value))) throw new NotForCas('number out of range');
        return node;
      case 'symbol': {
        const local = locals.get(node.name);
        if (local) return local;
        const variable = domain.variables.get(node.name);
        if (variable) {
          if (variable.shape !== null) throw new NotForCas('matrix variable');
          return sym(`v${variable.slot}`);
        }
        const dimension = domain.dimensions.get(node.name);
        if (dimension) return sym(`v${dimension.slot}`);
        const definition = domain.definitions.get(node.name);
        if (definition && definition.params === null && definition.body.ok) return expand(definition.body.expr, new Map(), depth + 1);
        if (node.name === 'pi' || node.name === 'e') return node;
        throw new NotForCas(`unknown name ${node.name}`);
      }
      case 'negate':
        return neg(go(node.arg));
      case 'transpose':
        throw new NotForCas('transpose');
      case 'binary': {
        if (node.op !== '+' && node.op !== '-' && node.op !== '*' && node.op !== '/' && node.op !== '^') throw new NotForCas('entrywise operator');
        if (node.op === '^' && node.right.kind === 'symbol' && node.right.name === 'T' && !domain.isValueName('T')) throw new NotForCas('transpose');
        return bin(node.op, go(node.left), go(node.right));
      }
      case 'call': {
        const shadowed = domain.variables.has(node.name) || domain.dimensions.has(node.name);
        const definition = shadowed ? undefined : domain.definitions.get(node.name);
        const args = node.args.map(go);
        if (definition && definition.params !== null && definition.body.ok) {
          if (definition.params.length !== args.length) throw new NotForCas('arity');
          return expand(definition.body.expr, new Map(definition.params.map((param, i) => [param, args[i]!])), depth + 1);
        }
        if (shadowed && args.length === 1) return bin('*', go(sym(node.name)), args[0]!);
        const [u, v] = args;
        const exp = (arg: Expr): Expr => bin('^', sym('e'), arg);
        switch (node.name) {
          case 'exp':
            return exp(u!);
          case 'sigmoid':
            return bin('/', num(1), bin('+', num(1), exp(neg(u!))));
          case 'tanh':
            return bin('/', bin('-', exp(bin('*', num(2), u!)), num(1)), bin('+', exp(bin('*', num(2), u!)), num(1)));
          case 'sinh':
            return bin('/', bin('-', exp(u!), exp(neg(u!))), num(2));
          case 'cosh':
            return bin('/', bin('+', exp(u!), exp(neg(u!))), num(2));
          case 'softplus':
            return call('log', bin('+', num(1), exp(u!)));
          case 'log10':
            return bin('/', call('log', u!), call('log', num(10)));
          case 'log2':
            return bin('/', call('log', u!), call('log', num(2)));
          case 'log':
            if (v) return bin('/', call('log', u!), call('log', v));
            return call('log', u!);
          default:
            if (CAS_FUNCTIONS.has(node.name) && args.length === 1) return call(node.name, u!);
            throw new NotForCas(`function ${node.name}`);
        }
      }
    }
  };
  return expand(expr, new Map(), 0);
}

/** Whole-number linear form of an exponent: variable -> coefficient, or null. */
function linearForm(expr: Expr): Map<string, number> | null {
  switch (expr.kind) {
    case 'number':
      return expr.value === 0 ? new Map() : null;
    case 'symbol':
      return /^v\d+$/.test(expr.name) ? new Map([[expr.name, 1]]) : null;
    case 'negate': {
      const inner = linearForm(expr.arg);
      return inner && scale(inner, -1);
    }
    case 'binary': {
      if (expr.op === '+' || expr.op === '-') {
        const left = linearForm(expr.left);
        const right = linearForm(expr.right);
        if (!left || !right) return null;
        const out = new Map(left);
        for (const [name, c] of right) out.set(name, (out.get(name) ?? 0) + (expr.op === '+' ? c : -c));
        return out;
      }
      if (expr.op === '*') {
        if (expr.left.kind === 'number') {
          const inner = linearForm(expr.right);
          return inner && scale(inner, expr.left.value);
        }
        if (expr.right.kind === 'number') {
          const inner = linearForm(expr.left);
          return inner && scale(inner, expr.right.value);
        }
      }
      return null;
    }
    default:
      return null;
  }
}

function scale(form: Map<string, number>, factor: number): Map<string, number> | null {
  const out = new Map<string, number>();
  for (const [name, c] of form) {
    const scaled = c * factor;
    if (!Number.isInteger(scaled)) return null;
    out.set(name, scaled);
  }
  return out;
}

const isExp = (node: Expr): node is Extract<Expr, { kind: 'binary' }> =>
  node.kind === 'binary' && node.op === '^' && node.left.kind === 'symbol' && node.left.name === 'e';

/**
 * Rewrite e^(2a - b) as w_a^2 * w_b^-1 for every variable that only ever
 * appears in such exponents (in both expressions), turning exponential
 * identities into rational ones.
 */
export function exponentialsAsPowers(a: Expr, b: Expr): [Expr, Expr] {
  const variables = new Set<string>();
  for (const root of [a, b]) for (const node of walk(root)) if (node.kind === 'symbol' && /^v\d+$/.test(node.name)) variables.add(node.name);
  let substitutable = new Set(variables);
  for (let round = 0; round < variables.size + 1; round++) {
    const outside = new Set<string>();
    const visit = (node: Expr): void => {
      if (isExp(node)) {
        const form = linearForm(node.right);
        if (form && [...form.keys()].every((name) => substitutable.has(name))) return;
      }
      if (node.kind === 'symbol' && variables.has(node.name)) outside.add(node.name);
      if (node.kind === 'binary') {
        visit(node.left);
        visit(node.right);
      } else if (node.kind === 'negate' || node.kind === 'transpose') visit(node.arg);
      else if (node.kind === 'call') node.args.forEach(visit);
    };
    visit(a);
    visit(b);
    const next = new Set([...substitutable].filter((name) => !outside.has(name)));
    if (next.size === substitutable.size) break;
    substitutable = next;
  }
  if (substitutable.size === 0) return [a, b];
  const rewrite = (node: Expr): Expr => {
    if (isExp(node)) {
      const form = linearForm(node.right);
      if (form && [...form.keys()].every((name) => substitutable.has(name))) {
        let product: Expr = num(1);
        for (const [name, c] of form) if (c !== 0) product = bin('*', product, bin('^', sym(`w${name.slice(1)}`), num(c)));
        return product;
      }
    }
    switch (node.kind) {
      case 'binary':
        return bin(node.op, rewrite(node.left), rewrite(node.right));
      case 'negate':
        return neg(rewrite(node.arg));
      case 'call':
        return call(node.name, ...node.args.map(rewrite));
      default:
        return node;
    }
  };
  return [rewrite(a), rewrite(b)];
}

/** Fully parenthesized text for nerdamer (it mis-reads some unparenthesized forms such as e^a1/(...)). */
export function casText(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return expr.value < 0 ? `(${expr.value})` : String(expr.value);
    case 'symbol':
      return expr.name;
    case 'negate':
      return `(-(${casText(expr.arg)}))`;
    case 'call':
      return `${expr.name}(${expr.args.map(casText).join(',')})`;
    case 'binary': {
      if (expr.op === '^' && expr.right.kind === 'number' && Math.abs(expr.right.value) > CAS_MAX_EXPONENT) {
        throw new NotForCas('exponent too large');
      }
      return `((${casText(expr.left)})${expr.op}(${casText(expr.right)}))`;
    }
    case 'transpose':
      throw new NotForCas('transpose');
  }
}

/**
 * Ask nerdamer whether `answer - expected` simplifies to 0. A "not proved" is
 * no evidence either way: its simplify misses true identities.
 */
export function proveEquivalent(expected: Expr, answer: Expr, domain: Domain, timeoutMs: number = CAS_TIMEOUT_MS): Proof {
  let text: string;
  try {
    const [a, b] = exponentialsAsPowers(expandForCas(expected, domain), expandForCas(answer, domain));
    if (countNodes(a) + countNodes(b) > CAS_MAX_NODES) return { outcome: 'skipped', ms: 0, note: 'too large for the CAS' };
    text = `simplify((${casText(a)})-(${casText(b)}))`;
  } catch (error) {
    if (error instanceof NotForCas) return { outcome: 'skipped', ms: 0, note: error.message };
    throw error;
  }
  if (text.length > CAS_MAX_TEXT) return { outcome: 'skipped', ms: 0, note: 'too large for the CAS' };
  // A host that grades without preparing the quiz is a bug, not a reason to leave the proof out.
  if (nerdamer === undefined) throw new Error('the CAS is not loaded: prepare the quiz (loadCas) before grading');
  const started = performance.now();
  try {
    nerdamer.set('TIMEOUT', timeoutMs);
    const result = nerdamer(text).toString();
    const ms = performance.now() - started;
    return result === '0' ? { outcome: 'proved', ms } : { outcome: 'not-proved', ms };
  } catch (error) {
    const ms = performance.now() - started;
    const message = error instanceof Error ? error.message : String(error);
    return message === 'timeout' ? { outcome: 'timeout', ms } : { outcome: 'error', ms, note: message };
  } finally {
    nerdamer.flush();
    nerdamer.clearVars();
  }
}
