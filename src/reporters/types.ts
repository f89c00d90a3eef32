/** The reporter contract: one pure function per output format. */
import type { ClassTable } from '../analytics/accumulator.ts';
import type { SubmissionResult } from '../types.ts';
import type { QuizInfo } from './quiz-info.ts';

/** Gradescope's visibility levels of a result and its tests. */
export const GRADESCOPE_VISIBILITIES = ['visible', 'hidden', 'after_due_date', 'after_published'] as const;
export type GradescopeVisibility = (typeof GRADESCOPE_VISIBILITIES)[number];

/** How the exports for an LMS are labelled and laid out (`--assignment`, `--canvas-id`, ...). */
export interface ExportOptions {
  /** The gradebook column: the quiz title, else its id, when absent. */
  assignment?: string;
  /** Canvas's id of an existing assignment: the column becomes `Name (id)`, so the import updates it. */
  canvasAssignmentId?: string;
  /** One more column per question in canvas.csv and moodle.csv. */
  questionColumns?: boolean;
  /** Visibility of Gradescope results and tests. */
  gradescopeVisibility?: GradescopeVisibility;
}

/** A class held in memory as results (tests, small callers). */
export interface ResultsInput {
  results: readonly SubmissionResult[];
  /** The quiz, when known: titles, points, anticipated mistakes. Reports work without it. */
  quiz?: QuizInfo;
  /** Timestamp printed in reports; passed in so output stays reproducible. */
  generatedAt?: string;
  exports?: ExportOptions;
}

/** A class reduced to its compact table by one pass over its results (see analytics/accumulator.ts). */
export interface PreparedClass {
  table: ClassTable;
  generatedAt?: string;
  exports?: ExportOptions;
}

export type ClassReportInput = ResultsInput | PreparedClass;

/** One file written under the output folder. */
export interface ReportFile {
  /** Path relative to the output folder, `/`-separated. */
  path: string;
  content: string;
}

/** A reporter that writes one file with a fixed name, from the class table alone. */
export interface FileReporter {
  kind: 'file';
  /** File name in the output folder. */
  fileName: string;
  description: string;
  render: (input: ClassReportInput) => string;
}

/**
 * A reporter that writes a folder of files, one per submission, from each full
 * result as it streams past (the table gives the class-wide part: order, names).
 */
export interface FolderReporter {
  kind: 'folder';
  /** Folder name in the output folder. */
  folderName: string;
  description: string;
  /** The files of one submission; `row` is the result's arrival number in the table. */
  fileWriter: (table: ClassTable, options: ExportOptions) => (result: SubmissionResult, row: number) => ReportFile[];
}

export type Reporter = FileReporter | FolderReporter;
