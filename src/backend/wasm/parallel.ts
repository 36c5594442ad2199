/**
 * Splitting GEMM and convolutions into jobs for the worker pool. Every split keeps each output
 * element's arithmetic — the same products summed in the same order — so results are bit-identical
 * whatever the number of threads:
 * - GEMM: blocks of whole output columns (or rows); each element is still one dot product over k in
 *   the same KC blocks.
 * - conv2d and its input gradient: blocks of whole images (each thread with its own column scratch).
 * - the weight gradient: blocks of input channels (columns of dW; each thread unfolds only its
 *   channels) or, when there are too few, of output channels (rows of dW); each thread sums over all
 *   images in order, as one thread does.
 */
import type { WindowGeometry } from '../backend.js';
import type { KernelExports } from './module.js';
import type { Scratch } from './scratch.js';
import type { PoolJob, WorkerPool } from './threads.js';

/**
 * A product smaller than this many multiply-adds (8M, ~0.5 ms on one thread) stays on one thread:
 * waking a worker and packing the shared operand twice cost more than half of a smaller product.
 */
export const MIN_SPLIT_MACS = 1 << 23;

/**
 * A convolution (or gradient) smaller than this many multiply-adds stays on one thread. Lower than
 * GEMM's: splitting by images or channels packs nothing twice but the (small) weight.
 */
export const MIN_CONV_SPLIT_MACS = 1 << 22;

/** The micro-tile: column blocks are whole multiples of NR, row blocks of MR (assembly/gemm.ts). */
const NR = 8;
const MR = 4;

/**
 * C = op(A)·op(B) split into up to `parts` jobs of whole columns (or rows, for a tall product).
 *
 * @example
 * pool.run(gemmJobs(pa, pb, pc, 512, 512, 512, false, false, scratch, 2)); // two column blocks of 256
 */
export function gemmJobs(pa: number, pb: number, pc: number, m: number, k: number, n: number, transA: boolean, transB: boolean, scratch: Scratch, parts: number): PoolJob[] {
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  const [tA, tB] = [transA ? 1 : 0, transB ? 1 : 0];
  const jobs: PoolJob[] = [];
  if (n >= m) {
    // Column blocks: each thread packs its own part of B, and all of A.
    const step = Math.ceil(n / parts / NR) * NR;
    for (let j0 = 0, t = 0; j0 < n; j0 += step, t++) {
      jobs.push({ kernel: 'gemm', args: [pa, pb + (transB ? j0 * k : j0) * 4, pc + j0 * 4, m, k, Math.min(step, n - j0), lda, ldb, n, tA, tB, scratch.packA[t]!, scratch.packB[t]!] });
    }
  } else {
    const step = Math.ceil(m / parts / MR) * MR;
    for (let i0 = 0, t = 0; i0 < m; i0 += step, t++) {
      jobs.push({ kernel: 'gemm', args: [pa + (transA ? i0 : i0 * k) * 4, pb, pc + i0 * n * 4, Math.min(step, m - i0), k, n, lda, ldb, n, tA, tB, scratch.packA[t]!, scratch.packB[t]!] });
    }
  }
  return jobs;
}

/**
 * C = op(A)·op(B) (operands at byte offsets in wasm memory), on the pool's threads when the product
 * has at least `minMacs` multiply-adds and on this thread otherwise.
 *
 * @example
 * runGemm(kernels, pool, scratch, pa, pb, pc, m, k, n, false, true);
 */
export function runGemm(kernels: KernelExports, pool: WorkerPool | null, scratch: Scratch, pa: number, pb: number, pc: number, m: number, k: number, n: number, transA: boolean, transB: boolean, minMacs = MIN_SPLIT_MACS): void {
  const parts = pool && m * k * n >= minMacs ? pool.threadsNow() : 1;
  if (parts > 1) pool!.run(gemmJobs(pa, pb, pc, m, k, n, transA, transB, scratch, parts));
  else kernels.gemm(pa, pb, pc, m, k, n, transA ? m : k, transB ? k : n, n, transA, transB, scratch.packA[0]!, scratch.packB[0]!);
}

export type ConvKernel = 'conv2d' | 'conv2dInputGrad' | 'conv2dWeightGrad';

/**
 * Threads a convolution kernel will use: 1 without a pool or below `minMacs`, else the
 * pool's threads ready now, at most one per image (per channel for the weight gradient). Call it
 * before reserving scratch: each thread needs its own columns.
 *
 * @example
 * const parts = convThreads('conv2d', g, outChannels, pool);
 * const [.., cols] = scratch.reserve(.., colsBytes * parts);
 */
