/**
 * Iterate averaging: Polyak, polynomial-decay, EMA and SWA as pure functions over plain-data state keyed
 * by parameter name; evaluation with averaged weights that leaves the live weights untouched (for an nn
 * Module, with the BatchNorm statistics recomputed for the averages, as SWA needs); exact JSON checkpoints.
 */
export {
  makeAverager,
  parameterEntries,
  checkSameParameters,
  type Averager,
  type AveragingState,
  type NamedParameters,
  type ParameterArray,
} from './averager.js';
export { polyak } from './polyak.js';
export { polynomialDecay, polynomialDecayHyperParameters, type PolynomialDecayOptions } from './polynomial-decay.js';
export { ema, emaHyperParameters, type EMAOptions } from './ema.js';
export { swa, swaAvgFn, emaAvgFn, type AvgFn, type SWAOptions } from './swa.js';
export { withAveragedWeights, type WithAveragedWeightsOptions, type RestorableArray } from './evaluate.js';
export { withAveragedModule, moduleParameters, type WithAveragedModuleOptions, type AveragedModule } from './module.js';
export { averagingStateToJSON, averagingStateFromJSON, type AveragingStateJSON } from './serialize.js';
