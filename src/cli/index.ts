/**
 * The command line: a thin layer over the library. `execute(argv)` runs one
 * command in-process and resolves to the exit code, so tests call it directly.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { Command, CommanderError, Option } from 'commander';
import { Grader } from '../engine/grade.ts';
import { expandInputs, InputError, readInputs, type InputRecord } from '../engine/inputs.ts';
import { selfTest } from '../engine/self-test.ts';
import { quizInfo, renderCheck, writeClassReports } from '../reporters/index.ts';
import { formatDiagnostic, SpecError } from '../spec/errors.ts';
import { loadQuiz } from '../spec/load.ts';
import type { Quiz } from '../spec/model.ts';
import type { SubmissionResult } from '../types.ts';
import { EXIT_OK, EXIT_SOME_INVALID, EXIT_USAGE, processIO, type CliIO } from './io.ts';

const CHECK_FORMATS = ['text', 'md', 'html'] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

/** A failure that ends the command with a message and an exit code. */
class CommandFailure extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

async function loadQuizOrFail(specPath: string, io: CliIO): Promise<Quiz> {
  try {
    return await loadQuiz(path.resolve(io.cwd, specPath));
  } catch (error) {
    if (error instanceof SpecError) throw new CommandFailure(error.diagnostics.map(formatDiagnostic).join('\n'), EXIT_USAGE);
    throw error;
  }
}

function missingTypesNote(quiz: Quiz): string | undefined {
  const entries = Object.entries(quiz.missingTypes);
  if (entries.length === 0) return undefined;
  return entries.map(([type, keys]) => `grader type "${type}" is not available in this version (parts ${keys.join(', ')})`).join('\n');
}

function relativeTo(io: CliIO, file: string): string {
  return path.relative(io.cwd, file) || file;
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command()
    .name('quizgrade')
    .description('Grade quiz submissions offline: YAML question specs, JSON answers.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);

  program
    .command('validate')
    .description('check quiz specs: schema, ids, graders, and a self-test of every reference answer and mistake')
    .argument('<spec...>', 'quiz spec files or folders')
    .action(async (specs: string[]) => {
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
        const missing = missingTypesNote(quiz);
        if (missing) problems.push(`${spec}: ${missing}`);
        if (problems.length > 0) {
          io.stderr(`${problems.join('\n')}\n`);
          failed = true;
        } else {
          io.stdout(`${spec}: valid - quiz "${quiz.id}", ${quiz.questions.length} questions, ${quiz.parts.length} parts, ${quiz.maxScore} points\n`);
        }
      }
      setExit(failed ? EXIT_USAGE : EXIT_OK);
    });

  program
    .command('check')
    .description('grade one submission and show each part: the answer as read, the verdict, the feedback')
    .argument('<spec>', 'quiz spec file or folder')
    .argument('<submission>', 'a submission JSON file')
    .option('--json', 'print the result object as JSON')
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .option('--no-color', 'no colours, even on a terminal')
    .action(async (spec: string, submissionFile: string, options: { json?: boolean; format: CheckFormat; color: boolean }) => {
      const quiz = await loadQuizOrFail(spec, io);
      const grader = new Grader(quiz, { cache: false });
      const records: InputRecord[] = [];
      for await (const record of readInputs(await expandInputs([submissionFile], io.cwd), io.cwd)) records.push(record);
      if (records.length !== 1) throw new CommandFailure(`check takes one submission; ${submissionFile} holds ${records.length}`, EXIT_USAGE);
      const result = grader.gradeRecord(records[0]!);
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout(renderCheck(result, { format: options.format, color: options.color && io.isTTY && options.format === 'text', quiz: quizInfo(quiz) }));
      setExit(result.status === 'invalid' ? EXIT_SOME_INVALID : EXIT_OK);
    });

  program
    .command('grade')
    .description('grade a class: writes results.jsonl, grades.csv, summary.json and the reports to --out')
    .argument('<spec>', 'quiz spec file or folder')
    .argument('<inputs...>', 'submission files, folders (recursively *.json, *.jsonl) or .jsonl files')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('--no-cache', 'grade every answer afresh instead of reusing verdicts of identical answers')
    .action(async (spec: string, inputs: string[], options: { out: string; cache: boolean }) => {
      const quiz = await loadQuizOrFail(spec, io);
      const files = await expandInputs(inputs, io.cwd);
      const missing = missingTypesNote(quiz);
      if (missing) io.stderr(`warning: ${missing}; those parts are marked "error"\n`);
      const outDir = path.resolve(io.cwd, options.out);
      await mkdir(outDir, { recursive: true });
      const grader = new Grader(quiz, { cache: options.cache });
      const resultsPath = path.join(outDir, 'results.jsonl');
      const stream = createWriteStream(resultsPath, { encoding: 'utf8' });
      const results: SubmissionResult[] = [];
      try {
        for await (const record of readInputs(files, io.cwd)) {
          const result = grader.gradeRecord(record);
          results.push(result);
          if (!stream.write(`${JSON.stringify(result)}\n`)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
        }
      } finally {
        stream.end();
        await finished(stream);
      }
      const written = await writeClassReports(results, outDir, { quiz: quizInfo(quiz) });
      io.stdout(gradeSummary(results, describeWritten([resultsPath, ...written], outDir, io)));
      setExit(results.some((result) => result.status !== 'graded') ? EXIT_SOME_INVALID : EXIT_OK);
    });

  program
    .command('template')
    .description('print a blank submission with every answer key, for students to fill in')
    .argument('<spec>', 'quiz spec file or folder')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (spec: string, options: { out?: string }) => {
      const quiz = await loadQuizOrFail(spec, io);
      const answers = Object.fromEntries(quiz.parts.map((part) => [part.key, part.grader?.answerShape === 'list' ? [] : '']));
      const text = `${JSON.stringify({ quiz: quiz.id, student: { id: '', name: '' }, answers }, null, 2)}\n`;
      if (options.out) await writeFile(path.resolve(io.cwd, options.out), text, 'utf8');
      else io.stdout(text);
      setExit(EXIT_OK);
    });

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

function gradeSummary(results: SubmissionResult[], written: string): string {
  const graded = results.filter((result) => result.status === 'graded');
  const invalid = results.filter((result) => result.status === 'invalid');
  const scores = graded.map((result) => result.score).sort((a, b) => a - b);
  const max = results[0]?.maxScore ?? 0;
  const mean = scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : 0;
  const median = scores.length ? (scores[(scores.length - 1) >> 1]! + scores[scores.length >> 1]!) / 2 : 0;
  const reviews = results.reduce((count, result) => count + result.parts.filter((part) => part.status === 'needs-review').length, 0);
  const lines = [
    `${results.length} inputs -> ${results.length} results: ${graded.length} graded, ${invalid.length} invalid${reviews ? `, ${reviews} answers need review` : ''}`,
    scores.length
      ? `score of graded submissions: mean ${mean.toFixed(2)} / ${max}, median ${median}, min ${scores[0]}, max ${scores[scores.length - 1]}`
      : 'no graded submissions',
    ...invalid.map((result) => `  invalid: ${result.source ?? result.student.id}: ${result.errors.join('; ')}`),
    written,
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs one command; resolves to the exit code (0 done, 1 some inputs invalid, 2 usage or spec error). */
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
    if (error instanceof InputError) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
