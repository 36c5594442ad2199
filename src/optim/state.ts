/**
 * Optimizer state is plain data: numbers, booleans, strings, null, typed arrays, and arrays or
 * records of those. No closures, so it can be cloned, compared, saved as JSON and restored.
 */
import type { FloatArray } from './types.js';

/** A value that may appear in optimizer state. */
export type StateValue = number | boolean | string | null | FloatArray | readonly StateValue[] | { readonly [key: string]: StateValue };

/** A typed array as JSON: its dtype and its values (every float32/float64 value is exact as a JSON number). */
export interface JsonTypedArray {
  dtype: 'float32' | 'float64';
  data: number[];
}

/** The JSON form of a {@link StateValue}: typed arrays become {@link JsonTypedArray}. */
export type JsonStateValue = number | boolean | string | null | JsonTypedArray | JsonStateValue[] | { [key: string]: JsonStateValue };

/** True for Float32Array and Float64Array. */
export function isFloatArray(v: unknown): v is FloatArray {
  return v instanceof Float64Array || v instanceof Float32Array;
}

/** The dtype name of a float array. */
export function dtypeOf(a: FloatArray): 'float32' | 'float64' {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** A zero-filled array of the same dtype and length as `like`. */
export function zerosLike(like: FloatArray): FloatArray {
  return like instanceof Float32Array ? new Float32Array(like.length) : new Float64Array(like.length);
}

/** A deep copy: typed arrays are copied, so updating the copy never touches the original. */
export function cloneState<S extends StateValue>(state: S): S {
  return cloneValue(state) as S;
}

function cloneValue(v: StateValue): StateValue {
  if (v === null || typeof v !== 'object') return v;
  if (isFloatArray(v)) return v.slice();
  if (Array.isArray(v)) return v.map(cloneValue);
  const out: Record<string, StateValue> = {};
  for (const [k, x] of Object.entries(v as Record<string, StateValue>)) out[k] = cloneValue(x);
  return out;
}

/**
 * Converts state to JSON-able data (typed arrays → `{dtype, data}`), so `JSON.stringify` works and
 * {@link stateFromJson} restores the exact bits.
 *
 * @example
 * const saved = JSON.stringify(stateToJson(state));
 * const restored = stateFromJson(JSON.parse(saved));
 */
export function stateToJson(v: StateValue): JsonStateValue {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      // JSON has no NaN/Infinity; refusing is better than silently saving null.
      throw new Error(`optimizer state: cannot save the non-finite number ${v} as JSON`);
    }
    return v;
  }
  if (isFloatArray(v)) return { dtype: dtypeOf(v), data: Array.from(v) };
  if (Array.isArray(v)) return v.map(stateToJson);
  const out: Record<string, JsonStateValue> = {};
  for (const [k, x] of Object.entries(v as Record<string, StateValue>)) out[k] = stateToJson(x);
  return out;
}

/** True for the JSON encoding of a typed array. */
export function isJsonTypedArray(v: unknown): v is JsonTypedArray {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (o.dtype === 'float32' || o.dtype === 'float64') && Array.isArray(o.data) && Object.keys(o).length === 2;
}

/** Inverse of {@link stateToJson}. */
export function stateFromJson(v: JsonStateValue): StateValue {
  if (v === null || typeof v !== 'object') return v;
  if (isJsonTypedArray(v)) return v.dtype === 'float32' ? Float32Array.from(v.data) : Float64Array.from(v.data);
  if (Array.isArray(v)) return v.map(stateFromJson);
  const out: Record<string, StateValue> = {};
  for (const [k, x] of Object.entries(v)) out[k] = stateFromJson(x);
  return out;
}

/**
 * Value equality of two states: same structure, same dtypes, every number equal (NaN equals NaN;
 * -0 equals 0, because JSON, and so a saved state, cannot tell them apart).
 */
export function stateEquals(a: StateValue, b: StateValue): boolean {
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') {
    return sameNumber(a, b);
  }
  if (isFloatArray(a) || isFloatArray(b)) {
    if (!isFloatArray(a) || !isFloatArray(b) || dtypeOf(a) !== dtypeOf(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameNumber(a[i]!, b[i]!)) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, StateValue>;
  const rb = b as Record<string, StateValue>;
  return ka.every((k) => k in rb && stateEquals(ra[k]!, rb[k]!));
}

function sameNumber(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
