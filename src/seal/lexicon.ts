/**
 * A rubric's lexicon sealed: every phrase word and its stem as a salted hash,
 * and the word's typo tolerance kept exact without the word. A written word
 * meets the same phrase words, in the same way (exact, stem, typo), as with
 * the rubric's own Lexicon (src/text/phrase.ts).
 *
 * Typos: `written` is within `budget` edits (Levenshtein) of `expected` when
 * both give the same string once at most `budget` letters are deleted from
 * each, and the edits that takes cost at most `budget`: deleted letters are
 * placed by the gap of the common string they fall in, and a gap with m
 * letters deleted on one side and n on the other costs max(m, n) (substitute
 * the pairs, insert or delete the rest). That is exactly how an optimal
 * alignment counts, so the test is the same as `withinTypos`, and the sealed
 * lexicon holds only hashes of what is left after the deletions, each with
 * the gaps it was deleted at (numbers, no letters). The negating prefixes a
 * typo may not add or drop are hashed with it.
 */
import { Lexicon, type Meeting, type MatchKind } from '../text/phrase.ts';
import { NEGATING_PREFIXES } from '../text/typos.ts';
import { saltedHash } from './hash.ts';

/** How a hash of a whole word meets a slot: as the phrase word itself or as its stem. */
const WHOLE_KINDS = ['exact', 'stem'] as const;
/** Which text of a phrase word a typo is measured against. */
const TYPO_TEXTS = ['word', 'stem'] as const;
const HAS_DIGIT = /\d/;
/** Written words whose meetings are remembered, as the Lexicon does. */
const MEMORY = 50_000;

export interface SealedLexiconState {
  slots: number;
  /** hash of a word or stem -> [slot, index in WHOLE_KINDS] pairs, flattened. */
  whole: [string, number[]][];
  /** hash of (negating prefixes, what is left after deletions) -> [slot, index in TYPO_TEXTS, budget, ...gaps] each. */
  typos: [string, number[][]][];
  /** FINGERPRINT_BITS of a cheap hash of every input hashed above (and of the model sentences' stems): most written words are hashed by SHA-256 only if their fingerprint is here. */
  prints: number[];
}

/** Bits of a fingerprint: 65,536 values for about a thousand inputs, so some 98% of lookups of absent words stop there. */
const FINGERPRINT_BITS = 16;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv(state: number, text: string): number {
  let hash = state;
  for (let at = 0; at < text.length; at += 1) hash = Math.imul(hash ^ text.charCodeAt(at), FNV_PRIME);
  return hash;
}

/** FNV-1a's state after the salt: a fingerprint goes on from there. */
const fingerprintSeed = (salt: string): number => fnv(FNV_OFFSET, `${salt}\u0000`);

/** FNV-1a over the salt and the input, cut to FINGERPRINT_BITS: a necessary condition for equal inputs, computed in no time. */
function fingerprint(seed: number, input: string): number {
  return (fnv(seed, input) >>> 0) & ((1 << FINGERPRINT_BITS) - 1);
}

/** Every way of deleting at most `most` letters, by what is left: the gaps of what is left each deleted letter was at, for each way. */
export function deletions(text: string, most: number): Map<string, number[][]> {
  const found = new Map<string, number[][]>();
  const visit = (rest: string, gaps: number[], from: number): void => {
    const ways = found.get(rest);
    if (ways === undefined) found.set(rest, [gaps]);
    else ways.push(gaps);
    if (gaps.length === most) return;
    for (let at = from; at < rest.length; at += 1) visit(rest.slice(0, at) + rest.slice(at + 1), [...gaps, at], at);
  };
  visit(text, [], 0);
  return found;
}

/** Edits two deletions of the same string stand for: per gap, the larger of the two counts. */
export function editCost(left: readonly number[], right: readonly number[]): number {
  const counts = new Map<number, [number, number]>();
  for (const gap of left) counts.set(gap, [(counts.get(gap)?.[0] ?? 0) + 1, counts.get(gap)?.[1] ?? 0]);
  for (const gap of right) counts.set(gap, [counts.get(gap)?.[0] ?? 0, (counts.get(gap)?.[1] ?? 0) + 1]);
  let cost = 0;
  for (const [a, b] of counts.values()) cost += Math.max(a, b);
  return cost;
}

function prefixes(text: string): string {
  return NEGATING_PREFIXES.map((prefix) => (text.startsWith(prefix) ? '1' : '0')).join('');
}

const wholeInput = (text: string): string => `=${text}`;

