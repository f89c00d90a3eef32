/**
 * The expected/answer pair table: equivalent forms, classic mistakes, sampling
 * traps, every input notation, and hostile input. Shared by the grader tests
 * and bench/expression.ts.
 */
import type { ExpressionOptions } from '../../graders/expression.ts';

export const QUIZ_DEFINITIONS: Record<string, string> = {
  'sigmoid(x)': '1 / (1 + exp(-x))',
  yhat: 'sigmoid(X*theta + b)',
};

export const DOMAINS = {
  x: { variables: { x: [-3, 3] } },
  xy: { variables: { x: [-3, 3], y: [-3, 3] } },
  logits: { variables: { a1: [-4, 4], a2: [-4, 4] } },
  prob: { variables: { p1: [0.01, 0.99] }, definitions: { p2: '1 - p1' } },
  label: { variables: { yhat: [0.01, 0.99], y: { values: [0, 1] } } },
  wide: { variables: { x: [-100, 100] } },
  huge: { variables: { x: [-1000, 1000] } },
  positive: { variables: { x: [0.5, 4] } },
  large: { variables: { x: [10, 20] } },
  tiny: { variables: { x: [-3, 3], eps: [1e-9, 2e-9] } },
  logistic: {
    dimensions: { m: [3, 7], n: [2, 5] },
    variables: { X: { shape: ['m', 'n'] }, theta: { shape: ['n', 1] }, b: [-1, 1], y: { shape: ['m', 1], values: [0, 1] }, alpha: [0.001, 1] },
  },
  network: {
    dimensions: { k: [2, 5], n: [3, 6] },
    variables: { W1: { shape: ['k', 'n'] }, w2: { shape: ['k', 1] }, b1: { shape: ['k', 1] }, b2: [-2, 2], x: { shape: ['n', 1] } },
  },
  crossEntropy: {
    dimensions: { N: [2, 5], K: [3, 5] },
    variables: { Y: { shape: ['N', 'K'], values: [0, 1] }, Yhat: { shape: ['N', 'K'], range: [0.01, 0.99] } },
  },
} satisfies Record<string, Omit<ExpressionOptions, 'expected'>>;

export type DomainName = keyof typeof DOMAINS;
export type ExpectedVerdict = 'correct' | 'incorrect' | 'invalid';

export interface Pair {
  domain: DomainName;
  expected: string;
  answer: string;
  verdict: ExpectedVerdict;
  /** What the pair tests. */
  why: string;
  options?: Partial<ExpressionOptions>;
}

const pair = (domain: DomainName, expected: string, answer: string, verdict: ExpectedVerdict, why: string, options?: Partial<ExpressionOptions>): Pair =>
  options ? { domain, expected, answer, verdict, why, options } : { domain, expected, answer, verdict, why };

