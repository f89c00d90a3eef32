/**
 * The benchmark's class generator: deterministic for a seed, N lines in student
 * order, valid submissions except the invalid share it promises, the answer mix
 * it promises, and right answers that the graders really grade right.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ANSWER_KINDS,
  ANSWER_MIX,
  ClassStatsCollector,
  DEFAULT_SPEC,
  INVALID_KINDS,
  INVALID_SHARE,
  Random,
  generateClass,
  groupDigits,
  planClass,
  studentId,
  type ClassPlan,
  type GeneratedSubmission,
} from '../bench/generate.ts';
import { checkSubmission } from '../src/core/submission.ts';
import type { AnyGrader, CompileContext } from '../src/grader.ts';
import { loadQuiz } from '../src/quiz/load.ts';
import type { Quiz } from '../src/quiz/model.ts';
import { choiceGrader } from '../graders/choice.ts';
import { derivationGrader } from '../graders/derivation.ts';
import { expressionGrader } from '../graders/expression.ts';
import { intervalGrader } from '../graders/interval.ts';
import { numericGrader } from '../graders/numeric.ts';
import { rubricGrader } from '../graders/rubric.ts';

/** Every grader the mock quiz names, whether or not the registry lists it yet. */
const GRADERS_BY_TYPE: Record<string, AnyGrader> = Object.fromEntries(
  [choiceGrader, derivationGrader, expressionGrader, intervalGrader, numericGrader, rubricGrader].map((grader) => [grader.name, grader]),
);

/** Random wrong answers graded per part; enough to hit each mutation kind several times. */
const WRONG_SAMPLES_PER_PART = 40;

let quiz: Quiz;
let plan: ClassPlan;

beforeAll(async () => {
  quiz = await loadQuiz(DEFAULT_SPEC);
  plan = planClass(quiz);
});

function generate(n: number, seed: number): GeneratedSubmission[] {
  return [...generateClass(plan, { n, seed })];
}

describe('groupDigits', () => {
  it.each([
    [1265220, 'western', '1,265,220'],
    [1265220, 'indian', '12,65,220'],
    [1265220, 'space', '1 265 220'],
    [24120, 'western', '24,120'],
    [24120, 'indian', '24,120'],
    [999, 'indian', '999'],
    [-1264800, 'western', '-1,264,800'],
  ] as const)('%d %s -> %s', (value, style, expected) => {
    expect(groupDigits(value, style)).toBe(expected);
  });
});

