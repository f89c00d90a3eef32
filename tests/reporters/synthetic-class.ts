/**
 * A large synthetic class for size tests and the report benchmark: students of
 * varying ability answer a 30-part quiz; wrong answers come from a few common
 * mistakes plus some one-off answers. Seeded, so every run builds the same class.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { PartResult, PartStatus, SubmissionResult } from '../../src/types.ts';
import type { QuizInfo } from '../../src/reporters/quiz-info.ts';

export const SYNTHETIC_SEED = 20250115;
const QUESTIONS = 10;
const PARTS_PER_QUESTION = 3;

export function syntheticQuiz(): QuizInfo {
  return {
    id: 'synthetic',
    title: 'Synthetic quiz',
    maxScore: QUESTIONS * PARTS_PER_QUESTION * 2,
    questions: Array.from({ length: QUESTIONS }, (_, q) => ({
      id: `q${q + 1}`,
      title: `Question ${q + 1}`,
      parts: Array.from({ length: PARTS_PER_QUESTION }, (_, p) => ({
        key: `q${q + 1}.p${p + 1}`,
        question: `q${q + 1}`,
        part: `p${p + 1}`,
        title: `Part ${p + 1}`,
        points: 2,
        type: 'expression',
        mistakes: [
          { answer: `m${q}${p}a`, credit: 0, feedback: 'Common mistake A.' },
          { answer: `m${q}${p}b`, credit: 0.5, feedback: 'Common mistake B.' },
        ],
      })),
    })),
  };
}

export function syntheticClass(size: number, seed: number = SYNTHETIC_SEED): SubmissionResult[] {
  return [...syntheticResults(size, seed)];
}

/** The same class one result at a time, so a stream of any size holds one result at once. */
export function* syntheticResults(size: number, seed: number = SYNTHETIC_SEED): Generator<SubmissionResult> {
  const rng = xoroshiro128plus(seed);
  // next() is a 32-bit signed integer; shifted to [0, 2^32) and scaled to [0, 1).
  const chance = (): number => (rng.next() >>> 0) / 2 ** 32;
  const quiz = syntheticQuiz();
  const parts = quiz.questions.flatMap((question) => question.parts);
  const difficulty = parts.map((_, i) => ((i * 7) % 11) / 5 - 1);
  for (let s = 0; s < size; s += 1) {
    const id = `st${String(s).padStart(6, '0')}`;
    if (chance() < 0.01) {
      yield { quiz: 'synthetic', student: { id }, status: 'invalid', score: 0, maxScore: quiz.maxScore, parts: [], errors: ['Not valid JSON: unexpected end of input'], source: `${id}.json`, position: s };
      continue;
    }
    const ability = chance() * 4 - 2;
    let total = 0;
    const partResults: PartResult[] = parts.map((part, i) => {
      const pCorrect = 1 / (1 + Math.exp(-(ability - (difficulty[i] as number)) * 1.5));
      const roll = chance();
      let status: PartStatus;
      let score = 0;
      let answer: string | undefined = `e${i}`;
      let mistake: number | undefined;
      const feedback: string[] = [];
      if (roll < pCorrect) {
        status = 'correct';
        score = 2;
      } else if (roll < pCorrect + 0.003) {
        status = 'needs-review';
        answer = `free text ${s}`;
      } else {
        const kind = chance();
        if (kind < 0.4) {
          status = 'incorrect';
          answer = `m${part.key}a`;
          mistake = 0;
          feedback.push('Common mistake A.');
        } else if (kind < 0.6) {
          status = 'partial';
          score = 1;
          answer = `m${part.key}b`;
          mistake = 1;
          feedback.push('Common mistake B.');
        } else if (kind < 0.9) {
          status = 'incorrect';
          answer = `w${uniformInt(rng, 0, 20)}`;
        } else if (kind < 0.95) {
          status = 'unanswered';
          answer = undefined;
        } else {
          // One-off answers: many distinct groups to count.
          status = 'incorrect';
          answer = `unique ${s} ${i}`;
        }
      }
      total += score;
      return {
        key: part.key,
        question: part.question,
        part: part.part,
        score,
        maxScore: part.points,
        status,
        ...(answer === undefined ? {} : { answer, interpreted: answer }),
        ...(mistake === undefined ? {} : { mistake }),
        feedback,
      };
    });
    yield { quiz: 'synthetic', student: { id, name: `Student ${s}` }, status: 'graded', score: total, maxScore: quiz.maxScore, parts: partResults, errors: [], source: `${id}.json`, position: s };
  }
}
