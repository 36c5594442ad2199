import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  mseLoss, huberLoss, smoothL1Loss, crossEntropy, nllLoss, binaryCrossEntropyWithLogits, klDiv, logSoftmax, softmax, tensor, Tensor, type Reduction,
} from '../ops/core.js';
import { randT, expectGrads, expectClose, shapeArb } from '../ops/helpers.js';
import { Random } from '../ops/core.js';
import { int32 } from '../helpers/int-tensor.js';

const reductions: Reduction[] = ['mean', 'sum', 'none'];
const f64 = (v: number[] | number[][], requiresGrad = false): Tensor => tensor(v, { dtype: 'float64', requiresGrad });

describe('losses: gradients of input and target', () => {
  for (const reduction of reductions) {
    it(`mse, huber, smoothL1 (${reduction})`, () => {
      const x = randT([3, 4], 1, { low: -2, high: 2 });
      const y = randT([3, 4], 2, { low: -2, high: 2 });
      expectGrads((a, b) => mseLoss(a, b, { reduction }), [x, y]);
      // Keep |x − y| away from the switch point δ (resp. β) and from 0 for the L1 case.
      const d = randT([3, 4], 3, { low: -3, high: 3, avoid: [-2, -1, -0.5, 0, 0.5, 1, 2], gap: 0.05, grad: false });
      const t = randT([3, 4], 4);
      const z = t.detach().add(d).requireGrad();
      for (const delta of [0.5, 1, 2]) expectGrads((a, b) => huberLoss(a, b, { delta, reduction }), [z, t]);
      for (const beta of [0, 0.5, 1]) expectGrads((a, b) => smoothL1Loss(a, b, { beta, reduction }), [z, t]);
    });

    it(`crossEntropy and nll (${reduction}), with label smoothing and class weights`, () => {
      const logits = randT([4, 3], 5, { low: -2, high: 2 });
      const target = int32([2, 0, 1, 2]);
      const weight = f64([0.5, 2, 1.5]);
      expectGrads((a) => crossEntropy(a, target, { reduction }), [logits]);
      expectGrads((a) => crossEntropy(a, target, { reduction, labelSmoothing: 0.2 }), [logits]);
      expectGrads((a) => crossEntropy(a, target, { reduction, weight }), [logits]);
      expectGrads((a) => crossEntropy(a, target, { reduction, weight, labelSmoothing: 0.1 }), [logits]);
      expectGrads((a) => nllLoss(logSoftmax(a, 1), target, { reduction }), [logits]);
      expectGrads((a) => nllLoss(a, target, { reduction, weight }), [logits]);
      // Spatial targets: logits [N, C, d], target [N, d].
      const spatial = randT([2, 3, 2], 6);
      expectGrads((a) => crossEntropy(a, int32([[0, 2], [1, 1]]), { reduction, labelSmoothing: 0.1 }), [spatial]);
    });

    it(`binaryCrossEntropyWithLogits (${reduction})`, () => {
      const x = randT([3, 2], 7, { low: -4, high: 4 });
      const y = randT([3, 2], 8, { low: 0, high: 1 });
      expectGrads((a, b) => binaryCrossEntropyWithLogits(a, b, { reduction }), [x, y]);
    });
  }

  for (const reduction of ['batchmean', 'mean', 'sum', 'none'] as const) {
    for (const logTarget of [false, true]) {
      it(`klDiv (${reduction}, logTarget ${logTarget})`, () => {
        const input = logSoftmax(randT([3, 4], 9, { grad: false }), 1).requireGrad();
        const p = softmax(randT([3, 4], 10, { grad: false }), 1);
        const target = (logTarget ? p.log() : p).requireGrad();
        expectGrads((a, b) => klDiv(a, b, { reduction, logTarget }), [input, target]);
      });
    }
  }
});

describe('losses: gradients over random shapes (property)', () => {
  const reductionArb = fc.constantFrom<Reduction>('mean', 'sum', 'none');
  const seedArb = fc.integer({ min: 0, max: 10_000 });

  it('elementwise losses on any shape, including 0-d', () => {
    fc.assert(
      fc.property(shapeArb(3, 3), reductionArb, seedArb, (shape, reduction, seed) => {
        const x = randT(shape, seed, { low: -2, high: 2 });
        const y = randT(shape, seed + 1, { low: 0, high: 1 });
        expectGrads((a, b) => mseLoss(a, b, { reduction }), [x, y]);
        expectGrads((a, b) => binaryCrossEntropyWithLogits(a, b, { reduction }), [x, y]);
        const p = y.detach().add(0.1).requireGrad(); // strictly positive "probabilities"
        expectGrads((a, b) => klDiv(a, b, { reduction }), [x, p]);
      }),
      { numRuns: 10 },
    );
  });

  it('crossEntropy over random batch sizes, class counts, targets, smoothing and weights', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 4 }), reductionArb, fc.constantFrom(0, 0.1), fc.boolean(), seedArb, (n, c, reduction, labelSmoothing, weighted, seed) => {
        const r = new Random(seed);
        const logits = randT([n, c], seed, { low: -3, high: 3 });
        const target = tensor(Array.from({ length: n }, () => r.int(c)), { dtype: 'int32' });
        const weight = weighted ? randT([c], seed + 1, { low: 0.5, high: 2, grad: false }) : undefined;
        expectGrads((a) => crossEntropy(a, target, { reduction, labelSmoothing, ...(weight ? { weight } : {}) }), [logits]);
      }),
      { numRuns: 15 },
    );
  });
});

