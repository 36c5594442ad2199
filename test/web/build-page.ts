/** Builds the playground page into a fresh temporary folder (shared by the web tests). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs scripts/build-web.mjs into a new folder and returns it. */
export function buildPage(): string {
  const out = mkdtempSync(join(tmpdir(), 'descent-web-'));
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--out', out], { stdio: 'pipe' });
  return out;
}
