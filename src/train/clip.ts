/** Gradient clipping on a model's parameters, in place (like torch.nn.utils.clip_grad_norm_). */
import type { Tensor } from '../tensor/tensor.js';

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm`; returns the norm
 * before clipping. Gradients below the limit are left untouched.
 */
export function clipGradientNorm(params: Iterable<Tensor>, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`clipGradientNorm: maxNorm must be positive, got ${maxNorm}`);
  const grads = [...params].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  let sumSquares = 0;
  for (const g of grads) for (let i = 0; i < g.size; i++) sumSquares += g.data[i]! * g.data[i]!;
  const norm = Math.sqrt(sumSquares);
  // PyTorch's coefficient: max_norm / (total_norm + 1e-6), applied only when it is below 1.
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) for (const g of grads) for (let i = 0; i < g.size; i++) g.data[i] = g.data[i]! * scale;
  return norm;
}

/** Clamps every gradient element into [-clipValue, clipValue]. */
export function clipGradientValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue > 0)) throw new Error(`clipGradientValue: clipValue must be positive, got ${clipValue}`);
  for (const p of params) {
    const g = p.grad;
    if (!g) continue;
    for (let i = 0; i < g.size; i++) g.data[i] = Math.min(clipValue, Math.max(-clipValue, g.data[i]!));
  }
}
