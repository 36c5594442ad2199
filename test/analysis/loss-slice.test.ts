import { describe, expect, it } from 'vitest';
import { Conv2d, Flatten, Linear, Parameter, Random, ReLU, Sequential, Tensor, crossEntropy, filterNormalizedDirections, flattenParameters, lossSlice, projectTrajectory } from '../../src/index.js';
import { quadraticLoss, symmetricWithEigenvalues, tinyMlp } from './helpers.js';

function norm(a: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

describe('filterNormalizedDirections', () => {
  it("scales each filter (a Linear row, a Conv2d output channel) to its weight filter's norm; biases zero by default", () => {
    const random = new Random(2);
    const model = new Sequential(new Conv2d(1, 2, 3, { random }), new ReLU(), new Flatten(), new Linear(2 * 2 * 2, 3, { random }));
    const params = model.namedParameters();
    const [d] = filterNormalizedDirections(params);
    const shapes = params.map(([name, p]) => [name, p.shape, p.size] as const);
    expect(shapes.map(([name]) => name)).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
    let offset = 0;
    for (const [, p] of params) {
      if (p.rank >= 2) {
        const filterSize = p.size / p.shape[0]!;
        for (let f = 0; f < p.shape[0]!; f++) {
          const start = offset + f * filterSize;
          expect(norm(d!, start, start + filterSize)).toBeCloseTo(norm(p.data, f * filterSize, (f + 1) * filterSize), 10);
        }
      } else {
        expect(Array.from(d!.subarray(offset, offset + p.size))).toEqual(new Array(p.size).fill(0));
      }
      offset += p.size;
    }
    expect(offset).toBe(d!.length);
    // 'normalize': a bias is one filter, scaled to the bias's norm.
    const [withBias] = filterNormalizedDirections(params, { bias: 'normalize' });
    const biasStart = params[0]![1].size;
    expect(norm(withBias!, biasStart, biasStart + 2)).toBeCloseTo(norm(params[1]![1].data), 10);
  });

  it('is seeded: the same seed gives the same directions, another seed others; two directions differ', () => {
    const { model } = tinyMlp();
    const a = filterNormalizedDirections(model.namedParameters(), { count: 2, seed: 5 });
    expect(filterNormalizedDirections(model.namedParameters(), { count: 2, seed: 5 })).toEqual(a);
    expect(filterNormalizedDirections(model.namedParameters(), { count: 2, seed: 6 })).not.toEqual(a);
    expect(a[0]).not.toEqual(a[1]);
  });
});

describe('lossSlice', () => {
  it('1-D: the loss at α = 0 is the current loss, and along d it is the quadratic L(θ₀ + αd) exactly', () => {
    const { matrix } = symmetricWithEigenvalues([2, 1, 0.5], 3);
    const { x, loss } = quadraticLoss(matrix, 3, 1);
    const d = Float64Array.of(1, -2, 0.5);
    const slice = lossSlice(loss, [x], { steps: 11, range: 2, directionVectors: [d] });
    expect(slice.alphas).toHaveLength(11);
    expect(slice.alphas[5]).toBe(0);
    expect(slice.losses).toHaveLength(1);
    expect(slice.losses[0]![5]).toBe(slice.loss);
    expect(slice.loss).toBe(loss().item());
    // L(θ₀ + αd) = L₀ + α gᵀd + ½α² dᵀAd.
    let dAd = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) dAd += d[i]! * matrix[i * 3 + j]! * d[j]!;
    const [l1, l0, lm1] = [slice.losses[0]![6]!, slice.losses[0]![5]!, slice.losses[0]![4]!];
    const h = slice.alphas[6]!;
    expect((l1 - 2 * l0 + lm1) / (h * h)).toBeCloseTo(dAd, 8);
  });

  it('2-D on a float32 MLP: a steps×steps grid, the centre is the current loss, the weights are restored bit for bit', () => {
    const random = new Random(7);
    const model = new Sequential(new Linear(2, 8, { random }), new ReLU(), new Linear(8, 3, { random }));
    model.eval();
    const x = new Tensor(Float32Array.from({ length: 40 }, () => random.normal()), [20, 2]);
    const y = new Tensor(Int32Array.from({ length: 20 }, (_, i) => i % 3), [20]);
    const loss = () => crossEntropy(model.forward(x), y);
    const before = model.parameters().map((p) => p.data.slice());
    const current = loss().item();
    const slice = lossSlice(loss, model.namedParameters(), { directions: 2, steps: 7, range: [-0.5, 0.5], seed: 3 });
    expect(slice.losses).toHaveLength(7);
    slice.losses.forEach((row) => expect(row).toHaveLength(7));
    expect(slice.alphas[3]).toBe(0);
    expect(slice.betas[3]).toBe(0);
    expect(slice.losses[3]![3]).toBe(current);
    expect(slice.loss).toBe(current);
    expect(new Set(slice.losses.flat()).size).toBeGreaterThan(40); // it really moved
    model.parameters().forEach((p, i) => expect(p.data).toEqual(before[i]));
    expect(loss().item()).toBe(current);
    // The slice is a function of the seed only.
    expect(lossSlice(loss, model.namedParameters(), { directions: 2, steps: 7, range: [-0.5, 0.5], seed: 3 }).losses).toEqual(slice.losses);
  });

  it('restores the weights when the loss function throws part-way', () => {
    const w = new Parameter(Float32Array.of(0.1, 0.2, 0.3), [3, 1]);
    const before = w.data.slice();
    let calls = 0;
    const loss = () => {
      if (++calls === 4) throw new Error('boom');
      return w.sum();
    };
    expect(() => lossSlice(loss, [w], { steps: 9, bias: 'normalize' })).toThrow('boom');
    expect(w.data).toEqual(before);
  });

  it('rejects bad options', () => {
    const w = new Parameter(Float32Array.of(1, 2), [2, 1]);
    expect(() => lossSlice(() => w.sum(), [w], { directions: 3 as 2 })).toThrow(/directions must be 1 or 2/);
    expect(() => lossSlice(() => w.sum(), [w], { steps: 0 })).toThrow(/steps/);
    expect(() => lossSlice(() => w.sum(), [w], { range: [1, -1] })).toThrow(/range/);
  });
});

