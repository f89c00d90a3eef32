/** Spec problems, each pointing at a file, a line and column, and a path in the spec. */

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Path in the spec: `questions[2].parts[0].answer.rtol`. Empty for the whole file. */
  path: string;
  message: string;
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
  return diagnostic.path ? `${where} ${diagnostic.path}: ${diagnostic.message}` : `${where} ${diagnostic.message}`;
}

/** Thrown by the loader with every problem found, not just the first. */
export class SpecError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'SpecError';
    this.diagnostics = diagnostics;
  }
}

/** `['questions', 2, 'parts', 0]` -> `questions[2].parts[0]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += /^[A-Za-z_$][\w$-]*$/.test(segment) ? (text ? `.${segment}` : segment) : `[${JSON.stringify(segment)}]`;
  }
  return text;
}
