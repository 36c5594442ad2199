/**
 * `descent train`: check everything (config, model, data, their shapes, the run folder), then write.
 * The pieces: src/train/run-config (one schema for flags, --config files and resumed config.json),
 * config/ (flags and files → config), train/prepare (build and check), src/train/run-folder (every
 * file the run writes), train/fresh-run-folder (--out must be new), train/interrupt (Ctrl-C).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { NonFiniteError } from '../../train/non-finite.js';
import { Command, Option } from 'commander';
import { fit, type EpochRecord, type FitResult, type TrainingState } from '../../train/index.js';
import { CheckpointError } from '../../train/checkpoint-error.js';
import { MODEL_SPEC_HELP } from '../../specs/model-spec.js';
import { DATASET_NAMES } from '../../specs/dataset-spec.js';
import { LOSS_NAMES } from '../../specs/loss-spec.js';
import { OPTIMIZER_NAMES } from '../../specs/optimizer-spec.js';
import { SCHEDULE_NAMES } from '../../specs/schedule-spec.js';
import { AVERAGING_NAMES } from '../../specs/averaging-spec.js';
import { BACKEND_CHOICES, chooseBackend, type BackendChoice } from '../../backend/choose.js';
import { backend } from '../../backend/index.js';
import { describeWasmBackend, type WasmBackend } from '../../backend/wasm/index.js';
import { givenOptimizerOptions, optimizerFlags } from '../optimizer-flags.js';
import { EpochTable, TrainingProgress } from '../progress.js';
import { asUsageSync, RuntimeFailure, UsageError } from '../usage-error.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../../train/run-config.js';
import { resolveTrainConfig, type ResolvedTrainConfig } from '../config/resolve-train-config.js';
import { prepareRun, type PreparedRun } from '../train/prepare.js';
import { RunFolder, type ResumePoint } from '../../train/run-folder.js';
import { checkFreshRunFolder } from '../train/fresh-run-folder.js';
import { StopRequest } from '../train/interrupt.js';
import { acquireRunLock, RunFolderLockedError, type RunLock } from '../train/run-lock.js';
import { chanceWarning } from '../../train/chance.js';
import { kernelsNote, kernelsOf } from '../../train/kernels.js';


function parseThreads(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new UsageError(`--threads: expected an integer >= 1, got '${value}'`);
  return n;
}

const RESUME_HELP = `
Resuming: --resume <dir> continues a run from its newest intact checkpoint (last, best or final,
saying which were skipped and why). The run keeps its config.json: a flag that contradicts it is
refused, except --epochs, which extends (or shortens, down to the epochs done) the run.
--out on a non-empty folder is refused; nothing in a run folder changes until every check passed.
While a run trains, its folder holds train.lock (pid, host, start time): a second train on the
same folder stops at once, naming the holder. A lock left by a killed process is taken over.
A resume continues bit for bit on the kernels the run was computed by (recorded in its checkpoints:
wasm FMA, wasm plain or js); on others it says so in a note, and results may differ in the last bits.`;

/** `descent train`: the main job. */
export function registerTrainCommand(program: Command): void {
  const d = TRAIN_DEFAULTS;
  const cmd = program
    .command('train')
    .description('train a model (default: an MLP on the shipped MNIST digits with Adam) and write a run folder')
    .option('--dataset <spec>', `dataset: ${DATASET_NAMES.join(', ')} (default: ${d.dataset})`)
    .option('--model <spec>', `model: auto (chosen from the dataset: mlp:784-256-128-10:relu on mnist, mlp:2-32-32-2:tanh on 2-D points) or ${MODEL_SPEC_HELP} (default: ${d.model})`)
    .option('--loss <name>', `divergence: ${LOSS_NAMES.join(', ')} (default: ${d.loss})`)
    .option('--optimizer <name>', `optimizer: ${OPTIMIZER_NAMES.join(', ')} (default: ${d.optimizer})`)
    .option('--schedule <spec>', `learning-rate schedule: ${SCHEDULE_NAMES.join(', ')} (default: ${d.schedule})`)
    .option('--averaging <name>', `iterate averaging for evaluation: ${AVERAGING_NAMES.join(', ')} (default: ${d.averaging})`)
    .option('--augment <spec>', 'training-batch augmentation: none, shift:<pixels> (random translations of each image: mnist and idx images at their size, other data as 28x28 digits), or auto (shift:2 for mnist and 28x28 idx images, none otherwise) (default: auto)')
    .option('--batch-size <n|full>', `samples per update: 1 (SGD), b (mini-batch) or full (default: ${d.batchSize})`)
    .option('--epochs <n>', `passes over the training data; 0 saves the untrained model (default: ${d.epochs}, more on small datasets: enough for 600 updates)`)
    .option('--seed <n>', `seed of initialisation, shuffling, dropout and the held-out split (default: ${d.seed})`)
    .option('--test-fraction <f>', `held-out fraction of the data, in (0, 1) (default: ${d.testFraction})`)
    .option('--clip-grad-norm <x>', 'clip gradients to this global norm')
    .option('--early-stopping-patience <epochs>', 'stop after this many epochs without held-out improvement (default: never)')
    .option('--task <name>', 'what the labels are: classification (integer classes in [0, 2^20)) or regression (real values; CSV label columns with fractions) (default: classification)')
    .option('--classes <names>', 'class names in index order, comma-separated, for CSV labels that are names (default: the names in the file, sorted); recorded in config.json, and eval maps labels through them')
    .option('--best-metric <name>', "held-out metric that picks the 'best' checkpoint: loss or error (default: loss)")
    .option('--sharpness-every <n>', 'every n updates, record the sharpness λmax (top Hessian eigenvalue, 20 Hessian-vector products on the batch) and 2/η into run.jsonl')
    .option('--max-parameter-bytes <n>', `refuse models whose parameters need more bytes than this, before allocating (default: ${d.maxParameterBytes})`)
    .option('--init <file.safetensors>', "start a new run from these weights (e.g. PyTorch's save_file(model.state_dict(), ...)); names and shapes must match the model")
    .option('--config <file>', 'read options from a JSON file with the keys of config.json (flags given on the command line win)')
    .option('--out <dir>', 'run folder, new or empty (default: runs/train-<timestamp>)')
    .option('--resume <dir>', 'continue the run in <dir> from its newest intact checkpoint')
    .addOption(new Option('--backend <name>', 'kernels: auto (WebAssembly SIMD where available), js or wasm').choices([...BACKEND_CHOICES]).default('auto'))
    .option('--threads <n>', 'threads for the wasm backend\'s matrix products and convolutions (default: DESCENT_THREADS, or every core up to 8; results are the same bits for any count)', parseThreads)
    .addHelpText('after', RESUME_HELP);
  for (const flag of optimizerFlags()) cmd.addOption(flag);
  cmd.action(async (opts: Record<string, unknown>, command: Command) => {
    await runTrain(opts, command);
  });
}