describe('Random', () => {
  it('repeats itself for a seed and differs across seeds', () => {
    const draws = (seed: number): number[] => {
      const random = new Random(seed);
      return Array.from({ length: 20 }, () => random.int(0, 1_000_000));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });

  it('keeps int() within its bounds, both included', () => {
    const random = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(random.int(-2, 2));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });
});

describe('generateClass', () => {
  it('is deterministic for a seed', () => {
    const first = generate(300, 11).map((submission) => submission.line);
    const second = generate(300, 11).map((submission) => submission.line);
    expect(second).toEqual(first);
    expect(generate(300, 12).map((submission) => submission.line)).not.toEqual(first);
  });

  it('writes N lines, one per student, b000001 upwards, each a single line', () => {
    const submissions = generate(1234, 1);
    expect(submissions).toHaveLength(1234);
    expect(studentId(0)).toBe('b000001');
    expect(studentId(1233)).toBe('b001234');
    submissions.forEach((submission, index) => {
      expect(submission.line).not.toContain('\n');
      if (submission.invalid !== 'broken-json') {
        expect((JSON.parse(submission.line) as { student: { id: string } }).student.id).toBe(studentId(index));
      }
    });
  });

  it('makes valid submissions for the quiz, and invalid ones only where it says so', () => {
    const submissions = generate(10_000, 5);
    const invalidKinds = new Set<string>();
    let invalid = 0;
    for (const submission of submissions) {
      if (submission.invalid === 'broken-json') {
        expect(() => JSON.parse(submission.line)).toThrow();
      } else {
        const check = checkSubmission(JSON.parse(submission.line), quiz);
        if (submission.invalid) expect(check.ok, submission.line.slice(0, 200)).toBe(false);
        else expect(check.ok, check.ok ? '' : check.errors.join('; ')).toBe(true);
      }
      if (submission.invalid) {
        invalid++;
        invalidKinds.add(submission.invalid);
      }
    }
    expect(invalid / submissions.length).toBeGreaterThan(INVALID_SHARE / 2);
    expect(invalid / submissions.length).toBeLessThan(INVALID_SHARE * 1.5);
    expect([...invalidKinds].sort()).toEqual([...INVALID_KINDS].sort());
  });

  it('draws the promised mix of answer kinds', () => {
    const collector = new ClassStatsCollector();
    for (const submission of generate(3000, 2)) collector.add(submission);
    const { kinds } = collector.stats;
    const slots = ANSWER_KINDS.reduce((sum, kind) => sum + kinds[kind], 0);
    expect(slots).toBe(3000 * quiz.parts.length);
    // A mistake drawn for a part without anticipated mistakes becomes a wrong answer.
    const withMistakes = plan.parts.filter((part) => part.mistakes.length > 0).length / plan.parts.length;
    const expected = { ...ANSWER_MIX, mistake: ANSWER_MIX.mistake * withMistakes, wrong: ANSWER_MIX.wrong + ANSWER_MIX.mistake * (1 - withMistakes) };
    for (const kind of ANSWER_KINDS) expect(kinds[kind] / slots, kind).toBeCloseTo(expected[kind], 2);
  });

  it('makes about a third of the (part, answer) pairs distinct at N = 10,000', () => {
    const collector = new ClassStatsCollector();
    for (const submission of generate(10_000, 1)) collector.add(submission);
    expect(collector.stats.distinctRatio).toBeGreaterThan(0.28);
    expect(collector.stats.distinctRatio).toBeLessThan(0.38);
  });

  it('gives blanks as missing keys and as empty or whitespace strings', () => {
    const blanks = generate(500, 4).flatMap((submission) => submission.answers.filter((answer) => answer.kind === 'blank'));
    expect(blanks.some((answer) => answer.value === undefined)).toBe(true);
    expect(blanks.some((answer) => answer.value === '')).toBe(true);
    for (const answer of blanks) expect(answer.value === undefined || String(answer.value).trim() === '').toBe(true);
  });
});

describe('the plan of the mock quiz', () => {
  it('has one plan per part, in spec order', () => {
    expect(plan.parts.map((part) => part.key)).toEqual(quiz.parts.map((part) => part.key));
  });

  it.each([
    ['q4.total', ['1265220', '1,265,220', '12,65,220', '1.26522e6', '200*6145 + 120*201 + 100*121']],
    ['q3.tanh_via_sigmoid', ['2*sigmoid(2x) - 1', 'sigmoid(2x) - sigmoid(-2x)', '2σ(2x) − 1']],
  ])('offers the equivalent right forms of %s', (key, forms) => {
    const correct = plan.parts.find((part) => part.key === key)!.correct;
    for (const form of forms) expect(correct).toContain(form);
  });

  it("offers every part's anticipated mistakes from the spec", () => {
    for (const part of quiz.parts) {
      const mistakes = plan.parts.find((candidate) => candidate.key === part.key)!.mistakes.map((answer) => JSON.stringify(answer));
      // Submissions carry text; a spec may write a mistake as a number.
      const asSubmitted = (answer: unknown): string => JSON.stringify(Array.isArray(answer) ? answer : String(answer));
      for (const mistake of part.answer.mistakes ?? []) expect(mistakes, part.key).toContain(asSubmitted(mistake.answer));
    }
  });

  // The generator's promise is only worth the graders' agreement: right forms are
  // right, mistakes and random wrong answers are not.
  it('offers right answers the graders grade correct, and mistakes and wrong answers they do not', () => {
    const random = new Random(9);
    for (const part of quiz.parts) {
      const grader = GRADERS_BY_TYPE[part.answer.type]!;
      const context: CompileContext = { quizId: quiz.id, definitions: quiz.definitions, key: part.key, seed: part.seed };
      const compiled = grader.compile(part.answer, context);
      const partPlan = plan.parts.find((candidate) => candidate.key === part.key)!;
      for (const answer of partPlan.correct) {
        const outcome = grader.grade(answer, compiled, part.answer);
        expect(outcome.verdict, `${part.key} ${JSON.stringify(answer)}: ${outcome.feedback.join('; ')}`).toBe('correct');
      }
      for (const answer of partPlan.mistakes) {
        expect(grader.grade(answer, compiled, part.answer).verdict, `${part.key} mistake ${JSON.stringify(answer)}`).not.toBe('correct');
      }
      for (let i = 0; i < WRONG_SAMPLES_PER_PART; i++) {
        const answer = partPlan.wrong(random);
        expect(grader.grade(answer, compiled, part.answer).verdict, `${part.key} wrong ${JSON.stringify(answer)}`).not.toBe('correct');
      }
    }
  });
});
