import { describe, expect, it } from 'vitest';
import { OptionsError } from '../src/grader.ts';
import { compileForTest, runGraderTable } from '../tests/support/grader-table.ts';
import { formatSet, intervalGrader, normalizeSet, readIntervalSet, type Interval } from './interval.ts';

runGraderTable(intervalGrader, 'the open unit interval (range of sigmoid)', {
  options: { expected: '(0, 1)' },
  correct: [{ answer: '(0, 1)', interpreted: '(0, 1)' }, '(0,1)', ']0, 1[', '(0; 1)', '( 0 , 1 )', '(0, 2/2)', '(0,1) ∪ (0.5, 1)', '(0, 0.5] U (0.5, 1)'],
  incorrect: [
    { answer: '[0, 1]', feedback: /endpoints are right.*open or closed/ },
    '[0, 1)',
    '(0, 1]',
    '(-1, 1)',
    '(0, 0.5) U (0.5, 1)',
    '(-inf, inf)',
    '∅',
  ],
  invalid: [
    { answer: '0 to 1', message: /not an interval/ },
    { answer: '(1, 0)', message: /lower end is greater/ },
    { answer: '(1, 1)', message: /empty/ },
    { answer: '(0 1)', message: /two endpoints/ },
    { answer: '(0, x)', message: /endpoint "x"/ },
    { answer: '(0, [1:100000000])', message: /endpoint/ },
    { answer: '', message: /empty/ },
    { answer: ['(0, 1)'], message: /as text/ },
    { answer: '('.repeat(5000), message: /too long/ },
  ],
});

runGraderTable(intervalGrader, 'the whole real line (domain of sigmoid and tanh)', {
  options: { expected: '(-inf, inf)' },
  correct: ['(-inf, inf)', '(-∞, ∞)', '(-∞, +∞)', ' (-∞, + ∞)\n', '(- inf, + inf)', '(-infinity, infinity)', ']-inf, inf[', 'R', 'ℝ', 'all real numbers', '(-inf, 0] U (0, inf)', '[-inf, inf]'],
  incorrect: ['(0, inf)', '(-inf, 0) U (0, inf)', '[0, 1]'],
  invalid: [
    { answer: '(inf, -inf)', message: /wrong way round/ },
    { answer: '(-1e309, 1e309)', message: /not a finite number; write inf/ },
    { answer: '(NaN, 1)', message: /not a number/ },
  ],
});

runGraderTable(intervalGrader, 'the open interval (-1, 1) (range of tanh)', {
  options: { expected: '(-1, 1)', reveal: true },
  correct: ['(-1, 1)', '(−1, 1)', ']-1, 1['],
  incorrect: [{ answer: '(0, 1)', feedback: /expected set is \(-1, 1\)/ }, '[-1, 1]'],
});

runGraderTable(intervalGrader, 'a union with a hole, endpoints as arithmetic', {
  options: { expected: '(-inf, 0) U (0, inf)' },
  correct: ['(-inf, 0) ∪ (0, inf)', '(0, inf) u (-inf, 0)', '(-∞,0)∪(0,∞)'],
  incorrect: ['(-inf, inf)', '(-inf, 0] U (0, inf)'],
});

runGraderTable(intervalGrader, 'endpoints written as expressions', {
  options: { expected: '(0, pi/2]' },
  correct: ['(0, π/2]', '(0, 1.5708]', '(0, 3.14159/2]'],
  incorrect: ['(0, pi]', '(0, pi/2)'],
});

describe('interval sets', () => {
  it('merges overlapping and touching intervals, keeps holes', () => {
    const reading = readIntervalSet('(2, 3) U [0, 1] U (1, 2)');
    expect(reading.ok && formatSet(reading.set)).toBe('[0, 2) ∪ (2, 3)');
    expect(formatSet(normalizeSet([{ low: -1, high: 0, lowClosed: false, highClosed: true }, { low: 0, high: 1, lowClosed: false, highClosed: false }]))).toBe('(-1, 1)');
  });
  it('notes that an infinite end is read as open', () => {
    const reading = readIntervalSet('[-inf, 0]');
    expect(reading.ok && reading.notes[0]).toMatch(/always open/);
  });
  it('gives a full-precision reference that passes an exact tolerance', () => {
    const options = { expected: '[0, pi]', rtol: 0, atol: 0 };
    const compiled = compileForTest(intervalGrader, options) as Interval[];
    const reference = intervalGrader.reference!(compiled, options) as string;
    expect(intervalGrader.grade(reference, compiled, options).verdict).toBe('correct');
  });
  it('notes an infinite closed end once, however many there are', () => {
    const reading = readIntervalSet('[-inf, 0) U (0, inf]');
    expect(reading.ok && reading.notes).toHaveLength(1);
  });
  it('a bad expected set is a spec error on `expected`', () => {
    expect(() => compileForTest(intervalGrader, { expected: '(1, 0)' })).toThrow(OptionsError);
  });
});
