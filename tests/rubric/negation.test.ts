/**
 * Negation scopes, word by word: a negator reaches exactly five words after it,
 * in its own clause; `non` reaches one; nothing before a negator is negated.
 * The reach is written out here, not read from NEGATION_SCOPE_WORDS, so a
 * changed constant fails these tests instead of moving them along.
 */
import { describe, expect, it } from 'vitest';
import { negationScopes } from '../../src/text/negation.ts';
import { tokenize } from '../../src/text/tokenize.ts';

/** For each word of `text`, whether a negator's scope covers it. */
function negated(text: string): Record<string, boolean> {
  const tokens = tokenize(text);
  const scopes = negationScopes(tokens);
  return Object.fromEntries(tokens.map((token, index) => [token.word, scopes[index]! >= 0]));
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

describe('negation scope', () => {
  it.each([1, 4, 5, 6, 8])('with %i words after "not", negates the first five and no more', (count) => {
    const after = WORDS.slice(0, count);
    const scoped = negated(`zulu not ${after.join(' ')}`);
    expect(scoped).toEqual({ zulu: false, not: false, ...Object.fromEntries(after.map((word, i) => [word, i < 5])) });
  });

  it.each(['never', 'no', 'without', "isn't"])('"%s" reaches as far as "not"', (negator) => {
    const scoped = negated(`${negator} ${WORDS.slice(0, 6).join(' ')}`);
    expect(WORDS.slice(0, 6).map((word) => scoped[word])).toEqual([true, true, true, true, true, false]);
  });

  it('ends at the clause, even within five words', () => {
    expect(negated('not alpha bravo, charlie delta')).toMatchObject({ alpha: true, bravo: true, charlie: false, delta: false });
  });

  it('"non" negates only the next word', () => {
    expect(negated('non-alpha bravo charlie')).toMatchObject({ alpha: true, bravo: false, charlie: false });
  });

  it('a second negator inside the scope starts its own five words', () => {
    const tokens = tokenize('not alpha never bravo charlie delta echo foxtrot golf');
    const scopes = negationScopes(tokens);
    const by = (word: string) => scopes[tokens.findIndex((token) => token.word === word)];
    expect([by('alpha'), by('bravo'), by('foxtrot'), by('golf')]).toEqual([0, 2, 2, -1]);
  });

  it('a negator at the very end negates nothing', () => {
    expect(negated('alpha bravo not')).toEqual({ alpha: false, bravo: false, not: false });
  });

  it('"not only" negates nothing', () => {
    expect(negated('not only alpha bravo')).toEqual({ not: false, only: false, alpha: false, bravo: false });
  });
});
