/**
 * `quizgrade diff <old results.jsonl> <new results.jsonl> [--csv | --json]`:
 * every student whose score changes, part by part. Exit 0 whatever changed;
 * 2 when a file cannot be read or holds a line that is not a result.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { ResultsDiff } from '../diff/index.ts';
import type { DiffFormat } from '../diff/render.ts';
import type { ResultsFileSource } from '../results/index.ts';
import { EXIT_OK, EXIT_USAGE, type CliIO } from './io.ts';

export function registerDiffCommand(program: Command, io: CliIO, setExit: (code: number) => void = () => {}): Command {
  return program
    .command('diff')
    .description('list every student whose score changes between two results.jsonl, part by part, with a summary')
    .argument('<old>', 'results.jsonl before (e.g. before a key fix)')
    .argument('<new>', 'results.jsonl after')
    .option('--csv', 'CSV instead of a table')
    .option('--json', 'JSON instead of a table')
    .action(async function (this: Command, oldFile: string, newFile: string, options: { csv?: boolean; json?: boolean }) {
      if (options.csv === true && options.json === true) this.error('error: choose one of --csv and --json', { exitCode: EXIT_USAGE, code: 'quizgrade.diff.format' });
      const format: DiffFormat = options.csv === true ? 'csv' : options.json === true ? 'json' : 'table';
      const [{ diffResults }, { DIFF_RENDERERS }, { describeBadLines, ResultsFileSource }] = await Promise.all([
        import('../diff/index.ts'),
        import('../diff/render.ts'),
        import('../results/index.ts'),
      ]);
      const sources = [oldFile, newFile].map((file) => new ResultsFileSource(path.resolve(io.cwd, file), file));
      const [before, after] = sources as [ResultsFileSource, ResultsFileSource];
      let diff: ResultsDiff;
      try {
        diff = await diffResults(before.stream(), after.stream());
      } catch (error) {
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
        this.error(`error: cannot read ${(error as NodeJS.ErrnoException).path ?? ''}: ${(error as Error).message}`, { exitCode: EXIT_USAGE, code: 'quizgrade.diff.read' });
      }
      const problems = sources.flatMap((source) => source.problems);
      if (problems.length > 0) {
        this.error(describeBadLines(problems, 'no diff: every result must be readable'), { exitCode: EXIT_USAGE, code: 'quizgrade.diff.results' });
      }
      io.stdout(DIFF_RENDERERS[format](diff));
      setExit(EXIT_OK);
    });
}
