#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step between `npm ci` and `npx quizgrade`.
import { register } from 'tsx/esm/api';

register();
const { execute } = await import('../src/cli/index.ts');
process.exitCode = await execute(process.argv.slice(2));
