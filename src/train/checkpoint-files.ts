/**
 * The files of a checkpoint: which names are descent's own, which a checkpoint may point to, which
 * this process wrote (the only ones it may delete), and their SHA-256.
 */

/**
 * Why a name read from a checkpoint JSON cannot be used as the name of a file in the run folder, or
 * null when it can: a plain file name, no directory part, no `..`, not absolute, no NUL.
 *
 * @example
 * ```ts
 * plainNameProblem('last.e3.u120.safetensors'); // null
 * plainNameProblem('../../victim.txt');         // 'contains a path separator'
 * ```
 */
export function plainNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `must be a file name (a string), got ${describe(name)}`;
  if (name.length === 0) return 'is empty';
  if (name.length > 255) return `is ${name.length} characters long (a file name has at most 255)`;
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.includes('/') || name.includes('\\')) return `contains a path separator: ${JSON.stringify(name)}`;
  if (name === '.' || name === '..') return `is ${JSON.stringify(name)}, not a file`;
  // Windows drive letters (C:x) and alternate data streams (a:b) resolve outside the folder there.
  if (name.includes(':')) return `contains ':': ${JSON.stringify(name)}`;
  return null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v).slice(0, 40)}`;
}

/** A checkpoint data file: `<name>.e<epoch>.u<updates>[.<n>][.state].safetensors` (version 2). */
const DATA_FILE = /^(.+)\.e(\d+)\.u(\d+)(?:\.(\d+))?(\.state)?\.safetensors$/;
/** The version-1 names: `<name>.e<epoch>[.state].safetensors`. */
const DATA_FILE_V1 = /^(.+)\.e(\d+)(\.state)?\.safetensors$/;
/** {@link atomicWriteFile}'s temporary files: `.<target>.<pid>.<stamp>.tmp`. */
const TEMP_FILE = /^\.(.+)\.(\d+)\.([0-9a-z]+)\.tmp$/;

/**
 * The checkpoint name (`last`, `best`, ...) of a descent checkpoint data file, or null when `file`
 * does not follow descent's naming (such a file is never touched).
 */
export function checkpointDataFileOwner(file: string): string | null {
  const m = DATA_FILE.exec(file) ?? DATA_FILE_V1.exec(file);
  return m ? m[1]! : null;
}

/** The target file name and writer pid of an atomic-write temporary file, or null. */
export function atomicTempFile(file: string): { target: string; pid: number } | null {
  const m = TEMP_FILE.exec(file);
  return m ? { target: m[1]!, pid: Number(m[2]) } : null;
}

/** The names of a checkpoint's weights and arrays files for `name` at (epoch, updates), variant `n`. */
export function checkpointDataNames(name: string, epoch: number, updates: number, n = 0): { weights: string; arrays: string } {
  const stem = `${name}.e${epoch}.u${updates}${n > 0 ? `.${n}` : ''}`;
  return { weights: `${stem}.safetensors`, arrays: `${stem}.state.safetensors` };
}

/**
 * The absolute paths of the checkpoint files this process wrote. Only these may be deleted when a
 * newer checkpoint supersedes them: a name in a JSON the process did not write (from an older run,
 * another process, or an attacker) is never a reason to delete anything.
 */
const written = new Set<string>();

/** Records that this process wrote `path` (absolute). */
export function recordWritten(path: string): void {
  written.add(path);
}

/** True when this process wrote `path` (absolute) and has not deleted it since. */
export function wasWrittenHere(path: string): boolean {
  return written.has(path);
}

/** Forgets `path` (after deleting it). */
export function forgetWritten(path: string): void {
  written.delete(path);
}

/** The lowercase hex SHA-256 of `bytes` (Web Crypto: the same in Node and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The data-file names a parsed checkpoint JSON refers to (format 1's `weights`/`arrays`, format 2's
 * `files.*.name`), keeping only plain names: what a checkpoint may own in its folder. Nothing else
 * of the JSON is trusted or checked here.
 *
 * @example
 * referencedDataNames({ files: { weights: { name: 'last.e3.u120.safetensors' } } }); // ['last.e3.u120.safetensors']
 */
export function referencedDataNames(parsed: unknown): string[] {
  const o = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const files = typeof o.files === 'object' && o.files !== null ? Object.values(o.files as Record<string, unknown>) : [];
  const names = [o.weights, o.arrays, ...files.map((f) => (typeof f === 'object' && f !== null ? (f as { name?: unknown }).name : undefined))];
  return names.filter((n): n is string => plainNameProblem(n) === null);
}
