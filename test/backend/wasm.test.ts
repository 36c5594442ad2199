/**
 * The wasm kernels against the JS reference kernels, in float32. Tolerances: matmul within the
 * standard error bound of a float32 dot product, 2·k·u·Σ|a||b| (u = 2⁻²⁴) of the float64 result;
 * elementwise ops bit-for-bit (the transcendental ones, evaluated in double like the JS kernels,
 * within one float32 ulp); sums within u·Σ|x|.
 */
import { describe, it, expect, vi } from 'vitest';
import fc from 'fast-check';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import { createWasmBackend, instantiateKernels, sharedMemorySupported, wasmSimdSupported, workerThreadsSupported } from '../../src/backend/wasm/index.js';
import { BINARY_CODES, UNARY_CODES } from '../../src/backend/wasm/codes.js';
import { MIN_SPLIT_MACS, middleInner } from '../../src/backend/wasm/wasm-backend.js';
import { WorkerPool } from '../../src/backend/wasm/threads.js';
import type { BinaryKernel, UnaryKernel } from '../../src/backend/backend.js';
import { Random } from '../../src/tensor/random.js';
import { broadcastShapes, sizeOf } from '../../src/tensor/shape.js';
import { broadcastPairArb } from '../ops/helpers.js';
import { seededFloat32 } from '../helpers/seeded-tensor.js';

const U = 2 ** -24;
// minElementwise 0: every float32 op goes through wasm, however small (tails of 1..3 lanes included).
const wasm = createWasmBackend(instantiateKernels(), { minElementwise: 0 });

/** float64 op(A)·op(B) and Σ|a||b| per entry, the scale of a dot product's rounding error. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): [Float64Array, Float64Array] {
  const out = new Float64Array(m * n);
  const mag = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const x = (transA ? a[p * m + i]! : a[i * k + p]!) * (transB ? b[j * k + p]! : b[p * n + j]!);
        s += x;
        t += Math.abs(x);
      }
      out[i * n + j] = s;
      mag[i * n + j] = t;
    }
  }
  return [out, mag];
}

function expectMatmulClose(out: Float32Array, ref: Float64Array, mag: Float64Array, k: number): void {
  for (let i = 0; i < out.length; i++) {
    const bound = 2 * Math.max(k, 1) * U * mag[i]! + 1e-30;
    if (!(Math.abs(out[i]! - ref[i]!) <= bound)) expect.fail(`entry ${i}: ${out[i]} vs ${ref[i]} (bound ${bound})`);
  }
}

/** Same value, NaN equal to NaN, +0 distinct from -0. */
function expectIdentical(actual: Float32Array, expected: Float32Array, what: string): void {
  const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect.fail(`${what}[${i}]: wasm ${show(actual[i]!)} vs js ${show(expected[i]!)}`);
  }
}

/** Distance in float32 units in the last place (same-sign finite values; NaN/∞ must match exactly). */
function ulps(x: number, y: number): number {
  if (Object.is(x, y)) return 0;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return Infinity;
  const bits = new Int32Array(Float32Array.of(x, y).buffer);
  const ordered = (v: number): number => (v < 0 ? -(v & 0x7fffffff) : v);
  return Math.abs(ordered(bits[0]!) - ordered(bits[1]!));
}

describe('wasm backend: runtime', () => {
  it('runs where WebAssembly SIMD is available (Node 20)', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(wasm.name).toBe('wasm');
  });
});

