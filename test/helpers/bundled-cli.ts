/**
 * `descent` as a real process, fast: src/cli/main.ts bundled once per test file with esbuild (packages
 * left external) into .tmp/, then run with plain node — about 0.5 s to start instead of several
 * seconds through tsx. For tests that need a process: signals, kills, pipes, exit codes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, type CliRun } from './cli-run.js';

let bundle: Promise<string> | null = null;
const dir = join(ROOT, '.tmp', `cli-test-${process.pid}-${Math.random().toString(36).slice(2)}`);

/** The bundled CLI's path (built on first use). */
export function bundledCli(): Promise<string> {
  bundle ??= (async () => {
    mkdirSync(dir, { recursive: true });
    // Named main.js so that its entry-point check (main.ts / main.js / descent) runs the program.
    const outfile = join(dir, 'main.js');
    await build({ entryPoints: [join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outfile, logLevel: 'error' });
    return outfile;
  })();
  return bundle;
}

/** Removes the bundle (call from afterAll). */
export function removeBundledCli(): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts `descent ...args` from the bundle. */
export async function startDescent(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ChildProcessWithoutNullStreams> {
  const main = await bundledCli();
  return spawn(process.execPath, [main, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

/** A started process with its output collected and its end awaited. */
export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when stdout contains `text`. */
  waitFor(text: string | RegExp): Promise<void>;
  done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts `descent ...args` and collects its output. */
export async function runDescent(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = await startDescent(args, env);
  let out = '';
  let err = '';
  const waiters: Array<{ test: string | RegExp; resolve: () => void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (typeof w.test === 'string' ? out.includes(w.test) : w.test.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const w of waiters) w.resolve();
      resolve({ code, signal, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (test) => new Promise<void>((resolve) => {
      waiters.push({ test, resolve });
      check();
    }),
    done,
  };
}
