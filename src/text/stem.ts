/**
 * Stemming with the Porter stemmer (`stemmer` package), applied until the stem
 * stops changing: Porter is one pass, so `dimensional` -> `dimension` but
 * `dimensions` -> `dimens`; a second pass makes both `dimens`.
 */
import { stemmer } from 'stemmer';

/** Porter passes at most; two already reach a fixed point for English words. */
const MAX_STEM_PASSES = 3;
/** Stems are cached per word; the cache is dropped when it grows past this. */
const STEM_CACHE_LIMIT = 100_000;
const HAS_DIGIT = /\d/;

const cache = new Map<string, string>();

export function stemWord(word: string): string {
  // Numbers and identifiers with digits (`word2vec`, `l2`) are matched as written.
  if (HAS_DIGIT.test(word) || word.length <= 2) return word;
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  let stem = word;
  for (let pass = 0; pass < MAX_STEM_PASSES; pass += 1) {
    const next = stemmer(stem);
    if (next === stem) break;
    stem = next;
  }
  if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
  cache.set(word, stem);
  return stem;
}
