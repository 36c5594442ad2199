/**
 * Types and decoding for the golden reference files (see `../shared/golden/SCHEMA.md`).
 * Values are read from the file; nothing here knows any particular case.
 */

/** A tensor as the schema encodes it: flat row-major data with its shape. */
export interface GoldenTensor {
  dtype: 'float64' | 'int64';
  shape: number[];
  data: number[];
}

/** The whole file: each section is optional so a file may carry only some of them. */
export interface GoldenFile {
  schema?: unknown;
  meta?: Record<string, unknown>;
  optimizers?: unknown;
  schedulers?: unknown;
  averaging?: unknown;
  ops?: unknown;
}

/** Section names the checker understands, in the order it runs them. */
export const SECTION_NAMES = ['ops', 'optimizers', 'schedulers', 'averaging'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** True when `value` has the shape of a {@link GoldenTensor}. */
export function isGoldenTensor(value: unknown): value is GoldenTensor {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.dtype === 'float64' || v.dtype === 'int64') && Array.isArray(v.shape) && Array.isArray(v.data);
}

/** Reads a golden tensor's data as a Float64Array, checking the element count against the shape. */
export function goldenData(t: GoldenTensor, what: string): Float64Array {
  const expected = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== expected) {
    throw new Error(`${what}: shape [${t.shape.join(',')}] needs ${expected} values but the file has ${t.data.length}`);
  }
  return Float64Array.from(t.data);
}
