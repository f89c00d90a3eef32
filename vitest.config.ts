import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['graders/**/*.test.ts', 'src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Every test asserts something; temp folders go when their test ends.
    setupFiles: ['tests/support/setup.ts'],
    // Worker threads start slowly on a loaded 2-core machine; a hang still fails, just later.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
