/**
 * The forms students really write (issue 12, §2): LaTeX from equation editors,
 * OCR and LMS exports (the seed's scanned sheet), derivations as one text,
 * products of declared names written together, superscript letters. Each form
 * is read, echoed in "read as", and graded like its plain spelling; unreadable
 * LaTeX is invalid with a message naming the command.
 */
import { describe, expect, it } from 'vitest';
import { derivationGrader } from '../../graders/derivation.ts';
import { expressionGrader } from '../../graders/expression.ts';
import { latexToText } from '../../src/math/expression/latex.ts';
import { readExpression } from '../../src/math/expression/parse.ts';
import { print } from '../../src/math/expression/ast.ts';
import { runGraderTable } from '../support/grader-table.ts';
import { DOMAINS, QUIZ_DEFINITIONS } from './pairs.ts';

const tex = String.raw;

runGraderTable(expressionGrader, 'LaTeX, P(class 1) from the seed sheet', {
  options: { expected: '1 / (1 + exp(-x))', variables: { x: [-4, 4] } },
  correct: [
    { answer: tex`\frac{1}{1 + e^{-x}}`, interpreted: '1/(1 + e^(-x))' },
    { answer: tex`$\frac{1}{1 + e^{-x}}$`, interpreted: '1/(1 + e^(-x))' },
    { answer: tex`$$\dfrac{1}{1+\exp(-x)}$$`, interpreted: '1/(1 + exp(-x))' },
    { answer: tex`\left(1 + e^{-x}\right)^{-1}`, interpreted: '(1 + e^(-x))^(-1)' },
    { answer: tex`\sigma(x)`, interpreted: 'sigmoid(x)' },
    { answer: tex`\sigma\left( x \right)`, interpreted: 'sigmoid(x)' },
    { answer: tex`\frac{e^{x}}{e^{x} + 1}`, interpreted: 'e^x/(e^x + 1)' },
    { answer: tex`\(1/(1+e^{-x})\)`, interpreted: '1/(1 + e^(-x))' },
  ],
  incorrect: [tex`\frac{1}{1 + e^{x}}`, tex`\frac{e^{x}}{1 + e^{-x}}`, tex`\frac{1}{1 - e^{-x}}`],
  invalid: [
    { answer: tex`\frac{1}{1 + e^{-x}`, message: /Unbalanced braces: a "\{" is never closed/ },
    { answer: tex`\frac{1}{1 + e^{-x}}}`, message: /a "\}" closes nothing/ },
    { answer: tex`\left( 1 + e^{-x}`, message: /\\left has no matching \\right/ },
    { answer: tex`1 + e^{-x} \right)`, message: /\\right has no matching \\left/ },
    { answer: tex`\foo{x}`, message: /Unknown LaTeX command \\foo/ },
    { answer: tex`\sum_{i} x`, message: /\\sum is not read/ },
    { answer: tex`\frac{1}`, message: /\\frac needs an argument/ },
    { answer: tex`$x$ + $x$`, message: /"\$" inside/ },
    { answer: tex`x \\ x`, message: /\\\\ is not read/ },
  ],
});

runGraderTable(expressionGrader, 'LaTeX, subscripts and Greek letters', {
  options: { expected: 'sigmoid(a1 - a2)', variables: { a1: [-4, 4], a2: [-4, 4] } },
  correct: [
    { answer: tex`\sigma(a_1 - a_2)`, interpreted: 'sigmoid(a1 - a2)' },
    { answer: tex`\sigma(a_{1} - a_{2})`, interpreted: 'sigmoid(a1 - a2)' },
    { answer: tex`\frac{e^{a_1}}{e^{a_1} + e^{a_2}}`, interpreted: 'e^a1/(e^a1 + e^a2)' },
    { answer: tex`\frac{1}{1 + e^{a_2 - a_1}}`, interpreted: '1/(1 + e^(a2 - a1))' },
    { answer: 'σ(a₁ − a₂)', interpreted: 'sigmoid(a1 - a2)' },
    { answer: 'sigmoid(a_1 - a_2)', interpreted: 'sigmoid(a1 - a2)' },
  ],
  incorrect: [tex`\frac{1}{1 + e^{a_1 - a_2}}`, tex`\sigma(a_2 - a_1)`],
  invalid: [{ answer: tex`\sigma(a_{1+2})`, message: /\\_\{1\+2\} is not a name|_\{1\+2\}|not a name/ }],
});

