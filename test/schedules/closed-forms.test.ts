import { describe, expect, it } from 'vitest';
import {
  constantLR,
  constantSchedule,
  cosineAnnealingLR,
  cosineAnnealingWarmRestarts,
  cyclicLR,
  exponentialLR,
  inverseTimeDecay,
  lambdaLR,
  linearLR,
  multiStepLR,
  oneCycleLR,
  polynomialLR,
  stepLR,
  swaLR,
  type Schedule,
} from '../../src/schedules/index.js';

/** Checks `schedule(k)` against `formula(k)` for k = 0..n-1 to 1e-12 relative (recursion vs closed form). */
function expectClose(schedule: Schedule, formula: (k: number) => number, n = 60): void {
  for (let k = 0; k < n; k++) {
    const expected = formula(k);
    const actual = schedule.value(k);
    expect(Math.abs(actual - expected), `step ${k}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-15 + 1e-12 * Math.abs(expected));
  }
}

describe('schedules follow their closed forms', () => {
  it('constant and inverse-time decay', () => {
    expectClose(constantSchedule({ learningRate: 0.3 }), () => 0.3);
    expectClose(inverseTimeDecay({ learningRate: 0.1 }), (k) => 0.1 / (1 + k));
    expectClose(inverseTimeDecay({ learningRate: 0.1, decayRate: 0.5, power: 0.75 }), (k) => 0.1 / (1 + 0.5 * k) ** 0.75);
    expect(inverseTimeDecay({ learningRate: 1 }).value(2.5)).toBeCloseTo(1 / 3.5, 15);
  });

  it('StepLR, MultiStepLR, ExponentialLR', () => {
    expectClose(stepLR({ learningRate: 0.1, stepSize: 7, gamma: 0.5 }), (k) => 0.1 * 0.5 ** Math.floor(k / 7));
    expectClose(stepLR({ learningRate: 1, stepSize: 3 }), (k) => 0.1 ** Math.floor(k / 3));
    const ms = [5, 12, 12, 20];
    expectClose(multiStepLR({ learningRate: 0.1, milestones: ms, gamma: 0.3 }), (k) => 0.1 * 0.3 ** ms.filter((m) => m <= k).length);
    expectClose(multiStepLR({ learningRate: 0.1, milestones: [20, 5] }), (k) => 0.1 * 0.1 ** [5, 20].filter((m) => m <= k).length);
    expectClose(multiStepLR({ learningRate: 0.1, milestones: [0, 3] }), (k) => 0.1 * 0.1 ** [0, 3].filter((m) => m <= k).length);
    expectClose(exponentialLR({ learningRate: 0.1, gamma: 0.9 }), (k) => 0.1 * 0.9 ** k);
  });

  it('ExponentialLR multiplies step by step, as PyTorch does (not the closed form)', () => {
    const s = exponentialLR({ learningRate: 0.1, gamma: 0.9 });
    let lr = 0.1;
    for (let k = 1; k < 50; k++) {
      lr *= 0.9;
      expect(s.value(k)).toBe(lr);
    }
    expect(s.value(2)).toBe(0.08100000000000002);
  });

  it('CosineAnnealingLR keeps following the cosine past tMax (period 2·tMax)', () => {
    const f = (k: number) => 0.005 + ((0.1 - 0.005) * (1 + Math.cos((Math.PI * k) / 12))) / 2;
    expectClose(cosineAnnealingLR({ learningRate: 0.1, tMax: 12, etaMin: 0.005 }), f, 80);
    const s = cosineAnnealingLR({ learningRate: 0.1, tMax: 12, etaMin: 0.005 });
    expect(s.value(12)).toBeCloseTo(0.005, 15);
    expect(s.value(24)).toBeCloseTo(0.1, 14);
    expectClose(cosineAnnealingLR({ learningRate: 1, tMax: 1 }), (k) => (1 + Math.cos(Math.PI * k)) / 2, 10);
  });

  it('CosineAnnealingWarmRestarts restarts at T0, T0(1+m), ...', () => {
    const s = cosineAnnealingWarmRestarts({ learningRate: 0.1, t0: 5, tMult: 2, etaMin: 0.001 });
    const f = (k: number) => {
      let cur = k;
      let ti = 5;
      while (cur >= ti) [cur, ti] = [cur - ti, ti * 2];
      return 0.001 + ((0.1 - 0.001) * (1 + Math.cos((Math.PI * cur) / ti))) / 2;
    };
    expectClose(s, f, 100);
    expect([s.value(0), s.value(5), s.value(15), s.value(35)]).toEqual([0.1, 0.1, 0.1, 0.1]);
    expectClose(cosineAnnealingWarmRestarts({ learningRate: 1, t0: 4 }), (k) => (1 + Math.cos((Math.PI * (k % 4)) / 4)) / 2);
    // fractional steps (PyTorch's step(epoch + i/iters))
    expect(s.value(2.5)).toBeCloseTo(0.001 + (0.099 * (1 + Math.cos(Math.PI / 2))) / 2, 15);
  });

  it('LinearLR, ConstantLR, PolynomialLR', () => {
    expectClose(linearLR({ learningRate: 0.1, startFactor: 0.25, totalIters: 8 }), (k) => 0.1 * (0.25 + (0.75 * Math.min(k, 8)) / 8));
    expectClose(linearLR({ learningRate: 0.1, startFactor: 1, endFactor: 0.2, totalIters: 10 }), (k) => 0.1 * (1 - (0.8 * Math.min(k, 10)) / 10));
    expectClose(constantLR({ learningRate: 0.1, factor: 0.5, totalIters: 6 }), (k) => (k < 6 ? 0.05 : 0.1));
    expectClose(constantLR({ learningRate: 0.1, factor: 0.5, totalIters: 0 }), () => 0.05); // PyTorch's behaviour
    expectClose(polynomialLR({ learningRate: 0.1, totalIters: 20, power: 2 }), (k) => 0.1 * (1 - Math.min(k, 20) / 20) ** 2);
    expectClose(polynomialLR({ learningRate: 0.1 }), (k) => 0.1 * (1 - Math.min(k, 5) / 5));
  });

  it('LambdaLR with a function and with lambda text', () => {
    expectClose(lambdaLR({ learningRate: 0.1, lrLambda: (k) => 0.95 ** k }), (k) => 0.1 * 0.95 ** k);
    expectClose(lambdaLR({ learningRate: 0.1, lrLambda: 'lambda k: 1.0 / (1.0 + c * k)', constants: { c: 0.5 } }), (k) => 0.1 / (1 + 0.5 * k));
    expectClose(lambdaLR({ learningRate: 0.1, lrLambda: 'lambda epoch: 0.5 ** (epoch // 10)' }), (k) => 0.1 * 0.5 ** Math.floor(k / 10));
  });

  it('SWALR anneals from the initial rate to swaLr and stays there', () => {
    for (const annealStrategy of ['cos', 'linear'] as const) {
      const a = (t: number) => (annealStrategy === 'cos' ? (1 - Math.cos(Math.PI * t)) / 2 : t);
      const s = swaLR({ learningRate: 0.1, swaLr: 0.02, annealEpochs: 8, annealStrategy });
      expectClose(s, (k) => 0.02 * a(Math.min(1, k / 8)) + 0.1 * (1 - a(Math.min(1, k / 8))));
      expect(s.value(8)).toBe(0.02);
    }
    expectClose(swaLR({ learningRate: 0.1, swaLr: 0.02, annealEpochs: 0 }), () => 0.02);
  });

  it('OneCycleLR: η_i → maxLr → η_i/finalDivFactor, momentum inverse', () => {
    const s = oneCycleLR({ maxLr: 1, totalSteps: 30 });
    const up = 0.3 * 30 - 1;
    const cos = (a: number, b: number, p: number) => b + ((a - b) / 2) * (1 + Math.cos(Math.PI * p));
    expectClose(s, (k) => (k <= up ? cos(0.04, 1, k / up) : cos(1, 0.04 / 1e4, (k - up) / (29 - up))), 31);
    expectClose({ value: s.momentum! }, (k) => (k <= up ? cos(0.95, 0.85, k / up) : cos(0.85, 0.95, (k - up) / (29 - up))), 31);
    expect(s.value(8)).toBeCloseTo(1, 15);
    expect(s.value(29)).toBeCloseTo(4e-6, 18);
    const lin = oneCycleLR({ maxLr: 2, epochs: 4, stepsPerEpoch: 5, annealStrategy: 'linear', cycleMomentum: false, threePhase: true });
    expect(lin.momentum).toBeUndefined();
    expect(lin.value(0)).toBeCloseTo(0.08, 15);
    expect(lin.value(5)).toBeCloseTo(2, 15); // end of phase 1 at 0.3·20 − 1 = 5
    expect(lin.value(10)).toBeCloseTo(0.08, 15); // end of phase 2 at 2·0.3·20 − 2 = 10
    expect(lin.value(19)).toBeCloseTo(0.08 / 1e4, 16);
  });

  it('CyclicLR: triangular, triangular2, exp_range and a custom scale function', () => {
    const tri = cyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
    const h = (k: number, up: number, down: number) => {
      const x = k % (up + down);
      return x <= up ? x / up : 1 - (x - up) / down;
    };
    expectClose(tri, (k) => 0.01 + 0.09 * h(k, 4, 4));
    expectClose({ value: tri.momentum! }, (k) => 0.9 - 0.1 * h(k, 4, 4));
    const tri2 = cyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, stepSizeDown: 5, mode: 'triangular2' });
    expectClose(tri2, (k) => 0.01 + 0.09 * h(k, 3, 5) / 2 ** Math.floor(k / 8));
    const exp = cyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4, mode: 'exp_range', gamma: 0.95 });
    expectClose(exp, (k) => 0.01 + 0.09 * h(k, 4, 4) * 0.95 ** k);
    const custom = cyclicLR({ baseLr: 0, maxLr: 1, stepSizeUp: 2, scaleFn: (c) => 1 / c, cycleMomentum: false });
    expectClose(custom, (k) => h(k, 2, 2) / Math.floor(1 + k / 4));
    expect(custom.momentum).toBeUndefined();
  });
});
