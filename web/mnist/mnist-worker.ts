/**
 * The MNIST panel's worker: loads the digits (fetched once, gunzipped with DecompressionStream),
 * picks descent's wasm kernels — on cores − 1 threads where the page is cross-origin isolated (the
 * page's own thread keeps a core), else one thread — or the TypeScript kernels without SIMD, and
 * trains the MLP in slices, posting curves, weights and the confusion matrix between them.
 */
import { loadWasmBackendAsync, setBackend } from '../../src/index.js';
import { decodeDigitsGzip, type DigitSet } from './digits-file.js';
import { DivergenceWatch } from './divergence.js';
import { DIGITS_URL, WEIGHT_IMAGES, type FromMnistWorker, type MnistBackend, type ToMnistWorker } from './protocol.js';
import { MnistTrainer, type TrainerConfig } from './trainer.js';

/** Training time per slice, between which messages are answered. */
const SLICE_MS = 30;
/** Held-out evaluations per epoch (each a point of the curves). */
const POINTS_PER_EPOCH = 8;

const scope = self as unknown as {
  postMessage(message: FromMnistWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToMnistWorker>) => void) | null;
  crossOriginIsolated?: boolean;
  location: { href: string };
};

let digits: Promise<DigitSet> | null = null;
let kernels: Promise<MnistBackend> | null = null;
let trainer: MnistTrainer | null = null;
let epochs = 0;
let paused = false;
let run = 0; // bumps with every start, so a superseded run's slices stop
let trainingMs = 0;
/** Watches the batch losses against the untrained network's held-out loss. */
let watch = new DivergenceWatch(NaN);
/** The run stopped on a diverged loss: Resume does not restart it. */
let halted = false;

async function loadDigits(): Promise<DigitSet> {
  const response = await fetch(new URL(DIGITS_URL, scope.location.href));
  if (!response.ok) throw new Error(`could not load ${DIGITS_URL}: HTTP ${response.status}`);
  return decodeDigitsGzip(new Uint8Array(await response.arrayBuffer()));
}

async function chooseKernels(): Promise<MnistBackend> {
  const cores = navigator.hardwareConcurrency || 1;
  const isolated = scope.crossOriginIsolated === true;
  try {
    const threads = isolated ? Math.max(1, cores - 1) : 1;
    const wasm = await loadWasmBackendAsync({ threads });
    if (wasm) return { name: 'wasm', threads: wasm.threads, isolated };
  } catch {
    // fall through to the TypeScript kernels
  }
  setBackend('js');
  return { name: 'js', threads: 1, isolated };
}

function post(message: FromMnistWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Posts a point of the curves; returns the held-out loss. */
function report(t: MnistTrainer): number {
  const train = t.takeTrainingStats() ?? { loss: NaN, accuracy: NaN };
  const held = t.evaluate('heldOut');
  const firstLayer = t.firstLayer(WEIGHT_IMAGES);
  post(
    { type: 'progress', step: t.steps, epoch: t.epoch, trainLoss: train.loss, trainAccuracy: train.accuracy, heldOutLoss: held.loss, heldOutAccuracy: held.accuracy, confusion: held.confusion, firstLayer, trainingMs },
    [held.confusion.buffer, firstLayer.weights.buffer],
  );
  return held.loss;
}

/** Trains until the next evaluation point or the slice's time is up, then yields to messages. */
function slice(id: number): void {
  const t = trainer;
  if (!t || id !== run || paused || halted) return;
  const total = Math.ceil((epochs * t.counts.train) / t.config.batchSize);
  const every = Math.max(1, Math.round(total / (epochs * POINTS_PER_EPOCH)));
  const start = performance.now();
  while (t.steps < total && performance.now() - start < SLICE_MS) {
    t.train(1);
    if (watch.observe(t.lastLoss)) {
      // Stop here: a NaN or exploding loss never comes back, and the curves would only show noise.
      trainingMs += performance.now() - start;
      halted = true;
      report(t);
      post({ type: 'diverged', step: t.steps, loss: t.lastLoss });
      return;
    }
    if (t.steps % every === 0 || t.steps === total) {
      trainingMs += performance.now() - start;
      report(t);
      if (t.steps === total) post({ type: 'done' });
      setTimeout(() => slice(id), 0);
      return;
    }
  }
  trainingMs += performance.now() - start;
  if (t.steps < total) setTimeout(() => slice(id), 0);
}

async function start(config: TrainerConfig, wanted: number): Promise<void> {
  const id = ++run;
  digits ??= loadDigits();
  kernels ??= chooseKernels();
  const [set, backend] = await Promise.all([digits, kernels]);
  if (id !== run) return;
  trainer = new MnistTrainer(set, config);
  epochs = wanted;
  paused = false;
  trainingMs = 0;
  halted = false;
  post({ type: 'ready', backend, counts: trainer.counts });
  watch = new DivergenceWatch(report(trainer)); // the untrained network: the curves' first point
  setTimeout(() => slice(id), 0);
}

scope.onmessage = (e) => {
  const m = e.data;
  try {
    if (m.type === 'start') {
      start(m.config, m.epochs).catch((err: unknown) => {
        digits = null; // a failed download may be retried by the next start
        post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      });
    } else if (m.type === 'pause') {
      paused = true;
    } else if (m.type === 'resume') {
      if (paused) {
        paused = false;
        setTimeout(() => slice(run), 0);
      }
    } else if (m.type === 'predict') {
      if (!trainer) return;
      const probabilities = trainer.predict(m.pixels);
      post({ type: 'prediction', id: m.id, probabilities }, [probabilities.buffer]);
    } else if (m.type === 'example') {
      if (!trainer) return;
      const example = trainer.heldOutExample(m.from, m.mistake);
      post({ type: 'example', id: m.id, example }, example ? [example.pixels.buffer, example.probabilities.buffer] : []);
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
