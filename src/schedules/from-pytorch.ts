/**
 * Building descent schedules from a PyTorch scheduler description (class name and constructor
 * kwargs, snake_case), e.g. to port a training configuration or to replay PyTorch golden data.
 */
import { cosineAnnealingLR } from './cosine-annealing-lr.js';
import { cosineAnnealingWarmRestarts } from './cosine-annealing-warm-restarts.js';
import { constantLR } from './constant-lr.js';
import { cyclicLR } from './cyclic-lr.js';
import { exponentialLR } from './exponential-lr.js';
import { lambdaLR } from './lambda-lr.js';
import { multiplicativeLR } from './multiplicative-lr.js';
import { chainedScheduler } from './chained.js';
import { linearLR } from './linear-lr.js';
import { multiStepLR } from './multi-step-lr.js';
import { oneCycleLR } from './one-cycle-lr.js';
import { polynomialLR } from './polynomial-lr.js';
import { reduceLROnPlateau, type PlateauScheduler } from './reduce-lr-on-plateau.js';
import type { Schedule } from './schedule.js';
import { sequentialLR } from './sequential.js';
import { stepLR } from './step-lr.js';
import { swaLR } from './swalr.js';

/** PyTorch's snake_case argument name in descent's camelCase: `T_max → tMax`, `eta_min → etaMin`. */
export function camelCaseName(name: string): string {
  const [head, ...rest] = name.split('_');
  return head!.toLowerCase() + rest.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** Converts kwargs: camelCase names, `None` (null) dropped, `last_epoch` must be -1, `verbose` ignored. */
function convertKwargs(owner: string, kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'verbose') continue;
    if (key === 'last_epoch') {
      if (value !== -1) throw new Error(`${owner}: last_epoch ${String(value)} (resuming) is not supported; restore the step count instead`);
      continue;
    }
    if (value === null) continue;
    out[camelCaseName(key)] = value;
  }
  return out;
}

const WITH_BASE_LR: Record<string, (o: never) => Schedule> = {
  StepLR: stepLR,
  MultiStepLR: multiStepLR,
  ExponentialLR: exponentialLR,
  CosineAnnealingLR: cosineAnnealingLR,
  CosineAnnealingWarmRestarts: cosineAnnealingWarmRestarts,
  LinearLR: linearLR,
  ConstantLR: constantLR,
  PolynomialLR: polynomialLR,
  SWALR: swaLR,
};

/**
 * The descent schedule equivalent to `torch.optim.lr_scheduler.<scheduler>(optimizer, **kwargs)` on an
 * optimizer whose learning rate is `learningRate`: `schedule.value(k)` is `param_groups[0]['lr']` after k
 * calls of `scheduler.step()`. Supports StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR,
 * CosineAnnealingWarmRestarts, LinearLR, ConstantLR, PolynomialLR, OneCycleLR, CyclicLR (built-in
 * modes), LambdaLR and MultiplicativeLR (lambda text, other kwargs are its constants), SequentialLR
 * (`schedulers: [{scheduler, kwargs}]`, with `milestones`), ChainedScheduler (`schedulers` likewise)
 * and SWALR (`swa_utils.SWALR`). Unknown kwargs are errors.
 *
 * Reference: https://pytorch.org/docs/1.13/optim.html#how-to-adjust-learning-rate
 *
 * @example
 * ```ts
 * const s = scheduleFromPyTorch('CosineAnnealingLR', { T_max: 12, eta_min: 0.005 }, 0.1);
 * s.value(12); // 0.005
 * ```
 */
export function scheduleFromPyTorch(scheduler: string, kwargs: Record<string, unknown>, learningRate: number): Schedule {
  const name = scheduler.replace(/^(torch\.optim\.)?(lr_scheduler\.|swa_utils\.)/, '');
  if (typeof kwargs !== 'object' || kwargs === null) throw new Error(`${name}: kwargs must be an object`);
  const o = convertKwargs(name, kwargs);
  const withBase = WITH_BASE_LR[name];
  if (withBase !== undefined) return withBase({ ...o, learningRate } as never);
  switch (name) {
    case 'OneCycleLR':
      return oneCycleLR(o as never);
    case 'CyclicLR':
      if ('scaleFn' in o) throw new Error('CyclicLR: a Python scale_fn cannot be ported; use scaleFn in TypeScript');
      return cyclicLR(o as never);
    case 'LambdaLR':
    case 'MultiplicativeLR': {
      const constants: Record<string, number> = {};
      for (const [k, v] of Object.entries(kwargs)) {
        if (k !== 'lr_lambda' && k !== 'last_epoch' && k !== 'verbose') constants[k] = v as number;
      }
      const build = name === 'LambdaLR' ? lambdaLR : multiplicativeLR;
      return build({ learningRate, lrLambda: o.lrLambda as string, constants });
    }
    case 'SequentialLR':
      return sequentialLR({ schedules: subSchedules(name, kwargs, learningRate), milestones: o.milestones as number[] });
    case 'ChainedScheduler':
      return chainedScheduler({ schedules: subSchedules(name, kwargs, learningRate) });
    default:
      throw new Error(`scheduleFromPyTorch: unsupported scheduler '${scheduler}'`);
  }
}

/** The sub-schedulers of SequentialLR / ChainedScheduler: `kwargs.schedulers` as `[{scheduler, kwargs}]`. */
function subSchedules(owner: string, kwargs: Record<string, unknown>, learningRate: number): Schedule[] {
  const subs = kwargs.schedulers;
  if (!Array.isArray(subs)) throw new Error(`${owner}: schedulers must be a list of {scheduler, kwargs}`);
  return subs.map((s: unknown, i) => {
    const sub = s as { scheduler?: unknown; kwargs?: unknown };
    if (typeof sub?.scheduler !== 'string' || typeof sub.kwargs !== 'object' || sub.kwargs === null) {
      throw new Error(`${owner}: schedulers[${i}] must be {scheduler: name, kwargs: {...}}`);
    }
    return scheduleFromPyTorch(sub.scheduler, sub.kwargs as Record<string, unknown>, learningRate);
  });
}

/**
 * The descent plateau scheduler equivalent to `ReduceLROnPlateau(optimizer, **kwargs)`.
 *
 * @example
 * ```ts
 * const plateau = plateauFromPyTorch({ mode: 'min', factor: 0.5, patience: 2, threshold_mode: 'rel' });
 * ```
 */
export function plateauFromPyTorch(kwargs: Record<string, unknown>): PlateauScheduler {
  return reduceLROnPlateau(convertKwargs('ReduceLROnPlateau', kwargs));
}
