/**
 * Typesetting for the HTML check view: an expression answer (as the grader read
 * it) parsed by mathjs, never evaluated, and rendered to HTML by KaTeX, whose CSS
 * and main fonts are inlined so the page makes no request.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import katex from 'katex';
import { parse, type MathNode } from '../math/mathjs.ts';

/** Longest expression typeset; longer ones are shown as text only. */
export const TYPESET_MAX_CHARS = 400;

/**
 * Fonts inlined as woff2 data: enough for ordinary formulas (upright, italic,
 * bold, big delimiters). Others fall back to the page's serif font.
 */
export const KATEX_INLINED_FONTS = [
  'KaTeX_AMS-Regular',
  'KaTeX_Main-Bold',
  'KaTeX_Main-Italic',
  'KaTeX_Main-Regular',
  'KaTeX_Math-Italic',
  'KaTeX_Size1-Regular',
  'KaTeX_Size2-Regular',
  'KaTeX_Size3-Regular',
  'KaTeX_Size4-Regular',
] as const;

const require = createRequire(import.meta.url);
let katexCss: string | undefined;

/** KaTeX's stylesheet with the chosen fonts inlined and every other font rule dropped. */
export function katexStyles(): string {
  if (katexCss !== undefined) return katexCss;
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const fontDir = path.join(path.dirname(cssPath), 'fonts');
  const css = readFileSync(cssPath, 'utf8');
  const inlined = new Set<string>(KATEX_INLINED_FONTS);
  katexCss = css.replace(/@font-face\{[^}]*\}/g, (rule) => {
    const font = /url\(fonts\/([A-Za-z0-9_-]+)\.woff2\)/.exec(rule)?.[1];
    if (font === undefined || !inlined.has(font)) return '';
    const data = readFileSync(path.join(fontDir, `${font}.woff2`)).toString('base64');
    return rule.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${data}) format("woff2")`);
  });
  return katexCss;
}

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
