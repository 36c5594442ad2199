/**
 * L-BFGS (Liu & Nocedal 1989) driven by a closure, with PyTorch's optional strong-Wolfe line search:
 * a port of `torch.optim.LBFGS` (1.13). One `step(closure)` runs up to `maxIter` iterations.
 */
import type { HyperParameterSpec } from '../../registry/spec.js';
import { objectiveStepper, parameterObjective } from '../flat.js';
import { closureEntry } from '../closure-entry.js';
import { normalizeGroups } from '../groups.js';
import { resolveHyper } from '../definition.js';
import { checkStateDictEnvelope, groupStateValues, groupValues, zeroGradients, type Optimizer, type OptimizerStateDict, type ParamGroup } from '../optimizer.js';
import { stateFromJson, stateToJson, type StateValue } from '../state.js';
import type { PureStepper } from '../stepper.js';
import type { Closure, ParameterLike, ParamsInput } from '../types.js';
import { learningRateSpec } from './specs.js';
import { effectiveMaxEval, lbfgsInitialState, lbfgsStep, type LBFGSHyper, type LBFGSState } from './lbfgs-core.js';

export type { LBFGSHyper, LBFGSState } from './lbfgs-core.js';

/** LBFGS's hyper-parameters. */
export interface LBFGSOptions {
  /** Step length of every iteration after the first, default 1. */
  learningRate?: number;
  /** Iterations per `step()`, default 20. */
  maxIter?: number;
  /** Objective evaluations per `step()`, default maxIter·5/4. */
  maxEval?: number | null;
  /** Stop when max|g| ≤ this, default 1e-7. */
  toleranceGrad?: number;
  /** Stop when the loss or the step changes less than this, default 1e-9. */
  toleranceChange?: number;
  /** Curvature pairs kept, default 100. */
  historySize?: number;
  /** `'strong_wolfe'` or none (`null`/`'none'`, the default: fixed step lengths). */
  lineSearchFn?: 'strong_wolfe' | 'none' | null;
}

const hyperParameters: readonly HyperParameterSpec[] = [
  learningRateSpec(1, 'step length (after the first iteration)'),
  { kind: 'integer', name: 'maxIter', default: 20, min: 1, doc: 'maximum iterations per step()' },
  { kind: 'integer', name: 'maxEval', default: null, min: 1, doc: 'maximum objective evaluations per step() (default maxIter·5/4)' },
  { kind: 'number', name: 'toleranceGrad', default: 1e-7, min: 0, logScale: true, doc: 'stop when max|g| falls to this' },
  { kind: 'number', name: 'toleranceChange', default: 1e-9, min: 0, logScale: true, doc: 'stop when the loss or the step changes less than this' },
  { kind: 'integer', name: 'historySize', default: 100, min: 1, doc: 'number of curvature pairs (s, y) kept' },
  { kind: 'choice', name: 'lineSearchFn', default: 'none', choices: ['none', 'strong_wolfe'], doc: "line search: 'strong_wolfe' or 'none' (fixed step)" },
];

/** LBFGS's hyper-parameter specs (for the registry). */
export const lbfgsHyperParameters = hyperParameters;

/** Validates LBFGS options (null line search means 'none', as PyTorch's None). */
export function resolveLBFGSOptions(options: LBFGSOptions | Record<string, unknown> = {}): LBFGSHyper {
  const o = { ...(options as Record<string, unknown>) };
  if (o.lineSearchFn === null) o.lineSearchFn = 'none';
  return resolveHyper<LBFGSHyper>({ name: 'LBFGS', hyperParameters }, o);
}

/**
 * L-BFGS: a quasi-Newton method that builds an inverse-Hessian estimate from the last
 * `historySize` pairs of steps s and gradient changes y, as `torch.optim.LBFGS`.
 *
 * Each iteration:
 * ```
 * d = −H·g              (two-loop recursion over the pairs (s_i, y_i), H0 = (s·y)/(y·y)·I)
 * t = min(1, 1/|g|₁)·η on the very first iteration, η afterwards (or a strong-Wolfe search)
 * x ← x + t·d;  keep (s, y) = (t·d, Δg) when y·s > 1e-10
 * ```
 * It stops after maxIter iterations or maxEval evaluations, when max|g| ≤ toleranceGrad, or when
 * the step or the loss changes by less than toleranceChange. Only one parameter group.
 * Defaults: learningRate 1, maxIter 20, maxEval maxIter·5/4, toleranceGrad 1e-7,
 * toleranceChange 1e-9, historySize 100, lineSearchFn none.
 * Paper: https://doi.org/10.1007/BF01589116
 *
 * @example
 * const opt = new LBFGS(model.namedParameters(), { lineSearchFn: 'strong_wolfe' });
 * opt.step(() => { opt.zeroGrad(); const loss = lossFn(model); loss.backward(); return loss.item(); });
 */
export class LBFGS implements Optimizer {
  readonly name = 'LBFGS';
  readonly paramGroups: ParamGroup<LBFGSHyper>[];
  private state: LBFGSState = lbfgsInitialState();