describe('projectTrajectory', () => {
  it('maps grid points to their own coordinates and the origin to (0, 0); off-plane parts show as residual', () => {
    const { model } = tinyMlp();
    const params = model.namedParameters();
    const origin = flattenParameters(params);
    const [d1, d2] = filterNormalizedDirections(params, { count: 2, seed: 1 });
    const at = (a: number, b: number) => Float64Array.from(origin, (o, i) => o + a * d1![i]! + b * d2![i]!);
    const off = at(0.2, 0.1);
    off[0] = off[0]! + 0.5; // a step outside the plane (d1, d2 have a component there too, so the fit moves a little)
    const path = projectTrajectory([origin, at(0.3, -0.7), at(-1, 0.25), off], [d1!, d2!], origin);
    expect(path[0]!.coordinates).toEqual([0, 0]);
    expect(path[1]!.coordinates[0]).toBeCloseTo(0.3, 12);
    expect(path[1]!.coordinates[1]).toBeCloseTo(-0.7, 12);
    expect(path[2]!.coordinates[0]).toBeCloseTo(-1, 12);
    expect(path[2]!.coordinates[1]).toBeCloseTo(0.25, 12);
    expect(path[1]!.residual).toBeLessThan(1e-12);
    expect(path[3]!.residual).toBeGreaterThan(0.1);
    expect(projectTrajectory([at(0.4, 0)], [d1!], origin)[0]!.coordinates[0]).toBeCloseTo(0.4, 12);
    expect(() => projectTrajectory([origin], [d1!, d1!], origin)).toThrow(/parallel/);
  });
});
