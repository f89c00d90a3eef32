/** Duplicate student ids across a run, and shards merged back into one run's results. */
import type { SubmissionResult } from '../types.ts';
import { ResultsFileError } from './errors.ts';
import { readResultsFile } from './read.ts';

/** Flags every later submission of a student id already seen; both are kept. */
export class DuplicateTracker {
  private readonly firstSeen = new Map<string, number>();

  flag(result: SubmissionResult): SubmissionResult {
    const { id } = result.student;
    if (id === '' || result.position === undefined) return result;
    const first = this.firstSeen.get(id);
    if (first === undefined) {
      this.firstSeen.set(id, result.position);
      return result;
    }
    return { ...result, duplicateOf: first };
  }
}

/**
 * A graded record's line (UTF-8, ending `}\n`) flagged as a duplicate: it gains
 * `duplicateOf` at its end, exactly where JSON.stringify puts the key added
 * last, without serializing the result again.
 */
export function flaggedLine(line: Uint8Array, duplicateOf: number): Buffer {
  return Buffer.concat([line.subarray(0, line.length - 2), Buffer.from(`,"duplicateOf":${duplicateOf}}\n`)]);
}

/**
 * Combines shards into one results set in input order, exactly as one run would
 * have written it (duplicate student ids flagged across shards).
 */
export async function mergeResults(files: string[]): Promise<SubmissionResult[]> {
  const all: SubmissionResult[] = [];
  for (const file of files) all.push(...(await readResultsFile(file)));
  all.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const quizzes = [...new Set(all.map((result) => result.quiz))];
  if (quizzes.length > 1) throw new ResultsFileError(`the results are of different quizzes (${quizzes.join(', ')}); merge the shards of one run`);
  for (let i = 0; i < all.length; i++) {
    const position = all[i]!.position;
    if (i > 0 && position === all[i - 1]!.position) {
      throw new ResultsFileError(`two results for input position ${position} (${all[i]!.source}); were the same shard merged twice?`);
    }
    // Shards of one run cover positions 0..N-1: a gap is a shard (or part of one) missing.
    if (position !== i) {
      throw new ResultsFileError(`no result for input position ${i}${position === undefined ? '' : ` (the next is ${position})`}; is a shard missing or unfinished?`);
    }
  }
  const duplicates = new DuplicateTracker();
  return all.map(({ duplicateOf: _ignored, ...result }) => duplicates.flag(result));
}
