/**
 * Pure steppers: one optimization step as a function of (params, state, evaluate), for every
 * optimizer including those that evaluate the objective themselves (LBFGS, Newton, the lecture's
 * Nesterov). Nothing passed in is mutated, so a trajectory can be replayed and scrubbed, and the
 * same code drives 2-D playground trajectories and conformance tests.
 */
import type { Evaluate } from './flat.js';
import type { StateValue } from './state.js';
import { applyUpdates, type GradientTransformation } from './transform.js';
import type { FloatArray } from './types.js';

export type { Evaluate } from './flat.js';

/** The result of one pure step: new parameters, new state, and the loss at the old parameters. */
export interface StepResult<S> {
  params: FloatArray[];
  state: S;
  /** The loss the step started from (what `optimizer.step(closure)` returns). */
  loss: number;
}

/**
 * One optimizer as a pure step function.
 *
 * @example
 * const st = registryEntry('adam').stepper({ learningRate: 0.1 });
 * let params = [Float64Array.of(-1.5, 2)], state = st.init(params);
 * ({ params, state } = st.step(params, state, evaluate));
 */
export interface PureStepper<S extends StateValue = StateValue> {
  readonly name: string;
  init(params: readonly FloatArray[]): S;
  step(params: readonly FloatArray[], state: S, evaluate: Evaluate): StepResult<S>;
}

/**
 * A gradient transformation as a stepper: evaluate once, transform the gradient, add the updates.
 *
 * @example
 * const st = stepperFromTransformation(chain(clipByGlobalNorm(1), adam()));
 */
export function stepperFromTransformation<S extends StateValue>(tx: GradientTransformation<S>): PureStepper<S> {
  return {
    name: tx.name,
    init: (params) => tx.init(params),
    step(params, state, evaluate) {
      const { loss, grads } = evaluate(params);
      const { updates, state: next } = tx.update(grads, state, params);
      return { params: applyUpdates(params, updates), state: next, loss };
    },
  };
}

/**
 * A stepper as the registry holds it, its state type forgotten. Safe because a stepper only ever
 * receives the state its own `init` or `step` returned.
 */
export function erasedStepper<S extends StateValue>(stepper: PureStepper<S>): PureStepper<StateValue> {
  return {
    name: stepper.name,
    init: (params) => stepper.init(params),
    step: (params, state, evaluate) => stepper.step(params, state as S, evaluate),
  };
}
