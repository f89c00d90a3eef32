// Mutation testing of the modules where a silent bug costs most (docs/testing.md).
// `npm run mutate` mutates all of them; `npm run mutate -- --mutate graders/numeric.ts`
// mutates one file. Incremental: only mutants in changed code, or covered by changed
// tests, are tested again; the results of the last run are in reports/ (not in git).
/** The files to mutate as given on the command line (`--mutate a.ts,b.ts` or `-m a.ts`), if they are. */
function mutateArgument() {
  const at = process.argv.findIndex((arg) => arg === '--mutate' || arg === '-m');
  if (at >= 0) return process.argv[at + 1] ?? '';
  return process.argv.find((arg) => arg.startsWith('--mutate='))?.slice('--mutate='.length);
}

// The suites that grade through the worker pool are slow, and kill only mutants of the engine's run code.
const only = mutateArgument();
if (only === undefined || only.includes('src/engine')) process.env.QUIZGRADE_MUTATE_RUNS = '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'graders/**/*.ts',
    'src/math/**/*.ts',
    'src/text/**/*.ts',
    'src/results/**/*.ts',
    'src/engine/inputs.ts',
    'src/engine/run.ts',
    '!**/*.test.ts',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'tests/support/vitest.mutate.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Mutants in code run only when a module loads (the graders' option schemas, tables of names) need a
  // fresh test process each, minutes apiece here; they are left out of the score. `--ignoreStatic false`
  // tests them too.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine is shared: two test runners at most; pass --concurrency 1 to take one core.
  concurrency: 2,
  // Grading runs start worker threads; a busy machine must not turn a slow test into a "timeout" kill.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['out', 'dist', 'coverage', 'reports', '.scratch', 'bench/out'],
};
