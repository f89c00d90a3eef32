/**
 * `review export`: one CSV row per part a person must look at (needs-review,
 * invalid, grading failed), or with `--group` one per distinct answer, with
 * what a TA needs to decide in seconds: the answer, the automatic score, why it
 * is unsure, and the evidence per criterion. `score` and `comment` stay empty.
 */
import { csvText } from '../reporters/csv.ts';
import type { PartResult, SubmissionResult } from '../types.ts';
import { answerGroupKey } from '../analytics/accumulator.ts';
import type { PartAssist } from '../assist/stage.ts';
import { GROUPED_REVIEW_COLUMNS, REVIEW_COLUMNS, withAssistColumns, type AssistColumn, type GroupedReviewColumn, type ReviewColumn } from './types.ts';

/** The assist columns are there only for parts that carry a suggestion. */
export type ReviewExportRow = Record<ReviewColumn, string> & Partial<Record<AssistColumn, string>>;

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

/** The `suggested` and `suggested_evidence` cells of a part that carries a suggestion (`grade --assist`). */
export function assistCells(part: PartResult): Partial<Record<AssistColumn, string>> {
  const assist = (part as PartResult & { assist?: PartAssist }).assist;
  if (typeof assist !== 'object' || assist === null) return {};
  if ('error' in assist) return { suggested: '', suggested_evidence: `no suggestion from ${assist.model}: ${assist.error}` };
  const lines = [`suggested by ${assist.model}`];
  for (const criterion of assist.criteria) lines.push(`${criterion.id}: ${criterion.score}${criterion.evidence.length > 0 ? ` ${quoted(criterion.evidence)}` : ''}`);
  if (assist.unverified > 0) lines.push(`${assist.unverified} quote(s) not in the answer left out`);
  return { suggested: String(assist.suggested), suggested_evidence: lines.join('\n') };
}

function answerText(answer: PartResult['answer']): string {
  if (answer === undefined) return '';
  return Array.isArray(answer) ? answer.join('\n') : String(answer);
}

/** Why a part is in the review queue. Exhaustive: the `reasons` column names each. */
export const QUEUE_REASONS = ['low-confidence', 'forbidden-claim', 'always-reviewed', 'timed-out', 'invalid', 'grading-failed'] as const;
export type QueueReason = (typeof QUEUE_REASONS)[number];

const QUEUE_REASON_TEXT: Record<QueueReason, string> = {
  'low-confidence': 'low confidence',
  'forbidden-claim': 'forbidden claim',
  'always-reviewed': 'always reviewed',
  'timed-out': 'timed out',
  invalid: 'invalid',
  'grading-failed': 'grading failed',
};

/** The rubric's own review reasons, as the queue names them (see graders/rubric.ts). */
const RUBRIC_REASONS: Record<string, QueueReason> = {
  'forbidden-claim': 'forbidden-claim',
  'review-always': 'always-reviewed',
  'negated-match': 'low-confidence',
  'long-answer-low-score': 'low-confidence',
};

/**
 * Why a part needs a person, with the grader's detail in brackets (`low
 * confidence (negated-match)`, `invalid (not a number: ...)`), or undefined when
 * it does not: needs-review parts, answered parts the grader could not read,
 * and parts whose grading failed.
 */
export function queueReasons(part: PartResult): string[] | undefined {
  switch (part.status) {
    case 'needs-review': {
      if (part.method === 'timeout') return [QUEUE_REASON_TEXT['timed-out']];
      const own = part.details?.review;
      const reasons = Array.isArray(own) ? own.filter((reason): reason is string => typeof reason === 'string') : [];
      if (reasons.length === 0) return [QUEUE_REASON_TEXT['low-confidence']];
      return reasons.map((reason) => {
        const queued = RUBRIC_REASONS[reason] ?? 'low-confidence';
        return queued === reason ? QUEUE_REASON_TEXT[queued] : `${QUEUE_REASON_TEXT[queued]} (${reason})`;
      });
    }
    case 'invalid':
      if (part.answer === undefined) return undefined;
      return [part.feedback[0] === undefined ? QUEUE_REASON_TEXT.invalid : `${QUEUE_REASON_TEXT.invalid} (${part.feedback[0]})`];
    case 'error':
      return [QUEUE_REASON_TEXT['grading-failed']];
    case 'correct':
    case 'partial':
    case 'incorrect':
    case 'unanswered':
      return undefined;
  }
}

