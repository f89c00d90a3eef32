/**
 * One run at a time in an output folder: a lock file that names its holder.
 * Two runs writing one results.jsonl interleave their lines (and NUL-fill the
 * gaps), so a second run refuses; a lock left by a process that died is taken over.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { OutputError, systemReason } from './errors.ts';

export const LOCK_FILE_NAME = '.quizgrade.lock';

/** Another live run holds the folder. */
export class FolderLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderLockedError';
  }
}

interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderOf(file: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' ? (holder as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** A lock from another host can't be checked from here: it is honoured until removed by hand. */
function holdsIt(holder: LockHolder): boolean {
  return holder.host !== hostname() || isAlive(holder.pid);
}

function lockedBy(folder: string, file: string, holder: LockHolder): FolderLockedError {
  return new FolderLockedError(
    `${folder} is in use by another quizgrade run (process ${holder.pid} on ${holder.host}, "${holder.command}", since ${holder.since}); ` +
      `wait for it, or choose another --out (remove ${file} only if that process is gone)`,
  );
}

/**
 * Throws FolderLockedError when a live run holds `folder`, without taking the
 * lock: for a command that may rewrite a file there (`report` re-marking
 * results.jsonl) but must not leave a lock file in a folder it only reads.
 */
export async function assertNotLocked(folder: string): Promise<void> {
  const file = path.join(folder, LOCK_FILE_NAME);
  const holder = await holderOf(file);
  if (holder && holdsIt(holder)) throw lockedBy(folder, file, holder);
}

export interface FolderLock {
  /** Set when a stale lock was taken over: say so. */
  tookOver?: string;
  release(): Promise<void>;
}

/**
 * Takes the lock on `folder` for `command` (a short description, such as
 * `grade questions/mock-quiz-2.yaml`). Throws FolderLockedError naming the
 * folder and the holder when a live process on this host has it.
 */
export async function lockFolder(folder: string, command: string): Promise<FolderLock> {
  const file = path.join(folder, LOCK_FILE_NAME);
  const me: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  let tookOver: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      const release = async (): Promise<void> => {
        const holder = await holderOf(file);
        if (holder?.pid === me.pid && holder.host === me.host) await rm(file, { force: true });
      };
      return { ...(tookOver !== undefined && { tookOver }), release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputError(file, systemReason(error));
    }
    const holder = await holderOf(file);
    if (holder && holdsIt(holder)) throw lockedBy(folder, file, holder);
    tookOver = holder
      ? `note: took over the lock of ${folder} from process ${holder.pid}, which is no longer running ("${holder.command}", since ${holder.since})`
      : `note: took over an unreadable lock file in ${folder}`;
    await rm(file, { force: true });
  }
  throw new FolderLockedError(`${folder}: could not take the lock ${file}; another run is starting there`);
}
