/**
 * `descent train` as a process: SIGKILL at random instants (inside checkpoint writes too) and
 * resume until done — the final weights are the same bits as an uninterrupted run's and run.jsonl
 * holds exactly epochs 1..N; Ctrl-C saves a resumable checkpoint and prints the resume command; a
 * closed pipe ends quietly; exit codes and DESCENT_DEBUG. Runs the bundled CLI (see bundled-cli.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCli, removeBundledCli, runDescent } from '../helpers/bundled-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// About 70 ms an epoch (160 updates of one sample each), so kills land in every phase of an epoch.
const ARGS = ['--dataset', 'moons', '--model', 'mlp:2-16-2', '--epochs', '10', '--batch-size', '1', '--learning-rate', '0.01', '--backend', 'js'];
const EPOCHS = 10;

interface Checkpoint {
  files: { weights: { sha256: string } };
  state: { epoch: number; partialEpoch?: unknown };
}
const checkpoint = (dir: string, name: string): Checkpoint => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Checkpoint;
/** run.jsonl's rows without their wall time. */
const logRows = (dir: string): Array<Record<string, unknown>> =>
  readFileSync(join(dir, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const { seconds: _seconds, ...rest } = JSON.parse(l) as Record<string, unknown>;
    return rest;
  });

/** A seeded generator (mulberry32): the kill schedule is the same on every run of the test. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let base = '';
let reference = '';

beforeAll(async () => {
  base = tempDir('train-process');
  reference = join(base, 'reference');
  await bundledCli();
  const run = await runDescent(['train', ...ARGS, '--out', reference]);
  const r = await run.done;
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

afterAll(() => removeBundledCli());

/** Asserts that `dir` ended exactly as the uninterrupted reference run. */
function expectSameAsReference(dir: string): void {
  expect(checkpoint(dir, 'final').files.weights.sha256).toBe(checkpoint(reference, 'final').files.weights.sha256);
  expect(checkpoint(dir, 'best').files.weights.sha256).toBe(checkpoint(reference, 'best').files.weights.sha256);
  const rows = logRows(dir);
  expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
  expect(rows).toEqual(logRows(reference));
  // Nothing left behind: no temporary files, no orphaned checkpoint data.
  expect(readdirSync(dir).sort()).toEqual(readdirSync(reference).sort());
}

describe('descent train under SIGKILL', () => {
  it('killed 22 times at seeded random instants (half of them aimed inside checkpoint writes), resumed each time: bit-identical weights, exact run.jsonl', async () => {
    const random = seeded(11);
    let kills = 0;
    let aimedAtWrites = 0;
    // A run that completes before 22 kills (a fast machine) is checked, and a new one is started.
    for (let round = 0; kills < 22 && round < 5; round++) {
      const dir = join(base, `killed-${round}`);
      for (let attempt = 0; attempt < 80; attempt++) {
        const args = attempt === 0 ? ['train', ...ARGS, '--out', dir] : ['train', '--resume', dir, '--backend', 'js'];
        const run = await runDescent(args);
        if (kills >= 22) {
          const r = await run.done;
          expect(r.code, r.stderr).toBe(0);
          break;
        }
        await run.waitFor(/\n {0,4}epoch {2}train loss/);
        if (random() < 0.5) {
          // Right after an epoch's row is printed: fit is writing run.jsonl and the checkpoints.
          await run.waitFor(/\n {3,4}\d+ {2}.*\n[^]*$/);
          await sleep(random() * 6);
          aimedAtWrites++;
        } else {
          await sleep(random() * 100);
        }
        run.child.kill('SIGKILL');
        const r = await run.done;
        if (r.signal === 'SIGKILL') kills++;
        else expect(r.code, r.stderr).toBe(0);
        if (r.code === 0) break;
      }
      expectSameAsReference(dir);
    }
    expect(kills).toBeGreaterThanOrEqual(22);
    expect(aimedAtWrites).toBeGreaterThanOrEqual(8);
  }, 90_000);
});

describe('descent train: Ctrl-C and SIGTERM', () => {
  it('SIGINT finishes the update, saves last mid-epoch, prints the resume command, exits 130; the resumed run is bit-identical', async () => {
    const dir = join(base, 'sigint');
    const run = await runDescent(['train', ...ARGS, '--out', dir]);
    await run.waitFor(/\n {4}3 {2}/);
    await sleep(20);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGINT received: finishing this update and saving a checkpoint/);
    expect(r.stderr).toContain(`checkpoint 'last' saved. To continue: descent train --resume ${dir}`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, 'final.json'))).toBe(false);
    expect(checkpoint(dir, 'last').state.epoch).toBeGreaterThanOrEqual(3);
    const resumed = await (await runDescent(['train', '--resume', dir, '--backend', 'js'])).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/resuming .* from checkpoint 'last' \(epoch \d+/);
    expectSameAsReference(dir);
  }, 30_000);

  it('a second Ctrl-C exits at once (130); the run still resumes to the same bits', async () => {
    const dir = join(base, 'twice');
    const run = await runDescent(['train', ...ARGS, '--out', dir]);
    await run.waitFor(/\n {4}2 {2}/);
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`To continue: descent train --resume ${dir}`);
    const resumed = await (await runDescent(['train', '--resume', dir, '--backend', 'js'])).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expectSameAsReference(dir);
  }, 30_000);

  it('SIGTERM stops the same way with exit code 143', async () => {
    const dir = join(base, 'sigterm');
    const run = await runDescent(['train', ...ARGS, '--out', dir]);
    await run.waitFor(/\n {4}1 {2}/);
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(143);
    expect(r.stderr).toContain(`To continue: descent train --resume ${dir}`);
    expect(existsSync(join(dir, 'last.json'))).toBe(true);
  }, 30_000);
});

describe('descent as a process: pipes, exit codes, DESCENT_DEBUG', () => {
  it('a reader that closes the pipe early (| head) ends the run quietly with exit code 0', async () => {
    const run = await runDescent(['train', ...ARGS, '--out', join(base, 'pipe')]);
    await run.waitFor(/\n {4}1 {2}/);
    run.child.stdout.destroy();
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  }, 30_000);

  it('a usage error: exit 2 and one line; DESCENT_DEBUG=1 adds the stack', async () => {
    const args = ['train', ...ARGS, '--optimizer', 'adamm', '--out', join(base, 'never')];
    const [plain, debug] = await Promise.all([(await runDescent(args)).done, (await runDescent(args, { DESCENT_DEBUG: '1' })).done]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^descent train: --optimizer: unknown optimizer 'adamm'; did you mean 'adam'\? \(valid: sgd, adam, .*\)\n$/);
    expect(debug.code).toBe(2);
    expect(debug.stderr.split('\n')[0]).toBe(plain.stderr.trimEnd());
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(existsSync(join(base, 'never'))).toBe(false);
  }, 30_000);

  it('a run that diverges is a runtime failure: exit 1, one line naming where, the last checkpoint intact', async () => {
    const dir = join(base, 'diverge');
    const r = await (await runDescent(['train', ...ARGS, '--optimizer', 'sgd', '--learning-rate', '1e30', '--out', dir])).done;
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^descent train: training diverged: non-finite .* at epoch 1, batch \d+.*; lower --learning-rate or clip gradients \(--clip-grad-norm\)$/);
  }, 30_000);
});
