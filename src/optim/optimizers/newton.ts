/**
 * Newton's method with the exact Hessian, optionally damped (H + λI) or with Levenberg–Marquardt
 * adaptation of λ. For problems up to a few thousand parameters: the Hessian has n² entries and
 * each step solves a dense n×n system.
 */
import type { HyperParameterSpec } from '../../registry/spec.js';
import { objectiveStepper, parameterObjective, type FlatObjective } from '../flat.js';
import { closureEntry } from '../closure-entry.js';
import { normalizeGroups } from '../groups.js';
import { solveLinear } from '../linear-solve.js';
import { resolveHyper } from '../definition.js';
import { checkStateDictEnvelope, groupStateValues, groupValues, zeroGradients, type Optimizer, type OptimizerStateDict, type ParamGroup } from '../optimizer.js';
import type { PureStepper } from '../stepper.js';
import type { Closure, ParameterLike, ParamsInput } from '../types.js';
import { learningRateSpec } from './specs.js';

/** The exact Hessian at flat point x, row-major n×n. */
export type HessianFn = (x: Float64Array) => ArrayLike<number>;
/** The Hessian-vector product H(x)·v. */
export type HessianVectorProductFn = (x: Float64Array, v: Float64Array) => ArrayLike<number>;

/** Newton's hyper-parameters and second-order callbacks. */
export interface NewtonOptions {
  /** Step scale, default 1 (the full Newton step). */
  learningRate?: number;
  /** λ ≥ 0, default 0: solve (H + λI)·d = g. The starting λ when adaptiveDamping. */
  damping?: number;
  /** Levenberg–Marquardt: shrink λ after a step that lowers the loss, grow it and retry otherwise. Default false. */
  adaptiveDamping?: boolean;
  /** Factor by which adaptive damping changes λ, default 10. */
  dampingFactor?: number;
  /** Refuse problems with more parameters than this, default 4096. */
  maxParameters?: number;
  /** The exact Hessian at x (row-major). Give this or `hessianVectorProduct`. */
  hessian?: HessianFn;
  /** H(x)·v; the Hessian is assembled from n products when `hessian` is not given. */
  hessianVectorProduct?: HessianVectorProductFn;
}

/** Resolved numeric hyper-parameters of Newton's method. */
export type NewtonHyper = {
  learningRate: number;
  damping: number;
  adaptiveDamping: boolean;
  dampingFactor: number;
  maxParameters: number;
};

/** Newton's state: steps taken and the current λ (it moves only with adaptiveDamping). */
export type NewtonState = { step: number; lambda: number };

/** Newton's hyper-parameter specs (the callbacks are not hyper-parameters). */
export const newtonHyperParameters: readonly HyperParameterSpec[] = [
  learningRateSpec(1, 'step scale (1 = full Newton step)'),
  { kind: 'number', name: 'damping', default: 0, min: 0, doc: 'damping λ: solve (H + λI)·d = g (the starting λ when adaptive)' },
  { kind: 'boolean', name: 'adaptiveDamping', default: false, doc: 'Levenberg–Marquardt: adapt λ by accepting or rejecting steps' },
  { kind: 'number', name: 'dampingFactor', default: 10, min: 1, minExclusive: true, doc: 'factor by which adaptive damping changes λ' },
  { kind: 'integer', name: 'maxParameters', default: 4096, min: 1, doc: 'largest problem accepted (the Hessian has n² entries)' },
];

/** Splits callbacks from hyper-parameters and validates the latter. */
function resolveNewton(options: NewtonOptions | Record<string, unknown>): { h: NewtonHyper; hessian?: HessianFn; hvp?: HessianVectorProductFn } {
  const { hessian, hessianVectorProduct, ...rest } = options as NewtonOptions;
  if (hessian !== undefined && typeof hessian !== 'function') throw new Error('Newton: hessian must be a function x → row-major n×n Hessian');
  if (hessianVectorProduct !== undefined && typeof hessianVectorProduct !== 'function') {
    throw new Error('Newton: hessianVectorProduct must be a function (x, v) → H·v');
  }
  const h = resolveHyper<NewtonHyper>({ name: 'Newton', hyperParameters: newtonHyperParameters }, { ...rest });
  return { h, ...(hessian ? { hessian } : {}), ...(hessianVectorProduct ? { hvp: hessianVectorProduct } : {}) };
}

