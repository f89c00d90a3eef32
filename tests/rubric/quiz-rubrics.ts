/** The rubric parts of the real quiz and the free-text fixtures, loaded straight from their YAML. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The quiz's rubric parts: read by the TA-table bench too, so loaded in one place. */
export { quizRubrics, type QuizRubric } from '../../bench/rubric-tables.ts';

export const FIXTURE_STATUSES = ['correct', 'partial', 'incorrect', 'needs-review', 'unanswered'] as const;

export interface FreeTextFixture {
  id: string;
  answer: string;
  score: number;
  status: (typeof FIXTURE_STATUSES)[number];
  taScore?: number;
  note?: string;
}

export interface FreeTextFixtureFile {
  file: string;
  key: string;
  points: number;
  answers: FreeTextFixture[];
}

export function freeTextFixtures(): FreeTextFixtureFile[] {
  const folder = path.join(root, 'fixtures/free-text');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ file: name, ...(parse(readFileSync(path.join(folder, name), 'utf8')) as Omit<FreeTextFixtureFile, 'file'>) }));
}
