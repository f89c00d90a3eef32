/**
 * The installed command runs from the esbuild bundle in dist/ (built on demand
 * by bin/quizgrade.js), not from the sources the other tests import: it must
 * grade exactly as they do.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, run, tempDir } from './support/cli.ts';

const exec = promisify(execFile);
const CLI = path.join(ROOT, 'bin', 'quizgrade.js');
const QUIZ = 'questions/mock-quiz-2.yaml';

describe('the bundled command', () => {
  it('writes the same results.jsonl and summary as the CLI run from the sources', async () => {
    const fromSources = await tempDir();
    const fromBundle = await tempDir();
    const inProcess = await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', fromSources, '--jobs', '2']);
    const spawned = await exec(process.execPath, [CLI, 'grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', fromBundle, '--jobs', '2'], { cwd: ROOT }).then(
      (done) => ({ code: 0, ...done }),
      (failed: { code: number; stdout: string; stderr: string }) => failed,
    );
    expect(spawned.code).toBe(inProcess.code);
    expect(inProcess.code).toBe(1);
    // It really ran from the bundle: falling back to the sources says so on stderr.
    expect(spawned.stderr).not.toMatch(/running from the sources/);
    expect((await stat(path.join(ROOT, 'dist', 'cli.js'))).isFile()).toBe(true);
    expect((await stat(path.join(ROOT, 'dist', 'worker.js'))).isFile()).toBe(true);
    const results = async (dir: string) => readFile(path.join(dir, 'results.jsonl'), 'utf8');
    expect(await results(fromBundle)).toBe(await results(fromSources));
    const summary = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8'));
    expect(await summary(fromBundle)).toEqual(await summary(fromSources));
  }, 180_000);
});
