/**
 * The network lab panel: controls for the data, features, model and training; one decision
 * boundary per optimizer (two to four race from the same initial weights on the same batches);
 * train and held-out curves with the generalisation gap shaded; sharpness λmax against 2/η; the
 * network's units and weights; loss-landscape slices. Training runs in networks-worker.js; this
 * thread only paints the frames it sends, once per animation frame.
 */
import { drawChart, legend, type Series } from '../chart.js';
import { byId, el, freshId } from '../dom.js';
import { formatCount, formatNumber } from '../format.js';
import { seriesColour } from '../palette.js';
import { optimizerCard } from '../surfaces/optimizer-card.js';
import { optimizerNames, runLabels } from '../surfaces/optimizer-defaults.js';
import type { Instance } from '../surfaces/url-state.js';
import { BoundaryView } from './boundary-view.js';
import { AVERAGINGS, labDefaults, LOSSES, SCHEDULES, type LabConfig } from './config.js';
import { DATASETS } from './datasets.js';
import { FEATURE_LABELS, FEATURES, type FeatureName } from './features.js';
import { paintLandscape, paintLandscapePlaceholder } from './landscape-view.js';
import { LANDSCAPE_MODES, type LandscapeMode } from './landscape.js';
import { ACTIVATIONS, INITS, NORMS, type ActivationName } from './model-spec.js';
import { paintNetwork } from './network-view.js';
import type { FrameData, FromLabWorker, LabFrame, ToLabWorker } from './protocol.js';
import { decodeLabState, encodeLabState, type LabState } from './url-state.js';

/** The built worker script, beside app.js (scripts/build-web.mjs). */
const WORKER_URL = 'networks-worker.js';

/** What the page exposes for the tests and the curious. */
export interface NetworksDebug {
  /** The last frame the worker sent. */
  frame: LabFrame | null;
  /** Animation frames per second while playing (over the last second). */
  fps: number;
  /** Longest paint of a frame while training, in milliseconds (the first paints of the page are not counted). */
  maxPaintMs: number;
  /** Longest handling of a worker message, in milliseconds. */
  maxMessageMs: number;
  /** The lab's state as the URL encodes it. */
  query: string;
}

declare global {
  interface Window {
    descentNetworks?: NetworksDebug;
  }
}

const DATASET_LABELS: Readonly<Record<(typeof DATASETS)[number], string>> = {
  spirals: 'spirals', moons: 'two moons', circles: 'circles', xor: 'XOR', blobs: 'Gaussian blobs', clicked: 'points you click', regression: '1-D regression',
};
/** Links to configurations worth seeing (each a URL state; `play=1` starts it). */
const PRESETS: ReadonlyArray<[string, string, string]> = [
  ['spirals', 'dataset=spirals&play=1', 'the defaults: a 3 × 16 tanh network, Adam'],
  ['over-fitting', 'dataset=moons&n=60&noise=0.35&test=0.5&hidden=32,32,32&act=relu&sharp=0&steps=3000&speed=0&play=1', '30 noisy training points, a big ReLU network: training error 0, held-out error stays high'],
  ['edge of stability', 'dataset=spirals&batch=0&loss=mse&o=sgd:learningRate=0.05&steps=3000&sharp=50&speed=0&play=1', 'full-batch gradient descent, MSE: λmax climbs to 2/η = 40 and hovers there'],
  ['SGD vs momentum vs Adam', 'dataset=spirals&o=sgd&o=sgd:learningRate=0.03,momentum=0.9&o=adam&steps=3000&sharp=0&speed=0&play=1', 'three optimizers from the same initial weights on the same batches'],
  ['zero initialisation', 'dataset=circles&init=zeros&steps=1000&sharp=0&speed=100&play=1', 'every unit of a layer computes the same function, forever: symmetry is never broken'],
];
const SPEEDS: ReadonlyArray<[number, string]> = [[10, '10 steps/s'], [30, '30 steps/s'], [100, '100 steps/s'], [300, '300 steps/s'], [1000, '1000 steps/s'], [0, 'as fast as possible']];

/** The lab's query in the hash (`#networks?dataset=…`), or '' when the hash holds none. */
function hashQuery(): string {
  const m = /^#networks\?(.*)$/s.exec(location.hash);
  return m ? m[1]! : '';
}

function percent(error: number): string {
  return Number.isFinite(error) ? `${(100 * (1 - error)).toFixed(1)}%` : '—';
}

