/** The streaming path: bounded counters, the compact class table, and stream = array, byte for byte. */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ClassAccumulator, LISTED_SUBMISSIONS_MAX, tableOf } from '../../src/analytics/accumulator.ts';
import { analyzeClass } from '../../src/analytics/class-analysis.ts';
import { SpaceSavingCounter } from '../../src/analytics/heavy-hitters.ts';
import { READ_CHUNK_BYTES, ResultsFileSource, fileLines } from '../../src/results/index.ts';
import { REPORT_FORMATS, writeClassReports, type ResultSource } from '../../src/reporters/index.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { GENERATED_AT, ROOT, loadQuizInfo, loadResults } from './helpers.ts';

const results = loadResults();
const quiz = loadQuizInfo();

function counter(capacity: number): SpaceSavingCounter<null> {
  return new SpaceSavingCounter<null>(capacity, () => null, () => {});
}

function exactCounts(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

describe('SpaceSavingCounter', () => {
  it('counts exactly while the distinct keys fit', () => {
    const keys = ['a', 'b', 'a', 'c', 'a', 'b'];
    const counted = counter(3);
    for (const key of keys) counted.add(key);
    expect(counted.overflowed).toBe(false);
    expect(counted.size).toBe(3);
    expect([...counted.values()].map((entry) => [entry.key, entry.count, entry.error]).sort()).toEqual([
      ['a', 3, 0],
      ['b', 2, 0],
      ['c', 1, 0],
    ]);
  });

  it('keeps a frequent key that first arrives after the counter is full, with an honest error', () => {
    const keys = [...Array.from({ length: 50 }, (_, i) => `one-off ${i}`)];
    for (let i = 0; i < 30; i += 1) keys.push('late', `late one-off ${i}`);
    const counted = counter(10);
    for (const key of keys) counted.add(key);
    expect(counted.overflowed).toBe(true);
    expect(counted.size).toBe(10);
    const late = counted.get('late');
    expect(late).toBeDefined();
    expect(late!.count - late!.error).toBeLessThanOrEqual(30);
    expect(late!.count).toBeGreaterThanOrEqual(30);
    // The one-offs that displaced each other never outrank it.
    const top = [...counted.values()].sort((a, b) => b.count - a.count)[0];
    expect(top?.key).toBe('late');
  });

  it('holds the documented bounds on any stream', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 400 }), fc.integer({ min: 1, max: 12 }), (values, capacity) => {
        const keys = values.map((value) => `k${value}`);
        const counted = counter(capacity);
        for (const key of keys) counted.add(key);
        const exact = exactCounts(keys);
        expect(counted.total).toBe(keys.length);
        expect(counted.size).toBe(Math.min(capacity, exact.size));
        for (const entry of counted.values()) {
          const truth = exact.get(entry.key) as number;
          expect(entry.count - entry.error).toBeLessThanOrEqual(truth);
          expect(entry.count).toBeGreaterThanOrEqual(truth);
          expect(entry.error).toBeLessThanOrEqual(keys.length / capacity);
          if (!counted.overflowed) expect(entry.error).toBe(0);
        }
        // Every key seen more than total / capacity times is still held.
        for (const [key, count] of exact) if (count > keys.length / capacity) expect(counted.get(key)).toBeDefined();
      }),
    );
  });

  it.each([[0], [-1], [1.5]])('refuses capacity %d', (capacity) => {
    expect(() => counter(capacity)).toThrow(RangeError);
  });
});

describe('the compact class table', () => {
  const table = tableOf(results, quiz);

  it('keeps per submission only typed arrays and arrays of strings', () => {
    for (const [name, column] of Object.entries(table.rows)) {
      if (ArrayBuffer.isView(column)) continue;
      expect(Array.isArray(column), name).toBe(true);
      for (const value of column as unknown[]) expect(['string', 'undefined'], name).toContain(typeof value);
    }
    for (const scores of table.partScores) expect(scores).toBeInstanceOf(Float64Array);
    expect(table.rows.ids).toHaveLength(results.length);
  });

  it('holds no result or part object', () => {
    const seen = new Set<object>();
    const offending: string[] = [];
    const visit = (value: unknown, where: string): void => {
      if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) return;
      seen.add(value);
      if (results.includes(value as SubmissionResult) || results.some((result) => result.parts.includes(value as never))) offending.push(where);
      if ('student' in value && 'parts' in value) offending.push(where);
      if (value instanceof Map) for (const [key, entry] of value) visit(entry, `${where}.get(${String(key)})`);
      else for (const [key, entry] of Object.entries(value)) visit(entry, `${where}.${key}`);
    };
    visit(table, 'table');
    expect(offending).toEqual([]);
  });

  it('gives the same table whatever order the results arrive in', () => {
    const reversed = tableOf([...results].reverse(), quiz);
    const inOrder = (t: typeof table): string[] => Array.from(t.order, (row) => `${t.rows.ids[row]}@${t.rows.positions[row]}`);
    expect(inOrder(reversed)).toEqual(inOrder(table));
    expect(reversed.layout).toEqual(table.layout);
  });

  it('lists the first invalid submissions in report order, however many arrive and in what order', () => {
    const invalid = (i: number): SubmissionResult => ({
      quiz: 'demo-quiz', student: { id: `x${i}` }, status: 'invalid', score: 0, maxScore: 6, parts: [], errors: [`bad ${i}`], position: i,
    });
    const count = LISTED_SUBMISSIONS_MAX + 50;
    const backwards = Array.from({ length: count }, (_, i) => invalid(count - 1 - i));
    const analysis = analyzeClass({ results: backwards });
    expect(analysis.invalid.total).toBe(count);
    expect(analysis.invalid.shown.map((entry) => entry.studentId)).toEqual(Array.from({ length: LISTED_SUBMISSIONS_MAX }, (_, i) => `x${i}`));
  });

  it('refuses results after it is finished', () => {
    const accumulator = new ClassAccumulator(quiz);
    accumulator.finish();
    expect(() => accumulator.add(results[0] as SubmissionResult)).toThrow(/after finish/);
  });
});

