/**
 * `npm run bench -- --only gemm`: the wasm GEMM on the MLP's training products (784-256-128-10 at batch
 * 32 and 128: each layer's forward x·Wᵀ, its input gradient dy·W where a layer below needs it, its
 * weight gradient dyᵀ·x), GFLOP/s of the FMA build (the `descent` column) against the plain build
 * (the `peer` column), both measured in this run, interleaved shape by shape, on one thread and on
 * every core (the backend's default split thresholds: a product under 8M multiply-adds stays on one
 * thread). Operands live in wasm memory (`allocate`), as parameters do, so the figures are the
 * kernel's and the pool's, without staging copies. The last rows give the 128-bit SIMD ceiling to
 * compare with: cores × 2 FMA pipes × 4 lanes × 2 flops per cycle × the clock in /proc/cpuinfo. Two
 * pipes, not one: AMD Zen 2–4 and recent Intel cores issue two 128-bit FMAs a cycle, and one thread of
 * the FMA build measures above the one-pipe figure (41 GFLOP/s against 19.6 at 2.445 GHz). Each
 * figure is the fastest of 15 timings of enough calls to take ~30 ms (the least disturbed by other
 * processes), in process CPU time on one thread (steady on a shared machine: time spent descheduled
 * does not count) and in wall-clock time on several (a worker's CPU time is not this thread's).
 *   npx tsx bench/main.ts --only gemm
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createWasmBackend, instantiateKernels, wasmRelaxedSimdSupported, type WasmBackend } from '../src/backend/wasm/index.js';
import { seededFloat32 } from '../test/helpers/seeded-tensor.js';
import type { BenchRow } from './report.js';

/** One product of a training step: C[m,n] = op(A)·op(B). */
interface Product {
  name: string;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

/** The products of one training step of the MLP 784-256-128-10 at `batch` (the first layer's input needs no gradient). */
export function trainingProducts(batch: number): Product[] {
  const layers: Array<[number, number]> = [[784, 256], [256, 128], [128, 10]];
  const out: Product[] = [];
  layers.forEach(([inF, outF], i) => {
    out.push({ name: `b${batch} ${inF}->${outF} forward x·Wᵀ`, m: batch, k: inF, n: outF, transA: false, transB: true });
    if (i > 0) out.push({ name: `b${batch} ${inF}->${outF} input grad dy·W`, m: batch, k: outF, n: inF, transA: false, transB: false });
    out.push({ name: `b${batch} ${inF}->${outF} weight grad dyᵀ·x`, m: outF, k: batch, n: inF, transA: true, transB: false });
  });
  return out;
}

/** The clock in GHz from /proc/cpuinfo's first `cpu MHz` line, or null where there is none. */
export function cpuGHz(): number | null {
  if (!existsSync('/proc/cpuinfo')) return null;
  const mhz = /^cpu MHz\s*:\s*([\d.]+)/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return mhz ? Number(mhz[1]) / 1000 : null;
}

/** Milliseconds: this process's CPU time, or the wall clock. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const wallMs = (): number => performance.now();

/** The fastest of `repeats` timings of `fn` on `clock`, after two untimed calls. */
function timeBest(fn: () => void, repeats: number, clock: () => number): number {
  fn();
  fn();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = clock();
    fn();
    best = Math.min(best, clock() - t0);
  }
  return best;
}

/** GFLOP/s of `backend` on `p` with operands in its memory. */
function measure(backend: WasmBackend, p: Product, seed: number): number {
  const alloc = (size: number, s: number): Float32Array => {
    const a = backend.allocate!('float32', size) as Float32Array | null;
    if (!a) throw new Error('bench gemm: the backend did not place the operands in wasm memory');
    a.set(seededFloat32(size, s));
    return a;
  };
  const a = alloc(p.m * p.k, seed);
  const b = alloc(p.k * p.n, seed + 1);
  const c = alloc(p.m * p.n, seed + 2);
  const zero = Int32Array.of(0);
  const call = (): void => backend.matmul(a, b, c, p.m, p.k, p.n, p.transA, p.transB, zero, zero);
  const flops = 2 * p.m * p.k * p.n;
  // Calls per timing: ~30 ms at 20 GFLOP/s.
  const calls = Math.max(1, Math.round(6e8 / flops));
  const ms = timeBest(() => {
    for (let i = 0; i < calls; i++) call();
  }, 15, backend.threads > 1 ? wallMs : cpuMs);
  return (flops * calls) / ms / 1e6;
}

export async function benchGemm(): Promise<BenchRow[]> {
  if (!wasmRelaxedSimdSupported()) throw new Error('bench gemm: this runtime has no WebAssembly relaxed SIMD; the FMA build cannot load');
  const cores = availableParallelism();
  const threadCounts = cores > 1 ? [1, cores] : [1];
  const rows: BenchRow[] = [];
  for (const threads of threadCounts) {
    const fma = createWasmBackend(instantiateKernels(true, true), { threads, minResident: 0 });
    const plain = createWasmBackend(instantiateKernels(true, false), { threads, minResident: 0 });
    await Promise.all([fma.ready(), plain.ready()]);
    try {
      for (const p of [...trainingProducts(32), ...trainingProducts(128)]) {
        // Interleaved, twice each, the better kept: a busy neighbour slows one build less than both.
        const f1 = measure(fma, p, 1);
        const q1 = measure(plain, p, 1);
        const f = Math.max(f1, measure(fma, p, 1));
        const q = Math.max(q1, measure(plain, p, 1));
        rows.push({
          name: `gemm ${p.name} ${p.m}x${p.k}x${p.n}${p.transA ? ' Aᵀ' : ''}${p.transB ? ' Bᵀ' : ''}, ${threads > 1 ? `${threads} threads, wall` : '1 thread, CPU time'}, FMA vs plain`,
          descent: f,
          peer: q,
          peerName: 'plain wasm',
          unit: 'GFLOP/s',
          higherIsBetter: true,
        });
      }
    } finally {
      fma.dispose();
      plain.dispose();
    }
  }
  const ghz = cpuGHz();
  if (ghz !== null) {
    for (const threads of threadCounts) {
      const name = `SIMD128 ceiling: ${threads} core${threads > 1 ? 's' : ''} x 2 FMA pipes x 4 lanes x 2 flops x ${ghz.toFixed(3)} GHz`;
      rows.push({ name, descent: threads * 16 * ghz, peer: null, peerName: '-', unit: 'GFLOP/s', higherIsBetter: true });
    }
  }
  return rows;
}
