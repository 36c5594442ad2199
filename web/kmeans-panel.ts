/**
 * The K-means panel: blobs from descent's data generators, clustered by descent's K-means trainer
 * with online (SGD, one point per update), mini-batch and batch updates over several seeds; the
 * cost against the number of updates and against the points processed, with the spread between
 * runs (the lecture's "large variation between runs").
 */
import { blobs, fitKMeans, type KMeansResult, type KMeansUpdate } from '../src/index.js';
import { prepareCanvas } from './canvas.js';
import { drawChart, legend, type Series } from './chart.js';
import { byId, el, fmt } from './dom.js';
import { seriesColour } from './palette.js';

const METHODS: ReadonlyArray<{ update: KMeansUpdate; label: string; colour: string }> = [
  { update: 'online', label: 'online (SGD, 1 point)', colour: seriesColour(0) },
  { update: 'mini-batch', label: 'mini-batch', colour: seriesColour(3) },
  { update: 'batch', label: 'batch (Lloyd)', colour: seriesColour(4) },
];

function numberInput(id: string): number {
  return Number(byId<HTMLInputElement>(id).value);
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

function drawScatter(canvas: HTMLCanvasElement, points: Float32Array | Float64Array | Int32Array, result: KMeansResult): void {
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

/** Starts the panel inside the page's #kmeans section; runs once on load and on every Run. */
export function startKMeansPanel(): void {
  const run = () => {
    const k = Math.max(1, Math.min(8, Math.round(numberInput('km-k'))));
    const samples = Math.max(k, Math.round(numberInput('km-n')));
    const seeds = Math.max(1, Math.min(30, Math.round(numberInput('km-seeds'))));
    const batchSize = Math.max(1, Math.round(numberInput('km-batch')));
    const epochs = Math.max(1, Math.min(50, Math.round(numberInput('km-epochs'))));
    const data = blobs({ samples, centers: k, std: numberInput('km-std'), box: [-8, 8], seed: Math.round(numberInput('km-data-seed')), dtype: 'float64' });
    const results = METHODS.map((m) =>
      Array.from({ length: seeds }, (_, seed) =>
        fitKMeans(data.features, { k, update: m.update, batchSize, epochs, seed, recordEvery: m.update === 'batch' ? 1 : undefined }),
      ),
    );
    const curves = results.map((rs) => ({
      updates: rs[0]!.history.updates,
      points: rs[0]!.history.pointsProcessed,
      ...spread(rs.map((r) => r.history.cost)),
    }));
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
    const showIndex = METHODS.findIndex((m) => m.update === byId<HTMLSelectElement>('km-show').value);
    drawScatter(byId('km-scatter'), data.features.data, results[Math.max(0, showIndex)]![0]!);
    const table = byId<HTMLTableSectionElement>('km-table');
    table.replaceChildren(
      ...results.map((rs, i) => {
        const c = curves[i]!;
        const finals = rs.map((r) => r.cost);
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
  };
  byId<HTMLButtonElement>('km-run').addEventListener('click', run);
  byId<HTMLSelectElement>('km-show').addEventListener('change', run);
  run();
}