  constructor(params: ParamsInput, options: LBFGSOptions = {}) {
    const defaults = resolveLBFGSOptions(options);
    const groups = normalizeGroups('LBFGS', params);
    if (groups.length !== 1) {
      throw new Error(`LBFGS: does not support per-parameter options (parameter groups); got ${groups.length} groups`);
    }
    const g = groups[0]!;
    const h = Object.keys(g.overrides).length > 0 ? resolveLBFGSOptions({ ...defaults, ...g.overrides }) : defaults;
    this.paramGroups = [{ ...h, params: g.params, names: g.names }];
  }

  /** The effective hyper-parameters (maxEval filled in). */
  get hyper(): LBFGSHyper {
    const g = this.paramGroups[0]!;
    const h = resolveLBFGSOptions(groupValues(g, hyperParameters));
    return { ...h, maxEval: effectiveMaxEval(h) };
  }

  /** Evaluation and iteration counters (cumulative, as PyTorch's `func_evals` and `n_iter`). */
  get counters(): { funcEvals: number; nIter: number } {
    return { funcEvals: this.state.funcEvals, nIter: this.state.nIter };
  }

  /** Runs up to maxIter iterations; returns the loss at the starting point. The closure is required. */
  step(closure?: Closure): number {
    if (typeof closure !== 'function') throw new Error('LBFGS: step() needs a closure that zeroes the gradients, computes the loss, back-propagates and returns the loss');
    const params = this.paramGroups[0]!.params as ParameterLike[];
    return lbfgsStep(this.hyper, this.state, parameterObjective(params, closure));
  }

  zeroGrad(setToNone = false): void {
    zeroGradients(this.paramGroups, setToNone);
  }

  stateDict(): OptimizerStateDict {
    const g = this.paramGroups[0]!;
    return {
      optimizer: this.name,
      version: 1,
      paramGroups: [{ params: [...g.names], hyperParameters: groupStateValues(g, hyperParameters) }],
      state: {},
      global: stateToJson(this.state),
    };
  }

  loadStateDict(stateDict: OptimizerStateDict): void {
    const sd = checkStateDictEnvelope(this.name, stateDict, this.paramGroups);
    let h: LBFGSHyper;
    try {
      h = resolveLBFGSOptions(sd.paramGroups[0]!.hyperParameters as Record<string, unknown>);
    } catch (err) {
      throw new Error(`LBFGS.loadStateDict: ${(err as Error).message}`);
    }
    const s = stateFromJson(sd.global ?? null);
    const size = this.paramGroups[0]!.params.reduce((n, p) => n + p.data.length, 0);
    checkLBFGSState(s, size);
    Object.assign(this.paramGroups[0]!, h);
    this.state = s;
  }
}

function checkLBFGSState(value: StateValue, size: number): asserts value is LBFGSState {
  // Read as LBFGSState to check it field by field; every access below is guarded.
  const s = value as LBFGSState;
  const bad = (what: string): never => {
    throw new Error(`LBFGS.loadStateDict: ${what}`);
  };
  if (typeof s !== 'object' || s === null) bad('the state dict has no LBFGS state');
  if (typeof s.funcEvals !== 'number' || typeof s.nIter !== 'number') bad('the state lacks funcEvals / nIter');
  for (const key of ['d', 'prevFlatGrad'] as const) {
    const v = s[key];
    if (v !== null && (!(v instanceof Float64Array) || v.length !== size)) {
      bad(`state '${key}' has ${v instanceof Float64Array ? v.length : 'no'} values but the parameters have ${size}`);
    }
  }
  for (const key of ['oldDirs', 'oldStps'] as const) {
    if (!Array.isArray(s[key])) bad(`state '${key}' is not a list`);
    s[key].forEach((v, i) => {
      if (!(v instanceof Float64Array) || v.length !== size) bad(`state '${key}[${i}]' has the wrong size (the parameters have ${size} values)`);
    });
  }
  if (!Array.isArray(s.ro) || s.ro.length !== s.oldDirs.length || s.oldStps.length !== s.oldDirs.length) bad('the curvature history is inconsistent');
}

/**
 * LBFGS as a pure stepper over parameter arrays: `step` works on copies and returns the new
 * parameters and state.
 *
 * @example
 * const st = lbfgsStepper({ lineSearchFn: 'strong_wolfe' });
 * let params = [Float64Array.of(-1.5, 2)], state = st.init(params);
 * ({ params, state } = st.step(params, state, evaluate));
 */
export function lbfgsStepper(options: LBFGSOptions = {}): PureStepper<LBFGSState> {
  const h = resolveLBFGSOptions(options);
  return objectiveStepper('LBFGS', lbfgsInitialState, (state, objective) => lbfgsStep(h, state, objective));
}

/** The registry entry (closure-driven). */
export const lbfgsEntry = closureEntry({
  key: 'lbfgs',
  name: 'LBFGS',
  summary: 'Limited-memory BFGS quasi-Newton method with optional strong-Wolfe line search; closure-driven.',
  paper: 'https://doi.org/10.1007/BF01589116',
  pytorch: true,
  kind: 'closure',
  hyperParameters: lbfgsHyperParameters,
  create: (params, options) => new LBFGS(params, options),
  stepper: lbfgsStepper,
});
