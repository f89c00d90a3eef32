/** Reading and writing results.jsonl: one SubmissionResult per line. */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SubmissionResult } from '../types.ts';

/** Input that cannot be used as given: a bad line, a missing column. Nothing is changed. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}

function isSubmissionResult(value: unknown): value is SubmissionResult {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<SubmissionResult>;
  return (
    typeof record.student === 'object' &&
    record.student !== null &&
    typeof record.student.id === 'string' &&
    Array.isArray(record.parts) &&
    typeof record.score === 'number' &&
    typeof record.maxScore === 'number'
  );
}

export function parseResultsJsonl(text: string, file: string): SubmissionResult[] {
  const results: SubmissionResult[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ReviewInputError(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    if (!isSubmissionResult(value)) throw new ReviewInputError(`${file}:${index + 1}: not a submission result`);
    results.push(value);
  });
  return results;
}

export function formatResultsJsonl(results: readonly SubmissionResult[]): string {
  return results.map((result) => `${JSON.stringify(result)}\n`).join('');
}

/** Writes next to the target and renames, so a crash never leaves half a file. */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, target);
}
