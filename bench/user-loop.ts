/**
 * The user loop (`x.indexSelect(0, idx)` per batch, as a PyTorch user writes `x[idx]`) against
 * `Dataset.batch(indices)`, alternating epoch by epoch in one process on one model (wasm backend, one
 * thread; the MLP 784-256-128-10, Adam 1e-3, the 8,000 training digits of `descent train`'s split, a
 * fresh permutation per epoch): the two loops differ only in how the batch is taken, so alternating
 * them cancels the drift a busy machine puts between separate runs. Prints each loop's median
 * samples/s and their ratio.
 *   npx tsx bench/user-loop.ts [batch=128] [epochs per loop=6]
 */
import { setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { loadMnist } from '../src/data/datasets/mnist.js';
import { crossEntropy } from '../src/losses/index.js';
import { Linear, ReLU, Sequential } from '../src/nn/index.js';
import { indexSelect } from '../src/ops/indexing.js';
import { Adam } from '../src/optim/index.js';
import { heldOutSplit } from '../src/specs/dataset-spec.js';
import { TRAIN_DEFAULTS } from '../src/train/run-config.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';

const batch = Number(process.argv[2] ?? 128);
const epochs = Number(process.argv[3] ?? 6);
const wasm = loadWasmBackend({ threads: 1 });
if (wasm) setBackend('wasm');
const { train: data } = heldOutSplit(await loadMnist(), TRAIN_DEFAULTS.testFraction, TRAIN_DEFAULTS.seed);
const n = data.length;
const random = new Random(7);
const net = new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 128, { random }), new ReLU(), new Linear(128, 10, { random }));
const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });

/** One epoch taking batches by `loop`; returns samples/s. */
function epoch(loop: 'Dataset.batch' | 'indexSelect'): number {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) {
    const indices = order.subarray(i, Math.min(n, i + batch));
    let xb: Tensor;
    let yb: Tensor;
    if (loop === 'Dataset.batch') ({ x: xb, y: yb } = data.batch(indices));
    else {
      const idx = new Tensor(indices, [indices.length]);
      xb = indexSelect(data.features, 0, idx);
      yb = indexSelect(data.labels, 0, idx);
    }
    opt.zeroGrad();
    crossEntropy(net.forward(xb), yb).backward();
    opt.step();
  }
  return (n * 1000) / (performance.now() - t0);
}

const loops = ['Dataset.batch', 'indexSelect'] as const;
loops.forEach((l) => epoch(l)); // warm-up
const rates: Record<string, number[]> = { 'Dataset.batch': [], indexSelect: [] };
for (let e = 0; e < epochs; e++) for (const l of e % 2 ? [...loops].reverse() : loops) rates[l]!.push(epoch(l));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const l of loops) console.log(`${l.padEnd(14)} b${batch}: median ${median(rates[l]!).toFixed(0)} samples/s (${rates[l]!.map((v) => v.toFixed(0)).join(', ')})`);
console.log(`indexSelect / Dataset.batch: ${(median(rates.indexSelect!) / median(rates['Dataset.batch']!)).toFixed(3)}`);
wasm?.dispose();
