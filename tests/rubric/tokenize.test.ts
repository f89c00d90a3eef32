/**
 * tokenize segments text chunk by chunk (cut at whitespace) and remembers the
 * chunks it has seen. These properties pin that down against segmenting the
 * whole text at once, the plain way, with the same folding and clause rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEGATORS, STOPWORDS, foldWord } from '../../src/text/fold.ts';
import { stemWord } from '../../src/text/stem.ts';
import { CLAUSE_BREAK_WORDS, CLAUSE_PUNCTUATION, MAX_CLAUSE_WORDS, tokenize, type Token } from '../../src/text/tokenize.ts';

/** The reference: one Intl.Segmenter pass over the whole text. */
function tokenizeWhole(text: string): Token[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
  const tokens: Token[] = [];
  let clause = 0;
  let wordsInClause = 0;
  const breakClause = (): void => {
    if (wordsInClause > 0) {
      clause += 1;
      wordsInClause = 0;
    }
  };
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) {
      if (CLAUSE_PUNCTUATION.test(segment.segment)) breakClause();
      continue;
    }
    const start = segment.index;
    const end = start + segment.segment.length;
    for (const word of foldWord(segment.segment)) {
      if (CLAUSE_BREAK_WORDS.has(word) || wordsInClause >= MAX_CLAUSE_WORDS) breakClause();
      tokens.push({ word, stem: stemWord(word), start, end, clause, index: tokens.length, stop: STOPWORDS.has(word), negator: NEGATORS.has(word) });
      wordsInClause += 1;
    }
  }
  return tokens;
}

/** Pieces that stress the word-boundary rules around whitespace. */
const PIECES = [
  ' ', '  ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u2003', '\u0301', '\u200d', '\u00ad', "'", '’', '.', ',', ':', ';', '-', '_', '(', ')',
  'a', 'e', 'is', "isn't", 'doesnt', 'not', 'but', 'so', 'cross', 'entropy', 'Café', 'naïve', '3.14', '1,000', 'word2vec', 'e.g.',
  'U.S.A.', 'l2', '🇫🇷', '🇩🇪', '👍🏽', '👨‍👩‍👧', '日本語', 'ภาษาไทย', 'x̂', 'ŷ', '\u0000',
];

describe('tokenize', () => {
  it('reads any text exactly as one pass of the segmenter over the whole of it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(tokenize(text)).toEqual(tokenizeWhole(text));
      }),
      { numRuns: 2000, seed: 20261130 },
    );
  });

  it('reads full Unicode text the same way', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(tokenize(text)).toEqual(tokenizeWhole(text));
      }),
      { numRuns: 1000, seed: 20261130 },
    );
  });

  it('gives the same tokens for a text read again (the chunk memory changes nothing)', () => {
    const text = "Cross-entropy isn't convex, but\nMSE  is;  a  word2vec model's embeddings.";
    const first = tokenize(text);
    expect(tokenize(text)).toEqual(first);
    expect(first.map((token) => token.word)).toEqual([
      'cross', 'entropy', 'is', 'not', 'convex', 'but', 'mse', 'is', 'a', 'word2vec', 'model', 'embeddings',
    ]);
    expect(first.map((token) => token.clause)).toEqual([0, 0, 0, 0, 0, 1, 2, 2, 3, 3, 3, 3]);
  });
});
