/**
 * The vitest configuration of mutation runs (stryker.config.mjs): the suite,
 * less the tests that cannot kill a mutant of the mutated modules but would
 * make every run slow. Mutants are switched on in the test's own thread only:
 * answers graded in the pool's worker threads or in a browser never meet them.
 * So the suites that grade through the pool run only when the engine's own
 * code (src/engine/, run in the test's thread) is mutated: stryker.config.mjs
 * sets QUIZGRADE_MUTATE_RUNS then. QUIZGRADE_MUTATE_TESTS (test files, comma
 * separated) runs only those: a grader's own tables, when the whole suite
 * would take hours on a busy machine (docs/testing.md).
 */
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

/**
 * Test nothing that is mutated, or only how much memory it keeps (under
 * instrumentation those overrun their time): the bundle, the benchmark
 * generator, memory ceilings, a real browser, the pool's crash handling.
 */
const NEVER = [
  'tests/bundle.test.ts',
  'tests/hostile/memos.test.ts',
  'tests/bench-generate.test.ts',
  'tests/reporters/html.browser.test.ts',
  'tests/reporters/large-class.test.ts',
  'src/engine/pool.test.ts',
];

/** Grade through the worker pool: they test the engine's run code, not the graders. */
const GRADING_RUNS = [
  'tests/cli.test.ts',
  'tests/run.test.ts',
  'tests/class.test.ts',
  'tests/class-sizes.test.ts',
  'tests/hostile/cli.test.ts',
  'tests/temp-cleanup.test.ts',
];

const ONLY = process.env.QUIZGRADE_MUTATE_TESTS?.split(',').filter((file) => file !== '');

const config = mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...configDefaults.exclude, ...NEVER, ...(process.env.QUIZGRADE_MUTATE_RUNS ? [] : GRADING_RUNS)],
    },
  }),
);
// mergeConfig would add ONLY to the base config's files, not replace them.
if (ONLY) config.test = { ...config.test, include: ONLY };

export default config;
