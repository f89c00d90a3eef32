/** Loads the hand-built results and compares outputs with golden files. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { SubmissionResult } from '../../src/types.ts';
import type { QuizInfo } from '../../src/reporters/quiz-info.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GOLDEN_DIR = path.join(ROOT, 'fixtures/golden');
/** Fixed timestamp for reports under test. */
export const GENERATED_AT = '2025-01-15T09:30:00Z';

export function loadResults(name = 'demo-class.jsonl'): SubmissionResult[] {
  return readFileSync(path.join(ROOT, 'fixtures/results', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SubmissionResult);
}

export function loadQuizInfo(name = 'demo-quiz.json'): QuizInfo {
  return JSON.parse(readFileSync(path.join(ROOT, 'fixtures/results', name), 'utf8')) as QuizInfo;
}

/**
 * Asserts `actual` equals the golden file. `UPDATE_GOLDEN=1` rewrites the file
 * instead (review the diff before committing).
 */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual, 'utf8');
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  }
  expect(actual).toBe(expected);
}
