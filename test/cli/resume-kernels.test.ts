/**
 * `descent train --resume` and the kernels of a run: each checkpoint records which kernels computed
 * the run (wasm FMA, wasm plain, js — they may round the last bits differently), and a resume on
 * other kernels says so in one note line on stderr, then trains as usual. Same kernels, or an older
 * checkpoint that does not record them: no note. A tampered record: the checkpoint is refused,
 * naming the field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliInProcess } from '../helpers/cli-run.js';
import { copyFolder } from '../helpers/folder-snapshot.js';
import { editJson } from '../helpers/edit-json.js';
import { tempDir } from '../helpers/temp-dir.js';
import { wasmRelaxedSimdSupported, wasmSimdSupported } from '../../src/backend/wasm/index.js';
import { backend } from '../../src/backend/index.js';
import { kernelsOf } from '../../src/train/kernels.js';

const SMALL = ['--dataset', 'moons', '--model', 'mlp:2-8-2', '--batch-size', '32', '--learning-rate', '0.05', '--schedule', 'constant'];
const base = tempDir('resume-kernels');
const NOTE = /note: the run so far was computed by/;

/** The kernels a checkpoint of the run records (undefined when it records none). */
const recorded = (dir: string, name = 'last'): unknown =>
  (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { state: { kernels?: unknown } }).state.kernels;

/** The kernels of each row of the run's run.jsonl. */
const logKernels = (dir: string): unknown[] =>
  readFileSync(join(dir, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { kernels?: unknown }).kernels);

const fmaBefore = process.env.DESCENT_WASM_FMA;
afterEach(() => {
  if (fmaBefore === undefined) delete process.env.DESCENT_WASM_FMA;
  else process.env.DESCENT_WASM_FMA = fmaBefore;
});

/** A finished 1-epoch run on `backend`, copied to a fresh folder named `name`. */
async function oneEpoch(name: string, ...backend: string[]): Promise<string> {
  const dir = join(base, name);
  const r = await runCliInProcess('train', ...SMALL, ...backend, '--epochs', '1', '--out', dir);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

describe('descent train --resume: the kernels of a run', () => {
  it('same kernels: no note; the checkpoints record one entry', async () => {
    const dir = await oneEpoch('same', '--backend', 'js');
    expect(recorded(dir)).toEqual(['js']);
    const r = await runCliInProcess('train', '--resume', dir, '--epochs', '2', '--backend', 'js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/resuming .* from checkpoint 'last' \(epoch 1\)/);
    expect(r.stderr).not.toMatch(NOTE);
    expect(recorded(dir)).toEqual(['js']);
    expect(recorded(dir, 'final')).toEqual(['js']);
    expect(logKernels(dir)).toEqual([['js'], ['js']]);
  });

  it.skipIf(!wasmRelaxedSimdSupported())('an FMA run resumed with DESCENT_WASM_FMA=0: one note naming both, training goes on, the change recorded', async () => {
    delete process.env.DESCENT_WASM_FMA;
    const dir = await oneEpoch('fma-then-plain', '--backend', 'wasm', '--threads', '1');
    expect(recorded(dir)).toEqual(['wasm FMA']);
    process.env.DESCENT_WASM_FMA = '0';
    const r = await runCliInProcess('train', '--resume', dir, '--epochs', '2', '--backend', 'wasm', '--threads', '1');
    expect(r.code, r.stderr).toBe(0);
    const notes = r.stderr.split('\n').filter((l) => NOTE.test(l));
    expect(notes).toEqual([
      'descent train: note: the run so far was computed by wasm FMA kernels, this resume uses wasm plain: from here results may differ ' +
        'in the last bits from an uninterrupted run (DESCENT_WASM_FMA=0 or --backend js chooses kernels)',
    ]);
    expect(recorded(dir, 'final')).toEqual(['wasm FMA', 'wasm plain']);
    // run.jsonl says which kernels computed each epoch.
    expect(logKernels(dir)).toEqual([['wasm FMA'], ['wasm plain']]);
    // Back on FMA: still a note, since the run so far ended on plain kernels.
    delete process.env.DESCENT_WASM_FMA;
    const back = await runCliInProcess('train', '--resume', dir, '--epochs', '3', '--backend', 'wasm', '--threads', '1');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toContain('note: the run so far was computed by wasm FMA, then wasm plain kernels, this resume uses wasm FMA:');
    expect(recorded(dir, 'final')).toEqual(['wasm FMA', 'wasm plain', 'wasm FMA']);
  });

  it.skipIf(!wasmSimdSupported())('a js run resumed on wasm plain: a note (the two give different bits too)', async () => {
    const dir = await oneEpoch('js-then-wasm', '--backend', 'js');
    process.env.DESCENT_WASM_FMA = '0';
    const r = await runCliInProcess('train', '--resume', dir, '--epochs', '2', '--backend', 'wasm', '--threads', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: the run so far was computed by js kernels, this resume uses wasm plain:');
  });

  it('an older checkpoint without the record: resumes with no note, and the record stays absent (unknown, not guessed)', async () => {
    const dir = copyFolder(await oneEpoch('old-source', '--backend', 'js'), join(base, 'old'));
    for (const n of ['last', 'best', 'final']) {
      editJson(join(dir, `${n}.json`), (v) => {
        delete v.state.kernels;
        for (const row of v.state.history) delete row.kernels;
      });
    }
    writeFileSync(join(dir, 'run.jsonl'), readFileSync(join(dir, 'run.jsonl'), 'utf8').replace(/,"kernels":\["js"\]/g, ''));
    const r = await runCliInProcess('train', '--resume', dir, '--epochs', '2', '--backend', wasmSimdSupported() ? 'wasm' : 'js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/note:/);
    expect(r.stderr).not.toMatch(/skipped checkpoint/);
    expect(recorded(dir, 'final')).toBeUndefined();
    // Epoch 1's row was written before the record existed (as an older run's); epoch 2 is known.
    expect(logKernels(dir)).toEqual([undefined, [kernelsOf(backend())]]);
  });

  it.each([
    ['a number in the list', ['js', 7], /state\.kernels\[1\]: expected a kernel name .*got 7/],
    ['a terminal escape sequence', ['\u001b[2Jwasm FMA'], /state\.kernels\[0\]: expected a kernel name .*printable text/],
    ['an empty list', [], /state\.kernels: expected a non-empty list of kernel names/],
    ['a string, not a list', 'js', /state\.kernels: expected a non-empty list of kernel names .*got "js"/],
    ['a repeated entry', ['js', 'js'], /state\.kernels\[1\]: repeats "js"/],
  ])('a tampered record (%s): every checkpoint refused, naming the field; exit 2', async (label, value, message) => {
    const dir = copyFolder(await oneEpoch(`tamper-source-${label.replaceAll(' ', '-')}`, '--backend', 'js'), join(base, `tamper-${label.replaceAll(' ', '-')}`));
    for (const n of ['last', 'best', 'final']) editJson(join(dir, `${n}.json`), (v) => void (v.state.kernels = value));
    const r = await runCliInProcess('train', '--resume', dir, '--epochs', '2', '--backend', 'js');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume: no intact checkpoint: last\.json: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('\u001b');
  });
});
