/**
 * descent's side of `npm run bench -- --only pytorch` (bench/pytorch-mlp.ts), one run per process:
 * the MLP 784-256-128-10 (ReLU, cross-entropy, Adam lr 1e-3) on the wasm backend, one thread,
 * trained on the digits the bench exported (train-x.f32, train-y.i32), a fresh permutation every
 * epoch, three epochs of `samples` samples, epochs 2–3 timed. `loop` is how each batch is taken:
 * `batch`, descent's `Dataset.batch(indices)`, or `indexSelect`, the loop a PyTorch user writes
 * (`x.indexSelect(0, idx)` for `x[idx]`). Each step runs inside `tidy` (its tensors in wasm memory,
 * freed when it ends), or, with `DESCENT_BENCH_SCOPE=0`, without a scope (JS arrays copied in and
 * out of wasm memory per kernel call). Prints one JSON line: samples/s, samples per CPU-second
 * (process.cpuUsage: fair on a shared machine), whether steps were scoped, and the backend (threads, FMA).
 *   [DESCENT_BENCH_SCOPE=0] npx tsx bench/peers/descent-mlp.ts <dir> <batch|indexSelect> <batch> <samples>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getBackendName, setBackend } from '../../src/backend/index.js';
import { loadWasmBackend } from '../../src/backend/wasm/index.js';
import { Dataset } from '../../src/data/dataset.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { indexSelect } from '../../src/ops/indexing.js';
import { Adam } from '../../src/optim/index.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { tidy } from '../../src/tensor/scope.js';

const [dir, loop, batchArg, samplesArg] = process.argv.slice(2);
if (!dir || (loop !== 'batch' && loop !== 'indexSelect')) throw new Error('usage: descent-mlp.ts <dir> <batch|indexSelect> <batch> <samples>');
const batch = Number(batchArg);
const samples = Number(samplesArg);
const scoped = process.env.DESCENT_BENCH_SCOPE !== '0';

const wasm = loadWasmBackend({ threads: 1 });
if (wasm) setBackend('wasm');

/** A raw little-endian file as a typed array (copied: the file's buffer may not be aligned). */
function readRaw<T extends Float32Array | Int32Array>(file: string, Ctor: { new (b: ArrayBuffer): T }): T {
  const bytes = readFileSync(join(dir!, file));
  return new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
const x = readRaw('train-x.f32', Float32Array);
const y = readRaw('train-y.i32', Int32Array);
const n = y.length;
const data = new Dataset(new Tensor(x, [n, 784]), new Tensor(y, [n]), { numClasses: 10 });
const X = data.features;
const Y = data.labels;

const random = new Random(7);
const net = new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 128, { random }), new ReLU(), new Linear(128, 10, { random }));
const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });

function epoch(): void {
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
}

epoch(); // epoch 1: warm-up, untimed
const t0 = performance.now();
const cpu0 = process.cpuUsage();
epoch();
epoch();
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ samplesPerSecond: (2 * samples) / seconds, samplesPerCpuSecond: (2 * samples) / cpuSeconds, scoped, backend: getBackendName(), threads: wasm?.threads ?? 1, fma: wasm?.fma ?? null }));
wasm?.dispose();
