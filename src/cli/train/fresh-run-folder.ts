/**
 * The check `descent train` makes before a new run writes anything: `--out` must be a new or empty
 * folder. Its messages name the flag and the command that continues a run found there.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { RUN_CONFIG_FILE, RUN_LOCK_FILE } from '../../train/run-folder.js';
import { UsageError } from '../usage-error.js';

/**
 * Refuses a folder a new run must not write into: an existing file, or a folder with anything in
 * it (a finished run, unrelated files). A lock file alone does not count: whether its holder still
 * runs is the lock's question (src/cli/train/run-lock.ts). Reads only.
 */
export function checkFreshRunFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new UsageError(`--out ${dir} is a file, not a folder`);
  const entries = readdirSync(dir).filter((name) => name !== RUN_LOCK_FILE);
  if (entries.length > 0) {
    const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? ', …' : '');
    const hint = entries.includes(RUN_CONFIG_FILE) ? `to continue that run: descent train --resume ${dir}` : 'choose an empty or new folder';
    throw new UsageError(`--out ${dir} is not empty (it holds ${shown}); ${hint}`);
  }
}
