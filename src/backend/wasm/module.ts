/**
 * Loading the kernels: decode the embedded bytes, check that this runtime has WebAssembly SIMD,
 * compile (synchronously, or asynchronously for browsers' main thread) and instantiate — with the
 * module's own memory, or with a shared memory that worker threads instantiate the same module on.
 * Each comes in two builds (scripts/build-wasm.mjs): plain, and FMA, whose GEMM multiply-adds are
 * relaxed SIMD's `f32x4.relaxed_madd` (fused, one rounding, on x64 with FMA3 and on arm64). The FMA
 * build is used where the runtime validates it (Chromium >= 114, Node >= 22, Node 20 with the V8 flag
 * this file sets), unless `DESCENT_WASM_FMA=0` or `fma: false` says otherwise.
 */
import {
  KERNELS_FMA_SHARED_WASM_BASE64,
  KERNELS_FMA_WASM_BASE64,
  KERNELS_SHARED_WASM_BASE64,
  KERNELS_WASM_BASE64,
  SHARED_MAXIMUM_PAGES,
} from './kernels.generated.js';
import { enableWasmRelaxedSimd } from '../../platform/node.js';

/** The functions assembly/index.ts exports (pointers are byte offsets into `memory`). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packABytes(): number;
  packBBytes(): number;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, lda: number, ldb: number, ldc: number, transA: boolean, transB: boolean, packA: number, packB: number): void;
  binary(op: number, layout: number, a: number, b: number, out: number, rows: number, cols: number, mid: number): void;
  unary(op: number, x: number, out: number, n: number, p0: number, p1: number): void;
  sum(x: number, outer: number, n: number, inner: number, out: number, acc: number): void;
  extreme(isMax: boolean, x: number, outer: number, n: number, inner: number, out: number, indices: number): void;
  scatterAdd(src: number, index: number, outer: number, k: number, inner: number, out: number, n: number): void;
  im2col(x: number, out: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number, padValue: number): void;
  col2im(cols: number, out: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number): void;
  maxPoolIndices(x: number, out: number, batch: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number): void;
  gather(x: number, index: number, outer: number, k: number, inner: number, out: number, n: number): void;
  gatherRows(src: number, index: number, out: number, blocks: number, n: number, k: number, rowBytes: number): void;
  scatterAddRows(src: number, index: number, out: number, blocks: number, n: number, k: number, row: number): void;
  conv2d(x: number, weight: number, bias: number, out: number, outChannels: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number, cols: number, packA: number, packB: number): void;
  conv2dInputGrad(dy: number, weight: number, dx: number, outChannels: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number, cols: number, packA: number, packB: number): void;
  conv2dWeightGrad(x: number, dy: number, dw: number, outChannels: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number, cols: number, packA: number, packB: number): void;
  biasActivation(act: number, y: number, bias: number, out: number, outer: number, channels: number, inner: number, slope: number): void;
  biasActivationGrad(act: number, dy: number, out: number, dz: number, dBias: number, acc: number, outer: number, channels: number, inner: number, slope: number): void;
  conv2dBiasActivation(act: number, slope: number, x: number, weight: number, bias: number, out: number, outChannels: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number, cols: number, packA: number, packB: number): void;
  softmaxCrossEntropy(logits: number, target: number, loss: number, rowMax: number, rowSum: number, rows: number, classes: number): void;
  softmaxCrossEntropyGrad(logits: number, target: number, rowMax: number, rowSum: number, upstream: number, dx: number, rows: number, classes: number): void;
  conv2dWeightGradBlock(x: number, dy: number, dw: number, outChannels: number, batch: number, channels: number, height: number, width: number, kernelH: number, kernelW: number, strideH: number, strideW: number, padH: number, padW: number, dilationH: number, dilationW: number, outH: number, outW: number, o0: number, o1: number, c0: number, c1: number, cols: number, packA: number, packB: number): void;
  updatePacked(kind: number, variant: number, p: number, g: number, a: number, b: number, c: number, n: number, scalars: number): void;
}

/** Compiled kernels and, for the shared-memory variant, the memory every thread instantiates them on. */
export interface Kernels {
  exports: KernelExports;
  module: WebAssembly.Module;
  /** The shared memory (null for the single-threaded variant, which owns its memory). */
  shared: WebAssembly.Memory | null;
  /** True for the FMA build (relaxed-SIMD fused multiply-adds in the GEMM), false for the plain one. */
  fma: boolean;
}

/**
 * The smallest module that uses a SIMD instruction: `(func (result v128) (v128.const i32x4 0 0 0 0))`.
 * `WebAssembly.validate` accepts it exactly where 128-bit SIMD is supported.
 */
const SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // code: v128.const 0; end
);

/**
 * True when this runtime has WebAssembly with the 128-bit SIMD proposal (Node >= 16.4, current browsers).
 *
 * @example
 * setBackend(wasmSimdSupported() && loadWasmBackend() ? 'wasm' : 'js');
 */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** True when a shared WebAssembly memory can be created (SharedArrayBuffer; cross-origin isolation in browsers). */
