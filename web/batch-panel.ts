/**
 * The batch-size panel: a noisy 1-D regression (descent's `noisyFunction`), a cubic model, and for
 * batch sizes 1…N the spread of the mini-batch gradient (measured against the predicted
 * Var₁/b for batches drawn with replacement) and the spread of the function SGD fits (descent's
 * own SGD stepper) over repeated runs.
 */
import { drawChart, legend, type Series } from './chart.js';
import { byId, el, fmt } from './dom.js';
import type { BatchParams, BatchResult } from './panel-compute.js';
import { panelJobRunner } from './panel-job.js';
import { seriesColour } from './palette.js';

/** The panel's inputs, clamped to what the page allows. */
function readParams(): BatchParams {
  return {
    n: Math.max(8, Math.min(4096, Math.round(Number(byId<HTMLInputElement>('bs-n').value)))),
    noise: Math.max(0, Number(byId<HTMLInputElement>('bs-noise').value)),
    lr: Number(byId<HTMLInputElement>('bs-lr').value),
    steps: Math.max(1, Math.min(2000, Math.round(Number(byId<HTMLInputElement>('bs-steps').value)))),
    repeats: Math.max(2, Math.min(100, Math.round(Number(byId<HTMLInputElement>('bs-repeats').value)))),
  };
}

function draw(r: BatchResult): void {
  const { sizes, measured, var1, grid, spreadBy } = r;
  const gradSeries: Series[] = [
    { label: 'measured', colour: seriesColour(3), xs: sizes, ys: measured, markers: true },
    { label: 'predicted Var₁/b', colour: seriesColour(4), xs: sizes, ys: sizes.map((b) => var1 / b), dashed: true },
  ];
  drawChart(byId('bs-chart-grad'), gradSeries, { xLabel: 'batch size b', yLabel: 'E‖g_b − ∇L‖²', xScale: 'log', yScale: 'log' });
  byId('bs-legend-grad').replaceChildren(legend(gradSeries));
  const fitSeries: Series[] = r.bands.map((f, i) => ({ label: `b = ${f.b}`, colour: seriesColour(i), xs: grid, ys: f.mid, low: f.low, high: f.high }));
  // The data first, so the fitted curves and their bands are drawn over it.
  fitSeries.unshift({ label: 'data', colour: '#9a9a9a', xs: r.xs, ys: r.ys, markers: true });
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
}

/**
 * Starts the panel inside the page's #batch section; runs once on load and on every Run. The
 * computation (panel-compute.ts) runs in the panel worker, with progress and Cancel.
 */
export function startBatchPanel(): void {
  const jobs = panelJobRunner('batch', 'bs');
  const run = () => jobs.run(readParams(), draw);
  byId<HTMLButtonElement>('bs-run').addEventListener('click', run);
  run();
}
