/**
 * End-to-end benchmark: generates synthetic classes of the mock quiz, grades each
 * one through the real CLI in a child process, and reports wall time,
 * submissions/s, answers/s and the child's peak RSS, for several configurations.
 *
 *   npm run bench                              N = 1,000, 10,000 and 100,000
 *   npm run bench -- --quick                   N = 1,000 and 10,000
 *   npm run bench -- --sizes 1000,10000 --configs default,no-cache --cpu-prof
 *
 * A missed target is reported as FAIL; the exit code stays 0 (it is a measurement,
 * not a test). The exit code is 1 only when the benchmark itself could not run.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadQuiz } from '../src/quiz/load.ts';
import { DEFAULT_SEED, DEFAULT_SPEC, REPO_ROOT, describeStats, writeClass, type ClassStats } from './generate.ts';

export const DEFAULT_SIZES = [1_000, 10_000, 100_000] as const;
export const QUICK_SIZES = [1_000, 10_000] as const;
/** How often the child's /proc status is read when /usr/bin/time is not there. */
export const RSS_POLL_MS = 50;
/** A run that takes longer is stopped and reported, so the bench never hangs. */
export const RUN_TIMEOUT_DEFAULT_S = 900;

/** The targets of the scale issue, on the 2-core reference machine. */
export const TARGET_MIN_SUBMISSIONS_PER_S_AT_10K = 3_000;
export const TARGET_MAX_SECONDS_AT_100K = 60;
export const TARGET_MAX_RSS_MB_AT_100K = 500;

const CLI = path.join(REPO_ROOT, 'bin', 'quizgrade.js');
const GNU_TIME = '/usr/bin/time';
/** grade's exit codes that mean "ran": 0 all graded, 1 some submissions invalid. */
const GRADE_RAN_EXIT_CODES = new Set([0, 1]);

export const CONFIGS = ['default', 'no-cache', 'jobs-1'] as const;
export type ConfigName = (typeof CONFIGS)[number];

interface Config {
  name: ConfigName;
  label: string;
  args: string[];
  needsJobs: boolean;
}

const CONFIG_TABLE: Record<ConfigName, Config> = {
  default: { name: 'default', label: 'default (all cores, cache)', args: [], needsJobs: false },
  'no-cache': { name: 'no-cache', label: '--no-cache', args: ['--no-cache'], needsJobs: false },
  'jobs-1': { name: 'jobs-1', label: '--jobs 1', args: ['--jobs', '1'], needsJobs: true },
};

interface RunMeasure {
  size: number;
  config: Config;
  /** Why the run did not happen or did not finish. */
  skipped?: string;
  failed?: string;
  seconds?: number;
  peakRssMb?: number;
  exitCode?: number | null;
  resultLines?: number;
  summaryInputs?: number;
  statuses?: Record<string, number>;
  partErrors?: number;
  profile?: string;
}

interface Options {
  sizes: number[];
  configs: ConfigName[];
  seed: number;
  spec: string;
  timeoutS: number;
  keep: boolean;
  cpuProf: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      configs: { type: 'string', default: CONFIGS.join(',') },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      spec: { type: 'string', default: DEFAULT_SPEC },
      timeout: { type: 'string', default: String(RUN_TIMEOUT_DEFAULT_S) },
      keep: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes
    ? values.sizes.split(',').map((size) => Number(size.replace(/_/g, '')))
    : [...(values.quick ? QUICK_SIZES : DEFAULT_SIZES)];
  for (const size of sizes) if (!Number.isInteger(size) || size < 1) throw new Error(`--sizes: "${size}" is not a positive integer`);
  const configs = values.configs.split(',').map((name) => name.trim());
  for (const name of configs) if (!(CONFIGS as readonly string[]).includes(name)) throw new Error(`--configs: unknown "${name}" (known: ${CONFIGS.join(', ')})`);
  return {
    sizes,
    configs: configs as ConfigName[],
    seed: Number(values.seed),
    spec: path.resolve(values.spec),
    timeoutS: Number(values.timeout),
    keep: values.keep,
    cpuProf: values['cpu-prof'],
  };
}

