/**
 * The schedule contract: a learning-rate schedule is a pure function of the step count, as in Optax.
 * Schedules that cycle momentum (OneCycleLR, CyclicLR) carry a second function of the step.
 */

/**
 * A learning-rate schedule: `step → learningRate`, where `step` is the number of scheduler steps
 * taken so far (PyTorch's `last_epoch`). `schedule(0)` is the rate used before the first step.
 *
 * The result depends only on `step`: calling it twice with the same step gives the same value.
 *
 * @example
 * ```ts
 * const schedule = exponentialLR({ learningRate: 0.1, gamma: 0.9 });
 * schedule(0); // 0.1
 * schedule(2); // 0.08100000000000002 (0.1 · 0.9 · 0.9, multiplied in that order as PyTorch does)
 * ```
 */
export interface Schedule {
  (step: number): number;
  /** Present on schedules that cycle momentum: the momentum (or β1) for the same step. */
  readonly momentum?: Schedule;
}

/**
 * A schedule known to cycle momentum (SGD's `momentum`, or Adam's β1): `schedule(step)` is the
 * learning rate and `schedule.momentum(step)` the momentum for the same step.
 *
 * @example
 * ```ts
 * const s = oneCycleLR({ maxLr: 1, totalSteps: 30 });
 * if (hasMomentum(s)) s.momentum(0); // 0.95 (= maxMomentum)
 * ```
 */
export type MomentumSchedule = Schedule & { readonly momentum: Schedule };

/** Throws unless `step` is a finite number >= 0 (an integer when `integer` is set). */
export function checkStep(owner: string, step: number, integer: boolean): void {
  if (typeof step !== 'number' || !Number.isFinite(step) || step < 0 || (integer && !Number.isInteger(step))) {
    throw new Error(
      `${owner}: invalid step: ${String(step)} (expected a ${integer ? 'non-negative integer' : 'finite number >= 0'})`,
    );
  }
}

/** A closed-form schedule: validates the step, then evaluates `value(step)`. */
export function closedForm(owner: string, value: (step: number) => number, integer = true): Schedule {
  return (step: number) => {
    checkStep(owner, step, integer);
    return value(step);
  };
}

// NOTE: a checkpoint of the recursion every CHECKPOINT_EVERY steps makes a backward jump cost at most
// that many steps; forward (training) access costs one step each.
const CHECKPOINT_EVERY = 1024;

/**
 * A schedule defined by a recursion, the way PyTorch's chainable schedulers compute it:
 * `lr_0 = first`, `lr_k = next(lr_{k-1}, k)`. Reproducing the recursion (rather than the closed form)
 * gives PyTorch's floating-point values bit for bit.
 *
 * Evaluation replays the recursion from the nearest computed point, so sequential access costs O(1)
 * per step and a random access at most O(1024). The cache is hidden: the function stays pure.
 */
export function recurrence(
  owner: string,
  first: number,
  next: (previous: number, step: number) => number,
): Schedule {
  const checkpoints: number[] = [first];
  let lastStep = 0;
  let lastValue = first;
  return (step: number) => {
    checkStep(owner, step, true);
    if (step < lastStep) {
      const c = Math.floor(step / CHECKPOINT_EVERY);
      lastStep = c * CHECKPOINT_EVERY;
      lastValue = checkpoints[c]!;
    }
    while (lastStep < step) {
      lastStep++;
      lastValue = next(lastValue, lastStep);
      if (lastStep % CHECKPOINT_EVERY === 0) checkpoints[lastStep / CHECKPOINT_EVERY] = lastValue;
    }
    return lastValue;
  };
}

const restartVariants = new WeakMap<Schedule, (lrBefore: number) => Schedule>();

/**
 * Registers how `schedule` behaves when PyTorch's SequentialLR restarts it at a milestone
 * (`scheduler.step(0)`). `restart` receives the learning rate in force just before the milestone (the
 * optimizer's `lr`, which schedulers without a closed form, SWALR and MultiplicativeLR, start from).
 * Returns `schedule`.
 */
export function withRestart<S extends Schedule>(schedule: S, restart: (lrBefore: number) => Schedule): S {
  restartVariants.set(schedule, restart);
  return schedule;
}

/**
 * The schedule as SequentialLR / {@link joinSchedules} runs it after a milestone, given the rate
 * `lrBefore` in force just before it: identical to `schedule` except where PyTorch's `step(0)` differs
 * from the recursion's start — the closed form at step 0 (CosineAnnealingLR:
 * `etaMin + (lr - etaMin)·(1 + cos 0)/2`), or, for schedulers without one, a start from `lrBefore`
 * (MultiplicativeLR; SWALR, which also counts its steps from its construction).
 */
export function restarted(schedule: Schedule, lrBefore: number): Schedule {
  return restartVariants.get(schedule)?.(lrBefore) ?? schedule;
}

/**
 * PyTorch's chainable form of a scheduler: the rate after step `step` given the rate `lr` in force
 * before it (the optimizer's `group['lr']`); `step` 0 is the scheduler's construction.
 */
export type ChainStep = (lr: number, step: number) => number;

interface Chainable {
  /** η₀, the optimizer's initial rate the schedule was built for (PyTorch's `base_lrs`). */
  learningRate: number;
  step: ChainStep;
}

const chainables = new WeakMap<Schedule, Chainable>();

/**
 * A {@link recurrence} that also records PyTorch's chainable form, so that
 * {@link chainedScheduler} can apply it to a rate other schedulers have changed:
 * `η_0 = start(η₀)`, `η_k = next(η_{k-1}, k)`. `start(lr)` is the rate the scheduler sets at its
 * construction when the optimizer's rate is `lr` (ConstantLR: `lr·factor`; most: `lr`).
 */
export function chainableRecurrence(
  owner: string,
  learningRate: number,
  start: (lr: number) => number,
  next: (previous: number, step: number) => number,
): Schedule {
  const schedule = recurrence(owner, start(learningRate), next);
  chainables.set(schedule, { learningRate, step: (lr, k) => (k === 0 ? start(lr) : next(lr, k)) });
  return schedule;
}

/**
 * The chainable form of `schedule` and the base rate it was built for. Schedules that set an absolute
 * rate (LambdaLR, OneCycleLR, CyclicLR, CosineAnnealingWarmRestarts, plain functions) ignore the rate
 * before: their step is `(lr, k) → schedule(k)` and they have no base rate.
 */
export function chainableForm(schedule: Schedule): { learningRate?: number; step: ChainStep } {
  return chainables.get(schedule) ?? { step: (_lr, k) => schedule(k) };
}

/** True when the schedule carries a momentum schedule. */
export function hasMomentum(schedule: Schedule): schedule is MomentumSchedule {
  return typeof schedule.momentum === 'function';
}

/** Attaches a momentum schedule to a learning-rate schedule. */
export function withMomentum(lr: Schedule, momentum: Schedule): MomentumSchedule {
  return Object.assign((step: number) => lr(step), { momentum });
}
