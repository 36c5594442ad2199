/**
 * The state's arrays in binary: a checkpoint's training state is JSON, except its typed arrays and
 * long number arrays, which go to a safetensors file and are referenced from the JSON by key.
 */
import { Tensor } from '../tensor/tensor.js';
import { StateProblem } from './checkpoint-state.js';

/** Deeper nesting than any training state has: refused rather than risking the stack. */
const MAX_DEPTH = 64;

/** Arrays at least this long leave the JSON for the binary file (exact float64, 8 bytes each). */
const MIN_BINARY_ARRAY = 16;

/** JSON Pointer escaping (RFC 6901), so `{a: {b: x}}` and `{'a/b': x}` get different keys. */
const escapeKey = (k: string): string => k.replaceAll('~', '~0').replaceAll('/', '~1');

function tensorOf(values: Float32Array | Float64Array | Int32Array): Tensor {
  return new Tensor(values.slice(), [values.length]);
}

/**
 * Moves typed arrays and long number arrays out of a JSON-able value into tensors, leaving
 * `{"$typed": key}` (restored as the same typed array) or `{"$array": key}` (restored as numbers).
 * Binary is exact for every number (NaN, ±Infinity and −0 included, which JSON cannot hold) and
 * about three times smaller than decimal text.
 */
export function packArrays(value: unknown, path: string, arrays: Record<string, Tensor>): unknown {
  if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array) {
    arrays[path] = tensorOf(value);
    return { $typed: path };
  }
  if (ArrayBuffer.isView(value)) throw new Error(`saveCheckpoint: ${path} is a ${value.constructor.name}, which a checkpoint cannot hold (Float32Array, Float64Array or Int32Array)`);
  if (Array.isArray(value)) {
    if (value.length >= MIN_BINARY_ARRAY && value.every((v) => typeof v === 'number')) {
      arrays[path] = new Tensor(Float64Array.from(value as number[]), [value.length]);
      return { $array: path };
    }
    return value.map((v, i) => packArrays(v, `${path}/${i}`, arrays));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, packArrays(v, `${path}/${escapeKey(k)}`, arrays)]));
  }
  return value;
}

export function unpackArrays(value: unknown, arrays: Record<string, Tensor>, field: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new StateProblem(field, `nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) return value.map((v, i) => unpackArrays(v, arrays, `${field}[${i}]`, depth + 1));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && (keys[0] === '$array' || keys[0] === '$typed')) {
      const ref = o[keys[0]];
      const t = typeof ref === 'string' && Object.hasOwn(arrays, ref) ? arrays[ref] : undefined;
      if (!t) throw new StateProblem(field, `refers to array ${JSON.stringify(ref)}, which the arrays file lacks`);
      if (t.shape.length !== 1) throw new StateProblem(field, `array ${JSON.stringify(ref)} has shape [${t.shape.join(', ')}], expected a list`);
      if (keys[0] === '$array') return Array.from(t.data);
      return t.data.slice();
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unpackArrays(v, arrays, `${field}.${k}`, depth + 1)]));
  }
  return value;
}
