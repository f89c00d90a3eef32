/** Suggestions for misspelt names: the one nearest, and every known name nearest first. */
import { describe, expect, it } from 'vitest';
import { nearestFirst } from '../../src/util/suggest.ts';
import { run } from '../support/cli.ts';

describe('nearestFirst', () => {
  it.each([
    // name, known, expected
    ['titel', ['id', 'questions', 'title', 'timeout'], ['title', 'id', 'timeout', 'questions']],
    ['RTOL', ['atol', 'rtol', 'reveal'], ['rtol', 'atol', 'reveal']],
    ['x', ['bb', 'aa'], ['bb', 'aa']],
    ['x', [], []],
  ])('%s among %j -> %j', (name, known, expected) => {
    expect(nearestFirst(name, known)).toEqual(expected);
  });
});

describe('an unknown key in a spec', () => {
  it('lists the keys valid at that place, nearest first', async () => {
    const { stderr } = await run(['validate', 'fixtures/specs/broken.yaml']);
    expect(stderr).toContain('titel: unknown key "titel" (did you mean "title"?); the keys here are title, ');
    const line = stderr.split('\n').find((text) => text.includes('unknown key "rtoll"')) ?? '';
    expect(line.split('the keys here are ')[1]?.split(', ').slice(0, 2)).toEqual(['rtol', 'atol']);
  });
});
