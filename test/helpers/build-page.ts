/** Builds the pages the browser tests serve, each into a fresh temporary folder (removed by whoever serves it). */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { tempDir } from './temp-dir.js';

/** Runs scripts/build-web.mjs (the playground, as `npx descent playground` serves it) into a new folder and returns it. */
export function buildPage(): string {
  const out = tempDir('web');
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--out', out], { stdio: 'pipe' });
  return out;
}

/**
 * Bundles one test page's script (`entry`, a path from the repository root) for the browser, with an
 * index.html titled `title` that loads it, into a new folder and returns it.
 */
export function bundleTestPage(entry: string, title: string): string {
  const out = tempDir('test-page');
  buildSync({ entryPoints: [entry], outfile: join(out, 'app.js'), bundle: true, format: 'iife', platform: 'browser', target: ['es2022'], logLevel: 'warning' });
  writeFileSync(join(out, 'index.html'), `<!doctype html><meta charset="utf-8"><title>${title}</title><script src="app.js"></script>\n`);
  return out;
}

/** The wasm-threads test page (test/web/threads-page.ts). */
export function buildThreadsPage(): string {
  return bundleTestPage(join('test', 'web', 'threads-page.ts'), 'descent threads');
}
