/**
 * The fused ops — biasActivation and softmaxCrossEntropy (crossEntropy's common case) — against the
 * unfused compositions they replace, on the JS backend: the same bits (values and gradients, float32
 * and float64, NaN and ±∞ included), finite-difference gradients in float64, second derivatives with
 * createGraph, and that crossEntropy and Sequential actually take the fused path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Tensor, add, backend, crossEntropy, grad, logSoftmax, mul, nllLoss, registerBackend, reshape, setBackend, sum, tensor,
  type Backend, type Reduction,
} from './core.js';
import { activate, biasActivation, type FusedActivation } from '../../src/ops/bias-activation.js';
import { softmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { conv2d, conv2dActivated } from '../../src/ops/conv.js';
import { Conv2d, LeakyReLU, Linear, ReLU, Sequential, Sigmoid, Tanh, Flatten, type TensorModule } from '../../src/nn/index.js';
import { Random } from '../../src/tensor/random.js';
import { expectGrads, randT } from './helpers.js';

const ACTIVATIONS: FusedActivation[] = ['relu', 'leakyRelu', 'sigmoid', 'tanh'];
const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

afterEach(() => setBackend('js'));

function random(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32', scale = 3): Tensor {
  const r = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = r.uniformIn(-scale, scale);
  return new Tensor(data, shape);
}

/** Plants NaN, ±∞, ±0 and huge values at a few positions. */
function withSpecials(t: Tensor): Tensor {
  const d = t.data.slice();
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e30, -1e30];
  specials.forEach((v, i) => (d[(i * 7 + 3) % d.length] = v));
  return new Tensor(d, t.shape);
}

/** Value and gradients of `fn` on fresh copies of `inputs` (all requiring gradients), weighted by a random upstream gradient drawn from `seed`. */
function run(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], seed = 99): { out: number[]; grads: number[][] } {
  const xs = inputs.map((t) => new Tensor(t.data.slice(), t.shape).requireGrad());
  const y = fn(...xs);
  const v = random(y.shape.slice(), seed, y.dtype === 'float64' ? 'float64' : 'float32', 1);
  const grads = grad(sum(mul(y, v)), xs);
  return { out: Array.from(y.data), grads: grads.map((g) => Array.from(g.data)) };
}

const unfusedBiasActivation = (y: Tensor, b: Tensor, act: FusedActivation, axis: number, slope: number): Tensor =>
  activate(add(y, reshape(b, y.shape.map((d, i) => (i === axis ? d : 1)))), act, { negativeSlope: slope });

const unfusedCrossEntropy = (logits: Tensor, target: Tensor, reduction: Reduction): Tensor => nllLoss(logSoftmax(logits, 1), target, { reduction });

/** A backend that counts calls of the fused kernels. */
function countingBackend(): Record<string, number> {
  const inner = backend();
  const counts: Record<string, number> = { biasActivation: 0, biasActivationGrad: 0, conv2dBiasActivation: 0, softmaxCrossEntropy: 0, softmaxCrossEntropyGrad: 0 };
  const counted: Backend = {
    ...inner,
    name: 'counting',
    biasActivation: (...a) => (counts.biasActivation!++, inner.biasActivation(...a)),
    biasActivationGrad: (...a) => (counts.biasActivationGrad!++, inner.biasActivationGrad(...a)),
    conv2dBiasActivation: (...a) => (counts.conv2dBiasActivation!++, inner.conv2dBiasActivation(...a)),
    softmaxCrossEntropy: (...a) => (counts.softmaxCrossEntropy!++, inner.softmaxCrossEntropy(...a)),
    softmaxCrossEntropyGrad: (...a) => (counts.softmaxCrossEntropyGrad!++, inner.softmaxCrossEntropyGrad(...a)),
  };
  registerBackend(counted);
  setBackend('counting');
  return counts;
}

