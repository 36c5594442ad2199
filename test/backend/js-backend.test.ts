import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import { erf } from '../../src/backend/js/erf.js';
import { backend, setBackend, registerBackend, getBackendName } from '../../src/backend/index.js';
import type { Backend, WindowGeometry, BinaryKernel } from '../../src/backend/backend.js';
import { Random } from '../../src/tensor/random.js';
import { broadcastShapes, sizeOf, stridesOf } from '../../src/tensor/shape.js';
import { broadcastPairArb, expectClose } from '../ops/helpers.js';

function randomArray(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  return Float64Array.from({ length: n }, () => r.uniformIn(-1, 1));
}

/** out[m,n] = op(A)·op(B), written as the textbook triple loop. */
function naiveMatmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, transA: boolean, transB: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i]! : a[i * k + p]!) * (transB ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = s;
    }
  }
  return out;
}

describe('js backend: blocked matmul', () => {
  // Sizes cross the micro-tile (4), the row block (64), the depth block (256) and the column block (512).
  const sizes: Array<[number, number, number]> = [[1, 1, 1], [3, 5, 2], [7, 9, 13], [70, 300, 9], [5, 260, 517], [4, 0, 3]];
  for (const [m, k, n] of sizes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`[${m}x${k}]·[${k}x${n}] transA=${transA} transB=${transB} equals the triple loop`, () => {
          const a = randomArray(m * k, m + k);
          const b = randomArray(k * n, k + n + 1);
          const out = new Float64Array(m * n).fill(NaN); // the kernel must overwrite, never read, out
          jsBackend.matmul(a, b, out, m, k, n, transA, transB, Int32Array.of(0), Int32Array.of(0));
          expectClose(out, naiveMatmul(a, b, m, k, n, transA, transB), 1e-13);
        });
      }
    }
  }

  it('reads each batch at its own offsets (broadcast batches reuse an operand)', () => {
    const [m, k, n] = [3, 4, 2];
    const a = randomArray(2 * m * k, 1);
    const b = randomArray(k * n, 2);
    const out = new Float64Array(2 * m * n);
    jsBackend.matmul(a, b, out, m, k, n, false, false, Int32Array.of(0, m * k), Int32Array.of(0, 0));
    expectClose(out.subarray(0, m * n), naiveMatmul(a.subarray(0, m * k), b, m, k, n, false, false), 1e-14);
    expectClose(out.subarray(m * n), naiveMatmul(a.subarray(m * k), b, m, k, n, false, false), 1e-14);
  });

  it('writes float32 outputs rounded from double accumulators', () => {
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(0.5, -1, 2, 0.25);
    const out = new Float32Array(4);
    jsBackend.matmul(a, b, out, 2, 2, 2, false, false, Int32Array.of(0), Int32Array.of(0));
    expect(Array.from(out)).toEqual([4.5, -0.5, 9.5, -2]);
  });
});

/** Reference broadcasting: index every operand by the output's multi-index. */
function referenceBinary(f: (x: number, y: number) => number, a: Float64Array, as: number[], b: Float64Array, bs: number[], out: number[]): number[] {
  const n = sizeOf(out);
  const os = stridesOf(out);
  const read = (data: Float64Array, shape: number[], flat: number): number => {
    const st = stridesOf(shape);
    let pos = 0;
    for (let d = 0; d < shape.length; d++) {
      const od = out.length - shape.length + d;
      const idx = Math.floor(flat / os[od]!) % out[od]!;
      pos += (shape[d] === 1 ? 0 : idx) * st[d]!;
    }
    return data[pos]!;
  };
  return Array.from({ length: n }, (_, i) => f(read(a, as, i), read(b, bs, i)));
}

