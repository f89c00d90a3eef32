/**
 * The lines of a file (`\n` or `\r\n`), read a chunk at a time. Splitting the
 * bytes at `\n` (which never occurs inside a UTF-8 sequence) keeps long lines
 * cheap, where readline re-scans them, and reads no faster than lines are used.
 * With `maxBytes`, a longer line (or a file with no newline at all) is reported
 * by its size and never held whole.
 */
import { createReadStream } from 'node:fs';

/** Bytes read from a file at a time. */
export const READ_CHUNK_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** One line of a file: its number, and the byte offset just past it. */
export interface FileLine {
  /** The text without its `\n` or `\r\n`; absent when the line is longer than `maxBytes`. */
  text?: string;
  /** The line's size in bytes, when it was longer than `maxBytes`. */
  oversized?: number;
  number: number;
  end: number;
  /** Whether a newline ends it (a last line without one may have been cut off mid-write). */
  terminated: boolean;
}

function lineText(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}

export async function* fileLineRecords(file: string, options: { maxBytes?: number } = {}): AsyncGenerator<FileLine> {
  const maxBytes = options.maxBytes ?? Infinity;
  let carry: Buffer[] = [];
  /** Bytes of the current line so far: in `carry`, or only counted once it is over `maxBytes`. */
  let carried = 0;
  let offset = 0;
  let number = 0;
  const line = (piece: Buffer, terminated: boolean): FileLine => {
    const size = carried + piece.length;
    offset += size + (terminated ? 1 : 0);
    const taken = size > maxBytes ? { oversized: size } : { text: lineText(carry.length === 0 ? piece : Buffer.concat([...carry, piece])) };
    carry = [];
    carried = 0;
    return { ...taken, number: ++number, end: offset, terminated };
  };
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      yield line(chunk.subarray(start, newline), true);
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    carried += rest.length;
    // Past the cap the bytes are only counted: an endless line costs no memory.
    if (carried > maxBytes) carry = [];
    else if (rest.length > 0) carry.push(rest);
  }
  if (carried > 0) yield line(Buffer.alloc(0), false);
}

/** The text of each line of a file. */
export async function* fileLines(file: string): AsyncGenerator<string> {
  for await (const line of fileLineRecords(file)) yield line.text!;
}
