/** `item-analysis.csv`: one row per part, the numbers of the report's item table. */
import { analysisOf } from '../analytics/cached.ts';
import type { WrongAnswerGroup } from '../analytics/class-analysis.ts';
import { formatNumber, formatPoints } from '../analytics/order.ts';
import { PART_STATUSES } from '../types.ts';
import { csvText } from './csv.ts';
import type { ClassReportInput, FileReporter } from './types.ts';

/** Decimals kept for statistics in CSV (more than the report shows, for re-analysis). */
export const CSV_STAT_DECIMALS = 4;

function stat(value: number | null): string {
  return value === null ? '' : formatNumber(value, CSV_STAT_DECIMALS);
}

function countCell(group: WrongAnswerGroup): string {
  return group.countError === undefined ? String(group.count) : `${group.count - group.countError}-${group.count}`;
}

/** The rows of item-analysis.csv, header first. */
export function itemAnalysisCsvRows(input: ClassReportInput): string[][] {
  const analysis = analysisOf(input);
  const header = [
    'question', 'part', 'key', 'title', 'type', 'max_points', 'submissions', 'mean', 'facility', 'discrimination',
    'upper_lower', ...PART_STATUSES.map((status) => status.replace('-', '_')), 'distinct_wrong_answers',
    'most_common_wrong_answer', 'most_common_wrong_answer_count', 'flags',
  ];
  const rows = analysis.items.map((item) => [
    item.question,
    item.part ?? '',
    item.key,
    item.title ?? '',
    item.type ?? '',
    formatPoints(item.maxScore),
    String(item.count),
    stat(item.mean),
    stat(item.facility),
    stat(item.discrimination),
    stat(item.upperLower),
    ...PART_STATUSES.map((status) => String(item.statusCounts[status])),
    // A part with more distinct wrong answers than are counted gets the cap with a `+`, and a count range.
    item.wrongAnswersCapped ? `${item.wrongAnswersDistinct}+` : String(item.wrongAnswersDistinct),
    item.wrongAnswers[0]?.answer ?? '',
    item.wrongAnswers[0] === undefined ? '' : countCell(item.wrongAnswers[0]),
    item.flags.join(' '),
  ]);
  return [header, ...rows];
}

export function renderItemAnalysisCsv(input: ClassReportInput): string {
  return csvText(itemAnalysisCsvRows(input));
}

export const itemAnalysisCsvReporter: FileReporter = {
  kind: 'file',
  fileName: 'item-analysis.csv',
  description: 'Per-part facility, discrimination and status counts (CSV)',
  render: renderItemAnalysisCsv,
};
