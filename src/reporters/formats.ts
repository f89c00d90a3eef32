/**
 * The class output formats by name, apart from the reporters that write them,
 * so the command line can list and parse them without loading any reporter.
 */

/** Every class output format, in the order they are written (gradebook first). */
export const REPORT_FORMATS = ['grades', 'summary', 'html', 'md', 'item-analysis', 'canvas', 'moodle', 'unmatched', 'gradescope', 'feedback'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One file for the class, or a folder of one file per submission; src/reporters/index.ts holds each reporter to its kind. */
export const FORMAT_KINDS = {
  grades: 'file',
  summary: 'file',
  html: 'file',
  md: 'file',
  'item-analysis': 'file',
  canvas: 'file',
  moodle: 'file',
  unmatched: 'file',
  gradescope: 'folder',
  feedback: 'folder',
} as const satisfies { [F in ReportFormat]: 'file' | 'folder' };

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

/**
 * What a class run writes unless asked otherwise: everything but the
 * per-submission folders, `gradescope` (about 5 KB a submission: 477 MB for
 * 100,000, only useful inside a Gradescope autograder) and `feedback`.
 */
export const DEFAULT_CLASS_FORMATS: readonly ReportFormat[] = REPORT_FORMATS.filter((format) => FORMAT_KINDS[format] === 'file');

/** The `--format` word that asks for every format. */
export const ALL_FORMATS_WORD = 'all';

/**
 * Parses a `--format` value: a comma-separated list of format names, or `all`
 * (alone or in the list). The formats come back in write order; an empty list
 * or an unknown name is an error naming the culprits.
 */
export function parseFormats(text: string): { formats: ReportFormat[] } | { unknown: string[] } {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) return { unknown: [text] };
  const unknown = names.filter((name) => name !== ALL_FORMATS_WORD && !isReportFormat(name));
  if (unknown.length > 0) return { unknown };
  if (names.includes(ALL_FORMATS_WORD)) return { formats: [...REPORT_FORMATS] };
  return { formats: REPORT_FORMATS.filter((format) => names.includes(format)) };
}

