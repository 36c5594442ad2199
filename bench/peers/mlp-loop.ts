/**
 * The training loop of issue 14's MLP protocol, shared by descent's contenders in Node
 * (bench/peers/descent-mlp.ts) and in Chromium (bench/peers/descent-mlp-chromium.ts), so both time
 * the very same code: the MLP 784-256-128-10 (ReLU, cross-entropy, Adam lr 1e-3) on `n` digits, a
 * fresh permutation every epoch, three epochs of `samples` samples, epochs 2–3 timed. `loop` is how
 * each batch is taken: `batch`, descent's `Dataset.batch(indices)`, or `indexSelect`, the loop a
 * PyTorch user writes (`x.indexSelect(0, idx)` for `x[idx]`). Each step runs inside `tidy` (its
 * tensors freed when it ends; in wasm memory where the page has shared memory) unless `scoped` is
 * false. Imports only the library's public entry, so the page bundle is what a user's bundler would make.
 */
import { Adam, crossEntropy, Dataset, indexSelect, Linear, Random, ReLU, Sequential, Tensor, tidy } from '../../src/index.js';

/** How a contender takes its batches. */
export type MlpLoop = 'batch' | 'indexSelect';

/** One timed run of the protocol. */
export interface MlpRun {
  /** Training digits, row-major [n, 784]. */
  x: Float32Array;
  /** Their labels 0–9. */
  y: Int32Array;
  loop: MlpLoop;
  batch: number;
  /** Samples per epoch (the first `samples` of each permutation). */
  samples: number;
  /** Each step inside `tidy` (default true). */
  scoped?: boolean;
  /** The process's CPU seconds so far, where the platform tells (Node: process.cpuUsage). */
  cpuSeconds?: () => number;
}

/** What one run measured over epochs 2–3. */
export interface MlpTiming {
  samplesPerSecond: number;
  /** Samples per CPU-second (fair on a shared machine), or null without `cpuSeconds`. */
  samplesPerCpuSecond: number | null;
}

/** Trains three epochs and returns epochs 2–3's throughput. */
export function timeMlpEpochs({ x, y, loop, batch, samples, scoped = true, cpuSeconds }: MlpRun): MlpTiming {
  const n = y.length;
  const data = new Dataset(new Tensor(x, [n, 784]), new Tensor(y, [n]), { numClasses: 10 });
  const X = data.features;
  const Y = data.labels;
  const random = new Random(7);
  const net = new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 128, { random }), new ReLU(), new Linear(128, 10, { random }));
  const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });

  const epoch = (): void => {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let i = 0; i < samples; i += batch) {
      const indices = order.subarray(i, Math.min(samples, i + batch));
      const step = (): void => {
        let xb: Tensor;
        let yb: Tensor;
        if (loop === 'batch') {
          const b = data.batch(indices);
          xb = b.x;
          yb = b.y;
        } else {
          const idx = new Tensor(indices, [indices.length]);
          xb = indexSelect(X, 0, idx);
          yb = indexSelect(Y, 0, idx);
        }
        opt.zeroGrad();
        crossEntropy(net.forward(xb), yb).backward();
        opt.step();
      };
      if (scoped) tidy(step);
      else step();
    }
  };

  epoch(); // epoch 1: warm-up, untimed
  const t0 = performance.now();
  const cpu0 = cpuSeconds?.();
  epoch();
  epoch();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpu0 === undefined ? null : cpuSeconds!() - cpu0;
  return { samplesPerSecond: (2 * samples) / seconds, samplesPerCpuSecond: cpu === null ? null : (2 * samples) / cpu };
}
