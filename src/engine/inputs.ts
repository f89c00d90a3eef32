/**
 * Reading submissions: files, folders (recursively, `*.json` and `*.jsonl`) and
 * JSONL files (one submission per line), as a stream of records. Every input
 * yields at least one record, whatever is wrong with it: an unreadable file or
 * line is a record with an `error`, never a silent skip.
 */
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseJson } from '../core/json.ts';
import { fileLineRecords } from '../util/file-lines.ts';

/** Largest single-submission file we parse; larger ones are recorded as invalid unread. */
export const SUBMISSION_MAX_BYTES = 5 * 1024 * 1024;

export interface InputRecord {
  /** `file` or `file:line`. */
  source: string;
  /** 0-based position among all records of the run. */
  position: number;
  /** The parsed JSON, when it could be read. */
  value?: unknown;
  /** The JSON text, not parsed yet (`readInputs(..., { parse: 'later' })`): whoever grades it parses it. */
  text?: string;
  /** Why it could not be read. */
  error?: string;
  /** Digest of the record's text (or of why it could not be read), for `--resume`; absent when only counting. */
  fingerprint?: string;
}

/**
 * How `readInputs` treats the JSON it reads: parse it, hand it on as text (a
 * pool parses it in its workers, where the work is spread), or only count records.
 */
export type ParseMode = 'now' | 'later' | 'count';

export class InputError extends Error {}

/** A folder entry that was not read: a link, a FIFO, a device, a socket. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

function kindOf(entry: { isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Expands inputs (relative to `baseDir`) into absolute submission file paths;
 * folders recursively and sorted, so runs are reproducible. Inside a folder only
 * regular files are read: links, FIFOs, devices and sockets named `*.json(l)`
 * are passed to `onSkip` (never followed or opened). A file named explicitly is
 * kept whatever it is: reading it says what is wrong. Throws `InputError`
 * naming the input as given when it does not exist or holds no submissions.
 */
export async function expandInputs(inputs: string[], baseDir = process.cwd(), onSkip: (skipped: SkippedEntry) => void = () => {}): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(baseDir, input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new InputError(`no such file or folder: ${input}`);
    if (info.isDirectory()) {
      const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
      const found: string[] = [];
      for (const entry of entries) {
        if (!/\.jsonl?$/i.test(entry.name) || entry.isDirectory()) continue;
        const file = path.join(entry.parentPath, entry.name);
        if (entry.isFile()) found.push(file);
        else onSkip({ path: path.relative(baseDir, file) || file, reason: `${kindOf(entry)}; only regular files in a folder are read` });
      }
      if (found.length === 0) throw new InputError(`no *.json or *.jsonl files in ${input}`);
      files.push(...found.sort());
    } else {
      files.push(absolute);
    }
  }
  return files;
}

/** A short, stable digest of an input record's text, so `--resume` can tell when an input changed. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** Reads a whole submission file, at most `maxBytes`: the text, or why it can't be used. Counts bytes read, not what stat() says. */
async function readCapped(file: string, maxBytes: number): Promise<{ text: string } | { error: string }> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) return { error: `the file is too large (more than ${maxBytes} bytes, the limit)` };
    return { text: buffer.toString('utf8', 0, filled) };
  } finally {
    await handle.close();
  }
}

function isJsonl(file: string): boolean {
  return /\.jsonl$/i.test(file);
}

/** Why a file can't be read, in one line, from the system's error. */
function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'cannot read the file: it is gone (deleted or moved after the run started)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read the file: permission denied';
  if (code === 'EISDIR') return 'cannot read the file: it is a folder';
  return `cannot read the file: ${code ?? (error as Error).message}`;
}

/**
 * Streams the records of submission files (as `expandInputs` returns them), in
 * order. Sources are named relative to `baseDir`. A file that is not a regular
 * file, vanished, or can't be read is one record with the reason: the batch goes on.
 */
export async function* readInputs(files: string[], baseDir = process.cwd(), options: { parse?: ParseMode } = {}): AsyncGenerator<InputRecord> {
  const parse = options.parse ?? 'now';
  const recordOf = (source: string, position: number, text: string): InputRecord => {
    if (parse === 'later') return { source, position, text, fingerprint: fingerprint(text) };
    const parsed = parseJson(text);
    const digest = fingerprint(text);
    return parsed.ok ? { source, position, value: parsed.value, fingerprint: digest } : { source, position, error: parsed.message, fingerprint: digest };
  };
  const problem = (source: string, position: number, error: string): InputRecord =>
    parse === 'count' ? { source, position } : { source, position, error, fingerprint: fingerprint(`\u0000${error}`) };
  let position = 0;
  for (const file of files) {
    const shown = path.relative(baseDir, file) || file;
    // Follows links: a link to a FIFO or a device is refused as what it points to, before anything opens it.
    const info = await stat(file).catch((error: unknown) => error as Error);
    if (info instanceof Error || !info.isFile()) {
      yield problem(shown, position++, info instanceof Error ? readProblem(info) : 'not a regular file (a device, FIFO, socket or folder): not read');
      continue;
    }
    if (isJsonl(file)) {
      let lineNumber = 0;
      let records = 0;
      try {
        for await (const line of fileLineRecords(file, { maxBytes: SUBMISSION_MAX_BYTES })) {
          lineNumber = line.number;
          if (line.text !== undefined && line.text.trim() === '') continue;
          records++;
          const source = `${shown}:${lineNumber}`;
          if (parse === 'count') yield { source, position: position++ };
          else if (line.text === undefined) yield problem(source, position++, `the line is too large (${line.oversized} bytes; the limit is ${SUBMISSION_MAX_BYTES})`);
          else yield recordOf(source, position++, line.text);
        }
      } catch (error) {
        records++;
        yield problem(`${shown}:${lineNumber + 1}`, position++, readProblem(error));
      }
      if (records === 0) yield problem(shown, position++, 'empty file: no submissions in it');
      continue;
    }
    if (parse === 'count') {
      yield { source: shown, position: position++ };
      continue;
    }
    const read = await readCapped(file, SUBMISSION_MAX_BYTES).catch((error: unknown) => ({ error: readProblem(error) }));
    if ('error' in read) {
      yield problem(shown, position++, read.error);
      continue;
    }
    if (read.text.trim() === '') {
      yield problem(shown, position++, 'empty file');
      continue;
    }
    yield recordOf(shown, position++, read.text.replace(/^\uFEFF/, ''));
  }
}
