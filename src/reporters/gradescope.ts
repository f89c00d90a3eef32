/**
 * Gradescope autograder output: the `results.json` Gradescope reads from
 * `/autograder/results/`, one test per part, so the student sees each part's
 * verdict, points and feedback on Gradescope.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ClassTable } from '../analytics/accumulator.ts';
import { classOf } from '../analytics/cached.ts';
import { resolveLayout, type QuizLayout } from '../analytics/layout.ts';
import { answerValueText, foldWhitespace, formatNumber, POINTS_DECIMALS, readingIfDifferent } from '../analytics/order.ts';
import type { PartStatus, SubmissionResult } from '../types.ts';
import { PART_MARKS } from './marks.ts';
import type { QuizInfo } from './quiz-info.ts';
import type { FolderReporter, ReportFile, ResultsInput } from './types.ts';

export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: GradescopeVisibility;
}

export interface GradescopeResults {
  score: number;
  output: string;
  visibility: GradescopeVisibility;
  stdout_visibility: GradescopeVisibility;
  tests: GradescopeTest[];
}

/** Visibility of the tests: the student sees the per-part breakdown right away. */
export const GRADESCOPE_VISIBILITY_DEFAULT: GradescopeVisibility = 'visible';

/** A test passes when the part earned all its points. */
const PASSED_STATUSES: ReadonlySet<PartStatus> = new Set(['correct']);

function round(value: number): number {
  return Number(formatNumber(value, POINTS_DECIMALS));
}

export function gradescopeResults(result: SubmissionResult, quiz?: QuizInfo): GradescopeResults {
  return result.status === 'graded' ? gradedResults(result, partLookup(resolveLayout([result], quiz))) : notGradedResults(result);
}

function notGradedResults(result: SubmissionResult): GradescopeResults {
  const heading =
    result.status === 'invalid' ? 'This submission could not be read, so it was not graded:' : 'Grading this submission failed:';
  return {
    score: 0,
    output: [heading, ...result.errors.map((error) => `- ${error}`)].join('\n'),
    visibility: GRADESCOPE_VISIBILITY_DEFAULT,
    stdout_visibility: 'hidden',
    tests: [],
  };
}

/** Part titles and order from a layout, built once per class rather than per submission. */
interface PartLookup {
  titles: Map<string, string | undefined>;
  order: Map<string, number>;
}

function partLookup(layout: QuizLayout): PartLookup {
  return {
    titles: new Map(layout.parts.map((part) => [part.key, part.title])),
    order: new Map(layout.parts.map((part, i) => [part.key, i])),
  };
}

function gradedResults(result: SubmissionResult, { titles, order }: PartLookup): GradescopeResults {
  const parts = [...result.parts].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const awaiting = parts.filter((part) => part.status === 'needs-review').length;
  return {
    score: round(result.score),
    output:
      awaiting === 0
        ? `${result.quiz}: ${formatNumber(result.score)} / ${formatNumber(result.maxScore)}`
        : `${result.quiz}: ${formatNumber(result.score)} / ${formatNumber(result.maxScore)}, provisional: ${awaiting} part${awaiting === 1 ? '' : 's'} awaiting review by the instructor.`,
    visibility: GRADESCOPE_VISIBILITY_DEFAULT,
    stdout_visibility: 'hidden',
    tests: parts.map((part) => {
      const title = titles.get(part.key);
      const lines = [`Verdict: ${PART_MARKS[part.status].label}`];
      const submitted = part.answer === undefined ? '' : foldWhitespace(answerValueText(part.answer));
      const reading = readingIfDifferent(submitted, part.interpreted === undefined ? undefined : foldWhitespace(part.interpreted));
      if (submitted !== '') lines.push(`Your answer: ${submitted}`);
      if (reading !== undefined) lines.push(`Read as: ${reading}`);
      lines.push(...part.feedback);
      return {
        name: title === undefined ? part.key : `${part.key}: ${title}`,
        number: part.key,
        score: round(part.score),
        max_score: round(part.maxScore),
        status: PASSED_STATUSES.has(part.status) ? 'passed' : 'failed',
        output: lines.join('\n'),
        visibility: GRADESCOPE_VISIBILITY_DEFAULT,
      };
    }),
  };
}

/** Ids that are their own folder name: safe on every file system, case-insensitive ones included. */
const SAFE_FOLDER_NAME = /^[a-z0-9_-][a-z0-9._-]{0,79}$/;

/**
 * The folder name of a student id, unique by construction: a safe id is its own
 * name; any other id becomes a readable slug plus `~` and a hash of the exact
 * id (`~` is never in a slug, so the two kinds can't meet, and the hash keeps
 * `a/b`, `a_b`, `A_B`, `.` and `..` apart). Repeats of one id get `~2`, `~3`.
 */
export function gradescopeFolderName(id: string, repeat = 1): string {
  const again = repeat > 1 ? `~${repeat}` : '';
  if (SAFE_FOLDER_NAME.test(id) && id !== '.' && id !== '..') return `${id}${again}`;
  const slug = id.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, 60) || '_';
  const hash = bytesToHex(sha256(new TextEncoder().encode(id))).slice(0, 12);
  return `${slug}~${hash}${again}`;
}

/** The folder of each row, in report order (a student's second submission is `~2`, and so on). */
function folderNames(table: ClassTable): string[] {
  const seen = new Map<string, number>();
  const folders = new Array<string>(table.size);
  for (const row of table.order) {
    const id = table.rows.ids[row] as string;
    const repeat = (seen.get(id) ?? 0) + 1;
    seen.set(id, repeat);
    folders[row] = gradescopeFolderName(id, repeat);
  }
  return folders;
}

/**
 * `gradescope/<student-id>/results.json` of one submission at a time, for a
 * class streamed past: `row` is the result's arrival number in the table.
 */
export function gradescopeFileWriter(table: ClassTable): (result: SubmissionResult, row: number) => ReportFile {
  const folders = folderNames(table);
  const lookup = partLookup(table.layout);
  return (result, row) => {
    const folder = folders[row];
    if (folder === undefined || table.rows.ids[row] !== result.student.id) {
      throw new Error(`result ${row + 1} (student ${JSON.stringify(result.student.id)}) is not the one analysed at that place: the results changed between passes`);
    }
    const content = result.status === 'graded' ? gradedResults(result, lookup) : notGradedResults(result);
    // Compact: a class writes one file per submission.
    return { path: `${folder}/results.json`, content: `${JSON.stringify(content)}\n` };
  };
}

/** Every submission's file, in report order, for results held in memory. */
export function renderGradescope(input: ResultsInput): ReportFile[] {
  const { table } = classOf(input);
  const fileOf = gradescopeFileWriter(table);
  return Array.from(table.order, (row) => fileOf(input.results[row] as SubmissionResult, row));
}

export const gradescopeReporter: FolderReporter = {
  kind: 'folder',
  folderName: 'gradescope',
  description: 'Gradescope autograder results.json, one folder per submission',
  fileWriter: gradescopeFileWriter,
};
