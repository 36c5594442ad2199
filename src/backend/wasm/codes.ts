/**
 * The op codes the wasm kernels switch on: the one table of them. scripts/build-wasm.mjs generates
 * the AssemblyScript constants (assembly/codes.generated.ts) from it; an activation's code is its
 * unary kernel's (src/backend/activation-rules.ts).
 */
import type { BinaryKernel, UnaryKernel } from '../backend.js';

/** Binary ops with a wasm kernel; `pow` is left to the JS kernels (no exact float32 pow in wasm). */
export const BINARY_CODES: Partial<Record<BinaryKernel, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, gt: 6, ge: 7, lt: 8, le: 9, eq: 10, ne: 11,
};

/**
 * Unary ops with a wasm kernel. The rest (log, log1p, expm1, sign, sin, cos, erf, elu, softplus,
 * gelu) run in the JS kernels: none is hot in the networks descent trains today.
 */
export const UNARY_CODES: Partial<Record<UnaryKernel, number>> = {
  neg: 0, abs: 1, square: 2, sqrt: 3, relu: 4, leakyRelu: 5, clamp: 6, exp: 7, sigmoid: 8, silu: 9, tanh: 10,
};

/** Broadcast layouts of the binary kernel. */
export const LAYOUT = { same: 0, scalarB: 1, scalarA: 2, suffixB: 3, suffixA: 4, middleB: 5, middleA: 6 } as const;
