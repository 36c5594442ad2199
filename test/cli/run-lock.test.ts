/**
 * One `descent train` per run folder: a second one on the same folder (--resume or --out) stops at
 * once naming the holder, the lock goes when the holder ends (normally, on Ctrl-C, on a second
 * Ctrl-C, on an error), and a lock left by a killed process is taken over. An audit ran two
 * `--resume` on one folder: both trained and run.jsonl held 258 rows for 230 epochs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { bundledCli, removeBundledCli, runDescent } from '../helpers/bundled-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// About 70 ms an epoch (160 updates of one sample each): long enough to start a second process.
const ARGS = ['--dataset', 'moons', '--model', 'mlp:2-16-2', '--batch-size', '1', '--learning-rate', '0.01', '--backend', 'js'];
const LOCK = 'train.lock';

const epochsLogged = (dir: string): number[] =>
  readFileSync(join(dir, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { epoch: number }).epoch);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** The pid of a process that has ended (so no process has it, until the system reuses it). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

let base = '';
beforeAll(async () => {
  base = tempDir('run-lock');
  await bundledCli();
}, 60_000);
afterAll(() => removeBundledCli());

describe('descent train: one process per run folder', () => {
  it('a second --resume on a folder being trained stops at once, naming the folder, the pid and what to do; run.jsonl stays exact', async () => {
    const dir = join(base, 'resume');
    const first = await (await runDescent(['train', ...ARGS, '--epochs', '2', '--out', dir])).done;
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(dir, LOCK))).toBe(false);
    const running = await runDescent(['train', '--resume', dir, '--epochs', '30', '--backend', 'js']);
    await running.waitFor(/\n {4}3 {2}/);
    const lock = JSON.parse(readFileSync(join(dir, LOCK), 'utf8')) as { pid: number; hostname: string; started: string };
    expect(lock).toMatchObject({ pid: running.child.pid, hostname: hostname() });
    const second = await (await runDescent(['train', '--resume', dir, '--epochs', '30', '--backend', 'js'])).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`--resume ${dir} is in use by another descent train (pid ${running.child.pid}, since ${lock.started}); wait for it to finish, or stop it (kill -INT ${running.child.pid}: it saves a checkpoint)`);
    expect(second.stdout).not.toContain('resuming');
    const done = await running.done;
    expect(done.code, done.stderr).toBe(0);
    expect(epochsLogged(dir)).toEqual(range(1, 30));
    expect(existsSync(join(dir, LOCK))).toBe(false);
  }, 60_000);

  it('of three trains started at once on one new --out, one runs and the others are refused', async () => {
    const dir = join(base, 'three');
    const runs = await Promise.all([0, 1, 2].map(() => runDescent(['train', ...ARGS, '--epochs', '3', '--out', dir])));
    const results = await Promise.all(runs.map((r) => r.done));
    const ok = results.filter((r) => r.code === 0);
    expect(ok, results.map((r) => r.stderr).join('\n')).toHaveLength(1);
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--out ${dir} (is in use by another descent train|is not empty)`));
    }
    expect(epochsLogged(dir)).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).not.toContain(LOCK);
  }, 60_000);

  it('takes over a lock left by a process that no longer runs, with a note', async () => {
    const dir = join(base, 'stale');
    expect((await (await runDescent(['train', ...ARGS, '--epochs', '1', '--out', dir])).done).code).toBe(0);
    const pid = deadPid();
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid, hostname: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    const resumed = await (await runDescent(['train', '--resume', dir, '--epochs', '2', '--backend', 'js'])).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`took over the lock of ${dir} left by pid ${pid} (since 2026-01-01T00:00:00.000Z), which no longer runs`);
    expect(epochsLogged(dir)).toEqual([1, 2]);
    expect(readdirSync(dir).filter((n) => n.includes('lock'))).toEqual([]);
  }, 60_000);

  it("never takes over another host's lock or one it cannot read: it says which file to delete", async () => {
    const dir = join(base, 'elsewhere');
    expect((await (await runDescent(['train', ...ARGS, '--epochs', '1', '--out', dir])).done).code).toBe(0);
    const other = JSON.stringify({ pid: deadPid(), hostname: `not-${hostname()}`, started: '2026-01-01T00:00:00.000Z' });
    writeFileSync(join(dir, LOCK), other);
    const refused = await (await runDescent(['train', '--resume', dir, '--epochs', '2', '--backend', 'js'])).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`on host not-${hostname()}`);
    expect(refused.stderr).toContain(`if that process no longer runs, delete ${join(dir, LOCK)}`);
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(other);
    writeFileSync(join(dir, LOCK), '');
    const unreadable = await (await runDescent(['train', '--resume', dir, '--epochs', '2', '--backend', 'js'])).done;
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain(`if no descent train is running on this folder, delete ${join(dir, LOCK)}`);
    expect(epochsLogged(dir)).toEqual([1]);
  }, 60_000);

  it('the lock goes on Ctrl-C, on a second Ctrl-C (exit at once) and on SIGTERM; a new --out folder holding only a stale lock is still new', async () => {
    for (const [name, signals] of [['sigint', ['SIGINT']], ['twice', ['SIGINT', 'SIGINT']], ['sigterm', ['SIGTERM']]] as const) {
      const dir = join(base, name);
      const run = await runDescent(['train', ...ARGS, '--epochs', '30', '--out', dir]);
      await run.waitFor(/\n {4}2 {2}/);
      expect(existsSync(join(dir, LOCK))).toBe(true);
      for (const s of signals) run.child.kill(s);
      const r = await run.done;
      expect(r.code, r.stderr).toBe(signals[0] === 'SIGTERM' ? 143 : 130);
      expect(readdirSync(dir), name).not.toContain(LOCK);
    }
    const fresh = join(base, 'fresh-with-stale-lock');
    mkdirSync(fresh);
    writeFileSync(join(fresh, LOCK), JSON.stringify({ pid: deadPid(), hostname: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    const r = await (await runDescent(['train', ...ARGS, '--epochs', '1', '--out', fresh])).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('took over the lock');
    expect(readdirSync(fresh)).not.toContain(LOCK);
  }, 90_000);

  it('the lock goes when training fails (a diverged run: exit 1)', async () => {
    const dir = join(base, 'diverged');
    const r = await (await runDescent(['train', ...ARGS, '--optimizer', 'sgd', '--learning-rate', '1e30', '--epochs', '3', '--out', dir])).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('training diverged');
    expect(readdirSync(dir)).not.toContain(LOCK);
  }, 60_000);
});
