/** How a command ends early: a message and an exit code, printed by `execute`; loading a quiz that way. */
import path from 'node:path';
import { formatDiagnostic, SpecError } from '../quiz/errors.ts';
import type { Quiz } from '../quiz/model.ts';
import { EXIT_USAGE, type CliIO } from './io.ts';

/** A failure that ends the command with a message and an exit code. */
export class CommandFailure extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** `sealed`: a sealed quiz (quiz.sealed.json) may stand for the spec: `check` and `template` only. */
export async function loadQuizOrFail(specPath: string, io: CliIO, sealed = false): Promise<Quiz> {
  const [{ loadQuiz }, { loadQuizOrSealed }, { SealedQuizError }] = await Promise.all([
    import('../quiz/load.ts'),
    import('../seal/load.ts'),
    import('../seal/quiz.ts'),
  ]);
  try {
    return await (sealed ? loadQuizOrSealed : loadQuiz)(path.resolve(io.cwd, specPath));
  } catch (error) {
    if (error instanceof SealedQuizError) throw new CommandFailure(error.message, EXIT_USAGE);
    if (error instanceof SpecError) throw new CommandFailure(error.diagnostics.map(formatDiagnostic).join('\n'), EXIT_USAGE);
    throw error;
  }
}
