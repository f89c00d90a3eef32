/** The rubric parts of the real quiz and the free-text fixtures, loaded straight from their YAML. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { RubricOptions } from '../../graders/rubric.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface SpecPart {
  id: string;
  points?: number;
  answer: { type: string } & Record<string, unknown>;
}
interface SpecQuestion extends Partial<SpecPart> {
  id: string;
  parts?: SpecPart[];
}

export interface QuizRubric {
  key: string;
  points: number;
  options: RubricOptions;
}

/** Every `type: rubric` answer of questions/mock-quiz-2.yaml, by submission key. */
export function quizRubrics(): Map<string, QuizRubric> {
  const spec = parse(readFileSync(path.join(root, 'questions/mock-quiz-2.yaml'), 'utf8')) as { questions: SpecQuestion[] };
  const rubrics = new Map<string, QuizRubric>();
  for (const question of spec.questions) {
    const parts: [string, SpecPart][] =
      question.parts === undefined
        ? [[question.id, question as SpecPart]]
        : question.parts.map((part) => [`${question.id}.${part.id}`, part]);
    for (const [key, part] of parts) {
      if (part.answer?.type !== 'rubric') continue;
      rubrics.set(key, { key, points: part.points ?? 0, options: part.answer as unknown as RubricOptions });
    }
  }
  return rubrics;
}

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