/** Runs a command to completion, collecting its output. */
function runCaptured(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Whether `grade` accepts `--jobs` (it names it in its help). */
async function gradeAcceptsJobs(): Promise<boolean> {
  const help = await runCaptured(process.execPath, [CLI, 'grade', '--help']);
  return /--jobs\b/.test(help.stdout + help.stderr);
}

/** Peak RSS in kB from /proc/<pid>/status (VmHWM, else VmRSS), or undefined once the process is gone. */
async function readPeakRssKb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status) ?? /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface ChildRun {
  code: number | null;
  seconds: number;
  peakRssKb?: number;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs node on the CLI and measures it. Under GNU time the peak RSS is the
 * kernel's maximum for the process (worker threads included); without it, the
 * process's VmHWM is polled.
 */
async function measureChild(nodeArgs: string[], workDir: string, timeoutS: number): Promise<ChildRun> {
  const useGnuTime = existsSync(GNU_TIME);
  const rssFile = path.join(workDir, 'maxrss.txt');
  const [command, args] = useGnuTime
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const start = performance.now();
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 64 * 1024) stderr = stderr.slice(-32 * 1024);
  });
  let polledPeakKb: number | undefined;
  const poll = useGnuTime
    ? undefined
    : setInterval(() => {
        void readPeakRssKb(child.pid!).then((kb) => {
          if (kb !== undefined) polledPeakKb = Math.max(polledPeakKb ?? 0, kb);
        });
      }, RSS_POLL_MS);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutS * 1000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode));
  });
  const seconds = (performance.now() - start) / 1000;
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  let peakRssKb = polledPeakKb;
  if (useGnuTime && existsSync(rssFile)) {
    const lines = (await readFile(rssFile, 'utf8')).trim().split('\n');
    const kb = Number(lines[lines.length - 1]);
    if (Number.isFinite(kb) && kb > 0) peakRssKb = kb;
    // GNU time prefixes "Command exited with non-zero status N" to its output; the code itself is the child's.
  }
  return { code, seconds, peakRssKb, stderr, timedOut };
}

/** Counts results.jsonl lines and the statuses in them, streaming. */
async function checkResults(file: string): Promise<{ lines: number; statuses: Record<string, number>; partErrors: number }> {
  const statuses: Record<string, number> = {};
  let lines = 0;
  let partErrors = 0;
  if (!existsSync(file)) return { lines, statuses, partErrors };
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of reader) {
    if (line.trim() === '') continue;
    lines++;
    try {
      const result = JSON.parse(line) as { status?: string; parts?: { status?: string }[] };
      const status = result.status ?? 'unknown';
      statuses[status] = (statuses[status] ?? 0) + 1;
      for (const part of result.parts ?? []) if (part.status === 'error') partErrors++;
    } catch {
      statuses['unreadable line'] = (statuses['unreadable line'] ?? 0) + 1;
    }
  }
  return { lines, statuses, partErrors };
}

