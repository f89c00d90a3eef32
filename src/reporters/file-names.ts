/** File and folder names for per-student outputs: safe on every file system, one per submission. */
import type { ClassTable } from '../analytics/accumulator.ts';
import type { SubmissionResult } from '../types.ts';

/** Characters of a student id kept in a file name. */
export const FILE_NAME_MAX_CHARS = 80;

/** A file-name-safe form of a student id. */
function slug(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, FILE_NAME_MAX_CHARS);
  return safe === '' ? '_' : safe;
}

/**
 * The name of each row: the student id made file-name safe; rows that land on
 * the same name (ignoring case, as macOS and Windows do) get `-2`, `-3`, ... in
 * report order.
 */
export function studentFileNames(table: ClassTable): string[] {
  const used = new Map<string, number>();
  const taken = new Set<string>();
  const names = new Array<string>(table.size);
  for (const row of table.order) {
    const base = slug(table.rows.ids[row] as string);
    let seen = used.get(base.toLowerCase()) ?? 0;
    let name: string;
    do {
      seen += 1;
      name = seen === 1 ? base : `${base}-${seen}`;
    } while (taken.has(name.toLowerCase()));
    used.set(base.toLowerCase(), seen);
    taken.add(name.toLowerCase());
    names[row] = name;
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
