/**
 * Gradescope autograder output: the `results.json` Gradescope reads from
 * `/autograder/results/` (https://gradescope-autograders.readthedocs.io/en/latest/specs/),
 * one test per part, so the student sees each part's verdict, points, feedback
 * and the TA's comment on Gradescope. Outputs are Markdown (`output_format: md`),
 * with student text escaped.
 */
import type { ClassTable } from '../analytics/accumulator.ts';
import { classOf } from '../analytics/cached.ts';
import { resolveLayout, type QuizLayout } from '../analytics/layout.ts';
import { answerValueText, foldWhitespace, formatNumber, POINTS_DECIMALS, readingIfDifferent } from '../analytics/order.ts';
import type { PartResult, PartStatus, SubmissionResult } from '../types.ts';
import { PART_MARKS } from './marks.ts';
import type { QuizInfo } from './quiz-info.ts';
import { nameOfRow, studentFileNames } from './file-names.ts';
import { markdownCell, markdownCode } from './text-safety.ts';
import type { ExportOptions, FolderReporter, GradescopeVisibility, ReportFile, ResultsInput } from './types.ts';

/** How Gradescope renders the outputs: Markdown. */
export const GRADESCOPE_OUTPUT_FORMAT = 'md';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: typeof GRADESCOPE_OUTPUT_FORMAT;
  visibility: GradescopeVisibility;
}

export interface GradescopeResults {
  score: number;
  output: string;
  output_format: typeof GRADESCOPE_OUTPUT_FORMAT;
  test_output_format: typeof GRADESCOPE_OUTPUT_FORMAT;
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

export function gradescopeResults(result: SubmissionResult, quiz?: QuizInfo, options: ExportOptions = {}): GradescopeResults {
  const visibility = options.gradescopeVisibility ?? GRADESCOPE_VISIBILITY_DEFAULT;
  return result.status === 'graded' ? gradedResults(result, partLookup(resolveLayout([result], quiz)), visibility) : notGradedResults(result, visibility);
}

function notGradedResults(result: SubmissionResult, visibility: GradescopeVisibility): GradescopeResults {
  const heading =
    result.status === 'invalid' ? 'This submission could not be read, so it was not graded:' : 'Grading this submission failed:';
  return {
    score: 0,
    output: [heading, ...result.errors.map((error) => `- ${markdownCell(error)}`)].join('\n'),
    output_format: GRADESCOPE_OUTPUT_FORMAT,
    test_output_format: GRADESCOPE_OUTPUT_FORMAT,
    visibility,
    stdout_visibility: 'hidden',
    tests: [],
  };
}

/** The TA's comment on a reviewed part (see review/apply.ts), when there is one. */
function reviewComment(part: PartResult): string | undefined {
  const comment = (part as PartResult & { review?: { comment?: unknown } }).review?.comment;
  return typeof comment === 'string' && comment.trim() !== '' ? comment : undefined;
}

/** One test's Markdown: the verdict, the answer and its reading as code, the feedback, the TA's comment. */
function testOutput(part: PartResult): string {
  const lines = [`**Verdict:** ${PART_MARKS[part.status].label}`];
  const submitted = part.answer === undefined ? '' : foldWhitespace(answerValueText(part.answer));
  const reading = readingIfDifferent(submitted, part.interpreted === undefined ? undefined : foldWhitespace(part.interpreted));
  if (submitted !== '') lines.push(`**Your answer:** ${markdownCode(submitted)}`);
  if (reading !== undefined) lines.push(`**Read as:** ${markdownCode(reading)}`);
  lines.push(...part.feedback.map(markdownCell));
  const comment = reviewComment(part);
  if (comment !== undefined) lines.push(`**Instructor's comment:** ${markdownCell(comment)}`);
  // Two spaces end a Markdown line without starting a paragraph.
  return lines.join('  \n');
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

function gradedResults(result: SubmissionResult, { titles, order }: PartLookup, visibility: GradescopeVisibility): GradescopeResults {
  const parts = [...result.parts].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const awaiting = parts.filter((part) => part.status === 'needs-review').length;
  return {
    score: round(result.score),
    output:
      `${markdownCell(result.quiz)}: ${formatNumber(result.score)} / ${formatNumber(result.maxScore)}` +
      (awaiting === 0 ? '' : `, provisional: ${awaiting} part${awaiting === 1 ? '' : 's'} awaiting review by the instructor.`),
    output_format: GRADESCOPE_OUTPUT_FORMAT,
    test_output_format: GRADESCOPE_OUTPUT_FORMAT,
    visibility,
    stdout_visibility: 'hidden',
    tests: parts.map((part) => {
      const title = titles.get(part.key);
      return {
        name: title === undefined ? part.key : `${part.key}: ${title}`,
        number: part.key,
        score: round(part.score),
        max_score: round(part.maxScore),
        status: PASSED_STATUSES.has(part.status) ? 'passed' : 'failed',
        output: testOutput(part),
        output_format: GRADESCOPE_OUTPUT_FORMAT,
        visibility,
      };
    }),
  };
}

/**
 * `gradescope/<student-id>/results.json` of one submission at a time, for a
 * class streamed past: `row` is the result's arrival number in the table.
 */
export function gradescopeFileWriter(table: ClassTable, options: ExportOptions = {}): (result: SubmissionResult, row: number) => ReportFile[] {
  const visibility = options.gradescopeVisibility ?? GRADESCOPE_VISIBILITY_DEFAULT;
  const folders = studentFileNames(table);
  const lookup = partLookup(table.layout);
  return (result, row) => {
    const folder = nameOfRow(folders, table, result, row);
    const content = result.status === 'graded' ? gradedResults(result, lookup, visibility) : notGradedResults(result, visibility);
    // Compact: a class writes one file per submission.
    return [{ path: `${folder}/results.json`, content: `${JSON.stringify(content)}\n` }];
  };
}

/** Every submission's file, in report order, for results held in memory. */
export function renderGradescope(input: ResultsInput): ReportFile[] {
  const { table } = classOf(input);
  const fileOf = gradescopeFileWriter(table, input.exports);
  return Array.from(table.order, (row) => fileOf(input.results[row] as SubmissionResult, row)).flat();
}

export const gradescopeReporter: FolderReporter = {
  kind: 'folder',
  folderName: 'gradescope',
  description: 'Gradescope autograder results.json, one folder per submission',
  fileWriter: gradescopeFileWriter,
};
