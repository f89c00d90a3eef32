/**
 * The sealed rubric: every free-text fixture and TA-table answer of the quiz
 * grades exactly as with the spec's rubric (the whole outcome: verdict, credit,
 * evidence, signals, paraphrases); the sealed lexicon meets written words as
 * the Lexicon does, typos included (a property test against withinTypos); and
 * the sealed key holds no phrase word, only hashes, ids and what the student
 * is shown anyway.
 */
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { rubricGrader, type CompiledRubric, type RubricOptions } from '../../graders/rubric.ts';
import { deletions, editCost, SealedLexicon, sealLexicon } from '../../src/seal/lexicon.ts';
import { rubricSealer } from '../../src/seal/rubric.ts';
import type { CompileContext } from '../../src/grader.ts';
import { compilePhrase, Lexicon, PhraseError } from '../../src/text/phrase.ts';
import { stemWord } from '../../src/text/stem.ts';
import { MAX_TYPOS_DEFAULT } from '../../src/text/typos.ts';
import { taTables } from '../../bench/rubric-tables.ts';
import { freeTextFixtures, quizRubrics } from '../rubric/quiz-rubrics.ts';

const context = (key: string): CompileContext => ({ quizId: 'mock-quiz-2', definitions: {}, key, seed: 7 });

/** The rubric compiled from the spec, and the same through its sealed key and JSON. */
function bothWays(key: string, options: RubricOptions): { spec: CompiledRubric; sealed: CompiledRubric; key: unknown } {
  const spec = rubricGrader.compile(options, context(key));
  const sealedKey = JSON.parse(JSON.stringify(rubricSealer.seal(spec, { ...options, type: 'rubric' }, context(key)))) as unknown;
  const sealed = rubricSealer.open(sealedKey, rubricSealer.publicOptions({ ...options, type: 'rubric' }), context(key), rubricGrader) as CompiledRubric;
  return { spec, sealed, key: sealedKey };
}

const rubrics = quizRubrics();
const answersByKey = new Map<string, string[]>();
for (const file of freeTextFixtures()) answersByKey.set(file.key, [...(answersByKey.get(file.key) ?? []), ...file.answers.map((answer) => answer.answer)]);
for (const table of taTables()) answersByKey.set(table.key, [...(answersByKey.get(table.key) ?? []), ...table.answers.map((answer) => answer.answer)]);

describe('sealed rubric on the free-text fixtures and TA tables', () => {
  it('covers every rubric part of the quiz with many answers', () => {
    expect([...answersByKey.keys()].sort()).toEqual([...rubrics.keys()].sort());
    for (const answers of answersByKey.values()) expect(answers.length).toBeGreaterThan(20);
  });

  for (const [key, rubric] of rubrics) {
    it(`${key}: every answer grades as with the spec, outcome for outcome`, () => {
      const { spec, sealed } = bothWays(key, rubric.options);
      for (const answer of answersByKey.get(key)!) {
        expect(rubricGrader.grade(answer, sealed, rubric.options), answer).toEqual(rubricGrader.grade(answer, spec, rubric.options));
      }
    });

    it(`${key}: the sealed key holds hashes, numbers and what the student reads, no phrase word`, () => {
      const { spec, key: sealedKey } = bothWays(key, rubric.options);
      const shown = new Set<string>(['words', 'regex', 'math', 'auto', 'always', 'never']);
      for (const criterion of rubric.options.criteria) for (const text of [criterion.id, criterion.description, criterion.feedback, ...(criterion.math ?? [])]) if (text !== undefined) shown.add(text);
      const readable: string[] = [];
      const walk = (value: unknown, path: string): void => {
        if (typeof value === 'string') {
          if (!/^[0-9a-f]{32}$/.test(value) && !shown.has(value) && !/^\/.*\/[a-z]*$/s.test(value)) readable.push(`${path}: ${value}`);
        } else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
        else if (value !== null && typeof value === 'object') for (const [name, item] of Object.entries(value)) walk(item, `${path}.${name}`);
      };
      walk(sealedKey, key);
      // A math pattern's comparable form is matched as a substring: carried as it is (docs/page.md).
      const mathKeys = new Set(spec.criteria.flatMap((criterion) => [...(criterion.any ?? []), ...criterion.all.flat()]).flatMap((phrase) => (phrase.kind === 'math' ? [phrase.key] : [])));
      expect(readable.filter((entry) => !mathKeys.has(entry.replace(/^[^:]*: /, '')))).toEqual([]);
      const words = new Set(spec.lexicon.entries().flatMap((word) => [word.word, word.stem]));
      const text = JSON.stringify(sealedKey);
      // A word the criteria's ids or descriptions use is shown to the student anyway.
      const hidden = [...words].filter((word) => ![...shown].some((texts) => texts.toLowerCase().includes(word)));
      expect(hidden.length).toBeGreaterThan(20);
      expect(hidden.filter((word) => text.includes(`"${word}"`))).toEqual([]);
    });
  }
});

