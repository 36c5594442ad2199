/**
 * Example: the same training run on each backend — the TypeScript kernels, and the WebAssembly SIMD
 * kernels on one thread and on every core, in their default build (fused multiply-adds where the
 * runtime has relaxed SIMD) and in the plain one (`fma: false`). An MLP written as users write it
 * (its Linear → ReLU pairs run as fused bias + ReLU kernels, the cross-entropy as one kernel) takes a
 * few Adam steps on a fixed batch; a wasm build gives the same bits whatever the thread count, and
 * the runs agree with each other to float32 rounding.
 *
 * Run: npx tsx examples/backends.ts
 */
import { pathToFileURL } from 'node:url';
import { Adam, Linear, Random, ReLU, Sequential, Tensor, backendFromEnvironment, chooseBackend, crossEntropy, defaultThreads, loadWasmBackend } from '../src/index.js';

/** The losses of each run, keyed 'js', 'wasm (1 thread)', 'wasm (N threads)', 'wasm plain (1 thread)'. */
export type BackendLosses = Record<string, number[]>;

/** `steps` Adam steps of a seeded MLP 784-256-10 on one seeded batch of 128; the loss before each. */
function train(steps: number): number[] {
  const random = new Random(3);
  const model = new Sequential(new Linear(784, 256, { random }), new ReLU(), new Linear(256, 10, { random }));
  const x = new Tensor(Float32Array.from({ length: 128 * 784 }, () => random.uniform()), [128, 784]);
  const y = new Tensor(Int32Array.from({ length: 128 }, () => random.int(10)), [128]);
  const opt = new Adam(model.namedParameters(), { learningRate: 1e-3 });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    losses.push(loss.item());
    loss.backward();
    opt.step();
  }
  return losses;
}

export function main(steps = 5, log: (line: string) => void = console.log): BackendLosses {
  const runs: BackendLosses = {};
  chooseBackend('js');
  runs.js = train(steps);
  for (const threads of [1, defaultThreads()]) {
    chooseBackend('wasm', { threads });
    const label = `wasm (${loadWasmBackend({ threads })!.threads} thread${threads > 1 ? 's' : ''})`;
    runs[label] = train(steps);
  }
  chooseBackend('wasm', { threads: 1, fma: false }); // the build without fused multiply-adds
  runs['wasm plain (1 thread)'] = train(steps);
  chooseBackend(backendFromEnvironment()); // back to the default (DESCENT_BACKEND, else wasm on every core in Node)
  for (const [label, losses] of Object.entries(runs)) log(`${label.padEnd(22)} ${losses.map((l) => l.toFixed(6)).join('  ')}`);
  return runs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
