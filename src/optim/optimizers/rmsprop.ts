/**
 * RMSprop (Hinton, lecture 6e, 2012), with the centered variant (Graves 2013) and momentum, matching
 * `torch.optim.RMSprop` (1.13).
 */
import { ensureSlot, runUpdateKernel, transformationFactory, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt, gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { betaSpec, epsSpec, learningRateSpec, maximizeSpec, weightDecaySpec, type WeightDecayOptions, type StepState } from './specs.js';

/** RMSprop's hyper-parameters. */
export interface RMSpropOptions extends WeightDecayOptions {
  /** α, default 0.99: decay rate of the average of g². */
  alpha?: number;
  /** ε, default 1e-8 (added after the square root). */
  eps?: number;
  /** μ, default 0. */
  momentum?: number;
  /** Normalise by the estimated variance instead of the second moment, default false. */
  centered?: boolean;
}

/** Resolved RMSprop hyper-parameters. */
export type RMSpropHyper = Required<RMSpropOptions>;

/** RMSprop's per-parameter state. */
export interface RMSpropState extends StepState {
  /** v, running average of g². */
  v: FloatArray;
  /** ḡ, running average of g (centered only). */
  gAvg: FloatArray;
  /** b, momentum buffer (momentum > 0 only). */
  b: FloatArray;
}

/** RMSprop's definition. */
export const rmspropDefinition: OptimizerDefinition<RMSpropHyper, RMSpropState> = {
  name: 'RMSprop',
  key: 'rmsprop',
  summary: 'Divide the gradient by a running RMS of recent gradients; centered and momentum variants.',
  paper: 'https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf',
  pytorch: true,
  hyperParameters: [
    learningRateSpec(1e-2),
    betaSpec('alpha', 0.99, 'smoothing constant α of the average of g²'),
    epsSpec(1e-8),
    weightDecaySpec,
    { kind: 'number', name: 'momentum', default: 0, min: 0, doc: 'momentum factor μ' },
    { kind: 'boolean', name: 'centered', default: false, doc: 'divide by √(v − ḡ²) (an estimate of the variance) instead of √v' },
    maximizeSpec,
  ],
  stateKeys: ['step', 'v', 'gAvg', 'b'],
  init(p, h) {
    const s: Record<string, number | FloatArray> = { step: 0, v: slot(p) };
    if (h.momentum > 0) s.b = slot(p);
    if (h.centered) s.gAvg = slot(p);
    return s as RMSpropState;
  },
  step(p, g, s, h, out) {
    const n = p.length;
    s.step += 1;
    const a = h.alpha;
    const ca = 1 - a;
    const eps = h.eps;
    const negLr = -h.learningRate;
    const v = s.v;
    const plain = !h.centered && h.momentum === 0 && !h.maximize && h.weightDecay === 0;
    const gAvg = h.centered ? ensureSlot(s, 'gAvg', p) : null;
    const b = h.momentum > 0 ? ensureSlot(s, 'b', p) : null;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('rmsprop', plain ? 'plain' : 'general', out, { p, g, v, gAvg, b }, {
        alpha: a, eps, learningRate: h.learningRate, sign: h.maximize ? -1 : 1, weightDecay: h.weightDecay, momentum: h.momentum,
      })) return;
    if (plain) {
      // The common case without per-element branches.
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const vi = (v[i] = v[i]! * a + ca * gi * gi);
        out[i] = out[i]! + (negLr * gi) / (Math.sqrt(vi) + eps);
      }
      return;
    }
    const wd = h.weightDecay;
    const sign = gradientSign(h.maximize);
    const mom = h.momentum;
    for (let i = 0; i < n; i++) {
      const gi = gradientAt(g, p, i, sign, wd);
      const vi = (v[i] = v[i]! * a + ca * gi * gi);
      let avg: number;
      if (gAvg !== null) {
        const ga = (gAvg[i] = gAvg[i]! * a + ca * gi);
        avg = Math.sqrt(vi + -1 * ga * ga) + eps;
      } else {
        avg = Math.sqrt(vi) + eps;
      }
      if (b !== null) {
        const bi = (b[i] = b[i]! * mom + gi / avg);
        out[i] = out[i]! + negLr * bi;
      } else {
        out[i] = out[i]! + (negLr * gi) / avg;
      }
    }
  },
};

/**
 * RMSprop: divide the gradient by a running root mean square, as `torch.optim.RMSprop`.
 *
 * Update:
 * ```
 * g ← g + λ·p
 * v ← α·v + (1 − α)·g²
 * d = √(v − ḡ²) + ε  with ḡ ← α·ḡ + (1 − α)·g  if centered,  else √v + ε
 * b ← μ·b + g/d,  p ← p − η·b     if momentum μ > 0
 * p ← p − η·g/d                   otherwise
 * ```
 * Defaults: learningRate 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false.
 * Reference: https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf (centered:
 * https://arxiv.org/abs/1308.0850)
 *
 * @example
 * const opt = new RMSprop(model.namedParameters(), { learningRate: 1e-3, momentum: 0.9 });
 */
export const RMSprop: DefinedOptimizerClass<RMSpropOptions, RMSpropHyper, RMSpropState> = optimizerClass(rmspropDefinition);
/** An instance of {@link RMSprop}. */
export type RMSprop = DefinedOptimizer<RMSpropHyper, RMSpropState>;

/**
 * RMSprop as a pure transformation (`rmsprop(options)`).
 *
 * @example
 * const tx = rmsprop({ learningRate: 1e-3 });
 */
export const rmsprop: (options?: RMSpropOptions) => GradientTransformation<OptimizerState<RMSpropState>> = transformationFactory(rmspropDefinition);