async function runTrain(opts: Record<string, unknown>, command: Command): Promise<void> {
  // 1. Check everything; nothing is written until all checks pass.
  const resolved = resolveTrainConfig(opts, givenOptimizerOptions(opts, command));
  const { config } = resolved;
  // Kernels are a property of this process, not of the run: not part of config.json.
  const backendName = asUsageSync(undefined, () => chooseBackend(opts.backend as BackendChoice, opts.threads === undefined ? {} : { threads: opts.threads as number }));
  const backendDetails = backendName === 'wasm' ? describeWasmBackend(backend() as WasmBackend) : '';
  const run = await prepareRun(resolved);
  const folder = new RunFolder(config.out);
  // One process per run folder, from the first check that reads it to the last write.
  const lock = lockRunFolder(config.out, resolved.resumeDir !== null);
  try {
    await checkAndTrain(resolved, run, folder, backendName, backendDetails);
  } finally {
    lock.release();
  }
}

/**
 * Takes the run folder's lock: for --resume the folder exists; for --out it is checked to be new
 * or empty, created, locked, and checked again (another train may have filled it meanwhile: of
 * several started on one --out, one runs). Throws a usage error naming the holder.
 */
function lockRunFolder(dir: string, resuming: boolean): RunLock {
  const flag = resuming ? '--resume' : '--out';
  if (!resuming) {
    checkFreshRunFolder(dir);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new UsageError(`--out ${dir}: cannot create the run folder: ${(err as Error).message}`);
    }
  }
  let lock: RunLock;
  try {
    lock = acquireRunLock(dir);
  } catch (err) {
    if (err instanceof RunFolderLockedError) throw new UsageError(`${flag} ${err.message}`, { cause: err });
    throw new UsageError(`${flag} ${dir}: cannot lock the run folder: ${(err as Error).message}`, { cause: err });
  }
  if (lock.takenOver) {
    const { pid, started } = lock.takenOver;
    console.error(`descent train: took over the lock of ${dir} left by pid ${pid} (since ${started}), which no longer runs`);
  }
  if (!resuming) {
    try {
      checkFreshRunFolder(dir);
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  return lock;
}

async function checkAndTrain(resolved: ResolvedTrainConfig, run: PreparedRun, folder: RunFolder, backendName: string, backendDetails: string): Promise<void> {
  const { config } = resolved;
  let resume: ResumePoint | null = null;
  if (resolved.resumeDir !== null) {
    const point = await checkResume(folder, resolved, run);
    if (point === 'complete') return;
    resume = point;
    for (const s of resume?.skipped ?? []) console.error(`descent train: skipped checkpoint '${s.name}': ${inRunFolder(config.out, s.reason)}`);
  }

  // 2. Write: the folder (new run) or its recovery (resume), then train.
  if (resolved.resumeDir !== null) {
    const { removed } = await folder.recoverTo(resume?.checkpoint.state ?? null);
    if (removed.length > 0) console.error(`descent train: removed ${removed.length} leftover file(s) of an interrupted run: ${removed.join(', ')}`);
    if (resolved.saved && resolved.saved.epochs !== config.epochs) await folder.writeConfig(config);
  } else {
    await folder.create(config).catch((err: unknown) => {
      throw new UsageError(`--out ${config.out}: cannot create the run folder: ${(err as Error).message}`);
    });
  }
  printBanner(config, run, backendName, backendDetails, resume);
  // Not an error: the run goes on, but its bit-for-bit promise holds only on the kernels it began with.
  const note = kernelsNote(resume?.checkpoint.state.kernels, kernelsOf(backend()));
  if (note) console.error(`descent train: ${note}`);
  const stop = new StopRequest(`descent train --resume ${config.out}`);
  let result: FitResult;
  try {
    result = await train(config, run, folder, stop, resume?.checkpoint.state);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // Resuming would diverge again at the same update: the fix is in the hyper-parameters.
    if (err instanceof NonFiniteError) throw new RuntimeFailure(`training diverged: ${err.message}; lower --learning-rate or clip gradients (--clip-grad-norm)`, { cause: err });
    const saved = existsSync(join(config.out, 'last.json')) ? `; the last checkpoint is intact: descent train --resume ${config.out}` : '';
    throw new RuntimeFailure(`${(err as Error).message}${saved}`, { cause: err });
  } finally {
    stop.close();
  }
  if (result.stopReason === 'interrupted') {
    const { epoch, partialEpoch } = result.state;
    const where = partialEpoch ? `${partialEpoch.batch} batches into epoch ${epoch + 1}` : `after epoch ${epoch}`;
    console.error(`descent train: interrupted ${where}; checkpoint 'last' saved. To continue: descent train --resume ${config.out}`);
    process.exitCode = stop.exitCode;
    return;
  }
  printSummary(config, result, run);
}

/**
 * The checks of a resume (reads only): an intact checkpoint that fits the model, and an epoch count
 * that is not below it. Returns 'complete' when the run has ended (nothing to do), and null when it
 * was stopped before its first checkpoint (it starts over: same seed, same run).
 */
async function checkResume(folder: RunFolder, resolved: ResolvedTrainConfig, run: PreparedRun): Promise<ResumePoint | null | 'complete'> {
  const { config } = resolved;
  const where = `run folder ${config.out}`;
  const optimizer = run.optimizer as Partial<{ stateDict(): unknown }>;
  const expect = { model: run.built.model, ...(typeof optimizer.stateDict === 'function' ? { optimizer: optimizer as { stateDict(): unknown } } : {}) };
  const short = (text: string): string => inRunFolder(config.out, text);
  const point = await folder.findResumePoint(expect).catch((err: Error) => {
    throw new UsageError(`--resume: ${short(err instanceof CheckpointError ? err.reason : err.message)}`, { where, cause: err });
  });
  if (point === null) return null;
  asUsageSync(where, () => run.built.model.loadStateDict(point.checkpoint.weights));
  // The optimizer state's values too (a learning rate of −3 passes the shape checks): here, before
  // the banner, an invalid checkpoint is a usage error (exit 2); loaded only in fit, it failed
  // after the first epoch's header as a runtime error whose advice was to resume the same checkpoint.
  // fit loads the same state again at its start, so loading it here changes nothing.
  const loadable = run.optimizer as Partial<{ loadStateDict(state: unknown): void }>;
  const optimizerState = point.checkpoint.state.optimizer;
  if (typeof loadable.loadStateDict === 'function' && optimizerState !== undefined && optimizerState !== null) {
    asUsageSync(where, () => {
      try {
        loadable.loadStateDict!(optimizerState);
      } catch (err) {
        throw new Error(`checkpoint '${point.name}' holds an optimizer state that does not load: ${(err as Error).message}`, { cause: err });
      }
    });
  }
  const done = point.checkpoint.state.epoch;
  const partial = point.checkpoint.state.partialEpoch !== undefined;
  if (config.epochs < done || (config.epochs === done && partial)) {
    const trained = partial ? `${done} epochs and part of epoch ${done + 1}` : `${done} epochs`;
    throw new UsageError(`--epochs ${config.epochs} is fewer than the run has trained (${trained}, checkpoint '${point.name}')`, { where });
  }
  // An intact final checkpoint at the newest epoch: the run ended (completed or stopped early).
  if (await folder.hasFinalAt(done, point)) {
    const stopping = point.checkpoint.state.earlyStopping;
    if (config.earlyStoppingPatience !== null && stopping.badEpochs >= config.earlyStoppingPatience) {
      console.log(`descent train: the run in ${config.out} stopped early at epoch ${done} (no held-out improvement for ${stopping.badEpochs} epochs); nothing to resume`);
      return 'complete';
    }
    if (done >= config.epochs) {
      console.log(`descent train: the run in ${config.out} is complete (${done} epochs); pass --epochs <n> with n > ${done} to train further`);
      return 'complete';
    }
  }
  return point;
}

/** `text` with paths inside the run folder shortened to their names (the folder is the location). */
function inRunFolder(dir: string, text: string): string {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return text.split(`checkpoint ${prefix}`).join('').split(prefix).join('');
}

async function train(config: TrainConfig, run: PreparedRun, folder: RunFolder, stop: StopRequest, resume: TrainingState | undefined): Promise<FitResult> {
  const model = run.built.model;
  const table = new EpochTable(process.stdout);
  const progress = new TrainingProgress(process.stderr, run.loader.length);
  if (config.epochs > 0) table.header();
  for (const record of resume?.history ?? []) table.row(record);
  const result = await fit(model, {
    loss: run.loss,
    optimizer: run.optimizer,
    data: run.loader,
    epochs: config.epochs,
    validation: run.splits.test,
    ...run.fitOptions,
    ...(resume ? { resume } : {}),
    shouldStop: () => stop.requested,
    callbacks: {
      onEpochBegin: (epoch) => progress.start(epoch, config.epochs),
      onBatchEnd: (info) => progress.update(info.batch + 1, info.loss),
      onEpochEnd: (record: EpochRecord) => {
        progress.stop();
        table.row(record);
      },
    },
    onCheckpoint: async (state, { isBest }) => {
      // The epoch's row goes into run.jsonl before the checkpoint that records it: a kill between
      // the two leaves a row past the checkpoint, which resume drops (never a missing row).
      await folder.logEpochs(state.history);
      const weights = model.stateDict();
      await folder.save('last', weights, state, config);
      if (isBest) await folder.save('best', weights, state, config);
    },
  });
  progress.stop();
  await folder.logEpochs(result.state.history);
  // A stop request leaves a mid-epoch 'last' to resume from; a finished run its 'final'.
  await folder.save(result.stopReason === 'interrupted' ? 'last' : 'final', model.stateDict(), result.state, config);
  await folder.tidy();
  return result;
}

function printBanner(config: TrainConfig, run: PreparedRun, backendName: string, backendDetails: string, resume: ResumePoint | null): void {
  const parts = [
    `${config.dataset} (${run.splits.train.length} train / ${run.splits.test.length} held-out)`,
    `model ${config.model} (${run.built.model.numParameters()} parameters)`,
    config.optimizer,
    `${config.schedule} schedule`,
    `batch ${config.batchSize}`,
    `${config.epochs} epochs`,
    `${backendName} backend${backendDetails ? ` (${backendDetails})` : ''}`, // e.g. 'wasm backend (2 threads, FMA)'
    ...(run.augmentLabel ? [`augmentation ${run.augmentLabel}`] : []),
  ];
  console.log(`descent train: ${parts.join(', ')}`);
  if (run.filled.length > 0) console.log(`chosen from the data (not given): ${run.filled.join(', ')}`);
  if (resume) {
    const { epoch, partialEpoch } = resume.checkpoint.state;
    console.log(`resuming ${config.out} from checkpoint '${resume.name}' (epoch ${epoch}${partialEpoch ? ` and ${partialEpoch.batch} batches of epoch ${epoch + 1}` : ''})`);
  }
  if (config.epochs === 0) console.log('--epochs 0: nothing to train; the untrained model is saved as the final checkpoint');
}

function printSummary(config: TrainConfig, result: FitResult, run: PreparedRun): void {
  const last = result.history[result.history.length - 1];
  if (last?.validationError !== null && last?.validationError !== undefined) {
    console.log(`held-out accuracy ${((1 - last.validationError) * 100).toFixed(2)}% after ${last.epoch} epochs; run folder: ${config.out}`);
    const warning = chanceWarning(1 - last.validationError, run.splits.test);
    if (warning) console.error(warning);
  } else {
    console.log(`run folder: ${config.out}`);
  }
}
