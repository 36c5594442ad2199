/**
 * Checkpoints: the weights in safetensors (readable by PyTorch and Hugging Face tools), the large
 * arrays of the training state in a second safetensors file, and a JSON file with the rest of the
 * state, the run's config, and the name, byte length and SHA-256 of both data files.
 *
 * Crash safety: the data files go to fresh names (`<name>.e<epoch>.u<updates>[.state].safetensors`),
 * each written atomically (temporary file, fsync, rename); then the JSON, atomically, switches to
 * them; then the superseded files are removed, if this process wrote them. Killed at any moment, the
 * JSON names complete files whose checksums it holds.
 *
 * Trust: a JSON is input like any other. Every file name in it must be a plain name of a file in
 * its folder; lengths and checksums are verified; the state is validated field by field; weights must
 * be finite. Any problem is a {@link CheckpointError} naming the file and the field.
 */
import { DataError } from '../data/data-error.js';
import { atomicWriteFile } from '../io/atomic-write.js';
import { basename, dirname, fileSystem, join, resolve } from '../platform/node.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';
import { Tensor } from '../tensor/tensor.js';
import { CheckpointError, type CheckpointErrorCode } from './checkpoint-error.js';
import { checkpointDataNames, forgetWritten, plainNameProblem, recordWritten, referencedDataNames, sha256Hex, wasWrittenHere } from './checkpoint-files.js';
import { checkCheckpointAgainst, type CheckpointExpectation } from './checkpoint-expect.js';
import { packArrays, unpackArrays } from './checkpoint-arrays.js';
import { StateProblem, validateTrainingState } from './checkpoint-state.js';
import { firstNonFinite } from './non-finite.js';
import type { TrainingState } from './fit.js';

const FORMAT = 'descent-checkpoint';
const VERSION = 2;
/** A checkpoint JSON holds small state only (arrays live in the state file): refuse anything absurd before reading it. */
const MAX_JSON_BYTES = 256 * 2 ** 20;

/** Which weights evaluation and export use: the averaged iterates, or the raw ones that training continues from. */
export type EvaluationWeights = 'averaged' | 'raw';

/** A data file of a checkpoint as its JSON records it. */
export interface CheckpointFileRecord {
  /** A plain file name in the checkpoint's folder. */
  name: string;
  /** Its length in bytes. */
  bytes: number;
  /** Its SHA-256, lowercase hex. */
  sha256: string;
}

/** The JSON of a version-2 checkpoint. */
interface CheckpointJson {
  format: typeof FORMAT;
  version: 2;
  files: { weights: CheckpointFileRecord; arrays: CheckpointFileRecord };
  evaluate: EvaluationWeights;
  config: unknown;
  /** The training state, with every large array replaced by `{"$array": key}` or `{"$typed": key}`. */
  state: unknown;
}

/** A checkpoint read by {@link loadCheckpoint}: verified and validated. */
export interface LoadedCheckpoint {
  /** The raw weights (and buffers) by name: what training continues from. */
  weights: Record<string, Tensor>;
  state: TrainingState;
  /** The config saved with it (not validated here: the caller knows its schema). */
  config: unknown;
  /** Which weights `eval` and export use; see {@link evaluationWeights}. */
  evaluate: EvaluationWeights;
  /** The format version it was written in (1: no checksums). */
  version: 1 | 2;
  /** The JSON file it was read from. */
  path: string;
}

/** Options of {@link saveCheckpoint}. */
export interface SaveCheckpointOptions {
  /**
   * Which weights evaluation uses: default `'averaged'` when the state holds an averager's state
   * (the held-out metrics of the log were computed with the averaged weights), else `'raw'`.
   */
  evaluate?: EvaluationWeights;
}

/** Options of {@link loadCheckpoint}. */
export interface LoadCheckpointOptions {
  /** Check the weights' and the optimizer state's names, dtypes and shapes against a model and optimizer. */
  expect?: CheckpointExpectation;
}

