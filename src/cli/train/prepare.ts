/**
 * Everything `descent train` builds before it writes a byte: model, data, splits, optimizer,
 * schedule, averaging, augmentation — and one batch through the model (in `noGrad`, eval mode, so
 * no state or random stream moves) to check that model, data and loss fit together. Every failure
 * here is a usage error naming the config key and, when it came from a file, the file.
 */
import { DataLoader } from '../../data/data-loader.js';
import type { Dataset } from '../../data/dataset.js';
import { randomShift, type Augmentation } from '../../data/augment.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { manualSeed, Random } from '../../tensor/random.js';
import { formatShape } from '../../tensor/shape.js';
import type { FitOptions } from '../../train/fit.js';
import type { LossFunction } from '../../train/types.js';
import { buildModel, type BuiltModel } from '../../specs/model-spec.js';
import { autoModelSpec } from '../../specs/auto-model.js';
import { trainingDefaults } from '../../specs/training-defaults.js';
import { loadPyTorchWeights } from '../../interop/pytorch-weights.js';
import { heldOutSplit, loadDatasetSpec } from '../../specs/dataset-spec.js';
import { lossByName } from '../../specs/loss-spec.js';
import { createOptimizer } from '../../specs/optimizer-spec.js';
import { createSchedule } from '../../specs/schedule-spec.js';
import { createAveraging } from '../../specs/averaging-spec.js';
import type { TrainableOptimizer } from '../../train/types.js';
import { asUsage, asUsageSync, UsageError, type UsageLocation } from '../usage-error.js';
import type { TrainConfig } from '../../train/run-config.js';
import type { ResolvedTrainConfig } from '../config/resolve-train-config.js';
import { fingerprintDataset, verifyDatasetFingerprint, withoutDataContents } from '../data-fingerprint.js';

/** The objects a run trains with, all checked against each other. */
export interface PreparedRun {
  built: BuiltModel;
  splits: { train: Dataset; test: Dataset };
  loader: DataLoader;
  optimizer: TrainableOptimizer;
  loss: LossFunction;
  /** The fit options that follow from the config (schedule, averaging, augmentation, clipping, early stopping). */
  fitOptions: Partial<FitOptions>;
  /** The augmentation actually used, for the banner (`shift:2` for `auto` on digits). */
  augmentLabel: string | null;
  /** What was chosen from the data because the user left it out (`learning rate 0.01`), for the banner. */
  filled: string[];
}

/** Builds and checks everything a run needs; writes nothing. */
export async function prepareRun(resolved: ResolvedTrainConfig): Promise<PreparedRun> {
  const { config, where } = resolved;
  manualSeed(config.seed);
  const random = new Random(config.seed);
  const modelLocation = (): string | UsageLocation => (where.model ? where.model : { where: `model ${config.model}`, unlessMentioned: config.model });
  const build = (): BuiltModel => asUsageSync(modelLocation(), () => buildModel(config.model, random, { maxParameterBytes: config.maxParameterBytes }));
  // `auto` is resolved from the data (an MLP on flat features), so the data comes first then.
  const given = config.model === 'auto' ? null : build();
  // A reader's error (say a bare EISDIR) may not name the dataset: the location does.
  const dataLocation = where.dataset ? where.dataset : { where: `dataset ${config.dataset}`, unlessMentioned: config.dataset };
  // A new run records its data files; a resumed one checks them before parsing a byte of them.
  let check: 'verified' | 'unverified' = 'verified';
  if (resolved.resumeDir === null) {
    config.datasetFingerprint = await asUsage(dataLocation, () => fingerprintDataset(config.dataset));
  } else {
    check = await verifyDatasetFingerprint(config.dataset, config.datasetFingerprint, {
      command: 'descent train',
      where: where.dataset,
      remedy: 'restore the original data, or train a new run on this data (--out <new folder>)',
    });
  }
  const load = (): Promise<Dataset> => loadDatasetSpec(config.dataset, { seed: config.seed, imageLayout: given?.inputShape.length === 3, task: config.task, classes: config.classes });
  const full = await asUsage(dataLocation, () =>
    check === 'verified' ? load() : withoutDataContents('open the file to see what is wrong, or train a new run on it with --dataset', load));
  // A new run records the names of its classes (in their index order) in config.json, before
  // training: eval and resume read labels through them, so class k stays class k in other files.
  // A resumed run written before the key existed keeps null (its names were sorted, as they still are).
  if (resolved.resumeDir === null && full.classNames) config.classes = [...full.classNames];
  const splits = asUsageSync(where.testFraction, () => heldOutSplit(full, config.testFraction, config.seed));
  // What a new run leaves out (model, epochs, learning rate) comes from the data and is written to
  // config.json before training, so a resumed run keeps it and never chooses again.
  let filled: string[] = [];
  if (resolved.resumeDir === null) {
    const choices = trainingDefaults(splits.train, {
      model: given ? config.model : undefined,
      epochs: resolved.given.has('epochs') ? config.epochs : undefined,
      optimizer: config.optimizer,
      hyperParameters: config.hyperParameters,
      batchSize: config.batchSize,
    });
    Object.assign(config, { model: choices.model, epochs: choices.epochs, hyperParameters: choices.hyperParameters });
    filled = choices.filled;
    // Schedule-Free optimizers replace the schedule (their averaging plays its part): no decay on top.
    if (!resolved.given.has('schedule') && config.optimizer.endsWith('-schedule-free')) {
      config.schedule = 'constant';
      filled.push('constant schedule (Schedule-Free)');
    }
  } else if (!given) {
    config.model = autoModelSpec(splits.train);
  }
  const built = given ?? build();
  const model = built.model;
  // Starting weights (e.g. PyTorch's): names and shapes checked. A resumed run's come from its checkpoint.
  if (config.init !== null && resolved.resumeDir === null) {
    const init = config.init;
    // A checkpoint's .json is the likeliest mistake: read as safetensors, its first 8 bytes made a
    // "header length 8386104319403238000" that said nothing of what to give instead.
    if (init.toLowerCase().endsWith('.json')) {
      throw new UsageError(`--init ${init}: expected a .safetensors weights file, got a .json (a checkpoint?): to start from a run's weights, export them first: descent export ${init}`);
    }
    await asUsage(where.init ?? `--init ${init}`, () => loadPyTorchWeights(model, init));
  }
  const optimizer = asUsageSync(where.hyperParameters ?? where.optimizer, () => createOptimizer(config.optimizer, model.namedParameters(), config.hyperParameters));
  const loader = asUsageSync(where.batchSize, () => new DataLoader(splits.train, { batchSize: config.batchSize, seed: config.seed }));
  // With 0 epochs nothing is scheduled, but a schedule's period cannot be 0: build it for one epoch.
  const scheduleOption = asUsageSync(where.schedule, () => createSchedule(config.schedule, optimizer, Math.max(1, config.epochs)));
  const averagingOption = asUsageSync(where.averaging, () => createAveraging(config.averaging));
  const { augment, label } = asUsageSync(where.augment, () => createAugmentation(config.augment, config.dataset, splits.train));
  const loss = lossByName(config.loss);
  checkModelFitsData(config, built, splits.train, loss);
  const fitOptions: Partial<FitOptions> = {
    bestMetric: config.bestMetric,
    ...(scheduleOption ?? {}),
    ...(averagingOption ?? {}),
    ...(augment ? { augment } : {}),
    ...(config.clipGradNorm !== null ? { clipGradNorm: config.clipGradNorm } : {}),
    ...(config.earlyStoppingPatience !== null ? { earlyStopping: { patience: config.earlyStoppingPatience } } : {}),
    ...(config.sharpnessEvery !== null ? { sharpness: { every: config.sharpnessEvery } } : {}),
  };
  return { built, splits, loader, optimizer, loss, fitOptions, augmentLabel: label, filled };
}

