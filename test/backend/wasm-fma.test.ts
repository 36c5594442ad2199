/**
 * The FMA build of the wasm kernels (relaxed SIMD: `f32x4.relaxed_madd` in the GEMM micro-kernel,
 * assembly/madd.ts) beside the plain build:
 * - which build loads: the FMA one in Node 20 once the V8 flag is set (Node 20 refuses it without),
 *   the plain one with `fma: false` or DESCENT_WASM_FMA=0;
 * - the arithmetic, bit for bit: each GEMM output is a chain over k in KC = 256 blocks (assembly/gemm.ts),
 *   each block summed from 0 and then added to the earlier blocks' sum; the plain build rounds every
 *   product and every sum (as before the FMA build existed), the FMA build rounds once per
 *   multiply-add (on CPUs with fused multiply-add: x64 with FMA3, arm64);
 * - GEMM and conv of the FMA build within the float32 bound of the float64 result;
 * - the same bits on 1 and 2 threads within the FMA build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import type { WindowGeometry } from '../../src/backend/backend.js';
import {
  createWasmBackend,
  describeWasmBackend,
  fmaFromEnvironment,
  instantiateKernels,
  loadWasmBackend,
  wasmRelaxedSimdSupported,
  workerThreadsSupported,
  type WasmBackend,
} from '../../src/backend/wasm/index.js';
import { kernelBytes } from '../../src/backend/wasm/module.js';
import { seededFloat32 } from '../helpers/seeded-tensor.js';
import { tempDir } from '../helpers/temp-dir.js';

const U = 2 ** -24;
/** The GEMM's k block (KC in assembly/gemm.ts): the sum restarts from 0 at each block. */
const KC = 256;
const nodeMajor = Number(process.versions.node.split('.')[0]);

/** Whether this CPU fuses relaxed_madd (V8 emits vfmadd on x64 with FMA3; arm64 always has fmla). */
function cpuFuses(): boolean {
  if (arch() === 'arm64') return true;
  if (arch() !== 'x64' || !existsSync('/proc/cpuinfo')) return false;
  return /^flags\s*:.*\bfma\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
}

const f32 = new Float32Array(1);
const bits = new Int32Array(f32.buffer);
/** The float32 next to finite `x` towards +∞ (dir 1) or −∞ (dir −1). */
function nextFloat32(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * 2 ** -149;
  f32[0] = x;
  bits[0]! += (x > 0) === (dir > 0) ? 1 : -1;
  return f32[0];
}

/**
 * fl32(a·b + c) with one rounding (a, b, c float32). a·b is exact in float64; c + a·b is computed as
 * t + e exactly (TwoSum), and fround(t) is the correctly rounded result unless t falls on a float32
 * midpoint, where the sign of e decides.
 */
function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  const t = c + p;
  const z = t - c;
  const e = (c - (t - z)) + (p - z);
  const r = Math.fround(t);
  if (e === 0 || r === t || !Number.isFinite(r)) return r;
  const other = nextFloat32(r, t > r ? 1 : -1);
  if (t - r !== other - t && r - t !== t - other) return r; // not a midpoint
  return e > 0 ? Math.max(r, other) : Math.min(r, other);
}

/** fl32(fl32(a·b) + c): the plain build's multiply then add. */
const mulAddF32 = (a: number, b: number, c: number): number => Math.fround(c + Math.fround(a * b));

/** C = op(A)·op(B) in the GEMM's order: per KC block a chain of `madd` from 0, added to the earlier blocks. */
function emulateGemm(madd: (a: number, b: number, c: number) => number, a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let c = 0;
      for (let p0 = 0; p0 < k; p0 += KC) {
        let s = 0;
        for (let p = p0; p < Math.min(k, p0 + KC); p++) s = madd(a[transA ? p * m + i : i * k + p]!, b[transB ? j * k + p : p * n + j]!, s);
        c = p0 === 0 ? s : Math.fround(c + s);
      }
      out[i * n + j] = c;
    }
  }
  return out;
}

