/**
 * The schedule contract: a learning-rate schedule is one plain object. Its `value(step)` is a pure
 * function of the step count, as in Optax; everything else PyTorch's schedulers do with it (cycling
 * momentum, restarting inside SequentialLR, composing inside ChainedScheduler) is an explicit,
 * optional field of the same object, so two schedules behave alike exactly when their fields do.
 *
 * A schedule is applied in one of two ways: by {@link scaleByLearningRate} inside a pure
 * transformation chain (Optax style), or by {@link applySchedule}, which writes `value(step)` (and
 * `momentum(step)`) into a PyTorch-style optimizer's parameter groups.
 */

/**
 * PyTorch's chainable form of a scheduler (its `get_lr`), which {@link chainedScheduler} composes:
 * how the scheduler changes the rate in force, rather than the rate it would set on its own.
 */
export interface ChainableForm {
  /** η₀, the optimizer's initial rate the schedule was built for (PyTorch's `base_lrs`). */
  readonly learningRate: number;
  /**
   * The rate after step `step` given the rate `lr` in force before it (the optimizer's
   * `group['lr']`); step 0 is the scheduler's construction (ConstantLR: `lr·factor`; most: `lr`).
   */
  readonly step: (lr: number, step: number) => number;
}

/**
 * A learning-rate schedule: `value(step)` is the learning rate after `step` scheduler steps
 * (PyTorch's `last_epoch`); `value(0)` is the rate used before the first step. The value depends only
 * on `step`: calling it twice with the same step gives the same result. The functions are plain
 * fields (they do not use `this`), so `schedule.value` may be passed around on its own.
 *
 * The optional fields say, explicitly, how the schedule behaves beyond its values:
 * - `momentum`: the schedule cycles momentum (OneCycleLR, CyclicLR);
 * - `restartFrom`: PyTorch's SequentialLR restarts it differently from its own step 0;
 * - `chainable`: PyTorch's ChainedScheduler multiplies the rate in force instead of overwriting it;
 * - `chained`: it is a ChainedScheduler, which PyTorch's SequentialLR cannot hold.
 *
 * Any object of this shape is a schedule: `{ value: (k) => 0.1 / (1 + k) }` is a 1/k decay.
 *
 * @example
 * ```ts
 * const schedule = exponentialLR({ learningRate: 0.1, gamma: 0.9 });
 * schedule.value(0); // 0.1
 * schedule.value(2); // 0.08100000000000002 (0.1 · 0.9 · 0.9, multiplied in that order as PyTorch does)
 * ```
 */
export interface Schedule {
  /** The learning rate after `step` steps. */
  readonly value: (step: number) => number;
  /**
   * Present on schedules that cycle momentum (OneCycleLR, CyclicLR): the momentum (SGD, RMSprop) or
   * β1 (Adam family) for the same step, which {@link applySchedule} writes next to the rate.
   */
  readonly momentum?: (step: number) => number;
  /**
   * How PyTorch 1.13's SequentialLR runs this schedule after a milestone (`scheduler.step(0)`), given
   * `lrBefore`, the rate in force just before the milestone. Absent: the schedule runs unchanged from
   * its own step 0. Present where PyTorch's `step(0)` differs from the recursion's start: the closed
   * form at step 0 (CosineAnnealingLR, ConstantLR), or a start from `lrBefore` for the schedulers
   * without a closed form (MultiplicativeLR; SWALR, which also counts its steps from its construction).
   */
  readonly restartFrom?: (lrBefore: number) => Schedule;
  /**
   * PyTorch's chainable form, for {@link chainedScheduler}. Present on the multiplicative schedulers
   * (StepLR, MultiStepLR, ExponentialLR, LinearLR, ConstantLR, PolynomialLR, CosineAnnealingLR,
   * MultiplicativeLR, SWALR); absent, the schedule sets an absolute rate, `(lr, k) → value(k)`, and
   * overwrites what the schedules before it in the chain did.
   */
  readonly chainable?: ChainableForm;
  /**
   * True on what {@link chainedScheduler} returns: PyTorch 1.13's SequentialLR cannot hold a
   * ChainedScheduler (it rewinds `last_epoch`, which ChainedScheduler lacks), so
   * {@link sequentialLR} rejects it. {@link joinSchedules} accepts it.
   */
  readonly chained?: true;
}

/** A schedule known to cycle momentum: `momentum(step)` is the momentum (or β1) for the same step. */
export type MomentumSchedule = Schedule & { readonly momentum: (step: number) => number };

/** True when `value` is a schedule object (has a `value` function). */
export function isSchedule(value: unknown): value is Schedule {
  return typeof value === 'object' && value !== null && typeof (value as { value?: unknown }).value === 'function';
}

