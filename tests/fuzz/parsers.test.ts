/**
 * Property tests on the readers of student input: for any text they return a
 * reading or a refusal with a message, never throw; and what quizgrade prints,
 * it reads back to the same value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expressionGrader, type ExpressionOptions } from '../../graders/expression.ts';
import { formatSet, normalizeSet, readIntervalSet, type Interval } from '../../graders/interval.ts';
import { evaluateArithmetic } from '../../src/math/arithmetic.ts';
import { readNumber } from '../../src/math/number-format.ts';
import { VERDICTS } from '../../src/grader.ts';

/** Runs per property: enough to find the shallow breakages, few enough for a quick suite. */
const RUNS = 300;
const SLOW_RUNS = 150;
const SEED = 20261124;
const settings = (numRuns = RUNS) => ({ numRuns, seed: SEED });

const BRACKETS = ['(', ')', '[', ']', '{', '}', '1', ',', ' ', 'x', ';', '⁽', '⁾', '（', '）'];
const OPERATORS = ['+', '-', '*', '/', '^', '**', '.', '!', '=', '<', '>', '&', '|', '?', ':', "'", '%', '1', '9', 'e', 'x', ' ', '×', '÷', '−', '√', '∞', '²'];
const TOKENS = [
  'x', 'y', '2', '0.5', '1e308', '9', 'e', 'pi', 'inf', 'NaN', 'Infinity', 'sigmoid', 'exp', 'log', 'ln', 'tanh', 'sum', 'sqrt',
  '(', ')', '[', ']', ',', '+', '-', '*', '/', '^', '.*', "'", ' ', '=', ':', ';', '.', '"', 'constructor', '__proto__', 'toString',
  'import', 'evaluate', 'parse', 'f(x)', 'ℯ', '１', 'σ', '\u0000', '\u202e', '😀', '\ud800',
];

const fromAlphabet = (alphabet: readonly string[], maxLength = 80) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength });

