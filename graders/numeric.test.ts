import { describe, expect, it } from 'vitest';
import { gradePart } from '../src/core/grade.ts';
import { OptionsError } from '../src/grader.ts';
import { compileQuizText } from '../src/quiz/compile.ts';
import { compileForTest, gradeForTest, runGraderTable } from '../tests/support/grader-table.ts';
import { NUMERIC_ATOL_AT_ZERO_DEFAULT, NUMERIC_RTOL_DEFAULT, numericGrader, numericTolerance, type CompiledNumeric } from './numeric.ts';

runGraderTable(numericGrader, 'an exact integer in every format people write', {
  options: { expected: '1229000 + 24120 + 12100', rtol: 0 },
  correct: [
    { answer: '1265220', interpreted: '1265220' },
    '1,265,220',
    '12,65,220',
    '1 265 220',
    '1\u202F265\u202F220',
    "1'265'220",
    '1.265.220',
    '1.26522e6',
    '1.26522E+6',
    '1.26522 × 10^6',
    '1.26522 x 10^6',
    '1.26522*10^6',
    '1.26522·10⁶',
    { answer: '200*6145 + 120*201 + 100*121', interpreted: '200 * 6145 + 120 * 201 + 100 * 121 = 1265220' },
    '12100 + 24120 + 1229000',
    '(6144 + 1)*200 + (200 + 1)*120 + (120 + 1)*100',
    1265220,
    '  1265220  ',
  ],
  incorrect: [
    '24,94,220',
    '1264800',
    '1265221',
    '1.2652e6',
    '-1265220',
    '0',
  ],
  invalid: [
    { answer: '1,265', message: /ambiguous.*thousands separator \(1265\) or a decimal comma \(1\.265\)/ },
    { answer: '1229,000', message: /ambiguous/ },
    { answer: '1,265 + 3', message: /comma/ },
    { answer: 'about a million', message: /can't read|unknown name/ },
    { answer: 'x + 1', message: /unknown name "x"/ },
    { answer: '= 1265220', message: /without "="/ },
    { answer: '9^9^9^9', message: /finite/ },
    { answer: '1e308*10', message: /finite/ },
    { answer: 'NaN', message: /finite/ },
    { answer: 'Infinity', message: /finite/ },
    { answer: Number.POSITIVE_INFINITY, message: /finite/ },
    { answer: '[1:100000000]', message: /ArrayNode is not accepted/ },
    { answer: 'x.constructor', message: /not accepted|unknown name/ },
    { answer: 'import({})', message: /function "import" is not accepted/ },
    { answer: 'evaluate("1")', message: /not accepted|only numbers/ },
    { answer: 'f(x)=x', message: /without "="/ },
    { answer: '('.repeat(100_000) + '1' + ')'.repeat(100_000), message: /too long|too deeply/ },
    { answer: '('.repeat(60) + '1' + ')'.repeat(60), message: /too deeply/ },
    { answer: '1'.repeat(10_000), message: /too long/ },
    { answer: ['1', '2'], message: /single number/ },
    { answer: '', message: /empty/ },
    { answer: '1.26522 e6', message: /spaces inside scientific notation/ },
    { answer: '1.26522e 6', message: /spaces inside scientific notation/ },
    { answer: '1265220e', message: /exponent or the constant e/ },
    { answer: '0x134e04', message: /hexadecimal, binary or octal/ },
    { answer: '0b101', message: /hexadecimal, binary or octal/ },
    { answer: 'log(1,000)', message: /ambiguous at "1,000"/ },
  ],
});

runGraderTable(numericGrader, 'natural logs and a small absolute tolerance (Q9)', {
  options: { expected: '-(log(0.8) + log(0.3))', atol: 0.001 },
  correct: ['1.4271', '1.427', '1,4271', 'log(25, e) - log(6, e)', '-(ln(0.8) + ln(0.3))', 'log(25/6)', '-log(0.24)', 'ln(25/6)', '1.4279', '-ln(0.8) - ln(0.3)', '-(log(0.8)+log(0.3))', '0.5 + e - e + 0.9271'],
  incorrect: ['log(25)', '0.6198', '1.43', '0.7136', '1.4255'],
  invalid: [{ answer: '1,427', message: /ambiguous/ }],
});

runGraderTable(numericGrader, 'relative tolerance by default', {
  options: { expected: 2.634e-4 },
  correct: ['2.634e-4', '0.0002634', '2.6343e-4', '0.25 * 0.01 * 0.10536', '2.634E-4', '2.634*10^-4', '2.634 × 10⁻⁴'],
  incorrect: ['2.6e-4', '2.64e-4', '1.0536e-3'],
});

runGraderTable(numericGrader, 'significant figures', {
  options: { expected: 3.14159265, sigfigs: 3 },
  correct: ['3.14', '3.1416', '3.144'],
  incorrect: ['3.15', '3.1', '3.136'],
});

runGraderTable(numericGrader, 'decimal places', {
  options: { expected: 0.5, decimals: 2 },
  correct: ['0.5', '0.50', '0.504', '0,5'],
  incorrect: ['0.51', '0.494'],
});

runGraderTable(numericGrader, 'expressions: false takes only a number', {
  options: { expected: 6144, expressions: false },
  correct: ['6144', '6 144', '6.144e3', '6.144 × 10^3'],
  invalid: [
    { answer: '32*32*6', message: /not a single number/ },
    { answer: '6,144', message: /ambiguous/ },
  ],
});

runGraderTable(numericGrader, 'reveal shows the accepted interval', {
  options: { expected: 10, rtol: 0.1, reveal: true },
  correct: ['9', '11'],
  incorrect: [{ answer: '12', feedback: /from 9 to 11/ }],
});

runGraderTable(numericGrader, 'a negative expected value: the tolerance is relative to its size', {
  options: { expected: -250, rtol: 0.01 },
  correct: ['-250', '-247.5', '-252.5', '-251', '-(200 + 50)'],
  incorrect: ['250', '-252.6', '-247.4', '-2.5', '0'],
});

runGraderTable(numericGrader, 'a negative expected value with the default tolerance', {
  options: { expected: -0.0123 },
  correct: ['-0.0123', '-0.01231', '-1.23e-2'],
  incorrect: ['0.0123', '-0.0124', '-0.0122'],
});

runGraderTable(numericGrader, 'zero expected: only the absolute tolerance counts', {
  options: { expected: 0, atol: 0.01, rtol: 0.5 },
  // 0.1 - 0.09 is 0.010000000000000009: over the bound by float noise of the answer's own size, which is forgiven.
  correct: ['0', '-0', '0.01', '-0.01', '0.005', '1 - 1', '0.1 - 0.09'],
  incorrect: ['0.011', '-0.011', '1'],
});

runGraderTable(numericGrader, 'zero expected with the default tolerance: floating-point noise only', {
  options: { expected: '1 - 1' },
  correct: ['0', '0.0', '1e-10', '-1e-10', '0.1 + 0.2 - 0.3'],
  incorrect: ['1e-8', '-1e-8', '0.001'],
});

runGraderTable(numericGrader, 'zero expected with no tolerance at all: exactly zero', {
  options: { expected: 0, rtol: 0 },
  correct: ['0', '-0', '0 * 5', '1 - 1'],
  incorrect: ['1e-300', '-1e-300'],
});

runGraderTable(numericGrader, 'reveal with no tolerance shows the one accepted answer', {
  options: { expected: 10, rtol: 0, reveal: true },
  correct: ['10', '10.0'],
  incorrect: [{ answer: '11', feedback: /^The accepted answer is 10\.$/ }],
});

describe('numeric tolerance', () => {
  it('defaults to NUMERIC_RTOL_DEFAULT, relative to the expected value however small', () => {
    expect(numericTolerance(100, {})).toBe(NUMERIC_RTOL_DEFAULT * 100);
    expect(numericTolerance(1.602e-19, {})).toBe(NUMERIC_RTOL_DEFAULT * 1.602e-19);
  });
  it('an absolute default applies only to an expected 0', () => {
    expect(numericTolerance(0, {})).toBe(NUMERIC_ATOL_AT_ZERO_DEFAULT);
    expect(numericTolerance(0, { rtol: 0.1 })).toBe(0);
  });
  it('is as wide for a negative expected value as for its opposite', () => {
    for (const options of [{}, { rtol: 0.02 }, { rtol: 0.02, atol: 1 }]) expect(numericTolerance(-40, options)).toBe(numericTolerance(40, options));
    expect(numericTolerance(-40, { rtol: 0.02 })).toBeCloseTo(0.8, 12);
  });
  it('a tolerance in the spec replaces both defaults', () => {
    expect(numericTolerance(100, { atol: 0.5 })).toBe(0.5);
    expect(numericTolerance(100, { rtol: 0 })).toBe(0);
  });
  it('sigfigs replaces the defaults with half a unit in the last place', () => {
    expect(numericTolerance(1234, { sigfigs: 2 })).toBe(50);
  });
  it('rtol: 0 still absorbs floating-point noise', () => {
    expect(gradeForTest(numericGrader, { expected: 0.3, rtol: 0, atol: 0 }, '0.1 + 0.2').verdict).toBe('correct');
  });
  it('a bad expected value is a spec error on `expected`', () => {
    for (const expected of ['1,265', 'two']) {
      const compiling = () => compileForTest(numericGrader, { expected });
      expect(compiling).toThrow(OptionsError);
      expect(compiling).toThrow(expect.objectContaining({ path: ['expected'] }));
      expect(compiling).toThrow(/^can't evaluate the expected value: ./);
    }
  });
  it('says nothing more to a correct answer, and shows nothing unless reveal is on', () => {
    expect(gradeForTest(numericGrader, { expected: 10, rtol: 0.1 }, '10.5').feedback).toEqual([]);
    expect(gradeForTest(numericGrader, { expected: 10, rtol: 0.1 }, '12').feedback).toEqual([]);
  });
  it('takes only text or a number as an answer', () => {
    for (const answer of [true, null, { value: 10 }]) {
      const outcome = numericGrader.grade(answer as never, compileForTest(numericGrader, { expected: 10 }) as CompiledNumeric, { expected: 10 });
      expect(outcome.verdict).toBe('invalid');
      expect(outcome.feedback[0]).toMatch(/expected a number, written as text or as a JSON number/);
    }
  });
  it('gives the expected value, computed, as the reference answer', () => {
    expect(numericGrader.reference!(compileForTest(numericGrader, { expected: '2 * 3.5' }) as CompiledNumeric, { expected: '2 * 3.5' })).toBe('7');
  });
  it('records how the answer was read and the comparison made', () => {
    const outcome = gradeForTest(numericGrader, { expected: 10, rtol: 0 }, '1,00,000');
    expect(outcome).toMatchObject({ verdict: 'incorrect', interpreted: '100000', normalized: '100000', method: 'tolerance', details: { value: 100000, expected: 10 } });
  });
});

// Class 4 of the edge traps: with no tolerance in the spec, a tiny expected value must not be swamped by an absolute default.
runGraderTable(numericGrader, 'trap: the elementary charge, no tolerance given', {
  options: { expected: 1.602e-19 },
  correct: ['1.602e-19', '1.6022e-19', '1.602 × 10^-19', '0.1602e-18'],
  incorrect: ['0', '1.6e-19', '1.602e-18', '-1.602e-19', '1e-19', '1.602e-9'],
  invalid: [{ answer: '1.602e-19 C', message: /unknown name|can't read|unit/i }],
});
runGraderTable(numericGrader, "trap: Planck's constant, no tolerance given", {
  options: { expected: '6.626e-34' },
  correct: ['6.626e-34', '6.6262e-34'],
  incorrect: ['0', '6.6e-34', '1e-40'],
  invalid: [{ answer: 'h', message: /unknown name/ }],
});
runGraderTable(numericGrader, 'trap: a learning rate of 1e-7, no tolerance given', {
  options: { expected: 1e-7 },
  correct: ['1e-7', '0.0000001', '10^-7'],
  incorrect: ['0', '1e-8', '2e-7', '1e-9'],
});
runGraderTable(numericGrader, 'trap: an expected 0, no tolerance given (only float noise is forgiven)', {
  options: { expected: 0 },
  correct: ['0', '0.0', '1e-17', '-1e-17', '0.1 + 0.2 - 0.3'],
  incorrect: ['1e-6', '0.001', '-1e-5'],
});

describe('a wrong answer says what it missed, never the expected value unless reveal is on', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['the default', { expected: 10 }, 'Not within tolerance: an answer must be within a relative tolerance of 0.1% of the expected value.'],
    ['the default at zero', { expected: 0 }, 'Not within tolerance: an answer must be within an absolute tolerance of ±1e-9 of the expected value.'],
    ['rtol', { expected: 10, rtol: 0.05 }, 'Not within tolerance: an answer must be within a relative tolerance of 5% of the expected value.'],
    ['rtol of 0.3%', { expected: 10, rtol: 0.003 }, 'Not within tolerance: an answer must be within a relative tolerance of 0.3% of the expected value.'],
    ['atol', { expected: 10, atol: 0.01 }, 'Not within tolerance: an answer must be within an absolute tolerance of ±0.01 of the expected value.'],
    ['both', { expected: 10, rtol: 0.01, atol: 0.5 }, 'Not within tolerance: an answer must be within ±0.5 plus 1% of the expected value.'],
    ['sigfigs', { expected: 1234, sigfigs: 3 }, 'Not within tolerance: an answer must agree with the expected value to 3 significant figures.'],
    ['one decimal', { expected: 2.5, decimals: 1 }, 'Not within tolerance: an answer must agree with the expected value to 1 decimal place.'],
    ['rtol and sigfigs', { expected: 1234, rtol: 0.01, sigfigs: 2 }, 'Not within tolerance: an answer must be within a relative tolerance of 1% of the expected value, or agree with it to 2 significant figures.'],
    ['none at all', { expected: 10, rtol: 0, atol: 0 }, 'Not within tolerance: an answer must equal the expected value.'],
  ])('%s', (_name, options, text) => {
    const outcome = gradeForTest(numericGrader, options as never, '977');
    expect(outcome.verdict).toBe('incorrect');
    expect(outcome.missed).toBe(text);
    expect(outcome.missed).not.toContain(String(options['expected']));
  });
});

describe('the feedback of a wrong numeric part', () => {
  const spec = (reveal: boolean): string => [
    'quiz: n',
    'questions:',
    '  - id: q1',
    '    points: 1',
    '    answer:',
    '      type: numeric',
    '      expected: 1265220',
    '      rtol: 0.001',
    `      reveal: ${reveal}`,
    '      mistakes:',
    '        - { answer: 1253120, credit: 0, feedback: "Add the output layer too." }',
    '        - { answer: 1241100, credit: 0 }',
  ].join('\n');
  const missed = 'Not within tolerance: an answer must be within a relative tolerance of 0.1% of the expected value.';
  const revealed = 'The accepted answers are from 1263950 to 1266490.';
  it.each<[string, boolean, string, string[]]>([
    ['a mistake with feedback: that feedback only', false, '1253120', ['Add the output layer too.']],
    ['a mistake without feedback: what it missed', false, '1241100', [missed]],
    ['no mistake: what it missed', false, '5', [missed]],
    ['no mistake, reveal: what it missed, then the accepted range', true, '5', [missed, revealed]],
    ['a mistake with feedback, reveal: the feedback, then the accepted range', true, '1253120', ['Add the output layer too.', revealed]],
    ['a right answer: nothing', false, '1265220', []],
  ])('%s', (_name, reveal, answer, feedback) => {
    const part = compileQuizText(spec(reveal), 'n.yaml').parts[0]!;
    const result = gradePart(part, answer);
    expect(result.feedback).toEqual(feedback);
    if (!reveal) expect(result.feedback.join(' ')).not.toMatch(/126/);
  });
});
