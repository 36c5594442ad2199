/** Builds IDX files for tests: magic (0, 0, type, rank), big-endian uint32 dimensions, big-endian data. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CODES = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
const SIZES = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;

export function idxBytes(type: keyof typeof CODES, shape: number[], values: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + values.length * SIZES[type]);
  const view = new DataView(out.buffer);
  out.set([0, 0, CODES[type], shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < values.length; i++) {
    const at = header + i * SIZES[type];
    const v = values[i]!;
    if (type === 'uint8') view.setUint8(at, v);
    else if (type === 'int8') view.setInt8(at, v);
    else if (type === 'int16') view.setInt16(at, v, false);
    else if (type === 'int32') view.setInt32(at, v, false);
    else if (type === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}

/**
 * Writes `train-images-idx3-ubyte` (n images of side × width pixels, width default side; a fixed pattern) and
 * `train-labels-idx1-ubyte` (two classes, alternating) into `dir`; returns the bytes written.
 */
export function writeIdxTrainPair(dir: string, n: number, side: number, width = side): { images: Uint8Array; labels: Uint8Array } {
  const images = idxBytes('uint8', [n, side, width], Array.from({ length: n * side * width }, (_, i) => (i * 53) % 256));
  const labels = idxBytes('uint8', [n], Array.from({ length: n }, (_, i) => i % 2));
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), images);
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labels);
  return { images, labels };
}
