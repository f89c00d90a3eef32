/**
 * WordNet synonyms (`wordnet: true`): what a word is expanded into, that the
 * expansion happens when the quiz is loaded (so the sealed quiz carries it and
 * grading never reads the dictionary), that validate lists it, and that it
 * credits no known wrong answer of the fixtures and the TA tables.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rubricGrader, type RubricOptions } from '../../graders/rubric.ts';
import { gradeTables, outOfRange, taTables, withWordNet } from '../../bench/rubric-tables.ts';
import { OptionsError } from '../../src/grader.ts';
import { loadQuiz } from '../../src/quiz/load.ts';
import { openSealedQuiz, sealQuiz } from '../../src/seal/quiz.ts';
import { Grader } from '../../src/engine/grade.ts';
import { describeWordNet, withWordNetSynonyms, wordNetSynonyms } from '../../src/text/wordnet.ts';
import { run, tempDir } from '../support/cli.ts';
import { freeTextFixtures, quizRubrics } from './quiz-rubrics.ts';

const compile = (options: RubricOptions) => rubricGrader.compile(options, { quizId: 't', definitions: {}, key: 'q1', seed: 1 });
const credit = (options: RubricOptions, answer: string): number => rubricGrader.grade(answer, compile(options), options).credit;

const HUGE: RubricOptions = {
  wordnet: true,
  criteria: [
    { id: 'size', points: 1, description: 'They are huge and sparse', any: ['huge sparse vectors', '/\\bwasteful\\b/'] },
    { id: 'claims-dense', points: -1, description: 'Claims they are dense', any: ['tiny vectors'] },
  ],
};

describe('wordNetSynonyms', () => {
  it.each<[string, string[], string]>([
    ['huge', ['immense', 'vast'], 'one sense: its lemmas, without the name Brobdingnagian'],
    ['sparse', ['thin'], 'one sense'],
    ['convex', ['bulging'], 'one sense, inflected forms by stem later'],
    ['orthogonal', [], 'three senses (the first is "not pertinent"): nothing'],
    ['dense', [], 'four senses'],
    ['weight', [], 'ten senses'],
    ['layers', [], 'no sense of layer alone'],
    ['mse', [], 'too short to look up'],
    ['word2vec', [], 'not a dictionary word'],
  ])('%s -> %j (%s)', (word, synonyms) => {
    expect(wordNetSynonyms(word)).toEqual(synonyms);
  });
});

describe('withWordNetSynonyms', () => {
  it('expands the words of positive criteria\'s phrases, not regular expressions nor wrong claims, and keeps other options', () => {
    const expanded = withWordNetSynonyms(HUGE);
    expect(expanded.wordnetSynonyms).toEqual({ huge: ['immense', 'vast'], sparse: ['thin'] });
    expect(expanded.criteria).toBe(HUGE.criteria);
  });

  it('leaves out the words `exclude` names, and does nothing without `wordnet`', () => {
    expect(withWordNetSynonyms({ ...HUGE, wordnet: { exclude: ['sparse'] } }).wordnetSynonyms).toEqual({ huge: ['immense', 'vast'] });
    expect(withWordNetSynonyms({ ...HUGE, wordnet: { exclude: ['vast'] } }).wordnetSynonyms).toEqual({ huge: ['immense'], sparse: ['thin'] });
    const off = { ...HUGE, wordnet: false };
    expect(withWordNetSynonyms(off)).toBe(off);
  });

  it('lets a phrase be met through the synonyms, and refuses `wordnet` when nothing expanded it', () => {
    const expanded = withWordNetSynonyms(HUGE);
    expect(credit(expanded, 'One-hot vectors are vast and thin.')).toBe(1);
    expect(credit({ ...HUGE, wordnet: false }, 'One-hot vectors are vast and thin.')).toBe(0);
    expect(() => compile(HUGE)).toThrow(OptionsError);
    expect(() => compile(HUGE)).toThrow(/looked up when the quiz is loaded/);
  });
});

describe('wordnet in a quiz', () => {
  it('is expanded when the quiz loads, listed by validate, and carried by the sealed quiz, which grades without the dictionary', async () => {
    const dir = await tempDir();
    const spec = path.join(dir, 'quiz.yaml');
    await writeFile(spec, [
      'quiz: wordnet-demo',
      'questions:',
      '  - id: q1',
      '    points: 1',
      '    answer:',
      '      type: rubric',
      '      wordnet: { exclude: [thin] }',
      '      criteria:',
      '        - { id: size, points: 1, description: They are huge, any: [huge sparse vectors] }',
      '',
    ].join('\n'));
    const quiz = await loadQuiz(spec);
    expect(quiz.parts[0]!.answer.wordnetSynonyms).toEqual({ huge: ['immense', 'vast'] });
    expect(describeWordNet(quiz.parts)).toEqual(['  q1: WordNet synonyms: huge -> immense, vast']);
    const validated = await run(['validate', spec]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('  q1: WordNet synonyms: huge -> immense, vast\n');

    const sealed = JSON.parse(JSON.stringify(sealQuiz(quiz))) as ReturnType<typeof sealQuiz>;
    // The synonyms are sealed with the phrases' other words: hashed, never readable.
    expect(JSON.stringify(sealed)).not.toMatch(/immense|vast/);
    const opened = openSealedQuiz(sealed);
    const answer = (text: string) => new Grader(opened, { cache: false }).grade({ quiz: 'wordnet-demo', student: { id: 's' }, answers: { q1: text } }).parts[0]!.score;
    expect(answer('They are immense sparse vectors.')).toBe(1);
    expect(answer('They are thin vectors.')).toBe(0);
  });
});

describe('wordnet on the quiz\'s own rubrics', () => {
  const plain = quizRubrics();
  const expanded = withWordNet(plain);

  it('credits no fixture answer more than its TA score', () => {
    for (const file of freeTextFixtures()) {
      const before = plain.get(file.key)!.options;
      const after = expanded.get(file.key)!.options;
      for (const fixture of file.answers) {
        const [was, is] = [credit(before, fixture.answer), credit(after, fixture.answer)];
        const ta = (fixture.taScore ?? fixture.score) / file.points;
        // More credit than before only where the TA gives it.
        expect(is, `${file.key} ${fixture.id}`).toBeLessThanOrEqual(Math.max(was, ta) + 1e-9);
      }
    }
  });

  it('puts no TA-table answer over its range that was not before, and leaves no over-credit unflagged', () => {
    const tables = taTables();
    const before = new Map(gradeTables(tables, plain).map((answer) => [`${answer.key} ${answer.id}`, answer]));
    for (const answer of gradeTables(tables, expanded)) {
      const id = `${answer.key} ${answer.id}`;
      const over = outOfRange(answer) === 'over';
      expect(!over || outOfRange(before.get(id)!) === 'over', `${id} over its range`).toBe(true);
      expect(!over || answer.review, `${id} over-credited without review`).toBe(true);
    }
  });
});
