/**
 * The one CSV writer: every CSV the project writes goes through `csvText`, which
 * neutralizes cells a spreadsheet would run as a formula (OWASP "CSV Injection")
 * and quotes per RFC 4180, including any field holding a CR or LF anywhere.
 * Text is built a block of rows at a time, so a large class never holds all its
 * cells at once.
 */
import { stringify } from 'csv-stringify/sync';

/** Rows stringified per call (each call has a fixed cost; each block's cells are dropped once written). */
export const CSV_BLOCK_ROWS = 1_000;

/** First characters that make a spreadsheet read a cell as a formula (OWASP: `=`, `+`, `-`, `@`, TAB, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number is data, even a negative one: `-3`, `0.5`, `-1.25e-3`. */
const PLAIN_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/**
 * Fields quoted whatever the delimiters: csv-stringify quotes a lone `\r` only
 * when the record delimiter is left at its default, and a CSV reader splits the
 * row there.
 */
const LINE_BREAK = /[\r\n]/;

/** The prefix that makes a spreadsheet show a cell as text (OWASP's recommendation). */
export const TEXT_PREFIX = "'";

/**
 * A cell no spreadsheet will run: one that would start a formula gets a leading
 * apostrophe; a plain number stays as it is. `unprotectCell` undoes it.
 */
export function protectCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `${TEXT_PREFIX}${text}` : text;
}

/** The cell as written before `protectCell`, for CSVs read back (a spreadsheet keeps the apostrophe). */
export function unprotectCell(text: string): string {
  return text.startsWith(TEXT_PREFIX) && protectCell(text.slice(1)) === text ? text.slice(1) : text;
}

export interface CsvOptions {
  /** A UTF-8 byte order mark first, so spreadsheets open the file as UTF-8. */
  bom?: boolean;
  /** CRLF line ends (RFC 4180) instead of LF. */
  crlf?: boolean;
}

/** The CSV text of `rows` (header included), every cell protected. */
export function csvText(rows: Iterable<readonly string[]>, options: CsvOptions = {}): string {
  const settings = {
    quoted_match: LINE_BREAK,
    record_delimiter: options.crlf === true ? 'windows' : 'unix',
  } as const;
  const blocks: string[] = options.bom === true ? ['\uFEFF'] : [];
  let block: string[][] = [];
  for (const row of rows) {
    block.push(row.map(protectCell));
    if (block.length === CSV_BLOCK_ROWS) {
      blocks.push(stringify(block, settings));
      block = [];
    }
  }
  if (block.length > 0) blocks.push(stringify(block, settings));
  return blocks.join('');
}
