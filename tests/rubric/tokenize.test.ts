/**
 * tokenize segments text chunk by chunk (cut at whitespace) and remembers the
 * chunks it has seen. These properties pin that down against segmenting the
 * whole text at once, the plain way, with the same folding and clause rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_SEPARATOR, TokenAssembler, gapPiece, tokenize, wordForms, type Token } from '../../src/text/tokenize.ts';

/** The reference: one Intl.Segmenter pass over the whole text. */
function tokenizeWhole(text: string): Token[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
  const cutEnds = new Set<number>([0]);
  const cutStarts = new Set<number>([text.length]);
  for (const separator of text.matchAll(CHUNK_SEPARATOR)) {
    cutStarts.add(separator.index);
    cutEnds.add(separator.index + separator[0].length);
  }
  const assembler = new TokenAssembler();
  for (const segment of segmenter.segment(text)) {
    const start = segment.index;
    const end = start + segment.segment.length;
    if (!segment.isWordLike) {
      assembler.addGap(gapPiece(segment.segment, cutEnds.has(start) || cutStarts.has(end)));
      continue;
    }
    for (const forms of wordForms(segment.segment)) assembler.addWord(forms, start, end);
  }
  return assembler.finish();
}

/** Pieces that stress the word-boundary rules around whitespace. */
const PIECES = [
  ' ', '  ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u2003', '\u0301', '\u200d', '\u00ad', "'", '’', '.', ',', ':', ';', '-', '--', ' - ', '->', '\u2013', '\u2014', '_', '(', ')', '?', '!', '"', '\u201c', '\u201d', '\u2018',
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

  const words = (text: string, pick: (token: Token) => boolean): string => tokenize(text).filter(pick).map((token) => token.word).join(' ');

  it.each([
    ['MSE is not non-convex - it is convex', 'mse is not non convex'],
    ['MSE is not non-convex -- it is convex', 'mse is not non convex'],
    ['MSE is not non-convex\u2014it is convex', 'mse is not non convex'],
    ['orthogonal -> no similarity', 'orthogonal'],
    ['non-convex and 1-hot', 'non convex and 1 hot'],
  ])('a dash standing apart ends the clause, a hyphen in a word does not: %s', (text, firstClause) => {
    expect(words(text, (token) => token.clause === 0)).toBe(firstClause);
  });

  it.each([
    ['Is MSE convex here? No. It has local minima.', 'is mse convex here'],
    ['MSE is convex? No wait', 'mse is convex'],
    ['No question here.', ''],
  ])('marks the words of a sentence ending with a question mark: %s', (text, question) => {
    expect(words(text, (token) => token.question)).toBe(question);
  });

  it.each([
    ["The statement 'MSE is convex' is false.", 'mse is convex'],
    ['Saying \u201cone-hot vectors capture similarity\u201d is wrong.', 'one hot vectors capture similarity'],
    ['An "open quote is no quote', ''],
    ['"closed" and "open\nline', 'closed'],
    ["It isn't what students' answers say", ''],
  ])('marks the words inside closed quotation marks: %s', (text, quoted) => {
    expect(words(text, (token) => token.quoted)).toBe(quoted);
  });

  it('numbers sentences at . ! ? ; and line breaks, not at commas or colons', () => {
    expect(tokenize('a b, c: d. e; f! g? h\ni').map((token) => token.sentence)).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 5]);
  });
});
