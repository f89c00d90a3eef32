/**
 * A grading worker that misbehaves on purpose, for testing the pool: the
 * submission of student `crash` kills its worker thread, `crash-once` kills the
 * first worker that grades it, `hang` (or a student whose part 3 answers
 * `forever`) spins forever inside part 3 until that part is skipped, and a
 * part 3 answering `boom` kills its worker inside that part until it is skipped.
 * Each try of a `boom` or `forever` answer is logged (the student id, a line
 * each) to `triesLog()`, so a test can tell which answers were tried at all.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { readRecord } from '../../src/engine/grade.ts';
import gradeChunk, { HEARTBEAT_PART, HEARTBEAT_RECORD, HEARTBEAT_TIME, type ChunkTask } from '../../src/engine/worker.ts';

/** Where the tries of `boom` and `forever` answers are logged. */
export function triesLog(): string {
  return `${process.env.QUIZGRADE_TEST_MARKER}.tries`;
}

/** Part 3 of the mock quiz, where `hang` hangs. */
const PART_3_KEY = 'q2.w_eff';

type Submission = { student?: { id?: string }; answers?: Record<string, unknown> } | undefined;

export default async function misbehave(task: ChunkTask) {
  const beat = new Int32Array(task.heartbeat);
  /** Beats as the real worker does when it starts part 3 of record `index`, and logs the try. */
  const enterPart3 = (index: number, id: string | undefined): void => {
    appendFileSync(triesLog(), `${id}\n`);
    Atomics.store(beat, HEARTBEAT_RECORD, index);
    Atomics.store(beat, HEARTBEAT_TIME, Date.now() - task.startedAt);
    Atomics.store(beat, HEARTBEAT_PART, 3);
  };
  for (const [index, record] of task.records.entries()) {
    const read = readRecord(record);
    const value = (read.ok ? read.value : undefined) as Submission;
    const id = value?.student?.id;
    if (id === 'crash') process.exit(1);
    if (id === 'crash-once') {
      const marker = `${process.env.QUIZGRADE_TEST_MARKER}`;
      if (!existsSync(marker)) {
        writeFileSync(marker, 'crashed');
        process.exit(1);
      }
    }
    const skipped = task.skipped.some(([position]) => position === record.position)
      || task.skippedAnswers.some(([key, answers]) => key === PART_3_KEY && answers.some(([answer]) => answer === JSON.stringify(value?.answers?.[PART_3_KEY])));
    if (value?.answers?.[PART_3_KEY] === 'boom' && !skipped) {
      enterPart3(index, id);
      process.exit(1);
    }
    if ((id === 'hang' || value?.answers?.[PART_3_KEY] === 'forever') && !skipped) {
      enterPart3(index, id);
      for (;;);
    }
  }
  return gradeChunk(task);
}
