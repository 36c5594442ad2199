/** The plain-data state of ReduceLROnPlateau, and its validation when loaded from a checkpoint. */

/**
 * The state of {@link reduceLROnPlateau}: plain JSON-safe data (no closures, no non-finite numbers),
 * so `JSON.parse(JSON.stringify(state))` restores it exactly.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(state);
 * const restored = loadPlateauState(JSON.parse(saved));
 * ```
 */
export interface PlateauState {
  /** The current learning rate of each parameter group. */
  learningRates: number[];
  /** The best metric seen so far; `null` before the first metric (PyTorch: ±inf, the mode's worst value). */
  best: number | null;
  /** Consecutive steps without improvement (PyTorch's `num_bad_epochs`). */
  numBadEpochs: number;
  /** Steps left in the cool-down after a reduction (PyTorch's `cooldown_counter`). */
  cooldownCounter: number;
  /** The number of metrics fed so far (PyTorch's `last_epoch`). */
  epoch: number;
}

const FIELDS = ['learningRates', 'best', 'numBadEpochs', 'cooldownCounter', 'epoch'] as const;

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * Checks that `value` is a {@link PlateauState} (e.g. read back from a checkpoint) and returns a copy.
 * With `groups`, also checks the number of parameter groups. Errors name the offending field.
 *
 * @example
 * ```ts
 * const state = loadPlateauState(JSON.parse(text), 1);
 * ```
 */
export function loadPlateauState(value: unknown, groups?: number): PlateauState {
  const owner = 'ReduceLROnPlateau';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${owner}: invalid state: expected an object, got ${JSON.stringify(value)}`);
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new Error(`${owner}: invalid state: unknown field '${key}' (fields: ${FIELDS.join(', ')})`);
    }
  }
  const lrs = v.learningRates;
  if (!Array.isArray(lrs) || lrs.length === 0 || !lrs.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
    throw new Error(`${owner}: invalid state: learningRates must be a non-empty list of finite numbers >= 0, got ${JSON.stringify(lrs)}`);
  }
  if (groups !== undefined && lrs.length !== groups) {
    throw new Error(`${owner}: invalid state: it has ${lrs.length} learning rates but the optimizer has ${groups} parameter groups`);
  }
  if (!(v.best === null || (typeof v.best === 'number' && Number.isFinite(v.best)))) {
    throw new Error(`${owner}: invalid state: best must be a finite number or null, got ${JSON.stringify(v.best)}`);
  }
  for (const key of ['numBadEpochs', 'cooldownCounter', 'epoch'] as const) {
    if (!isCount(v[key])) throw new Error(`${owner}: invalid state: ${key} must be a non-negative integer, got ${JSON.stringify(v[key])}`);
  }
  return {
    learningRates: [...(lrs as number[])],
    best: v.best as number | null,
    numBadEpochs: v.numBadEpochs as number,
    cooldownCounter: v.cooldownCounter as number,
    epoch: v.epoch as number,
  };
}