/** Arbitrary text: full Unicode, raw UTF-16 (lone surrogates), bracket soup, operator soup, token soup. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 60 }),
  fromAlphabet(BRACKETS, 120),
  fromAlphabet(OPERATORS),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((tokens) => tokens.join('')),
);

function expectMessage(message: unknown): void {
  expect(typeof message).toBe('string');
  expect((message as string).trim()).not.toBe('');
}

describe('readNumber', () => {
  it('reads or refuses any text, with or without arithmetic, and never throws', () => {
    fc.assert(fc.property(anyText, fc.boolean(), (text, expressions) => {
      const reading = readNumber(text, { expressions });
      if (reading.ok) expect(Number.isFinite(reading.value)).toBe(true);
      else expectMessage(reading.message);
    }), settings());
  });

  it('reads any finite double printed by String() back to the same value', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
      const reading = readNumber(String(value), { expressions: false });
      expect(reading.ok && reading.value).toBe(value === 0 ? 0 : value);
    }), settings());
  });

  const grouped = fc.tuple(fc.integer({ min: 1_000_000, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, 0.25, 0.5, 0.75), fc.boolean())
    .map(([whole, fraction, negative]) => (negative ? -1 : 1) * (whole + fraction));

  it('reads numbers grouped in thousands (1,234,567.25; 12,34,567.5; 1 234 567) back to the same value', () => {
    fc.assert(fc.property(grouped, (value) => {
      const texts = [
        value.toLocaleString('en-US', { maximumFractionDigits: 2 }),
        value.toLocaleString('en-IN', { maximumFractionDigits: 2 }),
        Math.trunc(value).toLocaleString('fr-FR'),
      ];
      for (const text of texts) {
        const reading = readNumber(text, { expressions: false });
        expect(reading.ok ? reading.value : reading.message, text).toBe(Number(text.replace(/[^\d.-]/g, '')));
      }
    }), settings());
  });

  it('never misreads a grouped number in any locale: the same value, or a refusal that says why', () => {
    fc.assert(fc.property(grouped, fc.constantFrom('en-US', 'en-IN', 'fr-FR', 'de-DE', 'de-CH', 'es-ES', 'hi-IN', 'ar-EG'), (value, locale) => {
      const text = value.toLocaleString(locale, { maximumFractionDigits: 2 });
      const reading = readNumber(text, { expressions: false });
      if (reading.ok) expect(reading.value, `${locale}: ${text}`).toBe(value);
      else expectMessage(reading.message);
    }), settings());
  });

  it('refuses a single comma group (1,234) as ambiguous rather than guess', () => {
    fc.assert(fc.property(fc.integer({ min: 1_000, max: 999_999 }), (value) => {
      const reading = readNumber(value.toLocaleString('en-US'), { expressions: false });
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.message).toMatch(/ambiguous/);
    }), settings());
  });
});

describe('evaluateArithmetic', () => {
  it('evaluates or refuses any text and never throws', () => {
    fc.assert(fc.property(anyText, (text) => {
      const result = evaluateArithmetic(text);
      if (result.ok) expect(typeof result.value).toBe('number');
      else expectMessage(result.message);
    }), settings());
  });

  type Tree = { value: number; text: string };
  const tree = fc.letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: -1000, max: 1000 }).map((n): Tree => ({ value: n, text: n < 0 ? `(${n})` : String(n) })),
      fc.tuple(tie('node'), fc.constantFrom('+', '-', '*', '/', '^'), tie('node')).map(([left, op, right]): Tree => {
        const value = { '+': left.value + right.value, '-': left.value - right.value, '*': left.value * right.value, '/': left.value / right.value, '^': left.value ** right.value }[op]!;
        return { value, text: `(${left.text} ${op} ${right.text})` };
      }),
    ),
  })).node;

  it('computes what the same arithmetic computes in IEEE doubles', () => {
    fc.assert(fc.property(tree, ({ value, text }) => {
      const result = evaluateArithmetic(text);
      if (text.length > 2000) return;
      expect(result.ok, text).toBe(true);
      if (result.ok) expect(Object.is(result.value, value) || result.value === value, `${text} = ${result.value}, expected ${value}`).toBe(true);
    }), settings());
  });
});

describe('readIntervalSet', () => {
  it('reads or refuses any text and never throws; a reading is a sorted set of disjoint intervals', () => {
    fc.assert(fc.property(anyText, (text) => {
      const reading = readIntervalSet(text);
      if (!reading.ok) {
        expectMessage(reading.message);
        return;
      }
      for (const [index, interval] of reading.set.entries()) {
        expect(Number.isNaN(interval.low) || Number.isNaN(interval.high)).toBe(false);
        expect(interval.low).toBeLessThanOrEqual(interval.high);
        const next = reading.set[index + 1];
        if (next) expect(interval.high).toBeLessThanOrEqual(next.low);
      }
    }), settings());
  });

  /** Endpoints formatNumber prints exactly: eighths and large integers, or infinite. */
  const endpoint = fc.oneof(
    fc.integer({ min: -8_000_000, max: 8_000_000 }).map((n) => n / 8),
    fc.integer({ min: -1e15, max: 1e15 }),
  );
  const interval = fc.tuple(endpoint, endpoint, fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean())
    .map(([a, b, lowClosed, highClosed, lowInfinite, highInfinite]): Interval => {
      const low = lowInfinite ? -Infinity : Math.min(a, b);
      const high = highInfinite ? Infinity : Math.max(a, b);
      const point = low === high;
      return { low, high, lowClosed: point || (lowClosed && low !== -Infinity), highClosed: point || (highClosed && high !== Infinity) };
    });

  it('reads any set printed by formatSet back to itself', () => {
    fc.assert(fc.property(fc.array(interval, { maxLength: 4 }), (intervals) => {
      const set = normalizeSet(intervals);
      const printed = formatSet(set);
      const reading = readIntervalSet(printed);
      expect(reading.ok ? reading.set : reading.message, printed).toEqual(set);
    }), settings());
  });
});

describe('the expression grader', () => {
  const context = { quizId: 'fuzz', definitions: { 'sigmoid(x)': '1 / (1 + exp(-x))' }, key: 'q.fuzz', seed: SEED };
  const parts: [string, ExpressionOptions][] = [
    ['scalar', { expected: '2*sigmoid(2*x) - 1', variables: { x: [-3, 3] } }],
    ['matrix', { expected: "W1' * w2", dimensions: { k: [2, 5], n: [3, 6] }, variables: { W1: { shape: ['k', 'n'] }, w2: { shape: ['k', 1] } } }],
  ];

  it.each(parts)('grades any text on a %s part with a verdict, never a throw', (_name, options) => {
    const compiled = expressionGrader.compile(options, context);
    fc.assert(fc.property(anyText, (text) => {
      const outcome = expressionGrader.grade(text, compiled, options);
      expect(VERDICTS).toContain(outcome.verdict);
      expect(outcome.credit).toBeGreaterThanOrEqual(0);
      expect(outcome.credit).toBeLessThanOrEqual(1);
      if (outcome.verdict === 'invalid') expectMessage(outcome.feedback[0]);
    }), settings(SLOW_RUNS));
  }, 60_000);

  it('grades any number answer with a verdict, never a throw', () => {
    const [, options] = parts[0]!;
    const compiled = expressionGrader.compile(options, context);
    fc.assert(fc.property(fc.double(), (value) => {
      const outcome = expressionGrader.grade(value, compiled, options);
      expect(VERDICTS).toContain(outcome.verdict);
      if (outcome.verdict === 'invalid') expectMessage(outcome.feedback[0]);
    }), settings());
  });
});
