/**
 * One run of a comparison: a configuration trained from the seed's initial weights in the seed's
 * data order. Runs share nothing, so they can go to different worker threads.
 */
import { DataLoader } from '../../data/data-loader.js';
import { manualSeed, Random } from '../../tensor/random.js';
import { evaluate } from '../../train/evaluate.js';
import { fit } from '../../train/fit.js';
import { NonFiniteError } from '../../train/non-finite.js';
import type { LossFunction } from '../../train/types.js';
import { buildModel } from '../../specs/model-spec.js';
import { createOptimizer } from '../../specs/optimizer-spec.js';
import { createSchedule } from '../../specs/schedule-spec.js';
import { createAveraging } from '../../specs/averaging-spec.js';
import { lossByName } from '../../specs/loss-spec.js';
import { loadTaskData } from './task-data.js';
import type { EpochPoint, RunJob, RunProgress, RunResult } from './types.js';

/** The divergence a task names. */
export function taskLoss(loss: RunJob['task']['loss']): LossFunction {
  return lossByName(loss);
}

/**
 * Trains one configuration with one seed and returns its metrics after every epoch (and before the
 * first). The seed fixes the initial weights (the model is built from `new Random(seed)`), the data
 * order (the loader's seed) and dropout (the global generator); the data and split come from the
 * task's `dataSeed`. A non-finite loss or gradient ends the run early: the epochs completed so far
 * are kept and `failure` says what happened. Same job → same numbers (wall time aside).
 *
 * @example
 * const result = await runConfiguration({ task, configuration, seed: 1 });
 * result.points.at(-1)?.validationError;
 */
export async function runConfiguration(job: RunJob, onProgress?: (p: RunProgress) => void): Promise<RunResult> {
  const { task, configuration: c, seed } = job;
  manualSeed(seed);
  const built = buildModel(task.model, new Random(seed));
  const model = built.model;
  const data = await loadTaskData(task, built.inputShape.length === 3);
  const train = data.train;
  // Tuning runs are measured on the validation split, so choosing their setting never sees the test split.
  const test = task.heldOut === 'validation' ? data.validation : data.test;
  if (test === null) throw new Error("a run measured on the validation split needs the task's validationFraction");
  const loss = taskLoss(task.loss);
  const optimizer = createOptimizer(c.optimizer, model.namedParameters(), { ...c.hyperParameters });
  const loader = new DataLoader(train, { batchSize: c.batchSize, seed });
  const schedule = createSchedule(c.schedule, optimizer, task.epochs);
  const averaging = createAveraging(c.averaging);

  const initialTrain = evaluate(model, train, loss);
  const initialTest = evaluate(model, test, loss);
  // The clock starts with training: epoch 0 is at 0 s, later epochs include their own evaluation.
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const points: EpochPoint[] = [{
    epoch: 0,
    updates: 0,
    seconds: 0,
    trainLoss: initialTrain.loss,
    validationLoss: initialTest.loss,
    validationError: initialTest.error,
    learningRate: optimizer.paramGroups[0]?.learningRate ?? NaN,
  }];
  let failure: string | null = null;
  const sharpness = task.sharpnessEvery === undefined ? null : [] as NonNullable<RunResult['sharpness']>;
  try {
    await fit(model, {
      loss,
      optimizer,
      data: loader,
      epochs: task.epochs,
      validation: test,
      ...(schedule ?? {}),
      ...(averaging ?? {}),
      ...(task.sharpnessEvery !== undefined ? { sharpness: { every: task.sharpnessEvery } } : {}),
      callbacks: {
        onEpochEnd: (r) => {
          if (sharpness && r.sharpness) sharpness.push(...r.sharpness);
          points.push({
            epoch: r.epoch,
            updates: r.updates,
            seconds: elapsed(),
            trainLoss: r.trainLoss,
            validationLoss: r.validationLoss ?? NaN,
            validationError: r.validationError,
            learningRate: r.learningRate,
          });
          onProgress?.({ epoch: r.epoch, epochs: task.epochs, validationError: r.validationError });
        },
      },
    });
  } catch (err) {
    if (!(err instanceof NonFiniteError)) throw err;
    failure = err.message;
  }
  return { configurationId: c.id, seed, points, parameters: model.numParameters(), failure, ...(sharpness ? { sharpness } : {}) };
}
