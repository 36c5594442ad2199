/**
 * The network lab's readouts: "step N", "held-out accuracy NN.N%", a row per run (losses,
 * accuracy, λmax, 2/η, why it stopped), and the curves — loss, error with the generalisation gap
 * shaded, and sharpness λmax against 2/η.
 */
import { drawChart, legend } from '../chart.js';
import { el } from '../dom.js';
import { formatCount, formatNumber, formatSetting } from '../format.js';
import { seriesColour } from '../palette.js';
import { labSeries } from './chart-series.js';
import type { AveragingName } from './config.js';
import type { RunFrame } from './protocol.js';

/** The elements the readouts are drawn into. */
export interface Readouts {
  stepOut: HTMLOutputElement;
  accuracyOut: HTMLOutputElement;
  runsBody: HTMLTableSectionElement;
  runsTable: HTMLTableElement;
  lossChart: HTMLCanvasElement;
  errorChart: HTMLCanvasElement;
  sharpChart: HTMLCanvasElement;
  lossLegend: HTMLElement;
  sharpLegend: HTMLElement;
}

/** Cells never wrap ("4 000" on two lines read as two numbers); the table scrolls sideways if it must. */
const NOWRAP = 'white-space:nowrap';
/** The runs table's columns: short headers (the table sits beside the boundaries), each with its long name as a tooltip. */
const COLUMNS: ReadonlyArray<[string, string]> = [
  ['run', 'optimizer'], ['step', 'steps taken'], ['train', 'training loss'], ['held-out', 'held-out loss'], ['acc.', 'held-out accuracy (RMSE for regression)'],
  ['λmax', 'sharpness: largest Hessian eigenvalue of the training loss, at its latest measurement (its step is the value\'s tooltip)'], ['2/η', 'the edge of stability for gradient descent'], ['status', 'training, paused, or why the run stopped'],
];

/** The status column's short word; the full note ("diverged at step 3 (loss 1.66×10⁷)") is the cell's tooltip. */
export function shortStatus(r: Pick<RunFrame, 'stopped'>, playing: boolean): string {
  if (r.stopped === 'diverged') return 'diverged';
  if (r.stopped === 'step cap') return 'done';
  if (r.stopped === 'error') return 'error';
  return playing ? 'training' : 'paused';
}

/** A chart canvas with its accessible description. */
export function chartCanvas(id: string, label: string, width = 420, height = 220): HTMLCanvasElement {
  return el('canvas', { id, width, height, role: 'img', 'aria-label': label });
}

/** The readouts' elements, empty. */
export function createReadouts(): Readouts {
  const runsBody = el('tbody', { id: 'nw-runs-body' });
  return {
    stepOut: el('output', { id: 'nw-step-count' }, 'step 0'),
    accuracyOut: el('output', { id: 'nw-accuracy', class: 'nw-big' }, ''),
    runsBody,
    runsTable: el('table', { class: 'readout', 'aria-label': 'Runs: step, losses, held-out accuracy, sharpness' },
      el('thead', {}, el('tr', {}, ...COLUMNS.map(([h, title]) => el('th', { scope: 'col', title, style: NOWRAP }, h)))), runsBody),
    lossChart: chartCanvas('nw-loss-chart', 'Training and held-out loss against step, log scale'),
    errorChart: chartCanvas('nw-error-chart', 'Training and held-out error against step; the gap between them shaded'),
    sharpChart: chartCanvas('nw-sharp-chart', 'Sharpness λmax against step, with 2/η dashed'),
    lossLegend: el('div'),
    sharpLegend: el('div'),
  };
}

/** An accuracy from an error rate: 99.2%. */
function percent(error: number): string {
  return Number.isFinite(error) ? `${(100 * (1 - error)).toFixed(1)}%` : '—';
}

/**
 * The headline over the runs: "held-out accuracy 97.5%" for one run; in a race, each run named
 * ("held-out accuracy: SGD 92.0% · Adam 97.5%"), so the number is never read as the race's.
 */
export function headline(runs: readonly RunFrame[], labels: readonly string[], regression: boolean): string {
  const what = regression ? 'held-out RMSE' : 'held-out accuracy';
  const value = (r: RunFrame): string | null => {
    const p = r.history[r.history.length - 1];
    if (!p) return null;
    if (r.stopped === 'diverged') return 'diverged';
    return regression ? formatNumber(p.testError) : percent(p.testError);
  };
  if (runs.length === 1) {
    const v = value(runs[0]!);
    return v === null ? '' : `${what} ${v}`;
  }
  const parts = runs.flatMap((r, i) => {
    const v = value(r);
    return v === null ? [] : [`${labels[i] ?? r.optimizer} ${v}`];
  });
  return parts.length > 0 ? `${what}: ${parts.join(' · ')}` : '';
}

