/**
 * Training throughput as issue 7 defines it: the MLP 784-256-128-10 (ReLU, softmax cross-entropy,
 * Adam 1e-3) trained on the `mnist` package's 10,000 digits, a fresh permutation every epoch, at
 * batch 32 and 128; one warm-up epoch, then two timed epochs (wall clock, samples/s of the faster:
 * a shared machine slows one now and then). descent (the
 * wasm backend on one thread and on two, and the TypeScript backend) beside TensorFlow.js's wasm and
 * cpu backends, each starting from the same weights and drawing its batches from the same
 * permutations. Everything a real epoch does is in the time: gathering each batch's rows, forward,
 * backward, the Adam update; on one thread descent also runs the user loop, `indexSelect(x, 0,
 * idx)` per batch instead of `Dataset.batch`. descent runs first (TensorFlow.js's cpu backend leaves
 * a large heap behind, which slows whatever runs after it).
 *   npx tsx bench/main.ts --only train
 */
import { getBackendName, setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { loadMnist } from '../src/data/datasets/mnist.js';
import type { Dataset } from '../src/data/dataset.js';
import { crossEntropy } from '../src/losses/index.js';
import { Linear, ReLU, Sequential } from '../src/nn/index.js';
import { indexSelect } from '../src/ops/indexing.js';
import { Adam } from '../src/optim/index.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { loadTf } from './peers.js';
import type { BenchRow } from './report.js';

const LAYERS = [784, 256, 128, 10] as const;
const SEED = 7;

/** The model, seeded (PyTorch's default init); Linear stores weight [out, in]. */
function mlp(): Sequential {
  const random = new Random(SEED);
  return new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 128, { random }), new ReLU(), new Linear(128, 10, { random }));
}

/** The batches of one epoch: a permutation of the samples cut into `batch`-sized index arrays. */
function epochBatches(n: number, batch: number, random: Random): Int32Array[] {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i += batch) out.push(order.subarray(i, Math.min(n, i + batch)));
  return out;
}

/** Samples per second of the faster of two epochs after `warmup`. */
function timedEpochs(epoch: () => void, samples: number): number {
  epoch(); // warm-up
  let best = Infinity;
  for (let e = 0; e < 2; e++) {
    const t0 = performance.now();
    epoch();
    best = Math.min(best, performance.now() - t0);
  }
  return (samples * 1000) / best;
}

/**
 * Samples per second of descent on the active backend (see timedEpochs), each batch taken by
 * `Dataset.batch(indices)` or, with `userLoop`, by `indexSelect(x, 0, idx)` on the features and
 * labels, the loop a PyTorch user writes (`x[idx]`).
 */
function descentEpochs(data: Dataset, batch: number, userLoop = false): number {
  const net = mlp();
  const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });
  const random = new Random(SEED);
  const take = (indices: Int32Array): { x: Tensor; y: Tensor } => {
    if (!userLoop) return data.batch(indices);
    const idx = new Tensor(indices, [indices.length]);
    return { x: indexSelect(data.features, 0, idx), y: indexSelect(data.labels, 0, idx) };
  };
  const epoch = (): void => {
    for (const indices of epochBatches(data.length, batch, random)) {
      const { x, y } = take(indices);
      opt.zeroGrad();
      crossEntropy(net.forward(x), y).backward();
      opt.step();
    }
  };
  return timedEpochs(epoch, data.length);
}

/** The same on TensorFlow.js: same initial weights (transposed to [in, out]), same permutations. */
async function tfEpochs(peer: 'cpu' | 'wasm', data: Dataset, batch: number): Promise<number> {
  const tf = await loadTf(peer);
  const init = mlp();
  const layers = init.children().filter((m): m is Linear => m instanceof Linear);
  const vars = layers.map((l) => ({
    w: tf.variable(tf.transpose(tf.tensor2d(l.weight.data as Float32Array, [l.outFeatures, l.inFeatures]))),
    b: tf.variable(tf.tensor1d(l.bias!.data as Float32Array)),
  }));
  const n = data.length;
  const X = tf.tensor2d(data.features.data as Float32Array, [n, 784]);
  const Y = tf.oneHot(tf.tensor1d(data.labels.data as Int32Array, 'int32'), 10);
  const optimizer = tf.train.adam(1e-3);
  const random = new Random(SEED);
  const epoch = (): void => {
    for (const indices of epochBatches(n, batch, random)) {
      tf.tidy(() => {
        const idx = tf.tensor1d(indices, 'int32');
        const xb = tf.gather(X, idx);
        const yb = tf.gather(Y, idx);
        optimizer.minimize(() => {
          let h: ReturnType<typeof tf.add> = xb;
          vars.forEach((v, i) => {
            h = tf.add(tf.matMul(h, v.w), v.b);
            if (i + 1 < vars.length) h = tf.relu(h);
          });
          return tf.losses.softmaxCrossEntropy(yb, h) as ReturnType<typeof tf.scalar>;
        });
      });
    }
    vars[0]!.w.dataSync(); // wait for the last update
  };
  const perSecond = timedEpochs(epoch, n);
  optimizer.dispose();
  for (const v of vars) {
    v.w.dispose();
    v.b.dispose();
  }
  X.dispose();
  Y.dispose();
  return perSecond;
}

export async function benchTrainMlp(): Promise<BenchRow[]> {
  const data = await loadMnist();
  const previous = getBackendName();
  const batches = [128, 32];
  const mine = new Map<number, Array<[string, number]>>(batches.map((b) => [b, []]));
  try {
    for (const threads of [1, 2]) {
      const b = loadWasmBackend({ threads });
      if (!b || b.threads !== threads) continue;
      setBackend('wasm');
      for (const batch of batches) {
        mine.get(batch)!.push([threads === 1 ? 'wasm' : `wasm ${threads} threads`, descentEpochs(data, batch)]);
        if (threads === 1) mine.get(batch)!.push(['wasm, user loop indexSelect', descentEpochs(data, batch, true)]);
      }
    }
    loadWasmBackend(); // back to the default threads
    setBackend('js');
    mine.get(128)!.push(['js', descentEpochs(data, 128)]);
  } finally {
    setBackend(previous);
  }
  // The peers after descent, tfjs-cpu last (see the header).
  const wasmPeer = new Map<number, number>();
  for (const batch of batches) wasmPeer.set(batch, await tfEpochs('wasm', data, batch));
  const cpuPeer = await tfEpochs('cpu', data, 128);
  const rows: BenchRow[] = [];
  for (const batch of batches) {
    for (const [label, samples] of mine.get(batch)!) {
      const name = `mlp ${LAYERS.join('-')} Adam, MNIST epoch, b${batch} [${label}]`;
      rows.push({ name, descent: samples, peer: wasmPeer.get(batch)!, peerName: 'tfjs-wasm', unit: 'samples/s', higherIsBetter: true });
      if (batch === 128) rows.push({ name, descent: samples, peer: cpuPeer, peerName: 'tfjs-cpu', unit: 'samples/s', higherIsBetter: true });
    }
  }
  return rows;
}