runGraderTable(expressionGrader, 'LaTeX, tanh in terms of sigmoid (a function without brackets)', {
  options: { expected: '2*sigmoid(2*x) - 1', variables: { x: [-3, 3] }, require: ['sigmoid'] },
  correct: [
    { answer: tex`\sigma(2x) - \sigma(-2x)`, interpreted: 'sigmoid(2·x) - sigmoid(-2·x)' },
    { answer: tex`2\sigma(2x) - 1`, interpreted: '2·sigmoid(2·x) - 1' },
    { answer: tex`\operatorname{sigmoid}(2x)-\operatorname{sigmoid}(-2x)`, interpreted: 'sigmoid(2·x) - sigmoid(-2·x)' },
    { answer: tex`2 \cdot \mathrm{sigmoid}(2 \times x) - 1`, interpreted: '2·sigmoid(2·x) - 1' },
  ],
  incorrect: [tex`2\sigma(x) - 1`, tex`\sigma(2x) - 1`, { answer: tex`\tanh x`, feedback: /in terms of sigmoid/ }],
});

runGraderTable(expressionGrader, 'LaTeX, tanh x with a bare argument', {
  options: { expected: 'tanh(x)', variables: { x: [-3, 3] } },
  correct: [
    { answer: tex`\tanh x`, interpreted: 'tanh(x)' },
    { answer: tex`\tanh{x}`, interpreted: 'tanh(x)' },
    { answer: tex`\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}`, interpreted: '(e^x - e^(-x))/(e^x + e^(-x))' },
    { answer: tex`\frac{\sinh x}{\cosh x}`, interpreted: 'sinh(x)/cosh(x)' },
  ],
  incorrect: [tex`\tanh 2x`, tex`\tanh x + 1`, tex`\tanh \frac{x}{2}`],
});

runGraderTable(expressionGrader, 'LaTeX, the binary cross-entropy of the seed sheet', {
  options: { expected: '-y*log(yhat) - (1 - y)*log(1 - yhat)', variables: { yhat: [0.01, 0.99], y: { values: [0, 1] } } },
  correct: [
    { answer: tex`-y \log \hat{y} - (1-y) \log(1-\hat{y})`, interpreted: '-y·log(yhat) - (1 - y)·log(1 - yhat)' },
    { answer: tex`-y\ln\hat{y}-(1-y)\ln\left(1-\hat{y}\right)`, interpreted: '-y·log(yhat) - (1 - y)·log(1 - yhat)' },
    { answer: tex`-\left[ y \log(\hat{y}) + (1 - y) \log(1 - \hat{y}) \right]`, interpreted: '-(y·log(yhat) + (1 - y)·log(1 - yhat))' },
    { answer: '-y log ŷ - (1-y) log(1-ŷ)', interpreted: '-y·log(yhat) - (1 - y)·log(1 - yhat)' },
  ],
  incorrect: [tex`-y \log \hat{y} + (1-y) \log(1-\hat{y})`, tex`-y \log_{10} \hat{y} - (1-y) \log_{10}(1-\hat{y})`, tex`-y \log \hat{y}`],
  invalid: [{ answer: tex`\hat{1-y}`, message: /\\hat\{1-y\}: an accent goes on one name/ }],
});

runGraderTable(expressionGrader, 'LaTeX, the derivative of sigmoid', {
  options: { expected: 'sigmoid(z) * (1 - sigmoid(z))', variables: { z: [-4, 4] } },
  correct: [
    { answer: tex`\sigma(z) \cdot (1 - \sigma(z))`, interpreted: 'sigmoid(z)·(1 - sigmoid(z))' },
    { answer: tex`\sigma(z)\,(1-\sigma(z))`, interpreted: 'sigmoid(z)·(1 - sigmoid(z))' },
    { answer: tex`\sigma(z) \times \left(1 - \sigma(z)\right)`, interpreted: 'sigmoid(z)·(1 - sigmoid(z))' },
  ],
  incorrect: [tex`\sigma(z) \cdot (1 + \sigma(z))`],
});

