/**
 * The heavy work of the batch-size and K-means panels, as pure functions of plain parameters that
 * return plain (structured-cloneable) results. They run in the panel worker (panel-worker.ts) so the
 * page stays responsive; the panels only draw. The arithmetic is the panels' own, unchanged — same
 * seeds, same draw order — so the numbers are the ones the panels always showed.
 */
import { blobs, fitKMeans, noisyFunction, optimizerEntry, Random, type KMeansResult, type KMeansUpdate } from '../src/index.js';

/** Called after each unit of work: `done` of `total` units are finished. */
export type ProgressCallback = (done: number, total: number) => void;

// ---------------------------------------------------------------------------------------------
// Batch-size panel
// ---------------------------------------------------------------------------------------------

/** The batch panel's inputs (already clamped by the panel). */
export interface BatchParams {
  n: number;
  noise: number;
  lr: number;
  steps: number;
  repeats: number;
}

/** One fitted-curve band for the fit chart: mean and min–max over runs, on `grid`. */
export interface FitBand {
  b: number;
  mid: number[];
  low: number[];
  high: number[];
}

/** Everything the batch panel draws. */
export interface BatchResult {
  xs: number[];
  ys: number[];
  sizes: number[];
  measured: number[];
  var1: number;
  grid: number[];
  bands: FitBand[];
  spreadBy: number[];
}

const FEATURES = 4; // 1, x, x², x³

function features(x: number, out: Float64Array, offset = 0): void {
  out[offset] = 1;
  out[offset + 1] = x;
  out[offset + 2] = x * x;
  out[offset + 3] = x * x * x;
}

/** Per-example gradient of ½(φ·w − y)², added into `g` with weight `scale`. */
function addExampleGradient(phi: Float64Array, i: number, y: number, w: ArrayLike<number>, g: Float64Array, scale: number): void {
  let r = -y;
  for (let j = 0; j < FEATURES; j++) r += phi[i * FEATURES + j]! * w[j]!;
  for (let j = 0; j < FEATURES; j++) g[j]! += scale * r * phi[i * FEATURES + j]!;
}

function batchSizes(n: number): number[] {
  const out: number[] = [];
  for (let b = 1; b < n; b *= 2) out.push(b);
  out.push(n);
  return out;
}

/**
 * The variance of the mini-batch gradient by batch size, and the spread of the function SGD fits
 * over repeated runs. Progress counts the gradient-variance pass as one unit and each SGD run as one.
 */
export function computeBatch(p: BatchParams, onProgress: ProgressCallback = () => {}): BatchResult {
  const { n, noise, lr, steps, repeats } = p;
  const data = noisyFunction({ fn: (x) => Math.sin(Math.PI * x), range: [-1, 1], samples: n, noise, seed: 1, dtype: 'float64' });
  const xs = Float64Array.from(data.features.data);
  const ys = Float64Array.from(data.labels.data);
  const phi = new Float64Array(n * FEATURES);
  for (let i = 0; i < n; i++) features(xs[i]!, phi, i * FEATURES);
  const random = new Random(7);
  const sizes = batchSizes(n);
  const total = 1 + sizes.length * repeats;

  // 1. The gradient at w = 0 from batches of size b, drawn with replacement: Var_b = Var_1 / b.
  const w0 = new Float64Array(FEATURES);
  const full = new Float64Array(FEATURES);
  for (let i = 0; i < n; i++) addExampleGradient(phi, i, ys[i]!, w0, full, 1 / n);
  let var1 = 0;
  for (let i = 0; i < n; i++) {
    const g = new Float64Array(FEATURES);
    addExampleGradient(phi, i, ys[i]!, w0, g, 1);
    for (let j = 0; j < FEATURES; j++) var1 += (g[j]! - full[j]!) ** 2 / n;
  }
  const draws = 400;
  const measured = sizes.map((b) => {
    let sum = 0;
    for (let r = 0; r < draws; r++) {
      const g = new Float64Array(FEATURES);
      for (let k = 0; k < b; k++) {
        const i = random.int(n);
        addExampleGradient(phi, i, ys[i]!, w0, g, 1 / b);
      }
      for (let j = 0; j < FEATURES; j++) sum += (g[j]! - full[j]!) ** 2;
    }
    return sum / draws;
  });
  let done = 1;
  onProgress(done, total);

  // 2. The function fitted by SGD (descent's stepper) with batch size b, over repeated runs.
  const grid = Array.from({ length: 101 }, (_, i) => -1 + i / 50);
  const shown = sizes.filter((b) => b === 1 || b === 8 || b === 64 || b === n);
  const spreadBy: number[] = [];
  const bands: FitBand[] = [];
  for (const b of sizes) {
    const curves: number[][] = [];
    for (let r = 0; r < repeats; r++) {
      const stepper = optimizerEntry('sgd').stepper({ learningRate: lr });
      let params = [new Float64Array(FEATURES)] as Float64Array[];
      let state = stepper.init(params);
      const evaluate = (q: readonly (Float64Array | Float32Array)[]) => {
        const g = new Float64Array(FEATURES);
        for (let k = 0; k < b; k++) {
          const i = random.int(n);
          addExampleGradient(phi, i, ys[i]!, q[0]!, g, 1 / b);
        }
        return { loss: 0, grads: [g] };
      };
      for (let t = 0; t < steps; t++) {
        const next = stepper.step(params, state, evaluate);
        params = next.params as Float64Array[];
        state = next.state;
      }
      const w = params[0]!;
      curves.push(grid.map((x) => w[0]! + w[1]! * x + w[2]! * x * x + w[3]! * x * x * x));
      onProgress(++done, total);
    }
    let v = 0;
    for (let j = 0; j < grid.length; j++) {
      const col = curves.map((c) => c[j]!);
      const mean = col.reduce((a, c) => a + c, 0) / col.length;
      v += col.reduce((a, c) => a + (c - mean) ** 2, 0) / (col.length - 1) / grid.length;
    }
    spreadBy.push(v);
    // Only the shown bands travel back to the page: 100 runs × 13 sizes of curves would not be drawn.
    if (shown.includes(b)) {
      bands.push({
        b,
        low: grid.map((_, j) => Math.min(...curves.map((c) => c[j]!))),
        high: grid.map((_, j) => Math.max(...curves.map((c) => c[j]!))),
        mid: grid.map((_, j) => curves.reduce((a, c) => a + c[j]!, 0) / curves.length),
      });
    }
  }
  return { xs: Array.from(xs), ys: Array.from(ys), sizes, measured, var1, grid, bands, spreadBy };
}

