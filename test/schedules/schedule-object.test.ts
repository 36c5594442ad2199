/**
 * A schedule is one plain object: its values, and explicit fields for what PyTorch's SequentialLR and
 * ChainedScheduler do with it. The same object drives a pure chain (scaleByLearningRate) and an
 * optimizer's groups (applySchedule).
 */
import { describe, expect, it } from 'vitest';
import {
  applySchedule, chainedScheduler, constantLR, cosineAnnealingLR, cyclicLR, exponentialLR, isSchedule, lambdaLR, linearLR,
  multiplicativeLR, oneCycleLR, sequentialLR, stepLR, swaLR, type Schedule,
} from '../../src/schedules/index.js';
import { scaleByLearningRate } from '../../src/optim/transforms/scale.js';
import { applyUpdates, chain, identity } from '../../src/optim/transform.js';
import type { FloatArray } from '../../src/optim/types.js';

const lr = 0.1;
const values = (s: Schedule, n: number): number[] => Array.from({ length: n }, (_, k) => s.value(k));

describe('the Schedule object', () => {
  it('carries its restart and chaining behaviour as fields, only where PyTorch needs them', () => {
    const cosine = cosineAnnealingLR({ learningRate: lr, tMax: 6 });
    expect(Object.keys(cosine).sort()).toEqual(['chainable', 'restartFrom', 'value']);
    expect(cosine.chainable!.learningRate).toBe(lr);
    expect(Object.keys(stepLR({ learningRate: lr, stepSize: 2 })).sort()).toEqual(['chainable', 'value']);
    expect(Object.keys(multiplicativeLR({ learningRate: lr, lrLambda: () => 0.9 })).sort()).toEqual(['chainable', 'restartFrom', 'value']);
    expect(Object.keys(swaLR({ learningRate: lr, swaLr: 0.01 })).sort()).toEqual(['chainable', 'restartFrom', 'value']);
    expect(Object.keys(lambdaLR({ learningRate: lr, lrLambda: () => 1 }))).toEqual(['value']);
    expect(Object.keys(oneCycleLR({ maxLr: 1, totalSteps: 10 })).sort()).toEqual(['momentum', 'value']);
    expect(Object.keys(cyclicLR({ baseLr: 0.1, maxLr: 1, cycleMomentum: false }))).toEqual(['value']);
    expect(chainedScheduler({ schedules: [stepLR({ learningRate: lr, stepSize: 2 })] }).chained).toBe(true);
  });

  it('two schedules with the same values and fields behave the same; dropping restartFrom changes SequentialLR', () => {
    const warm = (): Schedule => linearLR({ learningRate: lr, startFactor: 0.1, totalIters: 5 });
    const mult = multiplicativeLR({ learningRate: lr, lrLambda: () => 0.9 });
    const pytorch = sequentialLR({ schedules: [warm(), mult], milestones: [3] });
    const copy = sequentialLR({ schedules: [warm(), { ...mult }], milestones: [3] });
    const valuesOnly = sequentialLR({ schedules: [warm(), { value: mult.value }], milestones: [3] });
    expect(values(copy, 8)).toEqual(values(pytorch, 8));
    // PyTorch continues from the rate in force at the milestone (0.046); the bare values restart at η₀.
    expect(pytorch.value(3)).toBe(0.046000000000000006);
    expect(valuesOnly.value(3)).toBe(lr);
  });

  it('a hand-written object is a schedule, and the chain treats one without `chainable` as absolute', () => {
    const half: Schedule = { value: (k) => 0.5 ** k };
    expect(isSchedule(half)).toBe(true);
    expect(isSchedule((k: number) => k)).toBe(false);
    const s = chainedScheduler({ schedules: [constantLR({ learningRate: 1, factor: 0.5, totalIters: 2 }), half] });
    expect(values(s, 4)).toEqual([1, 0.5, 0.25, 0.125]);
    const scaled = chainedScheduler({ schedules: [half, exponentialLR({ learningRate: 1, gamma: 0.5 })] });
    expect(values(scaled, 3)).toEqual([1, 0.25, 0.125]);
  });

  it('the same object drives a pure chain (scaleByLearningRate) and an optimizer (applySchedule)', () => {
    const schedule = stepLR({ learningRate: 0.5, stepSize: 2, gamma: 0.1 });
    const tx = chain(identity(), scaleByLearningRate(schedule));
    let params: FloatArray[] = [Float64Array.of(0)];
    let state = tx.init(params);
    const group = { learningRate: 0 };
    const rates: number[] = [];
    for (let k = 0; k < 4; k++) {
      const r = tx.update([Float64Array.of(1)], state, params);
      params = applyUpdates(params, r.updates);
      state = r.state;
      applySchedule({ paramGroups: [group] }, schedule, k);
      rates.push(group.learningRate);
    }
    expect(rates).toEqual([0.5, 0.5, 0.05, 0.05]);
    expect(params[0]![0]).toBe(-(0.5 + 0.5 + 0.05 + 0.05));
    expect(() => scaleByLearningRate({ value: () => -1 })).toThrow('scaleByLearningRate: invalid learningRate: -1 at step 0');
    expect(() => scaleByLearningRate({} as never)).toThrow('scaleByLearningRate: invalid learningRate: [object Object] at step 0');
  });
});
