import type { Tensor } from '../tensor/tensor.js';
import { abs, lt, mul, square, sub, where } from '../ops/elementwise.js';
import { checkSameShape, reduce, type Reduction } from './reduction.js';

/**
 * Huber loss: ½d² where |d| < δ, else δ(|d| − ½δ), with d = input − target (default δ = 1).
 * Quadratic near zero, linear in the tails: robust to outliers.
 */
export function huberLoss(input: Tensor, target: Tensor, options: { delta?: number; reduction?: Reduction } = {}): Tensor {
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new Error(`huberLoss: delta must be positive, got ${delta}`);
  checkSameShape(input, target, 'huberLoss');
  const d = sub(input, target);
  const z = abs(d);
  const values = where(lt(z, delta), mul(square(d), 0.5), mul(sub(z, 0.5 * delta), delta));
  return reduce(values, options.reduction ?? 'mean', 'huberLoss');
}

/**
 * Smooth L1 loss: ½d²/β where |d| < β, else |d| − ½β (default β = 1; β = 0 is the L1 loss).
 * Equals huberLoss / β.
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: { beta?: number; reduction?: Reduction } = {}): Tensor {
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new Error(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  checkSameShape(input, target, 'smoothL1Loss');
  const d = sub(input, target);
  const z = abs(d);
  const values = beta === 0 ? z : where(lt(z, beta), mul(square(d), 0.5 / beta), sub(z, 0.5 * beta));
  return reduce(values, options.reduction ?? 'mean', 'smoothL1Loss');
}
