/**
 * Atomic file replacement for checkpoints: readers see the old file or the new one, never a mix.
 * Node-only (a browser has no file system: `atomicWriteFile` throws there, naming itself).
 */
import { basename, dirname, fileSystem, join } from '../platform/node.js';

/** Options of {@link atomicWriteFile}. */
export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o666, less the umask). */
  mode?: number;
  /** fsync the directory after the rename, making the rename itself durable (default true; skipped where unsupported). */
  syncDirectory?: boolean;
}

let counter = 0;

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file in the same directory
 * (`.<name>.<pid>.<n>.tmp`), which is flushed to disk (fsync), closed, and renamed over `path`;
 * then the directory is fsynced where the platform allows. A rename within one directory is atomic
 * on POSIX file systems (and replaces the target on Windows), so a crash or a kill at any moment
 * leaves either the previous file or the complete new one. On an error the temporary file is
 * removed and the error rethrown; a process killed mid-write may leave a stale `.tmp` file, which is
 * never read and can be deleted.
 *
 * @example
 * await atomicWriteFile('run/checkpoint.json', JSON.stringify(state));
 * await atomicWriteFile('run/weights.safetensors', encodeSafetensors(weights));
 */
export async function atomicWriteFile(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = fileSystem('atomicWriteFile');
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${(counter++).toString(36)}.tmp`);
  const handle = await fs.open(tmp, 'wx', options.mode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
  if (options.syncDirectory ?? true) await syncDirectory(dir);
}

/** fsync a directory so a rename in it survives a power cut; a no-op where directories cannot be opened or synced (Windows, some file systems). */
async function syncDirectory(dir: string): Promise<void> {
  const fs = fileSystem('atomicWriteFile');
  let handle: Awaited<ReturnType<typeof fs.open>> | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES' && code !== 'ENOTSUP' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
