/**
 * The averaging contract: an averager is a pair of pure functions over plain-data state (Optax style),
 * `init(params)` and `update(state, params)`, over named parameter arrays. Every averager here shares
 * AveragedModel's convention: the first update copies the iterate, later ones apply a rule.
 */

/** A parameter's values: float32 or float64, flattened. */
export type ParameterArray = Float32Array | Float64Array;

/** Parameters by name: a plain object or a Map from name to values. */
export type NamedParameters = Readonly<Record<string, ParameterArray>> | ReadonlyMap<string, ParameterArray>;

/**
 * The state of an averager: plain data, keyed by parameter name. Averages are kept in float64 whatever
 * the parameters' dtype, so long runs do not lose precision. See `averagingStateToJSON` for checkpoints.
 */
export interface AveragingState {
  /** Which averager produced it ('polyak', 'polynomial-decay', 'ema', 'swa'); checked on update. */
  kind: string;
  /** n: how many iterates have been averaged (PyTorch's `n_averaged`). */
  count: number;
  /** x̄: the average of each parameter (before the first update: a copy of the initial values). */
  averaged: Record<string, Float64Array>;
}

/**
 * An averaging rule as pure functions. `update` never modifies its inputs.
 *
 * @example
 * ```ts
 * const avg = polyak();
 * let state = avg.init({ w });
 * state = avg.update(state, { w }); // after each optimizer step
 * ```
 */
export interface Averager {
  /** The `kind` of the states it produces. */
  readonly kind: string;
  /** A state with count 0 whose averages are copies of `params` (as PyTorch's AveragedModel deep copy). */
  init(params: NamedParameters): AveragingState;
  /** Feeds one iterate: copies it if count is 0, else combines it with the average. */
  update(state: AveragingState, params: NamedParameters): AveragingState;
}

/** The (name, values) pairs of named parameters, whichever container holds them. */
export function parameterEntries(params: NamedParameters): [string, ParameterArray][] {
  const entries = params instanceof Map ? [...params.entries()] : Object.entries(params as Record<string, ParameterArray>);
  for (const [name, values] of entries) {
    if (!(values instanceof Float32Array || values instanceof Float64Array)) {
      throw new Error(`parameter '${name}' must be a Float32Array or Float64Array`);
    }
  }
  return entries;
}

/** Checks that `params` has exactly the names and lengths of `averaged`; errors name the parameter. */
export function checkSameParameters(owner: string, averaged: Record<string, Float64Array>, params: NamedParameters): [string, ParameterArray][] {
  const entries = parameterEntries(params);
  const names = Object.keys(averaged);
  for (const [name, values] of entries) {
    const avg = averaged[name];
    if (avg === undefined) throw new Error(`${owner}: unknown parameter '${name}' (the state has ${names.join(', ') || 'none'})`);
    if (avg.length !== values.length) {
      throw new Error(`${owner}: parameter '${name}' has ${values.length} values but the state has ${avg.length}`);
    }
  }
  if (entries.length !== names.length) {
    const given = new Set(entries.map(([n]) => n));
    throw new Error(`${owner}: parameter '${names.find((n) => !given.has(n))}' is missing`);
  }
  return entries;
}

/**
 * Builds an averager from an element-wise rule `combine(x̄, x, n)` (n = iterates averaged so far, ≥ 1):
 * the first update copies the iterate, each later one sets `x̄ ← combine(x̄, x, n)`, then n ← n + 1.
 *
 * @example
 * ```ts
 * const halfway = makeAverager('halfway', (avg, x) => (avg + x) / 2);
 * ```
 */
export function makeAverager(kind: string, combine: (averaged: number, current: number, count: number) => number): Averager {
  return {
    kind,
    init(params) {
      const averaged: Record<string, Float64Array> = {};
      for (const [name, values] of parameterEntries(params)) averaged[name] = Float64Array.from(values);
      return { kind, count: 0, averaged };
    },
    update(state, params) {
      if (state.kind !== kind) throw new Error(`${kind}: cannot update a '${state.kind}' averaging state`);
      if (!Number.isInteger(state.count) || state.count < 0) throw new Error(`${kind}: invalid state count: ${state.count}`);
      const n = state.count;
      const averaged: Record<string, Float64Array> = {};
      for (const [name, x] of checkSameParameters(kind, state.averaged, params)) {
        const previous = state.averaged[name]!;
        const next = new Float64Array(x.length);
        if (n === 0) next.set(x);
        else for (let i = 0; i < x.length; i++) next[i] = combine(previous[i]!, x[i]!, n);
        averaged[name] = next;
      }
      return { kind, count: n + 1, averaged };
    },
  };
}
