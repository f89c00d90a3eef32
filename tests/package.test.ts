/** The lock file matches package.json (so `npm install` leaves it alone) and every package quizgrade runs with works on its oldest supported Node. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

describe('package-lock.json', () => {
  it('records what package.json asks for', () => {
    const root = lock.packages[''];
    expect(root.engines).toEqual(pkg.engines);
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  it('holds no package quizgrade runs with that wants a newer Node than the oldest it supports', () => {
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    // Development tools (mutation testing, lint) may ask for a newer Node 20: they are not what users run.
    const newer = Object.entries(lock.packages as Record<string, { dev?: boolean; engines?: { node?: string } }>)
      .filter(([name, entry]) => name !== '' && entry.dev !== true && entry.engines?.node !== undefined && !semver.satisfies(oldest, entry.engines.node))
      .map(([name, entry]) => `${name} (${entry.engines?.node})`);
    expect(newer).toEqual([]);
  });
});
