import { describe, expect, it } from 'vitest';
import { applyPlateauState, applySchedule, cyclicLR, exponentialLR, oneCycleLR, reduceLROnPlateau, stepLR, type SchedulableOptimizer } from '../../src/schedules/index.js';

describe('applySchedule', () => {
  it('sets the learning rate of every group, or per group', () => {
    const opt: SchedulableOptimizer = { paramGroups: [{ learningRate: 0 }, { learningRate: 0 }] };
    applySchedule(opt, exponentialLR({ learningRate: 0.1, gamma: 0.5 }), 2);
    expect(opt.paramGroups.map((g) => g.learningRate)).toEqual([0.025, 0.025]);
    applySchedule(opt, [stepLR({ learningRate: 1, stepSize: 1 }), stepLR({ learningRate: 2, stepSize: 1 })], 1);
    expect(opt.paramGroups.map((g) => g.learningRate)).toEqual([0.1, 0.2]);
  });

  it('writes cycled momentum into momentum, beta1 or betas[0]', () => {
    const s = oneCycleLR({ maxLr: 1, totalSteps: 20 });
    const sgd = { paramGroups: [{ learningRate: 0, momentum: 0.9 }] };
    const adamBeta1 = { paramGroups: [{ learningRate: 0, beta1: 0.9 }] };
    const adamBetas = { paramGroups: [{ learningRate: 0, betas: [0.9, 0.999] as [number, number] }] };
    for (const opt of [sgd, adamBeta1, adamBetas]) applySchedule(opt, s, 3);
    expect(sgd.paramGroups[0]!.momentum).toBe(s.momentum!(3));
    expect(adamBeta1.paramGroups[0]!.beta1).toBe(s.momentum!(3));
    expect(adamBetas.paramGroups[0]!.betas).toEqual([s.momentum!(3), 0.999]);
    expect(adamBetas.paramGroups[0]!.learningRate).toBe(s.value(3));
    const c = cyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2 });
    applySchedule(sgd, c, 2);
    expect(sgd.paramGroups[0]).toEqual({ learningRate: 0.1, momentum: 0.8 });
  });

  it('applyPlateauState copies the per-group rates', () => {
    const plateau = reduceLROnPlateau({ patience: 0 });
    let state = plateau.init([0.1, 0.2]);
    state = plateau.update(plateau.update(state, 1), 1);
    const opt = { paramGroups: [{ learningRate: 0.1 }, { learningRate: 0.2 }] };
    applyPlateauState(opt, state);
    expect(opt.paramGroups[0]!.learningRate).toBeCloseTo(0.01, 15);
    expect(opt.paramGroups[1]!.learningRate).toBeCloseTo(0.02, 15);
  });
});
