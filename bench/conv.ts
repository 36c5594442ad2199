/**
 * Training throughput (samples/s) of a small conv net on [N, 1, 28, 28] images:
 * conv 3x3 x16 (padding 1) → ReLU → max-pool 2 → conv 3x3 x32 (padding 1) → ReLU → max-pool 2 →
 * dense 10, softmax cross-entropy, one Adam step per batch of 64: descent (wasm backend, and the js
 * backend for scale) beside TensorFlow.js 4.22 (tf.conv2d, tf.maxPool, tf.variableGrads,
 * tf.train.adam) on its wasm and cpu backends, same initial weights and inputs, in the same run.
 * tfjs-wasm lacks the conv filter gradient; bench/peers.ts supplies one from its own kernels.
 * Each framework in its native layout (descent NCHW, TensorFlow.js NHWC). descent (wasm) and
 * tfjs-wasm are timed in alternating rounds, in wall-clock time (median step) and in process CPU time
 * (least step; steadier on a shared machine, see bench/wasm-cpu.ts).
 * The wasm backend runs on the default threads (`DESCENT_THREADS`, or every core).
 * `DESCENT_THREADS=1 npx tsx bench/main.ts --only conv`
 */
import { getBackendName, setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '../src/nn/index.js';
import { crossEntropy } from '../src/losses/index.js';
import { Adam } from '../src/optim/index.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import type { Variable as TfVariable } from '@tensorflow/tfjs-core';
import { loadTf, registerWasmConv2dFilterGradient, type Tf } from './peers.js';
import type { BenchRow } from './report.js';

const SIDE = 28;

/** The net, seeded, in descent. */
export function convNet(seed: number): Sequential {
  const random = new Random(seed);
  return new Sequential(
    new Conv2d(1, 16, 3, { padding: 1, random }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(16, 32, 3, { padding: 1, random }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(32 * 7 * 7, 10, { random }),
  );
}

interface Timings {
  wall: number;
  cpu: number;
}

/** One training step of descent's net on the active backend. */
function descentStep(x: Float32Array, labels: Int32Array, batch: number): () => void {
  const net = convNet(5);
  const opt = new Adam(net.namedParameters(), { learningRate: 1e-3 });
  const input = new Tensor(x, [batch, 1, SIDE, SIDE]);
  const target = new Tensor(labels, [batch]);
  return () => {
    opt.zeroGrad();
    crossEntropy(net.forward(input), target).backward();
    opt.step();
  };
}

/**
 * Times each step function (ms): after `warmup` calls of each, `rounds` rounds of `perRound` calls of
 * each in turn, so a change in the machine's load during the run hits every contender alike. Wall
 * clock: the median step; CPU time (process, all threads): the least.
 */
function interleaved(steps: ReadonlyArray<() => void>, rounds: number, perRound: number, warmup = 3): Timings[] {
  for (const step of steps) for (let i = 0; i < warmup; i++) step();
  const wall = steps.map((): number[] => []);
  const cpu = steps.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    steps.forEach((step, k) => {
      for (let i = 0; i < perRound; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        step();
        wall[k]!.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[k] = Math.min(cpu[k]!, (c.user + c.system) / 1000);
      }
    });
  }
  return steps.map((_, k) => {
    const sorted = wall[k]!.sort((a, b) => a - b);
    return { wall: sorted[Math.floor(sorted.length / 2)]!, cpu: cpu[k]! };
  });
}

/** The same step in TensorFlow.js (NHWC), with descent's initial weights transposed to HWIO; and a disposer. */
function peerStep(tf: Tf, x: Float32Array, labels: Int32Array, batch: number): [() => void, () => void] {
  const net = convNet(5);
  const [w1, b1, w2, b2, w3, b3] = net.parameters().map((p) => p.data as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  // OIHW → HWIO for conv weights; descent's Linear weight is [out, in] with `in` in C·H·W order, so
  // the dense weight is re-ordered to TensorFlow.js's H·W·C flattening.
  const hwio = (w: Float32Array, o: number, i: number): Float32Array => {
    const out = new Float32Array(w.length);
    for (let oc = 0; oc < o; oc++) for (let ic = 0; ic < i; ic++) for (let k = 0; k < 9; k++) out[k * i * o + ic * o + oc] = w[(oc * i + ic) * 9 + k]!;
    return out;
  };
  const dense = new Float32Array(1568 * 10);
  for (let o = 0; o < 10; o++) for (let c = 0; c < 32; c++) for (let s = 0; s < 49; s++) dense[(s * 32 + c) * 10 + o] = w3[o * 1568 + c * 49 + s]!;
  const vars = [
    tf.variable(tf.tensor4d(hwio(w1, 16, 1), [3, 3, 1, 16])), tf.variable(tf.tensor1d(b1)),
    tf.variable(tf.tensor4d(hwio(w2, 32, 16), [3, 3, 16, 32])), tf.variable(tf.tensor1d(b2)),
    tf.variable(tf.tensor2d(dense, [1568, 10])), tf.variable(tf.tensor1d(b3)),
  ] as const;
  // NCHW with one channel is NHWC already.
  const tx = tf.tensor4d(x, [batch, SIDE, SIDE, 1]);
  const ty = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const optimizer = tf.train.adam(1e-3);
  const loss = (): ReturnType<typeof tf.scalar> => {
    let h = tf.relu(tf.add(tf.conv2d(tx, vars[0], 1, 'same'), vars[1])) as ReturnType<typeof tf.relu>;
    h = tf.maxPool(h as Parameters<typeof tf.maxPool>[0], 2, 2, 'valid');
    h = tf.relu(tf.add(tf.conv2d(h as Parameters<typeof tf.conv2d>[0], vars[2], 1, 'same'), vars[3]));
    h = tf.maxPool(h as Parameters<typeof tf.maxPool>[0], 2, 2, 'valid');
    const logits = tf.add(tf.matMul(tf.reshape(h, [batch, 1568]), vars[4]), vars[5]);
    return tf.neg(tf.mean(tf.sum(tf.mul(ty, tf.logSoftmax(logits)), 1))) as ReturnType<typeof tf.scalar>;
  };
  checkSameGradients(tf, loss, vars, x, labels, batch);
  const step = (): void => {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss);
      optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
    });
    vars[0].dataSync(); // wait for the update
  };
  const dispose = (): void => {
    optimizer.dispose();
    for (const v of vars) v.dispose();
    tx.dispose();
    ty.dispose();
  };
  return [step, dispose];
}

