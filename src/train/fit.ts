/**
 * The training loop: epochs of mini-batch gradient descent with held-out evaluation, learning-rate
 * schedules, plateau decay, iterate averaging, clipping, early stopping, non-finite detection and
 * resumable state.
 */
import type { DataLoader, DataLoaderState } from '../data/data-loader.js';
import type { Dataset } from '../data/dataset.js';
import { defaultRandom, type RandomState } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { tidy } from '../tensor/scope.js';
import type { Schedule } from '../schedules/schedule.js';
import type { PlateauScheduler } from '../schedules/reduce-lr-on-plateau.js';
import type { PlateauState } from '../schedules/plateau-state.js';
import { applyPlateauState, applySchedule, type SchedulableOptimizer } from '../schedules/apply.js';
import { checkSameParameters, type Averager, type AveragingState } from '../averaging/averager.js';
import { withAveragedWeights } from '../averaging/evaluate.js';
import type { Augmentation } from '../data/augment.js';
import { hasTrainEvalModes } from '../optim/optimizers/schedule-free.js';
import { clipGradientNorm, clipGradientValue } from './clip.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { initialEarlyStopping, updateEarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './early-stopping.js';
import { continueKernels, kernelsOf, type KernelsName } from './kernels.js';
import { backend } from '../backend/index.js';
import { checkGradients, checkParameters, NonFiniteError } from './non-finite.js';
import type { Callbacks, EpochRecord, LossFunction, SharpnessRecord, TrainableModel, TrainableOptimizer } from './types.js';
import { batchSharpness, checkSharpnessOptions, type SharpnessOptions } from '../analysis/training-sharpness.js';

export interface FitOptions {
  loss: LossFunction;
  optimizer: TrainableOptimizer;
  /** Training batches; its batch size decides SGD (1), mini-batch (b) or full-batch descent. */
  data: DataLoader;
  epochs: number;
  /** Held-out data for the divergence and classification error after each epoch. */
  validation?: Dataset;
  /**
   * The learning-rate schedule, applied with {@link applySchedule}: before each epoch the rate is
   * `schedule.value(epoch)` (0-based), or with `scheduleUnit: 'update'`, before each update
   * `schedule.value(updates so far)`.
   */
  schedule?: Schedule;
  /** 'epoch' (default, PyTorch's convention) or 'update' (one-cycle / warm-up per optimizer step). */
  scheduleUnit?: 'epoch' | 'update';
  /** Decay the learning rate when the held-out loss plateaus (needs `validation`). */
  plateau?: PlateauScheduler;
  /** Average the iterates after every update, and evaluate with the averaged weights. */
  averaging?: Averager;
  /** Randomly transforms each training batch's inputs (e.g. `randomShift`); never the held-out data. */
  augment?: Augmentation;
  /** Clip gradients to this global L2 norm before each update. */
  clipGradNorm?: number;
  /** Clamp each gradient element into [-v, v] before each update. */
  clipGradValue?: number;
  earlyStopping?: EarlyStoppingOptions;
  callbacks?: Callbacks;
  /** Continue from a state captured by `onCheckpoint` (the model weights must already be loaded). */
  resume?: TrainingState;
  /**
   * Called after every epoch with the resumable state, after `callbacks.onEpochEnd` (so a log row
   * written there precedes the checkpoint that records it). `isBest`: this epoch has the lowest
   * {@link FitOptions.bestMetric} so far. Never called when training stops on a non-finite value
   * (the last good checkpoint is the previous epoch's) nor on a stop request (save `result.state`).
   */
  onCheckpoint?: (state: TrainingState, info: { isBest: boolean; record: EpochRecord }) => void | Promise<void>;
  /**
   * Which held-out metric picks the best epoch (`onCheckpoint`'s `isBest`, `FitResult.bestEpoch`):
   * `'loss'` (default) or `'error'`. With early stopping, its `monitor` decides instead. The lowest
   * value wins, ties keep the earlier epoch, a non-finite value is never best. Without `validation`
   * the training loss decides.
   */
  bestMetric?: 'loss' | 'error';
  /**
   * Asked after every update (e.g. set by a SIGINT handler). When it returns true, `fit` returns at
   * once with `stopReason: 'interrupted'` and a `state` taken mid-epoch from which `resume` finishes
   * bit for bit like an uninterrupted run. After the last update of an epoch, the epoch is first
   * completed (evaluated, recorded, checkpointed).
   */
  shouldStop?: () => boolean;
  /**
   * Measure the sharpness λmax (the top eigenvalue of the loss Hessian, by Lanczos on
   * Hessian-vector products, `iterations` of them, default 20) after every `every` updates, on the
   * batch of that update (with full-batch descent: the whole training set, as in Cohen et al.'s
   * edge-of-stability experiments) at the weights after it. Each epoch's record lists its
   * measurements in `sharpness` as `{ update, sharpness, twoOverLr }`. The measurement leaves the
   * run unchanged (the same updates, bit for bit); it costs about 2·iterations backward passes.
   */
  sharpness?: SharpnessOptions;
}