function expectSameBits(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i])) expect.fail(`${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

/** |got − exact| ≤ (k + 2)·u·mag elementwise: the float32 dot-product bound for any summation order. */
function expectWithinBound(got: Float32Array, exact: Float64Array, mag: Float64Array, k: number, what: string): void {
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i]! - exact[i]!) <= (k + 2) * U * mag[i]! + 1e-30)) expect.fail(`${what}[${i}]: ${got[i]} vs ${exact[i]} (bound ${(k + 2) * U * mag[i]!})`);
  }
}

const abs64 = (a: Float32Array): Float64Array => Float64Array.from(a, Math.abs);
const one = (x: number): Int32Array => Int32Array.of(x);

function matmul(backend: WasmBackend, a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): Float32Array {
  const out = new Float32Array(m * n).fill(NaN);
  backend.matmul(a, b, out, m, k, n, transA, transB, one(0), one(0));
  return out;
}

// Ragged edges (m, n not multiples of the 4×8 tile), k across several KC blocks, and the training shapes.
const SHAPES: Array<[number, number, number]> = [[1, 1, 1], [5, 3, 9], [7, 300, 13], [32, 784, 256], [13, 600, 10]];

describe('which build loads', () => {
  it('Node 20 validates the FMA module only with V8\'s relaxed-SIMD flag; the backend sets it and loads the FMA build', () => {
    const file = join(tempDir('fma'), 'fma.wasm');
    writeFileSync(file, kernelBytes(false, true));
    const script = `const b = require('node:fs').readFileSync(${JSON.stringify(file)}); const before = WebAssembly.validate(b);
      require('node:v8').setFlagsFromString('--experimental-wasm-relaxed-simd'); console.log(JSON.stringify([before, WebAssembly.validate(b)]));`;
    const [before, after] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as [boolean, boolean];
    expect(before).toBe(nodeMajor >= 22); // Node 22 (V8 12.4) has relaxed SIMD on by default
    expect(after).toBe(true);
    // The plain modules need no flag.
    expect(WebAssembly.validate(kernelBytes(false, false) as BufferSource)).toBe(true);

    expect(wasmRelaxedSimdSupported()).toBe(true);
    expect(WebAssembly.validate(kernelBytes(true, true) as BufferSource)).toBe(true);
    const wasm = loadWasmBackend({ threads: 1 })!;
    expect(wasm.fma).toBe(true);
    expect(describeWasmBackend(wasm)).toBe('FMA');
  });

  it('opts out with fma: false or DESCENT_WASM_FMA=0; refuses another value of DESCENT_WASM_FMA', () => {
    const plain = loadWasmBackend({ threads: 1, fma: false })!;
    expect(plain.fma).toBe(false);
    expect(describeWasmBackend(plain)).toBe('');
    expect(loadWasmBackend({ threads: 1 })!.fma).toBe(true); // a different build: loaded again
    expect(instantiateKernels(true, false).fma).toBe(false);
    const saved = process.env.DESCENT_WASM_FMA;
    try {
      process.env.DESCENT_WASM_FMA = '0';
      expect(fmaFromEnvironment()).toBe(false);
      expect(instantiateKernels(true).fma).toBe(false);
      expect(loadWasmBackend({ threads: 1 })!.fma).toBe(false);
      expect(loadWasmBackend({ threads: 1, fma: true })!.fma).toBe(false); // the environment wins: an operator's switch
      process.env.DESCENT_WASM_FMA = '1';
      expect(instantiateKernels(false).fma).toBe(true);
      process.env.DESCENT_WASM_FMA = 'yes';
      expect(() => instantiateKernels(false)).toThrow("DESCENT_WASM_FMA='yes' must be 0 (plain kernels) or 1");
    } finally {
      if (saved === undefined) delete process.env.DESCENT_WASM_FMA;
      else process.env.DESCENT_WASM_FMA = saved;
    }
  });
});

describe('the arithmetic of each build, bit for bit', () => {
  const plain = createWasmBackend(instantiateKernels(false, false));
  const fma = createWasmBackend(instantiateKernels(false, true));

  it('the plain build multiplies then adds, rounding both (its results from before the FMA build)', () => {
    expect(plain.fma).toBe(false);
    for (const [m, k, n] of SHAPES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = seededFloat32(m * k, m + 7 * k);
          const b = seededFloat32(k * n, n + 3 * k);
          expectSameBits(matmul(plain, a, b, m, k, n, transA, transB), emulateGemm(mulAddF32, a, b, m, k, n, transA, transB), `plain [${m}x${k}x${n}] ${transA} ${transB}`);
        }
      }
    }
  });

  it.skipIf(!cpuFuses())('the FMA build rounds once per multiply-add', () => {
    expect(fma.fma).toBe(true);
    // (1 + 2⁻¹²)² − (1 + 2⁻¹¹) = 2⁻²⁴ exactly; rounding the product first gives 1 + 2⁻¹¹ (a tie, to even), so 0.
    const e = 1 + 2 ** -12;
    const a = Float32Array.of(-1, e);
    const b = Float32Array.of(1 + 2 ** -11, e);
    expect(matmul(fma, a, b, 1, 2, 1, false, false)[0]).toBe(2 ** -24);
    expect(matmul(plain, a, b, 1, 2, 1, false, false)[0]).toBe(0);
    for (const [m, k, n] of SHAPES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = seededFloat32(m * k, m + 7 * k);
          const b = seededFloat32(k * n, n + 3 * k);
          expectSameBits(matmul(fma, a, b, m, k, n, transA, transB), emulateGemm(fmaF32, a, b, m, k, n, transA, transB), `fma [${m}x${k}x${n}] ${transA} ${transB}`);
        }
      }
    }
  });
});

describe('the FMA build agrees with the float64 JS kernels within float32 rounding', () => {
  const wasm = createWasmBackend(instantiateKernels(false, true), { minElementwise: 0 });

  it('GEMM, every transpose', () => {
    for (const [m, k, n] of SHAPES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = seededFloat32(m * k, m + k + 1);
          const b = seededFloat32(k * n, n + k + 2);
          const exact = new Float64Array(m * n);
          const mag = new Float64Array(m * n);
          jsBackend.matmul(Float64Array.from(a), Float64Array.from(b), exact, m, k, n, transA, transB, one(0), one(0));
          jsBackend.matmul(abs64(a), abs64(b), mag, m, k, n, transA, transB, one(0), one(0));
          expectWithinBound(matmul(wasm, a, b, m, k, n, transA, transB), exact, mag, k, `[${m}x${k}x${n}] ${transA} ${transB}`);
        }
      }
    }
  });

  it('conv2d and its two gradients (the conv net\'s layers, and a strided, dilated one)', () => {
    const geometries: Array<[WindowGeometry, number]> = [
      [{ batch: 4, channels: 1, height: 28, width: 28, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 28, outW: 28 }, 16],
      [{ batch: 4, channels: 16, height: 14, width: 14, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 14, outW: 14 }, 32],
      [{ batch: 3, channels: 5, height: 11, width: 9, kernelH: 3, kernelW: 2, strideH: 2, strideW: 1, padH: 1, padW: 0, dilationH: 1, dilationW: 2, outH: 6, outW: 7 }, 7],
    ];
    for (const [g, o] of geometries) {
      const rows = g.channels * g.kernelH * g.kernelW;
      const x = seededFloat32(g.batch * g.channels * g.height * g.width, rows);
      const w = seededFloat32(o * rows, o);
      const bias = seededFloat32(o, o + 1);
      const dy = seededFloat32(g.batch * o * g.outH * g.outW, o + 2);
      const f64 = (a: Float32Array): Float64Array => Float64Array.from(a);
      const run = (
        what: string,
        k: number,
        size: number,
        wasmRun: (out: Float32Array) => void,
        jsRun: (abs: boolean, out: Float64Array) => void,
      ): void => {
        const got = new Float32Array(size).fill(NaN);
        const [exact, mag] = [new Float64Array(size), new Float64Array(size)];
        wasmRun(got);
        jsRun(false, exact);
        jsRun(true, mag);
        expectWithinBound(got, exact, mag, k, `${what} ${JSON.stringify(g)}`);
      };
      const v = (a: Float32Array, abs: boolean): Float64Array => (abs ? abs64(a) : f64(a));
      run('conv2d', rows, g.batch * o * g.outH * g.outW, (out) => wasm.conv2d(x, w, bias, g, o, out), (abs, out) => jsBackend.conv2d(v(x, abs), v(w, abs), v(bias, abs), g, o, out));
      run('conv2dInputGrad', o * g.kernelH * g.kernelW, x.length, (out) => wasm.conv2dInputGrad(dy, w, g, o, out), (abs, out) => jsBackend.conv2dInputGrad(v(dy, abs), v(w, abs), g, o, out));
      run('conv2dWeightGrad', g.batch * g.outH * g.outW, w.length, (out) => wasm.conv2dWeightGrad(x, dy, g, o, out), (abs, out) => jsBackend.conv2dWeightGrad(v(x, abs), v(dy, abs), g, o, out));
    }
  });
});

describe.skipIf(!workerThreadsSupported())('the FMA build gives the same bits on 1 and 2 threads', () => {
  const single = createWasmBackend(instantiateKernels(true, true), { threads: 1 });
  const two = createWasmBackend(instantiateKernels(true, true), { threads: 2, minSplitMacs: 0 }); // every product split
  afterAll(() => two.dispose());

  it('GEMM (split by columns and by rows) and the convolutions (by images and by channels)', async () => {
    await two.ready();
    expect([single.fma, two.fma, two.threads]).toEqual([true, true, 2]);
    for (const [m, k, n] of [...SHAPES, [600, 150, 97] as [number, number, number]]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = seededFloat32(m * k, m + 2 * k);
          const b = seededFloat32(k * n, n + 5 * k);
          expectSameBits(matmul(two, a, b, m, k, n, transA, transB), matmul(single, a, b, m, k, n, transA, transB), `[${m}x${k}x${n}] ${transA} ${transB}`);
        }
      }
    }
    const g: WindowGeometry = { batch: 6, channels: 8, height: 12, width: 12, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 12, outW: 12 };
    const o = 16;
    const x = seededFloat32(g.batch * g.channels * 144, 1);
    const w = seededFloat32(o * g.channels * 9, 2);
    const dy = seededFloat32(g.batch * o * 144, 3);
    const outputs = (backend: WasmBackend): Float32Array[] => {
      const y = new Float32Array(g.batch * o * 144);
      const dx = new Float32Array(x.length);
      const dw = new Float32Array(w.length);
      backend.conv2d(x, w, null, g, o, y);
      backend.conv2dInputGrad(dy, w, g, o, dx);
      backend.conv2dWeightGrad(x, dy, g, o, dw);
      return [y, dx, dw];
    };
    const want = outputs(single);
    outputs(two).forEach((got, i) => expectSameBits(got, want[i]!, ['conv2d', 'conv2dInputGrad', 'conv2dWeightGrad'][i]!));
  });
});