/**
 * Writes the checkpoint `<prefix>.json` with its weights `<prefix>.e<epoch>.u<updates>.safetensors`
 * and the state's arrays `<prefix>.e<epoch>.u<updates>.state.safetensors`, each atomically and
 * fsynced, the JSON last. Then removes the files the previous `<prefix>.json` named, but only those
 * this process wrote (never a file named by a JSON it did not write).
 *
 * @param prefix the checkpoint's path without `.json`, e.g. `runs/a/last`
 * @param weights the model's `stateDict()` (raw weights and buffers)
 * @param state the resumable state `fit` passes to `onCheckpoint` (or its result's `state`)
 * @param config the run's settings, stored as given (JSON-serialisable)
 *
 * @example
 * ```ts
 * await fit(model, { ...options, onCheckpoint: (state) => saveCheckpoint('run/last', model.stateDict(), state, config) });
 * ```
 */
export async function saveCheckpoint(
  prefix: string,
  weights: Record<string, Tensor> | ReadonlyMap<string, Tensor>,
  state: TrainingState,
  config: unknown,
  options: SaveCheckpointOptions = {},
): Promise<void> {
  const fs = fileSystem('saveCheckpoint');
  const tensors = weights instanceof Map ? Object.fromEntries(weights) : (weights as Record<string, Tensor>);
  const name = basename(prefix);
  const dir = dirname(prefix);
  const jsonPath = `${prefix}.json`;
  if (!Number.isSafeInteger(state.epoch) || state.epoch < 0 || !Number.isSafeInteger(state.updates) || state.updates < 0) {
    throw new Error(`saveCheckpoint: state.epoch and state.updates must be non-negative integers, got ${String(state.epoch)} and ${String(state.updates)}`);
  }
  // The previous JSON is read leniently (a corrupt one is simply replaced) and only to learn which
  // names are taken and which superseded files may go.
  const previous = await readPreviousNames(jsonPath);
  let n = 0;
  let names = checkpointDataNames(name, state.epoch, state.updates);
  // Never overwrite a file the current JSON names: killed between that rename and the JSON's, the
  // checkpoint would point at bytes that fail their checksum.
  while (previous.includes(names.weights) || previous.includes(names.arrays)) names = checkpointDataNames(name, state.epoch, state.updates, ++n);

  const arrays: Record<string, Tensor> = {};
  const packed = packArrays(state, 'state', arrays);
  const weightBytes = encodeSafetensors(tensors, { format: 'pt', producer: 'descent' }, { int64: true }); // counters as PyTorch's int64
  const arrayBytes = encodeSafetensors(arrays, { producer: 'descent', content: 'training state arrays' });
  const file: CheckpointJson = {
    format: FORMAT,
    version: VERSION,
    files: {
      weights: { name: names.weights, bytes: weightBytes.length, sha256: await sha256Hex(weightBytes) },
      arrays: { name: names.arrays, bytes: arrayBytes.length, sha256: await sha256Hex(arrayBytes) },
    },
    evaluate: options.evaluate ?? (state.averaging ? 'averaged' : 'raw'),
    config,
    state: packed,
  };
  const text = JSON.stringify(file);
  for (const [data, fileName] of [[weightBytes, names.weights], [arrayBytes, names.arrays]] as const) {
    const path = join(dir, fileName);
    await atomicWriteFile(path, data);
    recordWritten(resolve(path));
  }
  await atomicWriteFile(jsonPath, text);
  for (const old of previous) {
    if (old === names.weights || old === names.arrays) continue;
    const path = resolve(dir, old);
    if (!wasWrittenHere(path)) continue;
    // Best effort: the new checkpoint is complete; a file that cannot go is only clutter.
    await fs.rm(path, { force: true }).catch(() => undefined);
    forgetWritten(path);
  }
}

