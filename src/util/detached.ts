/**
 * A copy of a text that shares no memory with the string it was cut from. V8
 * makes a slice of a long string a view into it, so a short piece of a
 * student's answer kept in a memo (a rubric text chunk, a derivation step)
 * would keep the whole answer alive. Memos of student text store keys through
 * this; it runs only when something new is remembered.
 */
export function detached(text: string): string {
  // UTF-16 code units out and back: exact for any string, lone surrogates included. A host without
  // Node's Buffer (the browser page) gets a fresh string from a JSON round trip, as exact.
  if (typeof Buffer === 'undefined') return JSON.parse(JSON.stringify(text)) as string;
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
