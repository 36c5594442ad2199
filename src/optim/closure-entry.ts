/**
 * The registry entry of a closure-driven optimizer (LBFGS, Newton, the lecture's Nesterov): they have
 * no Optax-style transformation (they evaluate the objective where they choose), so their entry
 * names the class and the pure stepper directly.
 */
import type { OptimizerDocs } from './definition.js';
import type { OptimizerEntry, OptimizerKind } from './registry.js';
import type { HyperParameterSpec } from '../registry/spec.js';
import { erasedStepper, type PureStepper } from './stepper.js';
import type { StateValue } from './state.js';
import type { OptimizerWithLearningRate } from './optimizer.js';
import type { ParamsInput } from './types.js';

/** What a closure-driven optimizer's entry is made of. */
export interface ClosureOptimizer<S extends StateValue> extends OptimizerDocs {
  /** The class name (`LBFGS`). */
  readonly name: string;
  readonly kind: Exclude<OptimizerKind, 'first-order'>;
  readonly hyperParameters: readonly HyperParameterSpec[];
  create(params: ParamsInput, options: Record<string, unknown>): OptimizerWithLearningRate;
  stepper(options: Record<string, unknown>): PureStepper<S>;
}

/** The registry entry of a closure-driven optimizer. */
export function closureEntry<S extends StateValue>(o: ClosureOptimizer<S>): OptimizerEntry {
  return {
    name: o.key,
    displayName: o.name,
    summary: o.summary,
    paper: o.paper,
    hyperParameters: o.hyperParameters,
    create: (params, options = {}) => o.create(params, options),
    kind: o.kind,
    pytorch: o.pytorch,
    stepper: (options = {}) => erasedStepper(o.stepper(options)),
  };
}
