/** The mock quiz and its class fixtures, shared by the page and seal tests. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadQuiz } from '../../src/quiz/load.ts';
import { ROOT } from '../support/cli.ts';

export const SPEC = path.join(ROOT, 'questions/mock-quiz-2.yaml');
export const CLASS_DIR = path.join(ROOT, 'fixtures/class');

export const loadMockQuiz = () => loadQuiz(SPEC);

/** Every single-submission fixture of the class, by file name. */
export function classFixtures(): { name: string; submission: { quiz: string; student: { id: string; name?: string }; answers: Record<string, unknown> } }[] {
  return readdirSync(CLASS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, submission: JSON.parse(readFileSync(path.join(CLASS_DIR, name), 'utf8')) }));
}
