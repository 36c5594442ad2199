/**
 * A test page (bundled and run in headless Chromium by wasm-fma.browser.test.ts): which build of the
 * wasm kernels a browser loads. `window.runFmaTest()` loads the backend asynchronously, as a page must,
 * with and without `fma: false`, and reports each build's `fma`, a product that tells a fused
 * multiply-add from a multiply then an add, and a seeded product to compare with Node's bits.
 */
import { loadWasmBackendAsync, wasmRelaxedSimdSupported, type WasmBackend } from '../../src/backend/wasm/index.js';

export interface FmaReport {
  relaxedSimd: boolean;
  /** `fma` of the backend loaded by default, and of the one loaded with `fma: false`. */
  fma: [boolean, boolean];
  /** (1 + 2⁻¹²)² − (1 + 2⁻¹¹) on each: 2⁻²⁴ fused, 0 with the product rounded first. */
  fused: [number, number];
  /** The default build's product of `fmaInputs()`. */
  product: number[];
  userAgent: string;
}

declare global {
  interface Window {
    runFmaTest?: () => Promise<FmaReport>;
  }
}

/** The seeded product both sides compute: A [m, k] · B [n, k]ᵀ (a forward Linear layer's shape). */
export function fmaInputs(): { a: Float32Array; b: Float32Array; m: number; k: number; n: number } {
  let s = 12345;
  const random = (n: number): Float32Array =>
    Float32Array.from({ length: n }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 31 - 1;
    });
  const [m, k, n] = [9, 300, 21];
  return { a: random(m * k), b: random(n * k), m, k, n };
}

function product(b: WasmBackend, a: Float32Array, bm: Float32Array, m: number, k: number, n: number, transB: boolean): Float32Array {
  const out = new Float32Array(m * n);
  b.matmul(a, bm, out, m, k, n, false, transB, Int32Array.of(0), Int32Array.of(0));
  return out;
}

if (typeof window !== 'undefined') {
  window.runFmaTest = async (): Promise<FmaReport> => {
    const e = 1 + 2 ** -12;
    const tie = [Float32Array.of(-1, e), Float32Array.of(1 + 2 ** -11, e)] as const;
    const fma = (await loadWasmBackendAsync({ threads: 1 }))!;
    const fmaOn = fma.fma;
    const fusedFma = product(fma, tie[0], tie[1], 1, 2, 1, false)[0]!;
    const { a, b, m, k, n } = fmaInputs();
    const seeded = Array.from(product(fma, a, b, m, k, n, true));
    const plain = (await loadWasmBackendAsync({ threads: 1, fma: false }))!;
    const fusedPlain = product(plain, tie[0], tie[1], 1, 2, 1, false)[0]!;
    return { relaxedSimd: wasmRelaxedSimdSupported(), fma: [fmaOn, plain.fma], fused: [fusedFma, fusedPlain], product: seeded, userAgent: navigator.userAgent };
  };
}
