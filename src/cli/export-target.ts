/**
 * Where `descent export` may write: a `.safetensors` file that is not one of the run folder's own
 * files, and not an existing file unless `--force` says so. An audit overwrote a run's config.json,
 * run.jsonl and checkpoint weights with `--out` and broke resume, eval and export of that run.
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CHECKPOINT_NAMES, RUN_CONFIG_FILE } from '../train/run-folder.js';
import { checkpointDataFileOwner } from '../train/checkpoint-files.js';
import { UsageError } from './usage-error.js';

/** The file names export itself writes into a run folder by default (beside the checkpoint). */
const OWN_NAMES = new Set(CHECKPOINT_NAMES.flatMap((name) => [`${name}.pytorch.safetensors`, `${name}.pytorch.optimizer.safetensors`]));

/**
 * The real path `path` would be written at: symbolic links resolved, in the file itself when it
 * exists and in its folder otherwise (a file not yet written has no real path of its own).
 */
export function realTarget(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    // Missing (or a dangling link): the folder's real path and the name.
  }
  let dir = dirname(absolute);
  const tail = [basename(absolute)];
  // Climb to the nearest folder that exists (export does not create folders, but say so later).
  while (!existsSync(dir) && dirname(dir) !== dir) {
    tail.unshift(basename(dir));
    dir = dirname(dir);
  }
  return join(realpathSync(dir), ...tail);
}

/**
 * Refuses an export target `path` given by `flag` (`--out`, `--optimizer-state`): a name not ending
 * in `.safetensors`; a file inside `runDir` (the folder of the checkpoint exported, symbolic links
 * resolved) when that is a run folder (it holds config.json), other than export's own default names
 * `<checkpoint>.pytorch[.optimizer].safetensors`; in a folder that is not a run folder (a checkpoint
 * saved by library code among other files), a checkpoint's data file; anything that is not a file;
 * and an existing file unless `force`. Reads only.
 */
export function checkExportTarget(path: string, flag: string, runDir: string, force: boolean): void {
  if (!path.endsWith('.safetensors')) {
    throw new UsageError(`${flag} ${path}: the file name must end in .safetensors (e.g. ${path.replace(/\.[^./\\]*$/, '')}.safetensors)`);
  }
  const target = realTarget(path);
  const run = realpathSync(runDir);
  const isRunFolder = existsSync(join(run, RUN_CONFIG_FILE));
  const inside = target.startsWith(run + sep);
  const ownName = dirname(target) === run && OWN_NAMES.has(basename(target));
  if (inside && isRunFolder && !ownName) {
    throw new UsageError(`${flag} ${path} is inside the run folder ${runDir}, whose files (config, log, checkpoints) export must not replace; write it outside that folder, or leave out ${flag} for the default name beside the checkpoint`);
  }
  if (inside && !isRunFolder && checkpointDataFileOwner(basename(target)) !== null) {
    throw new UsageError(`${flag} ${path} is named like a checkpoint's data file (<name>.e<epoch>.u<updates>.safetensors) beside the checkpoint exported; choose another name`);
  }
  if (!existsSync(dirname(target))) throw new UsageError(`${flag} ${path}: the folder ${dirname(path)} does not exist`);
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return; // A new file.
  }
  if (stat.isDirectory()) throw new UsageError(`${flag} ${path} is a folder; expected a .safetensors file name`);
  if (!force) throw new UsageError(`${flag} ${path} already exists; pass --force to replace it, or choose another name`);
}
