/** The reporter contract: one pure function per output format. */
import type { SubmissionResult } from '../types.ts';
import type { QuizInfo } from './quiz-info.ts';

export interface ClassReportInput {
  results: SubmissionResult[];
  /** The quiz, when known: titles, points, anticipated mistakes. Reports work without it. */
  quiz?: QuizInfo;
  /** Timestamp printed in reports; passed in so output stays reproducible. */
  generatedAt?: string;
}

/** One file written under the output folder. */
export interface ReportFile {
  /** Path relative to the output folder, `/`-separated. */
  path: string;
  content: string;
}

/** A reporter that writes one file with a fixed name. */
export interface FileReporter {
  kind: 'file';
  /** File name in the output folder. */
  fileName: string;
  description: string;
  render: (input: ClassReportInput) => string;
}

/** A reporter that writes a folder of files (one per submission). */
export interface FolderReporter {
  kind: 'folder';
  /** Folder name in the output folder. */
  folderName: string;
  description: string;
  render: (input: ClassReportInput) => ReportFile[];
}

export type Reporter = FileReporter | FolderReporter;
