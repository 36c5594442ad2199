/**
 * The settings a run takes from its data when the user leaves them out: the model (see
 * {@link autoModelSpec}), the number of epochs (enough updates to learn), and the learning rate
 * (the registry's recommendation for the optimizer and the problem's scale). `descent train` and `descent
 * compare` both use these, so the same dataset gets the same recipe from either command.
 */
import type { Dataset } from '../data/dataset.js';
import { OPTIMIZERS as REGISTRY, type OptimizerEntry } from '../optim/registry.js';
import type { HyperParameterSpec } from '../registry/spec.js';
import { autoModelSpec, featureCount, LOW_DIMENSIONAL_FEATURES } from './auto-model.js';
import { OPTIMIZER_NAMES, optimizerSpecs } from './optimizer-spec.js';
import { SpecError } from './spec-error.js';

/** The fewest epochs a default run trains (MNIST's 750 updates per epoch × 20 were always enough). */
export const MIN_DEFAULT_EPOCHS = 20;
/**
 * The fewest optimizer updates a default run makes: a small dataset gets more epochs until it has
 * this many (`spirals`: 160 training samples, batch 64 → 3 updates per epoch → 200 epochs).
 */
export const MIN_DEFAULT_UPDATES = 600;
/** The most epochs a default run trains (full-batch descent on tiny data would otherwise ask for 600). */
export const MAX_DEFAULT_EPOCHS = 1000;

/**
 * True for a small problem: low-dimensional samples (≤ {@link LOW_DIMENSIONAL_FEATURES} features), for
 * which the registry recommends its `small` learning rates.
 */
export function isSmallProblem(data: Dataset): boolean {
  return featureCount(data) <= LOW_DIMENSIONAL_FEATURES;
}

/**
 * Epochs for a run that gives none: at least {@link MIN_DEFAULT_EPOCHS}, and enough for `minUpdates`
 * updates (default {@link MIN_DEFAULT_UPDATES}), at most {@link MAX_DEFAULT_EPOCHS}.
 *
 * @example
 * defaultEpochs(160, 64);    // 200 (spirals: 3 updates per epoch)
 * defaultEpochs(48000, 64);  // 20 (MNIST: 750 updates per epoch)
 */
export function defaultEpochs(trainSamples: number, batchSize: number | 'full', minUpdates = MIN_DEFAULT_UPDATES): number {
  const perEpoch = batchSize === 'full' ? 1 : Math.max(1, Math.ceil(trainSamples / batchSize));
  return Math.min(MAX_DEFAULT_EPOCHS, Math.max(MIN_DEFAULT_EPOCHS, Math.ceil(minUpdates / perEpoch)));
}

/** The registry entry behind a command-line optimizer name (`momentum` and `nesterov` are SGD presets). */
function registryEntry(name: string, specs: readonly HyperParameterSpec[]): OptimizerEntry | undefined {
  // The presets share the registry entry's spec list, so the list identifies the entry.
  return REGISTRY.find((e) => e.hyperParameters === specs) ?? REGISTRY.find((e) => e.name === name);
}

/**
 * Every hyper-parameter an optimizer runs with: the registry defaults, then the options its name
 * implies (`momentum` is SGD with momentum 0.9), then `given`. Options without a default (null) are
 * left out unless given. Throws for an unknown optimizer name.
 *
 * @example
 * effectiveHyperParameters('momentum', { learningRate: 0.05 });
 * // { learningRate: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }
 */
export function effectiveHyperParameters(optimizer: string, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const o = cliOptimizer(optimizer);
  const out: Record<string, unknown> = {};
  for (const s of o.specs) if (s.default !== null) out[s.name] = s.default;
  return { ...out, ...o.preset, ...given };
}

/**
 * The learning rate a run uses when none is given: the registry's `recommendedLearningRate` for the
 * optimizer, its options and the problem's scale ({@link isSmallProblem}: SGD (1 or 0.1)·(1 −
 * momentum), the Adam family 1e-2 on small problems, …), or the optimizer's `learningRate` default
 * where the registry recommends none. `options` are the other options the run sets.
 *
 * @example
 * defaultLearningRate('sgd', {}, spirals());      // 1
 * defaultLearningRate('momentum', {}, spirals()); // 0.1 (momentum 0.9: the same effective step)
 * defaultLearningRate('sgd', {}, await loadMnist());  // 0.1
 * defaultLearningRate('adam', {}, await loadMnist()); // 0.001 (its default)
 */
