/**
 * The 'optimizers' section of a golden file (schema: ../shared/golden/SCHEMA.md §1). Each case is
 * re-run through descent's optimizer façade — the same in-place update kernels users call — from
 * the recorded initial parameters, hyper-parameters and parameter groups, on the problem the file
 * describes (a 2-D test function by name, the small tanh MLP, or the least-squares `matrix` problem
 * from the recorded data), and the whole trajectory (parameters, loss, gradient, and ASGD's / LBFGS's
 * / Schedule-Free's extras) is compared, each step within the tolerance its recorded sensitivity
 * allows ({@link sensitivityTolerance}).
 */
import { findTestFunction } from '../../functions/registry.js';
import { formulaObjective } from '../../functions/formula.js';
import { mlpLossAndGradients, type MlpData } from '../../functions/mlp.js';
import type { Objective2D } from '../../functions/types.js';
import { concatenateParameters } from '../../optim/flat.js';
import { ASGD } from '../../optim/optimizers/asgd.js';
import { LBFGS } from '../../optim/optimizers/lbfgs.js';
import { hasTrainEvalModes } from '../../optim/optimizers/schedule-free.js';
import { optimizerByClassName } from '../../optim/registry.js';
import type { Optimizer } from '../../optim/optimizer.js';
import type { ParameterLike } from '../../optim/types.js';
import { compareArrays, FLOAT64_TOLERANCE, sensitivityTolerance, type Comparison, type Tolerance } from '../compare.js';
import { goldenData, isGoldenTensor, type GoldenTensor } from '../golden.js';
import { ParityMismatch, runCase, type CaseResult } from '../report.js';

const SECTION = 'optimizers';

/** PyTorch's hyper-parameter names → descent's. Values pass through unchanged. */
const HYPER_NAMES: Record<string, string> = {
  lr: 'learningRate',
  betas: 'betas',
  eps: 'eps',
  weight_decay: 'weightDecay',
  amsgrad: 'amsgrad',
  maximize: 'maximize',
  momentum: 'momentum',
  dampening: 'dampening',
  nesterov: 'nesterov',
  alpha: 'alpha',
  centered: 'centered',
  lr_decay: 'lrDecay',
  initial_accumulator_value: 'initialAccumulatorValue',
  rho: 'rho',
  etas: 'etas',
  step_sizes: 'stepSizes',
  lambd: 'lambd',
  t0: 't0',
  momentum_decay: 'momentumDecay',
  decoupled_weight_decay: 'decoupledWeightDecay',
  max_iter: 'maxIter',
  max_eval: 'maxEval',
  tolerance_grad: 'toleranceGrad',
  tolerance_change: 'toleranceChange',
  history_size: 'historySize',
  line_search_fn: 'lineSearchFn',
  // Schedule-Free (facebookresearch/schedule_free) and Muon (KellerJordan/Muon).
  warmup_steps: 'warmupSteps',
  r: 'r',
  weight_lr_power: 'weightLrPower',
  decay_at_z: 'decayAtZ',
  ns_steps: 'nsSteps',
  use_muon: 'useMuon',
};

/**
 * Schedule-Free's group entries that are the reference's running state, not hyper-parameters
 * (read after the last step: `k` steps taken, the averaging's `weight_sum` and `lr_max`, the
 * logged `scheduled_lr`, the mode flag). `k` and `weight_sum` are checked against descent's state.
 */
const REFERENCE_STATE = new Set(['k', 'train_mode', 'weight_sum', 'lr_max', 'scheduled_lr']);

/** PyTorch flags that choose an implementation, not the mathematics (torch.optim's names); they are ignored. */
const IMPLEMENTATION_FLAGS = new Set(['foreach', 'capturable', 'differentiable', 'fused']);

interface GoldenCase {
  name: string;
  optimizer: string;
  problem: string;
  param_groups: Array<{ param_indices: number[]; hyperparameters: Record<string, unknown> }>;
  params: Array<{ name: string; shape: number[] }>;
  init: GoldenTensor[];
  steps: number;
  trajectory: number[][];
  loss: number[];
  grad: number[][];
  reliable_steps?: number;
  sensitivity?: number[];
  extra?: Record<string, unknown>;
}