async function readSummaryInputs(file: string): Promise<number | undefined> {
  try {
    const summary = JSON.parse(await readFile(file, 'utf8')) as { inputs?: unknown };
    return typeof summary.inputs === 'number' ? summary.inputs : undefined;
  } catch {
    return undefined;
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function frameLabel(frame: ProfileNode['callFrame']): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, '').replace(/^.*node_modules\//, '');
  // Code run through tsx is profiled as transpiled, so its line numbers would mislead.
  const where = !file ? '' : isOwnCode(frame.url) ? file : `${file}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
}

/** quizgrade's own code (not node internals or dependencies), where a fix would go. */
function isOwnCode(url: string): boolean {
  return url.includes(REPO_ROOT) && !url.includes('node_modules');
}

/**
 * The functions with the most self time, and quizgrade's own functions with the
 * most inclusive time (a function counted once per stack), across the
 * .cpuprofile files of a folder (one per thread).
 */
export async function summarizeProfiles(dir: string, top = 12): Promise<string> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.cpuprofile'));
  const selfMs = new Map<string, number>();
  const inclusiveMs = new Map<string, number>();
  let totalMs = 0;
  for (const name of files) {
    const profile = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number };
    const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    if (hits === 0) continue;
    const msPerHit = (profile.endTime - profile.startTime) / 1000 / hits;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    for (const node of profile.nodes) {
      if (!node.hitCount || node.callFrame.functionName === '(idle)') continue;
      const ms = node.hitCount * msPerHit;
      const label = frameLabel(node.callFrame);
      selfMs.set(label, (selfMs.get(label) ?? 0) + ms);
      totalMs += ms;
      const onStack = new Set<string>();
      for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
        const frame = byId.get(id)!.callFrame;
        if (isOwnCode(frame.url)) onStack.add(frameLabel(frame));
      }
      for (const own of onStack) inclusiveMs.set(own, (inclusiveMs.get(own) ?? 0) + ms);
    }
  }
  if (totalMs === 0) return `no CPU profile found in ${dir}`;
  const rows = (map: Map<string, number>): string[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([label, ms]) => `  ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${(ms / 1000).toFixed(2).padStart(7)} s  ${label}`);
  return [
    `CPU profile (${files.length} thread${files.length === 1 ? '' : 's'}, ${(totalMs / 1000).toFixed(1)} s of samples), top self time:`,
    ...rows(selfMs),
    "quizgrade's own functions by inclusive time:",
    ...rows(inclusiveMs),
  ].join('\n');
}

async function runOne(options: Options, size: number, classFile: string, config: Config, workDir: string): Promise<RunMeasure> {
  const outDir = path.join(workDir, `out-${size}-${config.name}`);
  await mkdir(outDir, { recursive: true });
  const profileDir = path.join(workDir, `profile-${size}-${config.name}`);
  const nodeArgs = [
    ...(options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    CLI, 'grade', options.spec, classFile, '--out', outDir, ...config.args,
  ];
  const run = await measureChild(nodeArgs, workDir, options.timeoutS);
  const measure: RunMeasure = { size, config, seconds: run.seconds, exitCode: run.code };
  if (run.peakRssKb !== undefined) measure.peakRssMb = run.peakRssKb / 1024;
  if (run.code === 2 && /unknown option/i.test(run.stderr)) {
    return { size, config, skipped: `grade does not accept ${config.args.join(' ')} yet` };
  }
  if (run.timedOut) measure.failed = `stopped after ${options.timeoutS} s`;
  else if (!GRADE_RAN_EXIT_CODES.has(run.code ?? -1)) measure.failed = `exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  const results = await checkResults(path.join(outDir, 'results.jsonl'));
  measure.resultLines = results.lines;
  measure.statuses = results.statuses;
  measure.partErrors = results.partErrors;
  const summaryInputs = await readSummaryInputs(path.join(outDir, 'summary.json'));
  if (summaryInputs !== undefined) measure.summaryInputs = summaryInputs;
  if (options.cpuProf) measure.profile = await summarizeProfiles(profileDir);
  if (!options.keep) await rm(outDir, { recursive: true, force: true });
  return measure;
}

const PARTS_PER_SUBMISSION_FALLBACK = 33;

function formatRate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function resultCheck(measure: RunMeasure): string {
  if (measure.resultLines === undefined) return '-';
  const lost = measure.size - measure.resultLines;
  const lines = lost === 0 ? `${measure.resultLines} ok` : lost > 0 ? `${measure.resultLines}: ${lost} LOST` : `${measure.resultLines}: ${-lost} EXTRA`;
  const summary = measure.summaryInputs === undefined ? '' : measure.summaryInputs === measure.size ? ', summary ok' : `, summary says ${measure.summaryInputs}`;
  // Parts marked "error" (a grader missing or failing) were not really graded: say so next to the speed.
  const errors = measure.partErrors ? `, ${measure.partErrors} part errors` : '';
  return lines + summary + errors;
}

export function renderTable(measures: RunMeasure[], partsPerSubmission: number): string {
  const rows = [
    '| N | config | seconds | submissions/s | answers/s | peak RSS MB | results.jsonl lines |',
    '|---:|---|---:|---:|---:|---:|---|',
  ];
  for (const measure of measures) {
    const size = measure.size.toLocaleString('en-US');
    if (measure.skipped) {
      rows.push(`| ${size} | ${measure.config.label} | skipped: ${measure.skipped} | | | | |`);
      continue;
    }
    const seconds = measure.seconds ?? NaN;
    const note = measure.failed ? ` (FAILED: ${measure.failed.replaceAll('|', '/')})` : '';
    rows.push(
      `| ${size} | ${measure.config.label}${note} | ${seconds.toFixed(1)} | ${formatRate(measure.size / seconds)} | ${formatRate((measure.size * partsPerSubmission) / seconds)} | ${measure.peakRssMb === undefined ? '?' : measure.peakRssMb.toFixed(0)} | ${resultCheck(measure)} |`,
    );
  }
  return rows.join('\n');
}

export function checkTargets(measures: RunMeasure[]): string[] {
  const find = (size: number): RunMeasure | undefined =>
    measures.find((measure) => measure.size === size && measure.config.name === 'default' && !measure.skipped && !measure.failed);
  const lines: string[] = [];
  const at10k = find(10_000);
  lines.push(
    at10k
      ? `${at10k.size / at10k.seconds! >= TARGET_MIN_SUBMISSIONS_PER_S_AT_10K ? 'PASS' : 'FAIL'}  >= ${formatRate(TARGET_MIN_SUBMISSIONS_PER_S_AT_10K)} submissions/s at N = 10,000: ${formatRate(at10k.size / at10k.seconds!)}/s`
      : `n/a   >= ${formatRate(TARGET_MIN_SUBMISSIONS_PER_S_AT_10K)} submissions/s at N = 10,000: not measured (default config)`,
  );
  const at100k = find(100_000);
  if (at100k) {
    lines.push(`${at100k.seconds! < TARGET_MAX_SECONDS_AT_100K ? 'PASS' : 'FAIL'}  N = 100,000 in < ${TARGET_MAX_SECONDS_AT_100K} s: ${at100k.seconds!.toFixed(1)} s`);
    lines.push(
      at100k.peakRssMb === undefined
        ? `n/a   N = 100,000 peak RSS < ${TARGET_MAX_RSS_MB_AT_100K} MB: not measured`
        : `${at100k.peakRssMb < TARGET_MAX_RSS_MB_AT_100K ? 'PASS' : 'FAIL'}  N = 100,000 peak RSS < ${TARGET_MAX_RSS_MB_AT_100K} MB: ${at100k.peakRssMb.toFixed(0)} MB`,
    );
  } else {
    lines.push(`n/a   N = 100,000 in < ${TARGET_MAX_SECONDS_AT_100K} s and peak RSS < ${TARGET_MAX_RSS_MB_AT_100K} MB: not measured (default config)`);
  }
  const lost = measures.filter((measure) => !measure.skipped && measure.resultLines !== measure.size);
  lines.push(
    lost.length === 0
      ? 'PASS  nothing lost: every run wrote exactly N results'
      : `FAIL  nothing lost: ${lost.map((measure) => `N = ${measure.size} ${measure.config.label} wrote ${measure.resultLines ?? 0}`).join('; ')}`,
  );
  return lines;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const quiz = await loadQuiz(options.spec);
  const partsPerSubmission = quiz.parts.length || PARTS_PER_SUBMISSION_FALLBACK;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-bench-'));
  const cpus = os.availableParallelism();
  const notes: string[] = [];

  console.log(`quizgrade bench: ${new Date().toISOString()}, node ${process.version}, ${cpus} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB`);
  console.log(`quiz ${quiz.id}: ${partsPerSubmission} parts per submission; seed ${options.seed}; work dir ${workDir}`);
  const jobsAccepted = await gradeAcceptsJobs();
  if (!jobsAccepted) notes.push('`grade --jobs` is not accepted yet: the --jobs configurations are skipped');

  const measures: RunMeasure[] = [];
  const classes: { size: number; stats: ClassStats; seconds: number }[] = [];
  for (const size of options.sizes) {
    const classFile = path.join(workDir, `class-${size}.jsonl`);
    const start = performance.now();
    const stats = await writeClass({ n: size, seed: options.seed, out: classFile, spec: options.spec });
    const seconds = (performance.now() - start) / 1000;
    classes.push({ size, stats, seconds });
    console.log(`\ngenerated N = ${size.toLocaleString('en-US')} in ${seconds.toFixed(1)} s: ${describeStats(stats).replaceAll('\n', '\n  ')}`);
    for (const name of options.configs) {
      const config = CONFIG_TABLE[name];
      if (config.needsJobs && !jobsAccepted) {
        measures.push({ size, config, skipped: 'grade does not accept --jobs yet' });
        console.log(`  ${config.label}: skipped (grade does not accept --jobs yet)`);
        continue;
      }
      const measure = await runOne(options, size, classFile, config, workDir);
      measures.push(measure);
      if (measure.skipped) console.log(`  ${config.label}: skipped (${measure.skipped})`);
      else {
        console.log(
          `  ${config.label}: ${measure.seconds!.toFixed(1)} s, ${formatRate(size / measure.seconds!)} submissions/s, peak RSS ${measure.peakRssMb?.toFixed(0) ?? '?'} MB, ${resultCheck(measure)}` +
            `, results ${JSON.stringify(measure.statuses)}, part errors ${measure.partErrors}${measure.failed ? `; FAILED ${measure.failed}` : ''}`,
        );
        if (measure.profile) console.log(measure.profile.replace(/^/gm, '    '));
      }
    }
    if (!options.keep) await rm(classFile, { force: true });
  }

  const table = renderTable(measures, partsPerSubmission);
  const targets = checkTargets(measures);
  const distinct = classes.map(({ size, stats }) => `N = ${size.toLocaleString('en-US')}: ${stats.distinctAnswers} distinct of ${stats.answers} answers (${stats.distinctRatio.toFixed(3)})`);
  const report = [
    '',
    table,
    '',
    `answers/s = submissions/s x ${partsPerSubmission} parts. Distinct (part, answer) pairs: ${distinct.join('; ')}.`,
    ...notes.map((note) => `Note: ${note}.`),
    '',
    'Targets (default config):',
    ...targets.map((line) => `  ${line}`),
  ].join('\n');
  console.log(report);
  if (options.keep) {
    await writeFile(path.join(workDir, 'bench.md'), `${report}\n`, 'utf8');
    console.log(`\nkept: ${workDir}`);
  } else {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
