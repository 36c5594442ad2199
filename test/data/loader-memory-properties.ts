/**
 * Property: no input to the CSV and IDX loaders makes them allocate more than a bound proportional to
 * the input — the typed-array bytes of the whole call (parse, then the held-out split) are at most
 * K × input bytes + C, or the call throws a clean DataError / SpecError. Shared by an in-process test
 * and by a child process run under a small heap (`--max-old-space-size`), where a per-class array
 * or an n × max-label table would crash the process instead of passing.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../src/data/data-error.js';
import { parseCsv, type CsvOptions } from '../../src/data/datasets/csv.js';
import { parseIdx } from '../../src/data/datasets/idx.js';
import { loadIdxPair } from '../../src/data/datasets/idx-dataset.js';
import type { Dataset } from '../../src/data/dataset.js';
import { heldOutSplit } from '../../src/specs/dataset-spec.js';
import { SpecError } from '../../src/specs/spec-error.js';
import { measureAllocations } from './allocation-meter.js';
import { idxBytes } from './idx-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Typed-array bytes allowed per input byte, and a constant for fixed-size buffers. */
export const K = 32;
export const C = 64 * 1024;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** Throws unless `error` is a clean input error (never a TypeError, RangeError or plain Error). */
function cleanError(error: unknown): void {
  check(error instanceof DataError || error instanceof SpecError, `not a DataError or SpecError: ${String((error as Error)?.stack ?? error)}`);
}

function datasetBytes(ds: Dataset): number {
  return ds.features.data.byteLength + ds.labels.data.byteLength;
}

// Labels that once made the loaders allocate per class up to the label, and other odd values.
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 9 }).map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('100000000', '1048575', '1048576', '2147483648', '4294967296', '1e300', '1e9', '0.5', '-1', 'abc', '', ' ', '"x,y"', '1e39') },
);
const csvChar = fc.constantFrom(',', '"', '\n', '\r', ';', '\t', ' ', '0', '1', '9', '.', 'e', '-', 'a');
const mutation = fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), csvChar);

const feature = fc.oneof(fc.integer({ min: -9, max: 99 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String));
const labelCell = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('100000000', '1048575', '1048576', '2147483648', '4294967296', '1e9', '99999') },
);
/** Mostly well-formed tables (so the labels reach the split), a few ragged or mutated ones. */
export const csvInput = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.integer({ min: 2, max: 5 }).chain((width) =>
      fc.record({
        header: fc.boolean(),
        rows: fc.array(fc.tuple(fc.array(feature, { minLength: width - 1, maxLength: width - 1 }), labelCell).map(([f, y]) => [...f, y]), { minLength: 1, maxLength: 40 }),
        trailingComma: fc.constant(false),
        mutations: fc.constant([] as [string, number, string][]),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      header: fc.boolean(),
      rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 40 }),
      trailingComma: fc.boolean(),
      mutations: fc.array(mutation, { maxLength: 3 }),
    }),
  },
);

/** Mostly the defaults (so most tables reach the split), sometimes any option, valid or not. */
export const csvOptions: fc.Arbitrary<CsvOptions> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ dtype: fc.constantFrom('float32' as const, 'float64' as const) }, { requiredKeys: [] }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        label: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('y', 'c0')),
        header: fc.constantFrom(true, false, 'auto' as const),
        task: fc.constantFrom('classification' as const, 'regression' as const),
        numClasses: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(2 ** 16, 2 ** 20 + 1, 1e10, 2 ** 53, 0, 2.5)),
        oneHot: fc.boolean(),
        dtype: fc.constantFrom('float32' as const, 'float64' as const),
      },
      { requiredKeys: [] },
    ),
  },
);

export function csvText(input: { header: boolean; rows: string[][]; trailingComma: boolean; mutations: [string, number, string][] }): string {
  const width = Math.max(1, ...input.rows.map((r) => r.length));
  const head = input.header ? [Array.from({ length: width - 1 }, (_, i) => `c${i}`).concat('y').join(',')] : [];
  let text = [...head, ...input.rows.map((r) => r.join(',') + (input.trailingComma ? ',' : ''))].join('\n') + '\n';
  for (const [kind, at, c] of input.mutations) {
    const i = at % (text.length + 1);
    text = kind === 'insert' ? text.slice(0, i) + c + text.slice(i) : kind === 'delete' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + c + text.slice(i + 1);
  }
  return text;
}

/**
 * CSV text through `parseCsv` and `heldOutSplit`: bytes ≤ K × text length + C. One-hot labels are
 * N × C values by definition (C from `numClasses`, the caller's choice): they are allowed on top of
 * the bound, and must stay within the documented 2^30-byte cap.
 */
