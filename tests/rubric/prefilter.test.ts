/**
 * The rubric prefilter (a phrase whose words are not all in the answer is not
 * searched, a criterion none of whose phrases can meet is missed unread)
 * changes nothing but time: every answer of the free-text fixtures, the TA
 * tables and a generated 10,000 class is graded with it and without it, and
 * the outcomes (verdict, credit, feedback, evidence, confidence) are equal.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rubricGrader, type CompiledRubric } from '../../graders/rubric.ts';
import { taTables } from '../../bench/rubric-tables.ts';
import { writeClass } from '../../bench/generate.ts';
import { Lexicon, analyzeText, compilePhrase, mayMeet, setPrefilter } from '../../src/text/phrase.ts';
import { buildSynonymClasses } from '../../src/text/synonyms.ts';
import { tempDir } from '../support/cli.ts';
import { freeTextFixtures, quizRubrics } from './quiz-rubrics.ts';

const CLASS_SIZE = 10_000;

const rubrics = quizRubrics();
const compiled = new Map([...rubrics].map(([key, rubric]) => [key, rubricGrader.compile(rubric.options, { quizId: 'mock-quiz-2', definitions: {}, key, seed: 1 })]));

/** Every distinct (part, answer) of the three sources. */
const answers = new Map<string, { key: string; answer: string; source: string }>();
function add(key: string, answer: unknown, source: string): void {
  if (typeof answer !== 'string' || !rubrics.has(key)) return;
  const id = JSON.stringify([key, answer]);
  if (!answers.has(id)) answers.set(id, { key, answer, source });
}

beforeAll(async () => {
  for (const file of freeTextFixtures()) for (const fixture of file.answers) add(file.key, fixture.answer, `fixture ${file.key} ${fixture.id}`);
  for (const table of taTables()) for (const entry of table.answers) add(table.key, entry.answer, `ta ${table.key} ${entry.id}`);
  const out = path.join(await tempDir(), 'class.jsonl');
  await writeClass({ n: CLASS_SIZE, seed: 1, out });
  for (const [line, text] of (await readFile(out, 'utf8')).trim().split('\n').entries()) {
    let submission: { answers?: Record<string, unknown> };
    try {
      submission = JSON.parse(text) as typeof submission;
    } catch {
      continue; // the generator's broken-JSON submissions
    }
    for (const [key, answer] of Object.entries(submission.answers ?? {})) add(key, answer, `class line ${line + 1}`);
  }
}, 120_000);

afterEach(() => setPrefilter(true));

const outcome = (key: string, answer: string): string =>
  JSON.stringify(rubricGrader.grade(answer, compiled.get(key) as CompiledRubric, rubrics.get(key)!.options));

describe('the rubric prefilter', () => {
  it('grades every fixture, TA-table and generated-class answer exactly as without it', () => {
    const sources = new Set([...answers.values()].map((entry) => entry.source.split(' ')[0]));
    expect(sources).toEqual(new Set(['fixture', 'ta', 'class']));
    expect(answers.size).toBeGreaterThan(10_000);
    const differ: string[] = [];
    for (const { key, answer, source } of answers.values()) {
      setPrefilter(true);
      const filtered = outcome(key, answer);
      setPrefilter(false);
      if (outcome(key, answer) !== filtered) differ.push(source);
    }
    expect(differ).toEqual([]);
  });

  it.each<[string, string, boolean]>([
    ['huge sparse vectors', 'The vectors are huge and very sparse.', true],
    ['huge sparse vectors', 'The vectors are huge.', false],
    ['dense vector', 'They are 1-hot.', false],
    ['one hot', 'They are 1-hot.', true],
    ['/sparse/', 'Nothing here.', true],
  ])('%s may meet %j: %s', (phrase, text, expected) => {
    const settings = { synonyms: buildSynonymClasses(), maxTypos: 2, lexicon: new Lexicon() };
    const compiledPhrase = compilePhrase(phrase, settings);
    expect(mayMeet(compiledPhrase, analyzeText(text, settings.lexicon))).toBe(expected);
  });
});
