/**
 * The options that shape the LMS exports, shared by `grade`, `merge`, `report`
 * and `review apply`: `--assignment`, `--canvas-id`, `--question-columns`,
 * `--visibility`, and `--policy` (which of a student's submissions counts).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { GRADESCOPE_VISIBILITIES, type ExportOptions, type GradescopeVisibility } from '../reporters/types.ts';
import { POLICY_DEFAULT, RESUBMISSION_POLICIES, type ResubmissionPolicy } from '../results/policy.ts';

export interface ExportFlags {
  assignment?: string;
  canvasId?: string;
  questionColumns?: boolean;
  visibility?: GradescopeVisibility;
  policy: ResubmissionPolicy;
}

/** A Canvas assignment id is the number in the assignment's address (`.../assignments/12345`). */
function canvasId(text: string): string {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('must be the number in the Canvas assignment address (.../assignments/12345)');
  return text;
}

/** Adds the export options to a command. */
export function addExportOptions(command: Command): Command {
  return command
    .option('--assignment <name>', 'gradebook column name in canvas.csv and moodle.csv (default: the quiz title)')
    .option('--canvas-id <id>', "Canvas assignment id: canvas.csv's column becomes 'Name (id)' and the import updates that assignment", canvasId)
    .option('--question-columns', 'one more column per question in canvas.csv and moodle.csv')
    .addOption(new Option('--visibility <when>', 'when students see the Gradescope results').choices(GRADESCOPE_VISIBILITIES))
    .addOption(
      new Option('--policy <policy>', "which of a student's submissions counts in the exports and statistics: the latest, the best total, or the first (by submittedAt, then input order)")
        .choices(RESUBMISSION_POLICIES)
        .default(POLICY_DEFAULT),
    );
}

export function exportOptionsOf(flags: ExportFlags): ExportOptions {
  return {
    ...(flags.assignment === undefined ? {} : { assignment: flags.assignment }),
    ...(flags.canvasId === undefined ? {} : { canvasAssignmentId: flags.canvasId }),
    ...(flags.questionColumns === true ? { questionColumns: true } : {}),
    ...(flags.visibility === undefined ? {} : { gradescopeVisibility: flags.visibility }),
  };
}