/** Loss and flat gradient at a flat parameter vector. */
type FlatProblem = (x: Float64Array) => { loss: number; grad: Float64Array };

/** Runs the 'optimizers' section of a golden file. */
export function runOptimizersSection(section: unknown): CaseResult[] {
  if (typeof section !== 'object' || section === null) {
    return [{ section: SECTION, name: '(section)', ok: false, detail: 'the optimizers section is not an object' }];
  }
  const { problems, cases } = section as { problems?: unknown; cases?: unknown };
  if (typeof problems !== 'object' || problems === null || !Array.isArray(cases)) {
    return [{ section: SECTION, name: '(section)', ok: false, detail: "the optimizers section needs 'problems' (object) and 'cases' (array)" }];
  }
  return cases.map((c, i) => {
    const gc = c as Partial<GoldenCase>;
    const label = typeof gc?.name === 'string' ? `${String(gc.problem)}/${gc.name}` : `case ${i}`;
    return runCase(SECTION, label, () => runOne(problems as Record<string, unknown>, gc));
  });
}

function runOne(problems: Record<string, unknown>, c: Partial<GoldenCase>): string {
  const gc = checkCase(c);
  const problem = buildProblem(problems[gc.problem], gc);
  const params = gc.params.map((spec, i) => {
    const t = gc.init[i];
    if (!isGoldenTensor(t)) throw new Error(`init[${i}] is not a tensor`);
    if (t.shape.join(',') !== spec.shape.join(',')) throw new Error(`init[${i}] has shape [${t.shape}] but params[${i}] says [${spec.shape}]`);
    const p: ParameterLike = { data: goldenData(t, `init[${i}]`), grad: null, shape: [...spec.shape] };
    return p;
  });
  const optimizer = buildOptimizer(gc, params);
  const size = params.reduce((n, p) => n + p.data.length, 0);

  const flat = (): Float64Array => concatenateParameters(params);
  // zero_grad(); loss = f(params); loss.backward(): fills every parameter's gradient.
  const evaluate = (): { loss: number; grad: Float64Array } => {
    const r = problem(flat());
    let off = 0;
    for (const p of params) {
      p.grad = { data: r.grad.slice(off, off + p.data.length) };
      off += p.data.length;
    }
    return r;
  };

  const isLBFGS = optimizer instanceof LBFGS;
  const trajectory: Float64Array[] = [];
  const losses: number[] = [];
  const grads: Float64Array[] = [];
  const stepReturn: Array<number | null> = [null];
  const funcEvals: number[] = [0];
  const nIter: number[] = [0];
  const ax: Float64Array[] = [new Float64Array(size)];
  const eta: number[] = [];
  const mu: number[] = [1];
  if (optimizer instanceof ASGD) eta.push(optimizer.paramGroups[0]!.learningRate);
  // Schedule-Free: the point eval mode loads (x), read through eval() → train() after every step, so
  // the round trip is checked too (the trajectory after it must still be the training point y).
  const averagedPoint: Float64Array[] = [];
  const recordEvalPoint = (): void => {
    if (!hasTrainEvalModes(optimizer)) return;
    optimizer.eval();
    averagedPoint.push(flat());
    optimizer.train();
  };
  recordEvalPoint();

  for (let k = 0; k <= gc.steps; k++) {
    trajectory.push(flat());
    const r = problem(flat());
    losses.push(r.loss);
    grads.push(r.grad);
    if (k === gc.steps) break;
    if (optimizer instanceof LBFGS) {
      stepReturn.push(optimizer.step(() => evaluate().loss));
      funcEvals.push(optimizer.counters.funcEvals);
      nIter.push(optimizer.counters.nIter);
    } else {
      evaluate();
      optimizer.step();
      if (optimizer instanceof ASGD) {
        const s = optimizer.stateOf(gc.params[0]!.name)!;
        eta.push(s.eta);
        mu.push(s.mu);
        ax.push(concat(optimizer.averagedParameters().map(([, a]) => a), size));
      }
      recordEvalPoint();
    }
  }

  // Compare every recorded quantity up to the last reliable step (all steps except for LBFGS).
  const reliable = isLBFGS ? Math.min(gc.steps, Math.max(0, Math.floor(gc.reliable_steps ?? gc.steps))) : gc.steps;
  const checks: Comparison[] = [];
  const scale = Math.max(1, ...gc.trajectory[0]!.map((v) => Math.abs(v)));
  const tolerance = (k: number): Tolerance => sensitivityTolerance(FLOAT64_TOLERANCE, gc.sensitivity?.[k], scale);
  const check = (expected: ArrayLike<number>, actual: ArrayLike<number>, what: string, k: number): void => {
    const r = compareArrays(expected, actual, tolerance(k), what);
    if (!r.ok) throw new ParityMismatch(r.worst);
    checks.push(r);
  };
  for (let k = 0; k <= reliable; k++) {
    check(gc.trajectory[k]!, trajectory[k]!, `trajectory[${k}]`, k);
    check([gc.loss[k]!], [losses[k]!], `loss[${k}]`, k);
    check(gc.grad[k]!, grads[k]!, `grad[${k}]`, k);
  }
  const extra = gc.extra ?? {};
  if (hasTrainEvalModes(optimizer)) {
    const e = extra as { x?: number[][] };
    if (!Array.isArray(e.x)) throw new Error(`${gc.optimizer} case without extra.x (the averaged point)`);
    for (let k = 0; k <= reliable; k++) check(e.x[k]!, averagedPoint[k]!, `extra.x[${k}]`, k);
    checkReferenceCounters(gc, optimizer as unknown as { stateOf(name: string): { step: number; weightSum: number } | undefined });
  }
  if (optimizer instanceof ASGD) {
    const e = extra as { ax?: number[][]; eta?: number[]; mu?: number[] };
    if (!Array.isArray(e.ax) || !Array.isArray(e.eta) || !Array.isArray(e.mu)) throw new Error('ASGD case without extra.ax / eta / mu');
    for (let k = 0; k <= reliable; k++) {
      check(e.ax[k]!, ax[k]!, `extra.ax[${k}]`, k);
      check([e.eta[k]!], [eta[k]!], `extra.eta[${k}]`, k);
      check([e.mu[k]!], [mu[k]!], `extra.mu[${k}]`, k);
    }
  }
  let note = '';
  if (isLBFGS) {
    const e = extra as { step_return_loss?: Array<number | null>; func_evals?: number[]; n_iter?: number[] };
    if (!Array.isArray(e.step_return_loss) || !Array.isArray(e.func_evals) || !Array.isArray(e.n_iter)) {
      throw new Error('LBFGS case without extra.step_return_loss / func_evals / n_iter');
    }
    for (let k = 1; k <= reliable; k++) {
      check([e.step_return_loss[k]!], [stepReturn[k]!], `extra.step_return_loss[${k}]`, k - 1);
    }
    for (let k = 0; k <= reliable; k++) {
      if (e.func_evals[k] !== funcEvals[k] || e.n_iter[k] !== nIter[k]) {
        throw new ParityMismatch(`extra.func_evals/n_iter[${k}]: expected ${e.func_evals[k]}/${e.n_iter[k]}, got ${funcEvals[k]}/${nIter[k]}`);
      }
    }
    // Past the reliable steps the trajectory is chaotic; require only that the loss stays as small.
    const bound = gc.loss[reliable]! * (1 + 1e-6) + 1e-12;
    for (let k = reliable + 1; k <= gc.steps; k++) {
      if (!(losses[k]! <= bound)) {
        throw new ParityMismatch(`loss[${k}] = ${losses[k]} after the reliable steps exceeds the loss ${gc.loss[reliable]} at step ${reliable}`);
      }
    }
    if (reliable < gc.steps) note = `; steps ${reliable + 1}..${gc.steps}: loss stays <= loss[${reliable}]`;
  }
  const worst = Math.max(...checks.map((r) => r.worstRatio));
  return `steps 0..${reliable} within tolerance (worst ${worst.toExponential(1)} of allowed)${note}`;
}

