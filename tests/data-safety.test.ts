/**
 * Nothing lost, nothing corrupted: the output folder's lock, write failures
 * (exit 4, one line, nothing half-written), --resume against changed inputs,
 * inputs that are not regular files, and Gradescope folders that never collide.
 */
import { spawn, execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, readInputs, type InputRecord } from '../src/engine/inputs.ts';
import { studentFileName } from '../src/reporters/file-names.ts';
import { LOCK_FILE_NAME } from '../src/results/index.ts';
import type { SubmissionResult } from '../src/types.ts';
import { ROOT, run, tempDir } from './support/cli.ts';

const QUIZ = 'questions/mock-quiz-2.yaml';
const ONE = 'fixtures/class/s001-perfect.json';
async function resultsIn(dir: string): Promise<SubmissionResult[]> {
  const text = await readFile(path.join(dir, 'results.jsonl'), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line) as SubmissionResult);
}

/** A process id that is certainly not running: a child that has already exited. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
}

describe('the lock on --out', () => {
  it('refuses a second run while a live process holds the folder, naming the folder and the process', async () => {
    const out = await tempDir('quizgrade-safety-');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const lock = { pid: holder.pid, host: hostname(), command: 'grade questions/other.yaml', since: '2026-12-01T10:00:00.000Z' };
      await writeFile(path.join(out, LOCK_FILE_NAME), JSON.stringify(lock));
      const { code, stderr } = await run(['grade', QUIZ, ONE, '--out', out, '--jobs', '1']);
      expect(code).toBe(2);
      expect(stderr).toContain(`${out} is in use by another quizgrade run (process ${holder.pid}`);
      expect(stderr).toContain('grade questions/other.yaml');
      await expect(readFile(path.join(out, 'results.jsonl'))).rejects.toThrow(/ENOENT/);
    } finally {
      holder.kill();
    }
  });

  it('refuses to report (and so re-mark) a results file while a live run holds its folder, and leaves no lock of its own', async () => {
    const out = await tempDir('quizgrade-safety-');
    expect((await run(['grade', QUIZ, ONE, '--out', out, '--jobs', '1'])).code).toBe(0);
    const before = await readFile(path.join(out, 'results.jsonl'), 'utf8');
    const reports = await tempDir('quizgrade-safety-');
    expect((await run(['report', path.join(out, 'results.jsonl'), '--out', reports])).code).toBe(0);
    await expect(readFile(path.join(out, LOCK_FILE_NAME))).rejects.toThrow(/ENOENT/);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const lock = { pid: holder.pid, host: hostname(), command: 'grade --resume', since: '2026-12-01T10:00:00.000Z' };
      await writeFile(path.join(out, LOCK_FILE_NAME), JSON.stringify(lock));
      const { code, stderr } = await run(['report', path.join(out, 'results.jsonl'), '--out', reports, '--policy', 'first']);
      expect(code).toBe(2);
      expect(stderr).toContain(`${out} is in use by another quizgrade run (process ${holder.pid}`);
      expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).toBe(before);
    } finally {
      holder.kill();
    }
  });

  it('refuses a second run in the same process too', async () => {
    const out = await tempDir('quizgrade-safety-');
    const [first, second] = await Promise.all([
      run(['grade', QUIZ, ONE, '--out', out, '--jobs', '1']),
      run(['grade', QUIZ, ONE, '--out', out, '--jobs', '1']),
    ]);
    expect([first.code, second.code].sort()).toEqual([0, 2]);
    expect(await resultsIn(out)).toHaveLength(1);
    await expect(readFile(path.join(out, LOCK_FILE_NAME))).rejects.toThrow(/ENOENT/);
  });

  it('takes over the lock of a process that is gone, with a note, and releases it at the end', async () => {
    const out = await tempDir('quizgrade-safety-');
    const pid = deadPid();
    await writeFile(path.join(out, LOCK_FILE_NAME), JSON.stringify({ pid, host: hostname(), command: 'grade old.yaml', since: '2026-11-30T10:00:00.000Z' }));
    const { code, stderr } = await run(['grade', QUIZ, ONE, '--out', out, '--jobs', '1']);
    expect(code).toBe(0);
    expect(stderr).toContain(`took over the lock of ${out} from process ${pid}, which is no longer running`);
    expect(await resultsIn(out)).toHaveLength(1);
    expect(await readdir(out)).not.toContain(LOCK_FILE_NAME);
  });
});

describe('outputs that cannot be written', () => {
  it('a full disk while writing results.jsonl ends with exit 4 and one line naming the file and the reason', async () => {
    const out = await tempDir('quizgrade-safety-');
    await symlink('/dev/full', path.join(out, 'results.jsonl'));
    const { code, stderr } = await run(['grade', QUIZ, ONE, '--out', out, '--jobs', '1']);
    expect(code).toBe(4);
    expect(stderr.trim().split('\n')).toEqual([`cannot write ${path.join(out, 'results.jsonl')}: ENOSPC: no space left on device`]);
  });

  it('a report that cannot be put in place ends with exit 4, naming it, and leaves no temporary file', async () => {
    const out = await tempDir('quizgrade-safety-');
    await mkdir(path.join(out, 'summary.json', 'in-the-way'), { recursive: true });
    const { code, stderr } = await run(['grade', QUIZ, ONE, '--out', out, '--jobs', '1']);
    expect(code).toBe(4);
    expect(stderr).toMatch(new RegExp(`^cannot write ${path.join(out, 'summary.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: E[A-Z]+: `));
    expect(stderr).not.toMatch(/\n\s+at /);
    expect((await readdir(out)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // The results were written before the reports: the run can be resumed or reported again.
    expect(await resultsIn(out)).toHaveLength(1);
  });

  it('an output folder that cannot be created is exit 4', async () => {
    const out = await tempDir('quizgrade-safety-');
    await writeFile(path.join(out, 'file'), 'x');
    const { code, stderr } = await run(['grade', QUIZ, ONE, '--out', path.join(out, 'file', 'out'), '--jobs', '1']);
    expect(code).toBe(4);
    expect(stderr).toMatch(/^cannot write .*file\/out: ENOTDIR/);
  });
});

describe('--resume', () => {
  it('refuses when an input changed at the same path, naming it', async () => {
    const dir = await tempDir('quizgrade-safety-');
    const inputs = path.join(dir, 'class');
    await mkdir(inputs);
    for (const name of ['s001-perfect.json', 's003-forgot-biases.json']) await copyFile(path.join(ROOT, 'fixtures/class', name), path.join(inputs, name));
    const out = path.join(dir, 'out');
    expect((await run(['grade', QUIZ, inputs, '--out', out, '--jobs', '1'])).code).toBe(0);
    const before = await readFile(path.join(out, 'results.jsonl'), 'utf8');

    const changed = path.join(inputs, 's003-forgot-biases.json');
    await writeFile(changed, (await readFile(changed, 'utf8')).replace('"s003"', '"s003b"'));
    const { code, stderr } = await run(['grade', QUIZ, inputs, '--out', out, '--resume', '--jobs', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/s003-forgot-biases\.json changed since it was graded/);
    expect(await readFile(path.join(out, 'results.jsonl'), 'utf8')).toBe(before);
  });
});

async function records(files: string[], baseDir: string): Promise<InputRecord[]> {
  const found: InputRecord[] = [];
  for await (const record of readInputs(files, baseDir)) found.push(record);
  return found;
}

describe('inputs that are not regular files', () => {
  it('a FIFO or a device named explicitly is one invalid record, never opened (no hang)', async () => {
    const dir = await tempDir('quizgrade-safety-');
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    await symlink('/dev/zero', path.join(dir, 'zero.json'));
    const found = await records([fifo, '/dev/zero', path.join(dir, 'zero.json')], dir);
    expect(found.map((record) => record.error)).toEqual(Array(3).fill('not a regular file (a device, FIFO, socket or folder): not read'));

    const out = path.join(dir, 'out');
    const { code, stdout } = await run(['grade', QUIZ, fifo, ONE, '--out', out, '--jobs', '1']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/2 inputs -> 2 results: 1 graded, 1 invalid/);
    const checked = await run(['check', QUIZ, fifo]);
    expect(checked.code).toBe(1);
  });

  it('inside a folder, links, FIFOs and dangling links are skipped with one warning each', async () => {
    const dir = await tempDir('quizgrade-safety-');
    const inputs = path.join(dir, 'class');
    await mkdir(inputs);
    await copyFile(path.join(ROOT, ONE), path.join(inputs, 'real.json'));
    await symlink(path.join(ROOT, ONE), path.join(inputs, 'link.json'));
    await symlink(path.join(dir, 'nowhere.json'), path.join(inputs, 'dangling.json'));
    execFileSync('mkfifo', [path.join(inputs, 'pipe.jsonl')]);
    const skipped: string[] = [];
    const files = await expandInputs([inputs], dir, (entry) => skipped.push(`${entry.path}: ${entry.reason}`));
    expect(files).toEqual([path.join(inputs, 'real.json')]);
    expect(skipped.sort()).toEqual([
      'class/dangling.json: a symbolic link; only regular files in a folder are read',
      'class/link.json: a symbolic link; only regular files in a folder are read',
      'class/pipe.jsonl: a FIFO; only regular files in a folder are read',
    ]);
    const { code, stderr, stdout } = await run(['grade', QUIZ, inputs, '--out', path.join(dir, 'out'), '--jobs', '1']);
    expect(code).toBe(0);
    expect(stderr.match(/^warning: skipped /gm)).toHaveLength(3);
    expect(stdout).toMatch(/1 inputs -> 1 results/);
  });

  it('a file that vanishes after the inputs were listed is one invalid record and the rest are read', async () => {
    const dir = await tempDir('quizgrade-safety-');
    for (const name of ['a.json', 'b.json', 'c.json']) await copyFile(path.join(ROOT, ONE), path.join(dir, name));
    const files = await expandInputs([dir], dir);
    await unlink(path.join(dir, 'b.json'));
    const found = await records(files, dir);
    expect(found.map((record) => [record.source, record.error])).toEqual([
      ['a.json', undefined],
      ['b.json', 'cannot read the file: it is gone (deleted or moved after the run started)'],
      ['c.json', undefined],
    ]);
  });

  it('caps reads by the bytes actually read: a JSONL line with no end is refused by its size', async () => {
    const dir = await tempDir('quizgrade-safety-');
    const file = path.join(dir, 'endless.jsonl');
    await writeFile(file, `${'x'.repeat(6 * 1024 * 1024)}\n{"quiz":"q"}\n${'y'.repeat(6 * 1024 * 1024)}`);
    const found = await records([file], dir);
    expect(found.map((record) => [record.source, record.error?.replace(/\d+ bytes/, 'N bytes')])).toEqual([
      ['endless.jsonl:1', 'the line is too large (N bytes; the limit is 5242880)'],
      ['endless.jsonl:2', undefined],
      ['endless.jsonl:3', 'the line is too large (N bytes; the limit is 5242880)'],
    ]);
  });
});

describe('per-student file names (Gradescope folders, feedback files)', () => {
  it('are unique for ids that differ only in unsafe characters, case or dots', () => {
    const ids = ['a/b', 'a_b', 'a_b-2', 'A_B', '.', '..', 'é', 'e', '', 'x'.repeat(300), 'x'.repeat(301)];
    const names = ids.map((id) => studentFileName(id));
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(ids.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._~-]*$/);
    expect(studentFileName('s001')).toBe('s001');
    expect(studentFileName('s001', 2)).toBe('s001~2');
    expect(studentFileName('a/b', 2)).toBe(`${studentFileName('a/b')}~2`);
  });

  it('one folder per submission: the printed count is the files written', async () => {
    const dir = await tempDir('quizgrade-safety-');
    const lines = ['a/b', 'a_b', 'a_b-2', '.', '..', 'é', 'a_b'].map((id) => JSON.stringify({ quiz: 'mock-quiz-2', student: { id }, answers: {} }));
    await writeFile(path.join(dir, 'class.jsonl'), `${lines.join('\n')}\n`);
    const out = path.join(dir, 'out');
    const { code, stdout } = await run(['grade', QUIZ, path.join(dir, 'class.jsonl'), '--out', out, '--jobs', '1', '--format', 'gradescope']);
    expect(code).toBe(0);
    // a_b submitted twice: the latest counts, the other is set aside (src/results/policy.ts).
    expect(stdout).toContain('1 resubmission(s) set aside under --policy latest');
    expect(stdout).toContain('gradescope/ (6 files)');
    expect(await readdir(path.join(out, 'gradescope'))).toHaveLength(6);
  });
});
