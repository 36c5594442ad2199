/**
 * The whole network-lab configuration (data, features, model, loss, optimizers, schedule, batch,
 * averaging) with its defaults and its validation. The URL, the worker and the tests share it.
 */
import { OPTIMIZERS } from '../../src/index.js';
import { displayName, pageDefaults, type OptionValue } from '../surfaces/optimizer-defaults.js';
import { dataProblem, isRegression, type DataSpec } from './datasets.js';
import { featureProblem, type FeatureName } from './features.js';
import { modelProblem, type ModelSpec } from './model-spec.js';

/** The losses: cross-entropy on the logit, MSE on ±1 targets (or the value), hinge on ±1. */
export const LOSSES = ['cross-entropy', 'mse', 'hinge'] as const;
export type LossName = (typeof LOSSES)[number];

/** Learning-rate schedules from descent's registry the lab offers (over the step cap). */
export const SCHEDULES = ['constant', 'cosine', 'exponential', 'step'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** Iterate averaging: an exponential moving average (decay 0.99) or SWA's running mean (second half of the run). */
export const AVERAGINGS = ['none', 'ema', 'swa'] as const;
export type AveragingName = (typeof AVERAGINGS)[number];

/** One optimizer of a race: its registry name and options. */
export interface RunSpec {
  optimizer: string;
  options: Record<string, OptionValue>;
}

/**
 * Learning rates that train the lab's small networks in a few thousand steps (the surfaces page's
 * rates are made for 2-D functions; SGD's registry default 1e-3 barely moves a network).
 */
const LAB_LEARNING_RATES: Readonly<Record<string, number>> = {
  sgd: 0.3, adam: 0.03, adamw: 0.03, adamax: 0.03, nadam: 0.03, radam: 0.03, 'adamw-schedule-free': 0.03,
  'lecture-nesterov': 0.05, quickprop: 0.01, muon: 0.03,
};

/** The lab's starting options for optimizer `name`: the registry's defaults with a lab learning rate. */
export function labDefaults(name: string): Record<string, OptionValue> {
  const options = pageDefaults(name);
  const lr = LAB_LEARNING_RATES[name];
  if (lr !== undefined) options.learningRate = lr;
  return options;
}

/** Everything the lab needs to build and train its networks. */
export interface LabConfig {
  data: DataSpec;
  features: FeatureName[];
  model: ModelSpec;
  loss: LossName;
  /** One optimizer, or two to four racing. */
  runs: RunSpec[];
  schedule: ScheduleName;
  /** Mini-batch size; 0 or ≥ the training set size means full batch. */
  batchSize: number;
  /** L2 penalty λ/2·‖W‖² on the weights, the same for every optimizer. */
  weightDecay: number;
  averaging: AveragingName;
  /** Seed of the initial weights and of the batch order (the data has its own seed). */
  seed: number;
  /** Runs stop here. */
  maxSteps: number;
}

/** The first visit: spirals, a 2 × 16 tanh network, Adam. */
export function defaultConfig(): LabConfig {
  return {
    data: { dataset: 'spirals', samples: 400, noise: 0.03, heldOut: 0.3, seed: 1 },
    features: ['x', 'y'],
    model: { hidden: [16, 16, 16], activations: ['tanh', 'tanh', 'tanh'], norm: 'none', dropout: 0, init: 'xavier' },
    loss: 'cross-entropy',
    runs: [{ optimizer: 'adam', options: labDefaults('adam') }],
    schedule: 'constant',
    batchSize: 32,
    weightDecay: 0,
    averaging: 'none',
    seed: 0,
    maxSteps: 4000,
  };
}

/** What is wrong with `config`, in words naming the field, or null. */
export function configProblem(config: LabConfig): string | null {
  const data = dataProblem(config.data);
  if (data) return data;
  const features = featureProblem(config.features);
  if (features) return features;
  const model = modelProblem(config.model);
  if (model) return model;
  if (!(LOSSES as readonly string[]).includes(config.loss)) return `unknown loss '${config.loss}' (one of ${LOSSES.join(', ')})`;
  if (isRegression(config.data.dataset) && config.loss !== 'mse') return `regression needs the MSE loss (${config.loss} is for classes)`;
  if (config.runs.length < 1 || config.runs.length > 4) return `one to four optimizers, got ${config.runs.length}`;
  for (const r of config.runs) {
    const entry = OPTIMIZERS.find((e) => e.name === r.optimizer);
    if (!entry) return `unknown optimizer '${r.optimizer}'`;
    if (entry.kind === 'second-order') return `${entry.displayName} needs the full Hessian: not offered in the network lab`;
  }
  if (!(SCHEDULES as readonly string[]).includes(config.schedule)) return `unknown schedule '${config.schedule}' (one of ${SCHEDULES.join(', ')})`;
  if (!Number.isInteger(config.batchSize) || config.batchSize < 0) return `batch size must be an integer ≥ 0 (0 = full batch), got ${config.batchSize}`;
  if (!(config.weightDecay >= 0 && config.weightDecay <= 1)) return `weight decay must be in [0, 1], got ${config.weightDecay}`;
  if (!(AVERAGINGS as readonly string[]).includes(config.averaging)) return `unknown averaging '${config.averaging}' (one of ${AVERAGINGS.join(', ')})`;
  if (!Number.isInteger(config.maxSteps) || config.maxSteps < 1 || config.maxSteps > 100_000) return `step cap must be an integer in [1, 100000], got ${config.maxSteps}`;
  if (!Number.isFinite(config.seed)) return `seed must be a number, got ${config.seed}`;
  return null;
}

/**
 * A hint when a closure optimizer (L-BFGS: line search and curvature pairs built on one fixed
 * function) is given mini-batches, where each step sees a different loss and it soon diverges;
 * null when every run is fine.
 */
export function fullBatchNote(config: LabConfig): string | null {
  const train = Math.round(config.data.samples * (1 - config.data.heldOut));
  if (config.batchSize === 0 || config.batchSize >= train) return null;
  const closure = config.runs.filter((r) => OPTIMIZERS.find((e) => e.name === r.optimizer)?.kind === 'closure');
  if (closure.length === 0) return null;
  const names = [...new Set(closure.map((r) => displayName(r.optimizer)))].join(', ');
  return `${names} needs the full-batch loss (its line search and curvature estimates assume the same function every step): with mini-batches of ${config.batchSize} it soon diverges. Set batch to 0 (full batch).`;
}
