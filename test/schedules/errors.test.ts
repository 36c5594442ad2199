import { describe, expect, it } from 'vitest';
import {
  applySchedule,
  constantLR,
  constantSchedule,
  cosineAnnealingLR,
  cosineAnnealingWarmRestarts,
  cyclicLR,
  exponentialLR,
  inverseTimeDecay,
  joinSchedules,
  lambdaLR,
  linearLR,
  multiStepLR,
  oneCycleLR,
  polynomialLR,
  reduceLROnPlateau,
  sequentialLR,
  stepLR,
  swaLR,
  warmup,
} from '../../src/schedules/index.js';

describe('bad hyper-parameters are reported with the schedule, option and value', () => {
  it('ranges', () => {
    expect(() => stepLR({ learningRate: 0.1, stepSize: 3, gamma: -1 })).toThrow('StepLR: invalid gamma: -1 (valid range [0, inf))');
    expect(() => stepLR({ learningRate: 0.1, stepSize: 0 })).toThrow('StepLR: invalid stepSize: 0 (valid range [1, inf))');
    expect(() => stepLR({ learningRate: 0.1, stepSize: 2.5 })).toThrow('StepLR: invalid stepSize: 2.5 (expected an integer)');
    expect(() => exponentialLR({ learningRate: NaN, gamma: 0.9 })).toThrow('ExponentialLR: invalid learningRate: NaN');
    expect(() => exponentialLR({ learningRate: -0.1, gamma: 0.9 })).toThrow('ExponentialLR: invalid learningRate: -0.1');
    expect(() => exponentialLR({ learningRate: Infinity, gamma: 0.9 })).toThrow('ExponentialLR: invalid learningRate: Infinity');
    expect(() => cosineAnnealingLR({ learningRate: 0.1, tMax: 0 })).toThrow('CosineAnnealingLR: invalid tMax: 0');
    expect(() => cosineAnnealingLR({ learningRate: 0.1, tMax: 5, etaMin: -1 })).toThrow('CosineAnnealingLR: invalid etaMin: -1');
    expect(() => cosineAnnealingWarmRestarts({ learningRate: 0.1, t0: 5, tMult: 0 })).toThrow('CosineAnnealingWarmRestarts: invalid tMult: 0');
    expect(() => cosineAnnealingWarmRestarts({ learningRate: 0.1, t0: 1.5 })).toThrow('invalid t0: 1.5 (expected an integer)');
    expect(() => linearLR({ learningRate: 0.1, startFactor: 0 })).toThrow('LinearLR: invalid startFactor: 0 (valid range (0, 1])');
    expect(() => linearLR({ learningRate: 0.1, endFactor: 1.5 })).toThrow('LinearLR: invalid endFactor: 1.5');
    expect(() => constantLR({ learningRate: 0.1, factor: 2 })).toThrow('ConstantLR: invalid factor: 2 (valid range (0, 1])');
    expect(() => polynomialLR({ learningRate: 0.1, power: -1 })).toThrow('PolynomialLR: invalid power: -1');
    expect(() => inverseTimeDecay({ learningRate: 0.1, power: 0 })).toThrow('inverseTimeDecay: invalid power: 0 (valid range (0, inf))');
    expect(() => swaLR({ learningRate: 0.1, swaLr: 0.05, annealStrategy: 'exp' as never })).toThrow(
      'SWALR: invalid annealStrategy: exp (valid choices: cos, linear)',
    );
    expect(() => oneCycleLR({ maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow('OneCycleLR: invalid pctStart: 1.5');
    expect(() => cyclicLR({ baseLr: 0.1, maxLr: 1, mode: 'square' as never })).toThrow('CyclicLR: invalid mode: square');
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow('ReduceLROnPlateau: invalid factor: 1 (valid range [0, 1))');
    expect(() => reduceLROnPlateau({ mode: 'minimum' as never })).toThrow('ReduceLROnPlateau: invalid mode: minimum');
    expect(() => reduceLROnPlateau({ minLr: [0.1, -1] })).toThrow('ReduceLROnPlateau: invalid minLr: [0.1,-1]');
    expect(() => warmup(constantSchedule({ learningRate: 1 }), { warmupSteps: 5, startFactor: 1 })).toThrow('warmup: invalid startFactor: 1');
  });

  it('unknown options name the closest valid one', () => {
    expect(() => stepLR({ learningRate: 0.1, stepSize: 3, gama: 0.5 } as never)).toThrow(
      "StepLR: unknown option 'gama'; did you mean 'gamma'?",
    );
    expect(() => cosineAnnealingLR({ learningRate: 0.1, T_max: 10 } as never)).toThrow("unknown option 'T_max'; did you mean 'tMax'?");
    expect(() => cosineAnnealingLR({ learningRate: 0.1, tMax: 10, eta_min: 0 } as never)).toThrow("did you mean 'etaMin'?");
    expect(() => reduceLROnPlateau({ min_lr: 0.1 } as never)).toThrow("ReduceLROnPlateau: unknown option 'min_lr'; did you mean 'minLr'?");
    expect(() => sequentialLR({ schedules: [], milestone: [] } as never)).toThrow("SequentialLR: unknown option 'milestone'; did you mean 'milestones'?");
  });

  it('missing required options', () => {
    expect(() => stepLR({ stepSize: 3 } as never)).toThrow("StepLR: missing required option 'learningRate'");
    expect(() => stepLR({ learningRate: 0.1 } as never)).toThrow("StepLR: missing required option 'stepSize'");
    expect(() => exponentialLR({ learningRate: 0.1 } as never)).toThrow("ExponentialLR: missing required option 'gamma'");
    expect(() => multiStepLR({ learningRate: 0.1 } as never)).toThrow("MultiStepLR: missing required option 'milestones'");
    expect(() => oneCycleLR({ maxLr: 1 })).toThrow('OneCycleLR: give totalSteps, or both epochs and stepsPerEpoch');
    expect(() => lambdaLR({ learningRate: 0.1 } as never)).toThrow("LambdaLR: missing required option 'lrLambda'");
    expect(() => swaLR({ learningRate: 0.1 } as never)).toThrow("SWALR: missing required option 'swaLr'");
  });

  it('structured options', () => {
    expect(() => multiStepLR({ learningRate: 0.1, milestones: [3, -1] })).toThrow('MultiStepLR: invalid milestones: [-1,3]');
    expect(() => multiStepLR({ learningRate: 0.1, milestones: 3 as never })).toThrow('MultiStepLR: invalid milestones: 3');
    expect(() => cyclicLR({ baseLr: 0.1, maxLr: 1, scaleFn: 2 as never })).toThrow('CyclicLR: invalid scaleFn: 2');
    expect(() => lambdaLR({ learningRate: 0.1, lrLambda: 3 as never })).toThrow('LambdaLR: invalid lrLambda: 3');
    expect(() => lambdaLR({ learningRate: 0.1, lrLambda: 'lambda k: c * k', constants: { c: NaN } })).toThrow('LambdaLR: invalid constant c: NaN');
    expect(() => lambdaLR({ learningRate: 0.1, lrLambda: 'lambda k: d * k' })).toThrow("unknown name 'd'");
    expect(() => lambdaLR({ learningRate: 0.1, lrLambda: (k) => 1 / k }).value(0)).toThrow('LambdaLR: lrLambda(0) returned Infinity');
  });

  it('joined schedules', () => {
    const a = constantSchedule({ learningRate: 1 });
    expect(() => joinSchedules([a, a], [])).toThrow('joinSchedules: expected 1 milestones for 2 schedules, got 0');
    expect(() => joinSchedules([a, a, a], [5, 5])).toThrow('joinSchedules: invalid milestones: [5,5] (expected a list of increasing');
    expect(() => joinSchedules([a, a], [0])).toThrow('a milestone must be >= 1');
    expect(() => joinSchedules([], [])).toThrow('joinSchedules: invalid schedules');
    expect(() => sequentialLR({ schedules: [a, a] } as never)).toThrow("SequentialLR: missing required option 'milestones'");
    expect(() => warmup(3 as never, { warmupSteps: 2 })).toThrow('warmup: invalid schedule: 3');
  });
});

describe('bad steps', () => {
  it('negative, NaN, infinite or (for recursive schedules) fractional steps', () => {
    const s = exponentialLR({ learningRate: 0.1, gamma: 0.9 });
    expect(() => s.value(-1)).toThrow('ExponentialLR: invalid step: -1 (expected a non-negative integer)');
    expect(() => s.value(NaN)).toThrow('ExponentialLR: invalid step: NaN');
    expect(() => s.value(1.5)).toThrow('ExponentialLR: invalid step: 1.5');
    expect(() => s.value(Infinity)).toThrow('invalid step: Infinity');
    expect(() => cosineAnnealingWarmRestarts({ learningRate: 1, t0: 3 }).value(-0.5)).toThrow('invalid step: -0.5 (expected a finite number >= 0)');
  });

  it('OneCycleLR cannot step past totalSteps, and rejects a zero-length phase as PyTorch does', () => {
    const s = oneCycleLR({ maxLr: 1, totalSteps: 10 });
    expect(Number.isFinite(s.value(10))).toBe(true);
    expect(() => s.value(11)).toThrow('OneCycleLR: tried to step 11 times; the specified number of total steps is 10');
    expect(() => oneCycleLR({ maxLr: 1, totalSteps: 10, pctStart: 0.1 })).toThrow('falls in a phase of zero length');
    expect(() => oneCycleLR({ maxLr: 1, totalSteps: 10, pctStart: 1 }).value(10)).toThrow('falls in a phase of zero length');
  });
});

describe('applySchedule errors', () => {
  it('reports a mismatch between schedules and groups, missing momentum, and a non-finite rate', () => {
    const s = constantSchedule({ learningRate: 0.1 });
    const opt = { paramGroups: [{ learningRate: 1 }] };
    expect(() => applySchedule(opt, [s, s], 0)).toThrow('applySchedule: 2 schedules for 1 parameter groups');
    expect(() => applySchedule(opt, cyclicLR({ baseLr: 0.1, maxLr: 1 }), 0)).toThrow(
      'applySchedule: the schedule cycles momentum but parameter group 0 has no momentum, beta1 or betas',
    );
    expect(() => applySchedule(opt, { value: () => NaN }, 0)).toThrow('applySchedule: the schedule of group 0 gave learning rate NaN at step 0');
    expect(opt.paramGroups[0]!.learningRate).toBe(1);
  });
});