runGraderTable(expressionGrader, 'LaTeX, the vectorized gradient (transposes, bold matrices)', {
  options: { ...DOMAINS.logistic, expected: "(1/m) * X' * (yhat - y)" },
  definitions: QUIZ_DEFINITIONS,
  correct: [
    { answer: tex`\frac{1}{m} X^T (\hat{y} - y)`, interpreted: "(1/m)·X'·(yhat - y)" },
    { answer: tex`\frac{1}{m} X^{T}\left(\hat{y} - y\right)`, interpreted: "(1/m)·X'·(yhat - y)" },
    { answer: tex`\frac{1}{m}\mathbf{X}^\top(\hat{\mathbf{y}}-\mathbf{y})`, interpreted: "(1/m)·X'·(yhat - y)" },
    { answer: tex`\frac{1}{m} X^{\top} (\sigma(X\theta + b) - y)`, interpreted: "(1/m)·X'·(sigmoid(X·theta + b) - y)" },
  ],
  incorrect: [tex`X^T (\hat{y} - y)`, tex`\frac{1}{m} X (\hat{y} - y)`, tex`\frac{1}{m} X^T (y - \hat{y})`],
});

runGraderTable(expressionGrader, 'LaTeX, focal loss (Greek letters, subscripted names)', {
  options: { expected: '-alpha_t * (1 - p_t)^gamma * log(p_t)', variables: { alpha_t: [0.1, 0.9], p_t: [0.05, 0.95], gamma: [0, 5] } },
  correct: [
    // A Greek or subscripted name before brackets is a value: a product, not a call raised to gamma.
    { answer: tex`-\alpha_t (1 - p_t)^{\gamma} \log(p_t)`, interpreted: '-alpha_t·((1 - p_t)^gamma·log(p_t))' },
    { answer: tex`-\alpha_{t}(1-p_{t})^\gamma \log p_t`, interpreted: '-alpha_t·((1 - p_t)^gamma·log(p_t))' },
    { answer: tex`-\alpha_t \cdot (1 - p_t)^{\gamma} \cdot \ln p_t`, interpreted: '-alpha_t·(1 - p_t)^gamma·log(p_t)' },
  ],
  incorrect: [tex`-\alpha_t (1 - p_t)^{\gamma} \log(1 - p_t)`, tex`-\alpha_t (1 - p_t)^{\gamma + 1} \log(p_t)`],
});

runGraderTable(expressionGrader, 'a value before a bracket that is raised: only the bracket is', {
  options: { expected: 'x * (1 - x)^2', variables: { x: [-2, 2] } },
  correct: [
    { answer: 'x(1 - x)^2', interpreted: 'x·(1 - x)^2' },
    { answer: tex`x\left(1 - x\right)^{2}`, interpreted: 'x·(1 - x)^2' },
  ],
  // Brackets around the product raise all of it; a function's call is raised whole.
  incorrect: [{ answer: '(x(1 - x))^2', feedback: /expected/ }, 'sin(x)^2'],
});

