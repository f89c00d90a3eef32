/**
 * Reading a student's expression without ever running it: caps on length and
 * nesting before mathjs parses (its parser is recursive), then a whitelist
 * conversion of the mathjs tree into quizgrade's closed `Expr` tree.
 */
import { parse as mathjsParse } from '../mathjs.ts';
import type { MathNode } from '../mathjs.ts';
import { type BinaryOperator, type Expr, countNodes } from './ast.ts';
import { MAX_BRACKET_DEPTH, MAX_INPUT_LENGTH, MAX_TREE_DEPTH, MAX_TREE_NODES } from './constants.ts';
import { MAY_BE_LATEX, latexToText } from './latex.ts';
import { bracketDepth, normalizeNotation } from './normalize.ts';

export type ReadResult = { ok: true; expr: Expr; text: string } | { ok: false; message: string };

/** mathjs operator functions quizgrade reads, and the operator each becomes. */
const OPERATORS: Record<string, BinaryOperator> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  dotMultiply: '.*',
  dotDivide: './',
  dotPow: '.^',
};

/** Function spellings that mean another function. */
export const FUNCTION_ALIASES: ReadonlyMap<string, string> = new Map([
  ['ln', 'log'],
  ['sigma', 'sigmoid'],
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Rejected extends Error {}

/** Parse one expression, or say in one sentence why it can't be read. */
export function readExpression(input: string): ReadResult {
  if (typeof input !== 'string') return { ok: false, message: 'The answer is not text.' };
  if (input.length > MAX_INPUT_LENGTH * 2) {
    return { ok: false, message: `The expression is too long (more than ${MAX_INPUT_LENGTH} characters).` };
  }
  if (bracketDepth(input) > MAX_BRACKET_DEPTH) {
    return { ok: false, message: `The expression is nested too deeply (more than ${MAX_BRACKET_DEPTH} levels of brackets).` };
  }
  let source = input;
  if (MAY_BE_LATEX.test(input)) {
    const latex = latexToText(input);
    if (!latex.ok) return { ok: false, message: latex.message };
    source = latex.text;
  }
  const text = normalizeNotation(source);
  if (text === '') return { ok: false, message: 'The expression is empty.' };
  if (text.length > MAX_INPUT_LENGTH) {
    return { ok: false, message: `The expression is too long (more than ${MAX_INPUT_LENGTH} characters).` };
  }
  if (bracketDepth(text) > MAX_BRACKET_DEPTH) {
    return { ok: false, message: `The expression is nested too deeply (more than ${MAX_BRACKET_DEPTH} levels of brackets).` };
  }
  let node: MathNode;
  try {
    node = mathjsParse(text);
  } catch (error) {
    return { ok: false, message: `Can't read "${text}": ${describeParseError(error)}` };
  }
  try {
    const expr = convert(node, 0);
    if (countNodes(expr) > MAX_TREE_NODES) {
      return { ok: false, message: `The expression is too large (more than ${MAX_TREE_NODES} terms and operators).` };
    }
    return { ok: true, expr, text };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, message: error.message };
    throw error;
  }
}

function isImplicitProduct(node: MathNode): boolean {
  const any = node as unknown as { type: string; fn?: string; implicit?: boolean };
  return any.type === 'OperatorNode' && any.fn === 'multiply' && any.implicit === true;
}

/** Factors of a left-nested implicit product `b c d`, in order. */
function implicitFactors(node: MathNode): MathNode[] {
  if (!isImplicitProduct(node)) return [node];
  const [left, right] = (node as unknown as { args: MathNode[] }).args;
  return [...implicitFactors(left!), right!];
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\(char \d+\)$/, '').replace(/^./, (first) => first.toLowerCase()) + '.';
}

