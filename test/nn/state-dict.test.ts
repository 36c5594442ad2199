import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Random, Tensor, randn, tensor, zeros } from '../../src/index.js';
import {
  BatchNorm1d, Linear, Sequential, Tanh, deserializeStateDict, serializeStateDict, type FloatDType, type StateDict,
} from '../../src/nn/index.js';

function mlp(sizes: readonly number[], seed: number, options: { dtype?: FloatDType; batchNorm?: boolean } = {}): Sequential {
  const random = new Random(seed);
  const s = new Sequential();
  for (let i = 0; i + 1 < sizes.length; i++) {
    s.append(new Linear(sizes[i]!, sizes[i + 1]!, { random, dtype: options.dtype }));
    if (options.batchNorm) s.append(new BatchNorm1d(sizes[i + 1]!, { dtype: options.dtype }));
    s.append(new Tanh());
  }
  return s;
}

function bits(dict: StateDict): Record<string, { dtype: string; shape: readonly number[]; data: string }> {
  const out: Record<string, { dtype: string; shape: readonly number[]; data: string }> = {};
  // Compare through the raw bytes so that NaN payloads and -0 count.
  for (const [k, t] of Object.entries(dict)) out[k] = { dtype: t.dtype, shape: t.shape, data: Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('hex') };
  return out;
}

