/**
 * Folding one word the way a reader ignores differences: case, diacritics,
 * typographic apostrophes, and contractions (`doesn't` reads as `does not`).
 */

/** Words whose presence negates what follows them in the same clause. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'neither',
  'nor',
  'none',
  'nothing',
  'nobody',
  'without',
  'non',
]);

/** `non` as a separate word (`non-convex`) negates only the word right after it. */
export const PREFIX_NEGATORS: ReadonlySet<string> = new Set(['non']);

/**
 * Function words a phrase may skip or include without changing what it asks for.
 * Negators are not here: they always count.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am',
  'of', 'to', 'in', 'on', 'for', 'at', 'by', 'with', 'from', 'into', 'onto', 'as',
  'and', 'or', 'it', 'its', 'this', 'that', 'these', 'those', 'there', 'their',
  'they', 'them', 'we', 'our', 'you', 'your', 'he', 'she', 'his', 'her', 'i',
  'do', 'does', 'did', 'has', 'have', 'had', 'will', 'would', 'can', 'could',
  'may', 'might', 'shall', 'should', 'must', 'so', 'very', 'then', 'than',
  'which', 'who', 'whom', 'whose', 'what', 'such', 'also', 'just', 'really',
  'quite', 'rather', 'its', 'if', 'because', 'since', 'thus', 'hence', 'therefore',
]);

/** Contractions whose stem changes when the `n't` is split off. */
const IRREGULAR_NEGATIONS: Readonly<Record<string, string>> = {
  "can't": 'can',
  cant: 'can',
  cannot: 'can',
  "won't": 'will',
  wont: 'will',
  "shan't": 'shall',
  "ain't": 'is',
};

/** Contractions students type without the apostrophe (`doesnt`), read as `does not`. */
const APOSTROPHE_LESS_NEGATIONS: ReadonlySet<string> = new Set([
  'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'hasnt', 'havent',
  'hadnt', 'wouldnt', 'couldnt', 'shouldnt', 'mustnt', 'neednt',
]);

const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;

/** Plain ASCII letters and digits: nothing to decompose or strip, only the case to lower. */
const PLAIN_ASCII = /^[A-Za-z0-9]*$/;

/** Lower case, compatibility-decomposed, without diacritics, with ASCII apostrophes. */
export function foldCharacters(text: string): string {
  if (PLAIN_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').replace(APOSTROPHES, "'").toLowerCase();
}

/**
 * One word as it is matched: folded, possibly split in two when it carries a
 * negation (`isn't` -> `is`, `not`). Returns an empty list for a bare apostrophe.
 */
export function foldWord(word: string): string[] {
  const folded = foldCharacters(word);
  // Own keys only: a student's `constructor` or `__proto__` must not reach Object.prototype.
  if (Object.hasOwn(IRREGULAR_NEGATIONS, folded)) return [IRREGULAR_NEGATIONS[folded]!, 'not'];
  if (folded.endsWith("n't") && folded.length > 3) return [folded.slice(0, -3), 'not'];
  if (APOSTROPHE_LESS_NEGATIONS.has(folded)) return [folded.slice(0, -2), 'not'];
  // Possessives and other clitics: `model's` is matched as `model`.
  const apostrophe = folded.indexOf("'");
  const bare = apostrophe > 0 ? folded.slice(0, apostrophe) : folded.replaceAll("'", '');
  return bare === '' ? [] : [bare];
}
