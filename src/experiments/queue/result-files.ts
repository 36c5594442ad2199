/**
 * `--results <dir>`: a folder shared by the workers and the coordinator (NFS, a mounted volume)
 * where each run's result is a file, `<dir>/<sweep>/<run>.json`, instead of a Redis hash field, so a
 * sweep of long runs with many epochs does not hold megabytes in Redis. Redis then only records that
 * the run is done and under which file name.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { decodeStored, encodeStored, resultFile, type StoredRun } from './sweep-store.js';

/**
 * Writes a run's result to its file: to a temporary name beside it, then renamed over it, so a reader
 * never sees half a file, and a retried run (same name, same numbers) replaces it rather than adding
 * one. Returns the file name below `dir`.
 */
export async function writeResultFile(dir: string, sweepId: string, runId: string, run: StoredRun): Promise<string> {
  const name = resultFile(sweepId, runId);
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, encodeStored(run));
  await rename(temporary, path);
  return name;
}

/** Reads a result file written by {@link writeResultFile}; `name` is relative to `dir`. */
export async function readResultFile(dir: string, name: string): Promise<StoredRun> {
  return decodeStored(await readFile(join(dir, name), 'utf8'));
}
