/**
 * The command line: a thin layer over the library. `execute(argv)` runs one
 * command in-process and resolves to the exit code, so tests call it directly.
 */
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { RunProgress } from '../engine/class-run.ts';
import { InputError, type InputRecord } from '../engine/inputs.ts';
import { ONE_WORKER_BELOW, TIMEOUT_DEFAULT_SECONDS, WORKER_MEMORY_DEFAULT_MB, WORKER_MEMORY_MIN_MB } from '../engine/limits.ts';
import { parseShard, RunError } from '../engine/shard.ts';
import { ASSIST_CONCURRENCY_DEFAULT, ASSIST_TIMEOUT_MS_DEFAULT } from '../assist/index.ts';
import type { AssistSettings } from '../assist/stage.ts';
import { formatDiagnostic } from '../quiz/errors.ts';
import type { Quiz } from '../quiz/model.ts';
import { ALL_FORMATS_WORD, DEFAULT_CLASS_FORMATS, parseFormats, REPORT_FORMATS, type ReportFormat } from '../reporters/formats.ts';
import { OutputError, ResultsFileError } from '../results/errors.ts';
import { FolderLockedError } from '../results/lock.ts';
import { printable } from '../util/printable.ts';
import { registerDiffCommand } from './diff.ts';
import { addExportOptions, exportOptionsOf, type ExportFlags } from './export-options.ts';
import { CommandFailure, loadQuizOrFail } from './failure.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_SOME_INVALID, EXIT_USAGE, processIO, type CliIO } from './io.ts';
import { registerPageCommands } from './page.ts';
import { registerReportCommand } from './report.ts';
import { registerReviewCommands } from './review.ts';
import { VERSION } from './version.ts';

// Each command loads what it needs when it runs (the `await import`s below), so
// `check` does not pay for the pool, the reporters or the lint.

const CHECK_FORMATS = ['text', 'md', 'html'] as const;

interface GradeCommandOptions extends ExportFlags {
  out: string;
  jobs?: number;
  timeout?: number;
  workerMemory?: number;
  cache: boolean;
  resume?: boolean;
  shard?: string;
  format?: string;
  assist?: string;
  assistModel?: string;
  assistKeyEnv?: string;
  assistTimeout?: number;
  assistJobs?: number;
}

const FORMAT_HELP = `class outputs, comma-separated, or "${ALL_FORMATS_WORD}" (default: ${DEFAULT_CLASS_FORMATS.join(', ')})`;

function classFormats(text: string | undefined): readonly ReportFormat[] {
  if (text === undefined) return DEFAULT_CLASS_FORMATS;
  const parsed = parseFormats(text);
  if ('unknown' in parsed) throw new CommandFailure(`unknown --format ${parsed.unknown.join(', ')}; the formats are ${REPORT_FORMATS.join(', ')} or ${ALL_FORMATS_WORD}`, EXIT_USAGE);
  return parsed.formats;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return value;
}

function workerMemory(text: string): number {
  const value = positiveInteger(text);
  if (value < WORKER_MEMORY_MIN_MB) throw new InvalidArgumentError(`must be at least ${WORKER_MEMORY_MIN_MB} (MB)`);
  return value;
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('must be a number above 0');
  return value;
}

/** A progress bar on stderr (a terminal). */
async function progressBar(io: CliIO): Promise<RunProgress> {
  const { SingleBar } = await import('cli-progress');
  const { Writable } = await import('node:stream');
  const stream = Object.assign(new Writable({ write: (chunk, _encoding, done) => {
    io.stderr(String(chunk));
    done();
  } }), { isTTY: true, columns: 100 });
  const bar = new SingleBar({
    format: 'grading [{bar}] {value}/{total} submissions | {rate}/s | ETA {eta_formatted}',
    stream,
    hideCursor: true,
    etaBuffer: 200,
    noTTYOutput: false,
  });
  let started = Date.now();
  return {
    start(total) {
      started = Date.now();
      bar.start(total, 0, { rate: 0 });
    },
    update(done) {
      bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
    },
    stop: () => bar.stop(),
  };
}

type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Where `--assist` looks for the endpoint's key unless `--assist-key-env` names another variable. */
export const ASSIST_KEY_ENV_DEFAULT = 'QUIZGRADE_ASSIST_KEY';

