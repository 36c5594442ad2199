import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Adam, DataLoader, Random, buildModel, crossEntropy, evaluationWeights, fit, loadCheckpoint, loadSafetensors, moons, pytorchModuleSource,
  saveSafetensors, tensor,
} from '../../src/index.js';
import { runInProcess } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('export');
const spec = 'mlp:2-8-2:tanh:batchnorm';

describe('descent export', () => {
  beforeAll(async () => {
    for (const optimizer of ['adam', 'lion']) {
      const run = await runInProcess('train', '--dataset', 'moons', '--model', spec, '--optimizer', optimizer, '--epochs', '1', '--seed', '2', '--out', join(dir, optimizer));
      expect(run.error).toBeNull();
    }
  }, 60_000);

  it('writes the weights under PyTorch\'s names beside the checkpoint and prints the torch.nn module', async () => {
    const run = await runInProcess('export', join(dir, 'adam'));
    expect(run.error).toBeNull();
    const out = join(dir, 'adam', 'final.pytorch.safetensors');
    expect(run.stdout).toContain(`wrote ${out}`);
    expect(run.stdout).toContain(`model = ${pytorchModuleSource(spec)}\nmodel.load_state_dict(load_file(${JSON.stringify(out)}), strict=True)`);
    const { tensors, metadata } = await loadSafetensors(out);
    expect(Object.keys(tensors).sort()).toEqual(['0.bias', '0.weight', '1.bias', '1.num_batches_tracked', '1.running_mean', '1.running_var', '1.weight', '3.bias', '3.weight']);
    expect(metadata).toMatchObject({ format: 'pt', producer: 'descent', model: spec, epoch: '1' });
    expect(existsSync(join(dir, 'adam', 'final.pytorch.optimizer.safetensors'))).toBe(false);
  });

  it('--out and --optimizer-state [file]', async () => {
    const out = join(dir, 'model.safetensors');
    const run = await runInProcess('export', join(dir, 'adam', 'best.json'), '--out', out, '--optimizer-state');
    expect(run.error).toBeNull();
    const state = await loadSafetensors(join(dir, 'model.optimizer.safetensors'));
    expect(state.metadata).toMatchObject({ optimizer: 'Adam' });
    expect(Object.keys(state.tensors)).toContain('state.0.exp_avg_sq');
    const named = await runInProcess('export', join(dir, 'adam'), '--out', out, '--optimizer-state', join(dir, 'opt.safetensors'), '--force');
    expect(named.error).toBeNull();
    expect(existsSync(join(dir, 'opt.safetensors'))).toBe(true);
  });

  it('exports the averaged weights when the run averaged (the raw ones with --raw-weights)', async () => {
    const run = join(dir, 'ema');
    expect((await runInProcess('train', '--dataset', 'moons', '--model', spec, '--averaging', 'ema', '--epochs', '1', '--seed', '2', '--out', run)).error).toBeNull();
    const checkpoint = await loadCheckpoint(join(run, 'final'));
    expect(checkpoint.evaluate).toBe('averaged');
    const averagedRun = await runInProcess('export', run, '--out', join(dir, 'ema-avg.safetensors'), '--optimizer-state');
    expect(averagedRun.stdout).toContain('the averaged weights of');
    expect(averagedRun.stdout).toContain('export them with --raw-weights');
    await runInProcess('export', run, '--out', join(dir, 'ema-raw.safetensors'), '--raw-weights');
    const avg = (await loadSafetensors(join(dir, 'ema-avg.safetensors'))).tensors;
    const raw = (await loadSafetensors(join(dir, 'ema-raw.safetensors'))).tensors;
    const expected = evaluationWeights(checkpoint);
    expect(Array.from(avg['0.weight']!.data)).toEqual(Array.from(expected['0.weight']!.data));
    expect(Array.from(raw['0.weight']!.data)).toEqual(Array.from(checkpoint.weights['0.weight']!.data));
    expect(Array.from(avg['0.weight']!.data)).not.toEqual(Array.from(raw['0.weight']!.data));
    // Buffers are the raw ones in both (as during training's evaluation).
    expect(Array.from(avg['1.running_var']!.data)).toEqual(Array.from(raw['1.running_var']!.data));
  }, 30_000);

  it('a descent 0.1 checkpoint (format 1, camelCase BatchNorm names, I32 counter) still evaluates and exports', async () => {
    // Written as descent 0.1 wrote it: the state inline in the JSON (arrays under 16 numbers stay
    // there), the weights under the old names.
    const run = join(dir, 'old');
    mkdirSync(run);
    const { model } = buildModel(spec, new Random(4));
    model.forward(tensor([[0, 1], [1, 0], [2, 2]]));
    const optimizer = new Adam(model.namedParameters());
    const result = await fit(model, { loss: crossEntropy, optimizer, data: new DataLoader(moons({ samples: 40, seed: 1 }), { batchSize: 8, seed: 1 }), epochs: 1 });
    const old = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k.replace('running_mean', 'runningMean').replace('running_var', 'runningVar').replace('num_batches_tracked', 'numBatchesTracked'), v]));
    await saveSafetensors(join(run, 'final.e1.safetensors'), old, { format: 'pt', producer: 'descent' });
    await saveSafetensors(join(run, 'final.e1.state.safetensors'), {}, { producer: 'descent', content: 'training state arrays' });
    const config = { dataset: 'moons', model: spec, loss: 'cross-entropy', seed: 1, testFraction: 0.2 };
    writeFileSync(join(run, 'final.json'), JSON.stringify({ format: 'descent-checkpoint', version: 1, weights: 'final.e1.safetensors', arrays: 'final.e1.state.safetensors', config, state: result.state }));
    const evaluated = await runInProcess('eval', run);
    expect(evaluated.error).toBeNull();
    expect(evaluated.stdout).toMatch(/loss \d+\.\d{4}/);
    const exported = await runInProcess('export', run, '--out', join(dir, 'old.safetensors'), '--optimizer-state');
    expect(exported.error).toBeNull();
    const { tensors } = await loadSafetensors(join(dir, 'old.safetensors'));
    expect(Array.from(tensors['1.running_var']!.data)).toEqual(Array.from(old['1.runningVar']!.data));
    expect(tensors['1.num_batches_tracked']!.item()).toBe(old['1.numBatchesTracked']!.item());
  }, 30_000);

  it('says what is wrong: a missing checkpoint, an optimizer PyTorch lacks', async () => {
    const missing = await runInProcess('export', join(dir, 'nope'));
    expect(missing.error?.message).toMatch(/nope does not exist; expected a checkpoint \.json/);
    const lion = await runInProcess('export', join(dir, 'lion'), '--optimizer-state');
    expect(lion.error?.message).toMatch(/^--optimizer-state: pytorchOptimizerState: Lion has no torch.optim counterpart/);
    // Checked before anything is written: no weights file is left behind.
    expect(existsSync(join(dir, 'lion', 'final.pytorch.safetensors'))).toBe(false);
  });

  describe('never overwrites what it must not', () => {
    const snapshot = (run: string): Record<string, string> =>
      Object.fromEntries(readdirSync(run).sort().map((name) => [name, readFileSync(join(run, name)).toString('base64')]));

    it("refuses an --out that is one of the run folder's files, directly or through a symbolic link", async () => {
      const run = join(dir, 'adam');
      const before = snapshot(run);
      const checkpointFile = readdirSync(run).find((n) => /^final\.e\d+\.u\d+\.safetensors$/.test(n))!;
      expect(checkpointFile).toBeDefined();
      const alias = join(dir, 'alias');
      symlinkSync(run, alias);
      for (const out of [join(run, checkpointFile), join(run, 'fresh.safetensors'), join(alias, checkpointFile)]) {
        const r = await runInProcess('export', run, '--out', out, '--force');
        expect(r.error?.message).toContain(`--out ${out} is inside the run folder ${run}`);
      }
      const state = await runInProcess('export', run, '--out', join(dir, 'w.safetensors'), '--optimizer-state', join(alias, 'last.json.safetensors'));
      expect(state.error?.message).toContain('--optimizer-state');
      expect(state.error?.message).toContain('is inside the run folder');
      expect(snapshot(run)).toEqual(before);
      expect(existsSync(join(dir, 'w.safetensors'))).toBe(false);
    });

    it("beside a checkpoint outside a run folder (no config.json): refuses only names of checkpoints' data files", async () => {
      const folder = join(dir, 'old'); // written by the descent 0.1 test above: final.json and its files, no config.json
      const before = snapshot(folder);
      const r = await runInProcess('export', folder, '--out', join(folder, 'final.e1.safetensors'), '--force');
      expect(r.error?.message).toMatch(/is named like a checkpoint's data file/);
      expect(snapshot(folder)).toEqual(before);
      expect((await runInProcess('export', folder, '--out', join(folder, 'mine.safetensors'))).error).toBeNull();
    });

    it('requires the .safetensors extension (config.json, run.jsonl are never written)', async () => {
      const run = join(dir, 'adam');
      const before = snapshot(run);
      for (const out of [join(run, 'config.json'), join(run, 'run.jsonl'), join(dir, 'weights.pt')]) {
        const r = await runInProcess('export', run, '--out', out, '--force');
        expect(r.error?.message).toMatch(/the file name must end in \.safetensors/);
      }
      expect(snapshot(run)).toEqual(before);
      expect(existsSync(join(dir, 'weights.pt'))).toBe(false);
    });

    it('refuses an existing file unless --force, and then replaces it', async () => {
      const out = join(dir, 'existing.safetensors');
      writeFileSync(out, 'not yet weights');
      const refused = await runInProcess('export', join(dir, 'adam'), '--out', out);
      expect(refused.error?.message).toBe(`--out ${out} already exists; pass --force to replace it, or choose another name`);
      expect(readFileSync(out, 'utf8')).toBe('not yet weights');
      const forced = await runInProcess('export', join(dir, 'adam'), '--out', out, '--force');
      expect(forced.error).toBeNull();
      expect(Object.keys((await loadSafetensors(out)).tensors)).toContain('0.weight');
      // The default name beside the checkpoint is export's own: replaced with --force too.
      const again = await runInProcess('export', join(dir, 'adam'));
      expect(again.error?.message).toMatch(/final\.pytorch\.safetensors already exists; pass --force/);
      expect((await runInProcess('export', join(dir, 'adam'), '--force')).error).toBeNull();
    });
  });
});
