/**
 * What copying through wasm memory costs the optimizer update kernels: ns per parameter on 1e6 float32
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
import { updateKernel, variantCode, type UpdateKernelName, type UpdateScalars, type UpdateVariant } from '../src/backend/update-kernels.js';
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
// Resident arrays: p, g and three state slots, one chunk each, called over N / chunk chunks; then the scalars.
const at = scratch.reserve(...new Array<number>(5).fill(UPDATE_CHUNK * 4), 16 * 8);
scratch.f32().fill(0.25);
const chunks = Math.ceil(N / UPDATE_CHUNK);
/** Kernel `kind`'s loop `variant` on the resident chunks, its scalars written by name in the row's order. */
function inWasm<K extends UpdateKernelName>(kind: K, variant: UpdateVariant<K>, scalars: UpdateScalars<K>, stateArrays: number): () => void {
  const { code, row } = updateKernel(kind);
  const values = scalars as Readonly<Record<string, number>>;
  const state = [2, 3, 4].map((slot, i) => (i < stateArrays ? at[slot]! : 0));
  return () => {
    new Float64Array(kernels.memory.buffer, at[5]!, row.scalars.length).set(row.scalars.map((name) => values[name]!));
    for (let c = 0; c < chunks; c++) kernels.updatePacked(code, variantCode(row, variant), at[0]!, at[1]!, state[0]!, state[1]!, state[2]!, UPDATE_CHUNK, at[5]!);
  };
}
const resident: Record<string, () => void> = {
  'SGD momentum': inWasm('sgd', 'heavyBall', { learningRate: 1e-3, momentum: 0.9, dampening: 0, sign: 1, weightDecay: 0, first: 0, nesterov: 0 }, 1),
  Adam: inWasm('adam', 'plain', { beta1: 0.9, beta2: 0.999, bc1: 0.1, bc2Sqrt: 0.5, eps: 1e-8, negLr: -1e-3, sign: 1, l2: 0, decay: 0 }, 2),
  RMSprop: inWasm('rmsprop', 'plain', { alpha: 0.99, eps: 1e-8, learningRate: 1e-2, sign: 1, weightDecay: 0, momentum: 0 }, 1),
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
