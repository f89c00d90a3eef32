/**
 * Runs before every test file. A test that checks nothing passes whatever the
 * code does, so every test must make at least one assertion; and the temp
 * folders a test made are removed when it ends.
 */
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { removeTempDirs } from './temp.ts';

beforeEach(() => {
  expect.hasAssertions();
});

afterEach(() => removeTempDirs('test'));
afterAll(() => removeTempDirs('file'));
