// Completes the package after `tsc -p tsconfig.build.json` has written the ES module build to dist/:
// 1. copies src/platform/package.json (its `browser` map swaps the platform seam for bundlers, and
//    `"type": "module"` keeps the folder's .js files ES modules) to dist/platform/;
// 2. writes the CommonJS build to dist/cjs/: every dist file reachable from the package's entry
//    points, converted file by file (not bundled) so `require('descent')` and
//    `require('descent/experiments')` share one copy of each module, as the ES module build does.
//    `import.meta.url` becomes the file's own URL; dynamic `import()` stays (vega is ESM-only);
//    relative `require("./x.js")` becomes `require("./x.cjs")`;
// 3. writes the CommonJS types: each declaration file reachable from the entries' ones, copied to
//    dist/cjs/**/*.d.cts with relative specifiers ending in .cjs, so TypeScript sees CommonJS types
//    for the `require` condition (what @arethetypeswrong/cli checks).
// Usage: node scripts/build-cjs.mjs [--dist DIR]   (default DIR: dist; the packaging tests build elsewhere)
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distIndex = process.argv.indexOf('--dist');
const dist = distIndex > 0 ? resolve(process.argv[distIndex + 1] ?? '') : join(root, 'dist');
const cjs = join(dist, 'cjs');
/** The package's entry points (package.json `exports`), relative to dist/. */
export const ENTRIES = ['index', 'experiments/index', 'plot/index'];

const relativeJs = /(["'])(\.\.?\/[^"']*?)\.js\1/g;

/** Every dist/*.js file the entries reach (an esbuild bundle pass that writes nothing, for its metafile). */
async function reachableFiles() {
  const { metafile } = await build({
    entryPoints: ENTRIES.map((e) => join(dist, `${e}.js`)),
    bundle: true,
    write: false,
    outdir: join(dist, '.cjs-scan'), // nothing is written (write: false)
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    logLevel: 'error',
  });
  return Object.keys(metafile.inputs).map((f) => resolve(process.cwd(), f)).filter((f) => f.startsWith(dist + '/') && !f.startsWith(cjs + '/'));
}

async function writeCommonJs(files) {
  await build({
    entryPoints: files,
    outbase: dist,
    outdir: cjs,
    outExtension: { '.js': '.cjs' },
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: ['node20'],
    define: { 'import.meta.url': '__descentImportMetaUrl' },
    logLevel: 'warning',
  });
  for (const file of files) {
    const out = join(cjs, relative(dist, file)).replace(/\.js$/, '.cjs');
    let code = readFileSync(out, 'utf8').replace(relativeJs, '$1$2.cjs$1');
    if (code.includes('__descentImportMetaUrl')) code = `const __descentImportMetaUrl = require("node:url").pathToFileURL(__filename).href;\n${code}`;
    writeFileSync(out, code);
  }
}

function writeCommonJsTypes() {
  const todo = ENTRIES.map((e) => join(dist, `${e}.d.ts`));
  const done = new Set();
  while (todo.length > 0) {
    const file = todo.pop();
    if (done.has(file)) continue;
    done.add(file);
    if (!existsSync(file)) throw new Error(`build-cjs: ${relative(root, file)} is missing (run tsc -p tsconfig.build.json first)`);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(relativeJs)) todo.push(join(dirname(file), `${m[2]}.d.ts`));
    const out = join(cjs, relative(dist, file)).replace(/\.d\.ts$/, '.d.cts');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text.replace(relativeJs, '$1$2.cjs$1'));
  }
  return done.size;
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  mkdirSync(join(dist, 'platform'), { recursive: true });
  copyFileSync(join(root, 'src', 'platform', 'package.json'), join(dist, 'platform', 'package.json'));
  rmSync(cjs, { recursive: true, force: true });
  const files = await reachableFiles();
  await writeCommonJs(files);
  const types = writeCommonJsTypes();
  console.log(`CommonJS build: ${files.length} modules and ${types} declaration files in ${relative(root, cjs)}/`);
}