describe('js backend: elementwise', () => {
  const fns: Record<string, (x: number, y: number) => number> = {
    add: (x, y) => x + y,
    sub: (x, y) => x - y,
    mul: (x, y) => x * y,
    div: (x, y) => x / y,
    maximum: Math.max,
    gt: (x, y) => (x > y ? 1 : 0),
  };
  it('binary kernels broadcast like the reference over random shape pairs (all fast paths)', () => {
    fc.assert(
      fc.property(broadcastPairArb(4, 3), fc.constantFrom(...Object.keys(fns)), fc.integer({ min: 0, max: 99 }), ([as, bs], op, seed) => {
        const out = broadcastShapes(as, bs, op);
        const a = randomArray(sizeOf(as), seed);
        const b = randomArray(sizeOf(bs), seed + 100);
        const result = new Float64Array(sizeOf(out));
        jsBackend.binary(op as BinaryKernel, a, as, b, bs, result, out);
        expect(Array.from(result)).toEqual(referenceBinary(fns[op]!, a, as, b, bs, out));
      }),
      { numRuns: 300 },
    );
  });

  it('where broadcasts its three operands', () => {
    const cond = Float64Array.of(1, 0);
    const a = Float64Array.of(10, 20, 30);
    const b = Float64Array.of(-1);
    const out = new Float64Array(6);
    jsBackend.where(cond, [2, 1], a, [1, 3], b, [], out, [2, 3]);
    expect(Array.from(out)).toEqual([10, 20, 30, -1, -1, -1]);
  });

  it('unary kernels follow PyTorch at the edges (relu keeps NaN and is 0 at 0, softplus threshold)', () => {
    const x = Float64Array.of(-1, 0, NaN, 2);
    const out = new Float64Array(4);
    jsBackend.unary('relu', x, out);
    expect(Array.from(out)).toEqual([0, 0, NaN, 2]);
    jsBackend.unary('softplus', Float64Array.of(30, 0), out.subarray(0, 2), 1, 20);
    expect(out[0]).toBe(30);
    expect(out[1]).toBeCloseTo(Math.LN2, 15);
    jsBackend.unary('clamp', Float64Array.of(-5, 0.5, 5), out.subarray(0, 3), -1, 1);
    expect(Array.from(out.subarray(0, 3))).toEqual([-1, 0.5, 1]);
  });

  it('erf agrees with 50-digit mpmath values to 2 ulp', () => {
    // mpmath.erf at 50 digits, rounded to doubles.
    const cases: Array<[number, number]> = [
      [0, 0],
      [1e-20, 1.1283791670955125e-20],
      [0.1, 0.1124629160182849],
      [0.46875, 0.49261347321793797],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [-3, -0.9999779095030014],
      [4.5, 0.9999999998033839],
      [0.8, 0.7421009647076605],
      [3.9, 0.9999999652077514],
      [5.5, 0.9999999999999927],
      [7, 1],
    ];
    // Within two units in the last place.
    for (const [x, e] of cases) expect(Math.abs(erf(x) - e), `erf(${x})`).toBeLessThanOrEqual(2 * 2.220446049250313e-16 * Math.abs(e));
  });
});

