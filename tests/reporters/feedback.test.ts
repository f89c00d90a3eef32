/** `--format feedback`: each student's check view as HTML and Markdown, under collision-free names. */
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableOf } from '../../src/analytics/accumulator.ts';
import { studentFileNames } from '../../src/reporters/file-names.ts';
import { renderCheck } from '../../src/reporters/check.ts';
import { katexStyles } from '../../src/reporters/katex-styles.ts';
import { parseFormats, writeClassReports } from '../../src/reporters/index.ts';
import type { SubmissionResult } from '../../src/types.ts';
import { tempDir } from '../support/cli.ts';
import { GOLDEN_DIR, loadQuizInfo, loadResults } from './helpers.ts';

const results = loadResults();
const quiz = loadQuizInfo();
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function writeFeedback(list: readonly SubmissionResult[]): Promise<string> {
  const dir = await tempDir('quizgrade-feedback-');
  dirs.push(dir);
  await writeClassReports(list, dir, { quiz, formats: ['feedback'] });
  return path.join(dir, 'feedback');
}

describe('feedback files', () => {
  it('writes the check view of every submission as .html and .md', async () => {
    const folder = await writeFeedback(results);
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(2 * results.length);
    for (const result of results) {
      for (const format of ['html', 'md'] as const) {
        expect(await readFile(path.join(folder, `${result.student.id}.${format}`), 'utf8')).toBe(renderCheck(result, { format, color: false, quiz, mathStyles: katexStyles() }));
      }
    }
    // The same view `quizgrade check --format md` prints.
    expect(await readFile(path.join(folder, 's04.md'), 'utf8')).toBe(await readFile(path.join(GOLDEN_DIR, 'check-s04.md'), 'utf8'));
  });

  it('writes HTML that loads nothing and escapes student text', async () => {
    const hostile = { ...results[0]!, student: { id: 's99', name: '<script>alert(1)</script>' } };
    const html = await readFile(path.join(await writeFeedback([hostile]), 's99.html'), 'utf8');
    // Fonts and images, if any, are inline data: nothing is fetched.
    expect(html).not.toMatch(/<script|<link|(?:src=|url\()\s*["']?(?!data:)/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('&lt;script&gt;');
  });

  it('is asked for by name only, not written by default', () => {
    expect(parseFormats('feedback')).toEqual({ formats: ['feedback'] });
  });
});

describe('student file names', () => {
  it.each([
    // ids, names by input order: a safe id is its own name, any other a slug, ~ and a hash of the id; a repeat ~2
    [['s01', 's02'], ['s01', 's02']],
    [['a/b', 'a_b', 'a?b'], ['a_b~c14cddc033f6', 'a_b', 'a_b~c2a7b64a2d25']],
    [['Ann', 'ann', 'ANN'], ['Ann~17239b6e2501', 'ann', 'ANN~c63cbc596732']],
    [['x', 'x', 'x-2'], ['x', 'x~2', 'x-2']],
    [['../../etc/passwd', '.hidden', ''], ['__.._etc_passwd~3754d6cb3a38', '_hidden~1692419006a8', '_~e3b0c44298fc']],
    [['é', 'ü'], ['e~4a99557e4033', 'u~607474ca475a']],
  ])('%j -> %j', (ids, names) => {
    const table = tableOf(ids.map((id, position) => ({ ...results[0]!, student: { id }, position })));
    const byRow = studentFileNames(table);
    expect(ids.map((_, row) => byRow[row])).toEqual(names);
    expect(new Set(byRow.map((name) => name.toLowerCase())).size).toBe(ids.length);
  });
});
