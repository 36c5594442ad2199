/**
 * Where the time of one training step goes under each backend, timed in process CPU time (robust on
 * a shared machine: time spent descheduled does not count) and per backend kernel: the MLP
 * 784-256-128-10 forward + backward at batch 128 of bench/mlp.ts, or (model `conv`) the conv net of
 * bench/conv.ts at batch 64 with its Adam step, or (model `sequential`) the same MLP written as users
 * write it — Sequential(Linear, ReLU, Linear, ReLU, Linear) — whose Linear → ReLU pairs run fused.
 *   npx tsx bench/wasm-profile.ts [steps] [backends, default js,wasm] [wasm threads, default 1] [mlp|conv|sequential]
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/wasm-profile.ts 200 wasm   (a profile)
 */
import { rawMlpStep } from './raw-mlp.js';
import { backend, getBackendName, registerBackend, setBackend, type Backend, type WindowGeometry } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { crossEntropy } from '../src/losses/index.js';
import { Adam } from '../src/optim/index.js';
import { Linear, ReLU, Sequential } from '../src/nn/index.js';
import { convNet } from './conv.js';

const LAYERS = [784, 256, 128, 10];
const BATCH = 128;
const CONV_BATCH = 64;

/** A backend that forwards to `inner` and adds each kernel's CPU time (µs) to `totals`. */
function timed(inner: Backend, totals: Map<string, number>): Backend {
  // The optimizer update kernels (an object, not a kernel) are passed through untimed.
  const wrapped: Record<string, unknown> = { name: `${inner.name}-timed`, updates: inner.updates };
  for (const key of Object.keys(inner) as Array<keyof Backend>) {
    const fn = inner[key];
    if (typeof fn !== 'function') continue;
    wrapped[key] = (...args: unknown[]) => {
      let label = key === 'unary' || key === 'binary' || key === 'reduce' ? `${key} ${String(args[0])}` : key;
      if (key === 'matmul') label = `matmul ${String(args[3])}x${String(args[4])}x${String(args[5])}${args[6] ? ' Aᵀ' : ''}${args[7] ? ' Bᵀ' : ''}`;
      if (key.startsWith('conv2d')) {
        const g = (key === 'conv2d' || key === 'conv2dBiasActivation' ? args[3] : args[2]) as WindowGeometry;
        label = `${key} ${g.channels}x${g.height}x${g.width}`;
      }
      const t0 = process.cpuUsage();
      const result = (fn as (...a: unknown[]) => unknown).apply(inner, args);
      const d = process.cpuUsage(t0);
      totals.set(label, (totals.get(label) ?? 0) + d.user + d.system);
      return result; // allocate returns its array
    };
  }
  return wrapped as unknown as Backend;
}

function makeStep(): () => void {
  const random = new Random(2);
  const uniform = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => random.uniformIn(-scale, scale));
  const params = LAYERS.slice(0, -1).map((fanIn, l) => ({
    w: new Tensor(uniform(fanIn * LAYERS[l + 1]!, 1 / Math.sqrt(fanIn)), [fanIn, LAYERS[l + 1]!]).requireGrad(),
    b: new Tensor(uniform(LAYERS[l + 1]!, 1 / Math.sqrt(fanIn)), [LAYERS[l + 1]!]).requireGrad(),
  }));
  const input = new Tensor(uniform(BATCH * 784, 1).map(Math.abs), [BATCH, 784]);
  const target = new Tensor(Int32Array.from({ length: BATCH }, () => random.int(10)), [BATCH]);
  return rawMlpStep(params, input, target);
}

/** The MLP as a Sequential of Linear and ReLU modules: forward + backward, batch 128. */
function makeSequentialStep(): () => void {
  const random = new Random(2);
  const net = new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 128, { random }), new ReLU(), new Linear(128, 10, { random }));
  const input = new Tensor(Float32Array.from({ length: BATCH * 784 }, () => random.uniform()), [BATCH, 784]);
  const target = new Tensor(Int32Array.from({ length: BATCH }, () => random.int(10)), [BATCH]);
  return () => {
    for (const p of net.parameters()) p.grad = null;
    crossEntropy(net.forward(input), target).backward();
  };
}

/** The conv net's training step (bench/conv.ts): forward, backward and Adam, batch 64. */
function makeConvStep(): () => void {
  const random = new Random(4);
  const input = new Tensor(Float32Array.from({ length: CONV_BATCH * 784 }, () => random.uniform()), [CONV_BATCH, 1, 28, 28]);
  const target = new Tensor(Int32Array.from({ length: CONV_BATCH }, () => random.int(10)), [CONV_BATCH]);
  const net = convNet(5);
  const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });
  return () => {
    opt.zeroGrad();
    crossEntropy(net.forward(input), target).backward();
    opt.step();
  };
}

function cpuMs(fn: () => void, steps: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / steps;
}

const steps = Number(process.argv[2] ?? 40);
loadWasmBackend({ threads: Number(process.argv[4] ?? 1) });
const model = process.argv[5] ?? 'mlp';
const step = model === 'conv' ? makeConvStep() : model === 'sequential' ? makeSequentialStep() : makeStep();
const batch = model === 'conv' ? CONV_BATCH : BATCH;
for (const name of (process.argv[3] ?? 'js,wasm').split(',')) {
  setBackend(name);
  for (let i = 0; i < 5; i++) step(); // warm-up
  const ms = Math.min(cpuMs(step, steps), cpuMs(step, steps));
  const totals = new Map<string, number>();
  const t = timed(backend(), totals);
  registerBackend(t);
  setBackend(t.name);
  cpuMs(step, steps);
  let kernels = 0;
  for (const v of totals.values()) kernels += v / 1000 / steps;
  console.log(`\n${name}: ${ms.toFixed(2)} ms CPU per step (all threads) = ${((batch * 1000) / ms).toFixed(0)} samples/s; kernels ${kernels.toFixed(2)} ms, the rest (autograd, allocation, op glue) ~${Math.max(0, ms - kernels).toFixed(2)} ms`);
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(28)} ${(v / 1000 / steps).toFixed(3)} ms`);
  setBackend(name);
}
console.log(`\n(active backend restored: ${getBackendName()})`);
