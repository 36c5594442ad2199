import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Tensor } from '../../src/index.js';
import { DataError } from '../../src/data/index.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsContents } from '../../src/io/index.js';

/** Decodes, or accepts a DataError; anything else fails the property. Checks a result is consistent with the input size. */
function decodesOrDataError(bytes: Uint8Array): SafetensorsContents | null {
  try {
    const out = decodeSafetensors(bytes, 'fuzz.safetensors');
    const total = Object.values(out.tensors).reduce((s, t) => s + t.size, 0);
    expect(total).toBeLessThanOrEqual(bytes.length); // no tensor bigger than the file
    return out;
  } catch (e) {
    if (e instanceof DataError) return null;
    throw e;
  }
}

function withHeader(header: string, data: Uint8Array): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

// FUZZ_RUNS=20000 npx vitest run ... for a deeper search.
const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
const dtypeArb = fc.constantFrom('float32' as const, 'float64' as const, 'int32' as const);
const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
const tensorArb = fc.tuple(dtypeArb, shapeArb, fc.integer()).map(([dtype, shape, seed]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => ((seed + i * 7919) % 1000) / (dtype === 'int32' ? 1 : 7));
  const data = dtype === 'float32' ? Float32Array.from(values) : dtype === 'float64' ? Float64Array.from(values) : Int32Array.from(values);
  return new Tensor(data, shape);
});
const nameArb = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'fc1.weight', 'é✓'));
const recordArb = fc.dictionary(nameArb.filter((n) => n !== '__metadata__'), tensorArb, { maxKeys: 5 });
const metadataArb = fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }), { nil: undefined });

describe('safetensors fuzzing', () => {
  it('round-trips any record of tensors and metadata exactly (property)', () => {
    fc.assert(
      fc.property(recordArb, metadataArb, (tensors, metadata) => {
        const bytes = encodeSafetensors(tensors, metadata);
        const n = new DataView(bytes.buffer).getUint32(0, true);
        expect((8 + n) % 8).toBe(0);
        const back = decodeSafetensors(bytes);
        expect(back.metadata).toEqual(metadata ?? null);
        expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
        for (const [name, t] of Object.entries(tensors)) {
          const r = back.tensors[name]!;
          expect([r.dtype, r.shape]).toEqual([t.dtype, t.shape]);
          expect(r.data.every((v, i) => Object.is(v, t.data[i]))).toBe(true);
        }
      }),
      runs,
    );
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 128 }), (b) => void decodesOrDataError(b)), runs);
  });

  it('random bytes behind a header length that fits the file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), fc.nat(), (body, k) => {
        const bytes = new Uint8Array(8 + body.length);
        new DataView(bytes.buffer).setUint32(0, k % (body.length + 1), true);
        bytes.set(body, 8);
        decodesOrDataError(bytes);
      }),
      runs,
    );
  });

  it('any JSON value as the header', () => {
    fc.assert(fc.property(fc.json(), fc.uint8Array({ maxLength: 64 }), (json, data) => void decodesOrDataError(withHeader(json, data))), runs);
  });

  it('headers of random entries: dtypes, shapes (huge ones included) and offsets', () => {
    const dim = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(2 ** 32), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(-1), fc.constant(1.5));
    const entry = fc.record({
      dtype: fc.constantFrom('F32', 'F64', 'I32', 'I64', 'F16', 'BF16', 'U8', 'BOOL', 'X', 7),
      shape: fc.oneof(fc.array(dim, { maxLength: 4 }), fc.constant('2')),
      data_offsets: fc.oneof(fc.tuple(fc.nat({ max: 80 }), fc.nat({ max: 80 })), fc.constant([0, 2 ** 60]), fc.constant([0])),
    });
    const header = fc.dictionary(nameArb, entry, { maxKeys: 4 });
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 80 }), (h, data) => void decodesOrDataError(withHeader(JSON.stringify(h), data))),
      runs,
    );
  });

  it('valid files with random mutations (set a byte, truncate, append, edit the header text)', () => {
    const mutation = fc.tuple(fc.constantFrom('set', 'truncate', 'append', 'digit'), fc.nat(), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(recordArb, fc.array(mutation, { minLength: 1, maxLength: 3 }), (tensors, mutations) => {
        let b = encodeSafetensors(tensors);
        for (const [kind, at, v] of mutations) {
          if (kind === 'set' && b.length > 0) b[at % b.length] = v;
          else if (kind === 'truncate') b = b.slice(0, at % (b.length + 1));
          else if (kind === 'append') b = Uint8Array.from([...b, v]);
          else if (kind === 'digit' && b.length >= 8) {
            // Change one digit of the header (a shape or an offset).
            const digits = [...b.subarray(0, Math.min(b.length, 8 + new DataView(b.buffer).getUint32(0, true)))].map((c, i) => (c >= 48 && c <= 57 && i >= 8 ? i : -1)).filter((i) => i >= 0);
            if (digits.length > 0) b[digits[at % digits.length]!] = 48 + (v % 10);
          }
        }
        decodesOrDataError(b);
      }),
      runs,
    );
  });
});
