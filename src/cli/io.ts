/** Where the CLI writes, so `execute` can run in-process in tests. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colours). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress bars). */
  stderrIsTTY?: boolean;
  /** Working directory that relative paths resolve against. */
  cwd: string;
  /** Environment variables (an endpoint's key); process.env when absent. */
  env?: Record<string, string | undefined>;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
};

/** Exit codes: the contract with shells and CI. */
export const EXIT_OK = 0;
/** Done, but some inputs were invalid (they are still in every output). */
export const EXIT_SOME_INVALID = 1;
/** Usage error or a broken spec: nothing was graded. */
export const EXIT_USAGE = 2;
/** quizgrade itself failed (a bug): not an answer to "were the inputs valid?". */
export const EXIT_INTERNAL = 3;
/** Done, but an output could not be written (disk full, read-only, permission denied): what was written is resumable. */
export const EXIT_OUTPUT = 4;
