/** results.jsonl: the one module that reads, checks and writes it, and the output folder's lock. */
export { writeFileAtomic, writeLinesAtomic } from './atomic.ts';
export { OutputError, ResultsFileError, systemReason, writing } from './errors.ts';
export { assertNotLocked, FolderLockedError, lockFolder, LOCK_FILE_NAME, type FolderLock } from './lock.ts';
export { DuplicateTracker, flaggedLine, mergeResults } from './merge.ts';
export {
  BAD_LINES_SHOWN,
  describeBadLines,
  fileLineRecords,
  fileLines,
  parseResultLine,
  readResultsFile,
  READ_CHUNK_BYTES,
  resultShapeProblem,
  ResultsFileSource,
  streamResults,
} from './read.ts';
export {
  CountedSelector,
  isCounted,
  isGroupedId,
  markedLine,
  markResults,
  POLICY_DEFAULT,
  RESUBMISSION_POLICIES,
  submittedTime,
  withCountedMark,
  type CountedSelection,
  type ResubmissionPolicy,
  type ResubmissionSummary,
} from './policy.ts';
export {
  completeResults,
  formatResults,
  resultLine,
  RESULTS_FILE_NAME,
  ResultsWriter,
  rewriteCountedMarks,
  WRITE_BATCH_BYTES,
  writeResultsFile,
} from './write.ts';
