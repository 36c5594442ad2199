/**
 * The fused ops — a layer's bias and activation in one kernel: biasActivation and conv2dActivated —
 * against the unfused compositions they replace, on the JS backend: the same bits (values and
 * gradients, float32 and float64, NaN and ±∞ included), finite-difference gradients in float64,
 * second derivatives with createGraph, and that Sequential actually takes the fused path. (The
 * single-kernel softmax cross-entropy: test/losses/softmax-cross-entropy.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Tensor, add, crossEntropy, grad, mul, reshape, setBackend, sum, tensor } from './core.js';
import { activate, biasActivation, type FusedActivation } from '../../src/ops/bias-activation.js';
import { conv2d, conv2dActivated } from '../../src/ops/conv.js';
import { Conv2d, LeakyReLU, Linear, ReLU, Sequential, Sigmoid, Tanh, Flatten, type TensorModule } from '../../src/nn/index.js';
import { Random } from '../../src/tensor/random.js';
import { expectGrads, randT } from './helpers.js';
import { seededTensor, withSpecials } from '../helpers/seeded-tensor.js';
import { valueAndGrads } from '../helpers/value-and-grads.js';
import { countingBackend } from '../helpers/counting-backend.js';

const ACTIVATIONS: FusedActivation[] = ['relu', 'leakyRelu', 'sigmoid', 'tanh'];

afterEach(() => setBackend('js'));

const unfusedBiasActivation = (y: Tensor, b: Tensor, act: FusedActivation, axis: number, slope: number): Tensor =>
  activate(add(y, reshape(b, y.shape.map((d, i) => (i === axis ? d : 1)))), act, { negativeSlope: slope });

describe('biasActivation equals act(y + bias), bit for bit on the JS backend', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const act of ACTIVATIONS) {
      it(`${act}, ${dtype}: rows [N, F] + [F] and channels [N, C, H, W] + [C], values and both gradients`, () => {
        const cases: Array<[number[], number]> = [[[13, 7], 1], [[3, 5, 4, 3], 1], [[2, 6, 3], 2]];
        for (const [shape, axis] of cases) {
          const y = seededTensor(shape, shape.length, dtype);
          const b = seededTensor([shape[axis]!], 7, dtype);
          const fused = valueAndGrads((p, q) => biasActivation(p!, q!, act, { axis, negativeSlope: 0.2 }), [y, b]);
          const plain = valueAndGrads((p, q) => unfusedBiasActivation(p!, q!, act, axis, 0.2), [y, b]);
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
      const y = withSpecials(seededTensor([9, 11], 1));
      const b = withSpecials(seededTensor([11], 2));
      const fused = valueAndGrads((p, q) => biasActivation(p!, q!, act), [y, b], 5);
      const plain = valueAndGrads((p, q) => unfusedBiasActivation(p!, q!, act, 1, 0.01), [y, b], 5);
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
    const y = seededTensor([4, 3], 1).requireGrad();
    const b = seededTensor([3], 2);
    const out = biasActivation(y, b, 'relu');
    expect(out.gradNode!.op).toBe('biasActivation');
    expect(grad(sum(out), [y])[0]!.shape).toEqual([4, 3]);
    expect(biasActivation(y, seededTensor([3], 2, 'float64'), 'relu').gradNode!.op).toBe('relu');
    expect(biasActivation(y, b, 'leakyRelu', { negativeSlope: -0.5 }).gradNode!.op).toBe('leakyRelu');
    expect(() => biasActivation(y, seededTensor([4], 3), 'relu')).toThrow('biasActivation: bias must have shape [3] (axis 1 of [4,3]), got [4]');
  });
});

describe('conv2dActivated equals act(conv2d(x, w, b))', () => {
  const options = { padding: 1, stride: [2, 1] as [number, number] };
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: values, input and weight gradients bit for bit, the bias gradient within rounding`, () => {
      for (const act of ACTIVATIONS) {
        const inputs = [withSpecials(seededTensor([3, 2, 5, 4], 1, dtype)), seededTensor([4, 2, 3, 3], 2, dtype, 1), seededTensor([4], 3, dtype)];
        const fused = valueAndGrads((x, w, b) => conv2dActivated(x!, w!, b!, act, { ...options, negativeSlope: 0.2 }), inputs);
        const plain = valueAndGrads((x, w, b) => activate(conv2d(x!, w!, b!, options), act, { negativeSlope: 0.2 }), inputs);
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
    const [x, w] = [seededTensor([1, 2, 4, 4], 1), seededTensor([3, 2, 3, 3], 2)];
    expect(conv2dActivated(x, w, seededTensor([3], 3, 'float64'), 'relu').shape).toEqual([1, 3, 2, 2]);
    expect(conv2dActivated(x.requireGrad(), w, seededTensor([3], 3), 'leakyRelu', { negativeSlope: -1 }).gradNode!.op).toBe('leakyRelu');
    expect(conv2dActivated(x, w, seededTensor([3], 3), 'relu').gradNode!.op).toBe('conv2dBiasActivation');
    expect(() => conv2dActivated(x, w, seededTensor([2], 3), 'relu')).toThrow('conv2d: bias must have shape [3], got [2]');
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
    const x = seededTensor([8, 20], 3, 'float32', 1);
    const labels = new Tensor(Int32Array.from({ length: 8 }, (_, i) => i % 5), [8]);
    for (const act of [() => new ReLU(), () => new LeakyReLU(0.1), () => new Sigmoid(), () => new Tanh()]) {
      const model = mlp(1, act);
      const counts = countingBackend(['biasActivation', 'biasActivationGrad', 'conv2dBiasActivation']);
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
    const x = seededTensor([3, 2, 5, 5], 5, 'float32', 1);
    const labels = tensor([0, 4, 2], { dtype: 'int32' });
    const counts = countingBackend(['biasActivation', 'biasActivationGrad', 'conv2dBiasActivation']);
    const { fused, plain } = bothWays(model, x, labels);
    expect(counts).toMatchObject({ conv2dBiasActivation: 2, biasActivation: 0, biasActivationGrad: 2 });
    const biasIndices = new Set(model.namedParameters().flatMap(([n], i) => (n.endsWith('bias') && !n.startsWith('5') ? [i + 1] : [])));
    fused.forEach((values, k) => {
      if (biasIndices.has(k)) values.forEach((v, i) => expect(v).toBeCloseTo(plain[k]![i]!, 5));
      else expect(values).toEqual(plain[k]);
    });
  });

  it('falls back where something observes the intermediate or the pair does not fuse', () => {
    const counts = countingBackend(['biasActivation', 'biasActivationGrad', 'conv2dBiasActivation']);
    const x = seededTensor([4, 20], 3, 'float32', 1);
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
