/**
 * The class reports of a large class through the streaming path, as `grade` and
 * `report` run them: a results.jsonl of N lines is written first, then a child
 * process streams it through writeClassReports and reports wall time, peak heap
 * (sampled) and peak RSS, so the numbers are of the reports alone.
 *
 *   node --import tsx bench/reports.ts                     synthetic class, N = 100,000
 *   node --import tsx bench/reports.ts 20000
 *   node --import tsx bench/reports.ts 100000 --from out/results.jsonl --quiz questions/mock-quiz-2.yaml
 *   node --import tsx bench/reports.ts 100000 --formats all
 *   node --import tsx bench/reports.ts 1000000 --resubmit 0.2 --policy best
 *
 * `--from` cycles the lines of a real results file (a graded class of the mock
 * quiz, say) up to N, with fresh student ids and positions, and with about a
 * third of the wrong answers made distinct, so the wrong-answer groups overflow
 * as they would in a large real class.
 *
 * `--resubmit <share>` gives that share of the results the student id of the
 * one before (resubmissions); `--policy` then reads the class as `report`
 * does: one pass into the table and the policy's choice, the streamed rewrite
 * of the `counted` marks (timed alone), the counted results read again.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CountedSelector, RESUBMISSION_POLICIES, ResultsFileSource, rewriteCountedMarks, type ResubmissionPolicy } from '../src/results/index.ts';
import {
  ClassAccumulator,
  DEFAULT_CLASS_FORMATS,
  parseFormats,
  prepareClass,
  quizInfo,
  writeClassReports,
  writePreparedReports,
  type QuizInfo,
} from '../src/reporters/index.ts';
import { loadQuiz } from '../src/quiz/load.ts';
import type { SubmissionResult } from '../src/types.ts';
import { syntheticQuiz, syntheticResults } from '../tests/reporters/synthetic-class.ts';

const DEFAULT_CLASS_SIZE = 100_000;
/** How often the child samples its heap. */
const HEAP_SAMPLE_MS = 20;
/** One wrong answer in this many is made distinct when cycling a real results file. */
const DISTINCT_EVERY = 3;
const WRONG = new Set(['incorrect', 'partial', 'invalid']);
const MB = 1024 * 1024;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    quiz: { type: 'string' },
    formats: { type: 'string' },
    measure: { type: 'string' },
    out: { type: 'string' },
    resubmit: { type: 'string' },
    policy: { type: 'string' },
  },
});

/** Share of the results that are a resubmission of the student before. */
const RESUBMIT_SHARE = Number(values.resubmit ?? 0);
if (!(RESUBMIT_SHARE >= 0 && RESUBMIT_SHARE < 1)) throw new Error('--resubmit takes a share in [0, 1)');
if (values.policy !== undefined && !(RESUBMISSION_POLICIES as readonly string[]).includes(values.policy)) throw new Error(`--policy takes ${RESUBMISSION_POLICIES.join(', ')}`);

/** A result's student id when a share of the class resubmits: consecutive results share an id. */
function resubmitted(result: SubmissionResult, index: number): SubmissionResult {
  if (RESUBMIT_SHARE === 0) return result;
  return { ...result, student: { ...result.student, id: `r${String(Math.floor(index * (1 - RESUBMIT_SHARE))).padStart(7, '0')}` } };
}

/** The class as `report --policy` reads it; returns the files written and the seconds of the rewrite alone. */
async function countedReports(file: string, outDir: string, quiz: QuizInfo | undefined, formats: Parameters<typeof writePreparedReports>[3]): Promise<{ written: string[]; rewriteSeconds: number; setAside: number }> {
  const accumulator = new ClassAccumulator(quiz);
  const selector = new CountedSelector(values.policy as ResubmissionPolicy);
  for await (const result of new ResultsFileSource(file).stream()) {
    accumulator.add(result);
    selector.add(result);
  }
  const selection = selector.finish();
  const start = performance.now();
  if (selection.marksStale) await rewriteCountedMarks(file, selection);
  const rewriteSeconds = (performance.now() - start) / 1000;
  const source = new ResultsFileSource(file, file, true);
  const table = selection.setAside === 0 ? accumulator.finish() : await prepareClass(source, quiz === undefined ? {} : { quiz });
  return { written: await writePreparedReports(table, source, outDir, formats), rewriteSeconds, setAside: selection.setAside };
}

function formatsOf(text: string | undefined): string {
  if (text === undefined) return DEFAULT_CLASS_FORMATS.join(',');
  const parsed = parseFormats(text);
  if ('unknown' in parsed) throw new Error(`unknown formats ${parsed.unknown.join(', ')}`);
  return parsed.formats.join(',');
}

async function quizOf(spec: string | undefined, synthetic: boolean): Promise<QuizInfo | undefined> {
  if (spec !== undefined) return quizInfo(await loadQuiz(path.resolve(spec)));
  return synthetic ? syntheticQuiz() : undefined;
}

