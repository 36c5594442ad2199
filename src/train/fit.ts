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
import type { Schedule } from '../schedules/schedule.js';
import type { PlateauScheduler } from '../schedules/reduce-lr-on-plateau.js';
import type { PlateauState } from '../schedules/plateau-state.js';
import { applyPlateauState, applySchedule, type SchedulableOptimizer } from '../schedules/apply.js';
import type { Averager, AveragingState } from '../averaging/averager.js';
import { withAveragedWeights } from '../averaging/evaluate.js';
import type { Augmentation } from '../data/augment.js';
import { clipGradientNorm, clipGradientValue } from './clip.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { initialEarlyStopping, updateEarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './early-stopping.js';
import { checkGradients, checkParameters, NonFiniteError } from './non-finite.js';
import type { Callbacks, EpochRecord, LossFunction, TrainableModel, TrainableOptimizer } from './types.js';

export interface FitOptions {
  loss: LossFunction;
  optimizer: TrainableOptimizer;
  /** Training batches; its batch size decides SGD (1), mini-batch (b) or full-batch descent. */
  data: DataLoader;
  epochs: number;
  /** Held-out data for the divergence and classification error after each epoch. */
  validation?: Dataset;
  /** Learning rate as a function of the epoch (0-based), applied before each epoch. */
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
   * Called after every epoch with the resumable state (and when training stops on a non-finite
   * value, never: the last good checkpoint is the one from the previous epoch).
   */
  onCheckpoint?: (state: TrainingState, info: { isBest: boolean }) => void | Promise<void>;
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
}

export interface FitResult {
  history: EpochRecord[];
  /** Why training ended. */
  stopReason: 'epochs' | 'early-stopping' | 'callback';
  /** The best epoch by the early-stopping metric (or the last epoch). */
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
}

const namedFloatArrays = (params: Array<[string, Tensor]>): Map<string, Float32Array | Float64Array> =>
  new Map(params.map(([name, p]) => [name, p.data as Float32Array | Float64Array]));

/**
 * Trains `model` and returns its history. Each update: zero the gradients, forward a batch,
 * average the divergence over it, backward, (clip,) check for non-finite gradients, step.
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

  let epoch = 0;
  let updates = 0;
  let history: EpochRecord[] = [];
  let plateauState = options.plateau ? options.plateau.init(optimizer.paramGroups.map((g) => g.learningRate)) : null;
  let stopping = initialEarlyStopping();
  // The parameters' storage does not change during fit: one name → array map serves every update.
  const liveArrays = namedFloatArrays(params);
  let averaging = options.averaging ? options.averaging.init(liveArrays) : null;
  let bestWeights: Record<string, number[]> | null = null;

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
    averaging = r.averaging;
    bestWeights = r.bestWeights;
  }

  const capture = (): TrainingState => ({
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
  });

  let stopReason: FitResult['stopReason'] = 'epochs';
  while (epoch < options.epochs) {
    const started = performance.now();
    cb.onEpochBegin?.(epoch + 1);
    if (options.schedule && scheduleUnit === 'epoch') applySchedule(schedulable, options.schedule, epoch);
    const learningRate = optimizer.paramGroups[0]?.learningRate ?? NaN;
    model.train(true);
    let lossSum = 0;
    let samples = 0;
    let batchIndex = 0;
    for (const batch of options.data) {
      cb.onBatchBegin?.(epoch + 1, batchIndex);
      if (options.schedule && scheduleUnit === 'update') applySchedule(schedulable, options.schedule, updates);
      optimizer.zeroGrad(true);
      const inputs = options.augment ? options.augment(batch.x) : batch.x;
      const loss = options.loss(model.forward(inputs), batch.y);
      const value = loss.item();
      if (!Number.isFinite(value)) {
        throw new NonFiniteError(`non-finite loss ${value} at epoch ${epoch + 1}, batch ${batchIndex + 1}`, epoch + 1, batchIndex + 1, null);
      }
      loss.backward();
      if (options.clipGradValue !== undefined) clipGradientValue(params.map(([, p]) => p), options.clipGradValue);
      if (options.clipGradNorm !== undefined) clipGradientNorm(params.map(([, p]) => p), options.clipGradNorm);
      checkGradients(params, epoch + 1, batchIndex + 1);
      noGrad(() => optimizer.step());
      checkParameters(params, epoch + 1, batchIndex + 1);
      updates++;
      if (options.averaging && averaging) averaging = options.averaging.update(averaging, liveArrays);
      const size = batch.x.shape[0] ?? 1;
      lossSum += value * size;
      samples += size;
      cb.onBatchEnd?.({ epoch: epoch + 1, batch: batchIndex, updates, loss: value, batchSize: size });
      batchIndex++;
    }
    epoch++;

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
    };
    history.push(record);

    let isBest = true;
    let stop = false;
    if (options.earlyStopping && held) {
      const metric = (options.earlyStopping.monitor ?? 'validationLoss') === 'validationError' ? held.error ?? held.loss : held.loss;
      const r = updateEarlyStopping(stopping, options.earlyStopping, epoch, metric);
      stopping = r.state;
      isBest = r.improved;
      stop = r.stop;
      if (r.improved && (options.earlyStopping.restoreBest ?? true)) {
        bestWeights = Object.fromEntries(params.map(([name, p]) => [name, Array.from(p.data)]));
      }
    }
    await options.onCheckpoint?.(capture(), { isBest });
    const verdict = await cb.onEpochEnd?.(record);
    if (stop) {
      stopReason = 'early-stopping';
      break;
    }
    if (verdict === 'stop') {
      stopReason = 'callback';
      break;
    }
  }

  if (options.earlyStopping && (options.earlyStopping.restoreBest ?? true) && bestWeights) {
    for (const [name, p] of params) p.data.set(bestWeights[name]!);
  }
  return { history, stopReason, bestEpoch: stopping.bestEpoch || epoch, state: capture() };
}
