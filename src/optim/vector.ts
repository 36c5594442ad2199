/**
 * Optimizers on plain vectors, no tensors involved: a start point, an objective with its gradient
 * (and Hessian for Newton), and any registry optimizer or pure stepper. The playground animates
 * 2-D trajectories with this; the test functions in `src/functions` fit the objective interface.
 */
import { optimizerEntry } from './registry.js';
import { cloneState, type StateValue } from './state.js';
import type { Evaluate, PureStepper } from './stepper.js';
import type { FloatArray, ParameterLike } from './types.js';

/** An objective on a flat vector: value, gradient, and optionally the Hessian (row-major n×n). */
export interface VectorObjective {
  value(x: ArrayLike<number>): number;
  gradient(x: ArrayLike<number>): ArrayLike<number>;
  hessian?(x: ArrayLike<number>): ArrayLike<number>;
}

/** Which optimizer to run: a registry name with options, or any pure stepper. */
export interface VectorRunOptions {
  /** A registry name (`adam`, `lbfgs`, `newton`, …) or a stepper (e.g. `lbfgs({...})`). */
  optimizer: string | PureStepper;
  /** Hyper-parameters for a registry optimizer (ignored for a stepper). */
  options?: Record<string, unknown>;
  start: ArrayLike<number>;
  /** Parameter dtype, default float64. */
  dtype?: 'float32' | 'float64';
}

/** `evaluate` for a single flat parameter array from an objective. */
export function evaluateVector(objective: VectorObjective): Evaluate {
  return (params) => {
    const x = params[0]!;
    const g = objective.gradient(x);
    return { loss: objective.value(x), grads: [x instanceof Float32Array ? Float32Array.from(g) : Float64Array.from(g)] };
  };
}

/** The stepper for a registry optimizer; Newton gets the objective's Hessian. */
function stepperFor(objective: VectorObjective, run: VectorRunOptions): PureStepper {
  if (typeof run.optimizer !== 'string') return run.optimizer;
  const entry = optimizerEntry(run.optimizer);
  const options = { ...(run.options ?? {}) };
  if (entry.kind === 'second-order' && options.hessian === undefined && options.hessianVectorProduct === undefined) {
    const hessian = objective.hessian?.bind(objective);
    if (!hessian) throw new Error(`${entry.displayName} needs the objective's Hessian`);
    options.hessian = (x: Float64Array) => hessian(x);
  }
  return entry.stepper(options);
}

/**
 * A stepping optimizer on a vector, for animation: `step()` advances one optimizer step and keeps
 * the history (points, losses, and states, so a player can scrub back).
 *
 * @example
 * const run = new VectorRun(rosenbrock(), { optimizer: 'adam', options: { learningRate: 0.05 }, start: [-1.5, 2] });
 * for (let i = 0; i < 100; i++) run.step();
 * run.points.at(-1);   // the current point
 */
export class VectorRun {
  readonly points: number[][] = [];
  readonly losses: number[] = [];
  readonly states: StateValue[] = [];
  private params: FloatArray[];
  private state: StateValue;
  private readonly stepper: PureStepper;
  private readonly evaluate: Evaluate;

  constructor(private readonly objective: VectorObjective, run: VectorRunOptions) {
    const x = run.dtype === 'float32' ? Float32Array.from(run.start) : Float64Array.from(run.start);
    this.stepper = stepperFor(objective, run);
    this.evaluate = evaluateVector(objective);
    this.params = [x];
    this.state = this.stepper.init(this.params);
    this.record();
  }

  /** The current point. */
  get x(): FloatArray {
    return this.params[0]!.slice();
  }

  /** Advances one step; returns the new point's loss. */
  step(): number {
    const r = this.stepper.step(this.params, this.state, this.evaluate);
    this.params = r.params;
    this.state = r.state;
    return this.record();
  }

  private record(): number {
    const x = this.params[0]!;
    const loss = this.objective.value(x);
    this.points.push(Array.from(x));
    this.losses.push(loss);
    this.states.push(cloneState(this.state));
    return loss;
  }
}

/** The result of {@link minimize}: every point and loss, start included. */
export interface Trajectory {
  points: number[][];
  losses: number[];
  /** The last point. */
  x: number[];
}

/**
 * Runs `steps` optimizer steps from `start` and returns the trajectory.
 *
 * @example
 * const { x } = minimize(rosenbrock(), { optimizer: 'lbfgs', options: { lineSearchFn: 'strong_wolfe' }, start: [-1.5, 2], steps: 20 });
 */
export function minimize(objective: VectorObjective, options: VectorRunOptions & { steps: number }): Trajectory {
  if (!Number.isInteger(options.steps) || options.steps < 0) throw new Error(`minimize: invalid steps: ${options.steps} (expected a non-negative integer)`);
  const run = new VectorRun(objective, options);
  for (let i = 0; i < options.steps; i++) run.step();
  return { points: run.points, losses: run.losses, x: run.points[run.points.length - 1]! };
}

/**
 * Wraps a plain array as a parameter for the façade classes (`new Adam([vectorParameter(x)])`);
 * the optimizer updates `x` in place.
 *
 * @example
 * const x = Float64Array.of(-1.5, 2);
 * const p = vectorParameter(x);
 * const opt = new Adam([p], { learningRate: 0.05 });
 * p.grad = { data: f.gradient(x) }; opt.step();
 */
export function vectorParameter(values: FloatArray): ParameterLike {
  return { data: values, grad: null, shape: [values.length] };
}
