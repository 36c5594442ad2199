/**
 * descent's optimizers: each named optimizer is one definition (src/optim/definition.ts) from which
 * come its PyTorch-style class (parameter groups, name-keyed state dicts), its composable pure
 * transformation (Optax style) and its registry entry; the closure-driven LBFGS, Newton and lecture
 * Nesterov; the registry; a vector API for plain arrays.
 */
export type { Closure, FloatArray, NamedParameter, ParamGroupInput, ParameterLike, ParamsInput } from './types.js';
export {
  cloneState,
  stateEquals,
  stateFromJson,
  stateToJson,
  type JsonStateValue,
  type JsonTypedArray,
  type StateValue,
} from './state.js';
export {
  applyUpdates,
  applyUpdatesInPlace,
  chain,
  identity,
  mapUpdates,
  type GradientTransformation,
  type UpdateResult,
} from './transform.js';
export {
  transformationOf,
  transformationFactory,
  resolveHyper,
  type OptimizerDefinition,
  type OptimizerDocs,
  type OptimizerState,
  type ParamState,
  type ProblemScale,
} from './definition.js';
export type { HyperParameters, JsonTensor, Optimizer, OptimizerStateDict, OptimizerWithLearningRate, ParamGroup } from './optimizer.js';
export { DefinedOptimizer, optimizerClass, type DefinedOptimizerClass } from './defined-optimizer.js';
export { TransformOptimizer } from './transform-optimizer.js';
export { erasedStepper, stepperFromTransformation, type Evaluate, type PureStepper, type StepResult } from './stepper.js';
export { clipByGlobalNorm, clipByValue, clipGradNorm, clipGradValue, globalNorm } from './transforms/clip.js';
export { addDecayedWeights } from './transforms/weight-decay.js';
export { scaleByAdam, type ScaleByAdamOptions } from './transforms/scale-by-adam.js';
export { trace, type TraceOptions } from './transforms/trace.js';
export { scale, scaleByLearningRate, type CountState } from './transforms/scale.js';
export { fma } from '../numerics/fma.js';

export { SGD, sgd, sgdDefinition, type SGDOptions, type SGDState } from './optimizers/sgd.js';
export { Adam, adam, adamDefinition, AdamW, adamw, adamwDefinition, type AdamOptions, type AdamState, type AdamWOptions } from './optimizers/adam.js';
export { Adamax, adamax, adamaxDefinition, type AdamaxOptions, type AdamaxState } from './optimizers/adamax.js';
export { NAdam, nadam, nadamDefinition, type NAdamOptions, type NAdamState } from './optimizers/nadam.js';
export { RAdam, radam, radamDefinition, type RAdamOptions, type RAdamState } from './optimizers/radam.js';
export { RMSprop, rmsprop, rmspropDefinition, type RMSpropOptions, type RMSpropState } from './optimizers/rmsprop.js';
export { Adagrad, adagrad, adagradDefinition, type AdagradOptions, type AdagradState } from './optimizers/adagrad.js';
export { Adadelta, adadelta, adadeltaDefinition, type AdadeltaOptions, type AdadeltaState } from './optimizers/adadelta.js';
export { Rprop, rprop, rpropDefinition, type RpropOptions, type RpropState } from './optimizers/rprop.js';
export { ASGD, asgd, asgdDefinition, type ASGDOptions, type ASGDState } from './optimizers/asgd.js';
export { Lion, lion, lionDefinition, type LionOptions, type LionState } from './optimizers/lion.js';
export {
  ScheduleFreeOptimizer,
  hasTrainEvalModes,
  type ScheduleFreeAveraging,
  type ScheduleFreeDefinition,
  type ScheduleFreeState,
  type TrainEvalModes,
} from './optimizers/schedule-free.js';
export { SGDScheduleFree, sgdScheduleFree, sgdScheduleFreeDefinition, type SGDScheduleFreeOptions } from './optimizers/sgd-schedule-free.js';
export {
  AdamWScheduleFree,
  adamwScheduleFree,
  adamwScheduleFreeDefinition,
  type AdamWScheduleFreeOptions,
  type AdamWScheduleFreeState,
} from './optimizers/adamw-schedule-free.js';
export { Muon, muon, muonDefinition, newtonSchulz, type MuonOptions, type MuonState } from './optimizers/muon.js';
export { QuickProp, quickprop, quickpropDefinition, type QuickPropOptions, type QuickPropState } from './optimizers/quickprop.js';
export {
  LectureNesterov,
  lectureNesterovStepper,
  lectureNesterovDefinition,
  type LectureNesterovOptions,
  type LectureNesterovState,
} from './optimizers/nesterov.js';
export { LBFGS, lbfgsStepper, type LBFGSOptions, type LBFGSHyper, type LBFGSState } from './optimizers/lbfgs.js';
export { strongWolfe, cubicInterpolate } from './optimizers/line-search.js';
export { Newton, newtonStepper, type NewtonOptions, type NewtonState, type HessianFn, type HessianVectorProductFn } from './optimizers/newton.js';
export { solveLinear } from './linear-solve.js';

export {
  OPTIMIZERS,
  firstOrderEntry,
  optimizerByClassName,
  optimizerEntry,
  optimizerHyperParameters,
  type OptimizerEntry,
  type OptimizerFactory,
  type OptimizerKind,
} from './registry.js';
export { minimize, VectorRun, evaluateVector, vectorParameter, type Trajectory, type VectorObjective, type VectorRunOptions } from './vector.js';
