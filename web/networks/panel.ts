/**
 * The network lab panel: controls for the data, features, model and training; one decision
 * boundary per optimizer (two to four race from the same initial weights on the same batches);
 * train and held-out curves with the generalisation gap shaded; sharpness λmax against 2/η; the
 * network's units and weights; loss-landscape slices. Training runs in networks-worker.js; this
 * thread only paints the frames it sends, once per animation frame.
 */
import { byId, el } from '../dom.js';
import { formatCount, formatNumber } from '../format.js';
import { seriesColour } from '../palette.js';
import { BoundaryView } from './boundary-view.js';
import { chartCanvas, createReadouts, paintReadouts } from './readouts.js';
import { configControls } from './config-controls.js';
import { field, select } from './form.js';
import type { LabConfig } from './config.js';
import { paintLandscape, paintLandscapePlaceholder } from './landscape-view.js';
import { LANDSCAPE_CAPTIONS, LANDSCAPE_MODE_LABELS, LANDSCAPE_MODES, landscapeUsesRange, type LandscapeMode, type LandscapeResult } from './landscape.js';
import { paintNetwork } from './network-view.js';
import { isRegression } from './datasets.js';
import { mergeRun } from './run-history.js';
import { sharpnessCaption } from './sharpness-caption.js';
import { labRunLabels } from './run-labels.js';
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
  /** The last landscape slice the worker sent. */
  landscape: LandscapeResult | null;
}

declare global {
  interface Window {
    descentNetworks?: NetworksDebug;
  }
}

/** Links to configurations worth seeing (each a URL state; `play=1` starts it). */
const PRESETS: ReadonlyArray<[string, string, string]> = [
  ['spirals', 'dataset=spirals&play=1', 'the defaults: a 3 × 16 tanh network, Adam'],
  ['over-fitting', 'dataset=moons&n=60&noise=0.35&test=0.5&hidden=32,32,32&act=relu&sharp=0&steps=3000&speed=0&play=1', '30 noisy training points, a big ReLU network: training error 0, held-out error stays high'],
  ['edge of stability', 'dataset=spirals&batch=0&loss=mse&o=sgd:learningRate=0.05&steps=3000&sharp=50&speed=0&play=1', 'full-batch gradient descent, MSE: λmax climbs to 2/η = 40 and hovers there'],
  ['SGD vs momentum vs Adam', 'dataset=spirals&o=sgd&o=sgd:learningRate=0.03,momentum=0.9&o=adam&steps=3000&sharp=0&speed=0&play=1', 'three optimizers from the same initial weights on the same batches'],
  ['zero initialisation', 'dataset=circles&init=zeros&steps=1000&sharp=0&speed=100&play=1', 'every unit of a layer computes the same function, forever: symmetry is never broken'],
];
/** Least time between two redraws of the charts and the runs table while playing (about 10 a second). */
const CHART_MS = 100;
/**
 * A frame paints the lab's views (boundaries, then charts and table, then the network drawing) while it
 * has spent less than this; the rest wait for the next frame. The first frame after a (re)configuration
 * has all three to draw: 75–85 ms in one task under load at page load (issue 15 allows 100).
 */
const PAINT_BUDGET_MS = 16;
const SPEEDS: ReadonlyArray<[number, string]> = [[10, '10 steps/s'], [30, '30 steps/s'], [100, '100 steps/s'], [300, '300 steps/s'], [1000, '1000 steps/s'], [0, 'as fast as possible']];

/** The lab's query in the hash (`#networks?dataset=…`), or '' when the hash holds none. */
function hashQuery(): string {
  const m = /^#networks\?(.*)$/s.exec(location.hash);
  return m ? m[1]! : '';
}

