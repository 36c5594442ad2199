import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import {
  Random, Tensor, buildModel, exportPyTorchWeights, loadPyTorchWeights, loadSafetensors, randn, saveSafetensors, tensor,
} from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('interop');

function bits(dict: Record<string, Tensor>): Record<string, string> {
  return Object.fromEntries(Object.entries(dict).map(([k, t]) => [k, `${t.dtype}${JSON.stringify(t.shape)}:${Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('hex')}`]));
}

describe('exportPyTorchWeights / loadPyTorchWeights', () => {
  it('round-trips a conv net with batch norm exactly, the counter as I64', async () => {
    const a = buildModel('conv:batchnorm', new Random(1)).model;
    a.forward(randn([4, 1, 28, 28], { random: new Random(2) })); // moves the running statistics
    const path = join(dir, 'conv.safetensors');
    await exportPyTorchWeights(a, path, { metadata: { note: 'test' } });
    const file = await loadSafetensors(path);
    expect(file.metadata).toEqual({ note: 'test', format: 'pt' });
    expect(Object.keys(file.tensors).sort()).toEqual(Object.keys(a.stateDict()).sort());
    const b = buildModel('conv:batchnorm', new Random(9)).model;
    expect(await loadPyTorchWeights(b, path)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(bits(b.stateDict())).toEqual(bits(a.stateDict()));
    expect((b.at(1) as unknown as { numBatchesTracked: Tensor }).numBatchesTracked.item()).toBe(1);
  });

  it('float64 models export F64 and load back', async () => {
    const a = buildModel('mlp:2-3-2', new Random(1)).model.to('float64');
    const path = join(dir, 'f64.safetensors');
    await exportPyTorchWeights(a.stateDict(), path);
    const b = buildModel('mlp:2-3-2', new Random(2)).model.to('float64');
    await loadPyTorchWeights(b, path);
    expect(bits(b.stateDict())).toEqual(bits(a.stateDict()));
  });

  it('names the file, missing and unexpected keys, and lists the model\'s keys', async () => {
    const path = join(dir, 'wrong-names.safetensors');
    const model = buildModel('mlp:2-3-2', new Random(1)).model;
    const sd = model.stateDict();
    // A typical mistake: a state dict saved from a wrapper module (`net.model.0.weight`).
    await saveSafetensors(path, Object.fromEntries(Object.entries(sd).map(([k, v]) => [`model.${k}`, v])));
    await expect(loadPyTorchWeights(model, path)).rejects.toThrow(
      `weights ${path} do not fit the model: missing keys '0.weight', '0.bias', '2.weight', '2.bias'; ` +
        "unexpected keys 'model.0.bias', 'model.0.weight', 'model.2.bias', 'model.2.weight'; the model's keys are '0.weight', '0.bias', '2.weight', '2.bias' " +
        "(the file's keys carry the prefix 'model.': save the inner module's state_dict(), or strip it)",
    );
    const loose = await loadPyTorchWeights(model, path, { strict: false });
    expect(loose.missingKeys).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(loose.unexpectedKeys).toHaveLength(4);
  });

  it('names a shape mismatch and changes nothing', async () => {
    const path = join(dir, 'wrong-shape.safetensors');
    const other = buildModel('mlp:2-4-2', new Random(1)).model;
    await exportPyTorchWeights(other, path);
    const model = buildModel('mlp:2-3-2', new Random(1)).model;
    const before = bits(model.stateDict());
    await expect(loadPyTorchWeights(model, path)).rejects.toThrow("shape of '0.weight' is [3,2] in the module but [4,2] in the state dict");
    expect(bits(model.stateDict())).toEqual(before);
  });

  it('loads a descent 0.1 checkpoint weights file (camelCase BatchNorm names, I32 counter)', async () => {
    const a = buildModel('mlp:2-3-2:batchnorm', new Random(1)).model;
    a.forward(tensor([[0, 1], [2, 3], [4, 5]]));
    const legacy = Object.fromEntries(Object.entries(a.stateDict()).map(([k, v]) => [
      k.replace('running_mean', 'runningMean').replace('running_var', 'runningVar').replace('num_batches_tracked', 'numBatchesTracked'), v,
    ]));
    const path = join(dir, 'legacy.e3.safetensors');
    await saveSafetensors(path, legacy, { format: 'pt', producer: 'descent' });
    expect(Object.keys((await loadSafetensors(path)).tensors)).toContain('1.numBatchesTracked');
    const b = buildModel('mlp:2-3-2:batchnorm', new Random(2)).model;
    await loadPyTorchWeights(b, path);
    expect(bits(b.stateDict())).toEqual(bits(a.stateDict()));
  });
});
