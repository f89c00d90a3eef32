/**
 * `quizgrade page <spec> --out quiz.html [--no-check]`: the offline quiz page.
 * `quizgrade seal <spec> --out quiz.sealed.json [--no-check]`: the sealed quiz it embeds.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, SpecError } from '../quiz/errors.ts';
import type { Quiz } from '../quiz/model.ts';
import { EXIT_OK, EXIT_USAGE, type CliIO } from './io.ts';

/** Outputs could not be written (see the exit codes in BRIEF/README). */
export const EXIT_OUTPUT_FAILED = 4;

const NO_CHECK_HELP = 'exam mode: no answer key at all; the page only collects answers';

async function loadSpec(io: CliIO, spec: string, setExit: (code: number) => void): Promise<Quiz | undefined> {
  const { loadQuiz } = await import('../quiz/load.ts');
  try {
    return await loadQuiz(path.resolve(io.cwd, spec));
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    io.stderr(`${error.diagnostics.map(formatDiagnostic).join('\n')}\n`);
    setExit(EXIT_USAGE);
    return undefined;
  }
}

async function writeOutput(io: CliIO, out: string, text: string, setExit: (code: number) => void): Promise<boolean> {
  try {
    await writeFile(path.resolve(io.cwd, out), text, 'utf8');
    return true;
  } catch (error) {
    io.stderr(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    setExit(EXIT_OUTPUT_FAILED);
    return false;
  }
}

function kilobytes(text: string): string {
  return `${Math.round(Buffer.byteLength(text, 'utf8') / 1024)} KB`;
}

/** A command that reads a spec and writes one file made from its quiz. */
function registerWriter(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
  command: { name: string; description: string; out: string; write: (quiz: Quiz, exam: boolean) => Promise<string>; done: (out: string, text: string, exam: boolean) => string },
): void {
  program
    .command(command.name)
    .description(command.description)
    .argument('<spec>', 'quiz spec file or folder')
    .option('-o, --out <file>', 'the file to write', command.out)
    .option('--no-check', NO_CHECK_HELP)
    .action(async (spec: string, options: { out: string; check: boolean }) => {
      const quiz = await loadSpec(io, spec, setExit);
      if (quiz === undefined) return;
      const text = await command.write(quiz, !options.check);
      if (!(await writeOutput(io, options.out, text, setExit))) return;
      io.stdout(`${command.done(options.out, text, !options.check)}\n`);
      setExit(EXIT_OK);
    });
}

export function registerPageCommands(program: Command, io: CliIO, setExit: (code: number) => void): void {
  registerWriter(program, io, setExit, {
    name: 'page',
    description: 'build the offline quiz page: questions, inputs with a live preview, a check against the sealed key, the submission download',
    out: 'quiz.html',
    write: async (quiz, exam) => (await import('../page/build.ts')).buildPage(quiz, { exam }),
    done: (out, html, exam) => `wrote ${out} (${kilobytes(html)}, ${exam ? 'exam mode: no key' : 'with a sealed key'})`,
  });
  registerWriter(program, io, setExit, {
    name: 'seal',
    description: 'write the quiz with its answer key sealed, for `check` and `template` without the spec',
    out: 'quiz.sealed.json',
    // One line: the sample values are thousands of numbers, read by quizgrade, not by people.
    write: async (quiz, exam) => `${JSON.stringify((await import('../seal/quiz.ts')).sealQuiz(quiz, { exam }))}\n`,
    done: (out, text) => `wrote ${out} (${kilobytes(text)})`,
  });
}