/** Child: stream the file through the reports and print what it cost. */
async function measure(file: string, outDir: string): Promise<void> {
  const quiz = await quizOf(values.quiz, values.from === undefined);
  const formats = parseFormats(formatsOf(values.formats));
  if ('unknown' in formats) throw new Error('unreachable');
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, HEAP_SAMPLE_MS);
  const start = performance.now();
  const options = { ...(quiz === undefined ? {} : { quiz }), formats: formats.formats };
  const counted = values.policy === undefined ? undefined : await countedReports(file, outDir, quiz, options);
  const written = counted?.written ?? (await writeClassReports(new ResultsFileSource(file), outDir, options));
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const policy = counted === undefined ? {} : { rewriteSeconds: counted.rewriteSeconds, setAside: counted.setAside };
  console.log(JSON.stringify({ seconds, peakHeapMb: peakHeap / MB, peakRssMb: process.resourceUsage().maxRSS / 1024, files: written.length, ...policy }));
}

/** A real result made a new student's, with a third of its wrong answers made unique. */
function varied(result: SubmissionResult, index: number, counter: { n: number }): SubmissionResult {
  const id = `b${String(index).padStart(6, '0')}`;
  const parts = result.parts.map((part) => {
    if (!WRONG.has(part.status)) return part;
    counter.n += 1;
    if (counter.n % DISTINCT_EVERY !== 0) return part;
    const suffix = ` + ${index}`;
    return {
      ...part,
      ...(typeof part.answer === 'string' ? { answer: `${part.answer}${suffix}` } : {}),
      ...(part.interpreted === undefined ? {} : { interpreted: `${part.interpreted}${suffix}` }),
      ...(part.normalized === undefined ? {} : { normalized: `${part.normalized}${suffix}` }),
    };
  });
  return { ...result, student: { ...result.student, id }, parts, source: `bench.jsonl:${index + 1}`, position: index };
}

async function* cycled(from: string, size: number): AsyncGenerator<SubmissionResult> {
  const seed: string[] = [];
  for await (const line of createInterface({ input: createReadStream(from, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (line.trim() !== '') seed.push(line);
  }
  if (seed.length === 0) throw new Error(`${from} holds no results`);
  const counter = { n: 0 };
  for (let i = 0; i < size; i += 1) yield varied(JSON.parse(seed[i % seed.length] as string) as SubmissionResult, i, counter);
}

async function writeInput(file: string, size: number): Promise<void> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const results: AsyncIterable<SubmissionResult> | Iterable<SubmissionResult> =
    values.from === undefined ? syntheticResults(size) : cycled(path.resolve(values.from), size);
  let index = 0;
  for await (const result of results) {
    if (!stream.write(`${JSON.stringify(resubmitted(result, index++))}\n`)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  stream.end();
  await finished(stream);
}

async function sizeOf(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(target)) total += await sizeOf(path.join(target, entry));
  return total;
}

async function main(): Promise<void> {
  if (values.measure !== undefined) {
    await measure(values.measure, values.out as string);
    return;
  }
  const size = Number(positionals[0] ?? DEFAULT_CLASS_SIZE);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quizgrade-bench-reports-'));
  try {
    const file = path.join(dir, 'results.jsonl');
    let start = performance.now();
    await writeInput(file, size);
    const inputBytes = (await stat(file)).size;
    console.log(`${size} results (${values.from === undefined ? 'synthetic' : `cycled from ${values.from}`}): ${(inputBytes / MB).toFixed(0)} MB of results.jsonl, written in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    const outDir = path.join(dir, 'out');
    const self = fileURLToPath(import.meta.url);
    const args = ['--import', 'tsx', self, '--measure', file, '--out', outDir, '--formats', formatsOf(values.formats)];
    if (values.policy !== undefined) args.push('--policy', values.policy);
    if (values.quiz !== undefined) args.push('--quiz', values.quiz);
    if (values.from !== undefined) args.push('--from', values.from);
    start = performance.now();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`measuring child exited with ${code}`))));
    });
    const measured = JSON.parse(output.trim().split('\n').pop() as string) as { seconds: number; peakHeapMb: number; peakRssMb: number; files: number; rewriteSeconds?: number; setAside?: number };
    if (measured.rewriteSeconds !== undefined) {
      console.log(`--policy ${values.policy}: ${measured.setAside} set aside; the rewrite of the counted marks took ${measured.rewriteSeconds.toFixed(1)} s`);
    }
    console.log(
      `streamed reports (${formatsOf(values.formats)}): ${measured.seconds.toFixed(1)} s, peak heap ${measured.peakHeapMb.toFixed(0)} MB, peak RSS ${measured.peakRssMb.toFixed(0)} MB, ${measured.files} files` +
        ` (child process with tsx: ${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
    for (const entry of (await readdir(outDir)).sort()) {
      console.log(`  ${entry.padEnd(18)} ${((await sizeOf(path.join(outDir, entry))) / 1024).toFixed(0).padStart(9)} KiB`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
