/** Snapshots of folders for tests: every file's relative path and SHA-256, to prove nothing changed. */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `relative path → sha256` of every file under `dir` (folders as `path/` → 'dir'); {} when absent. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (statSync(path).isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(path);
      } else {
        out[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(dir);
  return out;
}

/** Copies a folder (a fixture run) to a new place for a test to mutate. */
export function copyFolder(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}
