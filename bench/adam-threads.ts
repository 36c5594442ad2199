/**
 * The Adam update on the threaded backend: one `opt.step()` over 1e6 float32 parameters living in
 * wasm memory (as a `Parameter` does there), on 1 and 2 threads, with the gradient in wasm memory or
 * in a JS array; best of 20 after 5 warm-up steps, ns per parameter.
 *   npx tsx bench/adam-threads.ts
 */
import { registerBackend, setBackend } from '../src/backend/index.js';
import { createWasmBackend, instantiateKernels } from '../src/backend/wasm/index.js';
import { optimizerEntry, type ParameterLike } from '../src/optim/index.js';
const N = 1_000_000;
for (const threads of [1, 2, 1, 2]) {
  const b = createWasmBackend(instantiateKernels(true), { threads });
  await b.ready();
  registerBackend({ ...b, name: 'w' + threads }); setBackend('w' + threads);
  const data = b.allocate!('float32', N) as Float32Array; data.fill(0.5);
  const g = b.allocate!('float32', N) as Float32Array; g.fill(0.01);
  const gJs = new Float32Array(N).fill(0.01);
  for (const [label, grad] of [['g resident', g], ['g in JS', gJs]] as const) {
    const p: ParameterLike = { data, grad: { data: grad }, shape: [N] };
    const opt = optimizerEntry('adam').create([p], {});
    for (let i = 0; i < 5; i++) opt.step();
    let best = Infinity;
    for (let r = 0; r < 20; r++) { const t = performance.now(); opt.step(); best = Math.min(best, performance.now() - t); }
    console.log(threads, 'threads', label, (best * 1e6 / N).toFixed(2), 'ns/param');
  }
  b.dispose();
}
