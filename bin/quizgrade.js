#!/usr/bin/env node
// Runs the CLI from plain JavaScript bundles in dist/, rebuilt here whenever a
// source is newer (about a second), so there is no build step to
// remember after `npm ci` or an edit. Workers load the same bundles: no
// TypeScript loader in the hot path. If dist/ can't be written (a read-only
// install), the sources run through tsx instead: slower, same results.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, build, isFresh } from './build.js';

let execute;
try {
  if (!(await isFresh())) await build();
  ({ execute } = await import(pathToFileURL(path.join(DIST, 'cli.js')).href));
} catch (error) {
  process.stderr.write(`quizgrade: running from the sources (slower): no bundle in ${DIST} (${error.message})\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ execute } = await import('../src/cli/index.ts'));
}
process.exitCode = await execute(process.argv.slice(2));
