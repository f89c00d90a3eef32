/**
 * The pool's limits a user can set, apart from the pool itself so the command
 * line can name them in its help without loading the pool.
 */
/** Seconds an answer may take before it is left for a person ("timed out"). */
export const TIMEOUT_DEFAULT_SECONDS = 2;
/** Heap limit of each worker, in MB; an answer that needs more kills only its worker. */
export const WORKER_MEMORY_DEFAULT_MB = 256;
/** Below this a worker can't even load its modules, and Node reports that as a fatal error. */
export const WORKER_MEMORY_MIN_MB = 64;
