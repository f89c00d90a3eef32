/**
 * End to end: `quizgrade grade` on a folder that mixes hostile inputs with
 * ordinary submissions. One result per input, in input order; the ordinary
 * submissions score exactly what they score without hostile neighbours; every
 * hostile one ends with a clear status; the process is left unpolluted.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Quiz } from '../../src/quiz/model.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { ROOT, run, tempDir, type CliRun } from '../support/cli.ts';
import {
  expectClearParts,
  expectNoPollution,
  HOSTILE_FIXTURES,
  HOSTILE_TEST_TIMEOUT_MS,
  MEGABYTE,
  MESSAGE_MAX_CHARS,
  mockQuiz,
  nestedJsonArrays,
  prototypeSnapshot,
  QUIZ_PATH,
  submission,
} from './support.ts';

/** Ordinary submissions of the class fixtures, graded next to the hostile ones. */
const NORMAL = ['s000-answer-sheet', 's001-perfect', 's002-messy-formats', 's004-sign-errors', 's010-choices-by-text', 's015-all-wrong'];
/** Ordinary submissions that travel as lines of a JSONL file. */
const NORMAL_LINES = ['s005-closed-ends-and-tanh', 's014-near-misses'];

/** `defect`: where quizgrade is known to fall short of the expectation (checked apart, as a known failure). */
type Expectation = ({ status: 'graded' } | { status: 'invalid'; reason: RegExp }) & { defect?: string };
interface Entry {
  /** File name in the class folder; sorted names give the input order. */
  file: string;
  write(target: string): Promise<void>;
  /** One expectation per record the file holds; `normal` for an ordinary submission. */
  records: (Expectation | 'normal')[];
}

const classFile = (name: string) => path.join(ROOT, 'fixtures', 'class', `${name}.json`);
const hostileFile = (name: string) => path.join(ROOT, HOSTILE_FIXTURES, 'submissions', name);
const copied = (from: string) => (target: string) => copyFile(from, target);
const invalid = (reason: RegExp): Expectation => ({ status: 'invalid', reason });
const GRADED: Expectation = { status: 'graded' };

async function compactLine(name: string): Promise<string> {
  return JSON.stringify(JSON.parse(await readFile(classFile(name), 'utf8')));
}

