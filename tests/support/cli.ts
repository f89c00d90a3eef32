/** Runs the CLI in-process with captured output. */
import { fileURLToPath } from 'node:url';
import { execute } from '../../src/cli/index.ts';

export { tempDir } from './temp.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(argv: string[], options: { isTTY?: boolean; stderrIsTTY?: boolean; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await execute(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    isTTY: options.isTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    cwd: ROOT,
    ...(options.env && { env: options.env }),
  });
  return { code, stdout, stderr };
}
