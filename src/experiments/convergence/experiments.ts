/** Every experiment of the convergence lab, by name, in the order the report shows them. */
import { gdConditionExperiment } from './gd-condition.js';
import { gdStepSizeExperiment } from './gd-step-size.js';
import { minibatchVarianceExperiment } from './minibatch-variance.js';
import { momentumExperiment } from './momentum.js';
import { sgdAveragingExperiment } from './sgd-averaging.js';
import { sgdStepDecayExperiment } from './sgd-step-decay.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';

/** A runnable experiment with a one-line summary. */
export interface ExperimentEntry {
  name: string;
  summary: string;
  run(options?: ExperimentOptions): ExperimentResult;
}

/** The lab: batch GD rates and step sizes, SGD step decay and averaging, mini-batch noise, momentum. */
export const EXPERIMENTS: readonly ExperimentEntry[] = [
  { name: 'gd-condition-number', summary: 'batch GD on quadratics with κ = 10, 100, 1000: linear rate 1 − 2/(κ+1)', run: gdConditionExperiment },
  { name: 'gd-step-size', summary: 'batch GD with steps up to and beyond 2/λmax: divergence', run: gdStepSizeExperiment },
  { name: 'sgd-step-decay', summary: 'SGD with η_k ∝ 1/k (O(1/k)) and with a constant step (noise floor)', run: sgdStepDecayExperiment },
  { name: 'sgd-averaging', summary: 'SGD with Polyak and polynomial-decay averaging vs the last iterate', run: sgdAveragingExperiment },
  { name: 'minibatch-variance', summary: 'variance of the batch loss and gradient ∝ 1/b, measured vs predicted', run: minibatchVarianceExperiment },
  { name: 'momentum', summary: 'heavy-ball and Nesterov momentum vs GD on an ill-conditioned quadratic', run: momentumExperiment },
];

/** The names of the lab's experiments. */
export const EXPERIMENT_NAMES: readonly string[] = EXPERIMENTS.map((e) => e.name);

/**
 * The experiments named (all when `names` is empty); unknown names throw with the valid list.
 *
 * @example
 * selectExperiments(['momentum']).map((e) => e.run({ quick: true }));
 */
export function selectExperiments(names: readonly string[]): ExperimentEntry[] {
  if (names.length === 0) return [...EXPERIMENTS];
  return names.map((n) => {
    const e = EXPERIMENTS.find((x) => x.name === n);
    if (!e) throw new Error(`unknown experiment '${n}'; valid experiments: ${EXPERIMENT_NAMES.join(', ')}`);
    return e;
  });
}
