/**
 * The batch-size panel: a noisy 1-D regression (descent's `noisyFunction`), a cubic model, and for
 * batch sizes 1…N the spread of the mini-batch gradient (measured against the predicted
 * Var₁/b for batches drawn with replacement) and the spread of the function SGD fits (descent's
 * own SGD stepper) over repeated runs.
 */
import { noisyFunction, optimizerEntry, Random } from '../src/index.js';
import { drawChart, legend, type Series } from './chart.js';
import { byId, el, fmt } from './dom.js';
import { seriesColour } from './palette.js';

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

/** Starts the panel inside the page's #batch section; runs once on load and on every Run. */
export function startBatchPanel(): void {
  const run = () => {
    const n = Math.max(8, Math.min(4096, Math.round(Number(byId<HTMLInputElement>('bs-n').value))));
    const noise = Math.max(0, Number(byId<HTMLInputElement>('bs-noise').value));
    const lr = Number(byId<HTMLInputElement>('bs-lr').value);
    const steps = Math.max(1, Math.min(2000, Math.round(Number(byId<HTMLInputElement>('bs-steps').value))));
    const repeats = Math.max(2, Math.min(100, Math.round(Number(byId<HTMLInputElement>('bs-repeats').value))));
    const data = noisyFunction({ fn: (x) => Math.sin(Math.PI * x), range: [-1, 1], samples: n, noise, seed: 1, dtype: 'float64' });
    const xs = Float64Array.from(data.features.data);
    const ys = Float64Array.from(data.labels.data);
    const phi = new Float64Array(n * FEATURES);
    for (let i = 0; i < n; i++) features(xs[i]!, phi, i * FEATURES);
    const random = new Random(7);

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
    const sizes = batchSizes(n);
    const draws = 400;
    const measured = sizes.map((b) => {
      let total = 0;
      for (let r = 0; r < draws; r++) {
        const g = new Float64Array(FEATURES);
        for (let k = 0; k < b; k++) {
          const i = random.int(n);
          addExampleGradient(phi, i, ys[i]!, w0, g, 1 / b);
        }
        for (let j = 0; j < FEATURES; j++) total += (g[j]! - full[j]!) ** 2;
      }
      return total / draws;
    });
    const gradSeries: Series[] = [
      { label: 'measured', colour: seriesColour(3), xs: sizes, ys: measured, markers: true },
      { label: 'predicted Var₁/b', colour: seriesColour(4), xs: sizes, ys: sizes.map((b) => var1 / b), dashed: true },
    ];
    drawChart(byId('bs-chart-grad'), gradSeries, { xLabel: 'batch size b', yLabel: 'E‖g_b − ∇L‖²', xScale: 'log', yScale: 'log' });
    byId('bs-legend-grad').replaceChildren(legend(gradSeries));

    // 2. The function fitted by SGD (descent's stepper) with batch size b, over repeated runs.
    const grid = Array.from({ length: 101 }, (_, i) => -1 + i / 50);
    const shown = sizes.filter((b) => b === 1 || b === 8 || b === 64 || b === n);
    const spreadBy: number[] = [];
    const fits = sizes.map((b) => {
      const curves: number[][] = [];
      for (let r = 0; r < repeats; r++) {
        const stepper = optimizerEntry('sgd').stepper({ learningRate: lr });
        let params = [new Float64Array(FEATURES)] as Float64Array[];
        let state = stepper.init(params);
        const evaluate = (p: readonly (Float64Array | Float32Array)[]) => {
          const g = new Float64Array(FEATURES);
          for (let k = 0; k < b; k++) {
            const i = random.int(n);
            addExampleGradient(phi, i, ys[i]!, p[0]!, g, 1 / b);
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
      }
      let v = 0;
      for (let j = 0; j < grid.length; j++) {
        const col = curves.map((c) => c[j]!);
        const mean = col.reduce((a, c) => a + c, 0) / col.length;
        v += col.reduce((a, c) => a + (c - mean) ** 2, 0) / (col.length - 1) / grid.length;
      }
      spreadBy.push(v);
      return { b, curves };
    });
    const fitSeries: Series[] = fits
      .filter((f) => shown.includes(f.b))
      .map((f, i) => {
        const low = grid.map((_, j) => Math.min(...f.curves.map((c) => c[j]!)));
        const high = grid.map((_, j) => Math.max(...f.curves.map((c) => c[j]!)));
        const mid = grid.map((_, j) => f.curves.reduce((a, c) => a + c[j]!, 0) / f.curves.length);
        return { label: `b = ${f.b}`, colour: seriesColour(i), xs: grid, ys: mid, low, high };
      });
    // The data first, so the fitted curves and their bands are drawn over it.
    fitSeries.unshift({ label: 'data', colour: '#9a9a9a', xs: Array.from(xs), ys: Array.from(ys), markers: true });
    drawChart(byId('bs-chart-fit'), fitSeries, { xLabel: 'x', yLabel: 'y, fitted f(x): mean and min–max band' });
    byId('bs-legend-fit').replaceChildren(legend(fitSeries));
    const spreadSeries: Series[] = [
      { label: 'measured spread of the fit', colour: seriesColour(2), xs: sizes, ys: spreadBy, markers: true },
      { label: '∝ 1/b (through b = 1)', colour: seriesColour(4), xs: sizes, ys: sizes.map((b) => spreadBy[0]! / b), dashed: true },
    ];
    drawChart(byId('bs-chart-spread'), spreadSeries, { xLabel: 'batch size b', yLabel: 'variance of f(x) over runs', xScale: 'log', yScale: 'log' });
    byId('bs-legend-spread').replaceChildren(legend(spreadSeries));
    byId<HTMLTableSectionElement>('bs-table').replaceChildren(
      ...sizes.map((b, i) =>
        el('tr', { 'data-batch': b }, el('td', { class: 'num' }, String(b)), el('td', { class: 'num' }, fmt(measured[i]!)), el('td', { class: 'num' }, fmt(var1 / b)), el('td', { class: 'num' }, fmt(measured[i]! / (var1 / b))), el('td', { class: 'num' }, fmt(spreadBy[i]!))),
      ),
    );
  };
  byId<HTMLButtonElement>('bs-run').addEventListener('click', run);
  run();
}
