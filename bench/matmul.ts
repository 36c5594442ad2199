/** Matrix multiply throughput (GFLOP/s), float32, descent vs TensorFlow.js on the same inputs. */
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { matmul } from '../src/ops/matmul.js';
import { loadTf } from './peers.js';
import { timeMedian, type BenchRow } from './report.js';

export async function benchMatmul(sizes: readonly number[] = [128, 256, 512, 1024]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const random = new Random(1);
  for (const peerName of ['cpu', 'wasm'] as const) {
    const tf = await loadTf(peerName);
    for (const n of sizes) {
      const a = new Tensor(Float32Array.from({ length: n * n }, () => random.uniformIn(-1, 1)), [n, n]);
      const b = new Tensor(Float32Array.from({ length: n * n }, () => random.uniformIn(-1, 1)), [n, n]);
      const repeats = n >= 1024 ? 3 : n >= 512 ? 5 : 15;
      const flops = 2 * n * n * n;
      const ours = timeMedian(() => void matmul(a, b), repeats);
      const ta = tf.tensor2d(a.data as Float32Array, [n, n]);
      const tb = tf.tensor2d(b.data as Float32Array, [n, n]);
      const theirs = timeMedian(() => {
        const c = tf.matMul(ta, tb);
        c.dataSync();
        c.dispose();
      }, repeats);
      ta.dispose();
      tb.dispose();
      rows.push({ name: `matmul ${n}x${n} f32`, descent: flops / ours / 1e6, peer: flops / theirs / 1e6, peerName: `tfjs-${peerName}`, unit: 'GFLOP/s', higherIsBetter: true });
    }
  }
  return rows;
}