/** The plain data-file names the JSON at `jsonPath` refers to, or none if it is missing or unreadable. */
async function readPreviousNames(jsonPath: string): Promise<string[]> {
  const fs = fileSystem('saveCheckpoint');
  let parsed: unknown;
  try {
    const stat = await fs.stat(jsonPath);
    if (!stat.isFile() || stat.size > MAX_JSON_BYTES) return [];
    parsed = JSON.parse(await fs.readFile(jsonPath, 'utf8'));
  } catch {
    return [];
  }
  return referencedDataNames(parsed);
}

/**
 * Reads and verifies a checkpoint written by {@link saveCheckpoint} (`prefix` without `.json`).
 *
 * Checks, in order: the JSON (format, version, fields); that each data file named is a plain name
 * of a regular file in the same folder; its byte length and SHA-256 (version 2); the safetensors
 * structure; the whole training state (types, integers, ranges, consistency); that every weight and
 * averaged weight is finite; and, with `options.expect`, every weight's and optimizer state's name,
 * dtype and shape against the model and optimizer. Version-1 checkpoints (no checksums) still load.
 * Any failure is a {@link CheckpointError}; nothing is ever written or deleted.
 *
 * @example
 * ```ts
 * const checkpoint = await loadCheckpoint('run/last', { expect: { model, optimizer } });
 * model.loadStateDict(checkpoint.weights);
 * await fit(model, { ...options, resume: checkpoint.state });
 * ```
 */
