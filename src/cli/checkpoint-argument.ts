/**
 * The `<checkpoint>` argument of `descent eval` and `descent export`: a checkpoint's JSON file or a
 * run folder (meaning its `final` checkpoint).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CHECKPOINT_NAMES } from '../train/run-folder.js';
import { UsageError } from './usage-error.js';

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
