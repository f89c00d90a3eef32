/** File and folder names for per-student outputs: safe on every file system, one per submission. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ClassTable } from '../analytics/accumulator.ts';
import type { SubmissionResult } from '../types.ts';

/** Ids that are their own file name: safe on every file system, case-insensitive ones included. */
const SAFE_FILE_NAME = /^[a-z0-9_-][a-z0-9._-]{0,79}$/;
/** Characters of an id kept, readable, in the name of one that is not safe as it is. */
export const FILE_NAME_SLUG_CHARS = 60;

/**
 * The file name of a student id, unique by construction and stable (it does not
 * depend on the rest of the class): a safe id is its own name; any other id
 * becomes a readable slug plus `~` and a hash of the exact id (`~` is never in
 * a slug, so the two kinds can't meet, and the hash keeps `a/b`, `a_b`, `A_B`,
 * `.` and `..` apart, also where case is ignored). Repeats of one id get `~2`, `~3`.
 */
export function studentFileName(id: string, repeat = 1): string {
  const again = repeat > 1 ? `~${repeat}` : '';
  if (SAFE_FILE_NAME.test(id)) return `${id}${again}`;
  const slug = id.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, FILE_NAME_SLUG_CHARS) || '_';
  const hash = bytesToHex(sha256(new TextEncoder().encode(id))).slice(0, 12);
  return `${slug}~${hash}${again}`;
}

/** The name of each row, in report order (a student's second submission is `~2`, and so on). */
export function studentFileNames(table: ClassTable): string[] {
  const seen = new Map<string, number>();
  const names = new Array<string>(table.size);
  for (const row of table.order) {
    const id = table.rows.ids[row] as string;
    const repeat = (seen.get(id) ?? 0) + 1;
    seen.set(id, repeat);
    names[row] = studentFileName(id, repeat);
  }
  return names;
}

/** The name of `row`, checking that the result streamed past is the one analysed there. */
export function nameOfRow(names: readonly string[], table: ClassTable, result: SubmissionResult, row: number): string {
  const name = names[row];
  if (name === undefined || table.rows.ids[row] !== result.student.id) {
    throw new Error(`result ${row + 1} (student ${JSON.stringify(result.student.id)}) is not the one analysed at that place: the results changed between passes`);
  }
  return name;
}