/**
 * One small batch through the model and the loss, in eval mode under `noGrad`: no gradient, no
 * running statistic, no random number is touched, so the run that follows is the same bits as one
 * without the check.
 */
function checkModelFitsData(config: TrainConfig, built: BuiltModel, train: Dataset, loss: LossFunction): void {
  const sample = formatShape(train.sampleShape);
  const expected = formatShape(built.inputShape);
  const problem = `model ${config.model} does not fit dataset ${config.dataset}`;
  if (train.numClasses !== null && config.loss === 'cross-entropy' && built.outputs < train.numClasses) {
    throw new UsageError(`${problem}: it has ${built.outputs} output${built.outputs === 1 ? '' : 's'} but the data has ${train.numClasses} classes (use ${built.outputs === 10 ? 'a model' : 'an mlp'} whose last size is ${train.numClasses})`);
  }
  // The loss and the kind of target first: otherwise the batch below fails inside the loss, and the
  // message reads as a shape mismatch between shapes that are equal ([4,1] vs [4,1]).
  if (train.numClasses === null && config.loss === 'cross-entropy') {
    throw new UsageError(`${problem}: its targets are real values (regression) but the loss is cross-entropy, which needs class labels: use --loss mse`);
  }
  if (train.numClasses !== null && config.loss === 'mse') {
    throw new UsageError(`${problem}: the loss mse compares outputs with real-valued targets, but the data has class labels: use --loss cross-entropy, or --task regression for labels that are values`);
  }
  const n = Math.min(train.length, 4);
  const batch = train.batch(Array.from({ length: n }, (_, i) => i));
  const model = built.model;
  try {
    noGrad(() => {
      model.eval();
      try {
        loss(model.forward(batch.x), batch.y);
      } finally {
        model.train(true);
      }
    });
  } catch (err) {
    // The shapes are said only where they differ: "each sample is [2], the model expects [2]" misled.
    const shapes = sample === expected ? '' : ` (each sample is ${sample}, the model expects ${expected})`;
    throw new UsageError(`${problem}${shapes}: ${(err as Error).message}`, { cause: err });
  }
}

/** `none`, `shift:<pixels>` (random translations of 28x28 images) or `auto` (shifts for digit datasets). */
function createAugmentation(spec: string, dataset: string, train: Dataset): { augment: Augmentation | null; label: string | null } {
  if (spec === 'auto') {
    // Digits: MNIST, and IDX files of 28x28 images (by their image size, not their 784 pixels: a 14x56
    // image is not a digit). Other images (32x32) are not shifted, nor refused for an --augment the
    // user never gave.
    const [h, w] = train.imageSize ?? [0, 0];
    const digitSized = h === 28 && w === 28;
    return dataset === 'mnist' || (dataset.startsWith('idx:') && digitSized) ? createAugmentation('shift:2', dataset, train) : { augment: null, label: null };
  }
  if (spec === 'none') return { augment: null, label: null };
  const m = /^shift:(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`--augment: expected auto, none or shift:<pixels>, got '${spec}'`);
  // Images shift at their own size (IDX files of any size, MNIST); other data only as 28x28 digits.
  const [height, width] = train.imageSize ?? [28, 28];
  const perSample = train.sampleShape.reduce((a, b) => a * b, 1);
  if (perSample % (height * width) !== 0) {
    throw new UsageError(`--augment ${spec} shifts 28x28 images, but each sample of ${dataset} is ${formatShape(train.sampleShape)}`);
  }
  return { augment: randomShift({ maxShift: Number(m[1]), height, width }), label: spec };
}
