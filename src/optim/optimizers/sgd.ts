/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay,
 * matching `torch.optim.SGD` (PyTorch 1.13) step for step.
 */
import type { HyperParameterSpec } from '../../registry/spec.js';
import { ensureSlot, runUpdateKernel, transformationFactory, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt, gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { learningRateSpec, maximizeSpec, weightDecaySpec, type WeightDecayOptions, type StepState } from './specs.js';

/** SGD's hyper-parameters (PyTorch defaults; PyTorch 1.13 requires `lr`, descent defaults it to 1e-3 as PyTorch 2 does). */
export interface SGDOptions extends WeightDecayOptions {
  /** μ, default 0 (plain gradient descent). */
  momentum?: number;
  /** τ, default 0: the share of the gradient left out of the momentum buffer. */
  dampening?: number;
  /** Nesterov momentum, default false; needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
}

/** Resolved SGD hyper-parameters. */
export type SGDHyper = Required<SGDOptions>;

/** SGD's per-parameter state. */
export interface SGDState extends StepState {
  /** Momentum buffer b (present when momentum > 0). */
  b: FloatArray;
}

const hyperParameters: readonly HyperParameterSpec[] = [
  learningRateSpec(1e-3),
  { kind: 'number', name: 'momentum', default: 0, min: 0, doc: 'momentum factor μ' },
  { kind: 'number', name: 'dampening', default: 0, min: 0, max: 1, doc: 'dampening τ for momentum' },
  weightDecaySpec,
  { kind: 'boolean', name: 'nesterov', default: false, doc: 'use Nesterov momentum' },
  maximizeSpec,
];

/** SGD's definition (hyper-parameters, state, single-pass kernel). */
export const sgdDefinition: OptimizerDefinition<SGDHyper, SGDState> = {
  name: 'SGD',
  key: 'sgd',
  summary: 'Stochastic gradient descent with optional (Nesterov) momentum, dampening and L2 weight decay.',
  paper: 'https://www.cs.toronto.edu/~hinton/absps/momentum.pdf',
  pytorch: true,
  // Heavy-ball momentum β multiplies the step by 1/(1 − β) once the velocity builds up: scaling η
  // by (1 − β) gives plain SGD (1 small, 0.1 large) and SGD with momentum 0.9 (0.1, 0.01) the same
  // effective step, so a comparison shows what momentum changes, not a ten times larger step.
  // toPrecision: 1 − 0.9 is 0.09999999999999998 in binary; reports should read 0.1.
  recommendedLearningRate: (o, scale) => Number(((scale === 'small' ? 1 : 0.1) * (1 - (typeof o.momentum === 'number' ? o.momentum : 0))).toPrecision(12)),
  hyperParameters,
  stateKeys: ['step', 'b'],
  check(h) {
    // PyTorch's rule: Nesterov momentum is defined only for undampened, non-zero momentum.
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
      throw new Error(`SGD: invalid nesterov: true with momentum ${h.momentum} and dampening ${h.dampening} (Nesterov momentum requires a momentum > 0 and zero dampening)`);
    }
  },
  init(p, h) {
    return (h.momentum !== 0 ? { step: 0, b: slot(p) } : { step: 0 }) as SGDState;
  },
  step(p, g, s, h, out) {
    const n = p.length;
    const lr = h.learningRate;
    const mu = h.momentum;
    const wd = h.weightDecay;
    const sign = gradientSign(h.maximize);
    const first = s.step === 0;
    s.step += 1;
    const b = mu === 0 ? null : ensureSlot(s, 'b', p);
    const nesterov = h.nesterov;
    const common = !first && wd === 0 && sign === 1;
    const variant = b === null ? 'plain' : common && !nesterov ? 'heavyBall' : common && nesterov ? 'nesterov' : 'general';
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('sgd', variant, out, { p, g, b }, { learningRate: lr, momentum: mu, dampening: h.dampening, sign, weightDecay: wd, first: first ? 1 : 0, nesterov: nesterov ? 1 : 0 })) return;
    if (b === null) {
      for (let i = 0; i < n; i++) {
        const gi = gradientAt(g, p, i, sign, wd);
        out[i] = out[i]! + -lr * gi;
      }
      return;
    }
    const damp = 1 - h.dampening;
    if (!first && !h.nesterov && wd === 0 && sign === 1) {
      // The common case (heavy-ball momentum) without per-element branches.
      for (let i = 0; i < n; i++) {
        const bi = (b[i] = b[i]! * mu + damp * g[i]!);
        out[i] = out[i]! + -lr * bi;
      }
      return;
    }
    if (!first && nesterov && wd === 0 && sign === 1) {
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const bi = (b[i] = b[i]! * mu + damp * gi);
        out[i] = out[i]! + -lr * (gi + mu * bi);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const gi = gradientAt(g, p, i, sign, wd);
      // PyTorch starts the buffer at g itself (no dampening on the first step).
      const bi = first ? gi : b[i]! * mu + damp * gi;
      b[i] = bi;
      const d = nesterov ? gi + mu * bi : bi;
      out[i] = out[i]! + -lr * d;
    }
  },
};

/**
 * Stochastic gradient descent (Robbins & Monro 1951) with momentum (Polyak 1964) and Nesterov
 * momentum (Sutskever et al. 2013), as `torch.optim.SGD`.
 *
 * Update, with g the gradient:
 * ```
 * g ← g + λ·p                          (weightDecay λ)
 * b ← g on the first step, else μ·b + (1 − τ)·g
 * d ← g + μ·b if nesterov, else b       (d = g when μ = 0)
 * p ← p − η·d
 * ```
 * Defaults: learningRate 1e-3, momentum 0, dampening 0, weightDecay 0, nesterov false, maximize false.
 * Paper: https://www.cs.toronto.edu/~hinton/absps/momentum.pdf
 *
 * @example
 * const opt = new SGD(model.namedParameters(), { learningRate: 0.1, momentum: 0.9, nesterov: true });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export const SGD: DefinedOptimizerClass<SGDOptions, SGDHyper, SGDState> = optimizerClass(sgdDefinition);
/** An instance of {@link SGD}. */
export type SGD = DefinedOptimizer<SGDHyper, SGDState>;

/**
 * SGD as a pure transformation (`sgd(options)`).
 *
 * @example
 * const tx = sgd({ learningRate: 0.1, momentum: 0.9 });
 * let state = tx.init(params);
 * ({ updates, state } = tx.update(grads, state, params));
 */
export const sgd: (options?: SGDOptions) => GradientTransformation<OptimizerState<SGDState>> = transformationFactory(sgdDefinition);