describe('biasActivation equals act(y + bias), bit for bit on the JS backend', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const act of ACTIVATIONS) {
      it(`${act}, ${dtype}: rows [N, F] + [F] and channels [N, C, H, W] + [C], values and both gradients`, () => {
        const cases: Array<[number[], number]> = [[[13, 7], 1], [[3, 5, 4, 3], 1], [[2, 6, 3], 2]];
        for (const [shape, axis] of cases) {
          const y = random(shape, shape.length, dtype);
          const b = random([shape[axis]!], 7, dtype);
          const fused = run((p, q) => biasActivation(p!, q!, act, { axis, negativeSlope: 0.2 }), [y, b]);
          const plain = run((p, q) => unfusedBiasActivation(p!, q!, act, axis, 0.2), [y, b]);
          expect(fused.out).toEqual(plain.out);
          expect(fused.grads[0]).toEqual(plain.grads[0]);
          // The bias gradient of a 2-D y is the same sum; of higher ranks one double sum per channel.
          if (shape.length === 2) expect(fused.grads[1]).toEqual(plain.grads[1]);
          else fused.grads[1]!.forEach((g, i) => expect(g).toBeCloseTo(plain.grads[1]![i]!, dtype === 'float32' ? 5 : 12));
        }
      });
    }
  }

  it('NaN, ±∞ and signed zeros in y, the bias and the upstream gradient', () => {
    for (const act of ACTIVATIONS) {
      const y = withSpecials(random([9, 11], 1));
      const b = withSpecials(random([11], 2));
      const fused = run((p, q) => biasActivation(p!, q!, act), [y, b], 5);
      const plain = run((p, q) => unfusedBiasActivation(p!, q!, act, 1, 0.01), [y, b], 5);
      expect(fused.out).toEqual(plain.out);
      expect(fused.grads[0]).toEqual(plain.grads[0]);
      expect(fused.grads[1]).toEqual(plain.grads[1]);
    }
  });

  it('finite differences agree in float64 (relu and leakyRelu away from their kink)', () => {
    for (const act of ACTIVATIONS) {
      const y = randT([4, 5], 3, { low: -2, high: 2, avoid: [0], gap: 0.3 });
      const b = randT([5], 4, { low: -0.1, high: 0.1 });
      expectGrads((p, q) => biasActivation(p, q, act, { negativeSlope: 0.3 }), [y, b]);
      const img = randT([2, 3, 2, 2], 5, { low: -2, high: 2, avoid: [0], gap: 0.3 });
      const cb = randT([3], 6, { low: -0.1, high: 0.1 });
      expectGrads((p, q) => biasActivation(p, q, act, { axis: 1 }), [img, cb]);
    }
  });

  it('second derivatives (createGraph) equal those of the unfused ops', () => {
    for (const act of ['sigmoid', 'tanh', 'leakyRelu'] as const) {
      const hvp = (f: (y: Tensor, b: Tensor) => Tensor): number[][] => {
        const y = randT([3, 4], 8);
        const b = randT([4], 9);
        const [gy, gb] = grad(sum(mul(f(y, b), f(y, b))), [y, b], { createGraph: true });
        return grad(add(sum(mul(gy!, randT([3, 4], 10, { grad: false }))), sum(gb!)), [y, b]).map((g) => Array.from(g.data));
      };
      const fused = hvp((y, b) => biasActivation(y, b, act));
      const plain = hvp((y, b) => unfusedBiasActivation(y, b, act, 1, 0.01));
      fused.forEach((g, k) => g.forEach((v, i) => expect(v).toBeCloseTo(plain[k]![i]!, 12)));
    }
  });

  it('a bias that does not require a gradient gets none; mixed dtypes and negative slopes take the unfused path', () => {
    const y = random([4, 3], 1).requireGrad();
    const b = random([3], 2);
    const out = biasActivation(y, b, 'relu');
    expect(out.gradNode!.op).toBe('biasActivation');
    expect(grad(sum(out), [y])[0]!.shape).toEqual([4, 3]);
    expect(biasActivation(y, random([3], 2, 'float64'), 'relu').gradNode!.op).toBe('relu');
    expect(biasActivation(y, b, 'leakyRelu', { negativeSlope: -0.5 }).gradNode!.op).toBe('leakyRelu');
    expect(() => biasActivation(y, random([4], 3), 'relu')).toThrow('biasActivation: bias must have shape [3] (axis 1 of [4,3]), got [4]');
  });
});