export const PAIRS: readonly Pair[] = [
  // Equivalent forms of the quiz's ML identities.
  pair('x', '2*sigmoid(2*x) - 1', 'tanh(x)', 'correct', 'tanh via sigmoid'),
  pair('x', '2*sigmoid(2*x) - 1', 'sigmoid(2x) - sigmoid(-2x)', 'correct', 'the answer sheet'),
  pair('x', '2*sigmoid(2*x) - 1', '(e^x - e^-x)/(e^x + e^-x)', 'correct', 'tanh as exponentials'),
  pair('x', '2*sigmoid(2*x) - 1', '(1 - e^(-2x))/(1 + e^(-2x))', 'correct', 'tanh, one exponential'),
  pair('x', 'tanh(x)', '2σ(2x) − 1', 'correct', 'unicode sigma and minus'),
  pair('x', 'tanh(x)', 'sinh(x)/cosh(x)', 'correct', 'hyperbolic quotient'),
  pair('x', '1 / (1 + exp(-x))', 'e^x/(1+e^x)', 'correct', 'sigmoid, other form'),
  pair('x', '1 / (1 + exp(-x))', '1 - sigmoid(-x)', 'correct', 'sigmoid symmetry'),
  pair('x', 'exp(-x) / (1 + exp(-x))', '1/(1 + e^x)', 'correct', 'P(class 2)'),
  pair('x', 'exp(-x) / (1 + exp(-x))', 'sigmoid(-x)', 'correct', 'P(class 2) as sigmoid'),
  pair('logits', 'sigmoid(a1 - a2)', 'exp(a1)/(exp(a1)+exp(a2))', 'correct', 'softmax of two logits'),
  pair('logits', 'sigmoid(a1 - a2)', '1/(1 + e^(a2 - a1))', 'correct', 'divided through by e^a1'),
  pair('logits', 'sigmoid(a2 - a1)', '1 - exp(a1)/(exp(a1)+exp(a2))', 'correct', 'class 2 by complement'),
  pair('logits', 'log(exp(a1) + exp(a2))', 'a1 + softplus(a2 - a1)', 'correct', 'logsumexp via softplus'),
  pair('logits', 'max(a1, a2) + log(1 + exp(-abs(a1 - a2)))', 'log(e^a1 + e^a2)', 'correct', 'stable logsumexp'),
  pair('x', 'sigmoid(x) * (1 - sigmoid(x))', 'e^-x/(1+e^-x)^2', 'correct', 'sigmoid derivative'),
  pair('x', 'sigmoid(x) * (1 - sigmoid(x))', 'σ(x)(1 − σ(x))', 'correct', 'sigmoid derivative, implicit product'),
  pair('x', '1 - tanh(x)^2', '4 sigmoid(2x)(1 - sigmoid(2x))', 'correct', 'tanh derivative'),
  pair('x', 'softplus(x)', 'log(1 + e^x)', 'correct', 'softplus'),
  pair('x', 'relu(x)', '(x + abs(x))/2', 'correct', 'relu'),
  pair('x', 'relu(x)', 'max(0, x)', 'correct', 'relu as max'),
  pair('prob', '-p1*log(p1) - (1 - p1)*log(1 - p1)', '-p1 ln p1 - p2 ln p2', 'correct', 'entropy with definition p2 and ln'),
  pair('prob', '-p1*log(p1) - (1 - p1)*log(1 - p1)', '-(p1 log(p1) + (1-p1) log(1-p1))', 'correct', 'entropy, factored sign'),
  pair('label', '-y*log(yhat) - (1 - y)*log(1 - yhat)', '-(y log(ŷ) + (1 − y) log(1 − ŷ))', 'correct', 'BCE with ŷ'),
  pair('label', 'yhat - y', 'ŷ − y', 'correct', 'dL/dz with unicode'),
  pair('x', 'x^2 + 2*x + 1', '(x+1)²', 'correct', 'superscript square'),
  pair('x', '1/(x^2 + 1)', '(x^2+1)⁻¹', 'correct', 'superscript inverse'),
  pair('positive', 'sqrt(x)', '√x', 'correct', 'root sign'),
  pair('positive', 'sqrt(x + 1)', '√(x+1)', 'correct', 'root sign with brackets'),
  pair('x', 'pi * x', 'π x', 'correct', 'pi'),
  pair('x', '2*x*3', '2 × x · 3', 'correct', 'times and middle dot'),
  pair('x', 'x^3', 'x**3', 'correct', 'double star power'),
  pair('x', 'e^(2*x)', 'e^{2x}', 'correct', 'LaTeX exponent braces'),
  pair('x', '0.5*x', '1/2x', 'correct', '1/2x is (1/2)x'),
  pair('x', '2*(x + 1)', '2(x+1)', 'correct', 'implicit product with brackets'),
  pair('positive', 'log(x)/log(10)', 'log10(x)', 'correct', 'log10'),
  pair('positive', 'log(x)', 'ln(x)', 'correct', 'ln is log'),
  pair('positive', 'log(x^2)', '2 log(x)', 'correct', 'log rule on positive x'),
  pair('xy', 'x*y', 'y x', 'correct', 'implicit product with space'),
  // Matrix expressions.
  pair('logistic', "(1/m) * X' * (yhat - y)", "X'(ŷ − y)/m", 'correct', 'gradient, prime transpose'),
  pair('logistic', "(1/m) * X' * (yhat - y)", 'X^T (yhat - y)/m', 'correct', 'gradient, ^T'),
  pair('logistic', "(1/m) * X' * (yhat - y)", 'transpose(X)*(sigmoid(X*theta + b) - y)/m', 'correct', 'gradient, yhat expanded'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "((yhat - y)' X)'/m", 'correct', 'gradient, transposed product'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "1/m X'(yhat - y)", 'correct', '1/m X reads as (1/m)X'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "1/m Xᵀ(σ(Xθ + b) − y)", 'correct', 'Greek letters next to names'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "X'(yhat - y)", 'incorrect', 'missing 1/m'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "(1/m) X'(y - yhat)", 'incorrect', 'sign flip'),
  pair('logistic', "(1/m) * X' * (yhat - y)", '(1/m) X (yhat - y)', 'incorrect', 'missing transpose: sizes'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "(yhat - y)' X / m", 'incorrect', 'row instead of column'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "(1/m) X' (sigmoid(X theta) - y)", 'incorrect', 'forgot the bias'),
  pair('logistic', "(1/m) * X' * (yhat - y)", "(1/n) X'(yhat - y)", 'incorrect', 'n for m'),
  pair('logistic', '(1/m) * sum(yhat - y)', 'mean(yhat - y)', 'correct', 'bias gradient as mean'),
  pair('logistic', '(1/m) * sum(yhat - y)', 'sum(yhat - y)', 'incorrect', 'bias gradient without 1/m'),
  pair('logistic', "theta - alpha * (1/m) * X' * (yhat - y)", "theta - alpha/m X'(yhat - y)", 'correct', 'update'),
  pair('logistic', "theta - alpha * (1/m) * X' * (yhat - y)", "theta + alpha/m X'(yhat - y)", 'incorrect', 'update, ascent'),
  pair('network', "W1' * w2", "(w2' W1)'", 'correct', 'effective weights'),
  pair('network', "W1' * w2", "w2' W1", 'incorrect', 'row of weights'),
  pair('network', "W1' * w2", 'W1 w2', 'incorrect', 'order mistake'),
  pair('network', "w2' * b1 + b2", "b1' w2 + b2", 'correct', 'effective bias'),
  pair('network', "w2' * b1 + b2", 'dot(w2, b1) + b2', 'correct', 'effective bias, dot'),
  pair('network', "w2' * b1 + b2", 'b2', 'incorrect', 'bias of layer 1 forgotten'),
  pair('network', "w2' * (W1 * x + b1) + b2", "(W1' w2)' x + w2' b1 + b2", 'correct', 'linear network output'),
  pair('crossEntropy', '-sum(Y .* log(Yhat))', "-trace(Y' log(Yhat))", 'correct', 'cross-entropy as trace'),
  pair('crossEntropy', '-sum(Y .* log(Yhat))', '-sum(sum(Y ⊙ log(Yhat)))', 'correct', 'Hadamard sign'),
  pair('crossEntropy', '-sum(Y .* log(Yhat))', 'sum(Y .* log(Yhat))', 'incorrect', 'missing minus'),
  pair('crossEntropy', '-sum(Y .* log(Yhat))', '-sum(Y * log(Yhat))', 'incorrect', 'matrix product for entrywise'),
  pair('crossEntropy', '-sum(Y .* log(Yhat))', '-mean(Y .* log(Yhat))', 'incorrect', 'mean for sum'),
  // Classic mistakes.
  pair('x', '2*sigmoid(2*x) - 1', '2*sigmoid(x) - 1', 'incorrect', 'sigmoid(x) for sigmoid(2x)'),
  pair('x', '2*sigmoid(2*x) - 1', 'sigmoid(2x) - 1', 'incorrect', 'shift without scale'),
  pair('x', 'exp(-x) / (1 + exp(-x))', 'e^x/(1+e^-x)', 'incorrect', 'the answer sheet P(class 2)'),
  pair('x', '1 / (1 + exp(-x))', '1/(1+e^x)', 'incorrect', 'exponent sign'),
  pair('x', 'sigmoid(x) * (1 - sigmoid(x))', 'sigmoid(x)(1 + sigmoid(x))', 'incorrect', 'derivative sign'),
  pair('label', 'yhat - y', 'y - yhat', 'incorrect', 'sign flip'),
  pair('label', '-y*log(yhat) - (1 - y)*log(1 - yhat)', '-y log(yhat)', 'incorrect', 'half of BCE'),
  pair('prob', '-p1*log(p1) - (1 - p1)*log(1 - p1)', 'p1 log(p1) + p2 log(p2)', 'incorrect', 'entropy sign'),
  pair('prob', '-p1*log(p1) - (1 - p1)*log(1 - p1)', '-p1 log10(p1) - p2 log10(p2)', 'incorrect', 'base-10 log'),
  pair('x', 'x^2 + 2*x + 1', 'x^2 + 1', 'incorrect', 'dropped term'),
  pair('x', 'x^2 + 2*x + 1', 'x^2 + 2.001*x + 1', 'incorrect', 'changed constant'),
  pair('x', 'pi * x', '3.14 x', 'incorrect', 'rounded pi'),
  pair('x', '1/(2*x)', '1/2x', 'incorrect', '1/2x is not 1/(2x)'),
  // Sampling traps.
  pair('x', 'x', 'sqrt(x^2)', 'incorrect', 'sqrt(x^2) is |x|'),
  pair('x', 'abs(x)', 'sqrt(x^2)', 'correct', 'sqrt(x^2) is |x|, really'),
  pair('x', 'x', 'sqrt(x)^2', 'incorrect', 'undefined for negative x'),
  pair('x', 'log(x^2)', '2 log(x)', 'incorrect', 'log rule fails for negative x'),
  pair('wide', 'sigmoid(x)', 'sigmoid(10x)', 'incorrect', 'agree only where saturated'),
  pair('huge', 'tanh(x)', 'tanh(x/3)', 'incorrect', 'agree only where saturated, wider'),
  pair('huge', 'sigmoid(x)', 'sigmoid(x)', 'correct', 'stable sigmoid at huge arguments'),
  pair('huge', 'sigmoid(x)', 'exp(x)/(1+exp(x))', 'correct', 'overflow at a few points only'),
  pair('tiny', 'eps*x', '1.01*eps*x', 'incorrect', 'tiny values: tolerance scales with the expression'),
  pair('tiny', 'eps*x', 'eps*x*(1 + 1e-12)', 'correct', 'tiny values within rounding'),
  pair('x', '(x^2 - 1)/(x - 1)', 'x + 1', 'correct', 'removable singularity'),
  pair('x', 'x + 1', '(x^2 - 1)/(x - 1)', 'correct', 'removable singularity in the answer'),
  pair('x', 'x', 'log(-x^2 - 1)', 'invalid', 'undefined everywhere'),
  pair('x', 'x', '9^9^9^9', 'invalid', 'overflow everywhere'),
  pair('x', 'x', '1e400', 'invalid', 'number too large'),
  pair('large', 'exp(x)', 'e^x', 'correct', 'large values'),
  pair('large', 'exp(x)', '1.001 exp(x)', 'incorrect', 'large values, relative error 1e-3'),
  pair('large', 'exp(x)', 'exp(x) + 1e-3', 'correct', 'large values: a difference below rtol is accepted (documented limit)'),
  pair('large', 'x^10', 'x^10 + x^9', 'incorrect', 'large values, dropped lower-order term'),
  pair('x', '0', 'x - x', 'correct', 'identically zero'),
  pair('x', '0', '1e-6', 'incorrect', 'zero against a small constant'),
  pair('x', '0', '1e-30', 'incorrect', 'a constant is not 0, however small: no absolute tolerance by default'),
  pair('x', '0', '1e-30', 'correct', 'zero within a given absolute tolerance', { atol: 1e-12 }),
  pair('x', '0', 'sin(x)^2 + cos(x)^2 - 1', 'correct', 'zero up to rounding'),
  pair('label', 'y', 'y^2', 'correct', 'equal on the declared set {0, 1}'),
  // Form rules.
  pair('x', '2*sigmoid(2*x) - 1', 'tanh(x)', 'incorrect', 'forbidden tanh', { require: ['sigmoid'], forbid: ['tanh', 'exp'] }),
  pair('x', '2*sigmoid(2*x) - 1', '2/(1 + e^(-2x)) - 1', 'incorrect', 'e^ counts as exp', { require: ['sigmoid'], forbid: ['tanh', 'exp'] }),
  pair('x', '2*sigmoid(2*x) - 1', 'sigmoid(2x) - sigmoid(-2x)', 'correct', 'allowed form', { require: ['sigmoid'], forbid: ['tanh', 'exp'] }),
  pair('x', '2*sigmoid(2*x) - 1', '2σ(2x) − 1', 'correct', 'σ satisfies require sigmoid', { require: ['σ'] }),
  // Invalid input.
  pair('x', 'x', 'x1', 'invalid', 'unknown variable'),
  pair('x', 'x', 'foo(x)', 'invalid', 'unknown function'),
  pair('x', 'x', 'sin', 'invalid', 'function without argument'),
  pair('x', 'x', '', 'invalid', 'empty'),
  pair('x', 'x', '(x', 'invalid', 'unbalanced bracket'),
  pair('x', 'x', 'x +', 'invalid', 'dangling operator'),
  pair('x', 'x', 'sigmoid(x, x)', 'invalid', 'wrong arity'),
  // Hostile input.
  pair('x', 'x', 'f(x) = x', 'invalid', 'function assignment'),
  pair('x', 'x', 'x = 1', 'invalid', 'assignment'),
  pair('x', 'x', 'x.constructor', 'invalid', 'property access'),
  pair('x', 'x', 'x["constructor"]', 'invalid', 'index access'),
  pair('x', 'x', '[1:100000000]', 'invalid', 'range'),
  pair('x', 'x', 'import({})', 'invalid', 'import'),
  pair('x', 'x', 'evaluate("1")', 'invalid', 'evaluate'),
  pair('x', 'x', 'parse("x")', 'invalid', 'parse'),
  pair('x', 'x', '__proto__', 'invalid', '__proto__ as a symbol'),
  pair('x', 'x', 'constructor', 'invalid', 'constructor as a symbol'),
  pair('x', 'x', 'toString(x)', 'invalid', 'object method as a function'),
  pair('x', 'x', '{a: 1}', 'invalid', 'object literal'),
  pair('x', 'x', 'x > 0 ? x : 0', 'invalid', 'conditional'),
  pair('x', 'x', '"x"', 'invalid', 'string'),
  pair('x', 'x', `${'('.repeat(200)}x${')'.repeat(200)}`, 'invalid', 'deep nesting'),
  pair('x', 'x', `${'{a:'.repeat(100)}1${'}'.repeat(100)}`, 'invalid', 'deeply nested objects'),
  pair('x', 'x', `${'-'.repeat(390)}x`, 'invalid', 'long unary chain'),
  pair('x', 'x', `${'x^'.repeat(150)}x`, 'invalid', 'power tower'),
  pair('x', '60*x', `${'x + '.repeat(59)}x`, 'correct', 'a long sum is not too deep'),
  pair('x', 'x', `${'x+'.repeat(5000)}x`, 'invalid', 'very long input'),
  pair('x', 'x', 'x; x', 'invalid', 'two statements'),
  pair('x', 'x', 'x!', 'invalid', 'factorial'),
];
