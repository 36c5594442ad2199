import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Random, Tensor, arange, conv2d, elu, gelu, leakyRelu, logSoftmax, ones, randn, relu, sigmoid, silu, softmax, softplus, tanh, tensor,
} from '../../src/index.js';
import {
  AvgPool2d, Conv2d, Dropout, ELU, Flatten, GELU, Identity, LayerNorm, LeakyReLU, Linear, LogSoftmax, MaxPool2d, ReLU, SiLU, Sigmoid,
  Sequential, Softmax, Softplus, Tanh,
} from '../../src/nn/index.js';

const GOLDEN = fileURLToPath(new URL('../../../shared/golden/public.json', import.meta.url));

function expectAllClose(a: Tensor, b: Tensor | readonly number[], tol = 1e-12): void {
  const x = a.toFlatArray();
  const y = b instanceof Tensor ? b.toFlatArray() : [...b];
  expect(x.length).toBe(y.length);
  x.forEach((v, i) => expect(Math.abs(v - y[i]!), `element ${i}: ${v} vs ${y[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!))));
}

describe('Linear', () => {
  const layer = (bias = true): Linear => new Linear(3, 2, { dtype: 'float64', bias, random: new Random(0) });

  it('computes x Wᵀ + b for [N, in], [in] and [B, T, in] inputs', () => {
    const fcl = layer();
    const [w, b] = [fcl.weight.toArray() as number[][], fcl.bias!.toFlatArray()];
    const row = [0.5, -1, 2];
    const expected = w.map((wr, o) => wr.reduce((s, v, i) => s + v * row[i]!, b[o]!));
    expectAllClose(fcl.forward(tensor([row], { dtype: 'float64' })), expected);
    const single = fcl.forward(tensor(row, { dtype: 'float64' }));
    expect(single.shape).toEqual([2]);
    expectAllClose(single, expected);
    const seq = fcl.forward(tensor([[row, row], [row, row]], { dtype: 'float64' }));
    expect(seq.shape).toEqual([2, 2, 2]);
    expectAllClose(seq, [...expected, ...expected, ...expected, ...expected]);
  });

  it('without bias has only a weight', () => {
    const fcl = layer(false);
    expect(fcl.bias).toBeNull();
    expect(fcl.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(fcl.toString()).toBe('Linear(inFeatures=3, outFeatures=2, bias=false)');
  });

  it('names itself and the shapes in errors', () => {
    expect(() => new Linear(784, 10).forward(randn([32, 100]))).toThrow('Linear(784, 10): expected input with last dimension 784, got [32,100]');
    expect(() => new Linear(784, 10).forward(tensor(1))).toThrow('Linear(784, 10): expected input with last dimension 784, got []');
    expect(() => new Linear(-1, 10)).toThrow('Linear(-1, 10): inFeatures must be an integer >= 1, got -1');
    expect(() => new Linear(3, 2.5)).toThrow('Linear(3, 2.5): outFeatures must be an integer >= 1, got 2.5');
    expect(() => new Linear(3, 2, { dtype: 'int32' as 'float32' })).toThrow(`Linear(3, 2): dtype must be 'float32' or 'float64', got "int32"`);
  });
});

describe('Conv2d', () => {
  it('matches the conv2d op and computes the output size', () => {
    const conv = new Conv2d(2, 3, [3, 2], { stride: 2, padding: [1, 0], dilation: [1, 2], dtype: 'float64', random: new Random(1) });
    const x = randn([2, 2, 7, 6], { dtype: 'float64', random: new Random(2) });
    const y = conv.forward(x);
    // H' = ⌊(7 + 2 − 2 − 1)/2⌋ + 1 = 4, W' = ⌊(6 − 2·1 − 1)/2⌋ + 1 = 2
    expect(y.shape).toEqual([2, 3, 4, 2]);
    expectAllClose(y, conv2d(x, conv.weight, conv.bias, { stride: 2, padding: [1, 0], dilation: [1, 2] }));
    expect(conv.weight.shape).toEqual([3, 2, 3, 2]);
    expect(conv.toString()).toBe('Conv2d(2, 3, kernelSize=[3,2], stride=2, padding=[1,0], dilation=[1,2])');
  });

  it('a 1x1 convolution is a per-pixel linear map', () => {
    const conv = new Conv2d(2, 1, 1, { bias: false, dtype: 'float64' });
    conv.weight.data.set([2, -1]);
    const x = tensor([[[[1, 2]], [[3, 4]]]], { dtype: 'float64' }); // [1, 2, 1, 2]
    expectAllClose(conv.forward(x), [2 * 1 - 3, 2 * 2 - 4]);
  });

  it('names itself and the shapes in errors', () => {
    expect(() => new Conv2d(3, 8, 3).forward(randn([3, 28, 28]))).toThrow('Conv2d(3, 8): expected a 4-D NCHW input, got [3,28,28]');
    expect(() => new Conv2d(3, 8, 3).forward(randn([1, 1, 28, 28]))).toThrow('Conv2d(3, 8): expected 3 input channels (NCHW), got [1,1,28,28]');
    expect(() => new Conv2d(1, 1, 5).forward(randn([1, 1, 3, 3]))).toThrow('Conv2d(1, 1): input [1,1,3,3] (padded 3x3) is smaller than the 5x5 kernel span');
    expect(() => new Conv2d(1, 1, 0)).toThrow('Conv2d(1, 1): kernelSize must be an integer >= 1 or a pair of them, got 0');
    expect(() => new Conv2d(1, 1, 3, { padding: -1 })).toThrow(/padding must be an integer >= 0/);
    expect(() => new Conv2d(0, 1, 3)).toThrow('Conv2d(0, 1): inChannels must be an integer >= 1, got 0');
  });
});

describe('pooling', () => {
  const x = arange(16, undefined, 1, { dtype: 'float64' }).reshape([1, 1, 4, 4]);

  it('MaxPool2d and AvgPool2d over 2x2 windows', () => {
    expectAllClose(new MaxPool2d(2).forward(x), [5, 7, 13, 15]);
    expectAllClose(new AvgPool2d(2).forward(x), [2.5, 4.5, 10.5, 12.5]);
  });

  it('padding and countIncludePad', () => {
    const ones3 = ones([1, 1, 3, 3], { dtype: 'float64' });
    expectAllClose(new AvgPool2d(3, { stride: 2, padding: 1 }).forward(ones3), [4 / 9, 4 / 9, 4 / 9, 4 / 9]);
    expectAllClose(new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }).forward(ones3), [1, 1, 1, 1]);
    expectAllClose(new MaxPool2d(3, { stride: 2, padding: 1 }).forward(x.neg()), [0, -1, -4, -5]);
    expect(new MaxPool2d(3, { stride: 2, padding: 1 }).toString()).toBe('MaxPool2d(kernelSize=3, stride=2, padding=1)');
  });

  it('names itself and the shapes in errors', () => {
    expect(() => new MaxPool2d(2).forward(randn([4, 4]))).toThrow('MaxPool2d(kernelSize=2): expected a 4-D NCHW input, got [4,4]');
    expect(() => new AvgPool2d(5).forward(randn([1, 1, 4, 4]))).toThrow('AvgPool2d(kernelSize=5): input [1,1,4,4] is smaller than the window');
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow('MaxPool2d: padding 2 must be at most half the kernel size 2');
    expect(() => new AvgPool2d([2, -1])).toThrow(/AvgPool2d: kernelSize must be an integer >= 1 or a pair of them, got \[2,-1\]/);
  });
});

describe('activation modules', () => {
  const x = randn([3, 4], { dtype: 'float64', random: new Random(5), std: 3 });

  it('each equals its op', () => {
    expectAllClose(new ReLU().forward(x), relu(x));
    expectAllClose(new LeakyReLU(0.2).forward(x), leakyRelu(x, 0.2));
    expectAllClose(new LeakyReLU().forward(x), leakyRelu(x, 0.01));
    expectAllClose(new ELU(0.5).forward(x), elu(x, 0.5));
    expectAllClose(new Sigmoid().forward(x), sigmoid(x));
    expectAllClose(new Tanh().forward(x), tanh(x));
    expectAllClose(new Softplus({ beta: 2, threshold: 5 }).forward(x), softplus(x, 2, 5));
    expectAllClose(new GELU().forward(x), gelu(x));
    expectAllClose(new SiLU().forward(x), silu(x));
    expectAllClose(new Softmax(0).forward(x), softmax(x, 0));
    expectAllClose(new LogSoftmax().forward(x), logSoftmax(x, -1));
    expect(new Identity().forward(x)).toBe(x);
  });

  it('have no parameters and a readable repr', () => {
    expect(new ReLU().numParameters()).toBe(0);
    expect(new LeakyReLU(0.2).toString()).toBe('LeakyReLU(negativeSlope=0.2)');
    expect(new Softmax(1).toString()).toBe('Softmax(axis=1)');
    expect(new Softplus().toString()).toBe('Softplus(beta=1, threshold=20)');
  });

  it('reject invalid hyper-parameters', () => {
    expect(() => new LeakyReLU(NaN)).toThrow('LeakyReLU: negativeSlope must be a finite number, got NaN');
    expect(() => new Softplus({ beta: 0 })).toThrow('Softplus: beta must be a finite number > 0, got 0');
    expect(() => new Softmax(0.5)).toThrow('Softmax: axis must be an integer, got 0.5');
  });
});

describe('Flatten', () => {
  it('keeps the batch axis by default', () => {
    expect(new Flatten().forward(randn([8, 16, 7, 7])).shape).toEqual([8, 784]);
    expect(new Flatten(0).forward(randn([2, 3])).shape).toEqual([6]);
    expect(new Flatten(1, 2).forward(randn([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
    expect(() => new Flatten().forward(randn([5]))).toThrow('Flatten(startAxis=1, endAxis=-1): axes out of range for input [5]');
  });
});

describe('Dropout', () => {
  it('is the identity in eval mode and with p = 0', () => {
    const x = randn([10]);
    expect(new Dropout(0.5).eval().forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
  });

  it('in training zeroes a fraction p and scales survivors by 1/(1−p)', () => {
    const p = 0.3;
    const y = new Dropout(p, { random: new Random(1) }).forward(ones([100_000], { dtype: 'float64' }));
    const values = new Set(y.toFlatArray());
    expect([...values].sort()).toEqual([0, 1 / (1 - p)]);
    const zeroFraction = y.toFlatArray().filter((v) => v === 0).length / y.size;
    expect(Math.abs(zeroFraction - p)).toBeLessThan(0.01);
    expect(Math.abs(y.mean().item() - 1)).toBeLessThan(0.02);
  });

  it('is reproducible per seed, and its gradient is the mask', () => {
    const x = randn([50], { dtype: 'float64', random: new Random(2) }).requireGrad();
    const a = new Dropout(0.5, { random: new Random(9) }).forward(x);
    const b = new Dropout(0.5, { random: new Random(9) }).forward(x);
    expect(a.toFlatArray()).toEqual(b.toFlatArray());
    a.sum().backward();
    const mask = a.toFlatArray().map((v, i) => v / x.data[i]!);
    expectAllClose(x.grad!, mask);
  });

  it('switches with train()/eval()', () => {
    const d = new Dropout(0.9, { random: new Random(3) });
    const x = ones([1000]);
    expect(d.forward(x).toFlatArray().some((v) => v === 0)).toBe(true);
    d.eval();
    expect(d.forward(x).toFlatArray().every((v) => v === 1)).toBe(true);
  });

  it('rejects p outside [0, 1)', () => {
    for (const p of [-0.1, 1, 1.5, NaN]) expect(() => new Dropout(p)).toThrow(`Dropout: p must be a probability in [0, 1), got ${p}`);
  });

  it("its own generator is its extra state: restoring it (through JSON) replays the same masks", () => {
    const x = ones([64]);
    const net = new Sequential(new Linear(64, 64, { random: new Random(0) }), new Dropout(0.5, { random: new Random(4) }), new Dropout(0.2));
    net.at(1).forward(x);
    const saved = JSON.parse(JSON.stringify(net.extraStateDict()));
    expect(Object.keys(saved)).toEqual(['1']); // the second Dropout draws from the library-wide generator
    const next = net.at(1).forward(x).toFlatArray();
    net.at(1).forward(x);
    net.loadExtraStateDict(saved);
    expect(net.at(1).forward(x).toFlatArray()).toEqual(next);
    expect(new Dropout(0.5).getExtraState()).toBeUndefined();
  });

  it('loading extra state checks module paths and the state, naming them', () => {
    const net = new Sequential(new Dropout(0.5, { random: new Random(1) }), new Dropout(0.5, { random: new Random(2) }));
    const good = net.extraStateDict();
    expect(() => net.loadExtraStateDict({ 0: good['0'] })).toThrow("loadExtraStateDict: no state for module '1' (Dropout)");
    expect(() => net.loadExtraStateDict({ ...good, 5: {} })).toThrow("loadExtraStateDict: state for unknown module (or ones without extra state) '5'");
    expect(() => net.loadExtraStateDict({ ...good, 1: { random: { algorithm: 'mt19937', s: [1], spare: null } } })).toThrow(
      "loadExtraStateDict: module '1' (Dropout): Random.setState: not a xoshiro128** state",
    );
    expect(() => net.loadExtraStateDict({ ...good, 0: 3 })).toThrow("loadExtraStateDict: module '0' (Dropout): Dropout.setExtraState: expected { random: <generator state> }, got 3");
    expect(() => new Dropout(0.5).setExtraState({})).toThrow('Dropout.setExtraState: this module has no extra state, got {}');
  });
});

describe('LayerNorm', () => {
  it.runIf(existsSync(GOLDEN))('matches the PyTorch golden case (output and gradients)', () => {
    const c = JSON.parse(readFileSync(GOLDEN, 'utf8')).ops.cases.find((k: { name: string }) => k.name === 'layer_norm');
    const t = (g: { shape: number[]; data: number[] }): Tensor => new Tensor(Float64Array.from(g.data), g.shape);
    const input = (name: string): Tensor => t(c.inputs.find((i: { name: string }) => i.name === name).value);
    const ln = new LayerNorm(c.kwargs.normalized_shape, { eps: c.kwargs.eps, dtype: 'float64' });
    ln.loadStateDict({ weight: input('weight'), bias: input('bias') });
    const x = input('x').requireGrad();
    const y = ln.forward(x);
    expectAllClose(y, c.output.data, 1e-10);
    y.backward(t(c.upstream_grad));
    expectAllClose(x.grad!, c.grads.x.data, 1e-10);
    expectAllClose(ln.weight!.grad!, c.grads.weight.data, 1e-10);
    expectAllClose(ln.bias!.grad!, c.grads.bias.data, 1e-10);
  });

  it('normalises over several trailing axes; the same in train and eval', () => {
    const ln = new LayerNorm([2, 3], { dtype: 'float64' });
    const x = randn([4, 2, 3], { dtype: 'float64', random: new Random(4), mean: 3, std: 2 });
    const y = ln.forward(x);
    for (let n = 0; n < 4; n++) {
      const row = y.toFlatArray().slice(n * 6, n * 6 + 6);
      const m = row.reduce((s, v) => s + v, 0) / 6;
      expect(Math.abs(m)).toBeLessThan(1e-12);
      expect(row.reduce((s, v) => s + (v - m) ** 2, 0) / 6).toBeCloseTo(1, 4);
    }
    expect(ln.eval().forward(x).toFlatArray()).toEqual(y.toFlatArray());
    expect(new LayerNorm(4, { elementwiseAffine: false }).numParameters()).toBe(0);
    expect(new LayerNorm(4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight']);
  });

  it('names itself and the shapes in errors', () => {
    expect(() => new LayerNorm(5).forward(randn([2, 4]))).toThrow('LayerNorm([5]): expected input ending in [5], got [2,4]');
    expect(() => new LayerNorm([2, 3]).forward(randn([3]))).toThrow('LayerNorm([2,3]): expected input ending in [2,3], got [3]');
    expect(() => new LayerNorm([])).toThrow('LayerNorm([]): normalizedShape must have at least one dimension');
    expect(() => new LayerNorm(-2)).toThrow('LayerNorm([-2]): each dimension of normalizedShape must be an integer >= 1, got -2');
  });
});
