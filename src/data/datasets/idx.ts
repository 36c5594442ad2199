/**
 * The IDX format of the MNIST, Fashion-MNIST and EMNIST files (`*-idx3-ubyte`, `*-idx1-ubyte`):
 * a magic number (two zero bytes, an element-type byte, the number of dimensions), the dimensions as
 * big-endian uint32, then the elements, big-endian. Files may be gzipped.
 */
import { DataError } from '../data-error.js';
import { readFileInput } from '../file-error.js';
import { describeInput, type FileInput } from '../../platform/file-input.js';
import { gunzip, readBytes } from '../../platform/node.js';

/** Element types of the IDX format, by their magic-number code. */
const TYPES = {
  0x08: { name: 'uint8', size: 1 },
  0x09: { name: 'int8', size: 1 },
  0x0b: { name: 'int16', size: 2 },
  0x0c: { name: 'int32', size: 4 },
  0x0d: { name: 'float32', size: 4 },
  0x0e: { name: 'float64', size: 8 },
} as const;

/** The element type of an IDX array. */
export type IdxType = (typeof TYPES)[keyof typeof TYPES]['name'];

/** A decoded IDX array: its element type, shape, and elements (row-major, native byte order). */
export interface IdxArray {
  type: IdxType;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Options of {@link decodeIdx} and {@link readIdx}. */
export interface IdxReadOptions {
  /** Name of the input in error messages (default `'<idx>'`; `readIdx` uses the path). */
  source?: string;
  /** Largest size a gzipped file may decompress to, in bytes (default 1 GiB). */
  maxBytes?: number;
  /**
   * The number of dimensions the magic number must declare (1 for a labels file, 3 for images):
   * checked before the header's sizes are read, so a swapped file is said to be one, not a
   * truncated payload of an absurd shape.
   */
  dimensions?: number;
}

/**
 * Decodes an uncompressed IDX file. A wrong magic number, an unknown type, a truncated header or
 * payload, or trailing bytes raise a `DataError` that says which; nothing is allocated before the
 * payload size has been checked against the bytes present.
 *
 * @example
 * const labels = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 3])); // { type: 'uint8', shape: [2], data: [7, 3] }
 */
export function parseIdx(bytes: Uint8Array, source = '<idx>', dimensions?: number): IdxArray {
  const at = (offset: number): { source: string; offset: number } => ({ source, offset });
  if (bytes.length < 4) throw new DataError(`too short for an IDX file (${bytes.length} bytes; the magic number alone is 4)`, at(0));
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    const hint = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (the file is gzipped: use readIdx or decodeIdx, which decompress)' : '';
    throw new DataError(`wrong magic number 0x${magic}: an IDX file starts with two zero bytes${hint}`, at(0));
  }
  const type = TYPES[bytes[2]! as keyof typeof TYPES];
  if (!type) throw new DataError(`unknown element type 0x${bytes[2]!.toString(16).padStart(2, '0')} in the magic number (known: 08 uint8, 09 int8, 0b int16, 0c int32, 0d float32, 0e float64)`, at(2));
  const rank = bytes[3]!;
  if (rank === 0) throw new DataError('the magic number declares 0 dimensions', at(3));
  if (dimensions !== undefined && rank !== dimensions) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    const kind = (d: number): string => (d === 1 ? ' (labels: [N])' : d === 3 ? ' (images: [N, H, W])' : '');
    throw new DataError(`the magic number 0x${magic} declares ${rank} dimension${rank === 1 ? '' : 's'}${kind(rank)}, but ${dimensions}${kind(dimensions)} are expected here: is it the other file of the pair?`, at(3));
  }
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) throw new DataError(`truncated header: ${rank} dimensions need ${headerSize} header bytes, the file has ${bytes.length}`, at(bytes.length));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const available = bytes.length - headerSize;
  // Multiply with an early exit, so a huge declared shape cannot overflow or allocate.
  let count = shape.includes(0) ? 0 : 1;
  for (const d of shape) if (count > 0 && (count *= d) * type.size > available) break;
  const needed = count * type.size;
  const dims = `[${shape.join(', ')}]`;
  if (needed > available) {
    throw new DataError(`truncated payload: shape ${dims} of ${type.name} needs ${shape.reduce((a, b) => a * BigInt(b), BigInt(type.size))} bytes of data, the file has ${available}`, at(bytes.length));
  }
  if (needed < available) throw new DataError(`${available - needed} unexpected bytes after the ${type.name} data of shape ${dims}`, at(headerSize + needed));
  const data = readElements(view, headerSize, count, type.name);
  return { type: type.name, shape, data };
}

