/**
 * Expression checking speed and accuracy over the pair table.
 *
 *   node --import tsx bench/expression.ts [--repeats 200]
 *
 * Per check: median and p99 latency over distinct answers with the expected
 * side compiled once (each check reads, binds and compares its answer: the
 * answers differ in their spacing, so no memo of a previous answer helps), the
 * same answer re-checked (the read memo answers), cold (compile the expected
 * side and grade); the CAS proof path; and a CAS-only
 * approach (nerdamer-prime simplify(a - b) == 0) on the same pairs, with its
 * verdict accuracy against the table.
 */
import nerdamer from 'nerdamer-prime/all';
import { type ExpressionOptions, expressionGrader } from '../graders/expression.ts';
import { ExpressionSpace } from '../src/math/expression/index.ts';
import { casText, expandForCas } from '../src/math/expression/cas.ts';
import { DOMAINS, PAIRS, QUIZ_DEFINITIONS } from '../tests/expression/pairs.ts';

const repeatsFlag = process.argv.indexOf('--repeats');
const REPEATS = repeatsFlag > 0 ? Number(process.argv[repeatsFlag + 1]) : 200;
/** Budget given to the CAS-only approach per pair (nerdamer's own TIMEOUT). */
const CAS_ONLY_TIMEOUT_MS = 500;
const context = { quizId: 'bench', definitions: QUIZ_DEFINITIONS, key: 'bench', seed: 20261124 };

const optionsOf = (index: number, cas: boolean): ExpressionOptions => {
  const pair = PAIRS[index]!;
  return { ...DOMAINS[pair.domain], ...pair.options, expected: pair.expected, cas };
};

function quantiles(samples: number[]): { median: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p99: at(0.99) };
}
const ms = (ns: bigint): number => Number(ns) / 1e6;
const fmt = (x: number): string => (x < 1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);

// Warm up the JIT on the whole table once.
for (let i = 0; i < PAIRS.length; i++) {
  const options = optionsOf(i, false);
  expressionGrader.grade(PAIRS[i]!.answer, expressionGrader.compile(options, context), options);
}

/** The r-th distinct text of a pair's answer: the same expression, spaced differently. */
const distinctAnswer = (answer: string, r: number): string => `${' '.repeat(r % 40)}${answer}${' '.repeat(Math.floor(r / 40))}`;

// Sampling, expected compiled once, every check a distinct answer text.
const distinct: number[] = [];
let wrong = 0;
const wrongPairs: string[] = [];
for (let i = 0; i < PAIRS.length; i++) {
  const options = optionsOf(i, false);
  const compiled = expressionGrader.compile(options, context);
  for (let r = 0; r < REPEATS; r++) {
    const answer = distinctAnswer(PAIRS[i]!.answer, r);
    const started = process.hrtime.bigint();
    const outcome = expressionGrader.grade(answer, compiled, options);
    distinct.push(ms(process.hrtime.bigint() - started));
    if (r === 0 && outcome.verdict !== PAIRS[i]!.verdict) {
      wrong++;
      wrongPairs.push(`${PAIRS[i]!.why}: got ${outcome.verdict}`);
    }
  }
}

// The same answer re-checked: the read memo short-circuits reading and binding.
const repeated: number[] = [];
for (let i = 0; i < PAIRS.length; i++) {
  const options = optionsOf(i, false);
  const compiled = expressionGrader.compile(options, context);
  for (let r = 0; r < REPEATS; r++) {
    const started = process.hrtime.bigint();
    expressionGrader.grade(PAIRS[i]!.answer, compiled, options);
    repeated.push(ms(process.hrtime.bigint() - started));
  }
}

// Sampling, cold: compile the expected side for every check.
const cold: number[] = [];
const coldRepeats = Math.max(5, Math.floor(REPEATS / 10));
for (let i = 0; i < PAIRS.length; i++) {
  const options = optionsOf(i, false);
  for (let r = 0; r < coldRepeats; r++) {
    const started = process.hrtime.bigint();
    expressionGrader.grade(PAIRS[i]!.answer, expressionGrader.compile(options, context), options);
    cold.push(ms(process.hrtime.bigint() - started));
  }
}

// The default path with a CAS proof attempt: once per distinct answer (later ones hit the proof cache).
const withCas: number[] = [];
let proved = 0;
let correctPairs = 0;
for (let i = 0; i < PAIRS.length; i++) {
  const options = optionsOf(i, true);
  const compiled = expressionGrader.compile(options, context);
  const started = process.hrtime.bigint();
  const outcome = expressionGrader.grade(PAIRS[i]!.answer, compiled, options);
  withCas.push(ms(process.hrtime.bigint() - started));
  if (outcome.verdict === 'correct') {
    correctPairs++;
    if (outcome.method === 'sampling+cas') proved++;
  }
}

// CAS only: verdict = simplify(expected - answer) == 0; matrices and unreadable text get no verdict.
const casOnly: number[] = [];
let casRight = 0;
let casTimeouts = 0;
let casNoVerdict = 0;
nerdamer.set('TIMEOUT', CAS_ONLY_TIMEOUT_MS);
for (let i = 0; i < PAIRS.length; i++) {
  const pair = PAIRS[i]!;
  const space = new ExpressionSpace(optionsOf(i, false), QUIZ_DEFINITIONS);
  const started = process.hrtime.bigint();
  let verdict: string;
  const expected = space.read(pair.expected);
  const answer = space.read(pair.answer);
  if (!answer.ok) verdict = answer.verdict;
  else if (!expected.ok) verdict = 'none';
  else {
    try {
      const text = `simplify((${casText(expandForCas(expected.bound.expr, space.domain))})-(${casText(expandForCas(answer.bound.expr, space.domain))}))`;
      verdict = nerdamer(text).toString() === '0' ? 'correct' : 'incorrect';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message === 'timeout') casTimeouts++;
      verdict = 'none';
    } finally {
      nerdamer.flush();
      nerdamer.clearVars();
    }
  }
  casOnly.push(ms(process.hrtime.bigint() - started));
  if (verdict === 'none') casNoVerdict++;
  // The CAS-only approach has no form rules: a form-rule pair counts as right only if the verdict matches anyway.
  if (verdict === pair.verdict) casRight++;
}

const row = (name: string, samples: number[]): string => {
  const { median, p99 } = quantiles(samples);
  return `${name.padEnd(52)} median ${fmt(median).padStart(10)}   p99 ${fmt(p99).padStart(10)}   (${samples.length} checks)`;
};
console.log(`Expression checks over ${PAIRS.length} pairs (node ${process.version})`);
console.log(row('sampling, distinct answers, expected compiled once', distinct));
console.log(row('sampling, the same answer re-checked (memo)', repeated));
console.log(row('sampling, cold (compile + grade)', cold));
console.log(row('sampling + CAS proof attempt (first time)', withCas));
console.log(row('CAS only: nerdamer simplify(a - b)', casOnly));
console.log('');
console.log(`sampling verdicts wrong: ${wrong} of ${PAIRS.length}${wrongPairs.length ? `\n  ${wrongPairs.join('\n  ')}` : ''}`);
console.log(`CAS proof found for ${proved} of ${correctPairs} correct answers`);
console.log(
  `CAS-only verdicts right: ${casRight} of ${PAIRS.length} (${((100 * casRight) / PAIRS.length).toFixed(0)}%); no verdict (matrix, error, timeout): ${casNoVerdict}, of which timeouts: ${casTimeouts}`,
);