/**
 * Schedule-Free groups record the reference's counters after the last step: `k` (steps taken) and
 * `weight_sum` (the averaging's normaliser); descent keeps them per parameter.
 */
function checkReferenceCounters(c: GoldenCase, optimizer: { stateOf(name: string): { step: number; weightSum: number } | undefined }): void {
  for (const [gi, g] of c.param_groups.entries()) {
    const h = g.hyperparameters ?? {};
    for (const i of g.param_indices) {
      const s = optimizer.stateOf(c.params[i]!.name);
      if (s === undefined) continue;
      if (typeof h.k === 'number' && h.k !== s.step) throw new ParityMismatch(`param_groups[${gi}].k: expected ${h.k} steps, descent took ${s.step}`);
      if (typeof h.weight_sum === 'number') {
        const r = compareArrays([h.weight_sum], [s.weightSum], FLOAT64_TOLERANCE, `param_groups[${gi}].weight_sum`);
        if (!r.ok) throw new ParityMismatch(r.worst);
      }
    }
  }
}

function concat(parts: readonly ArrayLike<number>[], size: number): Float64Array {
  const out = new Float64Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p as ArrayLike<number>, off);
    off += p.length;
  }
  return out;
}

function checkCase(c: Partial<GoldenCase>): GoldenCase {
  const need = (cond: boolean, what: string): void => {
    if (!cond) throw new Error(`malformed case: ${what}`);
  };
  need(typeof c.optimizer === 'string', "'optimizer' must be a class name");
  need(typeof c.problem === 'string', "'problem' must name a problem");
  need(Array.isArray(c.params) && c.params.length > 0, "'params' must list the parameters");
  need(Array.isArray(c.init) && c.init.length === c.params!.length, "'init' must hold one tensor per parameter");
  need(Array.isArray(c.param_groups) && c.param_groups.length > 0, "'param_groups' must list the groups");
  need(Number.isInteger(c.steps) && c.steps! >= 0, "'steps' must be a non-negative integer");
  for (const key of ['trajectory', 'loss', 'grad'] as const) {
    need(Array.isArray(c[key]) && c[key]!.length === c.steps! + 1, `'${key}' must hold steps + 1 entries`);
  }
  return c as GoldenCase;
}