/** Draws the runs' state into `parts`; `labels` name the runs, `playing` says what a live run is doing, `averaging` names the averaged-weights curves. */
export function paintReadouts(parts: Readouts, runs: readonly RunFrame[], labels: readonly string[], regression: boolean, playing: boolean, averaging: AveragingName, sharpnessEvery: number): void {
  const first = runs[0];
  const lastPoint = first?.history[first.history.length - 1];
  parts.stepOut.textContent = `step ${formatCount(Math.max(0, ...runs.map((r) => r.step)))}`;
  parts.accuracyOut.textContent = headline(runs, labels, regression);
  if (lastPoint) parts.accuracyOut.dataset.testError = String(lastPoint.testError);
  const accHeader = parts.runsTable.tHead!.rows[0]!.cells[4]!;
  const accText = regression ? 'RMSE' : 'acc.';
  if (accHeader.textContent !== accText) accHeader.textContent = accText;
  // The table is updated in place: rebuilding its rows every frame cost layout and allocations.
  if (parts.runsBody.rows.length !== runs.length || runs.some((r, i) => parts.runsBody.rows[i]!.dataset.optimizer !== r.optimizer)) {
    parts.runsBody.replaceChildren(...runs.map((r, i) => el('tr', { 'data-optimizer': r.optimizer },
      el('td', { style: NOWRAP }, el('span', { class: 'swatch', style: `background:${seriesColour(i)};border-color:${seriesColour(i)}` }), el('span', {})),
      ...[0, 1, 2, 3, 4, 5].map(() => el('td', { class: 'num', style: NOWRAP })),
      el('td', { style: NOWRAP }))));
  }
  runs.forEach((r, i) => {
    const row = parts.runsBody.rows[i]!;
    const p = r.history[r.history.length - 1];
    const s = r.sharpness[r.sharpness.length - 1];
    const status = shortStatus(r, playing);
    const note = r.stopped ? r.stopNote : '';
    if (row.cells[7]!.title !== note) row.cells[7]!.title = note;
    // λmax is measured every few steps (and a measurement paused half-way finishes later): the value
    // beside step 4 000 may be of step 3 980. The tooltip says which, so it is never read as current.
    const measured = s ? `λmax at step ${formatCount(s.step)}${s.step === r.step ? '' : ` (the run is at step ${formatCount(r.step)})`}` : '';
    if (row.cells[5]!.title !== measured) row.cells[5]!.title = measured;
    const data: Record<string, string> = { step: String(r.step), testError: String(p?.testError ?? ''), lambda: String(s?.lambda ?? ''), lambdaStep: String(s?.step ?? ''), stopped: r.stopped ?? '' };
    for (const [k, v] of Object.entries(data)) if (row.dataset[k] !== v) row.dataset[k] = v;
    const texts = [
      formatCount(r.step),
      p ? formatNumber(p.trainLoss) : '',
      p ? formatNumber(p.testLoss) : '',
      p ? (regression ? formatNumber(p.testError) : percent(p.testError)) : '',
      s ? formatNumber(s.lambda) : '—',
      formatSetting(2 / r.learningRate),
      status,
    ];
    const name = row.cells[0]!.lastChild!;
    const label = ` ${labels[i] ?? r.optimizer}`;
    if (name.textContent !== label) name.textContent = label;
    texts.forEach((t, k) => {
      const cell = row.cells[k + 1]!;
      if (cell.textContent !== t) cell.textContent = t;
    });
  });
  const { loss: lossSeries, error: errorSeries, sharpness: sharpSeries } = labSeries(runs, labels, averaging);
  drawChart(parts.lossChart, lossSeries, { xLabel: 'step', yLabel: 'loss', yScale: 'log', floor: 1e-6 });
  drawChart(parts.errorChart, errorSeries, { xLabel: 'step', yLabel: regression ? 'RMSE' : 'error' });
  drawChart(parts.sharpChart, sharpSeries, { xLabel: 'step', yLabel: 'λmax', yScale: 'log', floor: 1e-6, empty: sharpnessEvery > 0 ? `no λmax yet (measured every ${formatCount(sharpnessEvery)} steps)` : 'λmax is not measured (λmax every = 0)' });
  const legendKey = lossSeries.map((s) => s.label).join('|');
  if (parts.lossLegend.dataset.key !== legendKey) {
    parts.lossLegend.dataset.key = legendKey;
    parts.lossLegend.replaceChildren(legend(lossSeries));
  }
  const sharpKey = sharpSeries.map((s) => s.label).join('|');
  if (parts.sharpLegend.dataset.key !== sharpKey) {
    parts.sharpLegend.dataset.key = sharpKey;
    parts.sharpLegend.replaceChildren(legend(sharpSeries));
  }
}
