/**
 * The `<checkpoint>` argument of `descent eval` and `descent export`: a checkpoint's JSON file or a
 * run folder (meaning its `final` checkpoint).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Random } from '../tensor/random.js';
import { loadCheckpoint, type LoadedCheckpoint } from '../train/checkpoint.js';
import { checkCheckpointAgainst } from '../train/checkpoint-expect.js';
import { CHECKPOINT_NAMES, checkpointConfig } from '../train/run-folder.js';
import type { TrainConfig } from '../train/run-config.js';
import { buildModel, type BuiltModel } from '../specs/model-spec.js';
import { asUsage, asUsageSync, UsageError } from './usage-error.js';

/**
 * The checkpoint prefix (path without `.json`) a user's argument means: `<run>/best.json`, or a run
 * folder (its `final`). Anything else — a weights file, a missing path — is a usage error that
 * says what is expected.
 */
export function checkpointPrefix(path: string): string {
  if (path.endsWith('.json')) {
    if (!existsSync(path)) throw new UsageError(`checkpoint ${path} does not exist`);
    return path.slice(0, -'.json'.length);
  }
  if (!existsSync(path)) throw new UsageError(`${path} does not exist; expected a checkpoint .json (e.g. runs/x/best.json) or a run folder`);
  if (!statSync(path).isDirectory()) {
    const kind = path.endsWith('.safetensors') ? 'a weights file' : 'not a checkpoint';
    throw new UsageError(`${path} is ${kind}; expected a checkpoint .json written by descent train (e.g. ${join(dirname(path), 'best.json')}) or a run folder`);
  }
  if (!existsSync(join(path, 'final.json'))) {
    const others = CHECKPOINT_NAMES.filter((n) => n !== 'final' && existsSync(join(path, `${n}.json`)));
    throw new UsageError(`run folder ${path} has no final.json (the run did not finish)${others.length ? `; pass ${others.map((n) => join(path, `${n}.json`)).join(' or ')}` : ''}`);
  }
  return join(path, 'final');
}

/** A checkpoint opened for `descent eval` / `descent export`, with its run's model rebuilt. */
export interface OpenedCheckpoint {
  /** The checkpoint's path without `.json`. */
  prefix: string;
  /** How messages name it: `checkpoint <prefix>.json`. */
  where: string;
  checkpoint: LoadedCheckpoint;
  /** The config the run trained with. */
  config: TrainConfig;
  /** The run's model (fresh weights: load the ones wanted), checked against the checkpoint's weights. */
  built: BuiltModel;
}

/**
 * Opens the checkpoint a user's argument means and rebuilds its model from the run's config,
 * checking that the stored weights fit it (names, shapes) before anything is loaded; every failure is
 * a usage error naming the checkpoint.
 */
export async function openCheckpoint(path: string): Promise<OpenedCheckpoint> {
  const prefix = checkpointPrefix(path);
  const where = `checkpoint ${prefix}.json`;
  const checkpoint = await asUsage(undefined, () => loadCheckpoint(prefix));
  const config = checkpointConfig(checkpoint, where);
  const built = asUsageSync(where, () => buildModel(config.model, new Random(config.seed), { maxParameterBytes: config.maxParameterBytes }));
  asUsageSync(where, () => checkCheckpointAgainst(checkpoint, { model: built.model }));
  return { prefix, where, checkpoint, config, built };
}
