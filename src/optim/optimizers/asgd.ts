/**
 * Averaged SGD (Polyak & Juditsky 1992; Bottou 2012's schedule), matching `torch.optim.ASGD` (1.13).
 */
import { runUpdateKernel, transformationFactory, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { DefinedOptimizer } from '../defined-optimizer.js';
import { gradientAt, gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray, ParamsInput } from '../types.js';
import { learningRateSpec, maximizeSpec, weightDecaySpec, type WeightDecayOptions, type StepState } from './specs.js';

/** ASGD's hyper-parameters. */
export interface ASGDOptions extends WeightDecayOptions {
  /** λ, default 1e-4: decay term of the step size (and the weights). */
  lambd?: number;
  /** α, default 0.75: power of the step-size decay. */
  alpha?: number;
  /** t0, default 1e6: the step after which averaging starts. */
  t0?: number;
}

/** Resolved ASGD hyper-parameters. */
export type ASGDHyper = Required<ASGDOptions>;

/** ASGD's per-parameter state. */
export interface ASGDState extends StepState {
  /** η_t, the current step size (starts at η0). */
  eta: number;
  /** μ_t, the averaging weight (1 until t0 is passed). */
  mu: number;
  /** x̄, the averaged parameters. */
  ax: FloatArray;
}

/** ASGD's definition. */
export const asgdDefinition: OptimizerDefinition<ASGDHyper, ASGDState> = {
  name: 'ASGD',
  key: 'asgd',
  summary: 'SGD with a decaying step size and a running (Polyak) average of the iterates.',
  paper: 'https://doi.org/10.1137/0330046',
  pytorch: true,
  // SGD's small-problem rate (it is SGD with iterate averaging).
  recommendedLearningRate: (_o, scale) => (scale === 'small' ? 1 : undefined),
  hyperParameters: [
    learningRateSpec(1e-2, 'initial step size η0'),
    { kind: 'number', name: 'lambd', default: 1e-4, min: 0, logScale: true, doc: 'decay term λ' },
    { kind: 'number', name: 'alpha', default: 0.75, min: 0, doc: 'power α of the step-size decay' },
    { kind: 'number', name: 't0', default: 1e6, min: 0, doc: 'step at which averaging starts' },
    weightDecaySpec,
    maximizeSpec,
  ],
  stateKeys: ['step', 'eta', 'mu', 'ax'],
  init: (p, h) => ({ step: 0, eta: h.learningRate, mu: 1, ax: slot(p) }),
  step(p, g, s, h, out) {
    const n = p.length;
    const t = (s.step += 1);
    const eta = s.eta;
    const mu = s.mu;
    const shrink = 1 - h.lambd * eta;
    const wd = h.weightDecay;
    const sign = gradientSign(h.maximize);
    const ax = s.ax;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (!runUpdateKernel('asgd', 'general', out, { p, g, ax }, { shrink, negEta: -eta, mu, sign, l2: wd })) {
      for (let i = 0; i < n; i++) {
        const pi = p[i]!;
        const gi = gradientAt(g, p, i, sign, wd);
        const pNew = pi * shrink + -eta * gi;
        // pNew − pi is exact when the step is small (Sterbenz), so pi + u reproduces pNew bit for bit.
        const u = pNew - pi;
        ax[i] = mu !== 1 ? ax[i]! + (pNew - ax[i]!) * mu : pNew;
        out[i] = out[i]! + u;
      }
    }
    const lr = h.learningRate;
    s.eta = lr / (1 + h.lambd * lr * t) ** h.alpha;
    s.mu = 1 / Math.max(1, t - h.t0);
  },
};

/**
 * ASGD: SGD with a decaying step and a running average of the iterates, as `torch.optim.ASGD`.
 *
 * Update at step t (η_t and μ_t from the previous step; η_0 = η0, μ_0 = 1):
 * ```
 * g ← g + weightDecay·p
 * p ← p·(1 − λ·η_t) − η_t·g
 * x̄ ← x̄ + μ_t·(p − x̄)   (x̄ ← p while μ_t = 1)
 * η_{t+1} = η0 / (1 + λ·η0·t)^α,   μ_{t+1} = 1 / max(1, t − t0)
 * ```
 * Defaults: learningRate 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, weightDecay 0.
 * Paper: https://doi.org/10.1137/0330046 ; schedule: https://arxiv.org/abs/1107.2490
 *
 * @example
 * const opt = new ASGD(model.namedParameters(), { learningRate: 0.05, t0: 100 });
 * // … train …; then evaluate with the averaged weights:
 * for (const [name, xbar] of opt.averagedParameters()) console.log(name, xbar);
 */
export class ASGD extends DefinedOptimizer<ASGDHyper, ASGDState> {
  /** The definition this class runs (the registry reads it). */
  static readonly definition = asgdDefinition;

  constructor(params: ParamsInput, options: ASGDOptions = {}) {
    super(asgdDefinition, params, options);
  }

  /** Copies of the averaged parameters x̄, by parameter name (parameters not stepped yet are left out). */
  averagedParameters(): Array<[string, FloatArray]> {
    const out: Array<[string, FloatArray]> = [];
    for (const g of this.paramGroups) {
      g.params.forEach((p, i) => {
        const s = this.state.get(p);
        if (s) out.push([g.names[i]!, s.ax.slice()]);
      });
    }
    return out;
  }
}

/**
 * ASGD as a pure transformation (`asgd(options)`).
 * The averaged parameters are `state[i].ax`.
 *
 * @example
 * const tx = asgd({ learningRate: 0.05, t0: 100 });
 */
export const asgd: (options?: ASGDOptions) => GradientTransformation<OptimizerState<ASGDState>> = transformationFactory(asgdDefinition);
