import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFormats, registerReportCommand } from '../../src/cli/report.ts';
import { EXIT_SOME_INVALID, EXIT_USAGE, type CliIO } from '../../src/cli/io.ts';
import { REPORT_FORMATS } from '../../src/reporters/index.ts';
import { ROOT } from './helpers.ts';

const RESULTS = path.join(ROOT, 'fixtures/results/demo-class.jsonl');

interface Run {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

async function run(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), isTTY: false, cwd };
  let code: number | undefined;
  const program = new Command().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerReportCommand(program, io, (exit) => {
    code = exit;
  });
  try {
    await program.parseAsync(['report', ...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  }
  return { code, stdout, stderr };
}

describe('quizgrade report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-report-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('regenerates every output from results.jsonl', async () => {
    const result = await run([RESULTS, '--out', 'all', '--generated-at', '2025-01-15T09:30:00Z'], dir);
    expect(result.code).toBe(EXIT_SOME_INVALID);
    expect(result.stdout).toContain('12 results (2 not graded)');
    const files = (await readdir(path.join(dir, 'all'))).sort();
    // Everything but the per-submission gradescope folder, which is asked for by name.
    expect(files).toEqual(['canvas.csv', 'grades.csv', 'item-analysis.csv', 'moodle.csv', 'report.html', 'report.md', 'summary.json', 'unmatched.csv']);
    // Without the quiz the gradebook is the same as with it.
    expect(await readFile(path.join(dir, 'all/grades.csv'), 'utf8')).toBe(await readFile(path.join(ROOT, 'fixtures/golden/grades.csv'), 'utf8'));
    const summary = JSON.parse(await readFile(path.join(dir, 'all/summary.json'), 'utf8'));
    expect(summary.inputs).toBe(12);
    expect(summary.generatedAt).toBe('2025-01-15T09:30:00Z');
  });

  it('writes the gradescope folder when asked, reading the results a second time', async () => {
    const result = await run([RESULTS, '--out', 'gs', '--format', 'gradescope'], dir);
    expect(result.code).toBe(EXIT_SOME_INVALID);
    expect(result.stdout).toContain('12 results (2 not graded) -> 12 files');
    const folders = await readdir(path.join(dir, 'gs/gradescope'));
    expect(folders.sort()).toEqual(['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11', 's12']);
    const s04 = await readFile(path.join(dir, 'gs/gradescope/s04/results.json'), 'utf8');
    expect(JSON.parse(s04).score).toBe(0.5);
  });

  it('writes every format with --format all', async () => {
    await run([RESULTS, '--out', 'every', '--format', 'all'], dir);
    expect((await readdir(path.join(dir, 'every'))).sort()).toEqual([
      'canvas.csv', 'feedback', 'grades.csv', 'gradescope', 'item-analysis.csv', 'moodle.csv', 'report.html', 'report.md', 'summary.json', 'unmatched.csv',
    ]);
  });

  it('names the gradebook column and adds question columns as asked, and says what the LMS files leave out', async () => {
    const result = await run([RESULTS, '--out', 'lms', '--format', 'canvas,moodle', '--assignment', 'Mock Quiz 2', '--canvas-id', '12345', '--question-columns'], dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('2 submission(s) left out of canvas.csv and moodle.csv (1 invalid, 1 error): listed in unmatched.csv');
    const canvas = await readFile(path.join(dir, 'lms/canvas.csv'), 'utf8');
    expect(canvas.split('\n')[0]).toBe('Student,ID,SIS User ID,SIS Login ID,Section,Mock Quiz 2 (12345),Mock Quiz 2: q1,Mock Quiz 2: q2,Mock Quiz 2: q3');
    const moodle = await readFile(path.join(dir, 'lms/moodle.csv'), 'utf8');
    expect(moodle.split('\n')[0]).toBe('ID number,Email address,Full name,Mock Quiz 2,Feedback,Mock Quiz 2: q1,Mock Quiz 2: q2,Mock Quiz 2: q3');
    expect((await readFile(path.join(dir, 'lms/unmatched.csv'), 'utf8')).split('\n')).toHaveLength(4);
  });

  it.each([
    [['--canvas-id', 'abc'], 'the number in the Canvas assignment address'],
    [['--visibility', 'sometimes'], 'visible, hidden, after_due_date, after_published'],
  ])('rejects a bad export option %j', async (args, message) => {
    const result = await run([RESULTS, '--out', 'bad', ...args], dir);
    expect(result.stderr).toContain(message);
    await expect(readdir(path.join(dir, 'bad'))).rejects.toThrow();
  });

  it('writes only the formats listed', async () => {
    const result = await run([RESULTS, '--out', 'some', '--format', 'md, canvas'], dir);
    expect(result.stderr).toBe('');
    expect((await readdir(path.join(dir, 'some'))).sort()).toEqual(['canvas.csv', 'report.md', 'unmatched.csv']);
  });

  it('rejects an unknown format, naming the valid ones', async () => {
    const result = await run([RESULTS, '--out', 'bad', '--format', 'html,pdf'], dir);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('unknown report format "pdf"');
    expect(result.stderr).toContain('gradescope');
  });

  it('refuses results with unreadable lines, citing each line', async () => {
    const broken = path.join(dir, 'broken.jsonl');
    const good = (await readFile(RESULTS, 'utf8')).split('\n')[0];
    await writeFile(broken, `${good}\n\n{"student":{"id":"x"},"status":"graded"}\nnot json\n`, 'utf8');
    const result = await run(['broken.jsonl', '--out', 'broken-out'], dir);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('broken.jsonl:3: not a submission result: missing score or maxScore');
    expect(result.stderr).toMatch(/broken\.jsonl:4: not valid JSON/);
    await expect(readdir(path.join(dir, 'broken-out'))).rejects.toThrow();
  });

  it('reports a missing results file as a usage error', async () => {
    const result = await run(['nope.jsonl', '--out', 'x'], dir);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('cannot read nope.jsonl');
  });

  it.each([
    ['grades', ['grades']],
    ['html,grades', ['grades', 'html']],
    ['item-analysis , gradescope', ['item-analysis', 'gradescope']],
    ['all', [...REPORT_FORMATS]],
    ['html,all', [...REPORT_FORMATS]],
  ])('parseFormats(%j) keeps write order', (list, formats) => {
    expect(parseFormats(list)).toEqual({ formats });
  });

  it.each([[''], [' , '], ['csv'], ['html,,pdf'], ['All'], ['all,pdf']])('parseFormats(%j) is an error', (list) => {
    expect(parseFormats(list)).toHaveProperty('unknown');
  });
});