function convert(node: MathNode, depth: number): Expr {
  if (depth > MAX_TREE_DEPTH) {
    throw new Rejected(`The expression is nested too deeply (more than ${MAX_TREE_DEPTH} levels).`);
  }
  const next = depth + 1;
  // mathjs nodes are discriminated by their `type` string; read only the fields of whitelisted types.
  const any = node as unknown as Record<string, unknown> & { type: string };
  switch (any.type) {
    case 'ConstantNode': {
      const value = any.value;
      if (typeof value !== 'number') throw new Rejected('Only numbers and names may appear in an expression, not text or logical values.');
      if (!Number.isFinite(value)) throw new Rejected('A number in the expression is too large.');
      return { kind: 'number', value };
    }
    case 'SymbolNode': {
      const name = any.name as string;
      if (!IDENTIFIER.test(name)) throw new Rejected(`"${name}" is not a name quizgrade reads.`);
      return { kind: 'symbol', name };
    }
    case 'ParenthesisNode':
      return convert(any.content as MathNode, next);
    case 'OperatorNode': {
      const fn = any.fn as string;
      const args = any.args as MathNode[];
      if (fn === 'unaryMinus' && args.length === 1) return { kind: 'negate', arg: convert(args[0]!, next) };
      if (fn === 'unaryPlus' && args.length === 1) return convert(args[0]!, next);
      if ((fn === 'ctranspose' || fn === 'transpose') && args.length === 1) return { kind: 'transpose', arg: convert(args[0]!, next) };
      const op = OPERATORS[fn];
      if (op === '/' && args.length === 2 && isImplicitProduct(args[1]!)) {
        // `a/b c` reads as `(a/b)·c`, like `a/b*c`: implicit products bind like explicit ones, left to right.
        const [first, ...rest] = implicitFactors(args[1]!);
        let expr: Expr = { kind: 'binary', op: '/', left: convert(args[0]!, next), right: convert(first!, next) };
        for (const factor of rest) expr = { kind: 'binary', op: '*', left: expr, right: convert(factor, next) };
        return expr;
      }
      if ((op === '^' || op === '.^') && args.length === 2 && (args[0] as unknown as { type: string }).type === 'FunctionNode') {
        // mathjs reads `x(1 - x)^2` as (x(1 - x))^2; remember it was written without brackets around the call.
        return { kind: 'binary', op, left: convert(args[0]!, next), right: convert(args[1]!, next), raisesCall: true };
      }
      if (op !== undefined && args.length === 2) {
        return { kind: 'binary', op, left: convert(args[0]!, next), right: convert(args[1]!, next) };
      }
      throw new Rejected(`The operator "${String(any.op)}" is not allowed in an expression.`);
    }
    case 'FunctionNode': {
      const callee = any.fn as MathNode & { type: string; name?: string };
      if (callee.type !== 'SymbolNode' || typeof callee.name !== 'string' || !IDENTIFIER.test(callee.name)) {
        throw new Rejected('Only named functions can be called, as in sigmoid(x).');
      }
      const args = (any.args as MathNode[]).map((arg) => convert(arg, next));
      const name = FUNCTION_ALIASES.get(callee.name) ?? callee.name;
      if (name === 'transpose' && args.length === 1) return { kind: 'transpose', arg: args[0]! };
      return { kind: 'call', name, args };
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new Rejected('"=" is not allowed: write only the expression.');
    case 'AccessorNode':
    case 'IndexNode':
      throw new Rejected('Indexing and property access (x[1], x.a) are not allowed.');
    case 'RangeNode':
      throw new Rejected('Ranges (a:b) are not allowed.');
    case 'ArrayNode':
      throw new Rejected('Matrix literals ([...]) are not allowed; use the declared variables.');
    case 'ObjectNode':
      throw new Rejected('Objects ({...}) are not allowed.');
    case 'ConditionalNode':
      throw new Rejected('Conditions (a ? b : c) are not allowed.');
    case 'BlockNode':
      throw new Rejected('Write a single expression (no ";" or line breaks).');
    default:
      throw new Rejected(`This kind of expression (${any.type}) is not allowed.`);
  }
}
