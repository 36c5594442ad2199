/**
 * Option handling shared by the schedules: hyper-parameters are validated against their
 * {@link HyperParameterSpec}s (range, type, default); options that are not plain numbers
 * (milestone lists, functions, sub-schedules) are named separately and checked by the schedule itself.
 */
import type { HyperParameterSpec, NumberSpec } from '../registry/spec.js';
import { rejectUnknownOptions, resolveOptions } from '../registry/validate.js';

/**
 * Validates `options` for `owner` (the class name used in messages, e.g. `StepLR`): unknown names
 * are rejected with the closest valid one, numbers are range-checked, defaults are filled in, and the
 * `structured` options (not described by a spec) are passed through untouched.
 *
 * @example
 * ```ts
 * resolveScheduleOptions('StepLR', specs, { learningRate: 0.1, gama: 0.5 });
 * // Error: StepLR: unknown option 'gama'; did you mean 'gamma'? ...
 * ```
 */
export function resolveScheduleOptions(
  owner: string,
  specs: readonly HyperParameterSpec[],
  options: object | undefined,
  structured: readonly string[] = [],
): Record<string, unknown> {
  const given = (options ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new Error(`${owner}: options must be an object, got ${JSON.stringify(options)}`);
  }
  rejectUnknownOptions(owner, given, [...specs.map((s) => s.name), ...structured]);
  const plain: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (structured.includes(key)) rest[key] = value;
    else plain[key] = value;
  }
  return { ...resolveOptions(owner, specs, plain), ...rest };
}

/** Throws `<owner>: missing required option '<name>'` when a required option is absent. */
export function required<T>(owner: string, values: Record<string, unknown>, name: string): T {
  const value = values[name];
  if (value === undefined || value === null) throw new Error(`${owner}: missing required option '${name}'`);
  return value as T;
}

/**
 * The options of a schedule as its factory reads them once validated: the `required` ones present,
 * the others with their spec's default; a structured option (`S`) that is neither required nor given
 * stays undefined.
 */
export type ResolvedScheduleOptions<T, R extends keyof T, S extends keyof T> = {
  readonly [K in keyof T]-?: K extends S ? (K extends R ? Exclude<T[K], undefined> : T[K]) : Exclude<T[K], undefined>;
};

/**
 * {@link resolveScheduleOptions} and {@link required} in one: validates `options` against `specs`,
 * fills in the defaults, checks that the `required` options are given, and returns them typed as the
 * factory reads them. (An option whose spec has no default and that is not required, such as
 * OneCycleLR's `totalSteps`, would be null when absent: such factories use resolveScheduleOptions.)
 *
 * @example
 * ```ts
 * const { learningRate, stepSize, gamma } = readScheduleOptions('StepLR', stepLRHyperParameters, options, ['learningRate', 'stepSize']);
 * ```
 */
export function readScheduleOptions<T extends object, R extends keyof T & string, S extends keyof T & string = never>(
  owner: string,
  specs: readonly HyperParameterSpec[],
  options: T,
  requiredNames: readonly R[],
  structured: readonly S[] = [],
): ResolvedScheduleOptions<T, R, S> {
  const o = resolveScheduleOptions(owner, specs, options, structured);
  for (const name of requiredNames) required(owner, o, name);
  return o as ResolvedScheduleOptions<T, R, S>;
}

/** The learning-rate spec every schedule with a base rate shares: required, `[0, inf)`, log scale. */
export const LEARNING_RATE_SPEC: NumberSpec = {
  kind: 'number',
  name: 'learningRate',
  default: null,
  min: 0,
  logScale: true,
  doc: "base learning rate (PyTorch: the optimizer's lr when the scheduler is created)",
};

/** Checks a list of milestones: non-negative integers, non-decreasing (or strictly increasing). */
export function checkMilestones(owner: string, name: string, value: unknown, strict: boolean): number[] {
  const ok =
    Array.isArray(value) &&
    value.every((m, i) =>
      typeof m === 'number' && Number.isInteger(m) && m >= 0 &&
      (i === 0 || (strict ? m > (value[i - 1] as number) : m >= (value[i - 1] as number))),
    );
  if (!ok) {
    throw new Error(
      `${owner}: invalid ${name}: ${JSON.stringify(value)} ` +
        `(expected a list of ${strict ? 'increasing' : 'non-decreasing'} non-negative integers)`,
    );
  }
  return [...(value as number[])];
}
