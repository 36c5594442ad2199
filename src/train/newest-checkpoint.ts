/** Resume's choice of checkpoint: the newest one that verifies, saying which were skipped and why. */
import { CheckpointError } from './checkpoint-error.js';
import { loadCheckpoint, type LoadCheckpointOptions, type LoadedCheckpoint } from './checkpoint.js';

/** What {@link loadNewestIntactCheckpoint} found. */
export interface NewestCheckpoint {
  /** The checkpoint's name (`last`, `best`, `final`). */
  name: string;
  /** Its path without `.json`. */
  prefix: string;
  checkpoint: LoadedCheckpoint;
  /** The checkpoints that did not verify (missing ones are not listed), with the reason. */
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * Loads every checkpoint `<dir>/<name>.json` of `names` that exists, and returns the intact one with
 * the highest (epoch, updates); ties go to the earlier name. Those that fail verification are listed
 * in `skipped` (for the caller to report). Throws a {@link CheckpointError} when none is intact:
 * with `code: 'missing'` when none exists (a run that never finished an epoch: start afresh), else
 * `'invalid'`. A checkpoint that verifies but does not match `options.expect` is thrown at once
 * (`code: 'mismatch'`): it is the model that is wrong, not the checkpoint.
 *
 * @example
 * ```ts
 * const { name, checkpoint, skipped } = await loadNewestIntactCheckpoint('runs/a', undefined, { expect: { model, optimizer } });
 * for (const s of skipped) console.error(`skipping ${s.name}: ${s.reason}`);
 * ```
 */
export async function loadNewestIntactCheckpoint(
  dir: string,
  names: readonly string[] = ['last', 'best', 'final'],
  options: LoadCheckpointOptions = {},
): Promise<NewestCheckpoint> {
  const { join } = await import('node:path');
  const { existsSync } = await import('node:fs');
  const skipped: Array<{ name: string; reason: string }> = [];
  let best: NewestCheckpoint | null = null;
  for (const name of names) {
    const prefix = join(dir, name);
    if (!existsSync(`${prefix}.json`)) continue;
    let checkpoint: LoadedCheckpoint;
    try {
      checkpoint = await loadCheckpoint(prefix, options);
    } catch (err) {
      // A checkpoint that is intact but does not fit the model: an older one will not fit either.
      if (!(err instanceof CheckpointError) || err.code === 'mismatch') throw err;
      skipped.push({ name, reason: err.message });
      continue;
    }
    const s = checkpoint.state;
    if (!best || s.epoch > best.checkpoint.state.epoch || (s.epoch === best.checkpoint.state.epoch && s.updates > best.checkpoint.state.updates)) {
      best = { name, prefix, checkpoint, skipped };
    }
  }
  if (!best) {
    const why = skipped.length === 0 ? `none of ${names.map((n) => `${n}.json`).join(', ')} exists` : skipped.map((s) => s.reason).join('; ');
    throw new CheckpointError(dir, null, `no intact checkpoint: ${why}`, { code: skipped.length === 0 ? 'missing' : 'invalid' });
  }
  return best;
}
