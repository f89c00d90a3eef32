/**
 * Reading submissions: files, folders (recursively, `*.json` and `*.jsonl`) and
 * JSONL files (one submission per line), as a stream of records. Every input
 * yields at least one record, whatever is wrong with it: an unreadable file or
 * line is a record with an `error`, never a silent skip.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Largest single-submission file we parse; larger ones are recorded as invalid unread. */
export const SUBMISSION_MAX_BYTES = 5 * 1024 * 1024;

/** Deepest nesting of arrays and objects in a submission; an honest one has 3 or 4 levels. */
export const SUBMISSION_MAX_DEPTH = 32;

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
}

/**
 * How `readInputs` treats the JSON it reads: parse it, hand it on as text (a
 * pool parses it in its workers, where the work is spread), or only count records.
 */
export type ParseMode = 'now' | 'later' | 'count';

export class InputError extends Error {}

/**
 * Expands inputs (relative to `baseDir`) into absolute submission file paths;
 * folders recursively and sorted, so runs are reproducible. Throws `InputError`
 * naming the input as given when it does not exist or holds no submissions.
 */
export async function expandInputs(inputs: string[], baseDir = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(baseDir, input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new InputError(`no such file or folder: ${input}`);
    if (info.isDirectory()) {
      const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((entry) => entry.isFile() && /\.jsonl?$/i.test(entry.name))
        .map((entry) => path.join(entry.parentPath, entry.name))
        .sort();
      if (found.length === 0) throw new InputError(`no *.json or *.jsonl files in ${input}`);
      files.push(...found);
    } else {
      files.push(absolute);
    }
  }
  return files;
}

/** JSON.parse with the line and column of a syntax error, when the message gives a position. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    const value: unknown = JSON.parse(text);
    // Deep values overflow the stack of whatever walks them next (validation, the copy to a worker).
    if (jsonDepthExceeds(value, SUBMISSION_MAX_DEPTH)) {
      return { ok: false, message: `nested too deeply: a submission has at most ${SUBMISSION_MAX_DEPTH} levels of arrays and objects` };
    }
    return { ok: true, value };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (!position) return { ok: false, message: `not valid JSON: ${message}` };
    const offset = Number(position[1]);
    const before = text.slice(0, offset).split('\n');
    const column = before[before.length - 1]!.length + 1;
    // A JSONL record is one line, named by its source (`file:line`): a line inside it would mislead.
    const where = text.includes('\n') ? `line ${before.length}, column ${column}` : `column ${column}`;
    return { ok: false, message: `not valid JSON at ${where}: ${message}` };
  }
}

/** Whether a parsed JSON value nests deeper than `limit`, checked without recursion. */
function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const inner of Object.values(current)) if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1]);
  }
  return false;
}

function isJsonl(file: string): boolean {
  return /\.jsonl$/i.test(file);
}

/**
 * Streams the records of submission files (as `expandInputs` returns them), in
 * order. Sources are named relative to `baseDir`.
 */
export async function* readInputs(files: string[], baseDir = process.cwd(), options: { parse?: ParseMode } = {}): AsyncGenerator<InputRecord> {
  const parse = options.parse ?? 'now';
  const recordOf = (source: string, position: number, text: string): InputRecord => {
    if (parse === 'later') return { source, position, text };
    const parsed = parseJson(text);
    return parsed.ok ? { source, position, value: parsed.value } : { source, position, error: parsed.message };
  };
  let position = 0;
  for (const file of files) {
    const shown = path.relative(baseDir, file) || file;
    if (isJsonl(file)) {
      let lineNumber = 0;
      let records = 0;
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue;
        records++;
        const source = `${shown}:${lineNumber}`;
        if (parse === 'count') {
          yield { source, position: position++ };
          continue;
        }
        if (line.length > SUBMISSION_MAX_BYTES) {
          yield { source, position: position++, error: `the line is too large (${line.length} characters; the limit is ${SUBMISSION_MAX_BYTES})` };
          continue;
        }
        yield recordOf(source, position++, line);
      }
      if (records === 0) yield { source: shown, position: position++, error: 'empty file: no submissions in it' };
      continue;
    }
    if (parse === 'count') {
      yield { source: shown, position: position++ };
      continue;
    }
    const info = await stat(file);
    if (info.size > SUBMISSION_MAX_BYTES) {
      yield { source: shown, position: position++, error: `the file is too large (${info.size} bytes; the limit is ${SUBMISSION_MAX_BYTES})` };
      continue;
    }
    const text = await readFile(file, 'utf8');
    if (text.trim() === '') {
      yield { source: shown, position: position++, error: 'empty file' };
      continue;
    }
    yield recordOf(shown, position++, text.replace(/^\uFEFF/, ''));
  }
}