/** A lexicon of these phrase words, and its sealed twin. */
function lexicons(words: readonly string[], maxTypos = MAX_TYPOS_DEFAULT): { plain: Lexicon; sealed: SealedLexicon } {
  const plain = new Lexicon();
  for (const word of words) {
    try {
      compilePhrase(word, { synonyms: [], maxTypos, lexicon: plain });
    } catch (error) {
      // A random word may be a function word alone (`in`), which is no phrase.
      if (!(error instanceof PhraseError)) throw error;
    }
  }
  return { plain, sealed: new SealedLexicon(JSON.parse(JSON.stringify(sealLexicon(plain, 'salt'))), 'salt') };
}

const meet = (lexicon: Lexicon, written: string) => lexicon.meet(written, stemWord(written));

/** Written words against phrase words: typos of each length budget, transpositions, prefixes, digits, stems. */
const TRAPS: [string, string][] = [
  ['orthogonal', 'orthogonol'], ['orthogonal', 'orthoognal'], ['orthogonal', 'ortohgonla'], ['orthogonal', 'orthogonal'], ['orthogonal', 'orthogonally'],
  ['embeddings', 'embedings'], ['embeddings', 'embeding'], ['embeddings', 'mebeddings'], ['certainty', 'uncertainty'], ['dependent', 'independent'],
  ['convex', 'convx'], ['convex', 'conevx'], ['convex', 'nonconvex'], ['local', 'lokal'], ['word2vec', 'word2vek'], ['sparse', 'sparsity'],
  ['vocabulary', 'vocabularies'], ['vocabulary', 'vocablary'], ['vocabulary', 'vocabluary'], ['similarity', 'dissimilarity'], ['cross entropy', 'crossentropy'],
];

describe('sealed lexicon', () => {
  it.each(TRAPS)('%s meets %s as the Lexicon does', (phrase, written) => {
    const { plain, sealed } = lexicons([phrase]);
    expect(meet(sealed, written)).toEqual(meet(plain, written));
  });

  it('meets every written word as the Lexicon does (random words and edits of them)', () => {
    const letters = fc.constantFrom(...'aeinorstcdu');
    const word = fc.array(letters, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
    const edit = fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'swap'), letters);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.nat(3), fc.array(edit, { maxLength: 3 }), fc.integer({ min: 0, max: MAX_TYPOS_DEFAULT }), (phrases, pick, edits, maxTypos) => {
        let written = phrases[pick % phrases.length]!;
        for (const [at, kind, letter] of edits) {
          const index = written.length === 0 ? 0 : at % written.length;
          if (kind === 'delete') written = written.slice(0, index) + written.slice(index + 1);
          else if (kind === 'insert') written = written.slice(0, index) + letter + written.slice(index);
          else if (kind === 'replace') written = written.slice(0, index) + letter + written.slice(index + 1);
          else written = written.slice(0, index) + (written[index + 1] ?? '') + (written[index] ?? '') + written.slice(index + 2);
        }
        if (written === '') return;
        const { plain, sealed } = lexicons(phrases, maxTypos);
        expect(meet(sealed, written)).toEqual(meet(plain, written));
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  it('deletions and their cost give the edit distance (Levenshtein) up to 2', () => {
    const word = fc.array(fc.constantFrom(...'abc'), { minLength: 0, maxLength: 7 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(word, word, (left, right) => {
        const rights = deletions(right, 2);
        let cost = Number.POSITIVE_INFINITY;
        for (const [rest, lefts] of deletions(left, 2)) {
          for (const a of lefts) for (const b of rights.get(rest) ?? []) cost = Math.min(cost, editCost(a, b));
        }
        for (const budget of [0, 1, 2]) expect(cost <= budget, `${left} / ${right} within ${budget}`).toBe(distance(left, right) <= budget);
      }),
      { numRuns: 1000, seed: 14 },
    );
  });
});
