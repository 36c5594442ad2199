/**
 * The lecture's Nesterov momentum: evaluate the gradient at the look-ahead point W + βΔW.
 *
 *   W ← W + β·ΔW            (move to the look-ahead point)
 *   g = ∇L(W)               (the closure evaluates the gradient there)
 *   W ← W − η·g
 *   ΔW ← β·ΔW − η·g
 *
 * After the change of variables Φ = W + β·ΔW, b = −ΔW/η these are exactly the iterates of
 * `SGD({ momentum: β, nesterov: true })` (PyTorch's form), which never needs the look-ahead
 * evaluation: Φ is what SGD stores. The test `test/optim/nesterov.test.ts` shows it.
 */
import type { HyperParameterSpec } from '../../registry/spec.js';
import { cloneState } from '../state.js';
import { resolveHyper, slot, type OptimizerDefinition } from '../definition.js';
import { DefinedOptimizer } from '../defined-optimizer.js';
import { closureEntry } from '../closure-entry.js';
import type { PureStepper } from '../stepper.js';
import type { Closure, FloatArray, ParamsInput } from '../types.js';
import { learningRateSpec, type StepState } from './specs.js';

/** The lecture Nesterov's hyper-parameters. */
export interface LectureNesterovOptions {
  /** η, default 1e-3. */
  learningRate?: number;
  /** β, default 0.9. */
  momentum?: number;
}

/** Resolved hyper-parameters. */
export type LectureNesterovHyper = Required<LectureNesterovOptions>;

/** Per-parameter state. */
export interface LectureNesterovState extends StepState {
  /** ΔW, the last weight change (the velocity). */
  dW: FloatArray;
}

const hyperParameters: readonly HyperParameterSpec[] = [
  learningRateSpec(1e-3),
  { kind: 'number', name: 'momentum', default: 0.9, min: 0, max: 1, maxExclusive: true, doc: 'momentum β' },
];

/** The definition: the kernel is the second half of the step (after the look-ahead gradient). */
export const lectureNesterovDefinition: OptimizerDefinition<LectureNesterovHyper, LectureNesterovState> = {
  name: 'LectureNesterov',
  key: 'lecture-nesterov',
  summary: "Nesterov momentum in the lecture's form: the gradient is taken at the look-ahead point W + βΔW.",
  paper: 'https://proceedings.mlr.press/v28/sutskever13.html',
  pytorch: false,
  hyperParameters,
  stateKeys: ['step', 'dW'],
  init: (p) => ({ step: 0, dW: slot(p) }),
  step(_p, g, s, h, out) {
    const n = g.length;
    s.step += 1;
    const lr = h.learningRate;
    const beta = h.momentum;
    const dW = s.dW;
    for (let i = 0; i < n; i++) {
      const u = -lr * g[i]!;
      dW[i] = beta * dW[i]! + u;
      out[i] = out[i]! + u;
    }
  },
};

/** W ← W + β·ΔW for one parameter array (the look-ahead half of the step). */
function lookAhead(p: FloatArray, s: LectureNesterovState, beta: number): void {
  const dW = s.dW;
  for (let i = 0; i < p.length; i++) p[i] = p[i]! + beta * dW[i]!;
}

/**
 * Nesterov's accelerated gradient in the lecture's form (Sutskever et al. 2013, eq. 3–4): the
 * gradient is taken at the look-ahead point, so `step(closure)` needs the closure.
 *
 * Update:
 * ```
 * W ← W + β·ΔW;   g = ∇L(W);   W ← W − η·g;   ΔW ← β·ΔW − η·g
 * ```
 * Between steps the parameters hold W (not the look-ahead point). Defaults: learningRate 1e-3,
 * momentum 0.9. Paper: https://proceedings.mlr.press/v28/sutskever13.html
 *
 * @example
 * const opt = new LectureNesterov(model.namedParameters(), { learningRate: 0.01, momentum: 0.9 });
 * opt.step(() => { opt.zeroGrad(); const loss = lossFn(); loss.backward(); return loss.item(); });
 */
export class LectureNesterov extends DefinedOptimizer<LectureNesterovHyper, LectureNesterovState> {
  constructor(params: ParamsInput, options: LectureNesterovOptions = {}) {
    super(lectureNesterovDefinition, params, options);
  }

  /** Look ahead, evaluate the gradient there with the closure, then step. Returns the look-ahead loss. */
  override step(closure?: Closure): number {
    if (typeof closure !== 'function') {
      throw new Error('LectureNesterov: step() needs a closure, because the gradient is evaluated at the look-ahead point W + βΔW');
    }
    for (const group of this.paramGroups) {
      const h = this.hyperOf(group);
      for (const p of group.params) {
        let s = this.state.get(p);
        if (s === undefined) {
          s = this.definition.init(p.data, h);
          this.state.set(p, s);
        }
        lookAhead(p.data, s, h.momentum);
      }
    }
    const loss = closure();
    this.applyKernel();
    return loss;
  }
}

/**
 * The lecture's Nesterov as a pure stepper (look-ahead, evaluate, update on copies).
 *
 * @example
 * const st = lectureNesterovStepper({ learningRate: 0.01 });
 */
export function lectureNesterovStepper(options: LectureNesterovOptions = {}): PureStepper<LectureNesterovState[]> {
  const def = lectureNesterovDefinition;
  const h = resolveHyper(def, { ...options });
  return {
    name: def.name,
    init: (params) => params.map((p) => def.init(p, h)),
    step(params, state, evaluate) {
      const next = cloneState(state);
      const work = params.map((p) => p.slice());
      work.forEach((w, i) => lookAhead(w, next[i]!, h.momentum));
      const { loss, grads } = evaluate(work);
      work.forEach((w, i) => def.step(w, grads[i]!, next[i]!, h, w));
      return { params: work, state: next, loss };
    },
  };
}

/** The registry entry (closure-driven: the gradient is taken at the look-ahead point). */
export const lectureNesterovEntry = closureEntry({
  ...lectureNesterovDefinition,
  kind: 'closure',
  create: (params, options) => new LectureNesterov(params, options),
  stepper: lectureNesterovStepper,
});
