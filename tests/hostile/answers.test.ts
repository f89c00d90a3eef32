/**
 * Hostile answers, one part at a time, through the engine's `gradePart`: each
 * ends with a clear status and message, never a throw (`error`), never a hang,
 * and never a verdict a reader would disagree with.
 */
import { describe, expect, it } from 'vitest';
import { expressionGrader } from '../../graders/expression.ts';
import { loadCas } from '../../src/math/expression/cas.ts';
import { gradePart } from '../../src/core/grade.ts';
import type { Part, Quiz } from '../../src/quiz/model.ts';
import type { AnswerValue, PartStatus } from '../../src/types.ts';
import {
  expectClearPart,
  expectNoPollution,
  gradeablePart,
  HOSTILE_TEST_TIMEOUT_MS,
  MEGABYTE,
  MESSAGE_MAX_CHARS,
  mockQuiz,
  prototypeSnapshot,
  standalonePart,
} from './support.ts';

const quiz: Quiz = await mockQuiz();
const before = prototypeSnapshot();

/** The quiz's parts a hostile answer is aimed at, one per grader. */
const NUMERIC = 'q4.total';
const INTERVAL = 'q3.sigmoid_range';
const DOMAIN = 'q3.sigmoid_domain';
const CHOICE = 'q6.entropy_use';
const MULTIPLE_CHOICE = 'q10.hyper';
const EXPRESSION = 'q3.tanh_via_sigmoid';
const PLAIN_EXPRESSION = 'q1.p1';
const MATRIX_EXPRESSION = 'q2.w_eff';
const RUBRIC = 'q7';

// The symbolic rows ask for proofs: the CAS is loaded as a host's prepareQuiz would.
await loadCas();

