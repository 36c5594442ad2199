/**
 * The wasm backend on 1 thread against `threads` (default 2) threads, in the same process and in
 * alternating rounds (so a change in the machine's load hits both alike): matmul 128–1024, the MLP
 * 784-256-128-10 forward + backward at batch 128 and 32, and the conv net's training step at batch
 * 64 (bench/conv.ts). Wall clock: the median and the best step; the best shows what the threads give
 * when the machine lets them run side by side, the median what they give under its actual load.
 *   npx tsx bench/threads.ts [threads] [rounds]
 */
import { rawMlpStep } from './raw-mlp.js';
import { registerBackend, setBackend } from '../src/backend/index.js';
import { createWasmBackend, instantiateKernels, type WasmBackend } from '../src/backend/wasm/index.js';
import { crossEntropy } from '../src/losses/index.js';
import { matmul } from '../src/ops/matmul.js';
import { Adam } from '../src/optim/index.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { convNet } from './conv.js';

const threads = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 10);
const random = new Random(9);
const uniform = (n: number, scale = 1): Float32Array => Float32Array.from({ length: n }, () => random.uniformIn(-scale, scale));

/** The two contenders, registered as 'wasm-1' and 'wasm-n'. */
const contenders: Array<[string, WasmBackend]> = [
  ['wasm-1', createWasmBackend(instantiateKernels(true), { threads: 1 })],
  ['wasm-n', createWasmBackend(instantiateKernels(true), { threads })],
];
for (const [name, b] of contenders) registerBackend({ ...b, name });
await contenders[1]![1].ready();

function matmulCase(n: number): () => void {
  const a = new Tensor(uniform(n * n), [n, n]);
  const b = new Tensor(uniform(n * n), [n, n]);
  return () => void matmul(a, b);
}

function mlpCase(batch: number): () => void {
  const sizes = [784, 256, 128, 10];
  const params = sizes.slice(0, -1).map((fanIn, l) => ({ w: new Tensor(uniform(fanIn * sizes[l + 1]!, 1 / Math.sqrt(fanIn)), [fanIn, sizes[l + 1]!]).requireGrad(), b: new Tensor(uniform(sizes[l + 1]!, 0.05), [sizes[l + 1]!]).requireGrad() }));
  const input = new Tensor(uniform(batch * 784).map(Math.abs), [batch, 784]);
  const target = new Tensor(Int32Array.from({ length: batch }, () => random.int(10)), [batch]);
  return rawMlpStep(params, input, target);
}

function convCase(batch: number): () => void {
  const net = convNet(5);
  const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });
  const input = new Tensor(uniform(batch * 28 * 28).map(Math.abs), [batch, 1, 28, 28]);
  const target = new Tensor(Int32Array.from({ length: batch }, () => random.int(10)), [batch]);
  return () => {
    opt.zeroGrad();
    crossEntropy(net.forward(input), target).backward();
    opt.step();
  };
}

const cases: Array<[string, () => void, number, (ms: number) => string]> = [
  ...[128, 256, 512, 1024].map((n): [string, () => void, number, (ms: number) => string] => [`matmul ${n}`, matmulCase(n), n >= 1024 ? 2 : 6, (ms) => `${((2 * n ** 3) / ms / 1e6).toFixed(1)} GFLOP/s`]),
  ['MLP b128 fwd+bwd', mlpCase(128), 6, (ms) => `${((128 * 1000) / ms).toFixed(0)} samples/s`],
  ['MLP b32 fwd+bwd', mlpCase(32), 10, (ms) => `${((32 * 1000) / ms).toFixed(0)} samples/s`],
  ['conv net step b64', convCase(64), 3, (ms) => `${((64 * 1000) / ms).toFixed(0)} samples/s`],
];

console.log(`wasm backend, 1 thread vs ${threads}; ${rounds} alternating rounds; wall clock, median (best)`);
for (const [name, step, perRound, rate] of cases) {
  const times: number[][] = [[], []];
  for (const [b] of contenders) {
    setBackend(b);
    for (let i = 0; i < 3; i++) step(); // warm up (and start the workers)
  }
  for (let r = 0; r < rounds; r++) {
    contenders.forEach(([b], k) => {
      setBackend(b);
      for (let i = 0; i < perRound; i++) {
        const t0 = performance.now();
        step();
        times[k]!.push(performance.now() - t0);
      }
    });
  }
  const [one, many] = times.map((t) => {
    const s = t.sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)]!, best: s[0]! };
  }) as [{ median: number; best: number }, { median: number; best: number }];
  console.log(`${name.padEnd(18)} 1 thread ${rate(one.median)} (${rate(one.best)})   ${threads} threads ${rate(many.median)} (${rate(many.best)})   ×${(one.median / many.median).toFixed(2)} (×${(one.best / many.best).toFixed(2)})`);
}
contenders[1]![1].dispose();