/**
 * Before timing: the same loss and the same first-layer gradient in descent and in TensorFlow.js
 * (so both run the same network, and the filter-gradient stand-in on tfjs-wasm is right).
 */
function checkSameGradients(tf: Tf, loss: () => ReturnType<Tf['scalar']>, vars: readonly TfVariable[], x: Float32Array, labels: Int32Array, batch: number): void {
  const net = convNet(5);
  const ours = crossEntropy(net.forward(new Tensor(x, [batch, 1, SIDE, SIDE])), new Tensor(labels, [batch]));
  ours.backward();
  const w1 = net.parameters()[0]!.grad!.data as Float32Array; // [16, 1, 3, 3]
  const { value, grads } = tf.variableGrads(loss);
  const theirs = grads[vars[0]!.name]!.dataSync(); // [3, 3, 1, 16]
  let worst = Math.abs(value.dataSync()[0]! - ours.data[0]!) / Math.abs(ours.data[0]!);
  let scale = 0;
  for (const v of w1) scale = Math.max(scale, Math.abs(v));
  for (let o = 0; o < 16; o++) for (let k = 0; k < 9; k++) worst = Math.max(worst, Math.abs(theirs[k * 16 + o]! - w1[o * 9 + k]!) / scale);
  tf.dispose([value, ...Object.values(grads)]);
  if (!(worst < 1e-4)) throw new Error(`bench conv: descent and TensorFlow.js (${tf.getBackend()}) disagree on the loss or the first layer's gradient (relative difference ${worst})`);
}

export async function benchConv(batch = 64): Promise<BenchRow[]> {
  const random = new Random(4);
  const x = Float32Array.from({ length: batch * SIDE * SIDE }, () => random.uniform());
  const labels = Int32Array.from({ length: batch }, () => random.int(10));
  const previous = getBackendName();
  const loaded = loadWasmBackend(); // DESCENT_THREADS, or every core
  if (!loaded) throw new Error('bench: this runtime has no WebAssembly SIMD');
  const threads = loaded.threads;
  const ours = new Map<string, Timings>();
  const peers = new Map<string, Timings>();
  const onWasm = (step: () => void) => (): void => {
    setBackend('wasm');
    step();
  };
  try {
    // descent on wasm and tfjs-wasm in alternating rounds; then the slow ones once each.
    const tfWasm = await loadTf('wasm');
    registerWasmConv2dFilterGradient(tfWasm);
    setBackend('wasm'); // the gradient check inside runs descent on wasm too
    const [theirs, dispose] = peerStep(tfWasm, x, labels, batch);
    const [mine, peer] = interleaved([onWasm(descentStep(x, labels, batch)), theirs], 4, 6);
    dispose();
    ours.set('wasm', mine!);
    peers.set('wasm', peer!);
    setBackend('js');
    ours.set('js', interleaved([descentStep(x, labels, batch)], 1, 5, 1)[0]!);
    const [cpuStep, cpuDispose] = peerStep(await loadTf('cpu'), x, labels, batch);
    peers.set('cpu', interleaved([cpuStep], 1, 2, 1)[0]!);
    cpuDispose();
  } finally {
    setBackend(previous);
  }
  const rate = (ms: number): number => (batch * 1000) / ms;
  const rows: BenchRow[] = [];
  for (const clock of ['wall', 'cpu'] as const) {
    for (const [backend, t] of ours) {
      for (const [peer, p] of peers) {
        if (backend === 'js' && peer === 'cpu') continue;
        rows.push({
          name: `conv net train step b${batch}${backend === 'js' ? ' [js]' : threads > 1 ? ` [wasm ${threads} threads]` : ''}${clock === 'cpu' ? ' [CPU time]' : ''}`,
          descent: rate(t[clock]),
          peer: rate(p[clock]),
          peerName: `tfjs-${peer}`,
          unit: 'samples/s',
          higherIsBetter: true,
        });
      }
    }
  }
  return rows;
}
