/** Whole-file writes that never leave half a file under the final name. */
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { writing } from './errors.ts';

/** The temporary name a file is written under before it is renamed into place. */
export function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
}

/**
 * Writes `content` next to `target`, flushes it to disk and renames it into
 * place: a crash or a full disk leaves the old file (or none), never a cut one.
 * Fails with an OutputError naming `target`.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array, options: { sync?: boolean } = {}): Promise<void> {
  const temporary = temporaryName(target);
  await writing(target, async () => {
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(content);
        // One of many small files (a folder per student) skips the flush: the rename alone keeps readers from a cut file.
        if (options.sync ?? true) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
  });
}
