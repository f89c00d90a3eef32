/**
 * `review export`: one CSV row per part whose status is `needs-review`, with
 * what a TA needs to decide in seconds: the answer, the automatic score, why it
 * is unsure, and the evidence per criterion. `score` and `comment` stay empty.
 */
import { csvText } from '../reporters/csv.ts';
import type { PartResult, SubmissionResult } from '../types.ts';
import { REVIEW_COLUMNS, type ReviewColumn } from './types.ts';

export type ReviewExportRow = Record<ReviewColumn, string>;

interface CriterionLike {
  id: string;
  points: number;
  met: boolean;
  awarded?: number;
  evidence?: string[];
  negated?: string[];
  blockedBy?: string[];
}

function isCriterionLike(value: unknown): value is CriterionLike {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && typeof record.points === 'number' && typeof record.met === 'boolean';
}

function quoted(words: readonly string[] | undefined): string {
  return (words ?? []).map((word) => `"${word}"`).join(', ');
}

/**
 * One line per criterion, `met`, `missed` or `CLAIM` (a wrong claim was made),
 * with the words that decided it. Words rather than `+`/`-` marks, which a
 * spreadsheet would read as the start of a formula.
 */
export function renderEvidence(part: PartResult): string {
  const criteria = part.details?.criteria;
  if (!Array.isArray(criteria) || !criteria.every(isCriterionLike)) {
    return [part.interpreted, ...part.feedback].filter((line) => line !== undefined && line !== '').join('\n');
  }
  return criteria
    .map((criterion) => {
      const mark = criterion.met ? (criterion.points < 0 ? 'CLAIM' : 'met') : 'missed';
      const lines = [`${mark} ${criterion.id} (${criterion.met ? criterion.points : 0}/${criterion.points})`];
      if (criterion.met && criterion.evidence?.length) lines[0] += `: ${quoted(criterion.evidence)}`;
      if (criterion.negated?.length) lines.push(`  negated: ${quoted(criterion.negated)}`);
      if (criterion.blockedBy?.length) lines.push(`  blocked by: ${quoted(criterion.blockedBy)}`);
      return lines.join('\n');
    })
    .join('\n');
}

function answerText(answer: PartResult['answer']): string {
  if (answer === undefined) return '';
  return Array.isArray(answer) ? answer.join('\n') : String(answer);
}

export function collectReviewRows(results: readonly SubmissionResult[]): ReviewExportRow[] {
  const rows: ReviewExportRow[] = [];
  for (const result of results) {
    for (const part of result.parts) {
      if (part.status !== 'needs-review') continue;
      const reasons = part.details?.review;
      rows.push({
        student: result.student.id,
        name: result.student.name ?? '',
        key: part.key,
        answer: answerText(part.answer),
        max_score: String(part.maxScore),
        auto_score: String(part.score),
        reasons: Array.isArray(reasons) ? reasons.join(', ') : '',
        evidence: renderEvidence(part),
        score: '',
        comment: '',
      });
    }
  }
  return rows;
}

/**
 * The CSV a spreadsheet opens as UTF-8: a byte order mark, a header, fields
 * quoted when they must be, CRLF line ends.
 */
export function renderReviewCsv(rows: readonly ReviewExportRow[]): string {
  const lines = rows.map((row) => REVIEW_COLUMNS.map((column) => row[column]));
  return csvText([REVIEW_COLUMNS, ...lines], { bom: true, crlf: true });
}