/** The problem as a function of the flat parameter vector. */
function buildProblem(spec: unknown, c: GoldenCase): FlatProblem {
  if (typeof spec !== 'object' || spec === null) throw new Error(`the file has no problem '${c.problem}'`);
  const p = spec as Record<string, unknown>;
  if (p.kind === 'function2d') {
    const size = c.params.reduce((n, q) => n + q.shape.reduce((a, b) => a * b, 1), 0);
    if (size !== 2) throw new Error(`a function2d problem needs 2 parameters in total, the case has ${size}`);
    const f = objective2d(p);
    return (x) => ({ loss: f.value(x), grad: f.gradient(x) });
  }
  if (p.kind === 'mlp') return mlpProblem(p, c);
  if (p.kind === 'matrix') return matrixProblem(p, c);
  throw new Error(`unknown problem kind ${JSON.stringify(p.kind)} (known: function2d, mlp, matrix)`);
}

/**
 * The 2-D function by name from the library; when the file uses a name or constant the library
 * does not know, the recorded formula is differentiated exactly instead.
 */
function objective2d(p: Record<string, unknown>): Objective2D {
  const name = String(p.name);
  const constants = (p.constants ?? {}) as Record<string, number>;
  const entry = findTestFunction(name);
  if (entry) {
    const known = entry.constants.map((s) => s.name);
    if (Object.keys(constants).every((k) => known.includes(k))) {
      const library = entry.create(constants);
      // A file may mean something else by the same name and constants: when its formula can be
      // read and disagrees with the library around the start point, the formula wins.
      const fromFormula = tryFormula(p, constants, name);
      const start = Array.isArray(p.start) && p.start.length === 2 ? (p.start as number[]) : [0.5, -0.5];
      return fromFormula && !agree(library, fromFormula, start) ? fromFormula : library;
    }
  }
  if (typeof p.formula === 'string') {
    try {
      return formulaObjective(p.formula, constants, name);
    } catch (err) {
      throw new Error(`function2d '${name}': ${entry ? 'unknown constants' : 'not in the library'} and its formula cannot be used: ${(err as Error).message}`);
    }
  }
  throw new Error(`function2d '${name}' is not in the library and the file gives no formula`);
}

