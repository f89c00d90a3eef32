/**
 * Synthetic class generator for the benchmark: N submissions (JSONL, one per
 * line) for a quiz, seeded and deterministic, with the variety of a real class:
 * right answers in several equivalent forms, the same in messy formats, the
 * spec's anticipated mistakes, random wrong answers, blanks, and a small share
 * of unreadable or invalid submissions.
 *
 * Run alone:
 *   node --import tsx bench/generate.ts --n 10000 --seed 1 --out /tmp/class.jsonl [--spec questions/mock-quiz-2.yaml]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { evaluateArithmetic } from '../src/math/arithmetic.ts';
import { formatNumber } from '../src/math/number-format.ts';
import { loadQuiz } from '../src/quiz/load.ts';
import type { Part, Quiz } from '../src/quiz/model.ts';
import type { AnswerValue } from '../src/types.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SPEC = path.join(REPO_ROOT, 'questions', 'mock-quiz-2.yaml');
export const DEFAULT_SEED = 1;
export const STUDENT_ID_PREFIX = 'b';
export const STUDENT_ID_DIGITS = 6;

/** What a generated answer is meant to be; every answer of a valid submission is one of these. */
export const ANSWER_KINDS = ['correct', 'messy', 'mistake', 'wrong', 'blank'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/**
 * Shares of the answer kinds, per part. Tuned so that about a third of the
 * (part, answer) pairs of a 10,000-student class are distinct: `wrong` answers
 * are nearly all unique, `messy` ones and free texts often are.
 */
export const ANSWER_MIX: Readonly<Record<AnswerKind, number>> = {
  correct: 0.32,
  messy: 0.17,
  mistake: 0.12,
  wrong: 0.33,
  blank: 0.06,
};

/** Share of submissions that are unreadable or invalid, so that path is exercised too. */
export const INVALID_SHARE = 0.01;
export const INVALID_KINDS = ['broken-json', 'unknown-answer-key', 'unknown-field', 'wrong-quiz'] as const;
export type InvalidKind = (typeof INVALID_KINDS)[number];

/** How a blank shows up: mostly a missing key, sometimes an empty or whitespace string. */
const BLANK_FORMS: readonly (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, '', '', '   '];

/** Seeded randomness over pure-rand's xoroshiro128+. */
export class Random {
  private readonly rng: RandomGenerator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
    // xoroshiro128+ from a small seed starts poorly mixed.
    for (let i = 0; i < 16; i++) this.rng.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  /** True with probability `p` (to a millionth). */
  chance(p: number): boolean {
    return this.int(0, 999_999) < p * 1_000_000;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** A key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = (this.int(0, 999_999) / 1_000_000) * total;
    for (const [key, weight] of entries) {
      if (draw < weight) return key;
      draw -= weight;
    }
    return entries[entries.length - 1]![0];
  }

  /** A decimal in [min, max] with `digits` decimals, as text. */
  decimal(min: number, max: number, digits: number): string {
    const scale = 10 ** digits;
    return (this.int(Math.round(min * scale), Math.round(max * scale)) / scale).toFixed(digits);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

/** How one part's answers are drawn. */
export interface PartPlan {
  key: string;
  type: string;
  /** Right answers, in equivalent forms. */
  correct: readonly AnswerValue[];
  /** The anticipated mistakes (the spec's, in a few forms, and classic ones); may be empty. */
  mistakes: readonly AnswerValue[];
  /** A random wrong answer; nearly always a new one. */
  wrong: (random: Random) => AnswerValue;
  /** A right answer made messy: spacing, Unicode signs, case, typos. */
  messy: (random: Random, answer: AnswerValue) => AnswerValue;
}

// ---------------------------------------------------------------------------
// Messy formats

/** Operators next to which people put or drop spaces. */
const SPACE_AROUND = /[+\-*/(),=]/;
const UNICODE_SIGNS: readonly [RegExp, string][] = [
  [/-/g, '−'],
  [/\*/g, '·'],
  [/\*/g, '×'],
  [/\*/g, ' '],
  [/'/g, 'ᵀ'],
  [/\byhat\b/g, 'ŷ'],
  [/\bsigmoid\b/g, 'σ'],
  [/\btheta\b/g, 'θ'],
  [/\balpha\b/g, 'α'],
  [/\blog\b/g, 'ln'],
  [/\bexp\(([^()]*)\)/g, 'e^($1)'],
];

/** Adds or removes a space next to a random operator (keeps identifiers whole). */
function respace(random: Random, text: string): string {
  const spots: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    const before = text[i - 1] ?? '';
    const after = text[i] ?? '';
    if (SPACE_AROUND.test(before) || SPACE_AROUND.test(after)) spots.push(i);
  }
  if (spots.length === 0) return `${text} `;
  const at = random.pick(spots);
  if (text[at] === ' ') return text.slice(0, at) + text.slice(at + 1);
  return `${text.slice(0, at)} ${text.slice(at)}`;
}

export function messyMath(random: Random, answer: AnswerValue): AnswerValue {
  if (Array.isArray(answer)) return answer.map((step) => (random.chance(0.5) ? String(messyMath(random, step)) : step));
  let text = String(answer);
  const edits = random.int(1, 3);
  for (let i = 0; i < edits; i++) {
    switch (random.int(0, 4)) {
      case 0:
      case 1:
        text = respace(random, text);
        break;
      case 2: {
        const [pattern, replacement] = random.pick(UNICODE_SIGNS);
        text = text.replace(pattern, replacement);
        break;
      }
      case 3:
        text = text.replace(/\s+/g, '');
        break;
      default:
        text = random.pick([` ${text}`, `${text} `, `  ${text}\t`, `${text}\n`]);
    }
  }
  return text;
}

/** Thousands grouping: Western `1,265,220`, Indian `12,65,220`, or thin spaces. */
export function groupDigits(integer: number, style: 'western' | 'indian' | 'space'): string {
  const digits = String(Math.abs(Math.trunc(integer)));
  const sign = integer < 0 ? '-' : '';
  if (style === 'indian' && digits.length > 3) {
    const head = digits.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
    return `${sign}${head},${digits.slice(-3)}`;
  }
  const separator = style === 'space' ? ' ' : ',';
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function messyNumber(random: Random, answer: AnswerValue): AnswerValue {
  const text = String(answer);
  const plain = Number(text.replace(/[ ,]/g, ''));
  if (Number.isInteger(plain) && /^[\d ,]+$/.test(text)) {
    return random.pick([groupDigits(plain, 'western'), groupDigits(plain, 'indian'), groupDigits(plain, 'space'), ` ${plain} `, `${plain}.0`, `= ${plain}`]);
  }
  return messyMath(random, answer);
}

const TYPOS: readonly [RegExp, string][] = [
  [/tion\b/, 'tin'],
  [/ie/, 'ei'],
  [/ss/, 's'],
  [/ea/, 'ae'],
  [/\bthe\b/, 'teh'],
  [/ly\b/, 'yl'],
];

/** Swaps two adjacent letters somewhere in a text. */
function swapLetters(random: Random, text: string): string {
  if (text.length < 4) return text;
  const at = random.int(1, text.length - 3);
  return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
}

export function messyText(random: Random, answer: AnswerValue): AnswerValue {
  let text = String(answer);
  const edits = random.int(1, 3);
  for (let i = 0; i < edits; i++) {
    switch (random.int(0, 5)) {
      case 0:
        text = text.toLowerCase();
        break;
      case 1:
        text = text.replace(/[.,;]/g, '');
        break;
      case 2: {
        const [pattern, replacement] = random.pick(TYPOS);
        text = text.replace(pattern, replacement);
        break;
      }
      case 3:
        text = text.replace(/ /g, () => (random.chance(0.05) ? '  ' : ' '));
        break;
      default:
        text = swapLetters(random, text);
    }
  }
  return text;
}

// ---------------------------------------------------------------------------
// Random wrong answers

/** A random wrong number is at least this far (relative) from the right one, so no tolerance accepts it. */
const WRONG_NUMBER_MIN_RELATIVE_DISTANCE = 0.05;

function drawNumber(random: Random, near: number): string {
  switch (random.int(0, 3)) {
    case 0:
      return String(random.int(0, 9_999_999));
    case 1: {
      // A slip of one of the two leading significant digits, the commonest arithmetic error.
      const digits = String(Number(near.toPrecision(4))).split('');
      const significant = digits.map((char, index) => (/[1-9]/.test(char) || (/\d/.test(char) && digits.slice(0, index).some((before) => /[1-9]/.test(before))) ? index : -1)).filter((index) => index >= 0);
      if (significant.length === 0) return String(random.int(0, 999));
      const at = random.pick(significant.slice(0, 2));
      digits[at] = String((Number(digits[at]) + random.int(1, 9)) % 10);
      return digits.join('') + (random.chance(0.5) ? '' : String(random.int(0, 9)));
    }
    case 2:
      return random.decimal(0, 10, random.int(2, 5));
    default:
      return `${random.decimal(1, 9.99, 3)}e${random.int(-6, 7)}`;
  }
}

/** A random number in a random format (integer, decimal, scientific), never close to `near`. */
function randomNumber(random: Random, near: number): string {
  for (;;) {
    const text = drawNumber(random, near);
    if (Math.abs(Number(text) - near) > WRONG_NUMBER_MIN_RELATIVE_DISTANCE * Math.abs(near)) return text;
  }
}

const INTERVAL_ENDS = ['-inf', 'inf', '-∞', '+∞', '0', '1', '-1', '2', '0.5'];

function randomInterval(random: Random): string {
  const end = (): string => {
    const draw = random.int(0, 9);
    if (draw < 4) return random.pick(INTERVAL_ENDS);
    return draw < 7 ? String(random.int(-100, 100)) : random.decimal(-10, 10, 2);
  };
  const open = random.pick(['(', '[', ']']);
  const close = random.pick([')', ']', '[']);
  const separator = random.pick([', ', ',', '; ']);
  return `${open}${end()}${separator}${end()}${close}`;
}

/** Mutations of an expression that keep it readable but (nearly always) wrong. */
function mutateExpression(random: Random, expression: string, variables: readonly string[]): string {
  // Never 1: a factor of 1 would leave the expression right.
  const coefficient = (): string => {
    const text = random.chance(0.7) ? String(random.int(2, 999)) : random.decimal(0.01, 9.99, 2);
    return Number(text) === 1 ? '1.5' : text;
  };
  switch (random.int(0, 4)) {
    case 0:
      return `${coefficient()}*(${expression})`;
    case 1:
      return `(${expression}) ${random.pick(['+', '-'])} ${coefficient()}`;
    case 2: {
      const names = variables.filter((name) => new RegExp(`\\b${name}\\b`).test(expression));
      if (names.length === 0) return `(${expression})/${coefficient()}`;
      const name = random.pick(names);
      const occurrences = [...expression.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((match) => match.index);
      const at = random.pick(occurrences);
      return `${expression.slice(0, at)}${coefficient()}*${expression.slice(at)}`;
    }
    case 3: {
      const literals = [...expression.matchAll(/\b\d+(\.\d+)?\b/g)];
      if (literals.length === 0) return `(${expression})^${random.int(2, 99)}`;
      const literal = random.pick(literals);
      let replacement = coefficient();
      while (Number(replacement) === Number(literal[0])) replacement = coefficient();
      return expression.slice(0, literal.index) + replacement + expression.slice(literal.index + literal[0].length);
    }
    default: {
      // A sign slip plus a stray factor, so it is seldom a known mistake.
      const signs = [...expression.matchAll(/[+-]/g)];
      const flipped = signs.length === 0 ? expression : (() => {
        const sign = random.pick(signs);
        return expression.slice(0, sign.index) + (sign[0] === '+' ? '-' : '+') + expression.slice(sign.index + 1);
      })();
      return `${flipped}${random.pick(['*', '/', '+'])}${coefficient()}`;
    }
  }
}

// ---------------------------------------------------------------------------
// What the mock quiz's students write, beyond what the spec says

/** Further right forms per submission key (the spec's expected form is always one). */
const EXTRA_CORRECT: Readonly<Record<string, readonly AnswerValue[]>> = {
  'q1.p1': ['1/(1+e^-x)', '1 / (1 + e^(-x))', 'sigmoid(x)', 'σ(x)', 'exp(x)/(exp(x)+1)', 'e^x/(1+e^x)'],
  'q1.p2': ['e^-x/(1+e^-x)', '1 - 1/(1+e^(-x))', '1/(1+e^x)', 'sigmoid(-x)', '1 - sigmoid(x)'],
  'q1.proof': [
    ['e^a1/(e^a1+e^a2)', '1/(1+e^(a2-a1))', 'sigmoid(a1-a2)'],
    ['exp(a1)/(exp(a1)+exp(a2))', '1/(1+exp(a2)/exp(a1))', '1/(1+exp(-(a1-a2)))', 'sigmoid(a1-a2)'],
    ['e^a1/(e^a1 + e^a2)', '1/(1 + e^(-(a1 - a2)))', 'σ(a1 − a2)'],
  ],
  'q2.w_eff': ["W1'*w2", "(w2' W1)'", 'W1ᵀ w2', "(w2' * W1)'", 'transpose(W1) * w2'],
  'q2.b_eff': ['b2 + w2ᵀb1', "w2'*b1+b2", "b1' * w2 + b2", "b2 + b1'*w2"],
  'q2.explain': [
    'Without activations each layer is an affine map, and a composition of linear maps is still linear, so the network is equivalent to a linear regression. By induction this holds for any number of layers.',
  ],
  'q3.sigmoid_domain': ['(-∞, +∞)', 'ℝ', '(-infinity, infinity)', ']-inf, inf['],
  'q3.sigmoid_range': ['(0,1)', ']0, 1['],
  'q3.tanh_domain': ['(-∞, +∞)', 'ℝ', '(-infinity, infinity)'],
  'q3.tanh_range': ['(−1, 1)', '(-1,1)', ']-1, 1['],
  'q3.tanh_via_sigmoid': ['2*sigmoid(2x) - 1', 'sigmoid(2x) - sigmoid(-2x)', '2σ(2x) − 1', 'sigmoid(2*x) - sigmoid(-2*x)', '2 sigmoid(2x) - 1'],
  'q4.layer1': ['1,229,000', '12,29,000', '1.229e6', '200*(32*32*6+1)', '200 × 6145'],
  'q4.layer2': ['24 120', '120*(200+1)', '120*201'],
  'q4.output': ['1.21e4', '100*121', '100 x 121'],
  'q4.total': ['1,265,220', '12,65,220', '1.26522e6', '200*6145 + 120*201 + 100*121', '1229000 + 24120 + 12100'],
  'q5.dz': ['ŷ - y', '-(y - yhat)', 'yhat-y'],
  'q5.dsigmoid': ['σ(z)(1−σ(z))', 'sigmoid(z) - sigmoid(z)^2', 'sigmoid(z)*(1-sigmoid(z))'],
  'q5.grad': ["X'(ŷ − y)/m", "1/m * X' * (yhat-y)", "(X' * (yhat - y))/m", "(1/m) Xᵀ(ŷ - y)"],
  'q5.db': ['sum(yhat - y)/m', '(1/m)*sum(ŷ - y)', '1/m * sum(yhat-y)'],
  'q5.update': ["theta - alpha/m * X' * (yhat - y)", 'θ − α/m · Xᵀ(ŷ − y)', "theta - (alpha/m) X'(yhat - y)"],
  'q6.entropy2': ['-p1*log(p1) - p2*log(p2)', '-(p1*ln(p1) + p2*ln(p2))', '-p1 log(p1) - (1-p1) log(1-p1)'],
  'q6.bce': ['-(y*log(ŷ) + (1-y)*log(1-ŷ))', '-y*ln(yhat) - (1-y)*ln(1-yhat)'],
  'q9.formula': ['-sum(Y.*log(Yhat))', '- sum(Y .* ln(Yhat))'],
  'q9.value': ['1.4271', '1.427', 'log(25/6)', '-ln(0.24)', '1.42712', '-(log(0.8)+log(0.3))'],
  'q10.value': ['2.634e-4', '0.0002634', '-0.25*(1-0.9)^2*ln(0.9)', '0.25 × 0.01 × 0.10536', '2.63e-4'],
  'q10.hyper': [['gamma', 'alpha'], 'alpha, gamma', 'alpha and gamma'],
};

/** Classic mistakes the spec leaves to the graders (see the quiz's source notes). */
const EXTRA_MISTAKES: Readonly<Record<string, readonly AnswerValue[]>> = {
  'q1.proof': [
    ['e^a1/(e^a1+e^a2)', '1/(1+e^(a1-a2))', 'sigmoid(a1-a2)'],
    ['e^a1/(e^a1+e^a2)', '1/(1+e^a2)', 'sigmoid(a1-a2)'],
  ],
  'q2.w_eff': ['W1 * w2', "W1' * w2'"],
  'q3.sigmoid_domain': ['(0, inf)', '(0, 1)'],
  'q3.tanh_domain': ['(0, inf)', '(-1, 1)'],
  'q3.tanh_via_sigmoid': ['2σ(x) − 1', 'tanh(x)', '2/(1+exp(-2x)) - 1'],
  'q4.total': ['24,94,220', '1,264,800'],
  'q5.dsigmoid': ['sigmoid(z)*(1-z)', 'sigmoid(1-z)'],
  'q5.grad': ["(1/m) * X * (yhat - y)"],
  'q5.update': ["theta - alpha * X' * (yhat - y)"],
  'q9.value': ['3.2189', '0.6198', '0.7136'],
  'q10.value': ['0.10536', '1.1439e-4'],
};

/** Free-text answers, by rubric criterion: ways of saying it, model to loose. */
interface TextBank {
  /** Per criterion, sentences that meet it. */
  criteria: readonly (readonly string[])[];
  /** Sentences that meet none (wrong or off-topic). */
  wrong: readonly string[];
}

const TEXT_BANKS: Readonly<Record<string, TextBank>> = {
  'q2.explain': {
    criteria: [
      [
        'A composition of linear maps is still linear.',
        'Each layer is an affine map and the product of matrices is just another matrix.',
        'It is a linear function of a linear function, so the network is equivalent to a linear regression.',
        'Without activations the whole thing collapses to W x + b, which is affine.',
      ],
      [
        'By induction this holds for any number of layers.',
        'Stacking more layers does not help: it collapses into a single layer.',
        'No matter how deep, the layers are equivalent to one layer.',
        'Depth adds nothing without non-linearities.',
      ],
    ],
    wrong: [
      'Deeper networks can always learn more complex functions.',
      'The biases make it non-linear.',
      'It depends on the learning rate.',
      'Because of backpropagation.',
    ],
  },
  'q6.uses': {
    criteria: [
      [
        'Entropy measures the uncertainty of a single distribution.',
        'Entropy is the impurity of a node and is used to choose splits in decision trees.',
        'Entropy measures the randomness of one distribution, as in information gain.',
      ],
      [
        'Cross-entropy compares the true labels with the predicted probabilities.',
        'Cross-entropy is between two distributions, the ground truth and the prediction.',
        'Cross entropy compares actual and predicted distributions.',
      ],
      [
        'Cross-entropy is the loss of logistic regression and softmax classifiers.',
        'It is used as the cost function for classification.',
        'Cross-entropy is the usual loss for a classifier.',
      ],
    ],
    wrong: ['They are the same thing.', 'Entropy is used for regression and cross-entropy for clustering.', 'Both measure the distance between points.'],
  },
  q7: {
    criteria: [
      [
        'One-hot vectors are extremely sparse and as long as the vocabulary.',
        'They are huge: the dimension is the vocabulary size, which wastes memory.',
        'For a large vocabulary they are high dimensional and wasteful.',
      ],
      [
        'Every pair of one-hot vectors is orthogonal, so there is no notion of similarity.',
        'The dot product is zero for any two different words, so they do not capture meaning.',
        'All words are equidistant, so similar words look unrelated.',
      ],
      [
        'We use dense learned embeddings (word2vec, GloVe) instead.',
        'An embedding layer gives a dense vector that captures semantics.',
        'Word embeddings like word2vec give a distributed representation.',
      ],
    ],
    wrong: ['They are fine, nothing wrong with them.', 'One-hot vectors are too slow to compute.', 'Use bag of words instead.'],
  },
  'q8.explain': {
    criteria: [
      [
        'With a sigmoid output, MSE is non-convex in theta, so gradient descent can get stuck in local minima.',
        'The squared error with a sigmoid is not convex and has multiple minima.',
        'MSE on a sigmoid is nonconvex, so GD may get stuck.',
      ],
      [
        'MSE barely penalizes confident wrong predictions because the gradient vanishes when the sigmoid saturates.',
        'The gradient is small when the sigmoid saturates.',
      ],
      [
        'To test convexity, check that the second derivative is non-negative.',
        'A function is convex if any chord lies above the curve.',
        'Check that the Hessian is positive semidefinite.',
      ],
    ],
    wrong: ['MSE is convex so it works fine.', 'Cross-entropy is faster to compute.', 'Squared error is only for regression, by definition.'],
  },
  'q10.explain': {
    criteria: [
      [
        'On imbalanced data, cross-entropy is dominated by the many easy majority-class examples.',
        'The loss is dominated by the frequent class.',
        'With cancer detection most samples are easy negatives, which dominate the loss.',
      ],
      [
        'The factor (1 - p_t)^gamma down-weights well-classified examples, so the hard examples count more.',
        'It gives less weight to well classified cases and focuses on hard ones.',
        'Well classified cases get a smaller weight, so misclassified examples matter more.',
      ],
    ],
    wrong: ['Focal loss is faster to train.', 'It makes the model smaller.', 'It adds more data for the minority class.'],
  },
};

/** Filler students put around their answer. */
const FILLERS: readonly string[] = ['', '', '', 'I think ', 'Basically, ', 'In short: ', 'As seen in class, '];

// ---------------------------------------------------------------------------
// Plans from the spec

function asText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function unique(values: readonly AnswerValue[]): AnswerValue[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = JSON.stringify(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Smallest integer whose thousands grouping has two separators, so it cannot be a decimal comma. */
const UNAMBIGUOUS_GROUPING_FROM = 1_000_000;

/** Forms of a numeric value: the expression as written, its value, grouped. */
function numberForms(expression: unknown): AnswerValue[] {
  const text = asText(expression);
  const evaluated = evaluateArithmetic(text);
  if (!evaluated.ok) return [text];
  const value = evaluated.value;
  const forms: AnswerValue[] = [formatNumber(value), text];
  // One comma group (24,120) reads as a decimal comma too, and graders call it ambiguous: only from a million up.
  if (Number.isInteger(value) && Math.abs(value) >= UNAMBIGUOUS_GROUPING_FROM) forms.push(groupDigits(value, 'western'));
  if (!Number.isInteger(value)) forms.push(String(Number(value.toPrecision(4))));
  return forms;
}

/** The spec's own mistakes (not the compiled ones: a part whose grader is missing has none compiled). */
function mistakeAnswers(part: Part): AnswerValue[] {
  return (part.answer.mistakes ?? []).map((mistake) => mistake.answer as AnswerValue);
}

function numericPlan(part: Part): PartPlan {
  const expected = evaluateArithmetic(asText(part.answer.expected));
  const near = expected.ok ? expected.value : 1;
  return {
    key: part.key,
    type: 'numeric',
    correct: unique([...numberForms(part.answer.expected), ...(EXTRA_CORRECT[part.key] ?? [])]),
    mistakes: unique([...mistakeAnswers(part).flatMap(numberForms), ...(EXTRA_MISTAKES[part.key] ?? [])]),
    wrong: (random) => randomNumber(random, near),
    messy: messyNumber,
  };
}

function intervalPlan(part: Part): PartPlan {
  const expected = asText(part.answer.expected);
  const correct = unique([expected, compact(expected), ...(EXTRA_CORRECT[part.key] ?? [])]);
  return {
    key: part.key,
    type: 'interval',
    correct,
    mistakes: unique([...mistakeAnswers(part).flatMap((answer) => [asText(answer), compact(asText(answer))]), ...(EXTRA_MISTAKES[part.key] ?? [])]),
    wrong: (random) => {
      // Redraw the rare random interval that is written like a right one.
      const right = new Set(correct.map((answer) => compact(asText(answer))));
      for (;;) {
        const interval = randomInterval(random);
        if (!right.has(compact(interval))) return interval;
      }
    },
    messy: messyMath,
  };
}

function choicePlan(part: Part): PartPlan {
  const options = (part.answer.options ?? {}) as Record<string, string>;
  const correctIds = ([] as string[]).concat(part.answer.correct as string | string[]);
  const multiple = part.answer.multiple === true;
  const ids = Object.keys(options);
  const wrongIds = ids.filter((id) => !correctIds.includes(id));
  const correct: AnswerValue[] = multiple
    ? [correctIds, correctIds.join(', ')]
    : correctIds.flatMap((id) => [id, options[id]!, options[id]!.toLowerCase()]);
  return {
    key: part.key,
    type: 'choice',
    correct: unique([...correct, ...(EXTRA_CORRECT[part.key] ?? [])]),
    mistakes: unique([...mistakeAnswers(part), ...(EXTRA_MISTAKES[part.key] ?? [])]),
    wrong: (random) => {
      if (multiple) {
        const picked = ids.filter(() => random.chance(0.5));
        const selection = picked.length === 0 || picked.join() === correctIds.join() ? [random.pick(wrongIds.length > 0 ? wrongIds : ids)] : picked;
        return random.chance(0.6) ? selection : selection.join(random.pick([', ', ',', ' and ']));
      }
      const id = random.pick(wrongIds.length > 0 ? wrongIds : ids);
      return random.pick([id, options[id]!, options[id]!.toUpperCase(), ` ${id}`]);
    },
    messy: (random, answer) => (Array.isArray(answer) ? answer.map((id) => (random.chance(0.5) ? id.toUpperCase() : ` ${id} `)) : random.pick([String(answer).toUpperCase(), ` ${String(answer)} `, `${String(answer)}.`])),
  };
}

function variableNames(part: Part): string[] {
  const variables = part.answer.variables;
  return variables && typeof variables === 'object' ? Object.keys(variables) : [];
}

function expressionPlan(part: Part): PartPlan {
  const expected = asText(part.answer.expected);
  const variables = variableNames(part);
  const correct = unique([expected, ...(EXTRA_CORRECT[part.key] ?? [])]);
  return {
    key: part.key,
    type: 'expression',
    correct,
    mistakes: unique([...mistakeAnswers(part).flatMap((answer) => [asText(answer), compact(asText(answer))]), ...(EXTRA_MISTAKES[part.key] ?? [])]),
    wrong: (random) => {
      const base = String(random.pick(correct));
      const once = mutateExpression(random, base, variables);
      return random.chance(0.3) ? mutateExpression(random, once, variables) : once;
    },
    messy: messyMath,
  };
}

function derivationPlan(part: Part): PartPlan {
  const from = asText(part.answer.from);
  const to = asText(part.answer.to);
  const variables = variableNames(part);
  const correct = unique([[from, to], ...(EXTRA_CORRECT[part.key] ?? [])]);
  return {
    key: part.key,
    type: 'derivation',
    correct,
    mistakes: unique([...mistakeAnswers(part), ...(EXTRA_MISTAKES[part.key] ?? [])]),
    wrong: (random) => {
      const chain = [...(random.pick(correct) as string[])];
      const at = random.int(1, chain.length - 1);
      chain[at] = mutateExpression(random, chain[at]!, variables);
      return chain;
    },
    messy: messyMath,
  };
}

/** Sentences meeting each criterion, from the criteria's own phrases when no bank is written. */
function bankFromCriteria(part: Part): TextBank {
  const criteria = (part.answer.criteria ?? []) as { any?: unknown[]; all?: unknown[][]; description?: string }[];
  const phrases = (list: unknown[] | undefined): string[] => (list ?? []).filter((item): item is string => typeof item === 'string' && !item.startsWith('/'));
  return {
    criteria: criteria.map((criterion) => {
      const sentences = phrases(criterion.any).map((phrase) => `It is about ${phrase}.`);
      if (criterion.all) sentences.push(`${criterion.all.map((group) => phrases(group as unknown[])[0] ?? '').join(' and ')}.`);
      if (criterion.description) sentences.push(`${criterion.description}.`);
      return sentences;
    }),
    wrong: ['I do not know.', 'It depends.', 'See the lecture notes.'],
  };
}

function rubricPlan(part: Part): PartPlan {
  const bank = TEXT_BANKS[part.key] ?? bankFromCriteria(part);
  const compose = (random: Random, criteria: readonly (readonly string[])[]): string =>
    random.pick(FILLERS) + random.shuffle(criteria.map((sentences) => random.pick(sentences))).join(' ');
  const full = (random: Random): string => compose(random, bank.criteria);
  const fixed = (pickIndex: number, criteria: readonly (readonly string[])[]): string =>
    criteria.map((sentences) => sentences[pickIndex % sentences.length]!).join(' ');
  // Leaving one criterion out: the partial answers a class repeats.
  const partial = bank.criteria.length > 1 ? bank.criteria.map((_, left) => fixed(0, bank.criteria.filter((__, index) => index !== left))) : [];
  return {
    key: part.key,
    type: 'rubric',
    // A class repeats a few model answers; messy ones vary them.
    correct: unique([...(EXTRA_CORRECT[part.key] ?? []), fixed(0, bank.criteria), fixed(1, bank.criteria), fixed(2, bank.criteria)]),
    mistakes: partial,
    wrong: (random) => {
      if (random.chance(0.5) && bank.criteria.length > 1) {
        const some = bank.criteria.filter(() => random.chance(0.5));
        const text = compose(random, some.length === 0 ? [random.pick(bank.criteria)] : some.length === bank.criteria.length ? some.slice(1) : some);
        return random.chance(0.5) ? messyText(random, text) : text;
      }
      const sentences = random.shuffle(bank.wrong).slice(0, random.int(1, 2));
      return messyText(random, random.pick(FILLERS) + sentences.join(' '));
    },
    messy: (random, answer) => messyText(random, random.chance(0.8) ? full(random) : answer),
  };
}

function planFor(part: Part): PartPlan {
  switch (part.answer.type) {
    case 'numeric':
      return numericPlan(part);
    case 'interval':
      return intervalPlan(part);
    case 'choice':
      return choicePlan(part);
    case 'expression':
      return expressionPlan(part);
    case 'derivation':
      return derivationPlan(part);
    case 'rubric':
      return rubricPlan(part);
    default:
      throw new Error(`the generator has no plan for answer type "${part.answer.type}" (part ${part.key})`);
  }
}

export interface ClassPlan {
  quizId: string;
  parts: PartPlan[];
}

export function planClass(quiz: Quiz): ClassPlan {
  return { quizId: quiz.id, parts: quiz.parts.map(planFor) };
}

export async function loadPlan(specPath = DEFAULT_SPEC): Promise<ClassPlan> {
  return planClass(await loadQuiz(specPath));
}

// ---------------------------------------------------------------------------
// Generating

export function studentId(index: number): string {
  return STUDENT_ID_PREFIX + String(index + 1).padStart(STUDENT_ID_DIGITS, '0');
}

export interface GeneratedAnswer {
  key: string;
  kind: AnswerKind;
  /** Absent for a blank given as a missing key. */
  value?: AnswerValue;
}

export interface GeneratedSubmission {
  /** The JSONL line, without its newline. */
  line: string;
  /** Why the submission is invalid, when it is meant to be. */
  invalid?: InvalidKind;
  /** The answers as drawn (before any invalidity is introduced). */
  answers: GeneratedAnswer[];
}

function drawAnswer(random: Random, plan: PartPlan): GeneratedAnswer {
  let kind = random.weighted(ANSWER_MIX);
  if (kind === 'mistake' && plan.mistakes.length === 0) kind = 'wrong';
  switch (kind) {
    case 'correct':
      return { key: plan.key, kind, value: random.pick(plan.correct) };
    case 'messy':
      return { key: plan.key, kind, value: plan.messy(random, random.pick(plan.correct)) };
    case 'mistake':
      return { key: plan.key, kind, value: random.pick(plan.mistakes) };
    case 'wrong':
      return { key: plan.key, kind, value: plan.wrong(random) };
    case 'blank': {
      const form = random.pick(BLANK_FORMS);
      return form === undefined ? { key: plan.key, kind } : { key: plan.key, kind, value: form };
    }
  }
}

/** One student's submission; `random` carries the class's state from student to student. */
export function generateSubmission(random: Random, plan: ClassPlan, index: number): GeneratedSubmission {
  const answers = plan.parts.map((part) => drawAnswer(random, part));
  const answerObject: Record<string, AnswerValue> = {};
  for (const answer of answers) if (answer.value !== undefined) answerObject[answer.key] = answer.value;
  const submission: Record<string, unknown> = { quiz: plan.quizId, student: { id: studentId(index) }, answers: answerObject };
  if (!random.chance(INVALID_SHARE)) return { line: JSON.stringify(submission), answers };

  const invalid = random.pick(INVALID_KINDS);
  switch (invalid) {
    case 'broken-json': {
      const text = JSON.stringify(submission);
      return { line: text.slice(0, random.int(1, text.length - 2)), invalid, answers };
    }
    case 'unknown-answer-key':
      answerObject[random.pick(['q11', 'q4.totl', 'q3.tanh', 'bonus'])] = 'forty-two';
      break;
    case 'unknown-field':
      submission[random.pick(['comment', 'studentId', 'answer'])] = 'see attached';
      break;
    case 'wrong-quiz':
      submission.quiz = random.pick(['mock-quiz-1', 'mock-quiz-3', 'quiz-2']);
      break;
  }
  return { line: JSON.stringify(submission), invalid, answers };
}

/** Lines of a class of `n`, lazily, in student order. */
export function* generateClass(plan: ClassPlan, options: { n: number; seed: number }): Generator<GeneratedSubmission> {
  const random = new Random(options.seed);
  for (let index = 0; index < options.n; index++) yield generateSubmission(random, plan, index);
}

/** A 53-bit string hash (cyrb53), so a large class's distinct answers fit in a Set of numbers. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export interface ClassStats {
  submissions: number;
  invalid: Record<InvalidKind, number>;
  /** Answers given (keys present) in the submissions that parse. */
  answers: number;
  /** Distinct (part, answer) pairs among them. */
  distinctAnswers: number;
  /** distinctAnswers / answers. */
  distinctRatio: number;
  /** Drawn answers by kind, over every part slot of every submission. */
  kinds: Record<AnswerKind, number>;
  bytes: number;
}

export class ClassStatsCollector {
  private readonly distinct = new Set<number>();
  readonly stats: ClassStats = {
    submissions: 0,
    invalid: Object.fromEntries(INVALID_KINDS.map((kind) => [kind, 0])) as Record<InvalidKind, number>,
    answers: 0,
    distinctAnswers: 0,
    distinctRatio: 0,
    kinds: Object.fromEntries(ANSWER_KINDS.map((kind) => [kind, 0])) as Record<AnswerKind, number>,
    bytes: 0,
  };

  add(submission: GeneratedSubmission): void {
    const stats = this.stats;
    stats.submissions++;
    stats.bytes += Buffer.byteLength(submission.line) + 1;
    if (submission.invalid) stats.invalid[submission.invalid]++;
    for (const answer of submission.answers) {
      stats.kinds[answer.kind]++;
      if (answer.value === undefined || submission.invalid === 'broken-json') continue;
      stats.answers++;
      this.distinct.add(hash53(`${answer.key}\u0000${JSON.stringify(answer.value)}`));
    }
    stats.distinctAnswers = this.distinct.size;
    stats.distinctRatio = stats.answers === 0 ? 0 : stats.distinctAnswers / stats.answers;
  }
}

/** Writes a class of `n` to `out` (JSONL) and returns what is in it. */
export async function writeClass(options: { n: number; seed: number; out: string; spec?: string }): Promise<ClassStats> {
  const plan = await loadPlan(options.spec ?? DEFAULT_SPEC);
  const collector = new ClassStatsCollector();
  const stream = createWriteStream(options.out, { encoding: 'utf8' });
  for (const submission of generateClass(plan, options)) {
    collector.add(submission);
    if (!stream.write(`${submission.line}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await finished(stream);
  return collector.stats;
}

export function describeStats(stats: ClassStats): string {
  const invalid = Object.values(stats.invalid).reduce((sum, count) => sum + count, 0);
  const slots = Object.values(stats.kinds).reduce((sum, count) => sum + count, 0);
  const mix = ANSWER_KINDS.map((kind) => `${kind} ${((100 * stats.kinds[kind]) / Math.max(1, slots)).toFixed(1)}%`).join(', ');
  return [
    `${stats.submissions} submissions (${invalid} invalid), ${(stats.bytes / 1024 / 1024).toFixed(1)} MB`,
    `answers: ${stats.answers}, distinct (part, answer) pairs: ${stats.distinctAnswers} (ratio ${stats.distinctRatio.toFixed(3)})`,
    `mix: ${mix}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string' },
      spec: { type: 'string', default: DEFAULT_SPEC },
    },
  });
  const n = Number(values.n);
  const seed = Number(values.seed);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer, not "${values.n}"`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  if (!values.out) throw new Error('--out <file.jsonl> is required');
  const stats = await writeClass({ n, seed, out: values.out, spec: values.spec });
  process.stderr.write(`wrote ${values.out}: ${describeStats(stats)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`generate: ${(error as Error).message}\n`);
    process.exitCode = 2;
  });
}
