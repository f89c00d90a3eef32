/**
 * `quizgrade page <spec> --out quiz.html [--no-check]`: the offline quiz page.
 * `quizgrade seal <spec> --out quiz.sealed.json [--no-check]`: the sealed quiz it embeds.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { Quiz } from '../quiz/model.ts';
import { loadQuizOrFail } from './failure.ts';
import { EXIT_OK, type CliIO } from './io.ts';

const NO_CHECK_HELP = 'exam mode: no answer key at all; the page only collects answers';

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
      const quiz = await loadQuizOrFail(spec, io);
      const text = await command.write(quiz, !options.check);
      // A file that can't be written ends the command with exit 4, as every output does (src/cli/index.ts).
      await (await import('../results/atomic.ts')).writeFileAtomic(path.resolve(io.cwd, options.out), text);
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
