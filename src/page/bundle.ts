/**
 * The page's script: src/page/browser.ts and the grading core bundled for the
 * browser by esbuild, minified. To run under the page's CSP (no eval), ajv is
 * replaced by validators compiled ahead of time with ajv's standalone code (the
 * submission schema; specs are never compiled in the page). Nothing of Node is
 * reached: the page inlines KaTeX's stylesheet when it is built.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { precompiledAjv } from '../bundle/precompiled-ajv.ts';

/**
 * The package's own folder: this module runs from src/page/ or, inside the
 * CLI's bundle, from dist/; the page's entry is always the TypeScript source.
 */
function packageRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ENTRY))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`${ENTRY} is missing from this installation of quizgrade`);
  }
}
const ENTRY = 'src/page/browser.ts';
const PACKAGE_ROOT = packageRoot();
/** The minified browser script of the page, safe to inline in a <script> element. */
export async function bundlePageScript(): Promise<string> {
  const output = await build({
    entryPoints: [path.join(PACKAGE_ROOT, ENTRY)],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    plugins: [precompiledAjv('error', 'submission')],
  });
  // `</script` inside a string would end the element early.
  return output.outputFiles[0]!.text.replace(/<\/(script)/gi, '<\\/$1');
}
