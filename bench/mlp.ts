/**
 * Training-step throughput (samples/s) of an MLP 784-256-128-10 with ReLU and softmax
 * cross-entropy: forward + backward at batch 128, descent vs TensorFlow.js (tf.variableGrads).
 */
import { rawMlpStep, tfRawMlpStep } from './raw-mlp.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { loadTf } from './peers.js';
import { timeMedian, type BenchRow } from './report.js';

const LAYERS = [784, 256, 128, 10];

export async function benchMlp(batch = 128): Promise<BenchRow[]> {
  const random = new Random(2);
  const uniform = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => random.uniformIn(-scale, scale));
  const weights: Array<{ w: Float32Array; b: Float32Array; fanIn: number; fanOut: number }> = [];
  for (let l = 0; l + 1 < LAYERS.length; l++) {
    const fanIn = LAYERS[l]!;
    const fanOut = LAYERS[l + 1]!;
    weights.push({ w: uniform(fanIn * fanOut, 1 / Math.sqrt(fanIn)), b: uniform(fanOut, 1 / Math.sqrt(fanIn)), fanIn, fanOut });
  }
  const x = uniform(batch * 784, 1).map(Math.abs);
  const labels = Int32Array.from({ length: batch }, () => random.int(10));

  // descent: weights stored [in, out] so the forward is x·W + b.
  const params = weights.map(({ w, b, fanIn, fanOut }) => ({
    w: new Tensor(w.slice(), [fanIn, fanOut]).requireGrad(),
    b: new Tensor(b.slice(), [fanOut]).requireGrad(),
  }));
  const input = new Tensor(x, [batch, 784]);
  const target = new Tensor(labels, [batch]);
  const ours = timeMedian(rawMlpStep(params, input, target), 20, 3);

  const rows: BenchRow[] = [];
  for (const peerName of ['cpu', 'wasm'] as const) {
    const tf = await loadTf(peerName);
    const peer = tfRawMlpStep(tf, weights, x, labels, batch);
    const theirs = timeMedian(peer.step, 20, 3);
    peer.dispose();
    rows.push({ name: `mlp 784-256-128-10 fwd+bwd b${batch}`, descent: (batch * 1000) / ours, peer: (batch * 1000) / theirs, peerName: `tfjs-${peerName}`, unit: 'samples/s', higherIsBetter: true });
  }
  return rows;
}
