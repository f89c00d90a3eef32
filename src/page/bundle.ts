/**
 * The page's script: src/page/browser.ts and the grading core bundled for the
 * browser by esbuild, minified. Two substitutions make it run under the page's
 * CSP (no eval): ajv is replaced by validators compiled ahead of time with
 * ajv's standalone code (the submission schema; specs are never compiled in
 * the page), and the Node built-ins the reporters read KaTeX's files with are
 * stubbed (the page inlines KaTeX's stylesheet when it is built).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { build, type Plugin } from 'esbuild';
import { SUBMISSION_AJV_OPTIONS, SUBMISSION_SCHEMA } from '../core/submission.ts';

const require = createRequire(import.meta.url);
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
const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: Ajv, validate: unknown) => string }).default;

/** Stands in for `ajv`: precompiled validators for the schemas the page checks, an error for any other. */
const AJV_STANDIN = `
import submission from 'quizgrade:submission-validator';
const PRECOMPILED = new Map([[${JSON.stringify(JSON.stringify(SUBMISSION_SCHEMA))}, submission]]);
export class Ajv {
  compile(schema) {
    const found = PRECOMPILED.get(JSON.stringify(schema));
    if (found) return found;
    const unavailable = () => { throw new Error('quiz specs are not compiled in the quiz page'); };
    unavailable.schema = schema;
    return unavailable;
  }
}
export default Ajv;
`;

/** The Node built-ins reachable from the reporters, inert: only KaTeX's stylesheet loading uses them. */
const NODE_STUB = `
export const readFileSync = () => '';
export const createRequire = () => Object.assign(() => { throw new Error('no require in the page'); }, { resolve: () => '' });
const path = { dirname: () => '', join: (...parts) => parts.join('/') };
export default path;
`;

function pagePlugin(): Plugin {
  return {
    name: 'quizgrade-page',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^ajv$/ }, () => ({ path: 'ajv', namespace: 'quizgrade' }));
      esbuild.onResolve({ filter: /^quizgrade:submission-validator$/ }, () => ({ path: 'submission-validator', namespace: 'quizgrade' }));
      esbuild.onResolve({ filter: /^node:(fs|module|path)$/ }, (args) => ({ path: args.path, namespace: 'quizgrade-node-stub' }));
      esbuild.onLoad({ filter: /.*/, namespace: 'quizgrade-node-stub' }, () => ({ contents: NODE_STUB, loader: 'js' }));
      esbuild.onLoad({ filter: /.*/, namespace: 'quizgrade' }, (args) => {
        if (args.path === 'ajv') return { contents: AJV_STANDIN, loader: 'js' };
        const ajv = new Ajv({ ...SUBMISSION_AJV_OPTIONS, code: { source: true, esm: true } });
        // resolveDir: the standalone code requires ajv's small runtime helpers from node_modules.
        return { contents: standaloneCode(ajv, ajv.compile(SUBMISSION_SCHEMA)), loader: 'js', resolveDir: PACKAGE_ROOT };
      });
    },
  };
}

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
    plugins: [pagePlugin()],
  });
  // `</script` inside a string would end the element early.
  return output.outputFiles[0]!.text.replace(/<\/(script)/gi, '<\\/$1');
}
