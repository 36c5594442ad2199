/**
 * The Optax-style core: an optimizer is a pair of pure functions over plain-data state.
 *
 *   state = tx.init(params)
 *   { updates, state } = tx.update(grads, state, params)
 *   params = applyUpdates(params, updates)        // p + u, element by element
 *
 * `update` never mutates its arguments, so a trajectory can be replayed, compared or scrubbed by
 * keeping old states. `chain(a, b, c)` feeds a's updates into b and b's into c.
 */
import { cloneState, type StateValue } from './state.js';
import type { FloatArray } from './types.js';

/** What `update` returns: the updates to add to the parameters and the new state. */
export interface UpdateResult<S> {
  /** One array per parameter; `applyUpdates` adds them. Transforms return Float64Array updates. */
  updates: FloatArray[];
  state: S;
}

/**
 * A gradient transformation: `init` builds the state, `update` maps incoming updates (gradients at
 * the start of a chain) to outgoing updates, never touching its inputs.
 *
 * @example
 * const tx = chain(clipByGlobalNorm(1), adam({ learningRate: 1e-2 }));
 * let state = tx.init(params);
 * const { updates, state: next } = tx.update(grads, state, params);
 * params = applyUpdates(params, updates);
 */
export interface GradientTransformation<S extends StateValue = StateValue> {
  /** A short name for messages and state dicts, e.g. `Adam` or `chain(clipByGlobalNorm, Adam)`. */
  readonly name: string;
  init(params: readonly FloatArray[]): S;
  update(updates: readonly FloatArray[], state: S, params: readonly FloatArray[]): UpdateResult<S>;
}

/**
 * Composes transformations left to right; the state is the array of the parts' states.
 *
 * Math: u ← t_k(… t_2(t_1(g)) …).
 *
 * @example
 * const adamw = chain(scaleByAdam(), addDecayedWeights(1e-2), scaleByLearningRate(1e-3));
 */
export function chain(...parts: GradientTransformation<StateValue>[]): GradientTransformation<StateValue[]> {
  return {
    name: `chain(${parts.map((p) => p.name).join(', ')})`,
    init: (params) => parts.map((p) => p.init(params)),
    update(updates, state, params) {
      if (!Array.isArray(state) || state.length !== parts.length) {
        throw new Error(`${this.name}: state has ${Array.isArray(state) ? state.length : 'no'} parts, expected ${parts.length}`);
      }
      let u: readonly FloatArray[] = updates;
      const next: StateValue[] = [];
      parts.forEach((part, i) => {
        const r = part.update(u, state[i]!, params);
        u = r.updates;
        next.push(r.state);
      });
      return { updates: u as FloatArray[], state: next };
    },
  };
}

/** The identity transformation (state `null`): handy as a default or placeholder in a chain. */
export function identity(): GradientTransformation<null> {
  return { name: 'identity', init: () => null, update: (updates) => ({ updates: updates.map((u) => Float64Array.from(u)), state: null }) };
}

/**
 * Returns new parameter arrays `p + u` of the parameters' own dtype (the inputs are not touched).
 *
 * @example
 * params = applyUpdates(params, updates);
 */
export function applyUpdates(params: readonly FloatArray[], updates: readonly FloatArray[]): FloatArray[] {
  checkSameLengths('applyUpdates', params, updates);
  return params.map((p, k) => {
    const u = updates[k]!;
    const out = p.slice();
    for (let i = 0; i < out.length; i++) out[i] = p[i]! + u[i]!;
    return out;
  });
}

/** Adds `updates` to `params` in place (the façade's path for a chain). */
export function applyUpdatesInPlace(params: readonly FloatArray[], updates: readonly FloatArray[]): void {
  checkSameLengths('applyUpdatesInPlace', params, updates);
  params.forEach((p, k) => {
    const u = updates[k]!;
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + u[i]!;
  });
}

/** Throws unless the two lists hold arrays of matching lengths. */
export function checkSameLengths(owner: string, a: readonly FloatArray[], b: readonly FloatArray[]): void {
  if (a.length !== b.length) throw new Error(`${owner}: ${a.length} parameter arrays but ${b.length} update/gradient arrays`);
  a.forEach((x, i) => {
    if (x.length !== b[i]!.length) throw new Error(`${owner}: array ${i} has ${x.length} values but its partner has ${b[i]!.length}`);
  });
}

/** A stateless transformation from an element-wise map (the helper behind clipping and weight decay). */
export function mapUpdates(
  name: string,
  fn: (updates: readonly FloatArray[], params: readonly FloatArray[]) => FloatArray[],
): GradientTransformation<null> {
  return {
    name,
    init: () => null,
    update(updates, state, params) {
      checkSameLengths(name, params, updates);
      return { updates: fn(updates, params), state: cloneState(state) };
    },
  };
}
