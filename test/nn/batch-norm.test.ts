import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Random, Tensor, noGrad, randn, tensor } from '../../src/index.js';
import { BatchNorm, BatchNorm1d, BatchNorm2d, Linear, ReLU, Sequential, updateBatchNormStatistics } from '../../src/nn/index.js';

const GOLDEN = fileURLToPath(new URL('../../../shared/golden/public.json', import.meta.url));

interface GoldenTensor { dtype: string; shape: number[]; data: number[] }
interface GoldenCase {
  name: string;
  kwargs: Record<string, unknown>;
  inputs: Array<{ name: string; value: GoldenTensor }>;
  output: GoldenTensor;
  upstream_grad: GoldenTensor;
  grads: Record<string, GoldenTensor>;
  extra: Record<string, GoldenTensor>;
}

const f64 = (g: GoldenTensor): Tensor => new Tensor(Float64Array.from(g.data), g.shape);

/** |a − b| ≤ 1e-12 + 1e-10·|b| elementwise (the parity tolerance). */
function expectClose(actual: Tensor | ArrayLike<number>, expected: readonly number[], what: string): void {
  const a = actual instanceof Tensor ? actual.toFlatArray() : Array.from(actual);
  expect(a.length, what).toBe(expected.length);
  a.forEach((v, i) => expect(Math.abs(v - expected[i]!), `${what}[${i}]: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(expected[i]!)));
}

/** Sum over every axis but 1, per channel, of `f(value)`. */
function perChannel(x: Tensor, f: (v: number, c: number) => number): number[] {
  const c = x.shape[1]!;
  const inner = x.shape.slice(2).reduce((n, d) => n * d, 1);
  const out = new Array<number>(c).fill(0);
  for (let i = 0; i < x.size; i++) {
    const ch = Math.floor(i / inner) % c;
    out[ch] = out[ch]! + f(x.data[i]!, ch);
  }
  return out;
}

function batchMoments(x: Tensor): { mean: number[]; unbiased: number[] } {
  const n = x.size / x.shape[1]!;
  const mean = perChannel(x, (v) => v).map((s) => s / n);
  const unbiased = perChannel(x, (v, c) => (v - mean[c]!) ** 2).map((s) => s / (n - 1));
  return { mean, unbiased };
}

describe('BatchNorm: PyTorch golden cases (training, float64)', () => {
  const cases: GoldenCase[] = existsSync(GOLDEN)
    ? (JSON.parse(readFileSync(GOLDEN, 'utf8')).ops.cases as GoldenCase[]).filter((c) => c.name.startsWith('batch_norm'))
    : [];

  it.runIf(existsSync(GOLDEN))('the golden file has both cases', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(['batch_norm_1d', 'batch_norm_2d']);
  });

  for (const c of cases) {
    it(`${c.name}: output, gradients and running statistics`, () => {
      const input = (name: string): GoldenTensor => c.inputs.find((i) => i.name === name)!.value;
      const x = f64(input('x')).requireGrad();
      const Layer = x.rank === 4 ? BatchNorm2d : BatchNorm1d;
      const bn = new Layer(x.shape[1]!, { dtype: 'float64', momentum: c.kwargs.momentum as number, eps: c.kwargs.eps as number });
      bn.loadStateDict({
        weight: f64(input('weight')),
        bias: f64(input('bias')),
        running_mean: f64(input('running_mean')),
        running_var: f64(input('running_var')),
        num_batches_tracked: new Tensor(new Int32Array([0]), []),
      });
      const y = bn.forward(x);
      expectClose(y, c.output.data, 'output');
      y.backward(f64(c.upstream_grad));
      expectClose(x.grad!, c.grads['x']!.data, 'grad x');
      expectClose(bn.weight!.grad!, c.grads['weight']!.data, 'grad weight');
      expectClose(bn.bias!.grad!, c.grads['bias']!.data, 'grad bias');
      expectClose(bn.runningMean!.data, c.extra['running_mean_after']!.data, 'running mean');
      expectClose(bn.runningVar!.data, c.extra['running_var_after']!.data, 'running var (unbiased)');
      expect(bn.numBatchesTracked!.item()).toBe(1);
    });
  }
});

describe('BatchNorm: training and evaluation', () => {
  it('normalises with the biased variance, tracks the unbiased one (hand-computed)', () => {
    const bn = new BatchNorm1d(1, { dtype: 'float64' });
    const y = bn.forward(tensor([[1], [2], [3], [4]], { dtype: 'float64' }));
    // mean 2.5, biased variance 1.25, unbiased 5/3.
    expectClose(y, [1, 2, 3, 4].map((v) => (v - 2.5) / Math.sqrt(1.25 + 1e-5)), 'y');
    expectClose(bn.runningMean!.data, [0.25], 'running mean');
    expectClose(bn.runningVar!.data, [0.9 + 0.1 * (5 / 3)], 'running var');
  });

  it('BatchNorm2d takes statistics over N, H and W, and repeated batches follow the momentum recurrence', () => {
    const bn = new BatchNorm2d(3, { dtype: 'float64', momentum: 0.3 });
    let rm = [0, 0, 0];
    let rv = [1, 1, 1];
    for (let step = 0; step < 4; step++) {
      const x = randn([2, 3, 4, 5], { dtype: 'float64', random: new Random(step), mean: step, std: 1 + step });
      const { mean, unbiased } = batchMoments(x);
      bn.forward(x);
      rm = rm.map((r, c) => 0.7 * r + 0.3 * mean[c]!);
      rv = rv.map((r, c) => 0.7 * r + 0.3 * unbiased[c]!);
      expectClose(bn.runningMean!.data, rm, `running mean after ${step + 1}`);
      expectClose(bn.runningVar!.data, rv, `running var after ${step + 1}`);
    }
    expect(bn.numBatchesTracked!.item()).toBe(4);
  });

  it('eval mode uses the running statistics and leaves them alone', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    // The camelCase names of descent 0.1 still load (renamed to PyTorch's).
    bn.loadStateDict({
      weight: tensor([2, 3], { dtype: 'float64' }), bias: tensor([0.5, -1], { dtype: 'float64' }),
      runningMean: tensor([1, -1], { dtype: 'float64' }), runningVar: tensor([4, 0.25], { dtype: 'float64' }),
      numBatchesTracked: new Tensor(new Int32Array([9]), []),
    });
    bn.eval();
    const y = bn.forward(tensor([[3, 0]], { dtype: 'float64' })); // a batch of one is fine in eval
    expectClose(y, [((3 - 1) / Math.sqrt(4 + 1e-5)) * 2 + 0.5, ((0 + 1) / Math.sqrt(0.25 + 1e-5)) * 3 - 1], 'y');
    expect(Array.from(bn.runningMean!.data)).toEqual([1, -1]);
    expect(Array.from(bn.runningVar!.data)).toEqual([4, 0.25]);
    expect(bn.numBatchesTracked!.item()).toBe(9);
  });

  it('momentum null keeps the cumulative average of batch statistics', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64', momentum: null });
    const means: number[][] = [];
    const vars: number[][] = [];
    for (let k = 0; k < 5; k++) {
      const x = randn([4, 3, 2], { dtype: 'float64', random: new Random(10 + k), mean: k });
      const m = batchMoments(x);
      means.push(m.mean);
      vars.push(m.unbiased);
      bn.forward(x);
    }
    const avg = (rows: number[][]): number[] => rows[0]!.map((_, c) => rows.reduce((s, r) => s + r[c]!, 0) / rows.length);
    expectClose(bn.runningMean!.data, avg(means), 'cumulative mean');
    expectClose(bn.runningVar!.data, avg(vars), 'cumulative var');
  });

  it('without running statistics, eval mode normalises with the batch; affine=false has no parameters', () => {
    const bn = new BatchNorm1d(2, { trackRunningStats: false, affine: false, dtype: 'float64' });
    expect(bn.namedParameters()).toEqual([]);
    expect(bn.namedBuffers()).toEqual([]);
    expect(bn.runningMean).toBeNull();
    const x = tensor([[1, 10], [3, 30]], { dtype: 'float64' });
    const train = bn.forward(x).toFlatArray();
    expect(bn.eval().forward(x).toFlatArray()).toEqual(train);
    const [s0, s1] = [Math.sqrt(1 + 1e-5), Math.sqrt(100 + 1e-5)]; // biased variances 1 and 100
    expectClose(train, [-1 / s0, -10 / s1, 1 / s0, 10 / s1], 'batch-normalised');
  });

  it('resetRunningStats and resetParameters', () => {
    const bn = new BatchNorm1d(2);
    bn.forward(randn([4, 2], { random: new Random(1) }));
    bn.weight!.data.fill(3);
    bn.resetRunningStats();
    expect([...bn.runningMean!.data, ...bn.runningVar!.data, bn.numBatchesTracked!.item()]).toEqual([0, 0, 1, 1, 0]);
    expect(Array.from(bn.weight!.data)).toEqual([3, 3]);
    bn.resetParameters();
    expect(Array.from(bn.weight!.data)).toEqual([1, 1]);
  });
});

describe('BatchNorm: bad input', () => {
  it('names the layer and the shape', () => {
    expect(() => new BatchNorm1d(3).forward(randn([2, 3, 4, 5]))).toThrow('BatchNorm1d(3): expected a 2-D [N, C] or 3-D [N, C, L] input, got [2,3,4,5]');
    expect(() => new BatchNorm2d(3).forward(randn([2, 3, 4]))).toThrow('BatchNorm2d(3): expected a 4-D NCHW input, got [2,3,4]');
    expect(() => new BatchNorm1d(3).forward(randn([8, 4]))).toThrow('BatchNorm1d(3): expected 3 channels at axis 1, got [8,4]');
    expect(() => new BatchNorm1d(3).forward(randn([1, 3]))).toThrow('BatchNorm1d(3): expected more than 1 value per channel when training, got input [1,3]');
    expect(() => new BatchNorm1d(0)).toThrow('BatchNorm1d(0): numFeatures must be an integer >= 1, got 0');
    expect(() => new BatchNorm2d(4, { momentum: 1.5 })).toThrow(/momentum must be in \[0, 1\] or null, got 1.5/);
    expect(() => new BatchNorm2d(4, { eps: -1 })).toThrow(/eps must be a finite number >= 0/);
  });

  it('a rejected batch does not count as tracked', () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(randn([1, 3]))).toThrow();
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });
});

describe('updateBatchNormStatistics (swa_utils.update_bn)', () => {
  function model(): Sequential {
    const r = new Random(3);
    return new Sequential(new Linear(4, 5, { random: r, dtype: 'float64' }), new BatchNorm1d(5, { dtype: 'float64', momentum: 0.2 }), new ReLU(), new Linear(5, 2, { random: r, dtype: 'float64' }), new BatchNorm1d(2, { dtype: 'float64' }));
  }

  it('recomputes running statistics as the equal-weight average over the batches', () => {
    const m = model();
    m.forward(randn([6, 4], { dtype: 'float64', random: new Random(0), mean: 5 })); // stale statistics
    m.eval();
    const batches = [0, 1, 2].map((k) => randn([8, 4], { dtype: 'float64', random: new Random(20 + k) }));
    const hidden = noGrad(() => batches.map((x) => (m.at(0) as Linear).forward(x)));
    const moments = hidden.map(batchMoments);
    updateBatchNormStatistics(m, batches.map((x) => [x, 'label'] as const));
    const bn = m.at(1) as BatchNorm;
    expectClose(bn.runningMean!.data, [0, 1, 2, 3, 4].map((c) => moments.reduce((s, mo) => s + mo.mean[c]!, 0) / 3), 'mean');
    expectClose(bn.runningVar!.data, [0, 1, 2, 3, 4].map((c) => moments.reduce((s, mo) => s + mo.unbiased[c]!, 0) / 3), 'var');
    expect(bn.numBatchesTracked!.item()).toBe(3);
    expect(bn.momentum).toBe(0.2);
    expect((m.at(4) as BatchNorm).momentum).toBe(0.1);
    expect(m.modules().every((c) => !c.training)).toBe(true);
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('restores momentum and mode when forward throws', () => {
    const m = model();
    expect(() => updateBatchNormStatistics(m, [randn([3, 4], { dtype: 'float64' }), randn([3, 7], { dtype: 'float64' })])).toThrow(/Linear\(4, 5\)/);
    expect((m.at(1) as BatchNorm).momentum).toBe(0.2);
    expect(m.training).toBe(true);
    expect(() => updateBatchNormStatistics(m, [42 as unknown as Tensor])).toThrow('updateBatchNormStatistics: batch 0 is neither a Tensor nor a tuple starting with a Tensor');
  });

  it('does not read the batches when there is no BatchNorm', () => {
    let read = false;
    function* batches(): Generator<Tensor> {
      read = true;
      yield randn([2, 4]);
    }
    updateBatchNormStatistics(new Sequential(new Linear(4, 2)), batches());
    expect(read).toBe(false);
  });
});