describe('stateDict', () => {
  it('holds parameters and buffers by dotted name, per module parameters then buffers', () => {
    const m = mlp([3, 4, 2], 0, { batchNorm: true });
    expect(Object.keys(m.stateDict())).toEqual([
      '0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
      '3.weight', '3.bias', '4.weight', '4.bias', '4.running_mean', '4.running_var', '4.num_batches_tracked',
    ]);
  });

  it('is a snapshot: later training does not change it', () => {
    const m = mlp([3, 2], 0);
    const saved = m.stateDict();
    const w = Array.from(saved['0.weight']!.data);
    (m.at(0) as Linear).weight.data.fill(7);
    expect(Array.from(saved['0.weight']!.data)).toEqual(w);
  });

  it('round-trips into a differently initialised model', () => {
    const a = mlp([5, 4, 3], 1, { batchNorm: true });
    a.forward(randn([6, 5], { random: new Random(2) })); // moves the running statistics
    const b = mlp([5, 4, 3], 99, { batchNorm: true });
    expect(bits(b.stateDict())).not.toEqual(bits(a.stateDict()));
    const result = b.loadStateDict(a.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(bits(b.stateDict())).toEqual(bits(a.stateDict()));
    a.eval();
    b.eval();
    const x = randn([3, 5], { random: new Random(3) });
    expect(b.forward(x).toFlatArray()).toEqual(a.forward(x).toFlatArray());
  });

  it('loads in place (parameter identity is kept) and converts dtypes', () => {
    const m = mlp([2, 2], 0);
    const w = (m.at(0) as Linear).weight;
    m.loadStateDict({ '0.weight': tensor([[1, 2], [3, 4]], { dtype: 'float64' }), '0.bias': tensor([0.1, 0.2], { dtype: 'float64' }) });
    expect((m.at(0) as Linear).weight).toBe(w);
    expect(w.dtype).toBe('float32');
    expect(Array.from(w.data)).toEqual([1, 2, 3, 4]);
  });

  it('accepts a Map', () => {
    const a = mlp([2, 3], 1);
    const b = mlp([2, 3], 2);
    b.loadStateDict(new Map(Object.entries(a.stateDict())));
    expect(bits(b.stateDict())).toEqual(bits(a.stateDict()));
  });
});

describe('legacy state-dict names', () => {
  const camel = (dict: StateDict): StateDict =>
    Object.fromEntries(Object.entries(dict).map(([k, v]) => [k.replace('running_mean', 'runningMean').replace('running_var', 'runningVar').replace('num_batches_tracked', 'numBatchesTracked'), v]));

  it('BatchNorm buffers saved under descent 0.1 names (runningMean, ...) load strictly into the PyTorch names', () => {
    const a = mlp([5, 4, 3], 1, { batchNorm: true });
    a.forward(randn([6, 5], { random: new Random(2) }));
    const old = camel(a.stateDict());
    expect(Object.keys(old)).toContain('1.runningMean');
    const b = mlp([5, 4, 3], 9, { batchNorm: true });
    expect(b.loadStateDict(old)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(bits(b.stateDict())).toEqual(bits(a.stateDict()));
    expect(b.loadStateDict(new Map(Object.entries(old)))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const upgraded = b.upgradeStateDict(old);
    expect(Object.keys(upgraded)).toEqual(Object.keys(a.stateDict()));
    expect([...b.upgradeStateDict(new Map(Object.entries(old))).keys()]).toEqual(Object.keys(a.stateDict()));
    const current = a.stateDict();
    expect(b.upgradeStateDict(current)).toBe(current);
  });

  it('a current name wins over a legacy one given beside it, which is then unexpected', () => {
    const bn = new BatchNorm1d(2);
    const dict = bn.stateDict();
    dict['runningMean'] = tensor([5, 5]);
    dict['running_mean'] = tensor([1, 2]);
    expect(() => bn.loadStateDict(dict)).toThrow("loadStateDict: unexpected key 'runningMean'");
    expect(bn.loadStateDict(dict, { strict: false }).unexpectedKeys).toEqual(['runningMean']);
    expect(Array.from(bn.runningMean!.data)).toEqual([1, 2]);
  });

  it('legacy names are only renamed where the module declares them', () => {
    const m = mlp([3, 2], 0);
    expect(() => m.loadStateDict({ ...m.stateDict(), '0.runningMean': tensor([0, 0]) })).toThrow("unexpected key '0.runningMean'");
  });
});

describe('loadStateDict errors', () => {
  const net = (): Sequential => Sequential.named({ fc1: new Linear(784, 256), fc2: new Linear(256, 10) });

  it('names a missing key', () => {
    const dict = net().stateDict();
    delete dict['fc2.bias'];
    expect(() => net().loadStateDict(dict)).toThrow("loadStateDict: missing key 'fc2.bias'");
  });

  it('names unexpected keys', () => {
    const dict = { ...net().stateDict(), 'fc3.weight': zeros([1]), 'fc3.bias': zeros([1]) };
    expect(() => net().loadStateDict(dict)).toThrow("loadStateDict: unexpected keys 'fc3.weight', 'fc3.bias'");
  });

  it('names a shape mismatch with both shapes', () => {
    const dict = net().stateDict();
    dict['fc1.weight'] = zeros([128, 784]);
    expect(() => net().loadStateDict(dict)).toThrow("loadStateDict: shape of 'fc1.weight' is [256,784] in the module but [128,784] in the state dict");
  });

  it('reports every problem at once and changes nothing', () => {
    const m = net();
    const before = m.stateDict();
    const dict = m.stateDict();
    for (const t of Object.values(dict)) t.data.fill(5);
    delete dict['fc1.bias'];
    dict['fc2.bias'] = zeros([11]);
    dict['extra'] = zeros([1]);
    expect(() => m.loadStateDict(dict)).toThrow(
      "loadStateDict: missing key 'fc1.bias'; unexpected key 'extra'; shape of 'fc2.bias' is [10] in the module but [11] in the state dict",
    );
    expect(bits(m.stateDict())).toEqual(bits(before));
  });

  it('strict: false returns missing and unexpected keys but still rejects shapes', () => {
    const m = net();
    const dict = m.stateDict();
    delete dict['fc2.bias'];
    dict['fc3.weight'] = zeros([2]);
    expect(m.loadStateDict(dict, { strict: false })).toEqual({ missingKeys: ['fc2.bias'], unexpectedKeys: ['fc3.weight'] });
    dict['fc1.bias'] = zeros([3]);
    expect(() => m.loadStateDict(dict, { strict: false })).toThrow(/shape of 'fc1.bias' is \[256\]/);
  });

  it('rejects values that are not tensors', () => {
    const dict = net().stateDict() as Record<string, unknown>;
    dict['fc1.bias'] = [1, 2, 3];
    expect(() => net().loadStateDict(dict as StateDict)).toThrow(/'fc1.bias' is object, not a Tensor/);
  });
});

describe('serialisation', () => {
  it('round-trips any architecture, dtype and values exactly through JSON text (property)', () => {
    const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-45, 3.4e38, 1 / 3);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
        fc.constantFrom<FloatDType>('float32', 'float64'),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.tuple(fc.nat(), special), { maxLength: 4 }),
        (sizes, dtype, batchNorm, seed, overrides) => {
          const a = mlp(sizes, seed, { dtype, batchNorm });
          if (batchNorm) a.forward(randn([3, sizes[0]!], { random: new Random(seed), dtype }));
          const params = a.parameters();
          for (const [i, v] of overrides) {
            const p = params[i % params.length]!;
            p.data[i % p.size] = v;
          }
          const text = JSON.stringify(serializeStateDict(a.stateDict()));
          const b = mlp(sizes, seed + 1, { dtype, batchNorm });
          b.loadStateDict(deserializeStateDict(JSON.parse(text)));
          expect(bits(b.stateDict())).toEqual(bits(a.stateDict()));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects malformed input with a clear error', () => {
    const good = serializeStateDict({ w: tensor([1, 2, 3]) });
    expect(deserializeStateDict(good)['w']!.toFlatArray()).toEqual([1, 2, 3]);
    expect(() => deserializeStateDict({ ...good, format: 'x' } as never)).toThrow(/not a serialized state dict/);
    expect(() => deserializeStateDict({ ...good, version: 2 } as never)).toThrow(/unsupported version 2/);
    const short = { ...good, tensors: { w: { ...good.tensors['w']!, shape: [4] } } };
    expect(() => deserializeStateDict(short)).toThrow("deserializeStateDict: 'w' has shape [4] (4 float32 values, 16 bytes) but 12 bytes of data");
    const bad = { ...good, tensors: { w: { ...good.tensors['w']!, data: '%%%' } } };
    expect(() => deserializeStateDict(bad)).toThrow(/'w' has invalid base64/);
  });

  it('keeps int32 buffers as int32', () => {
    const t = deserializeStateDict(serializeStateDict({ n: new Tensor(new Int32Array([-7]), []) }))['n']!;
    expect(t.dtype).toBe('int32');
    expect(t.shape).toEqual([]);
    expect(t.item()).toBe(-7);
  });
});
