/** results.jsonl: the one module that reads, checks and writes it, and the output folder's lock. */
export { writeFileAtomic } from './atomic.ts';
export { OutputError, ResultsFileError, systemReason, writing } from './errors.ts';
export { FolderLockedError, lockFolder, LOCK_FILE_NAME, type FolderLock } from './lock.ts';
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
export { completeResults, formatResults, resultLine, RESULTS_FILE_NAME, ResultsWriter, WRITE_BATCH_BYTES, writeResultsFile } from './write.ts';
