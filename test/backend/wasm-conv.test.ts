/**
 * The wasm convolution kernels (im2col and a float32 GEMM per image, never leaving wasm memory) and
 * the max-pooling / gather kernels against the JS reference kernels.
 * Tolerances: conv2d and its two gradients within the float32 dot-product bound (k + 2)·2⁻²⁴·Σ|a||b|
 * of the float64 result, k being the number of products summed into an element (C·kH·kW for the
 * output, O·kH·kW for the input gradient, N·outH·outW for the weight gradient) and Σ|a||b| the same
 * convolution of the absolute values; maxPoolIndices and gather bit for bit.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import { createWasmBackend, instantiateKernels } from '../../src/backend/wasm/index.js';
import type { WindowGeometry } from '../../src/backend/backend.js';
import { Random } from '../../src/tensor/random.js';
import { seededFloat32 } from '../helpers/seeded-tensor.js';

const wasm = createWasmBackend(instantiateKernels(), { minElementwise: 0 });
const U = 2 ** -24;

const abs64 = (a: Float32Array): Float64Array => Float64Array.from(a, Math.abs);

const geometryArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }), channels: fc.integer({ min: 1, max: 4 }),
    height: fc.integer({ min: 1, max: 10 }), width: fc.integer({ min: 1, max: 10 }),
    kernelH: fc.integer({ min: 1, max: 3 }), kernelW: fc.integer({ min: 1, max: 3 }),
    strideH: fc.integer({ min: 1, max: 2 }), strideW: fc.integer({ min: 1, max: 2 }),
    padH: fc.integer({ min: 0, max: 1 }), padW: fc.integer({ min: 0, max: 1 }),
    dilationH: fc.integer({ min: 1, max: 2 }), dilationW: fc.integer({ min: 1, max: 2 }),
    outChannels: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ outChannels, ...g }) => ({
    outChannels,
    g: {
      ...g,
      outH: Math.floor((g.height + 2 * g.padH - g.dilationH * (g.kernelH - 1) - 1) / g.strideH) + 1,
      outW: Math.floor((g.width + 2 * g.padW - g.dilationW * (g.kernelW - 1) - 1) / g.strideW) + 1,
    } as WindowGeometry,
  }))
  .filter(({ g }) => g.outH >= 1 && g.outW >= 1);

/** |w − exact| ≤ (k + 2)·u·mag elementwise. */
function expectWithinBound(w: Float32Array, exact: Float64Array, mag: Float64Array, k: number, what: string): void {
  for (let i = 0; i < w.length; i++) {
    if (!(Math.abs(w[i]! - exact[i]!) <= (k + 2) * U * mag[i]! + 1e-30)) expect.fail(`${what}[${i}]: wasm ${w[i]} vs ${exact[i]} (bound ${(k + 2) * U * mag[i]!})`);
  }
}

describe('wasm conv2d and its gradients agree with the float64 JS kernels within float32 rounding', () => {
  it('random geometries, with and without bias', () => {
    fc.assert(
      fc.property(geometryArb, fc.integer({ min: 0, max: 999 }), fc.boolean(), ({ g, outChannels: o }, seed, withBias) => {
        const imageSize = g.batch * g.channels * g.height * g.width;
        const rows = g.channels * g.kernelH * g.kernelW;
        const outSize = g.batch * o * g.outH * g.outW;
        const x = seededFloat32(imageSize, seed);
        const w = seededFloat32(o * rows, seed + 1);
        const b = withBias ? seededFloat32(o, seed + 2) : null;
        const dy = seededFloat32(outSize, seed + 3);
        const f64 = (a: Float32Array): Float64Array => Float64Array.from(a);

        const y = new Float32Array(outSize);
        const [y64, yMag] = [new Float64Array(outSize), new Float64Array(outSize)];
        wasm.conv2d(x, w, b, g, o, y);
        jsBackend.conv2d(f64(x), f64(w), b && f64(b), g, o, y64);
        jsBackend.conv2d(abs64(x), abs64(w), b && abs64(b), g, o, yMag);
        expectWithinBound(y, y64, yMag, rows, 'conv2d');

        const dx = new Float32Array(imageSize);
        const [dx64, dxMag] = [new Float64Array(imageSize), new Float64Array(imageSize)];
        wasm.conv2dInputGrad(dy, w, g, o, dx);
        jsBackend.conv2dInputGrad(f64(dy), f64(w), g, o, dx64);
        jsBackend.conv2dInputGrad(abs64(dy), abs64(w), g, o, dxMag);
        expectWithinBound(dx, dx64, dxMag, o * g.kernelH * g.kernelW, 'conv2dInputGrad');

        const dw = new Float32Array(o * rows);
        const [dw64, dwMag] = [new Float64Array(o * rows), new Float64Array(o * rows)];
        wasm.conv2dWeightGrad(x, dy, g, o, dw);
        jsBackend.conv2dWeightGrad(f64(x), f64(dy), g, o, dw64);
        jsBackend.conv2dWeightGrad(abs64(x), abs64(dy), g, o, dwMag);
        expectWithinBound(dw, dw64, dwMag, g.batch * g.outH * g.outW, 'conv2dWeightGrad');
      }),
      { numRuns: 150 },
    );
  });

  it('the conv net\'s layers (28x28 and 14x14, padding 1, batch 8)', () => {
    for (const [c, h, o] of [[1, 28, 16], [16, 14, 32]] as const) {
      const g: WindowGeometry = { batch: 8, channels: c, height: h, width: h, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: h, outW: h };
      const x = seededFloat32(8 * c * h * h, c);
      const dy = seededFloat32(8 * o * h * h, o);
      const w = seededFloat32(o * c * 9, h);
      const dw = new Float32Array(o * c * 9);
      const [dw64, dwMag] = [new Float64Array(o * c * 9), new Float64Array(o * c * 9)];
      wasm.conv2dWeightGrad(x, dy, g, o, dw);
      jsBackend.conv2dWeightGrad(Float64Array.from(x), Float64Array.from(dy), g, o, dw64);
      jsBackend.conv2dWeightGrad(abs64(x), abs64(dy), g, o, dwMag);
      expectWithinBound(dw, dw64, dwMag, 8 * h * h, 'conv2dWeightGrad');
      const dx = new Float32Array(x.length);
      const [dx64, dxMag] = [new Float64Array(x.length), new Float64Array(x.length)];
      wasm.conv2dInputGrad(dy, w, g, o, dx);
      jsBackend.conv2dInputGrad(Float64Array.from(dy), Float64Array.from(w), g, o, dx64);
      jsBackend.conv2dInputGrad(abs64(dy), abs64(w), g, o, dxMag);
      expectWithinBound(dx, dx64, dxMag, o * 9, 'conv2dInputGrad');
    }
  });
});