/** Each part in the queue, with its row, in the order of the results. */
function* queueEntries(results: readonly SubmissionResult[]): Generator<{ part: PartResult; row: ReviewExportRow }> {
  for (const result of results) {
    if (result.status !== 'graded') continue;
    for (const part of result.parts) {
      const reasons = queueReasons(part);
      if (reasons === undefined) continue;
      const row: ReviewExportRow = {
        student: result.student.id,
        name: result.student.name ?? '',
        key: part.key,
        answer: answerText(part.answer),
        max_score: String(part.maxScore),
        auto_score: String(part.score),
        reasons: reasons.join('; '),
        evidence: renderEvidence(part),
        score: '',
        comment: '',
        ...assistCells(part),
      };
      yield { part, row };
    }
  }
}

/** One row per part in the queue, in the order of the results. */
export function collectReviewRows(results: readonly SubmissionResult[]): ReviewExportRow[] {
  return Array.from(queueEntries(results), (entry) => entry.row);
}

/** Separates the student ids of a grouped row (a cell a spreadsheet shows one id per line). */
export const GROUP_STUDENTS_SEPARATOR = '\n';

export type GroupedReviewRow = Record<GroupedReviewColumn, string> & Partial<Record<AssistColumn, string>>;

/**
 * One row per distinct normalized answer of a part in the queue (Gradescope's
 * answer groups): `count` students gave it, `students` lists them. Groups come
 * in key order of first appearance, most common answer first.
 */
export function collectGroupedReviewRows(results: readonly SubmissionResult[]): GroupedReviewRow[] {
  const groups = new Map<string, { first: ReviewExportRow; students: string[]; order: number }>();
  for (const { part, row } of queueEntries(results)) {
    // Same part, same reading, same automatic score: one decision.
    const id = JSON.stringify([part.key, answerGroupKey(part) ?? '', part.score]);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, { order: groups.size, students: [row.student], first: row });
    else group.students.push(row.student);
  }
  const keyOrder = new Map<string, number>();
  for (const group of groups.values()) if (!keyOrder.has(group.first.key)) keyOrder.set(group.first.key, keyOrder.size);
  return [...groups.values()]
    .sort((a, b) => (keyOrder.get(a.first.key) as number) - (keyOrder.get(b.first.key) as number) || b.students.length - a.students.length || a.order - b.order)
    .map(({ first, students }) => ({
      key: first.key,
      answer: first.answer,
      count: String(students.length),
      students: students.join(GROUP_STUDENTS_SEPARATOR),
      max_score: first.max_score,
      auto_score: first.auto_score,
      reasons: first.reasons,
      evidence: first.evidence,
      score: '',
      comment: '',
      ...(first.suggested_evidence !== undefined && { suggested: first.suggested ?? '', suggested_evidence: first.suggested_evidence }),
    }));
}

/**
 * The CSV a spreadsheet opens as UTF-8: a byte order mark, a header, fields
 * quoted when they must be, CRLF line ends.
 */
export function renderReviewCsv(rows: readonly ReviewExportRow[]): string {
  return reviewCsv(REVIEW_COLUMNS, rows);
}

/** The grouped review CSV, written like the per-student one. */
export function renderGroupedReviewCsv(rows: readonly GroupedReviewRow[]): string {
  return reviewCsv(GROUPED_REVIEW_COLUMNS, rows);
}

/** The columns, with the assist ones when some row has a suggestion, and a row each. */
function reviewCsv<C extends string>(columns: readonly C[], rows: readonly (Record<C, string> & Partial<Record<AssistColumn, string>>)[]): string {
  const header = rows.some((row) => row.suggested_evidence !== undefined) ? withAssistColumns(columns) : columns;
  const lines = rows.map((row) => header.map((column) => (row as Record<string, string | undefined>)[column] ?? ''));
  return csvText([header, ...lines], { bom: true, crlf: true });
}