export async function loadCheckpoint(prefix: string, options: LoadCheckpointOptions = {}): Promise<LoadedCheckpoint> {
  const fs = fileSystem('loadCheckpoint');
  const jsonPath = `${prefix}.json`;
  const dir = dirname(prefix);
  const error = (field: string | null, reason: string, cause?: unknown, code: CheckpointErrorCode = 'invalid'): CheckpointError =>
    new CheckpointError(jsonPath, field, reason, { cause, code });

  let text: string;
  try {
    const stat = await fs.stat(jsonPath);
    if (!stat.isFile()) throw error(null, 'is not a file');
    if (stat.size > MAX_JSON_BYTES) throw error(null, `is ${stat.size} bytes, more than any checkpoint JSON (${MAX_JSON_BYTES})`);
    text = await fs.readFile(jsonPath, 'utf8');
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw error(null, 'does not exist', err, 'missing');
    throw error(null, `cannot be read (${(err as Error).message})`, err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw error(null, `is not valid JSON (${(err as Error).message})`, err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || (parsed as { format?: unknown }).format !== FORMAT) {
    throw error('format', `not a descent checkpoint (expected "format": "${FORMAT}")`);
  }
  const f = parsed as Record<string, unknown>;
  if (f.version !== 1 && f.version !== 2) throw error('version', `version ${JSON.stringify(f.version)} is not supported (this descent reads versions 1 and 2)`);
  const version = f.version;

  const readData = async (field: 'weights' | 'arrays', record: unknown): Promise<Record<string, Tensor>> => {
    let expected: { name: string; bytes: number | null; sha256: string | null };
    if (version === 1) {
      const problem = plainNameProblem(record);
      if (problem) throw error(field, problem);
      expected = { name: record as string, bytes: null, sha256: null };
    } else {
      if (typeof record !== 'object' || record === null || Array.isArray(record)) throw error(`files.${field}`, 'expected {name, bytes, sha256}');
      const r = record as Record<string, unknown>;
      const problem = plainNameProblem(r.name);
      if (problem) throw error(field, problem);
      if (typeof r.bytes !== 'number' || !Number.isSafeInteger(r.bytes) || r.bytes < 8) throw error(`files.${field}.bytes`, `expected a byte count, got ${JSON.stringify(r.bytes)}`);
      if (typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.sha256)) throw error(`files.${field}.sha256`, 'expected 64 lowercase hex digits');
      expected = { name: r.name as string, bytes: r.bytes, sha256: r.sha256 };
    }
    const path = join(dir, expected.name);
    const fieldError = (reason: string, cause?: unknown): CheckpointError => new CheckpointError(path, field, reason, { cause });
    let bytes: Uint8Array;
    try {
      const link = await fs.lstat(path);
      if (!link.isFile()) throw fieldError(`is not a regular file${link.isSymbolicLink() ? ' (a symbolic link)' : ''}`);
      // O_NOFOLLOW and O_NONBLOCK (where they exist: no symlink, no waiting on a FIFO swapped in
      // meanwhile) and fstat on the open file: what is checked is what is read.
      const { constants } = fs;
      const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) throw fieldError('is not a regular file');
        if (expected.bytes !== null && stat.size !== expected.bytes) {
          throw fieldError(`has ${stat.size} bytes, the checkpoint records ${expected.bytes}${stat.size < expected.bytes ? ' (truncated)' : ''}`);
        }
        bytes = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (err) {
      if (err instanceof CheckpointError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      throw fieldError(code === 'ENOENT' ? `the file ${expected.name} named by '${field}' does not exist` : `cannot be read (${(err as Error).message})`, err);
    }
    if (expected.bytes !== null && bytes.length !== expected.bytes) throw fieldError(`has ${bytes.length} bytes, the checkpoint records ${expected.bytes}`);
    if (expected.sha256 !== null && (await sha256Hex(bytes)) !== expected.sha256) {
      throw fieldError('SHA-256 mismatch: the file is corrupted or was changed after the checkpoint was written');
    }
    try {
      return decodeSafetensors(bytes, path).tensors;
    } catch (err) {
      if (err instanceof DataError) throw fieldError(`not a valid safetensors file: ${err.message}`, err);
      throw err;
    }
  };

  const files = version === 2 ? f.files : { weights: f.weights, arrays: f.arrays };
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw error('files', 'expected {weights, arrays}');
  const fileRecords = files as Record<string, unknown>;
  const weights = await readData('weights', fileRecords.weights);
  const arrays = await readData('arrays', fileRecords.arrays);

  for (const [name, t] of Object.entries(weights)) {
    if (t.dtype === 'int32') continue;
    const i = firstNonFinite(t.data);
    if (i >= 0) throw error(`weights.${name}`, `element ${i} is ${t.data[i]}: the weights are not finite`);
  }
  let state: TrainingState;
  try {
    if (typeof f.state !== 'object' || f.state === null) throw new StateProblem('state', 'expected an object');
    state = validateTrainingState(unpackArrays(f.state, arrays, 'state'));
  } catch (err) {
    if (err instanceof StateProblem) throw error(err.field, err.reason);
    throw err;
  }
  for (const [name, values] of Object.entries(state.averaging?.averaged ?? {})) {
    const raw = Object.hasOwn(weights, name) ? weights[name] : undefined;
    if (!raw || raw.dtype === 'int32') throw error(`state.averaging.averaged.${name}`, 'averages a weight the checkpoint does not have (or an integer one)');
    if (raw.data.length !== values.length) throw error(`state.averaging.averaged.${name}`, `has ${values.length} values but weight '${name}' has ${raw.data.length}`);
  }
  let evaluate: EvaluationWeights;
  if (version === 1) evaluate = state.averaging ? 'averaged' : 'raw';
  else if (f.evaluate === 'averaged' || f.evaluate === 'raw') evaluate = f.evaluate;
  else throw error('evaluate', `expected "averaged" or "raw", got ${JSON.stringify(f.evaluate)}`);
  if (evaluate === 'averaged' && !state.averaging) throw error('evaluate', '"averaged", but the state holds no averaged weights');
  const checkpoint: LoadedCheckpoint = { weights, state, config: f.config, evaluate, version, path: jsonPath };
  if (options.expect) checkCheckpointAgainst(checkpoint, options.expect);
  return checkpoint;
}
