/**
 * `quizgrade report <results.jsonl> --out <dir>`: regenerates the class outputs
 * from the results of an earlier run, without grading again. The results file is
 * streamed (src/results/), one line at a time, into the compact class table; it
 * is read a second time only when a per-submission format (`gradescope`) is asked for.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ALL_FORMATS_WORD, DEFAULT_CLASS_FORMATS, parseFormats, REPORT_FORMATS, type ReportFormat } from '../reporters/formats.ts';
import type { QuizInfo } from '../reporters/index.ts';
import { addExportOptions, exportOptionsOf, type ExportFlags } from './export-options.ts';
import { formatDiagnostic, SpecError } from '../quiz/errors.ts';
import { EXIT_OK, EXIT_SOME_INVALID, EXIT_USAGE, type CliIO } from './io.ts';

export { parseFormats } from '../reporters/formats.ts';

interface ReportOptions extends ExportFlags {
  out: string;
  format?: string;
  quiz?: string;
  generatedAt?: string;
}

/**
 * Adds `report` to the program. `setExit` receives the exit code of a finished
 * run: 0, or 1 when some results are of submissions that were not graded (as
 * `grade` does). Usage errors end through `command.error` with exit code 2.
 */
export function registerReportCommand(program: Command, io: CliIO, setExit: (code: number) => void = () => {}): Command {
  return addExportOptions(program
    .command('report')
    .description('regenerate every report and export from results.jsonl, without grading again')
    .argument('<results>', 'results.jsonl written by `quizgrade grade`')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option(
      '-f, --format <list>',
      `comma-separated outputs to write, or "${ALL_FORMATS_WORD}": ${REPORT_FORMATS.join(', ')} (default: ${DEFAULT_CLASS_FORMATS.join(',')})`,
    )
    .option('-q, --quiz <spec>', 'the quiz spec, for titles and anticipated mistakes in the reports')
    .option('--generated-at <text>', 'timestamp printed in the reports (none by default, so output is reproducible)')
    .action(async function (this: Command, resultsPath: string, options: ReportOptions) {
      const [{ loadQuiz }, { ClassAccumulator, classNotes, finishCountedClass, quizInfo, writePreparedReports }, { assertNotLocked, CountedSelector, describeBadLines, ResultsFileSource }] =
        await Promise.all([import('../quiz/load.ts'), import('../reporters/index.ts'), import('../results/index.ts')]);
      let formats: ReportFormat[] | undefined;
      if (options.format !== undefined) {
        const parsed = parseFormats(options.format);
        if ('unknown' in parsed) {
          this.error(`error: unknown report format ${parsed.unknown.map((name) => `"${name}"`).join(', ')} (choose from ${REPORT_FORMATS.join(', ')}, or ${ALL_FORMATS_WORD})`, { exitCode: EXIT_USAGE, code: 'quizgrade.report.format' });
        }
        formats = parsed.formats;
      }

      let quiz: QuizInfo | undefined;
      if (options.quiz !== undefined) {
        try {
          quiz = quizInfo(await loadQuiz(path.resolve(io.cwd, options.quiz)));
        } catch (error) {
          if (!(error instanceof SpecError)) throw error;
          this.error(error.diagnostics.map(formatDiagnostic).join('\n'), { exitCode: EXIT_USAGE, code: 'quizgrade.report.spec' });
        }
      }

      // Read as a stream into the compact class table and the policy's choice; read again only when the policy
      // sets submissions aside, and for per-submission formats.
      const file = path.resolve(io.cwd, resultsPath);
      // A run still writing this results file would lose lines to a re-marking rewrite: refuse while it holds the folder.
      await assertNotLocked(path.dirname(file));
      const source = new ResultsFileSource(file, resultsPath);
      const accumulator = new ClassAccumulator(quiz);
      const selector = new CountedSelector(options.policy);
      try {
        for await (const result of source.stream()) {
          accumulator.add(result);
          selector.add(result);
        }
      } catch (error) {
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
        this.error(`error: cannot read ${resultsPath}: ${(error as Error).message}`, { exitCode: EXIT_USAGE, code: 'quizgrade.report.read' });
      }
      if (source.problems.length > 0) {
        this.error(describeBadLines(source.problems, 'no reports written: every result must be readable, so counts stay exact'), {
          exitCode: EXIT_USAGE,
          code: 'quizgrade.report.results',
        });
      }

      // The marks in results.jsonl follow the policy the outputs are made by.
      const counted = await finishCountedClass(file, accumulator, selector, { label: resultsPath, ...(quiz === undefined ? {} : { quiz }) });
      const { table } = counted;
      if (counted.remarked === true) io.stdout(`${resultsPath}: "counted" marks set by --policy ${options.policy}\n`);

      if (quiz !== undefined) {
        const others = table.quizIds.filter((id) => id !== quiz?.id).sort();
        if (others.length > 0) {
          io.stderr(`warning: the results are of quiz ${others.map((id) => `"${id}"`).join(', ')}, the spec is quiz "${quiz.id}"; parts the spec does not have are reported after its own\n`);
        }
      }

      const outDir = path.resolve(io.cwd, options.out);
      const written = await writePreparedReports(table, counted.source, outDir, {
        ...(formats === undefined ? {} : { formats }),
        ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
        exports: exportOptionsOf(options),
      });
      const notGraded = table.size - table.submissionsByStatus.graded;
      io.stdout(`${table.size} results (${notGraded} not graded) -> ${written.length} files in ${path.relative(io.cwd, outDir) || '.'}\n`);
      const notes = classNotes(table);
      if (notes !== undefined) io.stdout(`${notes}\n`);
      setExit(notGraded > 0 ? EXIT_SOME_INVALID : EXIT_OK);
    }));
}
