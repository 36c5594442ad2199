/**
 * The safetensors reader allocates at most a bound proportional to its input: every byte buffer and
 * typed array it creates is counted (the constructors are wrapped while it runs), and the total must
 * stay under 4 × the input size + 4 KiB (F16/BF16 widen to float32: 2×; plus the copy of each range).
 * Headers claiming huge shapes or offsets are refused before anything of that size is allocated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError } from '../../src/data/data-error.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import { Tensor } from '../../src/tensor/tensor.js';

const CONSTRUCTORS = ['ArrayBuffer', 'Uint8Array', 'Uint16Array', 'Int32Array', 'Float32Array', 'Float64Array', 'BigInt64Array'] as const;
type Name = (typeof CONSTRUCTORS)[number];
const originals = Object.fromEntries(CONSTRUCTORS.map((n) => [n, globalThis[n]])) as Record<Name, unknown>;

let allocated = 0;

/** Wraps the typed-array constructors to add up the bytes requested (instances stay real typed arrays). */
function instrument(): void {
  for (const name of CONSTRUCTORS) {
    const Original = originals[name] as new (...args: unknown[]) => ArrayBufferLike | ArrayBufferView;
    globalThis[name] = new Proxy(Original, {
      construct(target, args, newTarget) {
        const made = Reflect.construct(target, args, newTarget === globalThis[name] ? target : newTarget) as ArrayBufferLike | ArrayBufferView;
        // A view over an existing buffer allocates no data; a length or a copied array does.
        const first = args[0];
        const isView = first instanceof (originals.ArrayBuffer as typeof ArrayBuffer) || (typeof SharedArrayBuffer !== 'undefined' && first instanceof SharedArrayBuffer);
        if (!isView) allocated += made.byteLength;
        return made;
      },
    }) as never;
  }
}

function restore(): void {
  for (const name of CONSTRUCTORS) (globalThis as Record<string, unknown>)[name] = originals[name];
}

afterEach(restore);

/** Decodes `bytes`, returning the bytes allocated (or the DataError). Anything else fails. */
function measure(bytes: Uint8Array): { allocated: number; error: DataError | null } {
  allocated = 0;
  instrument();
  try {
    decodeSafetensors(bytes, 'input.safetensors');
    return { allocated, error: null };
  } catch (err) {
    if (err instanceof DataError) return { allocated, error: err };
    throw err;
  } finally {
    restore();
  }
}

const bound = (input: number) => 4 * input + 4096;

function withHeader(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

describe('safetensors: allocation bounded by the input size', () => {
  it('the instrumentation counts what decoding allocates', () => {
    const bytes = encodeSafetensors({ w: new Tensor(new Float32Array(1000), [1000]) });
    const { allocated: n, error } = measure(bytes);
    expect(error).toBeNull();
    expect(n).toBeGreaterThanOrEqual(4000);
  });

  it('headers claiming huge tensors are refused before allocating them', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a shape of 2^40 floats in a tiny file', { w: { dtype: 'F32', shape: [2 ** 40], data_offsets: [0, 4 * 2 ** 40] } }, /truncated/],
      ['offsets beyond the file', { w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, /truncated/],
      ['offsets in reverse', { w: { dtype: 'F32', shape: [0], data_offsets: [8, 0] } }, /data_offsets/],
      ['F64 shape [3] over 12 bytes (numel × dtype size ≠ end − begin)', { w: { dtype: 'F64', shape: [3], data_offsets: [0, 12] } }, /needs 24 bytes but data_offsets span 12/],
      ['I32 shape [2] over 12 bytes', { w: { dtype: 'I32', shape: [2], data_offsets: [0, 12] } }, /needs 8 bytes/],
      ['an unknown dtype', { w: { dtype: 'F128', shape: [1], data_offsets: [0, 12] } }, /unknown dtype/],
      ['overlapping tensors', { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, /gap|overlap/],
      ['a shape product overflowing to Infinity', { w: { dtype: 'F32', shape: [2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52], data_offsets: [0, 12] } }, /needs/],
    ];
    for (const [what, header, message] of cases) {
      const bytes = withHeader(header, new Uint8Array(12));
      const { allocated: n, error } = measure(bytes);
      expect(error?.message, what).toMatch(message);
      expect(n, what).toBeLessThanOrEqual(bound(bytes.length));
    }
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 62n, true);
    const r = measure(huge);
    expect(r.error?.message).toMatch(/header length/);
    expect(r.allocated).toBeLessThanOrEqual(bound(16));
  });

  it('any header of random entries (huge dims and offsets included): allocation ≤ 4 × input + 4 KiB (property)', () => {
    const dim = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER));
    const offset = fc.oneof(fc.nat({ max: 200 }), fc.constantFrom(2 ** 32, 2 ** 53 - 1));
    const entry = fc.record({
      dtype: fc.constantFrom('F32', 'F64', 'I32', 'I64', 'F16', 'BF16', 'U8'),
      shape: fc.array(dim, { maxLength: 4 }),
      data_offsets: fc.tuple(offset, offset),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== '__metadata__'), entry, { maxKeys: 5 }), fc.uint8Array({ maxLength: 200 }), (header, data) => {
        const bytes = withHeader(header, data);
        expect(measure(bytes).allocated).toBeLessThanOrEqual(bound(bytes.length));
      }),
      { numRuns: 500, seed: 17 },
    );
  });

  it('valid files of every readable dtype, mutated or not: allocation ≤ 4 × input + 4 KiB (property)', () => {
    const tensor = fc.tuple(fc.constantFrom('F32', 'F64', 'I32', 'I64', 'F16', 'BF16'), fc.integer({ min: 0, max: 64 })).map(([dtype, n]) => {
      const size = { F32: 4, F64: 8, I32: 4, I64: 8, F16: 2, BF16: 2 }[dtype]!;
      return { dtype, n, size };
    });
    fc.assert(
      fc.property(fc.array(tensor, { maxLength: 4 }), fc.option(fc.tuple(fc.nat(), fc.nat(255))), (tensors, edit) => {
        let at = 0;
        const header: Record<string, unknown> = {};
        tensors.forEach((t, i) => {
          header[`t${i}`] = { dtype: t.dtype, shape: [t.n], data_offsets: [at, at + t.n * t.size] };
          at += t.n * t.size;
        });
        // Zero bytes are valid values of every dtype (I64 0 fits int32).
        const bytes = withHeader(header, new Uint8Array(at));
        if (edit) bytes[edit[0] % bytes.length] = edit[1];
        const { allocated: n } = measure(bytes);
        expect(n).toBeLessThanOrEqual(bound(bytes.length));
      }),
      { numRuns: 500, seed: 23 },
    );
  });
});
