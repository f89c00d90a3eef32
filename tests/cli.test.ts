import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import type { SubmissionResult } from '../src/types.ts';
import { ROOT, run, tempDir } from './support/cli.ts';

const QUIZ = 'questions/mock-quiz-2.yaml';

async function readResults(dir: string): Promise<SubmissionResult[]> {
  const text = await readFile(path.join(dir, 'results.jsonl'), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line) as SubmissionResult);
}

describe('quizgrade validate', () => {
  it('accepts the real quiz', async () => {
    const { code, stdout, stderr } = await run(['validate', QUIZ]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/valid - quiz "mock-quiz-2", 10 questions/);
    expect(code).toBe(0);
  });

  it('lists every problem of a broken spec with file:line:column and path, exit 2', async () => {
    const { code, stderr } = await run(['validate', 'fixtures/specs/broken.yaml']);
    expect(code).toBe(2);
    expect(stderr).toContain('fixtures/specs/broken.yaml:2:1 titel: unknown key "titel" (did you mean "title"?)');
    expect(stderr).toContain('fixtures/specs/broken.yaml:14:17 questions[1].parts[0].answer.rtol: must be a number');
    expect(stderr).toContain('questions[1].parts[1].answer.type: unknown grader type "numerik" (did you mean "numeric"?)');
    expect(stderr).toContain('duplicate question id "q1"');
    expect(stderr).toContain('duplicate part id "a"');
    expect(stderr.trim().split('\n')).toHaveLength(8);
  });

  it('fails the self-test when a mistake is accepted as correct', async () => {
    const dir = await tempDir();
    const spec = path.join(dir, 'loose.yaml');
    await writeFile(spec, [
      'quiz: loose',
      'questions:',
      '  - id: q1',
      '    points: 1',
      '    answer:',
      '      type: numeric',
      '      expected: 100',
      '      rtol: 0.5',
      '      mistakes:',
      '        - { answer: 120, credit: 0.5, feedback: too much }',
    ].join('\n'));
    const { code, stderr } = await run(['validate', spec]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/loose\.yaml:6:7 questions\[0\]\.answer\.mistakes\[0\]: the mistake 120 earns full credit/);
  });

  it('checks a mistake answer against the schema of the expected one', async () => {
    const dir = await tempDir();
    const spec = path.join(dir, 'list.yaml');
    await writeFile(spec, 'quiz: m\nquestions:\n  - id: q1\n    points: 1\n    answer:\n      type: numeric\n      expected: 3\n      mistakes:\n        - { answer: ["1"], credit: 0 }\n');
    const { code, stderr } = await run(['validate', spec]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/list\.yaml:9:21 questions\[0\]\.answer\.mistakes\[0\]\.answer: must be a number or a string/);
  });

  it('exits 2 for a missing file', async () => {
    const { code, stderr } = await run(['validate', 'questions/nope.yaml']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no such file/);
  });
});