/** Every file under `dir`, relative path -> content. */
async function filesOf(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const relative = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(relative);
      else files.set(relative, await readFile(path.join(dir, relative), 'utf8'));
    }
  };
  await walk('');
  return files;
}

function streamOf(list: readonly SubmissionResult[]): ResultSource {
  return {
    async *stream() {
      for (const result of list) yield structuredClone(result);
    },
  };
}

describe('stream and array sources', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  async function written(source: ResultSource, withQuiz: boolean): Promise<Map<string, string>> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-stream-'));
    dirs.push(dir);
    await writeClassReports(source, dir, { ...(withQuiz ? { quiz } : {}), generatedAt: GENERATED_AT, formats: REPORT_FORMATS });
    return filesOf(dir);
  }

  it.each([
    ['with the quiz', true],
    ['from results alone', false],
  ])('write identical files %s', async (_name, withQuiz) => {
    const fromArray = await written(results, withQuiz);
    // The class files, then per submission its Gradescope results and its two feedback files.
    expect(fromArray.size).toBe(8 + 3 * results.length);
    expect(await written(streamOf(results), withQuiz)).toEqual(fromArray);
    // Arrival order does not matter either.
    const shuffled = [...results].sort((a, b) => (a.student.id.charCodeAt(2) % 3) - (b.student.id.charCodeAt(2) % 3) || b.student.id.localeCompare(a.student.id));
    expect(shuffled.map((result) => result.student.id)).not.toEqual(results.map((result) => result.student.id));
    expect(await written(streamOf(shuffled), withQuiz)).toEqual(fromArray);
  });

  it('writes the same files from results.jsonl read as a stream', async () => {
    const source = new ResultsFileSource(path.join(ROOT, 'fixtures/results/demo-class.jsonl'));
    expect(await written(source, true)).toEqual(await written(results, true));
    expect(source.problems).toEqual([]);
  });

  it('stops when the results change between the two passes', async () => {
    let pass = 0;
    const changing: ResultSource = {
      async *stream() {
        pass += 1;
        for (const result of pass === 1 ? results : results.slice(1)) yield result;
      },
    };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-stream-'));
    dirs.push(dir);
    await expect(writeClassReports(changing, dir, { formats: ['gradescope'] })).rejects.toThrow(/changed between passes/);
  });

  it('reads a streamed source once when no per-submission format is asked for', async () => {
    let passes = 0;
    const counted: ResultSource = {
      async *stream() {
        passes += 1;
        yield* results;
      },
    };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-stream-'));
    dirs.push(dir);
    await writeClassReports(counted, dir, { quiz });
    expect(passes).toBe(1);
    await writeClassReports(counted, dir, { quiz, formats: ['grades', 'gradescope'] });
    expect(passes).toBe(3);
  });
});

describe('fileLines', () => {
  let dir: string;
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function linesOf(text: string | Buffer): Promise<string[]> {
    dir ??= await mkdtemp(path.join(os.tmpdir(), 'quizgrade-lines-'));
    const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`);
    await writeFile(file, text);
    const lines: string[] = [];
    for await (const line of fileLines(file)) lines.push(line);
    return lines;
  }

  it.each([
    ['LF', 'a\nb\n', ['a', 'b']],
    ['CRLF', 'a\r\nb\r\n', ['a', 'b']],
    ['no final newline', 'a\nb', ['a', 'b']],
    ['blank lines kept (for line numbers)', 'a\n\nb\n', ['a', '', 'b']],
    ['empty file', '', []],
  ])('%s', async (_name, text, expected) => {
    expect(await linesOf(text)).toEqual(expected);
  });

  it('keeps a multi-byte character that straddles two reads, and lines longer than a read', async () => {
    const before = 'x'.repeat(READ_CHUNK_BYTES - 1);
    const long = 'é'.repeat(READ_CHUNK_BYTES);
    expect(await linesOf(`${before}é\n${long}\nend`)).toEqual([`${before}é`, long, 'end']);
  });
});
