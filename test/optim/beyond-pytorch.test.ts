import { describe, expect, it } from 'vitest';
import { Lion, QuickProp, quickprop, applyUpdates, type FloatArray } from '../../src/optim/index.js';
import { param } from './helpers.js';

describe('Lion', () => {
  it('moves every coordinate by exactly ±η (plus decoupled decay)', () => {
    const x = param([1, -2, 3]);
    const opt = new Lion([x], { learningRate: 0.01 });
    x.grad = { data: Float64Array.of(5, -0.001, 0) };
    opt.step();
    expect(Array.from(x.data)).toEqual([1 - 0.01, -2 + 0.01, 3]);
    const y = param([2]);
    const decayed = new Lion([y], { learningRate: 0.1, weightDecay: 0.5 });
    y.grad = { data: Float64Array.of(1) };
    decayed.step();
    expect(y.data[0]).toBeCloseTo(2 - 0.1 * 0.5 * 2 - 0.1, 15);
  });
});

describe('QuickProp', () => {
  it('takes the secant step to the minimum of a parabola (plus ε·S while the slope keeps its sign)', () => {
    const grad = (w: number): number => 2 * (w - 3); // E = (w − 3)²
    const x = param([2]);
    const opt = new QuickProp([x], { learningRate: 0.4 });
    x.grad = { data: Float64Array.of(grad(x.data[0]!)) };
    opt.step();
    expect(x.data[0]).toBeCloseTo(2.8, 15); // ε·S = 0.4·2
    x.grad = { data: Float64Array.of(grad(x.data[0]!)) };
    opt.step();
    // Secant: 0.8·S/(S_prev − S) = 0.8·0.4/1.6 = 0.2 lands on 3; Fahlman adds ε·S = 0.16.
    expect(x.data[0]).toBeCloseTo(3 + 0.16, 12);
  });

  it('replaces a too-large secant step by maxGrowthFactor times the previous step', () => {
    const grad = (w: number): number => 2 * (w - 3);
    const x = param([0]);
    const opt = new QuickProp([x], { learningRate: 0.1, maxGrowthFactor: 1.75 });
    for (let k = 0; k < 2; k++) {
      x.grad = { data: Float64Array.of(grad(x.data[0]!)) };
      opt.step();
    }
    // Step 1: 0.6. Step 2: the secant step 2.4 exceeds 1.75·0.6, so 1.05, plus ε·S = 0.48.
    expect(x.data[0]).toBeCloseTo(0.6 + 1.05 + 0.48, 12);
  });

  it('caps each step at maxGrowthFactor times the previous one', () => {
    // A linear slope: the parabola has no minimum, so the step grows by μ each time.
    const tx = quickprop({ learningRate: 0.1, maxGrowthFactor: 1.75 });
    let params: FloatArray[] = [Float64Array.of(0)];
    let state = tx.init(params);
    const steps: number[] = [];
    for (let k = 0; k < 4; k++) {
      const before = params[0]![0]!;
      const r = tx.update([Float64Array.of(-1)], state, params);
      params = applyUpdates(params, r.updates);
      state = r.state;
      steps.push(params[0]![0]! - before);
    }
    expect(steps[0]).toBeCloseTo(0.1, 15);
    for (let k = 1; k < 4; k++) expect(steps[k]).toBeCloseTo(steps[k - 1]! * 1.75 + 0.1, 12);
  });
});
