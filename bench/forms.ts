/**
 * What reading the forms students write costs (docs/expressions.md, LaTeX):
 *
 *   node --import tsx bench/forms.ts [--rounds 200]
 *
 * Per read of the distinct plain answers of the pair table, the share the
 * LaTeX check takes (a plain answer never enters the translator), and per read
 * of LaTeX answers written as the seed sheet writes them.
 */
import { MAY_BE_LATEX } from '../src/math/expression/latex.ts';
import { readExpression } from '../src/math/expression/parse.ts';
import { PAIRS } from '../tests/expression/pairs.ts';

const roundsFlag = process.argv.indexOf('--rounds');
const ROUNDS = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 200;
const tex = String.raw;

const plain = [...new Set(PAIRS.map((pair) => pair.answer))].filter((answer) => !MAY_BE_LATEX.test(answer));
const latex = [
  tex`\frac{1}{1 + e^{-x}}`,
  tex`\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}`,
  tex`-y \log \hat{y} - (1-y) \log(1-\hat{y})`,
  tex`\frac{1}{m} X^{T}\left(\hat{y} - y\right)`,
  tex`\sigma(2x) - \sigma(-2x)`,
  tex`-\alpha_t (1 - p_t)^{\gamma} \log(p_t)`,
];

/** Microseconds per call of `f`, over every text, after one warm-up pass. */
function perCall(texts: readonly string[], f: (text: string) => unknown, rounds: number): number {
  for (const text of texts) f(text);
  const start = process.hrtime.bigint();
  for (let round = 0; round < rounds; round++) for (const text of texts) f(text);
  return Number(process.hrtime.bigint() - start) / 1e3 / (rounds * texts.length);
}

const read = perCall(plain, readExpression, ROUNDS);
const check = perCall(plain, (text) => MAY_BE_LATEX.test(text), ROUNDS * 10);
const readLatex = perCall(latex, readExpression, ROUNDS * 4);
console.log(`plain answers (${plain.length} distinct): ${read.toFixed(1)} µs per read, of which the LaTeX check ${(check * 1000).toFixed(0)} ns (${((100 * check) / read).toFixed(2)} %)`);
console.log(`LaTeX answers (${latex.length}): ${readLatex.toFixed(1)} µs per read, translation included`);