function tryFormula(p: Record<string, unknown>, constants: Record<string, number>, name: string): Objective2D | null {
  if (typeof p.formula !== 'string') return null;
  try {
    const f = formulaObjective(p.formula, constants, name);
    f.value([0.5, -0.5]);
    return f;
  } catch {
    return null;
  }
}

/** Value and gradient agree to 1e-9 (relative) at the start and two points near it. */
function agree(a: Objective2D, b: Objective2D, start: readonly number[]): boolean {
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  for (const [dx, dy] of [[0, 0], [0.1, -0.07], [-0.13, 0.05]] as const) {
    const pt = [start[0]! + dx, start[1]! + dy];
    const [ga, gb] = [a.gradient(pt), b.gradient(pt)];
    if (!close(a.value(pt), b.value(pt)) || !close(ga[0]!, gb[0]!) || !close(ga[1]!, gb[1]!)) return false;
  }
  return true;
}

function mlpProblem(p: Record<string, unknown>, c: GoldenCase): FlatProblem {
  if (!isGoldenTensor(p.X) || !isGoldenTensor(p.Y)) throw new Error('the mlp problem needs tensors X and Y');
  const X = goldenData(p.X, 'mlp.X');
  const Y = goldenData(p.Y, 'mlp.Y');
  const roles = ['W1', 'b1', 'W2', 'b2'] as const;
  const index = roles.map((r) => c.params.findIndex((q) => q.name === r));
  if (index.some((i) => i < 0) || c.params.length !== 4) {
    throw new Error(`the mlp problem needs parameters named W1, b1, W2, b2; the case has ${c.params.map((q) => q.name).join(', ')}`);
  }
  const [w1, , w2] = index.map((i) => c.params[i]!.shape);
  if (p.X.shape.length !== 2 || p.Y.shape.length !== 2 || w1!.length !== 2 || w2!.length !== 2) {
    throw new Error('mlp: X, Y, W1 and W2 must be matrices');
  }
  const data: MlpData = { X, Y, samples: p.X.shape[0]!, inputs: p.X.shape[1]!, hidden: w1![0]!, outputs: w2![0]! };
  if (w1![1] !== data.inputs || w2![1] !== data.hidden || p.Y.shape[1] !== data.outputs || p.Y.shape[0] !== data.samples) {
    throw new Error(`mlp: inconsistent shapes X [${p.X.shape}], Y [${p.Y.shape}], W1 [${w1}], W2 [${w2}]`);
  }
  // Offsets of each parameter in the flat vector (the case's params[] order).
  const offsets: number[] = [];
  let off = 0;
  for (const q of c.params) {
    offsets.push(off);
    off += q.shape.reduce((a, b) => a * b, 1);
  }
  const slice = (x: Float64Array, k: number): Float64Array => x.subarray(offsets[index[k]!]!, offsets[index[k]!]! + (c.params[index[k]!]!.shape.reduce((a, b) => a * b, 1)));
  return (x) => {
    const r = mlpLossAndGradients(data, { W1: slice(x, 0), b1: slice(x, 1), W2: slice(x, 2), b2: slice(x, 3) });
    const grad = new Float64Array(x.length);
    const g = [r.grads.W1, r.grads.b1, r.grads.W2, r.grads.b2];
    roles.forEach((_, k) => grad.set(g[k]!, offsets[index[k]!]!));
    return { loss: r.loss, grad };
  };
}

