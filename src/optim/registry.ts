/**
 * The registry of optimizers: name, documentation, hyper-parameters (default, range, log scale,
 * doc), paper, and factories for the class, the pure transformation and the pure stepper. The CLI
 * flags, the playground's controls and the conformance test are generated from it, so a new
 * optimizer appears everywhere at once. A first-order optimizer's entry comes from its definition
 * (one line below); the closure-driven ones (LBFGS, Newton, the lecture's Nesterov) write theirs.
 */
import type { HyperParameterSpec, RegistryEntry } from '../registry/spec.js';
import { closestName } from '../registry/validate.js';
import type { DefinedOptimizerClass } from './defined-optimizer.js';
import { transformationOf, type OptimizerDocs, type ParamState } from './definition.js';
import type { HyperParameters, OptimizerWithLearningRate } from './optimizer.js';
import { Adadelta } from './optimizers/adadelta.js';
import { Adagrad } from './optimizers/adagrad.js';
import { Adam, AdamW } from './optimizers/adam.js';
import { Adamax } from './optimizers/adamax.js';
import { AdamWScheduleFree } from './optimizers/adamw-schedule-free.js';
import { ASGD } from './optimizers/asgd.js';
import { lbfgsEntry } from './optimizers/lbfgs.js';
import { Lion } from './optimizers/lion.js';
import { Muon } from './optimizers/muon.js';
import { NAdam } from './optimizers/nadam.js';
import { lectureNesterovEntry } from './optimizers/nesterov.js';
import { newtonEntry } from './optimizers/newton.js';
import { QuickProp } from './optimizers/quickprop.js';
import { RAdam } from './optimizers/radam.js';
import { RMSprop } from './optimizers/rmsprop.js';
import { Rprop } from './optimizers/rprop.js';
import { SGD } from './optimizers/sgd.js';
import { SGDScheduleFree } from './optimizers/sgd-schedule-free.js';
import type { StateValue } from './state.js';
import { stepperFromTransformation, type PureStepper } from './stepper.js';
import type { GradientTransformation } from './transform.js';
import type { ParamsInput } from './types.js';

export type { ProblemScale } from './definition.js';

/** Builds the class: `create(params, options)`. Every group has a (writable) learning rate. */
export type OptimizerFactory = (params: ParamsInput, options?: Record<string, unknown>) => OptimizerWithLearningRate;

/**
 * How an optimizer is driven:
 * - `first-order`: `backward()` then `step()` (a closure is optional);
 * - `closure`: `step(closure)` is required (it evaluates the objective where it chooses);
 * - `second-order`: `step(closure)` plus a `hessian` or `hessianVectorProduct` option.
 */
export type OptimizerKind = 'first-order' | 'closure' | 'second-order';

/** One registry entry. */
export interface OptimizerEntry extends RegistryEntry<OptimizerFactory> {
  kind: OptimizerKind;
  /** True for the `torch.optim` classes that the parity checker compares with PyTorch. */
  pytorch: boolean;
  /** The pure form of one step (for every kind). */
  stepper(options?: Record<string, unknown>): PureStepper<StateValue>;
  /** The Optax-style transformation (first-order optimizers only). */
  transformation?(options?: Record<string, unknown>): GradientTransformation<StateValue>;
  /** See {@link OptimizerDocs.recommendedLearningRate}. */
  recommendedLearningRate?: OptimizerDocs['recommendedLearningRate'];
}

/**
 * The entry of a first-order optimizer, from its class's definition: the class, its pure
 * transformation, and the stepper that evaluates once and applies the transformation.
 */
export function firstOrderEntry<H extends HyperParameters & { learningRate: number }, S extends ParamState>(Class: DefinedOptimizerClass<object, H, S>): OptimizerEntry {
  const def = Class.definition;
  const transformation = (options: Record<string, unknown> = {}): GradientTransformation<StateValue> => transformationOf(def, options);
  return {
    name: def.key,
    displayName: def.name,
    summary: def.summary,
    paper: def.paper,
    hyperParameters: def.hyperParameters,
    create: (params, options = {}) => new Class(params, options),
    kind: 'first-order',
    pytorch: def.pytorch,
    transformation,
    stepper: (options = {}) => stepperFromTransformation(transformation(options)),
    ...(def.recommendedLearningRate ? { recommendedLearningRate: def.recommendedLearningRate } : {}),
  };
}

/** Every optimizer, in the order the playground lists them. */
export const OPTIMIZERS: readonly OptimizerEntry[] = [
  firstOrderEntry(SGD),
  firstOrderEntry(Adam),
  firstOrderEntry(AdamW),
  firstOrderEntry(Adamax),
  firstOrderEntry(NAdam),
  firstOrderEntry(RAdam),
  firstOrderEntry(RMSprop),
  firstOrderEntry(Adagrad),
  firstOrderEntry(Adadelta),
  firstOrderEntry(Rprop),
  firstOrderEntry(ASGD),
  lbfgsEntry,
  firstOrderEntry(Lion),
  firstOrderEntry(SGDScheduleFree),
  firstOrderEntry(AdamWScheduleFree),
  firstOrderEntry(Muon),
  firstOrderEntry(QuickProp),
  lectureNesterovEntry,
  newtonEntry,
];

/**
 * The entry called `name` (the registry key, e.g. `adam`, or the class name, e.g. `Adam`);
 * throws with the closest valid name for a typo.
 *
 * @example
 * const opt = optimizerEntry('adam').create(model.namedParameters(), { learningRate: 1e-3 });
 */
export function optimizerEntry(name: string): OptimizerEntry {
  const entry = OPTIMIZERS.find((e) => e.name === name || e.displayName === name) ?? OPTIMIZERS.find((e) => e.name === name.toLowerCase());
  if (entry) return entry;
  const hint = closestName(name, OPTIMIZERS.map((e) => e.name));
  throw new Error(`unknown optimizer '${name}'${hint ? `; did you mean '${hint}'?` : '.'} Valid optimizers: ${OPTIMIZERS.map((e) => e.name).join(', ')}`);
}

/** The façade factory for a class name as PyTorch spells it (`Adam`, `RMSprop`), or undefined. */
export function optimizerByClassName(className: string): OptimizerFactory | undefined {
  return OPTIMIZERS.find((e) => e.displayName === className)?.create;
}

/** The hyper-parameter specs of an optimizer (for CLI flags and sliders). */
export function optimizerHyperParameters(name: string): readonly HyperParameterSpec[] {
  return optimizerEntry(name).hyperParameters;
}