/** The hash a stem is known by in a sealed rubric's lexicon and model sentences. */
export function stemHash(salt: string, stem: string): string {
  return saltedHash(salt, wholeInput(stem));
}
/** `marks`: prefixes(the text the letters were deleted from). */
const typoInput = (marks: string, rest: string): string => `~${marks}:${rest}`;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** `stems`: stems hashed elsewhere with stemHash (the model sentences'), fingerprinted here too. */
export function sealLexicon(lexicon: Lexicon, salt: string, stems: Iterable<string> = []): SealedLexiconState {
  const whole = new Map<string, number[]>();
  const typos = new Map<string, number[][]>();
  const prints = new Set<number>();
  const seed = fingerprintSeed(salt);
  const hashed = (input: string): string => {
    prints.add(fingerprint(seed, input));
    return saltedHash(salt, input);
  };
  const entries = lexicon.entries();
  for (const word of entries) {
    WHOLE_KINDS.forEach((kind, index) => {
      const key = hashed(wholeInput(kind === 'exact' ? word.word : word.stem));
      const list = whole.get(key);
      if (list === undefined) whole.set(key, [word.slot, index]);
      else list.push(word.slot, index);
    });
    TYPO_TEXTS.forEach((which, index) => {
      const budget = which === 'word' ? word.typos : word.stemTypos;
      if (budget <= 0) return;
      const marks = prefixes(word[which]);
      for (const [rest, ways] of deletions(word[which], budget)) {
        const key = hashed(typoInput(marks, rest));
        for (const gaps of ways) push(typos, key, [word.slot, index, budget, ...gaps]);
      }
    });
  }
  for (const stem of stems) prints.add(fingerprint(seed, wholeInput(stem)));
  return { slots: entries.length, whole: [...whole], typos: [...typos], prints: [...prints].sort((a, b) => a - b) };
}

/** The Lexicon of a sealed rubric: meets written words through their hashes. */
export class SealedLexicon extends Lexicon {
  private readonly whole: Map<string, number[]>;
  private readonly typos: Map<string, number[][]>;
  private readonly slotCount: number;
  private readonly mostDeleted: number;
  private readonly met = new Map<string, readonly Meeting[]>();
  private readonly hashes = new Map<string, string>();
  private readonly prints: ReadonlySet<number>;
  private readonly seed: number;

  constructor(state: SealedLexiconState, private readonly salt: string) {
    super();
    this.whole = new Map(state.whole);
    this.typos = new Map(state.typos);
    this.slotCount = state.slots;
    this.prints = new Set(state.prints);
    this.seed = fingerprintSeed(salt);
    this.mostDeleted = Math.max(0, ...state.typos.flatMap(([, entries]) => entries.map((entry) => entry[2]!)));
  }

  override get size(): number {
    return this.slotCount;
  }

  /** The salted hash of an input, remembered (an answer repeats its words and their deletions); undefined when its fingerprint says nothing sealed has it. */
  private known(input: string): string | undefined {
    let hash = this.hashes.get(input);
    if (hash === undefined) {
      if (!this.prints.has(fingerprint(this.seed, input))) return undefined;
      if (this.hashes.size >= MEMORY) this.hashes.clear();
      hash = saltedHash(this.salt, input);
      this.hashes.set(input, hash);
    }
    return hash;
  }

  /** A stem's key in the sealed model sentences: its hash, or, for a stem none has, the stem marked as unknown (no hash is `!...`). */
  stemKey = (stem: string): string => this.known(wholeInput(stem)) ?? `!${stem}`;

  override meet(written: string, stem: string): readonly Meeting[] {
    const known = this.met.get(written);
    if (known !== undefined) return known;
    const kinds = new Map<number, MatchKind>();
    const meetWhole = (text: string, kind: (typeof WHOLE_KINDS)[number]): void => {
      const key = this.known(wholeInput(text));
      const list = (key === undefined ? undefined : this.whole.get(key)) ?? [];
      for (let at = 0; at < list.length; at += 2) if (WHOLE_KINDS[list[at + 1]!] === kind && !kinds.has(list[at]!)) kinds.set(list[at]!, kind);
    };
    meetWhole(written, 'exact');
    meetWhole(stem, 'stem');
    // A word that is its own stem is looked up once for both.
    const texts: [string, number[]][] = stem === written ? [[written, [0, 1]]] : [[written, [0]], [stem, [1]]];
    for (const [text, channels] of texts) {
      // As withinTypos: a written word with a digit meets nothing by typo.
      if (this.mostDeleted === 0 || HAS_DIGIT.test(text)) continue;
      const marks = prefixes(text);
      for (const [rest, ways] of deletions(text, this.mostDeleted)) {
        const key = this.known(typoInput(marks, rest));
        for (const [slot, channel, budget, ...expectedGaps] of (key === undefined ? undefined : this.typos.get(key)) ?? []) {
          if (!channels.includes(channel!) || kinds.has(slot!)) continue;
          if (ways.some((gaps) => gaps.length <= budget! && editCost(gaps, expectedGaps) <= budget!)) kinds.set(slot!, 'typo');
        }
      }
    }
    const found: Meeting[] = [...kinds].sort((a, b) => a[0] - b[0]).map(([slot, kind]) => ({ slot, kind }));
    if (this.met.size >= MEMORY) this.met.clear();
    this.met.set(written, found);
    return found;
  }
}

