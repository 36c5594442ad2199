/**
 * The L-BFGS algorithm of `torch/optim/lbfgs.py` (PyTorch 1.13), on a flat objective. Ported line
 * by line (same iteration counts, same termination tests, same curvature-pair rule), so the
 * façade follows PyTorch's iterates.
 */
import { dot, maxAbs, sumAbs, type FlatObjective } from '../flat.js';
import { fma } from '../../numerics/fma.js';
import { strongWolfe } from './line-search.js';

/** Resolved LBFGS hyper-parameters. */
export type LBFGSHyper = {
  learningRate: number;
  maxIter: number;
  /** null: maxIter·5/4 (rounded down), PyTorch's default. */
  maxEval: number | null;
  toleranceGrad: number;
  toleranceChange: number;
  historySize: number;
  lineSearchFn: 'none' | 'strong_wolfe';
};

/** LBFGS's state: counters, the last direction and step, and the curvature history. Plain data. */
export interface LBFGSState {
  [key: string]: number | null | Float64Array | Float64Array[] | number[];
  /** Evaluations of the objective so far (over all steps). */
  funcEvals: number;
  /** Iterations so far (over all steps). */
  nIter: number;
  /** d, the last search direction. */
  d: Float64Array | null;
  /** t, the last step length. */
  t: number | null;
  /** y_i = g_{i+1} − g_i, the stored gradient differences. */
  oldDirs: Float64Array[];
  /** s_i = t·d, the stored steps. */
  oldStps: Float64Array[];
  /** ρ_i = 1/(y_i·s_i). */
  ro: number[];
  /** γ = s·y/(y·y), the scale of the initial inverse Hessian. */
  hDiag: number;
  /** The gradient at the start of the last iteration. */
  prevFlatGrad: Float64Array | null;
  /** The loss at the start of the last iteration. */
  prevLoss: number | null;
}

/** A fresh LBFGS state. */
export function lbfgsInitialState(): LBFGSState {
  return { funcEvals: 0, nIter: 0, d: null, t: null, oldDirs: [], oldStps: [], ro: [], hDiag: 1, prevFlatGrad: null, prevLoss: null };
}

/** The effective maxEval (PyTorch: max_iter * 5 // 4 when not given). */
export function effectiveMaxEval(h: LBFGSHyper): number {
  return h.maxEval ?? Math.floor((h.maxIter * 5) / 4);
}

/**
 * One LBFGS step (up to maxIter inner iterations) on `obj`, updating `state` in place and moving
 * the objective's point. Returns the loss at the starting point.
 */
export function lbfgsStep(h: LBFGSHyper, state: LBFGSState, obj: FlatObjective): number {
  const lr = h.learningRate;
  const maxIter = h.maxIter;
  const maxEval = effectiveMaxEval(h);
  const { toleranceGrad, toleranceChange, historySize } = h;

  const origLoss = obj.evaluate();
  let loss = origLoss;
  let currentEvals = 1;
  state.funcEvals += 1;
  let flatGrad = obj.gradient();
  let optCond = maxAbs(flatGrad) <= toleranceGrad;
  if (optCond) return origLoss;

  let d = state.d;
  let t = state.t;
  let oldDirs = state.oldDirs;
  let oldStps = state.oldStps;
  let ro = state.ro;
  let hDiag = state.hDiag;
  let prevFlatGrad = state.prevFlatGrad;
  let prevLoss = state.prevLoss;

  let nIter = 0;
  while (nIter < maxIter) {
    nIter += 1;
    state.nIter += 1;

    // Search direction.
    if (state.nIter === 1) {
      d = negate(flatGrad);
      oldDirs = [];
      oldStps = [];
      ro = [];
      hDiag = 1;
    } else {
      const y = subtract(flatGrad, prevFlatGrad!);
      const s = scale(d!, t!);
      const ys = dot(y, s);
      // Keep the pair only when the curvature is clearly positive, so H stays positive definite.
      if (ys > 1e-10) {
        if (oldDirs.length === historySize) {
          oldDirs.shift();
          oldStps.shift();
          ro.shift();
        }
        oldDirs.push(y);
        oldStps.push(s);
        ro.push(1 / ys);
        hDiag = ys / dot(y, y);
      }
      // Two-loop recursion: d = −H·g with the implicit L-BFGS inverse Hessian H.
      const numOld = oldDirs.length;
      const al = new Array<number>(numOld);
      const q = negate(flatGrad);
      for (let i = numOld - 1; i >= 0; i--) {
        al[i] = dot(oldStps[i]!, q) * ro[i]!;
        axpy(-al[i]!, oldDirs[i]!, q);
      }
      const r = scale(q, hDiag);
      for (let i = 0; i < numOld; i++) {
        const be = dot(oldDirs[i]!, r) * ro[i]!;
        axpy(al[i]! - be, oldStps[i]!, r);
      }
      d = r;
    }
    prevFlatGrad = flatGrad.slice();
    prevLoss = loss;

    // Step length: a cautious first step (at most 1/|g|_1), then lr.
    t = state.nIter === 1 ? Math.min(1, 1 / sumAbs(flatGrad)) * lr : lr;
    const gtd = dot(flatGrad, d);
    if (gtd > -toleranceChange) break;

    let lsFuncEvals = 0;
    if (h.lineSearchFn === 'strong_wolfe') {
      const xInit = obj.get();
      const r = strongWolfe(
        (x, step, dir) => {
          obj.addScaled(step, dir);
          const f = obj.evaluate();
          const g = obj.gradient();
          obj.set(x);
          return [f, g];
        },
        xInit,
        t,
        d,
        loss,
        flatGrad,
        gtd,
      );
      loss = r.f;
      flatGrad = r.g;
      t = r.t;
      lsFuncEvals = r.evals;
      obj.addScaled(t, d);
      optCond = maxAbs(flatGrad) <= toleranceGrad;
    } else {
      obj.addScaled(t, d);
      if (nIter !== maxIter) {
        // PyTorch skips the evaluation after the last iteration (useless when stochastic).
        loss = obj.evaluate();
        flatGrad = obj.gradient();
        optCond = maxAbs(flatGrad) <= toleranceGrad;
        lsFuncEvals = 1;
      }
    }
    currentEvals += lsFuncEvals;
    state.funcEvals += lsFuncEvals;

    // Termination tests, in PyTorch's order.
    if (nIter === maxIter) break;
    if (currentEvals >= maxEval) break;
    if (optCond) break;
    if (maxAbsScaled(d, t) <= toleranceChange) break;
    if (Math.abs(loss - prevLoss) < toleranceChange) break;
  }

  state.d = d;
  state.t = t;
  state.oldDirs = oldDirs;
  state.oldStps = oldStps;
  state.ro = ro;
  state.hDiag = hDiag;
  state.prevFlatGrad = prevFlatGrad;
  state.prevLoss = prevLoss;
  return origLoss;
}

function negate(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = -a[i]!;
  return out;
}

function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

function scale(a: Float64Array, s: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * s;
  return out;
}

/** y ← y + a·x with one rounding, as PyTorch's `y.add_(x, alpha=a)` (see fma.ts for why). */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = fma(a, x[i]!, y[i]!);
}

function maxAbsScaled(d: Float64Array, t: number): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]! * t);
    if (v > m || v !== v) m = v;
  }
  return m;
}
