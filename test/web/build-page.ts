/** Builds the playground page, or the threads test page, into a fresh temporary folder (shared by the web tests). */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { tempDir } from '../helpers/temp-dir.js';

/** Runs scripts/build-web.mjs into a new folder and returns it. */
export function buildPage(): string {
  const out = tempDir('web');
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--out', out], { stdio: 'pipe' });
  return out;
}

/** Bundles test/web/threads-page.ts with an index.html into a new folder and returns it. */
export function buildThreadsPage(): string {
  const out = tempDir('threads-page');
  buildSync({ entryPoints: [join('test', 'web', 'threads-page.ts')], outfile: join(out, 'app.js'), bundle: true, format: 'iife', platform: 'browser', target: ['es2022'], logLevel: 'warning' });
  writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>descent threads</title><script src="app.js"></script>\n');
  return out;
}