describe('wasm maxPoolIndices and gather equal the JS kernels bit for bit', () => {
  function planes(n: number, seed: number): Float32Array {
    const r = new Random(seed);
    const pool = [0, -0, NaN, -Infinity, Infinity, 1, 1, -1];
    return Float32Array.from({ length: n }, () => (r.uniform() < 0.4 ? pool[r.int(pool.length)]! : r.uniformIn(-2, 2)));
  }

  it('random pooling geometries (the 2x2 stride-2 path included), NaN, ±∞ and ties', () => {
    const poolArb = fc
      .record({
        batch: fc.integer({ min: 1, max: 5 }), height: fc.integer({ min: 1, max: 13 }), width: fc.integer({ min: 1, max: 21 }),
        kernelH: fc.integer({ min: 1, max: 3 }), kernelW: fc.integer({ min: 1, max: 3 }),
        strideH: fc.integer({ min: 1, max: 3 }), strideW: fc.integer({ min: 1, max: 3 }),
        dilationH: fc.integer({ min: 1, max: 2 }), dilationW: fc.integer({ min: 1, max: 2 }), pad: fc.boolean(), twoByTwo: fc.boolean(),
      })
      .map(({ pad, twoByTwo, ...r }) => {
        const k = twoByTwo ? { kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, dilationH: 1, dilationW: 1 } : {};
        const g = { ...r, ...k, channels: 1 };
        const padH = pad && !twoByTwo ? Math.floor(g.kernelH / 2) : 0;
        const padW = pad && !twoByTwo ? Math.floor(g.kernelW / 2) : 0;
        return {
          ...g, padH, padW,
          outH: Math.floor((g.height + 2 * padH - g.dilationH * (g.kernelH - 1) - 1) / g.strideH) + 1,
          outW: Math.floor((g.width + 2 * padW - g.dilationW * (g.kernelW - 1) - 1) / g.strideW) + 1,
        } as WindowGeometry;
      })
      .filter((g) => g.outH >= 1 && g.outW >= 1);
    fc.assert(
      fc.property(poolArb, fc.integer({ min: 0, max: 999 }), (g, seed) => {
        const x = planes(g.batch * g.height * g.width, seed);
        const w = new Int32Array(g.batch * g.outH * g.outW);
        const j = new Int32Array(w.length);
        wasm.maxPoolIndices(x, g, w);
        jsBackend.maxPoolIndices(x, g, j);
        expect(Array.from(w)).toEqual(Array.from(j));
      }),
      { numRuns: 1000 },
    );
  });

  it('gather along an axis where only that axis differs', () => {
    for (const [shape, axis, k] of [[[6, 10], 1, 4], [[3, 5, 7], 1, 2], [[9, 4], 0, 3]] as Array<[number[], number, number]>) {
      const r = new Random(k);
      const indexShape = shape.map((d, i) => (i === axis ? k : d));
      const index = Int32Array.from({ length: indexShape.reduce((a, b) => a * b, 1) }, () => r.int(shape[axis]!));
      const x = planes(shape.reduce((a, b) => a * b, 1), k);
      const w = new Float32Array(index.length);
      const j = new Float32Array(index.length);
      wasm.gather(x, shape, axis, index, indexShape, w);
      jsBackend.gather(x, shape, axis, index, indexShape, j);
      expect(w.every((v, i) => Object.is(v, j[i]))).toBe(true);
    }
  });
});
