/**
 * The pool's limits a user can set, apart from the pool itself so the command
 * line can name them in its help without loading the pool.
 */
/** Seconds an answer may take before it is left for a person ("timed out"). */
export const TIMEOUT_DEFAULT_SECONDS = 2;
/** Heap limit of each worker, in MB; an answer that needs more kills only its worker. */
export const WORKER_MEMORY_DEFAULT_MB = 256;
/**
 * Classes smaller than this get one worker unless `--jobs` says otherwise: a
 * second one costs its start-up (loading, compiling the quiz) and memory, and
 * pays off only later. Measured on 2 cores, one worker against two: 20
 * submissions 1.60 / 1.67 s, 1,000 8.4 / 8.7 s (20 % less CPU and memory),
 * 3,000 16.7 / 14.2 s.
 */
export const ONE_WORKER_BELOW = 1_000;
/** Below this a worker can't even load its modules, and Node reports that as a fatal error. */
export const WORKER_MEMORY_MIN_MB = 64;
