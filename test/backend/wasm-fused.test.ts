/**
 * The wasm fused kernels (assembly/fused.ts) against the JS reference kernels, and the fused ops under
 * the wasm backend against the unfused ops under the same backend.
 * Tolerances: relu / leakyRelu forward, every activation's backward (pure float32 products of the same
 * inputs), rowMax, and the row-layout bias gradient (the same double sums in the same order) bit for
 * bit; sigmoid / tanh forward and the softmax pieces within 2⁻²² relative (wasm's e^x and tanh are
 * polynomials good to ~1e-11 in double, JS uses Math.exp / Math.tanh, and both round to float32); the
 * channel-layout bias gradient within 1e-6 relative of the largest |value| (double sums in another
 * order); conv2dBiasActivation equals wasm's conv2d then the activation bit for bit, and the JS kernel
 * within 1e-5 of the largest |value| (float32 GEMM against double accumulation). Against the unfused ops on the wasm backend the fused ops give the same bits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import { createWasmBackend, instantiateKernels, loadWasmBackend } from '../../src/backend/wasm/index.js';
import type { FusedActivation } from '../../src/backend/backend.js';
import {
  Linear, ReLU, Sequential, Sigmoid, Tanh, Tensor, Conv2d, Flatten, crossEntropy, grad, logSoftmax, mul, nllLoss, setBackend, sum,
} from '../../src/index.js';
import { biasActivation, activate } from '../../src/ops/bias-activation.js';
import { conv2d, conv2dActivated } from '../../src/ops/conv.js';
import { add } from '../../src/ops/elementwise.js';
import { reshape } from '../../src/ops/shape.js';
import { Random } from '../../src/tensor/random.js';

const wasm = createWasmBackend(instantiateKernels(), { minElementwise: 0 });
expect(loadWasmBackend()).not.toBeNull();
afterEach(() => setBackend('js'));

const ACTIVATIONS: FusedActivation[] = ['relu', 'leakyRelu', 'sigmoid', 'tanh'];

function randomF32(n: number, seed: number, scale = 3): Float32Array {
  const r = new Random(seed);
  const a = Float32Array.from({ length: n }, () => r.uniformIn(-scale, scale));
  // NaN, ±∞, ±0 and huge values at a few places.
  [NaN, Infinity, -Infinity, 0, -0, 3e38, -3e38].forEach((v, i) => {
    if (n > 20) a[(i * 13 + seed) % n] = v;
  });
  return a;
}

function expectSame(a: Float32Array, b: Float32Array, what: string): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`${what}[${i}]: wasm ${a[i]} vs js ${b[i]}`);
}

function expectClose(a: Float32Array, b: Float32Array, rtol: number, what: string, scaled = false): void {
  expect(a.length).toBe(b.length);
  let scale = 0;
  if (scaled) for (const v of b) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i])) continue;
    if (!(Math.abs(a[i]! - b[i]!) <= rtol * Math.max(Math.abs(b[i]!), scale))) expect.fail(`${what}[${i}]: wasm ${a[i]} vs js ${b[i]}`);
  }
}

describe('wasm fused kernels against the JS kernels', () => {
  // [outer, channels, inner]: rows (inner 1) and channels, with ragged vector tails.
  const layouts: Array<[number, number, number]> = [[13, 7, 1], [5, 16, 1], [1, 3, 1], [3, 5, 9], [2, 4, 16], [2, 3, 1 + 4 * 3]];
  for (const act of ACTIVATIONS) {
    it(`biasActivation and its gradient, ${act}`, () => {
      for (const [outer, channels, inner] of layouts) {
        const n = outer * channels * inner;
        const y = randomF32(n, n);
        const bias = randomF32(channels, channels + 1);
        const outs = [new Float32Array(n), new Float32Array(n)];
        wasm.biasActivation(act, y, bias, outer, channels, inner, outs[0]!, 0.2);
        jsBackend.biasActivation(act, y, bias, outer, channels, inner, outs[1]!, 0.2);
        const what = `${act} [${outer},${channels},${inner}]`;
        if (act === 'relu' || act === 'leakyRelu') expectSame(outs[0]!, outs[1]!, `${what} out`);
        else expectClose(outs[0]!, outs[1]!, 2 ** -22, `${what} out`);
        const dy = randomF32(n, n + 5, 1);
        const [dz, dzJs] = [new Float32Array(n), new Float32Array(n)];
        const [db, dbJs] = [new Float32Array(channels), new Float32Array(channels)];
        wasm.biasActivationGrad(act, dy, outs[1]!, outer, channels, inner, dz, db, 0.2);
        jsBackend.biasActivationGrad(act, dy, outs[1]!, outer, channels, inner, dzJs, dbJs, 0.2);
        expectSame(dz, dzJs, `${what} dz`);
        if (inner === 1) expectSame(db, dbJs, `${what} dBias`);
        else expectClose(db, dbJs, 1e-6, `${what} dBias`, true);
        // Without a bias gradient: the same dz.
        const dz2 = new Float32Array(n);
        wasm.biasActivationGrad(act, dy, outs[1]!, outer, channels, inner, dz2, null, 0.2);
        expectSame(dz2, dzJs, `${what} dz without dBias`);
      }
    });
  }

  it('softmaxCrossEntropy and its gradient', () => {
    for (const [rows, classes] of [[13, 10], [4, 3], [2, 1], [9, 33], [64, 8]] as const) {
      const x = randomF32(rows * classes, rows + classes, 10);
      const target = Int32Array.from({ length: rows }, (_, i) => (i * 7 + 2) % classes);
      const r = [0, 1].map(() => ({ loss: new Float32Array(rows), m: new Float32Array(rows), s: new Float32Array(rows) }));
      wasm.softmaxCrossEntropy(x, target, rows, classes, r[0]!.loss, r[0]!.m, r[0]!.s);
      jsBackend.softmaxCrossEntropy(x, target, rows, classes, r[1]!.loss, r[1]!.m, r[1]!.s);
      const what = `[${rows},${classes}]`;
      expectSame(r[0]!.m, r[1]!.m, `${what} rowMax`);
      expectClose(r[0]!.s, r[1]!.s, 2 ** -22, `${what} rowSum`);
      expectClose(r[0]!.loss, r[1]!.loss, 2 ** -22, `${what} loss`, true);
      const upstream = randomF32(rows, 3, 1);
      const [dx, dxJs] = [new Float32Array(rows * classes), new Float32Array(rows * classes)];
      wasm.softmaxCrossEntropyGrad(x, target, rows, classes, r[1]!.m, r[1]!.s, upstream, dx);
      jsBackend.softmaxCrossEntropyGrad(x, target, rows, classes, r[1]!.m, r[1]!.s, upstream, dxJs);
      expectClose(dx, dxJs, 2 ** -22, `${what} dx`, true);
    }
  });

  it('conv2dBiasActivation: wasm conv2d with the bias then the activation, bit for bit; the JS kernel within float32 rounding', () => {
    const g = { batch: 3, channels: 2, height: 7, width: 6, kernelH: 3, kernelW: 3, strideH: 1, strideW: 2, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 7, outW: 3 };
    const o = 5;
    const x = randomF32(3 * 2 * 7 * 6, 4, 1);
    const w = randomF32(o * 2 * 9, 5, 1).map((v) => (Number.isFinite(v) ? v : 0.5));
    const bias = randomF32(o, 6, 1);
    for (const act of ACTIVATIONS) {
      const n = 3 * o * 7 * 3;
      const [fused, conv, plain, js] = [0, 1, 2, 3].map(() => new Float32Array(n));
      wasm.conv2dBiasActivation(x, w, bias, g, o, act, 0.2, fused!);
      wasm.conv2d(x, w, bias, g, o, conv!);
      wasm.unary(act, conv!, plain!, 0.2);
      expectSame(fused!, plain!, `${act} conv2dBiasActivation`);
      jsBackend.conv2dBiasActivation(x, w, bias, g, o, act, 0.2, js!);
      expectClose(fused!, js!, 1e-5, `${act} conv2dBiasActivation vs js`, true);
    }
  });

  it('float64 data goes to the JS kernels (the same bits)', () => {
    const y = Float64Array.from(randomF32(300, 1));
    const bias = Float64Array.from(randomF32(10, 2));
    const [a, b] = [new Float64Array(300), new Float64Array(300)];
    wasm.biasActivation('tanh', y, bias, 30, 10, 1, a, 0);
    jsBackend.biasActivation('tanh', y, bias, 30, 10, 1, b, 0);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('fused ops under the wasm backend give the unfused ops\' bits there', () => {
  function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
    const r = new Random(seed);
    return new Tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => r.uniformIn(-scale, scale)), shape);
  }

  function valueAndGrads(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): number[][] {
    const xs = inputs.map((t) => new Tensor(t.data.slice(), t.shape).requireGrad());
    const y = fn(...xs);
    const v = randomTensor(y.shape.slice(), 77);
    return [Array.from(y.data), ...grad(sum(mul(y, v)), xs).map((g) => Array.from(g.data))];
  }

  it('biasActivation on [128, 64] and [8, 16, 6, 6], conv2dActivated, crossEntropy on [128, 10]', () => {
    setBackend('wasm');
    for (const act of ACTIVATIONS) {
      const y = randomTensor([128, 64], 1, 3);
      const b = randomTensor([64], 2);
      const fused = valueAndGrads((p, q) => biasActivation(p!, q!, act), [y, b]);
      const plain = valueAndGrads((p, q) => activate(add(p!, q!), act), [y, b]);
      expect(fused).toEqual(plain);
      const img = randomTensor([8, 16, 6, 6], 3, 3);
      const cb = randomTensor([16], 4);
      const f2 = valueAndGrads((p, q) => biasActivation(p!, q!, act), [img, cb]);
      const p2 = valueAndGrads((p, q) => activate(add(p!, reshape(q!, [1, 16, 1, 1])), act), [img, cb]);
      expect(f2.slice(0, 2)).toEqual(p2.slice(0, 2));
      f2[2]!.forEach((g, i) => expect(Math.abs(g - p2[2]![i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(p2[2]![i]!))));
      const conv = [randomTensor([4, 3, 9, 9], 5), randomTensor([8, 3, 3, 3], 6), randomTensor([8], 7)];
      const f3 = valueAndGrads((x, w, b) => conv2dActivated(x!, w!, b!, act, { padding: 1 }), conv);
      const p3 = valueAndGrads((x, w, b) => activate(conv2d(x!, w!, b!, { padding: 1 }), act), conv);
      expect(f3.slice(0, 3)).toEqual(p3.slice(0, 3));
      f3[3]!.forEach((g, i) => expect(Math.abs(g - p3[3]![i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(p3[3]![i]!))));
    }
    const logits = randomTensor([128, 10], 5, 6);
    const target = new Tensor(Int32Array.from({ length: 128 }, (_, i) => (i * 3) % 10), [128]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const fused = valueAndGrads((x) => crossEntropy(x!, target, { reduction }), [logits]);
      const plain = valueAndGrads((x) => nllLoss(logSoftmax(x!, 1), target, { reduction }), [logits]);
      expect(fused).toEqual(plain);
    }
  });

  it('the MLP and a conv net as Sequentials: wasm within float32 tolerance of js', () => {
    const random = new Random(6);
    const models = [
      new Sequential(new Linear(64, 48, { random }), new ReLU(), new Linear(48, 32, { random }), new Sigmoid(), new Linear(32, 10, { random })),
      new Sequential(new Conv2d(2, 8, 3, { padding: 1, random }), new ReLU(), new Conv2d(8, 4, 3, { random }), new Tanh(), new Flatten(), new Linear(4 * 4 * 4, 10, { random })),
    ];
    const inputs = [randomTensor([32, 64], 7), randomTensor([16, 2, 6, 6], 8)];
    models.forEach((model, k) => {
      const results: number[][][] = [];
      for (const name of ['js', 'wasm']) {
        setBackend(name);
        for (const p of model.parameters()) p.grad = null;
        const labels = new Tensor(Int32Array.from({ length: inputs[k]!.shape[0]! }, (_, i) => i % 10), [inputs[k]!.shape[0]!]);
        const loss = crossEntropy(model.forward(inputs[k]!), labels);
        loss.backward();
        results.push([Array.from(loss.data), ...model.parameters().map((p) => Array.from(p.grad!.data))]);
      }
      results[1]!.forEach((values, j) => {
        const scale = Math.max(...results[0]![j]!.map(Math.abs));
        values.forEach((v, i) => expect(Math.abs(v - results[0]![j]![i]!)).toBeLessThanOrEqual(1e-5 * Math.max(scale, Math.abs(v))));
      });
    });
  });
});
