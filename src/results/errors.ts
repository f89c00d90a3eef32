/** The two ways a results file or an output can fail: unreadable input (exit 2), or an output that could not be written (exit 4). */

/** An output could not be written: the disk is full, the folder read-only, ... Nothing half-written is left under its name. */
export class OutputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot write ${file}: ${reason}`);
    this.name = 'OutputError';
  }
}

/** A results file that can't be used as given: a bad line, another quiz, inputs that changed. Nothing is changed. */
export class ResultsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsFileError';
  }
}

/** The system's reason for a failed file operation, in one line: `ENOSPC: no space left on device`. */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  // Node's messages read "ENOSPC: no space left on device, write": the code and the reason are what a person needs.
  const reason = /^[A-Z]+: ([^,]+)/.exec(message)?.[1];
  return code !== undefined && reason !== undefined ? `${code}: ${reason}` : message.split('\n')[0]!;
}

/** Runs a write, turning a system error into an OutputError naming `file`. */
export async function writing<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof OutputError) throw error;
    if (typeof (error as NodeJS.ErrnoException).code === 'string') throw new OutputError(file, systemReason(error));
    throw error;
  }
}
