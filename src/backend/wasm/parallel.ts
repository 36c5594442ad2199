/**
 * Splitting GEMM and convolutions into jobs for the worker pool. Every split keeps each output
 * element's arithmetic — the same products summed in the same order — so results are bit-identical
 * whatever the number of threads or jobs:
 * - GEMM: blocks of whole output columns (or rows); each element is still one dot product over k in
 *   the same KC blocks.
 * - conv2d and its input gradient: blocks of whole images.
 * - the weight gradient: one block of input channels per thread (columns of dW; each unfolds only
 *   its channels) or, when there are too few, of output channels (rows of dW); each block sums over
 *   all images in order, as one thread does.
 * GEMM and conv2d have a few jobs per thread where the jobs stay large, so a thread whose core is
 * busy claims fewer (threads.ts). Each job of a column split packs all of A again (of a row split,
 * all of B), so jobs are at least MIN_JOB_WIDTH columns (rows) wide; the weight gradient's jobs
 * re-pack dy for every image, so it has just one job per thread.
 */
import type { WindowGeometry } from '../backend.js';
import type { KernelExports } from './module.js';
import type { Scratch } from './scratch.js';
import type { PoolJob, WorkerPool } from './threads.js';

/**
 * A product smaller than this many multiply-adds (8M, ~0.5 ms on one thread) stays on one thread:
 * waking a worker and packing the shared operand again per job cost too much of a smaller product.
 */
export const MIN_SPLIT_MACS = 1 << 23;

/**
 * A convolution (or gradient) smaller than this many multiply-adds stays on one thread. Lower than
 * GEMM's: splitting by images or channels packs nothing twice but the (small) weight.
 */
export const MIN_CONV_SPLIT_MACS = 1 << 22;

/** Jobs of fewer multiply-adds (~0.1 ms) cost more in packing and claiming than they balance. */
export const MIN_JOB_MACS = 1 << 21;

/** Jobs per thread in a run (at most): enough for a thread whose core is busy to fall behind gracefully. */
export const JOBS_PER_THREAD = 4;

/** Columns (rows) of a GEMM job at least, where the product has that many per thread: see above. */
export const MIN_JOB_WIDTH = 64;

/** Output channels per thread at least for the weight gradient's split by output channels (each block unfolds every image again). */
const MIN_WEIGHT_GRAD_ROWS = 32;

/** The micro-tile: column blocks are whole multiples of NR, row blocks of MR (assembly/gemm.ts). */
const NR = 8;
const MR = 4;

/** Jobs for `macs` multiply-adds on `threads` threads, at most `limit` (the blocks there are), each of `minJob` or more. */
function jobCount(macs: number, threads: number, limit: number, minJob: number): number {
  return Math.max(1, Math.min(limit, JOBS_PER_THREAD * threads, minJob > 0 ? Math.floor(macs / minJob) : Infinity));
}

/**
 * C = op(A)·op(B) split into up to `jobs` jobs of whole columns (or rows, for a tall product); the
 * running thread appends its packing buffers.
 *
 * @example
 * pool.run(gemmJobs(pa, pb, pc, 512, 512, 512, false, false, 8), scratch); // eight blocks of 64 columns
 */
export function gemmJobs(pa: number, pb: number, pc: number, m: number, k: number, n: number, transA: boolean, transB: boolean, jobs: number): PoolJob[] {
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  const [tA, tB] = [transA ? 1 : 0, transB ? 1 : 0];
  const out: PoolJob[] = [];
  if (n >= m) {
    // Column blocks: each job packs its own part of B, and all of A.
    const step = Math.ceil(n / jobs / NR) * NR;
    for (let j0 = 0; j0 < n; j0 += step) {
      out.push({ kernel: 'gemm', args: [pa, pb + (transB ? j0 * k : j0) * 4, pc + j0 * 4, m, k, Math.min(step, n - j0), lda, ldb, n, tA, tB] });
    }
  } else {
    const step = Math.ceil(m / jobs / MR) * MR;
    for (let i0 = 0; i0 < m; i0 += step) {
      out.push({ kernel: 'gemm', args: [pa + (transA ? i0 : i0 * k) * 4, pb, pc + i0 * n * 4, Math.min(step, m - i0), k, n, lda, ldb, n, tA, tB] });
    }
  }
  return out;
}

/**
 * C = op(A)·op(B) (operands at byte offsets in wasm memory), on the pool's threads when the product
 * has at least `minMacs` multiply-adds and on this thread otherwise (`minMacs` below MIN_JOB_MACS
 * also allows jobs that small: tests split tiny products).
 *
 * @example
 * runGemm(kernels, pool, scratch, pa, pb, pc, m, k, n, false, true);
 */
export function runGemm(kernels: KernelExports, pool: WorkerPool | null, scratch: Scratch, pa: number, pb: number, pc: number, m: number, k: number, n: number, transA: boolean, transB: boolean, minMacs = MIN_SPLIT_MACS): void {
  const macs = m * k * n;
  let jobs = 1;
  if (pool && macs >= minMacs) {
    const width = n >= m ? n : m;
    const minWidth = minMacs >= MIN_SPLIT_MACS ? MIN_JOB_WIDTH : n >= m ? NR : MR; // a lower threshold (tests): any width
    const limit = Math.max(Math.floor(width / minWidth), width >= 16 * pool.threads ? pool.threads : 1);
    jobs = jobCount(macs, pool.threads, limit, Math.min(MIN_JOB_MACS, minMacs));
  }
  if (jobs > 1) pool!.run(gemmJobs(pa, pb, pc, m, k, n, transA, transB, jobs), scratch);
  else kernels.gemm(pa, pb, pc, m, k, n, transA ? m : k, transB ? k : n, n, transA, transB, scratch.packA[0]!, scratch.packB[0]!);
}