function entries(): Entry[] {
  const normal = (index: number, name: string): Entry => ({ file: `${String(index).padStart(2, '0')}-${name}.json`, write: copied(classFile(name)), records: ['normal'] });
  const hostile = (index: number, name: string, expectation: Expectation): Entry => ({ file: `${String(index).padStart(2, '0')}-${name}`, write: copied(hostileFile(name)), records: [expectation] });
  const generated = (index: number, name: string, content: () => string | Buffer, expectation: Expectation): Entry => ({
    file: `${String(index).padStart(2, '0')}-${name}`,
    write: (target) => writeFile(target, content()),
    records: [expectation],
  });
  return [
    normal(0, NORMAL[0]!),
    hostile(1, 'array.json', invalid(/must be an object/)),
    hostile(2, 'string.json', invalid(/must be an object/)),
    normal(3, NORMAL[1]!),
    hostile(4, 'null.json', invalid(/must be an object/)),
    hostile(5, 'number.json', invalid(/must be an object/)),
    hostile(6, 'numeric-student-id.json', invalid(/student\.id: must be a string/)),
    normal(7, NORMAL[2]!),
    hostile(8, 'proto-answer-key.json', invalid(/unknown key "__proto__"/)),
    hostile(9, 'prototype-keys.json', invalid(/unknown key "__proto__"/)),
    hostile(10, 'code-answers.json', GRADED),
    normal(11, NORMAL[3]!),
    hostile(12, 'non-finite-answers.json', GRADED),
    hostile(13, 'control-characters.json', GRADED),
    hostile(14, 'raw-control-bytes.json', invalid(/not valid JSON/)),
    hostile(15, 'invalid-utf8.json', GRADED),
    hostile(16, 'emoji-rtl.json', GRADED),
    hostile(17, 'confusables.json', GRADED),
    hostile(18, 'infinity-intervals.json', GRADED),
    normal(19, NORMAL[4]!),
    generated(20, 'fifty-megabytes.json', () => JSON.stringify(submission({ 'q4.total': 'x'.repeat(50 * MEGABYTE) }, 'fifty-mb')), invalid(/too large/)),
    generated(21, 'ten-megabyte-answer.json', () => JSON.stringify(submission({ 'q9.value': '1'.repeat(10 * MEGABYTE) }, 'ten-mb')), invalid(/too large/)),
    generated(22, 'four-megabyte-answer.json', () => JSON.stringify(submission({ 'q4.total': '9'.repeat(4 * MEGABYTE), 'q8.convex': 'no' }, 'four-mb')), GRADED),
    generated(23, 'nesting-bomb.json', () => nestedJsonArrays(1_000_000), invalid(/nested too deeply/)),
    generated(24, 'nesting-bomb-in-answer.json', () => `{"quiz":"mock-quiz-2","student":{"id":"nested"},"answers":{"q4.total":${nestedJsonArrays(1_000_000)}}}`, invalid(/nested too deeply/)),
    generated(25, 'hundred-thousand-strings.json', () => JSON.stringify(submission({
      'q4.total': Array.from({ length: 100_000 }, () => '1265220'),
      'q10.hyper': Array.from({ length: 100_000 }, (_, i) => (i % 2 ? 'alpha' : 'gamma')),
    }, 'many-strings')), GRADED),
    generated(26, 'hundred-thousand-keys.json', () => JSON.stringify(submission(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, '1'])), 'many-keys')), invalid(/more than 10000/)),
    generated(27, 'empty.json', () => '', invalid(/empty/)),
    generated(28, 'whitespace-and-bom.json', () => '\uFEFF \n\t', invalid(/empty|not valid JSON/)),
    {
      file: '29-mixed.jsonl',
      write: async (target) => {
        const lines = [
          await compactLine(NORMAL_LINES[0]!),
          JSON.stringify(submission({ 'q4.total': 'y'.repeat(20 * MEGABYTE) }, 'twenty-mb-line')),
          '[]',
          '{"quiz": "mock-quiz-2", "student": {"id": "broken"',
          '\u0000\u0001\u0002',
          await compactLine(NORMAL_LINES[1]!),
        ];
        await writeFile(target, `${lines.join('\n')}\n`);
      },
      records: ['normal', invalid(/too large/), invalid(/must be an object/), invalid(/not valid JSON/), invalid(/not valid JSON/), 'normal'],
    },
    normal(30, NORMAL[5]!),
  ];
}

async function readResults(outDir: string): Promise<SubmissionResult[]> {
  const text = await readFile(path.join(outDir, 'results.jsonl'), 'utf8');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as SubmissionResult);
}

/** A result without where it came from, to compare the same submission across runs. */
/** What grading decided, without where the submission came from (a JSONL line and a file differ in their text, so in inputHash too). */
function gradedPart(result: SubmissionResult): Omit<SubmissionResult, 'source' | 'position' | 'duplicateOf' | 'inputHash'> {
  const { source: _source, position: _position, duplicateOf: _duplicateOf, inputHash: _inputHash, ...rest } = result;
  return rest;
}