/** Starts the panel in the page's `#networks` section. */
export function startNetworksPanel(): void {
  const root = byId('nw-root');
  let state: LabState = decodeLabState(hashQuery());
  let instances: Instance[] = state.config.runs.map((r) => ({ name: r.optimizer, options: r.options }));
  let frame: LabFrame | null = null;
  let data: FrameData | null = null;
  let units: LabFrame['units'] | null = null;
  let playing = false;
  let dirty = { runs: true, network: true };
  const debug: NetworksDebug = { frame: null, fps: 0, maxPaintMs: 0, maxMessageMs: 0, query: encodeLabState(state) };
  window.descentNetworks = debug;

  // ---------- controls ----------
  const field = (label: string, control: HTMLElement, hint?: string): HTMLElement => {
    const id = control.id || freshId('nw');
    control.id = id;
    return el('span', { class: 'nw-field' }, el('label', { for: id, ...(hint ? { title: hint } : {}) }, label), control);
  };
  const select = (options: ReadonlyArray<readonly [string, string]>, value: string, onChange: (v: string) => void, id?: string): HTMLSelectElement => {
    const s = el('select', id ? { id } : {});
    for (const [v, label] of options) s.append(el('option', { value: v }, label));
    s.value = value;
    s.addEventListener('change', () => onChange(s.value));
    return s;
  };
  const number = (value: number, attrs: { min: number; max: number; step?: number | 'any' }, onChange: (v: number) => void, id?: string): HTMLInputElement => {
    const input = el('input', { type: 'number', min: attrs.min, max: attrs.max, step: attrs.step ?? 'any', value: String(value), ...(id ? { id } : {}) });
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v) || v < attrs.min || v > attrs.max) {
        input.setAttribute('aria-invalid', 'true');
        input.title = `a number in [${attrs.min}, ${attrs.max}]`;
        return;
      }
      input.removeAttribute('aria-invalid');
      onChange(v);
    });
    return input;
  };
  const c = (): LabConfig => state.config;
  const changed = (): void => {
    state.config.runs = instances.map((i) => ({ optimizer: i.name, options: i.options }));
    reconfigure();
  };

  const dataRow = el('div', { class: 'row controls' });
  const clearPoints = el('button', { type: 'button', id: 'nw-clear-points' }, 'Clear points');
  clearPoints.addEventListener('click', () => {
    c().data.points = [];
    changed();
  });

  const featureRow = el('div', { class: 'row controls', role: 'group', 'aria-label': 'Input features' }, el('span', {}, 'inputs:'));
  for (const f of FEATURES) {
    const box = el('input', { type: 'checkbox', id: `nw-feature-${f}`, checked: c().features.includes(f) });
    box.addEventListener('change', () => {
      const next = FEATURES.filter((g) => (g === f ? box.checked : c().features.includes(g)));
      if (next.length === 0) {
        box.checked = true;
        return;
      }
      c().features = next as FeatureName[];
      changed();
    });
    featureRow.append(el('label', { class: 'nw-check', for: box.id }, box, ` ${FEATURE_LABELS[f]}`));
  }

  const modelRow = el('div', { class: 'row controls' });
  const trainRow = el('div', { class: 'row controls' });
  const cards = el('div', { class: 'cards nw-cards' });
  const addSelect = el('select', { id: 'nw-add-optimizer' });
  for (const name of optimizerNames()) if (name !== 'newton') addSelect.append(el('option', { value: name }, name));
  addSelect.value = 'sgd';
  const addButton = el('button', { type: 'button', id: 'nw-add' }, 'Add to race');
  addButton.addEventListener('click', () => {
    if (instances.length >= 4) return;
    instances.push({ name: addSelect.value, options: labDefaults(addSelect.value) });
    buildCards();
    changed();
  });
  const raceRow = el('div', { class: 'row' }, el('label', { for: addSelect.id }, 'Race another optimizer (same data, same initial weights, same batches; up to 4)'), addSelect, addButton);

  function buildControls(): void {
    dataRow.replaceChildren(
    field('data', select(DATASETS.map((d) => [d, DATASET_LABELS[d]] as const), c().data.dataset, (v) => {
      c().data.dataset = v as LabConfig['data']['dataset'];
      if (v === 'regression') {
        c().loss = 'mse';
        c().features = ['x'];
      } else if (c().features.length === 1 && c().features[0] === 'x') c().features = ['x', 'y'];
      buildControls();
      changed();
    }, 'nw-dataset')),
    field('points', number(c().data.samples, { min: 4, max: 5000, step: 1 }, (v) => ((c().data.samples = Math.round(v)), changed()), 'nw-samples')),
    field('noise σ', number(c().data.noise, { min: 0, max: 1, step: 0.01 }, (v) => ((c().data.noise = v), changed()), 'nw-noise')),
    field('held-out fraction', number(c().data.heldOut, { min: 0, max: 0.9, step: 0.05 }, (v) => ((c().data.heldOut = v), changed()), 'nw-heldout')),
    field('data seed', number(c().data.seed, { min: -1e9, max: 1e9, step: 1 }, (v) => ((c().data.seed = Math.round(v)), changed()), 'nw-data-seed')),
    );
    modelRow.replaceChildren(
      field('hidden widths', (() => {
        const input = el('input', { type: 'text', id: 'nw-hidden', value: c().model.hidden.join(','), size: 12, spellcheck: 'false', 'aria-describedby': 'nw-error' });
        input.addEventListener('change', () => {
          const text = input.value.trim();
          const widths = text === '' ? [] : text.split(/[,\s]+/).map(Number);
          if (widths.length > 8 || !widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 64)) {
            input.setAttribute('aria-invalid', 'true');
            showError(`hidden widths: up to 8 comma-separated integers in [1, 64], got '${text}'`);
            return;
          }
          input.removeAttribute('aria-invalid');
          const act = c().model.activations[0] ?? 'tanh';
          c().model.hidden = widths;
          c().model.activations = widths.map((_, i) => c().model.activations[i] ?? act);
          changed();
        });
        return input;
      })(), 'comma-separated, e.g. 16,16 — empty for a linear model'),
      field('activation', select(ACTIVATIONS.map((a) => [a, a] as const), c().model.activations[0] ?? 'tanh', (v) => {
        c().model.activations = c().model.hidden.map(() => v as ActivationName);
        buildControls();
        changed();
      }, 'nw-activation'), 'sets every hidden layer; change one layer in the selects beside it'),
      el('span', { class: 'nw-field', role: 'group', 'aria-label': 'Activation of each hidden layer' },
        ...c().model.hidden.map((_, i) => {
          const s = select(ACTIVATIONS.map((a) => [a, a] as const), c().model.activations[i] ?? 'tanh', (v) => {
            c().model.activations[i] = v as ActivationName;
            changed();
          }, `nw-activation-${i + 1}`);
          s.setAttribute('aria-label', `layer ${i + 1} activation`);
          s.title = `layer ${i + 1}`;
          return s;
        })),
      field('normalisation', select(NORMS.map((n) => [n, n === 'none' ? 'none' : `${n} norm`] as const), c().model.norm, (v) => ((c().model.norm = v as LabConfig['model']['norm']), changed()), 'nw-norm')),
      field('dropout p', number(c().model.dropout, { min: 0, max: 0.9, step: 0.05 }, (v) => ((c().model.dropout = v), changed()), 'nw-dropout')),
      field('initialisation', select(INITS.map((n) => [n, n === 'he' ? 'He (Kaiming)' : n === 'xavier' ? 'Xavier (Glorot)' : n === 'default' ? 'PyTorch default' : 'zeros (symmetric!)'] as const), c().model.init, (v) => ((c().model.init = v as LabConfig['model']['init']), changed()), 'nw-init')),
    );
    trainRow.replaceChildren(
      field('loss', select(LOSSES.map((l) => [l, l === 'mse' ? 'MSE' : l] as const), c().loss, (v) => ((c().loss = v as LabConfig['loss']), changed()), 'nw-loss')),
      field('batch size', number(c().batchSize, { min: 0, max: 5000, step: 1 }, (v) => ((c().batchSize = Math.round(v)), changed()), 'nw-batch'), '0 = full batch (gradient descent)'),
      field('schedule', select(SCHEDULES.map((s) => [s, s] as const), c().schedule, (v) => ((c().schedule = v as LabConfig['schedule']), changed()), 'nw-schedule'), 'over the step cap, from descent\'s schedule registry'),
      field('weight decay λ', number(c().weightDecay, { min: 0, max: 1, step: 'any' }, (v) => ((c().weightDecay = v), changed()), 'nw-wd'), 'L2 penalty λ/2·‖W‖² on the weights'),
      field('averaging', select(AVERAGINGS.map((a) => [a, a === 'none' ? 'none' : a === 'ema' ? 'EMA (0.99)' : 'SWA (2nd half)'] as const), c().averaging, (v) => ((c().averaging = v as LabConfig['averaging']), changed()), 'nw-avg')),
      field('step cap', number(c().maxSteps, { min: 1, max: 100_000, step: 1 }, (v) => ((c().maxSteps = Math.round(v)), changed()), 'nw-steps')),
      field('seed', number(c().seed, { min: -1e9, max: 1e9, step: 1 }, (v) => ((c().seed = Math.round(v)), changed()), 'nw-seed'), 'initial weights and batch order: a reset replays the same run'),
      field('λmax every', number(state.sharpnessEvery, { min: 0, max: 10_000, step: 1 }, (v) => ((state.sharpnessEvery = Math.round(v)), changed()), 'nw-sharp-every'), 'steps between sharpness measurements (0 = off)'),
    );
    clearPoints.hidden = c().data.dataset !== 'clicked';
    for (const f of FEATURES) (document.getElementById(`nw-feature-${f}`) as HTMLInputElement | null)?.toggleAttribute('checked', c().features.includes(f));
    for (const f of FEATURES) {
      const box = document.getElementById(`nw-feature-${f}`) as HTMLInputElement | null;
      if (box) box.checked = c().features.includes(f);
    }
  }

  function buildCards(): void {
    const labels = runLabels(instances);
    cards.replaceChildren(...instances.map((inst, i) => {
      const card = optimizerCard(inst, seriesColour(i), labels[i]!, {
        onChange: () => changed(),
        onRemove: () => {
          if (instances.length <= 1) return;
          instances.splice(i, 1);
          buildCards();
          changed();
        },
      });
      // Its own class: the Surfaces panel's tests and styles address `.optimizer-card`.
      card.classList.replace('optimizer-card', 'nw-optimizer-card');
      return card;
    }));
    addButton.disabled = instances.length >= 4;
  }

  // ---------- transport and readouts ----------
  const play = el('button', { type: 'button', id: 'nw-play', 'aria-pressed': 'false', 'aria-keyshortcuts': 'Space' }, 'Play');
  const step = el('button', { type: 'button', id: 'nw-step', 'aria-keyshortcuts': 'S' }, 'Step');
  const reset = el('button', { type: 'button', id: 'nw-reset', 'aria-keyshortcuts': 'R' }, 'Reset');
  const speed = select(SPEEDS.map(([v, l]) => [String(v), l] as const), String(state.speed), (v) => {
    state.speed = Number(v);
    saveUrl();
    post({ type: 'speed', speed: state.speed });
  }, 'nw-speed');
  const stepOut = el('output', { id: 'nw-step-count' }, 'step 0');
  const accuracyOut = el('output', { id: 'nw-accuracy', class: 'nw-big' }, '');
  const measure = el('button', { type: 'button', id: 'nw-measure' }, 'Measure λmax now');
  const share = el('button', { type: 'button', id: 'nw-share' }, 'Copy link');
  const shareStatus = el('span', { role: 'status' });
  const transport = el('div', { class: 'transport', role: 'toolbar', 'aria-label': 'Network lab controls' }, play, step, reset, field('speed', speed), stepOut, accuracyOut, measure, share, shareStatus);
  const keysHint = el('p', { class: 'hint' }, 'Keys (with the pointer or focus in this panel, or on a #networks link): Space play/pause, S step, R reset. Every change resets to the same initial weights (fixed seeds).');
  const errorBox = el('p', { id: 'nw-error', class: 'error', role: 'alert', hidden: true });
  const showError = (message: string | null): void => {
    errorBox.hidden = message === null;
    errorBox.textContent = message ?? '';
  };

  const boundaries = el('div', { class: 'nw-boundaries', id: 'nw-boundaries' });
  let views: BoundaryView[] = [];
  const runsBody = el('tbody', { id: 'nw-runs-body' });
  const runsTable = el('table', { class: 'readout', 'aria-label': 'Runs: step, losses, held-out accuracy, sharpness' },
    el('thead', {}, el('tr', {}, ...['optimizer', 'step', 'train loss', 'held-out loss', 'held-out accuracy', 'λmax', '2/η', 'status'].map((h) => el('th', { scope: 'col' }, h)))), runsBody);
  const chart = (id: string, label: string, w = 420, h = 220) => el('canvas', { id, width: w, height: h, role: 'img', 'aria-label': label });
  const lossChart = chart('nw-loss-chart', 'Training and held-out loss against step, log scale');
  const errorChart = chart('nw-error-chart', 'Training and held-out error against step; the gap between them shaded');
  const sharpChart = chart('nw-sharp-chart', 'Sharpness λmax against step, with 2/η dashed');
  const lossLegend = el('div');
  const sharpLegend = el('div');
  const netCanvas = chart('nw-network', 'The network: each hidden unit\'s output over the plane, weights as lines (width |w|, blue positive, orange negative)', 560, 320);

  // Landscape.
  const lsRun = el('select', { id: 'nw-ls-run' });
  const lsMode = select(LANDSCAPE_MODES.map((m) => [m, m === '1d-random' ? '1-D, random direction' : m === '1d-init' ? '1-D, now → initial weights' : '2-D, two random directions'] as const), '1d-random', () => undefined, 'nw-ls-mode');
  const lsSteps = el('input', { type: 'number', id: 'nw-ls-steps', min: 5, max: 61, step: 2, value: '21' });
  const lsRange = el('input', { type: 'number', id: 'nw-ls-range', min: 0.01, max: 10, step: 'any', value: '1' });
  const lsRunButton = el('button', { type: 'button', id: 'nw-ls-run-button' }, 'Compute slice');
  const lsCancel = el('button', { type: 'button', id: 'nw-ls-cancel', hidden: true }, 'Cancel');
  const lsProgress = el('progress', { id: 'nw-ls-progress', max: 1, value: 0, hidden: true, 'aria-label': 'landscape progress' });
  const lsStatus = el('span', { id: 'nw-ls-status', 'aria-live': 'polite' });
  const lsJob = el('span', { class: 'job', id: 'nw-ls-job', 'data-state': 'idle' }, lsProgress, lsStatus, lsCancel);
  const lsCanvas = chart('nw-landscape', 'Loss along a slice through the current weights', 360, 300);
  let landscapeId = 0;

  const presets = el('p', { class: 'nw-presets' }, 'Try: ');
  PRESETS.forEach(([name, query, title], i) => {
    if (i > 0) presets.append(' · ');
    presets.append(el('a', { href: `#networks?${query}`, title, 'data-preset': name }, name));
  });
  root.replaceChildren(
    presets,
    el('div', { class: 'nw-controls' },
      el('h3', {}, 'Data'), dataRow, featureRow,
      el('h3', {}, 'Model'), modelRow,
      el('h3', {}, 'Training ', el('span', { class: 'hint' }, '(optimizer controls generated from descent\'s registry)')), trainRow, cards, raceRow),
    transport, keysHint, errorBox,
    el('div', { class: 'nw-layout' },
      el('figure', {}, boundaries, el('figcaption', {}, 'Output over the plane (orange class 0, blue class 1; the line is the decision boundary); filled dots train, rings held out.', ' ', clearPoints, el('span', { class: 'hint', id: 'nw-click-hint', hidden: true }, 'Click to add a class-0 point, shift-click for class 1.'))),
      el('div', { class: 'nw-side' }, runsTable,
        el('figure', {}, lossChart, el('figcaption', {}, 'Loss: train solid, held-out dashed (log scale).'), lossLegend),
        el('figure', {}, errorChart, el('figcaption', {}, 'Error (misclassified fraction, or RMSE for regression): train solid, held-out dashed; the generalisation gap shaded.')),
      )),
    el('div', { class: 'charts' },
      el('figure', {}, sharpChart, el('figcaption', {}, 'Sharpness λmax of the full training loss (power iteration on Hessian-vector products) and 2/η dashed: full-batch gradient descent drives λmax up to 2/η and hovers there — the edge of stability (Cohen et al., 2021).'), sharpLegend),
      el('figure', {}, netCanvas, el('figcaption', {}, 'First run\'s network: each hidden unit\'s output over the plane; weights as lines (width |w|; blue +, orange −).'))),
    el('h3', {}, 'Loss landscape'),
    el('div', { class: 'row controls' }, field('run', lsRun), field('slice', lsMode), field('grid points', lsSteps), field('range ±', lsRange), lsRunButton, lsJob),
    el('figure', {}, lsCanvas, el('figcaption', {}, 'Training loss on a slice through the current weights along filter-normalised directions (Li et al., 2018); on the 2-D map (log colour scale) the dot is the current weights and the line the training trajectory projected onto the plane (random directions in high dimension see little of it).')),
  );
  buildControls();
  buildCards();

  // ---------- worker ----------
  let worker: Worker | null = null;
  const post = (m: ToLabWorker): void => worker?.postMessage(m);
  try {
    worker = new Worker(WORKER_URL);
  } catch (err) {
    showError(`The network lab trains in a Web Worker, which this page cannot start (${err instanceof Error ? err.message : String(err)}). Serve the page with npx descent playground.`);
  }
  worker?.addEventListener('error', (e) => showError(`network lab worker: ${e.message || 'failed to load networks-worker.js'}`));
  worker?.addEventListener('message', (e: MessageEvent<FromLabWorker>) => {
    const t0 = performance.now();
    onMessage(e.data);
    debug.maxMessageMs = Math.max(debug.maxMessageMs, performance.now() - t0);
  });
  function onMessage(m: FromLabWorker): void {
    if (m.type === 'frame') {
      frame = m;
      debug.frame = m;
      if (m.data) data = m.data;
      if (m.units) {
        units = m.units;
        dirty.network = true;
      }
      if (playing !== m.playing) setPlayingView(m.playing);
      showError(m.error);
      dirty.runs = true;
      requestPaint();
    } else if (m.id === landscapeId) {
      if (m.type === 'landscape-progress') {
        lsProgress.value = m.progress.done / m.progress.total;
        lsStatus.textContent = `${Math.round((100 * m.progress.done) / m.progress.total)}%`;
      } else if (m.type === 'landscape-result') {
        paintLandscape(lsCanvas, m.result);
        const flat = m.result.losses.flat();
        landscapeState('done', `done: ${formatCount(flat.length)} losses, ${formatNumber(Math.min(...flat))} to ${formatNumber(Math.max(...flat))}`);
      } else {
        landscapeState('error', m.message);
      }
    }
  }

  function saveUrl(): void {
    debug.query = encodeLabState({ ...state, play: false });
    if (location.hash.startsWith('#networks')) history.replaceState(null, '', `${location.pathname}${location.search}#networks?${debug.query}`);
  }

  function reconfigure(): void {
    data = null;
    units = null;
    frame = null;
    syncViews();
    saveUrl();
    post({ type: 'config', state: { ...state, play: playing }, speed: state.speed });
    landscapeState('idle', '');
    paintLandscapePlaceholder(lsCanvas, 'No slice yet: press “Compute slice”.');
  }

  function setPlayingView(on: boolean): void {
    playing = on;
    play.textContent = on ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(on));
    if (on) startFpsLoop();
  }
  function setPlaying(on: boolean): void {
    if (on && frame && !frame.runs.some((r) => r.stopped === null)) return;
    setPlayingView(on);
    post({ type: on ? 'play' : 'pause' });
  }
  play.addEventListener('click', () => setPlaying(!playing));
  step.addEventListener('click', () => post({ type: 'step', count: 1 }));
  reset.addEventListener('click', () => {
    setPlayingView(false);
    reconfigure();
  });
  measure.addEventListener('click', () => post({ type: 'measure' }));
  share.addEventListener('click', () => {
    const url = `${location.origin}${location.pathname}${location.search}#networks?${debug.query}`;
    navigator.clipboard?.writeText(url).then(() => (shareStatus.textContent = 'Link copied.'), () => (shareStatus.textContent = url)) ?? (shareStatus.textContent = url);
  });

  function landscapeState(s: 'idle' | 'running' | 'done' | 'cancelled' | 'error', text: string): void {
    lsJob.dataset.state = s;
    lsStatus.textContent = text;
    lsProgress.hidden = s !== 'running';
    lsCancel.hidden = s !== 'running';
    lsRunButton.disabled = s === 'running';
  }
  lsRunButton.addEventListener('click', () => {
    landscapeId++;
    const steps = Math.max(5, Math.min(61, Math.round(Number(lsSteps.value)) | 1));
    const range = Number(lsRange.value) > 0 ? Number(lsRange.value) : 1;
    lsProgress.value = 0;
    landscapeState('running', '0%');
    post({ type: 'landscape', id: landscapeId, run: Number(lsRun.value) || 0, request: { mode: lsMode.value as LandscapeMode, steps, range, seed: 1 } });
  });
  lsCancel.addEventListener('click', () => {
    post({ type: 'cancel-landscape', id: landscapeId });
    landscapeId++;
    landscapeState('cancelled', 'cancelled');
  });

  // ---------- views ----------
  function syncViews(): void {
    const labels = runLabels(instances);
    const size = instances.length > 2 ? 220 : instances.length === 2 ? 280 : 340;
    views = instances.map((_, i) => {
      const canvas = el('canvas', { width: size, height: size, class: 'nw-boundary', role: 'img', 'data-run': i, 'aria-label': `Decision boundary of ${labels[i]}` });
      canvas.addEventListener('click', (ev) => {
        if (c().data.dataset !== 'clicked') return;
        const rect = canvas.getBoundingClientRect();
        const [x, y] = view.toPlane(((ev.clientX - rect.left) * size) / rect.width, ((ev.clientY - rect.top) * size) / rect.height);
        c().data.points = [...(c().data.points ?? []), [x, y, ev.shiftKey ? 1 : 0]];
        changed();
      });
      const view = new BoundaryView(canvas);
      return view;
    });
    boundaries.replaceChildren(...views.map((v, i) => el('div', { class: 'nw-run' }, el('div', { class: 'nw-run-title' }, el('span', { class: 'swatch', style: `background:${seriesColour(i)};border-color:${seriesColour(i)}` }), ` ${labels[i]}`), v.canvas)));
    lsRun.replaceChildren(...labels.map((l, i) => el('option', { value: i }, l)));
    byId('nw-click-hint').hidden = c().data.dataset !== 'clicked';
    dirty = { runs: true, network: true };
    requestPaint();
  }

  let paintQueued = false;
  function requestPaint(): void {
    if (paintQueued) return;
    paintQueued = true;
    requestAnimationFrame(paint);
  }

  function paint(): void {
    paintQueued = false;
    const t0 = performance.now();
    if (dirty.runs) paintRuns();
    if (dirty.network) paintNetwork(netCanvas, c().features, frame?.runs[0]?.weights ?? [], units ?? null, frame?.runs[0] ? { size: frame.gridSize, values: frame.runs[0].grid } : null);
    dirty = { runs: false, network: false };
    if (playing && frame && frame.runs.some((r) => r.step > 0)) debug.maxPaintMs = Math.max(debug.maxPaintMs, performance.now() - t0);
  }

  function paintRuns(): void {
    const labels = runLabels(instances);
    const runs = frame?.runs ?? [];
    views.forEach((v, i) => {
      const r = runs[i];
      if (r && frame) v.paint(r.grid, frame.gridSize, data);
      else {
        const pts = c().data.points ?? [];
        const xs = Float64Array.from(pts.flatMap(([x, y]) => [x, y]));
        v.paint(new Float32Array(4).fill(0.5), 2, c().data.dataset === 'clicked' ? { kind: 'classification', train: { xs, ys: Float64Array.from(pts.map((p) => p[2])) }, test: { xs: new Float64Array(0), ys: new Float64Array(0) } } : null);
      }
    });
    const first = runs[0];
    const lastPoint = first?.history[first.history.length - 1];
    stepOut.textContent = `step ${formatCount(first?.step ?? 0)}`;
    const regression = data?.kind === 'regression';
    accuracyOut.textContent = lastPoint ? (regression ? `held-out RMSE ${formatNumber(lastPoint.testError)}` : `held-out accuracy ${percent(lastPoint.testError)}`) : '';
    if (lastPoint) accuracyOut.dataset.testError = String(lastPoint.testError);
    runsBody.replaceChildren(...runs.map((r, i) => {
      const p = r.history[r.history.length - 1];
      const s = r.sharpness[r.sharpness.length - 1];
      const status = r.stopped ? r.stopNote : playing ? 'training' : 'paused';
      return el('tr', { 'data-optimizer': r.optimizer, 'data-step': r.step, 'data-test-error': p?.testError ?? '', 'data-lambda': s?.lambda ?? '', 'data-stopped': r.stopped ?? '' },
        el('td', {}, el('span', { class: 'swatch', style: `background:${seriesColour(i)};border-color:${seriesColour(i)}` }), ` ${labels[i] ?? r.optimizer}`),
        el('td', { class: 'num' }, formatCount(r.step)),
        el('td', { class: 'num' }, p ? formatNumber(p.trainLoss) : ''),
        el('td', { class: 'num' }, p ? formatNumber(p.testLoss) : ''),
        el('td', { class: 'num' }, p ? (regression ? `RMSE ${formatNumber(p.testError)}` : percent(p.testError)) : ''),
        el('td', { class: 'num' }, s ? formatNumber(s.lambda) : '—'),
        el('td', { class: 'num' }, formatNumber(2 / r.learningRate)),
        el('td', {}, status));
    }));
    const lossSeries: Series[] = [];
    const errorSeries: Series[] = [];
    const sharpSeries: Series[] = [];
    runs.forEach((r, i) => {
      const colour = seriesColour(i);
      const label = labels[i] ?? r.optimizer;
      const xs = r.history.map((p) => p.step);
      const diverged = r.stopped === 'diverged';
      lossSeries.push({ label: `${label}, train`, colour, xs, ys: r.history.map((p) => p.trainLoss), diverged });
      lossSeries.push({ label: `${label}, held-out`, colour, xs, ys: r.history.map((p) => p.testLoss), dashed: true, diverged, ...(diverged ? { note: 'diverged' } : {}) });
      errorSeries.push({ label: `${label}, train`, colour, xs, ys: r.history.map((p) => p.trainError), low: r.history.map((p) => Math.min(p.trainError, p.testError)), high: r.history.map((p) => Math.max(p.trainError, p.testError)) });
      errorSeries.push({ label: `${label}, held-out`, colour, xs, ys: r.history.map((p) => p.testError), dashed: true });
      if (r.history.some((p) => p.averagedTestLoss !== undefined)) {
        const av = r.history.filter((p) => p.averagedTestLoss !== undefined);
        lossSeries.push({ label: `${label}, averaged weights (held-out)`, colour: seriesColour(i + 8), xs: av.map((p) => p.step), ys: av.map((p) => p.averagedTestLoss!), dashed: true });
        errorSeries.push({ label: `${label}, averaged weights (held-out)`, colour: seriesColour(i + 8), xs: av.map((p) => p.step), ys: av.map((p) => p.averagedTestError!), dashed: true });
      }
      if (r.sharpness.length > 0) {
        sharpSeries.push({ label: `${label}: λmax`, colour, xs: r.sharpness.map((p) => p.step), ys: r.sharpness.map((p) => p.lambda) });
        sharpSeries.push({ label: `${label}: 2/η`, colour, xs: r.sharpness.map((p) => p.step), ys: r.sharpness.map((p) => 2 / p.learningRate), dashed: true });
      }
    });
    drawChart(lossChart, lossSeries, { xLabel: 'step', yLabel: 'loss', yScale: 'log', floor: 1e-6 });
    drawChart(errorChart, errorSeries, { xLabel: 'step', yLabel: regression ? 'RMSE' : 'error' });
    drawChart(sharpChart, sharpSeries, { xLabel: 'step', yLabel: 'λmax', yScale: 'log', floor: 1e-6 });
    const legendKey = lossSeries.map((s) => s.label).join('|');
    if (lossLegend.dataset.key !== legendKey) {
      lossLegend.dataset.key = legendKey;
      lossLegend.replaceChildren(legend(lossSeries));
    }
    const sharpKey = sharpSeries.map((s) => s.label).join('|');
    if (sharpLegend.dataset.key !== sharpKey) {
      sharpLegend.dataset.key = sharpKey;
      sharpLegend.replaceChildren(legend(sharpSeries));
    }
  }

  // Frame rate while playing: animation frames counted over the last second.
  let fpsLoop = false;
  function startFpsLoop(): void {
    if (fpsLoop) return;
    fpsLoop = true;
    const stamps: number[] = [];
    const tick = (t: number) => {
      stamps.push(t);
      while (stamps.length > 0 && t - stamps[0]! > 1000) stamps.shift();
      if (stamps.length > 1) debug.fps = ((stamps.length - 1) * 1000) / (t - stamps[0]!);
      if (playing) requestAnimationFrame(tick);
      else fpsLoop = false;
    };
    requestAnimationFrame(tick);
  }

  // ---------- keyboard and URL ----------
  // Capture phase on window: when the lab is the target, the Surfaces panel's document listener
  // must not also act on the same key.
  window.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t.closest('input, select, textarea') || (t.tagName === 'BUTTON' && (ev.key === ' ' || ev.key === 'Enter'))) return;
    const inLab = byId('networks').contains(t) || (t === document.body && location.hash.startsWith('#networks'));
    if (!inLab) return;
    if (ev.key === ' ') setPlaying(!playing);
    else if (ev.key === 's') post({ type: 'step', count: 1 });
    else if (ev.key === 'r') {
      setPlayingView(false);
      reconfigure();
    } else return;
    ev.preventDefault();
    ev.stopPropagation();
  }, { capture: true });

  window.addEventListener('hashchange', () => {
    const q = hashQuery();
    if (!q || q === debug.query) return;
    state = decodeLabState(q);
    instances = state.config.runs.map((r) => ({ name: r.optimizer, options: r.options }));
    speed.value = String(state.speed);
    buildControls();
    buildCards();
    setPlayingView(state.play);
    reconfigure();
  });

  paintLandscapePlaceholder(lsCanvas, 'No slice yet: press “Compute slice”.');
  const autoplay = state.play;
  state.play = false;
  syncViews();
  setPlayingView(autoplay);
  post({ type: 'config', state: { ...state, play: autoplay }, speed: state.speed });
  if (autoplay) byId('networks').scrollIntoView();
}
