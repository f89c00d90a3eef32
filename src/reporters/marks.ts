/** How each part status is shown to a student. Exhaustive over PartStatus. */
import type { PartStatus, SubmissionStatus } from '../types.ts';

export interface Mark {
  label: string;
  symbol: string;
  /** CSS class / colour role. */
  tone: 'good' | 'partial' | 'bad' | 'invalid' | 'review' | 'missing' | 'error';
}

export const PART_MARKS: Record<PartStatus, Mark> = {
  correct: { label: 'correct', symbol: '✓', tone: 'good' },
  partial: { label: 'partial', symbol: '◐', tone: 'partial' },
  incorrect: { label: 'incorrect', symbol: '✗', tone: 'bad' },
  unanswered: { label: 'unanswered', symbol: '–', tone: 'missing' },
  invalid: { label: 'invalid', symbol: '!', tone: 'invalid' },
  'needs-review': { label: 'needs review', symbol: '?', tone: 'review' },
  error: { label: 'error', symbol: '⚠', tone: 'error' },
};

export const SUBMISSION_LABELS: Record<SubmissionStatus, string> = {
  graded: 'graded',
  invalid: 'invalid',
  error: 'error',
};
