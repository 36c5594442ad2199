/**
 * A test page (bundled by test/helpers/build-page.ts, run in headless Chromium by playground.browser.test.ts):
 * the wasm backend on Web Workers over shared memory. `window.runThreadsTest()` loads the backend on
 * two threads, runs a large matmul and the three convolution kernels, then on one thread, and reports
 * whether every result has the same bits.
 */
import { loadWasmBackendAsync, instantiateKernelsAsync, type WasmBackend } from '../../src/backend/wasm/index.js';
import { WorkerPool } from '../../src/backend/wasm/threads.js';
import { Scratch } from '../../src/backend/wasm/scratch.js';
import type { WindowGeometry } from '../../src/backend/backend.js';

export interface ThreadsReport {
  isolated: boolean;
  /** Threads of the backend loaded with `threads: 2`, and of the one loaded with `threads: 1`. */
  threads: [number, number];
  /** Workers of a fresh pool of one serving once ready, and jobs of 16 the page's thread ran itself (< 16: the worker took some). */
  serving: number;
  ranHere: number;
  /** Mismatching elements between 2 threads and 1, per result. */
  mismatches: Record<string, number>;
  /** Milliseconds of each computation on [2 threads, 1 thread] (information only). */
  ms: Record<string, [number, number]>;
}

declare global {
  interface Window {
    runThreadsTest?: () => Promise<ThreadsReport>;
  }
}

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

const N = 512;
const g: WindowGeometry = { batch: 16, channels: 16, height: 28, width: 28, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 28, outW: 28 };
const O = 32;

/** Runs every computation on `b`: results and milliseconds by name. */
function compute(b: WasmBackend): { out: Record<string, Float32Array>; ms: Record<string, number> } {
  const a = random(N * N, 1);
  const bm = random(N * N, 2);
  const x = random(g.batch * g.channels * g.height * g.width, 3);
  const w = random(O * g.channels * 9, 4);
  const bias = random(O, 5);
  const dy = random(g.batch * O * g.outH * g.outW, 6);
  const out: Record<string, Float32Array> = {
    matmul: new Float32Array(N * N),
    conv2d: new Float32Array(dy.length),
    conv2dInputGrad: new Float32Array(x.length),
    conv2dWeightGrad: new Float32Array(w.length),
  };
  const jobs: Record<string, () => void> = {
    matmul: () => b.matmul(a, bm, out.matmul!, N, N, N, false, true, Int32Array.of(0), Int32Array.of(0)),
    conv2d: () => b.conv2d(x, w, bias, g, O, out.conv2d!),
    conv2dInputGrad: () => b.conv2dInputGrad(dy, w, g, O, out.conv2dInputGrad!),
    conv2dWeightGrad: () => b.conv2dWeightGrad(x, dy, g, O, out.conv2dWeightGrad!),
  };
  const ms: Record<string, number> = {};
  for (const [name, job] of Object.entries(jobs)) {
    job(); // warm up
    const t = performance.now();
    for (let i = 0; i < 3; i++) job();
    ms[name] = (performance.now() - t) / 3;
  }
  return { out, ms };
}

window.runThreadsTest = async (): Promise<ThreadsReport> => {
  const kernels = await instantiateKernelsAsync(true);
  const pool = new WorkerPool(kernels, 1);
  await pool.ready();
  const serving = pool.serving();
  const scratch = new Scratch(kernels.exports, 2);
  const [pa, pc] = scratch.reserve(256 * 256 * 4, 256 * 256 * 4 * 16) as [number, number];
  const jobs = Array.from({ length: 16 }, (_, j) => ({ kernel: 'gemm' as const, args: [pa, pa, pc + j * 256 * 256 * 4, 256, 256, 256, 256, 256, 256, 0, 0] }));
  const ranHere = pool.run(jobs, scratch);
  pool.close();

  const two = (await loadWasmBackendAsync({ threads: 2 }))!;
  const twoThreads = two.threads;
  const r2 = compute(two);
  const one = (await loadWasmBackendAsync({ threads: 1 }))!;
  const r1 = compute(one);
  const mismatches: Record<string, number> = {};
  const ms: Record<string, [number, number]> = {};
  for (const name of Object.keys(r1.out)) {
    const p = new Uint32Array(r2.out[name]!.buffer);
    const q = new Uint32Array(r1.out[name]!.buffer);
    let bad = 0;
    for (let i = 0; i < q.length; i++) if (p[i] !== q[i]) bad++;
    mismatches[name] = bad;
    ms[name] = [r2.ms[name]!, r1.ms[name]!];
  }
  return { isolated: crossOriginIsolated, threads: [twoThreads, one.threads], serving, ranHere, mismatches, ms };
};
