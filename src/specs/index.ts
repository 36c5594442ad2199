/**
 * Run specifications by name — `mlp:784-256-10:relu`, `mnist`, `adam`, `cosine:tMax=20`, `polyak` —
 * the vocabulary shared by the command line, `compare` sweeps and JSON config files.
 */
export { buildModel, MODEL_SPEC_HELP, DEFAULT_MAX_PARAMETER_BYTES, type BuiltModel, type BuildModelOptions } from './model-spec.js';
export { loadDatasetSpec, heldOutSplit, DATASET_NAMES, type DatasetSpecOptions } from './dataset-spec.js';
export { lossByName, LOSS_NAMES, type LossName } from './loss-spec.js';
export { createOptimizer, optimizerSpecs, OPTIMIZER_NAMES } from './optimizer-spec.js';
export { createSchedule, SCHEDULE_NAMES } from './schedule-spec.js';
export { createAveraging, AVERAGING_NAMES } from './averaging-spec.js';
export { SpecError } from './spec-error.js';