/** The progress of an epoch stopped part-way (see {@link FitOptions.shouldStop}). */
export interface PartialEpoch {
  /** Batches done in the epoch (≥ 1). */
  batch: number;
  /** Sum of batch loss × batch size so far. */
  lossSum: number;
  /** Samples seen so far in the epoch. */
  samples: number;
  /** The learning rate the epoch's record reports. */
  learningRate: number;
  /** Wall time spent in the epoch so far, seconds. */
  seconds: number;
  /** The sharpness measurements of the epoch so far (with `FitOptions.sharpness`). */
  sharpness?: SharpnessRecord[];
  /** The kernels that computed the epoch so far (as {@link EpochRecord.kernels}; absent in older states). */
  kernels?: KernelsName[];
}

/** Everything besides the model weights that a resumed run needs to continue bit for bit. */
export interface TrainingState {
  epoch: number;
  updates: number;
  loader: DataLoaderState;
  /** The library-wide generator (dropout masks). */
  globalRandom: RandomState;
  /**
   * The model's extra state by module path (`model.extraStateDict()`): e.g. the generator of a Dropout
   * layer constructed with its own `random`.
   */
  extraState: Record<string, unknown>;
  optimizer: unknown;
  plateau: PlateauState | null;
  earlyStopping: EarlyStoppingState;
  averaging: AveragingState | null;
  history: EpochRecord[];
  /** The weights of the best epoch so far (for restore-best), by parameter name. */
  bestWeights: Record<string, number[]> | null;
  /** Set when the state was taken part-way through epoch `epoch + 1` (a stop request). */
  partialEpoch?: PartialEpoch;
  /**
   * The kernels that computed the run so far, in order of use (`['wasm FMA']`; `['wasm FMA', 'wasm
   * plain']` after a resume on other kernels): a resume on other kernels may differ in the last bits
   * from an uninterrupted run. Absent in states saved before descent recorded it (then unknown, and
   * it stays absent).
   */
  kernels?: KernelsName[];
}

export interface FitResult {
  history: EpochRecord[];
  /** Why training ended. */
  stopReason: 'epochs' | 'early-stopping' | 'callback' | 'interrupted';
  /** The best epoch by {@link FitOptions.bestMetric} (the early-stopping metric with early stopping), 0 if none. */
  bestEpoch: number;
  state: TrainingState;
}

interface StatefulOptimizer extends TrainableOptimizer {
  stateDict(): unknown;
  loadStateDict(state: never): void;
}

function hasState(o: TrainableOptimizer): o is StatefulOptimizer {
  return typeof (o as Partial<StatefulOptimizer>).stateDict === 'function';
}

function checkOptions(options: FitOptions): void {
  if (!Number.isInteger(options.epochs) || options.epochs < 0) throw new Error(`fit: epochs must be a non-negative integer, got ${options.epochs}`);
  if (options.plateau && !options.validation) throw new Error('fit: plateau decay watches the held-out loss, so it needs `validation` data');
  if (options.plateau && options.schedule) throw new Error('fit: use either a schedule or plateau decay, not both (both would set the learning rate)');
  if (options.earlyStopping && !options.validation) throw new Error('fit: early stopping watches a held-out metric, so it needs `validation` data');
  if (options.bestMetric !== undefined && options.bestMetric !== 'loss' && options.bestMetric !== 'error') throw new Error(`fit: bestMetric must be 'loss' or 'error', got ${String(options.bestMetric)}`);
  if (options.sharpness !== undefined) checkSharpnessOptions(options.sharpness, 'fit');
}

