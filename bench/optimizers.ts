/**
 * ns per parameter for one update of each optimizer on 1,000,000 float32 parameters: descent's
 * in-place one-pass update kernels beside TensorFlow.js 4.22's optimizers on its cpu and wasm backends,
 * measured in the same run on the same gradient. descent runs on its default backend in Node (wasm:
 * every optimizer but QuickProp has a SIMD loop there), and SGD, Adam, AdamW and RMSprop are timed
 * again on the js backend (rows marked [js]: the TypeScript loops, for scale).
 */
import { filled } from './inputs.js';
import { getBackendName, setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { optimizerEntry, type Optimizer, type ParameterLike } from '../src/optim/index.js';
import type { Optimizer as TfOptimizer } from '@tensorflow/tfjs-core';
import { loadTf, type Tf } from './peers.js';
import { timeMedian, type BenchRow } from './report.js';

const N = 1_000_000;

/** Registry names whose float32 in-place step has a wasm loop. */
/** The optimizers timed on the js backend too. */
const ALSO_ON_JS = new Set(['sgd', 'adam', 'adamw', 'rmsprop']);

/** descent's optimizer (registry name + options) and, where TensorFlow.js has it, the peer. */
const CASES: Array<{ label: string; name: string; options: Record<string, unknown>; peer?: (tf: Tf) => TfOptimizer }> = [
  { label: 'SGD', name: 'sgd', options: { learningRate: 1e-3 }, peer: (tf) => tf.train.sgd(1e-3) },
  { label: 'SGD momentum', name: 'sgd', options: { learningRate: 1e-3, momentum: 0.9 }, peer: (tf) => tf.train.momentum(1e-3, 0.9) },
  { label: 'SGD nesterov', name: 'sgd', options: { learningRate: 1e-3, momentum: 0.9, nesterov: true }, peer: (tf) => tf.train.momentum(1e-3, 0.9, true) },
  { label: 'Adam', name: 'adam', options: {}, peer: (tf) => tf.train.adam(1e-3, 0.9, 0.999, 1e-8) },
  { label: 'AdamW', name: 'adamw', options: {} },
  { label: 'Adam amsgrad', name: 'adam', options: { amsgrad: true } },
  { label: 'Adamax', name: 'adamax', options: {}, peer: (tf) => tf.train.adamax(2e-3, 0.9, 0.999, 1e-8) },
  { label: 'NAdam', name: 'nadam', options: {} },
  { label: 'RAdam', name: 'radam', options: {} },
  { label: 'RMSprop', name: 'rmsprop', options: {}, peer: (tf) => tf.train.rmsprop(1e-2, 0.99, 0, 1e-8) },
  { label: 'RMSprop centered momentum', name: 'rmsprop', options: { centered: true, momentum: 0.9 }, peer: (tf) => tf.train.rmsprop(1e-2, 0.99, 0.9, 1e-8, true) },
  { label: 'Adagrad', name: 'adagrad', options: {}, peer: (tf) => tf.train.adagrad(1e-2) },
  { label: 'Adadelta', name: 'adadelta', options: {}, peer: (tf) => tf.train.adadelta(1, 0.9, 1e-6) },
  { label: 'Rprop', name: 'rprop', options: {} },
  { label: 'ASGD', name: 'asgd', options: {} },
  { label: 'Lion', name: 'lion', options: {} },
  { label: 'QuickProp', name: 'quickprop', options: {} },
];

/** ns per parameter of one `step()` (median of `repeats` after warm-up). */
function timeDescent(name: string, options: Record<string, unknown>, grad: Float32Array, repeats: number): number {
  const p: ParameterLike = { data: filled(N, 1), grad: { data: grad }, shape: [N] };
  const opt: Optimizer = optimizerEntry(name).create([p], options);
  const ms = timeMedian(() => opt.step(), repeats, 3);
  return (ms * 1e6) / N;
}

/** ns per parameter of one `applyGradients` of TensorFlow.js. */
function timePeer(tf: Tf, make: (tf: Tf) => TfOptimizer, grad: Float32Array, repeats: number): number {
  const v = tf.variable(tf.tensor1d(filled(N, 1)));
  const g = tf.tensor1d(grad);
  const opt = make(tf);
  const ms = timeMedian(() => {
    opt.applyGradients({ [v.name]: g });
    // Reading one value forces any pending work to finish.
    v.dataSync();
  }, repeats, 2);
  opt.dispose();
  g.dispose();
  v.dispose();
  return (ms * 1e6) / N;
}

/**
 * Runs the optimizer benchmark: one row per optimizer and peer backend (`peer: null` where
 * TensorFlow.js has no such optimizer). Each optimizer is timed on descent's backends and on
 * tfjs-wasm back to back, so a change in the machine's load hits both sides alike.
 */
export async function benchOptimizers(): Promise<BenchRow[]> {
  const grad = filled(N, 2);
  const previous = getBackendName();
  if (!loadWasmBackend()) throw new Error('bench: this runtime has no WebAssembly SIMD');
  const ours = new Map<string, number>();
  const wasmPeer = new Map<string, number>();
  const rows: BenchRow[] = [];
  try {
    const tf = await loadTf('wasm');
    for (const c of CASES) {
      setBackend('wasm');
      ours.set(c.label, timeDescent(c.name, c.options, grad, 15));
      if (ALSO_ON_JS.has(c.name)) {
        setBackend('js');
        ours.set(`${c.label} [js]`, timeDescent(c.name, c.options, grad, 15));
      }
      if (c.peer) wasmPeer.set(c.label, timePeer(tf, c.peer, grad, 9));
    }
    for (const c of CASES) {
      if (!c.peer) continue;
      rows.push(row(c.label, ours.get(c.label)!, wasmPeer.get(c.label)!, 'tfjs-wasm'));
      const js = ours.get(`${c.label} [js]`);
      if (js !== undefined) rows.push(row(`${c.label} [js]`, js, wasmPeer.get(c.label)!, 'tfjs-wasm'));
    }
    const cpu = await loadTf('cpu');
    for (const c of CASES) rows.push(row(c.label, ours.get(c.label)!, c.peer ? timePeer(cpu, c.peer, grad, 3) : null, c.peer ? 'tfjs-cpu' : '-'));
  } finally {
    setBackend(previous);
  }
  return rows;
}

function row(label: string, descent: number, peer: number | null, peerName: string): BenchRow {
  return { name: `${label} update, 1e6 float32 params`, descent, peer, peerName, unit: 'ns/param', higherIsBetter: false };
}