/** The multi-byte element types, stored big-endian: their array, width and DataView reader. */
const BIG_ENDIAN = {
  int16: { array: Int16Array, bytes: 2, read: (v: DataView, at: number) => v.getInt16(at, false) },
  int32: { array: Int32Array, bytes: 4, read: (v: DataView, at: number) => v.getInt32(at, false) },
  float32: { array: Float32Array, bytes: 4, read: (v: DataView, at: number) => v.getFloat32(at, false) },
  float64: { array: Float64Array, bytes: 8, read: (v: DataView, at: number) => v.getFloat64(at, false) },
} as const;

function readElements(view: DataView, offset: number, count: number, type: IdxType): IdxArray['data'] {
  switch (type) {
    case 'uint8':
      return new Uint8Array(view.buffer, view.byteOffset + offset, count).slice();
    case 'int8':
      return new Int8Array(view.buffer, view.byteOffset + offset, count).slice();
    default: {
      const { array, bytes, read } = BIG_ENDIAN[type];
      const out = new array(count);
      for (let i = 0; i < count; i++) out[i] = read(view, offset + bytes * i);
      return out;
    }
  }
}

/**
 * True when `bytes` start with the gzip magic number 1f 8b.
 *
 * @example
 * isGzip(gzipSync(bytes)); // true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes an IDX file that may be gzipped (detected by its magic number, not its name). A corrupt
 * gzip stream or one that would decompress beyond `maxBytes` raises a `DataError`.
 *
 * @example
 * const images = await decodeIdx(await readFile('train-images-idx3-ubyte.gz'));
 * images.shape; // [60000, 28, 28]
 */
export async function decodeIdx(bytes: Uint8Array, options: IdxReadOptions = {}): Promise<IdxArray> {
  const source = options.source ?? '<idx>';
  if (!isGzip(bytes)) return parseIdx(bytes, source, options.dimensions);
  const maxBytes = options.maxBytes ?? 2 ** 30;
  if (!(maxBytes > 0)) throw new DataError(`maxBytes must be a positive number of bytes, got ${maxBytes}`, { source });
  const raw = await gunzip(bytes, maxBytes).catch((error: Error & { code?: string }) => {
    if (error.code === 'ERR_BUFFER_TOO_LARGE') throw new DataError(`decompresses to more than ${maxBytes} bytes (raise maxBytes to allow it)`, { source });
    throw new DataError(`not a valid gzip stream: ${error.message}`, { source });
  });
  return parseIdx(raw, source, options.dimensions);
}

/**
 * Reads an IDX file, gzipped or not; errors name the path (a missing file, a directory, bad
 * contents). In Node `path` is a file path (or a `URL` object: `file:` read, `http(s):` fetched; a string is always a path); in a browser a URL to
 * fetch; anywhere also a `Blob`/`File`, a `Response` or the bytes.
 *
 * @example
 * const labels = await readIdx('data/t10k-labels-idx1-ubyte.gz'); // { type: 'uint8', shape: [10000], ... }
 */
export async function readIdx(path: FileInput, options: IdxReadOptions = {}): Promise<IdxArray> {
  const bytes = await readFileInput(path, (p) => readBytes(p, 'readIdx'), 'an IDX file');
  return decodeIdx(bytes, { source: describeInput(path), ...options });
}
