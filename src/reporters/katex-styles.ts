/**
 * KaTeX's stylesheet, with its main fonts inlined, so a page of typeset math
 * makes no request. Read from the katex package's files: Node only. The views
 * take it from their host (`mathStyles` in src/reporters/check.ts) and the quiz
 * page inlines it when it is built.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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