/** How often a run with a `shouldStop` lets the event loop turn (signal handlers, timers). */
const EVENT_LOOP_TURN_MS = 50;

const namedFloatArrays = (params: Array<[string, Tensor]>): Map<string, Float32Array | Float64Array> =>
  new Map(params.map(([name, p]) => [name, p.data as Float32Array | Float64Array]));

/**
 * Trains `model` and returns its history. Each update: zero the gradients, forward a batch,
 * average the divergence over it, backward, (clip,) check for non-finite gradients, step — inside a
 * `tidy` scope, so the update's tensors are freed when it ends.
 *
 * After each epoch: held-out evaluation (with the averaged weights when averaging), the record,
 * `callbacks.onEpochEnd`, then `onCheckpoint` with the resumable state. A `shouldStop` request
 * returns a state that `resume` continues bit for bit, even from the middle of an epoch; with
 * early stopping's restore-best, the best weights are put back only when training ends normally
 * (never on a stop request, whose state goes with the live weights).
 *
 * An optimizer with train/eval modes (Schedule-Free) is put in train mode for the updates and in
 * eval mode after them: held-out evaluation, callbacks, checkpoints, a stop request and the end of
 * fit see the evaluation point x, and `resume` (whose weights are that x) trains from y again.
 *
 * @example
 * const result = await fit(model, {
 *   loss: crossEntropy, optimizer: new Adam(model.namedParameters(), { learningRate: 1e-3 }),
 *   data: new DataLoader(train, { batchSize: 64, seed: 1 }), validation: test, epochs: 5,
 * });
 */
