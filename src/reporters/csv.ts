/** CSV text built a block of rows at a time, so a large class never holds all its cells at once. */
import { stringify } from 'csv-stringify/sync';

/** Rows stringified per call (each call has a fixed cost; each block's cells are dropped once written). */
export const CSV_BLOCK_ROWS = 1_000;

export function csvText(rows: Iterable<string[]>): string {
  const blocks: string[] = [];
  let block: string[][] = [];
  for (const row of rows) {
    block.push(row);
    if (block.length === CSV_BLOCK_ROWS) {
      blocks.push(stringify(block));
      block = [];
    }
  }
  if (block.length > 0) blocks.push(stringify(block));
  return blocks.join('');
}
