/**
 * One network of the lab trained by one optimizer: its model (built from the lab's seed, so every
 * run of a race starts from the same weights), the registry optimizer, the schedule, and what the
 * run recorded (curves, sharpness, weight snapshots, averaged weights).
 */
import { findSchedule, flattenParameters, optimizerEntry, type OptimizerWithLearningRate, type Schedule, type Tensor } from '../../src/index.js';
import type { LabConfig, RunSpec } from './config.js';
import { buildModel, type LabModel } from './model-spec.js';

/** Why a run stopped. */
export type LabStop = 'step cap' | 'diverged' | 'error';

/** One point of a run's curves. */
export interface MetricsPoint {
  step: number;
  trainLoss: number;
  testLoss: number;
  /** Misclassified fraction (classes) or RMSE (regression). */
  trainError: number;
  testError: number;
  /** Held-out loss and error of the averaged weights (EMA/SWA), when averaging is on. */
  averagedTestLoss?: number;
  averagedTestError?: number;
}

/** One sharpness measurement. */
export interface SharpnessPoint {
  step: number;
  /** λmax of the full training loss's Hessian. */
  lambda: number;
  /** The learning rate in force: the edge of stability is λmax = 2/η. */
  learningRate: number;
}

/** One network trained by one optimizer. */
export class LabRun {
  readonly spec: RunSpec;
  readonly net: LabModel;
  readonly optimizer: OptimizerWithLearningRate;
  readonly initial: Float64Array;
  step = 0;
  stopped: LabStop | null = null;
  stopNote = '';
  readonly history: MetricsPoint[] = [];
  readonly sharpness: SharpnessPoint[] = [];
  /** Weight snapshots for the landscape's projected trajectory. */
  readonly trajectory: Float64Array[] = [];
  averaged: Float64Array | null = null;
  averagedCount = 0;
  private readonly schedule: Schedule | null;
  readonly baseLearningRate: number;

  constructor(spec: RunSpec, config: LabConfig, inputs: number) {
    this.spec = spec;
    this.net = buildModel(config.model, inputs, config.seed);
    const entry = optimizerEntry(spec.optimizer);
    this.optimizer = entry.create(this.net.model.namedParameters(), { ...spec.options });
    this.baseLearningRate = this.optimizer.paramGroups[0]!.learningRate;
    this.schedule = makeSchedule(config, this.baseLearningRate);
    this.initial = flattenParameters(this.params());
  }

  /** The trainable parameters, as analysis functions take them. */
  params(): Array<[string, Tensor]> {
    return this.net.model.namedParameters();
  }

  /** The learning rate the next step uses. */
  get learningRate(): number {
    return this.optimizer.paramGroups[0]!.learningRate;
  }

  /** Sets the schedule's rate for step `k` on every parameter group. */
  applySchedule(k: number): void {
    if (!this.schedule) return;
    const lr = this.schedule.value(k);
    for (const g of this.optimizer.paramGroups) g.learningRate = lr;
  }
}

function makeSchedule(config: LabConfig, lr: number): Schedule | null {
  const cap = config.maxSteps;
  switch (config.schedule) {
    case 'constant': return null;
    case 'cosine': return (findSchedule('cosine').create as (o: Record<string, unknown>) => Schedule)({ learningRate: lr, tMax: cap });
    // γ so that the rate falls 100× over the run.
    case 'exponential': return (findSchedule('exponential').create as (o: Record<string, unknown>) => Schedule)({ learningRate: lr, gamma: Math.pow(0.01, 1 / cap) });
    case 'step': return (findSchedule('step').create as (o: Record<string, unknown>) => Schedule)({ learningRate: lr, stepSize: Math.max(1, Math.floor(cap / 4)), gamma: 0.3 });
  }
}