export async function csvAllocationProperty(numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(csvInput, csvOptions, async (input, options: CsvOptions) => {
      const text = csvText(input);
      const r = await measureAllocations(() => {
        const ds = parseCsv(text, { source: 'prop.csv', ...options });
        try {
          const split = heldOutSplit(ds, 0.2, 0);
          return { ds, splitBytes: datasetBytes(split.train) + datasetBytes(split.test) };
        } catch (e) {
          if (e instanceof SpecError) return { ds, splitBytes: 0 };
          throw e;
        }
      });
      if (r.error !== undefined) return cleanError(r.error);
      const oneHot = options.oneHot ? r.value!.ds.labels.data.byteLength * 3 : 0; // the labels, and their copies in the two parts (≤ 2×)
      check(!options.oneHot || r.value!.ds.labels.data.byteLength <= 2 ** 30, 'one-hot labels over the cap');
      const bound = K * Math.max(text.length, 1) + C + oneHot;
      check(r.bytes <= bound, `allocated ${r.bytes} bytes for ${text.length} characters (bound ${bound}): ${JSON.stringify(text.slice(0, 200))} ${JSON.stringify(options)}`);
    }),
    { numRuns },
  );
}

const dim = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(28, 60000, 2 ** 16, 2 ** 31, 2 ** 32 - 1));
const idxInput = fc.record({
  type: fc.oneof(fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e), fc.integer({ min: 0, max: 255 })),
  dims: fc.array(dim, { maxLength: 4 }),
  rank: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
  payload: fc.oneof(fc.constant('exact' as const), fc.nat({ max: 300 })),
});

const SIZES: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/** An IDX header declaring `dims`, then either exactly the payload it declares (when small) or `payload` bytes. */
function idxFile(input: { type: number; dims: number[]; rank: number | undefined; payload: 'exact' | number }): Uint8Array {
  const declared = input.dims.reduce((a, b) => a * b, 1) * (SIZES[input.type] ?? 1);
  const payload = input.payload === 'exact' && declared <= 4096 ? declared : typeof input.payload === 'number' ? input.payload : 17;
  const bytes = new Uint8Array(4 + 4 * input.dims.length + payload);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, input.type, input.rank ?? input.dims.length]);
  input.dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 4 + 4 * input.dims.length; i < bytes.length; i++) bytes[i] = (i * 37) & 0xff;
  return bytes;
}

/** Raw IDX bytes through `parseIdx`: bytes ≤ 2 × input + 1 KB (the elements are copied once). */
export async function idxAllocationProperty(numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(idxInput, async (input) => {
      const bytes = idxFile(input);
      const r = await measureAllocations(() => parseIdx(bytes, 'prop.idx'));
      if (r.error !== undefined) return cleanError(r.error);
      check(r.bytes <= 2 * bytes.length + 1024, `parseIdx allocated ${r.bytes} bytes for ${bytes.length}: ${JSON.stringify(input)}`);
    }),
    { numRuns },
  );
}

/**
 * Image and label files through `loadIdxPair` and `heldOutSplit`: bytes ≤ K × (both files) + C
 * (float32 pixels are 4 bytes per input byte, the split copies them once more).
 */
export async function idxPairAllocationProperty(numRuns: number): Promise<void> {
  const dir = tempDir('idx-prop');
  const images = join(dir, 'images');
  const labels = join(dir, 'labels');
  const pair = fc.record({
    n: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(60000, 2 ** 32 - 1)),
    nLabels: fc.option(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(2 ** 31)), { nil: undefined }),
    h: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(2 ** 32 - 1)),
    w: fc.integer({ min: 0, max: 5 }),
    labelValues: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }),
    numClasses: fc.oneof(fc.integer({ min: 1, max: 256 }), fc.constantFrom(0, 257, 2 ** 20)),
  });
  await fc.assert(
    fc.asyncProperty(pair, async (p) => {
      const pixelCount = Math.min(p.n * p.h * p.w, 4096);
      const imageBytes = idxBytes('uint8', [p.n, p.h, p.w], new Uint8Array(pixelCount).fill(200));
      const nLabels = p.nLabels ?? p.n;
      const labelBytes = idxBytes('uint8', [nLabels], Uint8Array.from({ length: Math.min(nLabels, 4096) }, (_, i) => p.labelValues[i % Math.max(1, p.labelValues.length)] ?? 0));
      writeFileSync(images, imageBytes);
      writeFileSync(labels, labelBytes);
      const r = await measureAllocations(async () => {
        const ds = await loadIdxPair(images, labels, { numClasses: p.numClasses });
        try {
          heldOutSplit(ds, 0.5, 0);
        } catch (e) {
          if (!(e instanceof SpecError)) throw e;
        }
        return ds;
      });
      if (r.error !== undefined) return cleanError(r.error);
      const input = imageBytes.length + labelBytes.length;
      check(r.bytes <= K * input + C, `loadIdxPair allocated ${r.bytes} bytes for ${input}: ${JSON.stringify(p)}`);
    }),
    { numRuns },
  );
}