const TEN_MEGABYTES = 'x'.repeat(10 * MEGABYTE);
const DEEP_PARENTHESES = `${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
const CODE_INJECTIONS = ['f(x)=x', 'import({})', 'evaluate("1")', 'parse("1")', 'x.constructor', 'x["constructor"]', 'x.__proto__', 'createUnit("x")', 'simplify("x")'];
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

interface Case {
  name: string;
  key: string;
  answer: AnswerValue;
  /** The status it must end in (one of them, when several readings are sound). */
  status: PartStatus | PartStatus[];
  /** What the first message must say. */
  message?: RegExp;
}

const statuses = (status: Case['status']): PartStatus[] => (Array.isArray(status) ? status : [status]);

const CASES: Case[] = [
  // Size
  ...[NUMERIC, INTERVAL, EXPRESSION, RUBRIC].map((key): Case => ({ name: '10 MB answer string', key, answer: TEN_MEGABYTES, status: 'invalid', message: /too long|characters/i })),
  ...[NUMERIC, INTERVAL, EXPRESSION].map((key): Case => ({ name: '100,000 nested parentheses', key, answer: DEEP_PARENTHESES, status: 'invalid', message: /too long|too deeply/i })),
  { name: '60 nested parentheses inside the length cap', key: NUMERIC, answer: `${'('.repeat(60)}1${')'.repeat(60)}`, status: 'invalid', message: /too deeply/ },
  { name: '25 nested parentheses inside the length cap', key: EXPRESSION, answer: `${'('.repeat(25)}x${')'.repeat(25)}`, status: 'invalid', message: /nested too deeply/ },
  { name: 'an answer that is an array of 100,000 strings', key: NUMERIC, answer: Array.from({ length: 100_000 }, () => '1265220'), status: 'invalid', message: /single value/ },
  { name: 'an answer that is an array of 100,000 strings', key: EXPRESSION, answer: Array.from({ length: 100_000 }, () => 'x'), status: 'invalid' },
  { name: 'an array of 100,000 picks (one right option repeated)', key: MULTIPLE_CHOICE, answer: Array.from({ length: 100_000 }, () => 'alpha'), status: 'partial' },
  { name: 'an array of 100,000 distinct unknown picks', key: MULTIPLE_CHOICE, answer: Array.from({ length: 100_000 }, (_, i) => `option${i}`), status: 'invalid' },
  // Expressions that ask mathjs to allocate or compute without bound
  ...[NUMERIC, INTERVAL, EXPRESSION, PLAIN_EXPRESSION].map((key): Case => ({ name: 'range [1:100000000]', key, answer: '[1:100000000]', status: 'invalid' })),
  { name: 'range 1:100000000 without brackets', key: NUMERIC, answer: '1:100000000', status: 'invalid' },
  { name: 'range 1:100000000 without brackets', key: PLAIN_EXPRESSION, answer: '1:100000000', status: 'invalid' },
  { name: 'tower 9^9^9^9', key: NUMERIC, answer: '9^9^9^9', status: 'invalid', message: /finite/ },
  { name: 'tower 9^9^9^9', key: PLAIN_EXPRESSION, answer: '9^9^9^9', status: ['invalid', 'incorrect'] },
  { name: 'tower x^(9^9^9)', key: PLAIN_EXPRESSION, answer: 'x^(9^9^9)', status: ['invalid', 'incorrect'] },
  { name: '(x+y+z+w)^30 on a part without y, z, w', key: EXPRESSION, answer: '(x+y+z+w)^30', status: 'invalid', message: /Unknown variable/ },
  { name: 'overflow 1e308*10', key: NUMERIC, answer: '1e308*10', status: 'invalid', message: /finite/ },
  { name: 'overflow 1e308*10', key: PLAIN_EXPRESSION, answer: '1e308*10', status: ['invalid', 'incorrect'] },
  { name: 'overflow 1e309 literal', key: NUMERIC, answer: '1e309', status: 'invalid', message: /finite/ },
  // Non-finite numbers, as text and as JSON-impossible numbers
  ...['NaN', 'Infinity', '-Infinity', 'inf', '0/0'].map((answer): Case => ({ name: `text ${answer}`, key: NUMERIC, answer, status: 'invalid' })),
  ...[Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((answer): Case => ({ name: `number ${answer}`, key: NUMERIC, answer, status: 'invalid', message: /finite/ })),
  { name: 'number 1e308', key: NUMERIC, answer: 1e308, status: 'incorrect' },
  { name: 'number -0', key: NUMERIC, answer: -0, status: 'incorrect' },
  ...['NaN', 'Infinity'].map((answer): Case => ({ name: `text ${answer}`, key: PLAIN_EXPRESSION, answer, status: 'invalid' })),
  { name: 'number NaN', key: PLAIN_EXPRESSION, answer: Number.NaN, status: 'invalid' },
  { name: 'number NaN', key: CHOICE, answer: Number.NaN, status: 'invalid' },
  { name: 'number NaN', key: INTERVAL, answer: Number.NaN, status: 'invalid' },
  { name: 'number NaN', key: RUBRIC, answer: Number.NaN, status: 'invalid' },
  // Infinite endpoints
  { name: 'interval (-Infinity, Infinity)', key: DOMAIN, answer: '(-Infinity, Infinity)', status: 'correct' },
  { name: 'interval [-Infinity, Infinity] (infinite ends read as open)', key: DOMAIN, answer: '[-Infinity, Infinity]', status: 'correct' },
  { name: 'interval (-∞, ∞)', key: DOMAIN, answer: '(-∞, ∞)', status: 'correct' },
  { name: 'interval (Infinity, -Infinity)', key: DOMAIN, answer: '(Infinity, -Infinity)', status: 'invalid', message: /wrong way round/ },
  { name: 'interval (inf, inf)', key: DOMAIN, answer: '(inf, inf)', status: 'invalid' },
  { name: 'interval (NaN, 1)', key: INTERVAL, answer: '(NaN, 1)', status: 'invalid', message: /not a number/ },
  { name: 'interval (0, inf - inf)', key: INTERVAL, answer: '(0, inf - inf)', status: 'invalid', message: /not a number/ },
  { name: 'interval (0, Infinity) for (0, 1)', key: INTERVAL, answer: '(0, Infinity)', status: 'incorrect' },
  // Code and prototype names
  ...CODE_INJECTIONS.flatMap((answer) => [NUMERIC, INTERVAL, PLAIN_EXPRESSION, CHOICE].map((key): Case => ({ name: `code ${answer}`, key, answer, status: 'invalid' }))),
  ...PROTOTYPE_NAMES.flatMap((answer) => [NUMERIC, PLAIN_EXPRESSION, CHOICE, MULTIPLE_CHOICE].map((key): Case => ({ name: `prototype name ${answer}`, key, answer, status: 'invalid' }))),
  ...PROTOTYPE_NAMES.map((answer): Case => ({ name: `prototype name ${answer} as a symbol in a sum`, key: PLAIN_EXPRESSION, answer: `1/(1+exp(-x)) + ${answer}`, status: 'invalid', message: /Unknown|not allowed/ })),
  { name: 'prototype names as picks', key: MULTIPLE_CHOICE, answer: ['__proto__', 'toString', 'hasOwnProperty'], status: 'invalid' },
  // Control characters, NUL, broken UTF-16, bidi, emoji
  ...[NUMERIC, PLAIN_EXPRESSION, CHOICE, INTERVAL].map((key): Case => ({ name: 'NUL byte in the middle', key, answer: '12\u000065220', status: 'invalid' })),
  { name: 'terminal escape sequence', key: NUMERIC, answer: '\u001b[31m1265220\u001b[0m', status: 'invalid' },
  { name: 'terminal escape sequence', key: CHOICE, answer: '\u001b[2Jtrees', status: 'invalid' },
  { name: 'lone surrogate', key: NUMERIC, answer: '\ud800', status: 'invalid' },
  { name: 'lone surrogate', key: PLAIN_EXPRESSION, answer: '1/(1+exp(-x))\udc00', status: 'invalid' },
  { name: 'right-to-left override', key: NUMERIC, answer: '\u202e1265220', status: 'invalid' },
  { name: 'emoji after a number', key: NUMERIC, answer: '1265220 😀', status: 'invalid' },
  { name: 'emoji expression', key: PLAIN_EXPRESSION, answer: '😀(x)', status: 'invalid' },
  { name: 'NUL and control characters in free text', key: RUBRIC, answer: 'One-hot\u0000 vectors are\u0007 sparse\u001b[0m.', status: 'partial' },
  { name: 'lone surrogates in free text', key: RUBRIC, answer: '\ud800\udfff\ud800 one-hot vectors are sparse', status: 'partial' },
  { name: 'Hebrew, Arabic and emoji in free text', key: RUBRIC, answer: 'שלום مرحبا 😀🔥 \u202eorthogonal\u202c', status: ['incorrect', 'partial', 'needs-review'] },
  // Unicode confusables: read as what they mean, or refused; never misread
  { name: 'fullwidth digits', key: NUMERIC, answer: '１２６５２２０', status: 'correct' },
  { name: 'mathematical bold digits', key: NUMERIC, answer: '𝟏𝟐𝟔𝟓𝟐𝟐𝟎', status: 'correct' },
  { name: 'Arabic-Indic digits', key: NUMERIC, answer: '١٢٦٥٢٢٠', status: ['correct', 'invalid'] },
  { name: 'script e (ℯ) as the exponential', key: PLAIN_EXPRESSION, answer: '1/(1+ℯ^(-x))', status: 'correct' },
  { name: 'Cyrillic х for x', key: PLAIN_EXPRESSION, answer: '1/(1+exp(-х))', status: 'invalid' },
  { name: 'fullwidth interval', key: INTERVAL, answer: '（０，１）', status: 'correct' },
  { name: 'fullwidth option id', key: CHOICE, answer: 'ｔｒｅｅｓ', status: 'correct' },
  // Free text built to make regular expressions backtrack
  { name: "'a' x 50,000 + '!'", key: RUBRIC, answer: `${'a'.repeat(50_000)}!`, status: 'invalid', message: /characters/ },
  { name: "'a' x 19,999 + '!' (inside the cap)", key: RUBRIC, answer: `${'a'.repeat(19_999)}!`, status: 'incorrect' },
  { name: '1 MB free text', key: RUBRIC, answer: 'one-hot vectors are sparse '.repeat(MEGABYTE / 27 + 1), status: 'invalid', message: /characters/ },
  { name: "'linear ' repeated against a .* regex criterion", key: 'q2.explain', answer: 'linear '.repeat(2_850), status: ['incorrect', 'partial', 'needs-review'] },
  { name: "'dims ' repeated against a .* regex criterion", key: RUBRIC, answer: 'dims '.repeat(3_990), status: ['incorrect', 'partial', 'needs-review'] },
  { name: "'not ' x 5,000 (negation scopes)", key: RUBRIC, answer: 'not '.repeat(5_000), status: ['incorrect', 'needs-review'] },
  { name: 'matrix part: 100,000 nested parentheses', key: MATRIX_EXPRESSION, answer: DEEP_PARENTHESES, status: 'invalid' },
  { name: 'matrix part: matrix literal', key: MATRIX_EXPRESSION, answer: '[1, 2; 3, 4]', status: 'invalid' },
];

describe('hostile answers through gradePart', () => {
  const parts = new Map<string, Part>();
  const partFor = (key: string): Part => {
    if (!parts.has(key)) parts.set(key, gradeablePart(quiz, key));
    return parts.get(key)!;
  };

  it.each(CASES.map((entry) => [`${entry.key}: ${entry.name}${typeof entry.answer === 'string' && entry.answer.length < 40 ? ` ${JSON.stringify(entry.answer)}` : ''}`, entry] as const))(
    '%s',
    (_name, entry) => {
      const part = partFor(entry.key);
      const result = gradePart(part, entry.answer);
      expectClearPart(result);
      expect(statuses(entry.status), `${result.status}: ${result.feedback.join(' ').slice(0, 200)}`).toContain(result.status);
      if (entry.message) expect(result.feedback[0]).toMatch(entry.message);
      // The grader itself, called directly, must not throw either.
      expect(() => part.grader!.grade(entry.answer, part.compiled, part.answer)).not.toThrow();
    },
    HOSTILE_TEST_TIMEOUT_MS,
  );

  it('leaves the built-in prototypes untouched', () => {
    expectNoPollution(before);
  });
});

describe('expression parts with many variables', () => {
  const variables = { x: [-1, 1], y: [-1, 1], z: [-1, 1], w: [-1, 1] };

  it('(x+y+z+w)^30 against (x+y+z+w)^2 is incorrect, with a counterexample', () => {
    const part = standalonePart(expressionGrader, { expected: '(x+y+z+w)^2', variables });
    const result = gradePart(part, '(x+y+z+w)^30');
    expectClearPart(result);
    expect(result.status).toBe('incorrect');
    expect(result.feedback[0]).toMatch(/your expression is/);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('((x+y+z+w)^15)^2 against (x+y+z+w)^30 is correct: the symbolic check is capped, not expanded', () => {
    const part = standalonePart(expressionGrader, { expected: '(x+y+z+w)^30', variables, cas: true });
    const result = gradePart(part, '((x+y+z+w)^15)^2');
    expectClearPart(result);
    expect(result.status).toBe('correct');
  }, HOSTILE_TEST_TIMEOUT_MS);

  it('(x+y+z+w)^30 - (x+y+z+w)^30 + 1 against 1 is correct', () => {
    const part = standalonePart(expressionGrader, { expected: '1', variables, cas: true });
    const result = gradePart(part, '(x+y+z+w)^30 - (x+y+z+w)^30 + 1');
    expectClearPart(result);
    expect(result.status).toBe('correct');
  }, HOSTILE_TEST_TIMEOUT_MS);
});

describe('verdict traps in hostile clothing', () => {
  it('an overflowing finite endpoint (-1e309, 1e309) is not the whole real line', () => {
    // graders/interval.ts readEndpoint: 1e309 evaluates to Infinity and is taken as ∞.
    const part = gradeablePart(quiz, DOMAIN);
    for (const answer of ['(-1e309, 1e309)', '(-1e308*10, 1e308*10)']) {
      const result = gradePart(part, answer);
      expectClearPart(result);
      expect(result.status, answer).not.toBe('correct');
    }
  });

  it('a choice answer of 10 MB gets a short message, not its own echo', () => {
    // graders/choice.ts readSelection: no length cap; the message quotes the whole answer.
    const result = gradePart(gradeablePart(quiz, CHOICE), TEN_MEGABYTES);
    expect(result.status).toBe('invalid');
    expect(result.feedback[0]!.length).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
  }, HOSTILE_TEST_TIMEOUT_MS);

  it.each(['__proto__', 'The __proto__ of one-hot vectors is sparse.'])('rubric answer %j is graded, not a grader failure', (answer) => {
    // src/text/fold.ts foldWord: IRREGULAR_NEGATIONS[folded] reads Object.prototype for "__proto__".
    const result = gradePart(gradeablePart(quiz, RUBRIC), answer);
    expectClearPart(result);
  });

  const sameAsPlainWord = (word: string): void => {
    const part = gradeablePart(quiz, RUBRIC);
    const plain = gradePart(part, 'The widget vectors are sparse.');
    const hostile = gradePart(part, `The ${word} vectors are sparse.`);
    expect(plain.status).toBe('partial');
    expect(hostile.status).toBe(plain.status);
    expect(hostile.score).toBe(plain.score);
  };

  it.each(['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'prototype'])('the word %j in free text does not negate what follows', sameAsPlainWord);

  // src/text/fold.ts foldWord: IRREGULAR_NEGATIONS[word] finds the inherited Object.prototype.constructor
  // and splits the word into [Object, "not"], so the next words read as negated.
  it('the word "constructor" in free text does not negate what follows', () => sameAsPlainWord('constructor'));
});