/** The Hessian at x from whichever callback was given, symmetrised when built from products. */
function hessianAt(n: number, x: Float64Array, hessian?: HessianFn, hvp?: HessianVectorProductFn): Float64Array {
  if (hessian) {
    const H = Float64Array.from(hessian(x));
    if (H.length !== n * n) throw new Error(`Newton: the Hessian has ${H.length} entries, expected ${n}×${n} = ${n * n}`);
    return H;
  }
  if (!hvp) throw new Error('Newton: needs a hessian or hessianVectorProduct option');
  const H = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = hvp(x, e);
    if (col.length !== n) throw new Error(`Newton: hessianVectorProduct returned ${col.length} values, expected ${n}`);
    for (let i = 0; i < n; i++) H[i * n + j] = col[i]!;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = 0.5 * (H[i * n + j]! + H[j * n + i]!);
      H[i * n + j] = s;
      H[j * n + i] = s;
    }
  }
  return H;
}

/** (H + λI)·d = g, or null when singular. */
function dampedDirection(H: Float64Array, g: Float64Array, lambda: number): Float64Array | null {
  const n = g.length;
  const A = lambda === 0 ? H : H.slice();
  if (lambda !== 0) for (let i = 0; i < n; i++) A[i * n + i] = A[i * n + i]! + lambda;
  return solveLinear(A, g);
}

const MAX_TRIES = 40;

/** One Newton step on a flat objective; updates `state` and returns the loss at the start. */
export function newtonStep(h: NewtonHyper, state: NewtonState, obj: FlatObjective, hessian?: HessianFn, hvp?: HessianVectorProductFn): number {
  const n = obj.size;
  if (n > h.maxParameters) {
    throw new Error(
      `Newton: ${n} parameters exceed maxParameters = ${h.maxParameters} (the Hessian would have ${n}² = ${n * n} entries); use LBFGS for larger problems or raise maxParameters`,
    );
  }
  const loss = obj.evaluate();
  const g = obj.gradient();
  const x = obj.get();
  const H = hessianAt(n, x, hessian, hvp);
  state.step += 1;
  if (!h.adaptiveDamping) {
    const d = dampedDirection(H, g, state.lambda);
    if (d === null) {
      throw new Error(`Newton: the Hessian${state.lambda > 0 ? ` + ${state.lambda}·I` : ''} is singular at step ${state.step}; set damping > 0 or adaptiveDamping`);
    }
    obj.addScaled(-h.learningRate, d);
    return loss;
  }
  // Levenberg–Marquardt: accept the first trial step that lowers the loss, raising λ after each failure.
  let lambda = state.lambda > 0 ? state.lambda : 1e-3;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const d = dampedDirection(H, g, lambda);
    if (d !== null) {
      obj.addScaled(-h.learningRate, d);
      const trial = obj.evaluate();
      if (trial < loss) {
        state.lambda = lambda / h.dampingFactor;
        return loss;
      }
      obj.set(x);
    }
    lambda *= h.dampingFactor;
  }
  // No step lowered the loss: stay put (restore the gradient of x for consistency) and keep a large λ.
  obj.evaluate();
  state.lambda = lambda;
  return loss;
}

/**
 * Newton's method: jump to the minimum of the local quadratic model.
 *
 * Update:
 * ```
 * solve (H + λ·I)·d = g        (H the exact Hessian, λ = damping)
 * x ← x − η·d
 * ```
 * With adaptiveDamping (Levenberg–Marquardt), a trial step that does not lower the loss is
 * rejected and λ multiplied by dampingFactor; an accepted one divides λ by it. Near a minimum with
 * λ = 0 convergence is quadratic; at a saddle the undamped method is attracted to it.
 * Requires `step(closure)` and a `hessian` or `hessianVectorProduct` callback on the flat vector
 * of all parameters. Defaults: learningRate 1, damping 0, adaptiveDamping false, dampingFactor 10,
 * maxParameters 4096. Reference: Nocedal & Wright, Numerical Optimization (2006), ch. 3.3 and 10.3.
 *
 * @example
 * const f = rosenbrock();
 * const x: ParameterLike = { data: Float64Array.of(-1.5, 2), grad: null, shape: [2] };
 * const opt = new Newton([x], { hessian: (v) => f.hessian(v), adaptiveDamping: true });
 * opt.step(() => { x.grad = { data: f.gradient(x.data) }; return f.value(x.data); });
 */
