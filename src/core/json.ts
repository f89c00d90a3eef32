/** Reading a submission's JSON text: the parse, its line and column on failure, and a depth cap. */

/** Deepest nesting of arrays and objects in a submission; an honest one has 3 or 4 levels. */
export const SUBMISSION_MAX_DEPTH = 32;

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
