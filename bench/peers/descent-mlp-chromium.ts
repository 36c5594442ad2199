/**
 * descent's contender in the browser for `npm run bench -- --only pytorch` (bench/pytorch-mlp.ts),
 * one run per process like the others: the shared loop (bench/peers/mlp-loop.ts) bundled for the
 * browser with esbuild (as a user's bundler would), served with the playground's own server (COOP/COEP,
 * local files only) from the folder the bench exported the digits to, and run in Debian's headless
 * Chromium (playwright-core, never a downloaded browser) on the wasm backend, one thread. Issue 14 asks
 * that descent's speed against native PyTorch hold there too. Prints one JSON line.
 *   npx tsx bench/peers/descent-mlp-chromium.ts <dir> <batch|indexSelect> <batch> <samples>
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startPlaygroundServer } from '../../src/cli/commands/playground.js';
import type { MlpLoop } from './mlp-loop.js';

/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

const [dir, loop, batchArg, samplesArg] = process.argv.slice(2);
if (!dir || (loop !== 'batch' && loop !== 'indexSelect')) throw new Error('usage: descent-mlp-chromium.ts <dir> <batch|indexSelect> <batch> <samples>');
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent (apt-get install chromium)`);

// Bundled once per bench (the folder is the bench's): every round runs the same bytes.
if (!existsSync(join(dir, 'mlp-page.js'))) {
  await build({
    entryPoints: [fileURLToPath(new URL('./mlp-page.ts', import.meta.url))],
    outfile: join(dir, 'mlp-page.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>descent MLP bench</title><script src="./mlp-page.js"></script>\n');
}

const server = await startPlaygroundServer({ port: 0, root: dir });
const profile = mkdtempSync(join(tmpdir(), 'descent-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
  await page.goto(server.url);
  const result = await page.evaluate(([l, b, s]) => window.runMlp(l as MlpLoop, Number(b), Number(s)), [loop, batchArg, samplesArg] as const);
  console.log(JSON.stringify(result));
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
