/**
 * Typesetting for the HTML check view: an expression answer (as the grader read
 * it) parsed by mathjs, never evaluated, and rendered to HTML by KaTeX. Its
 * stylesheet, which a page needs beside, comes from ./katex-styles.ts (Node).
 */
import katex from 'katex';
import { parse, type MathNode } from '../math/mathjs.ts';

/** Longest expression typeset; longer ones are shown as text only. */
export const TYPESET_MAX_CHARS = 400;

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta',
  'Lambda', 'Xi', 'Pi', 'Sigma', 'Phi', 'Psi', 'Omega',
]);

function symbolTex(name: string): string | undefined {
  const indexed = /^([A-Za-z]+?)_?(\d+)$/.exec(name);
  if (indexed !== null) {
    const base = indexed[1] as string;
    return `${GREEK.has(base) ? `\\${base}` : base.length === 1 ? base : `\\mathit{${base}}`}_{${indexed[2]}}`;
  }
  const hatted = /^([A-Za-z]+)hat$/.exec(name);
  if (hatted !== null) {
    const base = hatted[1] as string;
    return `\\hat{${GREEK.has(base) ? `\\${base}` : base}}`;
  }
  if (GREEK.has(name)) return `\\${name}`;
  // Course variables are plain symbols, never units (mathjs would set `m` upright as metres).
  if (/^[A-Za-z]$/.test(name)) return name;
  return undefined;
}

function texHandler(node: MathNode, options: object): string | undefined {
  if (node.type === 'SymbolNode') {
    const tex = symbolTex((node as unknown as { name: string }).name);
    // Braced so it never fuses with a preceding command (`\cdot` + `w` -> `\cdotw`).
    return tex === undefined ? undefined : `{${tex}}`;
  }
  if (node.type === 'OperatorNode') {
    const operator = node as unknown as { fn: string; args: MathNode[] };
    if ((operator.fn === 'ctranspose' || operator.fn === 'transpose') && operator.args.length === 1) {
      const arg = operator.args[0] as MathNode;
      const inner = arg.toTex(options);
      const simple = arg.type === 'SymbolNode' || arg.type === 'ParenthesisNode';
      return simple ? `{${inner}}^{\\top}` : `\\left(${inner}\\right)^{\\top}`;
    }
  }
  return undefined;
}

/** TeX for an expression in the quiz's syntax, or null when it does not parse. */
export function expressionToTex(expression: string): string | null {
  if (expression.length > TYPESET_MAX_CHARS || expression.trim() === '') return null;
  try {
    return parse(expression).toTex({ parenthesis: 'keep', implicit: 'hide', handler: texHandler });
  } catch {
    return null;
  }
}

/** KaTeX HTML for `tex`, or null when KaTeX rejects it. No macros, no links, no HTML extensions. */
export function typeset(tex: string): string | null {
  try {
    return katex.renderToString(tex, { throwOnError: true, trust: false, strict: 'ignore', maxExpand: 100, maxSize: 10, output: 'html' });
  } catch {
    return null;
  }
}
