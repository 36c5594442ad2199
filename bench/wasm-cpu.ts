/**
 * The matmul and MLP comparisons of bench/wasm.ts timed in process CPU time instead of wall-clock
 * time: the best of several repeats of user+system time of the whole process (every thread). On a
 * machine shared with other jobs, time spent descheduled does not count, so these figures are far
 * steadier than the wall-clock ones; they measure work, not waiting. (Not a speed-up measure for
 * threads: two threads that overlap perfectly still add up their CPU time; it shows what splitting
 * costs.) The backend runs on the default threads: `DESCENT_THREADS=1` for one.
 * `DESCENT_THREADS=1 npx tsx bench/main.ts --only wasm-cpu`
 */
import { rawMlpStep, tfRawMlpStep } from './raw-mlp.js';
import { getBackendName, setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { matmul } from '../src/ops/matmul.js';
import { loadTf } from './peers.js';
import type { BenchRow } from './report.js';

/** Least CPU milliseconds (all threads of the process) of `repeats` calls, after `warmup`. */
export function cpuBest(fn: () => void, repeats: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

const LAYERS = [784, 256, 128, 10];

export async function benchWasmCpu(sizes: readonly number[] = [128, 256, 512, 1024], batch = 128): Promise<BenchRow[]> {
  const loaded = loadWasmBackend(); // DESCENT_THREADS, or every core
  if (!loaded) throw new Error('bench: this runtime has no WebAssembly SIMD');
  const label = loaded.threads > 1 ? `wasm ${loaded.threads} threads` : 'wasm';
  const previous = getBackendName();
  const random = new Random(3);
  const uniform = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => random.uniformIn(-scale, scale));
  const ours = new Map<string, number>();
  const rows: BenchRow[] = [];
  try {
    setBackend('wasm');
    const mats = sizes.map((n) => [n, new Tensor(uniform(n * n, 1), [n, n]), new Tensor(uniform(n * n, 1), [n, n])] as const);
    for (const [n, a, b] of mats) ours.set(`matmul ${n}`, cpuBest(() => void matmul(a, b), n >= 1024 ? 5 : 15));

    const w = LAYERS.slice(0, -1).map((fanIn, l) => ({ w: uniform(fanIn * LAYERS[l + 1]!, 1 / Math.sqrt(fanIn)), b: uniform(LAYERS[l + 1]!, 0.05), fanIn, fanOut: LAYERS[l + 1]! }));
    const x = uniform(batch * 784, 1).map(Math.abs);
    const labels = Int32Array.from({ length: batch }, () => random.int(10));
    const params = w.map((p) => ({ w: new Tensor(p.w.slice(), [p.fanIn, p.fanOut]).requireGrad(), b: new Tensor(p.b.slice(), [p.fanOut]).requireGrad() }));
    const input = new Tensor(x, [batch, 784]);
    const target = new Tensor(labels, [batch]);
    ours.set('mlp', cpuBest(rawMlpStep(params, input, target), 20, 3));

    for (const peerName of ['cpu', 'wasm'] as const) {
      const tf = await loadTf(peerName);
      for (const [n, a, b] of mats) {
        const ta = tf.tensor2d(a.data as Float32Array, [n, n]);
        const tb = tf.tensor2d(b.data as Float32Array, [n, n]);
        const theirs = cpuBest(() => {
          const c = tf.matMul(ta, tb);
          c.dataSync();
          c.dispose();
        }, peerName === 'cpu' ? 3 : n >= 1024 ? 5 : 15);
        ta.dispose();
        tb.dispose();
        const flops = 2 * n * n * n;
        rows.push({ name: `matmul ${n}x${n} f32 [${label}, CPU time]`, descent: flops / ours.get(`matmul ${n}`)! / 1e6, peer: flops / theirs / 1e6, peerName: `tfjs-${peerName}`, unit: 'GFLOP/s', higherIsBetter: true });
      }
      const peer = tfRawMlpStep(tf, w, x, labels, batch);
      const theirs = cpuBest(peer.step, peerName === 'cpu' ? 5 : 20, 3);
      peer.dispose();
      rows.push({ name: `mlp 784-256-128-10 fwd+bwd b${batch} [${label}, CPU time]`, descent: (batch * 1000) / ours.get('mlp')!, peer: (batch * 1000) / theirs, peerName: `tfjs-${peerName}`, unit: 'samples/s', higherIsBetter: true });
    }
  } finally {
    setBackend(previous);
  }
  return rows;
}