/** Cross-entropy written out with loops, following PyTorch 1.13's formula for weights + smoothing. */
function referenceCrossEntropy(logits: number[][], target: number[], options: { weight?: number[]; labelSmoothing?: number; reduction?: Reduction }): number | number[] {
  const c = logits[0]!.length;
  const w = options.weight ?? new Array<number>(c).fill(1);
  const eps = options.labelSmoothing ?? 0;
  const nll: number[] = [];
  const smooth: number[] = [];
  const wt: number[] = [];
  logits.forEach((row, i) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    const logp = row.map((v) => v - lse);
    nll.push(-w[target[i]!]! * logp[target[i]!]!);
    smooth.push(-logp.reduce((s, v, k) => s + w[k]! * v, 0));
    wt.push(w[target[i]!]!);
  });
  const combine = (a: number, b: number): number => (1 - eps) * a + (eps / c) * b;
  const total = (xs: number[]): number => xs.reduce((s, v) => s + v, 0);
  switch (options.reduction ?? 'mean') {
    case 'none': return nll.map((v, i) => combine(v, smooth[i]!));
    case 'sum': return combine(total(nll), total(smooth));
    default: return combine(total(nll) / total(wt), total(smooth) / total(wt));
  }
}

describe('losses: values', () => {
  const logits = [[2, -1, 0.5], [0.1, 0.2, 0.3], [-3, 4, 1], [1, 1, 1]];
  const target = [0, 2, 1, 2];
  const weight = [0.5, 2, 1.5];

  it('crossEntropy matches the reference for every reduction, smoothing and weighting', () => {
    for (const reduction of reductions) {
      for (const labelSmoothing of [0, 0.1, 1]) {
        for (const w of [undefined, weight]) {
          const got = crossEntropy(f64(logits), int32(target), { reduction, labelSmoothing, ...(w ? { weight: f64(w) } : {}) });
          const want = referenceCrossEntropy(logits, target, { reduction, labelSmoothing, ...(w ? { weight: w } : {}) });
          expectClose(got.data, typeof want === 'number' ? [want] : want, 1e-14);
        }
      }
    }
  });

  it('nllLoss picks −logp[target], weighted means divide by the summed target weights', () => {
    const logp = f64([[-0.1, -2.5, -3], [-1, -0.7, -2], [-0.2, -3, -1.8]]);
    expect(nllLoss(logp, int32([0, 1, 2])).item()).toBeCloseTo((0.1 + 0.7 + 1.8) / 3, 15);
    expect(nllLoss(logp, int32([0, 1, 2]), { reduction: 'sum', weight: f64([1, 2, 3]) }).item()).toBeCloseTo(0.1 + 1.4 + 5.4, 14);
    expect(nllLoss(logp, int32([0, 1, 2]), { weight: f64([1, 2, 3]) }).item()).toBeCloseTo((0.1 + 1.4 + 5.4) / 6, 14);
    expect(nllLoss(logp, int32([0, 1, 2]), { reduction: 'none' }).toArray()).toEqual([0.1, 0.7, 1.8]);
  });

  it('mse, huber and smoothL1 by hand', () => {
    const x = f64([0, 1, 4]);
    const y = f64([0.5, -1, 1]);
    // d = [-0.5, 2, 3]
    expect(mseLoss(x, y).item()).toBeCloseTo((0.25 + 4 + 9) / 3, 15);
    expect(mseLoss(x, y, { reduction: 'sum' }).item()).toBeCloseTo(13.25, 15);
    expectClose(huberLoss(x, y, { reduction: 'none' }).data, [0.125, 1.5, 2.5]);
    expectClose(huberLoss(x, y, { delta: 2, reduction: 'none' }).data, [0.125, 2, 4]);
    expectClose(smoothL1Loss(x, y, { beta: 2, reduction: 'none' }).data, [0.0625, 1, 2]);
    expectClose(smoothL1Loss(x, y, { beta: 0, reduction: 'none' }).data, [0.5, 2, 3]);
    // smoothL1 = huber / β
    expectClose(smoothL1Loss(x, y, { beta: 2 }).data, [huberLoss(x, y, { delta: 2 }).item() / 2]);
  });

  it('binaryCrossEntropyWithLogits is stable and has gradient σ(x) − y', () => {
    const x = f64([0, 100, -100, 2], true);
    const y = f64([1, 1, 0, 0.25]);
    const loss = binaryCrossEntropyWithLogits(x, y, { reduction: 'none' });
    expectClose(loss.data, [Math.LN2, 0, 0, 0.75 * 2 + Math.log1p(Math.exp(-2))]);
    loss.sum().backward();
    expectClose(x.grad!.data, [-0.5, 0, 0, 1 / (1 + Math.exp(-2)) - 0.25]);
  });

  it('klDiv by hand: batchmean is sum / batch size, zero targets contribute 0, logTarget agrees', () => {
    const input = f64([[Math.log(0.5), Math.log(0.5)], [Math.log(0.25), Math.log(0.75)]]);
    const target = f64([[1, 0], [0.5, 0.5]]);
    const pointwise = [Math.log(2), 0, 0.5 * Math.log(2), 0.5 * Math.log(0.5 / 0.75)];
    const total = pointwise.reduce((s, v) => s + v, 0);
    expectClose(klDiv(input, target, { reduction: 'none' }).data, pointwise);
    expect(klDiv(input, target, { reduction: 'batchmean' }).item()).toBeCloseTo(total / 2, 15);
    expect(klDiv(input, target).item()).toBeCloseTo(total / 4, 15);
    expect(klDiv(input, target, { reduction: 'sum' }).item()).toBeCloseTo(total, 15);
    const logT = f64([[0, -800], [Math.log(0.5), Math.log(0.5)]]);
    expectClose(klDiv(input, logT, { reduction: 'none', logTarget: true }).data, pointwise, 1e-14);
  });
});