describe('js backend: reductions and data movement', () => {
  it('reduces the middle axis of [outer, n, inner] (sum, max/min with first-index ties, NaN propagates)', () => {
    // x[o][j][i] for outer=2, n=3, inner=2
    const x = Float64Array.of(1, 5, 3, 5, 2, 0, -1, NaN, -1, 4, -2, 4);
    const out = new Float64Array(4);
    jsBackend.reduce('sum', x, 2, 3, 2, out);
    expect(Array.from(out)).toEqual([6, 10, -4, NaN]);
    const idx = new Int32Array(4);
    jsBackend.reduce('max', x, 2, 3, 2, out, idx);
    expect(Array.from(out)).toEqual([3, 5, -1, NaN]);
    expect(Array.from(idx)).toEqual([1, 0, 0, 0]);
    jsBackend.reduce('min', x, 2, 3, 2, out, idx);
    expect(Array.from(out)).toEqual([1, 0, -2, NaN]);
    expect(Array.from(idx)).toEqual([0, 2, 2, 0]);
  });

  it('sums float32 rows in double precision', () => {
    const n = 1 << 16;
    const x = new Float32Array(2 * n).fill(0.1);
    const out = new Float32Array(2);
    jsBackend.reduce('sum', x, 1, n, 2, out);
    expect(out[0]).toBe(Math.fround(n * Math.fround(0.1)));
  });

  it('slices and writes blocks (writeSlice can accumulate)', () => {
    const x = Float64Array.from({ length: 12 }, (_, i) => i); // [3,4]
    const out = new Float64Array(4);
    jsBackend.slice(x, [3, 4], [1, 1], out, [2, 2]);
    expect(Array.from(out)).toEqual([5, 6, 9, 10]);
    const dst = new Float64Array(12);
    jsBackend.writeSlice(out, [2, 2], dst, [3, 4], [0, 2], false);
    jsBackend.writeSlice(out, [2, 2], dst, [3, 4], [0, 2], true);
    expect(Array.from(dst)).toEqual([0, 0, 10, 12, 0, 0, 18, 20, 0, 0, 0, 0]);
  });

  it('gathers and scatter-adds along an axis, including an index smaller than the source', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6); // [2,3]
    const out = new Float64Array(2);
    jsBackend.gather(x, [2, 3], 1, Int32Array.of(2, 0), [2, 1], out);
    expect(Array.from(out)).toEqual([3, 4]);
    const small = new Float64Array(1);
    jsBackend.gather(x, [2, 3], 0, Int32Array.of(1), [1, 1], small);
    expect(Array.from(small)).toEqual([4]);
    const acc = new Float64Array(6);
    jsBackend.scatterAdd(Float64Array.of(1, 1, 1, 1), Int32Array.of(2, 2, 0, 1), [2, 2], 1, acc, [2, 3]);
    expect(Array.from(acc)).toEqual([0, 0, 2, 1, 1, 0]);
  });

  it('im2col and col2im are adjoint: <im2col(x), c> = <x, col2im(c)> (stride, padding, dilation)', () => {
    const geometries: Array<Partial<WindowGeometry>> = [
      { kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1 },
      { kernelH: 2, kernelW: 3, strideH: 2, strideW: 1, padH: 0, padW: 1, dilationH: 2, dilationW: 1 },
      { kernelH: 3, kernelW: 2, strideH: 3, strideW: 2, padH: 2, padW: 0, dilationH: 1, dilationW: 2 },
    ];
    for (const [i, part] of geometries.entries()) {
      const base = { batch: 2, channels: 2, height: 5, width: 6, ...part } as WindowGeometry;
      base.outH = Math.floor((base.height + 2 * base.padH - base.dilationH * (base.kernelH - 1) - 1) / base.strideH) + 1;
      base.outW = Math.floor((base.width + 2 * base.padW - base.dilationW * (base.kernelW - 1) - 1) / base.strideW) + 1;
      const x = randomArray(base.batch * base.channels * base.height * base.width, i);
      const colsSize = base.batch * base.channels * base.kernelH * base.kernelW * base.outH * base.outW;
      const c = randomArray(colsSize, 100 + i);
      const cols = new Float64Array(colsSize);
      jsBackend.im2col(x, base, 0, cols);
      const img = new Float64Array(x.length);
      jsBackend.col2im(c, base, img);
      const lhs = cols.reduce((s, v, j) => s + v * c[j]!, 0);
      const rhs = x.reduce((s, v, j) => s + v * img[j]!, 0);
      expect(lhs).toBeCloseTo(rhs, 12);
    }
  });

  it('im2col reads padValue outside the image', () => {
    const g: WindowGeometry = { batch: 1, channels: 1, height: 1, width: 1, kernelH: 3, kernelW: 1, strideH: 1, strideW: 1, padH: 1, padW: 0, dilationH: 1, dilationW: 1, outH: 1, outW: 1 };
    const out = new Float64Array(3);
    jsBackend.im2col(Float64Array.of(7), g, -Infinity, out);
    expect(Array.from(out)).toEqual([-Infinity, 7, -Infinity]);
  });
});

describe('backend selection', () => {
  it('starts on the js backend, rejects unknown names and switches to registered ones', () => {
    expect(getBackendName()).toBe('js');
    expect(() => setBackend('cuda')).toThrow("setBackend: unknown backend 'cuda'; available: js");
    const calls: string[] = [];
    const spy: Backend = { ...jsBackend, name: 'spy', unary: (...args) => (calls.push(args[0]), jsBackend.unary(...args)) };
    registerBackend(spy);
    try {
      setBackend('spy');
      expect(backend().name).toBe('spy');
      const out = new Float64Array(1);
      backend().unary('exp', Float64Array.of(0), out);
      expect(calls).toEqual(['exp']);
      expect(out[0]).toBe(1);
    } finally {
      setBackend('js');
    }
    expect(getBackendName()).toBe('js');
  });
});