describe('quizgrade grade on a class salted with hostile inputs', () => {
  const before = prototypeSnapshot();
  const layout = entries();
  let mixed: CliRun;
  let results: SubmissionResult[];
  let alone: Map<string, SubmissionResult>;

  beforeAll(async () => {
    const classDir = await tempDir('quizgrade-hostile-class-');
    for (const entry of layout) await entry.write(path.join(classDir, entry.file));
    const outDir = await tempDir('quizgrade-hostile-out-');
    mixed = await run(['grade', QUIZ_PATH, classDir, '--out', outDir]);
    results = await readResults(outDir);

    const normalDir = await tempDir('quizgrade-hostile-normal-');
    for (const name of [...NORMAL, ...NORMAL_LINES]) await copyFile(classFile(name), path.join(normalDir, `${name}.json`));
    const normalOut = await tempDir('quizgrade-hostile-normal-out-');
    const baseline = await run(['grade', QUIZ_PATH, normalDir, '--out', normalOut]);
    expect(baseline.code, baseline.stderr).toBe(0);
    alone = new Map((await readResults(normalOut)).map((result) => [result.student.id, result]));
    await mkdir(outDir, { recursive: true });
  }, 4 * HOSTILE_TEST_TIMEOUT_MS);

  it('exits 1: some inputs are invalid, none crashed the run', () => {
    expect(mixed.code, mixed.stderr).toBe(1);
  });

  it('writes exactly one result per input record, in input order', () => {
    const expected = layout.flatMap((entry) => entry.records.map((_, line) => (entry.file.endsWith('.jsonl') ? `${entry.file}:${line + 1}` : entry.file)));
    expect(results.map((result) => path.basename(result.source ?? ''))).toEqual(expected);
    results.forEach((result, index) => {
      if (result.position !== undefined) expect(result.position).toBe(index);
    });
  });

  it('grades the ordinary submissions exactly as it grades them without hostile neighbours', () => {
    const records = layout.flatMap((entry) => entry.records);
    const normal = results.filter((_, index) => records[index] === 'normal');
    expect(normal).toHaveLength(NORMAL.length + NORMAL_LINES.length);
    for (const result of normal) {
      const baseline = alone.get(result.student.id);
      expect(baseline, result.student.id).toBeDefined();
      expect(gradedPart(result)).toEqual(gradedPart(baseline!));
    }
  });

  const expectClearRecord = (result: SubmissionResult, expectation: Expectation, quiz: Quiz): void => {
    const where = `${result.source}: ${result.errors.join('; ').slice(0, 200)}`;
    expect(result.status, where).toBe(expectation.status);
    if (expectation.status === 'invalid') {
      expect(result.errors.length, where).toBeGreaterThan(0);
      expect(result.errors.join('\n'), where).toMatch(expectation.reason);
      for (const error of result.errors.slice(0, 10)) expect(error.length).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
      expect(result.score).toBe(0);
    } else {
      expectClearParts(result, quiz);
    }
  };
  const hostileRecords = (defects: boolean): [SubmissionResult, Expectation][] => {
    const records = layout.flatMap((entry) => entry.records);
    return results.flatMap((result, index) => {
      const expectation = records[index]!;
      if (expectation === 'normal' || (expectation.defect !== undefined) !== defects) return [];
      return [[result, expectation] as [SubmissionResult, Expectation]];
    });
  };

  it('ends every hostile input with a clear status and reason', async () => {
    const quiz = await mockQuiz();
    for (const [result, expectation] of hostileRecords(false)) expectClearRecord(result, expectation, quiz);
  });

  it('has no hostile input left that is a known defect', () => {
    expect(hostileRecords(true)).toEqual([]);
  });

  it('reads the oversized, binary and broken hostile answers as the parts they are', () => {
    const byId = new Map(results.map((result) => [result.student.id, result]));
    const status = (id: string, key: string) => byId.get(id)?.parts.find((part) => part.key === key)?.status;
    expect(status('four-mb', 'q4.total')).toBe('invalid');
    expect(status('four-mb', 'q8.convex')).toBe('correct');
    expect(status('many-strings', 'q4.total')).toBe('invalid');
    expect(status('many-strings', 'q10.hyper')).toBe('correct');
    expect(status('bad-utf8-\uFFFD\uFFFD', 'q8.convex')).toBe('correct');
    expect(status('bad-utf8-\uFFFD\uFFFD', 'q4.total')).toBe('invalid');
    expect(status('confusables', 'q4.total')).toBe('correct');
  });

  it('leaves the process unpolluted', () => {
    expectNoPollution(before);
  });
});

describe('quizgrade grade output stays plain text', () => {
  // A key holding ESC [2J would clear the instructor's terminal if echoed raw.
  it('an answer key carrying a terminal escape sequence is not echoed raw to the terminal', async () => {
    const classDir = await tempDir('quizgrade-hostile-escape-');
    await copyFile(hostileFile('terminal-escape-key.json'), path.join(classDir, 'terminal-escape-key.json'));
    await copyFile(classFile('s001-perfect'), path.join(classDir, 's001-perfect.json'));
    const outDir = await tempDir('quizgrade-hostile-escape-out-');
    const { code, stdout, stderr } = await run(['grade', QUIZ_PATH, classDir, '--out', outDir]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/unknown key/);
    // eslint-disable-next-line no-control-regex
    expect(`${stdout}${stderr}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }, HOSTILE_TEST_TIMEOUT_MS);
});
