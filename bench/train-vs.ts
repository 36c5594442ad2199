/**
 * `descent train`'s default run (MNIST, batch 64, 2 threads; `--epochs`, default 20) of this checkout
 * beside the same run of a baseline git revision, measured in the same session. The baseline is checked
 * out into a temporary detached worktree (node_modules linked to this checkout's, no network) and built
 * with its own `npm run build`; this checkout is built too when its dist/ is missing or older than its
 * sources. Each run is its own process (`node dist/cli/main.js train --epochs N --out <temp>`), old and
 * new alternating, the order swapped every round (old, new, new, old, …) so neither always runs first.
 * Figures: the sum of the epoch times from the run's run.jsonl (`seconds`, training + held-out
 * evaluation), and the whole command's wall time (start-up, loading the digits, checkpoints); each the
 * median of the rounds, with the backend each side's banner named. Slow (a build, then ~10 s per run):
 * it runs only when asked for by name. The worktree and run folders are removed whatever happens.
 *   npm run bench -- --only train-vs --base 11df5d5 [--rounds 2] [--epochs 20]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRAIN_DEFAULTS } from '../src/train/run-config.js';
import type { BenchRow } from './report.js';
import { backendOfBanner, epochSeconds, summarizeTrainVs, type TrainRunFigures } from './train-runs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join('dist', 'cli', 'main.js');
/** What `npm run build` turns into dist/cli/main.js: newer than it means dist/ is stale. */
const SOURCES = ['src', 'assembly', 'scripts', 'package.json', 'tsconfig.build.json'];

/** The value after `--name`, or `fallback` when the flag is absent. */
function argValue(name: string, fallback: string | null): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? '') : fallback;
}

function positiveInt(name: string, fallback: number): number {
  const text = argValue(name, String(fallback))!;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bench train-vs: ${name} must be a positive integer, got '${text}'`);
  return n;
}

/** The last `n` lines of a child's output, for an error message. */
const tail = (text: string, n = 30): string => text.trimEnd().split('\n').slice(-n).join('\n');

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench train-vs: git ${args.join(' ')} failed (status ${r.status}):\n${tail(r.stderr ?? '')}`);
  return r.stdout.trim();
}

/** Runs `npm run build` in `dir`; a failure throws with the end of the build's output. */
function build(dir: string, what: string): void {
  console.error(`bench train-vs: building ${what} (npm run build in ${dir})`);
  const r = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 || !existsSync(join(dir, CLI))) {
    const why = r.error ? r.error.message : r.status !== 0 ? `status ${r.status}` : `no ${CLI} after the build`;
    throw new Error(`bench train-vs: the build of ${what} failed (${why}); older revisions may need another build, see their package.json. The end of its output:\n${tail(`${r.stdout ?? ''}\n${r.stderr ?? ''}`)}`);
  }
}

/** The newest source file of this checkout and its mtime (see SOURCES). */
function newestSource(): { path: string; mtimeMs: number } {
  let newest = { path: '', mtimeMs: 0 };
  const visit = (path: string): void => {
    const mtimeMs = statSync(path).mtimeMs;
    if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  };
  for (const entry of SOURCES) {
    const path = join(ROOT, entry);
    if (!existsSync(path)) continue;
    if (!statSync(path).isDirectory()) visit(path);
    else for (const file of readdirSync(path, { recursive: true, encoding: 'utf8' })) visit(join(path, file));
  }
  return newest;
}

/** Builds this checkout when dist/cli/main.js is missing or older than a source file. */
function ensureCurrentBuilt(): void {
  const cli = join(ROOT, CLI);
  const newest = newestSource();
  const why = !existsSync(cli) ? `${CLI} is missing` : statSync(cli).mtimeMs < newest.mtimeMs ? `${CLI} is older than ${newest.path}` : null;
  if (why) build(ROOT, `this checkout (${why})`);
}

/** One `descent train` process in checkout `dir`, its run folder `out` (not existing yet). */
function trainOnce(dir: string, out: string, epochs: number, label: string): TrainRunFigures {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(dir, CLI), 'train', '--epochs', String(epochs), '--out', out], { cwd: dir, encoding: 'utf8', maxBuffer: 16 << 20 });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    const why = r.signal ? `signal ${r.signal}` : r.error ? r.error.message : `status ${r.status}`;
    throw new Error(`bench train-vs: descent train of ${label} failed (${why}):\n${tail(r.stderr ?? '')}`);
  }
  const log = join(out, 'run.jsonl');
  const seconds = epochSeconds(readFileSync(log, 'utf8'), log);
  if (seconds.length !== epochs) throw new Error(`bench train-vs: ${log} has ${seconds.length} epoch rows, expected ${epochs}`);
  return { epochSeconds: seconds, wallSeconds, backend: backendOfBanner(r.stdout) };
}

