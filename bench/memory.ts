/**
 * The two measurements behind "op results stay in JS arrays" (BENCHMARKS.md, "Memory"):
 * 1. `TypedArray.prototype.set` of 1 MB between ordinary buffers, into and out of a SharedArrayBuffer
 *    (a shared WebAssembly memory), and into a non-shared WebAssembly memory (best of 300, µs).
 * 2. The wasm heap handing out a training step's op results: blocks of the sizes one MLP step
 *    (784-256-128-10, batch 128) allocates, dropped at once, 400 steps in a synchronous loop and 400
 *    yielding to the event loop after each step — the memory the heap reaches (its blocks return only
 *    when a FinalizationRegistry callback reports their array collected).
 *   npx tsx bench/memory.ts
 */
import { WasmHeap } from '../src/backend/wasm/heap.js';

const best = (fn: () => void, repeats = 300): number => {
  let t = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    t = Math.min(t, performance.now() - t0);
  }
  return t * 1000;
};

const n = 1 << 18; // 1 MB of float32
const source = new Float32Array(n).fill(1);
const plain = new Float32Array(n);
const sab = new Float32Array(new WebAssembly.Memory({ initial: 17, maximum: 64, shared: true }).buffer, 0, n);
const wasmPlain = new Float32Array(new WebAssembly.Memory({ initial: 17 }).buffer, 0, n);
console.log('copy 1 MB (µs, best of 300):');
console.log(`  ordinary → ordinary ${best(() => plain.set(source)).toFixed(1)}`);
console.log(`  ordinary → shared   ${best(() => sab.set(source)).toFixed(1)}`);
console.log(`  shared → ordinary   ${best(() => plain.set(sab)).toFixed(1)}`);
console.log(`  ordinary → non-shared wasm memory ${best(() => wasmPlain.set(source)).toFixed(1)}`);

// The float32 results one raw-op MLP step allocates at batch 128 (forward, loss, backward), in elements.
const STEP_SIZES = [
  128 * 256, 128 * 256, 128 * 256, 128 * 128, 128 * 128, 128 * 128, 128 * 10, 128 * 10, 128 * 10, // forward
  128 * 10, 128 * 10, 128 * 128, 128 * 128, 128 * 128, 128 * 256, 128 * 256, 128 * 256, // backward: activations' gradients
  784 * 256, 256, 256 * 128, 128, 128 * 10, 10, // weight and bias gradients
  128 * 784, // the batch
];
const stepBytes = STEP_SIZES.reduce((s, k) => s + 4 * k, 0);

async function run(yieldEachStep: boolean): Promise<void> {
  const heap = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }), 0);
  for (let step = 1; step <= 400; step++) {
    for (const k of STEP_SIZES) heap.array('float32', k); // dropped at once, as a step's results are
    if (yieldEachStep) await new Promise((resolve) => setImmediate(resolve));
    if (step % 100 === 0) console.log(`  step ${step}: ${(heap.highWater / 1e6).toFixed(0)} MB reached, ${(heap.bytesInUse / 1e6).toFixed(0)} MB not yet returned`);
  }
}
console.log(`\nthe heap holding a step's op results (${(stepBytes / 1e6).toFixed(2)} MB per step), synchronous loop:`);
await run(false);
console.log('yielding to the event loop after every step:');
await run(true);
