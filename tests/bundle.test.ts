/**
 * The installed command runs from the esbuild bundle in dist/ (built on demand
 * by bin/quizgrade.js), not from the sources the other tests import: it must
 * grade exactly as they do.
 */
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GRADERS } from '../graders/index.ts';
import { ROOT, run, tempDir } from './support/cli.ts';

const exec = promisify(execFile);
const CLI = path.join(ROOT, 'bin', 'quizgrade.js');
const QUIZ = 'questions/mock-quiz-2.yaml';

/** The bundled command, spawned: its exit code and both streams. */
async function spawnCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [CLI, ...argv], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    ({ code, stdout, stderr }: { code: number; stdout: string; stderr: string }) => ({ code, stdout, stderr }),
  );
}

/** Specs that break each schema the bundle carries precompiled: the quiz's, and every grader's answer options. */
const BROKEN_SPECS: Record<string, string> = {
  'top-level.yaml': 'quiz: broken\ntitel: Typo\nquestions:\n  - id: q1\n    points: -1\n    answer: { type: numeric, value: 1 }\n',
  'no-questions.yaml': 'quiz: broken\nquestions: []\n',
  'part.yaml': 'quiz: broken\nquestions:\n  - id: q1\n    parts:\n      - id: a\n        answer: { type: numeric, value: 1 }\n        extra: 1\n',
  ...Object.fromEntries(
    GRADERS.map((grader) => [`${grader.name}.yaml`, `quiz: broken\nquestions:\n  - id: q1\n    points: 1\n    answer: { type: ${grader.name}, bogus: 1, feedback: [1] }\n`]),
  ),
};

describe('the bundled command', () => {
  it('writes the same results.jsonl and summary as the CLI run from the sources', async () => {
    const fromSources = await tempDir();
    const fromBundle = await tempDir();
    const inProcess = await run(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', fromSources, '--jobs', '2']);
    const spawned = await spawnCli(['grade', QUIZ, 'fixtures/class', 'fixtures/broken', '--out', fromBundle, '--jobs', '2']);
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

  it('reports broken specs exactly as the sources do (its validators are compiled ahead of time)', async () => {
    const dir = await tempDir();
    const files = Object.keys(BROKEN_SPECS).map((name) => path.join(dir, name));
    await Promise.all(files.map((file) => writeFile(file, BROKEN_SPECS[path.basename(file)]!)));
    const specs = [...files, QUIZ, 'fixtures/specs/broken.yaml'];
    const inProcess = await run(['validate', ...specs]);
    const spawned = await spawnCli(['validate', ...specs]);
    expect(inProcess.code).toBe(2);
    for (const name of Object.keys(BROKEN_SPECS)) expect(inProcess.stderr).toContain(name);
    expect(spawned).toEqual({ code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr });
  }, 180_000);
});
