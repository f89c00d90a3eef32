/**
 * `summary.json`: machine-readable counts and headline statistics. Submission
 * counts add up to the number of results; part counts to the parts graded.
 */
import { analysisOf, classOf } from '../analytics/cached.ts';
import { POINTS_DECIMALS } from '../analytics/order.ts';
import { lmsRows } from './lms-csv.ts';
import type { ClassReportInput, FileReporter } from './types.ts';

function round(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** POINTS_DECIMALS;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function renderSummaryJson(input: ClassReportInput): string {
  const analysis = analysisOf(input);
  const { table } = classOf(input);
  const lms = lmsRows(table);
  const summary = {
    quiz: analysis.quizId,
    ...(analysis.title === undefined ? {} : { title: analysis.title }),
    ...(analysis.generatedAt === undefined ? {} : { generatedAt: analysis.generatedAt }),
    inputs: analysis.inputs,
    submissions: analysis.submissionsByStatus,
    parts: analysis.partsByStatus,
    submissionsAwaitingReview: analysis.submissionsAwaitingReview,
    // What canvas.csv and moodle.csv hold, and what they leave out (listed in unmatched.csv).
    lms: { exported: lms.exported.length, unmatched: lms.unmatched.length, unmatchedByReason: lms.counts },
    // Which of a student's submissions count here; the ones set aside are only in results.jsonl.
    ...(table.resubmissions === undefined ? {} : { resubmissions: table.resubmissions }),
    maxScore: round(analysis.maxScore),
    score: {
      count: analysis.scores.count,
      mean: round(analysis.scores.mean),
      median: round(analysis.scores.median),
      stddev: round(analysis.scores.stddev),
      min: round(analysis.scores.min),
      max: round(analysis.scores.max),
    },
    cronbachAlpha: round(analysis.alpha),
    questions: analysis.questions.map((question) => ({
      id: question.id,
      maxScore: round(question.maxScore),
      mean: round(question.mean),
      facility: round(question.facility),
    })),
    partMeans: analysis.items.map((item) => ({
      key: item.key,
      maxScore: round(item.maxScore),
      mean: round(item.mean),
      facility: round(item.facility),
      discrimination: round(item.discrimination),
    })),
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}

export const summaryJsonReporter: FileReporter = {
  kind: 'file',
  fileName: 'summary.json',
  description: 'Counts by status, score statistics and per-part means (JSON)',
  render: renderSummaryJson,
};
