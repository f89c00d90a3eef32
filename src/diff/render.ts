/** The three faces of a diff: a terminal table, CSV rows, JSON. */
import { formatPoints } from '../analytics/order.ts';
import { csvText } from '../reporters/csv.ts';
import { terminalLine } from '../reporters/text-safety.ts';
import { signed, type OneSided, type PartChange, type ResultsDiff, type StudentChange } from './index.ts';

export const DIFF_FORMATS = ['table', 'csv', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Characters of feedback shown in a table cell (the CSV and JSON keep the whole first line). */
export const TABLE_FEEDBACK_CHARS = 60;
/** The key of a student's total in the part column. */
export const TOTAL_KEY = 'total';

const CSV_HEADER = ['change', 'student_id', 'name', 'key', 'old_score', 'new_score', 'delta', 'old_status', 'new_status', 'new_feedback'];

function points(value: number | null): string {
  return value === null ? '' : formatPoints(value);
}

/** The change as shown in the table: signed. */
function delta(oldScore: number | null, newScore: number | null): string {
  return signed((newScore ?? 0) - (oldScore ?? 0));
}

/** The change as a CSV cell: a plain number, which a spreadsheet reads as one (`+0.5` would be taken for a formula). */
function csvDelta(oldScore: number | null, newScore: number | null): string {
  return formatPoints((newScore ?? 0) - (oldScore ?? 0));
}

function partRow(student: StudentChange, part: PartChange): string[] {
  return ['changed', student.id, student.name ?? '', part.key, points(part.oldScore), points(part.newScore), csvDelta(part.oldScore, part.newScore), part.oldStatus ?? '', part.newStatus ?? '', part.feedback];
}

function totalRow(student: StudentChange): string[] {
  return ['changed', student.id, student.name ?? '', TOTAL_KEY, points(student.oldScore), points(student.newScore), csvDelta(student.oldScore, student.newScore), student.oldStatus, student.newStatus, ''];
}

function oneSidedRow(change: 'only-old' | 'only-new', student: OneSided): string[] {
  const [oldScore, newScore] = change === 'only-old' ? [points(student.score), ''] : ['', points(student.score)];
  const [oldStatus, newStatus] = change === 'only-old' ? [student.status, ''] : ['', student.status];
  return [change, student.id, student.name ?? '', TOTAL_KEY, oldScore, newScore, '', oldStatus, newStatus, ''];
}

/** One row per changed part and one per changed student's total, then the students on one side only. */
export function diffCsvRows(diff: ResultsDiff): string[][] {
  const rows = [CSV_HEADER];
  for (const student of diff.changed) {
    for (const part of student.parts) rows.push(partRow(student, part));
    rows.push(totalRow(student));
  }
  for (const student of diff.onlyOld) rows.push(oneSidedRow('only-old', student));
  for (const student of diff.onlyNew) rows.push(oneSidedRow('only-new', student));
  return rows;
}

export function renderDiffCsv(diff: ResultsDiff): string {
  return csvText(diffCsvRows(diff));
}

export function renderDiffJson(diff: ResultsDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

function scoreAndStatus(score: number | null, status: string | null): string {
  return score === null ? '(absent)' : `${formatPoints(score)} ${status ?? ''}`.trim();
}

function shortened(text: string): string {
  return text.length <= TABLE_FEEDBACK_CHARS ? text : `${text.slice(0, TABLE_FEEDBACK_CHARS - 1)}…`;
}

/** Columns padded to their widest cell; student text made safe for a terminal. */
function table(rows: string[][]): string[] {
  const safe = rows.map((row) => row.map((cell) => terminalLine(cell)));
  const widths = safe[0]!.map((_, column) => Math.max(...safe.map((row) => (row[column] ?? '').length)));
  return safe.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}

function summaryLines(diff: ResultsDiff): string[] {
  const { compared, up, down, unchanged, meanChangePerPart } = diff.summary;
  const moved = meanChangePerPart.filter((part) => part.mean !== 0);
  return [
    `${compared} student(s) in both: ${up} up, ${down} down, ${unchanged} unchanged total; ${diff.changed.length} listed`,
    moved.length === 0 ? 'mean change per part: none' : `mean change per part: ${moved.map((part) => `${terminalLine(part.key)} ${signed(part.mean)}`).join(', ')}`,
  ];
}

function oneSidedLines(title: string, students: readonly OneSided[]): string[] {
  if (students.length === 0) return [];
  return ['', `${title} (${students.length}):`, ...table([['student', 'name', 'status', 'score'], ...students.map((student) => [student.id, student.name ?? '', student.status, formatPoints(student.score)])]).map((line) => `  ${line}`)];
}

/** The terminal table: per changed student its changed parts and total, then the one-sided students, then the summary. */
export function renderDiffTable(diff: ResultsDiff): string {
  const lines: string[] = [];
  if (diff.changed.length > 0) {
    const rows = [['student', 'part', 'old', 'new', 'change', 'feedback']];
    for (const student of diff.changed) {
      for (const part of student.parts) {
        rows.push([student.id, part.key, scoreAndStatus(part.oldScore, part.oldStatus), scoreAndStatus(part.newScore, part.newStatus), delta(part.oldScore, part.newScore), shortened(part.feedback)]);
      }
      rows.push([student.id, TOTAL_KEY, formatPoints(student.oldScore), formatPoints(student.newScore), delta(student.oldScore, student.newScore), '']);
    }
    lines.push(...table(rows));
  } else {
    lines.push('no student changes');
  }
  lines.push(...oneSidedLines('only in the old results', diff.onlyOld), ...oneSidedLines('only in the new results', diff.onlyNew), '', ...summaryLines(diff));
  return `${lines.join('\n')}\n`;
}

export const DIFF_RENDERERS: { [F in DiffFormat]: (diff: ResultsDiff) => string } = {
  table: renderDiffTable,
  csv: renderDiffCsv,
  json: renderDiffJson,
};