export function convThreads(kernel: ConvKernel, g: WindowGeometry, outChannels: number, pool: WorkerPool | null, minMacs = MIN_CONV_SPLIT_MACS): number {
  if (!pool) return 1;
  const macs = outChannels * g.channels * g.kernelH * g.kernelW * g.outH * g.outW * g.batch;
  const limit = kernel === 'conv2dWeightGrad' ? Math.max(g.channels, Math.ceil(outChannels / MR)) : g.batch;
  if (macs < minMacs || limit < 2) return 1;
  return Math.min(pool.threadsNow(), limit);
}

function geometry(g: WindowGeometry): number[] {
  return [g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW];
}

/**
 * One convolution kernel split into `parts` jobs. `a`, `b`, `out` are the kernel's operands (x and
 * weight for conv2d, dy and weight for the input gradient, x and dy for the weight gradient), `bias`
 * 0 for none; thread t's columns start at `cols + t·colsBytes`.
 *
 * @example
 * pool.run(convJobs('conv2dInputGrad', pdy, pw, 0, pdx, g, 32, pcols, colsBytes, scratch, 2)); // two blocks of images
 */
export function convJobs(kernel: ConvKernel, a: number, b: number, bias: number, out: number, g: WindowGeometry, outChannels: number, cols: number, colsBytes: number, scratch: Scratch, parts: number): PoolJob[] {
  const jobs: PoolJob[] = [];
  const thread = (t: number): number[] => [cols + t * colsBytes, scratch.packA[t]!, scratch.packB[t]!];
  const imageIn = g.channels * g.height * g.width * 4;
  const imageOut = outChannels * g.outH * g.outW * 4;
  if (kernel === 'conv2dWeightGrad') {
    const [, ...shape] = geometry(g);
    const block = (o0: number, o1: number, c0: number, c1: number, t: number): PoolJob => ({
      kernel: 'conv2dWeightGradBlock',
      args: [a, b, out, outChannels, g.batch, g.channels, ...shape, o0, o1, c0, c1, ...thread(t)],
    });
    if (g.channels >= parts && (g.channels % parts === 0 || g.channels >= 2 * parts)) {
      // Input channels: each thread unfolds only its own channels.
      const step = Math.ceil(g.channels / parts);
      for (let c0 = 0, t = 0; c0 < g.channels; c0 += step, t++) jobs.push(block(0, outChannels, c0, Math.min(g.channels, c0 + step), t));
    } else {
      const step = Math.ceil(outChannels / parts / MR) * MR;
      for (let o0 = 0, t = 0; o0 < outChannels; o0 += step, t++) jobs.push(block(o0, Math.min(outChannels, o0 + step), 0, g.channels, t));
    }
    return jobs;
  }
  const step = Math.ceil(g.batch / parts);
  for (let n0 = 0, t = 0; n0 < g.batch; n0 += step, t++) {
    const count = Math.min(step, g.batch - n0);
    const rest = [outChannels, count, ...geometry(g), ...thread(t)];
    if (kernel === 'conv2d') jobs.push({ kernel, args: [a + n0 * imageIn, b, bias, out + n0 * imageOut, ...rest] });
    else jobs.push({ kernel, args: [a + n0 * imageOut, b, out + n0 * imageIn, ...rest] });
  }
  return jobs;
}

/**
 * Runs a convolution kernel on `parts` threads (from `convThreads`); operands at byte offsets in wasm
 * memory, `cols` the first of `parts` column scratch regions of `colsBytes` each.
 *
 * @example
 * runConv(kernels, pool, 'conv2d', px, pw, pbias, py, g, 16, pcols, colsBytes, scratch, parts);
 */
export function runConv(kernels: KernelExports, pool: WorkerPool | null, kernel: ConvKernel, a: number, b: number, bias: number, out: number, g: WindowGeometry, outChannels: number, cols: number, colsBytes: number, scratch: Scratch, parts: number): void {
  if (parts > 1 && pool) {
    pool.run(convJobs(kernel, a, b, bias, out, g, outChannels, cols, colsBytes, scratch, parts));
    return;
  }
  const rest = [outChannels, g.batch, ...geometry(g), cols, scratch.packA[0]!, scratch.packB[0]!];
  const call = kernels[kernel] as unknown as (...args: readonly number[]) => void;
  if (kernel === 'conv2d') call(a, b, bias, out, ...rest);
  else call(a, b, out, ...rest);
}
