/**
 * Checkpoints: the weights in safetensors (readable by PyTorch and Hugging Face tools) and a JSON
 * file with the resumable training state and the run's config.
 *
 * Crash safety: the weights go to a fresh file named after the epoch, then the JSON (written
 * atomically: temporary file + rename) switches to it, then the previous weights file is removed.
 * Killed at any moment, the JSON names a complete weights file: a crash never breaks the last
 * checkpoint.
 */
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { atomicWriteFile } from '../io/atomic-write.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TrainingState } from './fit.js';

const FORMAT = 'descent-checkpoint';
const VERSION = 1;

interface CheckpointFile {
  format: typeof FORMAT;
  version: number;
  /** The safetensors file beside this one holding the weights. */
  weights: string;
  config: unknown;
  state: TrainingState;
}

export interface LoadedCheckpoint {
  weights: Record<string, Tensor>;
  state: TrainingState;
  config: unknown;
}

/** Writes `<prefix>.json` and its weights file `<prefix>.e<epoch>.safetensors`. */
export async function saveCheckpoint(prefix: string, weights: Record<string, Tensor> | ReadonlyMap<string, Tensor>, state: TrainingState, config: unknown): Promise<void> {
  const tensors = weights instanceof Map ? Object.fromEntries(weights) : (weights as Record<string, Tensor>);
  const jsonPath = `${prefix}.json`;
  const previous = existsSync(jsonPath) ? readCheckpointFile(jsonPath).weights : null;
  const weightsName = `${basename(prefix)}.e${state.epoch}.safetensors`;
  await saveSafetensors(join(dirname(prefix), weightsName), tensors, { format: 'pt', producer: 'descent' });
  const file: CheckpointFile = { format: FORMAT, version: VERSION, weights: weightsName, config, state };
  await atomicWriteFile(jsonPath, JSON.stringify(file));
  if (previous && previous !== weightsName) {
    try {
      unlinkSync(join(dirname(prefix), previous));
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
  if (f.format !== FORMAT || typeof f.weights !== 'string' || typeof f.state !== 'object' || f.state === null) {
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
  return { weights: contents.tensors, state: file.state, config: file.config };
}
