/**
 * Gradient clipping, as composable transformations (`clipByGlobalNorm`, `clipByValue`) and as
 * in-place utilities on parameters (`clipGradNorm`, `clipGradValue`, PyTorch's
 * `clip_grad_norm_` / `clip_grad_value_`).
 */
import { mapUpdates, type GradientTransformation } from '../transform.js';
import type { FloatArray, ParameterLike } from '../types.js';

function checkPositive(owner: string, name: string, v: number): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new Error(`${owner}: invalid ${name}: ${String(v)} (valid range (0, inf))`);
}

/** The global L2 norm of several arrays, √(Σ_i Σ_j a_ij²), scaled to avoid overflow. */
export function globalNorm(arrays: readonly ArrayLike<number>[]): number {
  let scale = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]! / scale;
      sum += v * v;
    }
  }
  return scale * Math.sqrt(sum);
}

/** PyTorch's clipping coefficient: min(1, maxNorm / (norm + 1e-6)). */
function clipCoefficient(norm: number, maxNorm: number): number {
  return Math.min(1, maxNorm / (norm + 1e-6));
}

/**
 * Scales all updates together so their global L2 norm is at most `maxNorm`.
 *
 * Math: u ← u · min(1, maxNorm / (‖u‖₂ + 1e-6)), ‖u‖₂ over every array at once (PyTorch's rule).
 * Reference: Pascanu et al. 2013, https://arxiv.org/abs/1211.5063
 *
 * @example
 * const tx = chain(clipByGlobalNorm(1.0), adam({ learningRate: 1e-3 }));
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<null> {
  checkPositive('clipByGlobalNorm', 'maxNorm', maxNorm);
  return mapUpdates('clipByGlobalNorm', (updates) => {
    const c = clipCoefficient(globalNorm(updates), maxNorm);
    return updates.map((u) => Float64Array.from(u, (v) => v * c));
  });
}

/**
 * Clamps every update element to [−maxValue, maxValue].
 *
 * Math: u ← clamp(u, −c, c).
 *
 * @example
 * const tx = chain(clipByValue(0.5), sgd({ learningRate: 0.1 }));
 */
export function clipByValue(maxValue: number): GradientTransformation<null> {
  checkPositive('clipByValue', 'maxValue', maxValue);
  return mapUpdates('clipByValue', (updates) => updates.map((u) => Float64Array.from(u, (v) => Math.min(Math.max(v, -maxValue), maxValue))));
}

function gradsOf(params: readonly ParameterLike[]): FloatArray[] {
  return params.flatMap((p) => (p.grad === null ? [] : [p.grad.data]));
}

/**
 * Clips the gradients of `params` in place to a global L2 norm of at most `maxNorm`; returns the
 * norm before clipping (PyTorch's `clip_grad_norm_`). Call between `backward()` and `step()`.
 *
 * @example
 * loss.backward();
 * clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 */
export function clipGradNorm(params: readonly ParameterLike[], maxNorm: number): number {
  checkPositive('clipGradNorm', 'maxNorm', maxNorm);
  const grads = gradsOf(params);
  const norm = globalNorm(grads);
  const c = clipCoefficient(norm, maxNorm);
  if (c < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * c;
  return norm;
}

/**
 * Clamps every gradient element of `params` to [−clipValue, clipValue] in place (PyTorch's
 * `clip_grad_value_`).
 *
 * @example
 * clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(params: readonly ParameterLike[], clipValue: number): void {
  checkPositive('clipGradValue', 'clipValue', clipValue);
  for (const g of gradsOf(params)) for (let i = 0; i < g.length; i++) g[i] = Math.min(Math.max(g[i]!, -clipValue), clipValue);
}
