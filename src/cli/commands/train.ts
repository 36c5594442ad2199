import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { DataLoader } from '../../data/data-loader.js';
import { manualSeed, Random } from '../../tensor/random.js';
import { fit, type EpochRecord, type TrainingState } from '../../train/index.js';
import { buildModel, MODEL_SPEC_HELP } from '../../specs/model-spec.js';
import { trainingDefaults } from '../../specs/training-defaults.js';
import { chanceWarning } from '../../train/chance.js';
import { DATASET_NAMES, heldOutSplit, loadDatasetSpec } from '../../specs/dataset-spec.js';
import { LOSS_NAMES, lossByName, type LossName } from '../../specs/loss-spec.js';
import { createOptimizer, OPTIMIZER_NAMES } from '../../specs/optimizer-spec.js';
import { optimizerFlags } from '../optimizer-flags.js';
import { createSchedule, SCHEDULE_NAMES } from '../../specs/schedule-spec.js';
import { createAveraging, AVERAGING_NAMES } from '../../specs/averaging-spec.js';
import { saveCheckpoint, loadCheckpoint } from '../../train/checkpoint.js';
import { EpochTable, TrainingProgress } from '../progress.js';
import { UsageError } from '../usage-error.js';
import { BACKEND_CHOICES, chooseBackend, type BackendChoice } from '../../backend/choose.js';
import { backend } from '../../backend/index.js';
import type { WasmBackend } from '../../backend/wasm/index.js';
import { randomShift, type Augmentation } from '../../data/augment.js';
import { loadPyTorchWeights } from '../../interop/pytorch-weights.js';

/** Everything a run depends on; written to config.json and stored in checkpoints. */
export interface TrainConfig {
  dataset: string;
  model: string;
  loss: LossName;
  optimizer: string;
  hyperParameters: Record<string, unknown>;
  schedule: string;
  averaging: string;
  augment: string;
  batchSize: number | 'full';
  epochs: number;
  seed: number;
  testFraction: number;
  clipGradNorm: number | null;
  earlyStoppingPatience: number | null;
  out: string;
}

export const TRAIN_DEFAULTS: TrainConfig = {
  dataset: 'mnist',
  // Chosen from the dataset (src/specs/training-defaults.ts): mlp:784-256-128-10:relu on mnist.
  model: 'auto',
  loss: 'cross-entropy',
  optimizer: 'adam',
  hyperParameters: {},
  schedule: 'cosine',
  averaging: 'none',
  augment: 'auto',
  batchSize: 64,
  epochs: 20,
  seed: 1,
  testFraction: 0.2,
  clipGradNorm: null,
  earlyStoppingPatience: null,
  out: '',
};

function parseNumber(flag: string, integer: boolean, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
      throw new UsageError(`${flag}: expected ${integer ? 'an integer' : 'a number'} >= ${min}, got '${value}'`);
    }
    return n;
  };
}

/** `descent train`: the main job. */
export function registerTrainCommand(program: Command): void {
  const cmd = program
    .command('train')
    .description('train a model (default: an MLP on the shipped MNIST digits with Adam) and write a run folder')
    .option('--dataset <spec>', `dataset: ${DATASET_NAMES.join(', ')}`, TRAIN_DEFAULTS.dataset)
    .option('--model <spec>', `model: auto (chosen from the dataset) or ${MODEL_SPEC_HELP}`, TRAIN_DEFAULTS.model)
    .addOption(new Option('--loss <name>', 'divergence').choices([...LOSS_NAMES]).default(TRAIN_DEFAULTS.loss))
    .option('--optimizer <name>', `optimizer: ${OPTIMIZER_NAMES.join(', ')}`, TRAIN_DEFAULTS.optimizer)
    .option('--schedule <spec>', `learning-rate schedule: ${SCHEDULE_NAMES.join(', ')}`, TRAIN_DEFAULTS.schedule)
    .option('--averaging <name>', `iterate averaging for evaluation: ${AVERAGING_NAMES.join(', ')}`, TRAIN_DEFAULTS.averaging)
    .option('--augment <spec>', 'training-batch augmentation: none, shift:<pixels> (random translations of 28x28 digits), or auto (shift:2 for mnist and idx datasets, none otherwise)', TRAIN_DEFAULTS.augment)
    .option('--batch-size <n|full>', 'samples per update: 1 (SGD), b (mini-batch) or full', String(TRAIN_DEFAULTS.batchSize))
    .option('--epochs <n>', `passes over the training data (default: ${TRAIN_DEFAULTS.epochs}, more on small datasets: enough for 600 updates)`, parseNumber('--epochs', true, 0))
    .option('--seed <n>', 'seed of initialisation, shuffling and dropout', parseNumber('--seed', true, 0), TRAIN_DEFAULTS.seed)
    .option('--test-fraction <f>', 'held-out fraction of the data', parseNumber('--test-fraction', false, 0), TRAIN_DEFAULTS.testFraction)
    .option('--clip-grad-norm <x>', 'clip gradients to this global norm', parseNumber('--clip-grad-norm', false, 0))
    .option('--early-stopping <patience>', 'stop after this many epochs without held-out improvement', parseNumber('--early-stopping', true, 1))
    .option('--config <file>', 'read options from a JSON file (flags given on the command line win)')
    .option('--out <dir>', 'run folder (default runs/train-<timestamp>)')
    .option('--resume <dir>', 'continue the run in <dir> from its last checkpoint')
    .option('--init <file.safetensors>', "start from these weights (e.g. saved by PyTorch's save_file(model.state_dict(), ...)); names and shapes must match the model")
    .addOption(new Option('--backend <name>', 'kernels: auto (WebAssembly SIMD where available), js or wasm').choices([...BACKEND_CHOICES]).default('auto'))
    .option('--threads <n>', 'threads for the wasm backend\'s matrix products and convolutions (default: DESCENT_THREADS, or every core up to 8; results are the same bits for any count)', parseNumber('--threads', true, 1));
  for (const flag of optimizerFlags()) cmd.addOption(flag);
  cmd.action(async (opts: Record<string, unknown>, command: Command) => {
    await runTrain(opts, command);
  });
}

