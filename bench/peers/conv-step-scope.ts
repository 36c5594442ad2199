/**
 * The conv net of bench/conv.ts (conv 3x3 x16 → ReLU → max-pool → conv 3x3 x32 → ReLU → max-pool →
 * dense 10, cross-entropy, one Adam step, batch 64 of [64, 1, 28, 28]) on the wasm backend, one thread:
 * CPU milliseconds per step without a scope and with each step in `tidy`, alternating, 30 steps each
 * after 5 of warm-up (process.cpuUsage: fair on a shared machine). BENCHMARKS.md "Scoped steps (tidy)".
 *   npx tsx bench/peers/conv-step-scope.ts
 */
import { loadWasmBackend } from '../../src/backend/wasm/index.js';
import { setBackend } from '../../src/backend/index.js';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '../../src/nn/index.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Adam } from '../../src/optim/index.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { tidy } from '../../src/tensor/scope.js';
loadWasmBackend({ threads: 1 }); setBackend('wasm');
const r = new Random(1);
const net = new Sequential(new Conv2d(1, 16, 3, { padding: 1, random: r }), new ReLU(), new MaxPool2d(2), new Conv2d(16, 32, 3, { padding: 1, random: r }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(32 * 7 * 7, 10, { random: r }));
const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });
const x = new Tensor(Float32Array.from({ length: 64 * 784 }, () => r.uniform()), [64, 1, 28, 28]);
const y = new Tensor(Int32Array.from({ length: 64 }, () => r.int(10)), [64]);
const step = () => { opt.zeroGrad(); crossEntropy(net.forward(x), y).backward(); opt.step(); };
for (const mode of ['plain', 'tidy', 'plain', 'tidy']) {
  const run = mode === 'tidy' ? () => tidy(step) : step;
  for (let i = 0; i < 5; i++) run();
  const c0 = process.cpuUsage(); for (let i = 0; i < 30; i++) run(); const c = process.cpuUsage(c0);
  console.log(mode, ((c.user + c.system) / 1000 / 30).toFixed(2), 'ms CPU per step');
}
