/** The lock file matches package.json (so `npm install` leaves it alone) and every locked package runs on Node 20. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

/** The lowest major version of Node a `>=N...` engines range accepts, or undefined for other forms. */
function minimumMajor(range: string): number | undefined {
  const match = /^>=\s*v?(\d+)/.exec(range.trim());
  return match === null ? undefined : Number(match[1]);
}

describe('package-lock.json', () => {
  it('records what package.json asks for', () => {
    const root = lock.packages[''];
    expect(root.engines).toEqual(pkg.engines);
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  it('holds no package that wants a newer Node than the one the project supports', () => {
    const supported = minimumMajor(pkg.engines.node) as number;
    const newer = Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)
      .filter(([, entry]) => (minimumMajor(entry.engines?.node ?? '') ?? 0) > supported)
      .map(([name, entry]) => `${name} (${entry.engines?.node})`);
    expect(newer).toEqual([]);
  });
});
