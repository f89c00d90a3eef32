import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuiz } from '../quiz/load.ts';
import type { Quiz } from '../quiz/model.ts';
import { Grader, VerdictCache, answerCacheKey } from './grade.ts';

const SPEC = new URL('../../questions/mock-quiz-2.yaml', import.meta.url).pathname;

describe('VerdictCache', () => {
  it('keeps the answers that keep coming and lets one-off answers age out', () => {
    const cache = new VerdictCache<number>(3);
    cache.set('p', 'popular', 1);
    for (let i = 0; i < 10; i++) {
      cache.set('p', `one-off ${i}`, i);
      // Asked for again before its generation is dropped, it moves to the young one.
      expect(cache.get('p', 'popular')).toBe(1);
    }
    expect(cache.get('p', 'one-off 0')).toBeUndefined();
    expect(cache.get('p', 'one-off 9')).toBe(9);
    expect(cache.size).toBeLessThanOrEqual(6);
  });

  it('keeps the verdicts of different parts apart', () => {
    const cache = new VerdictCache<string>(10);
    cache.set('a', '1', 'a1');
    cache.set('b', '1', 'b1');
    expect([cache.get('a', '1'), cache.get('b', '1'), cache.get('c', '1')]).toEqual(['a1', 'b1', undefined]);
  });
});

describe('answerCacheKey', () => {
  it('never gives a text answer the key of a number or a list', () => {
    const answers = [1, '1', ['1'], '["1"]', '\u0000number\u00001', '\u0000object\u0000["1"]', '\u0000string\u0000"1"', ''];
    const keys = answers.map((answer) => answerCacheKey(answer));
    expect(new Set(keys).size).toBe(answers.length);
  });
});

describe('the verdict cache of a Grader', () => {
  let quiz: Quiz;
  beforeAll(async () => {
    quiz = await loadQuiz(SPEC);
  });

  it('gives a hostile text that spells a cached number key its own verdict', () => {
    const grader = new Grader(quiz);
    const submission = (answer: string | number) => ({ quiz: 'mock-quiz-2', student: { id: 's' }, answers: { 'q4.total': answer } });
    const total = (answer: string | number) => grader.grade(submission(answer)).parts.find((part) => part.key === 'q4.total')!;
    expect(total(1265220).status).toBe('correct');
    expect(total('\u0000number\u00001265220').status).toBe('invalid');
    expect(total(1265220).status).toBe('correct');
  });

  it('grades the same with and without the cache, whatever the order', () => {
    const cached = new Grader(quiz, { cacheEntries: 2 });
    const fresh = new Grader(quiz, { cache: false });
    const answers = ['1265220', '1,265,220', '1265220', 'abc', '1265220', '12652200', '1.26522e6', '1265220'];
    for (const answer of answers) {
      const submission = { quiz: 'mock-quiz-2', student: { id: 's' }, answers: { 'q4.total': answer, 'q4.output': answer } };
      expect(cached.grade(submission)).toEqual(fresh.grade(submission));
    }
  });
});
