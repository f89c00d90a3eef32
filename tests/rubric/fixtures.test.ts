/**
 * The real quiz's free-text fixtures, pinned: each answer is graded by the
 * rubric of questions/mock-quiz-2.yaml and must get the score and status the
 * fixture records (fixtures/free-text/README.md).
 */
import { describe, expect, it } from 'vitest';
import { rubricGrader } from '../../graders/rubric.ts';
import { answerValidator } from '../../src/quiz/schema.ts';
import { freeTextFixtures, quizRubrics } from './quiz-rubrics.ts';

/** Fixtures per rubric part the issue asks for. */
const MIN_FIXTURES_PER_PART = 10;

const rubrics = quizRubrics();
const files = freeTextFixtures();

describe('free-text fixtures of Mock Quiz 2', () => {
  it('rubric options pass the strict answer schema the spec loader uses', () => {
    const validate = answerValidator(rubricGrader);
    for (const rubric of rubrics.values()) expect(validate(rubric.options), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ type: 'rubric', criteria: [{ id: 'c', points: 1, description: 'd', any: ['x'], weight: 2 }] })).toBe(false);
  });

  it('cover every rubric part of the quiz with enough answers', () => {
    expect(files.map((file) => file.key).sort()).toEqual([...rubrics.keys()].sort());
    for (const file of files) expect(file.answers.length, file.file).toBeGreaterThanOrEqual(MIN_FIXTURES_PER_PART);
  });

  for (const file of files) {
    describe(file.key, () => {
      const rubric = rubrics.get(file.key);
      if (rubric === undefined) throw new Error(`${file.file}: no rubric part ${file.key} in the quiz`);
      const compiled = rubricGrader.compile(rubric.options, { quizId: 'mock-quiz-2', definitions: {}, key: file.key, seed: 1 });

      it('has criteria whose positive points add up to the part points', () => {
        expect(compiled.maxPoints).toBeCloseTo(rubric.points, 9);
        expect(file.points).toBe(rubric.points);
      });

      it('offers a reference answer for the validate self-test', () => {
        const reference = rubricGrader.reference!(compiled, rubric.options);
        expect(typeof reference).toBe('string');
        expect(rubricGrader.grade(reference!, compiled, rubric.options)).toMatchObject({ verdict: 'correct', credit: 1 });
      });

      for (const fixture of file.answers) {
        it(`${fixture.id}: ${fixture.score} ${fixture.status}`, () => {
          const outcome = rubricGrader.grade(fixture.answer, compiled, rubric.options);
          const score = Math.round(outcome.credit * rubric.points * 1e6) / 1e6;
          expect(score).toBe(fixture.score);
          if (fixture.status === 'unanswered') {
            // The engine marks empty text before grading; the grader alone finds nothing in it.
            expect(fixture.answer.trim()).toBe('');
            expect(outcome.verdict).toBe('incorrect');
          } else {
            expect(outcome.verdict).toBe(fixture.status);
          }
        });
      }
    });
  }
});
