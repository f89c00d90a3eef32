/** Temp folders for tests, removed by the vitest setup (tests/support/setup.ts) when they are no longer needed. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** Folders not yet removed: made inside a test (gone when it ends) or in a beforeAll hook (gone when its file ends). */
const madeIn = { test: new Set<string>(), file: new Set<string>() };

/** A fresh temp folder, removed when the test that made it ends (made in a beforeAll hook: when its file ends). */
export async function tempDir(prefix = 'quizgrade-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  // onTestFinished exists only inside a test; a hook of a describe block (where the test name is that block's) gets the file's scope.
  try {
    onTestFinished(() => undefined);
    madeIn.test.add(dir);
  } catch {
    madeIn.file.add(dir);
  }
  return dir;
}

export async function removeTempDirs(scope: keyof typeof madeIn): Promise<void> {
  const dirs = [...madeIn[scope]];
  madeIn[scope].clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
