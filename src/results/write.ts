/**
 * Writing results.jsonl: appended in batches as a run grades, resumable after
 * an interruption (a torn last line is cut off), or rewritten whole and
 * atomically (`merge`, `review apply`). The only writer of the format.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import type { SubmissionResult } from '../types.ts';
import { writeFileAtomic, writeLinesAtomic } from './atomic.ts';
import { OutputError, systemReason, writing } from './errors.ts';
import { markedLine, type CountedSelection } from './policy.ts';
import { fileLineRecords, fileLines, parseResultLine } from './read.ts';

/** The name of the results file in an output folder. */
export const RESULTS_FILE_NAME = 'results.jsonl';
/** Bytes of results gathered before each write: one write per result costs more than the line itself. */
export const WRITE_BATCH_BYTES = 1 << 20;

/** The results.jsonl line of a result (without its newline). */
export function resultLine(result: SubmissionResult): string {
  return JSON.stringify(result);
}

/** Every result as results.jsonl holds them. */
export function formatResults(results: readonly SubmissionResult[]): string {
  return results.map((result) => `${resultLine(result)}\n`).join('');
}

/** Rewrites a results file whole, atomically: readers see the old file or the new one, never a mix. */
export async function writeResultsFile(file: string, results: readonly SubmissionResult[]): Promise<void> {
  await writeFileAtomic(file, formatResults(results));
}

/**
 * Sets the `counted` marks of a results file to a selection made over all its
 * lines (`CountedSelector`), atomically: streamed line by line into a temporary
 * file renamed into place, so a class of any size is never held in memory and
 * readers see the old marks or the new ones. Lines keep their bytes but for the
 * mark; blank lines are dropped.
 */
export async function rewriteCountedMarks(file: string, selection: CountedSelection): Promise<void> {
  async function* marked(): AsyncGenerator<string> {
    let index = 0;
    for await (const text of fileLines(file)) {
      if (text.trim() === '') continue;
      if (index >= selection.size) throw new Error(`${file} changed while its marks were set: more than the ${selection.size} results read`);
      yield `${markedLine(text, selection.isCounted(index++))}\n`;
    }
    if (index !== selection.size) throw new Error(`${file} changed while its marks were set: ${index} results, ${selection.size} read before`);
  }
  await writeLinesAtomic(file, marked());
}

/**
 * The complete results at the start of a results file, the byte offset where
 * they end, and the file's size (0 when there is no file). Reading stops at the
 * first line that is not a whole result (cut off mid-write, or without its
 * newline): it and everything after it is to be graded again.
 */
export async function completeResults(file: string): Promise<{ results: SubmissionResult[]; end: number; size: number }> {
  const results: SubmissionResult[] = [];
  let end = 0;
  const size = await stat(file).then((info) => info.size, () => undefined);
  if (size === undefined) return { results, end, size: 0 };
  for await (const line of fileLineRecords(file)) {
    if (!line.terminated) break;
    const text = line.text!;
    if (text.trim() !== '') {
      const parsed = parseResultLine(text);
      if (!('result' in parsed)) break;
      results.push(parsed.result);
    }
    end = line.end;
  }
  return { results, end, size };
}

/** Appends results.jsonl lines in batches. A failed write is an OutputError naming the file; what was written stays resumable. */
export class ResultsWriter {
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  private failure: OutputError | undefined;

  private constructor(
    readonly file: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => {
      this.failure ??= new OutputError(file, systemReason(error));
    });
  }

  /**
   * Opens the results file: anew, or (`resume`) after cutting it back to its
   * complete results, which come back in file order.
   */
  static async open(file: string, options: { resume: boolean }): Promise<{ writer: ResultsWriter; kept: SubmissionResult[] }> {
    let kept: SubmissionResult[] = [];
    if (options.resume) {
      const complete = await completeResults(file);
      kept = complete.results;
      if (complete.size > complete.end) await writing(file, () => truncate(file, complete.end));
    }
    const stream = await writing(file, () => new Promise<WriteStream>((resolve, reject) => {
      const opened = createWriteStream(file, { flags: options.resume ? 'a' : 'w' });
      opened.once('open', () => resolve(opened)).once('error', reject);
    }));
    return { writer: new ResultsWriter(file, stream), kept };
  }

  /** Adds one line (UTF-8, newline included); writes when a batch is full. */
  async add(line: Uint8Array): Promise<void> {
    this.batch.push(line);
    this.batchBytes += line.length;
    if (this.batchBytes >= WRITE_BATCH_BYTES) await this.flush();
  }

  private take(): Buffer {
    const bytes = Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    return bytes;
  }

  /** Writes what is gathered, waiting while the disk catches up. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.batchBytes === 0) return;
    if (!this.stream.write(this.take())) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done).off('error', done);
          resolve();
        };
        this.stream.once('drain', done).once('error', done);
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Writes the rest and closes the file. Whatever was written is kept, even after an error: `--resume` continues from it. */
  async close(): Promise<void> {
    const rest = this.failure ? Buffer.alloc(0) : this.take();
    // A stream that failed is destroyed, and may have closed already: waiting for 'close' again would never end.
    if (!this.stream.closed) {
      await new Promise<void>((resolve) => {
        this.stream.once('close', () => resolve());
        if (this.stream.destroyed) this.stream.destroy();
        else this.stream.end(rest);
      });
    }
    if (this.failure) throw this.failure;
  }
}
