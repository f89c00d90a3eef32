// Bundles the TypeScript sources into plain JavaScript under dist/: the CLI and
// the grading worker. Run on demand by bin/quizgrade.js when a source is newer
// than the bundle, so there is still no build step to remember; `npm run build`
// forces it. Packages stay external (loaded from node_modules as they are),
// except mathjs: bundled, only its parser is kept (see src/math/mathjs.ts).
import { mkdir, readFile, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
/** The bundles, by entry point: the CLI, and the worker it starts (the pool finds it beside itself). */
const ENTRY_POINTS = { cli: 'src/cli/index.ts', worker: 'src/engine/worker.ts' };
/** What the bundles are made of: a change here makes them stale. */
const SOURCE_DIRS = ['src', 'graders'];
const SOURCE_FILES = ['package.json', 'bin/build.js'];

async function newestSource(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** The newest modification time of the sources the bundles are made of. */
async function newestSourceTime() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) newest = Math.max(newest, await newestSource(path.join(ROOT, dir)));
  for (const file of SOURCE_FILES) newest = Math.max(newest, (await stat(path.join(ROOT, file))).mtimeMs);
  return newest;
}

/** Whether dist/ holds bundles at least as new as every source. */
export async function isFresh() {
  const built = await stat(path.join(DIST, 'cli.js')).then((info) => info.mtimeMs, () => 0);
  const worker = await stat(path.join(DIST, 'worker.js')).then((info) => info.mtimeMs, () => 0);
  if (built === 0 || worker === 0) return false;
  return Math.min(built, worker) >= (await newestSourceTime());
}

/** Packages bundled (and tree-shaken) rather than loaded whole from node_modules. */
const BUNDLED_PACKAGES = new Set(['mathjs']);

/** Builds into a fresh directory and swaps it in, so a concurrent run never loads half a bundle. */
export async function build() {
  const { build: bundle } = await import('esbuild');
  const { tsImport } = await import('tsx/esm/api');
  const { precompiledAjv } = await tsImport('../src/bundle/precompiled-ajv.ts', import.meta.url);
  // Taken before bundling and stamped on the bundles: a source saved while esbuild runs leaves them stale.
  // Rounded up to the millisecond a Date holds: rounded down, the bundle would look older than its sources forever.
  const sourcesAt = new Date(Math.ceil(await newestSourceTime()));
  const { dependencies } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const external = Object.keys(dependencies).filter((name) => !BUNDLED_PACKAGES.has(name));
  const staging = `${DIST}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await bundle({
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, path.join(ROOT, file)])),
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: [...external, ...external.map((name) => `${name}/*`)],
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [precompiledAjv('ajv', 'all')],
  });
  for (const name of Object.keys(ENTRY_POINTS)) await utimes(path.join(staging, `${name}.js`), sourcesAt, sourcesAt);
  const old = `${DIST}.${process.pid}.old`;
  await rename(DIST, old).catch(() => undefined);
  // Another run may have swapped in its own build meanwhile: that one is as good.
  await rename(staging, DIST).catch(() => rm(staging, { recursive: true, force: true }));
  await rm(old, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
  console.log(`built ${path.relative(process.cwd(), DIST) || '.'}/: ${Object.keys(ENTRY_POINTS).map((name) => `${name}.js`).join(', ')}`);
}