/**
 * The `matrix` problem: f(W) = mean((X Wᵀ − Y)²) over all N·out entries, one parameter W [out, in],
 * full batch. The gradient is PyTorch's: dR = (2 / (N·out))·R, dW = dRᵀ X.
 */
function matrixProblem(p: Record<string, unknown>, c: GoldenCase): FlatProblem {
  if (!isGoldenTensor(p.X) || !isGoldenTensor(p.Y)) throw new Error('the matrix problem needs tensors X and Y');
  const X = goldenData(p.X, 'matrix.X');
  const Y = goldenData(p.Y, 'matrix.Y');
  if (p.X.shape.length !== 2 || p.Y.shape.length !== 2) throw new Error(`matrix: X [${p.X.shape}] and Y [${p.Y.shape}] must be matrices`);
  const [n, inputs] = p.X.shape as [number, number];
  const outputs = p.Y.shape[1]!;
  const w = c.params[0]?.shape ?? [];
  if (c.params.length !== 1 || w.length !== 2 || w[0] !== outputs || w[1] !== inputs || p.Y.shape[0] !== n) {
    throw new Error(`matrix: needs one parameter W [${outputs}, ${inputs}] for X [${p.X.shape}] and Y [${p.Y.shape}]; the case has ${c.params.map((q) => `${q.name} [${q.shape}]`).join(', ')}`);
  }
  const count = n * outputs;
  return (W) => {
    const r = new Float64Array(count);
    let loss = 0;
    for (let s = 0; s < n; s++) {
      for (let o = 0; o < outputs; o++) {
        let v = 0;
        for (let i = 0; i < inputs; i++) v += X[s * inputs + i]! * W[o * inputs + i]!;
        const d = v - Y[s * outputs + o]!;
        r[s * outputs + o] = d;
        loss += d * d;
      }
    }
    const norm = 2 / count;
    const grad = new Float64Array(outputs * inputs);
    for (let o = 0; o < outputs; o++) {
      for (let i = 0; i < inputs; i++) {
        let g = 0;
        for (let s = 0; s < n; s++) g += norm * r[s * outputs + o]! * X[s * inputs + i]!;
        grad[o * inputs + i] = g;
      }
    }
    return { loss: loss / count, grad };
  };
}

/** The optimizer the case names, with one descent parameter group per golden group. */
function buildOptimizer(c: GoldenCase, params: ParameterLike[]): Optimizer {
  const create = optimizerByClassName(c.optimizer);
  if (!create) throw new Error(`unknown optimizer class '${c.optimizer}'`);
  const seen = new Set<number>();
  const groups = c.param_groups.map((g, gi) => {
    if (!Array.isArray(g.param_indices)) throw new Error(`param_groups[${gi}] has no param_indices`);
    const named = g.param_indices.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= params.length) throw new Error(`param_groups[${gi}]: no parameter ${i}`);
      if (seen.has(i)) throw new Error(`parameter ${i} is in two groups`);
      seen.add(i);
      return [c.params[i]!.name, params[i]!] as const;
    });
    return { params: named, ...translateHyper(g.hyperparameters ?? {}) };
  });
  if (seen.size !== params.length) throw new Error('param_groups do not cover every parameter');
  return create(groups, {});
}

function translateHyper(h: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) {
    if (IMPLEMENTATION_FLAGS.has(k) || REFERENCE_STATE.has(k)) continue;
    // A later reference release's extra inner momentum; 0 is the method of the paper.
    if (k === 'inner_momentum') {
      if (v !== 0) throw new Error(`inner_momentum ${String(v)} is not supported (descent implements the reference with inner_momentum 0)`);
      continue;
    }
    // Unknown names pass through, so the optimizer rejects them with a precise message.
    out[HYPER_NAMES[k] ?? k] = v;
  }
  return out;
}
