// Bundles the playground (web/) into static files: index.html, app.js (one classic script, so the
// page also opens from file://), panel-worker.js (the classic worker that runs the K-means and
// batch panels' computation off the main thread), networks-worker.js (the network lab's training),
// mnist-worker.js (the MNIST panel's trainer), mnist-digits.bin.gz (its 10,000 digits, ~1.6 MB) and
// app.css. Everything is bundled: the page needs no network.
// Usage: node scripts/build-web.mjs [--out DIR] [--no-minify]   (default DIR: dist/web)
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// No plugin: the library's file access goes through src/platform/node.ts, which the `browser` map of
// src/platform/package.json swaps for browser.ts — as it does for any user's bundler.
/** Builds the page into `outDir`; returns the files written. */
export async function buildWeb({ outDir = join(root, 'dist', 'web'), minify = true } = {}) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'web', 'main.ts'), 'panel-worker': join(root, 'web', 'panel-worker.ts'), 'mnist-worker': join(root, 'web', 'mnist', 'mnist-worker.ts'), 'networks-worker': join(root, 'web', 'networks', 'networks-worker.ts'), 'app-style': join(root, 'web', 'styles.css') },
    outdir: outDir,
    entryNames: '[name]',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'web', 'index.html'), join(outDir, 'index.html'));
  writeFileSync(join(outDir, 'mnist-digits.bin.gz'), await mnistDigitsFile());
  return ['index.html', 'app.js', 'app.js.map', 'panel-worker.js', 'panel-worker.js.map', 'mnist-worker.js', 'mnist-worker.js.map', 'networks-worker.js', 'networks-worker.js.map', 'app-style.css', 'app-style.css.map', 'mnist-digits.bin.gz'].map((f) => join(outDir, f));
}

/**
 * The MNIST panel's digits (web/mnist/digits-file.ts), from the `mnist` package: its TypeScript
 * builder is bundled for Node and imported from memory. `import.meta.url` is pinned to a file of
 * the repository so the library finds the `mnist` package from there.
 */
async function mnistDigitsFile() {
  const bundled = await build({
    entryPoints: [join(root, 'web', 'mnist', 'build-digits.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'package.json')).href) },
    logLevel: 'warning',
  });
  const code = bundled.outputFiles[0].text;
  const { digitsFileGzip } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return digitsFileGzip();
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : undefined;
  const files = await buildWeb({ outDir, minify: !args.includes('--no-minify') });
  console.log(`playground bundled into ${dirname(files[0])}`);
}