/**
 * The `--assist` settings, or undefined without `--assist`. The key comes from
 * the environment only: a command line is seen by every user of the machine
 * and kept in shell histories.
 */
function assistSettings(options: GradeCommandOptions, io: CliIO): AssistSettings | undefined {
  const { assist: endpoint, assistModel: model, assistKeyEnv: keyEnv } = options;
  if (endpoint === undefined) {
    const stray = (['assistModel', 'assistKeyEnv', 'assistTimeout', 'assistJobs'] as const).find((name) => options[name] !== undefined);
    if (stray) throw new CommandFailure(`--${stray.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} needs --assist <url>`, EXIT_USAGE);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CommandFailure(`--assist takes the endpoint's base URL, like http://127.0.0.1:11434 (got "${printable(endpoint)}")`, EXIT_USAGE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CommandFailure(`--assist needs an http or https URL (got "${printable(endpoint)}")`, EXIT_USAGE);
  if (url.username || url.password) throw new CommandFailure(`--assist: put the key in the environment variable ${keyEnv ?? ASSIST_KEY_ENV_DEFAULT}, not in the URL`, EXIT_USAGE);
  if (url.search || url.hash) throw new CommandFailure('--assist takes the base URL, without a query or fragment', EXIT_USAGE);
  if (model === undefined || model.trim() === '') throw new CommandFailure('--assist needs --assist-model <name>, the model the endpoint serves', EXIT_USAGE);
  const apiKey = (io.env ?? process.env)[keyEnv ?? ASSIST_KEY_ENV_DEFAULT];
  if (keyEnv !== undefined && !apiKey) throw new CommandFailure(`--assist-key-env: the environment variable ${keyEnv} is not set`, EXIT_USAGE);
  return {
    endpoint,
    model,
    ...(apiKey ? { apiKey } : {}),
    ...(options.assistTimeout !== undefined && { timeoutMs: options.assistTimeout * 1000 }),
    ...(options.assistJobs !== undefined && { concurrency: options.assistJobs }),
  };
}

function relativeTo(io: CliIO, file: string): string {
  return path.relative(io.cwd, file) || file;
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command()
    .name('quizgrade')
    .version(VERSION, '-V, --version', 'print the version')
    .description('Grade quiz submissions offline: YAML question specs, JSON answers.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);

  program
    .command('validate')
    .description('check quiz specs: schema, ids, graders, and a self-test of every reference answer and mistake')
    .argument('<spec...>', 'quiz spec files or folders')
    .option('--strict', 'treat lint warnings (classic wrong answers a part accepts) as errors')
    .action(async (specs: string[], options: { strict?: boolean }) => {
      const [{ selfTest }, { lintDiagnostics, lintQuiz }, { describeWordNet }] = await Promise.all([
        import('../engine/self-test.ts'),
        import('../lint/index.ts'),
        import('../text/wordnet.ts'),
      ]);
      let failed = false;
      for (const spec of specs) {
        let quiz: Quiz;
        try {
          quiz = await loadQuizOrFail(spec, io);
        } catch (error) {
          if (!(error instanceof CommandFailure)) throw error;
          io.stderr(`${error.message}\n`);
          failed = true;
          continue;
        }
        const problems = selfTest(quiz).map(formatDiagnostic);
        const lint = lintDiagnostics(lintQuiz(quiz)).map((diagnostic) => `${formatDiagnostic(diagnostic)}${options.strict ? '' : ' (warning)'}`);
        if (options.strict) problems.push(...lint);
        else if (lint.length > 0) io.stderr(`${lint.join('\n')}\n`);
        if (problems.length > 0) {
          io.stderr(`${problems.join('\n')}\n`);
          failed = true;
        } else {
          io.stdout(`${spec}: valid - quiz "${quiz.id}", ${quiz.questions.length} questions, ${quiz.parts.length} parts, ${quiz.maxScore} points\n`);
          for (const line of describeWordNet(quiz.parts)) io.stdout(`${line}\n`);
        }
      }
      setExit(failed ? EXIT_USAGE : EXIT_OK);
    });

  program
    .command('check')
    .description('grade one submission and show each part: the answer as read, the verdict, the feedback')
    .argument('<spec>', 'quiz spec file or folder, or a sealed quiz (quiz.sealed.json)')
    .argument('<submission>', 'a submission JSON file')
    .option('--json', 'print the result object as JSON')
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .option('--no-color', 'no colours, even on a terminal')
    .action(async (spec: string, submissionFile: string, options: { json?: boolean; format: CheckFormat; color: boolean }) => {
      const quiz = await loadQuizOrFail(spec, io, true);
      const [{ Grader }, { expandInputs, readInputs }, { renderCheck }, { quizInfo }, { katexStyles }] = await Promise.all([
        import('../engine/grade.ts'),
        import('../engine/inputs.ts'),
        import('../reporters/check.ts'),
        import('../reporters/quiz-info.ts'),
        import('../reporters/katex-styles.ts'),
      ]);
      const grader = new Grader(quiz, { cache: false });
      const records: InputRecord[] = [];
      for await (const record of readInputs(await expandInputs([submissionFile], io.cwd), io.cwd)) records.push(record);
      if (records.length !== 1) throw new CommandFailure(`check takes one submission; ${submissionFile} holds ${records.length}`, EXIT_USAGE);
      const result = grader.gradeRecord(records[0]!);
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const color = options.color && io.isTTY && options.format === 'text';
        io.stdout(renderCheck(result, { format: options.format, color, quiz: quizInfo(quiz), ...(options.format === 'html' && { mathStyles: katexStyles() }) }));
      }
      setExit(result.status === 'invalid' ? EXIT_SOME_INVALID : EXIT_OK);
    });

  program
    .command('grade')
    .description('grade a class: writes results.jsonl, grades.csv, summary.json and the reports to --out')
    .argument('<spec>', 'quiz spec file or folder')
    .argument('<inputs...>', 'submission files, folders (recursively *.json, *.jsonl) or .jsonl files')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-j, --jobs <n>', `worker threads (default: the number of cores; one for a class under ${ONE_WORKER_BELOW.toLocaleString('en-US')})`, positiveInteger)
    .option('--timeout <seconds>', `seconds each answer may take before it is left for review (default: the spec's, else ${TIMEOUT_DEFAULT_SECONDS})`, positiveNumber)
    .option('--worker-memory <MB>', `heap limit of each worker (default ${WORKER_MEMORY_DEFAULT_MB}, at least ${WORKER_MEMORY_MIN_MB})`, workerMemory)
    .option('--no-cache', 'grade every answer afresh instead of reusing verdicts of identical answers')
    .option('--resume', 'continue an interrupted run from the results.jsonl in --out')
    .option('--shard <i/n>', 'grade only the i-th of n deterministic slices of the inputs')
    .option('--format <list>', FORMAT_HELP)
    .option('--assist <url>', 'ask this OpenAI-compatible chat endpoint for a suggested score of each free-text part headed for review (shown in the review CSV; never changes a score)')
    .option('--assist-model <name>', 'the model the --assist endpoint serves (required with --assist)')
    .option('--assist-key-env <variable>', `environment variable holding the endpoint's API key (default ${ASSIST_KEY_ENV_DEFAULT}, if set)`)
    .option('--assist-timeout <seconds>', `seconds each suggestion may take (default ${ASSIST_TIMEOUT_MS_DEFAULT / 1000})`, positiveNumber)
    .option('--assist-jobs <n>', `suggestions asked at once (default ${ASSIST_CONCURRENCY_DEFAULT})`, positiveInteger)
    .action(async (spec: string, inputs: string[], options: GradeCommandOptions) => {
      const shard = options.shard === undefined ? undefined : parseShard(options.shard);
      const formats = classFormats(options.format);
      const assist = assistSettings(options, io);
      const quiz = await loadQuizOrFail(spec, io);
      const outDir = path.resolve(io.cwd, options.out);
      const [{ gradeClass }, { classNotes }] = await Promise.all([import('../engine/class-run.ts'), import('../reporters/index.ts')]);
      const run = await gradeClass({
        quiz,
        specPath: path.resolve(io.cwd, spec),
        inputs,
        baseDir: io.cwd,
        outDir,
        formats,
        cache: options.cache,
        resume: options.resume ?? false,
        command: `grade ${spec}`,
        onWarning: (message) => io.stderr(`${message}\n`),
        ...(shard && { shard }),
        ...(options.jobs !== undefined && { jobs: options.jobs }),
        ...(options.timeout !== undefined && { timeoutSeconds: options.timeout }),
        ...(options.workerMemory !== undefined && { workerMemoryMb: options.workerMemory }),
        ...(io.stderrIsTTY && { progress: await progressBar(io) }),
        exports: exportOptionsOf(options),
        policy: options.policy,
        ...(assist && { assist }),
      });
      io.stdout(run.tally.summary(describeWritten(run.written, outDir, io), run.resumed, classNotes(run.table)));
      if (run.assist) io.stdout(`${printable((await import('../assist/stage.ts')).describeAssist(run.assist))}\n`);
      setExit(run.tally.allGraded() ? EXIT_OK : EXIT_SOME_INVALID);
    });

  program
    .command('merge')
    .description('combine the results of shards into one results set and its reports')
    .argument('<results...>', 'results.jsonl files of the shards')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--quiz <spec>', 'the quiz spec, for titles and anticipated mistakes in the reports')
    .option('--format <list>', FORMAT_HELP)
    .action(async (files: string[], options: { out: string; quiz?: string; format?: string } & ExportFlags) => {
      const quiz = options.quiz === undefined ? undefined : await loadQuizOrFail(options.quiz, io);
      const [{ mkdir }, { mergeResults, RESULTS_FILE_NAME, writeResultsFile, writing }, { classNotes, prepareCountedClass, quizInfo, writePreparedReports }, { RunTally }] =
        await Promise.all([import('node:fs/promises'), import('../results/index.ts'), import('../reporters/index.ts'), import('../engine/tally.ts')]);
      const results = await mergeResults(files.map((file) => path.resolve(io.cwd, file)));
      const outDir = path.resolve(io.cwd, options.out);
      await writing(outDir, () => mkdir(outDir, { recursive: true }));
      const resultsPath = path.join(outDir, RESULTS_FILE_NAME);
      const { marked, table, source } = prepareCountedClass(results, options.policy, quiz === undefined ? {} : { quiz: quizInfo(quiz) });
      await writeResultsFile(resultsPath, marked);
      const written = await writePreparedReports(table, source, outDir, { formats: classFormats(options.format), exports: exportOptionsOf(options) });
      const tally = new RunTally();
      for (const result of results) tally.add(result);
      io.stdout(tally.summary(describeWritten([resultsPath, ...written], outDir, io), 0, classNotes(table)));
      setExit(tally.allGraded() ? EXIT_OK : EXIT_SOME_INVALID);
    });

  program
    .command('template')
    .description('print a blank submission to fill in: every answer slot, and beside them the questions, points, answer formats and options')
    .argument('<spec>', 'quiz spec file or folder, or a sealed quiz (quiz.sealed.json)')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (spec: string, options: { out?: string }) => {
      const quiz = await loadQuizOrFail(spec, io, true);
      const text = (await import('../template/index.ts')).templateText(quiz);
      if (options.out) await (await import('../results/atomic.ts')).writeFileAtomic(path.resolve(io.cwd, options.out), text);
      else io.stdout(text);
      setExit(EXIT_OK);
    });

  for (const command of program.commands.filter((candidate) => ['grade', 'merge'].includes(candidate.name()))) addExportOptions(command);
  registerReportCommand(program, io, setExit);
  registerReviewCommands(program, io, setExit);
  registerDiffCommand(program, io, setExit);
  registerPageCommands(program, io, setExit);
  return program;
}

/** Output files, with per-submission folders counted rather than listed. */
function describeWritten(files: string[], outDir: string, io: CliIO): string {
  const entries = new Map<string, number>();
  for (const file of files) {
    const top = path.relative(outDir, file).split(path.sep)[0]!;
    entries.set(top, (entries.get(top) ?? 0) + 1);
  }
  const names = [...entries].map(([name, count]) => (count > 1 ? `${name}/ (${count} files)` : name));
  return `wrote ${relativeTo(io, outDir)}/: ${names.join(', ')}`;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** Runs one command; resolves to the exit code (0 done, 1 some inputs invalid, 2 usage or spec error, 3 internal error, 4 outputs not written). */
export async function execute(argv: string[], io: CliIO = processIO): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CommandFailure) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof OutputError) {
      io.stderr(`${printable(error.message)}\n`);
      return EXIT_OUTPUT;
    }
    if (error instanceof InputError || error instanceof RunError || error instanceof ResultsFileError || error instanceof FolderLockedError) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    if (isSystemError(error)) {
      // A folder that can't be created, a file that can't be read: the command's arguments, not a bug.
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`quizgrade failed (this is a bug; please report it): ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_INTERNAL;
  }
}