/** Removes the baseline worktree (its node_modules link first, so nothing follows it). */
function removeWorktree(dir: string): void {
  const link = join(dir, 'node_modules');
  if (existsSync(link)) unlinkSync(link);
  const r = spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) console.error(`bench train-vs: git worktree remove --force ${dir} failed (${(r.stderr ?? '').trim()}); its folder is deleted, \`git worktree prune\` forgets it`);
}

export async function benchTrainVs(): Promise<BenchRow[]> {
  const base = argValue('--base', null);
  if (!base) throw new Error('bench train-vs: --base <git revision> is required (the checkout to compare this one with, e.g. --base main)');
  const rounds = positiveInt('--rounds', 2);
  const epochs = positiveInt('--epochs', TRAIN_DEFAULTS.epochs);
  const resolved = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { cwd: ROOT, encoding: 'utf8' });
  if (resolved.status !== 0) throw new Error(`bench train-vs: --base ${base} is not a commit of this repository`);
  const commit = resolved.stdout.trim();
  const short = commit.slice(0, 7);
  const baseLabel = commit.startsWith(base) ? short : `${base} (${short})`;
  const temp = mkdtempSync(join(tmpdir(), 'descent-train-vs-'));
  const baseDir = join(temp, `base-${short}`);
  let added = false;
  // A signal lets the run in progress end (its child got it too) and the cleanup below run.
  let interrupted: string | null = null;
  const onSignal = (signal: string): void => void (interrupted = signal);
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    ensureCurrentBuilt();
    git(['worktree', 'add', '--detach', baseDir, commit]);
    added = true;
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(baseDir, 'node_modules'), 'dir');
    build(baseDir, `the baseline ${baseLabel}`);

    const sides = { old: { dir: baseDir, label: baseLabel }, new: { dir: ROOT, label: 'this checkout' } } as const;
    const runs: Record<keyof typeof sides, TrainRunFigures[]> = { old: [], new: [] };
    for (let round = 0; round < rounds; round++) {
      const order: Array<keyof typeof sides> = round % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
      for (const side of order) {
        const r = trainOnce(sides[side].dir, join(temp, 'runs', `${side}-${round + 1}`), epochs, sides[side].label);
        runs[side].push(r);
        console.error(`bench train-vs: round ${round + 1}, ${side}: epochs ${r.epochSeconds.reduce((a, b) => a + b, 0).toFixed(2)} s, command ${r.wallSeconds.toFixed(2)} s, ${r.backend}`);
        await new Promise((resolve) => setImmediate(resolve)); // lets a signal handler run
        if (interrupted) throw new Error(`bench train-vs: interrupted (${interrupted})`);
      }
    }

    const s = summarizeTrainVs(runs.old, runs.new);
    const backendOf = (side: keyof typeof sides): string => [...new Set(runs[side].map((r) => r.backend))].join(' / ');
    console.error(`bench train-vs: old = ${sides.old.label}, ${backendOf('old')}; new = ${sides.new.label}, ${backendOf('new')}; medians of ${rounds} interleaved runs each`);
    for (const [what, f] of [['sum of epoch times', s.epochs], ['whole command', s.command]] as const) {
      console.error(`bench train-vs: ${what}: old ${f.old.toFixed(2)} s, new ${f.new.toFixed(2)} s, new/old ${f.ratio.toFixed(3)}`);
    }
    const name = (what: string): string => `descent train, default run, ${epochs} epochs: ${what} [${backendOf('new')}]`;
    const peerName = `${baseLabel}, ${backendOf('old')}`;
    return [
      { name: name('sum of epoch times'), descent: s.epochs.new, peer: s.epochs.old, peerName, unit: 's', higherIsBetter: false },
      { name: name('whole command'), descent: s.command.new, peer: s.command.old, peerName, unit: 's', higherIsBetter: false },
    ];
  } finally {
    if (added) removeWorktree(baseDir);
    rmSync(temp, { recursive: true, force: true });
    // Only now: a signal relayed again (npx and tsx pass theirs on) must not kill the cleanup.
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}
