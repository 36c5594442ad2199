/**
 * Sharpness measured from inside a training loop, without disturbing the run: the measurement's
 * forward pass may draw dropout masks and update batch-norm running statistics, so the generators
 * and buffers are put back afterwards, and training continues bit for bit as without it.
 */
import { defaultRandom } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { LossFunction, TrainableModel } from '../train/types.js';
import { hessianEigenvalues } from './hessian-eigenvalues.js';

/** Options of the sharpness measurement during `fit` (`FitOptions.sharpness`). */
export interface SharpnessOptions {
  /** Measure after every `every` updates (updates every, 2·every, …). */
  every: number;
  /** Hessian-vector products (Lanczos steps) per measurement, default 20. */
  iterations?: number;
}

/** Relative residual at which a measurement stops early: plenty for a curve against 2/η. */
const SHARPNESS_TOL = 1e-4;

/** Checks {@link SharpnessOptions}, naming the field. */
export function checkSharpnessOptions(options: SharpnessOptions, where: string): void {
  if (typeof options !== 'object' || options === null) throw new Error(`${where}: sharpness must be an object { every, iterations? }`);
  if (!Number.isSafeInteger(options.every) || options.every < 1) throw new Error(`${where}: sharpness.every must be an integer >= 1 (updates), got ${String(options.every)}`);
  if (options.iterations !== undefined && (!Number.isSafeInteger(options.iterations) || options.iterations < 1)) {
    throw new Error(`${where}: sharpness.iterations must be an integer >= 1, got ${String(options.iterations)}`);
  }
}

/**
 * λmax, the algebraically largest eigenvalue of the Hessian of `loss(model.forward(x), y)` with
 * respect to the model's trainable parameters, by Lanczos on Hessian-vector products (seed 0, so
 * the same weights give the same value). The model is used in its current mode (in `fit`: train
 * mode, the function the optimizer descends); the global generator, the model's extra state (its
 * own dropout generators) and its buffers are restored afterwards.
 *
 * @example
 * const lambdaMax = batchSharpness(model, crossEntropy, x, y);
 */
export function batchSharpness(model: TrainableModel, loss: LossFunction, x: Tensor, y: Tensor, iterations = 20): number {
  const random = defaultRandom().state();
  const extra = model.extraStateDict?.();
  const buffers = model.buffers?.() ?? [];
  const saved = buffers.map((b) => b.data.slice());
  try {
    const params = model.namedParameters();
    const n = params.reduce((s, [, p]) => s + (p.requiresGrad ? p.size : 0), 0);
    const { values } = hessianEigenvalues(() => loss(model.forward(x), y), params, {
      iterations: Math.min(iterations, n),
      which: 'largest',
      tol: SHARPNESS_TOL,
    });
    return values[0]!;
  } finally {
    defaultRandom().setState(random);
    if (extra !== undefined) model.loadExtraStateDict?.(extra);
    buffers.forEach((b, i) => b.data.set(saved[i]!));
  }
}
