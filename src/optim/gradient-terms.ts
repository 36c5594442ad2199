/**
 * What every optimizer does to the gradient before its own rule, written once: −g when maximizing,
 * plus λ·p for coupled (L2) weight decay (PyTorch's `weight_decay` in SGD, Adam, RMSprop, …):
 * g ← sign·g + λ·p. Decoupled decay (AdamW, Lion, …) is the other kind: it acts on the update, not
 * on the gradient; `addDecayedWeights` is both, by its place in a chain.
 *
 * The wasm kernels apply the same two terms in the same order (assembly/optim.ts, `sign` and `l2` in
 * the kernel table), so the float32 path keeps the bits of this one.
 */
import type { FloatArray } from './types.js';

/**
 * The gradient an update rule sees at coordinate i: sign·g[i], plus l2·p[i] when l2 ≠ 0 (the sum is
 * skipped at 0 so that an infinite or NaN weight cannot leak into the gradient of a decay-free rule).
 */
export function gradientAt(g: FloatArray, p: FloatArray, i: number, sign: number, l2: number): number {
  const gi = sign * g[i]!;
  return l2 !== 0 ? gi + l2 * p[i]! : gi;
}

/** `sign` of {@link gradientAt}: −1 when maximizing the objective, else 1. */
export function gradientSign(maximize: boolean): number {
  return maximize ? -1 : 1;
}
