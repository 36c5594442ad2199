/**
 * Adagrad (Duchi, Hazan & Singer 2011), matching `torch.optim.Adagrad` (1.13).
 */
import { float32Updates, fusedTransformation, slot, type FusedDefinition, type FusedState } from '../fused.js';
import { FusedOptimizer } from '../fused-optimizer.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray, ParamsInput } from '../types.js';
import { epsSpec, learningRateSpec, maximizeSpec, weightDecaySpec } from './specs.js';

/** Adagrad's hyper-parameters. */
export interface AdagradOptions {
  /** η, default 1e-2. */
  learningRate?: number;
  /** Inverse-time decay of η, default 0: η_t = η/(1 + (t − 1)·lrDecay). */
  lrDecay?: number;
  /** λ, default 0 (L2). */
  weightDecay?: number;
  /** Starting value of the sum of squares, default 0. */
  initialAccumulatorValue?: number;
  /** ε, default 1e-10. */
  eps?: number;
  /** default false. */
  maximize?: boolean;
}

/** Resolved Adagrad hyper-parameters. */
export type AdagradHyper = Required<AdagradOptions>;

/** Adagrad's per-parameter state. */
export interface AdagradState {
  [key: string]: number | FloatArray;
  /** t, steps taken. */
  step: number;
  /** G, the running sum of g². */
  sum: FloatArray;
}

/** Adagrad's fused definition. */
export const adagradDefinition: FusedDefinition<AdagradHyper, AdagradState> = {
  name: 'Adagrad',
  hyperParameters: [
    learningRateSpec(1e-2),
    { kind: 'number', name: 'lrDecay', default: 0, min: 0, doc: 'learning-rate decay: η_t = η/(1 + (t − 1)·lrDecay)' },
    weightDecaySpec,
    { kind: 'number', name: 'initialAccumulatorValue', default: 0, min: 0, doc: 'initial value of the sum of squared gradients' },
    epsSpec(1e-10),
    maximizeSpec,
  ],
  stateKeys: ['step', 'sum'],
  init: (p, h) => ({ step: 0, sum: slot(p, h.initialAccumulatorValue) }),
  step(p, g, s, h, out) {
    const n = p.length;
    const t = (s.step += 1);
    const negClr = -(h.learningRate / (1 + (t - 1) * h.lrDecay));
    const eps = h.eps;
    const wd = h.weightDecay;
    const sign = h.maximize ? -1 : 1;
    const sum = s.sum;
    const fast = float32Updates(p, g, out, sum);
    if (fast) {
      // The same loop in the backend (wasm SIMD), bit for bit.
      fast.update('adagrad', 'general', { p: p as Float32Array, g: g as Float32Array, sum: sum as Float32Array }, { negClr, eps, sign, l2: wd });
      return;
    }
    for (let i = 0; i < n; i++) {
      let gi = sign * g[i]!;
      if (wd !== 0) gi = gi + wd * p[i]!;
      const si = sum[i]! + gi * gi;
      sum[i] = si;
      out[i] = out[i]! + (negClr * gi) / (Math.sqrt(si) + eps);
    }
  },
};

/**
 * Adagrad: per-coordinate step sizes from the sum of all past squared gradients, as
 * `torch.optim.Adagrad`.
 *
 * Update at step t:
 * ```
 * g ← g + λ·p
 * η_t = η / (1 + (t − 1)·lrDecay)
 * G ← G + g²                           (G starts at initialAccumulatorValue)
 * p ← p − η_t · g / (√G + ε)
 * ```
 * Defaults: learningRate 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10.
 * Paper: https://jmlr.org/papers/v12/duchi11a.html
 *
 * @example
 * const opt = new Adagrad(model.namedParameters(), { learningRate: 0.1 });
 */
export class Adagrad extends FusedOptimizer<AdagradHyper, AdagradState> {
  constructor(params: ParamsInput, options: AdagradOptions = {}) {
    super(adagradDefinition, params, options);
  }
}

/**
 * Adagrad as a pure transformation (`adagrad(options)`), or the façade (`adagrad(params, options)`).
 *
 * @example
 * const tx = adagrad({ learningRate: 0.1 });
 */
export function adagrad(options?: AdagradOptions): GradientTransformation<FusedState<AdagradState>>;
export function adagrad(params: ParamsInput, options?: AdagradOptions): Adagrad;
export function adagrad(a?: AdagradOptions | ParamsInput, b?: AdagradOptions): GradientTransformation<FusedState<AdagradState>> | Adagrad {
  return Array.isArray(a) ? new Adagrad(a as ParamsInput, b) : fusedTransformation(adagradDefinition, (a ?? {}) as Record<string, unknown>);
}
