import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { DataError, decodeIdx, parseIdx, type IdxArray } from '../../src/data/index.js';
import { idxBytes } from './idx-helpers.js';

function parsesOrDataError(bytes: Uint8Array): void {
  let out: IdxArray;
  try {
    out = parseIdx(bytes, 'fuzz.idx');
  } catch (e) {
    if (e instanceof DataError) return;
    throw e;
  }
  expect(out.data.length).toBe(out.shape.reduce((a, b) => a * b, 1));
  expect(out.data.byteLength).toBeLessThanOrEqual(bytes.length);
}

async function decodesOrDataError(bytes: Uint8Array): Promise<void> {
  try {
    await decodeIdx(bytes, { source: 'fuzz.idx.gz', maxBytes: 1 << 20 });
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
  }
}

// FUZZ_RUNS=20000 npx vitest run ... for a deeper search.
const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
const validIdx = fc.oneof(
  fc.uint8Array({ maxLength: 60 }).map((v) => idxBytes('uint8', [v.length], v)),
  fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 10 }).map((v) => idxBytes('int32', [v.length], v)),
  fc.array(fc.double(), { maxLength: 6 }).map((v) => idxBytes('float64', [v.length], v)),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).map(([n, h, w]) => idxBytes('uint8', [n, h, w], new Uint8Array(n * h * w).fill(7))),
);
const mutation = fc.tuple(fc.constantFrom('flip', 'truncate', 'append', 'set-dim'), fc.nat(), fc.integer({ min: 0, max: 255 }));

function mutate(bytes: Uint8Array, mutations: [string, number, number][]): Uint8Array {
  let b = Uint8Array.from(bytes);
  for (const [kind, at, v] of mutations) {
    if (kind === 'flip' && b.length > 0) b[at % b.length] = v;
    else if (kind === 'truncate') b = b.slice(0, at % (b.length + 1));
    else if (kind === 'append') b = Uint8Array.from([...b, v]);
    else if (kind === 'set-dim' && b.length >= 8) b.set([v, v, v, v], 4 + 4 * (at % Math.max(1, b[3]!)) < b.length - 3 ? 4 + 4 * (at % Math.max(1, b[3]!)) : 4);
  }
  return b;
}

describe('IDX reader fuzzing: every input decodes or throws a DataError', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), parsesOrDataError), runs);
  });

  it('random headers: any type byte, rank and dimensions (huge ones included), any payload length', () => {
    const header = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 5 }), fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(2 ** 32 - 1), fc.nat()), { maxLength: 5 }), fc.nat({ max: 64 }));
    fc.assert(
      fc.property(header, ([type, rank, dims, payload]) => {
        const bytes = new Uint8Array(4 + 4 * dims.length + payload);
        const view = new DataView(bytes.buffer);
        bytes.set([0, 0, type, rank]);
        dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
        parsesOrDataError(bytes);
      }),
      runs,
    );
  });

  it('valid files with random mutations', () => {
    fc.assert(
      fc.property(validIdx, fc.array(mutation, { maxLength: 3 }), (bytes, mutations) => {
        if (mutations.length === 0) expect(() => parseIdx(bytes)).not.toThrow();
        parsesOrDataError(mutate(bytes, mutations));
      }),
      runs,
    );
  });

  it('gzipped files with random mutations, and random bytes after a gzip magic number', async () => {
    await fc.assert(
      fc.asyncProperty(validIdx, fc.array(mutation, { maxLength: 3 }), async (bytes, mutations) => {
        await decodesOrDataError(mutate(gzipSync(bytes), mutations));
      }),
      { numRuns: Math.ceil((2 * runs.numRuns) / 3) },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (tail) => {
        await decodesOrDataError(Uint8Array.from([0x1f, 0x8b, ...tail]));
      }),
      { numRuns: Math.ceil((2 * runs.numRuns) / 3) },
    );
  });
});
