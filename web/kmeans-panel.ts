/**
 * The K-means panel: blobs from descent's data generators, clustered by descent's K-means trainer
 * with online (SGD, one point per update), mini-batch and batch updates over several seeds; the
 * cost against the number of updates and against the points processed, with the spread between
 * runs (the lecture's "large variation between runs").
 */
import type { KMeansResult, KMeansUpdate } from '../src/index.js';
import { prepareCanvas } from './canvas.js';
import { drawChart, legend, type Series } from './chart.js';
import { byId, el, fmt } from './dom.js';
import { KMEANS_UPDATES, type KMeansPanelResult, type KMeansParams } from './panel-compute.js';
import { panelJobRunner } from './panel-job.js';
import { seriesColour } from './palette.js';

const METHODS: ReadonlyArray<{ update: KMeansUpdate; label: string; colour: string }> = [
  { update: 'online', label: 'online (SGD, 1 point)', colour: seriesColour(0) },
  { update: 'mini-batch', label: 'mini-batch', colour: seriesColour(3) },
  { update: 'batch', label: 'batch (Lloyd)', colour: seriesColour(4) },
];

function numberInput(id: string): number {
  return Number(byId<HTMLInputElement>(id).value);
}

function drawScatter(canvas: HTMLCanvasElement, points: Float64Array, result: Pick<KMeansResult, 'assignments' | 'centres'>): void {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { ctx, width: w, height: h } = prepared;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    x0 = Math.min(x0, points[i]!); x1 = Math.max(x1, points[i]!);
    y0 = Math.min(y0, points[i + 1]!); y1 = Math.max(y1, points[i + 1]!);
  }
  const pad = 0.05 * Math.max(x1 - x0, y1 - y0);
  const s = Math.min(w / (x1 - x0 + 2 * pad), h / (y1 - y0 + 2 * pad));
  const px = (x: number) => (x - x0 + pad) * s;
  const py = (y: number) => h - (y - y0 + pad) * s;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  for (let i = 0; i < points.length / 2; i++) {
    ctx.fillStyle = seriesColour(result.assignments[i]!);
    ctx.beginPath();
    ctx.arc(px(points[2 * i]!), py(points[2 * i + 1]!), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  for (const [k, c] of result.centres.entries()) {
    const [cx, cy] = [px(c[0]!), py(c[1]!)];
    ctx.lineWidth = 5;
    ctx.strokeStyle = '#000';
    ctx.beginPath(); ctx.moveTo(cx - 8, cy - 8); ctx.lineTo(cx + 8, cy + 8); ctx.moveTo(cx + 8, cy - 8); ctx.lineTo(cx - 8, cy + 8); ctx.stroke();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = seriesColour(k);
    ctx.stroke();
  }
}

/** The panel's inputs, clamped to what the page allows. */
function readParams(): KMeansParams {
  const k = Math.max(1, Math.min(8, Math.round(numberInput('km-k'))));
  const show = byId<HTMLSelectElement>('km-show').value as KMeansUpdate;
  return {
    k,
    samples: Math.max(k, Math.round(numberInput('km-n'))),
    std: numberInput('km-std'),
    dataSeed: Math.round(numberInput('km-data-seed')),
    seeds: Math.max(1, Math.min(30, Math.round(numberInput('km-seeds')))),
    batchSize: Math.max(1, Math.round(numberInput('km-batch'))),
    epochs: Math.max(1, Math.min(50, Math.round(numberInput('km-epochs')))),
    show: KMEANS_UPDATES.includes(show) ? show : KMEANS_UPDATES[0]!,
  };
}

function draw(seeds: number, r: KMeansPanelResult): void {
  const { curves } = r;
  // The first recorded point is update 0: a log x-axis starts at update 1 (points processed 1).
  const seriesAgainst = (x: 'updates' | 'points'): Series[] =>
    curves.map((c, i) => ({
      label: METHODS[i]!.label,
      colour: METHODS[i]!.colour,
      xs: c[x].map((v) => Math.max(v, 1)),
      ys: c.median,
      low: c.low,
      high: c.high,
    }));
  const opts = { yLabel: 'cost (mean squared distance)', xScale: 'log' as const, yScale: 'log' as const };
  drawChart(byId('km-chart-updates'), seriesAgainst('updates'), { ...opts, xLabel: 'updates' });
  drawChart(byId('km-chart-points'), seriesAgainst('points'), { ...opts, xLabel: 'points processed' });
  byId('km-legend').replaceChildren(legend(METHODS.map((m) => ({ label: `${m.label}: median, band = min–max over ${seeds} seeds`, colour: m.colour }))));
  drawScatter(byId('km-scatter'), r.points, r.shown);
  const table = byId<HTMLTableSectionElement>('km-table');
  table.replaceChildren(
    ...curves.map((c, i) => {
      const finals = c.finals;
      return el(
        'tr',
        { 'data-method': METHODS[i]!.update, 'data-initial-cost': c.median[0]!, 'data-final-cost': c.median[c.median.length - 1]! },
        el('td', {}, el('span', { class: 'swatch', style: `background:${METHODS[i]!.colour};border-color:${METHODS[i]!.colour}`, 'aria-hidden': 'true' }), ` ${METHODS[i]!.label}`),
        el('td', { class: 'num' }, String(c.updates[c.updates.length - 1])),
        el('td', { class: 'num' }, fmt(c.median[0]!)),
        el('td', { class: 'num' }, fmt(c.median[c.median.length - 1]!)),
        el('td', { class: 'num' }, `${fmt(Math.min(...finals))} – ${fmt(Math.max(...finals))}`),
      );
    }),
  );
}

/**
 * Starts the panel inside the page's #kmeans section; runs once on load and on every Run. The
 * fits (panel-compute.ts) run in the panel worker, with progress and Cancel.
 */
export function startKMeansPanel(): void {
  const jobs = panelJobRunner('kmeans', 'km');
  const run = () => {
    const params = readParams();
    jobs.run(params, (result) => draw(params.seeds, result));
  };
  byId<HTMLButtonElement>('km-run').addEventListener('click', run);
  byId<HTMLSelectElement>('km-show').addEventListener('change', run);
  run();
}
