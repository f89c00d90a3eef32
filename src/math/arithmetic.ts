/**
 * Safe arithmetic: parse text with mathjs, accept only a whitelist of node types,
 * operators, functions and constants, and evaluate the tree ourselves. Student
 * text never reaches mathjs' `evaluate`.
 */
import { parse, type MathNode } from './mathjs.ts';

/** Longest arithmetic text we read. Long enough for any honest answer. */
export const ARITHMETIC_MAX_LENGTH = 2000;
/** Deepest nesting of parentheses / brackets we hand to mathjs' recursive parser. */
export const ARITHMETIC_MAX_DEPTH = 50;

/** Elementary functions a number may be written with. `log` is the natural log. */
const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  ln: Math.log,
  log: (x, base) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)),
  log10: Math.log10,
  log2: Math.log2,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
};
const FUNCTION_ARITY: Record<string, [number, number]> = { log: [1, 2] };

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, Infinity: Infinity };

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
};
const UNARY: Record<string, (a: number) => number> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
};

export type ArithmeticResult =
  | { ok: true; value: number; node: MathNode }
  | { ok: false; message: string };

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+',
};

// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included, is what is tested for
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Rewrites the notations people type or paste into the ASCII mathjs reads. */
export function normalizeMathText(text: string): string {
  // Every rewrite below but the last one is of non-ASCII characters.
  if (ASCII_ONLY.test(text)) return text.replace(/\*\*/g, '^');
  return text
    // Superscripts first: NFKC would turn 10⁶ into 106.
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, (run) => `^(${[...run].map((char) => SUPERSCRIPTS[char]).join('')})`)
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g, '-')
    .replace(/[×⋅·∙✕]/g, '*')
    .replace(/[÷⁄∕]/g, '/')
    .replace(/π/g, 'pi')
    .replace(/∞/g, 'inf')
    .replace(/√\s*(\d+(?:\.\d+)?|[a-z]+|\([^()]*\))/gi, 'sqrt($1)')
    .replace(/\*\*/g, '^');
}

/** Nesting depth of brackets, counted without parsing (so it is safe on any input). */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const char of text) {
    if (char === '(' || char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ')' || char === ']' || char === '}') depth--;
  }
  return deepest;
}

/**
 * Parses and evaluates arithmetic. Never throws: a malformed or disallowed input
 * comes back as `{ ok: false, message }` naming what was not accepted.
 */
export function evaluateArithmetic(text: string): ArithmeticResult {
  if (text.length > ARITHMETIC_MAX_LENGTH) {
    return { ok: false, message: `the answer is too long (${text.length} characters; the limit is ${ARITHMETIC_MAX_LENGTH})` };
  }
  if (bracketDepth(text) > ARITHMETIC_MAX_DEPTH) {
    return { ok: false, message: `the answer nests brackets too deeply (the limit is ${ARITHMETIC_MAX_DEPTH})` };
  }
  let node: MathNode;
  try {
    node = parse(text);
  } catch (error) {
    return { ok: false, message: `can't read "${text.length > 60 ? `${text.slice(0, 60)}…` : text}" as a number: ${(error as Error).message}` };
  }
  try {
    return { ok: true, value: evaluateNode(node), node };
  } catch (error) {
    if (error instanceof DisallowedError) return { ok: false, message: error.message };
    return { ok: false, message: `can't evaluate "${text.length > 60 ? `${text.slice(0, 60)}…` : text}": ${(error as Error).message}` };
  }
}

class DisallowedError extends Error {}

function evaluateNode(node: MathNode): number {
  switch (node.type) {
    case 'ConstantNode': {
      const { value } = node as unknown as { value: unknown };
      if (typeof value !== 'number') throw new DisallowedError(`only numbers are accepted, not ${JSON.stringify(value)}`);
      return value;
    }
    case 'ParenthesisNode':
      return evaluateNode((node as unknown as { content: MathNode }).content);
    case 'SymbolNode': {
      const { name } = node as unknown as { name: string };
      if (Object.hasOwn(CONSTANTS, name)) return CONSTANTS[name]!;
      throw new DisallowedError(`unknown name "${name}"; a number may use only ${Object.keys(CONSTANTS).join(', ')}`);
    }
    case 'OperatorNode': {
      const { fn, args, op } = node as unknown as { fn: string; args: MathNode[]; op: string };
      if (args.length === 1 && Object.hasOwn(UNARY, fn)) return UNARY[fn]!(evaluateNode(args[0]!));
      if (args.length === 2 && Object.hasOwn(BINARY, fn)) return BINARY[fn]!(evaluateNode(args[0]!), evaluateNode(args[1]!));
      throw new DisallowedError(`the operator "${op}" is not accepted in a number`);
    }
    case 'FunctionNode': {
      const { fn, args } = node as unknown as { fn: MathNode; args: MathNode[] };
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : '';
      if (!Object.hasOwn(FUNCTIONS, name)) {
        throw new DisallowedError(`the function "${name || fn.toString()}" is not accepted; use ${Object.keys(FUNCTIONS).join(', ')}`);
      }
      const [fewest, most] = FUNCTION_ARITY[name] ?? [1, 1];
      if (args.length < fewest || args.length > most) {
        throw new DisallowedError(`${name} takes ${fewest === most ? fewest : `${fewest} or ${most}`} argument(s), not ${args.length}`);
      }
      return FUNCTIONS[name]!(...args.map(evaluateNode));
    }
    default:
      throw new DisallowedError(`"${node.toString()}" is not arithmetic (${node.type} is not accepted)`);
  }
}