/**
 * True when the schedule cycles momentum.
 *
 * @example
 * ```ts
 * const s = oneCycleLR({ maxLr: 1, totalSteps: 30 });
 * if (hasMomentum(s)) s.momentum(0); // 0.95 (= maxMomentum)
 * ```
 */
export function hasMomentum(schedule: Schedule): schedule is MomentumSchedule {
  return typeof schedule.momentum === 'function';
}

/**
 * The chainable form of `schedule`: its own, or for a schedule that sets an absolute rate,
 * `(lr, k) → value(k)` with no base rate.
 */
export function chainableForm(schedule: Schedule): { learningRate?: number; step: ChainableForm['step'] } {
  return schedule.chainable ?? { step: (_lr, k) => schedule.value(k) };
}

/** Throws unless `step` is a finite number >= 0 (an integer when `integer` is set). */
export function checkStep(owner: string, step: number, integer: boolean): void {
  if (typeof step !== 'number' || !Number.isFinite(step) || step < 0 || (integer && !Number.isInteger(step))) {
    throw new Error(
      `${owner}: invalid step: ${String(step)} (expected a ${integer ? 'non-negative integer' : 'finite number >= 0'})`,
    );
  }
}

/** `value` guarded by {@link checkStep}: the function of the step a closed-form schedule exposes. */
export function checkedStepFunction(owner: string, value: (step: number) => number, integer = true): (step: number) => number {
  return (step: number) => {
    checkStep(owner, step, integer);
    return value(step);
  };
}

/** A closed-form schedule: validates the step, then evaluates `value(step)`. */
export function closedForm(owner: string, value: (step: number) => number, integer = true): Schedule {
  return { value: checkedStepFunction(owner, value, integer) };
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
 * per step and a random access at most O(1024). The cache is private to the schedule: `value` stays
 * a pure function of the step.
 */
export function recurrence(owner: string, first: number, next: (previous: number, step: number) => number): Schedule {
  const checkpoints: number[] = [first];
  let lastStep = 0;
  let lastValue = first;
  return {
    value: (step: number) => {
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
    },
  };
}

/**
 * A {@link recurrence} that carries PyTorch's chainable form, so that {@link chainedScheduler} can
 * apply it to a rate other schedulers have changed: `η_0 = start(η₀)`, `η_k = next(η_{k-1}, k)`.
 * `start(lr)` is the rate the scheduler sets at its construction when the optimizer's rate is `lr`
 * (ConstantLR: `lr·factor`; most: `lr`).
 */
export function chainableRecurrence(
  owner: string,
  learningRate: number,
  start: (lr: number) => number,
  next: (previous: number, step: number) => number,
): Schedule {
  return {
    ...recurrence(owner, start(learningRate), next),
    chainable: { learningRate, step: (lr, k) => (k === 0 ? start(lr) : next(lr, k)) },
  };
}

/**
 * The restart PyTorch's SequentialLR gives a recursive scheduler (a {@link Schedule.restartFrom}):
 * the same recursion `next`, from `first(lrBefore)`, with its steps counted from `offset`.
 */
export function restartedRecurrence(
  owner: string,
  next: (previous: number, step: number) => number,
  first: (lrBefore: number) => number,
  offset = 0,
): (lrBefore: number) => Schedule {
  const shifted = offset === 0 ? next : (lr: number, k: number) => next(lr, k + offset);
  return (lrBefore) => recurrence(owner, first(lrBefore), shifted);
}

/**
 * PyTorch's multiplicative schedulers (StepLR, MultiStepLR, ExponentialLR, LinearLR, ConstantLR,
 * PolynomialLR, MultiplicativeLR): each step multiplies the rate in force by a factor of the step,
 * `η_0 = η₀·factor(0)`, `η_k = η_{k-1}·factor(k)`. One multiplication per step, in PyTorch's order, so
 * the values equal PyTorch's bit for bit, and in {@link chainedScheduler} the factors compose.
 * A factor of exactly 1 leaves the rate unchanged (x·1 = x in floating point).
 *
 * `restartAt`, when given, is the rate at which SequentialLR restarts the schedule given the rate in
 * force before the milestone (the same factors follow); without it the schedule restarts unchanged.
 */
export function factorRecurrence(
  owner: string,
  learningRate: number,
  factor: (step: number) => number,
  restartAt?: (lrBefore: number) => number,
): Schedule {
  const next = (lr: number, k: number): number => lr * factor(k);
  const schedule = chainableRecurrence(owner, learningRate, (lr) => next(lr, 0), next);
  return restartAt === undefined ? schedule : { ...schedule, restartFrom: restartedRecurrence(owner, next, restartAt) };
}
