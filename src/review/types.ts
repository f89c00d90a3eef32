/** What a TA's review leaves in a part result. */
import type { PartResult } from '../types.ts';

export interface ReviewRecord {
  /** The grader's score and status before any review. */
  autoScore: number;
  autoStatus: PartResult['status'];
  /** The TA's score, now the part's score. */
  score: number;
  comment: string;
}

/** A part result that may carry a review. */
export type ReviewedPartResult = PartResult & { review?: ReviewRecord };

/** What every review row ends with: the automatic verdict, why, the evidence, and the TA's score and comment. */
const DECISION_COLUMNS = ['max_score', 'auto_score', 'reasons', 'evidence', 'score', 'comment'] as const;

/** Columns of the review CSV, in order. The TA fills `score` and `comment`. */
export const REVIEW_COLUMNS = ['student', 'name', 'key', 'answer', ...DECISION_COLUMNS] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];

/** Columns of the grouped review CSV: one row per distinct answer of a part. */
export const GROUPED_REVIEW_COLUMNS = ['key', 'answer', 'count', 'students', ...DECISION_COLUMNS] as const;
export type GroupedReviewColumn = (typeof GROUPED_REVIEW_COLUMNS)[number];

/**
 * Columns added when some part carries a suggestion (`grade --assist`):
 * `suggested` beside `auto_score`, `suggested_evidence` beside `evidence`.
 * Without suggestions the CSV has exactly the columns above.
 */
export const ASSIST_COLUMNS = { suggested: 'auto_score', suggested_evidence: 'evidence' } as const;
export type AssistColumn = keyof typeof ASSIST_COLUMNS;

/** `columns` with the assist columns, each after the column it stands beside. */
export function withAssistColumns<C extends string>(columns: readonly C[]): (C | AssistColumn)[] {
  return columns.flatMap((column) => [column, ...(Object.keys(ASSIST_COLUMNS) as AssistColumn[]).filter((added) => ASSIST_COLUMNS[added] === column)]);
}

/** Columns `review apply` needs (`students` may stand for `student`); the others are there for the reader. */
export const REQUIRED_REVIEW_COLUMNS: readonly ReviewColumn[] = ['student', 'key', 'score'];
