/** Shared fixtures for the optimizer tests. */
import type { FloatArray, ParameterLike } from '../../src/optim/index.js';

/** A parameter over the given values (float64 unless `f32`). */
export function param(values: number[], f32 = false, shape: number[] = [values.length]): ParameterLike {
  return { data: f32 ? Float32Array.from(values) : Float64Array.from(values), grad: null, shape };
}

/**
 * A smooth deterministic "gradient" of the current values, different per coordinate and
 * trajectory-dependent, so every code path (sign changes, growth, decay) is exercised.
 */
export function fakeGradient(p: FloatArray, step: number): FloatArray {
  const g = p instanceof Float32Array ? new Float32Array(p.length) : new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) g[i] = Math.sin(3 * p[i]! + 0.7 * i + 0.3 * step) + 0.1 * p[i]!;
  return g;
}

/** True when the arrays hold the same bits (same dtype, every element Object.is-equal). */
export function sameBits(a: FloatArray, b: FloatArray): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Hyper-parameter variants per registry entry, exercising every flag of its kernel. */
export const VARIANTS: Record<string, Record<string, unknown>[]> = {
  sgd: [{ momentum: 0.9 }, { momentum: 0.9, nesterov: true, weightDecay: 0.01 }, { momentum: 0.5, dampening: 0.3, maximize: true }, { weightDecay: 0.1 }],
  adam: [{ amsgrad: true, weightDecay: 0.1 }, { maximize: true, betas: [0.8, 0.99] }],
  adamw: [{ amsgrad: true }, { weightDecay: 0 }],
  adamax: [{ weightDecay: 0.1, maximize: true }],
  nadam: [{ decoupledWeightDecay: true, weightDecay: 0.1 }, { weightDecay: 0.1, maximize: true }],
  radam: [{ weightDecay: 0.1 }, { decoupledWeightDecay: true, weightDecay: 0.1 }],
  rmsprop: [{ centered: true }, { momentum: 0.9 }, { centered: true, momentum: 0.9, weightDecay: 0.1, maximize: true }],
  adagrad: [{ lrDecay: 0.1, initialAccumulatorValue: 0.1, weightDecay: 0.1 }, { maximize: true }],
  adadelta: [{ weightDecay: 0.1, maximize: true }],
  rprop: [{ maximize: true, etas: [0.3, 1.5] }],
  asgd: [{ t0: 2, weightDecay: 0.1 }, { maximize: true }],
  lion: [{ weightDecay: 0.1 }, { maximize: true }],
  'sgd-schedule-free': [{ weightDecay: 0.1, warmupSteps: 3, r: 1 }, { momentum: 0.5, weightLrPower: 0, learningRate: 0.1 }],
  'adamw-schedule-free': [{ weightDecay: 0.1, warmupSteps: 3, r: 1 }, { decayAtZ: true, weightDecay: 0.1, betas: [0.8, 0.99] }],
  muon: [{ nesterov: false, weightDecay: 0.1 }, { useMuon: false, nsSteps: 3 }],
  quickprop: [{ weightDecay: 0.01, learningRate: 0.05 }, { maximize: true }],
  'lecture-nesterov': [{ momentum: 0.5 }],
  lbfgs: [{ lineSearchFn: 'strong_wolfe' }, { historySize: 2, maxIter: 3 }],
  newton: [{ damping: 0.1 }, { adaptiveDamping: true }],
};
