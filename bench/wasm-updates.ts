/**
 * What copying through wasm memory costs the fused optimizer updates: ns per parameter on 1e6 float32
 * parameters of (1) the TypeScript loop, (2) the wasm loop as the optimizers run it (the state lives
 * in wasm memory; each chunk of p and g is copied in and p copied back), and (3) the same wasm loop
 * with p and g in wasm memory too — what tensors living in wasm memory would give. Median of 15 after
 * warm-up, wall clock.
 *   npx tsx bench/wasm-updates.ts
 */
import { filled } from './inputs.js';
import { setBackend } from '../src/backend/index.js';
import { instantiateKernels, loadWasmBackend } from '../src/backend/wasm/index.js';
import { Scratch } from '../src/backend/wasm/scratch.js';
import { UPDATE_CHUNK } from '../src/backend/wasm/updates.js';
import { optimizerEntry, type ParameterLike } from '../src/optim/index.js';
import { timeMedian } from './report.js';

const N = 1_000_000;

function perParam(fn: () => void): number {
  return (timeMedian(fn, 15, 3) * 1e6) / N;
}

if (!loadWasmBackend()) throw new Error('bench: this runtime has no WebAssembly SIMD');
const grad = filled(N, 2);
const kernels = instantiateKernels().exports;
const scratch = new Scratch(kernels);
// Resident arrays: p, g and three state slots, one chunk each, called over N / chunk chunks.
const at = scratch.reserve(...new Array<number>(5).fill(UPDATE_CHUNK * 4));
scratch.f32().fill(0.25);
const chunks = Math.ceil(N / UPDATE_CHUNK);
const resident: Record<string, () => void> = {
  'SGD momentum': () => {
    for (let c = 0; c < chunks; c++) kernels.sgd(1, at[0]!, at[1]!, at[2]!, UPDATE_CHUNK, 1e-3, 0.9, 0, 1, 0, false, false);
  },
  Adam: () => {
    for (let c = 0; c < chunks; c++) kernels.adam(0, at[0]!, at[1]!, at[2]!, at[3]!, 0, UPDATE_CHUNK, 0.9, 0.999, -1e-3, 0.5, 1e-8, 1, 0, 0);
  },
  RMSprop: () => {
    for (let c = 0; c < chunks; c++) kernels.rmsprop(0, at[0]!, at[1]!, at[2]!, 0, 0, UPDATE_CHUNK, 0.99, 1e-8, 1e-2, 1, 0, 0);
  },
};
const cases: Array<[string, string, Record<string, unknown>]> = [
  ['SGD momentum', 'sgd', { learningRate: 1e-3, momentum: 0.9 }],
  ['Adam', 'adam', {}],
  ['RMSprop', 'rmsprop', {}],
  ['Adagrad', 'adagrad', {}],
  ['Adamax', 'adamax', {}],
  ['NAdam', 'nadam', {}],
  ['RAdam', 'radam', {}],
  ['Lion', 'lion', {}],
  ['Adadelta', 'adadelta', {}],
  ['ASGD', 'asgd', {}],
  ['Rprop', 'rprop', {}],
];
console.log('| update, 1e6 float32 params (ns/param) | TypeScript loop | wasm as run (state in wasm memory, p and g copied) | wasm, p and g in wasm memory too |');
console.log('|---|---|---|---|');
for (const [label, name, options] of cases) {
  const times = (['js', 'wasm'] as const).map((b) => {
    setBackend(b);
    const p: ParameterLike = { data: filled(N, 1), grad: { data: grad }, shape: [N] };
    const opt = optimizerEntry(name).create([p], options);
    return perParam(() => opt.step());
  });
  const inPlace = resident[label];
  console.log(`| ${label} | ${times[0]!.toFixed(2)} | ${times[1]!.toFixed(2)} | ${inPlace ? perParam(inPlace).toFixed(2) : '-'} |`);
}
