/** The result contract: what every grader, reporter and export agrees on. */

/** An answer as it arrives in a submission. */
export type AnswerValue = string | number | string[];

/** Every status a part can end in. Exhaustive: reporters switch over it. */
export const PART_STATUSES = [
  'correct',
  'partial',
  'incorrect',
  'unanswered',
  'invalid',
  'needs-review',
  'error',
] as const;
export type PartStatus = (typeof PART_STATUSES)[number];

/** Every status a submission can end in. */
export const SUBMISSION_STATUSES = ['graded', 'invalid', 'error'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface StudentRef {
  id: string;
  name?: string;
  email?: string;
}

export interface PartResult {
  /** Submission key: `q4.layer1`, or `q9` for a single-part question. */
  key: string;
  question: string;
  part: string | null;
  score: number;
  maxScore: number;
  status: PartStatus;
  /** The answer exactly as submitted (absent when unanswered). */
  answer?: AnswerValue;
  /** How the answer was read, in canonical form, so a student sees the reading. */
  interpreted?: string;
  /** Messages for the student: the why of an invalid answer, a mistake's feedback, ... */
  feedback: string[];
  /** Canonical form of the answer: equal answers share it (item analysis groups by it). */
  normalized?: string;
  /** Index into the part's `mistakes` when an anticipated mistake matched. */
  mistake?: number;
  /** How the verdict was reached, e.g. `tolerance`, `sampling`, `cas`. */
  method?: string;
  /** Seed of any sampling, so the verdict can be reproduced. */
  seed?: number;
  /** Grader-specific evidence (criteria met, counterexample, ...). */
  details?: Record<string, unknown>;
}

export interface SubmissionResult {
  quiz: string;
  student: StudentRef;
  status: SubmissionStatus;
  score: number;
  maxScore: number;
  parts: PartResult[];
  /** Why the submission is invalid, with every problem listed. */
  errors: string[];
  /** Where the submission came from: `file` or `file:line` for JSONL. */
  source?: string;
  /** Position among all inputs of a run (0-based), so output order is reproducible. */
  position?: number;
  /** Digest of the input record's text: `--resume` refuses to continue when an input changed. */
  inputHash?: string;
  /** Set when an earlier input (at this position) has the same student id; both are kept. */
  duplicateOf?: number;
  /** When the student submitted (ISO 8601 with a time zone), as the submission says: orders resubmissions. */
  submittedAt?: string;
  /** `false` when the resubmission policy sets this submission aside (another of the student's counts); absent when it counts. */
  counted?: false;
}