runGraderTable(expressionGrader, 'LaTeX, roots and powers', {
  options: { expected: 'sqrt(x^2 + 1) + (1 + x)^(1/3)', variables: { x: [0, 3] } },
  correct: [
    { answer: tex`\sqrt{x^{2}+1} + \sqrt[3]{1+x}`, interpreted: 'sqrt(x^2 + 1) + (1 + x)^(1/3)' },
    { answer: tex`\sqrt{x^2+1} + (1+x)^{1/3}`, interpreted: 'sqrt(x^2 + 1) + (1 + x)^(1/3)' },
  ],
  incorrect: [tex`\sqrt{x^{2}} + \sqrt[3]{1+x}`, tex`\sqrt{x^{2}+1} + \sqrt{1+x}`],
  invalid: [{ answer: tex`\sqrt[3{x}`, message: /\\sqrt\[ has no closing/ }],
});

runGraderTable(expressionGrader, 'products of declared names written together', {
  options: { expected: 'W * x + b', dimensions: { k: [2, 4], n: [2, 5] }, variables: { W: { shape: ['k', 'n'] }, x: { shape: ['n', 1] }, b: { shape: ['k', 1] } } },
  correct: [
    { answer: 'Wx + b', interpreted: 'W·x + b' },
    { answer: tex`\mathbf{W}\mathbf{x} + \mathbf{b}`, interpreted: 'W·x + b' },
    { answer: 'W x + b', interpreted: 'W·x + b' },
  ],
  // xW is read as x·W: sizes that don't fit are a wrong answer, not an unreadable one.
  incorrect: [{ answer: 'xW + b', feedback: /Can't multiply x/ }],
  invalid: [{ answer: 'Wxq + b', message: /Unknown variable "Wxq"/ }],
});

runGraderTable(expressionGrader, 'products of declared names: ambiguous splits are refused', {
  options: { expected: 'x*y*z', variables: { x: [1, 2], y: [1, 2], z: [1, 2], xy: [1, 2] } },
  correct: [{ answer: 'x y z', interpreted: 'x·y·z' }, { answer: 'yz x', interpreted: 'y·z·x' }],
  incorrect: [{ answer: 'xy z', feedback: /differs|expected/ }],
  invalid: [{ answer: 'xyz', message: /"xyz" can be read as x·y·z or xy·z/ }],
});

runGraderTable(expressionGrader, 'superscript letters are powers', {
  options: { expected: 'm / (1 - beta^t)', variables: { m: [0, 1], beta: [0.5, 0.99], t: [1, 10] } },
  correct: [
    { answer: 'm/(1 - βᵗ)', interpreted: 'm/(1 - beta^t)' },
    { answer: tex`\frac{m}{1 - \beta^{t}}`, interpreted: 'm/(1 - beta^t)' },
    { answer: tex`\frac{m}{1 - \beta^t}`, interpreted: 'm/(1 - beta^t)' },
  ],
  // Written out, betat is a run of declared names: beta·t, the classic misreading of βᵗ.
  incorrect: ['m/(1 - β t)', 'm/(1 - βᵗ⁺¹)', { answer: 'm/(1 - betat)', feedback: /differs|expected/ }],
});

describe('LaTeX translation', () => {
  it('costs nothing for plain answers: without \\, $ or braces the text is not looked at', () => {
    expect(readExpression('1/(1 + exp(-x))')).toMatchObject({ ok: true, text: '1/(1 + exp(-x))' });
  });

  it.each([
    [tex`\log_{2} x + \log_{10}(x) + \log_e x`, 'log2(x) + log10(x) + log(x)'],
    [tex`\sin x \cos x`, 'sin(x)·cos(x)'],
    [tex`\exp\left(-\frac{x^2}{2}\right)`, 'exp(-(x^2/2))'],
    [tex`\left| x \right|`, 'abs(x)'],
    [tex`x^2y`, 'x^2·y'],
    [tex`e^-x`, 'e^(-x)'],
    [tex`w_{\text{eff}}`, 'w_eff'],
    [tex`\Theta + \varepsilon`, 'Theta + epsilon'],
    [tex`A \odot B`, 'A .* B'],
  ])('reads %s as %s', (input, echoed) => {
    const read = readExpression(input);
    expect(read.ok && print(read.expr)).toBe(echoed);
  });

  it.each([
    ['^'.repeat(799)],
    ['\\frac'.repeat(160)],
    ['\\sqrt'.repeat(160)],
    ['x' + '^x'.repeat(399)],
    ['\\left('.repeat(130)],
    ['\\frac{1}{'.repeat(24) + 'x' + '}'.repeat(24)],
    ['\\hat'.repeat(200)],
    ['\\log '.repeat(160) + 'x'],
  ])('refuses hostile LaTeX %# quickly, with a message, without throwing', (input) => {
    const read = readExpression(input);
    if (read.ok) expect(read.text.length).toBeLessThanOrEqual(400);
    else expect(read.message).toMatch(/\w/);
  });

  it('never throws, whatever the text', () => {
    for (const input of ['\\', '{', '}', '^', '\\left', '\\right', '\\frac', '\\sqrt[', '$', '$$', '\\hat{}', 'x^', '{}', '\\left(\\right)']) {
      const result = latexToText(input);
      expect(typeof result.ok).toBe('boolean');
      expect(readExpression(input).ok).toBe(false);
    }
  });
});

runGraderTable(derivationGrader, 'a derivation as one text (the seed sheet, Q1)', {
  options: { from: 'exp(a1) / (exp(a1) + exp(a2))', to: 'sigmoid(a1 - a2)', variables: { a1: [-4, 4], a2: [-4, 4] } },
  correct: [
    tex`\frac{e^{a_1}}{e^{a_1} + e^{a_2}}
= \frac{1}{1 + e^{a_2 - a_1}}
= \sigma(a_1 - a_2)`,
    tex`$\frac{e^{a_1}}{e^{a_1}+e^{a_2}} = \frac{1}{1+e^{-(a_1-a_2)}} = \sigma(a_1-a_2)$`,
    tex`\begin{aligned} & \frac{e^{a_1}}{e^{a_1} + e^{a_2}} \\ &= \frac{1}{1 + e^{a_2 - a_1}} \end{aligned}`,
    'e^a1/(e^a1 + e^a2) = 1/(1 + e^(a2 - a1))',
    '$$\ne^a1/(e^a1 + e^a2)\n\n1/(1 + e^(a2 - a1))\n$$',
    ['e^a1/(e^a1 + e^a2) =', '= 1/(1 + e^(a2 - a1))'],
  ],
  incorrect: [
    // The sheet's OCR'd step 1/(1 + e^a2 - a1): the first link holds, the rest do not.
    { answer: tex`\frac{e^{a_1}}{e^{a_1} + e^{a_2}} = \frac{1}{1 + e^{a_2} - a_1}`, credit: 1 / 3, feedback: /Step 2 is not equal to step 1/ },
    { answer: 'sigmoid(a1 - a2)\nsigmoid(a1-a2)', feedback: /at least 2 different steps/ },
  ],
  invalid: [
    { answer: tex`\frac{e^{a_1}}{e^{a_1} + e^{a_2}} = \frac{1}{1 + e^{a_2 - a_1}`, message: /^Step 2 can't be read: Unbalanced braces/ },
    { answer: tex`\frac{e^{a_1}}{e^{a_1} + e^{a_2}} = \softmax(a)`, message: /Step 2 can't be read: Unknown LaTeX command \\softmax/ },
    { answer: '\n\n$$ $$\n', message: /no steps/ },
  ],
});

runGraderTable(derivationGrader, 'a derivation as one text (the seed sheet, Q3)', {
  options: { from: 'tanh(x)', to: 'sigmoid(2*x) - sigmoid(-2*x)', variables: { x: [-3, 3] } },
  correct: [
    tex`\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = \frac{e^{x}}{e^{x} + e^{-x}} - \frac{e^{-x}}{e^{x} + e^{-x}}
= \frac{1}{1 + e^{-2x}} - \frac{1}{e^{2x} + 1}
= \sigma(2x) - \sigma(-2x)`,
  ],
  incorrect: [{ answer: tex`\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} \\ = 2\sigma(x) - 1`, credit: 1 / 3 }],
});

describe('a derivation as one text', () => {
  it('echoes every step as read, LaTeX included', () => {
    const options = { type: 'derivation', from: 'exp(a1) / (exp(a1) + exp(a2))', to: 'sigmoid(a1 - a2)', variables: { a1: [-4, 4] as const, a2: [-4, 4] as const } };
    const compiled = derivationGrader.compile(options, { quizId: 't', definitions: {}, key: 'q1', seed: 1 });
    const outcome = derivationGrader.grade(tex`\frac{e^{a_1}}{e^{a_1} + e^{a_2}}` + '\n' + tex`= \sigma(a_1 - a_2)`, compiled, options);
    expect(outcome.interpreted).toBe('e^a1/(e^a1 + e^a2) = sigmoid(a1 - a2)');
    expect(derivationGrader.answerShape).toBe('either');
  });
});