export function sharedMemorySupported(): boolean {
  try {
    return typeof SharedArrayBuffer === 'function' && new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

let relaxedSimd: boolean | null = null;

/**
 * True when this runtime compiles the FMA kernels (WebAssembly relaxed SIMD: Chromium >= 114,
 * Node >= 22, and Node 20, where the first call sets V8's `--experimental-wasm-relaxed-simd` flag —
 * needed once, before compiling). The answer is computed once, by validating the FMA module itself.
 *
 * @example
 * wasmRelaxedSimdSupported(); // true in Node 20 on x64 and in current Chromium; false in Firefox
 */
export function wasmRelaxedSimdSupported(): boolean {
  if (relaxedSimd !== null) return relaxedSimd;
  const validates = (): boolean => {
    try {
      return typeof WebAssembly === 'object' && WebAssembly.validate(kernelBytes(false, true) as BufferSource);
    } catch {
      return false;
    }
  };
  relaxedSimd = validates();
  if (!relaxedSimd) {
    try {
      enableWasmRelaxedSimd(); // Node 20: the feature is there behind a flag (a browser: a no-op)
    } catch {
      // a runtime that refuses flags: keep the plain kernels
    }
    relaxedSimd = validates();
  }
  return relaxedSimd;
}

/**
 * Whether `DESCENT_WASM_FMA` allows the FMA kernels: unset, empty or '1' yes, '0' no; anything else
 * throws. Browsers have no environment: yes.
 *
 * @example
 * // DESCENT_WASM_FMA=0 node train.js
 * fmaFromEnvironment(); // false
 */
export function fmaFromEnvironment(): boolean {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DESCENT_WASM_FMA;
  if (value === undefined || value.trim() === '' || value.trim() === '1') return true;
  if (value.trim() === '0') return false;
  throw new Error(`DESCENT_WASM_FMA='${value}' must be 0 (plain kernels) or 1 (FMA kernels where the runtime has relaxed SIMD)`);
}

/**
 * Which build to load when asked for `fma` (true or unset: the FMA build where it is allowed — see
 * `fmaFromEnvironment` — and supported; false: the plain one).
 *
 * @example
 * useFma();      // true in Node 20 on x64, unless DESCENT_WASM_FMA=0
 * useFma(false); // false
 */
export function useFma(fma?: boolean): boolean {
  return fma !== false && fmaFromEnvironment() && wasmRelaxedSimdSupported();
}

/** The embedded module's bytes (atob works in Node >= 16 and every browser). */
export function kernelBytes(shared = false, fma = false): Uint8Array {
  const text = atob(fma ? (shared ? KERNELS_FMA_SHARED_WASM_BASE64 : KERNELS_FMA_WASM_BASE64) : shared ? KERNELS_SHARED_WASM_BASE64 : KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function abort(): never {
  throw new Error('wasm backend: a kernel aborted');
}

function newSharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAXIMUM_PAGES, shared: true });
}

/** The import object: `env.abort`, and `env.memory` for the shared-memory variant. */
function importsFor(memory: WebAssembly.Memory | null): WebAssembly.Imports {
  const env: Record<string, WebAssembly.ImportValue> = { abort };
  if (memory) env.memory = memory;
  return { env };
}

// The compiled modules of the FMA build: a Module does not say which bytes it came from, and
// `instantiateSharedKernels` reuses one.
const fmaModules = new WeakSet<WebAssembly.Module>();

function kernelsOf(module: WebAssembly.Module, instance: WebAssembly.Instance, shared: WebAssembly.Memory | null, fma: boolean): Kernels {
  if (fma) fmaModules.add(module);
  const exports = instance.exports as unknown as KernelExports;
  return { exports, module, shared, fma: fmaModules.has(module) };
}

/**
 * Compiles and instantiates the kernels synchronously (`shared`: the shared-memory variant, for
 * threads; `fma`: see `useFma` — the FMA build unless false, disallowed or unsupported; the result's
 * `fma` says which). NOTE: fine in Node and in workers; browsers may refuse synchronous compilation
 * of a module this size on the main thread (Chrome's limit has been 4 KB) — use `instantiateKernelsAsync`.
 *
 * @example
 * instantiateKernels(true).fma;        // true where relaxed SIMD is available
 * instantiateKernels(true, false).fma; // false: the plain build
 */
export function instantiateKernels(shared = false, fma?: boolean): Kernels {
  const useFmaBuild = useFma(fma);
  const module = new WebAssembly.Module(kernelBytes(shared, useFmaBuild) as BufferSource);
  const memory = shared ? newSharedMemory() : null;
  return kernelsOf(module, new WebAssembly.Instance(module, importsFor(memory)), memory, useFmaBuild);
}

/**
 * Another instance on a fresh shared memory, from `module` when it is a shared-memory variant (no
 * compilation; the same build), else compiling that variant (synchronously: see `instantiateKernels`;
 * `fma` as there).
 */
export function instantiateSharedKernels(module?: WebAssembly.Module, fma?: boolean): Kernels {
  if (!module) return instantiateKernels(true, fma);
  const memory = newSharedMemory();
  return kernelsOf(module, new WebAssembly.Instance(module, importsFor(memory)), memory, false);
}

/**
 * Compiles and instantiates the kernels without blocking (required on browsers' main thread);
 * `shared` and `fma` as for `instantiateKernels`.
 *
 * @example
 * const kernels = await instantiateKernelsAsync(sharedMemorySupported());
 * kernels.fma; // true in Chromium >= 114
 */
export async function instantiateKernelsAsync(shared = false, fma?: boolean): Promise<Kernels> {
  const useFmaBuild = useFma(fma);
  const module = await WebAssembly.compile(kernelBytes(shared, useFmaBuild) as BufferSource);
  const memory = shared ? newSharedMemory() : null;
  return kernelsOf(module, await WebAssembly.instantiate(module, importsFor(memory)), memory, useFmaBuild);
}
