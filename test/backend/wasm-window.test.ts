/**
 * The wasm kernels behind convolution and pooling against the JS reference kernels, in float32:
 * im2col, col2im, max/min reductions with their indices, and the reduction-gradient scatterAdd. All
 * are bit for bit (tolerance: none): im2col only moves values, max/min only select, and col2im and
 * scatterAdd add into each element in the JS kernels' order with one float32 rounding per addition.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import { createWasmBackend, instantiateKernels } from '../../src/backend/wasm/index.js';
import type { WindowGeometry } from '../../src/backend/backend.js';
import { Random } from '../../src/tensor/random.js';

// minElementwise 0: every float32 call goes through wasm, however small. The exports are copied into
// a plain object so a test can spy on them (wasm exports cannot be redefined).
const compiled = instantiateKernels();
const kernels = { ...compiled, exports: { ...compiled.exports } };
const wasm = createWasmBackend(kernels, { minElementwise: 0 });

function specials(n: number, seed: number, pool = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 1e-45, 3e38]): Float32Array {
  const r = new Random(seed);
  return Float32Array.from({ length: n }, () => (r.uniform() < 0.2 ? pool[r.int(pool.length)]! : r.uniformIn(-4, 4)));
}

function expectIdentical(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`${what}[${i}]: wasm ${a[i]} vs js ${b[i]}`);
}

const geometryArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }), channels: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 11 }), width: fc.integer({ min: 1, max: 11 }),
    kernelH: fc.integer({ min: 1, max: 4 }), kernelW: fc.integer({ min: 1, max: 4 }),
    strideH: fc.integer({ min: 1, max: 3 }), strideW: fc.integer({ min: 1, max: 3 }),
    padH: fc.integer({ min: 0, max: 2 }), padW: fc.integer({ min: 0, max: 2 }),
    dilationH: fc.integer({ min: 1, max: 2 }), dilationW: fc.integer({ min: 1, max: 2 }),
  })
  .map((g): WindowGeometry => ({
    ...g,
    outH: Math.floor((g.height + 2 * g.padH - g.dilationH * (g.kernelH - 1) - 1) / g.strideH) + 1,
    outW: Math.floor((g.width + 2 * g.padW - g.dilationW * (g.kernelW - 1) - 1) / g.strideW) + 1,
  }))
  .filter((g) => g.outH >= 1 && g.outW >= 1);

const imageSize = (g: WindowGeometry): number => g.batch * g.channels * g.height * g.width;
const colsSize = (g: WindowGeometry): number => g.batch * g.channels * g.kernelH * g.kernelW * g.outH * g.outW;

describe('wasm im2col / col2im equal the JS kernels bit for bit', () => {
  it('random geometries (stride, padding, dilation), zero and -∞ padding', () => {
    fc.assert(
      fc.property(geometryArb, fc.constantFrom(0, -Infinity), fc.integer({ min: 0, max: 999 }), (g, padValue, seed) => {
        const x = specials(imageSize(g), seed);
        const w = new Float32Array(colsSize(g));
        const j = new Float32Array(colsSize(g));
        wasm.im2col(x, g, padValue, w);
        jsBackend.im2col(x, g, padValue, j);
        expectIdentical(w, j, `im2col ${JSON.stringify(g)}`);
        // col2im accumulates into what out already holds.
        const cols = specials(colsSize(g), seed + 1);
        const start = specials(imageSize(g), seed + 2);
        const wo = start.slice();
        const jo = start.slice();
        wasm.col2im(cols, g, wo);
        jsBackend.col2im(cols, g, jo);
        expectIdentical(wo, jo, `col2im ${JSON.stringify(g)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('the conv-net shapes: 3x3 padding 1 on 28x28, 2x2 stride-2 pooling windows', () => {
    const conv: WindowGeometry = { batch: 4, channels: 16, height: 28, width: 28, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 28, outW: 28 };
    const pool: WindowGeometry = { ...conv, batch: 64, channels: 1, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, outH: 14, outW: 14 };
    for (const g of [conv, pool]) {
      const x = specials(imageSize(g), 7);
      const w = new Float32Array(colsSize(g));
      const j = new Float32Array(colsSize(g));
      wasm.im2col(x, g, 0, w);
      jsBackend.im2col(x, g, 0, j);
      expectIdentical(w, j, 'im2col');
      const wo = new Float32Array(imageSize(g));
      const jo = new Float32Array(imageSize(g));
      wasm.col2im(w, g, wo);
      jsBackend.col2im(j, g, jo);
      expectIdentical(wo, jo, 'col2im');
    }
  });
});

describe('wasm max/min reductions equal the JS kernel, values and indices', () => {
  it('NaN, ties and signed zeros over [outer, n, inner] views, inner 1..9', () => {
    for (const op of ['max', 'min'] as const) {
      for (const [outer, n, inner] of [[3, 5, 1], [2, 4, 3], [5, 4, 4], [4, 7, 9], [64, 4, 196], [1, 1, 6]] as const) {
        // A small pool makes ties (and ±0 ties) common.
        const x = specials(outer * n * inner, outer + n + inner, [0, -0, NaN, 1, -1, 2]);
        const [wv, jv] = [new Float32Array(outer * inner), new Float32Array(outer * inner)];
        const [wi, ji] = [new Int32Array(outer * inner), new Int32Array(outer * inner)];
        wasm.reduce(op, x, outer, n, inner, wv, wi);
        jsBackend.reduce(op, x, outer, n, inner, jv, ji);
        expectIdentical(wv, jv, `${op} values [${outer},${n},${inner}]`);
        expectIdentical(wi, ji, `${op} indices [${outer},${n},${inner}]`);
        wasm.reduce(op, x, outer, n, inner, wv); // without indices
        expectIdentical(wv, jv, `${op} values without indices`);
      }
    }
  });
});

describe('wasm scatterAdd (the gradient of a reduction) equals the JS kernel', () => {
  it('index differing from out only along the axis runs in wasm; other shapes fall back', () => {
    const spy = vi.spyOn(kernels.exports, 'scatterAdd');
    const cases: Array<[number[], number, number]> = [[[4, 5, 6], 1, 1], [[4, 5, 6], 1, 3], [[7, 9], 0, 2], [[3, 8], 1, 8], [[2, 3, 4, 5], 3, 2]];
    for (const [shape, axis, k] of cases) {
      const r = new Random(axis + k);
      const indexShape = shape.map((d, i) => (i === axis ? k : d));
      const count = indexShape.reduce((a, b) => a * b, 1);
      const index = Int32Array.from({ length: count }, () => r.int(shape[axis]!));
      const src = specials(count, count);
      const start = specials(shape.reduce((a, b) => a * b, 1), 3);
      const [w, j] = [start.slice(), start.slice()];
      wasm.scatterAdd(src, index, indexShape, axis, w, shape);
      jsBackend.scatterAdd(src, index, indexShape, axis, j, shape);
      expectIdentical(w, j, `scatterAdd ${JSON.stringify(shape)} axis ${axis}`);
    }
    expect(spy).toHaveBeenCalledTimes(5);
    // An index smaller than out along another axis: the JS kernel's general path.
    const w = new Float32Array(12);
    const j = new Float32Array(12);
    wasm.scatterAdd(Float32Array.of(1, 2), Int32Array.of(2, 0), [1, 2], 1, w, [3, 4]);
    jsBackend.scatterAdd(Float32Array.of(1, 2), Int32Array.of(2, 0), [1, 2], 1, j, [3, 4]);
    expectIdentical(w, j, 'general scatterAdd');
    expect(spy).toHaveBeenCalledTimes(5);
    spy.mockRestore();
  });
});