describe('wasm backend: matmul vs the float64 product (and the JS kernel)', () => {
  const edge = [1, 3, 5, 17, 64, 129];
  const r = new Random(7);
  const shapes: Array<[number, number, number]> = [];
  for (let t = 0; t < 14; t++) shapes.push([edge[r.int(6)]!, edge[r.int(6)]!, edge[r.int(6)]!]);
  // Cross the kernel's blocks: rows of 4 and 128 (MC), columns of 8 and 1024 (NC), depth of 256 (KC).
  shapes.push([1, 1, 1], [4, 8, 8], [129, 300, 9], [257, 513, 33], [6, 40, 1030], [128, 784, 256]);
  for (const [m, k, n] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`[${m}x${k}]·[${k}x${n}] transA=${transA} transB=${transB}`, () => {
          const a = seededFloat32(m * k, m * 1000 + k);
          const b = seededFloat32(k * n, k * 1000 + n + 1);
          const out = new Float32Array(m * n).fill(NaN); // the kernel must overwrite, never read, out
          wasm.matmul(a, b, out, m, k, n, transA, transB, Int32Array.of(0), Int32Array.of(0));
          const [ref, mag] = reference(a, b, m, k, n, transA, transB);
          expectMatmulClose(out, ref, mag, k);
          const js = new Float32Array(m * n);
          jsBackend.matmul(a, b, js, m, k, n, transA, transB, Int32Array.of(0), Int32Array.of(0));
          expectMatmulClose(js, ref, mag, k);
        });
      }
    }
  }

  it('reads each batch at its own offsets (a broadcast operand is reused, x·xᵀ copies once)', () => {
    const [m, k, n] = [5, 7, 9];
    const a = seededFloat32(3 * m * k, 1);
    const b = seededFloat32(k * n, 2);
    const out = new Float32Array(3 * m * n);
    wasm.matmul(a, b, out, m, k, n, false, false, Int32Array.of(0, m * k, 2 * m * k), Int32Array.of(0, 0, 0));
    for (let i = 0; i < 3; i++) {
      const [ref, mag] = reference(a.subarray(i * m * k, (i + 1) * m * k), b, m, k, n, false, false);
      expectMatmulClose(out.subarray(i * m * n, (i + 1) * m * n), ref, mag, k);
    }
    const gram = new Float32Array(m * m);
    const x = a.subarray(0, m * k);
    wasm.matmul(x, x, gram, m, k, m, false, true, Int32Array.of(0), Int32Array.of(0));
    const [ref, mag] = reference(x, x, m, k, m, false, true);
    expectMatmulClose(gram, ref, mag, k);
  });

  it('gives zeros for an empty inner dimension and leaves float64 to the JS kernel exactly', () => {
    const out = new Float32Array(6).fill(NaN);
    wasm.matmul(new Float32Array(0), new Float32Array(0), out, 2, 0, 3, false, false, Int32Array.of(0), Int32Array.of(0));
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    const a = Float64Array.from(seededFloat32(12, 3));
    const b = Float64Array.from(seededFloat32(20, 4));
    const w = new Float64Array(15);
    const j = new Float64Array(15);
    wasm.matmul(a, b, w, 3, 4, 5, false, false, Int32Array.of(0), Int32Array.of(0));
    jsBackend.matmul(a, b, j, 3, 4, 5, false, false, Int32Array.of(0), Int32Array.of(0));
    expect(Array.from(w)).toEqual(Array.from(j));
  });

  it('grows its scratch memory for a large product, and reuses it afterwards', () => {
    const kernels = instantiateKernels();
    const fresh = createWasmBackend(kernels);
    const n = 300;
    const a = seededFloat32(n * n, 5);
    const out = new Float32Array(n * n);
    fresh.matmul(a, a, out, n, n, n, false, false, Int32Array.of(0), Int32Array.of(0));
    const size = kernels.exports.memory.buffer.byteLength;
    fresh.matmul(a, a, out, n, n, n, true, false, Int32Array.of(0), Int32Array.of(0));
    fresh.matmul(a.subarray(0, 100), a.subarray(0, 100), out.subarray(0, 100), 10, 10, 10, false, false, Int32Array.of(0), Int32Array.of(0));
    expect(kernels.exports.memory.buffer.byteLength).toBe(size);
  });
});

describe('wasm backend: matmul on two threads (shared memory, a worker thread)', () => {
  it('gives bit-identical results to one thread, split by columns or by rows, every transpose, batched', () => {
    expect(workerThreadsSupported() && sharedMemorySupported()).toBe(true);
    const one = createWasmBackend(instantiateKernels(true), { threads: 1 });
    const two = createWasmBackend(instantiateKernels(true), { threads: 2 });
    const runs = vi.spyOn(WorkerPool.prototype, 'run');
    try {
      expect([one.threads, two.threads]).toEqual([1, 2]);
      // Shapes above the split threshold: wide (columns split) and tall (rows split), ragged edges.
      const shapes: Array<[number, number, number]> = [[64, 520, 257], [600, 150, 97], [128, 784, 256], [17, 4000, 129]];
      for (const [m, k, n] of shapes) {
        expect(m * k * n).toBeGreaterThanOrEqual(MIN_SPLIT_MACS);
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const a = seededFloat32(2 * m * k, m + k);
            const b = seededFloat32(k * n, n);
            const offsets = [Int32Array.of(0, m * k), Int32Array.of(0, 0)] as const;
            const x = new Float32Array(2 * m * n);
            const y = new Float32Array(2 * m * n).fill(NaN);
            one.matmul(a, b, x, m, k, n, transA, transB, ...offsets);
            two.matmul(a, b, y, m, k, n, transA, transB, ...offsets);
            expectIdentical(y, x, `[${m}x${k}x${n}] transA=${transA} transB=${transB}`);
            const [ref, mag] = reference(a.subarray(m * k), b, m, k, n, transA, transB);
            expectMatmulClose(y.subarray(m * n), ref, mag, k);
          }
        }
      }
      expect(runs).toHaveBeenCalledTimes(4 * 4 * 2); // every product, both batches, went to the pool
    } finally {
      runs.mockRestore();
      two.dispose();
    }
    expect(two.threads).toBe(1); // disposed: the calling thread alone
  });
});

