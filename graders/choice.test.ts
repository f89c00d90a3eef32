import { describe, expect, it } from 'vitest';
import { OptionsError } from '../src/grader.ts';
import { compileForTest, runGraderTable } from '../tests/support/grader-table.ts';
import { choiceGrader } from './choice.ts';

const trees = {
  options: { trees: 'Decision trees', kmeans: 'k-means clustering', pca: 'Principal component analysis' },
  correct: 'trees',
};

runGraderTable(choiceGrader, 'one option, by id or by text', {
  options: trees,
  correct: [{ answer: 'trees', interpreted: 'trees (Decision trees)' }, 'TREES', 'Decision Trees', '  decision   trees. ', '(trees)', ['trees']],
  incorrect: ['kmeans', 'Principal component analysis'],
  invalid: [
    { answer: 'tres', message: /not one of the options.*did you mean "trees"/ },
    { answer: 'random forests', message: /not one of the options/ },
    { answer: ['trees', 'pca'], message: /choose one option/ },
    { answer: [], message: /no option/ },
    { answer: 'x'.repeat(5000), message: /too long/ },
    { answer: Array.from({ length: 300 }, (_, i) => `pick ${i}`), message: /too many picks/ },
  ],
});

runGraderTable(choiceGrader, 'select all that apply: right minus wrong, floored at 0', {
  options: {
    multiple: true,
    options: { alpha: 'alpha', gamma: 'gamma', pt: 'p_t', y: 'the label' },
    correct: ['alpha', 'gamma'],
  },
  correct: [['alpha', 'gamma'], ['gamma', 'alpha'], 'alpha, gamma', 'gamma; alpha', 'alpha and gamma', ['ALPHA', 'Gamma', 'alpha']],
  incorrect: [
    { answer: ['alpha'], credit: 0.5, feedback: /1 of 2 correct/ },
    { answer: ['alpha', 'gamma', 'pt'], credit: 0.5 },
    ['alpha', 'pt'],
    ['alpha', 'gamma', 'pt', 'y'],
    ['pt', 'y'],
  ],
  invalid: [
    // The texts the student saw, not the ids behind them (`pt`, `y`).
    { answer: ['alpha', 'beta'], message: /^"beta" is not one of the options: "alpha", "gamma", "p_t", "the label"$/ },
    { answer: 'the lable', message: /\(did you mean "the label"\?\)$/ },
  ],
});

runGraderTable(choiceGrader, 'numbers as option ids', {
  options: { options: { '1': 'one', '2': 'two' }, correct: '2', reveal: true },
  correct: [2, '2', 'two'],
  incorrect: [{ answer: 1, feedback: /correct answer: two/ }],
});

runGraderTable(choiceGrader, 'option texts that contain "and" or each other', {
  options: { multiple: true, options: { a: 'Rock', b: 'Roll', c: 'Rock and Roll', d: 'Jazz' }, correct: ['c', 'd'] },
  correct: ['Rock and Roll, Jazz', ['Rock and Roll', 'Jazz'], 'c; d', 'c AND d'],
  incorrect: [{ answer: 'Rock, Roll, Jazz', credit: 0 }, { answer: 'Rock and Roll', credit: 0.5 }],
});

describe('choice options', () => {
  it('a correct id that is not an option is a spec error with a did-you-mean', () => {
    expect(() => compileForTest(choiceGrader, { ...trees, correct: 'tree' })).toThrow(/"tree" is not an option id \(did you mean "trees"\?\)/);
  });
  it('several correct options need multiple: true', () => {
    expect(() => compileForTest(choiceGrader, { ...trees, correct: ['trees', 'pca'] })).toThrow(OptionsError);
  });
  it('two options that read the same are a spec error', () => {
    expect(() => compileForTest(choiceGrader, { options: { a: 'Yes', b: 'yes.' }, correct: 'a' })).toThrow(/read the same/);
  });
});
