/**
 * The fingerprint of a run's data: size and SHA-256 of each file its dataset spec reads. `descent
 * train` records it in config.json; `--resume` and `descent eval <run>` recompute it before reading
 * the data and refuse a mismatch, so a run never silently continues or is scored on other data (a
 * relative path seen from another directory, a file edited in place). The check runs before any
 * parser, so a dataset path planted in someone else's run folder is never parsed (and no cell of it
 * echoed in an error) unless the file is the one recorded.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { DataError } from '../data/data-error.js';
import { fileReadError } from '../data/file-error.js';
import { datasetFiles } from '../specs/dataset-spec.js';
import type { DataFileFingerprint } from '../train/run-config.js';
import { UsageError } from './usage-error.js';

/** Hex digits of a SHA-256 shown in messages: enough to tell two files apart by eye. */
const SHORT_HASH = 12;

/**
 * Size and SHA-256 of one file, hashed as a stream (a large IDX file is never held whole). A read
 * failure is a DataError naming the file (`no such file`).
 *
 * @example
 * await fingerprintFile('data/iris.csv'); // { file: '/home/me/data/iris.csv', bytes: 4551, sha256: '6f1c…' }
 */
export async function fingerprintFile(path: string): Promise<DataFileFingerprint> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (e) {
    throw fileReadError(e, path, 'a data file');
  }
  return { file: resolve(path), bytes, sha256: hash.digest('hex') };
}

/**
 * The fingerprint of every file `spec` reads (none for `mnist` and the synthetic datasets).
 *
 * @example
 * await fingerprintDataset('csv:/data/iris.csv'); // [{ file: '/data/iris.csv', bytes: 4551, sha256: '6f1c…' }]
 */
export async function fingerprintDataset(spec: string): Promise<DataFileFingerprint[]> {
  const fingerprints: DataFileFingerprint[] = [];
  for (const file of await datasetFiles(spec)) fingerprints.push(await fingerprintFile(file));
  return fingerprints;
}

/** How {@link verifyDatasetFingerprint} reports. */
export interface VerifyOptions {
  /** The command, for the warning's prefix: `descent eval`. */
  command: string;
  /** Where the spec and the record came from (`run config runs/x/config.json`), for the error. */
  where: string | undefined;
  /** What the user can do about a mismatch, appended to the error. */
  remedy: string;
}

/** True when the spec names a file or directory (the datasets a fingerprint covers). */
function namesPath(spec: string): boolean {
  return spec.startsWith('csv:') || spec.startsWith('idx:');
}

function describe(f: DataFileFingerprint): string {
  return `${f.bytes} bytes, sha256 ${f.sha256.slice(0, SHORT_HASH)}…`;
}

/**
 * Checks that the files `spec` reads now are the ones `recorded` when the run trained, before any
 * of them is parsed; throws a {@link UsageError} (exit code 2) naming the file, the recorded and
 * the found size and hash. A run folder older than the record (`recorded` null) cannot be checked:
 * a warning says so on stderr, and the data is used as before.
 *
 * Returns `'unverified'` in that case (the caller reads the file with {@link withoutDataContents}),
 * `'verified'` otherwise.
 *
 * @example
 * await verifyDatasetFingerprint(config.dataset, config.datasetFingerprint, { command: 'descent eval', where, remedy: 'pass --dataset' });
 */
export async function verifyDatasetFingerprint(spec: string, recorded: readonly DataFileFingerprint[] | null, options: VerifyOptions): Promise<'verified' | 'unverified'> {
  if (recorded === null) {
    if (!namesPath(spec)) return 'verified';
    console.error(`${options.command}: warning: the run records no fingerprint of its data (written by an older descent), so ${spec} cannot be checked against the data it was trained on`);
    return 'unverified';
  }
  const fail = (message: string): UsageError => new UsageError(`dataset ${spec}: ${message}; ${options.remedy}`, options.where === undefined ? {} : { where: options.where });
  let files: string[];
  try {
    files = (await datasetFiles(spec)).map((f) => resolve(f));
  } catch (err) {
    // An IDX directory that no longer holds its files: say what the run read.
    throw fail(`${(err as Error).message}; the run read ${recorded.map((r) => r.file).join(' and ') || 'no file'}`);
  }
  const expected = recorded.map((r) => r.file);
  if (files.length !== expected.length || files.some((f, i) => f !== expected[i])) {
    throw fail(`reads ${files.join(' and ') || 'no file'}, but the run read ${expected.join(' and ') || 'no file'}`);
  }
  for (const record of recorded) {
    let found: DataFileFingerprint;
    try {
      found = await fingerprintFile(record.file);
    } catch (err) {
      throw fail(`${(err as Error).message} (the run read ${describe(record)})`);
    }
    if (found.bytes !== record.bytes || found.sha256 !== record.sha256) {
      throw fail(`${record.file} is not the file the run was trained on: recorded ${describe(record)}, found ${describe(found)}`);
    }
  }
  return 'verified';
}

/**
 * Runs `load` (reading a dataset whose path came from a run folder that records no fingerprint)
 * with the contents left out of its errors: a run folder handed over by someone else may point
 * `dataset` at any local file, and a parser's message quotes the cell it choked on. A DataError
 * keeps its location (file, line, column, byte) and says where to look; `hint` says how to see more.
 *
 * @example
 * const data = await withoutDataContents('open the file, or pass --dataset', () => loadDatasetSpec(spec, options));
 */
export async function withoutDataContents<T>(hint: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    const { source, line, column, offset } = err;
    const location = { ...(source === undefined ? {} : { source }), ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }), ...(offset === undefined ? {} : { offset }) };
    throw new DataError(`cannot be read as the run's data (what was found there is not shown: the path comes from the run folder, whose data cannot be verified); ${hint}`, location);
  }
}
