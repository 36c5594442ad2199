/**
 * State dicts as JSON-safe data, exact to the bit: each tensor's bytes (little-endian) in base64,
 * with its dtype and shape. NaN, ±Infinity and −0 survive, which decimal JSON numbers would not.
 * Works in Node and browsers (`btoa`/`atob`, no Buffer).
 */
import { allocate, checkDType, type DType } from '../tensor/dtype.js';
import { checkShape, formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { StateDict } from './state-dict.js';

/** One tensor as JSON-safe data. */
export interface SerializedTensor {
  dtype: DType;
  shape: number[];
  /** The elements' bytes, little-endian, row-major, base64. */
  data: string;
}

/** A state dict as JSON-safe data (`JSON.stringify` it to save). */
export interface SerializedStateDict {
  format: 'descent-state-dict';
  version: 1;
  tensors: Record<string, SerializedTensor>;
}

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000; // String.fromCharCode takes its arguments on the stack
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function fromBase64(text: string, what: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`deserializeStateDict: '${what}' has invalid base64 data`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes one tensor. @example serializeTensor(tensor([1, 2])).dtype;  // 'float32' */
export function serializeTensor(t: Tensor): SerializedTensor {
  const width = BYTES[t.dtype];
  const view = new DataView(new ArrayBuffer(t.size * width));
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i]!;
    if (t.dtype === 'float32') view.setFloat32(i * width, v, true);
    else if (t.dtype === 'float64') view.setFloat64(i * width, v, true);
    else view.setInt32(i * width, v, true);
  }
  return { dtype: t.dtype, shape: [...t.shape], data: toBase64(new Uint8Array(view.buffer)) };
}

/** Decodes one tensor, checking that dtype, shape and byte count agree. */
export function deserializeTensor(s: SerializedTensor, name = 'tensor'): Tensor {
  if (s === null || typeof s !== 'object' || !Array.isArray(s.shape) || typeof s.data !== 'string') {
    throw new Error(`deserializeStateDict: '${name}' is not a serialized tensor ({dtype, shape, data})`);
  }
  const dtype = checkDType(s.dtype, `deserializeStateDict: '${name}'`);
  const shape = checkShape(s.shape, `deserializeStateDict: '${name}'`);
  const bytes = fromBase64(s.data, name);
  const width = BYTES[dtype];
  const n = sizeOf(shape);
  if (bytes.length !== n * width) {
    throw new Error(`deserializeStateDict: '${name}' has shape ${formatShape(shape)} (${n} ${dtype} values, ${n * width} bytes) but ${bytes.length} bytes of data`);
  }
  const view = new DataView(bytes.buffer);
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    data[i] = dtype === 'float32' ? view.getFloat32(i * width, true) : dtype === 'float64' ? view.getFloat64(i * width, true) : view.getInt32(i * width, true);
  }
  return new Tensor(data, shape);
}

/**
 * A state dict as JSON-safe data, exact to the bit.
 *
 * @example
 * const text = JSON.stringify(serializeStateDict(model.stateDict()));
 * model.loadStateDict(deserializeStateDict(JSON.parse(text)));
 */
export function serializeStateDict(dict: StateDict): SerializedStateDict {
  const tensors: Record<string, SerializedTensor> = {};
  for (const [name, t] of Object.entries(dict)) tensors[name] = serializeTensor(t);
  return { format: 'descent-state-dict', version: 1, tensors };
}

/** The inverse of {@link serializeStateDict}; throws on a malformed or unknown-version input. */
export function deserializeStateDict(data: SerializedStateDict): StateDict {
  if (data === null || typeof data !== 'object' || data.format !== 'descent-state-dict') {
    throw new Error(`deserializeStateDict: not a serialized state dict (expected format 'descent-state-dict')`);
  }
  if (data.version !== 1) throw new Error(`deserializeStateDict: unsupported version ${String(data.version)} (this build reads version 1)`);
  const out: StateDict = {};
  for (const [name, s] of Object.entries(data.tensors)) out[name] = deserializeTensor(s, name);
  return out;
}