export async function fit(model: TrainableModel, options: FitOptions): Promise<FitResult> {
  checkOptions(options);
  const params = model.namedParameters();
  const optimizer = options.optimizer;
  const cb = options.callbacks ?? {};
  const scheduleUnit = options.scheduleUnit ?? 'epoch';
  const schedulable = optimizer as unknown as SchedulableOptimizer;
  // Schedule-Free optimizers train at y and are evaluated at x: train mode for the updates, eval
  // mode for held-out evaluation, checkpoints and the weights fit returns (as the reference asks).
  const modes = hasTrainEvalModes(optimizer) ? optimizer : null;

  let epoch = 0;
  let updates = 0;
  let history: EpochRecord[] = [];
  let plateauState = options.plateau ? options.plateau.init(optimizer.paramGroups.map((g) => g.learningRate)) : null;
  let stopping = initialEarlyStopping();
  // The parameters' storage does not change during fit: one name → array map serves every update.
  const liveArrays = namedFloatArrays(params);
  let averaging = options.averaging ? options.averaging.init(liveArrays) : null;
  let bestWeights: Record<string, number[]> | null = null;
  let partial: PartialEpoch | null = null;
  // A new run records the kernels it starts on; a resumed one adds these when they differ.
  const current = kernelsOf(backend());
  let kernels: KernelsName[] | undefined = [current];

  if (options.resume) {
    const r = options.resume;
    ({ epoch, updates } = r);
    history = [...r.history];
    options.data.setState(r.loader);
    defaultRandom().setState(r.globalRandom);
    if (r.extraState === undefined && Object.keys(model.extraStateDict?.() ?? {}).length > 0) {
      throw new Error(
        `fit: the resume state has no extraState, but modules ${Object.keys(model.extraStateDict!()).map((k) => `'${k}'`).join(', ')} ` +
          'of the model have some (e.g. a Dropout with its own generator): it was saved before descent kept module state, so the run cannot resume bit for bit',
      );
    }
    model.loadExtraStateDict?.(r.extraState ?? {});
    if (hasState(optimizer)) optimizer.loadStateDict(r.optimizer as never);
    plateauState = r.plateau;
    if (plateauState) applyPlateauState(schedulable, plateauState);
    stopping = r.earlyStopping;
    if (Boolean(options.averaging) !== Boolean(r.averaging)) {
      throw new Error(options.averaging
        ? `fit: the resume state has no averaging state, but averaging '${options.averaging.kind}' is on`
        : `fit: the resume state holds '${r.averaging!.kind}' averaging state, but averaging is off`);
    }
    if (options.averaging && r.averaging) {
      if (r.averaging.kind !== options.averaging.kind) throw new Error(`fit: the resume state holds '${r.averaging.kind}' averaging state, but the averager is '${options.averaging.kind}'`);
      checkSameParameters(`fit: resume: ${r.averaging.kind}`, r.averaging.averaged, liveArrays);
    }
    averaging = r.averaging;
    bestWeights = r.bestWeights;
    partial = r.partialEpoch ?? null;
    kernels = continueKernels(r.kernels, current);
    if ((partial?.batch ?? 0) !== r.loader.batch) {
      throw new Error(`fit: the resume state's loader is at batch ${r.loader.batch} of its epoch, but its partial epoch records ${partial?.batch ?? 0} batches`);
    }
  }

  const capture = (partialEpoch?: PartialEpoch): TrainingState => ({
    epoch, updates,
    loader: options.data.state(),
    globalRandom: defaultRandom().state(),
    extraState: model.extraStateDict?.() ?? {},
    optimizer: hasState(optimizer) ? optimizer.stateDict() : null,
    plateau: plateauState,
    earlyStopping: stopping,
    averaging,
    history: [...history],
    bestWeights,
    ...(partialEpoch ? { partialEpoch } : {}),
    ...(kernels ? { kernels: [...kernels] } : {}),
  });

  let stopReason: FitResult['stopReason'] = 'epochs';
  let lastTurn = performance.now();
  while (epoch < options.epochs) {
    const resumed = partial;
    partial = null;
    const started = performance.now() - (resumed?.seconds ?? 0) * 1000;
    cb.onEpochBegin?.(epoch + 1);
    if (options.schedule && scheduleUnit === 'epoch') applySchedule(schedulable, options.schedule, epoch);
    const learningRate = resumed ? resumed.learningRate : optimizer.paramGroups[0]?.learningRate ?? NaN;
    model.train(true);
    modes?.train();
    let lossSum = resumed?.lossSum ?? 0;
    let samples = resumed?.samples ?? 0;
    let batchIndex = resumed?.batch ?? 0;
    const sharpness: SharpnessRecord[] = [...(resumed?.sharpness ?? [])];
    // An epoch finished after a mid-epoch resume was computed by the kernels of both legs.
    const epochKernels = resumed ? continueKernels(resumed.kernels, current) : [current];
    const batchesPerEpoch = options.data.length;
    for (const batch of options.data) {
      cb.onBatchBegin?.(epoch + 1, batchIndex);
      if (options.schedule && scheduleUnit === 'update') applySchedule(schedulable, options.schedule, updates);
      // One scope per update: everything the step makes is freed when it ends (in wasm memory on the
      // wasm backend, where the kernels use it without copies); the gradients stay with the parameters.
      const value = tidy(() => {
        optimizer.zeroGrad(true);
        const inputs = options.augment ? options.augment(batch.x) : batch.x;
        const loss = options.loss(model.forward(inputs), batch.y);
        const lossValue = loss.item();
        if (!Number.isFinite(lossValue)) {
          throw new NonFiniteError(`non-finite loss ${lossValue} at epoch ${epoch + 1}, batch ${batchIndex + 1}`, epoch + 1, batchIndex + 1, null);
        }
        loss.backward();
        if (options.clipGradValue !== undefined) clipGradientValue(params.map(([, p]) => p), options.clipGradValue);
        if (options.clipGradNorm !== undefined) clipGradientNorm(params.map(([, p]) => p), options.clipGradNorm);
        checkGradients(params, epoch + 1, batchIndex + 1);
        noGrad(() => optimizer.step());
        checkParameters(params, epoch + 1, batchIndex + 1);
        updates++;
        if (options.averaging && averaging) averaging = options.averaging.update(averaging, liveArrays);
        if (options.sharpness && updates % options.sharpness.every === 0) {
          const lr = optimizer.paramGroups[0]?.learningRate ?? NaN;
          const lambdaMax = batchSharpness(model, options.loss, inputs, batch.y, options.sharpness.iterations);
          sharpness.push({ update: updates, sharpness: lambdaMax, twoOverLr: lr > 0 ? 2 / lr : null });
        }
        return lossValue;
      });
      const size = batch.x.shape[0] ?? 1;
      lossSum += value * size;
      samples += size;
      cb.onBatchEnd?.({ epoch: epoch + 1, batch: batchIndex, updates, loss: value, batchSize: size });
      batchIndex++;
      // A stop request usually comes from a signal handler, which runs only when the event loop gets
      // a turn: give it one every 50 ms, so the request is seen after this update, not the epoch.
      if (options.shouldStop && performance.now() - lastTurn >= EVENT_LOOP_TURN_MS) {
        await new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
        lastTurn = performance.now();
      }
      // After the epoch's last batch the epoch is finished (evaluated, recorded) before stopping.
      if (batchIndex < batchesPerEpoch && options.shouldStop?.()) {
        // Captured inside the loop: the loader still knows its mid-epoch position.
        modes?.eval();
        const state = capture({
          batch: batchIndex, lossSum, samples, learningRate, seconds: (performance.now() - started) / 1000,
          ...(options.sharpness ? { sharpness: [...sharpness] } : {}),
          ...(epochKernels ? { kernels: [...epochKernels] } : {}),
        });
        return { history, stopReason: 'interrupted', bestEpoch: bestEpochOf(history, options, stopping), state };
      }
    }
    epoch++;
    modes?.eval();

    let held: Evaluation | null = null;
    if (options.validation) {
      const validation = options.validation;
      const run = (): Evaluation => evaluate(model, validation, options.loss);
      held = averaging ? withAveragedWeights(averaging, liveArrays, run) : run();
    }
    if (options.plateau && plateauState && held) {
      plateauState = options.plateau.update(plateauState, held.loss);
      applyPlateauState(schedulable, plateauState);
    }
    const record: EpochRecord = {
      epoch,
      trainLoss: samples > 0 ? lossSum / samples : NaN,
      validationLoss: held?.loss ?? null,
      validationError: held?.error ?? null,
      learningRate,
      updates,
      seconds: (performance.now() - started) / 1000,
      ...(options.sharpness ? { sharpness } : {}),
      ...(epochKernels ? { kernels: epochKernels } : {}),
    };

    let isBest: boolean;
    let stop = false;
    if (options.earlyStopping && held) {
      const r = updateEarlyStopping(stopping, options.earlyStopping, epoch, bestMetricValue(record, options));
      stopping = r.state;
      isBest = r.improved;
      stop = r.stop;
      if (r.improved && (options.earlyStopping.restoreBest ?? true)) {
        bestWeights = Object.fromEntries(params.map(([name, p]) => [name, Array.from(p.data)]));
      }
    } else {
      isBest = bestEpochIn([...history, record], options) === record.epoch;
    }
    history.push(record);
    const verdict = await cb.onEpochEnd?.(record);
    await options.onCheckpoint?.(capture(), { isBest, record });
    if (stop) {
      stopReason = 'early-stopping';
      break;
    }
    if (verdict === 'stop') {
      stopReason = 'callback';
      break;
    }
    if (epoch < options.epochs && options.shouldStop?.()) {
      return { history, stopReason: 'interrupted', bestEpoch: bestEpochOf(history, options, stopping), state: capture() };
    }
  }

  modes?.eval();
  if (options.earlyStopping && (options.earlyStopping.restoreBest ?? true) && bestWeights) {
    for (const [name, p] of params) p.data.set(bestWeights[name]!);
  }
  return { history, stopReason, bestEpoch: bestEpochOf(history, options, stopping), state: capture() };
}

/** The value of an epoch's record that decides the best epoch (lower is better). */
function bestMetricValue(record: EpochRecord, options: FitOptions): number {
  if (record.validationLoss === null) return record.trainLoss;
  const metric = options.earlyStopping
    ? ((options.earlyStopping.monitor ?? 'validationLoss') === 'validationError' ? 'error' : 'loss')
    : options.bestMetric ?? 'loss';
  return metric === 'error' ? record.validationError ?? record.validationLoss : record.validationLoss;
}

/** The epoch of `history` with the lowest finite {@link bestMetricValue} (ties keep the earlier one; 0 if none). */
function bestEpochIn(history: readonly EpochRecord[], options: FitOptions): number {
  let best = 0;
  let bestValue = Infinity;
  for (const h of history) {
    const v = bestMetricValue(h, options);
    if (Number.isFinite(v) && v < bestValue) {
      best = h.epoch;
      bestValue = v;
    }
  }
  return best;
}

function bestEpochOf(history: readonly EpochRecord[], options: FitOptions, stopping: EarlyStoppingState): number {
  return options.earlyStopping && options.validation ? stopping.bestEpoch : bestEpochIn(history, options);
}
