/**
 * What an indentation error in a spec should have been: the columns the line
 * could start at, each named by the line above that starts there, so "All
 * mapping items must start at the same column" becomes something to act on.
 */

/** YAML error codes that come from a line indented wrongly (see the yaml package's error codes). */
export const INDENTATION_ERROR_CODES: ReadonlySet<string> = new Set(['BAD_INDENT', 'BAD_DEDENT', 'MISSING_CHAR']);

/** Columns offered in the hint, nearest blocks first. */
export const INDENTATION_CHOICES_SHOWN = 3;

/** Characters of a line quoted in the hint. */
const QUOTED_MAX = 30;

interface Column {
  /** 1-based. */
  column: number;
  line: number;
  text: string;
}

function quoted(text: string): string {
  const trimmed = text.trim();
  return `"${trimmed.length > QUOTED_MAX ? `${trimmed.slice(0, QUOTED_MAX)}…` : trimmed}"`;
}

/** The columns a line may start at: those of the blocks still open above it (a `- ` item opens one at its content too). */
function openColumns(lines: readonly string[], lineIndex: number): Column[] {
  const columns: Column[] = [];
  let limit = Infinity;
  for (let index = lineIndex - 1; index >= 0 && limit > 0; index -= 1) {
    const text = lines[index] as string;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const indent = text.length - text.trimStart().length;
    if (indent >= limit) continue;
    const item = /^(\s*-\s+)\S/.exec(text);
    if (item !== null && (item[1] as string).length < limit) columns.push({ column: (item[1] as string).length + 1, line: index + 1, text });
    columns.push({ column: indent + 1, line: index + 1, text });
    limit = indent;
  }
  return columns;
}

/**
 * `; expected column 7 (as "type: numeric" on line 6) or 5 (as ...)`, or '' when
 * the line starts at a column an open block allows (the error is something else).
 */
export function indentationHint(text: string, line: number): { column: number; hint: string } | undefined {
  const lines = text.split(/\r?\n/);
  const current = lines[line - 1];
  if (current === undefined || current.trim() === '') return undefined;
  const column = current.length - current.trimStart().length + 1;
  const choices = openColumns(lines, line - 1);
  if (choices.length === 0 || choices.some((choice) => choice.column === column)) return undefined;
  const shown = choices.slice(0, INDENTATION_CHOICES_SHOWN).map((choice) => `${choice.column} (as ${quoted(choice.text)} on line ${choice.line})`);
  const last = shown.length > 1 ? ` or ${shown.pop()}` : '';
  return { column, hint: `: this line starts at column ${column}; expected column ${shown.join(', ')}${last}` };
}
