/**
 * The run folder's lock: one training process per folder. Two `descent train --resume` on one
 * folder both ran and interleaved run.jsonl (an audit found 258 rows for 230 epochs); the second
 * now stops before reading anything. The lock is a file created with exclusive create (`wx`),
 * holding who made it; it is removed when the process ends (normally, on an error, on a signal:
 * `process.exit` runs the 'exit' listener). A process killed outright (SIGKILL, power cut) leaves
 * it behind: a lock of a process no longer alive on this host is taken over, with a note.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync, linkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../../train/clean-run-folder.js';
import { RUN_LOCK_FILE } from '../../train/run-folder.js';

/** Who holds a run folder's lock: what the lock file says. */
export interface RunLockOwner {
  pid: number;
  hostname: string;
  /** ISO 8601 time the lock was taken. */
  started: string;
}

/** The lock is held by another process that is (or may be) running. */
export class RunFolderLockedError extends Error {
  /**
   * @param path The lock file.
   * @param owner Who holds it; null when the file cannot be read (being written, or damaged).
   */
  constructor(readonly path: string, readonly owner: RunLockOwner | null, message: string) {
    super(message);
    this.name = 'RunFolderLockedError';
  }
}

/** A held lock. */
export interface RunLock {
  /** The lock file. */
  readonly path: string;
  /** The stale lock taken over (its holder was no longer running), or null. */
  readonly takenOver: RunLockOwner | null;
  /** Removes the lock file if it is still this one (idempotent, synchronous). */
  release(): void;
}

/**
 * Takes the lock of run folder `dir` (which must exist), or throws a {@link RunFolderLockedError}
 * naming the holder. A lock whose holder is not alive on this host is stale and taken over; one of
 * another host, or one that cannot be read, is never guessed at.
 *
 * @example
 * const lock = acquireRunLock('runs/a');
 * try { await train(); } finally { lock.release(); }
 */
export function acquireRunLock(dir: string): RunLock {
  const path = join(dir, RUN_LOCK_FILE);
  const me: RunLockOwner = { pid: process.pid, hostname: hostname(), started: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  let takenOver: RunLockOwner | null = null;
  // A few rounds: a lock released or taken over by another process between our steps means try again.
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, text)) break;
    if (attempt === 4) throw new RunFolderLockedError(path, null, `${dir}: could not take its lock ${path} (other processes keep taking and releasing it); try again`);
    const owner = readOwner(path);
    if (owner === 'missing') continue; // Released between our create and our read.
    if (owner === null) {
      throw new RunFolderLockedError(path, null, `${dir} is locked by ${path}, which cannot be read (another descent train may be starting); if no descent train is running on this folder, delete ${path}`);
    }
    if (owner.hostname !== me.hostname || processAlive(owner.pid)) {
      const other = owner.hostname === me.hostname ? '' : ` on host ${owner.hostname}`;
      const fix = owner.hostname === me.hostname
        ? `wait for it to finish, or stop it (kill -INT ${owner.pid}: it saves a checkpoint)`
        : `wait for it to finish; if that process no longer runs, delete ${path}`;
      throw new RunFolderLockedError(path, owner, `${dir} is in use by another descent train (pid ${owner.pid}${other}, since ${owner.started}); ${fix}`);
    }
    if (removeStale(path, owner)) takenOver = owner;
  }
  const release = (): void => {
    process.removeListener('exit', release);
    // Only our own lock: never one another process took over.
    if (readFileText(path) === text) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return { path, takenOver, release };
}

/** Creates the lock file with `text`; false when it exists. */
function tryCreate(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readFileText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The lock's holder, 'missing' when there is no lock file, null when it cannot be parsed. */
function readOwner(path: string): RunLockOwner | 'missing' | null {
  const text = readFileText(path);
  if (text === null) return 'missing';
  try {
    const o = JSON.parse(text) as Partial<RunLockOwner>;
    if (typeof o.pid === 'number' && typeof o.hostname === 'string' && typeof o.started === 'string') return { pid: o.pid, hostname: o.hostname, started: o.started };
  } catch {
    // Not JSON: null below.
  }
  return null;
}

/**
 * Removes the stale lock of `owner`. Two processes may find the same stale lock: the file is
 * first renamed to a name of this process (only one rename of it succeeds), then checked to be the
 * stale one; a live lock renamed by mistake (made by a third process in between) is put back.
 */
function removeStale(path: string, owner: RunLockOwner): boolean {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // Someone else moved it first: try to create again.
  }
  const moved = readOwner(aside);
  const same = moved !== 'missing' && moved !== null && moved.pid === owner.pid && moved.hostname === owner.hostname && moved.started === owner.started;
  if (!same) {
    // Not the stale lock: restore it unless another lock was made meanwhile (link fails then).
    try {
      linkSync(aside, path);
    } catch {
      // A lock exists again: that one stands.
    }
  }
  unlinkSync(aside);
  return same;
}