export class Newton implements Optimizer {
  readonly name = 'Newton';
  readonly paramGroups: ParamGroup<NewtonHyper>[];
  private state: NewtonState;
  private readonly hessian?: HessianFn;
  private readonly hvp?: HessianVectorProductFn;

  constructor(params: ParamsInput, options: NewtonOptions = {}) {
    const { h, hessian, hvp } = resolveNewton(options);
    if (!hessian && !hvp) throw new Error('Newton: needs a hessian or hessianVectorProduct option');
    const groups = normalizeGroups('Newton', params);
    if (groups.length !== 1) throw new Error(`Newton: does not support parameter groups; got ${groups.length} groups`);
    const g = groups[0]!;
    const hh = Object.keys(g.overrides).length > 0 ? resolveNewton({ ...h, ...g.overrides }).h : h;
    const n = g.params.reduce((s, p) => s + p.data.length, 0);
    if (n > hh.maxParameters) {
      throw new Error(`Newton: ${n} parameters exceed maxParameters = ${hh.maxParameters} (the Hessian would have ${n * n} entries); use LBFGS for larger problems or raise maxParameters`);
    }
    this.paramGroups = [{ ...hh, params: g.params, names: g.names }];
    this.state = { step: 0, lambda: hh.damping };
    if (hessian) this.hessian = hessian;
    if (hvp) this.hvp = hvp;
  }

  /** One Newton step; the closure (zero grads, loss, backward, return loss) is required. */
  step(closure?: Closure): number {
    if (typeof closure !== 'function') throw new Error('Newton: step() needs a closure that computes the loss and the gradients');
    const g = this.paramGroups[0]!;
    const h = resolveNewton(groupValues(g, newtonHyperParameters)).h;
    if (!h.adaptiveDamping) this.state.lambda = h.damping;
    return newtonStep(h, this.state, parameterObjective(g.params as ParameterLike[], closure), this.hessian, this.hvp);
  }

  zeroGrad(setToNone = false): void {
    zeroGradients(this.paramGroups, setToNone);
  }

  stateDict(): OptimizerStateDict {
    const g = this.paramGroups[0]!;
    return { optimizer: this.name, version: 1, paramGroups: [{ params: [...g.names], hyperParameters: groupStateValues(g, newtonHyperParameters) }], state: {}, global: { ...this.state } };
  }

  loadStateDict(stateDict: OptimizerStateDict): void {
    const sd = checkStateDictEnvelope(this.name, stateDict, this.paramGroups);
    const s = sd.global as Partial<NewtonState> | undefined;
    if (typeof s?.step !== 'number' || typeof s.lambda !== 'number') throw new Error('Newton.loadStateDict: the state dict has no Newton state (step, lambda)');
    let h: NewtonHyper;
    try {
      h = resolveNewton(sd.paramGroups[0]!.hyperParameters as Record<string, unknown>).h;
    } catch (err) {
      throw new Error(`Newton.loadStateDict: ${(err as Error).message}`);
    }
    Object.assign(this.paramGroups[0]!, h);
    this.state = { step: s.step, lambda: s.lambda };
  }
}

/**
 * Newton's method as a pure stepper over parameter arrays (the Hessian callback sees the flat
 * vector of all of them).
 *
 * @example
 * const f = rosenbrock();
 * const st = newtonStepper({ hessian: (x) => f.hessian(x) });
 */
export function newtonStepper(options: NewtonOptions): PureStepper<NewtonState> {
  const { h, hessian, hvp } = resolveNewton(options);
  if (!hessian && !hvp) throw new Error('Newton: needs a hessian or hessianVectorProduct option');
  return objectiveStepper('Newton', () => ({ step: 0, lambda: h.damping }), (state, objective) => {
    if (!h.adaptiveDamping) state.lambda = h.damping;
    return newtonStep(h, state, objective, hessian, hvp);
  });
}

/** The registry entry (second-order: the closure plus a `hessian` or `hessianVectorProduct` option). */
export const newtonEntry = closureEntry({
  key: 'newton',
  name: 'Newton',
  summary: "Newton's method with the exact Hessian; damped or Levenberg–Marquardt; up to a few thousand parameters.",
  paper: 'https://doi.org/10.1007/978-0-387-40065-5',
  pytorch: false,
  kind: 'second-order',
  hyperParameters: newtonHyperParameters,
  create: (params, options) => new Newton(params, options),
  stepper: newtonStepper,
});
