/**
 * A grading worker that misbehaves on purpose, for testing the pool: the
 * submission of student `crash` kills its worker thread, `crash-once` kills the
 * first worker that grades it, and `hang` spins forever inside part 3 until
 * that part is skipped.
 */
import { existsSync, writeFileSync } from 'node:fs';
import gradeChunk, { HEARTBEAT_PART, HEARTBEAT_RECORD, HEARTBEAT_TIME, type ChunkTask } from '../../src/engine/worker.ts';

function studentId(value: unknown): string | undefined {
  return (value as { student?: { id?: string } } | undefined)?.student?.id;
}

export default async function misbehave(task: ChunkTask) {
  const beat = new Int32Array(task.heartbeat);
  for (const [index, record] of task.records.entries()) {
    const id = studentId(record.value);
    if (id === 'crash') process.exit(1);
    if (id === 'crash-once') {
      const marker = `${process.env.QUIZGRADE_TEST_MARKER}`;
      if (!existsSync(marker)) {
        writeFileSync(marker, 'crashed');
        process.exit(1);
      }
    }
    const skipped = task.skipped.some(([position]) => position === record.position);
    if (id === 'hang' && !skipped) {
      Atomics.store(beat, HEARTBEAT_RECORD, index);
      Atomics.store(beat, HEARTBEAT_TIME, Date.now() - task.startedAt);
      Atomics.store(beat, HEARTBEAT_PART, 3);
      for (;;);
    }
  }
  return gradeChunk(task);
}
