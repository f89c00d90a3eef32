/** Escaping for the places student text ends up: terminals, Markdown, HTML. */

// C0/C1 controls except tab and newline: a student answer must not move the
// cursor or recolour an instructor's terminal.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, '\uFFFD');
}

/** One line of terminal text: controls replaced, newlines folded. */
export function terminalLine(text: string): string {
  return stripControlChars(text).replace(/[\t\n]+/g, ' ');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return stripControlChars(text).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] as string);
}

/** Text inside a Markdown table cell: HTML and Markdown syntax neutralised, one line. */
export function markdownCell(text: string): string {
  return stripControlChars(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[&<>]/g, (char) => HTML_ESCAPES[char] as string)
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/** A Markdown code span holding `text` verbatim, safe inside a table cell. */
export function markdownCode(text: string): string {
  const flat = stripControlChars(text).replace(/[\r\n\t]+/g, ' ').replace(/\|/g, '\\|');
  if (flat === '') return '';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