// ---------------------------------------------------------------------------------------------
// K-means panel
// ---------------------------------------------------------------------------------------------

/** The K-means update rules the panel compares, in the panel's order. */
export const KMEANS_UPDATES: readonly KMeansUpdate[] = ['online', 'mini-batch', 'batch'];

/** The K-means panel's inputs (already clamped by the panel). */
export interface KMeansParams {
  k: number;
  samples: number;
  std: number;
  dataSeed: number;
  seeds: number;
  batchSize: number;
  epochs: number;
  /** Which update's first-seed clustering is shown in the scatter plot. */
  show: KMeansUpdate;
}

/** The cost curve of one update rule: median and min–max over seeds at each recorded point. */
export interface KMeansCurve {
  updates: number[];
  points: number[];
  median: number[];
  low: number[];
  high: number[];
  /** Final cost of each seed. */
  finals: number[];
}

/** Everything the K-means panel draws. */
export interface KMeansPanelResult {
  /** The points, x0 y0 x1 y1 … */
  points: Float64Array;
  curves: KMeansCurve[];
  /** The first seed's clustering of the shown update rule. */
  shown: Pick<KMeansResult, 'assignments' | 'centres'>;
}

/** Median and min–max over runs at each recorded point. */
function spread(runs: readonly number[][]): { median: number[]; low: number[]; high: number[] } {
  const n = Math.min(...runs.map((r) => r.length));
  const median: number[] = [];
  const low: number[] = [];
  const high: number[] = [];
  for (let i = 0; i < n; i++) {
    const col = runs.map((r) => r[i]!).sort((a, b) => a - b);
    median.push(col.length % 2 ? col[(col.length - 1) / 2]! : 0.5 * (col[col.length / 2 - 1]! + col[col.length / 2]!));
    low.push(col[0]!);
    high.push(col[col.length - 1]!);
  }
  return { median, low, high };
}

/** K-means with each update rule over `seeds` seeds. Progress counts each fit as one unit. */
export function computeKMeans(p: KMeansParams, onProgress: ProgressCallback = () => {}): KMeansPanelResult {
  const { k, samples, seeds, batchSize, epochs } = p;
  const data = blobs({ samples, centers: k, std: p.std, box: [-8, 8], seed: p.dataSeed, dtype: 'float64' });
  const total = KMEANS_UPDATES.length * seeds;
  let done = 0;
  const results = KMEANS_UPDATES.map((update) =>
    Array.from({ length: seeds }, (_, seed) => {
      const fit = fitKMeans(data.features, { k, update, batchSize, epochs, seed, recordEvery: update === 'batch' ? 1 : undefined });
      onProgress(++done, total);
      return fit;
    }),
  );
  const curves = results.map((rs) => ({
    updates: Array.from(rs[0]!.history.updates),
    points: Array.from(rs[0]!.history.pointsProcessed),
    ...spread(rs.map((r) => Array.from(r.history.cost))),
    finals: rs.map((r) => r.cost),
  }));
  const first = results[Math.max(0, KMEANS_UPDATES.indexOf(p.show))]![0]!;
  return {
    points: Float64Array.from(data.features.data),
    curves,
    shown: { assignments: first.assignments, centres: first.centres },
  };
}
