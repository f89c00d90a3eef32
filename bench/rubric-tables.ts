/**
 * The TA tables of fixtures/free-text/ta: free-text answers to the quiz's rubric
 * parts, each with the score range a careful TA gives and why, grouped by the
 * failure class it probes (`realistic` answers are kept apart so the review
 * load is measured on them). `measureTables` grades every answer with the
 * quiz's own rubric and counts how the grader fares against the ranges.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { rubricGrader, type RubricOptions } from '../graders/rubric.ts';
import { withWordNetSynonyms } from '../src/text/wordnet.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TA_TABLES_DIR = path.join(REPO_ROOT, 'fixtures/free-text/ta');
export const QUIZ_PATH = path.join(REPO_ROOT, 'questions/mock-quiz-2.yaml');

export const ANSWER_CLASSES = [
  'realistic', 'stuffing', 'wrong-claim', 'contradiction', 'negation', 'question', 'quoted-false', 'restricted', 'paraphrase',
] as const;
export type AnswerClass = (typeof ANSWER_CLASSES)[number];

/** Scores this close to a range's end are in it (sums of fractional points). */
const SCORE_EPSILON = 1e-6;

export interface TaAnswer {
  id: string;
  class: AnswerClass;
  answer: string;
  ta: [number, number];
  reason: string;
  /** A known miss: why the grader neither scores it in range nor reviews it. */
  limit?: string;
}

export interface TaTable {
  file: string;
  key: string;
  points: number;
  answers: TaAnswer[];
}

export interface QuizRubric {
  key: string;
  points: number;
  options: RubricOptions;
}

interface SpecPart {
  id: string;
  points?: number;
  answer: { type: string } & Record<string, unknown>;
}

/** Every `type: rubric` answer of the quiz, by submission key. */
export function quizRubrics(quizPath = QUIZ_PATH): Map<string, QuizRubric> {
  const spec = parse(readFileSync(quizPath, 'utf8')) as { questions: (Partial<SpecPart> & { id: string; parts?: SpecPart[] })[] };
  const rubrics = new Map<string, QuizRubric>();
  for (const question of spec.questions) {
    const parts: [string, SpecPart][] =
      question.parts === undefined ? [[question.id, question as SpecPart]] : question.parts.map((part) => [`${question.id}.${part.id}`, part]);
    for (const [key, part] of parts) {
      if (part.answer?.type !== 'rubric') continue;
      rubrics.set(key, { key, points: part.points ?? 0, options: part.answer as unknown as RubricOptions });
    }
  }
  return rubrics;
}

/** The same rubrics with `wordnet: true`, expanded as the loader does. */
export function withWordNet(rubrics: ReadonlyMap<string, QuizRubric>): Map<string, QuizRubric> {
  return new Map([...rubrics].map(([key, rubric]) => [key, { ...rubric, options: withWordNetSynonyms({ ...rubric.options, wordnet: true }) }]));
}

export function taTables(dir = TA_TABLES_DIR): TaTable[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ file: name, ...(parse(readFileSync(path.join(dir, name), 'utf8')) as Omit<TaTable, 'file'>) }));
}

export interface GradedAnswer {
  key: string;
  id: string;
  class: AnswerClass;
  ta: [number, number];
  limit?: string;
  score: number;
  review: boolean;
  reasons: string[];
  confidence?: number;
  seconds: number;
}

export function gradeTables(tables = taTables(), rubrics = quizRubrics()): GradedAnswer[] {
  const graded: GradedAnswer[] = [];
  for (const table of tables) {
    const rubric = rubrics.get(table.key);
    if (rubric === undefined) throw new Error(`${table.file}: no rubric part ${table.key} in the quiz`);
    const compiled = rubricGrader.compile(rubric.options, { quizId: 'mock-quiz-2', definitions: {}, key: table.key, seed: 1 });
    for (const answer of table.answers) {
      const start = performance.now();
      const outcome = rubricGrader.grade(answer.answer, compiled, rubric.options);
      const seconds = (performance.now() - start) / 1000;
      const details = (outcome.details ?? {}) as { review?: string[]; confidence?: number };
      graded.push({
        key: table.key,
        id: answer.id,
        class: answer.class,
        ta: answer.ta,
        ...(answer.limit !== undefined ? { limit: answer.limit } : {}),
        score: Math.round(outcome.credit * rubric.points * 1e6) / 1e6,
        review: outcome.verdict === 'needs-review',
        reasons: details.review ?? [],
        ...(details.confidence !== undefined ? { confidence: details.confidence } : {}),
        seconds,
      });
    }
  }
  return graded;
}

export interface TableFigures {
  answers: number;
  inRange: number;
  overCredit: number;
  underCredit: number;
  /** Misses (over or under) sent to review. */
  missesReviewed: number;
  /** Over-credit left as an automatic score. */
  unflaggedOverCredit: number;
  reviewed: number;
  /** Share of answers scored within range or sent to review. */
  safe: number;
  /** Share of misses that reach review (1 when there are none). */
  reach: number;
  /** Share of answers sent to review. */
  load: number;
}

/** The answer's score is outside its TA range by more than rounding. */
export function outOfRange(answer: Pick<GradedAnswer, 'score' | 'ta'>): 'over' | 'under' | null {
  if (answer.score > answer.ta[1] + SCORE_EPSILON) return 'over';
  if (answer.score < answer.ta[0] - SCORE_EPSILON) return 'under';
  return null;
}

export function figures(graded: readonly GradedAnswer[]): TableFigures {
  let inRange = 0;
  let overCredit = 0;
  let underCredit = 0;
  let missesReviewed = 0;
  let unflaggedOverCredit = 0;
  let reviewed = 0;
  let safe = 0;
  for (const answer of graded) {
    const miss = outOfRange(answer);
    const over = miss === 'over';
    const under = miss === 'under';
    if (answer.review) reviewed += 1;
    if (over) overCredit += 1;
    if (under) underCredit += 1;
    if (!over && !under) inRange += 1;
    if ((over || under) && answer.review) missesReviewed += 1;
    if (over && !answer.review) unflaggedOverCredit += 1;
    if ((!over && !under) || answer.review) safe += 1;
  }
  const misses = overCredit + underCredit;
  const count = graded.length;
  return {
    answers: count,
    inRange,
    overCredit,
    underCredit,
    missesReviewed,
    unflaggedOverCredit,
    reviewed,
    safe: count === 0 ? 1 : safe / count,
    reach: misses === 0 ? 1 : missesReviewed / misses,
    load: count === 0 ? 0 : reviewed / count,
  };
}

/** The figures of the realistic class, of the adversarial classes together, and of each class. */
export function figuresByClass(graded: readonly GradedAnswer[]): { realistic: TableFigures; adversarial: TableFigures; classes: Map<AnswerClass, TableFigures> } {
  const classes = new Map<AnswerClass, TableFigures>();
  for (const name of ANSWER_CLASSES) {
    const members = graded.filter((answer) => answer.class === name);
    if (members.length > 0) classes.set(name, figures(members));
  }
  return {
    realistic: figures(graded.filter((answer) => answer.class === 'realistic')),
    adversarial: figures(graded.filter((answer) => answer.class !== 'realistic')),
    classes,
  };
}
