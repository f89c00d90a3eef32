import nerdamer from 'nerdamer-prime/all';
import { describe, expect, it } from 'vitest';
import { loadCas, proveEquivalent } from '../../src/math/expression/cas.ts';
import { Domain, readExpression } from '../../src/math/expression/index.ts';
import { QUIZ_DEFINITIONS } from './pairs.ts';

await loadCas();

const domain = new Domain(
  { variables: { x: [-3, 3], a1: [-4, 4], a2: [-4, 4], y: [-1, 1], z: [-1, 1], w: [-1, 1], X: { shape: [2, 3] } } },
  QUIZ_DEFINITIONS,
);
const tree = (text: string) => {
  const read = readExpression(text);
  if (!read.ok) throw new Error(read.message);
  return read.expr;
};
/** A budget no machine load reaches, so the outcomes don't depend on timing. */
const GENEROUS_TIMEOUT_MS = 20_000;
const prove = (expected: string, answer: string) => proveEquivalent(tree(expected), tree(answer), domain, GENEROUS_TIMEOUT_MS);

describe('CAS proof', () => {
  it.each([
    ['2*sigmoid(2*x) - 1', 'tanh(x)'],
    ['2*sigmoid(2*x) - 1', 'sigmoid(2x) - sigmoid(-2x)'],
    ['sigmoid(a1 - a2)', 'exp(a1)/(exp(a1) + exp(a2))'],
    ['sigmoid(a1 - a2)', '1/(1 + e^(a2 - a1))'],
    ['(x + 1)^2', 'x^2 + 2x + 1'],
  ])('proves %s = %s', (expected, answer) => {
    expect(prove(expected, answer).outcome).toBe('proved');
  });

  it('does not prove a false identity', () => {
    expect(prove('2*sigmoid(2*x) - 1', '2*sigmoid(x) - 1').outcome).not.toBe('proved');
  });

  it.each([
    ['(x + y + z + w)^30', '1', 'exponent too large'],
    ["X'", "X'", 'transpose'],
    ['X', 'X', 'matrix variable'],
    ['relu(x)', 'max(0, x)', 'function relu'],
  ])('skips %s without calling the CAS', (expected, answer, note) => {
    const proof = prove(expected, answer);
    expect(proof).toEqual({ outcome: 'skipped', ms: 0, note });
  });

  it('leaves no expressions or variables behind in nerdamer', () => {
    prove('2*sigmoid(2*x) - 1', 'tanh(x)');
    expect(nerdamer.expressions()).toEqual([]);
    expect(nerdamer.getVars('text')).toEqual({});
  });
});
