/**
 * Removing what interrupted runs leave behind in a run folder: temporary files of atomic writes, and
 * checkpoint data files that no checkpoint JSON refers to any more. Only files named by descent's own
 * patterns are ever candidates.
 */
import { atomicTempFile, checkpointDataFileOwner, referencedDataNames } from './checkpoint-files.js';
import { fileSystem, join } from '../platform/node.js';

/** What {@link cleanRunFolder} removed and what it left alone. */
export interface CleanRunFolderResult {
  /** File names removed. */
  removed: string[];
  /** Descent-named files kept because a checkpoint JSON could not be read (it might refer to them). */
  kept: string[];
}

/**
 * Removes from `dir`: atomic-write temporary files (`.<file>.<pid>.<stamp>.tmp`) of processes that
 * are no longer running,
 * and the data files of the checkpoints `names` (`<name>.e<N>.u<M>[.<k>][.state].safetensors`, and
 * version 1's `<name>.e<N>[.state].safetensors`) that `<name>.json` does not refer to. When
 * `<name>.json` exists but cannot be read, its data files are kept (listed in `kept`). Nothing else
 * is touched: no other names, no directories, no symbolic links, nothing outside `dir`.
 *
 * @example
 * ```ts
 * const { removed } = await cleanRunFolder('runs/a'); // e.g. ['.last.json.4242.m1x2.tmp', 'best.e3.u90.safetensors']
 * ```
 */
export async function cleanRunFolder(dir: string, names: readonly string[] = ['last', 'best', 'final']): Promise<CleanRunFolderResult> {
  const fs = fileSystem('cleanRunFolder');
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const referenced = new Map<string, Set<string> | null>();
  const referencesOf = async (owner: string): Promise<Set<string> | null> => {
    if (!referenced.has(owner)) referenced.set(owner, await readReferences(join(dir, `${owner}.json`)));
    return referenced.get(owner)!;
  };
  const removed: string[] = [];
  const kept: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const name = entry.name;
    let remove = false;
    const temp = atomicTempFile(name);
    if (temp) {
      // A live writer (this process, or another still running in the folder) may be about to rename it.
      remove = temp.pid !== process.pid && !processAlive(temp.pid);
    } else {
      const owner = checkpointDataFileOwner(name);
      if (owner === null || !names.includes(owner)) continue;
      const refs = await referencesOf(owner);
      if (refs === null) kept.push(name);
      else remove = !refs.has(name);
    }
    if (remove) {
      await fs.rm(join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return { removed, kept };
}

/**
 * True when a process with this id exists on this host. A reused id errs on the safe side: a stale
 * temporary file or run lock is kept. Also the run lock's test (src/cli/train/run-lock.ts).
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The data files a checkpoint JSON names: an empty set when it does not exist, null when it cannot be read. */
async function readReferences(jsonPath: string): Promise<Set<string> | null> {
  const fs = fileSystem('cleanRunFolder');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(jsonPath, 'utf8'));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? new Set() : null;
  }
  // Unreadable as a checkpoint: its files are kept (null), never guessed at.
  if (typeof parsed !== 'object' || parsed === null) return null;
  return new Set(referencedDataNames(parsed));
}