describe('quizgrade check', () => {
  it('--json returns the result contract for the answer sheet', async () => {
    const { code, stdout } = await run(['check', QUIZ, 'fixtures/class/s000-answer-sheet.json', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as SubmissionResult;
    expect(result).toMatchObject({ quiz: 'mock-quiz-2', student: { id: 's000' }, status: 'graded', maxScore: 40, errors: [] });
    const total = result.parts.find((part) => part.key === 'q4.total')!;
    expect(total).toMatchObject({ score: 0, maxScore: 2, status: 'incorrect', answer: '24,94,220', interpreted: '2494220', mistake: 1 });
    expect(total.feedback[0]).toMatch(/Check the addition/);
    for (const key of ['q4.layer1', 'q4.layer2', 'q4.output']) {
      expect(result.parts.find((part) => part.key === key)).toMatchObject({ status: 'correct' });
    }
  });

  it('shows a readable per-part view without colours when not a terminal', async () => {
    const { code, stdout } = await run(['check', QUIZ, 'fixtures/class/s000-answer-sheet.json']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/read as: 200 \* 6145 = 1229000/);
    // eslint-disable-next-line no-control-regex -- no terminal escape may reach a non-terminal
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('an invalid submission is shown with its reasons, exit 1', async () => {
    const { code, stdout } = await run(['check', QUIZ, 'fixtures/broken/wrong-quiz.json', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'invalid', score: 0, errors: [expect.stringMatching(/not "mock-quiz-2"/)] });
  });

  it('rejects an unknown format as a usage error', async () => {
    const { code, stderr } = await run(['check', QUIZ, 'fixtures/class/s001-perfect.json', '--format', 'pdf']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Allowed choices are text, md, html/);
  });
});

describe('quizgrade grade', () => {
  it('grades the bundled class: one result per input, in input order', async () => {
    const out = await tempDir();
    const { code, stdout } = await run(['grade', QUIZ, 'fixtures/class', '--out', out]);
    const inputs = readdirSync(path.join(ROOT, 'fixtures/class'));
    const jsonl = (await readFile(path.join(ROOT, 'fixtures/class/lms-export.jsonl'), 'utf8')).trim().split('\n').length;
    const expected = inputs.length - 1 + jsonl;
    const results = await readResults(out);
    expect(results).toHaveLength(expected);
    expect(results.map((result) => result.position)).toEqual([...Array(expected).keys()]);
    expect(stdout).toContain(`${expected} inputs -> ${expected} results`);
    const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'));
    expect(JSON.stringify(summary)).toContain(`${expected}`);
    const grades = (await readFile(path.join(out, 'grades.csv'), 'utf8')).trim().split('\n');
    expect(grades).toHaveLength(expected + 1);
    expect(code).toBe(results.some((result) => result.status !== 'graded') ? 1 : 0);
  });

  it('keeps every broken input as an invalid result and exits 1', async () => {
    const out = await tempDir();
    const { code, stdout } = await run(['grade', QUIZ, 'fixtures/broken', '--out', out]);
    expect(code).toBe(1);
    const results = await readResults(out);
    expect(results).toHaveLength(11);
    const bySource = Object.fromEntries(results.map((result) => [result.source, result]));
    expect(bySource['fixtures/broken/batch.jsonl:1']).toMatchObject({ status: 'graded', student: { id: 'b006' } });
    // The record's line in the file is in its source; the message gives the column within that line only.
    expect(bySource['fixtures/broken/batch.jsonl:2']).toMatchObject({ status: 'invalid', errors: [expect.stringMatching(/^not valid JSON at column 57:/)] });
    expect(bySource['fixtures/broken/batch.jsonl:4']).toMatchObject({ status: 'graded', student: { id: 'b008' } });
    expect(bySource['fixtures/broken/empty.json']).toMatchObject({ status: 'invalid', errors: ['empty file'] });
    expect(bySource['fixtures/broken/empty.jsonl']).toMatchObject({ status: 'invalid', errors: [expect.stringMatching(/no submissions/)] });
    expect(bySource['fixtures/broken/missing-student-id.json']).toMatchObject({ status: 'invalid', student: { id: '', name: 'No Id' } });
    expect(bySource['fixtures/broken/unknown-answer-keys.json']!.errors).toEqual([
      'answers.q9.value: an answer must be a string, a number, or a list of strings',
      'answers: unknown key "q4.layr1" (did you mean "q4.layer1"?)',
      'answers: unknown key "q11"',
    ]);
    expect(bySource['fixtures/broken/unknown-keys.json']!.errors).toEqual([
      'the submission: unknown key "answer"',
      'student: unknown key "nmae"',
    ]);
    expect(bySource['fixtures/broken/wrong-quiz.json']!.errors).toEqual(['quiz: this submission is for "mock-quiz-1", not "mock-quiz-2"']);
    expect(bySource['fixtures/broken/wrong-schema.json']!.errors).toEqual(['answers: must be an object']);
    expect(bySource['fixtures/broken/not-json.json']!.errors[0]).toMatch(/not valid JSON at line 1/);
    expect(stdout).toContain('11 inputs -> 11 results: 2 graded, 9 invalid');
    for (const result of results.filter((result) => result.status === 'invalid')) expect(result.score).toBe(0);
  });

  it('a spec error stops before grading, exit 2', async () => {
    const out = await tempDir();
    const { code, stderr } = await run(['grade', 'fixtures/specs/broken.yaml', 'fixtures/class', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/broken\.yaml:2:1/);
  });

  it('a missing input is a usage error, exit 2', async () => {
    const out = await tempDir();
    const { code, stderr } = await run(['grade', QUIZ, 'fixtures/nope', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no such file or folder: fixtures\/nope/);
  });

  it('an output folder that cannot be created is exit 4: the outputs could not be written', async () => {
    const { code, stderr } = await run(['grade', QUIZ, 'fixtures/class', '--out', 'README.md/out']);
    expect(code).toBe(4);
    expect(stderr).toMatch(/^cannot write .*README\.md\/out: (ENOTDIR|EEXIST)/);
  });

  it('gives byte-identical results with and without the verdict cache', async () => {
    const [cached, uncached] = [await tempDir(), await tempDir()];
    await run(['grade', QUIZ, 'fixtures/class', '--out', cached]);
    await run(['grade', QUIZ, 'fixtures/class', '--out', uncached, '--no-cache']);
    expect(await readFile(path.join(cached, 'results.jsonl'), 'utf8')).toBe(await readFile(path.join(uncached, 'results.jsonl'), 'utf8'));
  });
});

describe('quizgrade template and usage', () => {
  it('prints a blank submission with every key', async () => {
    const { code, stdout } = await run(['template', QUIZ]);
    expect(code).toBe(0);
    const template = JSON.parse(stdout);
    expect(template.quiz).toBe('mock-quiz-2');
    expect(Object.keys(template.answers)).toHaveLength(33);
    expect(template.answers['q4.total']).toBe('');
  });

  it('an unknown command is a usage error, exit 2', async () => {
    const { code, stderr } = await run(['grdae']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command 'grdae'/);
  });

  it('--help exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: quizgrade/);
  });
});

describe('quizgrade --version', () => {
  it.each([['--version'], ['-V']])('%s prints the version of package.json and exits 0', async (flag) => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(await run([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
