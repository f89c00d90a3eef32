/** The TA review queue: export the unsure parts to a CSV, apply the scores back. */
export { applyReviews, parseReviewCsv, roundScore, type AppliedReview, type ApplyReport, type ReviewProblem, type ReviewRow } from './apply.ts';
export { collectReviewRows, renderEvidence, renderReviewCsv, type ReviewExportRow } from './export.ts';
export { protectCell, unprotectCell } from '../reporters/csv.ts';
export { ReviewInputError, formatResultsJsonl, parseResultsJsonl, writeFileAtomic } from './results-file.ts';
export { REQUIRED_REVIEW_COLUMNS, REVIEW_COLUMNS, type ReviewRecord, type ReviewedPartResult } from './types.ts';
