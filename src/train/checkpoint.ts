/**
 * Checkpoints: the weights in safetensors (readable by PyTorch and Hugging Face tools) and a JSON
 * file with the resumable training state and the run's config.
 *
 * Crash safety: the weights and the state's arrays go to fresh files named after the epoch, then the
 * JSON (written atomically: temporary file + rename) switches to them, then the previous files are
 * removed.
 * Killed at any moment, the JSON names a complete weights file: a crash never breaks the last
 * checkpoint.
 */
import { basename, dirname, existsSync, join, readFileSync, unlinkSync } from '../platform/node.js';
import { atomicWriteFile } from '../io/atomic-write.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { Tensor as TensorClass, type Tensor } from '../tensor/tensor.js';
import type { TrainingState } from './fit.js';

const FORMAT = 'descent-checkpoint';
const VERSION = 1;

interface CheckpointFile {
  format: typeof FORMAT;
  version: number;
  /** The safetensors file beside this one holding the weights. */
  weights: string;
  /** The safetensors file holding the large numeric arrays of `state` (optimizer moments, ...). */
  arrays: string;
  config: unknown;
  /** The training state, with every large number array replaced by `{"$array": key}`. */
  state: unknown;
}

/** Arrays at least this long leave the JSON for the binary file (exact float64, 8 bytes each). */
const MIN_BINARY_ARRAY = 16;

/**
 * Moves long number arrays out of a JSON-able value into float64 tensors, leaving `{"$array": key}`
 * in their place. Binary float64 is exact for every JS number (NaN, ±Infinity and −0 included, which
 * JSON cannot hold) and about three times smaller than decimal text.
 */
function packArrays(value: unknown, path: string, arrays: Record<string, Tensor>): unknown {
  if (Array.isArray(value)) {
    if (value.length >= MIN_BINARY_ARRAY && value.every((v) => typeof v === 'number')) {
      arrays[path] = new TensorClass(Float64Array.from(value as number[]), [value.length]);
      return { $array: path };
    }
    return value.map((v, i) => packArrays(v, `${path}/${i}`, arrays));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, packArrays(v, `${path}/${k}`, arrays)]));
  }
  return value;
}

function unpackArrays(value: unknown, arrays: Record<string, Tensor>, where: string): unknown {
  if (Array.isArray(value)) return value.map((v) => unpackArrays(v, arrays, where));
  if (value !== null && typeof value === 'object') {
    const ref = (value as { $array?: unknown }).$array;
    if (typeof ref === 'string' && Object.keys(value).length === 1) {
      const t = arrays[ref];
      if (!t) throw new Error(`checkpoint ${where}: the state refers to array '${ref}', which its arrays file lacks`);
      return Array.from(t.data);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unpackArrays(v, arrays, where)]));
  }
  return value;
}

export interface LoadedCheckpoint {
  weights: Record<string, Tensor>;
  state: TrainingState;
  config: unknown;
}

/**
 * Writes `<prefix>.json`, its weights `<prefix>.e<epoch>.safetensors` and the state's large arrays
 * `<prefix>.e<epoch>.state.safetensors`.
 */
export async function saveCheckpoint(prefix: string, weights: Record<string, Tensor> | ReadonlyMap<string, Tensor>, state: TrainingState, config: unknown): Promise<void> {
  const tensors = weights instanceof Map ? Object.fromEntries(weights) : (weights as Record<string, Tensor>);
  const jsonPath = `${prefix}.json`;
  const previous = existsSync(jsonPath) ? readCheckpointFile(jsonPath) : null;
  const weightsName = `${basename(prefix)}.e${state.epoch}.safetensors`;
  const arraysName = `${basename(prefix)}.e${state.epoch}.state.safetensors`;
  const arrays: Record<string, Tensor> = {};
  const packed = packArrays(state, 'state', arrays);
  await saveSafetensors(join(dirname(prefix), weightsName), tensors, { format: 'pt', producer: 'descent' });
  await saveSafetensors(join(dirname(prefix), arraysName), arrays, { producer: 'descent', content: 'training state arrays' });
  const file: CheckpointFile = { format: FORMAT, version: VERSION, weights: weightsName, arrays: arraysName, config, state: packed };
  await atomicWriteFile(jsonPath, JSON.stringify(file));
  for (const old of [previous?.weights, previous?.arrays]) {
    if (!old || old === weightsName || old === arraysName) continue;
    try {
      unlinkSync(join(dirname(prefix), old));
    } catch {
      // Already gone: nothing to clean up.
    }
  }
}

function readCheckpointFile(jsonPath: string): CheckpointFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    throw new Error(`checkpoint ${jsonPath}: cannot read it as JSON (${(err as Error).message})`);
  }
  const f = parsed as Partial<CheckpointFile>;
  if (f.format !== FORMAT || typeof f.weights !== 'string' || typeof f.arrays !== 'string' || typeof f.state !== 'object' || f.state === null) {
    throw new Error(`checkpoint ${jsonPath}: not a descent checkpoint (expected format '${FORMAT}' with 'weights' and 'state')`);
  }
  if (f.version !== VERSION) throw new Error(`checkpoint ${jsonPath}: version ${String(f.version)} is not supported (this descent reads version ${VERSION})`);
  return f as CheckpointFile;
}

/** Reads a checkpoint written by {@link saveCheckpoint} (`prefix` without extension). */
export async function loadCheckpoint(prefix: string): Promise<LoadedCheckpoint> {
  const jsonPath = `${prefix}.json`;
  if (!existsSync(jsonPath)) throw new Error(`checkpoint ${jsonPath} does not exist`);
  const file = readCheckpointFile(jsonPath);
  const contents = await loadSafetensors(join(dirname(prefix), file.weights));
  const arrays = await loadSafetensors(join(dirname(prefix), file.arrays));
  const state = unpackArrays(file.state, arrays.tensors, jsonPath) as TrainingState;
  return { weights: contents.tensors, state, config: file.config };
}
