/**
 * The rubric grader runs in the browser too (students self-check locally): it
 * must bundle for `--platform=browser` with no Node built-in.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../bench/rubric-tables.ts';

describe('the rubric grader in a browser bundle', () => {
  it('bundles without Node built-ins and grades there as here', async () => {
    const result = await build({
      entryPoints: [path.join(REPO_ROOT, 'graders/rubric.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["'](node:)?(fs|path|os|crypto|worker_threads)["']\)/);
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
    const bundled = (await import(url)) as typeof import('../../graders/rubric.ts');
    const options = { criteria: [{ id: 'c', points: 1, description: 'sparse', any: ['sparse'] }] };
    const compiled = bundled.rubricGrader.compile(options, { quizId: 'q', definitions: {}, key: 'k', seed: 1 });
    expect(bundled.rubricGrader.grade('Is it sparse? They are sparse.', compiled, options)).toMatchObject({ verdict: 'correct', credit: 1 });
  });
});