describe('conv2dActivated equals act(conv2d(x, w, b))', () => {
  const options = { padding: 1, stride: [2, 1] as [number, number] };
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: values, input and weight gradients bit for bit, the bias gradient within rounding`, () => {
      for (const act of ACTIVATIONS) {
        const inputs = [withSpecials(random([3, 2, 5, 4], 1, dtype)), random([4, 2, 3, 3], 2, dtype, 1), random([4], 3, dtype)];
        const fused = run((x, w, b) => conv2dActivated(x!, w!, b!, act, { ...options, negativeSlope: 0.2 }), inputs);
        const plain = run((x, w, b) => activate(conv2d(x!, w!, b!, options), act, { negativeSlope: 0.2 }), inputs);
        expect(fused.out).toEqual(plain.out);
        expect(fused.grads.slice(0, 2)).toEqual(plain.grads.slice(0, 2));
        fused.grads[2]!.forEach((g, i) => (Object.is(g, plain.grads[2]![i]) ? undefined : expect(g).toBeCloseTo(plain.grads[2]![i]!, dtype === 'float32' ? 4 : 12)));
      }
    });
  }

  it('finite differences in float64, second derivatives, and the fallbacks', () => {
    for (const act of ACTIVATIONS) {
      const x = randT([2, 2, 4, 4], 4, { low: -1, high: 1 });
      const w = randT([3, 2, 3, 3], 5, { low: -1, high: 1 });
      const b = randT([3], 6, { low: -1, high: 1 });
      expectGrads((p, q, r) => conv2dActivated(p, q, r, act, { padding: 1 }), [x, w, b]);
    }
    const hvp = (f: (x: Tensor, w: Tensor, b: Tensor) => Tensor): number[][] => {
      const ps = [randT([2, 2, 4, 4], 7), randT([3, 2, 3, 3], 8), randT([3], 9)];
      const gs = grad(sum(mul(f(ps[0]!, ps[1]!, ps[2]!), f(ps[0]!, ps[1]!, ps[2]!))), ps, { createGraph: true });
      return grad(gs.map((g) => sum(mul(g, g))).reduce((p, q) => add(p, q)), ps).map((g) => Array.from(g.data));
    };
    const fused = hvp((x, w, b) => conv2dActivated(x, w, b, 'tanh'));
    const plain = hvp((x, w, b) => activate(conv2d(x, w, b), 'tanh'));
    fused.forEach((g, k) => g.forEach((v, i) => expect(v).toBeCloseTo(plain[k]![i]!, 10)));
    const [x, w] = [random([1, 2, 4, 4], 1), random([3, 2, 3, 3], 2)];
    expect(conv2dActivated(x, w, random([3], 3, 'float64'), 'relu').shape).toEqual([1, 3, 2, 2]);
    expect(conv2dActivated(x.requireGrad(), w, random([3], 3), 'leakyRelu', { negativeSlope: -1 }).gradNode!.op).toBe('leakyRelu');
    expect(conv2dActivated(x, w, random([3], 3), 'relu').gradNode!.op).toBe('conv2dBiasActivation');
    expect(() => conv2dActivated(x, w, random([2], 3), 'relu')).toThrow('conv2d: bias must have shape [3], got [2]');
  });
});

describe('softmaxCrossEntropy (crossEntropy without weights or smoothing) equals the composition', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const reduction of REDUCTIONS) {
      it(`${dtype}, reduction ${reduction}: loss and gradient bit for bit`, () => {
        for (const [n, c] of [[13, 10], [4, 3], [1, 1], [7, 33]] as const) {
          const logits = random([n, c], n * c, dtype, 8);
          const target = new Tensor(Int32Array.from({ length: n }, (_, i) => (i * 5 + 1) % c), [n]);
          const fused = run((x) => crossEntropy(x!, target, { reduction }), [logits]);
          const plain = run((x) => unfusedCrossEntropy(x!, target, reduction), [logits]);
          expect(fused.out).toEqual(plain.out);
          expect(fused.grads).toEqual(plain.grads);
        }
      });
    }
  }

  it('NaN, ±∞ and huge logits, and NaN / signed-zero upstream gradients', () => {
    const logits = withSpecials(random([12, 5], 3, 'float32', 5));
    const target = new Tensor(Int32Array.from({ length: 12 }, (_, i) => i % 5), [12]);
    const fused = run((x) => crossEntropy(x!, target, { reduction: 'none' }), [logits]);
    const plain = run((x) => unfusedCrossEntropy(x!, target, 'none'), [logits]);
    expect(fused.out).toEqual(plain.out);
    expect(fused.grads).toEqual(plain.grads);
    const x1 = random([4, 3], 4).requireGrad();
    const x2 = new Tensor(x1.data.slice(), x1.shape).requireGrad();
    const t = tensor([0, 1, 2, 0], { dtype: 'int32' });
    const upstream = tensor([NaN, -0, 0, -2]);
    const [g1] = grad(crossEntropy(x1, t, { reduction: 'none' }), [x1], { gradOutput: upstream });
    const [g2] = grad(unfusedCrossEntropy(x2, t, 'none'), [x2], { gradOutput: upstream });
    expect(Array.from(g1!.data)).toEqual(Array.from(g2!.data));
  });

  it('float targets holding integers, finite differences in float64, second derivatives', () => {
    const logits = randT([5, 4], 11, { low: -3, high: 3 });
    const target = tensor([3, 0, 1, 1, 2]);
    for (const reduction of REDUCTIONS) expectGrads((x) => crossEntropy(x, target, { reduction }), [logits]);
    const hvp = (f: (x: Tensor) => Tensor): number[] => {
      const x = randT([5, 4], 12);
      const [g] = grad(f(x), [x], { createGraph: true });
      return Array.from(grad(sum(mul(g!, randT([5, 4], 13, { grad: false }))), [x])[0]!.data);
    };
    const fused = hvp((x) => crossEntropy(x, target));
    const plain = hvp((x) => unfusedCrossEntropy(x, tensor([3, 0, 1, 1, 2], { dtype: 'int32' }), 'mean'));
    fused.forEach((v, i) => expect(v).toBeCloseTo(plain[i]!, 12));
  });

  it('takes the fused path: one kernel call each way, the node is softmaxCrossEntropy', () => {
    const counts = countingBackend();
    const x = random([6, 4], 1).requireGrad();
    const t = tensor([0, 1, 2, 3, 0, 1], { dtype: 'int32' });
    const loss = crossEntropy(x, t);
    expect(loss.gradNode!.inputs[0]!.gradNode!.inputs[0]!.gradNode!.op).toBe('softmaxCrossEntropy');
    loss.backward();
    expect(counts).toMatchObject({ softmaxCrossEntropy: 1, softmaxCrossEntropyGrad: 1 });
    // Weights, smoothing and [N, C, d] logits keep the composition.
    crossEntropy(x, t, { labelSmoothing: 0.1 });
    crossEntropy(x, t, { weight: tensor([1, 2, 3, 4]) });
    crossEntropy(reshape(x, [6, 2, 2]), tensor([[0, 1], [1, 0], [0, 0], [1, 1], [0, 1], [1, 0]], { dtype: 'int32' }));
    expect(counts.softmaxCrossEntropy).toBe(1);
    expect(crossEntropy(x, t, { reduction: 'none' }).gradNode!.op).toBe('softmaxCrossEntropy');
  });

  it('rejects what it does not handle', () => {
    expect(() => softmaxCrossEntropy(random([2, 3], 1), tensor([0, 1]))).toThrow('softmaxCrossEntropy: expected logits [N, C] and int32 targets [N], got [2,3] and float32 [2]');
  });
});

describe('Sequential runs Linear/Conv2d → activation as one fused op', () => {
  function mlp(seed: number, act: () => TensorModule): Sequential {
    const random = new Random(seed);
    return new Sequential(new Linear(20, 16, { random }), act(), new Linear(16, 12, { random }), act(), new Linear(12, 5, { random }));
  }

  /** Loss and parameter gradients of the model, run as a Sequential and layer by layer. */
  function bothWays(model: Sequential, x: Tensor, labels: Tensor): { fused: number[][]; plain: number[][] } {
    const result = { fused: [] as number[][], plain: [] as number[][] };
    for (const way of ['fused', 'plain'] as const) {
      for (const p of model.parameters()) p.grad = null;
      let y = x;
      if (way === 'fused') y = model.forward(x);
      else for (const layer of model) y = layer.forward(y);
      const loss = crossEntropy(y, labels);
      loss.backward();
      result[way] = [Array.from(loss.data), ...model.parameters().map((p) => Array.from(p.grad!.data))];
    }
    return result;
  }

  it('MLP with ReLU, LeakyReLU, Sigmoid, Tanh: the same loss and gradients, same parameter names', () => {
    const x = random([8, 20], 3, 'float32', 1);
    const labels = new Tensor(Int32Array.from({ length: 8 }, (_, i) => i % 5), [8]);
    for (const act of [() => new ReLU(), () => new LeakyReLU(0.1), () => new Sigmoid(), () => new Tanh()]) {
      const model = mlp(1, act);
      const counts = countingBackend();
      const { fused, plain } = bothWays(model, x, labels);
      setBackend('js');
      expect(fused).toEqual(plain);
      expect(counts).toMatchObject({ biasActivation: 2, biasActivationGrad: 2 });
      expect(model.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']);
    }
  });

  it('conv net: Conv2d → ReLU fused; the same values, bias gradients within float32 rounding', () => {
    const random2 = new Random(4);
    const model = new Sequential(new Conv2d(2, 4, 3, { padding: 1, random: random2 }), new ReLU(), new Conv2d(4, 3, 3, { random: random2 }), new Tanh(), new Flatten(), new Linear(3 * 3 * 3, 5, { random: random2 }));
    const x = random([3, 2, 5, 5], 5, 'float32', 1);
    const labels = tensor([0, 4, 2], { dtype: 'int32' });
    const counts = countingBackend();
    const { fused, plain } = bothWays(model, x, labels);
    expect(counts).toMatchObject({ conv2dBiasActivation: 2, biasActivation: 0, biasActivationGrad: 2 });
    const biasIndices = new Set(model.namedParameters().flatMap(([n], i) => (n.endsWith('bias') && !n.startsWith('5') ? [i + 1] : [])));
    fused.forEach((values, k) => {
      if (biasIndices.has(k)) values.forEach((v, i) => expect(v).toBeCloseTo(plain[k]![i]!, 5));
      else expect(values).toEqual(plain[k]);
    });
  });

  it('falls back where something observes the intermediate or the pair does not fuse', () => {
    const counts = countingBackend();
    const x = random([4, 20], 3, 'float32', 1);
    const model = mlp(2, () => new ReLU());
    const spy = vi.spyOn(model.at(0), 'forward');
    model.forward(x);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(counts.biasActivation).toBe(1); // only the second pair
    class LoggingReLU extends ReLU {
      seen = 0;
      override forward(t: Tensor): Tensor {
        this.seen++;
        return super.forward(t);
      }
    }
    const logging = new LoggingReLU();
    const random2 = new Random(3);
    new Sequential(new Linear(20, 4, { random: random2 }), logging).forward(x);
    new Sequential(new Linear(20, 4, { random: random2, bias: false }), new ReLU()).forward(x);
    expect(logging.seen).toBe(1);
    expect(counts.biasActivation).toBe(1);
  });
});
