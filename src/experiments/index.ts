/**
 * Experiments: `compare` (a sweep of training configurations over seeds, with its report) and the
 * convergence lab (rates on problems with a known optimum, measured against theory).
 */
export * from './convergence/index.js';
export type { CompareTask, Configuration, EpochPoint, HyperValue, RunJob, RunProgress, RunResult } from './compare/types.js';
export { expandSweep, type OptimizerChoice, type SweepSpec } from './compare/sweep.js';
export { parseOptimizers, parseBatchSizes, parseLearningRates, parseSeeds, parseTarget, splitList, splitSpecList, parseHyperValue } from './compare/sweep-spec.js';
export { loadTaskData, autoModelSpec, type TaskData } from './compare/task-data.js';
export { runConfiguration, taskLoss } from './compare/run-configuration.js';
export { summarize, spread, firstReached, bandOverSeeds, type BandPoint, type ConfigurationSummary, type Spread, type TargetHit } from './compare/summary.js';
export { compareReport, compareTable, compareFigures, compareFiles, type CompareInfo } from './compare/report.js';
export { runPool, startWorker, type PoolOptions, type PoolResult, type ToWorker, type FromWorker } from './worker-pool.js';
export { serveJobs } from './serve-jobs.js';
export { parseTuneAxis, parseTuneAxes, gridSettings, randomSettings, formatSetting, type TuneAxis, type TuneScale, type TuneSetting } from './compare/tune-spec.js';
export { tuningPlan, chooseSettings, defaultTarget, type TuneOptions, type TuningPlan, type TuningCandidate, type CandidateScore, type TunedChoice, type TuningOutcome } from './compare/tuning.js';
export { tunedTable, tuningRunsTable, sensitivityFigures, timeToTargetFigures, tuningCsv, tuningConfig, chanceLoss } from './compare/tuning-report.js';
