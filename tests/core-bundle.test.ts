/**
 * The grading core is host-neutral: it bundles for the browser with no Node
 * built-in anywhere in its import graph, and the bundle grades the class
 * exactly as the Node library does.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as nodeLibrary from '../src/index.ts';
import { ROOT, tempDir } from './support/cli.ts';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

async function bundleCore(): Promise<{ code: string; imports: string[] }> {
  const output = await build({
    entryPoints: [path.join(ROOT, 'src/core.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = Object.values(output.metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
  return { code: output.outputFiles[0]!.text, imports };
}

describe('src/core.ts', () => {
  it('bundles for the browser without any Node built-in, and grades the class as the Node library does', async () => {
    const { code, imports } = await bundleCore();
    expect(imports.filter((name) => NODE_BUILTINS.has(name))).toEqual([]);

    const dir = await tempDir('quizgrade-core-');
    const file = path.join(dir, 'core.mjs');
    await writeFile(file, code);
    const core = (await import(pathToFileURL(file).href)) as typeof nodeLibrary;

    const specFile = path.join(ROOT, 'questions/mock-quiz-2.yaml');
    const bundled = core.compileQuizText(await readFile(specFile, 'utf8'), 'mock-quiz-2.yaml');
    const loaded = await nodeLibrary.loadQuiz(specFile);
    expect(bundled.parts.map((part) => [part.key, part.seed])).toEqual(loaded.parts.map((part) => [part.key, part.seed]));

    const classDir = path.join(ROOT, 'fixtures/class');
    const files = (await readdir(classDir)).filter((name) => name.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThan(10);
    for (const name of files) {
      const submission = JSON.parse(await readFile(path.join(classDir, name), 'utf8')) as unknown;
      expect(core.gradeSubmission(bundled, submission), name).toEqual(nodeLibrary.gradeSubmission(loaded, submission));
    }
  });

  it('compiles a spec handed over as an object, naming the spec in its errors', async () => {
    const { compileQuiz, SpecError } = nodeLibrary;
    const quiz = compileQuiz({ quiz: 'q', questions: [{ id: 'a', points: 1, answer: { type: 'numeric', expected: 2 } }] });
    expect(nodeLibrary.gradeSubmission(quiz, { quiz: 'q', student: { id: 's' }, answers: { a: '1+1' } }).score).toBe(1);
    const thrown = (() => {
      try {
        compileQuiz({ quiz: 'q', questions: [{ id: 'a', points: 1, answer: { type: 'numerik' } }] }, 'inline');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as InstanceType<typeof SpecError>).diagnostics[0]).toMatchObject({ file: 'inline', path: 'questions[0].answer.type' });
  });
});
