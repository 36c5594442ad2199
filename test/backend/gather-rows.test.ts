/**
 * The whole-row gather and scatter-add kernels (`gatherRows`, `scatterAddRows`, indexSelect's
 * loops): the JS kernels against the element-wise `gather` / `scatterAdd` kernels with the full
 * index, and the wasm kernels against the JS ones, bit for bit — the gather for every dtype with its
 * source and result in wasm memory, the scatter-add on float32.
 */
import { describe, it, expect } from 'vitest';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import { createWasmBackend, instantiateKernels, wasmSimdSupported, type KernelExports } from '../../src/backend/wasm/index.js';
import type { DType, TypedArray } from '../../src/tensor/dtype.js';
import { Random } from '../../src/tensor/random.js';

const CTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

function randomArray(dtype: DType, n: number, seed: number): TypedArray {
  const r = new Random(seed);
  const values = Array.from({ length: n }, () => (dtype === 'int32' ? r.int(2001) - 1000 : r.uniformIn(-1, 1)));
  return CTORS[dtype].from(values);
}

/** The full gather index of selecting rows `idx` of [blocks, n, row]: shape [blocks, k, row]. */
function fullIndex(blocks: number, row: number, idx: Int32Array): Int32Array {
  const out = new Int32Array(blocks * idx.length * row);
  for (let p = 0; p < out.length; p++) out[p] = idx[Math.floor(p / row) % idx.length]!;
  return out;
}

/** [blocks, n, row, indices]: short rows (loops), long rows (one copy per row), runs of consecutive indices, repeats. */
const CASES: Array<[number, number, number, number[]]> = [
  [1, 10, 784, [3, 9, 0, 9, 1, 2, 3, 4]],
  [1, 7, 1, [6, 0, 0, 5]],
  [3, 5, 4, [4, 2, 2, 0]],
  [2, 6, 40, [0, 1, 2, 3, 4, 5, 5, 4]],
  [4, 3, 9, []],
  [1, 4, 3, [1, 2, 3]],
];

describe('JS kernels: whole rows give the element-wise bits', () => {
  for (const dtype of ['float32', 'float64', 'int32'] as const) {
    it(`gatherRows and scatterAddRows, ${dtype}`, () => {
      CASES.forEach(([blocks, n, row, list], c) => {
        const idx = Int32Array.from(list);
        const k = idx.length;
        const x = randomArray(dtype, blocks * n * row, c);
        const rows = new CTORS[dtype](blocks * k * row);
        jsBackend.gatherRows(x, blocks, n, row, idx, rows);
        const elements = new CTORS[dtype](blocks * k * row);
        jsBackend.gather(x, [blocks, n, row], 1, fullIndex(blocks, row, idx), [blocks, k, row], elements);
        expect(Array.from(rows)).toEqual(Array.from(elements));

        const src = randomArray(dtype, blocks * k * row, c + 100);
        const added = new CTORS[dtype](blocks * n * row);
        jsBackend.scatterAddRows(src, blocks, n, row, idx, added);
        const scattered = new CTORS[dtype](blocks * n * row);
        jsBackend.scatterAdd(src, fullIndex(blocks, row, idx), [blocks, k, row], 1, scattered, [blocks, n, row]);
        expect(Array.from(added)).toEqual(Array.from(scattered));
      });
    });
  }
});

describe.runIf(wasmSimdSupported())('wasm kernels: the JS kernels\' bits', () => {
  // The shared-memory kernels with their row kernels counted, to see which calls ran in wasm.
  const compiled = instantiateKernels(true);
  const wasmCalls = { gatherRows: 0, scatterAddRows: 0 };
  const exports: KernelExports = {
    ...compiled.exports,
    gatherRows: (...a) => (wasmCalls.gatherRows++, compiled.exports.gatherRows(...a)),
    scatterAddRows: (...a) => (wasmCalls.scatterAddRows++, compiled.exports.scatterAddRows(...a)),
  };
  const resident = createWasmBackend({ ...compiled, exports }, { minElementwise: 0, minResident: 0 });
  const copying = createWasmBackend(instantiateKernels(false), { minElementwise: 0 });

  for (const dtype of ['float32', 'float64', 'int32'] as const) {
    it(`gatherRows with source and result in wasm memory, ${dtype}`, () => {
      CASES.forEach(([blocks, n, row, list], c) => {
        const idx = Int32Array.from(list);
        const x = randomArray(dtype, blocks * n * row, c);
        const expected = new CTORS[dtype](blocks * idx.length * row);
        jsBackend.gatherRows(x, blocks, n, row, idx, expected);
        const placed = resident.allocate!(dtype, x.length)!;
        placed.set(x);
        const out = resident.allocate!(dtype, expected.length)!;
        const before = wasmCalls.gatherRows;
        resident.gatherRows(placed, blocks, n, row, idx, out);
        expect(Array.from(out)).toEqual(Array.from(expected));
        expect(wasmCalls.gatherRows).toBe(before + (out.length > 0 ? 1 : 0)); // in wasm
        // A result outside wasm memory (the JS kernel reads the resident source).
        const plain = new CTORS[dtype](expected.length);
        resident.gatherRows(placed, blocks, n, row, idx, plain);
        expect(Array.from(plain)).toEqual(Array.from(expected));
        expect(wasmCalls.gatherRows).toBe(before + (out.length > 0 ? 1 : 0)); // not in wasm
      });
    });
  }

  it('the exported kernel copies rows by bytes (memory.copy for long runs, a vector loop for short ones)', () => {
    const k = instantiateKernels(false).exports; // its own memory: nothing else lives there
    k.memory.grow(1);
    const idx = [5, 0, 1, 2, 2, 4];
    for (const rowBytes of [1, 3, 16, 20, 300, 3136]) {
      const index = (k.heapBase() + 63) & ~63;
      const src = index + 64 + 1; // rows at an odd address: bytes, not elements
      const out = src + 6 * rowBytes + 3;
      const bytes = Uint8Array.from({ length: 6 * rowBytes }, (_, i) => (i * 31 + rowBytes) & 255);
      new Uint8Array(k.memory.buffer).set(bytes, src);
      new Int32Array(k.memory.buffer, index, idx.length).set(idx);
      k.gatherRows(src, index, out, 1, 6, idx.length, rowBytes);
      const got = new Uint8Array(k.memory.buffer).slice(out, out + idx.length * rowBytes);
      const expected = idx.flatMap((j) => Array.from(bytes.subarray(j * rowBytes, (j + 1) * rowBytes)));
      expect(Array.from(got)).toEqual(expected);
    }
  });

  it('scatterAddRows on float32, copied in or resident, repeats added in order', () => {
    CASES.forEach(([blocks, n, row, list], c) => {
      const idx = Int32Array.from(list);
      const src = randomArray('float32', blocks * idx.length * row, c + 200) as Float32Array;
      const expected = new Float32Array(blocks * n * row).fill(0.25);
      jsBackend.scatterAddRows(src, blocks, n, row, idx, expected);
      const copied = new Float32Array(blocks * n * row).fill(0.25);
      copying.scatterAddRows(src, blocks, n, row, idx, copied);
      expect(Array.from(copied)).toEqual(Array.from(expected));
      const placed = resident.allocate!('float32', copied.length) as Float32Array;
      placed.fill(0.25);
      const before = wasmCalls.scatterAddRows;
      resident.scatterAddRows(src, blocks, n, row, idx, placed);
      expect(Array.from(placed)).toEqual(Array.from(expected));
      expect(wasmCalls.scatterAddRows).toBe(before + (src.length > 0 ? 1 : 0));
    });
  });
});