/** Starts the panel in the page's `#networks` section. */
export function startNetworksPanel(): void {
  const root = byId('nw-root');
  let state: LabState = decodeLabState(hashQuery());
  const c = (): LabConfig => state.config;
  /** The runs' labels ("SGD, momentum 0.9"), numbered only where two would read the same. */
  const labelsOf = (): string[] => labRunLabels(state.config.runs);
  let frame: LabFrame | null = null;
  let data: FrameData | null = null;
  let units: LabFrame['units'] | null = null;
  let playing = false;
  /** The number of the last config/play/pause command sent (see LabFrame.command). */
  let command = 0;
  let dirty = { boundaries: true, readouts: true, network: true };
  /** The landscape canvas shows "no slice yet" at the next frame (drawn there, not at start-up: it lays the page out). */
  let landscapePlaceholderDue = true;
  /** The number of the configuration the worker was last sent: frames of an older one are dropped. */
  let configCommand = 0;
  /** A frame arrived that the worker has not been told was painted (it sends the next only then). */
  let unacked = false;
  /** When the charts and the table were last drawn: at most {@link CHART_MS} apart while playing. */
  let lastCharts = -Infinity;
  let chartTimer: ReturnType<typeof setTimeout> | undefined;
  const debug: NetworksDebug = { frame: null, fps: 0, maxPaintMs: 0, maxMessageMs: 0, query: encodeLabState(state), landscape: null };
  window.descentNetworks = debug;

  // ---------- controls ----------
  // ---------- transport and readouts ----------
  const readouts = createReadouts();
  const { stepOut, accuracyOut, runsTable, lossChart, errorChart, sharpChart, lossLegend, sharpLegend } = readouts;
  const play = el('button', { type: 'button', id: 'nw-play', 'aria-pressed': 'false', 'aria-keyshortcuts': 'Space' }, 'Play');
  const step = el('button', { type: 'button', id: 'nw-step', 'aria-keyshortcuts': 'S' }, 'Step');
  const reset = el('button', { type: 'button', id: 'nw-reset', 'aria-keyshortcuts': 'R' }, 'Reset');
  const speed = select(SPEEDS.map(([v, l]) => [String(v), l] as const), String(state.speed), (v) => {
    state.speed = Number(v);
    saveUrl();
    post({ type: 'speed', speed: state.speed });
  }, 'nw-speed');
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
  const chart = chartCanvas;
  const netCanvas = chart('nw-network', 'The network: each hidden unit\'s output over the plane, weights as lines (width |w|, blue positive, orange negative)', 560, 320);

  // Landscape.
  const lsRun = el('select', { id: 'nw-ls-run' });
  const lsMode = select(LANDSCAPE_MODES.map((m) => [m, LANDSCAPE_MODE_LABELS[m]] as const), '1d-random', () => captionLandscape(), 'nw-ls-mode');
  const lsSteps = el('input', { type: 'number', id: 'nw-ls-steps', min: 5, max: 61, step: 2, value: '21' });
  const lsRange = el('input', { type: 'number', id: 'nw-ls-range', min: 0.01, max: 10, step: 'any', value: '1' });
  const lsRunButton = el('button', { type: 'button', id: 'nw-ls-run-button' }, 'Compute slice');
  const lsCancel = el('button', { type: 'button', id: 'nw-ls-cancel', hidden: true }, 'Cancel');
  const lsProgress = el('progress', { id: 'nw-ls-progress', max: 1, value: 0, hidden: true, 'aria-label': 'landscape progress' });
  const lsStatus = el('span', { id: 'nw-ls-status', 'aria-live': 'polite' });
  const lsJob = el('span', { class: 'job', id: 'nw-ls-job', 'data-state': 'idle' }, lsProgress, lsStatus, lsCancel);
  const lsCanvas = chart('nw-landscape', 'Loss along a slice through the current weights', 360, 300);
  const lsCaption = el('figcaption', { id: 'nw-landscape-caption' });
  /** The mode of the slice on the canvas (null before one, and after a reset): the caption describes it. */
  let shownLandscapeMode: LandscapeMode | null = null;
  /** The caption says what the slice on the canvas shows (or, before one, what the picked mode will); range ± is off where the mode ignores it. */
  const captionLandscape = (): void => {
    const picked = lsMode.value as LandscapeMode;
    lsCaption.textContent = LANDSCAPE_CAPTIONS[shownLandscapeMode ?? picked];
    lsRange.disabled = !landscapeUsesRange(picked);
  };
  let landscapeId = 0;

  const presets = el('p', { class: 'nw-presets' }, 'Try: ');
  PRESETS.forEach(([name, query, title], i) => {
    if (i > 0) presets.append(' · ');
    presets.append(el('a', { href: `#networks?${query}`, title, 'data-preset': name }, name));
  });
  const sharpCaption = el('figcaption', { id: 'nw-sharp-caption' });
  const boundaryCaption = el('span', { id: 'nw-boundary-caption' });
  /** The sharpness caption for the current optimizers (2/η is plain gradient descent's threshold only). */
  const captionSharpness = (): void => {
    const { text, showPreset } = sharpnessCaption(c());
    const eos = PRESETS.find(([name]) => name === 'edge of stability')!;
    sharpCaption.replaceChildren(text, ...(showPreset ? [' See the ', el('a', { href: `#networks?${eos[1]}`, 'data-preset': 'edge of stability (caption)' }, 'edge of stability'), ' preset.'] : []));
  };
  const controls = configControls(() => state, () => reconfigure(), (m) => showError(m));
  const clearPoints = controls.clearPoints;
  root.replaceChildren(
    presets,
    controls.element,
    transport, keysHint, errorBox,
    // Full width above the boundaries: beside them (two or more runs) its last columns were clipped.
    runsTable,
    el('div', { class: 'nw-layout' },
      el('figure', {}, boundaries, el('figcaption', {}, boundaryCaption, ' ', clearPoints, el('span', { class: 'hint', id: 'nw-click-hint', hidden: true }, 'Click to add a class-0 point, shift-click for class 1.'))),
      el('div', { class: 'nw-side' },
        el('figure', {}, lossChart, el('figcaption', {}, 'Loss: train solid, held-out dashed (log scale).'), lossLegend),
        el('figure', {}, errorChart, el('figcaption', {}, 'Error (misclassified fraction, or RMSE for regression): train solid, held-out dashed; the generalisation gap shaded.')),
      )),
    el('div', { class: 'charts' },
      el('figure', {}, sharpChart, sharpCaption, sharpLegend),
      el('figure', {}, netCanvas, el('figcaption', {}, 'First run\'s network: each hidden unit\'s output over the plane; weights as lines (width |w|; blue +, orange −).'))),
    el('h3', {}, 'Loss landscape'),
    el('div', { class: 'row controls' }, field('run', lsRun), field('slice', lsMode), field('grid points', lsSteps), field('range ±', lsRange), lsRunButton, lsJob),
    el('figure', {}, lsCanvas, lsCaption),
  );
  captionLandscape();

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
      if (m.command < configCommand) {
        post({ type: 'ack' });
        return;
      }
      unacked = true;
      const previous = frame;
      frame = { ...m, runs: m.runs.map((r, i) => mergeRun(previous?.runs[i], r)) };
      debug.frame = frame;
      if (m.data) data = m.data;
      if (m.units) {
        units = m.units;
        dirty.network = true;
      }
      // Only a frame that saw the page's latest play/pause command may change the button: one built
      // before a Pause reached the worker still says "playing" (CI caught the flip-back).
      if (m.command === command && playing !== m.playing) setPlayingView(m.playing);
      showError(m.error);
      dirty.boundaries = dirty.readouts = true;
      requestPaint();
    } else if (m.id === landscapeId) {
      if (m.type === 'landscape-progress') {
        lsProgress.value = m.progress.done / m.progress.total;
        lsStatus.textContent = `${Math.round((100 * m.progress.done) / m.progress.total)}%`;
      } else if (m.type === 'landscape-result') {
        landscapePlaceholderDue = false;
        debug.landscape = m.result;
        paintLandscape(lsCanvas, m.result);
        shownLandscapeMode = m.result.mode;
        captionLandscape();
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
    postConfig(playing);
    captionSharpness();
    landscapeState('idle', '');
    landscapePlaceholderDue = true;
    shownLandscapeMode = null;
    captionLandscape();
    requestPaint();
  }

  /** Sends the worker the current configuration, to play at once or not. */
  function postConfig(play: boolean): void {
    configCommand = ++command;
    post({ type: 'config', command: configCommand, state: { ...state, play }, speed: state.speed });
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
    post({ type: on ? 'play' : 'pause', command: ++command });
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
    const labels = labelsOf();
    const n = state.config.runs.length;
    const size = n > 2 ? 220 : n === 2 ? 280 : 340;
    views = state.config.runs.map((_, i) => {
      const canvas = el('canvas', { width: size, height: size, class: 'nw-boundary', role: 'img', 'data-run': i, 'aria-label': `Decision boundary of ${labels[i]}` });
      canvas.addEventListener('click', (ev) => {
        if (c().data.dataset !== 'clicked') return;
        const rect = canvas.getBoundingClientRect();
        const [x, y] = view.toPlane(((ev.clientX - rect.left) * size) / rect.width, ((ev.clientY - rect.top) * size) / rect.height);
        c().data.points = [...(c().data.points ?? []), [x, y, ev.shiftKey ? 1 : 0]];
        reconfigure();
      });
      const view = new BoundaryView(canvas);
      return view;
    });
    boundaries.replaceChildren(...views.map((v, i) => el('div', { class: 'nw-run' }, el('div', { class: 'nw-run-title' }, el('span', { class: 'swatch', style: `background:${seriesColour(i)};border-color:${seriesColour(i)}` }), ` ${labels[i]}`), v.canvas)));
    lsRun.replaceChildren(...labels.map((l, i) => el('option', { value: i }, l)));
    byId('nw-click-hint').hidden = c().data.dataset !== 'clicked';
    boundaryCaption.textContent = isRegression(c().data.dataset)
      ? 'The fitted curve (the network\'s output against x) over the data: grey dots train, rings held out.'
      : 'Output over the plane (orange class 0, blue class 1; the line is the decision boundary); filled dots train, rings held out.';
    dirty = { boundaries: true, readouts: true, network: true };
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
    const overBudget = (): boolean => performance.now() - t0 > PAINT_BUDGET_MS;
    if (dirty.boundaries) {
      paintBoundaries();
      dirty.boundaries = false;
    }
    if (dirty.readouts && !overBudget()) {
      dirty.readouts = false;
      // The charts and the table change little between two frames: while playing they are
      // redrawn at most every CHART_MS (the last frame is always drawn: a trailing redraw).
      const now = performance.now();
      const wait = playing ? lastCharts + CHART_MS - now : 0;
      clearTimeout(chartTimer);
      if (wait <= 0) {
        lastCharts = now;
        paintReadouts(readouts, frame?.runs ?? [], labelsOf(), data?.kind === 'regression', playing, c().averaging, state.sharpnessEvery);
      } else {
        chartTimer = setTimeout(() => {
          dirty.readouts = true;
          requestPaint();
        }, wait);
      }
    }
    if (dirty.network && !overBudget()) {
      paintNetwork(netCanvas, c().features, frame?.runs[0]?.weights ?? [], units ?? null, frame?.runs[0] ? { size: frame.gridSize, values: frame.runs[0].grid } : null);
      dirty.network = false;
    }
    if (landscapePlaceholderDue && !overBudget()) {
      paintLandscapePlaceholder(lsCanvas, 'No slice yet: press “Compute slice”.');
      landscapePlaceholderDue = false;
    }
    if (playing && frame && frame.runs.some((r) => r.step > 0)) debug.maxPaintMs = Math.max(debug.maxPaintMs, performance.now() - t0);
    if (dirty.readouts || dirty.network || landscapePlaceholderDue) {
      requestPaint(); // the rest next frame; the worker waits for the ack until all is drawn
      return;
    }
    if (unacked) {
      unacked = false;
      post({ type: 'ack' });
    }
  }

  function paintBoundaries(): void {
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
  // The keys act with the focus in the lab or, when nothing has the focus (the target is the
  // body), with the pointer over it: a reader who scrolled to the lab and hovers it expects Space
  // to play the lab, not the Surfaces panel above it.
  let pointerInLab = false;
  const labSection = byId('networks');
  labSection.addEventListener('pointerenter', () => (pointerInLab = true));
  labSection.addEventListener('pointerleave', () => (pointerInLab = false));
  // Capture phase on window, and preventDefault: the Surfaces panel's document listener skips
  // keys another panel handled (it checks defaultPrevented).
  window.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t.closest('input, select, textarea') || (t.tagName === 'BUTTON' && (ev.key === ' ' || ev.key === 'Enter'))) return;
    // :hover as well: after a reload or a scroll the pointer can be over the lab without having entered it.
    const inLab = labSection.contains(t) || (t === document.body && (pointerInLab || labSection.matches(':hover') || location.hash.startsWith('#networks')));
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
    speed.value = String(state.speed);
    controls.rebuild();
    setPlayingView(state.play);
    reconfigure();
  });

  const autoplay = state.play;
  state.play = false;
  captionSharpness();
  syncViews();
  setPlayingView(autoplay);
  postConfig(autoplay);
  if (autoplay) byId('networks').scrollIntoView();
}
