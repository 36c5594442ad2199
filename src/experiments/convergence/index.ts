/** The convergence lab: experiments with known optima, fitted rates vs theory, and their report. */
export type { Check, Curve, ExperimentOptions, ExperimentResult } from './types.js';
export { check } from './types.js';
export { fitLine, fitLogSlope, fittedCurve, type LineFit } from './fit-slope.js';
export { spectrum, stackedQuadratic, meanGap, noisyGradient, type StackedQuadratic } from './quadratic-problem.js';
export { descend, thin, type DescendOptions, type DescendTrace } from './descend.js';
export { slopeStudy, type SlopeStudyOptions } from './slope-study.js';
export { gdConditionExperiment } from './gd-condition.js';
export { gdStepSizeExperiment } from './gd-step-size.js';
export { sgdStepDecayExperiment } from './sgd-step-decay.js';
export { sgdAveragingExperiment } from './sgd-averaging.js';
export { minibatchVarianceExperiment } from './minibatch-variance.js';
export { momentumExperiment } from './momentum.js';
export { EXPERIMENTS, EXPERIMENT_NAMES, selectExperiments, type ExperimentEntry } from './experiments.js';
export { checksTable, convergenceFigures, convergenceReport } from './report.js';
