/**
 * Loading the kernels: decode the embedded bytes, check that this runtime has WebAssembly SIMD,
 * compile (synchronously, or asynchronously for browsers' main thread) and instantiate.
 */
import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/** The functions assembly/index.ts exports (pointers are byte offsets into `memory`). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packABytes(): number;
  packBBytes(): number;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: boolean, transB: boolean, packA: number, packB: number): void;
  binary(op: number, layout: number, a: number, b: number, out: number, rows: number, cols: number): void;
  unary(op: number, x: number, out: number, n: number, p0: number, p1: number): void;
  sum(x: number, outer: number, n: number, inner: number, out: number, acc: number): void;
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

/** True when this runtime has WebAssembly with the 128-bit SIMD proposal. */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** The embedded module's bytes (atob works in Node >= 16 and every browser). */
export function kernelBytes(): Uint8Array {
  const text = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const imports = {
  env: {
    abort(): never {
      throw new Error('wasm backend: a kernel aborted');
    },
  },
};

function exportsOf(instance: WebAssembly.Instance): KernelExports {
  return instance.exports as unknown as KernelExports;
}

/**
 * Compiles and instantiates the kernels synchronously. NOTE: fine in Node and in workers; browsers
 * may refuse synchronous compilation of modules this size on the main thread (Chrome's limit has
 * been 4 KB) — use `instantiateKernelsAsync` there.
 */
export function instantiateKernels(): KernelExports {
  return exportsOf(new WebAssembly.Instance(new WebAssembly.Module(kernelBytes() as BufferSource), imports));
}

/** Compiles and instantiates the kernels without blocking (required on browsers' main thread). */
export async function instantiateKernelsAsync(): Promise<KernelExports> {
  const module = await WebAssembly.compile(kernelBytes() as BufferSource);
  return exportsOf(await WebAssembly.instantiate(module, imports));
}
