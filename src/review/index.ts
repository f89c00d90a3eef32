/** The TA review queue: export the unsure parts to a CSV, apply the scores back. */
export { applyReviews, parseReviewCsv, roundScore, type AppliedReview, type ApplyReport, type ReviewProblem, type ReviewRow } from './apply.ts';
export {
  collectGroupedReviewRows,
  collectReviewRows,
  GROUP_STUDENTS_SEPARATOR,
  QUEUE_REASONS,
  queueReasons,
  renderEvidence,
  renderGroupedReviewCsv,
  renderReviewCsv,
  type GroupedReviewRow,
  type QueueReason,
  type ReviewExportRow,
} from './export.ts';
export { protectCell, unprotectCell } from '../reporters/csv.ts';
export { ReviewInputError } from './errors.ts';
export { GROUPED_REVIEW_COLUMNS, REQUIRED_REVIEW_COLUMNS, REVIEW_COLUMNS, type ReviewRecord, type ReviewedPartResult } from './types.ts';
