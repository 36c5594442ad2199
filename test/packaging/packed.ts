/**
 * The package as npm would publish it, built from the current sources, and consumer projects that
 * install it without a network. Shared by the packaging tests.
 *
 * The tarball is built once per source state: the repository's dist/ when it is newer than every
 * input (as in CI, where `npm ci` has just built it), else `tsc -p tsconfig.build.json` and
 * scripts/build-cjs.mjs into a staging folder (never into dist/, which other tests read); then
 * `npm pack`. It is cached in the temporary folder under a hash of everything that goes into it;
 * test files running in parallel wait for the one that builds it (a lock directory).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';

export const REPO = resolve(import.meta.dirname, '..', '..');
const BIN = join(REPO, 'node_modules', '.bin');

/** Every file under `dir`, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Everything the package is built from. */
function inputFiles(): string[] {
  return [...filesUnder(join(REPO, 'src')), ...['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build-cjs.mjs'].map((f) => join(REPO, f))];
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const f of inputFiles()) hash.update(f).update(readFileSync(f));
  return hash.digest('hex').slice(0, 16);
}

/** True when dist/ holds both builds and is newer than every input (`npm run build` ran since the last edit). */
function distIsFresh(): boolean {
  const outputs = ['index.js', 'cjs/index.cjs', 'cjs/index.d.cts', 'platform/package.json'].map((f) => statSync(join(REPO, 'dist', f), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  return Math.min(...outputs) > Math.max(...inputFiles().map((f) => statSync(f).mtimeMs));
}

function build(dir: string): string {
  const stage = join(dir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const f of ['package.json', 'README.md', 'LICENSE']) cpSync(join(REPO, f), join(stage, f));
  if (distIsFresh()) {
    cpSync(join(REPO, 'dist'), join(stage, 'dist'), { recursive: true });
  } else {
    execFileSync(join(BIN, 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist')], { cwd: REPO, stdio: 'pipe' });
    execFileSync(process.execPath, ['scripts/build-cjs.mjs', '--dist', join(stage, 'dist')], { cwd: REPO, stdio: 'pipe' });
  }
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop()!;
  const tarball = join(dir, 'descent.tgz');
  renameSync(join(dir, name), tarball);
  rmSync(stage, { recursive: true, force: true });
  return tarball;
}

/**
 * The path of `descent.tgz` packed from the current sources (built on first use, then cached).
 *
 * @example
 * const tarball = await packedTarball(); // /tmp/descent-pack-1a2b.../descent.tgz
 */
export async function packedTarball(): Promise<string> {
  const dir = join(tmpdir(), `descent-pack-${sourceHash()}`);
  const tarball = join(dir, 'descent.tgz');
  const lock = `${dir}.lock`;
  for (const started = Date.now(); Date.now() - started < 180_000; ) {
    if (existsSync(tarball)) return tarball;
    try {
      mkdirSync(lock);
    } catch {
      // Another test file builds it; a lock older than 3 minutes belongs to a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((ok) => setTimeout(ok, 250));
      continue;
    }
    try {
      mkdirSync(dir, { recursive: true });
      return existsSync(tarball) ? tarball : build(dir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error('packedTarball: timed out waiting for another test file to build the package');
}

/**
 * A fresh project folder with the tarball installed as `node_modules/descent` (extracted, as npm
 * would) and descent's runtime dependencies linked from the repository's node_modules (no network).
 * `packageJson` is written as the project's package.json.
 *
 * @example
 * const app = installInProject(tarball, { name: 'app', type: 'commonjs' });
 */
export function installInProject(tarball: string, packageJson: Record<string, unknown>, extraLinks: string[] = []): string {
  const app = tempDir('consumer');
  const target = join(app, 'node_modules', 'descent');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...extraLinks]) {
    const link = join(app, 'node_modules', dep);
    mkdirSync(resolve(link, '..'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', dep), link, 'dir');
  }
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  return app;
}

/**
 * The README example (examples/readme.ts) as a consumer writes it: importing from 'descent'.
 *
 * @example
 * writeFileSync('app.ts', readmeExample());
 */
export function readmeExample(): string {
  const source = readFileSync(join(REPO, 'examples', 'readme.ts'), 'utf8');
  if (!source.includes("from '../src/index.js'")) throw new Error("examples/readme.ts no longer imports from '../src/index.js'; update readmeExample()");
  return source.replace("from '../src/index.js'", "from 'descent'");
}

/** The training accuracy (in %) a README example run printed. */
export function printedAccuracy(stdout: string): number {
  const m = /training accuracy ([\d.]+)%/.exec(stdout);
  if (!m) throw new Error(`no "training accuracy" line in:\n${stdout}`);
  return Number(m[1]);
}

export { BIN };
