/** A YAML indentation error in a spec says which line and what column was expected. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indentationHint } from '../../src/quiz/indentation.ts';
import { run, tempDir } from '../support/cli.ts';

const SPEC = ['id: q', 'questions:', '  - id: q1', '    answer:', '      type: numeric', 'LINE'].join('\n');

describe('indentationHint', () => {
  it.each([
    // the last line, hint (undefined: the line starts where an open block allows)
    ['     expected: 3', ': this line starts at column 6; expected column 7 (as "type: numeric" on line 5), 5 (as "answer:" on line 4) or 3 (as "- id: q1" on line 3)'],
    ['   prompt: x', ': this line starts at column 4; expected column 7 (as "type: numeric" on line 5), 5 (as "answer:" on line 4) or 3 (as "- id: q1" on line 3)'],
    ['      expected: 3', undefined],
    ['    prompt: x', undefined],
    ['  - id: q2', undefined],
    ['title: T', undefined],
  ])('%j', (line, hint) => {
    expect(indentationHint(SPEC.replace('LINE', line), 6)?.hint).toBe(hint);
  });

  it('skips blank and comment lines above', () => {
    const text = ['a:', '  b: 1', '', '  # note', ' c: 2'].join('\n');
    expect(indentationHint(text, 5)).toEqual({ column: 2, hint: ': this line starts at column 2; expected column 3 (as "b: 1" on line 2) or 1 (as "a:" on line 1)' });
  });
});

describe('quizgrade validate on a badly indented spec', () => {
  it('names the file, the line, the column it starts at and the columns expected', async () => {
    const dir = await tempDir('quizgrade-indent-');
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, `${SPEC.replace('LINE', '     expected: 3')}\n`);
    const { code, stderr } = await run(['validate', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('bad.yaml:6:6 All mapping items must start at the same column: this line starts at column 6; expected column 7 (as "type: numeric" on line 5)');
  });
});
