/** Whole-file writes that never leave half a file under the final name. */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { writing } from './errors.ts';

/** The temporary name a file is written under before it is renamed into place. */
export function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
}

/** Writes the temporary file through `fill`, flushes it (unless `sync` is false) and renames it into place. */
async function replaceAtomic(target: string, fill: (handle: FileHandle) => Promise<void>, sync: boolean): Promise<void> {
  const temporary = temporaryName(target);
  await writing(target, async () => {
    try {
      const handle = await open(temporary, 'w');
      try {
        await fill(handle);
        if (sync) await handle.sync();
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

/**
 * Writes `content` next to `target`, flushes it to disk and renames it into
 * place: a crash or a full disk leaves the old file (or none), never a cut one.
 * Fails with an OutputError naming `target`.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array, options: { sync?: boolean } = {}): Promise<void> {
  // One of many small files (a folder per student) skips the flush: the rename alone keeps readers from a cut file.
  await replaceAtomic(target, (handle) => handle.writeFile(content), options.sync ?? true);
}

/** Bytes of text gathered before each write of `writeLinesAtomic`. */
const LINES_BATCH_BYTES = 1 << 20;

/**
 * Writes `lines` (each ending in its newline) as `writeFileAtomic` writes a
 * file, a batch at a time: a file of any size, never held whole.
 */
export async function writeLinesAtomic(target: string, lines: AsyncIterable<string>): Promise<void> {
  await replaceAtomic(target, async (handle) => {
    let batch: string[] = [];
    let size = 0;
    for await (const line of lines) {
      batch.push(line);
      size += line.length;
      if (size >= LINES_BATCH_BYTES) {
        await handle.writeFile(batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) await handle.writeFile(batch.join(''));
  }, true);
}
