/**
 * The safetensors format (Hugging Face), readable by PyTorch (`safetensors.torch.load_file`) and the
 * Hugging Face tools:
 *
 *     [8 bytes]  N, the header length, unsigned 64-bit little-endian
 *     [N bytes]  a UTF-8 JSON object: {"__metadata__": {string: string}?,
 *                "<name>": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...},
 *                padded with spaces so that 8 + N is a multiple of 8
 *     [rest]     the tensors' bytes, little-endian, row-major; offsets count from the end of the header
 *
 * Writing follows the reference implementation byte for byte: tensors ordered by dtype (I64, F64,
 * F32, I32) then by name, compact JSON, space padding. Reading validates everything before allocating:
 * header length against the file size (and the reference's 100 MB cap), UTF-8, JSON, every dtype,
 * shape and offset pair, that shape × dtype size equals the byte range, and that the tensors cover the
 * data area contiguously with no gap, overlap or trailing bytes. Any violation is a `DataError`.
 */
import { DataError } from '../data/data-error.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { atomicWriteFile, type AtomicWriteOptions } from './atomic-write.js';
import { bfloat16ToNumber, float16ToNumber } from './half-float.js';
import { describeInput, type FileInput } from '../platform/file-input.js';
import { readBytes } from '../platform/node.js';

/** What a safetensors file holds: named tensors and the optional string-to-string metadata. */
export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  /** The `__metadata__` map, or null when the file has none. */
  metadata: Record<string, string> | null;
}

/** The reference implementation refuses headers above 100 MB; so do we. */
const MAX_HEADER = 100_000_000;

/** Element sizes of every dtype the format defines (to validate files with dtypes we do not read). */
const DTYPE_SIZES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};
const WRITE_CODES = { float64: 'F64', float32: 'F32', int32: 'I32' } as const;
/**
 * The reference sorts by dtype, descending in its enum's order (… I32 < U32 < F32 < F64 < I64 < U64),
 * so every tensor starts aligned.
 */
const WRITE_ORDER = { I64: 0, F64: 1, F32: 2, I32: 3 } as const;

/** How {@link encodeSafetensors} lays out tensors. */
export interface EncodeSafetensorsOptions {
  /**
   * Write int32 tensors as I64 (default false: I32). PyTorch's integer tensors are int64
   * (BatchNorm's `num_batches_tracked`), so files meant for PyTorch set this; reading narrows I64
   * back to int32, so the round trip is exact.
   */
  int64?: boolean;
}