export function defaultLearningRate(optimizer: string, options: Readonly<Record<string, unknown>>, data: Dataset): number {
  const o = cliOptimizer(optimizer);
  const all = effectiveHyperParameters(optimizer, options);
  const recommended = registryEntry(optimizer, o.specs)?.recommendedLearningRate?.(all, isSmallProblem(data) ? 'small' : 'large');
  // SGD recommends (1 − momentum) × its step: momentum ≥ 1 gave 0 (a run that never moved) or a
  // negative rate that the optimizer then refused, blaming a --learning-rate the user never gave.
  if (recommended !== undefined && !(recommended > 0)) {
    const momentum = all.momentum;
    const why = typeof momentum === 'number' && momentum >= 1
      ? `momentum ${momentum} is 1 or more, so the step chosen for it, proportional to (1 − momentum), is ${recommended} (and the steps of such momentum grow without bound)`
      : `the rate chosen for its options is ${recommended}`;
    throw new SpecError(`no learning rate can be chosen for ${optimizer}: ${why}; give --learning-rate${typeof momentum === 'number' && momentum >= 1 ? ', or a momentum below 1' : ''}`);
  }
  return recommended ?? (all.learningRate as number);
}

/** A command-line optimizer by name, or the error `createOptimizer` gives for an unknown one. */
function cliOptimizer(name: string): ReturnType<typeof optimizerSpecs>[number] {
  const o = optimizerSpecs().find((s) => s.name === name);
  if (!o) throw new SpecError(`unknown optimizer '${name}'; valid optimizers: ${OPTIMIZER_NAMES.join(', ')}`);
  return o;
}

/** What {@link trainingDefaults} needs to know about the run; `undefined` means "not given". */
export interface RunChoices {
  model?: string | undefined;
  epochs?: number | undefined;
  optimizer: string;
  hyperParameters: Readonly<Record<string, unknown>>;
  batchSize: number | 'full';
}

/** A run's model, epochs and optimizer options with the data's defaults filled in. */
export interface FilledChoices {
  model: string;
  epochs: number;
  hyperParameters: Record<string, unknown>;
  /** What was filled in, for the banner: `model mlp:2-32-32-2:tanh`, `200 epochs`, `learning rate 0.01`. */
  filled: string[];
}

/**
 * Fills in what the user left out from the training split `train`: the model
 * ({@link autoModelSpec}), the epochs ({@link defaultEpochs}) and the learning rate
 * ({@link defaultLearningRate}, written only when it differs from the optimizer's default, so a run
 * on MNIST records exactly what it always did). Record the result in the run's config so a resumed
 * run does not choose again.
 *
 * @example
 * trainingDefaults(spiralsTrain, { optimizer: 'adam', hyperParameters: {}, batchSize: 64 });
 * // { model: 'mlp:2-32-32-2:tanh', epochs: 200, hyperParameters: { learningRate: 0.01 }, filled: [...] }
 */
export function trainingDefaults(train: Dataset, choices: RunChoices): FilledChoices {
  const filled: string[] = [];
  const model = choices.model ?? autoModelSpec(train);
  if (choices.model === undefined) filled.push(`model ${model}`);
  const epochs = choices.epochs ?? defaultEpochs(train.length, choices.batchSize);
  if (choices.epochs === undefined) filled.push(`${epochs} epochs`);
  const hyperParameters = { ...choices.hyperParameters };
  if (hyperParameters.learningRate === undefined) {
    const rate = defaultLearningRate(choices.optimizer, hyperParameters, train);
    if (rate !== effectiveHyperParameters(choices.optimizer, hyperParameters).learningRate) {
      hyperParameters.learningRate = rate;
      filled.push(`learning rate ${rate}`);
    }
  }
  return { model, epochs, hyperParameters, filled };
}
