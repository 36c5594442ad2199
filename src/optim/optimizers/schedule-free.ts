/**
 * What Schedule-Free SGD and Schedule-Free AdamW share (Defazio et al. 2024, "The Road Less
 * Scheduled"; reference: facebookresearch/schedule_free, `*ScheduleFreeReference`): the averaging
 * weights, the train/eval modes and the hyper-parameter specs of the averaging.
 *
 * Schedule-Free keeps three points per parameter: z (the base SGD/Adam iterate), x (a weighted
 * average of the z's: the point to evaluate) and y = β·x + (1 − β)·z (the point where gradients are
 * taken, what the parameters hold while training). `eval()` loads x into the parameters and
 * `train()` loads y back; a step requires train mode.
 */
import type { HyperParameterSpec } from '../../registry/spec.js';
import type { StepState } from './specs.js';
import type { OptimizerDefinition } from '../definition.js';
import { DefinedOptimizer } from '../defined-optimizer.js';
import type { HyperParameters } from '../optimizer.js';
import type { Closure, FloatArray, ParamsInput } from '../types.js';

/** The averaging hyper-parameters every Schedule-Free optimizer has. */
export interface ScheduleFreeAveraging {
  /** Linear warm-up of the learning rate over this many steps (0: none). */
  warmupSteps: number;
  /** Polynomial weighting of the average: step k+1 weighs (k+1)^r (0: uniform). */
  r: number;
  /** The average weighs each step by the largest learning rate so far to this power. */
  weightLrPower: number;
}

/** The per-parameter state every Schedule-Free optimizer keeps (the reference keeps the counters per group). */
export interface ScheduleFreeState extends StepState {
  /** Sum of the averaging weights so far. */
  weightSum: number;
  /** The largest scheduled learning rate so far (−1 before the first step, as in the reference). */
  lrMax: number;
  /** The base iterate z. */
  z: FloatArray;
  /** The averaged point x (what eval mode loads). */
  x: FloatArray;
}

/** The specs of {@link ScheduleFreeAveraging}. */
export const scheduleFreeAveragingSpecs: readonly HyperParameterSpec[] = [
  { kind: 'integer', name: 'warmupSteps', default: 0, min: 0, doc: 'linear learning-rate warm-up over this many steps (0: none)' },
  { kind: 'number', name: 'r', default: 0, min: 0, doc: 'polynomial weighting power r of the average: step k weighs k^r' },
  { kind: 'number', name: 'weightLrPower', default: 2, min: 0, doc: 'the average weighs each step by (max learning rate so far)^power' },
];

/** The scheduled learning rate and averaging coefficient of one step, advancing the counters in `s`. */
export interface ScheduleFreeStep {
  /** The warmed-up learning rate of this step. */
  lr: number;
  /** c_{k+1} = weight / weightSum: how far x moves towards z. */
  ckp1: number;
}

/**
 * The reference's per-step bookkeeping: linear warm-up, the running maximum of the learning rate,
 * the weight (k+1)^r · lrMax^power, and c = weight / weightSum (0 while the sum is 0).
 */
export function scheduleFreeStep(s: ScheduleFreeState, learningRate: number, h: ScheduleFreeAveraging): ScheduleFreeStep {
  const k = s.step;
  const sched = k < h.warmupSteps ? (k + 1) / h.warmupSteps : 1;
  const lr = learningRate * sched;
  s.lrMax = Math.max(lr, s.lrMax);
  const weight = (k + 1) ** h.r * s.lrMax ** h.weightLrPower;
  s.weightSum += weight;
  s.step = k + 1;
  return { lr, ckp1: s.weightSum === 0 ? 0 : weight / s.weightSum };
}

/** Fresh counters and points for parameter `p` (z = x = p). */
export function scheduleFreeInit(p: FloatArray): ScheduleFreeState {
  return { step: 0, weightSum: 0, lrMax: -1, z: p.slice(), x: p.slice() };
}

/**
 * The end of every Schedule-Free step, for coordinate i once z[i] is updated: x ← (1 − c)·x + c·z,
 * then y = β·x + (1 − β)·z written to `out` (in place: the parameter becomes y exactly; pure:
 * `out` receives y − p, so `applyUpdates` gives p + (y − p), within an ulp of y).
 */
export function averageAndInterpolate(i: number, p: FloatArray, s: ScheduleFreeState, ckp1: number, beta: number, out: FloatArray): void {
  const z = s.z[i]!;
  s.x[i] = s.x[i]! * (1 - ckp1) + ckp1 * z;
  // y from the stored x (rounded to the parameter's dtype), as `train()` recomputes it.
  const y = s.x[i]! * beta + (1 - beta) * z;
  out[i] = out === p ? y : out[i]! + (y - p[i]!);
}

/** A Schedule-Free definition: a definition plus the β of y = β·x + (1 − β)·z. */
export interface ScheduleFreeDefinition<H extends object, S extends ScheduleFreeState> extends OptimizerDefinition<H, S> {
  /** The interpolation β between x and z of the training point (momentum, or beta1). */
  interpolation(h: H): number;
}

/** An optimizer with PyTorch-style train/eval modes (Schedule-Free's); see {@link hasTrainEvalModes}. */
export interface TrainEvalModes {
  /** 'train': the parameters hold the training point; 'eval': the point to evaluate. */
  readonly mode: 'train' | 'eval';
  /** Loads the training point into the parameters (steps need it). */
  train(): void;
  /** Loads the point to evaluate into the parameters (held-out evaluation, checkpoints, export). */
  eval(): void;
}

/**
 * True when `optimizer` has train/eval modes (Schedule-Free optimizers): `fit` evaluates and
 * checkpoints in eval mode and trains in train mode.
 */
export function hasTrainEvalModes(optimizer: unknown): optimizer is TrainEvalModes {
  const o = optimizer as Partial<TrainEvalModes> | null;
  return typeof o === 'object' && o !== null && typeof o.train === 'function' && typeof o.eval === 'function' && (o.mode === 'train' || o.mode === 'eval');
}

/**
 * The class of a Schedule-Free optimizer: the optimizer class with `train()` / `eval()`. A new
 * optimizer is in train mode; `step()` in eval mode is an error (as in the reference). The modes
 * are what the parameters hold, so `train()` always recomputes y from x and z (the same formula
 * as the step, the same bits): after loading a checkpoint saved in eval mode, `train()` puts the
 * training point back.
 */
export class ScheduleFreeOptimizer<H extends HyperParameters, S extends ScheduleFreeState> extends DefinedOptimizer<H, S> implements TrainEvalModes {
  private current: 'train' | 'eval' = 'train';

  constructor(private readonly sf: ScheduleFreeDefinition<H, S>, params: ParamsInput, options: object = {}) {
    super(sf, params, options);
  }

  get mode(): 'train' | 'eval' {
    return this.current;
  }

  eval(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s !== undefined) p.data.set(s.x);
      }
    }
    this.current = 'eval';
  }

  train(): void {
    for (const group of this.paramGroups) {
      const beta = this.sf.interpolation(this.hyperOf(group));
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s === undefined) continue;
        for (let i = 0; i < p.data.length; i++) p.data[i] = s.x[i]! * beta + (1 - beta) * s.z[i]!;
      }
    }
    this.current = 'train';
  }

  override step(closure?: Closure): number | undefined {
    if (this.current !== 'train') {
      throw new Error(`${this.name}: step() in eval mode: call optimizer.train() before training (and optimizer.eval() before evaluating)`);
    }
    return super.step(closure);
  }
}