export type ConvKernel = 'conv2d' | 'conv2dInputGrad' | 'conv2dWeightGrad';

const convMacs = (g: WindowGeometry, outChannels: number): number => outChannels * g.channels * g.kernelH * g.kernelW * g.outH * g.outW * g.batch;

/**
 * How the weight gradient splits over `threads`: by input channels (each block unfolds only its
 * own), by output channels where there are enough of those, else not at all.
 */
function weightGradSplit(g: WindowGeometry, outChannels: number, threads: number, minRows: number): 'input' | 'output' | null {
  if (g.channels >= threads) return 'input';
  return outChannels >= minRows * threads ? 'output' : null;
}

/**
 * Threads a convolution kernel will use: 1 without a pool or below `minMacs` multiply-adds (or with
 * nothing to split), else all of the pool's. Call it before reserving scratch: each thread needs
 * its own columns.
 *
 * @example
 * const threads = convThreads('conv2d', g, outChannels, pool);
 * const [.., cols] = scratch.reserve(.., colsBytes * threads);
 */
export function convThreads(kernel: ConvKernel, g: WindowGeometry, outChannels: number, pool: WorkerPool | null, minMacs = MIN_CONV_SPLIT_MACS): number {
  if (!pool || convMacs(g, outChannels) < minMacs) return 1;
  const splits = kernel === 'conv2dWeightGrad' ? weightGradSplit(g, outChannels, pool.threads, minMacs > 0 ? MIN_WEIGHT_GRAD_ROWS : 1) !== null : g.batch >= 2;
  return splits ? pool.threads : 1;
}

function geometry(g: WindowGeometry): number[] {
  return [g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW];
}

/**
 * One convolution kernel split into jobs for `threads` threads. `a`, `b`, `out` are the kernel's
 * operands (x and weight for conv2d, dy and weight for the input gradient, x and dy for the weight
 * gradient), `bias` 0 for none; the running thread appends its columns and packing buffers. Jobs
 * have `minJob` multiply-adds or more where possible.
 *
 * @example
 * pool.run(convJobs('conv2dInputGrad', pdy, pw, 0, pdx, g, 32, 2), scratch, pcols, colsBytes); // blocks of images
 */
export function convJobs(kernel: ConvKernel, a: number, b: number, bias: number, out: number, g: WindowGeometry, outChannels: number, threads: number, minJob = MIN_JOB_MACS): PoolJob[] {
  const jobs: PoolJob[] = [];
  const macs = convMacs(g, outChannels);
  if (kernel === 'conv2dWeightGrad') {
    const [, ...shape] = geometry(g);
    const block = (o0: number, o1: number, c0: number, c1: number): PoolJob => ({
      kernel: 'conv2dWeightGradBlock',
      args: [a, b, out, outChannels, g.batch, g.channels, ...shape, o0, o1, c0, c1],
    });
    if (weightGradSplit(g, outChannels, threads, 1) === 'input') {
      const step = Math.ceil(g.channels / threads);
      for (let c0 = 0; c0 < g.channels; c0 += step) jobs.push(block(0, outChannels, c0, Math.min(g.channels, c0 + step)));
    } else {
      const step = Math.ceil(outChannels / threads / MR) * MR;
      for (let o0 = 0; o0 < outChannels; o0 += step) jobs.push(block(o0, Math.min(outChannels, o0 + step), 0, g.channels));
    }
    return jobs;
  }
  const imageIn = g.channels * g.height * g.width * 4;
  const imageOut = outChannels * g.outH * g.outW * 4;
  const step = Math.ceil(g.batch / jobCount(macs, threads, g.batch, minJob));
  for (let n0 = 0; n0 < g.batch; n0 += step) {
    const rest = [outChannels, Math.min(step, g.batch - n0), ...geometry(g)];
    if (kernel === 'conv2d') jobs.push({ kernel, args: [a + n0 * imageIn, b, bias, out + n0 * imageOut, ...rest] });
    else jobs.push({ kernel, args: [a + n0 * imageOut, b, out + n0 * imageIn, ...rest] });
  }
  return jobs;
}

/**
 * Runs a convolution kernel on `threads` threads (from `convThreads`); operands at byte offsets in
 * wasm memory, `cols` the first of `threads` column scratch regions of `colsBytes` each; `minMacs`
 * as for `convThreads` (below MIN_JOB_MACS it also allows jobs that small).
 *
 * @example
 * runConv(kernels, pool, 'conv2d', px, pw, pbias, py, g, 16, pcols, colsBytes, scratch, threads);
 */
export function runConv(kernels: KernelExports, pool: WorkerPool | null, kernel: ConvKernel, a: number, b: number, bias: number, out: number, g: WindowGeometry, outChannels: number, cols: number, colsBytes: number, scratch: Scratch, threads: number, minMacs = MIN_CONV_SPLIT_MACS): void {
  if (threads > 1 && pool) {
    pool.run(convJobs(kernel, a, b, bias, out, g, outChannels, threads, Math.min(MIN_JOB_MACS, minMacs)), scratch, cols, colsBytes);
    return;
  }
  const rest = [outChannels, g.batch, ...geometry(g), cols, scratch.packA[0]!, scratch.packB[0]!];
  const call = kernels[kernel] as unknown as (...args: readonly number[]) => void;
  if (kernel === 'conv2d') call(a, b, bias, out, ...rest);
  else call(a, b, out, ...rest);
}
