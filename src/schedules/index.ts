/**
 * Learning-rate schedules: plain objects `{ value(step), … }` with PyTorch 1.13's numerics, whose
 * momentum cycling and SequentialLR / ChainedScheduler behaviour are explicit fields; ReduceLROnPlateau
 * as pure functions over plain-data state; a registry of all of them; and {@link applySchedule}, which
 * writes scheduled values into any optimizer's parameter groups (the pure side is
 * {@link scaleByLearningRate}).
 */
export {
  type Schedule,
  type MomentumSchedule,
  type ChainableForm,
  isSchedule,
  hasMomentum,
  chainableForm,
  checkStep,
  checkedStepFunction,
  closedForm,
  recurrence,
  chainableRecurrence,
  restartedRecurrence,
  factorRecurrence,
} from './schedule.js';
export { constantSchedule, constantScheduleHyperParameters, type ConstantScheduleOptions } from './constant.js';
export { inverseTimeDecay, inverseTimeDecayHyperParameters, type InverseTimeDecayOptions } from './inverse-time-decay.js';
export { stepLR, stepLRHyperParameters, type StepLROptions } from './step-lr.js';
export { multiStepLR, multiStepLRHyperParameters, type MultiStepLROptions } from './multi-step-lr.js';
export { exponentialLR, exponentialLRHyperParameters, type ExponentialLROptions } from './exponential-lr.js';
export { cosineAnnealingLR, cosineAnnealingLRHyperParameters, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export {
  cosineAnnealingWarmRestarts,
  cosineAnnealingWarmRestartsHyperParameters,
  type CosineAnnealingWarmRestartsOptions,
} from './cosine-annealing-warm-restarts.js';
export { linearLR, linearLRHyperParameters, type LinearLROptions } from './linear-lr.js';
export { constantLR, constantLRHyperParameters, type ConstantLROptions } from './constant-lr.js';
export { polynomialLR, polynomialLRHyperParameters, type PolynomialLROptions } from './polynomial-lr.js';
export { oneCycleLR, oneCycleLRHyperParameters, annealCos, annealLinear, type OneCycleLROptions } from './one-cycle-lr.js';
export { cyclicLR, cyclicLRHyperParameters, type CyclicLROptions } from './cyclic-lr.js';
export { type LambdaFactorOptions } from './lambda-factor.js';
export { lambdaLR, lambdaLRHyperParameters, type LambdaLROptions } from './lambda-lr.js';
export { multiplicativeLR, multiplicativeLRHyperParameters, type MultiplicativeLROptions } from './multiplicative-lr.js';
export { parseLambda } from './lambda-expression.js';
export { joinSchedules, sequentialLR, type SequentialLROptions } from './sequential.js';
export { chainedScheduler, isChainedScheduler, type ChainedSchedulerOptions } from './chained.js';
export { warmup, warmupHyperParameters, type WarmupOptions } from './warmup.js';
export { swaLR, swaLRHyperParameters, type SWALROptions } from './swalr.js';
export {
  reduceLROnPlateau,
  reduceLROnPlateauHyperParameters,
  type ReduceLROnPlateauOptions,
  type PlateauScheduler,
} from './reduce-lr-on-plateau.js';
export { loadPlateauState, type PlateauState } from './plateau-state.js';
export { applySchedule, applyPlateauState, type SchedulableOptimizer, type SchedulableParamGroup } from './apply.js';
export { scheduleRegistry, findSchedule, type ScheduleRegistryEntry, type StepScheduleEntry, type MetricScheduleEntry, type StructuredOption } from './registry.js';
export { scheduleFromPyTorch, plateauFromPyTorch, camelCaseName } from './from-pytorch.js';
export { resolveScheduleOptions, readScheduleOptions, LEARNING_RATE_SPEC, type ResolvedScheduleOptions } from './options.js';
