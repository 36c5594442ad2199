/**
 * Flat float64 views of a parameter list, for the optimizers that think in one long vector
 * (LBFGS, Newton): gather values and gradients, move along a direction, restore a point.
 */
import { fma } from '../numerics/fma.js';
import { cloneState, type StateValue } from './state.js';
import type { PureStepper } from './stepper.js';
import type { Closure, FloatArray, ParameterLike } from './types.js';

/**
 * An objective seen as one flat vector x. `evaluate()` computes the loss (and the gradient, read
 * by `gradient()`) at the current x; the other methods move x.
 */
export interface FlatObjective {
  readonly size: number;
  /** Loss at the current point; also computes the gradient that `gradient()` returns. */
  evaluate(): number;
  /** A fresh copy of the gradient from the last `evaluate()`. */
  gradient(): Float64Array;
  /** x ← x + t·d (one rounding, an FMA, as PyTorch's `add_(d, alpha=t)`). */
  addScaled(t: number, d: Float64Array): void;
  /** A fresh copy of x. */
  get(): Float64Array;
  /** x ← values. */
  set(values: Float64Array): void;
}

/** The flat objective over parameters whose gradients a closure fills in (the façade's case). */
export function parameterObjective(params: readonly ParameterLike[], closure: Closure): FlatObjective {
  const size = params.reduce((n, p) => n + p.data.length, 0);
  return {
    size,
    evaluate: () => Number(closure()),
    gradient() {
      const out = new Float64Array(size);
      let off = 0;
      for (const p of params) {
        // A parameter without a gradient contributes zeros, as in PyTorch's _gather_flat_grad.
        if (p.grad !== null) out.set(p.grad.data, off);
        off += p.data.length;
      }
      return out;
    },
    addScaled(t, d) {
      let off = 0;
      for (const p of params) {
        const x = p.data;
        // As PyTorch's p.add_(d, alpha=t): one rounding (see fma.ts).
        for (let i = 0; i < x.length; i++) x[i] = fma(t, d[off + i]!, x[i]!);
        off += x.length;
      }
    },
    get: () => concatenateParameters(params),
    set(values) {
      let off = 0;
      for (const p of params) {
        p.data.set(values.subarray(off, off + p.data.length));
        off += p.data.length;
      }
    },
  };
}

/** Evaluates loss and gradients at the given parameter values (the pure steppers' objective). */
export type Evaluate = (params: readonly FloatArray[]) => { loss: number; grads: readonly FloatArray[] };

/**
 * A flat objective over working copies of `params`, evaluated by a pure `evaluate` function.
 * The caller's arrays are never written.
 */
export function evaluateObjective(params: readonly FloatArray[], evaluate: Evaluate): { objective: FlatObjective; work: FloatArray[] } {
  const work = params.map((p) => p.slice());
  const shapes = work.map((w) => ({ data: w, grad: null as { data: FloatArray } | null, shape: [w.length] }));
  const closure = (): number => {
    const r = evaluate(work);
    r.grads.forEach((g, i) => {
      shapes[i]!.grad = { data: g };
    });
    return r.loss;
  };
  return { objective: parameterObjective(shapes, closure), work };
}

/** Dot product. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** max |a_i| (0 for an empty vector). */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m || v !== v) m = v;
  }
  return m;
}

/** Σ |a_i|. */
export function sumAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s;
}

/**
 * The pure stepper of an optimizer that works on the flat objective (LBFGS, Newton): each step runs
 * `step` on a copy of the state and of the parameters, and returns the loss it reports.
 */
export function objectiveStepper<S extends StateValue>(name: string, init: () => S, step: (state: S, objective: FlatObjective) => number): PureStepper<S> {
  return {
    name,
    init,
    step(params, state, evaluate) {
      const next = cloneState(state);
      const { objective, work } = evaluateObjective(params, evaluate);
      const loss = step(next, objective);
      return { params: work, state: next, loss };
    },
  };
}

/** The parameters' values one after another in one Float64Array (the flat vector x). */
export function concatenateParameters(params: readonly ParameterLike[]): Float64Array {
  const out = new Float64Array(params.reduce((n, p) => n + p.data.length, 0));
  let off = 0;
  for (const p of params) {
    out.set(p.data, off);
    off += p.data.length;
  }
  return out;
}