/** Options of {@link saveSafetensors}: the layout and the atomic write. */
export interface SaveSafetensorsOptions extends AtomicWriteOptions, EncodeSafetensorsOptions {}
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Serialises named tensors (float32 → F32, float64 → F64, int32 → I32, or I64 with `{ int64: true }`)
 * and optional metadata to the bytes of a safetensors file.
 *
 * @example
 * const bytes = encodeSafetensors({ 'fc1.weight': w, 'fc1.bias': b }, { format: 'pt' });
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>, options: EncodeSafetensorsOptions = {}): Uint8Array {
  const entries = Object.entries(tensors).map(([name, t]) => {
    if (name === '__metadata__') throw new Error('encodeSafetensors: "__metadata__" is reserved and cannot name a tensor');
    if (!(t instanceof Tensor)) throw new Error(`encodeSafetensors: "${name}" is not a Tensor`);
    const dtype: keyof typeof WRITE_ORDER = t.dtype === 'int32' && options.int64 === true ? 'I64' : WRITE_CODES[t.dtype];
    return { name, tensor: t, dtype, bytes: dtype === 'I64' ? 2 * t.data.byteLength : t.data.byteLength };
  });
  entries.sort((a, b) => WRITE_ORDER[a.dtype] - WRITE_ORDER[b.dtype] || compareCodePoints(a.name, b.name));
  const parts: string[] = [];
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new Error(`encodeSafetensors: metadata values must be strings; "${k}" is ${typeof v}`);
    }
    parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  let offset = 0;
  for (const e of entries) {
    const end = offset + e.bytes;
    parts.push(`${JSON.stringify(e.name)}:{"dtype":"${e.dtype}","shape":[${e.tensor.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const e of entries) {
    if (e.dtype === 'I64') {
      const view64 = new DataView(out.buffer, at, e.bytes);
      for (let i = 0; i < e.tensor.data.length; i++) view64.setBigInt64(8 * i, BigInt(e.tensor.data[i]!), true);
    } else {
      writeLittleEndian(e.tensor.data, out, at);
    }
    at += e.bytes;
  }
  return out;
}

/**
 * Parses the bytes of a safetensors file. F32, F64 and I32 load as they are; F16 and BF16 widen to
 * float32 and I64 narrows to int32 (a value outside int32 is an error); other dtypes are an error.
 * Any malformed, truncated or inconsistent input is a `DataError` naming `source`.
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(await readFile('model.safetensors'), 'model.safetensors');
 */
export function decodeSafetensors(bytes: Uint8Array, source = '<safetensors>'): SafetensorsContents {
  const fail = (message: string): never => {
    throw new DataError(message, { source });
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes is too short: a safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  if (hi > 0 || lo > MAX_HEADER) fail(`header length ${hi * 2 ** 32 + lo} exceeds the 100 MB limit: not a safetensors file, or corrupted`);
  if (lo > bytes.length - 8) fail(`header length ${lo} exceeds the ${bytes.length - 8} bytes after the length field: truncated or not a safetensors file`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + lo));
  } catch {
    fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail('the header does not start with "{": not a safetensors file');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header is not a JSON object');
  const dataStart = 8 + lo;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> | null = null;
  const infos: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null) continue; // the reference reads null as "no metadata"
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
        fail('"__metadata__" must map strings to strings');
      }
      metadata = Object.fromEntries(Object.entries(value as Record<string, string>));
      continue;
    }
    infos.push(checkInfo(name, value, dataLength, fail));
  }
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const info of infos) {
    if (info.begin !== covered) {
      fail(info.begin > covered
        ? `gap in the data: tensor "${info.name}" starts at byte ${info.begin}, but the bytes before it end at ${covered}`
        : `tensors overlap: "${info.name}" starts at byte ${info.begin}, before the previous tensor ends at ${covered}`);
    }
    covered = info.end;
  }
  if (covered !== dataLength) fail(`the tensors cover ${covered} data bytes but the file has ${dataLength} after the header`);
  const tensors = Object.fromEntries(infos.map((info) => [info.name, readTensor(bytes, dataStart, info, fail)]));
  return { tensors, metadata };
}

function checkInfo(name: string, value: unknown, dataLength: number, fail: (m: string) => never): { name: string; dtype: string; shape: number[]; begin: number; end: number } {
  const what = `tensor "${name}"`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what}: expected {dtype, shape, data_offsets}`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_SIZES, dtype)) fail(`${what}: unknown dtype ${JSON.stringify(dtype)}`);
  const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!Array.isArray(shape) || !shape.every(isIndex)) fail(`${what}: shape must be an array of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
    fail(`${what}: data_offsets must be [begin, end] with 0 ≤ begin ≤ end`);
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) fail(`truncated: ${what} needs data bytes [${begin}, ${end}) but only ${dataLength} follow the header`);
  // A float product cannot allocate; above 2^53 it is inexact but still larger than any real span.
  const bytes = (shape as number[]).reduce((a, d) => a * d, DTYPE_SIZES[dtype as string]!);
  if (bytes !== end - begin) fail(`${what}: shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${bytes} bytes but data_offsets span ${end - begin}`);
  return { name, dtype: dtype as string, shape: shape as number[], begin, end };
}

function readTensor(bytes: Uint8Array, dataStart: number, info: { name: string; dtype: string; shape: number[]; begin: number; end: number }, fail: (m: string) => never): Tensor {
  const start = dataStart + info.begin;
  const n = (info.end - info.begin) / DTYPE_SIZES[info.dtype]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, info.end - info.begin);
  // A copy into a fresh buffer is aligned whatever the file's layout.
  // NOTE: a copy into a fresh buffer: Node Buffers (from readFile) are views into a shared pool, and
  // Buffer#slice returns a view, so `.buffer` would be the whole pool.
  const copy = (): ArrayBuffer => new Uint8Array(bytes.subarray(start, dataStart + info.end)).buffer;
  let data: TypedArray;
  switch (info.dtype) {
    case 'F32':
      data = LITTLE_ENDIAN ? new Float32Array(copy()) : Float32Array.from({ length: n }, (_, i) => view.getFloat32(4 * i, true));
      break;
    case 'F64':
      data = LITTLE_ENDIAN ? new Float64Array(copy()) : Float64Array.from({ length: n }, (_, i) => view.getFloat64(8 * i, true));
      break;
    case 'I32':
      data = LITTLE_ENDIAN ? new Int32Array(copy()) : Int32Array.from({ length: n }, (_, i) => view.getInt32(4 * i, true));
      break;
    case 'F16':
      data = Float32Array.from({ length: n }, (_, i) => float16ToNumber(view.getUint16(2 * i, true)));
      break;
    case 'BF16':
      data = Float32Array.from({ length: n }, (_, i) => bfloat16ToNumber(view.getUint16(2 * i, true)));
      break;
    case 'I64': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v < -2147483648n || v > 2147483647n) fail(`tensor "${info.name}": I64 value ${v} at element ${i} does not fit in int32`);
        out[i] = Number(v);
      }
      data = out;
      break;
    }
    default:
      return fail(`tensor "${info.name}" has dtype ${info.dtype}, which descent does not load (it reads F32, F64, I32, and F16, BF16, I64 converted)`);
  }
  return new Tensor(data, info.shape);
}

/**
 * Writes named tensors to a safetensors file atomically (see {@link atomicWriteFile}).
 *
 * @example
 * await saveSafetensors('run/final.safetensors', model.namedParameters(), { epoch: '10' });
 */
export async function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>, options?: SaveSafetensorsOptions): Promise<void> {
  await atomicWriteFile(path, encodeSafetensors(tensors, metadata, options), options);
}

/**
 * Reads a safetensors file (see {@link decodeSafetensors}); errors name the path. In Node `path` is
 * a file path (or a `URL` object: `file:` read, `http(s):` fetched; a string is always a path); in a browser a URL to fetch; anywhere also a
 * `Blob`/`File`, a `Response` or the bytes.
 *
 * @example
 * const { tensors } = await loadSafetensors('run/final.safetensors');
 * const fetched = await loadSafetensors(await fetch('/models/mlp.safetensors')); // in a page
 */
export async function loadSafetensors(path: FileInput): Promise<SafetensorsContents> {
  return decodeSafetensors(await readBytes(path, 'loadSafetensors'), describeInput(path));
}

function writeLittleEndian(data: TypedArray, out: Uint8Array, at: number): void {
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + at, data.byteLength);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) view.setFloat32(4 * i, data[i]!, true);
    else if (data instanceof Float64Array) view.setFloat64(8 * i, data[i]!, true);
    else view.setInt32(4 * i, data[i]!, true);
  }
}

/** Orders strings by Unicode code point, which is the byte order of their UTF-8 (as Rust sorts). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