async function runTrain(opts: Record<string, unknown>, command: Command): Promise<void> {
  const { config, resume, unsetEpochs } = resolveConfig(opts, command);
  // Kernels are a property of this process, not of the run: not part of config.json.
  const backendName = chooseBackend(opts.backend as BackendChoice, opts.threads === undefined ? {} : { threads: opts.threads as number });
  const threads = backendName === 'wasm' ? ((backend() as Partial<WasmBackend>).threads ?? 1) : 1;
  manualSeed(config.seed);
  const random = new Random(config.seed);
  const given = config.model === 'auto' ? null : buildModel(config.model, random);
  const full = await loadDatasetSpec(config.dataset, { seed: config.seed, imageLayout: given?.inputShape.length === 3 });
  const splits = heldOutSplit(full, config.testFraction, config.seed);
  // What a new run leaves out comes from the data and is recorded in config.json; a resumed run keeps its config.
  if (!resume) {
    const defaults = trainingDefaults(splits.train, { ...config, model: given ? config.model : undefined, epochs: unsetEpochs ? undefined : config.epochs });
    Object.assign(config, { model: defaults.model, epochs: defaults.epochs, hyperParameters: defaults.hyperParameters });
  }
  const built = given ?? buildModel(config.model, random);
  const model = built.model;
  if (opts.init !== undefined) await loadPyTorchWeights(model, opts.init as string);
  const optimizer = createOptimizer(config.optimizer, model.namedParameters(), config.hyperParameters);
  const loader = new DataLoader(splits.train, { batchSize: config.batchSize, seed: config.seed });
  const scheduleOption = createSchedule(config.schedule, optimizer, config.epochs);
  const averagingOption = createAveraging(config.averaging);
  const augment = createAugmentation(config.augment, config.dataset);
  // Everything is validated: only now create the run folder.
  mkdirSync(config.out, { recursive: true });
  writeFileSync(join(config.out, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  const loss = lossByName(config.loss);

  let resumeState: TrainingState | undefined;
  if (resume) {
    const checkpoint = await loadCheckpoint(join(config.out, 'last'));
    model.loadStateDict(checkpoint.weights);
    resumeState = checkpoint.state;
  }

  const table = new EpochTable(process.stdout);
  const progress = new TrainingProgress(process.stderr, loader.length);
  console.log(`descent train: ${config.dataset} (${splits.train.length} train / ${splits.test.length} held-out), model ${config.model} (${model.numParameters()} parameters), ${config.optimizer}, ${config.schedule} schedule, batch ${config.batchSize}, ${config.epochs} epochs, ${backendName} backend${threads > 1 ? ` (${threads} threads)` : ''}${augment ? `, augmentation ${config.augment === 'auto' ? 'shift:2' : config.augment}` : ''}`);
  table.header();
  const runLog = join(config.out, 'run.jsonl');
  if (!resume) writeFileSync(runLog, '');
  const result = await fit(model, {
    loss,
    optimizer,
    data: loader,
    epochs: config.epochs,
    validation: splits.test,
    ...(scheduleOption ?? {}),
    ...(averagingOption ?? {}),
    ...(augment ? { augment } : {}),
    ...(config.clipGradNorm !== null ? { clipGradNorm: config.clipGradNorm } : {}),
    ...(config.earlyStoppingPatience !== null ? { earlyStopping: { patience: config.earlyStoppingPatience } } : {}),
    ...(resumeState ? { resume: resumeState } : {}),
    callbacks: {
      onEpochBegin: (epoch) => progress.start(epoch, config.epochs),
      onBatchEnd: (info) => progress.update(info.batch + 1, info.loss),
      onEpochEnd: (record: EpochRecord) => {
        progress.stop();
        table.row(record);
        appendFileSync(runLog, JSON.stringify(record) + '\n');
      },
    },
    onCheckpoint: async (state, { isBest }) => {
      await saveCheckpoint(join(config.out, 'last'), model.stateDict(), state, config);
      if (isBest) await saveCheckpoint(join(config.out, 'best'), model.stateDict(), state, config);
    },
  });
  await saveCheckpoint(join(config.out, 'final'), model.stateDict(), result.state, config);
  const last = result.history[result.history.length - 1];
  if (last?.validationError !== null && last?.validationError !== undefined) {
    console.log(`held-out accuracy ${((1 - last.validationError) * 100).toFixed(2)}% after ${last.epoch} epochs; run folder: ${config.out}`);
    const warning = chanceWarning(1 - last.validationError, splits.test);
    if (warning) console.error(warning);
  } else {
    console.log(`run folder: ${config.out}`);
  }
}

/** Merges defaults, the --config file and explicit flags; validates every value. */
function resolveConfig(opts: Record<string, unknown>, command: Command): { config: TrainConfig; resume: boolean; unsetEpochs: boolean } {
  let fromFile: Partial<TrainConfig> = {};
  const resumeDir = opts.resume as string | undefined;
  if (resumeDir) {
    fromFile = JSON.parse(readText(join(resumeDir, 'config.json'))) as Partial<TrainConfig>;
    fromFile.out = resumeDir;
  } else if (opts.config) {
    fromFile = JSON.parse(readText(opts.config as string)) as Partial<TrainConfig>;
  }
  const explicit = (name: string): boolean => command.getOptionValueSource(name) === 'cli';
  const pick = <K extends keyof TrainConfig>(key: K, flag: string): TrainConfig[K] =>
    (explicit(flag) || fromFile[key] === undefined ? opts[flag] : fromFile[key]) as TrainConfig[K];
  const batch = String(pick('batchSize', 'batchSize'));
  const batchSize = batch === 'full' ? 'full' : parseNumber('--batch-size', true, 1)(batch);
  const hyperParameters: Record<string, unknown> = { ...(fromFile.hyperParameters ?? {}) };
  for (const flag of optimizerFlags()) {
    const key = flag.attributeName();
    if (explicit(key)) hyperParameters[key] = opts[key];
  }
  const config: TrainConfig = {
    dataset: pick('dataset', 'dataset'),
    model: pick('model', 'model'),
    loss: pick('loss', 'loss'),
    optimizer: pick('optimizer', 'optimizer'),
    hyperParameters,
    schedule: pick('schedule', 'schedule'),
    averaging: pick('averaging', 'averaging'),
    augment: pick('augment', 'augment'),
    batchSize,
    epochs: pick('epochs', 'epochs') ?? TRAIN_DEFAULTS.epochs,
    seed: pick('seed', 'seed'),
    testFraction: pick('testFraction', 'testFraction'),
    clipGradNorm: (pick('clipGradNorm', 'clipGradNorm') as number | undefined) ?? null,
    earlyStoppingPatience: (fromFile.earlyStoppingPatience ?? (opts.earlyStopping as number | undefined)) ?? null,
    out: (opts.out as string | undefined) ?? fromFile.out ?? join('runs', `train-${new Date().toISOString().replace(/[:.]/g, '-')}`),
  };
  if (!(config.testFraction > 0 && config.testFraction < 1)) throw new UsageError(`--test-fraction: must be in (0, 1), got ${config.testFraction}`);
  return { config, resume: resumeDir !== undefined, unsetEpochs: !explicit('epochs') && fromFile.epochs === undefined };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** `none`, `shift:<pixels>` (random translations of 28x28 images) or `auto` (shifts for digit datasets). */
function createAugmentation(spec: string, dataset: string): Augmentation | null {
  if (spec === 'auto') return dataset === 'mnist' || dataset.startsWith('idx:') ? createAugmentation('shift:2', dataset) : null;
  if (spec === 'none') return null;
  const m = /^shift:(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`--augment: expected auto, none or shift:<pixels>, got '${spec}'`);
  return randomShift({ maxShift: Number(m[1]), height: 28, width: 28 });
}