/** Values that probe the edge cases: signed zeros, NaN, infinities, ties, tiny and huge numbers. */
function specials(n: number, seed: number): Float32Array {
  const r = new Random(seed);
  const pool = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 2, 1e-30, -1e-30, 3e38, -3e38, 1e-45];
  return Float32Array.from({ length: n }, () => (r.uniform() < 0.3 ? pool[r.int(pool.length)]! : r.uniformIn(-4, 4)));
}

describe('wasm backend: binary ops equal the JS kernels bit for bit', () => {
  const ops = Object.keys(BINARY_CODES) as BinaryKernel[];

  it('same shape, scalar, bias (suffix) and general broadcasts over random shapes', () => {
    fc.assert(
      fc.property(broadcastPairArb(4, 6), fc.constantFrom(...ops), fc.integer({ min: 0, max: 999 }), ([as, bs], op, seed) => {
        const shape = broadcastShapes(as, bs, op);
        const a = specials(sizeOf(as), seed);
        const b = specials(sizeOf(bs), seed + 1);
        const w = new Float32Array(sizeOf(shape));
        const j = new Float32Array(sizeOf(shape));
        wasm.binary(op, a, as, b, bs, w, shape);
        jsBackend.binary(op, a, as, b, bs, j, shape);
        expectIdentical(w, j, `${op} ${JSON.stringify(as)} ${JSON.stringify(bs)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('bias rows of odd length and large same-shape operands', () => {
    for (const op of ops) {
      for (const [rows, cols] of [[128, 10], [33, 257], [1, 1027], [7, 3]] as const) {
        const a = specials(rows * cols, rows + cols);
        const bias = specials(cols, cols);
        const w = new Float32Array(rows * cols);
        const j = new Float32Array(rows * cols);
        wasm.binary(op, a, [rows, cols], bias, [cols], w, [rows, cols]);
        jsBackend.binary(op, a, [rows, cols], bias, [cols], j, [rows, cols]);
        expectIdentical(w, j, `${op} [${rows},${cols}] op [${cols}]`);
        wasm.binary(op, bias, [cols], a, [rows, cols], w, [rows, cols]);
        jsBackend.binary(op, bias, [cols], a, [rows, cols], j, [rows, cols]);
        expectIdentical(w, j, `${op} [${cols}] op [${rows},${cols}]`);
      }
    }
  });

  it('channel broadcasts ([1,C,1,1], [C,1,1], [N,1]) run in wasm, both operand orders', () => {
    const cases: Array<[number[], number[], number]> = [
      [[4, 16, 7, 7], [1, 16, 1, 1], 49],
      [[3, 5, 6, 2], [5, 1, 1], 12],
      [[33, 10], [33, 1], 10],
      [[2, 3, 4, 5], [1, 3, 4, 1], 5],
    ];
    for (const op of ops) {
      for (const [full, short, inner] of cases) {
        const a = specials(sizeOf(full), full.length);
        const c = specials(sizeOf(short), short.length + 1);
        const w = new Float32Array(a.length);
        const j = new Float32Array(a.length);
        expect(middleInner(short, full)).toBe(inner);
        wasm.binary(op, a, full, c, short, w, full);
        jsBackend.binary(op, a, full, c, short, j, full);
        expectIdentical(w, j, `${op} ${JSON.stringify(full)} op ${JSON.stringify(short)}`);
        wasm.binary(op, c, short, a, full, w, full);
        jsBackend.binary(op, c, short, a, full, j, full);
        expectIdentical(w, j, `${op} ${JSON.stringify(short)} op ${JSON.stringify(full)}`);
      }
    }
    // Not the pattern: a gap inside the block, or a trailing axis of 1 (the suffix case).
    expect(middleInner([3, 1, 5, 1], [3, 4, 5, 6])).toBe(0);
    expect(middleInner([4, 1], [4, 1])).toBe(0);
  });
});

describe('wasm backend: unary ops equal the JS kernels', () => {
  const exact: UnaryKernel[] = ['neg', 'abs', 'square', 'sqrt', 'relu', 'clamp', 'leakyRelu'];
  const viaExp: UnaryKernel[] = ['exp', 'sigmoid', 'silu', 'tanh'];
  it('covers every op with a wasm kernel', () => {
    expect([...exact, ...viaExp].sort()).toEqual(Object.keys(UNARY_CODES).sort());
  });

  for (const op of exact) {
    it(`${op}: bit for bit, edge values included`, () => {
      for (const n of [1, 3, 4, 5, 1001]) {
        const x = specials(n, n);
        const w = new Float32Array(n);
        const j = new Float32Array(n);
        const [p0, p1] = op === 'clamp' ? [-0.7, 1.3] : op === 'leakyRelu' ? [0.01, 0] : [0, 0];
        wasm.unary(op, x, w, p0, p1);
        jsBackend.unary(op, x, j, p0, p1);
        expectIdentical(w, j, op);
      }
    });
  }

  for (const op of viaExp) {
    it(`${op}: within one float32 ulp over the whole float32 range that matters`, () => {
      const r = new Random(11);
      const n = 20000;
      const x = Float32Array.from({ length: n }, (_, i) => (i < 14 ? [0, -0, NaN, Infinity, -Infinity, 88.7, 88.8, -87, -104, -110, 1e-7, -1e-7, 0.015, 0.0157][i]! : r.uniformIn(-1, 1) * 10 ** r.uniformIn(-8, 2.05)));
      const w = new Float32Array(n);
      const j = new Float32Array(n);
      wasm.unary(op, x, w);
      jsBackend.unary(op, x, j);
      let worst = 0;
      let where = 0;
      for (let i = 0; i < n; i++) {
        const d = Number.isNaN(j[i]!) && Number.isNaN(w[i]!) ? 0 : ulps(w[i]!, j[i]!);
        if (d > worst) [worst, where] = [d, i];
      }
      expect(worst, `${op}(${x[where]}) = ${w[where]} vs ${j[where]}`).toBeLessThanOrEqual(1);
    });
  }

  it('ops without a wasm kernel (log, erf, gelu, ...) and float64 data go to the JS kernels', () => {
    const x = specials(300, 3).map(Math.abs);
    for (const op of ['log', 'erf', 'gelu', 'softplus', 'sign'] as const) {
      const w = new Float32Array(300);
      const j = new Float32Array(300);
      wasm.unary(op, x, w, 1, 20);
      jsBackend.unary(op, x, j, 1, 20);
      expectIdentical(w, j, op);
    }
    const x64 = Float64Array.from(x);
    const w64 = new Float64Array(300);
    const j64 = new Float64Array(300);
    wasm.unary('exp', x64, w64);
    jsBackend.unary('exp', x64, j64);
    expect(Array.from(w64)).toEqual(Array.from(j64));
  });
});

describe('wasm backend: sums', () => {
  it('sum over the middle axis of [outer, n, inner] matches the JS kernel (double accumulation)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 37 }), fc.integer({ min: 0, max: 99 }), (outer, n, inner, seed) => {
        const x = seededFloat32(outer * n * inner, seed, 10);
        const w = new Float32Array(outer * inner);
        const j = new Float32Array(outer * inner);
        wasm.reduce('sum', x, outer, n, inner, w);
        jsBackend.reduce('sum', x, outer, n, inner, j);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            let mag = 0;
            for (let p = 0; p < n; p++) mag += Math.abs(x[(o * n + p) * inner + i]!);
            expect(Math.abs(w[o * inner + i]! - j[o * inner + i]!)).toBeLessThanOrEqual(U * mag);
          }
        }
        // Columns (inner > 1) are summed in the same order as the JS kernel: identical results.
        if (inner > 1) expectIdentical(w, j, 'sum');
      }),
      { numRuns: 150 },
    );
  });

  it('keeps float32 accuracy over long sums; max/min go to the JS kernel', () => {
    const n = 1 << 16;
    const x = new Float32Array(n).fill(0.1);
    const out = new Float32Array(1);
    wasm.reduce('sum', x, 1, n, 1, out);
    expect(out[0]).toBe(Math.fround(n * Math.fround(0.1)));
    const y = specials(600, 9);
    const idx = new Int32Array(2);
    const idxJs = new Int32Array(2);
    const w = new Float32Array(2);
    const j = new Float32Array(2);
    wasm.reduce('max', y, 2, 300, 1, w, idx);
    jsBackend.reduce('max', y, 2, 300, 1, j, idxJs);
    expectIdentical(w, j, 'max');
    expect(Array.from(idx)).toEqual(Array.from(idxJs));
  });
});
